"""The look every chart shares: the Okabe-Ito palette, titles, axis labels in words.

>>> PALETTE[0], OKABE_ITO["vermillion"]
('#0072B2', '#D55E00')
>>> axis_label("caffeine_mg_per_day")
'Caffeine (mg/day)'
"""

from __future__ import annotations

from ..qualitative import Direction
from ..scenario import FACTOR_BY_NAME

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
# Node fills: light tints so that black text on them passes WCAG AA; the arrow in the
# label repeats the direction for readers who do not see colour.
DIRECTION_FILLS = {
    Direction.UP: "#FBD9C2",
    Direction.DOWN: "#CDE5F5",
    Direction.UNCHANGED: "#FFFFFF",
    Direction.AMBIGUOUS: "#F3DDEB",
}


def graph_objects():
    """``plotly.graph_objects``, imported on first use (plotly is slow to import)."""
    import plotly.graph_objects as go

    return go


def styled(
    fig,
    title: str,
    x_title: str | None = None,
    y_title: str | None = None,
    height: int = 420,
):
    """Give a figure the shared look: its title, ``height`` in pixels, palette and axis titles."""
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


def axis_label(factor: str) -> str:
    """A factor's label with its unit, for an axis."""
    spec = FACTOR_BY_NAME[factor]
    return f"{spec.label} ({spec.unit})"


def value_words(factor: str, value: float) -> str:
    """``serum magnesium 0.75 mmol/L``: a factor's label, value and unit in words.

    >>> value_words("serum_magnesium", 0.75), value_words("at_rest", True)
    ('serum magnesium 0.75 mmol/L', 'at rest: yes')
    """
    spec = FACTOR_BY_NAME[factor]
    if spec.is_switch:
        return f"{spec.label.lower()}: {'yes' if value else 'no'}"
    unit = "out of 10" if spec.unit.startswith("points") else spec.unit
    return f"{spec.label.lower()} {value:g} {unit}"
