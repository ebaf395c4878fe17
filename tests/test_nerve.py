"""The Hodgkin–Huxley membrane of twitchlib.nerve against published values and NEURON.

Expected values are those of Hodgkin & Huxley (1952) at 6.3 °C as collected in
shared/reference/physiology-and-nutrition-facts.md §4: rest −65 mV, rheobase
≈ 2.24 µA/cm², repetitive firing from ≈ 6.2–6.3 µA/cm², ≈ 68 Hz at 10 and ≈ 86 Hz
at 20 µA/cm², first spike peak ≈ +40 mV, spontaneous firing near a −7 mV shift.
"""

import math
import os

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from twitchlib import nerve

REF_CA = nerve.REFERENCE_CALCIUM_MMOL_L
REF_MG = nerve.REFERENCE_MAGNESIUM_MMOL_L


# --- the standard membrane at the normal reference ---------------------------------


def test_the_reference_is_the_middle_of_the_normal_serum_ranges():
    assert REF_CA == pytest.approx((1.16 + 1.31) / 2)
    assert REF_MG == pytest.approx((0.75 + 0.95) / 2)
    assert nerve.gating_shift_mv(REF_CA, REF_MG) == 0.0


def test_resting_potential_is_minus_65_mv():
    assert nerve.resting_potential_mv() == pytest.approx(-65.0, abs=0.05)
    trace = nerve.simulate(0.0, 100.0)
    assert trace.spike_count == 0
    assert np.ptp(trace.voltage_mv) < 0.05  # rest stays put


def test_single_spike_rheobase_is_about_2_24():
    assert nerve.threshold_current("single") == pytest.approx(2.24, abs=0.03)
    assert nerve.simulate(2.15, 200.0).spike_count == 0
    assert nerve.simulate(2.35, 200.0).spike_count == 1


def test_repetitive_firing_starts_near_6_2_to_6_3():
    threshold = nerve.threshold_current("repetitive")
    assert 6.15 <= threshold <= 6.35
    # Between the two thresholds the membrane fires a spike or two, then stops.
    assert 1 <= nerve.simulate(5.0, 500.0).spike_count <= 3


@pytest.mark.parametrize("current, rate", [(10.0, 68.0), (20.0, 86.0)])
def test_steady_firing_rates(current, rate):
    assert nerve.simulate(current, 500.0).firing_rate_hz() == pytest.approx(
        rate, abs=1.5
    )


def test_first_spike_peaks_near_plus_40_mv():
    trace = nerve.simulate(10.0, 20.0)
    assert trace.voltage_mv.max() == pytest.approx(40.0, abs=2.0)


def test_results_are_stable_when_dt_is_halved():
    for current in (10.0, 20.0):
        coarse = nerve.simulate(current, 500.0, dt_ms=0.025)
        fine = nerve.simulate(current, 500.0, dt_ms=0.0125)
        assert abs(coarse.spike_count - fine.spike_count) <= 1
        assert coarse.firing_rate_hz() == pytest.approx(fine.firing_rate_hz(), abs=0.5)
    assert nerve.threshold_current("single", dt_ms=0.0125) == pytest.approx(
        nerve.threshold_current("single", dt_ms=0.025), abs=0.02
    )


# --- the time step follows the speed of the gates ------------------------------------


def test_time_step_is_0_025_ms_at_6_3_and_finer_when_warmer():
    assert nerve.time_step_ms() == nerve.time_step_ms(6.3) == 0.025
    assert nerve.time_step_ms(0.0) == 0.025  # never coarser than at 6.3 °C
    temperatures = np.arange(0.0, 35.5, 0.5)
    steps = np.array([nerve.time_step_ms(t) for t in temperatures])
    assert np.all(np.diff(steps) <= 0)
    assert steps.min() == 0.001  # the finest step allowed, reached in the high 20s
    # A whole number of steps per millisecond, and about 40 · φ^1.5 of them.
    per_ms = 1.0 / steps
    np.testing.assert_allclose(per_ms, np.round(per_ms), atol=1e-9)
    assert round(1.0 / nerve.time_step_ms(12.0)) == 103
    assert round(1.0 / nerve.time_step_ms(18.5)) == 299
    with pytest.raises(ValueError, match="temperature_c.*°C"):
        nerve.time_step_ms(40.0)


