"""The likelihood of twitching: factors → mediators → excitability/relaxation → twitch.

Every mediator of the causal graph that a scenario reaches is computed as a number,
in its own unit where one exists (serum levels in mmol/L, the gating shift in mV).
Two summary mediators, nerve excitability and muscle relaxation, are in log-odds;
the likelihood is the logistic of the baseline plus excitability minus relaxation.

The weights are teaching assumptions, kept in one place (``data/model_weights.csv``),
each with its rationale; most are illustrative, not measured. The landmarks they
hang on (serum reference ranges, the hypohydration threshold) are sourced.

All arithmetic is written on NumPy arrays, so one scenario and a million cost the
same code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from types import SimpleNamespace
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from ._data import data_dir, load_table
from .qualitative import Direction, causal_model
from .scenario import FACTOR_BY_NAME, FACTORS, HEALTHY, Factor, Scenario, check_value
from .scenario import factor as lookup_factor

# The mediators reported for every assessment, in causal order.
MEDIATORS: tuple[str, ...] = (
    "magnesium", "potassium", "calcium", "calcium_blocking", "calcium_entry",
    "membrane_stability", "hydration", "electrolyte_balance", "arousal",
    "muscle_tension", "blood_flow", "muscle_fatigue", "nerve_excitability",
    "muscle_relaxation",
)


@lru_cache(maxsize=1)
def _parameters(directory: str) -> SimpleNamespace:
    weights = load_table("model_weights", directory).set_index("weight")["value"]
    ranges = load_table("serum_ranges", directory).set_index("quantity")
    facts = load_table("nutrition_facts", directory).set_index("fact")["value"]
    mg_marks = causal_model().quantities["magnesium"].landmarks
    k_marks = causal_model().quantities["potassium"].landmarks
    p = SimpleNamespace(**weights.to_dict())
    p.mg_normal_low = float(ranges.loc["serum_magnesium", "normal_low"])
    p.k_normal_low = float(ranges.loc["serum_potassium", "normal_low"])
    p.ca_normal_low = float(ranges.loc["ionized_calcium", "normal_low"])
    # The lowest magnesium landmark is where symptoms usually begin (severe band).
    p.mg_severe = mg_marks[0][0]
    # The potassium landmark just below normal bounds mild hypokalaemia.
    p.k_step = p.k_normal_low - max(v for v, _ in k_marks if v < p.k_normal_low)
    p.hypohydration_pct = float(facts["hypohydration_threshold"])
    p.caffeine_reference_mg = float(facts["caffeine_no_harm_adult"])
    return p


def parameters() -> SimpleNamespace:
    """The model's weights and landmarks as attributes (read-only use).

    >>> parameters().mg_normal_low
    0.75
    """
    return _parameters(str(data_dir()))


def _evaluate(x: Mapping[str, np.ndarray], p: SimpleNamespace) -> dict[str, np.ndarray]:
    """All mediators and the likelihood for arrays of factor values."""
    caffeine = x["caffeine_mg_per_day"]
    stress = x["stress"]
    diuretic = x["diuretic"]
    corticosteroid = x["corticosteroid"]
    magnesium = np.maximum(
        p.minimum_effective_magnesium,
        x["serum_magnesium"]
        - p.diuretic_magnesium_drop * diuretic
        - p.ppi_magnesium_drop * x["proton_pump_inhibitor"]
        - p.caffeine_magnesium_drop_per_100mg * caffeine / 100.0,
    )
    # Severity counts bands of (normal_low - severe) below the severe landmark.
    severity = np.maximum(0.0, p.mg_severe - magnesium) / (p.mg_normal_low - p.mg_severe)
    potassium = (x["serum_potassium"] - p.severe_mg_potassium_drop * severity
                 - p.corticosteroid_potassium_drop * corticosteroid)
    calcium = x["ionized_calcium"] - p.severe_mg_calcium_drop * severity
    # Inside and above the normal range magnesium adds nothing: only shortfalls count.
    mg_effective = np.minimum(magnesium, p.mg_normal_low)
    calcium_blocking = mg_effective / p.mg_normal_low
    calcium_entry = 1.0 / calcium_blocking
    divalent = (np.minimum(calcium, p.ca_normal_low)
                + p.magnesium_screening_efficacy * mg_effective)
    divalent_reference = p.ca_normal_low + p.magnesium_screening_efficacy * p.mg_normal_low
    membrane_stability = p.screening_slope_mv_per_decade * np.log10(
        divalent / divalent_reference)
    hydration = -x["dehydration_pct"]
    electrolyte_balance = hydration / p.hypohydration_pct
    arousal = (p.caffeine_arousal_log_odds * caffeine / p.caffeine_reference_mg
               + p.stress_arousal_log_odds * stress / 10.0)
    muscle_tension = stress / 10.0
    blood_flow = 1.0 - p.footwear_blood_flow_loss * x["tight_footwear"]
    muscle_fatigue = x["muscle_fatigue"] / 10.0 + (1.0 - blood_flow)
    rest = 1.0 + p.rest_gain * x["at_rest"]
    low_potassium = np.maximum(0.0, p.k_normal_low - potassium) / p.k_step
    nerve_excitability = (
        p.calcium_entry_log_odds * np.log(calcium_entry) * rest
        - p.screening_log_odds_per_mv * membrane_stability
        + arousal
        + p.neuropathy_log_odds * x["neuropathy"]
    )
    relaxation_deficit = (
        p.blocking_loss_relaxation_log_odds * (1.0 - calcium_blocking) * rest
        + p.low_potassium_log_odds * low_potassium
        + p.medication_spasm_log_odds * (diuretic + corticosteroid)
        - p.dehydration_log_odds * electrolyte_balance
        + p.fatigue_log_odds * muscle_fatigue
        + p.stress_tension_log_odds * muscle_tension
    )
    log_odds = p.baseline_log_odds + nerve_excitability + relaxation_deficit
    return {
        "magnesium": magnesium, "potassium": potassium, "calcium": calcium,
        "calcium_blocking": calcium_blocking, "calcium_entry": calcium_entry,
        "membrane_stability": membrane_stability, "hydration": hydration,
        "electrolyte_balance": electrolyte_balance, "arousal": arousal,
        "muscle_tension": muscle_tension, "blood_flow": blood_flow,
        "muscle_fatigue": muscle_fatigue, "nerve_excitability": nerve_excitability,
        "muscle_relaxation": -relaxation_deficit, "log_odds": log_odds,
        "likelihood": 1.0 / (1.0 + np.exp(-log_odds)),
    }


_UNITS = {
    "magnesium": "mmol/L", "potassium": "mmol/L", "calcium": "mmol/L",
    "calcium_blocking": "fraction of normal", "calcium_entry": "× normal",
    "membrane_stability": "mV gating shift", "hydration": "% body mass (negative = lost)",
    "electrolyte_balance": "hypohydration units", "arousal": "log-odds",
    "muscle_tension": "0-1", "blood_flow": "fraction of normal",
    "muscle_fatigue": "0-1", "nerve_excitability": "log-odds",
    "muscle_relaxation": "log-odds",
}


def _columns(values: Mapping[str, Any], n: int) -> dict[str, np.ndarray]:
    return {f.name: np.broadcast_to(np.asarray(values[f.name], dtype=float), (n,))
            for f in FACTORS}


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
class Assessment:
    """The result of :func:`assess` for one scenario."""

    scenario: Scenario
    likelihood: float
    log_odds: float
    baseline_likelihood: float
    horizon_days: float
    contributions: dict[str, float]
    mediators: dict[str, MediatorState]
    # For each factor, which computed nodes its step moved (used to prune routes).
    moved_by: dict[str, frozenset[str]]

    def contributions_frame(self) -> pd.DataFrame:
        """Each factor's log-odds shift from the healthy default, in model order.

        The shifts add up exactly to ``log_odds`` minus the healthy log-odds: each
        factor is switched from its default to the scenario's value in the order of
        :data:`twitchlib.FACTORS`, and its shift is the change that step makes.
        """
        return pd.DataFrame([
            {"factor": name, "label": FACTOR_BY_NAME[name].label,
             "value": getattr(self.scenario, name),
             "unit": FACTOR_BY_NAME[name].unit, "log_odds_shift": shift}
            for name, shift in self.contributions.items()
        ])

    def mediators_frame(self) -> pd.DataFrame:
        """The mediators: value, healthy value, unit, direction and band."""
        return pd.DataFrame([
            {"quantity": m.quantity, "label": m.label, "value": m.value,
             "healthy": m.healthy, "unit": m.unit, "direction": m.direction.value,
             "band": m.band}
            for m in self.mediators.values()
        ])

    def explain(self) -> str:
        """Route every changed factor through its mechanism, in words."""
        return _explain(self)

    def __repr__(self) -> str:
        return (f"Assessment(likelihood={self.likelihood:.3f} over {self.horizon_days:g}"
                f" days, {self.scenario!r})")


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
        column[i + 1:] = float(target[f.name])
        x[f.name] = column
    nodes = _evaluate(x, p)
    shifts = np.diff(nodes["log_odds"])
    healthy = _healthy_nodes(str(data_dir()))
    graph = causal_model()
    mediators = {}
    for name in MEDIATORS:
        value = float(nodes[name][-1])
        quantity = graph.quantities[name]
        band = quantity.band(value) if quantity.landmarks and name in (
            "magnesium", "potassium", "calcium") else None
        mediators[name] = MediatorState(name, quantity.label, value, healthy[name],
                                        _UNITS[name], _direction(value - healthy[name]),
                                        band)
    return Assessment(
        scenario=scenario,
        likelihood=float(nodes["likelihood"][-1]),
        log_odds=float(nodes["log_odds"][-1]),
        baseline_likelihood=healthy["likelihood"],
        horizon_days=p.horizon_days,
        contributions={f.name: float(s) for f, s in zip(FACTORS, shifts)},
        mediators=mediators,
        moved_by={
            f.name: frozenset(
                ("twitching" if k == "likelihood" else k) for k, v in nodes.items()
                if abs(v[i + 1] - v[i]) > 1e-12
            )
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
        if pd.api.types.is_bool_dtype(series) or not pd.api.types.is_numeric_dtype(series):
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


def assess(scenario: Scenario | Mapping[str, Any] | pd.DataFrame | None = None, *,
           contributions: bool = False) -> Assessment | pd.DataFrame:
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
        factor columns plus ``likelihood`` and ``log_odds``.

    Examples
    --------
    >>> result = assess(Scenario(serum_magnesium=0.45, at_rest=True))
    >>> round(result.likelihood, 2)
    0.91
    >>> result.mediators["potassium"].direction.value
    '↓'
    >>> assess(pd.DataFrame({"caffeine_mg_per_day": [0, 400]}))["likelihood"].round(3).tolist()
    [0.121, 0.201]
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
        {f.name: (x[f.name].astype(bool) if f.is_switch else x[f.name]) for f in FACTORS},
        index=frame.index,
    )
    out["likelihood"] = nodes["likelihood"]
    out["log_odds"] = nodes["log_odds"]
    if contributions:
        current = {f.name: np.full(len(frame), float(f.default)) for f in FACTORS}
        previous = _evaluate(current, p)["log_odds"]
        for f in FACTORS:
            current[f.name] = x[f.name]
            now = _evaluate(current, p)["log_odds"]
            out[f"shift_{f.name}"] = now - previous
            previous = now
    return out


def sweep(factor: str, values: Sequence[float] | np.ndarray,
          base: Scenario | Mapping[str, Any] | None = None) -> pd.DataFrame:
    """Likelihood (and the two summary mediators) along one factor.

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
        Columns: ``factor``'s name, ``likelihood``, ``log_odds``,
        ``nerve_excitability``, ``muscle_relaxation``.

    Examples
    --------
    >>> sweep("stress", [0, 5, 10])["likelihood"].round(3).tolist()
    [0.091, 0.182, 0.332]
    """
    spec = lookup_factor(factor)  # raises with a suggestion when misspelt
    if base is None:
        base = HEALTHY
    elif isinstance(base, Mapping):
        base = Scenario.from_mapping(base)
    elif not isinstance(base, Scenario):
        raise TypeError(f"base must be a Scenario or a dict (got {type(base).__name__})")
    values = list(values) if not isinstance(values, np.ndarray) else values.tolist()
    if not values:
        raise ValueError(f"give at least one value of {factor} to sweep")
    checked = [check_value(spec, v) for v in values]
    n = len(checked)
    x = _columns(base.to_dict(), n)
    x[factor] = np.asarray(checked, dtype=float)
    nodes = _evaluate(x, parameters())
    return pd.DataFrame({
        factor: checked,
        "likelihood": nodes["likelihood"], "log_odds": nodes["log_odds"],
        "nerve_excitability": nodes["nerve_excitability"],
        "muscle_relaxation": nodes["muscle_relaxation"],
    })


def mediator_values(scenario: Scenario) -> dict[str, float]:
    """Every computed node (mediators, ``log_odds``, ``likelihood``) for one scenario."""
    nodes = _evaluate(_columns(scenario.to_dict(), 1), parameters())
    return {k: float(v[0]) for k, v in nodes.items()}


def _fmt_value(f: Factor, value: float | bool) -> str:
    if f.is_switch:
        return "yes" if value else "no"
    return f"{value:g} {f.unit}"


def _explain(a: Assessment) -> str:
    p = parameters()
    graph = causal_model()
    lines = [
        f"Likelihood of noticing a twitch in the next {a.horizon_days:g} days:"
        f" {a.likelihood:.0%} (healthy default {a.baseline_likelihood:.0%}).",
        "Teaching model with illustrative weights, not medical advice; persistent"
        " twitching is for a healthcare provider to assess.",
    ]
    changed = [f for f in FACTORS if getattr(a.scenario, f.name) != f.default]
    if not changed:
        lines.append("Every factor is at its healthy default.")
        return "\n".join(lines)
    lines.append("What moves it (log-odds shift from the healthy default):")
    levels = {"magnesium": a.mediators["magnesium"].value}
    order = sorted(changed, key=lambda f: -abs(a.contributions[f.name]))
    for f in order:
        value = getattr(a.scenario, f.name)
        shift = a.contributions[f.name]
        lines.append(f"- {f.label}: {_fmt_value(f, value)} → {shift:+.2f}")
        if f.quantity is None:
            lines.append(
                f"    at rest the magnesium routes count {1 + p.rest_gain:g}× as much:"
                " magnesium-related twitches tend to be worse at rest, e.g. at night"
            )
            continue
        up = (value > f.default) if not f.is_switch else bool(value)
        # A higher hydration deficit is a fall of hydration: the factor's sign.
        rising = up if f.name != "dehydration_pct" else not up
        result = graph.propagate({f.quantity: "up" if rising else "down"}, levels)
        moved = a.moved_by[f.name]
        quiet = set()
        for chain in result.chains():
            # Factor nodes are inputs, not computed: only check the computed ones.
            inner = [n for n, _ in chain[1:] if n in _UNITS or n == "twitching"]
            if all(n in moved for n in inner):
                lines.append(f"    {result.chain_text(chain)}")
            else:
                quiet.add(next(n for n in inner if n not in moved))
        for name in (n for n in graph.order if n in quiet):
            lines.append(f"    (a route stops at {graph.label(name)}: nothing upstream"
                         " leaves its no-effect zone here, e.g. the normal range)")
        if f.quantity == "magnesium" or "magnesium" in moved:
            lines.append(f"    serum magnesium, after the losses the model adds, is"
                         f" {a.mediators['magnesium'].band}")
        if levels["magnesium"] < p.mg_severe and "magnesium" in moved:
            k, ca = a.mediators["potassium"], a.mediators["calcium"]
            lines.append(
                "    a severe deficiency also pulls potassium down (secondary"
                f" hypokalaemia), here to {k.value:.2f} mmol/L, {k.band}; and ionized"
                f" calcium down (secondary hypocalcaemia), here to {ca.value:.2f}"
                f" mmol/L, {ca.band}"
            )
    state = [m for m in a.mediators.values() if m.direction is not Direction.UNCHANGED]
    if state:
        lines.append("Mediators: " + ", ".join(f"{m.label} {m.direction.value}"
                                               for m in state) + ".")
    return "\n".join(lines)

