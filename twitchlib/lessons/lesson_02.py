"""Lesson 02, many roads to a twitch: its exercise (02.1) and worksheet table."""

from __future__ import annotations

from functools import cache
from typing import Any

from ..knowledge import cause_scenario, causes
from ..likelihood import assess
from .checking import Exercise, Names, read_names
from .spec import DataTable, LessonSpec

EXPECTS_02_1 = "give the causes' names, as a list or as the rows of the causes table"
EMPTY_02_1 = (
    "no cause passed your filter. The timings are written in lowercase"
    ' ("after hard exercise"), and the pattern "exercise|standing" matches either'
    " word; check it on causes.typical_timing"
)


@cache
def cause_names() -> Names:
    """The causes, by name (or by key: ``dehydration``), for reading answers."""
    return Names(causes(), ("name", "cause"), "cause name", "causes")


@cache
def timing_causes() -> list[str]:
    """The causes whose typical timing mentions exercise or standing, by name.

    >>> "Dehydration" in timing_causes()
    True
    """
    table = causes()
    return table[table.typical_timing.str.contains("exercise|standing")].name.tolist()


def judge_02_1(answer: Any) -> tuple[bool, str]:
    """Exercise 02.1: the causes that come with exercise or standing."""
    given = read_names(answer, cause_names(), EXPECTS_02_1)
    right = timing_causes()
    every = causes().name.tolist()
    missing = [n for n in right if n not in given]
    extra = [n for n in given if n not in right]
    if not given:
        return False, EMPTY_02_1 + "."
    if not missing and not extra:
        return True, (
            f"{len(right)} causes: {', '.join(right)}. Each comes with an event"
            " (exercise or standing), which is what separates them from low"
            " magnesium."
        )
    if sorted(set(given)) == sorted(every):
        return False, "that is every cause: your filter kept every row."
    if sorted(set(given)) == sorted(set(every) - set(right)):
        return False, (
            "that is every cause except the right ones: your condition is the wrong"
            " way round (~ turns True into False)."
        )
    parts = []
    if missing:
        parts.append(
            f"{len(missing)} cause(s) are missing whose typical timing mentions"
            " exercise or standing"
        )
    if extra:
        parts.append(
            f"{len(extra)} in your list do not mention exercise or standing in their"
            " typical timing"
        )
    return False, "; ".join(parts) + "."


def worksheet_tables() -> list[DataTable]:
    """The likelihood with each cause on its own."""
    rows = tuple(
        (row.name, f"{assess(cause_scenario(row.cause)).likelihood:.0%}")
        for row in causes().itertuples()
    )
    return [
        DataTable(
            "Each cause on its own",
            "Read each bar of the chart: the likelihood with only this cause.",
            ("cause", "likelihood (%)"),
            1,
            rows,
        )
    ]


LESSON = LessonSpec(
    number=2,
    notebook="02_many_roads_to_a_twitch.ipynb",
    exercises=(
        Exercise(
            "02.1",
            "Causes that come with exercise or standing",
            EXPECTS_02_1,
            (
                'causes.typical_timing.str.contains("exercise") finds the rows that mention'
                " exercise.",
                'A pattern "exercise|standing" matches either word.',
                "Step by step: mask = causes.typical_timing.str.contains("
                '"exercise|standing") is True for the rows you want; causes[mask]'
                ' keeps them; add [["name", "relief_strategy"]] to keep two columns.',
            ),
            judge_02_1,
            lambda: ", ".join(timing_causes()),
        ),
    ),
    tables=worksheet_tables,
)
