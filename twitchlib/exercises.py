"""Exercises that check themselves: ``tl.check("03.1", answer)``.

Each lesson's exercise has an id (``"03.1"``: lesson 03, exercise 1). A check says
whether the answer is right and why, or what is wrong, with a ladder of hints: the
first wrong answer gets the first hint, the second wrong answer the second hint, and
after that the advice to ask the teacher. It never shows the solution (that is in the
instructor edition only) and never raises: an answer it cannot read gets a message
saying what kind of answer is expected.

Right answers are computed from the model when a check runs, so they follow the
model if its figures change. Every check is recorded in the student's answer file
(:mod:`twitchlib.answers`). Checks are pure Python: they run offline, in JupyterLab
and in Voilà (the result displays as HTML, and as text elsewhere).

>>> import twitchlib as tl
>>> tl.check("03.1", ...).status
'unanswered'
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from . import answers as _answers

ASK_TEACHER = (
    "Ask your teacher, or a classmate who has solved it, to look at your code with you."
)


class _Unreadable(Exception):
    """The answer is not of the expected kind; the message says what is expected."""


@dataclass(frozen=True)
class Exercise:
    """One exercise: what it asks for, how to judge an answer, and its hints.

    ``judge(answer)`` returns ``(correct, message)`` or raises :class:`_Unreadable`;
    ``answer_text()`` gives the right answer in words, for answer keys.
    """

    exercise_id: str
    title: str
    expects: str
    hints: tuple[str, str]
    judge: Callable[[Any], tuple[bool, str]]
    answer_text: Callable[[], str]

    @property
    def lesson(self) -> int:
        return int(self.exercise_id.split(".")[0])


@dataclass(frozen=True)
class CheckResult:
    """What a check says: ``status`` is right, wrong, unanswered or unreadable."""

    exercise_id: str
    status: str
    message: str
    hint: str = ""

    @property
    def correct(self) -> bool:
        return self.status == "right"

    def __str__(self) -> str:
        mark = {"right": "✔ Right.", "wrong": "✘ Not yet."}.get(self.status, "…")
        hint = f"\nHint: {self.hint}" if self.hint else ""
        return f"Exercise {self.exercise_id}: {mark} {self.message}{hint}"

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        colour = {"right": "#009E73", "wrong": "#D55E00"}.get(self.status, "#0072B2")
        mark = {"right": "✔ Right.", "wrong": "✘ Not yet."}.get(self.status, "")
        hint = f"<br><b>Hint:</b> {html.escape(self.hint)}" if self.hint else ""
        return (
            f"<div role='status' style='border-left:4px solid {colour};"
            f"padding:0.3em 0.8em'><b>Exercise {html.escape(self.exercise_id)}"
            f"</b> <b>{mark}</b> {html.escape(self.message)}{hint}</div>"
        )


# --- reading answers ---------------------------------------------------------------


def _number(answer: Any, expects: str) -> float:
    if isinstance(answer, bool):
        raise _Unreadable(f"{answer} is a yes/no value; {expects}.")
    try:
        import numpy as np

        if isinstance(answer, np.ndarray) and answer.size == 1:
            answer = answer.item()
    except ImportError:  # pragma: no cover - numpy is a dependency
        pass
    if (
        hasattr(answer, "item")
        and callable(answer.item)
        and not isinstance(answer, str)
    ):
        try:
            answer = answer.item()
        except (ValueError, TypeError):
            raise _Unreadable(f"that holds more than one value; {expects}.") from None
    if isinstance(answer, str):
        text = answer.strip().rstrip("%").strip()
        try:
            answer = float(text)
        except ValueError:
            raise _Unreadable(f"{answer!r} is not a number; {expects}.") from None
    if not isinstance(answer, (int, float)):
        raise _Unreadable(f"a {type(answer).__name__} is not a number; {expects}.")
    value = float(answer)
    if math.isnan(value) or math.isinf(value):
        raise _Unreadable(f"{value} is not a usable number; {expects}.")
    return value


def _names(answer: Any, column: str, expects: str) -> list[str]:
    """A list of names from a list, a Series or a DataFrame with a ``column``."""
    if isinstance(answer, str):
        return [answer]
    if hasattr(answer, "columns"):
        if column not in answer.columns:
            raise _Unreadable(f"your table has no {column!r} column; {expects}.")
        answer = answer[column]
    if hasattr(answer, "tolist"):
        answer = answer.tolist()
    if not isinstance(answer, (list, tuple, set)):
        raise _Unreadable(f"a {type(answer).__name__} is not a list; {expects}.")
    if not all(isinstance(item, str) for item in answer):
        raise _Unreadable(f"the list should hold names (text); {expects}.")
    return list(answer)


def _direction(answer: Any, expects: str) -> str:
    text = str(getattr(answer, "value", answer)).strip().lower()
    words = {
        "up": "up",
        "↑": "up",
        "rises": "up",
        "increase": "up",
        "+": "up",
        "down": "down",
        "↓": "down",
        "falls": "down",
        "decrease": "down",
        "-": "down",
        "unknown": "unknown",
        "?": "unknown",
        "ambiguous": "unknown",
        "none": "none",
        "unchanged": "none",
        "=": "none",
        "0": "none",
        "stays": "none",
    }
    for key in (text, text.split(".")[-1]):
        if key in words:
            return words[key]
    raise _Unreadable(f"{answer!r} is not a direction; {expects}.")


# --- the exercises -----------------------------------------------------------------


@cache  # the model is deterministic: compute once per session
def _stress_change() -> tuple[float, float]:
    from .likelihood import assess
    from .scenario import Scenario

    return assess(Scenario(stress=2)).likelihood, assess(Scenario(stress=8)).likelihood


def _judge_00_1(answer: Any) -> tuple[bool, str]:
    low, high = _stress_change()
    value = _number(answer, EXERCISES["00.1"].expects)
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


# The two quantities exercise 01.1 asks about, in the order the answer gives them.
DEHYDRATION_ASKS = ("electrolyte_balance", "muscle_fatigue", "twitching")
_LABELS = {
    "electrolyte_balance": "electrolyte balance",
    "muscle_fatigue": "neuromuscular fatigue",
    "twitching": "twitching",
}


@cache
def _propagated(direction_of: str) -> str:
    from .qualitative import propagate

    value = propagate({"hydration": "down"})[direction_of]
    return str(getattr(value, "value", value)).split(".")[-1].lower()


def _judge_01_1(answer: Any) -> tuple[bool, str]:
    expects = EXERCISES["01.1"].expects
    size = len(DEHYDRATION_ASKS)
    if isinstance(answer, dict):
        given_raw = tuple(answer.get(name) for name in DEHYDRATION_ASKS)
    elif isinstance(answer, (list, tuple)) and len(answer) == size:
        given_raw = tuple(answer)
    else:
        raise _Unreadable(f"expected {size} directions; {expects}.")
    given = tuple(_direction(item, expects) for item in given_raw)
    right = tuple(_direction(_propagated(name), expects) for name in DEHYDRATION_ASKS)
    words = {"up": "rises", "down": "falls", "unknown": "is undecided", "none": "stays"}
    labels = [_LABELS.get(name, name.replace("_", " ")) for name in DEHYDRATION_ASKS]
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
    wrong = [label for label, g, r in zip(labels, given, right, strict=True) if g != r]
    return False, f"look again at {' and '.join(wrong)}."


@cache
def _timing_causes() -> list[str]:
    from .knowledge import causes

    table = causes()
    return table[table.typical_timing.str.contains("exercise|standing")].name.tolist()


def _judge_02_1(answer: Any) -> tuple[bool, str]:
    given = _names(answer, "name", EXERCISES["02.1"].expects)
    right = _timing_causes()
    missing = [n for n in right if n not in given]
    extra = [n for n in given if n not in right]
    if not missing and not extra:
        return True, (
            f"{len(right)} causes: {', '.join(right)}. Each comes with an event"
            " (exercise or standing), which is what separates them from low"
            " magnesium."
        )
    parts = []
    if missing:
        parts.append(f"{len(missing)} cause(s) are missing")
    if extra:
        parts.append(f"{len(extra)} do not mention exercise or standing")
    return False, "; ".join(parts) + "."


@cache
def _stress_threshold() -> int:
    from .likelihood import sweep

    curve = sweep("stress", range(11), base={"caffeine_mg_per_day": 400})
    above = curve[curve.likelihood > 0.20].stress
    return int(above.min())


def _judge_03_1(answer: Any) -> tuple[bool, str]:
    value = _number(answer, EXERCISES["03.1"].expects)
    right = _stress_threshold()
    if 0 < value < 1:
        return (
            False,
            "that looks like a likelihood; the question asks for a stress level.",
        )
    if value != int(value) or not 0 <= value <= 10:
        raise _Unreadable(
            f"{value:g} is not a stress level; {EXERCISES['03.1'].expects}."
        )
    if int(value) == right:
        return True, (
            f"at stress {right} the likelihood first passes 20% with 400 mg/day"
            " of caffeine."
        )
    if int(value) == right - 1:
        return False, "at that level the likelihood has not yet passed 20%."
    if int(value) > right:
        return False, "the likelihood already passes 20% at a lower stress level."
    return False, "at that level the likelihood is still below 20%."


@cache
def _rich_foods() -> list[str]:
    from .diet import foods

    table = foods()
    rich = table[table.percent_dv >= 15].sort_values("mg_per_serving", ascending=False)
    return rich.food.tolist()


def _judge_04_1(answer: Any) -> tuple[bool, str]:
    given = _names(answer, "food", EXERCISES["04.1"].expects)
    right = _rich_foods()
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


LEE_CASE = "exam_week"


@cache
def _sound_choices(case: str = LEE_CASE) -> tuple[str, ...]:
    """The case's options that count as sound (best fit and other sound answers), as names."""
    from ._data import load_table
    from .knowledge import causes

    names = causes().set_index("cause")["name"]
    row = load_table("cases").set_index("case").loc[case]
    sound = {row.best_fit, *row.also_sound}
    return tuple(names[o] for o in row.options if o in sound)


