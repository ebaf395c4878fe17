"""A lesson's worked solutions never record an answer.

The instructor edition holds each exercise's solution cell; a teacher who runs it
(Run All, on the projector) must not find the exercises recorded as solved. A solution
cell checks with ``tl.check(..., solution=True)``: the result shows, with a line
saying it is the worked solution, and nothing goes into the answer file.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

import twitchlib as tl
from twitchlib import answers
from twitchlib.delivery.builds import instructor_edition
from twitchlib.lessons import registry
from twitchlib.lessons.checking import WORKED_SOLUTION_NOTE
from twitchlib.lessons.course import as_student_writes
from twitchlib.lessons.notebook import lessons_folder, read_notebook

LESSON_PATHS = [lessons_folder() / spec.notebook for spec in registry()]


@pytest.fixture
def answer_file(tmp_path, monkeypatch):
    path = tmp_path / "twitchlib-answers.jsonl"
    monkeypatch.setenv("TWITCHLIB_ANSWERS", str(path))
    monkeypatch.setattr(answers, "_memory", [])
    return path


def _check_calls(code: str) -> list[ast.Call]:
    """The ``check(...)`` calls (``tl.check``, ``check``) in a cell's code."""
    found = []
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            if name == "check":
                found.append(node)
    return found


def _says_solution(call: ast.Call) -> bool:
    return any(
        k.arg == "solution" and isinstance(k.value, ast.Constant) and k.value.value
        for k in call.keywords
    )


def test_a_worked_solution_check_records_nothing_and_says_so(answer_file):
    result = tl.check("03.1", 3, solution=True)
    assert result.status == "wrong" and result.note == WORKED_SOLUTION_NOTE
    assert "worked solution" in str(result) and "nothing was recorded" in str(result)
    assert "nothing was recorded" in result._repr_html_()
    assert answers.answers() == []
    assert not answer_file.exists()


def test_a_students_check_is_recorded_and_carries_no_such_note(answer_file):
    result = tl.check("03.1", 3)
    assert result.note == ""
    recorded = [(a.kind, a.question, a.correct) for a in answers.answers()]
    assert recorded == [("exercise", "03.1", False)]


def test_worked_solution_checks_do_not_climb_the_ladder_of_hints(answer_file):
    for _ in range(3):
        result = tl.check("03.1", 3, solution=True)
    assert result.hint == "" and result.solution == ""
    # The student's own first wrong try still gets the first hint.
    assert tl.check("03.1", 3).hint == tl.exercises.exercise("03.1").hints[0]


def test_solution_must_be_true_or_false():
    with pytest.raises(TypeError, match="solution must be True"):
        tl.check("03.1", 3, solution="yes")


@pytest.mark.parametrize("path", LESSON_PATHS, ids=lambda p: p.name)
def test_every_solution_cell_checks_as_a_worked_solution(path):
    lesson = read_notebook(path)
    code = [p for p in lesson.solutions if p.cell.cell_type == "code"]
    assert code, f"{path.name} has no solution code"
    for part in code:
        calls = _check_calls(part.source)
        assert calls, f"{path.name} {part.id}: the solution never checks its answer"
        assert all(_says_solution(c) for c in calls), (
            f"{path.name} {part.id}: a solution cell's check must say solution=True"
        )


@pytest.mark.parametrize("path", LESSON_PATHS, ids=lambda p: p.name)
def test_no_other_cell_checks_as_a_worked_solution(path):
    """A stub (what the student runs) must record: only solution cells say solution."""
    lesson = read_notebook(path)
    solution_cells = {p.cell.index for p in lesson.solutions}
    for cell in lesson.cells:
        if cell.cell_type != "code" or cell.index in solution_cells:
            continue
        assert not any(_says_solution(c) for c in _check_calls(cell.source)), (
            f"{path.name} cell {cell.index}"
        )


def test_the_worked_solution_a_student_reads_records_when_typed():
    code = 'x = 1\ntl.check("03.1", f(x, 2), solution=True)  # why\n'
    assert as_student_writes(code) == 'x = 1\ntl.check("03.1", f(x, 2))  # why\n'
    assert as_student_writes("not python (") == "not python ("


@pytest.mark.slow
def test_running_every_instructor_edition_records_no_exercise(tmp_path, monkeypatch):
    """Run All on each lesson's instructor edition, recording into a scratch file."""
    import nbformat
    from nbclient import NotebookClient

    recorded = tmp_path / "twitchlib-answers.jsonl"
    monkeypatch.setenv("TWITCHLIB_ANSWERS", str(recorded))
    for path in LESSON_PATHS:
        edition = instructor_edition(
            json.loads(path.read_text(encoding="utf-8")), path.name
        )
        # Through JSON, as a file would be read: nbformat joins the source lines.
        notebook = nbformat.reads(json.dumps(edition), as_version=4)
        NotebookClient(
            notebook,
            timeout=180,
            kernel_name="python3",
            resources={"metadata": {"path": str(path.parent)}},
        ).execute()
        shown = [
            o.get("data", {}).get("text/plain", "")
            for c in notebook.cells
            if "solution" in c.metadata.get("tags", []) and c.cell_type == "code"
            for o in c.get("outputs", [])
        ]
        assert any("nothing was recorded" in text for text in shown), path.name
    lines = [json.loads(line) for line in recorded.read_text().splitlines()]
    opened = {entry["lesson"] for entry in lines if entry["kind"] == "opened"}
    assert opened == {spec.number for spec in registry()}  # the file was written to
    assert [e for e in lines if e["kind"] == "exercise"] == []
    assert Path(recorded).stat().st_size > 0
