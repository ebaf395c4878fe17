"""The nerve's membrane kinetics: Hodgkin–Huxley gates, their rate tables and the time loop.

This is the arithmetic under :mod:`twitchlib.nerve`, which checks the inputs and
explains the model; the functions here take numbers that are already checked
(voltages and shifts in mV, times in ms, currents in µA/cm², temperature in °C).
The constants come from ``data/membrane.csv`` with their sources. The gates follow
the exponential-Euler rule with rates tabulated every 0.01 mV (linear
interpolation); the voltage takes a backward-Euler step with the new conductances,
as NEURON's default method does.

>>> from twitchlib import membrane as kinetics
>>> round(float(kinetics.resting_voltage(np.zeros(1))[0]), 1)
-65.0
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import lru_cache

import numpy as np

from . import screening
from ._data import data_dir, load_table

__all__ = [
    "Membrane",
    "REFERENCE_CALCIUM_MMOL_L",
    "REFERENCE_MAGNESIUM_MMOL_L",
    "integrate_many",
    "integrate_one",
    "ionic_current",
    "membrane",
    "rate_tables",
    "rates",
    "resting_voltage",
    "steady_state",
    "threshold_crossings_ms",
]


@dataclass(frozen=True)
class Membrane:
    """The membrane's constants, one per row of ``data/membrane.csv`` (with sources).

    Attributes
    ----------
    sodium_conductance, potassium_conductance, leak_conductance : float, mS/cm²
        Maximal conductances.
    membrane_capacitance : float, µF/cm²
    sodium_reversal, potassium_reversal, leak_reversal : float, mV
    reference_temperature : float, °C, where the gating rates were measured
    rate_q10 : float, how many times faster the gates are per 10 °C warmer
    spike_threshold : float, mV, the upward crossing that counts as a spike
    twitch_contraction_time : float, ms, time to the peak of one muscle twitch
    """

    sodium_conductance: float
    potassium_conductance: float
    leak_conductance: float
    membrane_capacitance: float
    sodium_reversal: float
    potassium_reversal: float
    leak_reversal: float
    reference_temperature: float
    rate_q10: float
    spike_threshold: float
    twitch_contraction_time: float


@lru_cache(maxsize=4)
def _membrane(directory: str) -> Membrane:
    table = load_table("membrane", directory).set_index("parameter")["value"]
    return Membrane(**{f.name: float(table[f.name]) for f in fields(Membrane)})


def membrane() -> Membrane:
    """The membrane's constants from the shipped data.

    >>> membrane().sodium_conductance
    120.0
    """
    return _membrane(str(data_dir()))


REFERENCE_CALCIUM_MMOL_L: float = screening.weights().reference_calcium_mmol_l
"""Ionized calcium at which the gating shift is zero: the middle of the normal range."""
REFERENCE_MAGNESIUM_MMOL_L: float = screening.weights().reference_magnesium_mmol_l
"""Serum magnesium at which the gating shift is zero: the middle of the normal range."""

# Rate tables cover every voltage a membrane reaches, whatever the shift.
_TABLE_LOW, _TABLE_HIGH, _TABLE_STEP = -200.0, 150.0, 0.01


def rates(u: np.ndarray) -> tuple[np.ndarray, ...]:
    """Hodgkin–Huxley opening (α) and closing (β) rates at 6.3 °C, per ms.

    ``u`` is the voltage the gates see, in mV (the membrane voltage minus the
    screening shift). Returns α_m, β_m, α_h, β_h, α_n, β_n in that order.

    >>> [round(float(r), 3) for r in rates(np.array(-65.0))][:2]
    [0.224, 4.0]
    """

    def ratio(y: np.ndarray) -> np.ndarray:
        # y / (1 - e^-y), whose limit at y = 0 is 1.
        small = np.abs(y) < 1e-7
        safe = np.where(small, 1.0, y)
        return np.where(small, 1.0 + y / 2.0, safe / -np.expm1(-safe))

    alpha_m = ratio((u + 40.0) / 10.0)
    beta_m = 4.0 * np.exp(-(u + 65.0) / 18.0)
    alpha_h = 0.07 * np.exp(-(u + 65.0) / 20.0)
    beta_h = 1.0 / (1.0 + np.exp(-(u + 35.0) / 10.0))
    alpha_n = 0.1 * ratio((u + 55.0) / 10.0)
    beta_n = 0.125 * np.exp(-(u + 65.0) / 80.0)
    return alpha_m, beta_m, alpha_h, beta_h, alpha_n, beta_n


def steady_state(u: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The gates m, h, n at rest at the gating voltage ``u`` (mV), each 0 to 1.

    >>> [round(float(g), 3) for g in steady_state(np.array(-65.0))]
    [0.053, 0.596, 0.318]
    """
    am, bm, ah, bh, an, bn = rates(u)
    return am / (am + bm), ah / (ah + bh), an / (an + bn)


