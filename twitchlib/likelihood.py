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

import numbers
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from ._data import data_dir
from .assessment import Assessment, MediatorState, Reason, reads
from .attribution import coalitions, shapley_from_table
from .qualitative import Direction, causal_model
from .routes import (
    CLIPPED_FACTORS,
    FACTOR_DEFAULTS,
    MEDIATOR_UNITS,
    MEDIATORS,
    ROUTES,
    SERUM_QUANTITIES,
    Parameters,
    alert_table,
    alerts_of_kind,
    evaluate,
    factor_columns,
    parameters,
    parameters_from,
    release_slope,
)

__all__ = [
    "MEDIATORS",
    "ROUTES",
    "Assessment",
    "MediatorState",
    "Parameters",
    "Reason",
    "assess",
    "emergency_region",
    "emergency_summary",
    "mediator_values",
    "parameters",
    "reads",
    "release_slope",
    "sweep",
]
from .scenario import (
    FACTOR_BY_NAME,
    FACTORS,
    HEALTHY,
    Scenario,
    check_value,
    is_measured,
    outside_model_range,
    unit_slip,
)
from .scenario import factor as lookup_factor


def _direction(delta: float, tolerance: float = 1e-9) -> Direction:
    if delta > tolerance:
        return Direction.UP
    if delta < -tolerance:
        return Direction.DOWN
    return Direction.UNCHANGED


@lru_cache(maxsize=1)
def _healthy_nodes(directory: str) -> dict[str, float]:
    nodes = evaluate(factor_columns(HEALTHY.to_dict(), 1), parameters_from(directory))
    return {k: float(v[0]) for k, v in nodes.items()}


# The nodes whose Shapley shares an assessment reports (the total, the likelihood
# itself for the projector's percentage-point bars, and each route), and those whose
# movement its explanations read (the mediators and the likelihood).
_SHARED_NODES = ("log_odds", "likelihood", *(f"route_{key}" for key in ROUTES))
_TRACKED_NODES = (*MEDIATORS, "likelihood")


