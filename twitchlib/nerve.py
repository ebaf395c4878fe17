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

import functools
import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass, fields
from functools import lru_cache
from typing import Any, NamedTuple, TypeVar

import numpy as np
import pandas as pd

from . import screening
from ._data import data_dir, load_table
from .scenario import Factor, check_value
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

_CALCIUM = Factor(
    "ionized_calcium",
    "External calcium",
    "mmol/L",
    REFERENCE_CALCIUM_MMOL_L,
    0.1,
    10.0,
    description="ionized calcium outside the cell",
)
_MAGNESIUM = Factor(
    "serum_magnesium",
    "External magnesium",
    "mmol/L",
    REFERENCE_MAGNESIUM_MMOL_L,
    0.0,
    10.0,
    description="magnesium outside the cell",
)
_CURRENT = Factor(
    "current_ua_cm2",
    "Stimulus current",
    "µA/cm²",
    0.0,
    -50.0,
    200.0,
    description="a steady current step into the membrane",
)
_DURATION = Factor("duration_ms", "Duration", "ms", 200.0, 1.0, 10_000.0)
_TEMPERATURE = Factor(
    "temperature_c",
    "Temperature",
    "°C",
    6.3,
    0.0,
    35.0,
    description="the squid axon stops firing in the high 20s to 30s °C",
)
_DT = Factor(
    "dt_ms",
    "Time step",
    "ms",
    0.025,
    0.001,
    0.05,
    description="smaller is more accurate and slower; by default 0.025 ms at"
    " 6.3 °C and finer when warmer (see time_step_ms)",
)

FACTORS: tuple[Factor, ...] = (
    _CALCIUM,
    _MAGNESIUM,
    _CURRENT,
    _DURATION,
    _TEMPERATURE,
    _DT,
)
"""Every input of the nerve model, in order: name, label, unit, default and range.

The nerve explorer builds its controls from these.

>>> [f.name for f in FACTORS][:3]
['ionized_calcium', 'serum_magnesium', 'current_ua_cm2']
"""

LIMITS: dict[str, Factor] = {f.name: f for f in FACTORS}
"""The same factors by name."""

# Arguments renamed to the likelihood model's names (one name per quantity).
_RENAMED = {"calcium_mmol_l": "ionized_calcium", "magnesium_mmol_l": "serum_magnesium"}

_F = TypeVar("_F", bound=Callable[..., Any])


def accept_old_argument_names(function: _F) -> _F:
    """Decorate a function so ``calcium_mmol_l`` / ``magnesium_mmol_l`` still work.

    The old keyword is passed on under its new name (``ionized_calcium``,
    ``serum_magnesium``) with a :class:`DeprecationWarning`; an error about the
    argument names it as the caller wrote it. :mod:`twitchlib.neuron_reference`
    uses it too, so both simulators accept the same names.
    """

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        used: dict[str, str] = {}
        for old, new in _RENAMED.items():
            if old in kwargs:
                if new in kwargs:
                    raise TypeError(
                        f"{function.__name__}() got both {old} and {new}; pass only {new}"
                    )
                warnings.warn(
                    f"{function.__name__}(): {old} is now called {new}"
                    " (the name the likelihood model uses)",
                    DeprecationWarning,
                    stacklevel=2,
                )
                kwargs[new] = kwargs.pop(old)
                used[new] = old
        try:
            return function(*args, **kwargs)
        except (TypeError, ValueError) as error:
            # Name the argument as the caller wrote it.
            message = str(error)
            for new, old in used.items():
                message = message.replace(new, f"{old} (now {new})")
            if message == str(error) or type(error) not in (TypeError, ValueError):
                raise
            raise type(error)(message) from None

    return wrapper  # type: ignore[return-value]


# Longest run held in memory: 2 million steps (for example 10 s at 0.005 ms).
_MAX_STEPS = 2_000_000
# The default time step is 1 / (40 · φ^1.5) ms, φ the rate factor of the temperature.
# At 6.3 °C that is 0.025 ms, where halving it moves firing rates by < 0.5 Hz up to
# 50 µA/cm². The error of a rate (in Hz) per ms of time step was measured to grow as
# about φ^1.5 (17, 47 and 124 Hz per ms at 6.3, 12 and 18.5 °C, currents up to
# 50 µA/cm²): φ for the faster gates, and about √φ more because the firing rate itself
# rises with temperature. Scaling the step by φ^-1.5 keeps that error, and so the
# spike count over a fixed time, about the same at every temperature. (Scaling by 1/φ
# alone, a fixed number of steps per gating time constant, lets the error in Hz grow
# with the rates.) Steps per ms are whole numbers so that every millisecond falls on a
# step, here and in NEURON (whose steps_per_ms must divide into whole steps).
_STEPS_PER_MS_AT_REFERENCE = 40
_STEP_EXPONENT = 1.5
# Rate tables cover every voltage a membrane reaches, whatever the shift.
_TABLE_LOW, _TABLE_HIGH, _TABLE_STEP = -200.0, 150.0, 0.01