@lru_cache(maxsize=16)
def rate_tables(
    dt_ms: float, temperature_c: float
) -> tuple[np.ndarray, tuple[list[float], ...]]:
    """Steady states and one-step decay factors of m, h, n on a 0.01 mV grid.

    ``dt_ms`` is the time step (ms) and ``temperature_c`` the temperature (°C); the
    grid runs from −200 to 150 mV of gating voltage. Returned both as one (6, N) array for the vectorized loop and as six lists for
    the scalar loop, which indexes lists faster than arrays.
    """
    c = membrane()
    phi = c.rate_q10 ** ((temperature_c - c.reference_temperature) / 10.0)
    u = np.arange(_TABLE_LOW, _TABLE_HIGH + _TABLE_STEP / 2, _TABLE_STEP)
    am, bm, ah, bh, an, bn = rates(u)
    table = np.stack(
        [
            am / (am + bm),
            np.exp(-dt_ms * phi * (am + bm)),
            ah / (ah + bh),
            np.exp(-dt_ms * phi * (ah + bh)),
            an / (an + bn),
            np.exp(-dt_ms * phi * (an + bn)),
        ]
    )
    return table, tuple(row.tolist() for row in table)


def ionic_current(v: np.ndarray, shift: np.ndarray) -> np.ndarray:
    """Membrane current (µA/cm²) with every gate at its steady state.

    ``v`` is the membrane voltage and ``shift`` the screening shift, both in mV;
    outward current is positive.

    >>> bool(ionic_current(np.array(-60.0), np.array(0.0)) > 0)  # above rest: outward
    True
    """
    c = membrane()
    m, h, n = steady_state(v - shift)
    return (
        c.sodium_conductance * m**3 * h * (v - c.sodium_reversal)
        + c.potassium_conductance * n**4 * (v - c.potassium_reversal)
        + c.leak_conductance * (v - c.leak_reversal)
    )


def resting_voltage(shift: np.ndarray) -> np.ndarray:
    """The resting voltage (mV) for each screening ``shift`` (mV): where the
    steady-state current is zero, found by bisection.

    The steady-state current rises monotonically with voltage for this membrane,
    so the root between −100 and 0 mV is unique.
    """
    low = np.full(shift.shape, -100.0)
    high = np.zeros(shift.shape)
    for _ in range(60):
        middle = (low + high) / 2.0
        above = ionic_current(middle, shift) > 0.0
        high = np.where(above, middle, high)
        low = np.where(above, low, middle)
    return (low + high) / 2.0


