"""The registry of lessons: what ``check()``, the editions, the worksheets, the site,
the tag tool and the tests read about each lesson.

>>> [spec.number for spec in registry()]
[0, 1, 2, 3, 4, 5, 6, 7]
>>> exercise("03.1").title
'The stress level where the likelihood passes 20%'
"""

from __future__ import annotations

import ast
from functools import cache
from typing import Any

from . import (
    lesson_00,
    lesson_01,
    lesson_02,
    lesson_03,
    lesson_04,
    lesson_05,
    lesson_06,
    lesson_07,
)
from .checking import CheckResult, Exercise, run_check
from .notebook import lessons_folder, plain, read_notebook
from .spec import LessonSpec

# One module per lesson, in course order; adding a lesson adds its module here
# (docs/adding-a-lesson.md).
_MODULES = (
    lesson_00,
    lesson_01,
    lesson_02,
    lesson_03,
    lesson_04,
    lesson_05,
    lesson_06,
    lesson_07,
)
LESSONS: dict[int, LessonSpec] = {m.LESSON.number: m.LESSON for m in _MODULES}
EXERCISES: dict[str, Exercise] = {
    e.exercise_id: e for spec in LESSONS.values() for e in spec.exercises
}


def registry() -> list[LessonSpec]:
    """Every lesson's spec, in course order."""
    return list(LESSONS.values())


def lesson(number: int | str) -> LessonSpec:
    """The spec of lesson ``number`` (``5`` or ``"05"``).

    >>> lesson("05").notebook
    '05_telling_causes_apart.ipynb'
    """
    try:
        key = int(str(number).strip())
    except ValueError:
        key = None
    if key not in LESSONS:
        raise LookupError(
            f"lesson must be one of {', '.join(f'{n:02d}' for n in LESSONS)};"
            f" got {number!r}"
        )
    return LESSONS[key]


def lesson_for_notebook(name: str) -> LessonSpec | None:
    """The spec whose notebook file is ``name`` (``"05_telling_causes_apart.ipynb"``),
    or None for a notebook that is not a lesson (the course map, the glossary)."""
    return next((s for s in LESSONS.values() if s.notebook == name), None)


def exercises(lesson: int | None = None) -> list[Exercise]:
    """The exercises, in order; those of one lesson if ``lesson`` is given.

    >>> [e.exercise_id for e in exercises(3)]
    ['03.1']
    """
    return [e for e in EXERCISES.values() if lesson is None or e.lesson == lesson]


def _exercise_id(typed) -> str:
    """The exercise id a student means: ``"3.1"``, ``3.1`` or ``" 03.1 "`` is
    ``"03.1"`` (the lesson written without its leading zero).

    >>> _exercise_id(3.1), _exercise_id("02.2")
    ('03.1', '02.2')
    """
    text = str(typed).strip()
    lesson, dot, item = text.partition(".")
    if dot and lesson.isdigit() and item.isdigit() and len(lesson) == 1:
        return f"0{lesson}.{item}"
    return text


def exercise(exercise_id: str) -> Exercise:
    """The exercise with id ``exercise_id`` (``"03.1"``)."""
    found = EXERCISES.get(_exercise_id(exercise_id))
    if found is None:
        raise LookupError(
            f"there is no exercise {exercise_id!r}; the exercises are"
            f" {', '.join(EXERCISES)}"
        )
    return found


@cache  # a lesson's notebook does not change while a lesson runs
def worked_solution(exercise_id: str) -> str:
    """The worked solution of an exercise as its lesson's notebook gives it: the code
    of its solution cell, then the note about it; "" where the notebook is not at hand.

    >>> "tl.sweep" in worked_solution("03.1")
    True
    """
    found = exercise(exercise_id)
    path = lessons_folder() / LESSONS[found.lesson].notebook
    if not path.is_file():
        return ""
    parts = read_notebook(path).solutions_for(found.exercise_id)
    return "\n\n".join(
        as_student_writes(p.source.strip())
        if p.cell.cell_type == "code"
        else plain(p.source)
        for p in parts
    )


def as_student_writes(code: str) -> str:
    """A solution cell's code as a student should type it: its ``check(...)`` calls
    without ``solution=True`` (which would keep the student's answer from being
    recorded). Code that does not parse is returned as it is.

    >>> as_student_writes('tl.check("03.1", answer, solution=True)')
    'tl.check("03.1", answer)'
    """
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return code
    lines = code.splitlines(keepends=True)
    cuts = []  # (line, start column, end column) of each ", solution=..." to remove
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        called = node.func.attr if isinstance(node.func, ast.Attribute) else None
        called = called or (node.func.id if isinstance(node.func, ast.Name) else None)
        for keyword in node.keywords:
            if called != "check" or keyword.arg != "solution":
                continue
            before = [*node.args, *(k.value for k in node.keywords if k is not keyword)]
            previous = max(
                (
                    a
                    for a in before
                    if (a.end_lineno, a.end_col_offset)
                    < (keyword.lineno, keyword.col_offset)
                ),
                key=lambda a: (a.end_lineno, a.end_col_offset),
                default=None,
            )
            # Only the simple, one-line form the lessons use is rewritten.
            if previous is None or previous.end_lineno != keyword.end_lineno:
                continue
            cuts.append(
                (keyword.lineno, previous.end_col_offset, keyword.end_col_offset)
            )
    for line, start, end in sorted(cuts, reverse=True):
        text = lines[line - 1]
        lines[line - 1] = text[:start] + text[end:]
    return "".join(lines)


def check(exercise_id: str, answer: Any, solution: bool = False) -> CheckResult:
    """Check an answer to an exercise; say why it is right, or what is wrong, with hints
    (the third with a worked solution).

    ``exercise_id`` is the id shown with the exercise (``"03.1"``). ``answer`` is the
    student's answer: a number, a name, a list or a table, as the exercise asks. The
    result shows as a message; ``result.correct`` is True when it is right, and the
    answer is recorded in the student's answer file.

    ``solution=True`` is for a lesson's worked solution (the cells tagged
    ``solution``): the answer is checked and the result shown, with a line saying
    that this is the worked solution, and nothing is recorded, so running the
    instructor edition never counts an exercise as solved.

    >>> check("03.1", ...).status
    'unanswered'
    >>> check("03.1", 3).status
    'wrong'
    >>> check("03.1", "seven").status
    'unreadable'
    >>> import twitchlib as tl
    >>> curve = tl.sweep("stress", range(11), base={"caffeine_mg_per_day": 600})
    >>> worked = check("03.1", curve[curve.likelihood > 0.20].stress.min(), solution=True)
    >>> worked.status, "nothing was recorded" in worked.note
    ('right', True)
    """
    if not isinstance(solution, bool):
        raise TypeError(
            f"solution must be True (a lesson's worked solution, not recorded) or"
            f" False (a student's answer, recorded); got {solution!r}"
        )
    found = EXERCISES.get(_exercise_id(exercise_id))
    if found is None:
        return CheckResult(
            str(exercise_id),
            "unreadable",
            f"there is no exercise {exercise_id!r}; the exercises are"
            f" {', '.join(EXERCISES)}.",
        )
    return run_check(
        found,
        answer,
        lambda: worked_solution(found.exercise_id),
        record=not solution,
    )
