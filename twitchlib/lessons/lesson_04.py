"""Lesson 04, magnesium on your plate: its exercise (04.1), worksheet table, demo."""

from __future__ import annotations

from functools import cache
from typing import Any

from ..diet import foods, rda
from .checking import Exercise, Names, read_names
from .spec import DataTable, LessonSpec

EXPECTS_04_1 = (
    "give the foods' names in order, as a list or as the rows of the food table"
)
RICH_PERCENT_DV = 15  # "at least 15 % of the Daily Value", as the exercise says
# The day of meals the worksheet adds up (foods of data/foods.csv).
WORKSHEET_DAY = (
    "Pumpkin seeds, roasted",
    "Spinach, boiled",
    "Black beans, cooked",
    "Banana",
)


@cache
def food_names() -> Names:
    """The foods of ``data/foods.csv`` by name, for reading answers."""
    return Names(foods(), ("food",), "food name", "foods")


@cache
def rich_foods() -> list[str]:
    """The foods with at least 15 % of the Daily Value per serving, richest first.

    >>> rich_foods()[0]
    'Pumpkin seeds, roasted'
    """
    table = foods()
    rich = table[table.percent_dv >= RICH_PERCENT_DV].sort_values(
        "mg_per_serving", ascending=False
    )
    return rich.food.tolist()


def judge_04_1(answer: Any) -> tuple[bool, str]:
    """Exercise 04.1: the magnesium-rich foods, sorted from the richest down."""
    given = read_names(answer, food_names(), EXPECTS_04_1)
    right = rich_foods()
    table = foods().set_index("food")
    if given == right:
        # The foods decide; the metric servings are for the reader, so a table
        # without them is right and hears how to add them.
        metric = (
            ""
            if "metric" in getattr(answer, "columns", ["metric"])
            else (
                " To show each serving in metric units too, keep the metric column:"
                ' rich[["food", "serving", "metric", "mg_per_serving"]].'
            )
        )
        return True, (
            f"{len(right)} foods, from {right[0]} down to {right[-1]}: seeds,"
            f" nuts, legumes and greens lead.{metric}"
        )
    if not given:
        return False, (
            "no food passed your filter. percent_dv is in percent (15 means 15% of"
            " the Daily Value), so compare it with 15: foods.percent_dv >= 15."
        )
    if sorted(given) == sorted(right):
        amounts = [table.loc[f, "mg_per_serving"] for f in given]
        if amounts == sorted(amounts):
            return False, (
                "the right foods, sorted from the poorest up: ascending=False puts"
                " the richest first."
            )
        return False, "the right foods, but not sorted from the richest down."
    missing = [f for f in right if f not in given]
    extra = [f for f in given if f not in right]
    if len(set(given)) == len(table):
        return False, (
            "that is every food: your filter kept every row. percent_dv is in"
            " percent, so 15% is 15, not 0.15."
        )
    if (
        missing
        and not extra
        and all(table.loc[f, "percent_dv"] == RICH_PERCENT_DV for f in missing)
    ):
        return False, (
            f"the foods with exactly {RICH_PERCENT_DV}% are missing: at least 15"
            " includes 15 itself (>=, not >)."
        )
    if not missing:
        return False, (
            f"your list has all the rich foods and {len(extra)} more that give less"
            " than 15% of the Daily Value: is your filter on percent_dv (the % of"
            " the Daily Value), compared with 15?"
        )
    parts = []
    if missing:
        parts.append(
            f"{len(missing)} {'food is' if len(missing) == 1 else 'foods are'} missing"
        )
    if extra:
        parts.append(f"{len(extra)} in your list give less than 15% of the Daily Value")
    return False, " and ".join(parts) + "."


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
                "Step by step: rich = foods[foods.percent_dv >= 15] keeps the rich"
                ' foods; then rich = rich.sort_values("mg_per_serving",'
                " ascending=False); answer = rich.food (or the table rich itself).",
            ),
            judge_04_1,
            lambda: ", ".join(rich_foods()),
        ),
    ),
    demos=("04.demo.diet-planner",),
    tables=worksheet_tables,
)
