"""Inside the nerve: a Hodgkin–Huxley membrane whose excitability follows calcium and magnesium.

The membrane is the squid giant axon of Hodgkin & Huxley (1952) with their standard
parameters in the modern convention (rest at −65 mV, as in NEURON's ``hh``
mechanism); every number is in ``data/membrane.csv`` with its source. Gating rates
speed up threefold per 10 °C above 6.3 °C.

Calcium and magnesium outside the cell screen the negative surface charge near the
sodium channels (Hille, Woodhull & Shapiro 1975). Less screening makes every gate
behave as if the membrane were more depolarized, so the gates' voltage dependence
moves by

    shift (mV) = S · log10( (Ca + e·Mg) / (Ca_ref + e·Mg_ref) )

where S = 22.5 mV per tenfold change (the middle of the measured 20–25 mV), e = 0.5
because magnesium screens less strongly than calcium (an illustrative value), and
Ca_ref, Mg_ref are the middles of the normal serum ranges (ionized calcium
1.235 mmol/L, magnesium 0.85 mmol/L). The rule lives in :mod:`twitchlib.screening`,
shared with the likelihood model. Each rate is evaluated at ``V − shift``; the
reversal potentials do not move. At the reference the shift is exactly zero and the
membrane is the standard Hodgkin–Huxley membrane.

Calcium and magnesium are named as in the likelihood model's
:class:`twitchlib.Scenario`: ``ionized_calcium`` and ``serum_magnesium``, both in
mmol/L. The older names ``calcium_mmol_l`` and ``magnesium_mmol_l`` still work and
warn (:class:`DeprecationWarning`).

Numerics: the gates follow the exponential-Euler rule with rates tabulated every
0.01 mV (linear interpolation); the voltage takes a backward-Euler step with the
new conductances, as NEURON's default method does. The time step follows the speed
of the gates: 0.025 ms at 6.3 °C and finer when warmer (see :func:`time_step_ms`),
so that a firing rate is as accurate at 18.5 °C as at 6.3 °C. Many conditions are
integrated together as NumPy arrays; a single condition runs as a plain Python loop,
which is faster for one membrane.

A teaching model of a squid axon at 6.3 °C, not a human nerve and not a diagnostic
tool.

>>> from twitchlib import nerve
>>> trace = nerve.simulate(10.0, 200.0)
>>> round(trace.firing_rate_hz())
68
>>> nerve.gating_shift_mv(ionized_calcium=0.6, serum_magnesium=0.3) < -7
True
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

# The membrane kinetics and the input checks live in their own modules; the names
# that were always reached as ``nerve.X`` are imported here so they still are.
from .membrane import (
    REFERENCE_CALCIUM_MMOL_L,
    REFERENCE_MAGNESIUM_MMOL_L,
    Membrane,
    integrate_many,
    integrate_one,
    membrane,
    resting_voltage,
    threshold_crossings_ms,
)
from .nerve_inputs import (
    FACTORS,
    LIMITS,
    Conditions,
    accept_old_argument_names,
    check_array,
    check_conditions,
    check_number,
    checked_time_step_ms,
    time_step_ms,
)
from .scenario import Factor
from .screening import gating_shift_mv as _gating_shift_unchecked

__all__ = [
    "FACTORS",
    "LIMITS",
    "Conditions",
    "Membrane",
    "NerveTrace",
    "REFERENCE_CALCIUM_MMOL_L",
    "REFERENCE_MAGNESIUM_MMOL_L",
    "check_conditions",
    "fires_spontaneously",
    "firing_rate_hz",
    "gating_shift_mv",
    "membrane",
    "resting_potential_mv",
    "simulate",
    "sweep",
    "threshold_current",
    "time_step_ms",
    "twitch_force",
]


@accept_old_argument_names
def gating_shift_mv(
    ionized_calcium: Any = REFERENCE_CALCIUM_MMOL_L,
    serum_magnesium: Any = REFERENCE_MAGNESIUM_MMOL_L,
) -> Any:
    """How far calcium and magnesium move the sodium and potassium gates, in mV.

    Negative values mean less charge screening: the gates open at more negative
    voltages and the membrane is easier to excite. Zero at the normal reference
    (ionized calcium 1.235 mmol/L, magnesium 0.85 mmol/L); ±22.5 mV for each tenfold
    change of the screening mixture, magnesium counting half as much as calcium.

    Parameters
    ----------
    ionized_calcium : float or array, mmol/L, 0.1–10
    serum_magnesium : float or array, mmol/L, 0–10

    Examples
    --------
    >>> gating_shift_mv()
    0.0
    >>> round(gating_shift_mv(ionized_calcium=1.235, serum_magnesium=0.2), 2)
    -2.13
    """
    scalar = np.ndim(ionized_calcium) == 0 and np.ndim(serum_magnesium) == 0
    ca = check_array(LIMITS["ionized_calcium"], ionized_calcium)
    mg = check_array(LIMITS["serum_magnesium"], serum_magnesium)
    shift = _gating_shift_array(ca, mg)
    return float(shift) if scalar else shift


def _gating_shift_array(ca: np.ndarray, mg: np.ndarray) -> np.ndarray:
    """The screening shift (mV) as an array, whatever the shape of checked inputs."""
    return np.asarray(_gating_shift_unchecked(ca, mg), dtype=float)


@accept_old_argument_names
def resting_potential_mv(
    ionized_calcium: Any = REFERENCE_CALCIUM_MMOL_L,
    serum_magnesium: Any = REFERENCE_MAGNESIUM_MMOL_L,
) -> Any:
    """The membrane's resting potential with no stimulus, in mV.

    It is the balance point of the currents; at low calcium and magnesium it may be
    unstable, and then the membrane fires on its own (see :func:`fires_spontaneously`).

    Examples
    --------
    >>> round(resting_potential_mv(), 1)
    -65.0
    """
    scalar = np.ndim(ionized_calcium) == 0 and np.ndim(serum_magnesium) == 0
    ca = check_array(LIMITS["ionized_calcium"], ionized_calcium)
    mg = check_array(LIMITS["serum_magnesium"], serum_magnesium)
    shift = _gating_shift_array(ca, mg)
    rest = resting_voltage(np.atleast_1d(shift).astype(float))
    return float(rest[0]) if scalar else rest.reshape(np.shape(shift))


@dataclass(frozen=True)
class NerveTrace:
    """One simulated membrane: its voltage over time and its spikes.

    Attributes
    ----------
    time_ms, voltage_mv : numpy arrays of equal length
    spike_times_ms : numpy array, upward crossings of the spike threshold (0 mV)
    current_ua_cm2, duration_ms, ionized_calcium, serum_magnesium, temperature_c,
    dt_ms, delay_ms : the inputs
    gating_shift_mv, resting_potential_mv : derived from calcium and magnesium
    """

    time_ms: np.ndarray
    voltage_mv: np.ndarray
    spike_times_ms: np.ndarray
    current_ua_cm2: float
    duration_ms: float
    ionized_calcium: float
    serum_magnesium: float
    temperature_c: float
    dt_ms: float
    delay_ms: float
    gating_shift_mv: float
    resting_potential_mv: float

    @property
    def spike_count(self) -> int:
        return int(self.spike_times_ms.size)

    def firing_rate_hz(self, transient_ms: float = 100.0) -> float:
        """Steady firing rate in Hz, ignoring the first ``transient_ms`` after the stimulus starts."""
        return firing_rate_hz(
            self.spike_times_ms, self.duration_ms, start_ms=self.delay_ms + transient_ms
        )

    @property
    def calcium_mmol_l(self) -> float:
        """Deprecated: the old name of :attr:`ionized_calcium`."""
        warnings.warn(
            "NerveTrace.calcium_mmol_l is now NerveTrace.ionized_calcium",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.ionized_calcium

    @property
    def magnesium_mmol_l(self) -> float:
        """Deprecated: the old name of :attr:`serum_magnesium`."""
        warnings.warn(
            "NerveTrace.magnesium_mmol_l is now NerveTrace.serum_magnesium",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.serum_magnesium

    def twitch_force(self, contraction_time_ms: float | None = None) -> np.ndarray:
        """Muscle force at every time point: one twitch per spike (see :func:`twitch_force`)."""
        return twitch_force(
            self.spike_times_ms, self.time_ms, contraction_time_ms=contraction_time_ms
        )

    def to_frame(self) -> pd.DataFrame:
        """Time, voltage and twitch force as a DataFrame, one row per time step."""
        return pd.DataFrame(
            {
                "time_ms": self.time_ms,
                "voltage_mv": self.voltage_mv,
                "twitch_force": self.twitch_force(),
            }
        )

    def summary(self) -> str:
        """One sentence for a student: spikes, rate and the calcium/magnesium shift."""
        rate = self.firing_rate_hz(transient_ms=min(100.0, self.duration_ms / 2))
        firing = (
            f"fires {self.spike_count} spike{'s' if self.spike_count != 1 else ''}"
            if self.spike_count
            else "does not fire"
        )
        steady = f" (steady rate {rate:.0f} Hz)" if rate > 0 else ""
        return (
            f"At {self.current_ua_cm2:g} µA/cm² for {self.duration_ms:g} ms the membrane"
            f" {firing}{steady}; calcium {self.ionized_calcium:g} and magnesium"
            f" {self.serum_magnesium:g} mmol/L shift its gates by"
            f" {self.gating_shift_mv:+.1f} mV."
        )


@accept_old_argument_names
def simulate(
    current_ua_cm2: float,
    duration_ms: float,
    *,
    ionized_calcium: float = REFERENCE_CALCIUM_MMOL_L,
    serum_magnesium: float = REFERENCE_MAGNESIUM_MMOL_L,
    temperature_c: float = 6.3,
    dt_ms: float | None = None,
    delay_ms: float = 0.0,
) -> NerveTrace:
    """Simulate one membrane patch given a current step, starting at rest.

    Parameters
    ----------
    current_ua_cm2 : float, µA/cm², −50 to 200
        The current step, switched on at ``delay_ms`` and held to the end.
    duration_ms : float, ms, 1 to 10 000
    ionized_calcium : float, mmol/L, 0.1 to 10 (default 1.235, the normal reference)
    serum_magnesium : float, mmol/L, 0 to 10 (default 0.85, the normal reference)
    temperature_c : float, °C, 0 to 35 (default 6.3, where the rates were measured)
    dt_ms : float, ms, 0.001 to 0.05, optional
        The time step; by default :func:`time_step_ms` of the temperature (0.025 ms at
        6.3 °C, finer when warmer).
    delay_ms : float, ms, 0 to ``duration_ms`` (default 0)

    Returns
    -------
    NerveTrace
        Time (ms), voltage (mV) and spike times (ms), with the inputs.

    Raises
    ------
    TypeError, ValueError
        Naming the parameter, its unit and allowed range.

    Examples
    --------
    >>> trace = simulate(10.0, 50.0)
    >>> trace.spike_count, round(float(trace.voltage_mv.max()))
    (4, 40)
    """
    run = check_conditions(
        current_ua_cm2,
        duration_ms,
        ionized_calcium=ionized_calcium,
        serum_magnesium=serum_magnesium,
        temperature_c=temperature_c,
        dt_ms=dt_ms,
        delay_ms=delay_ms,
    )
    currents, ca, mg = run.current_ua_cm2, run.ionized_calcium, run.serum_magnesium
    duration, temperature, dt = run.duration_ms, run.temperature_c, run.dt_ms
    steps, delay = run.steps, run.delay_ms
    if currents.ndim or ca.ndim or mg.ndim:
        raise TypeError("simulate() takes one condition; use nerve.sweep() for many")
    shift = float(_gating_shift_array(ca, mg))
    rest = float(resting_voltage(np.array([shift]))[0])
    voltage = integrate_one(
        float(currents), shift, rest, steps, dt, temperature, int(round(delay / dt))
    )
    time = np.arange(steps + 1) * dt
    spikes = threshold_crossings_ms(voltage[:, None], dt, membrane().spike_threshold)[0]
    return NerveTrace(
        time,
        voltage,
        spikes,
        float(currents),
        duration,
        float(ca),
        float(mg),
        temperature,
        dt,
        delay,
        shift,
        rest,
    )


@accept_old_argument_names
def sweep(
    current_ua_cm2: Any,
    duration_ms: float = 500.0,
    *,
    ionized_calcium: Any = REFERENCE_CALCIUM_MMOL_L,
    serum_magnesium: Any = REFERENCE_MAGNESIUM_MMOL_L,
    temperature_c: float = 6.3,
    dt_ms: float | None = None,
    delay_ms: float = 0.0,
    transient_ms: float = 100.0,
) -> pd.DataFrame:
    """Simulate many conditions in one pass; one row per condition.

    ``current_ua_cm2``, ``ionized_calcium`` and ``serum_magnesium`` may be numbers or
    arrays; they are broadcast together as NumPy does, so three arrays of equal length
    give that many conditions, and arrays shaped (n, 1) and (m,) give a grid. Each
    membrane starts at its own rest and sees the same current step as in
    :func:`simulate`; the results match :func:`simulate` condition by condition.

    Parameters
    ----------
    current_ua_cm2 : float or array, µA/cm², −50 to 200
    duration_ms : float, ms, 1 to 10 000 (default 500)
    ionized_calcium, serum_magnesium : float or array, mmol/L (0.1–10 and 0–10)
    temperature_c : float, °C, 0 to 35
    dt_ms : float, ms, 0.001 to 0.05, optional (default :func:`time_step_ms` of the
        temperature)
    delay_ms : float, ms, when the current step starts
    transient_ms : float, ms, left out of the steady firing rate (default 100)

    Returns
    -------
    pandas.DataFrame
        Columns ``ionized_calcium``, ``serum_magnesium``, ``current_ua_cm2``,
        ``gating_shift_mv``, ``resting_potential_mv``, ``spike_count``,
        ``first_spike_ms`` (NaN without spikes), ``firing_rate_hz`` and
        ``spike_times_ms`` (an array per row).

    Examples
    --------
    >>> table = sweep([0.0, 10.0], 200.0)
    >>> table["spike_count"].tolist()
    [0, 14]
    """
    run = check_conditions(
        current_ua_cm2,
        duration_ms,
        ionized_calcium=ionized_calcium,
        serum_magnesium=serum_magnesium,
        temperature_c=temperature_c,
        dt_ms=dt_ms,
        delay_ms=delay_ms,
    )
    currents, ca, mg = run.current_ua_cm2, run.ionized_calcium, run.serum_magnesium
    duration, temperature, dt = run.duration_ms, run.temperature_c, run.dt_ms
    steps, delay = run.steps, run.delay_ms
    try:
        currents, ca, mg = np.broadcast_arrays(currents, ca, mg)
    except ValueError:
        raise ValueError(
            "current_ua_cm2, ionized_calcium and serum_magnesium must broadcast together;"
            f" got shapes {np.shape(currents)}, {np.shape(ca)} and {np.shape(mg)}"
        ) from None
    currents, ca, mg = (np.ravel(a).astype(float) for a in (currents, ca, mg))
    shift = _gating_shift_array(ca, mg)
    rest = resting_voltage(shift)
    voltage = integrate_many(
        currents, shift, rest, steps, dt, temperature, int(round(delay / dt))
    )
    spikes = threshold_crossings_ms(voltage, dt, membrane().spike_threshold)
    start = delay + check_number(
        Factor(
            "transient_ms", "Transient", "ms", 100.0, 0.0, LIMITS["duration_ms"].maximum
        ),
        transient_ms,
    )
    return pd.DataFrame(
        {
            "ionized_calcium": ca,
            "serum_magnesium": mg,
            "current_ua_cm2": currents,
            "gating_shift_mv": shift,
            "resting_potential_mv": rest,
            "spike_count": [s.size for s in spikes],
            "first_spike_ms": [s[0] if s.size else np.nan for s in spikes],
            "firing_rate_hz": [
                firing_rate_hz(s, duration, start_ms=start) for s in spikes
            ],
            "spike_times_ms": spikes,
        }
    )


def firing_rate_hz(
    spike_times_ms: Any, duration_ms: float, *, start_ms: float = 100.0
) -> float:
    """Steady firing rate in Hz: one over the mean interval between spikes after ``start_ms``.

    Zero when fewer than two spikes fall between ``start_ms`` and ``duration_ms``,
    so a single spike at the stimulus onset is not a rate.

    Examples
    --------
    >>> firing_rate_hz([110.0, 120.0, 130.0], 200.0)
    100.0
    """
    times = np.asarray(spike_times_ms, dtype=float)
    times = times[(times >= start_ms) & (times <= duration_ms)]
    if times.size < 2:
        return 0.0
    return float(1000.0 * (times.size - 1) / (times[-1] - times[0]))


@accept_old_argument_names
def threshold_current(
    kind: str = "single",
    *,
    ionized_calcium: Any = REFERENCE_CALCIUM_MMOL_L,
    serum_magnesium: Any = REFERENCE_MAGNESIUM_MMOL_L,
    temperature_c: float = 6.3,
    dt_ms: float | None = None,
    tolerance_ua_cm2: float = 0.005,
) -> float:
    """The smallest current step (µA/cm²) that makes the membrane fire.

    ``kind="single"`` is the rheobase: at least one spike during a 200 ms step.
    ``kind="repetitive"`` is the threshold for sustained firing: spikes still coming
    in the last 100 ms of a 500 ms step. Both start from rest. The search runs 24
    currents at a time through :func:`sweep` and narrows the bracket until it is
    narrower than ``tolerance_ua_cm2``. A membrane that fires with no current at all
    has a threshold of 0.0. The time step ``dt_ms`` (ms) defaults to
    :func:`time_step_ms` of ``temperature_c`` (°C).

    Examples
    --------
    >>> rheobase = threshold_current("single")
    >>> 2.2 < rheobase < 2.3
    True
    """
    if kind not in ("single", "repetitive"):
        raise ValueError(f"kind must be 'single' or 'repetitive' (got {kind!r})")
    duration, window = (200.0, 200.0) if kind == "single" else (500.0, 100.0)

    def fires(currents: np.ndarray) -> np.ndarray:
        table = sweep(
            currents,
            duration,
            ionized_calcium=ionized_calcium,
            serum_magnesium=serum_magnesium,
            temperature_c=temperature_c,
            dt_ms=dt_ms,
        )
        last = [np.any(t >= duration - window) for t in table["spike_times_ms"]]
        return np.asarray(last)

    low, high = 0.0, 40.0
    if fires(np.array([low]))[0]:
        return 0.0
    if not fires(np.array([high]))[0]:
        raise ValueError(
            f"no {kind} firing below {high:g} µA/cm² at these conditions"
            f" (temperature_c={temperature_c:g} °C)"
        )
    while high - low > tolerance_ua_cm2:
        grid = np.linspace(low, high, 26)[1:-1]
        firing = fires(grid)
        first = int(np.argmax(firing)) if firing.any() else grid.size
        low = grid[first - 1] if first > 0 else low
        high = grid[first] if first < grid.size else high
    return float((low + high) / 2.0)


@accept_old_argument_names
def fires_spontaneously(
    ionized_calcium: Any = REFERENCE_CALCIUM_MMOL_L,
    serum_magnesium: Any = REFERENCE_MAGNESIUM_MMOL_L,
    *,
    temperature_c: float = 6.3,
    dt_ms: float | None = None,
) -> Any:
    """Whether the membrane fires on its own, with no stimulus at all.

    The membrane starts at rest, nudged 1 mV upwards (rest is never perfectly
    still), and runs 500 ms with zero current. It counts as firing on its own if
    spikes are still coming in the last 200 ms. Arrays of calcium and magnesium are
    broadcast and checked in one pass. The time step ``dt_ms`` (ms) defaults to
    :func:`time_step_ms` of ``temperature_c`` (°C).

    Examples
    --------
    >>> fires_spontaneously(), fires_spontaneously(ionized_calcium=0.5, serum_magnesium=0.2)
    (False, True)
    """
    scalar = np.ndim(ionized_calcium) == 0 and np.ndim(serum_magnesium) == 0
    ca = check_array(LIMITS["ionized_calcium"], ionized_calcium)
    mg = check_array(LIMITS["serum_magnesium"], serum_magnesium)
    temperature = check_number(LIMITS["temperature_c"], temperature_c)
    dt = checked_time_step_ms(dt_ms, temperature)
    ca, mg = np.broadcast_arrays(ca, mg)
    shape = ca.shape
    shift = _gating_shift_array(ca.ravel(), mg.ravel())
    rest = resting_voltage(shift)
    steps = int(round(500.0 / dt))
    if shift.size == 1:  # one membrane: the plain loop is many times faster
        voltage = integrate_one(
            0.0,
            float(shift[0]),
            float(rest[0]),
            steps,
            dt,
            temperature,
            onset=0,
            start=float(rest[0]) + 1.0,
        )[:, None]
    else:
        voltage = integrate_many(
            np.zeros_like(shift),
            shift,
            rest,
            steps,
            dt,
            temperature,
            onset=0,
            start=rest + 1.0,
        )
    late = voltage[int(round(300.0 / dt)) :]
    firing = np.any(
        (late[:-1] < membrane().spike_threshold)
        & (late[1:] >= membrane().spike_threshold),
        axis=0,
    )
    return bool(firing[0]) if scalar else firing.reshape(shape)


def twitch_force(
    spike_times_ms: Any, time_ms: Any, *, contraction_time_ms: float | None = None
) -> np.ndarray:
    """Relative muscle force over ``time_ms``: one twitch per nerve spike, summed.

    Each spike starts a twitch shaped (t/T)·exp(1 − t/T), which peaks at 1 when
    t = T, the contraction time (default 60 ms, inside the 35–98 ms measured for
    human motor units). Spikes closer together than a twitch lasts add up, so fast
    firing gives a stronger, fused contraction. Force is in units of one twitch.

    Examples
    --------
    >>> t = np.array([0.0, 60.0, 120.0])
    >>> twitch_force([0.0], t).round(3).tolist()
    [0.0, 1.0, 0.736]
    """
    spec = Factor(
        "contraction_time_ms",
        "Twitch contraction time",
        "ms",
        membrane().twitch_contraction_time,
        5.0,
        500.0,
    )
    contraction = check_number(
        spec, spec.default if contraction_time_ms is None else contraction_time_ms
    )
    spikes = np.asarray(spike_times_ms, dtype=float).ravel()
    time = np.asarray(time_ms, dtype=float)
    force = np.zeros(time.shape)
    for spike in spikes:
        since = (time - spike) / contraction
        after = since > 0
        force[after] += since[after] * np.exp(1.0 - since[after])
    return force
