"""Lesson 03, the twitch explorer: its exercise (03.1), worksheet table and demo."""

from __future__ import annotations

from functools import cache
from typing import Any

from ..likelihood import sweep
from .checking import Exercise, Unreadable, read_measure
from .spec import DataTable, LessonSpec

EXPECTS_03_1 = "give a whole number of stress from 0 to 10"
# The caffeine of exercise 03.1 (mg/day; about six or seven cups of coffee, above the 400 mg/day
# the FDA gives for most adults): with it the answer differs from the one without
# caffeine, so a curve made without it is caught.
CAFFEINE_MG_PER_DAY = 600


@cache
def stress_threshold(caffeine_mg_per_day: float = CAFFEINE_MG_PER_DAY) -> int | None:
    """The smallest stress (0-10) at which the likelihood passes 20 % with
    ``caffeine_mg_per_day`` of caffeine (mg/day, 0-1500; the exercise's 600 by
    default), or None where no level passes.

    >>> 0 <= stress_threshold() <= 10
    True
    """
    curve = sweep(
        "stress", range(11), base={"caffeine_mg_per_day": caffeine_mg_per_day}
    )
    above = curve[curve.likelihood > 0.20].stress
    return int(above.min()) if len(above) else None


def nothing_passed() -> str:
    """What an empty result (or the nan that .min() makes of one) probably means:
    only the slips that do leave nothing above 20 % with this model."""
    causes = [
        "the likelihood was compared with 20 instead of 0.20 (it is a fraction from"
        " 0 to 1)",
        "the curve stops before the higher stress levels (range(11) gives 0 to 10)",
    ]
    if stress_threshold(0) is None:
        causes.append(
            'the curve was made without the caffeine (base={"caffeine_mg_per_day":'
            f" {CAFFEINE_MG_PER_DAY}}})"
        )
    return (
        "No stress level in your curve passes 20%, so there was nothing to take the"
        f" smallest of. Probably {', or '.join(causes)}"
    )


def judge_03_1(answer: Any) -> tuple[bool, str]:
    """Exercise 03.1: the stress level where the likelihood passes 20 %."""
    value, unit = read_measure(
        answer,
        EXPECTS_03_1,
        {"%": None},
        several="the question asks for one stress level: first keep the rows whose"
        " likelihood is above 0.20, then take the smallest stress of those with"
        " .min()",
        empty=nothing_passed(),
        nan=nothing_passed(),
    )
    right = stress_threshold()
    if unit:
        raise Unreadable(
            f"a stress level has no %: 20% is the likelihood the question names;"
            f" {EXPECTS_03_1}."
        )
    if 0 < value < 1:
        return (
            False,
            "that looks like a likelihood (a fraction from 0 to 1); the question asks"
            " for a stress level.",
        )
    if value in (20, 0.2):
        return False, (
            "20% is the likelihood the question gives; the answer is the stress level"
            " at which the likelihood first passes it."
        )
    if 10 < value <= 100 and value != int(value):
        return False, (
            "that looks like a likelihood in percent; the question asks for a stress"
            " level from 0 to 10."
        )
    if value != int(value) or not 0 <= value <= 10:
        raise Unreadable(f"{value:g} is not a stress level; {EXPECTS_03_1}.")
    if int(value) == right:
        return True, (
            f"at stress {right} the likelihood first passes 20% with"
            f" {CAFFEINE_MG_PER_DAY} mg/day"
            " of caffeine."
        )
    if int(value) == stress_threshold(0):
        return False, (
            "that is the answer without caffeine: make the curve with"
            f" {CAFFEINE_MG_PER_DAY} mg/day,"
            f' base={{"caffeine_mg_per_day": {CAFFEINE_MG_PER_DAY}}}.'
        )
    if int(value) == 10:
        return False, (
            "10 is the highest stress level; the likelihood passes 20% lower down:"
            " take the smallest level above 20% (.min(), not .max())."
        )
    if int(value) == right - 1:
        return False, "at that level the likelihood has not yet passed 20%."
    if int(value) > right:
        return False, "the likelihood already passes 20% at a lower stress level."
    return False, "at that level the likelihood is still below 20%."


def worksheet_tables() -> list[DataTable]:
    """Stress against the likelihood with 400 mg/day of caffeine."""
    curve = sweep("stress", [0, 2, 4, 6, 8, 10], base={"caffeine_mg_per_day": 400})
    return [
        DataTable(
            "Stress with 400 mg/day of caffeine",
            "Set caffeine to 400 mg/day in the explorer and read the likelihood.",
            ("stress (0-10)", "likelihood (%)"),
            1,
            tuple(
                (f"{s:.0f}", f"{p:.0%}")
                for s, p in zip(curve.stress, curve.likelihood, strict=True)
            ),
        )
    ]


LESSON = LessonSpec(
    number=3,
    notebook="03_the_twitch_explorer.ipynb",
    exercises=(
        Exercise(
            "03.1",
            "The stress level where the likelihood passes 20%",
            EXPECTS_03_1,
            (
                "tl.sweep(factor, values, base=...) gives the likelihood at each value"
                " of one factor, the others held at base: here stress from 0 to 10,"
                f" with caffeine at {CAFFEINE_MG_PER_DAY} mg/day in the base.",
                "Keep the rows where the likelihood is above 0.20 (a fraction: 0.20 is"
                " 20%) and take the smallest stress.",
                'Step by step: curve = tl.sweep("stress", range(11),'
                f' base={{"caffeine_mg_per_day": {CAFFEINE_MG_PER_DAY}}}) has a stress'
                " column and a likelihood column; curve[curve.likelihood > 0.20] keeps"
                " the rows past 20%, and .stress.min() of those rows is the answer.",
            ),
            judge_03_1,
            lambda: f"stress {stress_threshold()}",
        ),
    ),
    demos=("03.demo.explorer",),
    tables=worksheet_tables,
    choices={
        "03.ask.caffeine-and-low-magnesium": (
            "More, in percentage points",
            "The same, in percentage points",
            "Less, in percentage points",
        )
    },
    right_choices={"03.ask.caffeine-and-low-magnesium": "More, in percentage points"},
    # Read from the table of log-odds beside it: nothing to move.
    nothing_to_move=("03.ask.log-odds-to-points",),
)
