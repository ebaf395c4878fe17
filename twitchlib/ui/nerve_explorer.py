"""Inside the nerve: calcium, magnesium and a stimulus → voltage trace and twitch force.

The controls are the nerve model's own inputs (:data:`twitchlib.nerve.LIMITS`): their
names, labels, units and defaults come from there; this app chooses only which to
show, over which classroom range, and by which step.

>>> app = NerveExplorer(build=False)
>>> app.set(ionized_calcium=0.6, serum_magnesium=0.2, current_ua_cm2=0.0).gating_shift_mv < -7
True
>>> app.fires_on_its_own
True
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w
from IPython.display import display

from .. import nerve
from ..charts import NerveTraceChart
from ..knowledge import serum_ranges
from .chart import chart
from .controls import labelled_slider
from .text import DISCLAIMER_HTML


class NerveExplorer:
    """Sliders for calcium, magnesium and the stimulus; a 200 ms voltage trace and twitch.

    Each change re-simulates 200 ms of membrane (a current step switched on at 20 ms)
    with :func:`twitchlib.nerve.simulate` and redraws the chart in one update.
    ``build=False`` makes no widgets; ``start`` sets starting values by name.
    """

    DURATION_MS = 200.0
    DELAY_MS = 20.0
    STIMULUS_UA_CM2 = 3.0
    # The nerve model's input name → (slider minimum, maximum, step) for a classroom,
    # and the serum range it is compared with. The model accepts wider ranges.
    SHOWN = {
        "ionized_calcium": (0.4, 2.0, 0.005),
        "serum_magnesium": (0.0, 2.0, 0.05),
        "current_ua_cm2": (0.0, 20.0, 0.25),
    }
    SERUM = {"ionized_calcium": "ionized_calcium", "serum_magnesium": "serum_magnesium"}

    def __init__(self, build: bool = True, **start: float):
        self.factors = {name: nerve.LIMITS[name] for name in self.SHOWN}
        self.values = self.defaults()
        self.controls: dict[str, Any] = {}
        self.view = None
        self._quiet = False
        self.set(**start)
        if build:
            self._build()

    @property
    def units(self) -> dict[str, str]:
        """Each control's unit, from the nerve model."""
        return {name: spec.unit for name, spec in self.factors.items()}

    def defaults(self) -> dict[str, float]:
        """The starting values: the model's reference calcium and magnesium, a 3 µA/cm² stimulus."""
        values = {name: float(spec.default) for name, spec in self.factors.items()}
        values["current_ua_cm2"] = self.STIMULUS_UA_CM2
        return values

    def set(self, **values: float):
        """Change calcium, magnesium or current (checked, with units) and update every view."""
        for name in values:
            if name not in self.factors:
                raise TypeError(
                    f"unknown control {name!r}; choose from {', '.join(self.factors)}"
                )
        self.values = {**self.values, **values}
        self.trace = nerve.simulate(
            self.values["current_ua_cm2"],
            self.DURATION_MS,
            ionized_calcium=self.values["ionized_calcium"],
            serum_magnesium=self.values["serum_magnesium"],
            delay_ms=self.DELAY_MS,
        )
        self.fires_on_its_own = bool(
            nerve.fires_spontaneously(
                self.values["ionized_calcium"], self.values["serum_magnesium"]
            )
        )
        if self.view is not None:
            self._refresh()
        return self.trace

    def reset(self):
        """Back to the starting values, with one update."""
        self._quiet = True
        try:
            for name, control in self.controls.items():
                control.value = self.defaults()[name]
        finally:
            self._quiet = False
        self.set(**self.defaults())
        return self

    def band_text(self, name: str) -> str:
        """Where a concentration sits against its normal serum range, in words."""
        quantity = self.SERUM.get(name)
        if quantity is None:
            return ""
        spec = self.factors[name]
        ranges = serum_ranges().set_index("quantity").loc[quantity]
        value = self.values[name]
        where = (
            "below normal"
            if value < ranges.normal_low
            else "above normal"
            if value > ranges.normal_high
            else "normal"
        )
        what = spec.description[:1].upper() + spec.description[1:]
        return (
            f"{what}: {value:.2f} {spec.unit}, <b>{where}</b>"
            f" (normal {ranges.normal_low:g}–{ranges.normal_high:g} {spec.unit})"
        )

    def _build(self) -> None:
        self.bands = {}
        rows = []
        for name, (low, high, step) in self.SHOWN.items():
            spec = self.factors[name]
            slider = labelled_slider(
                f"{spec.label} ({spec.unit})",
                spec.unit,
                self.values[name],
                low,
                high,
                step,
            )
            slider.observe(self._on_change, names="value")
            self.controls[name] = slider
            rows.append(slider)
            if name in self.SERUM:
                self.bands[name] = w.HTML()
                rows.append(self.bands[name])
        self.headline = w.HTML()
        self.figure = chart(NerveTraceChart(self.trace))
        self.view = w.VBox([w.HTML(DISCLAIMER_HTML), *rows, self.headline, self.figure])
        self._refresh(figures=False)  # the figure was built from the current trace

    def _on_change(self, change) -> None:
        if not self._quiet:
            self.set(**{name: c.value for name, c in self.controls.items()})

    def headline_html(self) -> str:
        """Spikes in 200 ms, the gating shift (mV) and whether the nerve fires on its own."""
        t = self.trace
        own = (
            "<b>fires on its own</b> even with no stimulus"
            if self.fires_on_its_own
            else "quiet at rest"
        )
        return (
            f"<h3 class='twitchlib-headline' aria-live='polite'><span class='nerve-spikes'>"
            f"{t.spike_count}</span> spike{'' if t.spike_count == 1 else 's'} in"
            f" {self.DURATION_MS:g} ms · gates shifted <span class='nerve-shift'>"
            f"{t.gating_shift_mv:+.1f}</span> mV · {own}</h3>"
        )

    def _refresh(self, figures: bool = True) -> None:
        self.headline.value = self.headline_html()
        for name, band in self.bands.items():
            band.value = f"<p class='twitchlib-band'>{self.band_text(name)}</p>"
        if figures:
            self.figure.update(self.trace)

    def _ipython_display_(self):
        display(self.view)
