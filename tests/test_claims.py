"""Each claim of the source article, checked against the model and the data.

``data/claims.csv`` maps every paraphrased claim to the tests here and elsewhere;
``test_every_claim_names_existing_tests`` keeps that map honest.
"""

import ast
import re

import pytest

import twitchlib as tl
from twitchlib import Direction, Scenario, assess, propagate


def _relation(source, target):
    edges = tl.causal_model().edges_frame()
    match = edges[(edges.source == source) & (edges.target == target)]
    assert len(match) == 1, f"no relation {source} -> {target}"
    return match.iloc[0]


# --- the claims table itself -------------------------------------------------------


def _test_ids(root):
    ids = set()
    for path in (root / "tests").glob("test_*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(
                node, (ast.FunctionDef, ast.AsyncFunctionDef)
            ) and node.name.startswith("test_"):
                ids.add(f"tests/{path.name}::{node.name}")
    return ids


def test_every_claim_names_existing_tests(root):
    known = _test_ids(root)
    claims = tl.claims()
    assert len(claims) >= 30
    for row in claims.itertuples():
        assert row.tests, f"claim {row.claim} has no test"
        for test_id in row.tests:
            assert test_id in known, f"claim {row.claim} names a missing test {test_id}"


def test_claims_cover_every_topic_of_the_source(source_text):
    topics = {t.lower() for t in tl.claims().source_topic}
    expected = set()
    for line in source_text.splitlines():
        line = line.strip()
        bullet = re.match(r"^- ([^:]+):", line)
        if bullet:
            expected.add(bullet.group(1).strip().lower())
        row = re.match(r"^\| ([^|]+) \|", line)
        if row and row.group(1).strip() not in ("Feature", "---"):
            expected.add(row.group(1).strip().lower())
    headings = [
        line.strip()
        for line in source_text.splitlines()
        if line.strip()
        and not line.startswith(("-", "|"))
        and not line.rstrip().endswith(".")
    ]
    expected |= {
        h.lower()
        for h in headings
        if h.lower()
        not in {
            "how low magnesium causes twitching",
            "common triggers for muscle twitches",
            "comparison: magnesium deficiency vs. other causes",
            "dietary adjustments",
            "supplementation and lifestyle",
        }
    }
    missing = sorted(expected - topics)
    assert not missing, f"source topics without a claim: {missing}"
    # Every paragraph of prose has at least as many claims as a floor of its size.
    assert len(tl.claims()) >= len(expected)


def test_data_paraphrases_the_source_never_copies_it(source_text):
    source = " ".join(source_text.split()).lower()
    for name in tl.table_names():
        frame = tl.load_table(name)
        for column in frame.columns:
            if column == "source_topic":
                continue  # the article's own headings, kept as anchors
            for row, cell in enumerate(frame[column], start=1):
                if not isinstance(cell, str):
                    continue
                words = cell.lower().split()
                # No run of 8 consecutive words appears verbatim in the source.
                for i in range(len(words) - 7):
                    run = " ".join(words[i : i + 8])
                    assert run not in source, (
                        f"{name}.csv row {row} {column} copies {run!r}"
                    )


# --- role of magnesium ------------------------------------------------------------


def test_magnesium_joins_over_300_reactions():
    facts = tl.facts().set_index("fact")
    assert facts.loc["magnesium_biochemical_reactions", "value"] == 300


def test_magnesium_is_a_calcium_antagonist_at_the_junction():
    # Graded "simplified": magnesium competes with calcium at the release site.
    assert _relation("magnesium", "transmitter_release").relation == "P-"
    assert _relation("calcium", "transmitter_release").relation == "P+"
    assert (
        assess(Scenario(serum_magnesium=0.5)).mediators["transmitter_release"].value > 1
    )
    assert (
        assess(Scenario(ionized_calcium=1.0)).mediators["transmitter_release"].value < 1
    )
    assert _verdict("C02") == "simplified"


def test_relaxation_is_the_articles_minor_route():
    # The article's relaxation claim is kept, graded, and stays minor for twitches.
    assert _relation("magnesium", "muscle_relaxation").relation == "P+"
    result = assess(Scenario(serum_magnesium=0.6))
    assert result.mediators["muscle_relaxation"].direction is Direction.DOWN
    assert _verdict("C03") == "simplified"


def test_magnesium_acts_on_nerve_conduction():
    from twitchlib import nerve

    assert _relation("magnesium", "charge_screening").relation == "P+"
    assert _relation("charge_screening", "axon_excitability").relation == "P-"
    result = assess(Scenario(serum_magnesium=0.6))
    shift = result.mediators["charge_screening"].value
    assert shift < 0  # gating shifted negative
    assert shift == pytest.approx(nerve.gating_shift_mv(1.24, 0.6), abs=1e-12)


