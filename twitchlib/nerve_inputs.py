"""The nerve model's inputs: their names, units and ranges, and the checks on them.

:data:`FACTORS` declares every input of :mod:`twitchlib.nerve` once (the nerve
explorer's sliders and every error message read it); :func:`check_conditions` checks
one run's inputs and picks its time step (:func:`time_step_ms`);
:func:`accept_old_argument_names` keeps the older argument names working, with a
:class:`DeprecationWarning`. :mod:`twitchlib.neuron_reference` uses the same checks.

>>> LIMITS["ionized_calcium"].unit
'mmol/L'
"""

from __future__ import annotations

import functools
import math
import warnings
from collections.abc import Callable
from typing import Any, NamedTuple, TypeVar

import numpy as np

from .membrane import REFERENCE_CALCIUM_MMOL_L, REFERENCE_MAGNESIUM_MMOL_L, membrane
from .scenario import Factor, check_value

__all__ = [
    "FACTORS",
    "LIMITS",
    "Conditions",
    "accept_old_argument_names",
    "check_array",
    "check_conditions",
    "check_number",
    "checked_time_step_ms",
    "time_step_ms",
]


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


def check_number(spec: Factor, value: Any) -> float:
    """One number checked against its factor's range (in the factor's unit), as float.

    A 0-d array counts as a number; infinity is refused even where the range is open.

    >>> check_number(LIMITS["duration_ms"], 50)
    50.0
    """
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value.item()
    number = check_value(spec, value)
    if math.isinf(number):
        raise ValueError(
            f"{spec.name} must be from {spec.describe_range()} (got {number})"
        )
    return float(number)


def check_array(spec: Factor, values: Any) -> np.ndarray:
    """Check every element against the factor, naming the first bad one; return a float array.

    >>> check_array(LIMITS["serum_magnesium"], [0.4, 0.8]).tolist()
    [0.4, 0.8]
    """
    array = np.asarray(values, dtype=object)
    for item in array.ravel():
        check_number(spec, item)
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
    temperature = check_number(_TEMPERATURE, temperature_c)
    phi = c.rate_q10 ** ((temperature - c.reference_temperature) / 10.0)
    # The tolerance keeps an exact whole number (40 at 6.3 °C) from rounding up.
    steps_per_ms = math.ceil(_STEPS_PER_MS_AT_REFERENCE * phi**_STEP_EXPONENT - 1e-9)
    steps_per_ms = min(
        max(steps_per_ms, round(1.0 / _DT.default)), round(1.0 / _DT.minimum)
    )
    return 1.0 / steps_per_ms


def checked_time_step_ms(dt_ms: Any, temperature: float) -> float:
    """The given time step ``dt_ms`` (ms), checked, or the default one for the
    ``temperature`` (°C, already checked); see :func:`time_step_ms`.

    >>> checked_time_step_ms(None, 6.3), checked_time_step_ms(0.01, 6.3)
    (0.025, 0.01)
    """
    return time_step_ms(temperature) if dt_ms is None else check_number(_DT, dt_ms)


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
    duration = check_number(_DURATION, duration_ms)
    temperature = check_number(_TEMPERATURE, temperature_c)
    dt = checked_time_step_ms(dt_ms, temperature)
    steps = _count_steps(duration, dt, dt_ms is None, temperature)
    delay_spec = Factor("delay_ms", "Stimulus delay", "ms", 0.0, 0.0, duration)
    return Conditions(
        current_ua_cm2=check_array(_CURRENT, current_ua_cm2),
        ionized_calcium=check_array(_CALCIUM, ionized_calcium),
        serum_magnesium=check_array(_MAGNESIUM, serum_magnesium),
        duration_ms=duration,
        temperature_c=temperature,
        dt_ms=dt,
        steps=steps,
        delay_ms=check_number(delay_spec, delay_ms),
    )
