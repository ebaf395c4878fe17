"""The class report: a folder of exit tickets merged into one table for the teacher.

Example::

    report = class_report("folder-of-exit-tickets")   # or lesson=5
    report.results        # each question: right first time, and right at the last try
    report.students       # each student: share right first time, beside the last try
    report.wrong_answers  # the commonest wrong first answers per question
    report.reasons        # each reason beside the choice it was given with
    report.figure()       # a chart of the share right first time per question
    report.write("build/class-report")

The headline measure is the **first try**: a student who was wrong and then right is
not counted right first time (the last try is shown beside it). Questions and cases
are named by their words (the question from ``data/quiz.csv``, the case's title from
``data/cases.csv``), never by internal keys.

Every file in the folder is tried but the notebooks, the class store and hidden files.
One that is not a readable exit ticket is skipped with a message naming it and saying
why; it never stops the report. The class store's live rounds are in ``report.live``. A ticket with no answers is listed with its student,
never dropped. Two tickets from the same student for the same lesson are both kept and
flagged (``duplicate``); results count the latest. A ticket from another lesson than
the one reported is listed apart (``other_lessons``), never merged into the results.

Command line: ``twitchlib class-report FOLDER --out build/class-report [--lesson 5]
[--gradebook moodle|canvas]`` (``make class-report DIR=FOLDER``).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..coursework import JUDGED_KINDS, Ticket, TicketError, read_ticket
from ..store import STORE_FILE, ClassStore, StoreRefusal
from .class_report_page import write_report_page
from .gradebook import GRADEBOOK_FORMATS, add_gradebook_argument, write_gradebook
from .report_words import (
    answer_words,
    first_try_figure,
    lesson_title,
    markdown_table,
    question_texts,
    shown,
)
from .round_report import LiveRounds, live_rounds

# What a class folder holds beside the tickets: not tickets, so not "skipped".
# (glossary.md: the course's glossary page, which travels with the notebooks.)
NOT_TICKETS = (".ipynb", ".sqlite", ".sqlite-wal", ".sqlite-shm", ".sqlite-journal")
NOT_TICKETS += ("glossary.md",)

ANSWER_COLUMNS = [
    "student",
    "file",
    "saved",
    "lesson",
    "kind",
    "question",
    "question_text",
    "first_answer",
    "first_try_right",
    "answer",
    "correct",
    "attempts",
    "history_known",
    "duplicate",
    "latest",
]
TICKET_COLUMNS = [
    "student",
    "student_id",
    "file",
    "saved",
    "lesson",
    "version",
    "answers",
    "duplicate",
    "latest",
    "other_lesson",
]
RESULT_COLUMNS = [
    "lesson",
    "kind",
    "question",
    "question_text",
    "answered",
    "right_first_time",
    "first_try_not_known",
    "percent_right_first_time",
    "right",
    "percent_right",
    "mean_attempts",
]
STUDENT_COLUMNS = [
    "student",
    "file",
    "questions_answered",
    "right_first_time",
    "first_try_not_known",
    "percent_right_first_time",
    "right_at_last_try",
    "percent_right_at_last_try",
    "note",
]


def _percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def _scores(answers: pd.DataFrame) -> dict[str, int | None]:
    """Right first time (over the answers whose first try is known), first tries not
    known, right at the last try: what the question and student tables both show."""
    known = answers[answers.first_try_right.notna()]
    first = int((known.first_try_right == True).sum())  # noqa: E712
    last = int((answers.correct == True).sum())  # noqa: E712
    return {
        "right_first_time": first,
        "first_try_not_known": len(answers) - len(known),
        "percent_right_first_time": _percent(first, len(known)),
        "right": last,
        "percent_right": _percent(last, len(answers)),
    }


@dataclass
class ClassReport:
    """Merged exit tickets of one lesson (``lesson``).

    ``tickets`` has one row per ticket read (empty ones too), ``answers`` one row per
    student and question, ``skipped`` the files that are not tickets (file, reason).
    """

    answers: pd.DataFrame
    skipped: pd.DataFrame
    tickets_read: pd.DataFrame
    lesson: int | None
    live: LiveRounds = field(default_factory=LiveRounds)

    @property
    def tickets(self) -> int:
        """How many exit tickets were read (every lesson, empty ones included)."""
        return len(self.tickets_read)

    @property
    def counted(self) -> pd.DataFrame:
        """The rows the results count: the reported lesson, each student's latest."""
        rows = self.answers
        return rows[rows.latest & (rows.lesson == self.lesson)]

    @property
    def duplicates(self) -> pd.DataFrame:
        """The tickets of students who handed in more than one for the same lesson."""
        rows = self.tickets_read[self.tickets_read.duplicate]
        return (
            rows[["student", "lesson", "file"]]
            .sort_values(["lesson", "student", "file"])
            .reset_index(drop=True)
        )

    @property
    def other_lessons(self) -> pd.DataFrame:
        """Tickets from another lesson than the one reported: listed, not counted."""
        rows = self.tickets_read[self.tickets_read.other_lesson]
        return rows[["student", "lesson", "file"]].reset_index(drop=True)

    @property
    def empty_tickets(self) -> pd.DataFrame:
        """Tickets of the reported lesson with no answers in them."""
        rows = self.tickets_read[
            ~self.tickets_read.other_lesson & (self.tickets_read.answers == 0)
        ]
        return rows[["student", "file"]].reset_index(drop=True)

    @property
    def results(self) -> pd.DataFrame:
        """Each question: students who answered, right first time, right at the last try.

        ``percent_right_first_time`` is over the students whose first try is known (a
        version 1 ticket kept only the last answer; ``first_try_not_known`` counts
        those). Each student counts once, from their latest ticket.
        """
        judged = self.counted[self.counted.kind.isin(JUDGED_KINDS)]
        rows = []
        for (lesson, kind, question, text), group in judged.groupby(
            ["lesson", "kind", "question", "question_text"], sort=True
        ):
            rows.append(
                {
                    "lesson": lesson,
                    "kind": kind,
                    "question": question,
                    "question_text": text,
                    "answered": len(group),
                    **_scores(group),
                    "mean_attempts": round(float(group.attempts.mean()), 1),
                }
            )
        table = pd.DataFrame(rows, columns=RESULT_COLUMNS)
        for column in ("percent_right_first_time", "percent_right"):
            table[column] = table[column].astype("Int64")
        return table

    @property
    def students(self) -> pd.DataFrame:
        """Each student of the reported lesson (empty tickets too): how many answered,
        right first time and right at the last try, with a note in words."""
        tickets = self.tickets_read[~self.tickets_read.other_lesson]
        judged = self.answers[self.answers.kind.isin(JUDGED_KINDS)]
        rows = []
        for ticket in tickets.sort_values(["student", "file"]).itertuples():
            mine = judged[judged.file == ticket.file]
            scores = _scores(mine)
            notes = []
            if ticket.answers == 0:
                notes.append("empty ticket: no answers in it")
            if ticket.version == 1 and scores["first_try_not_known"]:
                notes.append(
                    "older ticket: the first try is not known where there were"
                    " several tries"
                )
            if ticket.duplicate:
                notes.append(
                    "handed in more than once; "
                    + (
                        "this latest one is counted"
                        if ticket.latest
                        else "not counted (an earlier one)"
                    )
                )
            rows.append(
                {
                    "student": ticket.student,
                    "file": ticket.file,
                    "questions_answered": len(mine),
                    "right_first_time": scores["right_first_time"],
                    "first_try_not_known": scores["first_try_not_known"],
                    "percent_right_first_time": scores["percent_right_first_time"],
                    "right_at_last_try": scores["right"],
                    "percent_right_at_last_try": scores["percent_right"],
                    "note": "; ".join(notes),
                }
            )
        table = pd.DataFrame(rows, columns=STUDENT_COLUMNS)
        for column in ("percent_right_first_time", "percent_right_at_last_try"):
            table[column] = table[column].astype("Int64")
        return table

    @property
    def wrong_answers(self) -> pd.DataFrame:
        """The commonest wrong first answers (up to three per question), with how many
        students gave them."""
        rows = self.counted
        wrong = rows[rows.first_try_right == False]  # noqa: E712
        columns = ["lesson", "question", "question_text", "answer", "students"]
        if wrong.empty:
            return pd.DataFrame(columns=columns)
        counts = (
            wrong.groupby(["lesson", "question", "question_text", "first_answer"])
            .size()
            .rename("students")
            .reset_index()
            .rename(columns={"first_answer": "answer"})
            .sort_values(
                ["lesson", "question", "students", "answer"],
                ascending=[True, True, False, True],
            )
        )
        return (
            counts.groupby(["lesson", "question"])
            .head(3)
            .reset_index(drop=True)[columns]
        )

    @property
    def reasons(self) -> pd.DataFrame:
        """Each reason given (lesson 05's cases), beside the choice it was given with
        and whether that choice was right, first time and at the last try."""
        rows = self.counted
        reasons = rows[rows.kind == "reason"]
        choices = rows[rows.kind != "reason"].set_index(["file", "question"])
        table = []
        for reason in reasons.itertuples():
            key = (reason.file, reason.question)
            choice = choices.loc[key] if key in choices.index else None
            if isinstance(choice, pd.DataFrame):
                choice = choice.iloc[-1]
            table.append(
                {
                    "student": reason.student,
                    "lesson": reason.lesson,
                    "question": reason.question,
                    "question_text": reason.question_text,
                    "choice": "" if choice is None else choice.answer,
                    "choice_right": None if choice is None else choice.correct,
                    "right_first_time": None
                    if choice is None
                    else choice.first_try_right,
                    "reason": reason.answer,
                }
            )
        return pd.DataFrame(
            table,
            columns=[
                "student",
                "lesson",
                "question",
                "question_text",
                "choice",
                "choice_right",
                "right_first_time",
                "reason",
            ],
        )

    def figure(self):
        """A plotly bar chart: the share of students right first time on each question,
        beside the share right at the last try."""
        return first_try_figure(self.results)

    def summary(self) -> str:
        """One paragraph saying what was read, skipped, flagged and how the class did."""
        reported = self.tickets_read[~self.tickets_read.other_lesson]
        students = len(
            set(
                zip(
                    reported.student_id.where(
                        reported.student_id != "", reported.student.str.casefold()
                    ),
                    reported.lesson,
                    strict=True,
                )
            )
        )
        where = (
            f"Lesson {self.lesson:02d} ({lesson_title(self.lesson)})"
            if self.lesson is not None
            else "No lesson"
        )
        text = (
            f"{where}: {len(reported)} exit ticket(s) from {students} student(s)"
            f" ({len(self.empty_tickets)} with no answers); {len(self.skipped)}"
            f" file(s) skipped; {len(self.duplicates)} ticket(s) flagged as duplicates"
            " (results count each student once, from the latest ticket)."
        )
        others = self.other_lessons
        if not others.empty:
            lessons = ", ".join(f"{n:02d}" for n in sorted(set(others.lesson)))
            text += (
                f" {len(others)} ticket(s) from another lesson ({lessons}) are listed"
                " apart and not counted."
            )
        results = self.results
        if not results.empty:
            known = int((results.answered - results.first_try_not_known).sum())
            first = int(results.right_first_time.sum())
            last = int(results.right.sum())
            text += (
                f" Right first time: {_percent(first, known)}% of first tries"
                f" (at the last try: {_percent(last, int(results.answered.sum()))}%)."
            )
            hardest = results.dropna(subset=["percent_right_first_time"])
            hardest = hardest.sort_values("percent_right_first_time").head(1)
            if not hardest.empty:
                row = hardest.iloc[0]
                text += (
                    f" Hardest question: {textwrap.shorten(row.question_text, 90)}"
                    f" ({row.percent_right_first_time}% right first time)."
                )
        if self.live.items:
            text += " " + self.live.summary()
        return text

    def tables(self) -> list[tuple[str, pd.DataFrame]]:
        """The report's tables as a teacher reads them: headings and columns in words,
        no internal keys, yes/no for right and wrong."""
        parts = [
            ("Results per question", shown(self.results)),
            ("Each student", shown(self.students)),
            ("Common wrong first answers", shown(self.wrong_answers)),
            ("Reasons given, beside the choice", shown(self.reasons)),
            ("Tickets with no answers", shown(self.empty_tickets)),
            ("Flagged: more than one ticket", shown(self.duplicates)),
            ("Flagged: from another lesson (not counted)", shown(self.other_lessons)),
            ("Skipped files", shown(self.skipped)),
        ]
        if self.live.items:
            parts[1:1] = [
                ("Live rounds: each student's first and final vote", self.live_votes),
                ("Live rounds: the room's answers", shown(self.live.counts)),
            ]
        return parts

    @property
    def live_votes(self) -> pd.DataFrame:
        """Each named student's first and final vote per live question, in words."""
        return self.live.table()

    def to_markdown(self) -> str:
        """The report as markdown tables (for a document or a message to colleagues)."""
        parts = [self.summary()]
        for heading, table in self.tables():
            parts += ["", f"### {heading}", "", markdown_table(table)]
        return "\n".join(parts)

    def write(self, out_dir: str | Path) -> Path:
        """Write class-report.html (tables and chart, no CDN), .md and the CSV tables."""
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        self.answers.to_csv(out / "answers.csv", index=False)
        self.tickets_read.to_csv(out / "tickets.csv", index=False)
        self.results.to_csv(out / "results.csv", index=False)
        self.students.to_csv(out / "students.csv", index=False)
        self.wrong_answers.to_csv(out / "wrong-answers.csv", index=False)
        self.reasons.to_csv(out / "reasons.csv", index=False)
        self.skipped.to_csv(out / "skipped.csv", index=False)
        self.live.votes.to_csv(out / "live-votes.csv", index=False)
        self.live.counts.to_csv(out / "live-rounds.csv", index=False)
        (out / "class-report.md").write_text(
            self.to_markdown() + "\n", encoding="utf-8"
        )
        return write_report_page(self, out)