def test_default_time_step_follows_temperature_and_an_explicit_one_wins():
    warm = nerve.simulate(10.0, 20.0, temperature_c=18.5)
    assert warm.dt_ms == nerve.time_step_ms(18.5)
    assert warm.time_ms.size == round(20.0 / warm.dt_ms) + 1
    assert warm.time_ms[-1] == pytest.approx(20.0)
    assert nerve.simulate(10.0, 20.0, temperature_c=18.5, dt_ms=0.01).dt_ms == 0.01
    assert nerve.simulate(10.0, 20.0).dt_ms == 0.025
    # sweep, threshold_current and fires_spontaneously take the same default.
    table = nerve.sweep([10.0], 50.0, temperature_c=18.5)
    explicit = nerve.sweep(
        [10.0], 50.0, temperature_c=18.5, dt_ms=nerve.time_step_ms(18.5)
    )
    np.testing.assert_array_equal(table.spike_times_ms[0], explicit.spike_times_ms[0])


def test_too_many_default_steps_say_why_the_step_is_fine():
    # 10 s at 18.5 °C is 2,990,000 default steps of 1/299 ms.
    with pytest.raises(ValueError) as error:
        nerve.simulate(5.0, 10_000.0, temperature_c=18.5)
    message = str(error.value)
    for words in ("2,990,000", "temperature_c=18.5", "dt_ms", "duration_ms", "0.05 ms"):
        assert words in message
    nerve.simulate(
        5.0, 10_000.0, temperature_c=18.5, dt_ms=0.025
    )  # a coarser step runs


@pytest.mark.parametrize("temperature", [6.3, 12.0, 18.5])
def test_halving_the_default_step_moves_rates_by_under_half_a_hertz(temperature):
    # The conditions where halving moves rates most: strong currents, high rates.
    for current, calcium, magnesium in [
        (10.0, REF_CA, REF_MG),
        (25.0, 0.9, 0.3),
        (50.0, 2.0, 1.5),
    ]:
        arguments = dict(
            ionized_calcium=calcium,
            serum_magnesium=magnesium,
            temperature_c=temperature,
        )
        default = nerve.simulate(current, 500.0, **arguments)
        half = nerve.simulate(current, 500.0, dt_ms=default.dt_ms / 2, **arguments)
        assert (
            default.firing_rate_hz() > 50.0
        )  # firing steadily, so the rate means something
        assert default.firing_rate_hz() == pytest.approx(half.firing_rate_hz(), abs=0.5)
        assert abs(default.spike_count - half.spike_count) <= 1


def _textbook_euler(current, duration, dt=0.005):
    """Hodgkin–Huxley with the rate formulas written out and plain Euler steps."""

    def rates(v):
        am = 0.1 * (v + 40) / (1 - math.exp(-(v + 40) / 10))
        bm = 4 * math.exp(-(v + 65) / 18)
        ah = 0.07 * math.exp(-(v + 65) / 20)
        bh = 1 / (1 + math.exp(-(v + 35) / 10))
        an = 0.01 * (v + 55) / (1 - math.exp(-(v + 55) / 10))
        bn = 0.125 * math.exp(-(v + 65) / 80)
        return am, bm, ah, bh, an, bn

    v = -65.0
    am, bm, ah, bh, an, bn = rates(v)
    m, h, n = am / (am + bm), ah / (ah + bh), an / (an + bn)
    out = [v]
    for _ in range(int(round(duration / dt))):
        am, bm, ah, bh, an, bn = rates(v)
        i_ion = 120 * m**3 * h * (v - 50) + 36 * n**4 * (v + 77) + 0.3 * (v + 54.387)
        m += dt * (am * (1 - m) - bm * m)
        h += dt * (ah * (1 - h) - bh * h)
        n += dt * (an * (1 - n) - bn * n)
        v += dt * (current - i_ion)
        out.append(v)
    return np.array(out)


