"""Every check fed what a 16-year-old types: each wrong or unreadable answer gets a
message that names what was wrong and what to do, and every reasonable form of a
right answer is accepted (issue 18, section 5)."""

import functools

import numpy as np
import pandas as pd
import pytest

import twitchlib as tl
import twitchlib.lessons.activities as activities
from twitchlib import answers, nerve
from twitchlib.exercises import EXERCISES


@pytest.fixture(autouse=True)
def answer_file(tmp_path, monkeypatch):
    monkeypatch.setenv("TWITCHLIB_ANSWERS", str(tmp_path / "twitchlib-answers.jsonl"))
    monkeypatch.setattr(answers, "_memory", [])


# Words a student does not know, which must never reach a message.
INTERNAL = (
    "Unreadable",
    "DataFrame",
    "Series",
    "ndarray",
    "NoneType",
    "Assessment(",
    "float64",
    "int64",
    "Traceback",
    "KeyError",
    "TypeError",
    "ValueError",
    "a Assessment",
)


@functools.cache
def worked():
    """The lessons' objects a student builds on the way, made independently of the
    checks (as the solution cells do)."""
    causes = tl.causes()
    timing = causes.typical_timing.str.contains("exercise|standing")
    curve = tl.sweep("stress", range(11), base={"caffeine_mg_per_day": 600})
    foods = tl.foods()
    rich = foods[foods.percent_dv >= 15].sort_values("mg_per_serving", ascending=False)
    claims = tl.claims()
    weak = claims.query("verdict in ['contested', 'not supported']")
    magnesium = np.round(np.arange(0.0, 1.5, 0.05), 2)
    quiet = ~nerve.fires_spontaneously(0.8, magnesium)
    choices = ["Stress and anxiety", "Too much caffeine", "Magnesium deficiency"]
    judged = [activities.judge_case("Lee's exam week", c) for c in choices]
    return {
        "low": tl.assess(tl.Scenario(stress=2)).likelihood,
        "high": tl.assess(tl.Scenario(stress=8)).likelihood,
        "assessment": tl.assess(tl.Scenario(stress=8)),
        "propagation": tl.propagate({"hydration": "down"}),
        "rise": tl.propagate({"hydration": "up"}),
        "causes": causes,
        "timing": timing,
        "curve": curve,
        "foods": foods,
        "rich": rich,
        "claims": claims,
        "weak": weak,
        "magnesium": magnesium,
        "quiet": quiet,
        "choices": choices,
        "judged": judged,
    }


def with_mechanisms(causes):
    """The causes table as lesson 02 gives it for exercise 02.2: mechanisms in words."""
    names = tl.mechanisms().set_index("mechanism")["name"]
    causes = causes.copy()
    causes["acts_through"] = causes.mechanism.apply(
        lambda keys: "; ".join(names[k] for k in keys)
    )
    return causes


