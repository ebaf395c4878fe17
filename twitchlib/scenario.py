"""A person's situation, as the inputs of the twitch model.

The factors, their units, allowed ranges and healthy defaults are declared once,
in :data:`FACTORS`; :class:`Scenario`, the DataFrame checks in
:func:`twitchlib.assess` and the notebooks' sliders all read them from there.
"""

from __future__ import annotations

import difflib
import math
import numbers
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from .labs import LAB_QUANTITY, ionized_from_total_calcium, lab_value


@dataclass(frozen=True)
class Factor:
    """One input of the model: its name, unit, allowed range and healthy default."""

    name: str
    label: str
    unit: str
    default: float | bool
    minimum: float | None = None
    maximum: float | None = None
    quantity: str | None = None  # node of the causal graph this factor sets
    adverse: int = 1  # +1: a higher value pushes towards twitching; -1: a lower one
    description: str = ""
    # What a real lab report can show (accepted, flagged and clipped to the range
    # above for the model); None: the same as the model's range.
    report_minimum: float | None = None
    report_maximum: float | None = None

    @property
    def is_switch(self) -> bool:
        return isinstance(self.default, bool)

    @property
    def accepted_minimum(self) -> float | None:
        return self.minimum if self.report_minimum is None else self.report_minimum

    @property
    def accepted_maximum(self) -> float | None:
        return self.maximum if self.report_maximum is None else self.report_maximum

    def describe_range(self) -> str:
        """The range the model covers (and the sliders span), in words."""
        if self.is_switch:
            return "True or False"
        return f"{self.minimum:g} to {self.maximum:g} {self._range_unit()}"

    def _range_unit(self) -> str:
        # "0 to 10 points", not "0 to 10 points on a 0-10 scale": the range says it.
        return "points" if self.unit.endswith(" scale") else self.unit

    def describe_accepted_range(self) -> str:
        """The range of values accepted (a lab report's), in words."""
        if self.is_switch:
            return "True or False"
        text = (
            f"{self.accepted_minimum:g} to {self.accepted_maximum:g}"
            f" {self._range_unit()}"
        )
        if (self.accepted_minimum, self.accepted_maximum) != (
            self.minimum,
            self.maximum,
        ):
            text += f" (the model covers {self.minimum:g} to {self.maximum:g})"
        return text


FACTORS: tuple[Factor, ...] = (
    Factor(
        "serum_magnesium",
        "Serum magnesium",
        "mmol/L",
        0.85,
        0.2,
        2.0,
        "magnesium",
        -1,
        "serum (total) magnesium; normal 0.75-0.95 mmol/L. A measured value already"
        " includes any medicine's effect; left at its default it counts as not"
        " measured, and the medicines' typical losses apply. Values above the normal"
        " range add no twitch risk: high magnesium weakens muscles and reflexes instead",
        report_minimum=0.05,
        report_maximum=10.0,
    ),
    Factor(
        "serum_potassium",
        "Serum potassium",
        "mmol/L",
        4.2,
        2.0,
        7.0,
        "potassium",
        -1,
        "serum potassium; normal 3.5-5.0 mmol/L. A measured value already includes"
        " any medicine's effect; left at its default it counts as not measured",
        report_minimum=0.5,
        report_maximum=15.0,
    ),
    Factor(
        "ionized_calcium",
        "Ionized calcium",
        "mmol/L",
        1.24,
        0.7,
        1.6,
        "calcium",
        -1,
        "ionized (free) serum calcium; normal 1.16-1.31 mmol/L. Left at its default"
        " it counts as not measured",
        report_minimum=0.2,
        report_maximum=5.0,
    ),
    Factor(
        "dehydration_pct",
        "Dehydration",
        "% of body mass lost",
        0.0,
        0.0,
        15.0,
        "hydration",
        -1,
        "body water lost, as a percentage of body mass; beyond 2% counts as"
        " hypohydration, and 10% or more is severe dehydration, an emergency",
    ),
    Factor(
        "caffeine_mg_per_day",
        "Caffeine",
        "mg/day",
        0.0,
        0.0,
        1500.0,
        "caffeine",
        1,
        "caffeine per day; a cup of coffee has 80-100 mg",
    ),
    Factor(
        "stress",
        "Stress and anxiety",
        "points on a 0-10 scale",
        2.0,
        0.0,
        10.0,
        "stress",
        1,
        "0 is completely calm, 10 the worst anxiety imaginable",
    ),
    Factor(
        "muscle_fatigue",
        "Muscle fatigue",
        "points on a 0-10 scale",
        2.0,
        0.0,
        10.0,
        "muscle_fatigue",
        1,
        "0 is fully rested, 10 exhausted from hard exercise or hours of standing",
    ),
    Factor(
        "diuretic",
        "Taking a diuretic",
        "switch",
        False,
        quantity="diuretics",
        description="a loop or thiazide diuretic (water tablet)",
    ),
    Factor(
        "corticosteroid",
        "Taking a corticosteroid",
        "switch",
        False,
        quantity="corticosteroids",
        description="a corticosteroid medicine",
    ),
    Factor(
        "proton_pump_inhibitor",
        "Long-term proton-pump inhibitor",
        "switch",
        False,
        quantity="proton_pump_inhibitors",
        description="a proton-pump inhibitor (acid-reducing medicine) taken for more than a year",
    ),
    Factor(
        "neuropathy",
        "Nerve damage (neuropathy)",
        "switch",
        False,
        quantity="nerve_damage",
        description="for example from diabetes",
    ),
    Factor(
        "tight_footwear",
        "Tight footwear",
        "switch",
        False,
        quantity="tight_footwear",
        description="shoes that squeeze the toes",
    ),
    Factor(
        "at_rest",
        "At rest",
        "switch",
        False,
        quantity="rest",
        description="True: at rest, e.g. in bed at night; False: during or soon"
        " after the day's activity",
    ),
)

