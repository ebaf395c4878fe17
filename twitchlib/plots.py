"""Charts for the lessons: pure functions that return plotly figures.

Each builder returns a ``plotly.graph_objects.Figure`` with a title, axis labels with
units and the Okabe-Ito colour-blind-safe palette, and has a ``*_summary`` partner
that says in one line of text what the chart shows (for screen readers and for
nbval to compare). plotly is imported here only, when a chart is first asked for.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from .diet import Intake
from .model import Assessment, assess, sweep
from .qualitative import Direction, Propagation, causal_model
from .scenario import FACTOR_BY_NAME, HEALTHY, Scenario

# Okabe & Ito (2008): distinguishable with the common colour-vision deficiencies.
OKABE_ITO = {
    "orange": "#E69F00", "sky_blue": "#56B4E9", "green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00",
    "purple": "#CC79A7", "black": "#000000", "grey": "#999999",
}
PALETTE = [OKABE_ITO[k] for k in ("blue", "orange", "green", "vermillion", "purple",
                                  "sky_blue", "yellow", "black")]
DIRECTION_COLOURS = {Direction.UP: OKABE_ITO["vermillion"],
                     Direction.DOWN: OKABE_ITO["blue"],
                     Direction.UNCHANGED: OKABE_ITO["grey"],
                     Direction.AMBIGUOUS: OKABE_ITO["purple"]}


def _go():
    import plotly.graph_objects as go

    return go


def _layout(fig, title: str, x_title: str | None = None, y_title: str | None = None,
            height: int = 420):
    fig.update_layout(
        title={"text": title, "x": 0.02}, height=height, template="plotly_white",
        colorway=PALETTE, margin={"l": 70, "r": 30, "t": 60, "b": 60},
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

def causal_graph_figure(propagation: Propagation | None = None):
    """The causal graph, causes on the left; coloured by direction if given a propagation.

    Arrows ending in a triangle are positive relations (P+/I+), in a bar negative
    ones (P-/I-); vermillion is ↑, blue ↓, purple ? and grey unchanged.

    >>> fig = causal_graph_figure(); fig.layout.title.text
    'The causal graph: what pushes on what'
    """
    go = _go()
    graph = causal_model()
    nodes = graph.nodes_frame().set_index("quantity")
    fig = go.Figure()
    for sign, dash, name in ((1, "solid", "raises (+)"), (-1, "dash", "lowers (−)")):
        xs, ys = [], []
        for rel in graph.relations:
            if rel.sign != sign:
                continue
            (x0, y0), (x1, y1) = nodes.loc[rel.source, ["x", "y"]], nodes.loc[rel.target, ["x", "y"]]
            xs += [x0, x1, None]
            ys += [y0, y1, None]
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", name=f"relation {name}",
                                 line={"color": OKABE_ITO["grey"], "dash": dash, "width": 1.5},
                                 hoverinfo="skip"))
    if propagation is None:
        colours = [OKABE_ITO["sky_blue"]] * len(nodes)
        text = nodes["label"].tolist()
        title = "The causal graph: what pushes on what"
    else:
        directions = [propagation.directions[q] for q in nodes.index]
        colours = [DIRECTION_COLOURS[d] for d in directions]
        text = [f"{label} {d.value}" for label, d in zip(nodes["label"], directions)]
        changed = ", ".join(f"{graph.label(n)} {d.value}"
                            for n, d in propagation.changes.items())
        title = f"What follows when {changed}"
    fig.add_trace(go.Scatter(
        x=nodes["x"], y=nodes["y"], mode="markers+text", text=text,
        textposition="top center", name="quantity",
        marker={"size": 16, "color": colours, "line": {"color": "black", "width": 1}},
        hovertext=nodes["label"], hoverinfo="text", showlegend=False,
    ))
    _layout(fig, title, height=640)
    fig.update_xaxes(title_text="causal depth (causes on the left, twitching on the right)",
                     showgrid=False, zeroline=False, showticklabels=False)
    fig.update_yaxes(title_text="", showgrid=False, zeroline=False, showticklabels=False)
    return fig


def causal_graph_summary(propagation: Propagation | None = None) -> str:
    """One line describing :func:`causal_graph_figure`."""
    graph = causal_model()
    if propagation is None:
        return (f"The causal graph has {len(graph.quantities)} quantities and"
                f" {len(graph.relations)} signed relations, from underlying causes on"
                " the left to twitching on the right.")
    moved = propagation.changed()
    up = sum(d is Direction.UP for d in moved.values())
    down = sum(d is Direction.DOWN for d in moved.values())
    ambiguous = sum(d is Direction.AMBIGUOUS for d in moved.values())
    return (f"{len(moved)} quantities move: {up} up, {down} down, {ambiguous} ambiguous;"
            f" twitching {propagation.directions['twitching'].value}.")


# --- causes as data ---------------------------------------------------------------

def causes_by_mechanism_figure(causes: pd.DataFrame):
    """A bar chart: how many causes use each mechanism (a cause can use several)."""
    go = _go()
    from .knowledge import mechanisms

    names = mechanisms().set_index("mechanism")["name"]
    counts = causes.explode("mechanism")["mechanism"].value_counts()
    counts = counts.reindex(names.index).dropna().astype(int).sort_values()
    fig = go.Figure(go.Bar(x=counts.values, y=[names[m] for m in counts.index],
                           orientation="h", marker_color=OKABE_ITO["blue"]))
    return _layout(fig, "Causes of twitching by mechanism", "number of causes", "mechanism")


def causes_effect_figure(causes: pd.DataFrame):
    """Each cause switched on alone: likelihood against the healthy default."""
    go = _go()
    from .knowledge import cause_scenario

    rows = pd.DataFrame({
        "name": causes["name"],
        "likelihood": [assess(cause_scenario(c)).likelihood for c in causes["cause"]],
        "category": causes["category"],
    }).sort_values("likelihood")
    fig = go.Figure()
    for i, (category, group) in enumerate(rows.groupby("category", sort=True)):
        fig.add_trace(go.Bar(x=group["likelihood"] * 100, y=group["name"], orientation="h",
                             name=category, marker_color=PALETTE[i % len(PALETTE)]))
    baseline = assess(HEALTHY).likelihood * 100
    fig.add_vline(x=baseline, line_dash="dot", line_color=OKABE_ITO["black"],
                  annotation_text=f"healthy default {baseline:.0f}%")
    fig.update_yaxes(categoryorder="array", categoryarray=rows["name"].tolist())
    return _layout(fig, "One cause at a time: likelihood of a noticed twitch in 7 days",
                   "likelihood (%)", "cause", height=480)


# --- the twitch explorer ---------------------------------------------------------

def waterfall_data(assessment: Assessment) -> pd.DataFrame:
    """The waterfall's bars: the healthy start, each changed factor, and the total."""
    rows = [{"step": "healthy default", "log_odds_shift": assess(HEALTHY).log_odds,
             "measure": "absolute"}]
    for name, shift in assessment.contributions.items():
        if abs(shift) > 1e-12:
            rows.append({"step": FACTOR_BY_NAME[name].label, "log_odds_shift": shift,
                         "measure": "relative"})
    rows.append({"step": "this scenario", "log_odds_shift": assessment.log_odds,
                 "measure": "total"})
    return pd.DataFrame(rows)


