"""The questions a teacher can put to the whole room in a live round.

The bank is built from the lessons themselves, so a round asks exactly what a lesson
asks and its answer is the lesson's answer:

- every quiz question (``data/quiz.csv``), id ``quiz:<question id>``;
- every case of lesson 05 (``data/cases.csv``), id ``case:<case>``: which cause fits
  best; more than one cause can be sound (:attr:`RoomQuestion.sound`);
- every claim of the article graded in lesson 07 (``data/claims.csv``), id
  ``claim:<claim>``: which verdict the evidence gives;
- numeric predictions (:data:`NUMBERS`), id ``number:<slug>``, whose answer the model
  computes when the bank is built (the likelihood model of lessons 00-03 or the nerve
  of lesson 06), never a typed figure.

A choice question lists its options in one fixed order for the whole room, shuffled
(:func:`twitchlib.answers.option_order` with :data:`ROOM_KEY`): the right option is not
first, and every phone shows the same list as the projector. A claim's verdicts keep
their scale (strongest support first), as lesson 07 shows them.

>>> q = question("number:caffeine-600mg")
>>> q.kind, q.unit, q.lesson
('number', '%', 3)
>>> check_room_answer(q, " 15 % ")
'15'
>>> question("quiz:q4_rda").kind
'choice'
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from .. import answers, nerve
from .._data import load_table
from ..knowledge import VERDICTS, causes, claims
from ..likelihood import assess
from ..scenario import Scenario

# Seeds the one order of options the whole room sees (projector and phones alike).
ROOM_KEY = "the whole room"
KINDS = ("choice", "number")
MAX_NUMBER_CHARS = 40


@dataclass(frozen=True)
class RoomQuestion:
    """One question of the live-round bank.

    ``kind`` is ``"choice"`` (pick one of ``options``) or ``"number"`` (type a number
    in ``unit``, from ``low`` to ``high``). ``answer`` is the right option's text, or
    the model's ``value`` as the text a student would type; ``sound`` every option
    that counts as right (a case can have two). ``explanation`` is the reasoning shown
    at the reveal.
    """

    id: str
    lesson: int
    kind: str
    prompt: str
    options: tuple[str, ...]
    answer: str
    unit: str
    explanation: str
    low: float | None = None
    high: float | None = None
    value: float | None = None
    sound: tuple[str, ...] = ()
    source: str = ""

    def is_right(self, answer: str) -> bool:
        """Whether ``answer`` (as :func:`check_room_answer` gives it) is right: a sound
        option, or a number within :meth:`tolerance` of the model's value."""
        if self.kind == "choice":
            return answer in self.sound
        try:
            return abs(float(answer) - float(self.value)) <= self.tolerance()
        except (TypeError, ValueError):
            return False

    def tolerance(self) -> float:
        """How far from the model's value a prediction still counts as right: 2
        percentage points for a likelihood, 1 for a count of spikes."""
        return 2.0 if self.unit == "%" else 1.0

    def tolerance_words(self) -> str:
        """:meth:`tolerance` in words: "2 points" (of a likelihood), "1 spike"."""
        n = self.tolerance()
        if self.unit == "%":
            return f"{n:g} points"
        return f"{n:g} spike" + ("" if n == 1 else "s")


@dataclass(frozen=True)
class NumberQuestion:
    """A numeric prediction: its words, and the model run that answers it."""

    slug: str
    lesson: int
    prompt: str
    unit: str
    low: float
    high: float
    run: Callable[[], float]
    explanation: str
    source: str


def _percent(**factors: float | bool) -> float:
    return round(100 * assess(Scenario(**factors)).likelihood, 1)


def _spikes(calcium_mmol_l: float, current_ua_cm2: float) -> float:
    trace = nerve.simulate(current_ua_cm2, 100.0, ionized_calcium=calcium_mmol_l)
    return float(trace.spike_count)


