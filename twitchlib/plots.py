"""Charts for the lessons: pure functions that return plotly figures.

Each builder returns a ``plotly.graph_objects.Figure`` with a title, axis labels with
units and the Okabe-Ito colour-blind-safe palette, and has a ``*_summary`` partner
that says in one line of text what the chart shows (for screen readers and for
nbval to compare). plotly is imported here only, when a chart is first asked for.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import pairwise

import numpy as np
import pandas as pd

from .diet import Intake
from .likelihood import (
    Assessment,
    assess,
    emergency_region,
    emergency_summary,
    sweep,
)
from .qualitative import Direction, Propagation, causal_model
from .scenario import FACTOR_BY_NAME, HEALTHY, Scenario

# Okabe & Ito (2008): distinguishable with the common colour-vision deficiencies.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
    "grey": "#999999",
}
PALETTE = [
    OKABE_ITO[k]
    for k in (
        "blue",
        "orange",
        "green",
        "vermillion",
        "purple",
        "sky_blue",
        "yellow",
        "black",
    )
]
DIRECTION_COLOURS = {
    Direction.UP: OKABE_ITO["vermillion"],
    Direction.DOWN: OKABE_ITO["blue"],
    Direction.UNCHANGED: OKABE_ITO["grey"],
    Direction.AMBIGUOUS: OKABE_ITO["purple"],
}


def _go():
    import plotly.graph_objects as go

    return go


def _layout(
    fig,
    title: str,
    x_title: str | None = None,
    y_title: str | None = None,
    height: int = 420,
):
    fig.update_layout(
        title={"text": title, "x": 0.02},
        height=height,
        template="plotly_white",
        colorway=PALETTE,
        margin={"l": 70, "r": 30, "t": 60, "b": 60},
        font={"size": 14},
    )
    if x_title is not None:
        fig.update_xaxes(title_text=x_title)
    if y_title is not None:
        fig.update_yaxes(title_text=y_title)
    return fig


def _axis_label(factor: str) -> str:
    spec = FACTOR_BY_NAME[factor]
    return f"{spec.label} ({spec.unit})"


# --- the causal graph -------------------------------------------------------------

# Node fills: light tints so that black text on them passes WCAG AA; the arrow in the
# label repeats the direction for readers who do not see colour.
DIRECTION_FILLS = {
    Direction.UP: "#FBD9C2",
    Direction.DOWN: "#CDE5F5",
    Direction.UNCHANGED: "#FFFFFF",
    Direction.AMBIGUOUS: "#F3DDEB",
}
_GRAPH_WIDTH_PX, _GRAPH_HEIGHT_PX = 980, 700
_GRAPH_FONT_PX = 12
_CHAR_PX = 0.5 * _GRAPH_FONT_PX  # an average glyph width of the default sans-serif


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


def causal_graph_figure(
    propagation: Propagation | None = None, highlight: Sequence[str] | None = None
):
    """The causal graph as a diagram: causes on the left, twitching on the right.

    Each quantity is a labelled box; each relation an arrow with its sign (+: more of
    the source gives more of the target; −: more gives less). Given a propagation,
    boxes are tinted by direction (↑ orange, ↓ blue, ? pink) and every chain that
    reaches twitching is drawn bold; ``highlight`` (a sequence of quantity names,
    e.g. ``["calcium", "charge_screening", "axon_excitability", "twitching"]``) draws one
    chain bold.

    >>> fig = causal_graph_figure(); fig.layout.title.text
    'The causal graph: what pushes on what'
    """
    go = _go()
    graph = causal_model()
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
    plot_height = _GRAPH_HEIGHT_PX - 70 - 70
    plot_height / (y_high - y_low)
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
        half_width[name] = (max(map(len, lines)) * _CHAR_PX + 12) / 2 / px_per_x

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
                "font": {"size": 13, "color": "#1A1A1A"},
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
                "font": {"size": _GRAPH_FONT_PX, "color": "#000000"},
                "bgcolor": fill,
                "bordercolor": border,
                "borderwidth": 3 if name in on_chain else 1.5,
                "borderpad": 3,
                "align": "center",
            }
        )
    if propagation is None:
        title = "The causal graph: what pushes on what"
    else:
        changed = ", ".join(
            f"{graph.label(n)} {d.value}" for n, d in propagation.changes.items()
        )
        title = f"What follows when {changed}"
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
        font={"size": 13, "color": "#1A1A1A"},
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


def causal_graph_summary(propagation: Propagation | None = None) -> str:
    """One line describing :func:`causal_graph_figure`."""
    graph = causal_model()
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


# --- causes as data ---------------------------------------------------------------


def causes_by_mechanism_figure(causes: pd.DataFrame):
    """A bar chart: how many causes use each mechanism (a cause can use several)."""
    go = _go()
    from .knowledge import mechanisms

    names = mechanisms().set_index("mechanism")["name"]
    counts = causes.explode("mechanism")["mechanism"].value_counts()
    counts = counts.reindex(names.index).dropna().astype(int).sort_values()
    fig = go.Figure(
        go.Bar(
            x=counts.values,
            y=[names[m] for m in counts.index],
            orientation="h",
            marker_color=OKABE_ITO["blue"],
        )
    )
    return _layout(
        fig, "Causes of twitching by mechanism", "number of causes", "mechanism"
    )


def causes_effect_figure(causes: pd.DataFrame):
    """Each cause switched on alone: likelihood against the healthy default."""
    go = _go()
    from .knowledge import cause_scenario

    rows = pd.DataFrame(
        {
            "name": causes["name"],
            "likelihood": [
                assess(cause_scenario(c)).likelihood for c in causes["cause"]
            ],
            "category": causes["category"],
        }
    ).sort_values("likelihood")
    fig = go.Figure()
    for i, (category, group) in enumerate(rows.groupby("category", sort=True)):
        fig.add_trace(
            go.Bar(
                x=group["likelihood"] * 100,
                y=group["name"],
                orientation="h",
                name=category,
                marker_color=PALETTE[i % len(PALETTE)],
            )
        )
    baseline = assess(HEALTHY).likelihood * 100
    fig.add_vline(
        x=baseline,
        line_dash="dot",
        line_color=OKABE_ITO["black"],
        annotation_text=f"healthy default {baseline:.0f}%",
    )
    fig.update_yaxes(categoryorder="array", categoryarray=rows["name"].tolist())
    return _layout(
        fig,
        "One cause at a time: likelihood of a noticed twitch in 7 days",
        "likelihood (%)",
        "cause",
        height=480,
    )


# --- the twitch explorer ---------------------------------------------------------


def waterfall_data(assessment: Assessment) -> pd.DataFrame:
    """The waterfall's bars: the healthy start, each changed factor, and the total."""
    p = assessment.baseline_likelihood
    rows = [
        {
            "step": "healthy default",
            "log_odds_shift": float(np.log(p / (1 - p))),
            "measure": "absolute",
        }
    ]
    for name, shift in assessment.contributions.items():
        if abs(shift) > 1e-12:
            rows.append(
                {
                    "step": FACTOR_BY_NAME[name].label,
                    "log_odds_shift": shift,
                    "measure": "relative",
                }
            )
    rows.append(
        {
            "step": "this scenario",
            "log_odds_shift": assessment.log_odds,
            "measure": "total",
        }
    )
    return pd.DataFrame(rows)