def waterfall_figure(assessment: Assessment):
    """Each factor's log-odds shift from the healthy default, as a waterfall."""
    go = _go()
    data = waterfall_data(assessment)
    fig = go.Figure(go.Waterfall(
        x=data["step"], y=data["log_odds_shift"], measure=data["measure"],
        increasing={"marker": {"color": OKABE_ITO["vermillion"]}},
        decreasing={"marker": {"color": OKABE_ITO["blue"]}},
        totals={"marker": {"color": OKABE_ITO["grey"]}},
        connector={"line": {"color": OKABE_ITO["grey"]}},
    ))
    return _layout(fig, waterfall_title(assessment), "factor", "log-odds of a noticed twitch")


def waterfall_title(assessment: Assessment) -> str:
    return (f"Likelihood {assessment.likelihood:.0%} (healthy {assessment.baseline_likelihood:.0%}):"
            " what each factor adds")


def waterfall_summary(assessment: Assessment) -> str:
    """One line describing :func:`waterfall_figure`."""
    shifts = {k: v for k, v in assessment.contributions.items() if abs(v) > 1e-12}
    if not shifts:
        return (f"All factors at their healthy defaults: likelihood"
                f" {assessment.likelihood:.0%}.")
    top = max(shifts, key=lambda k: abs(shifts[k]))
    return (f"Likelihood {assessment.likelihood:.0%} against {assessment.baseline_likelihood:.0%}"
            f" healthy; {len(shifts)} factor(s) shift it, most of all"
            f" {FACTOR_BY_NAME[top].label.lower()} ({shifts[top]:+.2f} log-odds).")


