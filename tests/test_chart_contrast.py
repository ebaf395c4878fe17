"""Text in every chart twitchlib draws is readable: WCAG AA contrast (4.5:1).

axe-core checks the text of the pages; the charts' text is SVG drawn by plotly from
each figure's JSON, so it is checked here, figure by figure, from the colours the
figure names (or plotly's template gives) against what the text sits on: a label's own
box colour, otherwise the plot's background.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

import twitchlib as tl
from twitchlib import charts, diet, knowledge, nerve

AA = 4.5


def _rgb(colour: str) -> tuple[float, float, float]:
    colour = colour.strip()
    if colour.startswith("#"):
        digits = colour[1:]
        if len(digits) == 3:
            digits = "".join(d * 2 for d in digits)
        return tuple(int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4))
    if colour.startswith("rgb"):
        parts = colour[colour.index("(") + 1 : colour.index(")")].split(",")
        return tuple(float(p) / 255 for p in parts[:3])
    names = {"white": (1.0, 1.0, 1.0), "black": (0.0, 0.0, 0.0)}
    return names[colour]


def _luminance(colour: str) -> float:
    def linear(c):
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(text: str, background: str) -> float:
    """WCAG contrast ratio of two colours.

    >>> round(contrast("#000000", "#FFFFFF"), 1)
    21.0
    """
    lighter, darker = sorted((_luminance(text), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _texts(spec: dict) -> list[tuple[str, str, str]]:
    """(what, text colour, background colour) for every text a figure shows."""
    layout = spec["layout"]
    template = layout.get("template", {}).get("layout", {})
    default = layout.get("font", {}).get("color") or template.get("font", {}).get(
        "color", "#444"
    )
    paper = layout.get("paper_bgcolor") or template.get("paper_bgcolor", "white")
    plot = layout.get("plot_bgcolor") or template.get("plot_bgcolor", "white")
    found = [
        ("title", layout.get("title", {}).get("font", {}).get("color", default), paper)
    ]
    for key, axis in layout.items():
        if key.startswith(("xaxis", "yaxis")):
            found.append(
                (f"{key} labels", axis.get("tickfont", {}).get("color", default), paper)
            )
    found.append(
        (
            "legend",
            layout.get("legend", {}).get("font", {}).get("color", default),
            paper,
        )
    )
    for i, note in enumerate(layout.get("annotations", [])):
        box = note.get("bgcolor")
        under = box if box and box not in ("rgba(0,0,0,0)", "transparent") else plot
        found.append(
            (
                f"annotation {i} {note.get('text', '')[:30]!r}",
                note.get("font", {}).get("color", default),
                under,
            )
        )
    for i, trace in enumerate(spec["data"]):
        if "text" in trace and "text" in str(trace.get("mode", "text")):
            found.append(
                (
                    f"trace {i} text",
                    trace.get("textfont", {}).get("color", default),
                    plot,
                )
            )
        bar = trace.get("colorbar")
        if bar is not None:
            found.append(
                (
                    f"trace {i} colour bar",
                    bar.get("tickfont", {}).get("color", default),
                    paper,
                )
            )
    return found


def _figures():
    causes = knowledge.causes()
    a = tl.assess(tl.Scenario(serum_magnesium=0.5, caffeine_mg_per_day=400))
    small = charts.fi_curve_data(
        [5.0, 20.0], {"normal": (1.235, 0.85)}, duration_ms=100.0
    )
    grid = charts.spontaneous_map_data(np.array([0.6, 1.2]), np.array([0.2, 0.8]))
    return {
        "causal graph": charts.CausalGraphChart().figure(),
        "causal graph, magnesium down": charts.CausalGraphChart(
            tl.propagate({"magnesium": "down"})
        ).figure(),
        "causes by mechanism": charts.CausesByMechanismChart(causes).figure(),
        "causes' effect": charts.CausesEffectChart(causes).figure(),
        "waterfall": charts.WaterfallChart(a).figure(),
        "logistic curve": charts.LogisticChart(a).figure(),
        "sweep": charts.SweepChart("caffeine_mg_per_day", [0, 500, 1000]).figure(),
        "heatmap": charts.HeatmapChart(
            "caffeine_mg_per_day", [0, 500], "serum_magnesium", [0.5, 0.9]
        ).figure(),
        "heatmap with emergency readings": charts.HeatmapChart(
            "caffeine_mg_per_day", [0, 500], "serum_magnesium", [0.3, 0.9]
        ).figure(),
        "foods": charts.FoodsChart(diet.foods()).figure(),
        "intake": charts.IntakeChart(
            diet.daily_intake({"Chia seeds": 1}, 30, "female")
        ).figure(),
        "nerve trace": charts.NerveTraceChart(nerve.simulate(10.0, 50.0)).figure(),
        "firing-rate curves": charts.FiCurveChart(small).figure(),
        "spontaneous map": charts.SpontaneousMapChart(grid).figure(),
    }


FIGURES = _figures()


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_every_text_in_the_chart_passes_wcag_aa(name):
    spec = json.loads(FIGURES[name].to_json())
    texts = _texts(spec)
    assert texts, "no text found: the check would prove nothing"
    low = [
        (what, fg, bg, round(contrast(fg, bg), 2))
        for what, fg, bg in texts
        if contrast(fg, bg) < AA
    ]
    assert low == [], low


def test_the_check_finds_a_pale_label():
    figure = charts.LogisticChart().figure()
    figure.add_annotation(
        x=0, y=10, text="pale", font={"color": "#BBBBBB"}, showarrow=False
    )
    texts = _texts(json.loads(figure.to_json()))
    assert any(contrast(fg, bg) < AA for what, fg, bg in texts if "pale" in what)
