"""What every exercise check shares: the exercise, the result, and the ladder of hints.

A lesson's module (``lesson_03.py``) declares its exercises with :class:`Exercise`:
an id (``"03.1"``: lesson 03, exercise 1), what it asks for, three hints, a ``judge``
and the right answer in words for the answer keys. :func:`run_check` judges a
student's answer with a ladder of hints: the first wrong answer gets the first hint,
the second the second, the third a worked step together with a worked solution, so
that a student working alone is never left at a dead end. It never raises: an answer
it cannot read gets a message saying what it is and what kind of answer is expected
(the readers of :mod:`.reading`).

>>> read_number("12 %", "give a number").__round__()
12
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .. import answers as _answers
from .reading import (
    Names,
    Unreadable,
    read_direction,
    read_measure,
    read_names,
    read_number,
)

__all__ = [
    "CheckResult",
    "Exercise",
    "Names",
    "Unreadable",
    "read_direction",
    "read_measure",
    "read_names",
    "read_number",
    "run_check",
]

# How many wrong tries come before the worked solution is shown (one per hint).
TRIES_BEFORE_SOLUTION = 3


@dataclass(frozen=True)
class Exercise:
    """One exercise: what it asks for, how to judge an answer, and its hints.

    ``judge(answer)`` returns ``(correct, message)`` or raises :class:`Unreadable`;
    ``hints`` are three, the last a worked step; ``answer_text()`` gives the right
    answer in words, for answer keys and for a check that shows the solution. The notebook
    holds the exercise's prompt, stub and solution in cells tagged with its id.
    """

    exercise_id: str
    title: str
    expects: str
    hints: tuple[str, str, str]
    judge: Callable[[Any], tuple[bool, str]]
    answer_text: Callable[[], str]

    @property
    def lesson(self) -> int:
        return int(self.exercise_id.split(".")[0])


@dataclass(frozen=True)
class CheckResult:
    """What a check says: ``status`` is right, wrong, unanswered or unreadable."""

    exercise_id: str
    status: str
    message: str
    hint: str = ""
    solution: str = ""
    # Said under the result, e.g. that a worked solution's check recorded nothing.
    note: str = ""

    @property
    def correct(self) -> bool:
        return self.status == "right"

    def __str__(self) -> str:
        mark = {"right": "✔ Right.", "wrong": "✘ Not yet."}.get(self.status, "…")
        hint = f"\nHint: {self.hint}" if self.hint else ""
        solution = (
            f"\nA worked solution (read it, then type it yourself):\n{self.solution}"
            if self.solution
            else ""
        )
        note = f"\n{self.note}" if self.note else ""
        return (
            f"Exercise {self.exercise_id}: {mark} {self.message}{hint}{solution}{note}"
        )

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        colour = {"right": "#009E73", "wrong": "#D55E00"}.get(self.status, "#0072B2")
        mark = {"right": "✔ Right.", "wrong": "✘ Not yet."}.get(self.status, "")
        hint = f"<br><b>Hint:</b> {html.escape(self.hint)}" if self.hint else ""
        solution = (
            "<br><b>A worked solution</b> (read it, then type it yourself):"
            f"<pre>{html.escape(self.solution)}</pre>"
            if self.solution
            else ""
        )
        note = f"<br><i>{html.escape(self.note)}</i>" if self.note else ""
        return (
            f"<div role='status' style='border-left:4px solid {colour};"
            f"padding:0.3em 0.8em'><b>Exercise {html.escape(self.exercise_id)}"
            f"</b> <b>{mark}</b> {html.escape(self.message)}{hint}{solution}{note}</div>"
        )


# --- judging -----------------------------------------------------------------------


# What a worked solution's check says under its result (``check(..., solution=True)``).
WORKED_SOLUTION_NOTE = (
    "This is the worked solution, checked for the teacher: nothing was recorded as"
    " anyone's answer."
)


def run_check(
    exercise: Exercise,
    answer: Any,
    solution: Callable[[], str] | None = None,
    *,
    record: bool = True,
) -> CheckResult:
    """Judge ``answer`` to ``exercise``, record it, and give the next hint if wrong.

    From the third wrong try on, the result also carries a worked solution:
    ``solution()`` (the notebook's solution cell), else the right answer in words.
    With ``record=False`` (a lesson's worked solution) the answer is judged and
    shown but not recorded, no hint ladder is climbed, and the result says so.
    """
    if answer is ...:
        return CheckResult(
            exercise.exercise_id,
            "unanswered",
            f"Replace the ... with your answer, then run the cell again:"
            f" {exercise.expects}.",
        )
    if answer is None:
        return CheckResult(
            exercise.exercise_id,
            "unanswered",
            "Your answer is None, which means empty. A line such as answer ="
            " print(...) or answer = my_list.sort() leaves answer empty: put the"
            f" value itself in place of the ..., then run the cell again:"
            f" {exercise.expects}.",
        )
    try:
        correct, message = exercise.judge(answer)
    except Unreadable as problem:
        return CheckResult(
            exercise.exercise_id,
            "unreadable",
            f"This answer cannot be checked: {problem}",
        )
    except Exception:  # noqa: BLE001 - a student's object must never crash a check
        return CheckResult(
            exercise.exercise_id,
            "unreadable",
            f"This answer cannot be checked: {exercise.expects}.",
        )
    message = message[:1].upper() + message[1:]
    if not record:
        status = "right" if correct else "wrong"
        return CheckResult(
            exercise.exercise_id, status, message, note=WORKED_SOLUTION_NOTE
        )
    before = _answers.wrong_attempts(exercise.exercise_id)
    _answers.record(exercise.lesson, "exercise", exercise.exercise_id, answer, correct)
    if correct:
        return CheckResult(exercise.exercise_id, "right", message)
    hint = exercise.hints[min(before, len(exercise.hints) - 1)]
    shown = ""
    if before + 1 >= TRIES_BEFORE_SOLUTION:
        shown = (solution() if solution is not None else "") or (
            f"The answer: {exercise.answer_text()}."
        )
    return CheckResult(exercise.exercise_id, "wrong", message, hint, shown)
