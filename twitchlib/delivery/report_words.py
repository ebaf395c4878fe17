"""The words of the class report: questions, cases and answers as a teacher reads them.

A ticket names a question by its key (``q5_caffeine``, ``after_surgery``, ``05.1``);
the report shows the question's words instead, from the tables in ``data/`` and the
lessons themselves. A case's answer is a cause key (``stress_anxiety``) and is shown
by the cause's name.

>>> question_texts({5})["hot_run"]
"Case: Ana's hot run"
>>> answer_words("case", "stress_anxiety")
'Stress and anxiety'
>>> yes_no(True), yes_no(None)
('yes', 'not known')
"""

from __future__ import annotations

import textwrap

import pandas as pd

from .._data import load_table
from ..exercises import EXERCISES
from ..knowledge import causes
from ..lessons.course import lesson
from ..lessons.notebook import lessons_folder, read_notebook

# Column names as a teacher reads them, for the tables of the report's page.
COLUMN_WORDS = {
    "student": "student",
    "file": "file",
    "lesson": "lesson",
    "question_text": "question",
    "answered": "students who answered",
    "questions_answered": "questions answered",
    "right_first_time": "right first time",
    "first_try_not_known": "first try not known",
    "percent_right_first_time": "right first time (%)",
    "right": "right at the last try",
    "percent_right": "right at the last try (%)",
    "right_at_last_try": "right at the last try",
    "percent_right_at_last_try": "right at the last try (%)",
    "mean_attempts": "tries on average",
    "note": "note",
    "answer": "answer",
    "students": "students",
    "choice": "choice",
    "choice_right": "choice right at the last try",
    "reason": "reason",
    "reason_text": "reason",
}
# Internal columns never shown on the page (keys, file times, flags shown elsewhere).
HIDDEN = (
    "question",
    "kind",
    "saved",
    "history_known",
    "latest",
    "duplicate",
    "student_id",
)


def yes_no(value: object) -> str:
    """True/False/None as a teacher reads it: yes, no, not known."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return "not known"
    return "yes" if value else "no"


def lesson_title(number: int) -> str:
    """The lesson's title, from ``data/lessons.csv`` (empty for an unknown lesson)."""
    table = load_table("lessons").set_index("lesson")
    return str(table.loc[number, "title"]) if number in table.index else ""


def _prompt_texts(lessons: set[int]) -> dict[str, str]:
    texts = {}
    for number in sorted(lessons):
        try:
            notebook = read_notebook(lessons_folder() / lesson(number).notebook)
        except (LookupError, ValueError, OSError):
            # An unknown lesson or a missing notebook: the prompt keeps its id.
            continue
        texts.update({p.id: f"{p.label} {p.text}" for p in notebook.prompts})
    return texts


def question_texts(lessons: set[int] = frozenset()) -> dict[str, str]:
    """Every question key with its words: quiz questions, exercises, lesson 05's cases
    (by title), lesson 07's claims, and the prediction prompts of ``lessons``."""
    texts = {row.question_id: row.question for row in load_table("quiz").itertuples()}
    texts.update({key: f"Exercise {key}: {e.title}" for key, e in EXERCISES.items()})
    texts.update(
        {row.case: f"Case: {row.title}" for row in load_table("cases").itertuples()}
    )
    texts.update(
        {
            row.claim: f"Verdict on claim {row.claim}: {row.statement}"
            for row in load_table("claims").itertuples()
        }
    )
    texts.update(_prompt_texts(set(lessons)))
    return texts


def answer_words(kind: str, answer: str | None) -> str | None:
    """An answer as words: a case's cause key becomes the cause's name."""
    if answer is None or kind != "case":
        return answer
    return dict(causes().set_index("cause")["name"]).get(answer, answer)


def shown(frame: pd.DataFrame) -> pd.DataFrame:
    """A table for the page: no internal keys, columns in words, right/wrong as yes/no."""
    table = frame.drop(columns=[c for c in HIDDEN if c in frame.columns]).copy()
    for column in table.columns:
        values = table[column].dropna()
        if len(values) and values.map(lambda v: isinstance(v, bool)).all():
            table[column] = table[column].map(yes_no)
        elif str(table[column].dtype) == "Int64":
            table[column] = table[column].map(
                lambda v: "not known" if v is pd.NA else str(v)
            )
    if "lesson" in table.columns:
        table["lesson"] = table["lesson"].map(lambda n: f"{int(n):02d}")
    return table.rename(columns=COLUMN_WORDS)


def markdown_table(frame: pd.DataFrame) -> str:
    """A DataFrame as a markdown table; "(none)" when it is empty."""
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


def first_try_figure(results: pd.DataFrame):
    """A plotly bar chart of a class report's ``results``: the share of students right
    first time on each question, beside the share right at the last try."""
    import plotly.graph_objects as go

    labels = [
        f"{lesson:02d} · {textwrap.shorten(text, 52, placeholder=' …')}"
        for lesson, text in zip(results.lesson, results.question_text, strict=True)
    ]
    first = results.percent_right_first_time.astype("Float64").fillna(0)
    fig = go.Figure(
        [
            go.Bar(
                name="right first time",
                x=first,
                y=labels,
                orientation="h",
                marker_color="#0072B2",
                text=[f"{p:.0f}%" for p in first],
                textposition="auto",
            ),
            go.Bar(
                name="right at the last try",
                x=results.percent_right.astype("Float64").fillna(0),
                y=labels,
                orientation="h",
                marker_color="#E69F00",
            ),
        ]
    )
    fig.update_layout(
        title="Share of students right first time (and at the last try), per question",
        barmode="group",
        xaxis=dict(title="students right (%)", range=[0, 100]),
        yaxis=dict(autorange="reversed"),
        height=140 + 44 * len(labels),
        margin=dict(l=360, r=20, t=60, b=50),
    )
    return fig
