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
    # A measured lab value already includes the medicine's effect (issue 17, §3).
    off = assess(scenario.replace(diuretic=False)).mediators["potassium"].value
    on = assess(scenario.replace(diuretic=True)).mediators["potassium"].value
    if scenario.serum_potassium == 4.2:  # left at its default: not measured
        assert on < off
    else:
        assert on == off


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
        # Above the healthy reference magnesium counts as the reference: more
        # magnesium neither adds twitches nor protects (issue 17, §1).
        assert nodes["charge_screening"] == nerve.gating_shift_mv(
            nodes["calcium"], min(nodes["magnesium"], 0.85)
        )
        shifts.append(nodes["charge_screening"])
        terms.append(nodes["route_axon_excitability"])
    order = np.argsort(shifts)
    ordered = np.asarray(terms)[order]
    # A more negative shift never gives a smaller axon term, and some shifts matter.
    assert np.all(np.diff(ordered) <= 1e-12)
    assert ordered[0] > 5 and ordered[-1] == 0
    assert any(m > 0.95 for m in frame.serum_magnesium)


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


# --- issue 17: sizes, attribution, measured values, lab reports, emergencies -------

from dataclasses import FrozenInstanceError  # noqa: E402
from itertools import permutations  # noqa: E402
from math import factorial  # noqa: E402
from pathlib import Path  # noqa: E402

from twitchlib import labs  # noqa: E402
from twitchlib.attribution import coalitions, shapley_from_table  # noqa: E402
from twitchlib.likelihood import (  # noqa: E402
    emergency_summary,
    release_slope,
    sweep,
)

ROOT = Path(__file__).resolve().parents[1]


def _shift(**factors):
    return assess(Scenario(**factors)).log_odds - HEALTHY_LOG_ODDS


def _lab_defined_deficiencies():
    # The causes graded by a lab value whose route is a twitch route (low
    # potassium's is weakness, not twitching, so it is not one of them).
    causes = tl.causes().set_index("cause")
    return {
        cause: assess(tl.cause_scenario(cause)).log_odds - HEALTHY_LOG_ODDS
        for cause in causes.index
        if causes.loc[cause, "category"] == "electrolyte" and cause != "low_potassium"
    }


# Claims of the article mapped to the model term that carries them.
VERDICT_MAPPED = {
    "C20": lambda data: _shift(tight_footwear=True),
    "C14": lambda data: assess(
        Scenario(dehydration_pct=data.draw(st.floats(0, 15)))
    ).routes["electrolytes"],
    "C08": lambda data: assess(data.draw(scenarios())).routes["relaxation"],
}


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted(VERDICT_MAPPED)), st.data())
def test_unsupported_and_contested_causes_sit_well_below_every_deficiency(claim, data):
    verdict = tl.load_table("claims").set_index("claim").loc[claim, "verdict"]
    deficiencies = _lab_defined_deficiencies()
    assert {"magnesium_deficiency", "low_calcium"} <= set(deficiencies)
    size = VERDICT_MAPPED[claim](data)
    if verdict in ("not supported", "contested"):
        # "Well below": at most half of the smallest lab-defined deficiency.
        assert abs(size) <= 0.5 * min(deficiencies.values()), (claim, size)


def test_dehydration_at_its_cause_setting_is_well_below_every_deficiency():
    deficiencies = _lab_defined_deficiencies()
    dehydration = assess(tl.cause_scenario("dehydration")).log_odds - HEALTHY_LOG_ODDS
    assert 0 < dehydration <= 0.5 * min(deficiencies.values())


@settings(max_examples=60, deadline=None)
@given(st.floats(0, 1500), st.floats(0, 1500))
def test_caffeine_has_a_threshold_near_one_gram(low, high):
    low, high = sorted((low, high))
    assert _shift(caffeine_mg_per_day=low) <= _shift(caffeine_mg_per_day=high) + 1e-12
    # Ordinary intakes (up to 400 mg, the FDA's no-harm figure) read as about 0;
    # two cups add less than a mildly low ionized calcium.
    if high <= 400:
        assert _shift(caffeine_mg_per_day=high) < 0.05
    assert _shift(caffeine_mg_per_day=200) < _shift(ionized_calcium=1.10)
    # Half the ceiling is reached at the sourced threshold, 1 g/day.
    p = parameters()
    assert p.caffeine_threshold_mg == 1000
    assert np.isclose(_shift(caffeine_mg_per_day=1000), p.caffeine_drive_log_odds / 2)


