"""Lesson 01's six-quantity causal graph: what it draws is what the full graph implies."""

import pytest

import twitchlib as tl
from twitchlib.causal_subgraph import subgraph
from twitchlib.charts import CausalGraphChart

FULL = tl.causal_model()
SMALL = subgraph(FULL, CausalGraphChart.SIMPLE)


@pytest.mark.parametrize("quantity", ["magnesium", "calcium"])
@pytest.mark.parametrize("direction", ["up", "down"])
def test_the_small_graph_moves_every_quantity_as_the_full_one(quantity, direction):
    full = FULL.propagate({quantity: direction})
    small = SMALL.propagate({quantity: direction})
    for name in CausalGraphChart.SIMPLE:
        assert small[name] is full[name], (quantity, direction, name)


def test_every_relation_drawn_is_a_chain_of_the_full_graph_with_its_sign():
    for rel in SMALL.relations:
        chains = [
            chain
            for chain in FULL.paths(rel.source, rel.target)
            if all(r.target not in SMALL.quantities for r in chain[:-1])
        ]
        signs = set()
        for chain in chains:
            sign = 1
            for r in chain:
                sign *= r.sign
            signs.add(sign)
        assert rel.sign in signs, rel


def test_the_picture_has_six_boxes_readable_on_a_projector():
    chart = CausalGraphChart.simple()
    figure = chart.figure()
    texts = [a for a in figure.layout.annotations if a.text]
    assert len(chart.graph.quantities) == 6
    assert min(a.font.size for a in texts) >= 16
    assert "keeps 6 quantities" in chart.summary()


def test_an_unknown_quantity_is_named():
    with pytest.raises(ValueError, match="keep: unknown quantity 'magnesum'"):
        subgraph(FULL, ["magnesum", "twitching"])
