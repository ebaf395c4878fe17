import pytest

import twitchlib as tl
from twitchlib import plots
from twitchlib.widgets import DietPlanner, Explorer, PropagationDemo, case_exercises, \
    check_answer, judge_case, quiz, quiz_questions


def test_explorer_shows_exactly_what_assess_gives():
    app = Explorer()
    app.controls["caffeine_mg_per_day"].value = 600.0
    app.controls["serum_magnesium"].value = 0.5
    expected = tl.assess(tl.Scenario(caffeine_mg_per_day=600, serum_magnesium=0.5))
    assert f"{expected.likelihood:.1%}" in app.headline.value
    bars = plots.waterfall_data(expected)
    assert list(app.waterfall.data[0].y) == pytest.approx(list(bars.log_odds_shift))
    assert app.curve.data[1].y[0] == pytest.approx(expected.likelihood * 100)


def test_every_control_has_a_visible_label_with_unit():
    app = Explorer()
    for name, control in app.controls.items():
        spec = tl.factor(name)
        assert spec.label in control.description
        if not spec.is_switch:
            assert spec.unit in control.description


def test_every_chart_has_a_title_and_axis_titles():
    a = tl.assess(tl.Scenario(serum_magnesium=0.5))
    figures = [plots.waterfall_figure(a), plots.sweep_figure("stress", range(11)),
               plots.heatmap_figure("caffeine_mg_per_day", [0, 500], "serum_magnesium", [0.4, 0.8]),
               plots.causes_by_mechanism_figure(tl.causes()), plots.causes_effect_figure(tl.causes()),
               plots.foods_figure(tl.foods()),
               plots.intake_figure(tl.daily_intake({"Banana": 1}, 30, "male"))]
    for fig in figures:
        assert fig.layout.title.text
        assert fig.layout.yaxis.title.text
    assert plots.causal_graph_figure().layout.title.text


def test_palette_is_okabe_ito():
    assert plots.PALETTE[0] == "#0072B2" and len(set(plots.PALETTE)) == len(plots.PALETTE)


def test_propagation_demo_colours_the_graph():
    demo = PropagationDemo()
    demo.toggles["magnesium"].value = "down"
    assert "twitching ↑" in demo.text.value
    assert "serum magnesium" in demo.figure.layout.title.text


def test_diet_planner_reports_the_day():
    planner = DietPlanner()
    planner.food[0].value = "Chia seeds"
    assert "111 mg of magnesium" in planner.message.value
    planner.supplement.value = 500
    assert "diarrhoea" in planner.message.value


def test_quiz_has_one_right_answer_per_question_and_feedback_on_each():
    table = tl.load_table("quiz")
    for qid, group in table.groupby("question_id"):
        assert group.correct.sum() == 1, qid
        assert (group.feedback.str.len() > 10).all()
    assert set(table.lesson) >= {0, 1, 2, 3, 4, 5}
    assert check_answer("q1_block", "It blocks calcium")[0]
    assert not check_answer("q1_block", "It adds to calcium's effect")[0]
    quiz(3)
    with pytest.raises(ValueError, match="no quiz for lesson 42"):
        quiz_questions(42)


def test_quiz_answers_agree_with_the_model():
    # The quiz states model facts; if the model changes, the quiz must change too.
    assert tl.rda(25, "female") == 310
    assert tl.propagate({"magnesium": "up", "stress": "up"})["nerve_excitability"].value == "?"
    assert tl.assess(tl.Scenario(serum_magnesium=0.80)).likelihood == \
        pytest.approx(tl.assess().likelihood)
    assert tl.foods().sort_values("mg_per_serving").iloc[-1].food == "Pumpkin seeds, roasted"


def test_cases_judge_with_reasoning():
    for row in tl.load_table("cases").itertuples():
        assert row.best_fit in row.options
        assert judge_case(row.case, row.best_fit)[0]
    assert not judge_case("hot_run", "neuropathy")[0]
    with pytest.raises(ValueError, match="not an option"):
        judge_case("hot_run", "tight_footwear")
    case_exercises()