def _judge_05_1(answer: Any) -> tuple[bool, str]:
    from ._data import load_table
    from .knowledge import causes

    expects = EXERCISES["05.1"].expects
    if isinstance(answer, tuple) and len(answer) == 2 and isinstance(answer[0], bool):
        raise _Unreadable(
            "that is what judge_case returns (sound or not, and why);"
            " collect the choices it calls sound in a list"
        )
    given_names = _names(answer, "name", expects)
    names = causes().set_index("cause")["name"]
    by_name = {name.lower(): name for name in names}
    given = set()
    for item in given_names:
        name = names.get(item.strip(), by_name.get(item.strip().lower()))
        if name is None:
            raise _Unreadable(f"{item!r} is not a cause's name; {expects}")
        given.add(name)
    right = set(_sound_choices())
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


@cache
def _quiet_magnesium() -> float:
    import numpy as np

    from . import nerve

    magnesium = np.round(np.arange(0.0, 1.5, 0.05), 2)
    quiet = ~nerve.fires_spontaneously(0.8, magnesium)
    return float(magnesium[quiet].min())


def _judge_06_1(answer: Any) -> tuple[bool, str]:
    value = _number(answer, EXERCISES["06.1"].expects)
    right = _quiet_magnesium()
    if not 0 <= value <= 5:
        raise _Unreadable(
            f"{value:g} mmol/L is outside 0-5 mmol/L; {EXERCISES['06.1'].expects}."
        )
    if abs(value - right) < 0.025:
        return True, (
            f"from {right:.2f} mmol/L of magnesium up, the membrane stays quiet"
            " at 0.8 mmol/L calcium: calcium does most of the screening."
        )
    if value < right:
        return False, "at that magnesium the membrane still fires on its own."
    return False, "the membrane is already quiet at a lower magnesium."


