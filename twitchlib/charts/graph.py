"""The causal graph as a diagram: causes on the left, twitching on the right.

>>> chart = CausalGraphChart()
>>> chart.title()
'The causal graph: what pushes on what'
>>> from twitchlib import propagate
>>> CausalGraphChart(propagate({"magnesium": "down"})).summary().endswith("twitching ↑.")
True
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import numpy as np
import pandas as pd

from ..causal_subgraph import subgraph
from ..qualitative import CausalModel, Direction, Propagation, causal_model
from .base import Patch, redrawn
from .style import DIRECTION_COLOURS, DIRECTION_FILLS, graph_objects

_GRAPH_WIDTH_PX, _GRAPH_HEIGHT_PX = 980, 700
_GRAPH_FONT_PX = 12


def _graph_layout(
    graph,
) -> tuple[pd.DataFrame, dict[tuple[str, str], list[tuple[float, float]]]]:
    """Quantities in layers by causal depth, and a route for every arrow.

    An arrow that skips layers gets a waypoint in each layer it crosses, which takes
    a slot of its own there, so no arrow runs under another quantity's box. Within a
    layer, quantities and waypoints are ordered by the mean position of their
    neighbours (a few barycentre sweeps), which keeps arrows short and uncrossed;
    each layer is spread over the full height.
    """
    nodes = graph.nodes_frame().set_index("quantity")
    layer_of = {n: int(x) for n, x in nodes["x"].items()}
    layers = sorted(set(layer_of.values()))
    members = {
        layer: [n for n in nodes.index if layer_of[n] == layer] for layer in layers
    }
    sources: dict[str, list[str]] = {n: [] for n in nodes.index}
    targets: dict[str, list[str]] = {n: [] for n in nodes.index}
    routes: dict[tuple[str, str], list[str]] = {}
    for rel in graph.relations:
        chain = [rel.source]
        for layer in range(layer_of[rel.source] + 1, layer_of[rel.target]):
            waypoint = f"~{rel.source}>{rel.target}@{layer}"
            members[layer].append(waypoint)
            sources[waypoint], targets[waypoint] = [], []
            chain.append(waypoint)
        chain.append(rel.target)
        for a, b in pairwise(chain):
            targets[a].append(b)
            sources[b].append(a)
        routes[(rel.source, rel.target)] = chain
    rows = max(len(m) for m in members.values())

    def place() -> dict[str, float]:
        return {
            name: (i + 0.5) * rows / len(names)
            for names in members.values()
            for i, name in enumerate(names)
        }

    y = place()
    for sweep_number in range(6):
        forward = sweep_number % 2 == 0
        for layer in layers[1:] if forward else layers[-2::-1]:
            links = sources if forward else targets
            members[layer].sort(
                key=lambda n: np.mean([y[m] for m in links[n]]) if links[n] else y[n]
            )
            y = place()
    nodes["y"] = [y[n] for n in nodes.index]
    points = {
        pair: [
            (float(layer_of[n]) if n in layer_of else float(n.rsplit("@", 1)[-1]), y[n])
            for n in chain
        ]
        for pair, chain in routes.items()
    }
    return nodes, points


def _wrap_words(text: str, width: int = 16) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _chain_links(propagation: Propagation | None, highlight) -> set[tuple[str, str]]:
    """The (source, target) pairs to draw bold: a given chain, or every active chain."""
    if highlight is not None:
        nodes = list(highlight)
        return set(pairwise(nodes))
    if propagation is None:
        return set()
    links = set()
    for chain in propagation.chains():
        names = [n for n, _ in chain]
        links |= set(pairwise(names))
    return links


def _figure(
    propagation: Propagation | None,
    highlight: Sequence[str] | None,
    graph: CausalModel,
    font_px: int = _GRAPH_FONT_PX,
):
    """The figure of :class:`CausalGraphChart`."""
    go = graph_objects()
    char_px = 0.5 * font_px  # an average glyph width of the default sans-serif
    unknown = [n for n in (highlight or ()) if n not in graph.quantities]
    if unknown:
        raise ValueError(
            f"highlight: unknown quantities {unknown}; the graph's quantities"
            f" are {', '.join(graph.quantities)}"
        )
    nodes, routes = _graph_layout(graph)
    layers = int(nodes["x"].max()) + 1
    plot_width = _GRAPH_WIDTH_PX - 20
    px_per_x = plot_width / layers
    y_low, y_high = nodes["y"].min() - 0.6, nodes["y"].max() + 0.6
    bold = _chain_links(propagation, highlight)
    on_chain = {n for pair in bold for n in pair}

    labels, half_width = {}, {}
    for name, row in nodes.iterrows():
        lines = _wrap_words(row["label"])
        if (
            propagation is not None
            and propagation.directions[name] is not Direction.UNCHANGED
        ):
            lines[-1] += " " + propagation.directions[name].value
        labels[name] = lines
        half_width[name] = (max(map(len, lines)) * char_px + 12) / 2 / px_per_x

    annotations, bends = [], []
    for rel in graph.relations:
        route = routes[(rel.source, rel.target)]
        start = (route[0][0] + half_width[rel.source], route[0][1])
        end = (route[-1][0] - half_width[rel.target], route[-1][1])
        points = [start, *route[1:-1], end]
        strong = (rel.source, rel.target) in bold
        colour = "#1A1A1A" if strong or not bold else "#9A9A9A"
        width = 3 if strong else 1.3
        if len(points) > 2:  # the bends before the last segment, as a plain line
            bends.append(
                go.Scatter(
                    x=[p[0] for p in points[:-1]],
                    y=[p[1] for p in points[:-1]],
                    mode="lines",
                    line={"color": colour, "width": width, "shape": "spline"},
                    hoverinfo="skip",
                    showlegend=False,
                )
            )
        (ax, ay), (x, y) = points[-2], points[-1]
        annotations.append(
            {
                "x": x,
                "y": y,
                "ax": ax,
                "ay": ay,
                "xref": "x",
                "yref": "y",
                "axref": "x",
                "ayref": "y",
                "text": "",
                "showarrow": True,
                "arrowhead": 2,
                "arrowsize": 1.2,
                "arrowwidth": width,
                "arrowcolor": colour,
            }
        )
        # The sign sits on the last segment, a little past its middle.
        sx, sy = ax + 0.55 * (x - ax), ay + 0.55 * (y - ay)
        annotations.append(
            {
                "x": sx,
                "y": sy,
                "xref": "x",
                "yref": "y",
                "showarrow": False,
                "text": "<b>+</b>" if rel.sign > 0 else "<b>−</b>",
                "font": {"size": font_px + 1, "color": "#1A1A1A"},
                "bgcolor": "#FFFFFF",
                "bordercolor": colour,
                "borderwidth": 1,
                "borderpad": 0,
            }
        )
    for name, row in nodes.iterrows():
        direction = propagation.directions[name] if propagation is not None else None
        fill = DIRECTION_FILLS[direction] if direction is not None else "#FFFFFF"
        border = (
            DIRECTION_COLOURS[direction]
            if direction not in (None, Direction.UNCHANGED)
            else "#5A5A5A"
        )
        text = "<br>".join(labels[name])
        annotations.append(
            {
                "x": row["x"],
                "y": row["y"],
                "xref": "x",
                "yref": "y",
                "showarrow": False,
                "text": f"<b>{text}</b>" if name in on_chain else text,
                "font": {"size": font_px, "color": "#000000"},
                "bgcolor": fill,
                "bordercolor": border,
                "borderwidth": 3 if name in on_chain else 1.5,
                "borderpad": 3,
                "align": "center",
            }
        )
    title = _title(propagation, graph)
    fig = go.Figure(
        [
            *bends,
            go.Scatter(
                x=nodes["x"],
                y=nodes["y"],
                mode="markers",
                marker={"size": 1, "opacity": 0},
                hovertext=nodes["label"],
                hoverinfo="text",
                showlegend=False,
            ),
        ]
    )
    fig.update_layout(
        title={"text": title, "x": 0.01, "xanchor": "left"},
        template="plotly_white",
        width=_GRAPH_WIDTH_PX,
        height=_GRAPH_HEIGHT_PX,
        font={"size": 14},
        margin={"l": 10, "r": 10, "t": 60, "b": 60},
        annotations=annotations,
        showlegend=False,
    )
    fig.add_annotation(
        xref="paper",
        yref="paper",
        x=0,
        y=-0.02,
        yanchor="top",
        xanchor="left",
        showarrow=False,
        font={"size": max(13, font_px - 2), "color": "#1A1A1A"},
        text=(
            "Arrows point from cause to effect. + : more of one gives more of the next;"
            " − : more of one gives less of the next."
        )
        + (" Bold: the chains explained." if bold else ""),
    )
    fig.update_xaxes(range=[-0.5, layers - 0.5], visible=False, fixedrange=True)
    # Reversed, so the first quantity of each layer is at the top.
    fig.update_yaxes(range=[y_high, y_low], visible=False, fixedrange=True)
    return fig


def _summary(propagation: Propagation | None, graph: CausalModel) -> str:
    if propagation is None and len(graph.quantities) < len(causal_model().quantities):
        return (
            f"This picture keeps {len(graph.quantities)} quantities of the causal graph"
            f" and {len(graph.relations)} signed relations (an arrow may stand for a"
            " chain through quantities left out), with twitching on the right."
        )
    if propagation is None:
        return (
            f"The causal graph has {len(graph.quantities)} quantities and"
            f" {len(graph.relations)} signed relations, from underlying causes on"
            " the left to twitching on the right."
        )
    moved = propagation.changed()
    up = sum(d is Direction.UP for d in moved.values())
    down = sum(d is Direction.DOWN for d in moved.values())
    ambiguous = sum(d is Direction.AMBIGUOUS for d in moved.values())
    return (
        f"{len(moved)} quantities move: {up} up, {down} down, {ambiguous} ambiguous;"
        f" twitching {propagation.directions['twitching'].value}."
    )


def _title(propagation: Propagation | None, graph: CausalModel) -> str:
    if propagation is None:
        return "The causal graph: what pushes on what"
    changed = ", ".join(
        f"{graph.label(n)} {d.value}" for n, d in propagation.changes.items()
    )
    return f"What follows when {changed}"


class CausalGraphChart:
    """The causal graph as a diagram: causes on the left, twitching on the right.

    Each quantity is a labelled box; each relation an arrow with its sign (+: more of
    the source gives more of the target; −: more gives less). Given a propagation,
    boxes are tinted by direction (↑ orange, ↓ blue, ? pink) and every chain that
    reaches twitching is drawn bold; ``highlight`` (a sequence of quantity names,
    e.g. ``["calcium", "charge_screening", "axon_excitability", "twitching"]``) draws one
    chain bold.

    >>> CausalGraphChart().figure().layout.title.text
    'The causal graph: what pushes on what'

    :meth:`simple` is the six-quantity picture of lesson 01, readable on a projector
    (labels 18 px): the two ions, screening, the axon, the junction and twitching,
    with the relations the full graph implies between them.

    >>> simple = CausalGraphChart.simple()
    >>> texts = [a for a in simple.figure().layout.annotations if a.text]
    >>> len(simple.graph.quantities), min(a.font.size for a in texts)
    (6, 16)
    """

    SIMPLE = (
        "magnesium",
        "calcium",
        "charge_screening",
        "axon_excitability",
        "transmitter_release",
        "twitching",
    )

    def __init__(
        self,
        propagation: Propagation | None = None,
        highlight: Sequence[str] | None = None,
        graph: CausalModel | None = None,
        font_px: int = _GRAPH_FONT_PX,
    ):
        self.propagation = propagation
        self.highlight = highlight
        self.graph = graph if graph is not None else causal_model()
        self.font_px = font_px

    @classmethod
    def simple(cls, propagation: Propagation | None = None) -> CausalGraphChart:
        """The six-quantity graph (:attr:`SIMPLE`) with labels large enough for a room."""
        return cls(propagation, graph=subgraph(causal_model(), cls.SIMPLE), font_px=18)

    def figure(self):
        """The diagram as a plotly figure, 980 × 700 pixels."""
        return _figure(self.propagation, self.highlight, self.graph, self.font_px)

    def title(self) -> str:
        """What the diagram shows: the whole graph, or what follows from some changes."""
        return _title(self.propagation, self.graph)

    def summary(self) -> str:
        """One line: the graph's size, or how many quantities move and which way."""
        return _summary(self.propagation, self.graph)

    def update(self, propagation: Propagation | None) -> Patch:
        """Show another propagation (``None``: the plain graph); the whole figure changes."""
        self.propagation = propagation
        return redrawn(self)
