"""What an assessment holds, and how it reads in words.

:class:`Assessment` is what :func:`twitchlib.assess` returns: the likelihood, each
factor's share, the mediators, the routes, and the emergencies and cautions in
words. :func:`reasons_for` and :func:`explanation_of` (``Assessment.reasons()`` and
``.explain()``) give each factor's value (as measured, or the value the model uses
where nothing was measured), its share of the shift, and the causal chains behind it.

>>> from twitchlib import assess, Scenario
>>> print(explanation_of(assess(Scenario())).splitlines()[0])  # doctest: +ELLIPSIS
Likelihood of noticing a twitch in the next 7 days: 11%...
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .qualitative import Direction, causal_model
from .routes import MEDIATOR_UNITS, ROUTES, SERUM_QUANTITIES, parameters
from .safety import CAVEAT, HEADLINE
from .scenario import (
    FACTOR_BY_NAME,
    FACTORS,
    Factor,
    Scenario,
    is_measured,
)


@dataclass(frozen=True)
class MediatorState:
    """A mediator's value, its healthy value, and its qualitative direction."""

    quantity: str
    label: str
    value: float
    healthy: float
    unit: str
    direction: Direction
    band: str | None


@dataclass(frozen=True)
class Reason:
    """Why one changed factor moves the likelihood, in words.

    ``summary`` is one line for a student; ``chains`` are the causal chains behind
    it (for a "why?" toggle), each reading cause → … → twitching with the
    direction of every step.
    """

    factor: str
    label: str
    value_text: str
    log_odds_shift: float
    summary: str
    chains: tuple[str, ...]


@dataclass(frozen=True)
class Assessment:
    """The result of :func:`assess` for one scenario."""

    scenario: Scenario
    likelihood: float
    log_odds: float
    baseline_likelihood: float
    horizon_days: float
    contributions: dict[str, float]
    mediators: dict[str, MediatorState]
    notices: tuple[str, ...]
    """Emergency ranges reached, in words (empty when none): never only a likelihood."""
    notes: tuple[str, ...]
    """Cautions (e.g. caffeine above 1 g/day) and values outside what the model covers
    (e.g. high magnesium), in words."""
    routes: dict[str, float]
    """Each route's log-odds shift from the healthy default (keys of :data:`ROUTES`)."""
    # For each factor: which computed nodes its step moved, and each route's shift.
    moved_by: dict[str, frozenset[str]]
    route_shifts: dict[str, dict[str, float]]
    likelihood_shares: dict[str, float] = field(default_factory=dict)
    """Each factor's share of the change in likelihood from the healthy default, as a
    fraction (0.03 is 3 percentage points): exact Shapley values over the likelihood
    itself, so they add up to ``likelihood - baseline_likelihood`` in any order. The
    log-odds ``contributions`` add up on the model's own scale; these read on a
    projector without the logistic curve."""

    def contributions_frame(self) -> pd.DataFrame:
        """Each factor's log-odds shift from the healthy default, in model order.

        The shifts are exact Shapley values (:mod:`twitchlib.attribution`): each
        factor's effect averaged over every order in which the changed factors
        could be switched from their defaults, so no order is favoured. They add
        up exactly to ``log_odds`` minus the healthy log-odds; a factor that
        changes nothing gets zero and two factors with equal effects get equal
        shares.
        """
        return pd.DataFrame(
            [
                {
                    "factor": name,
                    "label": FACTOR_BY_NAME[name].label,
                    "value": getattr(self.scenario, name),
                    "unit": FACTOR_BY_NAME[name].unit,
                    "log_odds_shift": shift,
                }
                for name, shift in self.contributions.items()
            ]
        )

    def routes_frame(self) -> pd.DataFrame:
        """Each route's log-odds shift from the healthy default, largest first.

        ``reads`` gives the shift as a student should read it: "≈ 0" below
        0.05 log-odds.
        """
        frame = pd.DataFrame(
            [
                {"route": ROUTES[k], "log_odds_shift": v, "reads": reads(v)}
                for k, v in self.routes.items()
            ]
        )
        return frame.sort_values(
            "log_odds_shift", key=abs, ascending=False, ignore_index=True
        )

    def mediators_frame(self) -> pd.DataFrame:
        """The mediators: value, healthy value, unit, direction and band."""
        return pd.DataFrame(
            [
                {
                    "quantity": m.quantity,
                    "label": m.label,
                    "value": m.value,
                    "healthy": m.healthy,
                    "unit": m.unit,
                    "direction": m.direction.value,
                    "band": m.band,
                }
                for m in self.mediators.values()
            ]
        )

    def reasons(self) -> list[Reason]:
        """One :class:`Reason` per changed factor, largest effect first.

        >>> from twitchlib import assess
        >>> a = assess(Scenario(ionized_calcium=0.95))
        >>> a.reasons()[0].summary
        'Ionized calcium (0.95 mmol/L as measured, below the normal 1.16-1.31): raises the chance a lot (+1.6 log-odds), mainly through motor-axon excitability.'
        """
        return reasons_for(self)

    def explain(self) -> str:
        """The likelihood, any emergency notice, and every changed factor's route, in words."""
        return explanation_of(self)

    def __repr__(self) -> str:
        return (
            f"Assessment(likelihood={self.likelihood:.2f} over {self.horizon_days:g}"
            f" days, {self.scenario!r})"
        )