def waterfall_figure(assessment: Assessment):
    """Each factor's log-odds shift from the healthy default, as a waterfall."""
    go = _go()
    data = waterfall_data(assessment)
    fig = go.Figure(
        go.Waterfall(
            x=data["step"],
            y=data["log_odds_shift"],
            measure=data["measure"],
            increasing={"marker": {"color": OKABE_ITO["vermillion"]}},
            decreasing={"marker": {"color": OKABE_ITO["blue"]}},
            totals={"marker": {"color": OKABE_ITO["grey"]}},
            connector={"line": {"color": OKABE_ITO["grey"]}},
        )
    )
    return _layout(
        fig, waterfall_title(assessment), "", "log-odds (see the logistic curve)"
    )


def waterfall_title(assessment: Assessment) -> str:
    """The waterfall's title: the likelihood in whole percent, and the healthy one."""
    return (
        f"Likelihood {assessment.likelihood:.0%} (healthy {assessment.baseline_likelihood:.0%}):"
        " what each factor adds"
    )


def waterfall_summary(assessment: Assessment) -> str:
    """One line describing :func:`waterfall_figure`."""
    shifts = {k: v for k, v in assessment.contributions.items() if abs(v) > 1e-12}
    if not shifts:
        return (
            f"All factors at their healthy defaults: likelihood"
            f" {assessment.likelihood:.0%}."
        )
    top = max(shifts, key=lambda k: abs(shifts[k]))
    count = "one factor shifts" if len(shifts) == 1 else f"{len(shifts)} factors shift"
    way = "raises" if shifts[top] > 0 else "lowers"
    return (
        f"Likelihood {assessment.likelihood:.0%} against {assessment.baseline_likelihood:.0%}"
        f" healthy; {count} it, and {FACTOR_BY_NAME[top].label.lower()} {way} it"
        f" most ({shifts[top]:+.1f} on the log-odds scale)."
    )