@cache
def _weak_claims() -> tuple[str, ...]:
    from .knowledge import claims

    table = claims()
    return tuple(table[table.verdict.isin(["contested", "not supported"])].claim)


def _judge_07_1(answer: Any) -> tuple[bool, str]:
    given = _names(answer, "claim", EXERCISES["07.1"].expects)
    right = list(_weak_claims())
    missing = [c for c in right if c not in given]
    extra = [c for c in given if c not in right]
    if not missing and not extra:
        return True, (
            f"{len(right)} claims ({', '.join(right)}): read each one's evidence"
            " and the source it cites before you rewrite it."
        )
    parts = []
    if missing:
        parts.append(
            f"{len(missing)} claim(s) missing (did you include both verdicts?)"
        )
    if extra:
        parts.append(f"{len(extra)} claim(s) graded supported or simplified")
    return False, "; ".join(parts) + "."


EXERCISES: dict[str, Exercise] = {
    exercise.exercise_id: exercise
    for exercise in (
        Exercise(
            "00.1",
            "How much does stress change the likelihood?",
            "give the change in likelihood as a number (0.05, or 5 for percentage points)",
            (
                "tl.assess(tl.Scenario(stress=8)).likelihood is the likelihood at stress 8.",
                "Work out the likelihood at stress 2 and at stress 8, then subtract.",
            ),
            _judge_00_1,
            lambda: "{:.0%} (from {:.0%} to {:.0%})".format(
                _stress_change()[1] - _stress_change()[0], *_stress_change()
            ),
        ),
        Exercise(
            "01.1",
            "What does dehydration do?",
            "give three directions in order: electrolyte balance, neuromuscular fatigue,"
            ' twitching, e.g. ("down", "down", "up")',
            (
                'result = tl.propagate({"hydration": "down"}) gives every quantity\'s'
                " direction.",
                'result["electrolyte_balance"] gives one direction; the other two are'
                ' "muscle_fatigue" and "twitching".',
            ),
            _judge_01_1,
            lambda: ", ".join(
                f"{_LABELS[n]} {_propagated(n)}" for n in DEHYDRATION_ASKS
            ),
        ),
        Exercise(
            "02.1",
            "Causes that come with exercise or standing",
            "give the causes' names, as a list or as the rows of the causes table",
            (
                'causes.typical_timing.str.contains("exercise") finds the rows that mention'
                " exercise.",
                'A pattern "exercise|standing" matches either word.',
            ),
            _judge_02_1,
            lambda: ", ".join(_timing_causes()),
        ),
        Exercise(
            "03.1",
            "The stress level where the likelihood passes 20%",
            "give a whole number of stress from 0 to 10",
            (
                'tl.sweep("stress", range(11), base={"caffeine_mg_per_day": 400}) gives the'
                " likelihood at each stress level.",
                "Keep the rows where the likelihood is above 0.20 and take the smallest"
                " stress.",
            ),
            _judge_03_1,
            lambda: f"stress {_stress_threshold()}",
        ),
        Exercise(
            "04.1",
            "Foods with at least 15% of the Daily Value",
            "give the foods' names in order, as a list or as the rows of the food table",
            (
                "foods[foods.percent_dv >= 15] keeps the rich foods.",
                'sort_values("mg_per_serving", ascending=False) puts the richest first.',
            ),
            _judge_04_1,
            lambda: ", ".join(_rich_foods()),
        ),
        Exercise(
            "05.1",
            "The sound explanations of Lee's exam week",
            'give a list of the explanations judge_case calls sound, e.g. ["Dehydration"]',
            (
                'tl.widgets.judge_case("Lee\'s exam week", "Stress and anxiety") returns'
                " (sound, reasoning): the first value says whether that choice is sound.",
                "Try each of the three choices in a loop and keep those whose first value is"
                " True; more than one can be sound.",
            ),
            _judge_05_1,
            lambda: ", ".join(_sound_choices()),
        ),
        Exercise(
            "06.1",
            "How much magnesium keeps a low-calcium membrane quiet?",
            "give a magnesium concentration in mmol/L, e.g. 0.45",
            (
                "nerve.fires_spontaneously(0.8, magnesium) with an array of magnesium values"
                " gives True where the membrane fires on its own.",
                "np.round(np.arange(0.0, 1.5, 0.05), 2) lists the magnesium values; keep"
                " those that stay quiet and take the smallest.",
            ),
            _judge_06_1,
            lambda: f"{_quiet_magnesium():.2f} mmol/L",
        ),
        Exercise(
            "07.1",
            "The claims the evidence does not back",
            'give the claims\' ids (e.g. ["C01", "C02"]) or the rows of the claims table',
            (
                "tl.claims().query(\"verdict == 'contested'\") keeps the contested claims.",
                "verdict in ['contested', 'not supported'] matches either verdict.",
            ),
            _judge_07_1,
            lambda: ", ".join(_weak_claims()),
        ),
    )
}