def right_answers():
    w = worked()
    low, high = w["low"], w["high"]
    dry = w["propagation"]
    c, t = w["causes"], w["timing"]
    curve = w["curve"]
    above = curve[curve.likelihood > 0.20]
    rich, weak = w["rich"], w["weak"]
    m, q = w["magnesium"], w["quiet"]
    return {
        "00.1": [
            high - low,
            100 * (high - low),
            round(high - low, 2),  # 0.09
            10,  # 21 % - 11 %, the percentages the lesson shows
            0.10,
            f"{100 * (high - low):.1f}%",
            "10%",
            "10 percentage points",
            "9 pp",
            "9,5",  # a decimal comma
            " 0.09 ",
            np.float64(high - low),
            pd.Series([high - low]),
        ],
        "01.1": [
            (dry["electrolyte_balance"], dry["muscle_fatigue"], dry["twitching"]),
            ("down", "up", "up"),
            ["↓", "↑", "↑"],
            "down, up, up",
            ("falls", "rises", "rises"),
            ("Lower", "Higher", "More"),
            {
                "electrolyte_balance": "down",
                "muscle_fatigue": "up",
                "twitching": "up",
            },
        ],
        "02.1": [
            c[t][["name", "relief_strategy"]],
            c[t],
            c[t].name,
            c[t].set_index("name").relief_strategy,  # the names are the index
            c[t].set_index("name")[["relief_strategy"]],
            c[t].cause,  # the causes' keys
            ["dehydration", "MUSCLE FATIGUE AND OVERUSE"],
            "Dehydration, Muscle fatigue and overuse",
            {"Dehydration", "Muscle fatigue and overuse"},
            np.array(["Dehydration", "Muscle fatigue and overuse"]),
        ],
        "02.2": [
            with_mechanisms(c)[with_mechanisms(c).acts_through.str.contains("drive")],
            ["Too much caffeine", "Stress and anxiety"],
            "stress and anxiety, too much caffeine",
            ["excessive_caffeine", "stress_anxiety"],
        ],
        "03.1": [
            above.stress.min(),
            8 if above.stress.min() == 8 else int(above.stress.min()),
            str(int(above.stress.min())),
            f"stress {int(above.stress.min())}",
            float(above.stress.min()),
            np.array([above.stress.min()]),
            above.stress.head(1),
        ],
        "04.1": [
            rich,
            rich.food,
            rich[["food", "serving", "mg_per_serving"]],
            rich.set_index("food").serving,
            rich.food.tolist(),
            [f.lower() for f in rich.food],
            tuple(rich.food),
        ],
        "05.1": [
            ["Stress and anxiety", "Too much caffeine"],
            ("Too much caffeine", "Stress and anxiety"),
            ["stress and anxiety", "too much caffeine"],
            ["stress_anxiety", "excessive_caffeine"],
            "Stress and anxiety, Too much caffeine",
            {"Stress and anxiety", "Too much caffeine"},
        ],
        "06.1": [
            m[q].min(),
            float(m[q].min()),
            f"{m[q].min()}",
            f"{m[q].min()} mmol/L",
            f"{m[q].min():.2f} mmol/l",
            str(m[q].min()).replace(".", ","),
            np.array([m[q].min()]),
        ],
        "07.1": [
            weak,
            weak.claim,
            weak.claim.tolist(),
            [cid.lower() for cid in weak.claim],  # ids in any case
            " ".join(weak.claim),  # a string of ids
            ", ".join(c.lower() for c in weak.claim),
            str(weak.claim.tolist()),  # the list, printed and pasted
            weak.set_index("claim").evidence,  # the ids are the index
            weak[["claim", "evidence"]],
        ],
    }


def test_every_exercise_is_fed_right_and_typical_wrong_answers():
    assert set(right_answers()) == set(EXERCISES) == {e for e, *_ in typical()}


@pytest.mark.parametrize("exercise_id", list(EXERCISES))
def test_every_reasonable_form_of_a_right_answer_is_right(exercise_id):
    for answer in right_answers()[exercise_id]:
        result = tl.check(exercise_id, answer)
        assert result.status == "right", (answer, str(result))