def logistic_figure(assessment: Assessment | None = None):
    """The logistic curve that turns log-odds into a likelihood, for introducing log-odds.

    Log-odds add up factor by factor; the curve turns their total into a likelihood
    between 0 and 100 %. Marks the healthy default and, if given, a scenario.

    >>> logistic_figure().layout.xaxis.title.text
    'log-odds (the model adds these up, factor by factor)'
    """
    go = _go()
    log_odds = np.linspace(-6, 6, 241)
    fig = go.Figure(
        go.Scatter(
            x=log_odds,
            y=100 / (1 + np.exp(-log_odds)),
            mode="lines",
            name="likelihood",
            line={"color": OKABE_ITO["blue"], "width": 3},
        )
    )
    healthy = assess(HEALTHY)
    points = [("healthy default", healthy, OKABE_ITO["black"], "bottom right")]
    if assessment is not None:
        points.append(
            ("this scenario", assessment, OKABE_ITO["vermillion"], "top left")
        )
    for name, a, colour, position in points:
        fig.add_scatter(
            x=[a.log_odds],
            y=[a.likelihood * 100],
            mode="markers+text",
            name=name,
            text=[f"{name}: {a.likelihood:.0%}"],
            textposition=position,
            marker={"size": 13, "color": colour},
            textfont={"color": "#1A1A1A"},
        )
    fig.add_annotation(
        x=0,
        y=50,
        text="log-odds 0 = even chance (50%)",
        showarrow=True,
        ax=60,
        ay=40,
        font={"color": "#1A1A1A"},
    )
    fig.update_yaxes(range=[0, 100])
    fig.update_layout(showlegend=False)
    return _layout(
        fig,
        "From log-odds to likelihood: the logistic curve",
        "log-odds (the model adds these up, factor by factor)",
        "likelihood of a noticed twitch in 7 days (%)",
    )


def logistic_summary(assessment: Assessment | None = None) -> str:
    """One line describing :func:`logistic_figure`."""
    healthy = assess(HEALTHY)
    text = (
        "The S-shaped logistic curve turns log-odds into a likelihood: 0 is an even"
        " chance (50%), each step of +1 multiplies the odds by about 2.7, and the"
        " curve flattens near 0% and 100%. The healthy default sits at log-odds"
        f" {healthy.log_odds:.1f}, a likelihood of {healthy.likelihood:.0%}"
    )
    if assessment is not None:
        text += (
            f"; this scenario at {assessment.log_odds:.1f}, a likelihood of"
            f" {assessment.likelihood:.0%}"
        )
    return text + "."


def sweep_figure(
    factor: str,
    values: Sequence[float] | np.ndarray,
    bases: dict[str, Scenario] | None = None,
):
    """Likelihood along one factor, one line per base scenario (default: healthy)."""
    go = _go()
    bases = bases or {"healthy default": HEALTHY}
    fig = go.Figure()
    for i, (name, base) in enumerate(bases.items()):
        curve = sweep(factor, values, base)
        fig.add_trace(
            go.Scatter(
                x=curve[factor],
                y=curve["likelihood"] * 100,
                mode="lines",
                name=name,
                line={
                    "color": PALETTE[i % len(PALETTE)],
                    "width": 3,
                    "dash": ["solid", "dash", "dot", "dashdot"][i % 4],
                },
            )
        )
    fig.update_yaxes(range=[0, 100])
    return _layout(
        fig,
        f"Likelihood along {FACTOR_BY_NAME[factor].label.lower()}",
        _axis_label(factor),
        "likelihood of a noticed twitch in 7 days (%)",
    )


