"""Charts of the nerve model: a voltage trace with its twitch, f–I curves, a map of spontaneous firing.

>>> from twitchlib import nerve
>>> chart = NerveTraceChart(nerve.simulate(10.0, 50.0))
>>> chart.title()[:34]
'Ca 1.23, Mg 0.85 mmol/L, 10 µA/cm²'
>>> sorted(chart.update(nerve.simulate(0.0, 50.0)).traces)
['force', 'voltage']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import nerve
from ..knowledge import serum_ranges
from .base import Patch
from .style import OKABE_ITO, PALETTE, graph_objects, styled


def fi_curve_data(
    currents, conditions: dict[str, tuple[float, float]], duration_ms: float = 500.0
) -> pd.DataFrame:
    """Steady firing rate against current for named (calcium, magnesium) conditions.

    All curves are integrated in one pass of :func:`twitchlib.nerve.sweep`.
    """
    currents = np.asarray(currents, dtype=float)
    names = list(conditions)
    calcium = np.repeat([conditions[n][0] for n in names], currents.size)
    magnesium = np.repeat([conditions[n][1] for n in names], currents.size)
    table = nerve.sweep(
        np.tile(currents, len(names)),
        duration_ms,
        ionized_calcium=calcium,
        serum_magnesium=magnesium,
    )
    table.insert(0, "condition", np.repeat(names, currents.size))
    return table.drop(columns="spike_times_ms")


def spontaneous_map_data(calcium_values, magnesium_values) -> pd.DataFrame:
    """For a grid of calcium and magnesium: the gating shift and whether the membrane fires on its own."""
    ca, mg = np.meshgrid(
        np.asarray(calcium_values, float), np.asarray(magnesium_values, float)
    )
    return pd.DataFrame(
        {
            "ionized_calcium": ca.ravel(),
            "serum_magnesium": mg.ravel(),
            "gating_shift_mv": nerve.gating_shift_mv(ca.ravel(), mg.ravel()),
            "fires_spontaneously": nerve.fires_spontaneously(ca.ravel(), mg.ravel()),
        }
    )


class NerveTraceChart:
    """Voltage (mV, top) and muscle twitch force (bottom) of one :class:`~twitchlib.nerve.NerveTrace`.

    Two traces, uid ``"voltage"`` and ``"force"``; :meth:`update` sends their new
    values (the times stay the same for a trace of the same length).
    """

    def __init__(self, trace):
        self.trace = trace

    def series(self, every: int = 8) -> dict[str, np.ndarray]:
        """Time, voltage and force thinned for drawing: one point in ``every`` (0.2 ms at the default step).

        A spike lasts about 2 ms, so every spike stays visible while the chart stays
        light enough for a slider and a notebook.
        """
        trace = self.trace
        # Single precision is far finer than a screen pixel and halves what is sent.
        return {
            "time_ms": trace.time_ms[::every],
            "voltage_mv": trace.voltage_mv[::every].astype(np.float32),
            "twitch_force": trace.twitch_force()[::every].astype(np.float32),
        }

    def figure(self):
        from plotly.subplots import make_subplots

        trace = self.trace
        go = graph_objects()
        fig = make_subplots(
            rows=2,
            cols=1,
            shared_xaxes=True,
            vertical_spacing=0.08,
            row_heights=[0.6, 0.4],
        )
        series = self.series()
        # Evenly spaced times travel as a start and a step, not as an array.
        time = {"x0": 0.0, "dx": float(series["time_ms"][1] - series["time_ms"][0])}
        fig.add_trace(
            go.Scatter(
                **time,
                uid="voltage",
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
                uid="force",
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
        fig.update_yaxes(
            title_text="force (twitches)", rangemode="tozero", row=2, col=1
        )
        fig.update_xaxes(title_text="time (ms)", row=2, col=1)
        fig.update_layout(showlegend=False)
        return styled(fig, self.title(), height=520)

    def title(self) -> str:
        """The conditions and what the nerve did."""
        trace = self.trace
        return (
            f"Ca {trace.ionized_calcium:.2f}, Mg {trace.serum_magnesium:.2f} mmol/L,"
            f" {trace.current_ua_cm2:g} µA/cm²: {trace.spike_count} spike"
            f"{'' if trace.spike_count == 1 else 's'}, gates shifted"
            f" {trace.gating_shift_mv:+.1f} mV"
        )

    def summary(self) -> str:
        """What the nerve did, in words (see :meth:`NerveTrace.summary`)."""
        return self.trace.summary()

    def update(self, trace) -> Patch:
        """Follow a new trace: new voltage and force, title and summary."""
        self.trace = trace
        series = self.series()
        traces = {
            "voltage": {"y": series["voltage_mv"]},
            "force": {"y": series["twitch_force"]},
        }
        return Patch(traces, self.title(), self.summary())


class FiCurveChart:
    """f–I curves: steady firing rate (Hz) against current (µA/cm²), one line per condition of :func:`fi_curve_data`."""

    def __init__(self, data: pd.DataFrame):
        self.data = data

    def title(self) -> str:
        return "Firing rate against stimulus current"

    def figure(self):
        go = graph_objects()
        fig = go.Figure()
        for i, (name, rows) in enumerate(self.data.groupby("condition", sort=False)):
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
        return styled(
            fig,
            self.title(),
            "stimulus current (µA/cm²)",
            "steady firing rate (Hz)",
        )

    def summary(self) -> str:
        """Where each f–I curve starts firing steadily."""
        parts = []
        for name, rows in self.data.groupby("condition", sort=False):
            firing = rows[rows.firing_rate_hz > 0]
            start = (
                f"from {firing.current_ua_cm2.min():g} µA/cm²"
                if len(firing)
                else "not at all in this range"
            )
            parts.append(f"{name} fires steadily {start}")
        return "; ".join(parts) + "."


class SpontaneousMapChart:
    """Map of spontaneous firing over magnesium and calcium (mmol/L), normal ranges boxed.

    ``grid`` is a table of :func:`spontaneous_map_data`.
    """

    def __init__(self, grid: pd.DataFrame):
        self.grid = grid

    def title(self) -> str:
        return "Where the membrane fires with no stimulus"

    def figure(self):
        go = graph_objects()
        table = self.grid.pivot(
            index="ionized_calcium",
            columns="serum_magnesium",
            values="fires_spontaneously",
        ).astype(int)
        shift = self.grid.pivot(
            index="ionized_calcium", columns="serum_magnesium", values="gating_shift_mv"
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
        return styled(
            fig,
            self.title(),
            "magnesium outside the cell (mmol/L)",
            "ionized calcium outside the cell (mmol/L)",
            height=460,
        )

    def summary(self) -> str:
        """How much of the map fires on its own, and from which gating shift."""
        grid = self.grid
        firing = grid[grid.fires_spontaneously]
        quiet = grid[~grid.fires_spontaneously]
        if firing.empty:
            return "Nowhere on this map does the membrane fire on its own."
        text = (
            f"The membrane fires on its own in {len(firing)} of {len(grid)} conditions"
        )
        if quiet.empty or firing.gating_shift_mv.max() < quiet.gating_shift_mv.min():
            text += (
                f", exactly those whose gates are shifted by"
                f" {firing.gating_shift_mv.max():+.1f} mV or further negative"
            )
        ranges = serum_ranges().set_index("quantity")
        inside = firing[
            firing.serum_magnesium.between(
                *ranges.loc["serum_magnesium", ["normal_low", "normal_high"]]
            )
            & firing.ionized_calcium.between(
                *ranges.loc["ionized_calcium", ["normal_low", "normal_high"]]
            )
        ]
        text += (
            ", none of them inside the normal ranges."
            if inside.empty
            else f", {len(inside)} of them inside the normal ranges."
        )
        return text
