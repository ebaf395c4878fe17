import json
import re
from itertools import pairwise

import pandas as pd
import pytest

import twitchlib as tl
from twitchlib import charts, ui
from twitchlib.lessons.activities import (
    case_exercises,
    check_answer,
    claim_verdicts,
    judge_case,
    quiz,
    quiz_questions,
)
from twitchlib.ui import DietPlanner, Explorer, NerveExplorer, PropagationDemo


def test_explorer_shows_exactly_what_assess_gives():
    app = Explorer()
    app.controls["caffeine_mg_per_day"].value = 600.0
    app.controls["serum_magnesium"].value = 0.5
    expected = tl.assess(tl.Scenario(caffeine_mg_per_day=600, serum_magnesium=0.5))
    assert f">{expected.likelihood:.0%}<" in app.headline.value
    bars = charts.WaterfallChart(expected).data()
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
    figures = [
        charts.WaterfallChart(a).figure(),
        charts.SweepChart("stress", range(11)).figure(),
        charts.HeatmapChart(
            "caffeine_mg_per_day", [0, 500], "serum_magnesium", [0.4, 0.8]
        ).figure(),
        charts.CausesByMechanismChart(tl.causes()).figure(),
        charts.CausesEffectChart(tl.causes()).figure(),
        charts.FoodsChart(tl.foods()).figure(),
        charts.IntakeChart(tl.daily_intake({"Banana": 1}, 30, "male")).figure(),
    ]
    for fig in figures:
        assert fig.layout.title.text
        assert fig.layout.yaxis.title.text
    assert charts.CausalGraphChart().figure().layout.title.text


def test_palette_is_okabe_ito():
    assert charts.PALETTE[0] == "#0072B2" and len(set(charts.PALETTE)) == len(
        charts.PALETTE
    )


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
    assert set(table.lesson) >= {0, 1, 2, 3, 4, 5, 6, 7}
    assert check_answer("q1_screen", "A fall in ionized calcium")[0]
    assert not check_answer("q1_screen", "A fall in magnesium")[0]
    quiz(3)
    with pytest.raises(ValueError, match="no quiz for lesson 42"):
        quiz_questions(42)


def test_claim_verdicts_check_against_the_evidence():
    assert tl.judge_verdict("C22", "not supported")[0]
    right, text = tl.judge_verdict("C08", "supported")
    assert not right and text.startswith("The evidence says: not supported.")
    with pytest.raises(ValueError, match="verdict must be one of"):
        tl.judge_verdict("C08", "true")
    with pytest.raises(ValueError, match="unknown claim 'C99'"):
        tl.judge_verdict("C99", "supported")
    assert len(claim_verdicts(["C01", "C08"]).children) == 2


def test_quiz_answers_agree_with_the_model():
    # The quiz states model facts; if the model changes, the quiz must change too.
    from twitchlib import nerve

    assert abs(nerve.gating_shift_mv(1.235, 0.0)) < 7  # q6_alone: short of about 7 mV
    assert (
        tl.assess(tl.Scenario(caffeine_mg_per_day=1500)).mediators["magnesium"].value
        == tl.assess().mediators["magnesium"].value
    )  # q7_caffeine
    assert (
        tl.propagate({"magnesium": "down"}, levels={"magnesium": 0.4})["calcium"]
        is tl.Direction.DOWN
    )  # q1_severe
    assert tl.rda(25, "female") == 310
    assert tl.propagate({"magnesium": "up", "stress": "up"})["twitching"].value == "?"
    assert tl.assess(tl.Scenario(serum_magnesium=0.80)).likelihood == pytest.approx(
        tl.assess().likelihood
    )
    assert (
        tl.foods().sort_values("mg_per_serving").iloc[-1].food
        == "Pumpkin seeds, roasted"
    )


def test_cases_judge_with_reasoning():
    for row in tl.load_table("cases").itertuples():
        assert row.best_fit in row.options
        assert judge_case(row.case, row.best_fit)[0]
    assert not judge_case("hot_run", "neuropathy")[0]
    with pytest.raises(ValueError, match="not an option"):
        judge_case("hot_run", "tight_footwear")
    case_exercises()