FACTOR_BY_NAME: dict[str, Factor] = {f.name: f for f in FACTORS}


def factor(name: str) -> Factor:
    """Return the :class:`Factor` called ``name``, with a suggestion if misspelt.

    >>> factor("stress").unit
    'points on a 0-10 scale'
    """
    try:
        return FACTOR_BY_NAME[name]
    except (KeyError, TypeError):
        raise _unknown(name) from None


def _unknown(name: object) -> ValueError:
    text = str(name).lower()
    by_word = {n.split("_")[0]: n for n in FACTOR_BY_NAME}  # caffeine, stress, ...
    close = (
        [n for n in FACTOR_BY_NAME if text and text in n][:1]
        or difflib.get_close_matches(text, FACTOR_BY_NAME, n=1)
        or [by_word[w] for w in difflib.get_close_matches(text, by_word, n=1)]
    )
    hint = f" Did you mean '{close[0]}'?" if close else ""
    return ValueError(
        f"unknown scenario factor {name!r}.{hint} Known factors: "
        f"{', '.join(FACTOR_BY_NAME)}."
    )


def check_value(spec: Factor, value: Any) -> float | bool:
    """Return ``value`` checked against ``spec``, or raise a clear error.

    Raises
    ------
    TypeError
        For a value of the wrong type (text, None, a number for a switch, ...).
    ValueError
        For NaN, infinity or a value outside the allowed range.
    """
    if spec.is_switch:
        if isinstance(value, (bool, np.bool_)):
            return bool(value)
        raise TypeError(
            f"{spec.name} must be True or False (got {type(value).__name__} {value!r})"
        )
    if isinstance(value, str) and spec.name in LAB_QUANTITY:
        # A lab report's value with its unit, e.g. "1.7 mg/dL".
        value = lab_value(value, LAB_QUANTITY[spec.name])
    if isinstance(value, str):
        # "2%" or "400 mg/day": the number with its unit typed after it.
        typed = re.fullmatch(r"\s*([+-]?\d+(?:\.\d+)?)\s*(\S.*?)?\s*", value)
        alone = ""
        if typed:
            number, unit = float(typed[1]), (typed[2] or "").lower()
            if unit in ("g", "g/day") and spec.unit.startswith("mg"):
                number *= 1000  # grams typed where the factor counts milligrams
            if spec.accepted_minimum <= number <= spec.accepted_maximum:
                alone = (
                    f"; write the number alone, in {spec.unit}: {spec.name}={number:g}"
                )
        raise TypeError(
            f"{spec.name} must be a number from {spec.describe_range()}"
            f" (got the text {value!r}){alone}"
        )
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(
            f"{spec.name} must be a number from {spec.describe_range()}"
            f" (got {type(value).__name__} {value!r})"
        )
    number = float(value)
    if math.isnan(number):
        raise ValueError(
            f"{spec.name} is NaN; give a number from {spec.describe_range()}"
        )
    if not spec.accepted_minimum <= number <= spec.accepted_maximum:
        # 80 on a 0-10 scale is most likely 8 typed with a zero, or a percentage.
        scaled = number / 10
        meant = (
            f"; did you mean {scaled:g}?"
            if spec.unit.endswith(" scale")
            and number % 10 == 0
            and spec.minimum <= scaled <= spec.maximum
            else ""
        )
        raise ValueError(
            f"{spec.name} must be from {spec.describe_accepted_range()}"
            f" (got {number:g}){meant}"
        )
    return number


