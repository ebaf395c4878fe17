"""The lessons' self-checks: quizzes, lesson 05's cases and lesson 07's claim verdicts.

Each is built from the generic :class:`twitchlib.ui.ChoiceQuestion`, with a judge
(the one implementation of that check: :func:`check_answer`, :func:`judge_case`,
:func:`twitchlib.knowledge.judge_verdict`) and a record callback that saves every
Check in the student's answer file (:mod:`twitchlib.answers`).

Every question measures what a student knows, not where the answer sits: its options
come in an order of the student's own (:func:`twitchlib.answers.option_order`), a
wrong try brings a nudge to the deciding clue (the ``nudge`` column of ``data/``),
and the full reasoning waits for a right answer, the last of two tries, or "Show the
answer". Every try is recorded; the exit ticket scores the first.

>>> check_answer("q4_rda", "About 50 mg/day short of 310 mg")[0]
True
>>> judge_case("Ana's hot run", "Dehydration")[0]
True
"""

from __future__ import annotations

import difflib
import html

import ipywidgets as w
import pandas as pd

from .. import answers
from .._data import load_table
from ..knowledge import VERDICTS, causes, claims, judge_verdict
from ..ui import ChoiceQuestion

CASES_LESSON = 5
# What each case's reason box asks for (the lesson's one place for it).
CASE_REASON_PLACEHOLDER = (
    "Because ... (the clue that decided it, and what a clinician would check)"
)
CLAIMS_LESSON = 7


def recorder(lesson: int, kind: str, question: str):
    """A record callback for a :class:`~twitchlib.ui.ChoiceQuestion`: saves each Check.

    The choice goes to the answer file as ``kind`` (``"quiz"``, ``"case"``); a
    reason, if the student wrote one, as ``"reason"``. Recording is a convenience:
    a failure never stops the lesson.
    """

    def record(choice, correct: bool, reason: str | None) -> None:
        try:
            answers.record(lesson, kind, question, choice, correct)
            if reason:
                answers.record(lesson, "reason", question, reason, None)
        except Exception:  # noqa: BLE001 - recording is a convenience, the lesson goes on
            pass

    return record


def reason_keeper(lesson: int, question: str):
    """A ``keep_reason`` callback for a :class:`~twitchlib.ui.ChoiceQuestion`: saves
    the student's reason as ``"reason"`` each time it changes, so the exit ticket
    carries the latest one, whether it was written before or after Check.

    Example: ``reason_keeper(5, "exam_week")("six coffees and no sleep")``. A failure
    never stops the lesson.
    """

    def keep(reason: str) -> None:
        try:
            answers.record(lesson, "reason", question, reason, None)
        except Exception:  # noqa: BLE001 - recording is a convenience, the lesson goes on
            pass

    return keep


# --- quizzes ------------------------------------------------------------------------


def quiz_questions(lesson: int) -> pd.DataFrame:
    """The quiz rows (one per option) for a lesson, from ``data/quiz.csv``.

    >>> quiz_questions(4).question_id.nunique() >= 1
    True
    """
    table = load_table("quiz")
    rows = table[table.lesson == lesson]
    if rows.empty:
        raise ValueError(
            f"no quiz for lesson {lesson}; lessons with quizzes:"
            f" {sorted(table.lesson.unique().tolist())}"
        )
    return rows.reset_index(drop=True)


def quiz_nudge(question_id: str) -> str:
    """The hint a wrong try at ``question_id`` brings: the clue, not the answer.

    >>> "rda(" in quiz_nudge("q4_rda")
    True
    """
    table = load_table("quiz")
    rows = table[table.question_id == question_id]
    if rows.empty:
        raise ValueError(f"no quiz question {question_id!r}")
    return rows.iloc[0].nudge


def quiz_answer(question_id: str) -> str:
    """What "Show the answer" says: the right option and why it is right."""
    table = load_table("quiz")
    right = table[(table.question_id == question_id) & table.correct]
    if right.empty:
        raise ValueError(f"no quiz question {question_id!r}")
    return f"{right.iloc[0].option}. {right.iloc[0].feedback}"