@settings(max_examples=100, deadline=None)
@given(scenarios())
def test_the_relaxation_route_never_leads(scenario):
    a = assess(scenario)
    assert 0 <= a.routes["relaxation"] < 0.05
    top = max(a.routes, key=lambda k: abs(a.routes[k]))
    if top == "relaxation":
        assert all(abs(v) < 0.05 for v in a.routes.values())
    assert "mainly through muscle relaxation" not in a.explain()
    frame = a.routes_frame()
    assert (frame.reads[frame.log_odds_shift.abs() < 0.05] == "≈ 0").all()


@settings(max_examples=80, deadline=None)
@given(scenarios(), st.floats(0.86, 10.0))
def test_high_magnesium_neither_adds_nor_protects(scenario, magnesium):
    at_reference = assess(scenario.replace(serum_magnesium=0.86)).likelihood
    high = assess(scenario.replace(serum_magnesium=magnesium))
    assert high.likelihood == pytest.approx(at_reference, abs=1e-12)
    if not (scenario.diuretic or scenario.proton_pump_inhibitor):
        # (With a medicine on, measuring magnesium replaces the medicine's assumed
        # fall, so the measured value does get a share.)
        assert high.contributions["serum_magnesium"] == pytest.approx(0, abs=1e-12)
    assert assess(Scenario(serum_magnesium=magnesium)).likelihood == pytest.approx(
        assess().likelihood, abs=1e-12
    )


def test_hypotheses_are_labelled_and_low_potassium_is_not_hyperexcitability():
    relations = tl.load_table("relations").set_index(["source_quantity", "target"])
    mechanisms = tl.load_table("mechanisms").set_index("mechanism")
    for mechanism in ("central_drive", "fatigue"):
        text = mechanisms.loc[mechanism, "description"]
        assert "hypothesis" in text and "associated" in text, mechanism
        assert "layzer_1994_fasciculation_origin" in mechanisms.loc[mechanism, "source"]
    for pair in (("motor_drive", "twitching"), ("muscle_fatigue", "twitching")):
        assert "associated" in relations.loc[pair, "explanation"], pair
    for text in (
        mechanisms.loc["membrane_electrolytes", "description"],
        relations.loc[("potassium", "electrolyte_balance"), "explanation"],
    ):
        assert "harder to excite" in text and "weakness" in text
    # Over-breathing: the sources say what they measured.
    assert {
        "steurer_1997_hyperventilation",
        "macefield_burke_1991_axons",
        "layzer_1994_fasciculation_origin",
    } <= set(tl.sources().key)


# -- fair attribution ------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 5).flatmap(
        lambda k: st.tuples(
            st.just(k),
            st.lists(st.floats(-5, 5), min_size=2**k, max_size=2**k),
        )
    )
)
def test_shapley_values_are_the_average_over_every_order(game):
    k, values = game
    values = np.asarray(values)
    shares = shapley_from_table(values, k)
    # Efficiency, and agreement with the definition (all k! orders).
    assert np.isclose(shares.sum(), values[-1] - values[0])
    brute = np.zeros(k)
    for order in permutations(range(k)):
        mask = 0
        for j in order:
            brute[j] += values[mask | 1 << j] - values[mask]
            mask |= 1 << j
    assert np.allclose(shares, brute / factorial(k))


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 5), st.data())
def test_shapley_symmetry_and_null_factor(k, data):
    members = coalitions(k)
    weights = np.array(data.draw(st.lists(st.floats(-3, 3), min_size=k, max_size=k)))
    weights[1] = weights[0]  # factors 0 and 1 have equal effects
    weights[-1] = 0.0 if k > 2 else weights[-1]  # the last changes nothing
    pair = data.draw(st.floats(-2, 2))
    values = members @ weights + pair * members[:, 0] * members[:, 1]
    shares = shapley_from_table(values, k)
    assert np.isclose(shares[0], shares[1])
    if k > 2:
        assert np.isclose(shares[-1], 0.0)


