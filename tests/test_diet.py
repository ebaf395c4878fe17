import pytest

import twitchlib as tl


@pytest.mark.parametrize(
    "age, sex, kwargs, expected",
    [
        (0.3, "female", {}, 30),
        (0.8, "male", {}, 75),
        (2, "male", {}, 80),
        (6, "female", {}, 130),
        (10, "male", {}, 240),
        (16, "male", {}, 410),
        (16, "female", {}, 360),
        (16, "female", {"pregnant": True}, 400),
        (16, "female", {"lactating": True}, 360),
        (25, "male", {}, 400),
        (25, "female", {}, 310),
        (25, "female", {"pregnant": True}, 350),
        (40, "male", {}, 420),
        (40, "female", {"pregnant": True}, 360),
        (40, "female", {"lactating": True}, 320),
        (70, "female", {}, 320),
        (70, "male", {}, 420),
        (130, "male", {}, 420),
    ],
)
def test_rda_matches_the_ods_table(age, sex, kwargs, expected):
    assert tl.rda(age, sex, **kwargs) == expected


@pytest.mark.parametrize(
    "args, kwargs, error, message",
    [
        ((-1, "male"), {}, ValueError, "age_years must be from 0 to 130"),
        ((float("nan"), "male"), {}, ValueError, "age_years"),
        (("30", "male"), {}, TypeError, "age_years must be a number"),
        ((30, "other"), {}, ValueError, "sex must be 'female' or 'male'"),
        ((30, "male"), {"pregnant": True}, ValueError, "only for sex='female'"),
        ((60, "female"), {"pregnant": True}, ValueError, "no pregnancy figure"),
        ((30, "female"), {"pregnant": True, "lactating": True}, ValueError, "not both"),
    ],
)
def test_rda_rejects_bad_input(args, kwargs, error, message):
    with pytest.raises(error, match=message):
        tl.rda(*args, **kwargs)


def test_food_table_has_the_30_ods_foods():
    foods = tl.foods()
    assert len(foods) == 30
    # %DV uses the 420 mg Daily Value (not the older 400 mg tables).
    dv = tl.facts().set_index("fact").loc["magnesium_daily_value", "value"]
    assert dv == 420
    assert (
        (foods.mg_per_serving / dv * 100).round() - foods.percent_dv
    ).abs().max() <= 1


def test_daily_intake_adds_up_against_the_rda():
    day = tl.daily_intake([("pumpkin seeds, roasted", 1), ("Banana", 2)], 25, "female")
    assert day.total_mg == 156 + 64
    assert day.rda_mg == 310
    assert day.shortfall_mg == 90
    assert "90 mg short" in day.summary()
    assert list(day.items.columns) == ["food", "serving", "servings", "mg"]


def test_daily_intake_names_unknown_food_and_bad_servings():
    with pytest.raises(ValueError, match="unknown food 'almond'.*Almonds, dry roasted"):
        tl.daily_intake({"almond": 1}, 30, "male")
    with pytest.raises(
        ValueError, match="servings of 'Banana' must be a number from 0 to 20"
    ):
        tl.daily_intake({"Banana": -1}, 30, "male")


def test_supplement_above_the_limit_warns_of_diarrhoea():
    check = tl.supplement_check(400, 30)
    assert not check.within_limit and check.upper_limit_mg == 350
    assert "diarrhoea" in check.message and "healthcare provider" in check.message
    assert tl.supplement_check(350, 30).within_limit
    assert tl.supplement_check(100, 6).upper_limit_mg == 110
    assert tl.supplement_check(70, 2).within_limit is False
    assert tl.supplement_check(0, 0.5).upper_limit_mg is None
    with pytest.raises(ValueError, match="supplement_mg must be a number of mg/day"):
        tl.supplement_check(-5, 30)


def test_servings_get_metric_units_where_a_standard_conversion_applies():
    from twitchlib.diet import metric_serving

    metric = tl.foods().serving.map(metric_serving)
    assert metric[tl.foods().serving == "1 oz"].eq("about 28 g").all()
    assert metric[tl.foods().serving == "1/2 cup"].eq("about 120 mL").all()
    assert metric[tl.foods().serving == "8 oz"].eq("about 227 g").all()
    counted = tl.foods().serving.str.contains("medium|slice|packet|biscuit|serving")
    assert (
        metric[counted].eq("").all() and metric[~counted].str.startswith("about ").all()
    )
    with pytest.raises(TypeError, match="serving must be text"):
        metric_serving(28)
