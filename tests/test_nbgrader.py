"""The exercises as an nbgrader assignment, round-tripped through the real nbgrader.

``twitchlib nbgrader`` writes the source assignment; nbgrader itself (from PyPI, in
the test extra) then makes the students' copy, which must hold no line of any worked
solution or hidden answer, and grades a submission with right, wrong and missing
answers, cell by cell.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from twitchlib.delivery.cli import main
from twitchlib.delivery.nbgrader_release import (
    ASSIGNMENT,
    BEGIN,
    answer_source,
    build_nbgrader,
    grade_id,
    nbgrader_notebook,
)

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))

pytest.importorskip("nbgrader", reason="nbgrader is in the test extra")


def _source(cell) -> str:
    text = cell["source"]
    return "".join(text) if isinstance(text, list) else text


def _nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess:
    # nbgrader runs the `alembic` command to make its gradebook: it must be on PATH.
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env["PYTHONPATH"] = str(ROOT)  # the kernels import this checkout's twitchlib
    env["TWITCHLIB_ANSWERS"] = "off"
    done = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=course,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done


def _solution_lines(path: Path) -> set[str]:
    """Every line of a lesson's worked solutions and hidden answers that its stubs do
    not already give the student."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    given = set()
    for cell in cells:
        if "stub" in cell["metadata"].get("tags", []):
            given |= {line.strip() for line in _source(cell).splitlines()}
    hidden = set()
    for cell in cells:
        if {"solution", "answer"} & set(cell["metadata"].get("tags", [])):
            hidden |= {line.strip() for line in _source(cell).splitlines()}
    return {line for line in hidden - given if line}


@pytest.fixture(scope="module")
def nbgrader_course(tmp_path_factory):
    """A course folder with the source assignment and nbgrader's students' copy."""
    folder = tmp_path_factory.mktemp("nbgrader_course")
    assert main(["nbgrader", "--out", str(folder)]) == 0
    _nbgrader(folder, "generate_assignment", ASSIGNMENT)
    return folder


def test_every_lesson_with_an_exercise_is_in_the_assignment(nbgrader_course):
    source = sorted(
        p.name for p in (nbgrader_course / "source" / ASSIGNMENT).glob("*.ipynb")
    )
    assert source == [p.name for p in LESSONS]
    released = nbgrader_course / "release" / ASSIGNMENT
    assert sorted(p.name for p in released.glob("*.ipynb")) == source


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_the_students_copy_holds_no_line_of_any_solution(nbgrader_course, lesson):
    released = json.loads(
        (nbgrader_course / "release" / ASSIGNMENT / lesson.name).read_text(
            encoding="utf-8"
        )
    )
    lines = {
        line.strip()
        for cell in released["cells"]
        for line in _source(cell).splitlines()
    }
    hidden = _solution_lines(lesson)
    assert hidden, f"{lesson.name} has no worked solution to hide"
    assert not hidden & lines, sorted(hidden & lines)
    assert not any(BEGIN in line for line in lines)
    # Each exercise keeps its read-only autograder check, worth one point.
    checks = [
        c["metadata"]["nbgrader"]
        for c in released["cells"]
        if c["metadata"].get("nbgrader", {}).get("grade")
    ]
    assert checks and all(c["locked"] and c["points"] == 1 for c in checks)


# A submission as a student might hand it in: exercise id -> (code, expected points).
# 00.1 and 05.1 right (05.1 written differently from the worked solution), 02.1
# wrong (a filter that forgets "exercise"), 03.1 wrong (a level past the smallest
# one), 07.1 not attempted (nbgrader's "raise NotImplementedError()" left in place).
SUBMISSION = {
    "00.1": (
        "low = tl.assess(tl.Scenario(stress=2)).likelihood\n"
        "high = tl.assess(tl.Scenario(stress=8)).likelihood\n"
        "answer = high - low",
        1,
    ),
    "02.1": (
        'mask = causes.typical_timing.str.contains("standing")\n'
        'answer = causes[mask][["name", "relief_strategy"]]',
        0,
    ),
    "03.1": (
        'curve = tl.sweep("stress", range(11), base={"caffeine_mg_per_day": 600})\n'
        "passing = curve[curve.likelihood > 0.20].stress\n"
        "answer = passing.min() + 1 if passing.min() < 10 else passing.min() - 1",
        0,
    ),
    "05.1": (
        'choices = ["Stress and anxiety", "Too much caffeine", "Magnesium deficiency"]\n'
        "sound = choices[:2]\n"
        "answer = sound",
        1,
    ),
    "07.1": (None, 0),
}