def sweep_summary(
    factor: str,
    values: Sequence[float] | np.ndarray,
    base: Scenario | dict[str, Scenario] | None = None,
) -> str:
    """One line describing a sweep: where it starts and ends.

    ``base`` is one scenario, or the named scenarios of :func:`sweep_figure` (one
    clause per line of the chart).

    >>> sweep_summary("caffeine_mg_per_day", [0, 600], {"healthy": Scenario()})
    'From 0 to 600 mg/day: healthy goes from 11% to 14%.'
    """
    if not isinstance(base, dict):
        return sweep_text(factor, sweep(factor, values, base))
    unit = FACTOR_BY_NAME[factor].unit
    clauses = []
    for name, scenario in base.items():
        curve = sweep(factor, values, scenario)
        first, last = curve.iloc[0], curve.iloc[-1]
        clauses.append(
            f"{name} goes from {first.likelihood:.0%} to {last.likelihood:.0%}"
        )
        region = emergency_region(curve)  # issue 17: emergencies named in words
        if region.any():
            words = sorted(set("; ".join(curve.emergency[region]).split("; ")))
            clauses[-1] += (
                f", in an emergency range at {region.sum()} of {len(curve)} points"
                f" ({', '.join(words)})"
            )
    text = f"From {values[0]:g} to {values[-1]:g} {unit}: " + "; ".join(clauses) + "."
    if "emergency range" in text:
        text += " There the likelihood is not the point: get urgent medical help."
    return text


def sweep_text(factor: str, curve: pd.DataFrame) -> str:
    """:func:`sweep_summary` for a sweep already computed (saves computing it twice)."""
    first, last = curve.iloc[0], curve.iloc[-1]
    unit = FACTOR_BY_NAME[factor].unit
    text = (
        f"From {first[factor]:g} to {last[factor]:g} {unit}, the likelihood goes from"
        f" {first.likelihood:.0%} to {last.likelihood:.0%}."
    )
    if "emergency" in curve.columns and emergency_region(curve).any():
        text += " " + emergency_summary(curve)  # issue 17: named in words
    return text


def heatmap_grid(
    x_factor: str, x_values, y_factor: str, y_values, base: Scenario | None = None
) -> pd.DataFrame:
    """Likelihood on a grid of two factors (rows: y values, columns: x values)."""
    base = base or HEALTHY
    xx, yy = np.meshgrid(np.asarray(x_values, float), np.asarray(y_values, float))
    frame = pd.DataFrame({k: [v] * xx.size for k, v in base.to_dict().items()})
    frame[x_factor] = xx.ravel()
    frame[y_factor] = yy.ravel()
    result = assess(frame)
    grid = pd.DataFrame(
        result["likelihood"].to_numpy().reshape(xx.shape),
        index=pd.Index(np.asarray(y_values, float), name=y_factor),
        columns=pd.Index(np.asarray(x_values, float), name=x_factor),
    )
    # The emergency words of each point, for the summary (issue 17, §5).
    grid.attrs["emergency"] = result[["emergency"]]
    return grid


def heatmap_figure(
    x_factor: str, x_values, y_factor: str, y_values, base: Scenario | None = None
):
    """A two-factor heatmap of the likelihood, e.g. caffeine × magnesium."""
    go = _go()
    grid = heatmap_grid(x_factor, x_values, y_factor, y_values, base)
    fig = go.Figure(
        go.Heatmap(
            z=grid.to_numpy() * 100,
            x=grid.columns,
            y=grid.index,
            colorscale="Cividis",
            zmin=0,
            zmax=100,
            colorbar={"title": {"text": "likelihood (%)"}},
        )
    )
    return _layout(
        fig,
        f"Likelihood by {FACTOR_BY_NAME[x_factor].label.lower()} and"
        f" {FACTOR_BY_NAME[y_factor].label.lower()}",
        _axis_label(x_factor),
        _axis_label(y_factor),
    )


def heatmap_summary(
    x_factor: str, x_values, y_factor: str, y_values, base: Scenario | None = None
) -> str:
    """One line describing :func:`heatmap_figure`, in words with units."""
    grid = heatmap_grid(x_factor, x_values, y_factor, y_values, base)
    low = grid.stack().idxmin()
    high = grid.stack().idxmax()

    def where(point) -> str:
        return (
            f"{_value_words(y_factor, point[0])} and {_value_words(x_factor, point[1])}"
        )

    text = (
        f"Lowest likelihood {grid.to_numpy().min():.0%} with {where(low)};"
        f" highest {grid.to_numpy().max():.0%} with {where(high)}."
    )
    emergencies = grid.attrs.get("emergency")
    if emergencies is not None and emergency_region(emergencies).any():
        text += " " + emergency_summary(emergencies)
    return text


