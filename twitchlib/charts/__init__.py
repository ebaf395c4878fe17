"""Charts for the lessons: one object per chart, knowing its figure, title and summary.

Each chart class takes what it shows (an assessment, a table, a nerve trace) and
gives a plotly figure with a title, axis labels with units and the Okabe-Ito
colour-blind-safe palette (:meth:`figure`), its title (:meth:`title`) and one line
of text saying what it shows (:meth:`summary`, for screen readers and for nbval to
compare). Charts that follow a slider also have :meth:`update`, which returns the
minimal :class:`Patch`. Show one in a lesson with ``twitchlib.ui.chart(chart)``.
plotly is imported only when a figure is first built.

>>> import twitchlib as tl
>>> chart = WaterfallChart(tl.assess(tl.Scenario(caffeine_mg_per_day=600)))
>>> isinstance(chart, Chart), chart.summary().startswith("Likelihood 14%")
(True, True)
"""

from .base import Chart, Patch, redrawn
from .food import FoodsChart, IntakeChart
from .graph import CausalGraphChart
from .heatmap import HeatmapChart, heatmap_grid
from .nerve import (
    FiCurveChart,
    NerveTraceChart,
    SpontaneousMapChart,
    fi_curve_data,
    spontaneous_map_data,
)
from .style import DIRECTION_COLOURS, DIRECTION_FILLS, OKABE_ITO, PALETTE
from .twitch import (
    CausesByMechanismChart,
    CausesEffectChart,
    LogisticChart,
    ScenarioSweepChart,
    SweepChart,
    WaterfallChart,
)

__all__ = [
    "DIRECTION_COLOURS",
    "DIRECTION_FILLS",
    "OKABE_ITO",
    "PALETTE",
    "CausalGraphChart",
    "CausesByMechanismChart",
    "CausesEffectChart",
    "Chart",
    "FiCurveChart",
    "FoodsChart",
    "HeatmapChart",
    "IntakeChart",
    "LogisticChart",
    "NerveTraceChart",
    "Patch",
    "ScenarioSweepChart",
    "SpontaneousMapChart",
    "SweepChart",
    "WaterfallChart",
    "fi_curve_data",
    "heatmap_grid",
    "redrawn",
    "spontaneous_map_data",
]