def test_low_magnesium_raises_twitching():
    assert propagate({"magnesium": "down"})["twitching"] is Direction.UP
    healthy = assess().likelihood
    likelihoods = [
        assess(Scenario(serum_magnesium=m)).likelihood
        for m in (0.7, 0.6, 0.5, 0.4, 0.3)
    ]
    assert healthy < likelihoods[0] < likelihoods[1] < likelihoods[2] < likelihoods[3]


def test_twitching_can_affect_any_muscle():
    description = tl.causal_model().quantities["twitching"].description
    assert "feet and toes" in description and "any muscle" in description


# --- how low magnesium causes twitching ---------------------------------------------


def test_disrupted_relaxation_is_not_the_main_route():
    # The article's main route is graded "not supported": a twitch starts in the nerve.
    mechanisms = tl.mechanisms().set_index("mechanism")
    assert {
        "charge_screening",
        "transmitter_release",
        "secondary_electrolytes",
        "muscle_relaxation",
    } <= set(mechanisms.index)
    for mg in (0.6, 0.4, 0.3):
        routes = assess(Scenario(serum_magnesium=mg)).routes
        assert routes["relaxation"] > 0
        assert (
            routes["axon_excitability"] + routes["release"] >= routes["relaxation"]
            or mg >= 0.5
        )
    severe = assess(Scenario(serum_magnesium=0.3)).routes
    assert severe["axon_excitability"] > 3 * severe["relaxation"]
    assert _verdict("C08") == "not supported"


def test_nerve_overstimulation_route():
    result = propagate({"magnesium": "down"})
    chains = [result.chain_text(c) for c in result.chains()]
    assert any("motor-axon excitability ↑ → twitching ↑" in c for c in chains)
    assert _relation("axon_excitability", "twitching").relation == "P+"
    # Mostly below the symptomatic landmark, largely through the calcium it lowers.
    above, below = (
        assess(Scenario(serum_magnesium=m)).routes["axon_excitability"]
        for m in (0.55, 0.35)
    )
    assert above < 0.5 < below
    assert _verdict("C09") == "simplified"


def test_every_claim_is_graded_with_evidence():
    claims = tl.claims()
    assert set(claims.verdict) <= {
        "supported",
        "simplified",
        "contested",
        "not supported",
    }
    assert {"supported", "simplified", "contested", "not supported"} == set(
        claims.verdict
    )
    for row in claims.itertuples():
        assert len(row.evidence) > 40 and row.evidence_source, row.claim
    # The night-time claim is the article's, with weak evidence.
    assert _verdict("C22") == "not supported"


def _verdict(claim):
    return tl.claims().set_index("claim").loc[claim, "verdict"]


# --- other causes ------------------------------------------------------------------

SOURCE_CAUSES = {
    "magnesium_deficiency",
    "low_potassium",
    "low_calcium",
    "dehydration",
    "muscle_fatigue",
    "stress_anxiety",
    "excessive_caffeine",
    "diuretic_side_effect",
    "corticosteroid_side_effect",
    "ppi_side_effect",
    "neuropathy",
    "tight_footwear",
}


def test_every_other_cause_raises_likelihood():
    causes = tl.causes()
    assert set(causes.cause) == SOURCE_CAUSES
    healthy = assess().likelihood
    for cause, category in zip(causes.cause, causes.category, strict=True):
        likelihood = assess(tl.cause_scenario(cause)).likelihood
        if category == "medication":
            # A medicine's scenario may carry a measured level, which already
            # includes the medicine's effect (issue 17, §3): never below healthy.
            assert likelihood >= healthy, cause
        else:
            assert likelihood > healthy, cause


def test_each_cause_has_its_own_relief():
    relief = tl.relief_strategies()
    addressed = {c for row in relief.addresses for c in row}
    for row in tl.causes().itertuples():
        assert row.relief_strategy and row.typical_timing and row.accompanying_symptoms
        assert row.mechanism and row.acts_on
    missing = SOURCE_CAUSES - addressed
    assert not missing, f"causes without a relief strategy: {missing}"


def test_fatigue_and_overuse():
    assert _relation("exertion", "muscle_fatigue").relation == "P+"
    assert _relation("muscle_fatigue", "twitching").relation == "P+"
    row = tl.causes().set_index("cause").loc["muscle_fatigue"]
    assert "feet and toes" in row.accompanying_symptoms
    assert tl.sweep("muscle_fatigue", [0, 5, 10]).likelihood.is_monotonic_increasing


def test_stress_raises_motor_drive():
    result = propagate({"stress": "up"})
    assert result["motor_drive"] is Direction.UP
    assert result["twitching"] is Direction.UP
    assert _verdict("C16") == "simplified"