def test_cases_accept_every_sound_answer_and_speak_in_words():
    cases = tl.load_table("cases")
    assert len(cases) >= 10
    # Six coffees in exam week: caffeine is as sound an answer as stress.
    assert judge_case("exam_week", "excessive_caffeine")[0]
    assert judge_case("Lee's exam week", "Too much caffeine")[0]
    assert judge_case("lee's exam week", "stress and anxiety")[0]
    assert not judge_case("Lee's exam week", "Magnesium deficiency")[0]
    for row in cases.itertuples():
        for answer in row.also_sound:
            assert judge_case(row.title, answer)[0], (row.case, answer)
        for wrong in set(row.options) - {row.best_fit, *row.also_sound}:
            assert not judge_case(row.case, wrong)[0], (row.case, wrong)
    with pytest.raises(ValueError, match="Ana's hot run"):
        judge_case("hot run", "Dehydration")
    with pytest.raises(ValueError, match="choose one of: .*Dehydration"):
        judge_case("Ana's hot run", "Tight footwear")
    # What the student reads: titles and cause names, never keys.
    shown = str([box.children[0].value for box in case_exercises().children])
    assert "Lee&#x27;s exam week" in shown and "exam_week" not in shown
    labels = [
        label
        for box in case_exercises().children
        for label, _ in box.children[1].options
    ]
    assert "Too much caffeine" in labels and "excessive_caffeine" not in labels


def test_tables_wrap_whole_sentences():
    long = "a sentence that is longer than ninety characters, " * 3
    shown = ui.table(pd.DataFrame({"what": [long]}), caption="Wrapped")
    assert long.strip() in shown.data and "..." not in shown.data
    assert (
        "white-space: normal" in shown.data
        and "<caption>Wrapped</caption>" in shown.data
    )


# --- lesson 06: inside the nerve ------------------------------------------------------


def test_nerve_explorer_shows_exactly_what_simulate_gives():
    from twitchlib import nerve

    app = NerveExplorer()
    app.controls["serum_magnesium"].value = 0.2
    app.controls["ionized_calcium"].value = 0.6
    app.controls["current_ua_cm2"].value = 0.0
    expected = nerve.simulate(
        0.0, 200.0, ionized_calcium=0.6, serum_magnesium=0.2, delay_ms=20.0
    )
    assert (
        f"<span class='nerve-spikes'>{expected.spike_count}</span>"
        in app.headline.value
    )
    assert f"{expected.gating_shift_mv:+.1f}" in app.headline.value
    assert "fires on its own" in app.headline.value
    series = charts.NerveTraceChart(expected).series()
    assert list(app.figure.data[0].y) == pytest.approx(list(series["voltage_mv"]))
    assert list(app.figure.data[1].y) == pytest.approx(list(series["twitch_force"]))
    assert app.figure.layout.title.text == charts.NerveTraceChart(expected).title()
    assert "below normal" in app.bands["serum_magnesium"].value
    assert "0.75–0.95 mmol/L" in app.bands["serum_magnesium"].value


def test_nerve_explorer_controls_are_labelled_and_checked():
    app = NerveExplorer()
    for name, control in app.controls.items():
        assert app.units[name] in control.description
    assert "normal" in app.bands["ionized_calcium"].value
    with pytest.raises(TypeError, match="unknown control"):
        app.set(potassium=4.0)
    with pytest.raises(ValueError, match="serum_magnesium"):
        app.set(serum_magnesium=20.0)


def test_nerve_charts_have_titles_axes_and_summaries():
    from twitchlib import nerve

    trace = nerve.simulate(10.0, 100.0, delay_ms=10.0)
    figure = charts.NerveTraceChart(trace).figure()
    assert figure.layout.title.text and figure.layout.yaxis.title.text == "voltage (mV)"
    assert figure.layout.xaxis2.title.text == "time (ms)"
    curves = charts.fi_curve_data(
        [0.0, 10.0], {"normal": (1.235, 0.85), "low": (0.9, 0.3)}
    )
    assert (
        charts.FiCurveChart(curves).figure().layout.xaxis.title.text
        == "stimulus current (µA/cm²)"
    )
    assert (
        charts.FiCurveChart(curves)
        .summary()
        .startswith("normal fires steadily from 10")
    )
    grid = charts.spontaneous_map_data([0.6, 1.2], [0.2, 0.85])
    assert charts.SpontaneousMapChart(grid).figure().layout.title.text
    summary = charts.SpontaneousMapChart(grid).summary()
    assert "1 of 4" in summary and "none of them inside the normal ranges" in summary


# --- what a class sees: words, whole percents, wrapped tables, a readable graph -------


def test_tables_show_every_word():
    long = "magnesium leaves muscle cells " * 12
    shown = ui.table(
        pd.DataFrame({"mechanism": ["low magnesium"], "how": [long]}),
        caption="Mechanisms",
    )
    assert long.strip() in shown.data and "..." not in shown.data
    assert (
        "white-space: normal" in shown.data
        and "<caption>Mechanisms</caption>" in shown.data
    )


