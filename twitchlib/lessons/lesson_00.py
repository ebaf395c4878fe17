"""Lesson 00, start here: its exercise (00.1), worksheet table and demo."""

from __future__ import annotations

from functools import cache
from typing import Any

from ..likelihood import assess, sweep
from ..scenario import Scenario
from .checking import Exercise, read_measure
from .spec import DataTable, LessonSpec

EXPECTS_00_1 = (
    "give the change in likelihood as a number (0.05, or 5 for percentage points)"
)
# A number typed with one of these is in percentage points; a plain number may be a
# fraction (0.05) or percentage points (5).
PERCENT_UNITS = {
    unit: 0.01
    for unit in (
        "%",
        "percent",
        "pp",
        "percentage points",
        "percentage point",
        "points",
    )
}
# The lesson shows likelihoods as whole percentages (11 % and 21 %); their difference
# may be up to one point away from the exact change, and counts as right.
SHOWN_TOLERANCE = 0.005


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
    value, unit = read_measure(
        answer,
        EXPECTS_00_1,
        PERCENT_UNITS,
        several="give one number: the likelihood at stress 8 minus the one at stress 2",
    )
    change = high - low
    shown = round(high, 2) - round(low, 2)
    candidates = [value] if unit else [value, value / 100]

    def near(target: float, tolerance: float = 0.005) -> bool:
        return any(abs(c - target) <= tolerance for c in candidates)

    if near(change, 0.006) or near(shown, SHOWN_TOLERANCE):
        return True, (
            f"from stress 2 to stress 8 the likelihood goes from {low:.1%} to"
            f" {high:.1%}, a rise of {100 * change:.1f} percentage points"
            f" ({100 * shown:.0f} points from the rounded {low:.0%} and {high:.0%})."
        )
    if unit and abs(value * 100 - change) <= 0.006:
        typed = f"{value * 100:g}"
        return False, (
            f"{typed}% means {value:g} as a fraction, less than a tenth of one"
            f" percent: you wrote the change as a fraction and added a % sign. Write"
            f" the fraction without the sign ({typed}), or percentage points with it."
        )
    if near(high) or near(round(high, 2)):
        return False, "that is the likelihood at stress 8 itself, not the change."
    if near(low) or near(round(low, 2)):
        return False, "that is the likelihood at stress 2 itself, not the change."
    if near(-change, 0.006) or near(-shown, SHOWN_TOLERANCE):
        return (
            False,
            "the size is right but the sign is not: does more stress raise it?",
        )
    if near(high / low - 1, 0.02) or near(high / low, 0.02):
        return False, (
            "that compares the two as a ratio (how many times, or what share more);"
            " the question asks for the difference: stress 8 minus stress 2."
        )
    if all(abs(c) > high for c in candidates):
        return False, (
            f"that is larger than either likelihood ({low:.0%} at stress 2,"
            f" {high:.0%} at stress 8), so it cannot be the change between them:"
            " subtract the smaller from the larger."
        )
    if not unit and near(change / 100, 0.0001):
        return False, (
            "that is the change divided by 100 once too often: a fraction is already"
            f" per one ({change:.2f} is {change:.0%}); leave it as it is."
        )
    return False, (
        "that is not the change from stress 2 to stress 8: work out the likelihood"
        " at each with tl.assess(...).likelihood, then take the second minus the"
        " first."
    )


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
                "tl.assess(tl.Scenario(stress=8)).likelihood is the likelihood at"
                " stress 8, a fraction from 0 to 1 (0.21 means 21%).",
                "The change is a difference, stress 8 minus stress 2, not a ratio. Give"
                " it as a fraction (0.05) or in percentage points (5, or 5%), not a"
                " fraction with a % sign.",
                "Step by step: low = tl.assess(tl.Scenario(stress=2)).likelihood gives"
                " about 0.11. Do the same with stress=8 for high, then answer ="
                " high - low.",
            ),
            judge_00_1,
            _answer_00_1,
        ),
    ),
    demos=("00.demo.caffeine-slider",),
    tables=worksheet_tables,
    choices={
        "00.ask.caffeine-and-likelihood": (
            "Yes, at some point it falls",
            "No, it never falls",
        )
    },
    right_choices={"00.ask.caffeine-and-likelihood": "No, it never falls"},
)