def test_caffeine_overexcites():
    assert _relation("caffeine", "motor_drive").relation == "P+"
    assert propagate({"caffeine": "up"})["motor_drive"] is Direction.UP
    assert assess(Scenario(caffeine_mg_per_day=600)).likelihood > assess().likelihood
    # No route through serum magnesium: caffeine's urinary loss is small and brief.
    edges = tl.causal_model().edges_frame()
    assert set(edges[edges.source == "caffeine"].target) == {"motor_drive"}


def test_medicines_lower_potassium_and_magnesium():
    assert _relation("diuretics", "potassium").relation == "I-"
    assert _relation("diuretics", "magnesium").relation == "I-"
    assert _relation("corticosteroids", "potassium").relation == "I-"
    assert _relation("proton_pump_inhibitors", "magnesium").relation == "I-"
    healthy = assess().mediators
    diuretic = assess(Scenario(diuretic=True)).mediators
    assert diuretic["potassium"].value < healthy["potassium"].value
    assert diuretic["magnesium"].value < healthy["magnesium"].value
    # Potassium first: the larger fall, measured against each normal range's width.
    assert (healthy["potassium"].value - diuretic["potassium"].value) / 1.5 > (
        healthy["magnesium"].value - diuretic["magnesium"].value
    ) / 0.2 * 0.5
    steroid = assess(Scenario(corticosteroid=True))
    assert steroid.mediators["potassium"].direction is Direction.DOWN
    # A measured potassium already includes the medicine's effect (issue 17, §3);
    # and low potassium brings weakness and cramps, hardly twitches (StatPearls).
    low = Scenario(serum_potassium=3.2)
    assert assess(low.replace(corticosteroid=True)).likelihood == assess(low).likelihood
    assert "weakness" in assess(low).explain()


def test_neuropathy():
    result = propagate({"diabetes": "up"})
    assert result["nerve_damage"] is Direction.UP
    assert result["twitching"] is Direction.UP
    assert assess(Scenario(neuropathy=True)).likelihood > assess().likelihood


def test_tight_footwear():
    result = propagate({"tight_footwear": "up"})
    assert result["blood_flow"] is Direction.DOWN
    assert result["muscle_fatigue"] is Direction.UP
    assert assess(Scenario(tight_footwear=True)).likelihood > assess().likelihood


# --- comparison --------------------------------------------------------------------


def test_comparison_table_covers_every_feature():
    table = tl.comparison().set_index("feature")
    assert list(table.index) == [
        "symptom_profile",
        "timing",
        "accompanying_symptoms",
        "underlying_issues",
        "relief_strategy",
    ]
    text = {
        f: (r.magnesium_deficiency.lower(), r.other_causes.lower())
        for f, r in table.iterrows()
    }
    assert "rest" in text["timing"][0] and "night" in text["timing"][0]
    assert "heat" in text["timing"][1] and "exercise" in text["timing"][1]
    for word in ("appetite", "nausea", "irregular heartbeat"):
        assert word in text["accompanying_symptoms"][0]
    for word in ("thirst", "headache", "hyperventilation"):
        assert word in text["accompanying_symptoms"][1]
    for word in ("diet", "crohn", "alcohol", "medicines"):
        assert word in text["underlying_issues"][0]
    for word in ("dehydration", "overuse", "shoes", "kidney"):
        assert word in text["underlying_issues"][1]
    assert (
        "supplement" in text["relief_strategy"][0]
        and "medical" in text["relief_strategy"][0]
    )
    for word in ("drink", "rest", "stretch", "stimulants", "stress"):
        assert word in text["relief_strategy"][1]
    assert (
        "fatigue" in text["symptom_profile"][0]
        and "activity" in text["symptom_profile"][1]
    )


def test_deficiency_origins():
    origins = tl.deficiency_origins().set_index("origin")
    assert {"poor_diet", "gut_disorders", "chronic_alcoholism", "medications"} <= set(
        origins.index
    )
    for origin in ("gut_disorder", "alcohol", "diuretics", "proton_pump_inhibitors"):
        assert propagate({origin: "up"})["magnesium"] is Direction.DOWN
    assert propagate({"dietary_magnesium": "down"})["twitching"] is Direction.UP


# --- relief ------------------------------------------------------------------------


def test_relief_strategies():
    relief = tl.relief_strategies().set_index("strategy")
    for strategy in (
        "hydration",
        "electrolyte_drink",
        "footwear",
        "stretching",
        "relaxation",
        "sleep",
        "moderate_exercise",
        "reduce_stimulants",
        "rest",
        "consult_provider",
        "magnesium_rich_foods",
    ):
        assert strategy in relief.index, strategy
    assert "heat" in relief.loc["electrolyte_drink", "detail"]
    assert "flexible" in relief.loc["stretching", "detail"]