def test_summaries_say_words_with_units_not_internal_names():
    text = charts.HeatmapChart(
        "caffeine_mg_per_day", [0, 500], "serum_magnesium", [0.4, 0.8]
    ).summary()
    assert "serum magnesium 0.4 mmol/L" in text and "caffeine 500 mg/day" in text
    assert "_" not in text and "=" not in text
    a = tl.assess(tl.Scenario(stress=8))
    for line in (
        charts.WaterfallChart(a).summary(),
        charts.WaterfallChart(a).title(),
        Explorer().headline_html(),
    ):
        assert "_" not in line.replace("twitchlib-", "").replace("twitch-", "")
        assert not re.search(r"\d\.\d%", line), line


def test_log_odds_axis_points_to_the_logistic_curve():
    a = tl.assess(tl.Scenario(caffeine_mg_per_day=600))
    assert "logistic curve" in charts.WaterfallChart(a).figure().layout.yaxis.title.text
    curve = charts.LogisticChart(a).figure()
    y = curve.data[0].y
    assert y[0] < 1 and y[-1] > 99 and min(abs(v - 50) for v in y) < 0.5
    assert [t.name for t in curve.data[1:]] == ["healthy default", "this scenario"]
    assert f"{a.likelihood:.0%}" in charts.LogisticChart(a).summary()


def test_explanation_is_one_line_per_factor_with_chains_behind_why():
    app = Explorer()
    app.set(serum_magnesium=0.4, caffeine_mg_per_day=600, serum_potassium=4.0)
    text = app.explanation.value
    reasons = app.assessment.reasons()
    assert text.count("<li class='twitchlib-reason'>") == len(reasons) == 3
    assert text.count("<summary>why?</summary>") == sum(bool(r.chains) for r in reasons)
    assert "stops at" not in text


def test_emergency_notices_are_alerts_in_the_explorer():
    app = Explorer()
    assert app.notice.value == ""
    app.set(ionized_calcium=0.8)
    assert (
        "role='alert'" in app.notice.value and "emergency" in app.notice.value.lower()
    )


def test_causal_graph_is_a_diagram():
    graph = tl.causal_model()
    fig = charts.CausalGraphChart(tl.propagate({"magnesium": "down"})).figure()
    notes = fig.layout.annotations
    arrows = [n for n in notes if n.showarrow]
    signs = [n for n in notes if n.text in ("<b>+</b>", "<b>−</b>")]
    assert len(arrows) == len(signs) == len(graph.relations)
    assert all(n.arrowhead for n in arrows)
    boxes = [n for n in notes if n.bgcolor and n.text not in ("<b>+</b>", "<b>−</b>")]
    assert len(boxes) == len(graph.quantities)
    x_range, y_range = fig.layout.xaxis.range, sorted(fig.layout.yaxis.range)
    per_x = (fig.layout.width - 20) / (x_range[1] - x_range[0])
    for box in boxes:
        lines = re.sub("</?b>", "", box.text).split("<br>")
        half = (max(map(len, lines)) * 0.5 * 12 + 12) / 2 / per_x
        assert x_range[0] <= box.x - half and box.x + half <= x_range[1], box.text
        assert y_range[0] < box.y < y_range[1]
    # No two boxes of one layer overlap.
    for x in {b.x for b in boxes}:
        ys = sorted(b.y for b in boxes if b.x == x)
        assert all(b - a > 0.9 for a, b in pairwise(ys))
    # The explained chains are bold.
    assert any(a.arrowwidth == 3 for a in arrows) and any(
        a.arrowwidth < 3 for a in arrows
    )


def test_charts_carry_their_name_and_summary():
    app = Explorer()
    assert app.waterfall.label == app.waterfall.layout.title.text
    assert app.waterfall.summary == charts.WaterfallChart(app.assessment).summary()
    app.set(caffeine_mg_per_day=600)
    assert app.waterfall.summary == charts.WaterfallChart(app.assessment).summary()
    assert (
        json.loads(app.waterfall.figure)["layout"]["title"]["text"]
        == charts.WaterfallChart(app.assessment).title()
    )


def test_a_slider_update_sends_the_figure_without_its_template():
    app = Explorer()
    sent = []
    app.waterfall.observe(
        lambda change: sent.append(change.name), names=["figure", "template"]
    )
    template = json.loads(app.waterfall.template)
    assert (
        template
        == json.loads(charts.WaterfallChart(app.assessment).figure().to_json())[
            "layout"
        ]["template"]
    )
    app.set(caffeine_mg_per_day=600)
    assert sent == ["figure"]  # the template, sent once, is not sent again
    assert "template" not in json.loads(app.waterfall.figure)["layout"]
    assert len(app.waterfall.figure) < 2000


