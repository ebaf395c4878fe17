"""Lesson 01, calcium and magnesium: its exercise (01.1), worksheet table and demo."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from .._data import load_table
from ..qualitative import propagate
from .checking import Exercise, Unreadable, read_direction
from .reading import describe
from .spec import DataTable, LessonSpec

# The quantities exercise 01.1 asks about, in the order the answer gives them.
DEHYDRATION_ASKS = ("electrolyte_balance", "muscle_fatigue", "twitching")
LABELS = {
    "electrolyte_balance": "electrolyte balance",
    "muscle_fatigue": "neuromuscular fatigue",
    "twitching": "twitching",
}
EXPECTS_01_1 = (
    "give three directions in order: electrolyte balance, neuromuscular fatigue,"
    ' twitching, e.g. ("down", "down", "up")'
)


@cache
def propagated(quantity: str) -> str:
    """The direction of ``quantity`` when hydration falls, in the qualitative model,
    as its arrow (``"↑"``, ``"↓"``, ``"?"``).

    >>> propagated("twitching")
    '↑'
    """
    value = propagate({"hydration": "down"})[quantity]
    return str(getattr(value, "value", value)).split(".")[-1].lower()


def _three(answer: Any) -> tuple[Any, ...]:
    """The three directions a student gave, in order, from the forms they give them in."""
    size = len(DEHYDRATION_ASKS)
    if hasattr(answer, "directions") and hasattr(answer, "explain"):
        raise Unreadable(
            "that is the whole result of tl.propagate, every quantity at once; pick"
            ' the three it asks for, e.g. result["twitching"] is one of them'
        )
    if isinstance(answer, dict):
        # Keyed as tl.propagate names them or in words ("neuromuscular fatigue").
        by_words = {
            " ".join(str(k).replace("_", " ").lower().split()): v
            for k, v in answer.items()
        }
        found = {
            name: by_words.get(name.replace("_", " "), by_words.get(LABELS[name]))
            for name in DEHYDRATION_ASKS
        }
        absent = [name for name, value in found.items() if value is None]
        if absent:
            raise Unreadable(
                "your dictionary has no "
                + " and no ".join(repr(LABELS[a]) for a in absent)
                + f"; {EXPECTS_01_1}"
            )
        return tuple(found[name] for name in DEHYDRATION_ASKS)
    if isinstance(answer, str):
        # "down, up, up" or "down and up and up"
        parts = re.split(r"[,;\s]+", answer.strip("()[] "))
        answer = [p for p in parts if p and p.lower() != "and"]
        for word in answer:  # "idk" is no direction, whatever the count
            read_direction(word, EXPECTS_01_1)
    elif hasattr(answer, "tolist"):
        answer = answer.tolist()
    if isinstance(answer, (list, tuple)):
        if len(answer) == size:
            return tuple(answer)
        raise Unreadable(
            f"you gave {len(answer)} direction{'' if len(answer) == 1 else 's'},"
            f" not {size}; {EXPECTS_01_1}"
        )
    raise Unreadable(f"that is {describe(answer)}; {EXPECTS_01_1}")


def judge_01_1(answer: Any) -> tuple[bool, str]:
    """Exercise 01.1: the three directions that follow when hydration falls."""
    given = tuple(read_direction(item, EXPECTS_01_1) for item in _three(answer))
    right = tuple(
        read_direction(propagated(name), EXPECTS_01_1) for name in DEHYDRATION_ASKS
    )
    words = {"up": "rises", "down": "falls", "unknown": "is undecided", "none": "stays"}
    labels = [LABELS[name] for name in DEHYDRATION_ASKS]
    if given == right:
        said = ", ".join(
            f"{label} {words[d]}" for label, d in zip(labels, right, strict=True)
        )
        return True, (
            f"when hydration falls, {said}: two explanations (electrolytes and"
            " fatigue), both ending in more twitching."
        )
    if sorted(given) == sorted(right):
        return False, f"the right directions in the wrong order ({', '.join(labels)})."
    if all(
        g == {"up": "down", "down": "up"}.get(r, r)
        for g, r in zip(given, right, strict=True)
    ):
        return False, (
            "every direction is the wrong way round: did you propagate a rise in"
            ' hydration? A fall is {"hydration": "down"}.'
        )
    wrong = [label for label, g, r in zip(labels, given, right, strict=True) if g != r]
    return False, f"look again at {' and '.join(wrong)}."


def worksheet_tables() -> list[DataTable]:
    """The directions of every quantity when magnesium falls."""
    labels = load_table("quantities").set_index("quantity")["label"]
    rows = tuple(
        (labels.get(name, name.replace("_", " ")), str(direction.value))
        for name, direction in propagate({"magnesium": "down"}).directions.items()
        if name != "magnesium" and str(direction.value) != "="
    )
    return [
        DataTable(
            "When magnesium falls",
            "Write ↑ (rises), ↓ (falls) or ? (undecided) for each quantity.",
            ("quantity", "direction"),
            1,
            rows,
        )
    ]


LESSON = LessonSpec(
    number=1,
    notebook="01_calcium_and_magnesium.ipynb",
    exercises=(
        Exercise(
            "01.1",
            "What does dehydration do?",
            EXPECTS_01_1,
            (
                'result = tl.propagate({"hydration": "down"}) gives every quantity\'s'
                " direction.",
                'result["electrolyte_balance"] gives one direction; the other two are'
                ' "muscle_fatigue" and "twitching".',
                'Step by step: result = tl.propagate({"hydration": "down"}); then'
                ' answer = (result["electrolyte_balance"], result["muscle_fatigue"],'
                ' ...) with the third name, "twitching", in place of the ....',
            ),
            judge_01_1,
            lambda: ", ".join(f"{LABELS[n]} {propagated(n)}" for n in DEHYDRATION_ASKS),
        ),
    ),
    demos=("01.demo.propagation",),
    tables=worksheet_tables,
    choices={
        "01.ask.which-moves-the-gates": (
            "Magnesium falling",
            "Calcium falling",
            "Both the same",
        )
    },
    # Here, because it falls more than twice as far; per mmol/L calcium moves them more.
    right_choices={"01.ask.which-moves-the-gates": "Magnesium falling"},
)
