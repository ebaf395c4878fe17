"""The physiology the model teaches, as properties that hold for every scenario.

Each test states one thing a physiology text says (``../shared/reference``,
section 7) and checks it across many scenarios drawn by hypothesis.
"""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import twitchlib as tl
from twitchlib import FACTORS, Scenario, assess, nerve
from twitchlib.likelihood import parameters


def scenarios():
    """Any valid scenario: every factor drawn from its full range."""
    fields = {}
    for f in FACTORS:
        if f.is_switch:
            fields[f.name] = st.booleans()
        else:
            fields[f.name] = st.floats(f.minimum, f.maximum, allow_nan=False)
    return st.builds(Scenario, **fields)


HEALTHY_LOG_ODDS = assess().log_odds


@settings(max_examples=80, deadline=None)
@given(st.floats(0.7, 0.95), st.floats(0.5, 0.75))
def test_low_ionized_calcium_outranks_a_mild_magnesium_shortfall(calcium, magnesium):
    low_calcium = assess(Scenario(ionized_calcium=calcium)).log_odds - HEALTHY_LOG_ODDS
    mild_magnesium = (
        assess(Scenario(serum_magnesium=magnesium)).log_odds - HEALTHY_LOG_ODDS
    )
    assert low_calcium > mild_magnesium


@settings(max_examples=80, deadline=None)
@given(st.floats(0.5, 0.95))
def test_a_shortfall_above_the_symptomatic_landmark_stays_small(magnesium):
    shift = assess(Scenario(serum_magnesium=magnesium)).log_odds - HEALTHY_LOG_ODDS
    assert 0 <= shift <= 0.75
    # and well below the severe side of the same landmark
    assert (
        shift < assess(Scenario(serum_magnesium=0.35)).log_odds - HEALTHY_LOG_ODDS - 1
    )


@settings(max_examples=80, deadline=None)
@given(scenarios(), st.floats(0, 1500))
def test_caffeine_leaves_serum_magnesium_unchanged(scenario, caffeine):
    before = assess(scenario).mediators
    after = assess(scenario.replace(caffeine_mg_per_day=caffeine)).mediators
    for name in ("magnesium", "potassium", "calcium"):
        assert after[name].value == before[name].value


@settings(max_examples=80, deadline=None)
@given(scenarios())
def test_a_diuretic_lowers_potassium(scenario):
    off = assess(scenario.replace(diuretic=False)).mediators["potassium"].value
    on = assess(scenario.replace(diuretic=True)).mediators["potassium"].value
    assert on < off


@settings(max_examples=80, deadline=None)
@given(scenarios(), st.floats(0.95, 2.0))
def test_magnesium_above_normal_adds_nothing(scenario, magnesium):
    at_top_of_normal = assess(scenario.replace(serum_magnesium=0.95)).likelihood
    assert (
        assess(scenario.replace(serum_magnesium=magnesium)).likelihood
        <= at_top_of_normal + 1e-12
    )
    high = assess(scenario.replace(serum_magnesium=magnesium))
    if high.mediators["magnesium"].value > 0.95:
        assert any("adds no twitch risk" in note for note in high.notes)


EMERGENCIES = {
    "potassium": (2.5, "Potassium below 2.5"),
    "high potassium": (6.5, "Potassium of 6.5 mmol/L or more"),
    "calcium": (0.9, "Ionized calcium below about 0.9"),
    "magnesium": (0.5, "Serum magnesium below about 0.5"),
}


@settings(max_examples=150, deadline=None)
@given(scenarios())
def test_emergency_ranges_always_carry_the_notice(scenario):
    a = assess(scenario)
    text = a.explain()
    for name, (threshold, words) in EMERGENCIES.items():
        if name == "high potassium":
            reached = a.mediators["potassium"].value >= threshold
        else:
            reached = a.mediators[name].value < threshold
        assert reached == any(n.startswith(words) for n in a.notices), name
        if reached:
            assert f"URGENT: {words}" in text
    severe_dehydration = scenario.dehydration_pct >= 10
    assert severe_dehydration == any("severe dehydration" in n for n in a.notices)
    # The frame form names the same emergencies in words.
    row = assess(pd.DataFrame([scenario.to_dict()])).iloc[0]
    assert bool(row["emergency"]) == bool(a.notices)