def _check(spec: Factor, value: Any) -> float:
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value.item()
    number = check_value(spec, value)
    if math.isinf(number):
        raise ValueError(
            f"{spec.name} must be from {spec.describe_range()} (got {number})"
        )
    return float(number)


def _check_array(spec: Factor, values: Any) -> np.ndarray:
    """Check every element, naming the first bad one; return a float array."""
    array = np.asarray(values, dtype=object)
    for item in array.ravel():
        _check(spec, item)
    return array.astype(float)


def time_step_ms(temperature_c: float = 6.3) -> float:
    """The time step, in ms, that the simulations use at a temperature unless given one.

    The gates speed up threefold per 10 °C (the rate factor φ = 3^((T − 6.3)/10)), and
    the step shrinks with them: 1 / ⌈40 · φ^1.5⌉ ms, that is 0.025 ms at 6.3 °C (40
    steps per ms), 1/103 ms at 12 °C and 1/299 ms at 18.5 °C, never coarser than
    0.025 ms nor finer than 0.001 ms (reached above about 26 °C). At each temperature
    from 6.3 to 18.5 °C, halving this step moves steady firing rates by less than
    0.5 Hz for currents up to 50 µA/cm².

    Parameters
    ----------
    temperature_c : float, °C, 0 to 35 (default 6.3)

    Examples
    --------
    >>> time_step_ms(6.3)
    0.025
    >>> round(1 / time_step_ms(18.5))
    299
    """
    c = membrane()
    temperature = _check(_TEMPERATURE, temperature_c)
    phi = c.rate_q10 ** ((temperature - c.reference_temperature) / 10.0)
    # The tolerance keeps an exact whole number (40 at 6.3 °C) from rounding up.
    steps_per_ms = math.ceil(_STEPS_PER_MS_AT_REFERENCE * phi**_STEP_EXPONENT - 1e-9)
    steps_per_ms = min(
        max(steps_per_ms, round(1.0 / _DT.default)), round(1.0 / _DT.minimum)
    )
    return 1.0 / steps_per_ms


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
    ca = _check_array(_CALCIUM, ionized_calcium)
    mg = _check_array(_MAGNESIUM, serum_magnesium)
    shift = _gating_shift_array(ca, mg)
    return float(shift) if scalar else shift


def _gating_shift_array(ca: np.ndarray, mg: np.ndarray) -> np.ndarray:
    """The screening shift (mV) as an array, whatever the shape of checked inputs."""
    return np.asarray(_gating_shift_unchecked(ca, mg), dtype=float)


def _rates(u: np.ndarray) -> tuple[np.ndarray, ...]:
    """Hodgkin–Huxley opening (α) and closing (β) rates at 6.3 °C, per ms."""

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