def test_matches_the_textbook_equations_at_the_reference():
    textbook = _textbook_euler(10.0, 30.0)[::5]  # every 0.025 ms
    ours = nerve.simulate(10.0, 30.0).voltage_mv
    assert ours.shape == textbook.shape

    # Same spikes at the same times and heights; between spikes the same voltage.
    # (On a spike's upstroke a 0.1 ms difference in timing is tens of mV, so the
    # voltages are compared where they change slowly.)
    def up(v):
        return np.flatnonzero((v[:-1] < 0) & (v[1:] >= 0))

    assert len(up(ours)) == len(up(textbook)) == 2
    assert np.abs(up(ours) - up(textbook)).max() <= 8  # within 0.2 ms
    assert ours.max() == pytest.approx(textbook.max(), abs=1.5)
    slow = np.abs(np.gradient(textbook, 0.025)) < 5.0  # mV/ms
    assert np.median(np.abs(ours - textbook)[slow]) < 0.5


# --- calcium and magnesium ---------------------------------------------------------


def test_shift_follows_the_screening_formula():
    # 22.5 mV per tenfold change of (Ca + 0.5 Mg), zero at the reference.
    mixture = REF_CA + 0.5 * REF_MG
    assert nerve.gating_shift_mv(mixture * 5, 0.0) == pytest.approx(
        22.5 * math.log10(5)
    )
    assert nerve.gating_shift_mv(5.0, 2 * (5 * mixture - 5.0)) == pytest.approx(
        22.5 * math.log10(5)
    )
    assert nerve.gating_shift_mv(0.5, 0.2) == pytest.approx(
        22.5 * math.log10(0.6 / mixture)
    )


@settings(max_examples=50, deadline=None)
@given(ca=st.floats(0.1, 5.0), mg=st.floats(0.0, 5.0), step=st.floats(0.01, 1.0))
def test_magnesium_screens_less_than_calcium(ca, mg, step):
    base = nerve.gating_shift_mv(ca, mg)
    more_ca = nerve.gating_shift_mv(ca + step, mg)
    more_mg = nerve.gating_shift_mv(ca, mg + step)
    assert base < more_mg < more_ca


def test_lower_divalents_lower_the_thresholds():
    normal = nerve.threshold_current("single")
    low_mg = nerve.threshold_current("single", serum_magnesium=0.3)
    low_both = nerve.threshold_current(
        "single", ionized_calcium=0.9, serum_magnesium=0.3
    )
    assert low_both < low_mg < normal
    assert (
        nerve.threshold_current("repetitive", ionized_calcium=0.9, serum_magnesium=0.3)
        < 6.2
    )


def test_low_divalents_make_the_membrane_fire_on_its_own():
    assert not nerve.fires_spontaneously(REF_CA, REF_MG)
    assert nerve.fires_spontaneously(0.6, 0.2)
    trace = nerve.simulate(0.0, 500.0, ionized_calcium=0.6, serum_magnesium=0.2)
    # From exact rest it takes a while to leave; then it fires by itself.
    assert trace.spike_count >= 5


def test_raising_magnesium_back_stops_spontaneous_firing():
    magnesium = np.array([0.1, 0.2, 0.5, 0.85, 1.2])
    firing = nerve.fires_spontaneously(0.6, magnesium)
    assert firing.tolist() == [True, True, False, False, False]


def test_spontaneous_firing_begins_near_a_seven_mv_shift():
    calcium = np.linspace(0.6, 1.0, 41)
    firing = nerve.fires_spontaneously(calcium, 0.0)
    shifts = nerve.gating_shift_mv(calcium, 0.0)
    # Firing exactly where the shift is more negative than some edge near −7 mV.
    edge_low, edge_high = shifts[firing].max(), shifts[~firing].min()
    assert edge_low < edge_high
    assert -7.5 < edge_low < -6.5


