"""Everything a student writes is asked for in one place, saved, and in the exit ticket.

Lesson 05's reasons are written in each case's box and saved whenever they change
(or on "Save my reason"), before or after Check; lesson 07's rewrite is written in its
answer box, saved the same way. A markdown cell edited in place is never saved, so no
lesson asks for writing there.
"""

from __future__ import annotations

import html
import json

import pytest

import twitchlib.lessons.activities as activities
from twitchlib import answers
from twitchlib._data import load_table
from twitchlib.coursework import ticket_answers
from twitchlib.delivery.builds import student_edition
from twitchlib.lessons import lesson, registry
from twitchlib.lessons.notebook import cell_text, lessons_folder, read_notebook
from twitchlib.lessons.predictions import prediction

REWRITE = "07.question.rewrite"


@pytest.fixture(autouse=True)
def answer_file(tmp_path, monkeypatch):
    monkeypatch.setenv("TWITCHLIB_ANSWERS", str(tmp_path / "twitchlib-answers.jsonl"))
    monkeypatch.setattr(answers, "_memory", [])


def _student(number: int) -> dict:
    path = lessons_folder() / lesson(number).notebook
    return student_edition(json.loads(path.read_text(encoding="utf-8")), path.name)


def _case_box(case: str):
    boxes = activities.case_exercises().children
    titles = load_table("cases").set_index("case").title
    return next(b for b in boxes if html.escape(titles[case]) in b.children[0].value)


def _reasons(number: int) -> dict[str, str]:
    return {a.question: a.answer for a in ticket_answers(number) if a.kind == "reason"}


def test_a_reason_written_after_check_goes_into_the_exit_ticket():
    box = _case_box("exam_week")
    box.check(box.choice.options[0][1])
    assert _reasons(5) == {}  # Check with an empty box saves no reason
    box.why.value = "six coffees a day and little sleep before exams"
    assert _reasons(5) == {
        "exam_week": "six coffees a day and little sleep before exams"
    }
    assert "saved" in box.why_status.value


def test_a_reason_written_before_check_is_saved_once():
    box = _case_box("hot_run")
    box.why.value = "a long run in the heat"
    box.check(box.choice.options[0][1])
    box.save_why.click()  # the same words: not saved again
    saved = [a for a in ticket_answers(5) if a.kind == "reason"]
    assert [(a.answer, a.attempts) for a in saved] == [("a long run in the heat", 1)]


def test_a_changed_reason_counts_in_its_latest_words():
    box = _case_box("exam_week")
    box.why.value = "coffee"
    box.check(box.choice.options[0][1])
    box.save_reason("coffee, and stress before exams")
    assert _reasons(5) == {"exam_week": "coffee, and stress before exams"}


def test_lesson_05_asks_for_each_cases_reason_in_one_place():
    titles = load_table("cases").title.tolist()
    boxes = activities.case_exercises().children
    assert len(boxes) == len(titles)
    assert all(b.why is not None and b.save_why is not None for b in boxes)
    # No table of reasons to fill in beside the boxes (it was never saved).
    for cell in _student(5)["cells"]:
        if cell["cell_type"] == "markdown":
            text = cell_text(cell)
            assert not [t for t in titles if f"| {t} |" in text], text[:80]


def test_the_rewrite_written_after_a_verdict_goes_into_the_exit_ticket():
    verdict = activities.claim_verdicts(["C08"]).children[0]
    verdict.check(verdict.choice.options[0])
    box = prediction(REWRITE)
    assert box.mine.children[0].value == "<b>Your answer</b>"
    box.text.value = "Very low magnesium can make nerves fire more easily."
    mine = {a.question: a for a in ticket_answers(7)}
    assert (
        mine[REWRITE].answer == "Very low magnesium can make nerves fire more easily."
    )
    assert mine[REWRITE].kind == "prediction" and "C08" in mine


def test_lesson_07_asks_for_the_rewrite_in_one_place():
    cells = _student(7)["cells"]
    boxes = [c for c in cells if f"id:{REWRITE}" in c["metadata"].get("tags", [])]
    assert [c["cell_type"] for c in boxes] == ["markdown", "code"]  # prompt, its box
    assert "prediction(" in cell_text(boxes[1])
    assert "My rewrite" not in cell_text(boxes[0])


@pytest.mark.parametrize("spec", registry(), ids=lambda s: s.notebook)
def test_no_lesson_asks_for_writing_in_a_markdown_cell(spec):
    lesson_notebook = read_notebook(lessons_folder() / spec.notebook)
    for cell in lesson_notebook.cells:
        if cell.cell_type == "markdown":
            assert "double-click" not in cell.source.lower(), (
                spec.notebook,
                cell.index,
            )