def check_answer(question_id: str, option: str) -> tuple[bool, str]:
    """Whether ``option`` answers ``question_id`` correctly, and its feedback."""
    table = load_table("quiz")
    row = table[(table.question_id == question_id) & (table.option == option)]
    if row.empty:
        raise ValueError(f"no option {option!r} for question {question_id!r}")
    return bool(row.iloc[0].correct), row.iloc[0].feedback


def quiz(lesson: int):
    """A self-check quiz: each question with its options (in this student's order),
    a Check button, a nudge after a wrong try and the answer after the last."""
    rows = quiz_questions(lesson)
    return w.VBox(
        [
            ChoiceQuestion(
                f"<p><b>{html.escape(group.question.iloc[0])}</b></p>",
                answers.option_order(qid, group.option.tolist()),
                lambda option, qid=qid: check_answer(qid, option),
                record=recorder(lesson, "quiz", qid),
                nudge=lambda _option, text=group.nudge.iloc[0]: text,
                answer=lambda qid=qid: quiz_answer(qid),
            )
            for qid, group in rows.groupby("question_id", sort=False)
        ]
    )


# --- lesson 05: which explanation fits a case ----------------------------------------


def judge_case(case: str, choice: str) -> tuple[bool, str]:
    """Whether a chosen cause is a sound answer to a case, and why: the case's
    reasoning for a sound choice, a nudge towards the deciding clue (not the answer)
    for one that fits less well.

    ``case`` is the case's title as the exercise shows it (or its key); ``choice``
    is a cause's name in words (or its key), any case, straight or curly
    apostrophes. Several answers can be sound: the best fit and any other a good
    argument reaches.

    >>> judge_case("Lee's exam week", "Too much caffeine")[0]
    True
    >>> judge_case("Lee’s exam week", "magnesium deficiency")[1].startswith("Sound")
    False
    """
    row = _case_row(case)
    key = _option_key(row, choice)
    sound = key == row.best_fit or key in row.also_sound
    return sound, row.reasoning if sound else row.nudge


def _words(text: object) -> str:
    """Text as a student may type it: any case, curly apostrophes, spaces around."""
    return " ".join(str(text).replace("’", "'").replace("‘", "'").lower().split())


def _case_row(case: str):
    table = load_table("cases")
    match = table[(table.case == case) | (table.title.map(_words) == _words(case))]
    if match.empty:
        close = difflib.get_close_matches(
            _words(case), list(table.title.map(_words)), n=1, cutoff=0.6
        )
        meant = (
            f" Did you mean {table.title[table.title.map(_words) == close[0]].iloc[0]!r}?"
            if close
            else ""
        )
        raise ValueError(
            f"unknown case {case!r}.{meant} The cases are: {'; '.join(table.title)}"
        )
    return match.iloc[0]


def _option_key(row, choice: str) -> str:
    """The cause key of ``choice`` among the case's options, or a ValueError that
    lists them (and names the one meant, where a word of it was typed)."""
    keys = causes().set_index("name")["cause"]
    by_name = {_words(name): key for name, key in keys.items()}
    key = choice if choice in row.options else by_name.get(_words(choice))
    if key in row.options:
        return key
    names = {v: k for k, v in keys.items()}
    offered = [names[o] for o in row.options]
    meant = [n for n in offered if _words(choice) and _words(choice) in _words(n)]
    hint = f" Did you mean {meant[0]!r}?" if len(meant) == 1 else ""
    raise ValueError(
        f"{choice!r} is not an option for {row.title!r}; choose one of:"
        f" {'; '.join(offered)}.{hint}"
    )