def test_magnesium_rich_foods():
    detail = (
        tl.relief_strategies()
        .set_index("strategy")
        .loc["magnesium_rich_foods", "detail"]
    )
    for food in (
        "spinach",
        "swiss chard",
        "almonds",
        "cashews",
        "pumpkin",
        "chia",
        "black beans",
        "edamame",
        "whole grains",
        "dark chocolate",
    ):
        assert food in detail.lower(), food
    # Those the NIH food table lists are among its richer sources (≥ 50 mg a serving).
    foods = tl.foods().set_index("food")
    for name in (
        "Pumpkin seeds, roasted",
        "Chia seeds",
        "Almonds, dry roasted",
        "Spinach, boiled",
        "Cashews, dry roasted",
        "Black beans, cooked",
        "Edamame, shelled, cooked",
    ):
        assert foods.loc[name, "mg_per_serving"] >= 50


def test_supplement_forms():
    relief = tl.relief_strategies().set_index("strategy")
    for form in ("supplement_citrate", "supplement_glycinate"):
        caution = relief.loc[form, "caution"]
        assert "clinician has diagnosed" in caution and "diarrhoea" in caution
        assert "kidney disease" in caution and "interacts" in caution
    check = tl.supplement_check(200, 30).message
    for words in (
        "diagnosed deficiency",
        "kidney disease",
        "antibiotics",
        "healthcare provider",
    ):
        assert words in check


def test_persistent_twitching_goes_to_a_provider():
    assert "healthcare provider" in tl.DISCLAIMER
    assert "healthcare provider" in assess(Scenario(stress=9)).explain()
    relief = tl.relief_strategies().set_index("strategy")
    assert "persistent" in relief.loc["consult_provider", "caution"]


# --- claims graded on what the article says (issue 17, section 6) -------------------


def _claim(claim):
    return tl.claims().set_index("claim").loc[claim]


def test_severe_deficiency_adds_calcium_to_twitching_and_potassium_to_weakness():
    # C10: both fall below 0.5 mmol/L magnesium, but only the calcium fall excites nerves.
    severe = assess(Scenario(serum_magnesium=0.3)).mediators
    healthy = assess().mediators
    assert severe["calcium"].value < healthy["calcium"].value
    assert severe["potassium"].value < healthy["potassium"].value
    row = _claim("C10")
    assert row.verdict == "simplified"
    assert "weakness" in row.evidence and "calcium" in row.evidence
    potassium = tl.causes().set_index("cause").loc["low_potassium"]
    assert "weakness" in potassium.accompanying_symptoms


def test_low_calcium_is_the_classic_cause_of_cramps_and_spasms():
    # C13 is judged on what the article says (cramps and spasms), not on twitching.
    row = _claim("C13")
    assert "calcium" in row.statement and "potassium" not in row.statement
    assert "cramps and spasms" in row.statement and row.verdict == "supported"
    signs = tl.causes().set_index("cause").loc["low_calcium", "accompanying_symptoms"]
    assert "cramps" in signs and "spasms" in signs
    assert assess(Scenario(ionized_calcium=0.85)).notices  # tetany range, in words


def test_low_potassium_is_graded_on_cramps_and_weakness():
    # C38, split from C13: the same sentence of the article, for potassium.
    row = _claim("C38")
    assert "potassium" in row.statement and "cramps and spasms" in row.statement
    assert (
        row.verdict == "simplified" and row.source_topic == _claim("C13").source_topic
    )
    for word in ("cramps", "weakness", "harder to excite"):
        assert word in row.evidence, word
    alert = tl.alerts().set_index("alert").loc["severe_hypokalaemia", "message"]
    assert "paralyse" in alert


def test_dehydration_keeps_both_explanations():
    # The article's dehydration sentence says two things: C39 (electrolytes) and C14.
    result = propagate({"hydration": "down"})
    assert result["electrolyte_balance"] is Direction.DOWN
    assert result["muscle_fatigue"] is Direction.UP
    water, function = _claim("C39"), _claim("C14")
    assert water.source_topic == function.source_topic == "Dehydration"
    assert water.verdict == "simplified" and "osmolality" in water.evidence
    assert function.verdict == "contested" and "fatigue" in function.evidence


def test_stretching_is_graded_on_flexibility():
    # C31 grades the article's claim (flexibility); C40 grades its footwear advice.
    relief = tl.relief_strategies().set_index("strategy")
    assert "flexible" in relief.loc["stretching", "detail"]
    stretching, shoes = _claim("C31"), _claim("C40")
    assert "flexible" in stretching.statement and stretching.verdict == "supported"
    assert "hallegraeff_2012_stretching" in stretching.evidence_source
    assert "shoes" in shoes.statement and shoes.source_topic == stretching.source_topic
    # Neither evidence text claims that stretching or shoes prevent twitches.
    for row in (stretching, shoes):
        assert "not shown" in row.evidence or "no study" in row.evidence.lower()