# --- many conditions at once ---------------------------------------------------------


def test_sweep_matches_simulate_condition_by_condition():
    currents = np.array([0.0, 3.0, 8.0, 15.0])
    calcium = np.array([1.2, 0.9, 1.5, 0.7])
    magnesium = np.array([0.85, 0.4, 1.0, 0.3])
    table = nerve.sweep(
        currents,
        150.0,
        ionized_calcium=calcium,
        serum_magnesium=magnesium,
        delay_ms=10.0,
    )
    for row in table.itertuples():
        trace = nerve.simulate(
            row.current_ua_cm2,
            150.0,
            ionized_calcium=row.ionized_calcium,
            serum_magnesium=row.serum_magnesium,
            delay_ms=10.0,
        )
        np.testing.assert_allclose(row.spike_times_ms, trace.spike_times_ms, atol=1e-6)
        assert row.gating_shift_mv == pytest.approx(trace.gating_shift_mv)


def test_sweep_broadcasts_to_a_grid():
    table = nerve.sweep(
        np.array([[0.0], [10.0]]), 50.0, ionized_calcium=[0.8, 1.2, 1.6]
    )
    assert len(table) == 6
    assert table["current_ua_cm2"].tolist() == [0.0] * 3 + [10.0] * 3
    assert table.loc[table.current_ua_cm2 == 0, "spike_count"].eq(0).all()
    # More calcium: a more positive shift and a less excitable membrane.
    assert table["gating_shift_mv"].iloc[:3].is_monotonic_increasing


def test_firing_rate_ignores_the_onset_transient():
    assert nerve.firing_rate_hz([5.0], 500.0) == 0.0
    assert nerve.firing_rate_hz([5.0, 105.0, 125.0], 500.0) == pytest.approx(50.0)


# --- from nerve to muscle --------------------------------------------------------------


def test_one_spike_gives_one_twitch_that_peaks_at_the_contraction_time():
    time = np.arange(0.0, 400.0, 0.5)
    force = nerve.twitch_force([20.0], time)
    assert force.max() == pytest.approx(1.0)
    assert time[force.argmax()] == pytest.approx(20.0 + 60.0)
    assert force[time <= 20.0].max() == 0.0


def test_fast_firing_sums_into_a_stronger_contraction():
    slow = nerve.simulate(3.0, 300.0)  # one spike at the onset
    fast = nerve.simulate(20.0, 300.0)
    assert slow.spike_count == 1
    assert slow.twitch_force().max() == pytest.approx(1.0, abs=0.01)
    assert fast.twitch_force().max() > 5 * slow.twitch_force().max()
    assert set(fast.to_frame().columns) == {"time_ms", "voltage_mv", "twitch_force"}


def test_summary_names_spikes_rate_and_shift():
    text = nerve.simulate(10.0, 300.0, serum_magnesium=0.3).summary()
    assert "spikes" in text and "Hz" in text and "mV" in text and "0.3" in text


# --- bad input -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs, words",
    [
        (dict(current_ua_cm2=500.0), ["current_ua_cm2", "µA/cm²", "-50 to 200"]),
        (dict(duration_ms=0.0), ["duration_ms", "ms", "1 to 10000"]),
        (dict(ionized_calcium=0.0), ["ionized_calcium", "mmol/L", "0.1 to 10"]),
        (dict(serum_magnesium=-0.1), ["serum_magnesium", "mmol/L", "0 to 10"]),
        (dict(temperature_c=50.0), ["temperature_c", "°C", "0 to 35"]),
        (dict(dt_ms=0.5), ["dt_ms", "ms", "0.001 to 0.05"]),
        (dict(delay_ms=300.0), ["delay_ms", "ms", "0 to 100"]),
        (dict(ionized_calcium=float("nan")), ["ionized_calcium", "NaN"]),
        (dict(current_ua_cm2=float("inf")), ["current_ua_cm2", "-50 to 200"]),
    ],
)
def test_out_of_range_inputs_name_parameter_unit_and_range(kwargs, words):
    arguments = dict(current_ua_cm2=5.0, duration_ms=100.0) | kwargs
    with pytest.raises(ValueError) as error:
        nerve.simulate(
            arguments.pop("current_ua_cm2"), arguments.pop("duration_ms"), **arguments
        )
    for word in words:
        assert word in str(error.value)


