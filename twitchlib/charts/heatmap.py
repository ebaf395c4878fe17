"""The heatmap: the likelihood over two factors, emergency readings marked and named.

>>> chart = HeatmapChart("caffeine_mg_per_day", [0, 1500], "stress", [0, 10])
>>> chart.summary().startswith("Lowest likelihood")
True
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..likelihood import (
    assess,
)
from ..scenario import FACTOR_BY_NAME, HEALTHY, Scenario
from .style import axis_label, graph_objects, styled, value_words


def heatmap_grid(
    x_factor: str, x_values, y_factor: str, y_values, base: Scenario | None = None
) -> pd.DataFrame:
    """Likelihood (0–1) on a grid of two factors (rows: y values, columns: x values).

    >>> heatmap_grid("caffeine_mg_per_day", [0, 600], "stress", [0, 8]).shape
    (2, 2)
    """
    base = base or HEALTHY
    xx, yy = np.meshgrid(np.asarray(x_values, float), np.asarray(y_values, float))
    frame = pd.DataFrame({k: [v] * xx.size for k, v in base.to_dict().items()})
    frame[x_factor] = xx.ravel()
    frame[y_factor] = yy.ravel()
    result = assess(frame)
    return pd.DataFrame(
        result["likelihood"].to_numpy().reshape(xx.shape),
        index=pd.Index(np.asarray(y_values, float), name=y_factor),
        columns=pd.Index(np.asarray(x_values, float), name=x_factor),
    )


def _emergency_grid(
    x_factor: str, x_values, y_factor: str, y_values, base: Scenario | None = None
) -> pd.DataFrame:
    """The emergency reached in each cell of :func:`heatmap_grid`, in words ("" for none)."""
    base = base or HEALTHY
    xx, yy = np.meshgrid(np.asarray(x_values, float), np.asarray(y_values, float))
    frame = pd.DataFrame({k: [v] * xx.size for k, v in base.to_dict().items()})
    frame[x_factor] = xx.ravel()
    frame[y_factor] = yy.ravel()
    names = assess(frame)["emergency"].fillna("").astype(str).to_numpy()
    return pd.DataFrame(
        names.reshape(xx.shape),
        index=pd.Index(np.asarray(y_values, float), name=y_factor),
        columns=pd.Index(np.asarray(x_values, float), name=x_factor),
    )


class HeatmapChart:
    """A two-factor heatmap of the likelihood, e.g. caffeine × magnesium.

    >>> chart = HeatmapChart("caffeine_mg_per_day", [0, 500], "serum_magnesium", [0.4, 0.8])
    >>> chart.summary().startswith("Lowest likelihood")
    True
    """

    def __init__(
        self,
        x_factor: str,
        x_values,
        y_factor: str,
        y_values,
        base: Scenario | None = None,
    ):
        self.x_factor, self.y_factor = x_factor, y_factor
        self.grid = heatmap_grid(x_factor, x_values, y_factor, y_values, base)
        self.emergencies = _emergency_grid(x_factor, x_values, y_factor, y_values, base)

    def title(self) -> str:
        return (
            f"Likelihood by {FACTOR_BY_NAME[self.x_factor].label.lower()} and"
            f" {FACTOR_BY_NAME[self.y_factor].label.lower()}"
        )

    def figure(self):
        go = graph_objects()
        grid = self.grid
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
        # Emergency readings are marked on the map and named in the legend: there the
        # advice is urgent medical help, whatever the likelihood.
        hits = self.emergencies.stack()
        hits = hits[hits != ""]
        if len(hits):
            fig.add_scatter(
                x=[x for _, x in hits.index],
                y=[y for y, _ in hits.index],
                mode="markers",
                marker={
                    "symbol": "x-thin",
                    "size": 9,
                    "line": {"width": 2, "color": "#1A1A1A"},
                },
                showlegend=True,
                name="emergency reading: get urgent medical help",
                hovertext=list(hits.values),
                hoverinfo="text",
            )
        styled(fig, self.title(), axis_label(self.x_factor), axis_label(self.y_factor))
        if len(hits):  # the legend under the axis title, with room for both
            fig.update_layout(
                showlegend=True,
                legend={"orientation": "h", "y": -0.22, "x": 0, "yanchor": "top"},
                margin={"b": 110},
                height=470,
            )
        return fig

    def summary(self) -> str:
        """The lowest and the highest likelihood, and where, in words with units."""
        grid = self.grid
        low = grid.stack().idxmin()
        high = grid.stack().idxmax()

        def where(point) -> str:
            return (
                f"{value_words(self.y_factor, point[0])} and"
                f" {value_words(self.x_factor, point[1])}"
            )

        text = (
            f"Lowest likelihood {grid.to_numpy().min():.0%} with {where(low)};"
            f" highest {grid.to_numpy().max():.0%} with {where(high)}"
        )
        emergency = self.emergencies.stack()
        if emergency[high]:
            text += f", an emergency reading ({emergency[high]})"
        hits = emergency[emergency != ""]
        if len(hits):
            names = ", ".join(sorted(set(hits)))
            text += (
                f". {len(hits)} of {len(emergency)} conditions are emergency readings"
                f" ({names}): get urgent medical help there, whatever the likelihood"
            )
        return text + "."