def sweep_figure(factor: str, values: Sequence[float] | np.ndarray,
                 bases: dict[str, Scenario] | None = None):
    """Likelihood along one factor, one line per base scenario (default: healthy)."""
    go = _go()
    bases = bases or {"healthy default": HEALTHY}
    fig = go.Figure()
    for i, (name, base) in enumerate(bases.items()):
        curve = sweep(factor, values, base)
        fig.add_trace(go.Scatter(x=curve[factor], y=curve["likelihood"] * 100,
                                 mode="lines", name=name,
                                 line={"color": PALETTE[i % len(PALETTE)], "width": 3,
                                       "dash": ["solid", "dash", "dot", "dashdot"][i % 4]}))
    fig.update_yaxes(range=[0, 100])
    return _layout(fig, f"Likelihood along {FACTOR_BY_NAME[factor].label.lower()}",
                   _axis_label(factor), "likelihood of a noticed twitch in 7 days (%)")


def sweep_summary(factor: str, values: Sequence[float] | np.ndarray,
                  base: Scenario | None = None) -> str:
    """One line describing a sweep: where it starts and ends."""
    curve = sweep(factor, values, base)
    first, last = curve.iloc[0], curve.iloc[-1]
    unit = FACTOR_BY_NAME[factor].unit
    return (f"From {first[factor]:g} to {last[factor]:g} {unit}, the likelihood goes from"
            f" {first.likelihood:.0%} to {last.likelihood:.0%}.")


def heatmap_grid(x_factor: str, x_values, y_factor: str, y_values,
                 base: Scenario | None = None) -> pd.DataFrame:
    """Likelihood on a grid of two factors (rows: y values, columns: x values)."""
    base = base or HEALTHY
    xx, yy = np.meshgrid(np.asarray(x_values, float), np.asarray(y_values, float))
    frame = pd.DataFrame({k: [v] * xx.size for k, v in base.to_dict().items()})
    frame[x_factor] = xx.ravel()
    frame[y_factor] = yy.ravel()
    result = assess(frame)
    return pd.DataFrame(result["likelihood"].to_numpy().reshape(xx.shape),
                        index=pd.Index(np.asarray(y_values, float), name=y_factor),
                        columns=pd.Index(np.asarray(x_values, float), name=x_factor))


def heatmap_figure(x_factor: str, x_values, y_factor: str, y_values,
                   base: Scenario | None = None):
    """A two-factor heatmap of the likelihood, e.g. caffeine × magnesium."""
    go = _go()
    grid = heatmap_grid(x_factor, x_values, y_factor, y_values, base)
    fig = go.Figure(go.Heatmap(
        z=grid.to_numpy() * 100, x=grid.columns, y=grid.index, colorscale="Cividis",
        zmin=0, zmax=100, colorbar={"title": {"text": "likelihood (%)"}},
    ))
    return _layout(fig, f"Likelihood by {FACTOR_BY_NAME[x_factor].label.lower()} and"
                        f" {FACTOR_BY_NAME[y_factor].label.lower()}",
                   _axis_label(x_factor), _axis_label(y_factor))


