"""The class report: a folder of exit tickets merged into one table for the teacher.

Example::

    report = class_report("folder-of-exit-tickets")
    report.results        # each question: how many answered, how many right
    report.wrong_answers  # the commonest wrong answers per question
    report.figure()       # a chart of the share right per question
    report.write("build/class-report")

Every file in the folder is tried. A file that is not a readable twitchlib exit ticket
(damaged, foreign, another format) is skipped with a message naming it and saying
why; it never stops the report. Two tickets from the same student for the same lesson
are both kept and flagged (``duplicate``), so the teacher decides which counts.

Command line: ``twitchlib class-report FOLDER --out build/class-report``
(``make class-report DIR=FOLDER``).
"""

from __future__ import annotations

import html
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..coursework import Ticket, TicketError, read_ticket

ANSWER_COLUMNS = [
    "student",
    "file",
    "saved",
    "lesson",
    "kind",
    "question",
    "question_text",
    "answer",
    "correct",
    "attempts",
    "duplicate",
    "latest",
]


def _question_texts() -> dict[str, str]:
    from .._data import load_table
    from ..exercises import EXERCISES

    texts = {row.question_id: row.question for row in load_table("quiz").itertuples()}
    texts.update({key: f"Exercise {key}: {e.title}" for key, e in EXERCISES.items()})
    texts.update(
        {row.case: f"Case: {row.story}" for row in load_table("cases").itertuples()}
    )
    texts.update(
        {
            row.claim: f"Verdict on claim {row.claim}: {row.statement}"
            for row in load_table("claims").itertuples()
        }
    )
    return texts


def _cause_names() -> dict[str, str]:
    from ..knowledge import causes

    return dict(causes().set_index("cause")["name"])


@dataclass
class ClassReport:
    """Merged exit tickets: ``answers`` (one row per student and question), ``results``,
    ``wrong_answers``, ``reasons``, ``duplicates`` and ``skipped`` (file, reason)."""

    answers: pd.DataFrame
    skipped: pd.DataFrame
    tickets: int

    @property
    def duplicates(self) -> pd.DataFrame:
        """The tickets of students who handed in more than one for the same lesson."""
        rows = self.answers[self.answers.duplicate][["student", "lesson", "file"]]
        return (
            rows.drop_duplicates()
            .sort_values(["lesson", "student", "file"])
            .reset_index(drop=True)
        )

    @property
    def results(self) -> pd.DataFrame:
        """Each question's results: students who answered, right, share right, attempts.

        Each student counts once per lesson, from their latest ticket (all tickets stay
        in ``answers``; the others are listed in ``duplicates``).
        """
        latest = self.answers[self.answers.latest]
        judged = latest[latest.kind.isin(["quiz", "exercise", "case"])]
        if judged.empty:
            return pd.DataFrame(
                columns=[
                    "lesson",
                    "kind",
                    "question",
                    "question_text",
                    "answered",
                    "right",
                    "percent_right",
                    "mean_attempts",
                ]
            )
        grouped = judged.groupby(
            ["lesson", "kind", "question", "question_text"], sort=True
        )
        table = grouped.agg(
            answered=("student", "size"),
            right=("correct", lambda c: int((c == True).sum())),  # noqa: E712
            mean_attempts=("attempts", "mean"),
        ).reset_index()
        table["percent_right"] = (
            (100 * table.right / table.answered).round(0).astype(int)
        )
        table["mean_attempts"] = table.mean_attempts.round(1)
        return table[
            [
                "lesson",
                "kind",
                "question",
                "question_text",
                "answered",
                "right",
                "percent_right",
                "mean_attempts",
            ]
        ]

    @property
    def wrong_answers(self) -> pd.DataFrame:
        """The commonest wrong answers (up to three per question), with how many gave them."""
        latest = self.answers[self.answers.latest]
        wrong = latest[latest.correct == False]  # noqa: E712
        if wrong.empty:
            return pd.DataFrame(columns=["lesson", "question", "answer", "students"])
        counts = (
            wrong.groupby(["lesson", "question", "answer"])
            .size()
            .rename("students")
            .reset_index()
            .sort_values(
                ["lesson", "question", "students", "answer"],
                ascending=[True, True, False, True],
            )
        )
        return counts.groupby(["lesson", "question"]).head(3).reset_index(drop=True)

    @property
    def reasons(self) -> pd.DataFrame:
        """The free-text reasons students gave (lesson 05's cases)."""
        rows = self.answers[self.answers.kind == "reason"]
        return (
            rows[["student", "lesson", "question", "answer"]]
            .rename(columns={"answer": "reason"})
            .reset_index(drop=True)
        )

    def figure(self):
        """A plotly bar chart: the share of students right on each question."""
        import plotly.graph_objects as go

        results = self.results
        labels = [
            f"{lesson:02d} · {textwrap.shorten(text, 52, placeholder=' …')}"
            for lesson, text in zip(results.lesson, results.question_text, strict=True)
        ]
        fig = go.Figure(
            go.Bar(
                x=results.percent_right,
                y=labels,
                orientation="h",
                marker_color="#0072B2",
                text=[
                    f"{p}% of {n}"
                    for p, n in zip(
                        results.percent_right, results.answered, strict=True
                    )
                ],
                textposition="auto",
            )
        )
        fig.update_layout(
            title="Share of students right, per question",
            xaxis=dict(title="students right (%)", range=[0, 100]),
            yaxis=dict(autorange="reversed"),
            height=120 + 28 * len(labels),
            margin=dict(l=360, r=20, t=60, b=50),
        )
        return fig

    def summary(self) -> str:
        """One paragraph saying what was read, skipped and flagged."""
        students = (
            self.answers.student.str.casefold().nunique()
            if not self.answers.empty
            else 0
        )
        text = (
            f"{self.tickets} exit ticket(s) from {students} student(s);"
            f" {len(self.skipped)} file(s) skipped; {len(self.duplicates)} ticket(s)"
            " flagged as duplicates (results count each student once, from the latest"
            " ticket)."
        )
        hardest = self.results.sort_values("percent_right").head(1)
        if not hardest.empty:
            row = hardest.iloc[0]
            text += (
                f" Hardest question: {textwrap.shorten(row.question_text, 90)}"
                f" ({row.percent_right}% right)."
            )
        return text

    def to_markdown(self) -> str:
        """The report as markdown tables (for a document or a message to colleagues)."""
        parts = [
            self.summary(),
            "",
            "### Results per question",
            "",
            _markdown(self.results.drop(columns=["question"])),
        ]
        parts += ["", "### Common wrong answers", "", _markdown(self.wrong_answers)]
        if not self.duplicates.empty:
            parts += [
                "",
                "### Flagged: more than one ticket",
                "",
                _markdown(self.duplicates),
            ]
        if not self.skipped.empty:
            parts += ["", "### Skipped files", "", _markdown(self.skipped)]
        return "\n".join(parts)

    def write(self, out_dir: str | Path) -> Path:
        """Write class-report.html (tables and chart, no CDN), .md and the CSV tables."""
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        self.answers.to_csv(out / "answers.csv", index=False)
        self.results.to_csv(out / "results.csv", index=False)
        self.wrong_answers.to_csv(out / "wrong-answers.csv", index=False)
        self.reasons.to_csv(out / "reasons.csv", index=False)
        self.skipped.to_csv(out / "skipped.csv", index=False)
        (out / "class-report.md").write_text(
            self.to_markdown() + "\n", encoding="utf-8"
        )
        # plotly.min.js is written beside the page from plotly's own package: no CDN.
        from plotly.offline import get_plotlyjs

        (out / "plotly.min.js").write_text(get_plotlyjs(), encoding="utf-8")
        chart = self.figure().to_html(full_html=False, include_plotlyjs="directory")
        page = [
            "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
            "<title>Class report</title></head><body>",
            "<h1>Class report</h1>",
            f"<p>{html.escape(self.summary())}</p>",
            "<div role='img' aria-label='Bar chart of the share of students right per"
            f" question; the same numbers are in the table below'>{chart}</div>",
            "<h2>Results per question</h2>",
            self.results.to_html(index=False),
            "<h2>Common wrong answers</h2>",
            self.wrong_answers.to_html(index=False),
            "<h2>Reasons given</h2>",
            self.reasons.to_html(index=False),
            "<h2>Flagged: more than one ticket</h2>",
            self.duplicates.to_html(index=False),
            "<h2>Skipped files</h2>",
            self.skipped.to_html(index=False),
            "</body></html>",
        ]
        path = out / "class-report.html"
        path.write_text("\n".join(page), encoding="utf-8")
        return path