def _attribute(
    nodes: Mapping[str, np.ndarray], k: int
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Shapley values of the reported nodes over k players, and which nodes each moves.

    ``nodes`` holds each node over the 2**k coalitions of :func:`coalitions`.
    """
    table = np.stack([np.asarray(nodes[n], dtype=float) for n in _SHARED_NODES], axis=1)
    shares = shapley_from_table(table, k)
    tracked = np.stack(
        [np.asarray(nodes[n], dtype=float) for n in _TRACKED_NODES], axis=1
    )
    moved = np.zeros((k, len(_TRACKED_NODES)), dtype=bool)
    for j in range(k):
        # Coalition index = high·2^(j+1) + bit_j·2^j + low: a reshape pairs every
        # coalition without j with the same one with j, as views (no copies).
        halves = tracked.reshape(2 ** (k - 1 - j), 2, 2**j, len(_TRACKED_NODES))
        moved[j] = np.abs(halves[:, 1] - halves[:, 0]).max(axis=(0, 1)) > 1e-12
    return (
        {n: shares[:, i] for i, n in enumerate(_SHARED_NODES)},
        {n: moved[:, i] for i, n in enumerate(_TRACKED_NODES)},
    )


def _assess_one(scenario: Scenario) -> Assessment:
    p = parameters()
    target = scenario.to_dict()
    # Only factors away from their default can have a share (a null factor gets 0).
    changed = [f for f in FACTORS if target[f.name] != f.default]
    k = len(changed)
    members = coalitions(k)
    x = {f.name: np.full(2**k, FACTOR_DEFAULTS[f.name]) for f in FACTORS}
    for j, f in enumerate(changed):
        x[f.name] = np.where(
            members[:, j], float(target[f.name]), FACTOR_DEFAULTS[f.name]
        )
    # A measured value stays a measurement in every coalition: a medicine whose
    # every target was measured changes nothing, so its share is zero.
    for f in CLIPPED_FACTORS:
        x[f"measured_{f.name}"] = np.full(2**k, float(is_measured(f, target[f.name])))
    nodes = evaluate(x, p)
    shares, moved = _attribute(nodes, k)
    healthy = _healthy_nodes(str(data_dir()))
    graph = causal_model()
    mediators = {}
    for name in MEDIATORS:
        value = float(nodes[name][-1])
        quantity = graph.quantities[name]
        band = quantity.band(value) if name in SERUM_QUANTITIES else None
        mediators[name] = MediatorState(
            name,
            quantity.label,
            value,
            healthy[name],
            MEDIATOR_UNITS[name],
            _direction(value - healthy[name]),
            band,
        )
    last = {key: v[-1:] for key, v in nodes.items()}
    final_x = {key: v[-1:] for key, v in x.items() if key in FACTOR_BY_NAME}
    notices = tuple(
        m for _, m, hit in alerts_of_kind(last, final_x, "emergency") if hit[0]
    )
    notes = [
        text
        for f in FACTORS
        if (text := outside_model_range(f, target[f.name])) is not None
    ]
    notes += [text for f in FACTORS if (text := unit_slip(f, target[f.name]))]
    notes += [
        m
        for kind in ("caution", "outside_model")
        for _, m, hit in alerts_of_kind(last, final_x, kind)
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
        likelihood_shares={f.name: share(f.name, "likelihood") for f in FACTORS},
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
                for n in moved
                if f.name in index and moved[n][index[f.name]]
            )
            for f in FACTORS
        },
        route_shifts={
            f.name: {key: share(f.name, f"route_{key}") for key in ROUTES}
            for f in FACTORS
        },
    )


def _as_float_array(series: pd.Series) -> np.ndarray:
    # A float64 column is read in place (no copy); others (integers, nullable
    # numbers with missing values) are converted, missing values becoming NaN.
    if series.dtype == np.float64:
        return series.to_numpy()
    return series.to_numpy(dtype=float, na_value=np.nan)


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
            if series.hasnans:
                raise ValueError(
                    f"column {f.name} has a missing value at row"
                    f" {series.index[series.isna().to_numpy()][0]!r}; give True or False"
                )
            # Kept as True/False: the arithmetic reads them as 1/0 without a copy.
            columns[f.name] = series.to_numpy(dtype=bool)
            continue
        if pd.api.types.is_bool_dtype(series) or not pd.api.types.is_numeric_dtype(
            series
        ):
            raise TypeError(
                f"column {f.name} must hold numbers in {f.unit}, from"
                f" {f.describe_accepted_range()} (found dtype {series.dtype})"
            )
        values = _as_float_array(series)
        # Two reductions, no temporary arrays; NaN makes min/max NaN and fails both
        # tests, so only a bad column pays for finding the first bad row.
        if not (
            values.min(initial=np.inf) >= f.accepted_minimum
            and values.max(initial=-np.inf) <= f.accepted_maximum
        ):
            bad = ~((values >= f.accepted_minimum) & (values <= f.accepted_maximum))
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
        for name, _, _, _, kind, _ in alert_table(directory)
        if kind == "emergency"
    ]
    # The codes are 8-bit (one bit per emergency range): room for seven ranges.
    if len(names) > 7:
        raise ValueError(
            f"data/alerts.csv: at most 7 emergency alerts are supported, found {len(names)}"
        )
    return tuple(
        "; ".join(n for j, n in enumerate(names) if code >> j & 1)
        for code in range(2 ** len(names))
    )


def _emergency_codes(
    nodes: Mapping[str, np.ndarray], x: Mapping[str, np.ndarray]
) -> np.ndarray:
    """Per row, a bit for each emergency range reached (bit j: the j-th emergency alert)."""
    codes = np.zeros(len(x["stress"]), dtype=np.int8)
    for j, (_, _, hit) in enumerate(alerts_of_kind(nodes, x, "emergency")):
        codes |= hit.view(np.int8) << j
    return codes


def _emergency_column(codes: np.ndarray) -> pd.Categorical:
    """The emergency ranges each row reaches, in words, built without a row loop."""
    return pd.Categorical.from_codes(
        codes, categories=list(_emergency_labels(str(data_dir())))
    )


def _frame_shapley(x: dict[str, np.ndarray], p: Parameters) -> dict[str, np.ndarray]:
    """Exact Shapley shifts for every row, chunked so each pass stays small."""
    n = len(x["stress"])
    players = [f for f in FACTORS if np.any(x[f.name] != FACTOR_DEFAULTS[f.name])]
    k = len(players)
    members = coalitions(k)
    out = {f.name: np.zeros(n) for f in FACTORS}
    chunk = max(1, (1 << 18) >> k)
    for start in range(0, n, chunk):
        rows = slice(start, min(n, start + chunk))
        m = rows.stop - rows.start
        columns = {f.name: np.full(2**k * m, FACTOR_DEFAULTS[f.name]) for f in FACTORS}
        for j, f in enumerate(players):
            columns[f.name] = np.where(
                members[:, j, None], x[f.name][rows][None, :], FACTOR_DEFAULTS[f.name]
            ).ravel()
        for f in CLIPPED_FACTORS:
            measured = (x[f.name][rows] != FACTOR_DEFAULTS[f.name]).astype(float)
            columns[f"measured_{f.name}"] = np.tile(measured, 2**k)
        log_odds = evaluate(columns, p)["log_odds"].reshape(2**k, m)
        shares = shapley_from_table(log_odds, k)
        for j, f in enumerate(players):
            out[f.name][rows] = shares[j]
    return out


# Rows per pass of the arithmetic: small enough that a pass's ~50 intermediate arrays
# stay in the processor's cache (about twice as fast as one pass over a million rows).
_ROWS_PER_PASS = 1 << 15


def _evaluate_frame(
    x: dict[str, np.ndarray], p: Parameters
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Likelihood, log-odds and emergency codes of every row, a cache-sized pass at a time."""
    n = len(x["stress"])
    likelihood, log_odds = np.empty(n), np.empty(n)
    codes = np.empty(n, dtype=np.int8)
    for start in range(0, n, _ROWS_PER_PASS):
        rows = slice(start, start + _ROWS_PER_PASS)
        # Switches become 1.0/0.0 here, a pass at a time: float arithmetic is several
        # times faster than arithmetic mixing True/False with numbers.
        part = {k: v[rows].astype(float, copy=False) for k, v in x.items()}
        nodes = evaluate(part, p)
        likelihood[rows] = nodes["likelihood"]
        log_odds[rows] = nodes["log_odds"]
        codes[rows] = _emergency_codes(nodes, part)
    return likelihood, log_odds, codes


def _assess_frame(frame: pd.DataFrame, contributions: bool) -> pd.DataFrame:
    x = _check_frame(frame)
    p = parameters()
    likelihood, log_odds, codes = _evaluate_frame(x, p)
    columns: dict[str, Any] = {}
    for f in FACTORS:
        given = frame.get(f.name)
        if given is not None and given.dtype == (bool if f.is_switch else np.float64):
            # The caller's own column: pandas shares it and copies only on a write.
            columns[f.name] = given
        else:
            columns[f.name] = x[f.name].astype(bool if f.is_switch else float)
    columns["likelihood"] = likelihood
    columns["log_odds"] = log_odds
    # Emergencies are named in words beside the number, never left as a likelihood.
    columns["emergency"] = _emergency_column(codes)
    if contributions:
        for name, shift in _frame_shapley(x, p).items():
            columns[f"shift_{name}"] = shift
    return pd.DataFrame(columns, index=frame.index, copy=False)


def sweep(
    factor: str,
    values: Sequence[float] | np.ndarray,
    base: Scenario | Mapping[str, Any] | None = None,
    **settings: Any,
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
    **settings
        Other factors set by name, as for :class:`Scenario`, on top of ``base``:
        ``sweep("stress", range(11), caffeine_mg_per_day=600)``.

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
    >>> sweep("stress", [2], caffeine_mg_per_day=600).equals(
    ...     sweep("stress", [2], base={"caffeine_mg_per_day": 600}))
    True
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
    if settings:
        base = base.replace(**settings)  # checked, with a suggestion when misspelt
    if isinstance(values, (str, numbers.Number)):
        raise TypeError(
            f"values must be a list of {factor} values, such as range(11) or"
            f" [0, 5, 10] (got {type(values).__name__} {values!r})"
        )
    values = list(values) if not isinstance(values, np.ndarray) else values.tolist()
    if not values:
        raise ValueError(f"give at least one value of {factor} to sweep")
    checked = [check_value(spec, v) for v in values]
    n = len(checked)
    x = factor_columns(base.to_dict(), n)
    x[factor] = np.asarray(checked, dtype=float)
    nodes = evaluate(x, parameters())
    return pd.DataFrame(
        {
            factor: checked,
            "likelihood": nodes["likelihood"],
            "log_odds": nodes["log_odds"],
            **{key: nodes[f"route_{key}"] for key in ROUTES},
            "emergency": np.asarray(
                _emergency_column(_emergency_codes(nodes, x)), dtype=object
            ),
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
    nodes = evaluate(factor_columns(scenario.to_dict(), 1), parameters())
    return {k: float(v[0]) for k, v in nodes.items()}