def is_measured(spec: Factor, value: float | bool) -> bool:
    """Whether a serum value counts as measured: any value but its default.

    A measured lab value already includes the effect of any medicine taken, so
    the model adds a medicine's typical effect only where nothing was measured.

    >>> is_measured(factor("serum_potassium"), 3.7), is_measured(factor("serum_potassium"), 4.2)
    (True, False)
    """
    return spec.name in LAB_QUANTITY and value != spec.default


def unit_slip(spec: Factor, value: float | bool) -> str | None:
    """Words for a value so small that it was probably typed in another unit: grams
    of caffeine for mg, or a fraction for a percentage of body mass lost. The value
    is used as given; the words say what it would be in the unit meant.

    >>> unit_slip(factor("caffeine_mg_per_day"), 0.4)[:48]
    'Caffeine 0.4 mg/day is a tiny amount: if you mea'
    >>> unit_slip(factor("caffeine_mg_per_day"), 400) is None
    True
    """
    if spec.is_switch or not value or value < 0:
        return None
    if spec.name == "caffeine_mg_per_day" and value < 1:
        return (
            f"Caffeine {value:g} mg/day is a tiny amount: if you meant {value:g} g,"
            f" that is {value * 1000:g} mg (caffeine_mg_per_day={value * 1000:g})."
        )
    if spec.name == "dehydration_pct" and value < 0.1:
        return (
            f"A water loss of {value:g}% of body mass is tiny: if you meant the"
            f" fraction {value:g} (that is {value * 100:g}%), write"
            f" dehydration_pct={value * 100:g}."
        )
    return None


def outside_model_range(spec: Factor, value: float | bool) -> str | None:
    """Words for a value accepted from a lab report but beyond the model's range.

    >>> outside_model_range(factor("serum_potassium"), 1.2)[:46]
    'Serum potassium 1.2 mmol/L is below the range '
    """
    if spec.is_switch or spec.minimum <= value <= spec.maximum:
        return None
    side, edge = (
        ("below", spec.minimum) if value < spec.minimum else ("above", spec.maximum)
    )
    return (
        f"{spec.label} {value:g} {spec.unit} is {side} the range the model covers"
        f" ({spec.describe_range()}): it is accepted and the model computes with"
        f" {edge:g} {spec.unit}, so the real effect may be larger."
    )