def _value_words(factor: str, value: float) -> str:
    """``serum magnesium 0.75 mmol/L``: a factor's label, value and unit in words."""
    spec = FACTOR_BY_NAME[factor]
    if spec.is_switch:
        return f"{spec.label.lower()}: {'yes' if value else 'no'}"
    unit = "out of 10" if spec.unit.startswith("points") else spec.unit
    return f"{spec.label.lower()} {value:g} {unit}"


# --- diet ---------------------------------------------------------------------------


def intake_figure(intake: Intake):
    """A stacked bar of the day's foods against the RDA line."""
    go = _go()
    fig = go.Figure()
    for i, row in enumerate(intake.items.itertuples()):
        fig.add_trace(
            go.Bar(
                x=["today"],
                y=[row.mg],
                name=f"{row.food} × {row.servings:g}",
                marker_color=PALETTE[i % len(PALETTE)],
            )
        )
    fig.add_hline(
        y=intake.rda_mg,
        line_dash="dash",
        line_color=OKABE_ITO["black"],
        annotation_text=f"RDA {intake.rda_mg:.0f} mg",
    )
    fig.update_layout(barmode="stack")
    return _layout(
        fig,
        f"Magnesium from food: {intake.total_mg:.0f} mg of {intake.rda_mg:.0f} mg",
        "",
        "magnesium (mg/day)",
    )


def foods_figure(foods: pd.DataFrame, top: int = 15):
    """The richest food sources of magnesium per serving, coloured by food group."""
    go = _go()
    data = foods.nlargest(top, "mg_per_serving").iloc[::-1]
    fig = go.Figure()
    for i, (group, rows) in enumerate(data.groupby("food_group", sort=True)):
        fig.add_trace(
            go.Bar(
                x=rows["mg_per_serving"],
                y=rows["food"] + " (" + rows["serving"] + ")",
                orientation="h",
                name=group,
                marker_color=PALETTE[i % len(PALETTE)],
            )
        )
    fig.update_yaxes(
        categoryorder="array",
        categoryarray=(data["food"] + " (" + data["serving"] + ")").tolist(),
    )
    return _layout(
        fig,
        f"The {top} richest sources of magnesium per serving",
        "magnesium (mg per serving)",
        "food",
        height=520,
    )


def causes_by_mechanism_summary(causes: pd.DataFrame) -> str:
    """One line describing :func:`causes_by_mechanism_figure`."""
    from .knowledge import mechanisms

    counts = causes.explode("mechanism")["mechanism"].value_counts()
    name = mechanisms().set_index("mechanism")["name"][counts.index[0]]
    return (
        f"{len(causes)} causes use {len(counts)} mechanisms; the most shared is"
        f" {name.lower()} ({counts.iloc[0]} causes)."
    )


def causes_effect_summary(causes: pd.DataFrame) -> str:
    """One line describing :func:`causes_effect_figure`."""
    from .knowledge import cause_scenario

    effects = {
        n: assess(cause_scenario(c)).likelihood
        for n, c in zip(causes["name"], causes["cause"], strict=True)
    }
    healthy = assess(HEALTHY).likelihood
    top = max(effects, key=effects.get)
    # Causes whose shift reads as about 0 (under 0.05 log-odds) are named as such.
    odds = healthy / (1 - healthy)
    flat = [n for n, v in effects.items() if v / (1 - v) < odds * math.exp(0.05)]
    text = (
        f"Alone, {len(effects) - len(flat)} of {len(effects)} causes raise the"
        f" likelihood above the healthy {healthy:.0%}: most {top} ({effects[top]:.0%})."
    )
    if flat:
        text += f" About no change: {', '.join(flat)}."
    return text


def foods_summary(foods: pd.DataFrame, top: int = 15) -> str:
    """One line describing :func:`foods_figure`."""
    data = foods.nlargest(top, "mg_per_serving")
    first = data.iloc[0]
    return (
        f"Of the {top} richest foods, {first.food.lower()} lead with"
        f" {first.mg_per_serving:g} mg per {first.serving};"
        f" {(data.food_group == 'nuts and seeds').sum()} are nuts and seeds."
    )


# --- inside the nerve -------------------------------------------------------------