def _steady_state(u: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    am, bm, ah, bh, an, bn = _rates(u)
    return am / (am + bm), ah / (ah + bh), an / (an + bn)


@lru_cache(maxsize=16)
def _tables(
    dt_ms: float, temperature_c: float
) -> tuple[np.ndarray, tuple[list[float], ...]]:
    """Steady states and one-step decay factors of m, h, n on a 0.01 mV grid.

    Returned both as one (6, N) array for the vectorized loop and as six lists for
    the scalar loop, which indexes lists faster than arrays.
    """
    c = membrane()
    phi = c.rate_q10 ** ((temperature_c - c.reference_temperature) / 10.0)
    u = np.arange(_TABLE_LOW, _TABLE_HIGH + _TABLE_STEP / 2, _TABLE_STEP)
    am, bm, ah, bh, an, bn = _rates(u)
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


def _ionic_current(v: np.ndarray, shift: np.ndarray) -> np.ndarray:
    """Membrane current (µA/cm²) with every gate at its steady state."""
    c = membrane()
    m, h, n = _steady_state(v - shift)
    return (
        c.sodium_conductance * m**3 * h * (v - c.sodium_reversal)
        + c.potassium_conductance * n**4 * (v - c.potassium_reversal)
        + c.leak_conductance * (v - c.leak_reversal)
    )


def _resting_voltage(shift: np.ndarray) -> np.ndarray:
    """The voltage where the steady-state current is zero, by bisection.

    The steady-state current rises monotonically with voltage for this membrane,
    so the root between −100 and 0 mV is unique.
    """
    low = np.full(shift.shape, -100.0)
    high = np.zeros(shift.shape)
    for _ in range(60):
        middle = (low + high) / 2.0
        above = _ionic_current(middle, shift) > 0.0
        high = np.where(above, middle, high)
        low = np.where(above, low, middle)
    return (low + high) / 2.0


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
    ca = _check_array(_CALCIUM, ionized_calcium)
    mg = _check_array(_MAGNESIUM, serum_magnesium)
    shift = _gating_shift_array(ca, mg)
    rest = _resting_voltage(np.atleast_1d(shift).astype(float))
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


def _time_step(dt_ms: Any, temperature: float) -> float:
    """The given time step, checked, or the default one for the temperature."""
    return time_step_ms(temperature) if dt_ms is None else _check(_DT, dt_ms)


def _count_steps(
    duration: float, dt: float, default_step: bool, temperature: float
) -> int:
    steps = int(round(duration / dt))
    if steps > _MAX_STEPS:
        why = (
            f"dt_ms defaults to {dt:.4g} ms at temperature_c={temperature:g} °C, finer"
            " when warmer because the gates are faster"
            if default_step
            else f"dt_ms={dt:g} ms"
        )
        raise ValueError(
            f"duration_ms={duration:g} ms / dt_ms gives {steps:,} time steps ({why}),"
            f" more than the {_MAX_STEPS:,} held in memory; shorten duration_ms or pass"
            f" a larger dt_ms (up to {_DT.maximum:g} ms)"
        )
    return steps


class Conditions(NamedTuple):
    """The inputs of one run, checked, as :func:`simulate` and :func:`sweep` use them.

    ``current_ua_cm2``, ``ionized_calcium`` and ``serum_magnesium`` are float arrays
    (0-d for one condition); the rest are numbers. ``dt_ms`` is the given time step
    or the default one of the temperature, and ``steps`` the number of time steps.
    """

    current_ua_cm2: np.ndarray
    ionized_calcium: np.ndarray
    serum_magnesium: np.ndarray
    duration_ms: float
    temperature_c: float
    dt_ms: float
    steps: int
    delay_ms: float


@accept_old_argument_names
def check_conditions(
    current_ua_cm2: Any,
    duration_ms: Any,
    *,
    ionized_calcium: Any = REFERENCE_CALCIUM_MMOL_L,
    serum_magnesium: Any = REFERENCE_MAGNESIUM_MMOL_L,
    temperature_c: Any = 6.3,
    dt_ms: Any = None,
    delay_ms: Any = 0.0,
) -> Conditions:
    """Check a run's inputs against :data:`FACTORS` and fill in the time step.

    The arguments are those of :func:`sweep`. Another simulator run under the same
    protocol (:mod:`twitchlib.neuron_reference`) uses this to get the same checks
    and the same time step.

    Raises
    ------
    TypeError, ValueError
        Naming the parameter, its unit and allowed range.

    Examples
    --------
    >>> run = check_conditions(10.0, 200.0, temperature_c=18.5)
    >>> round(1 / run.dt_ms), run.steps
    (299, 59800)
    """
    duration = _check(_DURATION, duration_ms)
    temperature = _check(_TEMPERATURE, temperature_c)
    dt = _time_step(dt_ms, temperature)
    steps = _count_steps(duration, dt, dt_ms is None, temperature)
    delay_spec = Factor("delay_ms", "Stimulus delay", "ms", 0.0, 0.0, duration)
    return Conditions(
        current_ua_cm2=_check_array(_CURRENT, current_ua_cm2),
        ionized_calcium=_check_array(_CALCIUM, ionized_calcium),
        serum_magnesium=_check_array(_MAGNESIUM, serum_magnesium),
        duration_ms=duration,
        temperature_c=temperature,
        dt_ms=dt,
        steps=steps,
        delay_ms=_check(delay_spec, delay_ms),
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
    rest = float(_resting_voltage(np.array([shift]))[0])
    voltage = _integrate_one(
        float(currents), shift, rest, steps, dt, temperature, int(round(delay / dt))
    )
    time = np.arange(steps + 1) * dt
    spikes = _crossings(voltage[:, None], dt, membrane().spike_threshold)[0]
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


def _integrate_one(
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

    The gates start at rest; the voltage starts at ``start`` if given (a nudge).
    """
    c = membrane()
    _, (m_inf, m_decay, h_inf, h_decay, n_inf, n_decay) = _tables(dt, temperature)
    m, h, n = (float(x) for x in _steady_state(np.array(rest - shift)))
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


def _integrate_many(
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

    The gates start at rest; the voltage starts at ``start`` if given (a nudge).
    """
    c = membrane()
    table, _ = _tables(dt, temperature)
    m, h, n = _steady_state(rest - shift)
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


def _crossings(voltage: np.ndarray, dt: float, threshold: float) -> list[np.ndarray]:
    """Spike times (ms) per column: upward threshold crossings, interpolated in time."""
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
    rest = _resting_voltage(shift)
    voltage = _integrate_many(
        currents, shift, rest, steps, dt, temperature, int(round(delay / dt))
    )
    spikes = _crossings(voltage, dt, membrane().spike_threshold)
    start = delay + _check(
        Factor("transient_ms", "Transient", "ms", 100.0, 0.0, _DURATION.maximum),
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
    ca = _check_array(_CALCIUM, ionized_calcium)
    mg = _check_array(_MAGNESIUM, serum_magnesium)
    temperature = _check(_TEMPERATURE, temperature_c)
    dt = _time_step(dt_ms, temperature)
    ca, mg = np.broadcast_arrays(ca, mg)
    shape = ca.shape
    shift = _gating_shift_array(ca.ravel(), mg.ravel())
    rest = _resting_voltage(shift)
    steps = int(round(500.0 / dt))
    if shift.size == 1:  # one membrane: the plain loop is many times faster
        voltage = _integrate_one(
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
        voltage = _integrate_many(
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
    contraction = _check(
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