@pytest.mark.parametrize("value", ["10", None, True])
def test_wrong_types_are_refused(value):
    with pytest.raises(TypeError, match="current_ua_cm2"):
        nerve.simulate(value, 100.0)


def test_too_many_steps_are_refused_with_advice():
    with pytest.raises(ValueError, match="dt_ms"):
        nerve.simulate(5.0, 10_000.0, dt_ms=0.001)


def test_sweep_names_the_first_bad_value_and_shape_errors():
    with pytest.raises(ValueError, match="serum_magnesium.*got 11"):
        nerve.sweep(5.0, 50.0, serum_magnesium=[0.5, 11.0])
    with pytest.raises(ValueError, match="broadcast"):
        nerve.sweep([1.0, 2.0], 50.0, ionized_calcium=[1.0, 1.1, 1.2])
    with pytest.raises(TypeError, match="sweep"):
        nerve.simulate([1.0, 2.0], 50.0)
    with pytest.raises(ValueError, match="kind"):
        nerve.threshold_current("double")


# --- side by side with NEURON ----------------------------------------------------------


def _neuron_reference():
    from twitchlib import neuron_reference

    if not neuron_reference.available():
        message = (
            "NEURON IS NOT INSTALLED: the comparison with NEURON did not run"
            ' (pip install "twitchlib[neuron]")'
        )
        if os.environ.get("CI"):
            pytest.fail(message + "; CI must install it")
        pytest.skip(message)
    return neuron_reference


# Near the thresholds at 6.3 °C, and a few calcium/magnesium mixtures.
THRESHOLDS = [  # current µA/cm², calcium, magnesium mmol/L, temperature °C
    (2.3, REF_CA, REF_MG, 6.3),
    (6.0, REF_CA, REF_MG, 6.3),
    (6.4, REF_CA, REF_MG, 6.3),
    (20.0, REF_CA, REF_MG, 6.3),
    (40.0, REF_CA, REF_MG, 6.3),
    (3.0, 0.9, 0.3, 6.3),
    (5.0, 0.8, 0.2, 6.3),
    (15.0, 1.6, 1.0, 6.3),
    (25.0, 1.0, 0.5, 15.0),
]
# A grid over temperature, current and calcium/magnesium (normal, low, high): weak and
# strong currents, steady firing and, at 50 µA/cm² with low calcium and magnesium or
# when warm, depolarization block after a spike or two.
GRID = [
    (current, calcium, magnesium, temperature)
    for temperature in (6.3, 12.0, 15.0, 18.5)
    for current in (5.0, 10.0, 25.0, 50.0)
    for calcium, magnesium in ((REF_CA, REF_MG), (0.9, 0.3), (2.0, 1.5))
]


@pytest.mark.parametrize("current, calcium, magnesium, temperature", THRESHOLDS + GRID)
def test_spike_counts_match_neuron(current, calcium, magnesium, temperature):
    # twitchlib at its default step against NEURON at half that step: the two
    # simulators agree, and the default step has converged to within a spike.
    reference = _neuron_reference()
    ours = nerve.simulate(
        current,
        500.0,
        ionized_calcium=calcium,
        serum_magnesium=magnesium,
        temperature_c=temperature,
    )
    theirs = reference.spike_times(
        current,
        500.0,
        ionized_calcium=calcium,
        serum_magnesium=magnesium,
        temperature_c=temperature,
        dt_ms=ours.dt_ms / 2,
    )
    assert abs(ours.spike_count - theirs.size) <= 1, (ours.spike_count, theirs.size)
    if theirs.size and ours.spike_count:
        assert ours.spike_times_ms[0] == pytest.approx(theirs[0], abs=0.5)


