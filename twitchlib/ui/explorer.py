"""The twitch explorer: controls → assess → waterfall, sweep curve and explanation.

The app keeps its logic in plain methods (``set``, ``apply``) so tests and
benchmarks can drive it without a browser.

>>> app = Explorer(build=False)
>>> app.set(caffeine_mg_per_day=600).likelihood > app.set(caffeine_mg_per_day=0).likelihood
True
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w
from IPython.display import display

from ..charts import ScenarioSweepChart, WaterfallChart
from ..likelihood import assess
from ..scenario import FACTORS, Scenario, factor
from .chart import chart
from .controls import factor_control
from .text import DISCLAIMER_HTML, explanation_html, notes_html, notices_html


class Explorer:
    """The twitch explorer: every factor's control, the likelihood, its waterfall and a sweep.

    ``sweep_factor`` is the factor along which the curve runs; ``build=False`` makes
    no widgets (for tests and benchmarks).
    """

    SWEEP_FACTOR = "caffeine_mg_per_day"

    def __init__(self, build: bool = True, sweep_factor: str = SWEEP_FACTOR):
        self.scenario = Scenario()
        self.sweep_factor = sweep_factor
        self.assessment = assess(self.scenario)
        self.controls: dict[str, Any] = {}
        self.view = None
        self._quiet = False
        self._listeners: list = []
        self.likelihood_hidden = False
        if build:
            self._build()

    def _build(self) -> None:
        self.controls = {f.name: factor_control(f.name) for f in FACTORS}
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.headline = w.HTML()
        self.notice = w.HTML()
        self.note = w.HTML()
        self.explanation = w.HTML()
        a = self.assessment
        self.waterfall = chart(WaterfallChart(a))
        spec = factor(self.sweep_factor)
        values = [
            spec.minimum + i * (spec.maximum - spec.minimum) / 60 for i in range(61)
        ]
        self.curve = chart(ScenarioSweepChart(self.sweep_factor, values, self.scenario))
        sliders = [c for c in self.controls.values() if not isinstance(c, w.Checkbox)]
        boxes = [c for c in self.controls.values() if isinstance(c, w.Checkbox)]
        # Side by side, as on the dashboard: the controls on the left, the number, its
        # waterfall and the "why" lines on the right, on one screen of a laptop; the
        # sweep curve below them.
        controls = w.VBox(
            [*sliders, w.VBox(boxes)],
            layout=w.Layout(flex="0 0 34%", min_width="260px"),
        )
        controls.add_class("twitchlib-controls")
        results = w.VBox(
            [self.notice, self.headline, self.waterfall, self.note, self.explanation],
            layout=w.Layout(flex="1 1 auto", min_width="0"),
        )
        self.view = w.VBox(
            [
                w.HTML(DISCLAIMER_HTML),
                w.HBox([controls, results], layout=w.Layout(gap="16px")),
                self.curve,
            ]
        )
        self._refresh(figures=False)

    def _on_change(self, change) -> None:
        if not self._quiet:
            self.set(**{name: c.value for name, c in self.controls.items()})

    def set(self, **values: Any):
        """Change factors (checked by :class:`~twitchlib.Scenario`) and update every view."""
        self.scenario = self.scenario.replace(**values)
        self.assessment = assess(self.scenario)
        if self.view is not None:
            self._refresh()
        self._tell()
        return self.assessment

    def on_assess(self, callback) -> None:
        """Call ``callback(assessment)`` after every new assessment (a slider, a preset).

        >>> app, seen = Explorer(build=False), []
        >>> app.on_assess(seen.append)
        >>> _ = app.set(stress=5)
        >>> seen[-1].scenario.stress
        5.0
        """
        self._listeners.append(callback)

    def _tell(self) -> None:
        for callback in self._listeners:
            callback(self.assessment)

    def apply(self, settings: dict[str, Any] | None = None):
        """Start again from the healthy default with ``settings`` (a preset); one update.

        >>> app = Explorer(build=False)
        >>> app.apply({"caffeine_mg_per_day": 600}).scenario.caffeine_mg_per_day
        600.0
        >>> app.apply().scenario == Scenario()
        True
        """
        self.scenario = Scenario(**(settings or {}))
        self.assessment = assess(self.scenario)
        if self.view is not None:
            self._quiet = True
            try:
                for name, control in self.controls.items():
                    control.value = getattr(self.scenario, name)
            finally:
                self._quiet = False
            self._refresh()
        self._tell()
        return self

    def headline_html(self) -> str:
        """The likelihood in whole percent beside the healthy one; an emergency first, in words.

        >>> app = Explorer(build=False)
        >>> app.set(ionized_calcium=0.8) and "urgent medical help" in app.headline_html()
        True
        """
        a = self.assessment
        urgent = (
            "<span class='twitchlib-emergency'>Emergency reading: get urgent medical"
            " help (see the alert).</span> "
            if a.notices
            else ""
        )
        if self.likelihood_hidden:
            return (
                f"<h3 class='twitchlib-headline' aria-live='polite'>{urgent}Likelihood"
                " of a noticed twitch in 7 days: <span class='twitch-likelihood'>"
                "hidden until your teacher reveals it</span>: predict it first.</h3>"
            )
        return (
            f"<h3 class='twitchlib-headline' aria-live='polite'>{urgent}Likelihood of a"
            f" noticed twitch in 7 days: <span class='twitch-likelihood'>{a.likelihood:.0%}"
            f"</span> <span class='twitchlib-healthy'>(healthy"
            f" {a.baseline_likelihood:.0%})</span></h3>"
        )

    def hide_likelihood(self, hidden: bool = True):
        """Hide the likelihood, its charts and the reasons (predict first: the class
        commits to a prediction before the model shows its answer); False shows them.

        The sliders stay: a student can still set up the situation asked about.
        An emergency reading is never hidden.

        >>> Explorer().hide_likelihood().headline.value.count("hidden until")
        1
        """
        self.likelihood_hidden = bool(hidden)
        if self.view is not None:
            for part in (self.waterfall, self.curve, self.note, self.explanation):
                # A class, not layout.visibility: a chart's ``layout`` is its figure's.
                if self.likelihood_hidden:
                    part.add_class("twitchlib-withheld")
                else:
                    part.remove_class("twitchlib-withheld")
            self.headline.value = self.headline_html()
        return self

    def _refresh(self, figures: bool = True) -> None:
        # Sent in the order a student looks: the number, the main chart, then the rest
        # (the page draws charts in the order their updates arrive).
        a = self.assessment
        self.headline.value = self.headline_html()
        if figures:
            self.waterfall.update(a)
        self.notice.value = notices_html(a)
        self.note.value = notes_html(a)
        self.explanation.value = explanation_html(a)
        if figures:
            self.curve.update(self.scenario, a)

    def _ipython_display_(self):
        display(self.view)


def explorer(**start: Any) -> Explorer:
    """Build the twitch explorer, optionally starting from some factor values."""
    app = Explorer()
    for name, value in start.items():
        app.controls[name].value = value
    return app