def heatmap_summary(x_factor: str, x_values, y_factor: str, y_values,
                    base: Scenario | None = None) -> str:
    grid = heatmap_grid(x_factor, x_values, y_factor, y_values, base)
    low = grid.stack().idxmin()
    high = grid.stack().idxmax()
    return (f"Lowest likelihood {grid.to_numpy().min():.0%} at {y_factor}={low[0]:g},"
            f" {x_factor}={low[1]:g}; highest {grid.to_numpy().max():.0%} at"
            f" {y_factor}={high[0]:g}, {x_factor}={high[1]:g}.")


# --- diet ---------------------------------------------------------------------------

def intake_figure(intake: Intake):
    """A stacked bar of the day's foods against the RDA line."""
    go = _go()
    fig = go.Figure()
    for i, row in enumerate(intake.items.itertuples()):
        fig.add_trace(go.Bar(x=["today"], y=[row.mg], name=f"{row.food} × {row.servings:g}",
                             marker_color=PALETTE[i % len(PALETTE)]))
    fig.add_hline(y=intake.rda_mg, line_dash="dash", line_color=OKABE_ITO["black"],
                  annotation_text=f"RDA {intake.rda_mg:.0f} mg")
    fig.update_layout(barmode="stack")
    return _layout(fig, f"Magnesium from food: {intake.total_mg:.0f} mg of {intake.rda_mg:.0f} mg",
                   "", "magnesium (mg/day)")


def foods_figure(foods: pd.DataFrame, top: int = 15):
    """The richest food sources of magnesium per serving, coloured by food group."""
    go = _go()
    data = foods.nlargest(top, "mg_per_serving").iloc[::-1]
    fig = go.Figure()
    for i, (group, rows) in enumerate(data.groupby("food_group", sort=True)):
        fig.add_trace(go.Bar(x=rows["mg_per_serving"],
                             y=rows["food"] + " (" + rows["serving"] + ")",
                             orientation="h", name=group,
                             marker_color=PALETTE[i % len(PALETTE)]))
    fig.update_yaxes(categoryorder="array",
                     categoryarray=(data["food"] + " (" + data["serving"] + ")").tolist())
    return _layout(fig, f"The {top} richest sources of magnesium per serving",
                   "magnesium (mg per serving)", "food", height=520)


def causes_by_mechanism_summary(causes: pd.DataFrame) -> str:
    """One line describing :func:`causes_by_mechanism_figure`."""
    from .knowledge import mechanisms

    counts = causes.explode("mechanism")["mechanism"].value_counts()
    name = mechanisms().set_index("mechanism")["name"][counts.index[0]]
    return (f"{len(causes)} causes use {len(counts)} mechanisms; the most shared is"
            f" {name.lower()} ({counts.iloc[0]} causes).")


def causes_effect_summary(causes: pd.DataFrame) -> str:
    """One line describing :func:`causes_effect_figure`."""
    from .knowledge import cause_scenario

    effects = {n: assess(cause_scenario(c)).likelihood
               for n, c in zip(causes["name"], causes["cause"])}
    top, low = max(effects, key=effects.get), min(effects, key=effects.get)
    return (f"Alone, every cause raises the likelihood above the healthy"
            f" {assess(HEALTHY).likelihood:.0%}: most {top} ({effects[top]:.0%}), least"
            f" {low} ({effects[low]:.0%}).")


def foods_summary(foods: pd.DataFrame, top: int = 15) -> str:
    """One line describing :func:`foods_figure`."""
    data = foods.nlargest(top, "mg_per_serving")
    first = data.iloc[0]
    return (f"Of the {top} richest foods, {first.food.lower()} lead with"
            f" {first.mg_per_serving:g} mg per {first.serving};"
            f" {(data.food_group == 'nuts and seeds').sum()} are nuts and seeds.")


# --- inside the nerve -------------------------------------------------------------

def nerve_trace_series(trace, every: int = 8) -> dict[str, np.ndarray]:
    """Time, voltage and force thinned for drawing: one point in ``every`` (0.2 ms at the default step).

    A spike lasts about 2 ms, so every spike stays visible while the chart stays light
    enough for a slider and a notebook.
    """
    # Single precision is far finer than a screen pixel and halves what is sent.
    return {"time_ms": trace.time_ms[::every],
            "voltage_mv": trace.voltage_mv[::every].astype(np.float32),
            "twitch_force": trace.twitch_force()[::every].astype(np.float32)}