@dataclass(frozen=True, init=False)
class Scenario:
    """A person's situation: the inputs of :func:`twitchlib.assess`.

    Every argument is keyword-only and optional; the defaults describe a healthy,
    rested, calm adult. Values are checked: a wrong type raises ``TypeError``, NaN
    or a value outside the range raises ``ValueError``; both messages name the
    parameter, its unit and its range.

    Parameters
    ----------
    serum_magnesium : float or str, mmol/L, model range 0.2-2.0 (default 0.85;
        normal 0.75-0.95). A text with its unit (``"1.7 mg/dL"``) is converted.
        Above the normal range it adds no twitch risk (high magnesium weakens
        muscles).
    serum_potassium : float or str, mmol/L, model range 2.0-7.0 (default 4.2;
        normal 3.5-5.0)
    ionized_calcium : float or str, mmol/L, model range 0.7-1.6 (default 1.24;
        normal 1.16-1.31); for a total calcium use :meth:`from_lab_report`.

    A serum value left at its default counts as *not measured*: the model then
    adds the typical effect of any medicine switched on. Any other value is a
    measurement, which already includes the medicines' effects. Values a real
    report can show beyond the model's range (magnesium 0.05-10, potassium
    0.5-15, ionized calcium 0.2-5 mmol/L) are accepted, flagged in the
    assessment's notes and clipped for the model; values outside those raise.
    dehydration_pct : float, % of body mass lost, 0-15 (default 0; 10 or more is
        severe dehydration, an emergency)
    caffeine_mg_per_day : float, mg/day, 0-1500 (default 0)
    stress : float, 0-10 scale (default 2)
    muscle_fatigue : float, 0-10 scale (default 2)
    diuretic, corticosteroid, proton_pump_inhibitor, neuropathy, tight_footwear : bool
        Switches for medicines and other causes (default False).
    at_rest : bool
        True at rest (e.g. in bed at night), when twitches of any cause are
        noticed most.

    Examples
    --------
    >>> Scenario(caffeine_mg_per_day=600).caffeine_mg_per_day
    600.0
    >>> Scenario(stress=12)
    Traceback (most recent call last):
    ...
    ValueError: stress must be from 0 to 10 points (got 12)
    """

    serum_magnesium: float
    serum_potassium: float
    ionized_calcium: float
    dehydration_pct: float
    caffeine_mg_per_day: float
    stress: float
    muscle_fatigue: float
    diuretic: bool
    corticosteroid: bool
    proton_pump_inhibitor: bool
    neuropathy: bool
    tight_footwear: bool
    at_rest: bool

    def __init__(self, **values: Any) -> None:
        for name in values:
            if name not in FACTOR_BY_NAME:
                raise TypeError(str(_unknown(name)))
        for spec in FACTORS:
            value = values.get(spec.name, spec.default)
            object.__setattr__(self, spec.name, check_value(spec, value))

    def replace(self, **changes: Any) -> Scenario:
        """Return a copy with some factors changed.

        >>> Scenario().replace(stress=8).stress
        8.0
        """
        return Scenario(**{**self.to_dict(), **changes})

    def to_dict(self) -> dict[str, float | bool]:
        """The factors as a plain ``{name: value}`` dict."""
        return {spec.name: getattr(self, spec.name) for spec in FACTORS}

    def changes(self) -> dict[str, float | bool]:
        """The factors that differ from the healthy default."""
        return {
            spec.name: getattr(self, spec.name)
            for spec in FACTORS
            if getattr(self, spec.name) != spec.default
        }

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> Scenario:
        """Build a scenario from a dict or a pandas row."""
        return cls(**dict(values))

    @classmethod
    def from_lab_report(
        cls,
        *,
        magnesium: float | str | None = None,
        potassium: float | str | None = None,
        ionized_calcium: float | str | None = None,
        total_calcium: float | str | None = None,
        albumin_g_dl: float | None = None,
        unit: str | None = None,
        **factors: Any,
    ) -> Scenario:
        """A scenario from the values of a lab report, in the report's units.

        Each value is a number in ``unit`` (default mmol/L) or a text with its
        unit (``"1.7 mg/dL"``, ``"3.1 mEq/L"``). A total calcium (optionally with
        albumin, for the albumin correction) is turned into an approximate
        ionized calcium, about half of the corrected total (see
        :func:`twitchlib.labs.ionized_from_total_calcium` for the caveat); a
        measured ionized calcium wins. Values beyond the model's range but inside
        what a lab can report are accepted and flagged in the assessment's notes.
        Other factors (``diuretic=True``, ...) pass through.

        >>> s = Scenario.from_lab_report(magnesium="1.2 mg/dL", potassium="2.9 mEq/L")
        >>> round(s.serum_magnesium, 3), s.serum_potassium
        (0.494, 2.9)
        >>> round(Scenario.from_lab_report(total_calcium="8.0 mg/dL").ionized_calcium, 2)
        1.0
        """
        values = dict(factors)
        if magnesium is not None:
            values["serum_magnesium"] = lab_value(
                magnesium, "magnesium", _unit(magnesium, unit)
            )
        if potassium is not None:
            values["serum_potassium"] = lab_value(
                potassium, "potassium", _unit(potassium, unit)
            )
        if ionized_calcium is not None:
            values["ionized_calcium"] = lab_value(
                ionized_calcium, "calcium", _unit(ionized_calcium, unit)
            )
        elif total_calcium is not None:
            values["ionized_calcium"] = ionized_from_total_calcium(
                total_calcium, _unit(total_calcium, unit), albumin_g_dl
            )
        return cls(**values)

    def measured(self) -> tuple[str, ...]:
        """The serum factors that count as measured (set to anything but the default).

        >>> Scenario(serum_potassium=3.7, diuretic=True).measured()
        ('serum_potassium',)
        """
        return tuple(
            spec.name for spec in FACTORS if is_measured(spec, getattr(self, spec.name))
        )

    def __repr__(self) -> str:
        changed = ", ".join(f"{k}={v!r}" for k, v in self.changes().items())
        return f"Scenario({changed})"


def _unit(value: object, unit: str | None) -> str | None:
    # A text carries its own unit; a bare number takes the report's unit.
    return None if isinstance(value, str) else unit


HEALTHY = Scenario()