def typical():
    """(exercise, what a student typed, the status, words the message must hold)."""
    w = worked()
    low, high = w["low"], w["high"]
    change = high - low
    c, t = w["causes"], w["timing"]
    curve = w["curve"]
    foods, rich = w["foods"], w["rich"]
    claims, weak = w["claims"], w["weak"]
    m, q = w["magnesium"], w["quiet"]
    rise = w["rise"]
    return [
        # 00.1: the change in likelihood from stress 2 to stress 8.
        ("00.1", f"{change:.2f}%", "wrong", ["fraction", "% sign"]),
        ("00.1", w["assessment"], "unreadable", [".likelihood"]),
        ("00.1", high, "wrong", ["stress 8 itself"]),
        ("00.1", 100 * high, "wrong", ["stress 8 itself"]),
        ("00.1", low, "wrong", ["stress 2 itself"]),
        ("00.1", -change, "wrong", ["sign"]),
        ("00.1", high / low - 1, "wrong", ["ratio", "difference"]),
        ("00.1", "ten", "unreadable", ["digits", "10"]),
        ("00.1", "10 mg", "unreadable", ["'mg'", "unit"]),
        ("00.1", "0.O9", "unreadable", ["letter", "digit"]),
        ("00.1", "9..5", "unreadable", ["not a number"]),
        ("00.1", 8, "wrong", ["not the change"]),
        ("00.1", 11.5, "wrong", ["not the change"]),
        ("00.1", [low, high], "unreadable", ["2 values", "one number"]),
        ("00.1", "", "unreadable", ["empty"]),
        ("00.1", True, "unreadable", ["yes/no"]),
        ("00.1", len, "unreadable", ["function", "brackets"]),
        ("00.1", float("nan"), "unreadable", ["nan", "not a number"]),
        # 01.1: three directions when hydration falls.
        ("01.1", w["propagation"], "unreadable", ["whole result", "pick the three"]),
        ("01.1", ("down", "up"), "unreadable", ["2 direction", "not 3"]),
        ("01.1", "down up up up", "unreadable", ["4 direction"]),
        ("01.1", {"twitching": "up"}, "unreadable", ["no 'electrolyte balance'"]),
        (
            "01.1",
            (rise["electrolyte_balance"], rise["muscle_fatigue"], rise["twitching"]),
            "wrong",
            ["wrong way round", "hydration"],
        ),
        ("01.1", ("up", "up", "down"), "wrong", ["wrong order"]),
        ("01.1", ("down", "down", "up"), "wrong", ["neuromuscular fatigue"]),
        ("01.1", ("dwn", "up", "up"), "unreadable", ["'dwn'", "not a direction"]),
        ("01.1", ("down", None, "up"), "unreadable", ["missing"]),
        ("01.1", 3, "unreadable", ["three directions"]),
        # 02.1: the causes that come with exercise or standing.
        ("02.1", c[t].relief_strategy, "unreadable", ["not cause names", "relief"]),
        ("02.1", c[t].typical_timing, "unreadable", ["not cause names", "timing"]),
        ("02.1", c[t][["relief_strategy"]], "unreadable", ["no name column"]),
        ("02.1", t, "unreadable", ["true/false", "table[mask]"]),
        ("02.1", c[~t], "wrong", ["wrong way round"]),
        ("02.1", c, "wrong", ["every cause"]),
        (
            "02.1",
            c[c.typical_timing.str.contains("Exercise")],
            "wrong",
            ["no cause passed", "lowercase"],
        ),
        ("02.1", [], "wrong", ["no cause passed"]),
        ("02.1", ["Dehydartion"], "unreadable", ["did you mean 'dehydration'"]),
        ("02.1", ["Dehydration"], "wrong", ["1 cause is missing"]),
        (
            "02.1",
            ["Dehydration", "Muscle fatigue and overuse", "Stress and anxiety"],
            "wrong",
            ["Stress and anxiety in your list does not mention exercise or standing"],
        ),
        ("02.1", c[t].index, "unreadable", ["numbers", "name column"]),
        ("02.1", 12, "unreadable", ["not a list of causes"]),
        # 02.2: the causes that share the drive route.
        (
            "02.2",
            with_mechanisms(c)[with_mechanisms(c).acts_through.str.contains("Drive")],
            "wrong",
            ["no cause passed", "lowercase"],
        ),
        ("02.2", with_mechanisms(c), "wrong", ["every cause"]),
        ("02.2", ["Too much caffeine"], "wrong", ["1 cause is missing"]),
        (
            "02.2",
            ["Too much caffeine", "Stress and anxiety", "Magnesium deficiency"],
            "wrong",
            ["Magnesium deficiency in your list does not act through the drive"],
        ),
        (
            "02.2",
            with_mechanisms(c).acts_through.str.contains("drive"),
            "unreadable",
            ["true/false"],
        ),
        # 03.1: the stress level where the likelihood passes 20 %.
        (
            "03.1",
            curve[curve.likelihood > 20].stress.min(),  # nan: nothing passed
            "unreadable",
            ["nan", "0.20", "range(11)"],
        ),
        ("03.1", curve[curve.likelihood > 20].stress, "unreadable", ["empty", "0.20"]),
        ("03.1", curve[curve.likelihood > 0.20].stress, "unreadable", [".min()"]),
        ("03.1", curve, "unreadable", ["whole table", ".min()"]),
        ("03.1", curve[curve.likelihood > 0.20].stress.max(), "wrong", [".max()"]),
        ("03.1", "6%", "unreadable", ["no %"]),
        ("03.1", 0.206, "wrong", ["likelihood", "stress level"]),
        ("03.1", 20.6, "wrong", ["likelihood in percent"]),
        ("03.1", 20, "wrong", ["20%", "stress level"]),
        ("03.1", 5, "wrong", ["not yet passed"]),
        ("03.1", 5.5, "unreadable", ["not a stress level", "whole number"]),
        ("03.1", "six", "unreadable", ["digits", "(6)"]),
        ("03.1", "level eight", "unreadable", ["a word", "digits", "(8)"]),
        ("03.1", "8th", "unreadable", ["place in order", "(8)"]),
        ("00.1", "11% to 21%", "unreadable", ["more than one number", "give one"]),
        ("03.1", -1, "unreadable", ["not a stress level"]),
        # 04.1: the foods with at least 15 % of the Daily Value, richest first.
        ("04.1", rich.sort_values("mg_per_serving"), "wrong", ["poorest up"]),
        (
            "04.1",
            foods[foods.percent_dv > 15].sort_values("mg_per_serving", ascending=False),
            "wrong",
            ["exactly 15%", ">="],
        ),
        ("04.1", foods[foods.percent_dv >= 0.15], "wrong", ["every food", "not 0.15"]),
        ("04.1", foods[foods.percent_dv >= 150], "wrong", ["no food passed", "15"]),
        (
            "04.1",
            foods[foods.mg_per_serving >= 15].sort_values(
                "mg_per_serving", ascending=False
            ),
            "wrong",
            ["percent_dv"],
        ),
        ("04.1", rich.mg_per_serving, "unreadable", ["numbers", "food column"]),
        ("04.1", rich.serving, "unreadable", ["not food names", "serving"]),
        ("04.1", ["Pumpkin seeds"], "unreadable", ["did you mean 'pumpkin seeds,"]),
        ("04.1", foods.percent_dv >= 15, "unreadable", ["table[mask]"]),
        # 05.1: the sound explanations of Lee's exam week.
        ("05.1", w["judged"], "unreadable", ["judge_case's results", "first value"]),
        ("05.1", [r[0] for r in w["judged"]], "unreadable", ["true/false", "names"]),
        ("05.1", w["judged"][0], "unreadable", ["judge_case returns"]),
        ("05.1", [], "wrong", ["empty", "first value"]),
        ("05.1", ["Stres and anxiety"], "unreadable", ["did you mean 'stress"]),
        ("05.1", ["Stress and anxiety"], "wrong", ["1 of the 2"]),
        ("05.1", ["Dehydration"], "wrong", ["three explanations the case offers"]),
        # 06.1: the lowest magnesium that keeps a low-calcium membrane quiet.
        ("06.1", m[q], "unreadable", ["values", ".min()"]),
        ("06.1", m[~q].min(), "wrong", ["fires on its own", "~"]),
        ("06.1", m[q].max(), "wrong", [".max()"]),
        ("06.1", m[q & False], "unreadable", ["empty", "~nerve.fires_spontaneously"]),
        ("06.1", pd.Series(m[q & False]).min(), "unreadable", ["nan", "~"]),
        ("06.1", 0.8, "wrong", ["calcium"]),
        ("06.1", "0.1 mg/dL", "unreadable", ["'mg/dl'", "mmol/l"]),
        ("06.1", 0.05, "wrong", ["still fires"]),
        ("06.1", "O.1", "unreadable", ["letter", "digit"]),
        ("06.1", "10%", "unreadable", ["'%'", "mmol/l"]),
        ("06.1", 12, "unreadable", ["outside 0-5 mmol/l"]),
        # 07.1: the claims graded contested or not supported.
        ("07.1", weak.evidence, "unreadable", ["not claim ids", "evidence"]),
        ("07.1", weak.statement, "unreadable", ["not claim ids", "statement"]),
        ("07.1", weak.verdict, "unreadable", ["not claim ids", "verdict"]),
        ("07.1", weak[["statement", "evidence"]], "unreadable", ["no claim column"]),
        ("07.1", ["C8", "C14"], "unreadable", ["not a claim id", "did you mean 'c08'"]),
        ("07.1", ["CO8"], "unreadable", ["did you mean 'c08'"]),
        ("07.1", "C08 C99", "unreadable", ["'c99'", "not a claim id"]),
        ("07.1", claims.query("verdict == 'contested'"), "wrong", ["not supported"]),
        ("07.1", claims.query("verdict == 'not supported'"), "wrong", ["contested"]),
        ("07.1", claims.query("verdict == 'Contested'"), "wrong", ["lowercase"]),
        ("07.1", claims, "wrong", ["every claim"]),
        (
            "07.1",
            ["C08", "C14", "C20", "C22", "C01"],
            "wrong",
            ["C01 is graded supported"],
        ),
        ("07.1", weak.index, "unreadable", ["numbers", "claim column"]),
        ("07.1", claims.verdict.isin(["contested"]), "unreadable", ["table[mask]"]),
    ]


