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
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd

from ._data import data_dir, load_table
from .qualitative import Direction, causal_model
from .scenario import FACTOR_BY_NAME, FACTORS, HEALTHY, Factor, Scenario, check_value
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


@lru_cache(maxsize=1)
def _parameters(directory: str) -> SimpleNamespace:
    weights = load_table("model_weights", directory).set_index("weight")["value"]
    ranges = load_table("serum_ranges", directory).set_index("quantity")
    facts = load_table("nutrition_facts", directory).set_index("fact")["value"]
    p = SimpleNamespace(**{k: float(v) for k, v in weights.items()})
    p.mg_normal_low = float(ranges.loc["serum_magnesium", "normal_low"])
    p.mg_normal_high = float(ranges.loc["serum_magnesium", "normal_high"])
    p.k_normal_low = float(ranges.loc["serum_potassium", "normal_low"])
    p.k_normal_high = float(ranges.loc["serum_potassium", "normal_high"])
    p.ca_normal_low = float(ranges.loc["ionized_calcium", "normal_low"])
    p.ca_normal_high = float(ranges.loc["ionized_calcium", "normal_high"])
    p.mg_reference = (p.mg_normal_low + p.mg_normal_high) / 2.0
    p.ca_reference = (p.ca_normal_low + p.ca_normal_high) / 2.0
    # Symptoms of magnesium deficiency usually begin below this landmark.
    p.mg_symptomatic = float(
        load_table("alerts", directory)
        .set_index("alert")
        .loc["symptomatic_hypomagnesaemia", "threshold"]
    )
    # The weakest screening still inside both normal ranges: shifts up to here add nothing.
    p.normal_floor_shift_mv = float(
        _gating_shift(np.array(p.ca_normal_low), np.array(p.mg_normal_low))
    )
    p.screening_log_odds_per_mv = p.screening_log_odds_at_spontaneous_firing / (
        p.normal_floor_shift_mv - p.spontaneous_firing_shift_mv
    )
    p.hypohydration_pct = float(facts["hypohydration_threshold"])
    p.caffeine_reference_mg = float(facts["caffeine_no_harm_adult"])
    return p


def parameters() -> SimpleNamespace:
    """The model's weights and landmarks as attributes (read-only use).

    >>> parameters().mg_normal_low
    0.75
    >>> round(parameters().screening_log_odds_per_mv, 2)
    1.44
    """
    return _parameters(str(data_dir()))


def _release(
    calcium: np.ndarray, magnesium: np.ndarray, p: SimpleNamespace
) -> np.ndarray:
    """Dodge–Rahamimoff: release ∝ (Ca / (1 + Ca/K_Ca + Mg/K_Mg))^n, 1 at the reference."""

    def occupied(ca, mg):
        return ca / (
            1.0 + ca / p.release_calcium_constant + mg / p.release_magnesium_constant
        )

    reference = occupied(p.ca_reference, p.mg_reference)
    return (occupied(calcium, magnesium) / reference) ** p.release_cooperativity


