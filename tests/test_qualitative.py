import pytest

import twitchlib as tl
from twitchlib import Direction, propagate
from twitchlib.qualitative import combine


def test_magnesium_down_reaches_twitching_by_every_route():
    result = propagate({"magnesium": "down"})
    chains = [result.chain_text(c) for c in result.chains()]
    assert (
        "serum magnesium ↓ → charge screening of the axon membrane ↓ →"
        " motor-axon excitability ↑ → twitching ↑"
    ) in chains
    assert (
        "serum magnesium ↓ → transmitter release per impulse ↑ → twitching ↑" in chains
    )
    assert (
        "serum magnesium ↓ → muscle relaxation (the article's route) ↓ → twitching ↑"
    ) in chains
    assert result["twitching"] is Direction.UP
    assert "Why:" in result.explain()


def test_low_calcium_is_ambiguous_in_directions_alone():
    # Screening and transmitter release pull opposite ways: only numbers settle it.
    result = propagate({"calcium": "down"})
    assert result["axon_excitability"] is Direction.UP
    assert result["transmitter_release"] is Direction.DOWN
    assert result["twitching"] is Direction.AMBIGUOUS
    assert (
        tl.assess(tl.Scenario(ionized_calcium=0.95)).likelihood > tl.assess().likelihood
    )


def test_severe_deficiency_pulls_potassium_and_calcium():
    mild = propagate({"magnesium": "down"}, levels={"magnesium": 0.6})
    assert mild["potassium"] is Direction.UNCHANGED
    assert mild["calcium"] is Direction.UNCHANGED
    assert "Not triggered" in mild.explain()
    severe = propagate({"magnesium": "down"}, levels={"magnesium": 0.4})
    assert severe["potassium"] is Direction.DOWN
    assert severe["calcium"] is Direction.DOWN
    assert "serum potassium ↓" in severe.explain()


def test_dehydration_chain():
    # Both explanations in the literature: electrolytes and neuromuscular fatigue.
    result = propagate({"hydration": "down"})
    assert result["electrolyte_balance"] is Direction.DOWN
    assert result["muscle_fatigue"] is Direction.UP
    assert result["twitching"] is Direction.UP


def test_opposing_influences_are_ambiguous_never_resolved():
    result = propagate({"magnesium": "up", "stress": "up"})
    assert result["motor_drive"] is Direction.UP
    assert result["twitching"] is Direction.AMBIGUOUS
    text = result.explain()
    assert "Ambiguous: twitching ?" in text
    assert "pushes it up" in text and "pushes it down" in text


def test_both_caffeine_and_low_magnesium_agree():
    result = propagate({"caffeine": "up", "magnesium": "down"})
    assert result["twitching"] is Direction.UP
    assert result["magnesium"] is Direction.DOWN


def test_untouched_quantities_stay_unchanged():
    result = propagate({"tight_footwear": "up"})
    assert result["magnesium"] is Direction.UNCHANGED
    assert result["motor_drive"] is Direction.UNCHANGED


def test_combine_rules():
    up, down, same, amb = (
        Direction.UP,
        Direction.DOWN,
        Direction.UNCHANGED,
        Direction.AMBIGUOUS,
    )
    assert combine([]) is same
    assert combine([up, same]) is up
    assert combine([up, up]) is up
    assert combine([up, down]) is amb
    assert combine([amb, up]) is amb


def test_graph_is_drawable_data():
    model = tl.causal_model()
    nodes, edges = model.nodes_frame(), model.edges_frame()
    assert set(edges.source) | set(edges.target) <= set(nodes.quantity)
    assert set(edges.sign) == {1, -1}
    assert nodes[["x", "y"]].notna().all().all()
    # Causes come before effects in the drawing (left to right).
    x = nodes.set_index("quantity")["x"]
    assert all(x[s] < x[t] for s, t in zip(edges.source, edges.target, strict=True))


def test_landmarks_agree_with_serum_ranges():
    ranges = tl.serum_ranges().set_index("quantity")
    quantities = tl.causal_model().quantities
    for quantity, serum in (
        ("magnesium", "serum_magnesium"),
        ("potassium", "serum_potassium"),
        ("calcium", "ionized_calcium"),
    ):
        values = [v for v, _ in quantities[quantity].landmarks]
        assert ranges.loc[serum, "normal_low"] in values
        assert ranges.loc[serum, "normal_high"] in values


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"magnesum": "down"}, "Did you mean 'magnesium'"),
        ({"magnesium": "sideways"}, "must be 'up' or 'down'"),
        ({}, "at least one change"),
    ],
)
def test_bad_changes_are_named(changes, message):
    with pytest.raises(ValueError, match=message):
        propagate(changes)
