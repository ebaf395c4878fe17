"""Lesson 00, start here: its exercise (00.1), worksheet table and demo."""

from __future__ import annotations

from functools import cache
from typing import Any

from ..likelihood import assess, sweep
from ..scenario import Scenario
from .checking import Exercise, read_number
from .spec import DataTable, LessonSpec

EXPECTS_00_1 = (
    "give the change in likelihood as a number (0.05, or 5 for percentage points)"
)


@cache  # the model is deterministic: compute once per session
def stress_change() -> tuple[float, float]:
    """The likelihood at stress 2 and at stress 8 (fractions, 0-1).

    >>> low, high = stress_change()
    >>> 0 < low < high < 1
    True
    """
    return assess(Scenario(stress=2)).likelihood, assess(Scenario(stress=8)).likelihood


def judge_00_1(answer: Any) -> tuple[bool, str]:
    """Exercise 00.1: the change in likelihood from stress 2 to stress 8."""
    low, high = stress_change()
    value = read_number(answer, EXPECTS_00_1)
    change = high - low
    if abs(value - change) < 0.005 or abs(value - 100 * change) < 0.5:
        return True, (
            f"from stress 2 to stress 8 the likelihood goes from {low:.0%} to"
            f" {high:.0%}, a rise of {change:.0%} (percentage points)."
        )
    if abs(value - high) < 0.005 or abs(value - 100 * high) < 0.5:
        return False, "that is the likelihood at stress 8 itself, not the change."
    if abs(value + change) < 0.005 or abs(value + 100 * change) < 0.5:
        return (
            False,
            "the size is right but the sign is not: does more stress raise it?",
        )
    return False, "that is not the change from stress 2 to stress 8."


def _answer_00_1() -> str:
    low, high = stress_change()
    return f"{high - low:.0%} (from {low:.0%} to {high:.0%})"


def worksheet_tables() -> list[DataTable]:
    """Caffeine against the likelihood, other factors healthy."""
    curve = sweep("caffeine_mg_per_day", [0, 400, 800, 1200])
    return [
        DataTable(
            "Caffeine and the likelihood",
            "Read the likelihood at each caffeine level (other factors healthy).",
            ("caffeine (mg/day)", "likelihood (%)"),
            1,
            tuple(
                (f"{c:.0f}", f"{p:.0%}")
                for c, p in zip(
                    curve.caffeine_mg_per_day, curve.likelihood, strict=True
                )
            ),
        )
    ]


LESSON = LessonSpec(
    number=0,
    notebook="00_start_here.ipynb",
    exercises=(
        Exercise(
            "00.1",
            "How much does stress change the likelihood?",
            EXPECTS_00_1,
            (
                "tl.assess(tl.Scenario(stress=8)).likelihood is the likelihood at stress 8.",
                "Work out the likelihood at stress 2 and at stress 8, then subtract.",
            ),
            judge_00_1,
            _answer_00_1,
        ),
    ),
    demos=("00.demo.caffeine-slider",),
    tables=worksheet_tables,
)