def nerve_trace_figure(trace):
    """Voltage (top) and muscle twitch force (bottom) of one :class:`~twitchlib.nerve.NerveTrace`."""
    from plotly.subplots import make_subplots

    go = _go()
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08,
                        row_heights=[0.6, 0.4])
    series = nerve_trace_series(trace)
    # Evenly spaced times travel as a start and a step, not as an array.
    time = {"x0": 0.0, "dx": float(series["time_ms"][1] - series["time_ms"][0])}
    fig.add_trace(go.Scatter(**time, y=series["voltage_mv"], mode="lines",
                             name="membrane voltage",
                             line={"color": OKABE_ITO["blue"], "width": 2}), row=1, col=1)
    fig.add_trace(go.Scatter(**time, y=series["twitch_force"], mode="lines",
                             name="twitch force", fill="tozeroy",
                             line={"color": OKABE_ITO["vermillion"], "width": 2}),
                  row=2, col=1)
    if trace.delay_ms > 0:
        fig.add_vline(x=trace.delay_ms, line={"dash": "dot", "color": OKABE_ITO["grey"]})
    fig.update_yaxes(title_text="voltage (mV)", range=[-90, 60], row=1, col=1)
    fig.update_yaxes(title_text="force (twitches)", rangemode="tozero", row=2, col=1)
    fig.update_xaxes(title_text="time (ms)", row=2, col=1)
    fig.update_layout(showlegend=False)
    return _layout(fig, nerve_trace_title(trace), height=520)


def nerve_trace_title(trace) -> str:
    """The trace chart's title: conditions and what the nerve did."""
    return (f"Ca {trace.calcium_mmol_l:.2f}, Mg {trace.magnesium_mmol_l:.2f} mmol/L,"
            f" {trace.current_ua_cm2:g} µA/cm²: {trace.spike_count} spike"
            f"{'' if trace.spike_count == 1 else 's'}, gates shifted"
            f" {trace.gating_shift_mv:+.1f} mV")


def fi_curve_data(currents, conditions: dict[str, tuple[float, float]],
                  duration_ms: float = 500.0) -> pd.DataFrame:
    """Steady firing rate against current for named (calcium, magnesium) conditions.

    All curves are integrated in one pass of :func:`twitchlib.nerve.sweep`.
    """
    from . import nerve

    currents = np.asarray(currents, dtype=float)
    names = list(conditions)
    calcium = np.repeat([conditions[n][0] for n in names], currents.size)
    magnesium = np.repeat([conditions[n][1] for n in names], currents.size)
    table = nerve.sweep(np.tile(currents, len(names)), duration_ms,
                        calcium_mmol_l=calcium, magnesium_mmol_l=magnesium)
    table.insert(0, "condition", np.repeat(names, currents.size))
    return table.drop(columns="spike_times_ms")


def fi_curve_figure(data: pd.DataFrame):
    """f–I curves: one line per condition of :func:`fi_curve_data`."""
    go = _go()
    fig = go.Figure()
    for i, (name, rows) in enumerate(data.groupby("condition", sort=False)):
        fig.add_trace(go.Scatter(x=rows.current_ua_cm2, y=rows.firing_rate_hz,
                                 mode="lines+markers", name=name,
                                 line={"color": PALETTE[i % len(PALETTE)], "width": 3,
                                       "dash": ["solid", "dash", "dot"][i % 3]}))
    return _layout(fig, "Firing rate against stimulus current",
                   "stimulus current (µA/cm²)", "steady firing rate (Hz)")


def fi_curve_summary(data: pd.DataFrame) -> str:
    """Where each f–I curve starts firing steadily."""
    parts = []
    for name, rows in data.groupby("condition", sort=False):
        firing = rows[rows.firing_rate_hz > 0]
        start = (f"from {firing.current_ua_cm2.min():g} µA/cm²" if len(firing)
                 else "not at all in this range")
        parts.append(f"{name} fires steadily {start}")
    return "; ".join(parts) + "."