def reads(log_odds: float) -> str:
    """A log-odds shift as a student reads it: "≈ 0" below 0.05, else signed.

    >>> reads(0.03), reads(-0.4)
    ('≈ 0', '-0.4')
    """
    return "≈ 0" if abs(log_odds) < 0.05 else f"{log_odds:+.1f}".replace("+-", "-")


# The serum levels a medicine lowers where nothing was measured.
_MEDICINE_LOWERS = {
    "diuretic": ("magnesium", "potassium"),
    "corticosteroid": ("potassium",),
    "proton_pump_inhibitor": ("magnesium",),
}
_MEDICINE_NAME = {
    "diuretic": "a diuretic",
    "corticosteroid": "a corticosteroid",
    "proton_pump_inhibitor": "a long-term proton-pump inhibitor",
}
_SERUM_FACTOR = {
    "magnesium": "serum_magnesium",
    "potassium": "serum_potassium",
    "calcium": "ionized_calcium",
}
# The route each mediator next to twitching feeds (for the "why" chains).
_ROUTE_OF = {
    "axon_excitability": "axon_excitability",
    "transmitter_release": "release",
    "motor_drive": "motor_drive",
    "muscle_fatigue": "fatigue",
    "electrolyte_balance": "electrolytes",
    "muscle_relaxation": "relaxation",
    "rest": "noticing",
}


def _value_text(f: Factor, value: float | bool) -> str:
    """A factor's value in words and units, with its normal range where it has one."""
    if f.is_switch:
        return "yes" if value else "no"
    text = f"{value:g} {f.unit}"
    if f.quantity in SERUM_QUANTITIES:
        text += " as measured" if is_measured(f, value) else " (not measured)"
        low, high = _normal_range(f.quantity)
        where = "below" if value < low else "above" if value > high else "inside"
        text += f", {where} the normal {low:g}-{high:g}"
    return text


def _normal_range(quantity: str) -> tuple[float, float]:
    p = parameters()
    return {
        "magnesium": (p.mg_normal_low, p.mg_normal_high),
        "potassium": (p.k_normal_low, p.k_normal_high),
        "calcium": (p.ca_normal_low, p.ca_normal_high),
    }[quantity]


def _effect_words(shift: float) -> str:
    size = abs(shift)
    if size < 0.05:
        return "hardly changes the chance"
    verb = "raises" if shift > 0 else "lowers"
    if size < 0.5:
        return f"{verb} the chance a little"
    if size < 1.0:
        return f"{verb} the chance"
    return f"{verb} the chance a lot"


def _chains(a: Assessment, f: Factor) -> tuple[str, ...]:
    """The causal chains from ``f`` to twitching whose every computed step moved."""
    if f.quantity is None:
        return ()
    graph = causal_model()
    value = getattr(a.scenario, f.name)
    up = bool(value) if f.is_switch else value > f.default
    # Losing body water is a fall of hydration.
    rising = up if f.name != "dehydration_pct" else not up
    start = Direction.UP if rising else Direction.DOWN
    levels = {"magnesium": a.mediators["magnesium"].value}
    active = graph.propagate({f.quantity: start}, levels).active
    moved = a.moved_by[f.name]
    texts = []
    for path in graph.paths(f.quantity, "twitching", active):
        inner = [
            r.target
            for r in path
            if r.target in MEDIATOR_UNITS or r.target == "twitching"
        ]
        if not all(n in moved for n in inner):
            continue  # a route that stays in its no-effect zone is not shown
        last = path[-1].source
        if last in _ROUTE_OF and abs(a.route_shifts[f.name][_ROUTE_OF[last]]) < 0.05:
            continue  # the mediator moves, but its route reads as about 0
        direction, steps = start, [f"{graph.label(f.quantity)} {start.value}"]
        for rel in path:
            direction = direction * rel.sign
            steps.append(f"{graph.label(rel.target)} {direction.value}")
        texts.append(" → ".join(steps))
    return tuple(texts)


def _medicine_reason(a: Assessment, f: Factor) -> str:
    """Why a medicine switched on moves (or does not move) the serum levels."""
    measured, lowered = [], []
    for q in _MEDICINE_LOWERS.get(f.name, ()):
        spec = FACTOR_BY_NAME[_SERUM_FACTOR[q]]
        if is_measured(spec, getattr(a.scenario, spec.name)):
            measured.append(a.mediators[q].label)
        else:
            m = a.mediators[q]
            low, high = _normal_range(q)
            where = (
                "below" if m.value < low else "above" if m.value > high else "inside"
            )
            lowered.append(
                f"{m.label} to {m.value:.2f} mmol/L, {where} the normal range"
            )
    parts = []
    if lowered:
        parts.append("where nothing was measured it lowers " + " and ".join(lowered))
    if measured:
        parts.append(
            "the measured " + " and ".join(measured) + " already includes its effect"
        )
    return "; ".join(parts)


