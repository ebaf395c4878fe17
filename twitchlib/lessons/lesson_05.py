"""Lesson 05, telling causes apart: its exercise (05.1), the cases, and its demo."""

from __future__ import annotations

from functools import cache
from typing import Any

from .._data import load_table
from ..knowledge import causes
from .checking import Exercise, Names, Unreadable, read_names
from .spec import LessonSpec

LEE_CASE = "exam_week"
EXPECTS_05_1 = (
    'give a list of the explanations judge_case calls sound, e.g. ["Dehydration"]'
)


@cache
def sound_choices(case: str = LEE_CASE) -> tuple[str, ...]:
    """The case's options that count as sound (best fit and other sound answers),
    by name.

    >>> "Stress and anxiety" in sound_choices()
    True
    """
    names = causes().set_index("cause")["name"]
    row = load_table("cases").set_index("case").loc[case]
    sound = {row.best_fit, *row.also_sound}
    return tuple(names[o] for o in row.options if o in sound)


def judge_05_1(answer: Any) -> tuple[bool, str]:
    """Exercise 05.1: the sound explanations of Lee's exam week."""
    if isinstance(answer, tuple) and len(answer) == 2 and isinstance(answer[0], bool):
        raise Unreadable(
            "that is what judge_case returns (sound or not, and why);"
            " collect the choices it calls sound in a list"
        )
    if isinstance(answer, (list, tuple)) and any(
        isinstance(item, tuple) and item and isinstance(item[0], bool)
        for item in answer
    ):
        raise Unreadable(
            "those are judge_case's results (sound or not, and why), not the"
            " choices; keep each choice whose first value is True"
        )
    names = causes().set_index("cause")["name"]
    given = set(
        read_names(
            answer,
            Names(causes(), ("name", "cause"), "cause name", "causes"),
            EXPECTS_05_1,
        )
    )
    if not given:
        return False, (
            "your list is empty: keep each choice for which judge_case's first value"
            " is True."
        )
    right = set(sound_choices())
    offered = {
        names[o] for o in load_table("cases").set_index("case").loc[LEE_CASE, "options"]
    }
    if given == right:
        return True, (
            f"{' and '.join(sorted(right))} are both sound, and they add up;"
            " magnesium deficiency fits less well: caffeine does not lower serum"
            " magnesium."
        )
    if given - offered:
        return False, "only the three explanations the case offers count here."
    if given - right:
        return False, f"{', '.join(sorted(given - right))} fits this case less well."
    return False, f"you found {len(given)} of the {len(right)} sound explanations."


LESSON = LessonSpec(
    number=5,
    notebook="05_telling_causes_apart.ipynb",
    exercises=(
        Exercise(
            "05.1",
            "The sound explanations of Lee's exam week",
            EXPECTS_05_1,
            (
                'tl.lessons.activities.judge_case("Lee\'s exam week", "Stress and anxiety") returns'
                " (sound, why): the first value says whether that choice is sound.",
                "Try each of the three choices in a loop and keep those whose first value is"
                " True; more than one can be sound.",
                "Step by step: start with sound = []; for choice in choices: ok, why ="
                ' tl.lessons.activities.judge_case("Lee\'s exam week", choice); if ok:'
                " sound.append(choice).",
            ),
            judge_05_1,
            lambda: ", ".join(sound_choices()),
        ),
    ),
    demos=("05.demo.cases", "05.demo.more-cases"),
    shows_cases=True,
    # Exercise 05.1 asks about Lee; the notebook's two case cells leave out these
    # (tests/test_worksheets.py checks they agree).
    withheld_cases=("Lee's exam week",),
    nothing_to_move=("05.ask.deciding-clue",),
    extension_cases=(
        "Mr Okafor's numb feet",
        "Dee's stomach bug",
        "Mia's deadline",
        "Tom's first leg day",
    ),
)
