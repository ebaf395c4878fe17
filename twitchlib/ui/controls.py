"""Controls with a visible label that is also their accessible name.

>>> caffeine = labelled_slider("Caffeine (mg/day)", "mg/day", 0, 0, 1500, 50)
>>> caffeine.value = 2000
>>> caffeine.value, caffeine.decimals
(1500.0, 0)
"""

from __future__ import annotations

import anywidget
import ipywidgets
import traitlets

from ..scenario import factor
from .assets import FOLDER

# ipywidgets' descriptions are cut at a fixed width unless told to take what they need.
STYLE = {"description_width": "initial"}


class LabelledSlider(anywidget.AnyWidget):
    """A slider whose visible label is also its accessible name.

    A native ``<input type="range">`` with a ``<label>``: screen readers announce
    the label and the value with its unit, and the arrow keys move it by one step.
    Use it like an ipywidgets slider: ``value``, ``min``, ``max``, ``step``,
    ``description`` and ``observe(..., names="value")``.
    """

    _esm = FOLDER / "slider.js"
    _css = FOLDER / "slider.css"
    value = traitlets.Float(0.0).tag(sync=True)
    min = traitlets.Float(0.0).tag(sync=True)
    max = traitlets.Float(1.0).tag(sync=True)
    step = traitlets.Float(0.1).tag(sync=True)
    decimals = traitlets.Int(2).tag(sync=True)
    description = traitlets.Unicode("").tag(sync=True)
    unit = traitlets.Unicode("").tag(sync=True)

    @traitlets.validate("value")
    def _clamp(self, proposal):
        # A browser's range input may send 0.30000000000000004 for 0.3.
        return round(min(max(float(proposal["value"]), self.min), self.max), 10)


def labelled_slider(
    description: str,
    unit: str,
    value: float,
    minimum: float,
    maximum: float,
    step: float,
    decimals: int | None = None,
) -> LabelledSlider:
    """A labelled, keyboard-operable slider (see :class:`LabelledSlider`); ``description`` names the unit.

    Values outside ``minimum``–``maximum`` are clamped to the range, as a slider
    would. ``decimals`` (default: those of ``step``) is how the value is shown.
    """
    if decimals is None:
        decimals = (
            0
            if float(step).is_integer()
            else max(1, len(repr(float(step)).split(".")[1]))
        )
    return LabelledSlider(
        value=value,
        min=minimum,
        max=maximum,
        step=step,
        decimals=decimals,
        description=description,
        unit=unit,
    )


# Slider steps by unit: fine enough to reach every range a lesson talks about.
_STEPS = {"mmol/L": 0.01, "mg/day": 50.0, "% of body mass lost": 0.5}


def factor_control(name: str):
    """A labelled slider or checkbox for one scenario factor, with its unit.

    >>> factor_control("serum_magnesium").description
    'Serum magnesium (mmol/L)'
    """
    spec = factor(name)
    if spec.is_switch:
        return ipywidgets.Checkbox(
            value=spec.default, description=spec.label, indent=False, style=STYLE
        )
    return labelled_slider(
        f"{spec.label} ({spec.unit})",
        spec.unit,
        spec.default,
        spec.minimum,
        spec.maximum,
        _STEPS.get(spec.unit, 0.5),
    )
