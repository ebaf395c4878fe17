import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import twitchlib as tl
from twitchlib import FACTORS, Direction, Scenario, assess, sweep

NUMERIC = [f for f in FACTORS if not f.is_switch]
SWITCHES = [f for f in FACTORS if f.is_switch]


@st.composite
def scenarios(draw):
    values = {
        f.name: draw(st.floats(f.minimum, f.maximum, allow_nan=False)) for f in NUMERIC
    }
    values.update({f.name: draw(st.booleans()) for f in SWITCHES})
    return Scenario(**values)


def _distance_to_normal(mg):
    return max(0.0, 0.75 - mg, mg - 0.95)


# --- properties --------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(scenarios())
def test_likelihood_is_a_probability_and_shifts_add_up(scenario):
    result = assess(scenario)
    assert 0.0 <= result.likelihood <= 1.0
    healthy = assess().log_odds
    assert math.isclose(
        sum(result.contributions.values()), result.log_odds - healthy, abs_tol=1e-9
    )


@settings(max_examples=150, deadline=None)
@given(
    scenarios(),
    st.sampled_from(
        ["caffeine_mg_per_day", "stress", "dehydration_pct", "muscle_fatigue"]
    ),
    st.floats(0, 1),
)
def test_more_of_a_trigger_never_lowers_likelihood(scenario, name, fraction):
    spec = tl.factor(name)
    current = getattr(scenario, name)
    higher = current + fraction * (spec.maximum - current)
    assert (
        assess(scenario.replace(**{name: higher})).likelihood
        >= assess(scenario).likelihood - 1e-12
    )


@settings(max_examples=150, deadline=None)
@given(scenarios(), st.floats(0, 1))
def test_magnesium_closer_to_normal_never_raises_likelihood(scenario, fraction):
    far = min(scenario.serum_magnesium, 0.75)
    scenario = scenario.replace(serum_magnesium=far)
    # Move a shortfall part of the way towards the normal range.
    near = far + fraction * (0.75 - far)
    assert _distance_to_normal(near) <= _distance_to_normal(far)
    assert (
        assess(scenario.replace(serum_magnesium=near)).likelihood
        <= assess(scenario).likelihood + 1e-12
    )


@settings(max_examples=60, deadline=None)
@given(scenarios(), st.sampled_from([f.name for f in SWITCHES]))
def test_switching_a_cause_on_never_lowers_likelihood(scenario, name):
    off = assess(scenario.replace(**{name: False})).likelihood
    on = assess(scenario.replace(**{name: True})).likelihood
    assert on >= off - 1e-12


def test_healthy_default_is_below_every_single_factor_scenario():
    healthy = assess().likelihood
    table = tl.causes()
    for cause, category in zip(table.cause, table.category, strict=True):
        likelihood = assess(tl.cause_scenario(cause)).likelihood
        if category == "medication":
            # A medicine's scenario may carry a measured level, which already
            # includes the medicine's effect: then the switch itself adds nothing.
            assert likelihood >= healthy, cause
        else:
            assert likelihood > healthy, cause
    for spec in SWITCHES:
        assert assess(Scenario(**{spec.name: True})).likelihood >= healthy


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(NUMERIC), st.data())
def test_everything_in_range_works_and_everything_outside_raises(spec, data):
    # A lab report may go beyond the model's range: accepted (and flagged in words,
    # see test_physiology.py), while values no lab could report still raise.
    low, high = spec.accepted_minimum, spec.accepted_maximum
    inside = data.draw(st.floats(low, high, allow_nan=False))
    assess(Scenario(**{spec.name: inside}))
    span = high - low
    outside = data.draw(
        st.one_of(
            st.floats(high + 1e-6 * span, high + 10 * span),
            st.floats(low - 10 * span, low - 1e-6 * span),
        )
    )
    with pytest.raises(ValueError, match=spec.name):
        Scenario(**{spec.name: outside})


