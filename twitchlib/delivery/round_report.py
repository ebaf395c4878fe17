"""The live rounds of a class, for the class report and the gradebook.

A *live question* is a question of the bank (:mod:`twitchlib.lessons.room_bank`) the
teacher put to the room, with every time it was asked again after discussion (each
asking is a round of the class store). For each live question and each student who
typed a name, the **first vote** is the first answer they gave to it (in the first
round they answered) and the **final vote** the answer they left in the last round
they answered; a choice is right when it is one of the sound options, a number when
it is within the model's tolerance of the model's value (the vote shows the number).
The room's counts are kept per round. Pages nobody named (a projector, a kernel
nobody opened) are not students and are left out.

Example::

    >>> import tempfile, os
    >>> from twitchlib.store import ClassStore, STORE_FILE, new_student_key
    >>> store = ClassStore(os.path.join(tempfile.mkdtemp(), STORE_FILE))
    >>> key = new_student_key()
    >>> _ = store.join(key, "Ada")
    >>> q = room_bank.question("claim:C08")
    >>> round_id = store.open_round(q.id, q.lesson, q.options)
    >>> _ = store.submit(round_id, key, q.answer)
    >>> live = live_rounds(store)
    >>> live.votes[["student", "first vote right"]].values.tolist()
    [['Ada', True]]
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

import pandas as pd

from ..lessons import room_bank
from ..store import ClassStore, distinct_names
from .report_words import shown

VOTE_COLUMNS = [
    "question",
    "live question",
    "student_id",
    "student",
    "first vote",
    "first vote right",
    "final vote",
    "final vote right",
    "times asked",
]
COUNT_COLUMNS = [
    "round",
    "live question",
    "asked again",
    "state",
    "students who answered",
    "answers",
    "right",
]


@dataclass
class LiveRounds:
    """The live rounds of a class: ``items`` each live question as (bank id, words),
    in the order first asked; ``votes`` one row per live question and named student;
    ``counts`` one row per round (the room's answers)."""

    items: list[tuple[str, str]] = field(default_factory=list)
    votes: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=VOTE_COLUMNS)
    )
    counts: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=COUNT_COLUMNS)
    )
    students: dict[str, str] = field(default_factory=dict)

    def first_votes(self) -> dict[tuple[str, str], bool | None]:
        """(bank id, student id) -> whether the first vote was right (None: none)."""
        v = self.votes
        return dict(
            zip(
                zip(v["question"], v["student_id"], strict=True),
                v["first vote right"],
                strict=True,
            )
        )

    def table(self) -> pd.DataFrame:
        """The votes as the report shows them: yes/no, and "no vote" where none."""
        table = shown(self.votes)
        for vote in ("first vote", "final vote"):
            table.loc[table[vote] == "", f"{vote} right"] = "no vote"
        return table

    def summary(self) -> str:
        """One sentence: how many live questions, rounds and named students."""
        if not self.items:
            return "No live rounds."
        return (
            f"Live rounds: {len(self.items)} question(s) asked in"
            f" {len(self.counts)} round(s), {len(self.students)} named student(s)."
        )


def _words(q: room_bank.RoomQuestion) -> str:
    prompt = textwrap.shorten(" ".join(q.prompt.split()), 90, placeholder=" …")
    return f"Lesson {q.lesson:02d}: {prompt}"


def _vote(q: room_bank.RoomQuestion, answer: str | None) -> tuple[str, bool | None]:
    if answer is None:
        return "", None
    shown = f"{answer} {q.unit}".strip() if q.kind == "number" else answer
    return shown, q.is_right(answer)


def live_rounds(store: ClassStore) -> LiveRounds:
    """The class store's live rounds as a :class:`LiveRounds` (see the module)."""
    names = distinct_names([(s.student_id, s.name) for s in store.students()])
    named = {sid: name for sid, name in names.items() if name}
    asked: dict[str, list] = {}
    counts = []
    for number, found in enumerate(store.rounds(), start=1):
        if not room_bank.is_known(found.question):
            continue  # a round of a question no longer in the bank: no words for it
        q = room_bank.question(found.question)
        given = [
            a for a in store.round_answers(found.round_id) if a.student_id in named
        ]
        tally: dict[str, int] = {}
        for a in given:
            tally[a.answer] = tally.get(a.answer, 0) + 1
        counts.append(
            {
                "round": number,
                "live question": _words(q),
                "asked again": found.question in asked,
                "state": found.state,
                "students who answered": len(given),
                "answers": "; ".join(
                    f"{_vote(q, a)[0]}: {n}"
                    for a, n in sorted(tally.items(), key=lambda x: (-x[1], x[0]))
                ),
                "right": sum(n for a, n in tally.items() if q.is_right(a)),
            }
        )
        asked.setdefault(found.question, []).append(given)
    items, votes = [], []
    for qid, rounds in asked.items():
        q = room_bank.question(qid)
        items.append((qid, _words(q)))
        for sid, name in named.items():
            mine = [a.answer for given in rounds for a in given if a.student_id == sid]
            first = _vote(q, mine[0] if mine else None)
            final = _vote(q, mine[-1] if mine else None)
            votes.append(
                {
                    "question": qid,
                    "live question": _words(q),
                    "student_id": sid,
                    "student": name,
                    "first vote": first[0],
                    "first vote right": first[1],
                    "final vote": final[0],
                    "final vote right": final[1],
                    "times asked": len(rounds),
                }
            )
    table = pd.DataFrame(votes, columns=VOTE_COLUMNS)
    for column in ("first vote right", "final vote right"):
        table[column] = table[column].astype(object)
    return LiveRounds(items, table, pd.DataFrame(counts, columns=COUNT_COLUMNS), named)
