"""The same membrane in NEURON, to check :mod:`twitchlib.nerve` against an established simulator.

NEURON's built-in ``hh`` mechanism is the Hodgkin–Huxley membrane. It has no
setting for a gating shift, but a shift needs none: a membrane whose gates are
moved by ``s`` mV is the standard membrane seen in a voltage frame moved by ``s``
(V' = V − s), with every reversal potential, the starting voltage and the spike
threshold moved by −s. So NEURON runs the standard ``hh`` in that frame and the
spike times come out directly comparable.

NEURON evaluates the rate functions exactly at every step (``usetable_hh = 0``)
rather than interpolating its 1 mV tables (twitchlib's tables are 0.01 mV apart);
this costs no measurable time. At the very edge where sustained firing begins the
1 mV tables alone change the count (2.5 µA/cm² at 15 °C with calcium 0.9 and
magnesium 0.3 mmol/L: 50 spikes from the tables, 6 from the exact rates and from
twitchlib).

The time step is not NEURON's fixed default of 0.025 ms but, like twitchlib's, the
step :func:`twitchlib.nerve.time_step_ms` of the temperature (0.025 ms at 6.3 °C,
1/299 ms at 18.5 °C). NEURON's gates speed up with temperature just the same, and at
a fixed 0.025 ms its spike counts over 500 ms at 18.5 °C fall up to two short of
those at a step that has converged (136 instead of 138 spikes at 25 µA/cm²).

Needs the optional ``neuron`` package: ``pip install "twitchlib[neuron]"``.

>>> from twitchlib import neuron_reference
>>> neuron_reference.available()
True
>>> neuron_reference.spike_times(10.0, 100.0).size
7
"""

from __future__ import annotations

import os
from functools import lru_cache

import numpy as np

from . import nerve

__all__ = ["available", "spike_times"]


def available() -> bool:
    """Whether NEURON can be imported here."""
    try:
        _neuron()
    except ImportError:
        return False
    return True


@lru_cache(maxsize=1)
def _neuron():
    # No graphical interface: without this NEURON warns about a missing display.
    os.environ.setdefault("NEURON_MODULE_OPTIONS", "-nogui")
    try:
        from neuron import h
    except ImportError as error:
        raise ImportError(
            'NEURON is not installed; install it with: pip install "twitchlib[neuron]"'
        ) from error
    h.load_file("stdrun.hoc")
    section = h.Section(name="membrane")
    section.nseg = 1
    section.L = section.diam = 10.0  # µm; only densities matter for one compartment
    section.cm = nerve.membrane().membrane_capacitance
    section.insert("hh")
    stimulus = h.IClamp(section(0.5))
    spikes = h.Vector()
    detector = h.NetCon(section(0.5)._ref_v, None, sec=section)
    detector.record(spikes)
    return h, section, stimulus, detector, spikes


@nerve.accept_old_argument_names
def spike_times(
    current_ua_cm2: float,
    duration_ms: float,
    *,
    ionized_calcium: float = nerve.REFERENCE_CALCIUM_MMOL_L,
    serum_magnesium: float = nerve.REFERENCE_MAGNESIUM_MMOL_L,
    temperature_c: float = 6.3,
    dt_ms: float | None = None,
) -> np.ndarray:
    """Spike times (ms) of NEURON's ``hh`` membrane under the protocol of :func:`twitchlib.nerve.simulate`.

    The arguments and their units and ranges are those of
    :func:`twitchlib.nerve.simulate` (a current step from rest, starting at 0 ms),
    and the time step defaults, as there, to :func:`twitchlib.nerve.time_step_ms`
    of the temperature. NEURON's own method is kept (fixed-step backward Euler),
    with the rates evaluated exactly rather than from its 1 mV tables.

    Raises
    ------
    ImportError
        If NEURON is not installed.
    """
    h, section, stimulus, detector, spikes = _neuron()
    # The same checks and the same time step as twitchlib's own simulator.
    run = nerve.check_conditions(
        current_ua_cm2,
        duration_ms,
        ionized_calcium=ionized_calcium,
        serum_magnesium=serum_magnesium,
        temperature_c=temperature_c,
        dt_ms=dt_ms,
    )
    dt_ms = run.dt_ms  # the given time step, or the default one for the temperature
    shift = nerve.gating_shift_mv(ionized_calcium, serum_magnesium)
    rest = nerve.resting_potential_mv(ionized_calcium, serum_magnesium)
    c = nerve.membrane()
    segment = section(0.5)
    section.ena = c.sodium_reversal - shift
    section.ek = c.potassium_reversal - shift
    segment.hh.gnabar = c.sodium_conductance / 1000.0  # mS/cm² -> S/cm²
    segment.hh.gkbar = c.potassium_conductance / 1000.0
    segment.hh.gl = c.leak_conductance / 1000.0
    segment.hh.el = c.leak_reversal - shift
    detector.threshold = c.spike_threshold - shift
    h.usetable_hh = 0
    h.celsius = run.temperature_c
    h.dt = dt_ms
    h.steps_per_ms = 1.0 / dt_ms
    # IClamp takes nA; a density in µA/cm² times the area in µm² gives 1e-5 nA.
    stimulus.delay = 0.0
    stimulus.dur = 1e9
    stimulus.amp = float(run.current_ua_cm2) * segment.area() * 1e-5
    spikes.resize(0)
    h.finitialize(rest - shift)
    h.continuerun(run.duration_ms)
    # NEURON quietly changes dt when 1/steps_per_ms is not a whole number of steps;
    # make sure it ran at the step and to the end asked for.
    if (
        abs(h.dt - dt_ms) > 1e-9 * dt_ms
        or abs(h.t - run.duration_ms) > dt_ms / 2 + 1e-9
    ):
        raise RuntimeError(
            f"NEURON ran to {h.t:g} ms at dt {h.dt:g} ms instead of to"
            f" {run.duration_ms:g} ms at {dt_ms:g} ms"
        )
    return np.array(spikes.to_python())