def case_answer(case: str) -> str:
    """What "Show the answer" says for a case: its sound answers and the reasoning."""
    table = load_table("cases").set_index("case")
    if case not in table.index:
        raise ValueError(
            f"unknown case {case!r}; the cases are: {'; '.join(table.index)}"
        )
    row = table.loc[case]
    names = causes().set_index("cause")["name"]
    sound = [names[o] for o in (row.best_fit, *row.also_sound)]
    return f"Sound: {' and '.join(sound)}. {row.reasoning}"


def case_exercises(leave_out: tuple[str, ...] | list[str] = ()):
    """Lesson 05's cases: read the observations, pick the better-fitting explanation.

    ``leave_out`` names cases by title (as the student reads them) that the widget does
    not show, so that a case an exercise asks about is not answered by the widget's
    feedback before it; an unknown title is refused.

    Example: ``case_exercises(leave_out=["Lee's exam week"])`` shows the other cases.

    The options come in this student's order; a wrong try brings the case's nudge, and
    the reasoning comes after a sound choice, the last try or "Show the answer". Each
    case has the lesson's one box for the student's reason (the clue that decided it,
    what a clinician would check), saved whenever it changes (:func:`reason_keeper`).
    """
    names = causes().set_index("cause")["name"]
    table = load_table("cases")
    unknown = sorted(set(leave_out) - set(table["title"]))
    if unknown:
        raise ValueError(
            f"leave_out: {', '.join(unknown)} is not a case title; the titles are"
            f" {', '.join(table['title'])}"
        )
    boxes = []
    for row in table.itertuples():
        if row.title in leave_out:
            continue
        facts = (
            f"<p><b>{html.escape(row.title)}.</b> {html.escape(row.story)}"
            f"<br>When: {html.escape(row.timing)}."
            f" With: {html.escape(row.accompanying_symptoms)}."
            f" Context: {html.escape(row.context)}.</p>"
        )
        boxes.append(
            ChoiceQuestion(
                facts,
                answers.option_order(row.case, [(names[o], o) for o in row.options]),
                # The widget shows the nudge itself; after a sound choice, the last
                # try or "Show the answer" it gives the whole reasoning.
                lambda option, case=row.case, why=row.reasoning: (
                    judge_case(case, option)[0],
                    why,
                ),
                label="fits best",
                marks=("✔ A sound choice.", "✘ Fits less well."),
                noun="explanation",
                reason=True,
                reason_placeholder=CASE_REASON_PLACEHOLDER,
                record=recorder(CASES_LESSON, "case", row.case),
                keep_reason=reason_keeper(CASES_LESSON, row.case),
                nudge=lambda _option, text=row.nudge: text,
                answer=lambda case=row.case: case_answer(case),
            )
        )
    return w.VBox(boxes)


# --- lesson 07: what the evidence says about the article's claims ---------------------


def claim_verdicts(claim_ids: list[str] | None = None):
    """Lesson 07: for each of the article's claims, predict a verdict, then check it.

    The claims, verdicts and evidence come from ``data/claims.csv``; the judging is
    :func:`twitchlib.knowledge.judge_verdict`. The verdicts keep their order (a scale,
    strongest support first); a wrong try brings the claim's own ``nudge``, a question
    that points to its deciding words; the evidence comes after a right verdict, the
    last try or "Show the answer".
    """
    table = claims().set_index("claim")
    chosen = claim_ids or list(table.index)
    return w.VBox(
        [
            ChoiceQuestion(
                f"<p><b>{html.escape(cid)}.</b> The article says: "
                f"<i>{html.escape(table.loc[cid, 'statement'])}</i></p>",
                list(VERDICTS),
                lambda verdict, cid=cid: judge_verdict(cid, verdict),
                label="verdict",
                marks=(
                    "✔ That is the verdict the evidence gives.",
                    "✘ The evidence says otherwise.",
                ),
                noun="verdict",
                record=recorder(CLAIMS_LESSON, "quiz", cid),
                nudge=lambda _verdict, text=table.loc[cid, "nudge"]: text,
                answer=lambda cid=cid: judge_verdict(cid, table.loc[cid, "verdict"])[1],
            )
            for cid in chosen
        ]
    )