@pytest.mark.parametrize(
    ("exercise_id", "answer", "status", "words"),
    typical(),
    ids=[f"{e}-{i}" for i, (e, *_) in enumerate(typical())],
)
def test_a_typical_wrong_answer_gets_a_message_that_helps(
    exercise_id, answer, status, words
):
    result = tl.check(exercise_id, answer)
    said = f"{result.message} {result.hint}"
    assert result.status == status, str(result)
    for word in words:
        assert word.lower() in said.lower(), (word, str(result))
    for name in INTERNAL:
        assert name not in said, (name, str(result))
    assert len(result.message) > 30


@pytest.mark.parametrize("exercise_id", list(EXERCISES))
def test_none_says_what_probably_made_it(exercise_id):
    result = tl.check(exercise_id, None)
    assert result.status == "unanswered"
    assert "print(" in result.message and ".sort()" in result.message


def test_00_1_accepts_the_shown_percentages_and_keeps_wrong_answers_wrong():
    low, high = worked()["low"], worked()["high"]
    shown = 100 * (round(high, 2) - round(low, 2))  # 21 % - 11 %
    exact = 100 * (high - low)
    for points in (exact, shown, round(exact), round(exact, 1)):
        assert tl.check("00.1", points).status == "right", points
        assert tl.check("00.1", points / 100).status == "right", points
        assert tl.check("00.1", f"{points:g}%").status == "right", points
    far = [exact - 1.5, max(exact, shown) + 1.5, 2 * exact, 100 * high, 100 * low]
    for points in far:
        assert tl.check("00.1", points).status == "wrong", points
        assert tl.check("00.1", f"{points / 100:g}%").status == "wrong", points