def integrate_one(
    current: float,
    shift: float,
    rest: float,
    steps: int,
    dt: float,
    temperature: float,
    onset: int,
    start: float | None = None,
) -> np.ndarray:
    """The time loop for one membrane, on Python floats (fast for a single condition).

    ``current`` (µA/cm²) is switched on at step ``onset``; ``shift``, ``rest`` and
    ``start`` are in mV, ``dt`` in ms, ``temperature`` in °C. The gates start at
    rest; the voltage starts at ``start`` if given (a nudge). Returns the voltage
    (mV) at every step, ``steps + 1`` values.
    """
    c = membrane()
    _, (m_inf, m_decay, h_inf, h_decay, n_inf, n_decay) = rate_tables(dt, temperature)
    m, h, n = (float(x) for x in steady_state(np.array(rest - shift)))
    g_na, g_k, g_l = c.sodium_conductance, c.potassium_conductance, c.leak_conductance
    e_na, e_k, e_l = c.sodium_reversal, c.potassium_reversal, c.leak_reversal
    capacity = c.membrane_capacitance / dt
    low, scale, last = _TABLE_LOW + shift, 1.0 / _TABLE_STEP, len(m_inf) - 2
    v = rest if start is None else start
    trace = [v]
    append = trace.append
    for k in range(steps):
        x = (v - low) * scale
        if x <= 0.0:
            i, f = 0, 0.0
        elif x >= last + 1:
            i, f = last, 1.0
        else:
            i = int(x)
            f = x - i
        j = i + 1
        inf = m_inf[i] + f * (m_inf[j] - m_inf[i])
        m = inf + (m - inf) * (m_decay[i] + f * (m_decay[j] - m_decay[i]))
        inf = h_inf[i] + f * (h_inf[j] - h_inf[i])
        h = inf + (h - inf) * (h_decay[i] + f * (h_decay[j] - h_decay[i]))
        inf = n_inf[i] + f * (n_inf[j] - n_inf[i])
        n = inf + (n - inf) * (n_decay[i] + f * (n_decay[j] - n_decay[i]))
        gna = g_na * m * m * m * h
        n2 = n * n
        gk = g_k * n2 * n2
        stimulus = current if k >= onset else 0.0
        v = (capacity * v + stimulus + gna * e_na + gk * e_k + g_l * e_l) / (
            capacity + gna + gk + g_l
        )
        append(v)
    return np.array(trace)


def integrate_many(
    current: np.ndarray,
    shift: np.ndarray,
    rest: np.ndarray,
    steps: int,
    dt: float,
    temperature: float,
    onset: int,
    start: np.ndarray | None = None,
) -> np.ndarray:
    """The same time loop for many membranes at once; returns voltage (steps+1, n).

    Arguments as for :func:`integrate_one`, with arrays of n currents, shifts, rests
    (and starts); the voltage is in mV.
    """
    c = membrane()
    table, _ = rate_tables(dt, temperature)
    m, h, n = steady_state(rest - shift)
    gates = np.stack([m, h, n])
    g_l = c.leak_conductance
    capacity = c.membrane_capacitance / dt
    low, scale, last = _TABLE_LOW + shift, 1.0 / _TABLE_STEP, table.shape[1] - 2
    v = (rest if start is None else start).copy()
    out = np.empty((steps + 1, v.size), dtype=np.float64)
    out[0] = v
    leak_drive = g_l * c.leak_reversal
    for k in range(steps):
        x = np.clip((v - low) * scale, 0.0, last + 1.0)
        i = np.minimum(x.astype(np.intp), last)
        f = x - i
        lower = table[:, i]
        values = lower + f * (table[:, i + 1] - lower)
        gates = values[0::2] + (gates - values[0::2]) * values[1::2]
        m, h, n = gates
        gna = c.sodium_conductance * m * m * m * h
        n2 = n * n
        gk = c.potassium_conductance * n2 * n2
        drive = (
            capacity * v
            + leak_drive
            + gna * c.sodium_reversal
            + gk * c.potassium_reversal
        )
        if k >= onset:
            drive = drive + current
        v = drive / (capacity + gna + gk + g_l)
        out[k + 1] = v
    return out


def threshold_crossings_ms(
    voltage: np.ndarray, dt: float, threshold: float
) -> list[np.ndarray]:
    """Spike times (ms) per column: upward threshold crossings, interpolated in time.

    ``voltage`` (mV) has one row per time step of ``dt`` ms and one column per
    membrane; ``threshold`` is in mV.

    >>> threshold_crossings_ms(np.array([[-60.0], [20.0], [-60.0]]), 0.5, 0.0)
    [array([0.375])]
    """
    before, after = voltage[:-1], voltage[1:]
    steps, columns = np.nonzero((before < threshold) & (after >= threshold))
    fraction = (threshold - before[steps, columns]) / (
        after[steps, columns] - before[steps, columns]
    )
    times = (steps + fraction) * dt
    order = np.lexsort((times, columns))
    columns, times = columns[order], times[order]
    split = np.searchsorted(columns, np.arange(1, voltage.shape[1]))
    return np.split(times, split)