def exercises(lesson: int | None = None) -> list[Exercise]:
    """The exercises, in order; those of one lesson if ``lesson`` is given.

    >>> [e.exercise_id for e in exercises(3)]
    ['03.1']
    """
    return [e for e in EXERCISES.values() if lesson is None or e.lesson == lesson]


def check(exercise_id: str, answer: Any) -> CheckResult:
    """Check an answer to an exercise; say why it is right, or what is wrong, with hints.

    ``exercise_id`` is the id shown with the exercise (``"03.1"``). ``answer`` is the
    student's answer: a number, a name, a list or a table, as the exercise asks. The
    result shows as a message; ``result.correct`` is True when it is right.

    >>> check("03.1", 3).status
    'wrong'
    >>> check("03.1", "seven").status
    'unreadable'
    """
    exercise = EXERCISES.get(str(exercise_id).strip())
    if exercise is None:
        return CheckResult(
            str(exercise_id),
            "unreadable",
            f"there is no exercise {exercise_id!r}; the exercises are"
            f" {', '.join(EXERCISES)}.",
        )
    if answer is ... or answer is None:
        return CheckResult(
            exercise.exercise_id,
            "unanswered",
            f"Replace the ... with your answer, then run the cell again:"
            f" {exercise.expects}.",
        )
    try:
        correct, message = exercise.judge(answer)
    except _Unreadable as problem:
        return CheckResult(
            exercise.exercise_id,
            "unreadable",
            f"This answer cannot be checked: {problem}",
        )
    except Exception as problem:  # noqa: BLE001 - a student's object must never crash a check
        return CheckResult(
            exercise.exercise_id,
            "unreadable",
            f"This answer cannot be checked ({type(problem).__name__}):"
            f" {exercise.expects}.",
        )
    before = _answers.wrong_attempts(exercise.exercise_id)
    _answers.record(exercise.lesson, "exercise", exercise.exercise_id, answer, correct)
    if correct:
        return CheckResult(
            exercise.exercise_id, "right", message[:1].upper() + message[1:]
        )
    hint = exercise.hints[before] if before < len(exercise.hints) else ASK_TEACHER
    return CheckResult(
        exercise.exercise_id, "wrong", message[:1].upper() + message[1:], hint
    )