def _reported_lesson(read: list[tuple[Path, Ticket]], lesson: int | None) -> int | None:
    if lesson is not None or not read:
        return lesson
    counts = pd.Series([t.lesson for _, t in read]).value_counts()
    # The lesson most tickets belong to; on a tie the lower number, so it is stable.
    return int(min(counts[counts == counts.max()].index))


def _owner(ticket: Ticket) -> tuple[int, str]:
    # The class server's page id tells apart two students who typed the same name;
    # a ticket saved elsewhere has only the name.
    return ticket.lesson, ticket.student_id or ticket.name.casefold()


def class_report(
    folder: str | Path, lesson: int | None = None, store: ClassStore | None = None
) -> ClassReport:
    """Merge every exit ticket in ``folder`` into a :class:`ClassReport`.

    ``lesson`` is the lesson reported (0-99; default: the lesson most tickets are
    from); tickets from other lessons are listed in ``report.other_lessons``. Files
    that are not exit tickets are listed in ``report.skipped`` with the reason.
    ``store``: the class store of the live rounds (default: the one in ``folder``).
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise NotADirectoryError(
            f"{folder} is not a folder: give the folder the exit"
            " tickets were collected in"
        )
    if lesson is not None and (
        not isinstance(lesson, int) or isinstance(lesson, bool) or not 0 <= lesson <= 99
    ):
        raise ValueError(f"lesson must be a lesson number 0-99; got {lesson!r}")
    read: list[tuple[Path, Ticket]] = []
    skipped = []
    if store is None and (folder / STORE_FILE).is_file():
        try:
            store = ClassStore(folder / STORE_FILE)
        except StoreRefusal as problem:
            skipped.append({"file": STORE_FILE, "reason": str(problem)})
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        if path.name.startswith(".") or path.name.endswith(NOT_TICKETS):
            continue
        try:
            read.append((path, read_ticket(path)))
        except TicketError as problem:
            skipped.append(
                {"file": path.name, "reason": str(problem).split(": ", 1)[-1]}
            )
    reported = _reported_lesson(read, lesson)
    owners: dict[tuple[int, str], list[tuple[str, str]]] = {}
    for path, ticket in read:
        owners.setdefault(_owner(ticket), []).append((ticket.saved, path.name))
    texts = question_texts({t.lesson for _, t in read})
    rows, tickets = [], []
    for path, ticket in read:
        mine = owners[_owner(ticket)]
        flags = {
            "duplicate": len(mine) > 1,
            "latest": max(mine) == (ticket.saved, path.name),
        }
        tickets.append(
            {
                "student": ticket.name,
                "student_id": ticket.student_id or "",
                "file": path.name,
                "saved": ticket.saved,
                "lesson": ticket.lesson,
                "version": ticket.version,
                "answers": len(ticket.answers),
                **flags,
                "other_lesson": ticket.lesson != reported,
            }
        )
        for answer in ticket.answers:
            rows.append(
                {
                    "student": ticket.name,
                    "file": path.name,
                    "saved": ticket.saved,
                    "lesson": ticket.lesson,
                    "kind": answer.kind,
                    "question": answer.question,
                    "question_text": texts.get(answer.question, answer.question),
                    "first_answer": answer_words(answer.kind, answer.first_answer),
                    "first_try_right": answer.first_try_right,
                    "answer": answer_words(answer.kind, answer.last_answer),
                    "correct": answer.last_right,
                    "attempts": answer.attempts,
                    "history_known": answer.history_known,
                    **flags,
                }
            )
    answers = pd.DataFrame(rows, columns=ANSWER_COLUMNS)
    for flag in ("duplicate", "latest", "history_known"):
        answers[flag] = answers[flag].astype(bool)
    for column in ("first_try_right", "correct"):
        answers[column] = answers[column].astype(object)
    tickets_read = pd.DataFrame(tickets, columns=TICKET_COLUMNS)
    for flag in ("duplicate", "latest", "other_lesson"):
        tickets_read[flag] = tickets_read[flag].astype(bool)
    return ClassReport(
        answers,
        pd.DataFrame(skipped, columns=["file", "reason"]),
        tickets_read,
        reported,
        live_rounds(store) if store is not None else LiveRounds(),
    )


def add_arguments(parser) -> None:
    parser.add_argument(
        "folder", type=Path, help="the folder of collected exit tickets"
    )
    parser.add_argument(
        "--out",
        default=Path("build/class-report"),
        type=Path,
        help="folder for the report (default: build/class-report)",
    )
    parser.add_argument(
        "--lesson",
        type=int,
        default=None,
        help="the lesson to report (default: the lesson most tickets are from);"
        " tickets from other lessons are listed apart",
    )
    add_gradebook_argument(parser)


def run(args) -> int:
    try:
        report = class_report(args.folder, args.lesson)
    except (NotADirectoryError, ValueError) as problem:
        print(f"twitchlib class-report: {problem}")
        return 1
    for row in report.skipped.itertuples():
        print(f"skipped {row.file}: {row.reason}")
    path = report.write(args.out)
    print(report.summary())
    print(f"report: {path}")
    if getattr(args, "gradebook", None):
        try:
            written, notes = write_gradebook(
                report, args.gradebook, args.out, args.roster
            )
        except ValueError as problem:
            print(f"twitchlib class-report: no gradebook written. {problem}.")
            return 2
        for note in notes:
            print(f"gradebook: {note}.")
        print(f"gradebook for {GRADEBOOK_FORMATS[args.gradebook].platform}: {written}")
    return 0