NUMBERS = (
    NumberQuestion(
        "healthy",
        0,
        "Someone well slept and going about their day, with normal blood values,"
        " stress 2 of 10 and no caffeine: what likelihood of noticing a twitch"
        " within 7 days does the model give?",
        "%",
        0,
        100,
        lambda: _percent(),
        "Even a healthy, rested person has a likelihood above zero: harmless twitches"
        " are common. The model's number is a teaching estimate, not a measurement.",
        "twitchlib.assess(Scenario())",
    ),
    NumberQuestion(
        "low-magnesium",
        1,
        "Serum magnesium falls from 0.85 to 0.55 mmol/L, everything else normal"
        " (healthy: {healthy} %): what likelihood of noticing a twitch within 7 days"
        " does the model give?",
        "%",
        0,
        100,
        lambda: _percent(serum_magnesium=0.55),
        "The small rise comes from the axon: less magnesium screens its membrane"
        " charge a little less, so it is a little easier to excite. Less magnesium"
        " also lets more transmitter out per impulse, but a healthy junction already"
        " releases several times what it needs, so that adds nothing.",
        "twitchlib.assess(Scenario(serum_magnesium=0.55))",
    ),
    NumberQuestion(
        "dehydration-3pct",
        2,
        "A person has lost 3 % of their body mass as water, everything else normal"
        " (healthy: {healthy} %): what likelihood of noticing a twitch within 7 days"
        " does the model give?",
        "%",
        0,
        100,
        lambda: _percent(dehydration_pct=3),
        "For cramps two explanations compete (upset electrolytes, or extra"
        " tiredness) and the evidence is disputed. No study links either to"
        " twitches, so the model keeps both tiny: 3 % barely moves the likelihood.",
        "twitchlib.assess(Scenario(dehydration_pct=3))",
    ),
    NumberQuestion(
        "caffeine-600mg",
        3,
        "600 mg of caffeine a day (about six or seven cups of coffee), everything else"
        " normal (healthy: {healthy} %): what likelihood of noticing a twitch within"
        " 7 days does the model give?",
        "%",
        0,
        100,
        lambda: _percent(caffeine_mg_per_day=600),
        "Caffeine blocks adenosine receptors and so raises the activity of the brain"
        " and spinal cord; how that reaches the motor nerve is not settled, and"
        " twitches most likely start at the nerve endings. In the model its push is"
        " small at ordinary intakes and rises steeply around 1 g a day, where"
        " twitching is a sign of caffeine intoxication.",
        "twitchlib.assess(Scenario(caffeine_mg_per_day=600))",
    ),
    NumberQuestion(
        "stress-8-caffeine-400mg",
        3,
        "Stress at 8 out of 10 and 400 mg of caffeine a day (healthy: {healthy} %):"
        " what likelihood of noticing a twitch within 7 days does the model give?",
        "%",
        0,
        100,
        lambda: _percent(stress=8, caffeine_mg_per_day=400),
        "Nearly all of the rise is the stress: 400 mg of caffeine adds about one"
        " point, because caffeine's push stays small below about 1 g a day. Each"
        " push multiplies the odds; the likelihood rises with the odds, though not"
        " in proportion.",
        "twitchlib.assess(Scenario(stress=8, caffeine_mg_per_day=400))",
    ),
    NumberQuestion(
        "spikes-calcium-0.9",
        6,
        "A weak stimulus (5 µA/cm² for 100 ms) gives 1 spike at normal ionized"
        " calcium (1.24 mmol/L). How many spikes at 0.9 mmol/L?",
        "spikes in 100 ms",
        0,
        50,
        lambda: _spikes(0.9, 5.0),
        "In this squid-membrane model, less calcium outside screens the membrane's"
        " charge less, so its gates open at more negative voltages: a smaller push"
        " is enough, and the same weak stimulus fires again and again. In a person,"
        " ionized calcium this low with tingling or spasms needs urgent medical"
        " help.",
        "twitchlib.nerve.simulate(5.0, 100.0, ionized_calcium=0.9)",
    ),
    NumberQuestion(
        "spikes-calcium-0.6",
        6,
        "A weaker stimulus (2 µA/cm² for 100 ms) gives no spike at normal ionized"
        " calcium (1.24 mmol/L). How many spikes at 0.6 mmol/L?",
        "spikes in 100 ms",
        0,
        50,
        lambda: _spikes(0.6, 2.0),
        "In this squid-membrane model, the lower the calcium, the smaller the"
        " stimulus that keeps the nerve firing. In a person, calcium this low is an"
        " emergency: spasms of the hands and feet (tetany), possibly of the throat,"
        " seizures or heart-rhythm problems. Call emergency services.",
        "twitchlib.nerve.simulate(2.0, 100.0, ionized_calcium=0.6)",
    ),
)


def _quiz_questions() -> list[RoomQuestion]:
    table = load_table("quiz")
    found = []
    for qid, rows in table.groupby("question_id", sort=False):
        right = rows[rows.correct]
        options = tuple(answers.option_order(qid, rows.option.tolist(), ROOM_KEY))
        found.append(
            RoomQuestion(
                id=f"quiz:{qid}",
                lesson=int(rows.lesson.iloc[0]),
                kind="choice",
                prompt=str(rows.question.iloc[0]),
                options=options,
                answer=str(right.option.iloc[0]),
                unit="",
                explanation=_without_verdict(str(right.feedback.iloc[0])),
                sound=tuple(right.option.astype(str)),
            )
        )
    return found


def _case_questions() -> list[RoomQuestion]:
    names = causes().set_index("cause")["name"]
    found = []
    for row in load_table("cases").itertuples():
        options = tuple(
            answers.option_order(row.case, [names[o] for o in row.options], ROOM_KEY)
        )
        found.append(
            RoomQuestion(
                id=f"case:{row.case}",
                lesson=5,
                kind="choice",
                prompt=(
                    f"{row.title}: {row.story} When: {row.timing}. With:"
                    f" {row.accompanying_symptoms}. Context: {row.context}."
                    " Which cause fits best?"
                ),
                options=options,
                answer=str(names[row.best_fit]),
                unit="",
                explanation=str(row.reasoning),
                sound=tuple(names[o] for o in (row.best_fit, *row.also_sound)),
            )
        )
    return found


