"""The likelihood model's routes: its weights and the arithmetic of every term.

:func:`evaluate` turns arrays of factor values into every mediator, each route's
log-odds and the likelihood (see :mod:`twitchlib.likelihood` for the routes in words
and ``docs/model.md`` for their sources). The weights come from
``data/model_weights.csv`` through :func:`parameters`; the emergency ranges from
``data/alerts.csv`` through :func:`alerts_of_kind`. Everything is NumPy arithmetic,
so one scenario and a million run the same code.

>>> from twitchlib.scenario import HEALTHY
>>> nodes = evaluate(factor_columns(HEALTHY.to_dict(), 1), parameters())
>>> round(float(nodes["likelihood"][0]), 3)
0.113
"""

from __future__ import annotations

import operator
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from ._data import data_dir, load_table
from .scenario import (
    FACTORS,
)
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
def parameters_from(directory: str) -> Parameters:
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
    return parameters_from(str(data_dir()))


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


FACTOR_DEFAULTS = {f.name: float(f.default) for f in FACTORS}
CLIPPED_FACTORS = [
    f for f in FACTORS if not f.is_switch and (f.report_minimum is not None)
]


def evaluate(x: Mapping[str, np.ndarray], p: Parameters) -> dict[str, np.ndarray]:
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
        else (x[f.name] == FACTOR_DEFAULTS[f.name]).astype(float)
        for f in CLIPPED_FACTORS
    }
    serum = {f.name: np.clip(x[f.name], f.minimum, f.maximum) for f in CLIPPED_FACTORS}
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
        + (p.stress_drive_log_odds / 10.0) * x["stress"]
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
    first, *others = routes.values()
    log_odds = p.baseline_log_odds + first
    for term in others:
        log_odds += term  # in place: one array for the running sum
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
        "likelihood": _logistic(log_odds),
    }


def _logistic(log_odds: np.ndarray) -> np.ndarray:
    # 1 / (1 + e^-x), computed in one array instead of four.
    out = np.negative(log_odds)
    np.exp(out, out=out)
    out += 1.0
    return np.reciprocal(out, out=out)


MEDIATOR_UNITS = {
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
SERUM_QUANTITIES = ("magnesium", "potassium", "calcium")
_OPS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}


def factor_columns(values: Mapping[str, Any], n: int) -> dict[str, np.ndarray]:
    return {
        f.name: np.broadcast_to(np.asarray(values[f.name], dtype=float), (n,))
        for f in FACTORS
    }


@lru_cache(maxsize=1)
def alert_table(directory: str) -> tuple[tuple[str, str, str, float, str, str], ...]:
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


def alerts_of_kind(
    nodes: Mapping[str, np.ndarray], x: Mapping[str, np.ndarray], kind: str
) -> list[tuple[str, str, np.ndarray]]:
    """(alert, message, boolean array) for every alert of ``kind``."""
    values = _alert_values(nodes, x)
    return [
        (name, message, _OPS[op](values[quantity], threshold))
        for name, quantity, op, threshold, k, message in alert_table(str(data_dir()))
        if k == kind
    ]