def test_dashboard_presets_and_reset():
    board = ui.Dashboard()
    for row in ui.presets().itertuples():
        board.choose_preset(row.preset)
        assert board.twitch.scenario == tl.Scenario(**row.settings)
        assert (
            board.twitch.controls["caffeine_mg_per_day"].value
            == board.twitch.scenario.caffeine_mg_per_day
        )
        assert (
            f">{tl.assess(tl.Scenario(**row.settings)).likelihood:.0%}<"
            in board.twitch.headline.value
        )
    board.reset()
    assert board.twitch.scenario == tl.Scenario()
    board.switch.value = "nerve"
    assert (
        board.nerve_pane.layout.display == "flex"
        and board.twitch_pane.layout.display == "none"
    )
    board.nerve.controls["serum_magnesium"].value = 0.2
    board.reset()
    assert board.nerve.values == board.nerve.defaults()
    with pytest.raises(ValueError, match="six_coffees"):
        board.choose_preset("seven coffees")
    labels = set(ui.presets().label)
    assert {
        "Exam week",
        "Marathon in the heat",
        "Six coffees",
        "Long-term heartburn pills",
        "Healthy",
    } <= labels


# --- the ui package: chart objects, patches by name, a generic choice question ---------


def test_a_slider_update_patches_traces_by_name_not_position():
    app = Explorer()
    sent = json.loads(app.curve.figure)
    assert [t.get("uid") for t in sent["data"]] == ["curve", "marker"]
    # Reorder the traces the widget holds: a patch must still find each by its uid.
    app.curve._spec["data"].reverse()
    app.set(caffeine_mg_per_day=600)
    by_uid = {t["uid"]: t for t in json.loads(app.curve.figure)["data"]}
    assert by_uid["marker"]["x"] == [600.0]
    assert by_uid["marker"]["y"][0] == pytest.approx(app.assessment.likelihood * 100)
    patch = charts.WaterfallChart(tl.assess()).update(app.assessment)
    assert set(patch.traces) == {"bars"} and patch.title and patch.summary
    with pytest.raises(KeyError, match="no trace with uid 'nothing'"):
        app.waterfall.apply(charts.Patch({"nothing": {"y": [1]}}))


def test_every_chart_object_has_figure_title_and_summary_that_agree():
    a = tl.assess(tl.Scenario(serum_magnesium=0.5))
    trace = tl.nerve.simulate(10.0, 50.0)
    grid = charts.spontaneous_map_data([0.6, 1.2], [0.2, 0.85])
    every = [
        charts.CausalGraphChart(),
        charts.CausesByMechanismChart(tl.causes()),
        charts.CausesEffectChart(tl.causes()),
        charts.WaterfallChart(a),
        charts.LogisticChart(a),
        charts.SweepChart("stress", range(11)),
        charts.ScenarioSweepChart("stress", range(11), a.scenario),
        charts.HeatmapChart("stress", [0, 8], "serum_magnesium", [0.4, 0.8]),
        charts.FoodsChart(tl.foods()),
        charts.IntakeChart(tl.daily_intake({"Banana": 1}, 30, "male")),
        charts.NerveTraceChart(trace),
        charts.FiCurveChart(charts.fi_curve_data([5.0], {"normal": (1.235, 0.85)})),
        charts.SpontaneousMapChart(grid),
    ]
    for chart in every:
        assert isinstance(chart, charts.Chart)
        assert chart.figure().layout.title.text == chart.title(), type(chart)
        assert chart.summary() and "_" not in chart.summary(), type(chart)
        shown = ui.chart(chart)
        assert shown.label == chart.title() and shown.summary == chart.summary()


def test_a_chart_drawn_from_a_plain_figure_cannot_be_patched_by_input():
    shown = ui.chart(charts.LogisticChart().figure(), "the logistic curve")
    assert shown.summary == "the logistic curve"
    with pytest.raises(TypeError, match="give the new figure to draw"):
        shown.update(tl.assess())


def test_widget_assets_are_files_so_hot_reload_works():
    from anywidget._file_contents import FileContents

    for cls in (ui.LabelledSlider, ui.ChartWidget, ui.PlotlyLibrary):
        assert isinstance(cls._esm, FileContents), cls
        assert (ui.assets.FOLDER / cls._esm._path.name).is_file()