def _evaluate(x: Mapping[str, np.ndarray], p: SimpleNamespace) -> dict[str, np.ndarray]:
    """All mediators, route terms and the likelihood for arrays of factor values."""
    diuretic = x["diuretic"]
    magnesium = np.maximum(
        p.minimum_effective_magnesium,
        x["serum_magnesium"]
        - p.diuretic_magnesium_drop * diuretic
        - p.ppi_magnesium_drop * x["proton_pump_inhibitor"],
    )
    # Severity counts 0.25 mmol/L bands below the symptomatic landmark (0.5 mmol/L).
    severity = np.maximum(0.0, p.mg_symptomatic - magnesium) / (
        p.mg_normal_low - p.mg_symptomatic
    )
    potassium = (
        x["serum_potassium"]
        - p.severe_mg_potassium_drop * severity
        - p.diuretic_potassium_drop * diuretic
        - p.corticosteroid_potassium_drop * x["corticosteroid"]
    )
    calcium = x["ionized_calcium"] - p.severe_mg_calcium_drop * severity
    charge_screening = _gating_shift(calcium, magnesium)
    screening_loss = np.maximum(0.0, p.normal_floor_shift_mv - charge_screening)
    axon_excitability = (
        p.screening_log_odds_per_mv * screening_loss
        + p.neuropathy_log_odds * x["neuropathy"]
    )
    transmitter_release = _release(calcium, magnesium, p)
    # As for screening, concentrations inside their normal ranges add nothing: the
    # log-release is split into a calcium part (at normal magnesium) and a magnesium
    # part (at normal calcium), each measured from the nearest edge of its range.
    ca_in = np.clip(calcium, p.ca_normal_low, p.ca_normal_high)
    mg_in = np.clip(magnesium, p.mg_normal_low, p.mg_normal_high)
    # High calcium adds nothing either: only its part below the normal range counts.
    release = p.release_log_odds * (
        np.log(
            _release(np.minimum(calcium, p.ca_normal_high), p.mg_reference, p)
            / _release(ca_in, p.mg_reference, p)
        )
        + np.log(
            _release(p.ca_reference, magnesium, p) / _release(p.ca_reference, mg_in, p)
        )
    )
    motor_drive = (
        p.caffeine_drive_log_odds * x["caffeine_mg_per_day"] / p.caffeine_reference_mg
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
    # Mild hypokalaemia spans 0.5 mmol/L below the normal range; below it the twitch
    # route grows no further (severe falls bring weakness and paralysis instead).
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

        The shifts add up exactly to ``log_odds`` minus the healthy log-odds: each
        factor is switched from its default to the scenario's value in the order of
        :data:`twitchlib.FACTORS`, and its shift is the change that step makes.
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
        """Each route's log-odds shift from the healthy default, largest first."""
        frame = pd.DataFrame(
            [{"route": ROUTES[k], "log_odds_shift": v} for k, v in self.routes.items()]
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
        'Ionized calcium (0.95 mmol/L, below the normal 1.16-1.31): raises the chance a lot (+1.3 log-odds), mainly through motor-axon excitability.'
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


def _assess_one(scenario: Scenario) -> Assessment:
    p = parameters()
    target = scenario.to_dict()
    # Row i switches the first i factors to the scenario's values.
    steps = len(FACTORS) + 1
    x = {}
    for i, f in enumerate(FACTORS):
        column = np.full(steps, float(f.default))
        column[i + 1 :] = float(target[f.name])
        x[f.name] = column
    nodes = _evaluate(x, p)
    shifts = np.diff(nodes["log_odds"])
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
    last = {k: v[-1:] for k, v in nodes.items()}
    final_x = {k: v[-1:] for k, v in x.items()}
    return Assessment(
        scenario=scenario,
        likelihood=float(nodes["likelihood"][-1]),
        log_odds=float(nodes["log_odds"][-1]),
        baseline_likelihood=healthy["likelihood"],
        horizon_days=p.horizon_days,
        contributions={f.name: float(s) for f, s in zip(FACTORS, shifts, strict=True)},
        mediators=mediators,
        notices=tuple(m for _, m, hit in _alerts(last, final_x, "emergency") if hit[0]),
        notes=tuple(
            m
            for kind in ("caution", "outside_model")
            for _, m, hit in _alerts(last, final_x, kind)
            if hit[0]
        ),
        routes={
            k: float(nodes[f"route_{k}"][-1] - healthy[f"route_{k}"]) for k in ROUTES
        },
        moved_by={
            f.name: frozenset(
                ("twitching" if k == "likelihood" else k)
                for k, v in nodes.items()
                if abs(v[i + 1] - v[i]) > 1e-12
            )
            for i, f in enumerate(FACTORS)
        },
        route_shifts={
            f.name: {
                k: float(nodes[f"route_{k}"][i + 1] - nodes[f"route_{k}"][i])
                for k in ROUTES
            }
            for i, f in enumerate(FACTORS)
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
                f" {f.describe_range()} (found dtype {series.dtype})"
            )
        values = series.to_numpy(dtype=float, na_value=np.nan)
        bad = np.isnan(values)
        if bad.any():
            row = frame.index[int(np.argmax(bad))]
            raise ValueError(
                f"column {f.name} has NaN at row {row!r}; give numbers from"
                f" {f.describe_range()}"
            )
        bad = (values < f.minimum) | (values > f.maximum)
        if bad.any():
            i = int(np.argmax(bad))
            raise ValueError(
                f"column {f.name} must be from {f.describe_range()}"
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
        default.
    contributions : bool
        For a DataFrame only: also return each factor's log-odds shift as
        ``shift_<factor>`` columns (slower: one model pass per factor).

    Returns
    -------
    Assessment or DataFrame
        For one scenario: the likelihood of noticing at least one twitch episode
        over the horizon (7 days), in [0, 1]; each factor's log-odds shift;
        the state of every mediator; and ``explain()``. For a DataFrame: the
        factor columns plus ``likelihood``, ``log_odds`` and ``emergency``
        (the emergency ranges reached, in words; empty when none).

    Examples
    --------
    >>> result = assess(Scenario(ionized_calcium=0.85))
    >>> f"{result.likelihood:.0%}", result.notices[0][:36]
    ('55%', 'Ionized calcium below about 0.9 mmol')
    >>> result.mediators["charge_screening"].direction.value
    '↓'
    >>> assess(pd.DataFrame({"caffeine_mg_per_day": [0, 400]}))["likelihood"].round(3).tolist()
    [0.113, 0.188]
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
    )
    out["likelihood"] = nodes["likelihood"]
    out["log_odds"] = nodes["log_odds"]
    # Emergencies are named in words beside the number, never left as a likelihood.
    hits = [(name, hit) for name, _, hit in _alerts(nodes, x, "emergency")]
    out["emergency"] = [
        "; ".join(name.replace("_", " ") for name, hit in hits if hit[i])
        for i in range(len(frame))
    ]
    if contributions:
        current = {f.name: np.full(len(frame), float(f.default)) for f in FACTORS}
        previous = _evaluate(current, p)["log_odds"]
        for f in FACTORS:
            current[f.name] = x[f.name]
            now = _evaluate(current, p)["log_odds"]
            out[f"shift_{f.name}"] = now - previous
            previous = now
    return out


def sweep(
    factor: str,
    values: Sequence[float] | np.ndarray,
    base: Scenario | Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """Likelihood (and each route's log-odds) along one factor.

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
        Columns: ``factor``'s name, ``likelihood``, ``log_odds``, and each route's
        log-odds term (the keys of :data:`ROUTES`).

    Examples
    --------
    >>> sweep("stress", [0, 5, 10])["likelihood"].round(3).tolist()
    [0.091, 0.154, 0.25]
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
            **{k: nodes[f"route_{k}"] for k in ROUTES},
        }
    )


def mediator_values(scenario: Scenario) -> dict[str, float]:
    """Every computed node (mediators, ``log_odds``, ``likelihood``) for one scenario."""
    nodes = _evaluate(_columns(scenario.to_dict(), 1), parameters())
    return {k: float(v[0]) for k, v in nodes.items()}


def _value_text(f: Factor, value: float | bool) -> str:
    """A factor's value in words and units, with its normal range where it has one."""
    if f.is_switch:
        return "yes" if value else "no"
    text = f"{value:g} {f.unit}"
    if f.quantity in _SERUM:
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
        direction, steps = start, [f"{graph.label(f.quantity)} {start.value}"]
        for rel in path:
            direction = direction * rel.sign
            steps.append(f"{graph.label(rel.target)} {direction.value}")
        texts.append(" → ".join(steps))
    return tuple(texts)


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
        moved = a.moved_by[f.name]
        lowered = [
            f"{a.mediators[q].label} to {a.mediators[q].value:.2f} mmol/L"
            for q in _SERUM
            if q in moved and q != f.quantity
        ]
        if lowered:
            text += "; it lowers " + " and ".join(lowered)
        reasons.append(
            Reason(
                f.name, f.label, _value_text(f, value), shift, text + ".", _chains(a, f)
            )
        )
    return reasons


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
        lines.append("What moves it:")
        for reason in reasons:
            lines.append(f"- {reason.summary}")
            lines += [f"    why: {chain}" for chain in reason.chains]
    lines += [f"Note: {note}" for note in a.notes]
    lines.append(
        "Whatever the likelihood, twitching with weakness, muscle wasting,"
        " spreading twitches, trouble swallowing or speaking, tetany,"
        " seizures, palpitations or fainting needs a doctor (see"
        " twitchlib.red_flags())."
    )
    return "\n".join(lines)
