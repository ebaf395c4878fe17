"""The likelihood of twitching: factors → mediators → routes → twitch.

A twitch (fasciculation) is a spontaneous discharge of a motor unit that starts
in its motor nerve. The model follows the routes a physiology text describes,
each computed in its own unit where one exists:

- **motor-axon excitability** from charge screening: ionized calcium and
  magnesium set the gating shift of the axon's sodium channels with the same rule
  as the Hodgkin–Huxley nerve (:func:`twitchlib.nerve.gating_shift_mv`, one
  implementation); the log-odds grow with the shift beyond the weakest screening
  inside the normal ranges, reaching a set value at the nerve's own
  spontaneous-firing shift; neuropathy adds ectopic discharges;
- **transmitter release per impulse** at the neuromuscular junction, in the
  Dodge–Rahamimoff form (calcium-dependent, magnesium-inhibited), a small share;
- **magnesium deficiency's indirect routes**: below the symptomatic landmark
  (0.5 mmol/L) secondary hypocalcaemia and hypokalaemia, which feed the routes
  above and below;
- **central and motor-neuron drive** from caffeine and anxiety;
- **neuromuscular fatigue** from exertion, dehydration (one explanation) and tight
  footwear;
- **electrolyte balance of muscle membranes** from low potassium and dehydration
  (the other explanation);
- **muscle relaxation**, the source article's route, kept as a minor term;
- **noticing at rest**: twitches of any cause are noticed mostly at rest.

The likelihood is the logistic of the baseline plus the routes' log-odds. The
weights are teaching assumptions, kept in one place (``data/model_weights.csv``),
each with its rationale and marked sourced, derived or illustrative. Emergency
ranges (``data/alerts.csv``) are named in words, never left as a likelihood.

All arithmetic is written on NumPy arrays, so one scenario and a million cost the
same code.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from ._data import data_dir, load_table
from .attribution import coalitions, shapley_from_table
from .qualitative import Direction, causal_model
from .scenario import (
    FACTOR_BY_NAME,
    FACTORS,
    HEALTHY,
    Factor,
    Scenario,
    check_value,
    is_measured,
    outside_model_range,
)
from .scenario import factor as lookup_factor
from .screening import gating_shift_mv as _gating_shift  # shared with the nerve

# The mediators reported for every assessment, in causal order.
MEDIATORS: tuple[str, ...] = (
    "magnesium",
    "potassium",
    "calcium",
    "charge_screening",
    "axon_excitability",
    "transmitter_release",
    "motor_drive",
    "blood_flow",
    "muscle_fatigue",
    "electrolyte_balance",
    "muscle_relaxation",
)

# Each route's log-odds term, in the order the likelihood adds them.
ROUTES: dict[str, str] = {
    "axon_excitability": "motor-axon excitability",
    "release": "transmitter release per impulse",
    "motor_drive": "central and motor-neuron drive",
    "fatigue": "neuromuscular fatigue",
    "electrolytes": "electrolyte balance of muscle membranes",
    "relaxation": "muscle relaxation (the article's route)",
    "noticing": "noticing at rest",
}


@dataclass(frozen=True)
class Parameters:
    """The likelihood model's weights (``data/model_weights.csv``) and landmarks.

    Every weight of the data file is a field of the same name; the landmarks
    come from ``data/serum_ranges.csv``, ``data/alerts.csv`` and
    ``data/nutrition_facts.csv``; the last two fields are derived from the nerve.
    """

    baseline_log_odds: float
    horizon_days: float
    screening_slope_mv_per_decade: float
    magnesium_screening_efficacy: float
    spontaneous_firing_shift_mv: float
    screening_log_odds_at_spontaneous_firing: float
    release_cooperativity: float
    release_calcium_constant: float
    release_magnesium_constant: float
    release_log_odds: float
    release_safety_factor: float
    severe_mg_potassium_drop: float
    severe_mg_calcium_drop: float
    relaxation_log_odds: float
    low_potassium_log_odds: float
    diuretic_potassium_drop: float
    diuretic_magnesium_drop: float
    corticosteroid_potassium_drop: float
    ppi_magnesium_drop: float
    caffeine_drive_log_odds: float
    caffeine_threshold_mg: float
    caffeine_steepness: float
    stress_drive_log_odds: float
    fatigue_log_odds: float
    dehydration_fatigue: float
    dehydration_electrolyte_log_odds: float
    footwear_blood_flow_loss: float
    neuropathy_log_odds: float
    rest_noticing_log_odds: float
    minimum_effective_magnesium: float
    # Landmarks from the other data files.
    mg_normal_low: float
    mg_normal_high: float
    k_normal_low: float
    k_normal_high: float
    ca_normal_low: float
    ca_normal_high: float
    mg_reference: float
    ca_reference: float
    mg_symptomatic: float
    hypohydration_pct: float
    # Derived from the nerve's screening rule.
    normal_floor_shift_mv: float
    screening_log_odds_per_mv: float


_WEIGHT_NAMES = tuple(Parameters.__dataclass_fields__)[:30]


@lru_cache(maxsize=1)
def _parameters(directory: str) -> Parameters:
    weights = load_table("model_weights", directory).set_index("weight")["value"]
    missing = sorted(set(_WEIGHT_NAMES) - set(weights.index))
    unknown = sorted(set(weights.index) - set(_WEIGHT_NAMES))
    if missing or unknown:
        raise ValueError(
            "data/model_weights.csv does not match the model:"
            + (f" missing {', '.join(missing)};" if missing else "")
            + (f" unknown {', '.join(unknown)};" if unknown else "")
        )
    ranges = load_table("serum_ranges", directory).set_index("quantity")
    facts = load_table("nutrition_facts", directory).set_index("fact")["value"]
    values = {k: float(weights[k]) for k in _WEIGHT_NAMES}

    def normal(quantity: str, edge: str) -> float:
        return float(ranges.loc[quantity, f"normal_{edge}"])

    values.update(
        mg_normal_low=normal("serum_magnesium", "low"),
        mg_normal_high=normal("serum_magnesium", "high"),
        k_normal_low=normal("serum_potassium", "low"),
        k_normal_high=normal("serum_potassium", "high"),
        ca_normal_low=normal("ionized_calcium", "low"),
        ca_normal_high=normal("ionized_calcium", "high"),
        # Symptoms of magnesium deficiency usually begin below this landmark.
        mg_symptomatic=float(
            load_table("alerts", directory)
            .set_index("alert")
            .loc["symptomatic_hypomagnesaemia", "threshold"]
        ),
        hypohydration_pct=float(facts["hypohydration_threshold"]),
    )
    values["mg_reference"] = (values["mg_normal_low"] + values["mg_normal_high"]) / 2
    values["ca_reference"] = (values["ca_normal_low"] + values["ca_normal_high"]) / 2
    # The weakest screening still inside both normal ranges: shifts up to here add nothing.
    floor = float(
        _gating_shift(
            np.array(values["ca_normal_low"]), np.array(values["mg_normal_low"])
        )
    )
    values["normal_floor_shift_mv"] = floor
    values["screening_log_odds_per_mv"] = values[
        "screening_log_odds_at_spontaneous_firing"
    ] / (floor - values["spontaneous_firing_shift_mv"])
    return Parameters(**values)


def parameters() -> Parameters:
    """The model's weights and landmarks, a frozen :class:`Parameters`.

    >>> parameters().mg_normal_low
    0.75
    >>> round(parameters().screening_log_odds_per_mv, 2)
    1.44
    """
    return _parameters(str(data_dir()))


def _release(calcium: np.ndarray, magnesium: np.ndarray, p: Parameters) -> np.ndarray:
    """Dodge–Rahamimoff: release ∝ (Ca / (1 + Ca/K_Ca + Mg/K_Mg))^n, 1 at the reference."""

    def occupied(ca, mg):
        return ca / (
            1.0 + ca / p.release_calcium_constant + mg / p.release_magnesium_constant
        )

    reference = occupied(p.ca_reference, p.mg_reference)
    return _power(occupied(calcium, magnesium) / reference, p.release_cooperativity)


def _power(base: np.ndarray, exponent: float) -> np.ndarray:
    # Whole powers by multiplication: several times faster than a float power.
    if exponent == 4:
        square = base * base
        return square * square
    if exponent == 2:
        return base * base
    return base**exponent


def release_slope(
    calcium: float | None = None, magnesium: float | None = None
) -> float:
    """The log–log slope d ln(release) / d ln(calcium) of the release term.

    About the fourth power only at low calcium; near normal calcium the slope of
    the Dodge–Rahamimoff form falls to about 2.

    >>> round(release_slope(), 2), round(release_slope(0.2), 2)
    (2.04, 3.46)
    """
    p = parameters()
    ca = p.ca_reference if calcium is None else float(calcium)
    mg = p.mg_reference if magnesium is None else float(magnesium)
    bound = ca / p.release_calcium_constant
    return p.release_cooperativity * (
        1.0 - bound / (1.0 + bound + mg / p.release_magnesium_constant)
    )


_DEFAULT = {f.name: float(f.default) for f in FACTORS}
_CLIPPED = [f for f in FACTORS if not f.is_switch and (f.report_minimum is not None)]


def _evaluate(x: Mapping[str, np.ndarray], p: Parameters) -> dict[str, np.ndarray]:
    """All mediators, route terms and the likelihood for arrays of factor values.

    A serum value at its default counts as not measured: only there do the
    medicines' typical effects (and magnesium's secondary effects) apply; a
    measured value already includes them. Values beyond the model's range are
    clipped to it.
    """
    diuretic = x["diuretic"]
    # ``measured_<factor>`` (optional) fixes which rows hold a measured value, so an
    # attribution can switch a value while it stays a measurement.
    unmeasured = {
        f.name: 1.0 - x[f"measured_{f.name}"]
        if f"measured_{f.name}" in x
        else (x[f.name] == _DEFAULT[f.name]).astype(float)
        for f in _CLIPPED
    }
    serum = {f.name: np.clip(x[f.name], f.minimum, f.maximum) for f in _CLIPPED}
    magnesium = np.maximum(
        p.minimum_effective_magnesium,
        serum["serum_magnesium"]
        - unmeasured["serum_magnesium"]
        * (
            p.diuretic_magnesium_drop * diuretic
            + p.ppi_magnesium_drop * x["proton_pump_inhibitor"]
        ),
    )
    # Severity counts 0.25 mmol/L bands below the symptomatic landmark (0.5 mmol/L).
    severity = np.maximum(0.0, p.mg_symptomatic - magnesium) / (
        p.mg_normal_low - p.mg_symptomatic
    )
    potassium = serum["serum_potassium"] - unmeasured["serum_potassium"] * (
        p.severe_mg_potassium_drop * severity
        + p.diuretic_potassium_drop * diuretic
        + p.corticosteroid_potassium_drop * x["corticosteroid"]
    )
    calcium = (
        serum["ionized_calcium"]
        - unmeasured["ionized_calcium"] * p.severe_mg_calcium_drop * severity
    )
    # Magnesium above the healthy reference counts as the reference in every
    # twitch route: more magnesium neither adds twitches nor protects against
    # them (its real effects at high levels, dulled reflexes and weakness, are
    # named in a note, outside this model).
    route_magnesium = np.minimum(magnesium, p.mg_reference)
    charge_screening = _gating_shift(calcium, route_magnesium)
    screening_loss = np.maximum(0.0, p.normal_floor_shift_mv - charge_screening)
    axon_excitability = (
        p.screening_log_odds_per_mv * screening_loss
        + p.neuropathy_log_odds * x["neuropathy"]
    )
    transmitter_release = _release(calcium, route_magnesium, p)
    # A healthy junction releases several times the transmitter it needs (the
    # safety factor): extra release adds nothing, and only release below
    # 1/safety factor of normal, where some discharges fail to reach the muscle
    # fibres, lowers the chance of a visible twitch.
    release = p.release_log_odds * np.minimum(
        0.0, np.log(transmitter_release * p.release_safety_factor)
    )
    # Caffeine: a dose-response with a threshold near 1 g/day (caffeine intoxication).
    dose = _power(
        x["caffeine_mg_per_day"] / p.caffeine_threshold_mg, p.caffeine_steepness
    )
    motor_drive = (
        p.caffeine_drive_log_odds * dose / (1.0 + dose)
        + p.stress_drive_log_odds * x["stress"] / 10.0
    )
    blood_flow = 1.0 - p.footwear_blood_flow_loss * x["tight_footwear"]
    dehydration_units = x["dehydration_pct"] / p.hypohydration_pct
    muscle_fatigue = (
        x["muscle_fatigue"] / 10.0
        + (1.0 - blood_flow)
        + p.dehydration_fatigue * dehydration_units
    )
    fatigue = p.fatigue_log_odds * muscle_fatigue
    # Low potassium: a near-zero clinical association (cramps), full size at
    # 3.0 mmol/L; its signs are weakness and tiredness, not twitching.
    low_potassium = np.clip((p.k_normal_low - potassium) / 0.5, 0.0, 1.0)
    electrolyte_balance = -(
        p.low_potassium_log_odds * low_potassium
        + p.dehydration_electrolyte_log_odds * dehydration_units
    )
    shortfall = np.maximum(0.0, p.mg_normal_low - magnesium) / p.mg_normal_low
    muscle_relaxation = -p.relaxation_log_odds * shortfall
    noticing = p.rest_noticing_log_odds * x["at_rest"]
    routes = {
        "axon_excitability": axon_excitability,
        "release": release,
        "motor_drive": motor_drive,
        "fatigue": fatigue,
        "electrolytes": -electrolyte_balance,
        "relaxation": -muscle_relaxation,
        "noticing": noticing,
    }
    log_odds = p.baseline_log_odds + sum(routes.values())
    return {
        "magnesium": magnesium,
        "potassium": potassium,
        "calcium": calcium,
        "charge_screening": charge_screening,
        "axon_excitability": axon_excitability,
        "transmitter_release": transmitter_release,
        "motor_drive": motor_drive,
        "blood_flow": blood_flow,
        "muscle_fatigue": muscle_fatigue,
        "electrolyte_balance": electrolyte_balance,
        "muscle_relaxation": muscle_relaxation,
        **{f"route_{k}": v for k, v in routes.items()},
        "log_odds": log_odds,
        "likelihood": 1.0 / (1.0 + np.exp(-log_odds)),
    }


_UNITS = {
    "magnesium": "mmol/L",
    "potassium": "mmol/L",
    "calcium": "mmol/L",
    "charge_screening": "mV gating shift",
    "axon_excitability": "log-odds",
    "transmitter_release": "× normal",
    "motor_drive": "log-odds",
    "blood_flow": "fraction of normal",
    "muscle_fatigue": "0-1",
    "electrolyte_balance": "log-odds",
    "muscle_relaxation": "log-odds",
}
# Mediators with a normal range (for "below normal" words and the alerts).
_SERUM = ("magnesium", "potassium", "calcium")
_OPS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}


def _columns(values: Mapping[str, Any], n: int) -> dict[str, np.ndarray]:
    return {
        f.name: np.broadcast_to(np.asarray(values[f.name], dtype=float), (n,))
        for f in FACTORS
    }


@lru_cache(maxsize=1)
def _alert_table(directory: str) -> tuple[tuple[str, str, str, float, str, str], ...]:
    table = load_table("alerts", directory)
    return tuple(
        zip(
            table["alert"],
            table["quantity"],
            table["comparison"],
            table["threshold"].astype(float),
            table["kind"],
            table["message"],
            strict=False,
        )
    )


def _alert_values(
    nodes: Mapping[str, np.ndarray], x: Mapping[str, np.ndarray]
) -> dict[str, np.ndarray]:
    # Hydration alerts read the body-mass lost, the factor's own unit.
    return {
        "magnesium": nodes["magnesium"],
        "potassium": nodes["potassium"],
        "calcium": nodes["calcium"],
        "hydration": x["dehydration_pct"],
        "caffeine": x["caffeine_mg_per_day"],
    }


def _alerts(
    nodes: Mapping[str, np.ndarray], x: Mapping[str, np.ndarray], kind: str
) -> list[tuple[str, str, np.ndarray]]:
    """(alert, message, boolean array) for every alert of ``kind``."""
    values = _alert_values(nodes, x)
    return [
        (name, message, _OPS[op](values[quantity], threshold))
        for name, quantity, op, threshold, k, message in _alert_table(str(data_dir()))
        if k == kind
    ]


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

        >>> a = assess(Scenario(ionized_calcium=0.95))
        >>> a.reasons()[0].summary
        'Ionized calcium (0.95 mmol/L as measured, below the normal 1.16-1.31): raises the chance a lot (+1.6 log-odds), mainly through motor-axon excitability.'
        """
        return _reasons(self)

    def explain(self) -> str:
        """The likelihood, any emergency notice, and every changed factor's route, in words."""
        return _explain(self)

    def __repr__(self) -> str:
        return (
            f"Assessment(likelihood={self.likelihood:.2f} over {self.horizon_days:g}"
            f" days, {self.scenario!r})"
        )