def nerve_trace_series(trace, every: int = 8) -> dict[str, np.ndarray]:
    """Time, voltage and force thinned for drawing: one point in ``every`` (0.2 ms at the default step).

    A spike lasts about 2 ms, so every spike stays visible while the chart stays light
    enough for a slider and a notebook.
    """
    # Single precision is far finer than a screen pixel and halves what is sent.
    return {
        "time_ms": trace.time_ms[::every],
        "voltage_mv": trace.voltage_mv[::every].astype(np.float32),
        "twitch_force": trace.twitch_force()[::every].astype(np.float32),
    }


def nerve_trace_figure(trace):
    """Voltage (top) and muscle twitch force (bottom) of one :class:`~twitchlib.nerve.NerveTrace`."""
    from plotly.subplots import make_subplots

    go = _go()
    fig = make_subplots(
        rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08, row_heights=[0.6, 0.4]
    )
    series = nerve_trace_series(trace)
    # Evenly spaced times travel as a start and a step, not as an array.
    time = {"x0": 0.0, "dx": float(series["time_ms"][1] - series["time_ms"][0])}
    fig.add_trace(
        go.Scatter(
            **time,
            y=series["voltage_mv"],
            mode="lines",
            name="membrane voltage",
            line={"color": OKABE_ITO["blue"], "width": 2},
        ),
        row=1,
        col=1,
    )
    fig.add_trace(
        go.Scatter(
            **time,
            y=series["twitch_force"],
            mode="lines",
            name="twitch force",
            fill="tozeroy",
            line={"color": OKABE_ITO["vermillion"], "width": 2},
        ),
        row=2,
        col=1,
    )
    if trace.delay_ms > 0:
        fig.add_vline(
            x=trace.delay_ms, line={"dash": "dot", "color": OKABE_ITO["grey"]}
        )
    fig.update_yaxes(title_text="voltage (mV)", range=[-90, 60], row=1, col=1)
    fig.update_yaxes(title_text="force (twitches)", rangemode="tozero", row=2, col=1)
    fig.update_xaxes(title_text="time (ms)", row=2, col=1)
    fig.update_layout(showlegend=False)
    return _layout(fig, nerve_trace_title(trace), height=520)


def nerve_trace_title(trace) -> str:
    """The trace chart's title: conditions and what the nerve did."""
    return (
        f"Ca {trace.calcium_mmol_l:.2f}, Mg {trace.magnesium_mmol_l:.2f} mmol/L,"
        f" {trace.current_ua_cm2:g} µA/cm²: {trace.spike_count} spike"
        f"{'' if trace.spike_count == 1 else 's'}, gates shifted"
        f" {trace.gating_shift_mv:+.1f} mV"
    )


def fi_curve_data(
    currents, conditions: dict[str, tuple[float, float]], duration_ms: float = 500.0
) -> pd.DataFrame:
    """Steady firing rate against current for named (calcium, magnesium) conditions.

    All curves are integrated in one pass of :func:`twitchlib.nerve.sweep`.
    """
    from . import nerve

    currents = np.asarray(currents, dtype=float)
    names = list(conditions)
    calcium = np.repeat([conditions[n][0] for n in names], currents.size)
    magnesium = np.repeat([conditions[n][1] for n in names], currents.size)
    table = nerve.sweep(
        np.tile(currents, len(names)),
        duration_ms,
        calcium_mmol_l=calcium,
        magnesium_mmol_l=magnesium,
    )
    table.insert(0, "condition", np.repeat(names, currents.size))
    return table.drop(columns="spike_times_ms")


def fi_curve_figure(data: pd.DataFrame):
    """f–I curves: one line per condition of :func:`fi_curve_data`."""
    go = _go()
    fig = go.Figure()
    for i, (name, rows) in enumerate(data.groupby("condition", sort=False)):
        fig.add_trace(
            go.Scatter(
                x=rows.current_ua_cm2,
                y=rows.firing_rate_hz,
                mode="lines+markers",
                name=name,
                line={
                    "color": PALETTE[i % len(PALETTE)],
                    "width": 3,
                    "dash": ["solid", "dash", "dot"][i % 3],
                },
            )
        )
    return _layout(
        fig,
        "Firing rate against stimulus current",
        "stimulus current (µA/cm²)",
        "steady firing rate (Hz)",
    )