def test_choice_question_judges_and_records_through_callbacks():
    heard = []
    question = ui.ChoiceQuestion(
        "<p>Which ion screens the membrane more strongly?</p>",
        [("Calcium", "calcium"), ("Magnesium", "magnesium")],
        judge=lambda v: (v == "calcium", "Calcium screens about twice as well."),
        reason=True,
        record=lambda *args: heard.append(args),
    )
    question.button.click()
    assert "Choose an answer first" in question.feedback.value and heard == []
    question.choice.value = "magnesium"
    question.why.value = "  it is smaller "
    question.button.click()
    assert "✘ Not quite." in question.feedback.value
    assert heard == [("magnesium", False, "it is smaller")]


def test_lesson_activities_record_each_check(monkeypatch):
    from twitchlib import answers

    recorded = []
    monkeypatch.setattr(answers, "record", lambda *a: recorded.append(a))
    box = case_exercises().children[0]
    box.choice.value = box.choice.options[0][1]
    box.why.value = "because"
    box.button.click()
    row = tl.load_table("cases").iloc[0]
    # The reason is saved as soon as it is written, the choice on Check.
    assert recorded[0][:4] == (5, "reason", row.case, "because")
    assert recorded[1][:4] == (5, "case", row.case, box.choice.options[0][1])
    assert len(recorded) == 2  # Check does not save the same reason again
    verdicts = claim_verdicts(["C22"]).children[0]
    verdicts.choice.value = "not supported"
    verdicts.button.click()
    assert recorded[-1] == (7, "quiz", "C22", "not supported", True)
    assert verdicts.feedback.value.count(
        tl.judge_verdict("C22", "not supported")[1][:30]
    )


def test_nerve_explorer_controls_are_the_nerve_models_inputs():
    app = NerveExplorer()
    for name, control in app.controls.items():
        spec = tl.nerve.LIMITS[name]
        assert control.description == f"{spec.label} ({spec.unit})"
        assert spec.minimum <= control.min < control.max <= spec.maximum
    assert (
        app.defaults()["ionized_calcium"] == tl.nerve.LIMITS["ionized_calcium"].default
    )


def test_emergencies_are_named_in_the_headline_and_styled_everywhere():
    app = Explorer()
    assert "Emergency" not in app.headline.value
    app.set(ionized_calcium=0.8)
    assert "urgent medical help" in app.headline.value
    assert f">{app.assessment.likelihood:.0%}<" in app.headline.value
    # The alert carries its own style, not only the dashboard's: JupyterLab shows it.
    assert ".twitchlib-notice" in app.notice.value and "#a63d00" in app.notice.value


def test_dashboard_shows_the_models_notes():
    board = ui.Dashboard()
    board.twitch.set(serum_magnesium=1.8)
    assert board.twitch.assessment.notes
    note = board.twitch.note
    assert board.twitch.assessment.notes[0][:40] in note.value
    assert any(note in pane.children for pane in board.twitch_pane.children)


def test_old_names_still_work_with_a_warning():
    import importlib
    import sys

    for name in ("twitchlib.widgets", "twitchlib.plots"):
        sys.modules.pop(name, None)
        with pytest.warns(DeprecationWarning, match="deprecated"):
            module = importlib.import_module(name)
    assert module.waterfall_title(tl.assess()).startswith("Likelihood 11%")
    old = importlib.import_module("twitchlib.widgets")
    assert old.chart(module.logistic_figure(), module.logistic_summary()).label
    assert old.judge_case("Ana's hot run", "Dehydration")[0]


def test_the_heatmap_names_its_emergency_readings():
    chart = charts.HeatmapChart(
        "caffeine_mg_per_day", [0, 1500], "serum_magnesium", [0.3, 0.85]
    )
    text = chart.summary()
    assert "highest" in text and "an emergency reading (" in text
    assert "2 of 4 conditions are emergency readings" in text
    marked = [t for t in chart.figure().data if t.type == "scatter"]
    assert len(marked) == 1 and sorted(marked[0].y) == [0.3, 0.3]
    calm = charts.HeatmapChart("stress", [0, 8], "serum_magnesium", [0.75, 0.85])
    assert "emergency" not in calm.summary()
    assert len(calm.figure().data) == 1


def test_a_medicine_that_moves_nothing_is_named_in_the_waterfall_summary():
    text = charts.WaterfallChart(
        tl.assess(tl.Scenario(proton_pump_inhibitor=True))
    ).summary()
    assert "healthy defaults" not in text
    assert "proton-pump inhibitor" in text and "hardly changes the chance" in text