@settings(max_examples=60, deadline=None)
@given(scenarios(), st.floats(2.0, 7.0).filter(lambda k: k != 4.2))
def test_two_medicines_with_the_same_effect_get_equal_shares(scenario, potassium):
    # PPI and diuretic lower unmeasured magnesium by the same amount; with
    # potassium measured the diuretic's potassium fall does not act.
    a = assess(
        scenario.replace(
            serum_magnesium=0.85,
            serum_potassium=potassium,
            proton_pump_inhibitor=True,
            diuretic=True,
        )
    )
    assert a.contributions["diuretic"] == pytest.approx(
        a.contributions["proton_pump_inhibitor"], abs=1e-9
    )
    assert sum(a.contributions.values()) == pytest.approx(
        a.log_odds - HEALTHY_LOG_ODDS, abs=1e-9
    )
    # A medicine whose every target was measured changes nothing: share 0.
    b = assess(scenario.replace(serum_potassium=potassium, corticosteroid=True))
    assert b.contributions["corticosteroid"] == pytest.approx(0.0, abs=1e-12)


# -- what an entered value means ---------------------------------------------------


@settings(max_examples=80, deadline=None)
@given(scenarios())
def test_explain_says_the_value_the_model_uses(scenario):
    a = assess(scenario)
    text = a.explain()
    for quantity, name in (
        ("magnesium", "serum_magnesium"),
        ("potassium", "serum_potassium"),
        ("calcium", "ionized_calcium"),
    ):
        spec = tl.factor(name)
        entered = getattr(scenario, name)
        used = a.mediators[quantity].value
        if entered != spec.default and spec.minimum <= entered <= spec.maximum:
            if quantity != "magnesium" or entered >= 0.1:
                assert used == pytest.approx(entered), name  # measured: as it is
        if abs(used - min(max(entered, spec.minimum), spec.maximum)) > 1e-9:
            assert f"the model uses {used:.2f} mmol/L" in text, name
    if any(getattr(scenario, m) for m in ("diuretic", "corticosteroid")) or any(
        getattr(scenario, m) for m in ("proton_pump_inhibitor",)
    ):
        assert "Every factor is at its healthy default" not in text


def test_a_medicine_that_moves_nothing_says_why():
    text = assess(Scenario(diuretic=True, serum_potassium=3.7)).explain()
    assert "measured serum potassium already includes its effect" in text
    assert "serum magnesium to 0.75 mmol/L, inside the normal range" in text
    assert "Every factor is at its healthy default" not in text


# -- real lab reports ----------------------------------------------------------------


@settings(max_examples=80, deadline=None)
@given(
    st.sampled_from(["serum_magnesium", "serum_potassium", "ionized_calcium"]),
    st.data(),
)
def test_lab_values_beyond_the_model_range_are_accepted_clipped_and_flagged(name, data):
    spec = tl.factor(name)
    value = data.draw(
        st.one_of(
            st.floats(spec.accepted_minimum, spec.minimum, exclude_max=True),
            st.floats(spec.maximum, spec.accepted_maximum, exclude_min=True),
        )
    )
    a = assess(Scenario(**{name: value}))
    edge = spec.minimum if value < spec.minimum else spec.maximum
    assert a.likelihood == pytest.approx(assess(Scenario(**{name: edge})).likelihood)
    assert any("range the model covers" in note for note in a.notes)
    assert "the model computes with" in a.explain()
    frame = assess(pd.DataFrame({name: [value]}))
    assert frame.likelihood.iloc[0] == pytest.approx(a.likelihood)
    with pytest.raises(ValueError, match=f"{name} must be from"):
        Scenario(**{name: -value})
    with pytest.raises(ValueError, match=f"{name} must be from"):
        Scenario(**{name: 50.0 + value})


@settings(max_examples=60, deadline=None)
@given(st.floats(0.1, 5.0))
def test_lab_units_convert_by_molar_mass_and_charge(mmol):
    assert labs.lab_value(f"{mmol * 2.4305:.6f} mg/dL", "magnesium") == pytest.approx(
        mmol, rel=1e-3
    )
    assert labs.lab_value(2 * mmol, "magnesium", "mEq/L") == pytest.approx(mmol)
    assert labs.lab_value(f"{2 * mmol} mEq/L", "calcium") == pytest.approx(mmol)
    assert labs.lab_value(f"{mmol * 4.0078:.6f} mg/dL", "calcium") == pytest.approx(
        mmol, rel=1e-3
    )
    assert labs.lab_value(f"{mmol} mEq/L", "potassium") == pytest.approx(mmol)
    scenario = Scenario(serum_magnesium=f"{mmol * 2.43:.4f} mg/dL")
    assert scenario.serum_magnesium == pytest.approx(mmol, rel=2e-3)