def fi_curve_summary(data: pd.DataFrame) -> str:
    """Where each f–I curve starts firing steadily."""
    parts = []
    for name, rows in data.groupby("condition", sort=False):
        firing = rows[rows.firing_rate_hz > 0]
        start = (
            f"from {firing.current_ua_cm2.min():g} µA/cm²"
            if len(firing)
            else "not at all in this range"
        )
        parts.append(f"{name} fires steadily {start}")
    return "; ".join(parts) + "."


def spontaneous_map_data(calcium_values, magnesium_values) -> pd.DataFrame:
    """For a grid of calcium and magnesium: the gating shift and whether the membrane fires on its own."""
    from . import nerve

    ca, mg = np.meshgrid(
        np.asarray(calcium_values, float), np.asarray(magnesium_values, float)
    )
    return pd.DataFrame(
        {
            "calcium_mmol_l": ca.ravel(),
            "magnesium_mmol_l": mg.ravel(),
            "gating_shift_mv": nerve.gating_shift_mv(ca.ravel(), mg.ravel()),
            "fires_spontaneously": nerve.fires_spontaneously(ca.ravel(), mg.ravel()),
        }
    )


def spontaneous_map_figure(grid: pd.DataFrame):
    """Map of spontaneous firing over (magnesium, calcium), normal ranges boxed."""
    from .knowledge import serum_ranges

    go = _go()
    table = grid.pivot(
        index="calcium_mmol_l", columns="magnesium_mmol_l", values="fires_spontaneously"
    ).astype(int)
    shift = grid.pivot(
        index="calcium_mmol_l", columns="magnesium_mmol_l", values="gating_shift_mv"
    )
    fig = go.Figure(
        go.Heatmap(
            x=table.columns,
            y=table.index,
            z=table.to_numpy(),
            zmin=0,
            zmax=1,
            colorscale=[
                [0, OKABE_ITO["sky_blue"]],
                [0.5, OKABE_ITO["sky_blue"]],
                [0.5, OKABE_ITO["vermillion"]],
                [1, OKABE_ITO["vermillion"]],
            ],
            customdata=shift.to_numpy(),
            hovertemplate=(
                "Mg %{x:.2f}, Ca %{y:.2f} mmol/L<br>gates shifted %{customdata:+.1f} mV"
                "<extra></extra>"
            ),
            colorbar={
                "tickvals": [0.25, 0.75],
                "ticktext": ["quiet at rest", "fires on its own"],
                "title": {"text": ""},
            },
        )
    )
    ranges = serum_ranges().set_index("quantity")
    fig.add_shape(
        type="rect",
        x0=ranges.loc["serum_magnesium", "normal_low"],
        x1=ranges.loc["serum_magnesium", "normal_high"],
        y0=ranges.loc["ionized_calcium", "normal_low"],
        y1=ranges.loc["ionized_calcium", "normal_high"],
        line={"color": OKABE_ITO["black"], "width": 3},
    )
    fig.add_annotation(
        x=ranges.loc["serum_magnesium", "normal_high"],
        y=ranges.loc["ionized_calcium", "normal_high"],
        text="normal",
        showarrow=False,
        xanchor="left",
        yanchor="bottom",
    )
    return _layout(
        fig,
        "Where the membrane fires with no stimulus",
        "magnesium outside the cell (mmol/L)",
        "ionized calcium outside the cell (mmol/L)",
        height=460,
    )


def spontaneous_map_summary(grid: pd.DataFrame) -> str:
    """How much of the map fires on its own, and from which gating shift."""
    from .knowledge import serum_ranges

    firing = grid[grid.fires_spontaneously]
    quiet = grid[~grid.fires_spontaneously]
    if firing.empty:
        return "Nowhere on this map does the membrane fire on its own."
    text = f"The membrane fires on its own in {len(firing)} of {len(grid)} conditions"
    if quiet.empty or firing.gating_shift_mv.max() < quiet.gating_shift_mv.min():
        text += (
            f", exactly those whose gates are shifted by"
            f" {firing.gating_shift_mv.max():+.1f} mV or further negative"
        )
    ranges = serum_ranges().set_index("quantity")
    inside = firing[
        firing.magnesium_mmol_l.between(
            *ranges.loc["serum_magnesium", ["normal_low", "normal_high"]]
        )
        & firing.calcium_mmol_l.between(
            *ranges.loc["ionized_calcium", ["normal_low", "normal_high"]]
        )
    ]
    text += (
        ", none of them inside the normal ranges."
        if inside.empty
        else f", {len(inside)} of them inside the normal ranges."
    )
    return text
