"""Lesson 02, many roads to a twitch: its exercises and worksheet table.

02.2 (the causes that share the drive route) comes first in the notebook, at its
Question 2; 02.1 (causes with exercise or standing) at the end. The ids stay as
they were first given, so answers already saved keep their meaning."""

from __future__ import annotations

from functools import cache
from typing import Any

from ..knowledge import cause_scenario, causes, mechanisms
from ..likelihood import assess
from .checking import Exercise, Names, read_names
from .spec import DataTable, LessonSpec

EXPECTS_02_1 = "give the causes' names, as a list or as the rows of the causes table"
EMPTY_02_1 = (
    "no cause passed your filter. The timings are written in lowercase"
    ' ("after hard exercise"), and the pattern "exercise|standing" matches either'
    " word; check it on causes.typical_timing"
)


EXPECTS_02_2 = (
    "give the causes that act through the drive, as the rows of the causes table or"
    " their names"
)
EMPTY_02_2 = (
    "no cause passed your filter. The mechanism names are written in words"
    ' ("Central and motor-neuron drive"), so look for "drive" in causes.acts_through,'
    " in lowercase"
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


@cache
def drive_causes() -> list[str]:
    """The causes that act through the central and motor-neuron drive, by name.

    >>> drive_causes()
    ['Stress and anxiety', 'Too much caffeine']
    """
    names = mechanisms().set_index("mechanism")["name"]
    table = causes()
    through = table.mechanism.apply(lambda keys: any("drive" in names[k] for k in keys))
    return sorted(table[through].name.tolist())


def judge_02_2(answer: Any) -> tuple[bool, str]:
    """Exercise 02.2: the causes that share the drive route (one pandas filter)."""
    return _judge_filter(
        answer,
        drive_causes(),
        EXPECTS_02_2,
        EMPTY_02_2,
        "whose mechanisms include the central and motor-neuron drive",
        "act through the drive",
        "Both act through the drive from brain and spinal cord (a hypothesis of the"
        " model), not through serum magnesium.",
    )


def judge_02_1(answer: Any) -> tuple[bool, str]:
    """Exercise 02.1: the causes that come with exercise or standing."""
    return _judge_filter(
        answer,
        timing_causes(),
        EXPECTS_02_1,
        EMPTY_02_1,
        "whose typical timing mentions exercise or standing",
        "mention exercise or standing in their typical timing",
        "Each comes with an event (exercise or standing), which is what separates"
        " them from low magnesium.",
    )


def _judge_filter(
    answer: Any,
    right: list[str],
    expects: str,
    empty: str,
    missing_words: str,
    extra_words: str,
    why: str,
) -> tuple[bool, str]:
    """A filter of the causes table: the causes ``right``, diagnosed when not."""
    given = read_names(answer, cause_names(), expects)
    every = causes().name.tolist()
    missing = [n for n in right if n not in given]
    extra = [n for n in given if n not in right]
    if not given:
        return False, empty + "."
    if not missing and not extra:
        return True, f"{len(right)} causes: {', '.join(right)}. {why}"
    if sorted(set(given)) == sorted(every):
        return False, "that is every cause: your filter kept every row."
    if sorted(set(given)) == sorted(set(every) - set(right)):
        return False, (
            "that is every cause except the right ones: your condition is the wrong"
            " way round (~ turns True into False)."
        )
    parts = []
    if missing:
        are = "cause is" if len(missing) == 1 else "causes are"
        parts.append(f"{len(missing)} {are} missing {missing_words}")
    if extra:
        do = "does" if len(extra) == 1 else "do"
        parts.append(f"{', '.join(extra)} in your list {do} not {extra_words}")
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
            "02.2",
            "Causes that share the drive route",
            EXPECTS_02_2,
            (
                'causes.acts_through.str.contains("drive") is True for the rows whose'
                " mechanisms mention the drive.",
                "A True/False column picks rows when it goes inside the brackets:"
                " causes[...].",
                'Step by step: answer = causes[causes.acts_through.str.contains("drive")]'
                " keeps the causes whose mechanisms mention the drive.",
            ),
            judge_02_2,
            lambda: ", ".join(drive_causes()),
        ),
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