def _markdown(frame: pd.DataFrame) -> str:
    if frame.empty:
        return "(none)"

    def cell(value):
        return str(value).replace("|", "\\|").replace("\n", " ")

    head = "| " + " | ".join(frame.columns) + " |"
    rule = "|" + "---|" * len(frame.columns)
    rows = [
        "| " + " | ".join(cell(v) for v in row) + " |"
        for row in frame.itertuples(index=False)
    ]
    return "\n".join([head, rule] + rows)


def class_report(folder: str | Path) -> ClassReport:
    """Merge every exit ticket in ``folder`` into a :class:`ClassReport`.

    Files that are not exit tickets are listed in ``report.skipped`` with the reason.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise NotADirectoryError(
            f"{folder} is not a folder: give the folder the exit"
            " tickets were collected in"
        )
    texts = _question_texts()
    read: list[tuple[Path, Ticket]] = []
    skipped = []
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        try:
            read.append((path, read_ticket(path)))
        except TicketError as problem:
            skipped.append(
                {"file": path.name, "reason": str(problem).split(": ", 1)[-1]}
            )
    owners: dict[tuple[int, str], list[tuple[str, str]]] = {}
    for path, ticket in read:
        owners.setdefault((ticket.lesson, ticket.name.casefold()), []).append(
            (ticket.saved, path.name)
        )
    names = _cause_names()
    rows = []
    for path, ticket in read:
        mine = owners[(ticket.lesson, ticket.name.casefold())]
        for answer in ticket.answers:
            shown = (
                names.get(answer.answer, answer.answer)
                if answer.kind == "case"
                else answer.answer
            )
            rows.append(
                {
                    "student": ticket.name,
                    "file": path.name,
                    "saved": ticket.saved,
                    "lesson": ticket.lesson,
                    "kind": answer.kind,
                    "question": answer.question,
                    "question_text": texts.get(answer.question, answer.question),
                    "answer": shown,
                    "correct": answer.correct,
                    "attempts": answer.attempts,
                    "duplicate": len(mine) > 1,
                    "latest": max(mine) == (ticket.saved, path.name),
                }
            )
    answers = pd.DataFrame(rows, columns=ANSWER_COLUMNS)
    for flag in ("duplicate", "latest"):
        answers[flag] = answers[flag].astype(bool)
    return ClassReport(
        answers, pd.DataFrame(skipped, columns=["file", "reason"]), len(read)
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


def run(args) -> int:
    try:
        report = class_report(args.folder)
    except NotADirectoryError as problem:
        print(f"twitchlib class-report: {problem}")
        return 1
    for row in report.skipped.itertuples():
        print(f"skipped {row.file}: {row.reason}")
    path = report.write(args.out)
    print(report.summary())
    print(f"report: {path}")
    return 0