def test_neuron_runs_at_the_same_default_step():
    reference = _neuron_reference()
    # At the same step the two give the same spikes to well within a step.
    ours = nerve.simulate(25.0, 200.0, temperature_c=18.5)
    theirs = reference.spike_times(25.0, 200.0, temperature_c=18.5)
    assert theirs.size == ours.spike_count
    np.testing.assert_allclose(theirs, ours.spike_times_ms, atol=ours.dt_ms)


def test_one_screening_rule_serves_the_nerve_and_the_likelihood_model():
    from twitchlib import likelihood, screening

    calcium, magnesium = np.array([0.7, 1.0, 1.3]), np.array([0.3, 0.6, 1.2])
    assert np.array_equal(
        nerve.gating_shift_mv(calcium, magnesium),
        screening.gating_shift_mv(calcium, magnesium),
    )
    # The likelihood model reports the same shift as its charge-screening mediator.
    result = likelihood.assess(
        likelihood.Scenario(ionized_calcium=1.0, serum_magnesium=0.6)
    )
    assert result.mediators["charge_screening"].value == pytest.approx(
        nerve.gating_shift_mv(1.0, 0.6)
    )


def test_old_argument_names_still_work_and_warn():
    with pytest.warns(DeprecationWarning, match="calcium_mmol_l is now called"):
        old = nerve.gating_shift_mv(calcium_mmol_l=0.9, magnesium_mmol_l=0.4)
    assert old == nerve.gating_shift_mv(ionized_calcium=0.9, serum_magnesium=0.4)
    with pytest.warns(DeprecationWarning, match="magnesium_mmol_l"):
        trace = nerve.simulate(10.0, 50.0, magnesium_mmol_l=0.3)
    assert trace.serum_magnesium == 0.3
    with pytest.warns(DeprecationWarning, match="ionized_calcium"):
        assert trace.calcium_mmol_l == trace.ionized_calcium
    # A bad value passed under the old name is reported under the name written.
    with (
        pytest.warns(DeprecationWarning),
        pytest.raises(ValueError, match=r"magnesium_mmol_l \(now serum_magnesium\)"),
    ):
        nerve.sweep(5.0, 50.0, magnesium_mmol_l=11.0)
    with pytest.raises(TypeError, match="both calcium_mmol_l and ionized_calcium"):
        nerve.resting_potential_mv(calcium_mmol_l=1.0, ionized_calcium=1.0)


def test_factors_are_the_inputs_the_functions_take():
    import inspect

    names = [f.name for f in nerve.FACTORS]
    assert names == list(nerve.LIMITS)
    accepted = set(inspect.signature(nerve.check_conditions).parameters)
    assert set(names) <= accepted
    for factor in nerve.FACTORS:
        assert factor.minimum <= factor.default <= factor.maximum, factor.name
        assert factor.unit and factor.label


def test_checked_conditions_are_named():
    run = nerve.check_conditions(5.0, 100.0, temperature_c=12.0)
    assert run.dt_ms == nerve.time_step_ms(12.0)
    assert run.steps == round(100.0 / run.dt_ms)
    assert float(run.ionized_calcium) == nerve.REFERENCE_CALCIUM_MMOL_L
    with pytest.raises(ValueError, match="duration_ms"):
        nerve.check_conditions(5.0, 0.0)


def test_membrane_constants_are_frozen():
    import dataclasses

    constants = nerve.membrane()
    with pytest.raises(dataclasses.FrozenInstanceError):
        constants.sodium_conductance = 1.0


def test_the_nerve_comes_with_import_twitchlib():
    """Lessons write tl.nerve.gating_shift_mv(...) after a bare `import twitchlib as tl`."""
    import subprocess
    import sys
    from pathlib import Path

    code = "import twitchlib as tl; print(tl.nerve.gating_shift_mv(), tl.screening.__name__)"
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["0.0", "twitchlib.screening"]
