"""What every exercise check shares: the exercise, the result, and readers of answers.

A lesson's module (``lesson_03.py``) declares its exercises with :class:`Exercise`:
an id (``"03.1"``: lesson 03, exercise 1), what it asks for, two hints, a ``judge``
and the right answer in words for the answer keys. :func:`run_check` judges a
student's answer with a ladder of hints: the first wrong answer gets the first hint,
the second wrong answer the second hint, and after that the advice to ask the
teacher. It never shows the solution and never raises: an answer it cannot read gets
a message saying what kind of answer is expected.

The readers (:func:`read_number`, :func:`read_names`, :func:`read_direction`) turn
what a student typed into the kind of value a judge compares, or raise
:class:`Unreadable` with a message saying what is expected.

>>> read_number("12 %", "give a number").__round__()
12
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .. import answers as _answers

ASK_TEACHER = (
    "Ask your teacher, or a classmate who has solved it, to look at your code with you."
)


class Unreadable(Exception):
    """The answer is not of the expected kind; the message says what is expected."""


@dataclass(frozen=True)
class Exercise:
    """One exercise: what it asks for, how to judge an answer, and its hints.

    ``judge(answer)`` returns ``(correct, message)`` or raises :class:`Unreadable`;
    ``answer_text()`` gives the right answer in words, for answer keys. The notebook
    holds the exercise's prompt, stub and solution in cells tagged with its id.
    """

    exercise_id: str
    title: str
    expects: str
    hints: tuple[str, str]
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

    @property
    def correct(self) -> bool:
        return self.status == "right"

    def __str__(self) -> str:
        mark = {"right": "✔ Right.", "wrong": "✘ Not yet."}.get(self.status, "…")
        hint = f"\nHint: {self.hint}" if self.hint else ""
        return f"Exercise {self.exercise_id}: {mark} {self.message}{hint}"

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        colour = {"right": "#009E73", "wrong": "#D55E00"}.get(self.status, "#0072B2")
        mark = {"right": "✔ Right.", "wrong": "✘ Not yet."}.get(self.status, "")
        hint = f"<br><b>Hint:</b> {html.escape(self.hint)}" if self.hint else ""
        return (
            f"<div role='status' style='border-left:4px solid {colour};"
            f"padding:0.3em 0.8em'><b>Exercise {html.escape(self.exercise_id)}"
            f"</b> <b>{mark}</b> {html.escape(self.message)}{hint}</div>"
        )


# --- reading answers ---------------------------------------------------------------


def read_number(answer: Any, expects: str) -> float:
    """A number from a number, a one-value array or Series, or text like ``"12 %"``.

    ``expects`` says in words what the exercise asks for (it ends the message of
    :class:`Unreadable` when the answer is not one number).

    >>> read_number([1, 2], "give a number")
    Traceback (most recent call last):
    ...
    twitchlib.lessons.checking.Unreadable: a list is not a number; give a number.
    """
    if isinstance(answer, bool):
        raise Unreadable(f"{answer} is a yes/no value; {expects}.")
    if (
        hasattr(answer, "item")
        and callable(answer.item)
        and not isinstance(answer, str)
    ):
        try:
            answer = answer.item()
        except (ValueError, TypeError):
            raise Unreadable(f"that holds more than one value; {expects}.") from None
    if isinstance(answer, str):
        text = answer.strip().rstrip("%").strip()
        try:
            answer = float(text)
        except ValueError:
            raise Unreadable(f"{answer!r} is not a number; {expects}.") from None
    if not isinstance(answer, (int, float)):
        raise Unreadable(f"a {type(answer).__name__} is not a number; {expects}.")
    value = float(answer)
    if math.isnan(value) or math.isinf(value):
        raise Unreadable(f"{value} is not a usable number; {expects}.")
    return value


def read_names(answer: Any, column: str, expects: str) -> list[str]:
    """A list of names from a list, a Series or a DataFrame with a ``column``.

    >>> read_names(("Banana", "Almonds"), "food", "give foods")
    ['Banana', 'Almonds']
    """
    if isinstance(answer, str):
        return [answer]
    if hasattr(answer, "columns"):
        if column not in answer.columns:
            raise Unreadable(f"your table has no {column!r} column; {expects}.")
        answer = answer[column]
    if hasattr(answer, "tolist"):
        answer = answer.tolist()
    if not isinstance(answer, (list, tuple, set)):
        raise Unreadable(f"a {type(answer).__name__} is not a list; {expects}.")
    if not all(isinstance(item, str) for item in answer):
        raise Unreadable(f"the list should hold names (text); {expects}.")
    return list(answer)


_DIRECTION_WORDS = {
    "up": "up",
    "↑": "up",
    "rises": "up",
    "increase": "up",
    "+": "up",
    "down": "down",
    "↓": "down",
    "falls": "down",
    "decrease": "down",
    "-": "down",
    "unknown": "unknown",
    "?": "unknown",
    "ambiguous": "unknown",
    "none": "none",
    "unchanged": "none",
    "=": "none",
    "0": "none",
    "stays": "none",
}


def read_direction(answer: Any, expects: str) -> str:
    """A direction (``up``, ``down``, ``unknown`` or ``none``) from words or arrows.

    >>> read_direction("↑", "give a direction")
    'up'
    """
    text = str(getattr(answer, "value", answer)).strip().lower()
    for key in (text, text.split(".")[-1]):
        if key in _DIRECTION_WORDS:
            return _DIRECTION_WORDS[key]
    raise Unreadable(f"{answer!r} is not a direction; {expects}.")


# --- judging -----------------------------------------------------------------------


def run_check(exercise: Exercise, answer: Any) -> CheckResult:
    """Judge ``answer`` to ``exercise``, record it, and give the next hint if wrong."""
    if answer is ... or answer is None:
        return CheckResult(
            exercise.exercise_id,
            "unanswered",
            f"Replace the ... with your answer, then run the cell again:"
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
    except Exception as problem:  # noqa: BLE001 - a student's object must never crash a check
        return CheckResult(
            exercise.exercise_id,
            "unreadable",
            f"This answer cannot be checked ({type(problem).__name__}):"
            f" {exercise.expects}.",
        )
    before = _answers.wrong_attempts(exercise.exercise_id)
    _answers.record(exercise.lesson, "exercise", exercise.exercise_id, answer, correct)
    message = message[:1].upper() + message[1:]
    if correct:
        return CheckResult(exercise.exercise_id, "right", message)
    hint = exercise.hints[before] if before < len(exercise.hints) else ASK_TEACHER
    return CheckResult(exercise.exercise_id, "wrong", message, hint)