# --- clear errors ------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        (
            {"serum_magnesium": 50.0},
            ValueError,
            r"serum_magnesium must be from 0.05 to 10 mmol/L \(the model covers 0.2"
            r" to 2\) \(got 50\)",
        ),
        (
            {"serum_potassium": -1},
            ValueError,
            r"serum_potassium must be from 0.5 to 15 mmol/L",
        ),
        (
            {"serum_magnesium": "1.7 mmHg"},
            ValueError,
            "unknown unit 'mmHg' for magnesium",
        ),
        (
            {"serum_magnesium": float("nan")},
            ValueError,
            "serum_magnesium is NaN.*mmol/L",
        ),
        (
            {"caffeine_mg_per_day": "lots"},
            TypeError,
            "caffeine_mg_per_day must be a number from 0 to 1500 mg/day",
        ),
        (
            {"dehydration_pct": "2%"},
            TypeError,
            "dehydration_pct must be a number from 0 to 15 % of body mass lost.*"
            "write the number alone, in % of body mass lost: dehydration_pct=2$",
        ),
        ({"stress": True}, TypeError, "stress must be a number"),
        ({"stress": None}, TypeError, "stress must be a number"),
        (
            {"dehydration_pct": -1},
            ValueError,
            "dehydration_pct must be from 0 to 15 % of body mass lost",
        ),
        ({"diuretic": 1}, TypeError, "diuretic must be True or False"),
        (
            {"magnesium": 0.5},
            TypeError,
            "unknown scenario factor 'magnesium'. Did you mean 'serum_magnesium'",
        ),
    ],
)
def test_bad_scenarios_raise_clear_errors(kwargs, error, message):
    with pytest.raises(error, match=message):
        Scenario(**kwargs)


def test_assess_rejects_wrong_types():
    with pytest.raises(TypeError, match="assess\\(\\) takes a Scenario"):
        assess(0.5)
    with pytest.raises(TypeError, match="unknown scenario factor 'mg'"):
        assess({"mg": 0.5})


@pytest.mark.parametrize(
    "frame, error, message",
    [
        (
            pd.DataFrame({"serum_magnesium": [0.8, np.nan]}),
            ValueError,
            "column serum_magnesium has NaN at row 1",
        ),
        (
            pd.DataFrame({"stress": [1, 11]}),
            ValueError,
            r"column stress must be from 0 to 10 .* \(row 1 has 11\)",
        ),
        (
            pd.DataFrame({"stress": ["high"]}),
            TypeError,
            "column stress must hold numbers",
        ),
        (
            pd.DataFrame({"diuretic": [1, 0]}),
            TypeError,
            "column diuretic must hold True or False",
        ),
        (
            pd.DataFrame({"diuretic": pd.array([True, None], dtype="boolean")}),
            ValueError,
            "column diuretic has a missing value at row 1; give True or False",
        ),
        (pd.DataFrame({"coffee": [1]}), ValueError, "unknown scenario column"),
    ],
)
def test_bad_frames_raise_clear_errors(frame, error, message):
    with pytest.raises(error, match=message):
        assess(frame)


def test_sweep_checks_its_inputs():
    with pytest.raises(ValueError, match="Did you mean 'caffeine_mg_per_day'"):
        sweep("caffeine", [0, 100])
    with pytest.raises(ValueError, match="caffeine_mg_per_day must be from 0 to 1500"):
        sweep("caffeine_mg_per_day", [0, 5000])
    with pytest.raises(ValueError, match="at least one value"):
        sweep("stress", [])


# --- vectorised paths agree with the scalar one ----------------------------------------


def test_frame_assessment_matches_one_by_one():
    rng = np.random.default_rng(7)
    n = 200
    frame = pd.DataFrame(
        {f.name: rng.uniform(f.minimum, f.maximum, n) for f in NUMERIC}
    )
    for f in SWITCHES:
        frame[f.name] = rng.random(n) < 0.3
    out = assess(frame, contributions=True)
    for i in range(0, n, 17):
        one = assess(Scenario(**frame.iloc[i].to_dict()))
        assert math.isclose(out.likelihood.iloc[i], one.likelihood, rel_tol=1e-12)
        for f in FACTORS:
            assert math.isclose(
                out[f"shift_{f.name}"].iloc[i], one.contributions[f.name], abs_tol=1e-9
            )