def _claim_questions() -> list[RoomQuestion]:
    return [
        RoomQuestion(
            id=f"claim:{row.claim}",
            lesson=7,
            kind="choice",
            prompt=(
                f"The article says: {row.statement} What verdict does the"
                " evidence give?"
            ),
            options=tuple(VERDICTS),
            answer=str(row.verdict),
            unit="",
            explanation=str(row.evidence),
            sound=(str(row.verdict),),
        )
        for row in claims().itertuples()
    ]


def _number_questions() -> list[RoomQuestion]:
    found = []
    healthy = _number_text(_percent())
    for n in NUMBERS:
        value = float(n.run())
        found.append(
            RoomQuestion(
                id=f"number:{n.slug}",
                lesson=n.lesson,
                kind="number",
                prompt=n.prompt.replace("{healthy}", healthy),
                options=(),
                answer=_number_text(value),
                unit=n.unit,
                explanation=n.explanation,
                low=float(n.low),
                high=float(n.high),
                value=value,
                source=n.source,
            )
        )
    return found


@cache
def _bank() -> tuple[RoomQuestion, ...]:
    every = (
        _quiz_questions() + _case_questions() + _claim_questions() + _number_questions()
    )
    order = {kind: i for i, kind in enumerate(("quiz", "case", "claim", "number"))}
    return tuple(sorted(every, key=lambda q: (q.lesson, order[q.id.split(":", 1)[0]])))


def _without_verdict(feedback: str) -> str:
    """A quiz option's feedback without its leading "Right:" (the reveal says
    whether the student was right in its own words).

    >>> _without_verdict("Right: the weights are illustrative.")
    'The weights are illustrative.'
    """
    text = re.sub(r"^\s*(?:right|correct|yes)\s*[:,.!]\s*", "", feedback, flags=re.I)
    return text[:1].upper() + text[1:]


def bank(lesson: int | None = None) -> list[RoomQuestion]:
    """Every question of the bank in lesson order, or only those of ``lesson`` (0-7).

    >>> sorted({q.kind for q in bank(6)})
    ['choice', 'number']
    """
    every = list(_bank())
    if lesson is None:
        return every
    lessons = sorted({q.lesson for q in every})
    if isinstance(lesson, bool) or lesson not in lessons:
        raise ValueError(
            f"lesson must be a lesson number, one of {lessons}; got {lesson!r}"
        )
    return [q for q in every if q.lesson == lesson]


def question(question_id: str) -> RoomQuestion:
    """The bank's question ``question_id`` (such as ``"case:hot_run"``).

    >>> question("claim:C08").answer
    'not supported'
    """
    for q in _bank():
        if q.id == question_id:
            return q
    raise ValueError(
        f"unknown question id {str(question_id)[:80]!r}: the bank's ids look like"
        " 'quiz:q4_rda', 'case:hot_run', 'claim:C08' or 'number:caffeine-600mg'"
    )


def is_known(question_id: str) -> bool:
    """Whether ``question_id`` is in the bank (for a class store's check of ids).

    >>> is_known("number:caffeine-600mg"), is_known("number:nothing")
    (True, False)
    """
    return any(q.id == question_id for q in _bank())


def check_room_answer(q: RoomQuestion, text: object) -> str:
    """A student's answer to ``q`` as the round stores it, or a ValueError whose
    message the student can act on.

    A choice must be one of the options (upper or lower case alike); a number may
    carry its unit ("15 %"), a decimal comma ("13,5") and spaces, and must lie from
    ``q.low`` to ``q.high``. A number comes back as its shortest text ("15", "13.5").

    >>> check_room_answer(question("number:spikes-calcium-0.9"), "6 spikes")
    '6'
    >>> check_room_answer(question("number:caffeine-600mg"), "lots")
    Traceback (most recent call last):
    ...
    ValueError: type a number from 0 to 100 (%), such as 20; 'lots' is not a number
    """
    if not isinstance(text, str) or not text.strip():
        raise ValueError(
            "choose one of the options" if q.kind == "choice" else _number_hint(q)
        )
    given = text.strip()
    if q.kind == "choice":
        for option in q.options:
            if option.casefold() == given.casefold():
                return option
        raise ValueError(
            f"{given[:40]!r} is not one of the options: {'; '.join(q.options)}"
        )
    if len(given) > MAX_NUMBER_CHARS:
        raise ValueError(f"{_number_hint(q)}; that answer is too long")
    bare = given
    for word in sorted({q.unit, *q.unit.split()}, key=len, reverse=True):
        if word and bare.lower().endswith(word.lower()):
            bare = bare[: -len(word)].strip()
    bare = bare.replace(",", ".").replace(" ", "")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", bare):
        raise ValueError(f"{_number_hint(q)}; {given[:40]!r} is not a number")
    value = float(bare)
    if not math.isfinite(value) or not q.low <= value <= q.high:
        raise ValueError(f"{_number_hint(q)}; {given[:40]!r} is outside that range")
    return _number_text(value)


def _number_hint(q: RoomQuestion) -> str:
    example = _number_text(q.low + (q.high - q.low) / 5)
    return f"type a number from {q.low:g} to {q.high:g} ({q.unit}), such as {example}"


def _number_text(value: float) -> str:
    return f"{round(value, 1):g}"
