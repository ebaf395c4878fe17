"""Lesson 06, inside the nerve: its exercise (06.1), worksheet table and demo."""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np

from .. import nerve
from .checking import Exercise, Unreadable, read_measure
from .spec import DataTable, LessonSpec

EXPECTS_06_1 = "give a magnesium concentration in mmol/L, e.g. 0.45"
NOTHING_QUIET_06_1 = (
    "No magnesium in your list keeps the membrane quiet, so there was nothing to take"
    " the smallest of. Check that quiet is ~nerve.fires_spontaneously(0.8, magnesium)"
    " (the ~ turns fires into stays quiet) with calcium 0.8 mmol/L, and that magnesium"
    " goes up to 1.45 mmol/L"
)


@cache
def quiet_magnesium() -> float:
    """The lowest magnesium (mmol/L, to 0.05) at which a membrane with 0.8 mmol/L
    ionized calcium stays quiet at rest.

    >>> 0 <= quiet_magnesium() < 1.5
    True
    """
    magnesium = np.round(np.arange(0.0, 1.5, 0.05), 2)
    quiet = ~nerve.fires_spontaneously(0.8, magnesium)
    return float(magnesium[quiet].min())


def judge_06_1(answer: Any) -> tuple[bool, str]:
    """Exercise 06.1: how much magnesium keeps a low-calcium membrane quiet."""
    value, _ = read_measure(
        answer,
        EXPECTS_06_1,
        {"mmol/l": 1.0, "mmol": 1.0, "mm": 1.0},
        several="the question asks for one magnesium level: first keep the levels"
        " at which the membrane stays quiet (magnesium[quiet]), then take the"
        " smallest of those with .min()",
        empty=NOTHING_QUIET_06_1,
        nan=NOTHING_QUIET_06_1,
    )
    right = quiet_magnesium()
    if not 0 <= value <= 5:
        raise Unreadable(f"{value:g} mmol/L is outside 0-5 mmol/L; {EXPECTS_06_1}.")
    if abs(value - right) < 0.025:
        return True, (
            f"from {right:.2f} mmol/L of magnesium up, the membrane stays quiet"
            " at 0.8 mmol/L calcium: calcium does most of the screening."
        )
    if value == 0:
        return False, (
            "at 0 mmol/L the membrane fires on its own. If you took the smallest"
            " magnesium where fires_spontaneously is True, you found where it fires:"
            " ~ turns that into where it stays quiet."
        )
    if value < right:
        return False, "at that magnesium the membrane still fires on its own."
    if abs(value - 1.45) < 0.025:
        return False, (
            "that is the highest magnesium of the list: the question asks for the"
            " lowest that stays quiet (.min(), not .max())."
        )
    if abs(value - 0.8) < 0.025:
        return False, (
            "0.8 mmol/L is the calcium the question gives; the answer is a magnesium."
        )
    return False, "the membrane is already quiet at a lower magnesium."


def worksheet_tables() -> list[DataTable]:
    """Spike counts and peak twitch force at three stimulus currents."""
    rows = []
    for current in (3.0, 10.0, 20.0):
        trace = nerve.simulate(current, 300.0)
        rows.append(
            (
                f"{current:.0f}",
                str(trace.spike_count),
                f"{float(trace.twitch_force().max()):.1f}",
            )
        )
    return [
        DataTable(
            "Spikes and twitch force",
            "Run 300 ms at each stimulus current (normal calcium and magnesium);"
            " count the spikes and read the peak force.",
            ("stimulus (µA/cm²)", "spikes in 300 ms", "peak force (twitches)"),
            1,
            tuple(rows),
        )
    ]


LESSON = LessonSpec(
    number=6,
    notebook="06_inside_the_nerve.ipynb",
    exercises=(
        Exercise(
            "06.1",
            "How much magnesium keeps a low-calcium membrane quiet?",
            EXPECTS_06_1,
            (
                "nerve.fires_spontaneously(0.8, magnesium) with an array of magnesium values"
                " gives True where the membrane fires on its own.",
                "np.round(np.arange(0.0, 1.5, 0.05), 2) lists the magnesium values; keep"
                " those that stay quiet and take the smallest.",
                "Step by step: magnesium = np.round(np.arange(0.0, 1.5, 0.05), 2);"
                " quiet = ~nerve.fires_spontaneously(0.8, magnesium) is True where it"
                " stays quiet; magnesium[quiet] keeps those values, and .min() takes"
                " the lowest.",
            ),
            judge_06_1,
            lambda: f"{quiet_magnesium():.2f} mmol/L",
        ),
    ),
    demos=("06.demo.nerve-explorer",),
    tables=worksheet_tables,
)