def test_a_frame_of_many_passes_matches_one_by_one():
    # More rows than one pass of the arithmetic (32,768), with a repeated index,
    # integer and float columns, and a column left out (it takes its default).
    rng = np.random.default_rng(11)
    n = 70_001
    frame = pd.DataFrame(
        {
            f.name: rng.uniform(f.minimum, f.maximum, n)
            for f in NUMERIC
            if f.name != "stress"
        },
        index=np.repeat(np.arange(n // 2 + 1), 2)[:n],
    )
    frame["caffeine_mg_per_day"] = rng.integers(0, 1500, n)
    for f in SWITCHES:
        frame[f.name] = rng.random(n) < 0.3
    out = assess(frame)
    assert out.index.equals(frame.index)
    assert (out.stress == tl.Scenario().stress).all()
    assert out.caffeine_mg_per_day.dtype == float
    for i in [0, 1, 32_767, 32_768, 65_536, n - 1, *rng.integers(0, n, 10)]:
        one = assess(Scenario(**frame.iloc[i].to_dict()))
        assert math.isclose(out.likelihood.iloc[i], one.likelihood, rel_tol=1e-12)
        assert bool(out.emergency.iloc[i]) == bool(one.notices)
        assert out.emergency.iloc[i].count(";") == max(0, len(one.notices) - 1)


def test_the_result_frame_is_its_own():
    # The result shares the caller's columns until one of them is written: a write to
    # either frame never shows in the other.
    frame = pd.DataFrame({"stress": [1.0, 2.0], "diuretic": [True, False]})
    out = assess(frame)
    out.loc[0, "stress"] = 9.0
    out.loc[0, "diuretic"] = False
    assert frame.stress.tolist() == [1.0, 2.0] and frame.diuretic.tolist() == [
        True,
        False,
    ]
    frame.loc[1, "stress"] = 7.0
    assert out.stress.tolist() == [9.0, 2.0]


def test_sweep_matches_assess():
    values = [0, 200, 400, 800, 1500]
    curve = sweep("caffeine_mg_per_day", values, base={"serum_magnesium": 0.6})
    expected = [
        assess(Scenario(serum_magnesium=0.6, caffeine_mg_per_day=v)).likelihood
        for v in values
    ]
    assert np.allclose(curve.likelihood, expected)
    assert list(curve.columns[:3]) == ["caffeine_mg_per_day", "likelihood", "log_odds"]


# --- the numbers follow the qualitative graph ------------------------------------------

SENSITIVE = Scenario(
    serum_magnesium=0.6,
    serum_potassium=3.3,
    ionized_calcium=1.1,
    stress=3,
    muscle_fatigue=3,
    caffeine_mg_per_day=100,
    dehydration_pct=1,
)


@pytest.mark.parametrize(
    "spec", [f for f in FACTORS if f.quantity], ids=lambda f: f.name
)
def test_every_factor_moves_the_mediators_the_graph_predicts(spec):
    base = SENSITIVE
    medicine = spec.name in ("diuretic", "corticosteroid", "proton_pump_inhibitor")
    if medicine:
        # A measured level already includes a medicine's effect: its typical
        # fall acts only on levels left unmeasured (at their defaults).
        base = SENSITIVE.replace(
            serum_magnesium=0.85, serum_potassium=4.2, ionized_calcium=1.24
        )
    before = tl.mediator_values(base)
    if spec.is_switch:
        after_scenario = base.replace(**{spec.name: True})
        rising = True
    else:
        step = 0.05 * (spec.maximum - spec.minimum)
        value = getattr(base, spec.name) + (step if spec.adverse > 0 else -step)
        after_scenario = base.replace(**{spec.name: value})
        rising = spec.adverse > 0
    after = tl.mediator_values(after_scenario)
    # dehydration_pct is a fall of hydration; other factors move their quantity as given.
    direction = "up" if rising != (spec.name == "dehydration_pct") else "down"
    predicted = tl.propagate(
        {spec.quantity: direction}, levels={"magnesium": after["magnesium"]}
    )
    for name in tl.MEDIATORS + ("likelihood",):
        node = "twitching" if name == "likelihood" else name
        delta = after[name] - before[name]
        expected = predicted[node]
        if medicine and node not in ("magnesium", "potassium", "calcium"):
            # From unmeasured defaults the typical falls stay near the normal
            # edges, where the routes add nothing: never against the graph.
            if expected not in (Direction.UNCHANGED, Direction.AMBIGUOUS):
                assert delta * expected.sign >= -1e-12, f"{spec.name}: {node}"
            elif expected is Direction.UNCHANGED:
                assert abs(delta) < 1e-12
        elif expected is Direction.UNCHANGED:
            assert abs(delta) < 1e-12, f"{spec.name} moved {node} against the graph"
        elif expected is not Direction.AMBIGUOUS:
            assert np.sign(delta) == expected.sign, f"{spec.name}: {node} {delta}"


def test_severe_deficiency_lowers_potassium_and_calcium():
    result = assess(Scenario(serum_magnesium=0.3))
    assert result.mediators["potassium"].value < 4.2
    assert result.mediators["calcium"].value < 1.24
    summary = result.reasons()[0].summary
    assert "serum potassium to" in summary and "ionized calcium to" in summary
    mild = assess(Scenario(serum_magnesium=0.6))
    assert mild.mediators["potassium"].direction is Direction.UNCHANGED
    assert mild.mediators["calcium"].direction is Direction.UNCHANGED


@settings(max_examples=60, deadline=None)
@given(scenarios(), st.floats(0.5, 3.5))
def test_low_potassium_is_a_near_zero_association_named_with_weakness(scenario, k):
    # Hypokalaemia hyperpolarises: harder to excite; weakness, cramps, not twitches.
    normal = assess(scenario.replace(serum_potassium=3.6))
    low = assess(scenario.replace(serum_potassium=k))
    assert 0 <= low.log_odds - normal.log_odds < 0.05
    if low.mediators["potassium"].value < 3.5:
        assert any("weakness" in note for note in low.notes)
        assert "weakness" in low.explain()


def test_low_potassium_raises_likelihood():
    curve = sweep("serum_potassium", [4.2, 3.5, 3.2, 2.8, 2.4])
    assert (
        curve.likelihood.iloc[0] == curve.likelihood.iloc[1]
    )  # inside the normal range
    assert curve.likelihood.iloc[1:].is_monotonic_increasing
    # Its main signs are stated wherever it appears.
    reason = assess(Scenario(serum_potassium=3.0)).reasons()[0]
    assert "hardly changes" in reason.summary and "weakness" in reason.summary
    assert (
        "weakness"
        in tl.causes().set_index("cause").loc["low_potassium", "accompanying_symptoms"]
    )


def test_low_calcium_raises_likelihood():
    curve = sweep("ionized_calcium", [1.24, 1.16, 1.05, 0.9])
    assert curve.likelihood.iloc[0] == curve.likelihood.iloc[1]
    assert (
        curve.likelihood.iloc[1] < curve.likelihood.iloc[2] < curve.likelihood.iloc[3]
    )


def test_twitches_of_any_cause_are_noticed_more_at_rest():
    # The article ties night-time to magnesium; the model, like the evidence, adds the
    # same noticing term whatever the cause.
    shifts = []
    for base in (
        Scenario(),
        Scenario(serum_magnesium=0.5),
        Scenario(caffeine_mg_per_day=600),
    ):
        shifts.append(
            assess(base.replace(at_rest=True)).log_odds - assess(base).log_odds
        )
    assert shifts[0] > 0
    assert max(shifts) - min(shifts) < 1e-12


def test_restoring_magnesium_and_hydration_lowers_likelihood():
    unwell = Scenario(serum_magnesium=0.5, dehydration_pct=3)
    treated = unwell.replace(serum_magnesium=0.85, dehydration_pct=0)
    assert assess(treated).likelihood < assess(unwell).likelihood
    assert math.isclose(assess(treated).likelihood, assess().likelihood)


def test_weights_are_documented_in_one_place():
    weights = tl.load_table("model_weights")
    assert weights.rationale.str.len().min() > 20
    assert set(weights.status) == {"illustrative", "sourced", "derived"}
    assert (weights.status == "illustrative").sum() >= 15
    # Derived and sourced weights cite more than the teaching assumption.
    for row in weights[weights.status != "illustrative"].itertuples():
        assert set(row.source) - {"teaching"}, row.weight


def test_explanation_gives_one_line_per_factor_and_its_chains():
    a = assess(Scenario(serum_magnesium=0.5, caffeine_mg_per_day=600))
    reasons = {r.factor: r for r in a.reasons()}
    # Largest share first.
    assert list(reasons) == sorted(reasons, key=lambda f: -abs(a.contributions[f]))
    assert (
        "caffeine ↑ → central and motor-neuron drive ↑ → twitching ↑"
        in reasons["caffeine_mg_per_day"].chains
    )
    assert (
        "serum magnesium ↓ → charge screening of the axon membrane ↓ →"
        " motor-axon excitability ↑ → twitching ↑"
    ) in reasons["serum_magnesium"].chains
    text = a.explain()
    assert text.count("\n- ") == 2
    assert "not medical advice" in text and "red_flags" in text
    # A route that stays in its no-effect zone is never printed.
    quiet = assess(Scenario(serum_magnesium=0.6)).reasons()[0]
    assert not any("serum potassium" in chain for chain in quiet.chains)
    assert (
        "%" in text.splitlines()[0]
        and "." not in text.splitlines()[0].split("%")[0][-3:]
    )