def _direction(delta: float, tolerance: float = 1e-9) -> Direction:
    if delta > tolerance:
        return Direction.UP
    if delta < -tolerance:
        return Direction.DOWN
    return Direction.UNCHANGED


@lru_cache(maxsize=1)
def _healthy_nodes(directory: str) -> dict[str, float]:
    nodes = _evaluate(_columns(HEALTHY.to_dict(), 1), _parameters(directory))
    return {k: float(v[0]) for k, v in nodes.items()}


def reads(log_odds: float) -> str:
    """A log-odds shift as a student reads it: "≈ 0" below 0.05, else signed.

    >>> reads(0.03), reads(-0.4)
    ('≈ 0', '-0.4')
    """
    return "≈ 0" if abs(log_odds) < 0.05 else f"{log_odds:+.1f}".replace("+-", "-")


def _attribute(
    nodes: Mapping[str, np.ndarray], k: int
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Shapley values of every node over k players, and which nodes each moves.

    ``nodes`` holds each node over the 2**k coalitions of :func:`coalitions`.
    """
    names = list(nodes)
    table = np.stack([np.asarray(nodes[n], dtype=float) for n in names], axis=1)
    shares = shapley_from_table(table, k)
    moved = np.zeros((k, len(names)), dtype=bool)
    for j in range(k):
        # Coalition index = high·2^(j+1) + bit_j·2^j + low: a reshape pairs every
        # coalition without j with the same one with j, as views (no copies).
        halves = table.reshape(2 ** (k - 1 - j), 2, 2**j, len(names))
        moved[j] = np.abs(halves[:, 1] - halves[:, 0]).max(axis=(0, 1)) > 1e-12
    return (
        {n: shares[:, i] for i, n in enumerate(names)},
        {n: moved[:, i] for i, n in enumerate(names)},
    )


def _assess_one(scenario: Scenario) -> Assessment:
    p = parameters()
    target = scenario.to_dict()
    # Only factors away from their default can have a share (a null factor gets 0).
    changed = [f for f in FACTORS if target[f.name] != f.default]
    k = len(changed)
    members = coalitions(k)
    x = {f.name: np.full(2**k, _DEFAULT[f.name]) for f in FACTORS}
    for j, f in enumerate(changed):
        x[f.name] = np.where(members[:, j], float(target[f.name]), _DEFAULT[f.name])
    # A measured value stays a measurement in every coalition: a medicine whose
    # every target was measured changes nothing, so its share is zero.
    for f in _CLIPPED:
        x[f"measured_{f.name}"] = np.full(2**k, float(is_measured(f, target[f.name])))
    nodes = _evaluate(x, p)
    shares, moved = _attribute(nodes, k)
    healthy = _healthy_nodes(str(data_dir()))
    graph = causal_model()
    mediators = {}
    for name in MEDIATORS:
        value = float(nodes[name][-1])
        quantity = graph.quantities[name]
        band = quantity.band(value) if name in _SERUM else None
        mediators[name] = MediatorState(
            name,
            quantity.label,
            value,
            healthy[name],
            _UNITS[name],
            _direction(value - healthy[name]),
            band,
        )
    last = {key: v[-1:] for key, v in nodes.items()}
    final_x = {key: v[-1:] for key, v in x.items() if key in FACTOR_BY_NAME}
    notices = tuple(m for _, m, hit in _alerts(last, final_x, "emergency") if hit[0])
    notes = [
        text
        for f in FACTORS
        if (text := outside_model_range(f, target[f.name])) is not None
    ]
    notes += [
        m
        for kind in ("caution", "outside_model")
        for _, m, hit in _alerts(last, final_x, kind)
        if hit[0]
    ]
    if notices:
        notes.append(
            "The likelihood is only the chance of noticing a twitch: an emergency"
            " range needs urgent help whatever the likelihood says, even when the"
            " likelihood is low."
        )
    index = {f.name: j for j, f in enumerate(changed)}

    def share(name: str, node: str) -> float:
        return float(shares[node][index[name]]) if name in index else 0.0

    return Assessment(
        scenario=scenario,
        likelihood=float(nodes["likelihood"][-1]),
        log_odds=float(nodes["log_odds"][-1]),
        baseline_likelihood=healthy["likelihood"],
        horizon_days=p.horizon_days,
        contributions={f.name: share(f.name, "log_odds") for f in FACTORS},
        mediators=mediators,
        notices=notices,
        notes=tuple(notes),
        routes={
            key: float(nodes[f"route_{key}"][-1] - healthy[f"route_{key}"])
            for key in ROUTES
        },
        moved_by={
            f.name: frozenset(
                ("twitching" if n == "likelihood" else n)
                for n in nodes
                if f.name in index and moved[n][index[f.name]]
            )
            for f in FACTORS
        },
        route_shifts={
            f.name: {key: share(f.name, f"route_{key}") for key in ROUTES}
            for f in FACTORS
        },
    )


def _check_frame(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    unknown = [c for c in frame.columns if c not in FACTOR_BY_NAME]
    if unknown:
        raise ValueError(
            f"unknown scenario column(s) {', '.join(map(repr, unknown))}; known factors:"
            f" {', '.join(FACTOR_BY_NAME)}"
        )
    n = len(frame)
    columns: dict[str, np.ndarray] = {}
    for f in FACTORS:
        if f.name not in frame.columns:
            columns[f.name] = np.full(n, float(f.default))
            continue
        series = frame[f.name]
        if f.is_switch:
            if not pd.api.types.is_bool_dtype(series):
                raise TypeError(
                    f"column {f.name} must hold True or False (found dtype {series.dtype})"
                )
            columns[f.name] = series.to_numpy(dtype=float)
            continue
        if pd.api.types.is_bool_dtype(series) or not pd.api.types.is_numeric_dtype(
            series
        ):
            raise TypeError(
                f"column {f.name} must hold numbers in {f.unit}, from"
                f" {f.describe_accepted_range()} (found dtype {series.dtype})"
            )
        values = series.to_numpy(dtype=float, na_value=np.nan)
        # One pass finds NaN and out-of-range values alike (NaN fails both tests).
        bad = ~((values >= f.accepted_minimum) & (values <= f.accepted_maximum))
        if bad.any():
            i = int(np.argmax(bad))
            if np.isnan(values[i]):
                raise ValueError(
                    f"column {f.name} has NaN at row {frame.index[i]!r}; give numbers"
                    f" from {f.describe_accepted_range()}"
                )
            raise ValueError(
                f"column {f.name} must be from {f.describe_accepted_range()}"
                f" (row {frame.index[i]!r} has {values[i]:g})"
            )
        columns[f.name] = values
    return columns


def assess(
    scenario: Scenario | Mapping[str, Any] | pd.DataFrame | None = None,
    *,
    contributions: bool = False,
) -> Assessment | pd.DataFrame:
    """Assess the likelihood of twitching for one scenario or a table of them.

    Parameters
    ----------
    scenario : Scenario, dict or DataFrame, optional
        One situation (a :class:`Scenario`, or a dict of its factors), or a
        DataFrame with one scenario per row whose columns are factor names
        (missing columns take the healthy default). ``None`` means the healthy
        default. Lab values beyond the model's range are accepted and clipped.
    contributions : bool
        For a DataFrame only: also return each factor's log-odds shift (its
        Shapley value) as ``shift_<factor>`` columns (slower: one model pass over
        every coalition of the factors that change).

    Returns
    -------
    Assessment or DataFrame
        For one scenario: the likelihood of noticing at least one twitch episode
        over the horizon (7 days), in [0, 1]; each factor's log-odds shift (exact
        Shapley values, adding up to the total); the state of every mediator; and
        ``explain()``. For a DataFrame: the factor columns plus ``likelihood``,
        ``log_odds`` and ``emergency`` (the emergency ranges reached, in words;
        empty when none).

    Examples
    --------
    >>> result = assess(Scenario(ionized_calcium=0.85))
    >>> f"{result.likelihood:.0%}", result.notices[0][:36]
    ('64%', 'Ionized calcium below about 0.9 mmol')
    >>> result.mediators["charge_screening"].direction.value
    '↓'
    >>> assess(pd.DataFrame({"caffeine_mg_per_day": [0, 400, 1200]}))["likelihood"].round(3).tolist()
    [0.113, 0.118, 0.329]
    """
    if scenario is None:
        scenario = HEALTHY
    if isinstance(scenario, pd.DataFrame):
        return _assess_frame(scenario, contributions)
    if isinstance(scenario, Mapping):
        scenario = Scenario.from_mapping(scenario)
    if not isinstance(scenario, Scenario):
        raise TypeError(
            "assess() takes a Scenario, a dict of factors or a DataFrame of scenarios"
            f" (got {type(scenario).__name__})"
        )
    return _assess_one(scenario)


@lru_cache(maxsize=1)
def _emergency_labels(directory: str) -> tuple[str, ...]:
    names = [
        name.replace("_", " ")
        for name, _, _, _, kind, _ in _alert_table(directory)
        if kind == "emergency"
    ]
    return tuple(
        "; ".join(n for j, n in enumerate(names) if code >> j & 1)
        for code in range(2 ** len(names))
    )


def _emergency_column(
    nodes: Mapping[str, np.ndarray], x: Mapping[str, np.ndarray]
) -> pd.Categorical:
    """The emergency ranges each row reaches, in words, built without a row loop."""
    hits = [hit for _, _, hit in _alerts(nodes, x, "emergency")]
    n = len(next(iter(x.values())))
    codes = np.zeros(n, dtype=np.int64)
    for j, hit in enumerate(hits):
        codes |= hit.astype(np.int64) << j
    return pd.Categorical.from_codes(
        codes, categories=list(_emergency_labels(str(data_dir())))
    )


def _frame_shapley(x: dict[str, np.ndarray], p: Parameters) -> dict[str, np.ndarray]:
    """Exact Shapley shifts for every row, chunked so each pass stays small."""
    n = len(x["stress"])
    players = [f for f in FACTORS if np.any(x[f.name] != _DEFAULT[f.name])]
    k = len(players)
    members = coalitions(k)
    out = {f.name: np.zeros(n) for f in FACTORS}
    chunk = max(1, (1 << 18) >> k)
    for start in range(0, n, chunk):
        rows = slice(start, min(n, start + chunk))
        m = rows.stop - rows.start
        columns = {f.name: np.full(2**k * m, _DEFAULT[f.name]) for f in FACTORS}
        for j, f in enumerate(players):
            columns[f.name] = np.where(
                members[:, j, None], x[f.name][rows][None, :], _DEFAULT[f.name]
            ).ravel()
        for f in _CLIPPED:
            measured = (x[f.name][rows] != _DEFAULT[f.name]).astype(float)
            columns[f"measured_{f.name}"] = np.tile(measured, 2**k)
        log_odds = _evaluate(columns, p)["log_odds"].reshape(2**k, m)
        shares = shapley_from_table(log_odds, k)
        for j, f in enumerate(players):
            out[f.name][rows] = shares[j]
    return out


def _assess_frame(frame: pd.DataFrame, contributions: bool) -> pd.DataFrame:
    x = _check_frame(frame)
    p = parameters()
    nodes = _evaluate(x, p)
    out = pd.DataFrame(
        {
            f.name: (x[f.name].astype(bool) if f.is_switch else x[f.name])
            for f in FACTORS
        },
        index=frame.index,
        copy=False,
    )
    out["likelihood"] = nodes["likelihood"]
    out["log_odds"] = nodes["log_odds"]
    # Emergencies are named in words beside the number, never left as a likelihood.
    out["emergency"] = _emergency_column(nodes, x)
    if contributions:
        for name, shift in _frame_shapley(x, p).items():
            out[f"shift_{name}"] = shift
    return out


def sweep(
    factor: str,
    values: Sequence[float] | np.ndarray,
    base: Scenario | Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """Likelihood (and each route's log-odds) along one factor, with emergencies.

    Parameters
    ----------
    factor : str
        A factor name, e.g. ``"caffeine_mg_per_day"``.
    values : sequence of numbers (or of True/False for a switch)
        Values in the factor's unit; each is checked against its range.
    base : Scenario or dict, optional
        The other factors (default: the healthy default).

    Returns
    -------
    DataFrame
        Columns: ``factor``'s name, ``likelihood``, ``log_odds``, each route's
        log-odds term (the keys of :data:`ROUTES`) and ``emergency`` (the
        emergency ranges each row reaches, in words; empty when none). Pass the
        result to :func:`emergency_summary` for a sentence that names them.

    Examples
    --------
    >>> sweep("stress", [0, 5, 10])["likelihood"].round(3).tolist()
    [0.091, 0.154, 0.25]
    >>> sweep("serum_magnesium", [0.85, 0.4])["emergency"].tolist()
    ['', 'symptomatic hypomagnesaemia']
    """
    spec = lookup_factor(factor)  # raises with a suggestion when misspelt
    if base is None:
        base = HEALTHY
    elif isinstance(base, Mapping):
        base = Scenario.from_mapping(base)
    elif not isinstance(base, Scenario):
        raise TypeError(
            f"base must be a Scenario or a dict (got {type(base).__name__})"
        )
    values = list(values) if not isinstance(values, np.ndarray) else values.tolist()
    if not values:
        raise ValueError(f"give at least one value of {factor} to sweep")
    checked = [check_value(spec, v) for v in values]
    n = len(checked)
    x = _columns(base.to_dict(), n)
    x[factor] = np.asarray(checked, dtype=float)
    nodes = _evaluate(x, parameters())
    return pd.DataFrame(
        {
            factor: checked,
            "likelihood": nodes["likelihood"],
            "log_odds": nodes["log_odds"],
            **{key: nodes[f"route_{key}"] for key in ROUTES},
            "emergency": np.asarray(_emergency_column(nodes, x), dtype=object),
        }
    )


def emergency_region(table: pd.DataFrame) -> pd.Series:
    """True for each row of an :func:`assess` or :func:`sweep` table in an emergency range.

    >>> emergency_region(sweep("ionized_calcium", [1.2, 0.8])).tolist()
    [False, True]
    """
    if "emergency" not in table.columns:
        raise ValueError(
            "the table has no 'emergency' column: pass the result of assess(frame)"
            " or sweep()"
        )
    return table["emergency"].astype(str) != ""


def emergency_summary(table: pd.DataFrame) -> str:
    """One sentence naming the emergency ranges in a table, for a chart's caption.

    Empty when no row is an emergency; otherwise it names each emergency, the
    share of rows it covers, and says the likelihood there is not the point.

    >>> emergency_summary(sweep("serum_magnesium", [0.85, 0.6, 0.45, 0.3]))
    'Emergency region: symptomatic hypomagnesaemia in 2 of 4 points (50%). There the likelihood is not the point: get urgent medical help.'
    """
    region = emergency_region(table)
    if not region.any():
        return ""
    words = table.loc[region, "emergency"].astype(str).str.split("; ").explode()
    counts = words.value_counts(sort=False)
    named = ", ".join(
        f"{name} in {count} of {len(table)} points ({count / len(table):.0%})"
        for name, count in counts.items()
    )
    return (
        f"Emergency region: {named}. There the likelihood is not the point: get"
        " urgent medical help."
    )


def mediator_values(scenario: Scenario) -> dict[str, float]:
    """Every computed node (mediators, ``log_odds``, ``likelihood``) for one scenario."""
    nodes = _evaluate(_columns(scenario.to_dict(), 1), parameters())
    return {k: float(v[0]) for k, v in nodes.items()}


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
    if f.quantity in _SERUM:
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
            r.target for r in path if r.target in _UNITS or r.target == "twitching"
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


def _reasons(a: Assessment) -> list[Reason]:
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
                for q in _SERUM
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
    for q in _SERUM:
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


def _explain(a: Assessment) -> str:
    lines = [
        f"Likelihood of noticing a twitch in the next {a.horizon_days:g} days:"
        f" {a.likelihood:.0%} (healthy default {a.baseline_likelihood:.0%})."
    ]
    lines += [f"URGENT: {notice}" for notice in a.notices]
    lines.append(
        "Teaching model with illustrative weights, not medical advice;"
        " persistent twitching is for a healthcare provider to assess."
    )
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