@pytest.mark.slow
def test_autograde_scores_right_wrong_and_missing_answers_cell_by_cell(nbgrader_course):
    from nbgrader.api import Gradebook

    handed_in = nbgrader_course / "submitted" / "alice" / ASSIGNMENT
    handed_in.mkdir(parents=True)
    notebooks = {}
    for path in (nbgrader_course / "release" / ASSIGNMENT).glob("*.ipynb"):
        number = path.name[:2]
        wanted = [e for e in SUBMISSION if e.startswith(number + ".")]
        if not wanted:
            continue  # not handed in: nbgrader grades what is there
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for cell in notebook["cells"]:
            meta = cell["metadata"].get("nbgrader", {})
            for exercise_id in wanted:
                code = SUBMISSION[exercise_id][0]
                if meta.get("grade_id") == grade_id(exercise_id, "answer") and code:
                    cell["source"] = code
        (handed_in / path.name).write_text(json.dumps(notebook), encoding="utf-8")
        notebooks.update(dict.fromkeys(wanted, path.stem))
    assert sorted(notebooks) == sorted(SUBMISSION)

    _nbgrader(nbgrader_course, "autograde", ASSIGNMENT)

    with Gradebook(f"sqlite:///{nbgrader_course / 'gradebook.db'}") as gradebook:
        scores = {
            exercise_id: gradebook.find_grade(
                grade_id(exercise_id, "check"),
                notebooks[exercise_id],
                ASSIGNMENT,
                "alice",
            ).score
            for exercise_id in SUBMISSION
        }
    assert scores == {e: points for e, (_code, points) in SUBMISSION.items()}
    graded = (
        nbgrader_course
        / "autograded"
        / "alice"
        / ASSIGNMENT
        / "03_the_twitch_explorer.ipynb"
    )
    text = graded.read_text(encoding="utf-8")
    assert "AssertionError" in text  # the check's message says what is wrong


def test_answer_cell_keeps_the_stubs_given_lines_outside_the_solution():
    stub = [
        "# Exercise 05.1: replace the ... and run the cell.",
        'choices = ["A", "B"]',
        "sound = ...   # the sound choices",
        "answer = sound",
        'tl.check("05.1", answer)',
    ]
    solution = [
        'choices = ["A", "B"]',
        "sound = [c for c in choices if c == 'A']",
        "answer = sound",
        'tl.check("05.1", answer, solution=True)',
    ]
    lines = answer_source("05.1", stub, solution).splitlines()
    assert lines[0] == 'choices = ["A", "B"]'
    assert lines[-1] == "answer = sound"
    inside = lines[lines.index(BEGIN) + 1 : lines.index("### END SOLUTION")]
    assert inside == ["sound = [c for c in choices if c == 'A']"]
    assert "#   sound = ...   # the sound choices" in lines
    assert not any("tl.check" in line for line in lines)


def test_a_solution_without_a_stub_is_refused():
    notebook = {
        "cells": [
            {
                "cell_type": "markdown",
                "metadata": {"tags": ["exercise", "id:03.1"]},
                "source": "### Exercise 03.1\nFind the level.",
            },
            {
                "cell_type": "code",
                "metadata": {"tags": ["solution", "id:03.1"]},
                "source": "answer = 3",
                "outputs": [],
                "execution_count": None,
            },
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    with pytest.raises(ValueError, match="no cell tagged 'stub'"):
        nbgrader_notebook(notebook, "03_x.ipynb")


def test_bad_assignment_name_and_empty_folder_are_refused(tmp_path):
    with pytest.raises(ValueError, match="assignment must be"):
        build_nbgrader(tmp_path / "out", assignment="lesson 1")
    with pytest.raises(FileNotFoundError, match="no lesson notebooks"):
        build_nbgrader(tmp_path / "out", source_dir=tmp_path)