def reasons_for(a: Assessment) -> list[Reason]:
    changed = [f for f in FACTORS if getattr(a.scenario, f.name) != f.default]
    reasons = []
    for f in sorted(changed, key=lambda f: -abs(a.contributions[f.name])):
        value = getattr(a.scenario, f.name)
        shift = a.contributions[f.name]
        text = (
            f"{f.label}: {_effect_words(shift)}"
            if f.is_switch
            else f"{f.label} ({_value_text(f, value)}): {_effect_words(shift)}"
        )
        if abs(shift) >= 0.05:
            text += f" ({shift:+.1f} log-odds)"
        if abs(shift) >= 0.5:
            routes = a.route_shifts[f.name]
            main = max(routes, key=lambda k: abs(routes[k]))
            text += f", mainly through {ROUTES[main]}"
        elif abs(shift) >= 0.05:
            text += "; every route is small here"
        if f.name in _MEDICINE_LOWERS:
            text += "; " + _medicine_reason(a, f)
        else:
            moved = a.moved_by[f.name]
            lowered = [
                f"{a.mediators[q].label} to {a.mediators[q].value:.2f} mmol/L"
                for q in SERUM_QUANTITIES
                if q in moved and q != f.quantity
            ]
            if lowered:
                text += "; it lowers " + " and ".join(lowered)
        if f.quantity == "potassium" and value < _normal_range("potassium")[0]:
            text += (
                "; low potassium makes nerve and muscle harder to excite: it brings"
                " weakness, tiredness and cramps rather than twitches"
            )
        if f.name == "serum_magnesium" and value > _normal_range("magnesium")[1]:
            text += (
                "; magnesium above normal counts as normal here: it neither adds"
                " twitches nor protects against them"
            )
        reasons.append(
            Reason(
                f.name, f.label, _value_text(f, value), shift, text + ".", _chains(a, f)
            )
        )
    return reasons


def _values_used(a: Assessment) -> list[str]:
    """Where the serum level the model uses differs from the entered value, why."""
    lines = []
    p = parameters()
    severe = a.mediators["magnesium"].value < p.mg_symptomatic
    for q in SERUM_QUANTITIES:
        spec = FACTOR_BY_NAME[_SERUM_FACTOR[q]]
        entered = getattr(a.scenario, spec.name)
        used = a.mediators[q].value
        medicines = [
            _MEDICINE_NAME[m]
            for m, lowers in _MEDICINE_LOWERS.items()
            if q in lowers and getattr(a.scenario, m)
        ]
        if is_measured(spec, entered):
            if medicines or (severe and q != "magnesium"):
                inside = spec.minimum <= entered <= spec.maximum
                lines.append(
                    f"{spec.label} {entered:g} mmol/L is a measured value: it already"
                    " includes the effect of any medicine (and of low magnesium), so"
                    + (
                        " the model uses it as it is."
                        if inside
                        else f" nothing is added to it (clipped to {used:.2f} mmol/L"
                        " for the model, see the note)."
                    )
                )
        elif abs(used - entered) > 1e-9:
            why = (
                [f"the typical fall with {' and '.join(medicines)}"]
                if medicines
                else []
            )
            if severe and q != "magnesium":
                why.append("the fall that a severe magnesium shortfall brings")
            lines.append(
                f"{spec.label} was not measured (left at {entered:g} mmol/L): the"
                f" model uses {used:.2f} mmol/L, after {' and '.join(why)}."
            )
    return lines


def explanation_of(a: Assessment) -> str:
    lines = [
        f"Likelihood of noticing a twitch in the next {a.horizon_days:g} days:"
        f" {a.likelihood:.0%} (healthy default {a.baseline_likelihood:.0%})."
    ]
    lines += [f"URGENT: {notice}" for notice in a.notices]
    lines.append(f"{HEADLINE} {CAVEAT}")
    reasons = a.reasons()
    if not reasons:
        lines.append("Every factor is at its healthy default.")
    else:
        lines.append("What moves it (each factor's fair share, in log-odds):")
        for reason in reasons:
            lines.append(f"- {reason.summary}")
            lines += [f"    why: {chain}" for chain in reason.chains]
    used = _values_used(a)
    if used:
        lines.append("Values the model uses:")
        lines += [f"- {line}" for line in used]
    lines += [f"Note: {note}" for note in a.notes]
    lines.append(
        "Whatever the likelihood, twitching with weakness, muscle wasting,"
        " spreading twitches, trouble swallowing or speaking, tetany,"
        " seizures, palpitations or fainting needs a doctor (see"
        " twitchlib.red_flags())."
    )
    return "\n".join(lines)
