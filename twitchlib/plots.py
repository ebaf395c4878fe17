"""Deprecated: the charts are objects in :mod:`twitchlib.charts`.

The old functions are kept so that old notebooks still run, with a
``DeprecationWarning`` on import: ``waterfall_figure(a)`` is
``charts.WaterfallChart(a).figure()``, ``waterfall_summary(a)`` its ``.summary()``,
``waterfall_title(a)`` its ``.title()``, ``waterfall_data(a)`` its ``.data()``; and so
on for every chart.
"""

from __future__ import annotations

import warnings

from .charts import (
    DIRECTION_COLOURS,
    DIRECTION_FILLS,
    OKABE_ITO,
    PALETTE,
    CausalGraphChart,
    CausesByMechanismChart,
    CausesEffectChart,
    FiCurveChart,
    FoodsChart,
    HeatmapChart,
    IntakeChart,
    LogisticChart,
    NerveTraceChart,
    SpontaneousMapChart,
    SweepChart,
    WaterfallChart,
    fi_curve_data,
    heatmap_grid,
    spontaneous_map_data,
)
from .likelihood import sweep

warnings.warn(
    "twitchlib.plots is deprecated: use the chart objects of twitchlib.charts"
    " (e.g. charts.WaterfallChart(assessment).figure() and .summary())",
    DeprecationWarning,
    stacklevel=2,
)

__all__ = [
    "DIRECTION_COLOURS",
    "DIRECTION_FILLS",
    "OKABE_ITO",
    "PALETTE",
    "fi_curve_data",
    "heatmap_grid",
    "spontaneous_map_data",
    "sweep",
]


def causal_graph_figure(propagation=None, highlight=None):
    return CausalGraphChart(propagation, highlight).figure()


def causal_graph_summary(propagation=None):
    return CausalGraphChart(propagation).summary()


def causes_by_mechanism_figure(causes):
    return CausesByMechanismChart(causes).figure()


def causes_by_mechanism_summary(causes):
    return CausesByMechanismChart(causes).summary()


def causes_effect_figure(causes):
    return CausesEffectChart(causes).figure()


def causes_effect_summary(causes):
    return CausesEffectChart(causes).summary()


def waterfall_data(assessment):
    return WaterfallChart(assessment).data()


def waterfall_figure(assessment):
    return WaterfallChart(assessment).figure()


def waterfall_title(assessment):
    return WaterfallChart(assessment).title()


def waterfall_summary(assessment):
    return WaterfallChart(assessment).summary()


def logistic_figure(assessment=None):
    return LogisticChart(assessment).figure()


def logistic_summary(assessment=None):
    return LogisticChart(assessment).summary()


def sweep_figure(factor, values, bases=None):
    return SweepChart(factor, values, bases).figure()


def sweep_summary(factor, values, base=None):
    return SweepChart(factor, values, base).summary()


def heatmap_figure(x_factor, x_values, y_factor, y_values, base=None):
    return HeatmapChart(x_factor, x_values, y_factor, y_values, base).figure()


def heatmap_summary(x_factor, x_values, y_factor, y_values, base=None):
    return HeatmapChart(x_factor, x_values, y_factor, y_values, base).summary()


def intake_figure(intake):
    return IntakeChart(intake).figure()


def foods_figure(foods, top=15):
    return FoodsChart(foods, top).figure()


def foods_summary(foods, top=15):
    return FoodsChart(foods, top).summary()


def nerve_trace_series(trace, every=8):
    return NerveTraceChart(trace).series(every)


def nerve_trace_figure(trace):
    return NerveTraceChart(trace).figure()


def nerve_trace_title(trace):
    return NerveTraceChart(trace).title()


def fi_curve_figure(data):
    return FiCurveChart(data).figure()


def fi_curve_summary(data):
    return FiCurveChart(data).summary()


def spontaneous_map_figure(grid):
    return SpontaneousMapChart(grid).figure()


def spontaneous_map_summary(grid):
    return SpontaneousMapChart(grid).summary()