@settings(max_examples=60, deadline=None)
@given(st.floats(6.0, 12.0), st.floats(6.0, 12.0), st.floats(2.0, 5.0))
def test_total_calcium_becomes_an_approximate_ionized_calcium(a, b, albumin):
    low, high = sorted((a, b))
    assert labs.ionized_from_total_calcium(low, "mg/dL") <= (
        labs.ionized_from_total_calcium(high, "mg/dL")
    )
    # Lower albumin means more of the total is free: the corrected value is higher.
    assert labs.ionized_from_total_calcium(low, "mg/dL", albumin) >= (
        labs.ionized_from_total_calcium(low, "mg/dL", albumin + 0.5)
    )
    # The normal total range (8.5-10.5 mg/dL) maps near the ionized one.
    assert 1.0 < labs.ionized_from_total_calcium(8.5, "mg/dL") < 1.16
    assert 1.25 < labs.ionized_from_total_calcium(10.5, "mg/dL") < 1.35
    assert "Caveat" in labs.ionized_from_total_calcium.__doc__
    report = Scenario.from_lab_report(
        total_calcium=f"{low} mg/dL", albumin_g_dl=albumin
    )
    assert report.ionized_calcium == pytest.approx(
        labs.ionized_from_total_calcium(low, "mg/dL", albumin)
    )


# -- emergencies wherever a number is shown -----------------------------------------


@settings(max_examples=40, deadline=None)
@given(
    scenarios(),
    st.sampled_from(["serum_magnesium", "ionized_calcium", "serum_potassium"]),
)
def test_sweep_names_each_rows_emergency(scenario, name):
    spec = tl.factor(name)
    values = np.linspace(spec.minimum, spec.maximum, 7)
    curve = sweep(name, values, base=scenario)
    for value, words in zip(values, curve.emergency, strict=True):
        notices = assess(scenario.replace(**{name: float(value)})).notices
        assert bool(words) == bool(notices)
    summary = emergency_summary(curve)
    assert bool(summary) == curve.emergency.astype(bool).any()
    if summary:
        assert summary.startswith("Emergency region:") and "urgent" in summary


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 300), st.integers(0, 2**32 - 1))
def test_the_frame_emergency_column_matches_each_scenario(n, seed):
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            f.name: (rng.random(n) < 0.3)
            if f.is_switch
            else rng.uniform(f.minimum, f.maximum, n)
            for f in FACTORS
        }
    )
    out = assess(frame)
    for i in range(0, n, max(1, n // 10)):
        notices = assess(Scenario(**frame.iloc[i].to_dict())).notices
        assert bool(out.emergency.iloc[i]) == bool(notices)
        assert out.emergency.iloc[i].count(";") == max(0, len(notices) - 1)


def test_parameters_are_a_frozen_dataclass():
    p = parameters()
    with pytest.raises(FrozenInstanceError):
        p.baseline_log_odds = 0.0


# -- nerve provenance --------------------------------------------------------------


def test_release_slope_falls_from_the_fourth_power_towards_two():
    assert 1.8 < release_slope() < 2.3
    assert release_slope(0.1) > 3.5
    assert release_slope(0.1) > release_slope(0.5) > release_slope()


def test_one_high_magnesium_landmark_across_docs_and_data():
    landmarks = (
        tl.load_table("quantities").set_index("quantity").loc["magnesium", "landmarks"]
    )
    top = max(float(item.split(":")[0]) for item in landmarks.split(";"))
    docs = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    assert f"0.5 / 0.75 / 0.95 / {top:g} mmol/L" in docs
    assert "1.1 mmol/L" not in docs


def test_chart_summaries_name_the_emergency_region():
    from twitchlib.charts import HeatmapChart, SweepChart

    text = HeatmapChart(
        "caffeine_mg_per_day", [0, 1500], "serum_magnesium", [0.3, 0.45]
    ).summary()
    assert "emergency reading" in text and "symptomatic hypomagnesaemia" in text
    calm = HeatmapChart("caffeine_mg_per_day", [0, 400], "stress", [0, 5]).summary()
    assert "emergency" not in calm.lower()
    assert (
        "emergency range"
        in SweepChart("ionized_calcium", [1.24, 0.8], {"healthy": Scenario()}).summary()
    )
    assert "Emergency region" in SweepChart("ionized_calcium", [1.24, 0.8]).summary()