def test_a_unit_the_answer_does_not_take_is_named():
    result = tl.check("03.1", "8 kg")
    assert "'kg'" in result.message and "no unit" in result.message


def test_03_1_blames_the_caffeine_for_an_empty_curve_only_where_it_would_be_empty():
    without = tl.sweep("stress", range(11))
    message = tl.check("03.1", without[without.likelihood > 20].stress.min()).message
    assert ("caffeine" in message) == (without.likelihood.max() <= 0.20)


def test_03_1_names_a_forgotten_caffeine():
    """The exercise's caffeine moves the answer, so a curve made without it (the
    slip a student makes most) is caught and named, never marked right."""
    from twitchlib.lessons import lesson_03

    without = tl.sweep("stress", range(11))
    forgot = int(without[without.likelihood > 0.20].stress.min())
    assert forgot != lesson_03.stress_threshold()
    result = tl.check("03.1", forgot)
    assert result.status == "wrong" and "without caffeine" in result.message
    assert tl.check("03.1", lesson_03.stress_threshold()).status == "right"


def test_07_1_names_a_missing_verdict_only_when_the_other_is_complete():
    claims = worked()["claims"]
    one = claims[claims.verdict == "not supported"].claim.tolist()[:1]
    result = tl.check("07.1", one)
    assert result.status == "wrong" and "you found" not in result.message.lower()
    assert "missing" in result.message


def test_an_exercise_id_without_its_leading_zero_is_understood():
    from twitchlib.lessons import lesson_03

    right = lesson_03.stress_threshold()
    assert tl.check("3.1", right).status == "right"
    assert tl.check(3.1, right).exercise_id == "03.1"
    unknown = tl.check("9.9", 1)
    assert unknown.status == "unreadable" and "03.1" in unknown.message


def test_01_1_takes_a_dictionary_keyed_in_words_and_names_what_is_missing():
    worded = {"Electrolyte balance": "down", "neuromuscular fatigue": "up"}
    assert tl.check("01.1", {**worded, "twitching": "up"}).status == "right"
    missing = tl.check("01.1", worded)
    assert missing.status == "unreadable"
    assert "'twitching'" in missing.message
    short = tl.check("01.1", {"twitching": "up", "electrolyte_balance": "down"})
    assert "no 'neuromuscular fatigue';" in short.message
    assert "muscle_fatigue" not in short.message  # words only, never the key


def test_01_1_says_a_word_that_is_no_direction_is_not_one():
    for typed in ("idk", "up down idk"):
        said = tl.check("01.1", typed)
        assert said.status == "unreadable"
        assert "'idk' is not a direction" in said.message, said.message