def test_the_screening_term_moves_in_step_with_the_nerve():
    calcium, magnesium = np.meshgrid(
        np.linspace(0.7, 1.6, 19), np.linspace(0.2, 2.0, 19)
    )
    frame = pd.DataFrame(
        {"ionized_calcium": calcium.ravel(), "serum_magnesium": magnesium.ravel()}
    )
    shifts, terms = [], []
    for row in frame.itertuples():
        nodes = tl.mediator_values(
            Scenario(
                ionized_calcium=row.ionized_calcium, serum_magnesium=row.serum_magnesium
            )
        )
        # One implementation: the model's shift is the nerve's, to the last digit
        # (for the calcium and magnesium after magnesium's secondary effects).
        assert nodes["charge_screening"] == nerve.gating_shift_mv(
            nodes["calcium"], nodes["magnesium"]
        )
        shifts.append(nodes["charge_screening"])
        terms.append(nodes["route_axon_excitability"])
    order = np.argsort(shifts)
    ordered = np.asarray(terms)[order]
    # A more negative shift never gives a smaller axon term, and some shifts matter.
    assert np.all(np.diff(ordered) <= 1e-12)
    assert ordered[0] > 5 and ordered[-1] == 0


def test_the_spontaneous_firing_landmark_is_the_nerves():
    landmark = parameters().spontaneous_firing_shift_mv
    reference = nerve.REFERENCE_CALCIUM_MMOL_L + 0.5 * nerve.REFERENCE_MAGNESIUM_MMOL_L

    def calcium_for(shift):  # magnesium 0: all the screening from calcium
        return reference * 10 ** (shift / 22.5)

    quiet, firing = nerve.fires_spontaneously(
        np.array([calcium_for(landmark + 0.5), calcium_for(landmark - 0.5)]), 0.0
    )
    assert not quiet and firing


def test_red_flags_are_named_in_words():
    flags = tl.red_flags()
    signs = " ".join(flags.sign)
    for words in (
        "weakness",
        "thinner",
        "spread",
        "swallowing",
        "tetany",
        "seizure",
        "palpitations",
    ):
        assert words in signs
    assert {2, 5} <= {int(x) for lessons in flags.lessons for x in lessons}
    assert "red_flags" in assess(Scenario(stress=9)).explain()


@pytest.mark.parametrize("value", [0.96, 1.5, 2.0])
def test_lab_report_magnesium_values_are_accepted(value):
    a = assess(Scenario(serum_magnesium=value))
    assert a.likelihood <= assess().likelihood + 1e-12


def test_high_calcium_and_severe_hypokalaemia_add_no_more_twitching():
    # High calcium dulls nerves; below 3.0 mmol/L potassium brings weakness, not twitches.
    assert (
        assess(Scenario(ionized_calcium=1.6)).likelihood <= assess().likelihood + 1e-12
    )
    moderate = assess(Scenario(serum_potassium=3.0)).likelihood
    assert assess(Scenario(serum_potassium=2.0)).likelihood == pytest.approx(moderate)


def test_severe_magnesium_deficiency_acts_largely_through_calcium():
    from twitchlib.likelihood import parameters

    p = parameters()
    for magnesium in (0.3, 0.25):
        a = assess(Scenario(serum_magnesium=magnesium))
        calcium = a.mediators["calcium"].value
        own = max(0.0, p.normal_floor_shift_mv - nerve.gating_shift_mv(1.24, magnesium))
        total = max(
            0.0, p.normal_floor_shift_mv - a.mediators["charge_screening"].value
        )
        assert calcium < 1.16 and own < 0.5 * total