def spontaneous_map_data(calcium_values, magnesium_values) -> pd.DataFrame:
    """For a grid of calcium and magnesium: the gating shift and whether the membrane fires on its own."""
    from . import nerve

    ca, mg = np.meshgrid(np.asarray(calcium_values, float), np.asarray(magnesium_values, float))
    return pd.DataFrame({
        "calcium_mmol_l": ca.ravel(), "magnesium_mmol_l": mg.ravel(),
        "gating_shift_mv": nerve.gating_shift_mv(ca.ravel(), mg.ravel()),
        "fires_spontaneously": nerve.fires_spontaneously(ca.ravel(), mg.ravel()),
    })


def spontaneous_map_figure(grid: pd.DataFrame):
    """Map of spontaneous firing over (magnesium, calcium), normal ranges boxed."""
    from .knowledge import serum_ranges

    go = _go()
    table = grid.pivot(index="calcium_mmol_l", columns="magnesium_mmol_l",
                       values="fires_spontaneously").astype(int)
    shift = grid.pivot(index="calcium_mmol_l", columns="magnesium_mmol_l",
                       values="gating_shift_mv")
    fig = go.Figure(go.Heatmap(
        x=table.columns, y=table.index, z=table.to_numpy(), zmin=0, zmax=1,
        colorscale=[[0, OKABE_ITO["sky_blue"]], [0.5, OKABE_ITO["sky_blue"]],
                    [0.5, OKABE_ITO["vermillion"]], [1, OKABE_ITO["vermillion"]]],
        customdata=shift.to_numpy(),
        hovertemplate=("Mg %{x:.2f}, Ca %{y:.2f} mmol/L<br>gates shifted %{customdata:+.1f} mV"
                       "<extra></extra>"),
        colorbar={"tickvals": [0.25, 0.75], "ticktext": ["quiet at rest", "fires on its own"],
                  "title": {"text": ""}},
    ))
    ranges = serum_ranges().set_index("quantity")
    fig.add_shape(type="rect", x0=ranges.loc["serum_magnesium", "normal_low"],
                  x1=ranges.loc["serum_magnesium", "normal_high"],
                  y0=ranges.loc["ionized_calcium", "normal_low"],
                  y1=ranges.loc["ionized_calcium", "normal_high"],
                  line={"color": OKABE_ITO["black"], "width": 3})
    fig.add_annotation(x=ranges.loc["serum_magnesium", "normal_high"],
                       y=ranges.loc["ionized_calcium", "normal_high"], text="normal",
                       showarrow=False, xanchor="left", yanchor="bottom")
    return _layout(fig, "Where the membrane fires with no stimulus",
                   "magnesium outside the cell (mmol/L)",
                   "ionized calcium outside the cell (mmol/L)", height=460)


def spontaneous_map_summary(grid: pd.DataFrame) -> str:
    """How much of the map fires on its own, and from which gating shift."""
    from .knowledge import serum_ranges

    firing = grid[grid.fires_spontaneously]
    quiet = grid[~grid.fires_spontaneously]
    if firing.empty:
        return "Nowhere on this map does the membrane fire on its own."
    text = f"The membrane fires on its own in {len(firing)} of {len(grid)} conditions"
    if quiet.empty or firing.gating_shift_mv.max() < quiet.gating_shift_mv.min():
        text += (f", exactly those whose gates are shifted by"
                 f" {firing.gating_shift_mv.max():+.1f} mV or further negative")
    ranges = serum_ranges().set_index("quantity")
    inside = firing[firing.magnesium_mmol_l.between(*ranges.loc["serum_magnesium",
                                                                ["normal_low", "normal_high"]])
                    & firing.calcium_mmol_l.between(*ranges.loc["ionized_calcium",
                                                                ["normal_low", "normal_high"]])]
    text += (", none of them inside the normal ranges." if inside.empty
             else f", {len(inside)} of them inside the normal ranges.")
    return text