def test_a_list_written_in_words_reads_as_names_and_mistyped_ones_are_suggested():
    right = tl.check("02.2", "Stress and anxiety and too much caffeine")
    assert right.status == "right", right.message
    loose = tl.check("02.2", "caffeine and stress")
    assert "did you mean 'Too much caffeine'" in loose.message
    assert "did you mean 'Stress and anxiety'" in loose.message


def test_07_1_names_a_claim_that_does_not_count_and_the_verdict_still_missing():
    said = tl.check("07.1", ["C13", "C14"]).message
    assert "C13 is graded supported" in said
    assert "the claims graded not supported count too" in said
    assert "contested count too" not in said  # C14, contested, was found


def test_a_value_typed_in_another_unit_is_used_and_flagged():
    notes = tl.assess(tl.Scenario(caffeine_mg_per_day=0.4, dehydration_pct=0.03)).notes
    assert any("if you meant 0.4 g, that is 400 mg" in n for n in notes), notes
    assert any("write dehydration_pct=3" in n for n in notes), notes
    assert not tl.assess(tl.Scenario(caffeine_mg_per_day=400)).notes
    assert tl.supplement_check(0.4, 30).message.startswith(
        "Note: 0.4 mg/day is a tiny amount; if you meant 0.4 g, that is 400 mg/day."
    )
    assert "tiny" not in tl.supplement_check(200, 30).message


def test_a_scale_typed_ten_times_too_big_is_refused_with_the_number_meant():
    with pytest.raises(
        ValueError, match=r"from 0 to 10 points \(got 80\); did you mean 8"
    ):
        tl.Scenario(stress=80)
    with pytest.raises(ValueError) as refused:
        tl.Scenario(stress=12)
    assert "did you mean" not in str(refused.value)


def test_sweep_takes_the_other_settings_by_name():
    by_name = tl.sweep("stress", [2, 8], caffeine_mg_per_day=600)
    assert by_name.equals(tl.sweep("stress", [2, 8], base={"caffeine_mg_per_day": 600}))
    with pytest.raises(TypeError, match="unknown scenario factor 'cafeine'"):
        tl.sweep("stress", [2], cafeine=600)


def test_a_propagation_reads_and_prints_in_words():
    result = tl.propagate({"hydration": "down"})
    assert "neuromuscular fatigue ↑" in repr(result)
    assert "muscle_fatigue" not in repr(result)
    assert result["neuromuscular fatigue"] == result["muscle_fatigue"]


def test_00_1_a_number_larger_than_both_likelihoods_says_so():
    said = tl.check("00.1", 50).message
    assert "larger than either likelihood" in said


def test_04_1_right_without_the_metric_column_says_how_to_add_it():
    foods = tl.foods()
    rich = foods[foods.percent_dv >= 15].sort_values("mg_per_serving", ascending=False)
    said = tl.check("04.1", rich[["food", "serving", "mg_per_serving"]])
    assert said.status == "right" and "keep the metric column" in said.message
    foods["metric"] = foods.serving.map(tl.diet.metric_serving)
    rich = foods[foods.percent_dv >= 15].sort_values("mg_per_serving", ascending=False)
    said = tl.check("04.1", rich[["food", "serving", "metric", "mg_per_serving"]])
    assert said.status == "right" and "metric column" not in said.message


def test_wrong_shapes_and_units_get_the_form_and_the_number_meant():
    with pytest.raises(TypeError, match=r"caffeine_mg_per_day=600$"):
        tl.Scenario(caffeine_mg_per_day="0.6 g")  # grams, where mg are counted
    with pytest.raises(TypeError) as refused:
        tl.Scenario(stress="80%")
    assert "write the number alone" not in str(refused.value)  # 80 is out of range
    with pytest.raises(TypeError, match="Did you mean 'caffeine_mg_per_day'"):
        tl.Scenario(caffiene=600)
    with pytest.raises(TypeError, match=r"such as \{'hydration': 'down'\}"):
        tl.propagate("hydration down")
    assert tl.propagate({"hydration": "low"})["twitching"] == tl.Direction.UP
    with pytest.raises(TypeError, match=r"such as range\(11\)"):
        tl.sweep("stress", "0-10")
    assert "once too often" in tl.check("00.1", 0.00094).message
    assert tl.check("01.1", "down and up and up").status == "right"
