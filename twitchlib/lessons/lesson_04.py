"""Lesson 04, magnesium on your plate: its exercise (04.1), worksheet table, demo."""

from __future__ import annotations

from functools import cache
from typing import Any

from ..diet import foods, rda
from .checking import Exercise, read_names
from .spec import DataTable, LessonSpec

EXPECTS_04_1 = (
    "give the foods' names in order, as a list or as the rows of the food table"
)
# The day of meals the worksheet adds up (foods of data/foods.csv).
WORKSHEET_DAY = (
    "Pumpkin seeds, roasted",
    "Spinach, boiled",
    "Black beans, cooked",
    "Banana",
)


@cache
def rich_foods() -> list[str]:
    """The foods with at least 15 % of the Daily Value per serving, richest first.

    >>> rich_foods()[0]
    'Pumpkin seeds, roasted'
    """
    table = foods()
    rich = table[table.percent_dv >= 15].sort_values("mg_per_serving", ascending=False)
    return rich.food.tolist()


def judge_04_1(answer: Any) -> tuple[bool, str]:
    """Exercise 04.1: the magnesium-rich foods, sorted from the richest down."""
    given = read_names(answer, "food", EXPECTS_04_1)
    right = rich_foods()
    if given == right:
        return True, (
            f"{len(right)} foods, from {right[0]} down to {right[-1]}: seeds,"
            " nuts, legumes and greens lead."
        )
    if sorted(given) == sorted(right):
        return False, "the right foods, but not sorted from the richest down."
    missing = len([f for f in right if f not in given])
    extra = len([f for f in given if f not in right])
    return False, (
        f"{missing} food(s) missing and {extra} below 15% of the Daily Value"
        " in your list."
    )


def worksheet_tables() -> list[DataTable]:
    """A day of magnesium from four foods, against the RDA of a woman aged 25."""
    table = foods().set_index("food")
    rows = [
        (
            food,
            str(table.loc[food, "serving"]),
            f"{table.loc[food, 'mg_per_serving']:.0f}",
        )
        for food in WORKSHEET_DAY
        if food in table.index
    ]
    rows.append(("total for the day", "", f"{sum(float(r[2]) for r in rows):.0f}"))
    rows.append(("RDA, woman aged 25", "", f"{rda(25, 'female'):.0f}"))
    return [
        DataTable(
            "A day of magnesium",
            "Find each food's magnesium per serving, add them up, compare with"
            " the RDA.",
            ("food", "serving", "magnesium (mg)"),
            2,
            tuple(rows),
        )
    ]


LESSON = LessonSpec(
    number=4,
    notebook="04_magnesium_on_your_plate.ipynb",
    exercises=(
        Exercise(
            "04.1",
            "Foods with at least 15% of the Daily Value",
            EXPECTS_04_1,
            (
                "foods[foods.percent_dv >= 15] keeps the rich foods.",
                'sort_values("mg_per_serving", ascending=False) puts the richest first.',
            ),
            judge_04_1,
            lambda: ", ".join(rich_foods()),
        ),
    ),
    demos=("04.demo.diet-planner",),
    tables=worksheet_tables,
)
