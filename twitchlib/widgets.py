"""Interactive apps for the lessons, composed from the model and the chart builders.

Every control has a visible label; every chart has a text line beside it. The apps
keep their logic in plain methods (``set``, ``update``) so tests and benchmarks can
drive them without a browser. ipywidgets and plotly load only when an app is built.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pandas as pd

from . import _events, plots
from ._data import load_table
from .diet import daily_intake, foods, supplement_check
from .likelihood import assess, sweep
from .qualitative import causal_model, propagate
from .scenario import FACTOR_BY_NAME, FACTORS, Scenario

DISCLAIMER_HTML = (
    "<p class='twitchlib-disclaimer'><b>Teaching model, not medical advice.</b> Weights are"
    " illustrative; persistent twitching is for a healthcare provider to assess.</p>"
)


def _widgets():
    import ipywidgets

    return ipywidgets


def _style():
    return {"description_width": "initial"}


def _asset(name: str) -> str:
    """The text of a browser-side file shipped in ``twitchlib/assets``."""
    return (Path(__file__).parent / "assets" / name).read_text(encoding="utf-8")


def _slider_class():
    """The LabelledSlider class, defined on first use so anywidget loads only when needed."""
    global LabelledSlider
    if "LabelledSlider" in globals():
        return LabelledSlider
    import anywidget
    import traitlets

    class LabelledSlider(anywidget.AnyWidget):
        """A slider whose visible label is also its accessible name.

        A native ``<input type="range">`` with a ``<label>``: screen readers announce
        the label and the value with its unit, and the arrow keys move it by one step.
        Use it like an ipywidgets slider: ``value``, ``min``, ``max``, ``step``,
        ``description`` and ``observe(..., names="value")``.
        """

        _esm = _asset("slider.js")
        _css = _asset("slider.css")
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

    globals()["LabelledSlider"] = LabelledSlider
    return LabelledSlider


def labelled_slider(
    description: str,
    unit: str,
    value: float,
    minimum: float,
    maximum: float,
    step: float,
    decimals: int | None = None,
):
    """A labelled, keyboard-operable slider (see ``LabelledSlider``); ``description`` names the unit.

    Values outside ``minimum``–``maximum`` are clamped to the range, as a slider would.

    >>> caffeine = labelled_slider("Caffeine (mg/day)", "mg/day", 0, 0, 1500, 50)
    >>> caffeine.value = 2000
    >>> caffeine.value, caffeine.decimals
    (1500.0, 0)
    """
    cls = _slider_class()
    if decimals is None:
        decimals = (
            0
            if float(step).is_integer()
            else max(1, len(repr(float(step)).split(".")[1]))
        )
    return cls(
        value=value,
        min=minimum,
        max=maximum,
        step=step,
        decimals=decimals,
        description=description,
        unit=unit,
    )


def factor_control(name: str):
    """A labelled slider or checkbox for one scenario factor, with its unit."""
    w = _widgets()
    spec = next(f for f in FACTORS if f.name == name)
    if spec.is_switch:
        return w.Checkbox(
            value=spec.default, description=spec.label, indent=False, style=_style()
        )
    step = {"mmol/L": 0.01, "mg/day": 50.0, "% of body mass lost": 0.5}.get(
        spec.unit, 0.5
    )
    return labelled_slider(
        f"{spec.label} ({spec.unit})",
        spec.unit,
        spec.default,
        spec.minimum,
        spec.maximum,
        step,
    )


# --- charts -----------------------------------------------------------------------


def _chart_classes():
    """The Chart and PlotlyLibrary widget classes, defined on first use (anywidget loads late)."""
    global Chart, PlotlyLibrary
    if "Chart" in globals():
        return Chart, PlotlyLibrary
    import anywidget
    import ipywidgets
    import traitlets

    class PlotlyLibrary(anywidget.AnyWidget):
        """plotly.js, sent to the page once per kernel and shared by every :class:`Chart`.

        plotly's own FigureWidget carries the whole of plotly.js (about 5 MB) in each
        chart's module; anywidget gives a module 2 s to load before it stops passing
        on the chart's updates, which a busy laptop can miss. A chart's module here is
        a few kilobytes, and it waits for this library without a time limit.
        """

        _esm = _asset("plotly_library.js")
        source = traitlets.Unicode("").tag(sync=True)

    class Chart(anywidget.AnyWidget):
        """A plotly chart with an accessible name (its title) and description (its summary).

        The chart is drawn inside an element with ``role="img"``, ``aria-label`` and
        ``aria-describedby`` pointing at the one-line summary shown under it. Change
        it with :meth:`update`; ``data`` and ``layout`` read back what was last sent.
        """

        _esm = _asset("chart.js")
        _css = _asset("chart.css")
        figure = traitlets.Unicode("{}").tag(sync=True)
        # plotly's template (the chart's look, about 7 kB of JSON) travels apart from
        # the figure, so an update sends it only when it changes, not on every key press.
        template = traitlets.Unicode("").tag(sync=True)
        summary = traitlets.Unicode("").tag(sync=True)
        label = traitlets.Unicode("").tag(sync=True)
        library = traitlets.Instance(PlotlyLibrary).tag(
            sync=True, **ipywidgets.widget_serialization
        )

        def __init__(
            self, figure, summary: str = "", label: str | None = None, **kwargs
        ):
            super().__init__(library=_plotly_library(), **kwargs)
            self.update(figure, summary, label)

        def update(self, figure, summary: str | None = None, label: str | None = None):
            """Send a new figure (and optionally a new summary and name) to the page."""
            self._spec = json.loads(figure.to_json())
            template = self._spec.get("layout", {}).pop("template", None)
            self.template = json.dumps(template) if template else ""
            return self._push(summary, label)

        def restyle(
            self,
            traces: dict[int, dict],
            title: str | None = None,
            summary: str | None = None,
        ):
            """Change some traces' values (e.g. ``{0: {"y": [...]}}``) and the title, cheaply.

            Building a plotly figure costs tens of milliseconds (its template is copied
            and checked); a slider moves faster than that, so updates edit the figure's
            JSON instead.
            """
            for index, values in traces.items():
                self._spec["data"][index].update(
                    {k: _plain(v) for k, v in values.items()}
                )
            if title is not None:
                self._spec["layout"].setdefault("title", {})["text"] = title
            return self._push(summary, None)

        def _push(self, summary, label):
            with self.hold_sync():
                if summary is not None:
                    self.summary = summary
                title = self._spec.get("layout", {}).get("title", {}).get("text", "")
                self.label = label if label is not None else title
                self.figure = json.dumps(self._spec)
            return self

        @property
        def data(self):
            """The traces last sent, as objects with plain lists (``chart.data[0].y``)."""
            return [
                SimpleNamespace(**{k: _decoded(v) for k, v in trace.items()})
                for trace in self._spec["data"]
            ]

        @property
        def layout(self):
            layout = self._spec.get("layout", {})
            return SimpleNamespace(
                title=SimpleNamespace(text=layout.get("title", {}).get("text")),
                height=layout.get("height"),
            )

    globals().update(Chart=Chart, PlotlyLibrary=PlotlyLibrary)
    return Chart, PlotlyLibrary


def _plain(value):
    """Lists and floats that JSON can carry (numpy arrays and scalars become lists and floats)."""
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, (list, tuple)):
        return [v.item() if hasattr(v, "item") else v for v in value]
    return value


def _decoded(value):
    """plotly's JSON may carry arrays as base64 typed arrays; give them back as lists."""
    if isinstance(value, dict) and "bdata" in value and "dtype" in value:
        import base64

        import numpy as np

        return np.frombuffer(
            base64.b64decode(value["bdata"]), dtype=value["dtype"]
        ).tolist()
    return value


_LIBRARY = None


def _plotly_library():
    global _LIBRARY
    if _LIBRARY is None:
        import plotly

        _, library_class = _chart_classes()
        path = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
        _LIBRARY = library_class(source=path.read_text(encoding="utf-8"))
    return _LIBRARY


def chart(figure, summary: str = "", label: str | None = None):
    """Show a plotly figure with its one-line summary, named and described for screen readers.

    ``label`` is the chart's accessible name (default: its title). Use it instead of
    ``figure.show()`` in lessons, with the builder's ``*_summary`` partner.

    >>> from twitchlib import plots
    >>> shown = chart(plots.logistic_figure(), plots.logistic_summary())
    >>> shown.label
    'From log-odds to likelihood: the logistic curve'
    """
    chart_class, _ = _chart_classes()
    return chart_class(figure, summary, label)


# --- text beside the charts -----------------------------------------------------------


def table(frame: pd.DataFrame, caption: str | None = None, index: bool = False):
    """A table whose long texts wrap onto several lines instead of being cut off.

    For lesson outputs: every cell is shown whole (no ``...``), text left-aligned,
    column names as they are in ``frame`` (rename them to words first).

    >>> shown = table(pd.DataFrame({"cause": ["Low magnesium"], "why": ["a long sentence"]}))
    >>> "a long sentence" in shown.data and "twitchlib-table" in shown.data
    True
    """
    from IPython.display import HTML

    with pd.option_context("display.max_colwidth", None):
        body = frame.to_html(
            index=index, escape=True, border=0, classes="twitchlib-table"
        )
    if caption:
        body = body.replace(">", f"><caption>{html.escape(caption)}</caption>", 1)
    return HTML(f"<style>{_asset('table.css')}</style>{body}")


def explanation_html(assessment) -> str:
    """The explanation in HTML: one line per changed factor, its chains behind "why?".

    >>> import twitchlib as tl
    >>> text = explanation_html(tl.assess(tl.Scenario(caffeine_mg_per_day=600)))
    >>> text.count("<li class='twitchlib-reason'>"), "<details>" in text
    (1, True)
    """
    reasons = assessment.reasons()
    if not reasons:
        return "<p class='twitchlib-explanation'>Every factor is at its healthy default.</p>"
    items = []
    for reason in reasons:
        line = html.escape(reason.summary)
        if reason.chains:
            chains = "".join(f"<li>{html.escape(c)}</li>" for c in reason.chains)
            line += (
                f"<details><summary>why?</summary><ul class='twitchlib-chains'>{chains}"
                "</ul></details>"
            )
        items.append(f"<li class='twitchlib-reason'>{line}</li>")
    return f"<ul class='twitchlib-explanation'>{''.join(items)}</ul>"


def notices_html(assessment) -> str:
    """Emergency notices of an assessment as a visible alert, or nothing when there are none.

    >>> import twitchlib as tl
    >>> "role='alert'" in notices_html(tl.assess(tl.Scenario(ionized_calcium=0.8)))
    True
    >>> notices_html(tl.assess())
    ''
    """
    notices = assessment.notices
    if not notices:
        return ""
    body = "".join(f"<p>{html.escape(n)}</p>" for n in notices)
    return f"<div role='alert' class='twitchlib-notice'>{body}</div>"


def presets() -> pd.DataFrame:
    """The dashboard's presets: name, label in words, factor settings and why.

    ``settings`` maps factor names to values (see :class:`~twitchlib.Scenario`);
    an empty mapping is the healthy default.

    >>> presets().set_index("preset").loc["six_coffees", "settings"]
    {'caffeine_mg_per_day': 600.0}
    """
    import io

    from .scenario import FACTOR_BY_NAME, check_value

    frame = pd.read_csv(io.StringIO(_asset("presets.csv")), keep_default_na=False)

    def parse(text: str) -> dict:
        settings = {}
        for item in filter(None, text.split(";")):
            name, _, value = item.partition("=")
            spec = FACTOR_BY_NAME[name.strip()]
            raw = value.strip().lower() == "true" if spec.is_switch else float(value)
            settings[spec.name] = check_value(spec, raw)
        return settings

    frame["settings"] = frame["settings"].map(parse)
    return frame


class Explorer:
    """The twitch explorer: controls → assess → waterfall, sweep curve and explanation.

    >>> app = Explorer(build=False)
    >>> app.set(caffeine_mg_per_day=600).likelihood > app.set(caffeine_mg_per_day=0).likelihood
    True
    """

    SWEEP_FACTOR = "caffeine_mg_per_day"

    def __init__(self, build: bool = True, sweep_factor: str = SWEEP_FACTOR):
        self.scenario = Scenario()
        self.sweep_factor = sweep_factor
        self.assessment = assess(self.scenario)
        self.controls: dict[str, Any] = {}
        self.view = None
        self._quiet = False
        if build:
            self._build()

    def _build(self) -> None:
        w = _widgets()
        self.controls = {f.name: factor_control(f.name) for f in FACTORS}
        for _name, control in self.controls.items():
            control.observe(self._on_change, names="value")
        self.headline = w.HTML()
        self.notice = w.HTML()
        self.explanation = w.HTML()
        a = self.assessment
        self.waterfall = chart(plots.waterfall_figure(a), plots.waterfall_summary(a))
        spec = next(f for f in FACTORS if f.name == self.sweep_factor)
        self._sweep_values = [
            spec.minimum + i * (spec.maximum - spec.minimum) / 60 for i in range(61)
        ]
        self.curve = chart(self._curve_figure(), self._curve_summary())
        sliders = [c for n, c in self.controls.items() if not isinstance(c, w.Checkbox)]
        boxes = [c for n, c in self.controls.items() if isinstance(c, w.Checkbox)]
        self.view = w.VBox(
            [
                w.HTML(DISCLAIMER_HTML),
                w.HBox([w.VBox(sliders), w.VBox(boxes)]),
                self.notice,
                self.headline,
                self.waterfall,
                self.curve,
                self.explanation,
            ]
        )
        self._refresh(figures=False)

    def _curve_figure(self):
        label = FACTOR_BY_NAME[self.sweep_factor].label.lower()
        curve = plots.sweep_figure(
            self.sweep_factor,
            self._sweep_values,
            {f"this scenario, varying {label}": self.scenario},
        )
        curve.add_scatter(
            x=[getattr(self.scenario, self.sweep_factor)],
            y=[self.assessment.likelihood * 100],
            mode="markers",
            name="this scenario",
            marker={"size": 14, "color": plots.OKABE_ITO["vermillion"]},
        )
        return curve

    def _curve_summary(self) -> str:
        return plots.sweep_summary(self.sweep_factor, self._sweep_values, self.scenario)

    def _on_change(self, change) -> None:
        if not self._quiet:
            self.set(**{name: c.value for name, c in self.controls.items()})

    def set(self, **values: Any):
        """Change factors (checked by :class:`Scenario`) and update every view."""
        self.scenario = self.scenario.replace(**values)
        self.assessment = assess(self.scenario)
        if self.view is not None:
            self._refresh()
        return self.assessment

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
        return self

    def headline_html(self) -> str:
        a = self.assessment
        return (
            f"<h3 class='twitchlib-headline' aria-live='polite'>Likelihood of a noticed"
            f" twitch in 7 days: <span class='twitch-likelihood'>{a.likelihood:.0%}</span>"
            f" <span class='twitchlib-healthy'>(healthy {a.baseline_likelihood:.0%})</span></h3>"
        )

    def _refresh(self, figures: bool = True) -> None:
        # Sent in the order a student looks: the number, the main chart, then the rest
        # (the page draws charts in the order their updates arrive).
        a = self.assessment
        self.headline.value = self.headline_html()
        if figures:
            data = plots.waterfall_data(a)
            self.waterfall.restyle(
                {
                    0: {
                        "x": list(data["step"]),
                        "y": list(data["log_odds_shift"]),
                        "measure": list(data["measure"]),
                    }
                },
                plots.waterfall_title(a),
                plots.waterfall_summary(a),
            )
        self.notice.value = notices_html(a)
        self.explanation.value = explanation_html(a)
        if not figures:
            return
        curve = sweep(self.sweep_factor, self._sweep_values, self.scenario)
        label = FACTOR_BY_NAME[self.sweep_factor].label.lower()
        self.curve.restyle(
            {
                0: {
                    "y": list(curve["likelihood"] * 100),
                    "name": f"this scenario, varying {label}",
                },
                1: {
                    "x": [getattr(self.scenario, self.sweep_factor)],
                    "y": [a.likelihood * 100],
                },
            },
            summary=plots.sweep_text(self.sweep_factor, curve),
        )

    def _ipython_display_(self):
        from IPython.display import display

        display(self.view)


def explorer(**start: Any):
    """Build the twitch explorer, optionally starting from some factor values."""
    app = Explorer()
    if start:
        for name, value in start.items():
            app.controls[name].value = value
    return app


class NerveExplorer:
    """Inside the nerve: calcium, magnesium and a stimulus → voltage trace and twitch force.

    Each change re-simulates 200 ms of membrane (a current step switched on at 20 ms)
    with :func:`twitchlib.nerve.simulate` and redraws both charts in one update.

    >>> app = NerveExplorer(build=False)
    >>> app.set(calcium_mmol_l=0.6, magnesium_mmol_l=0.2, current_ua_cm2=0.0).gating_shift_mv < -7
    True
    >>> app.fires_on_its_own
    True
    """

    DURATION_MS = 200.0
    DELAY_MS = 20.0
    # name: (label, minimum, maximum, step, serum range shown beside it)
    CONTROLS = {
        "calcium_mmol_l": (
            "Ionized calcium outside the cell",
            0.4,
            2.0,
            0.005,
            "ionized_calcium",
        ),
        "magnesium_mmol_l": (
            "Magnesium outside the cell",
            0.0,
            2.0,
            0.05,
            "serum_magnesium",
        ),
        "current_ua_cm2": ("Stimulus current", 0.0, 20.0, 0.25, None),
    }
    UNITS = {
        "calcium_mmol_l": "mmol/L",
        "magnesium_mmol_l": "mmol/L",
        "current_ua_cm2": "µA/cm²",
    }

    def __init__(self, build: bool = True, **start: float):
        from . import nerve

        self._nerve = nerve
        self.values = self.defaults()
        self.controls: dict[str, Any] = {}
        self.view = None
        self._quiet = False
        self.set(**start)
        if build:
            self._build()

    def defaults(self) -> dict[str, float]:
        """The starting values: normal serum calcium and magnesium, a 3 µA/cm² stimulus."""
        from . import nerve

        return {
            "calcium_mmol_l": nerve.REFERENCE_CALCIUM_MMOL_L,
            "magnesium_mmol_l": nerve.REFERENCE_MAGNESIUM_MMOL_L,
            "current_ua_cm2": 3.0,
        }

    def set(self, **values: float):
        """Change calcium, magnesium or current (checked, with units) and update every view."""
        for name in values:
            if name not in self.CONTROLS:
                raise TypeError(
                    f"unknown control {name!r}; choose from {', '.join(self.CONTROLS)}"
                )
        self.values = {**self.values, **values}
        self.trace = self._nerve.simulate(
            self.values["current_ua_cm2"],
            self.DURATION_MS,
            calcium_mmol_l=self.values["calcium_mmol_l"],
            magnesium_mmol_l=self.values["magnesium_mmol_l"],
            delay_ms=self.DELAY_MS,
        )
        self.fires_on_its_own = bool(
            self._nerve.fires_spontaneously(
                self.values["calcium_mmol_l"], self.values["magnesium_mmol_l"]
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
        label, *_, quantity = self.CONTROLS[name]
        if quantity is None:
            return ""
        ranges = load_table("serum_ranges").set_index("quantity").loc[quantity]
        value = self.values[name]
        where = (
            "below normal"
            if value < ranges.normal_low
            else "above normal"
            if value > ranges.normal_high
            else "normal"
        )
        return (
            f"{label}: {value:.2f} mmol/L, <b>{where}</b>"
            f" (normal {ranges.normal_low:g}–{ranges.normal_high:g} mmol/L)"
        )

    def _build(self) -> None:
        w = _widgets()
        self.bands = {}
        rows = []
        for name, (label, low, high, step, quantity) in self.CONTROLS.items():
            slider = labelled_slider(
                f"{label} ({self.UNITS[name]})",
                self.UNITS[name],
                self.values[name],
                low,
                high,
                step,
            )
            slider.observe(self._on_change, names="value")
            self.controls[name] = slider
            rows.append(slider)
            if quantity is not None:
                self.bands[name] = w.HTML()
                rows.append(self.bands[name])
        self.headline = w.HTML()
        self.figure = chart(plots.nerve_trace_figure(self.trace), self.trace.summary())
        self.view = w.VBox([w.HTML(DISCLAIMER_HTML), *rows, self.headline, self.figure])
        self._refresh(figures=False)  # the figure was built from the current trace

    def _on_change(self, change) -> None:
        if not self._quiet:
            self.set(**{name: c.value for name, c in self.controls.items()})

    def headline_html(self) -> str:
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
        if not figures:
            return
        series = plots.nerve_trace_series(self.trace)
        self.figure.restyle(
            {0: {"y": series["voltage_mv"]}, 1: {"y": series["twitch_force"]}},
            plots.nerve_trace_title(self.trace),
            self.trace.summary(),
        )

    def _ipython_display_(self):
        from IPython.display import display

        display(self.view)


def _projector_layout(figure):
    """Let the chart fill its box (sized by the dashboard's CSS) with larger text."""
    figure.layout.height = None
    figure.update_layout(autosize=True, font={"size": 16}, margin={"t": 50, "b": 50})
    return figure


class Dashboard:
    """The classroom dashboard for a projector: one screen, no scrolling.

    The twitch explorer, the nerve explorer and the diagrams (``twitchlib.diagrams``),
    switched by buttons; controls on
    the left, the likelihood (or the spike count) large on the right above the main
    chart; the explanation behind a "why?" toggle; presets a teacher can click and a
    Reset. Fits 1280×720 and 1920×1080 (checked in a browser by the tests).

    >>> board = Dashboard()
    >>> board.choose_preset("six_coffees").twitch.scenario.caffeine_mg_per_day
    600.0
    """

    def __init__(
        self, twitch: Explorer | None = None, nerve: NerveExplorer | None = None
    ):
        w = _widgets()
        self.twitch = twitch or Explorer()
        self.nerve = nerve or NerveExplorer()
        self.presets = presets()
        a = self.twitch.assessment
        self.twitch.waterfall.update(
            _projector_layout(plots.waterfall_figure(a)), plots.waterfall_summary(a)
        )
        self.nerve.figure.update(
            _projector_layout(plots.nerve_trace_figure(self.nerve.trace)),
            self.nerve.trace.summary(),
        )
        self.switch = w.ToggleButtons(
            options=[
                ("Twitch explorer", "twitch"),
                ("Inside the nerve", "nerve"),
                ("Pictures", "pictures"),
            ],
            value="twitch",
            tooltips=[
                "Why muscles twitch",
                "Calcium, magnesium and a nerve membrane",
                "Diagrams of the junction, the membrane and the fibre",
            ],
        )
        self.switch.add_class("twitchlib-switch")
        self.preset_buttons = []
        for row in self.presets.itertuples():
            button = w.Button(description=row.label, tooltip=row.why)
            button.on_click(lambda _, name=row.preset: self.choose_preset(name))
            self.preset_buttons.append(button)
        self.reset_button = w.Button(
            description="Reset", tooltip="Back to the healthy default"
        )
        self.reset_button.on_click(lambda _: self.reset())
        self.reset_button.add_class("twitchlib-reset")
        self.presets_box = w.HBox(self.preset_buttons)
        self.presets_box.add_class("twitchlib-presets")

        t = self.twitch
        sliders = [c for c in t.controls.values() if not isinstance(c, w.Checkbox)]
        boxes = [c for c in t.controls.values() if isinstance(c, w.Checkbox)]
        switches = w.VBox(boxes)
        self.explain_box = w.HTML()
        self.twitch_pane = w.HBox(
            [
                w.VBox([*sliders, switches], layout=w.Layout(flex="0 0 36%")),
                w.VBox(
                    [t.notice, t.headline, t.waterfall, self._why(t.explanation)],
                    layout=w.Layout(flex="1 1 auto", min_width="0"),
                ),
            ]
        )
        n = self.nerve
        nerve_rows = []
        for name, slider in n.controls.items():
            nerve_rows.append(slider)
            if name in n.bands:
                nerve_rows.append(n.bands[name])
        self.nerve_pane = w.HBox(
            [
                w.VBox(
                    [*nerve_rows, w.HTML(f"<p>{html.escape(NERVE_NOTE)}</p>")],
                    layout=w.Layout(flex="0 0 36%"),
                ),
                w.VBox(
                    [n.headline, n.figure],
                    layout=w.Layout(flex="1 1 auto", min_width="0"),
                ),
            ]
        )
        from . import diagrams

        self.picture = w.HTML()
        self.picture_choice = w.RadioButtons(
            options=[
                (diagrams.title(n), n)
                for n in ("motor_unit", "membrane_screening", "calcium_cycle")
            ],
            value="motor_unit",
            description="Diagram",
            layout=w.Layout(width="auto"),
        )
        self.picture_choice.observe(lambda change: self._draw_picture(), names="value")
        self._draw_picture()
        self.pictures_pane = w.HBox(
            [
                w.VBox([self.picture_choice], layout=w.Layout(flex="0 0 26%")),
                w.VBox([self.picture], layout=w.Layout(flex="1 1 auto", min_width="0")),
            ]
        )
        for pane in (self.twitch_pane, self.nerve_pane, self.pictures_pane):
            pane.add_class("twitchlib-pane")
        self.switch.observe(lambda change: self._show(change["new"]), names="value")
        header = w.HBox([self.switch, self.presets_box, self.reset_button])
        header.add_class("twitchlib-header")
        self.view = w.VBox(
            [
                w.HTML(f"<style>{_asset('dashboard.css')}</style>"),
                header,
                self.twitch_pane,
                self.nerve_pane,
                self.pictures_pane,
                w.HTML(DISCLAIMER_HTML),
            ]
        )
        self.view.add_class("twitchlib-dashboard")
        self._show("twitch")

    @staticmethod
    def _why(explanation):
        """The explanation, folded: one line per factor only when a teacher opens it."""
        w = _widgets()
        box = w.Accordion(
            children=[explanation],
            titles=("Why? One line per factor",),
            selected_index=None,
        )
        box.add_class("twitchlib-why")
        return box

    def _draw_picture(self) -> None:
        from . import diagrams

        self.picture.value = (
            f"<figure class='twitchlib-diagram'>"
            f"{diagrams.svg(self.picture_choice.value)}</figure>"
        )

    def _show(self, which: str) -> None:
        self.twitch_pane.layout.display = "flex" if which == "twitch" else "none"
        self.nerve_pane.layout.display = "flex" if which == "nerve" else "none"
        self.pictures_pane.layout.display = "flex" if which == "pictures" else "none"
        # Presets belong to the twitch explorer; Reset works on the explorers.
        self.presets_box.layout.visibility = (
            "visible" if which == "twitch" else "hidden"
        )
        self.reset_button.layout.visibility = (
            "hidden" if which == "pictures" else "visible"
        )

    def choose_preset(self, name: str):
        """Set the twitch explorer to a preset (see :func:`presets`), in one update."""
        table = self.presets.set_index("preset")
        if name not in table.index:
            raise ValueError(
                f"unknown preset {name!r}; choose from {', '.join(table.index)}"
            )
        self.twitch.apply(table.loc[name, "settings"])
        return self

    def reset(self):
        """Back to the healthy default (twitch explorer) or the starting values (nerve)."""
        if self.switch.value == "twitch":
            self.twitch.apply()
        else:
            self.nerve.reset()
        return self

    def _ipython_display_(self):
        from IPython.display import display

        display(self.view)


NERVE_NOTE = (
    "Lower calcium or magnesium outside the membrane: fewer divalent ions screen"
    " its negative surface charge, the sodium gates open at less depolarisation,"
    " and the nerve fires more easily, in the end on its own."
)


class PropagationDemo:
    """Choose up/down for a few quantities; see the chains and the coloured graph."""

    CHOICES = ("magnesium", "caffeine", "stress", "hydration", "potassium", "calcium")

    def __init__(self):
        w = _widgets()
        graph = causal_model()
        self.toggles = {
            q: w.ToggleButtons(
                options=[("↓ falls", "down"), ("unchanged", "none"), ("↑ rises", "up")],
                value="none",
                description=graph.label(q),
                style=_style(),
            )
            for q in self.CHOICES
        }
        self.level = labelled_slider(
            "serum magnesium level (mmol/L)", "mmol/L", 0.6, 0.2, 0.95, 0.05
        )
        self.text = w.HTML()
        self.figure = chart(plots.causal_graph_figure(), plots.causal_graph_summary())
        for control in [*self.toggles.values(), self.level]:
            control.observe(lambda change: self.update(), names="value")
        self.view = w.VBox([*self.toggles.values(), self.level, self.text, self.figure])
        self.update()

    def update(self):
        changes = {q: t.value for q, t in self.toggles.items() if t.value != "none"}
        if not changes:
            self.text.value = "<p>Choose a quantity that rises or falls.</p>"
            self.figure.update(
                plots.causal_graph_figure(), plots.causal_graph_summary()
            )
            return None
        result = propagate(changes, levels={"magnesium": self.level.value})
        self.figure.update(
            plots.causal_graph_figure(result), plots.causal_graph_summary(result)
        )
        chains = "".join(
            f"<li>{html.escape(result.chain_text(c))}</li>" for c in result.chains()
        )
        self.text.value = (
            f"<p>{html.escape(plots.causal_graph_summary(result))}</p>"
            + (
                f"<details><summary>why? the chains to twitching</summary>"
                f"<ol>{chains}</ol></details>"
                if chains
                else ""
            )
        )
        return result

    def _ipython_display_(self):
        from IPython.display import display

        display(self.view)


class DietPlanner:
    """Pick foods and servings for a day; compare with the RDA and check a supplement."""

    ROWS = 5

    def __init__(self):
        w = _widgets()
        names = ["(none)"] + foods()["food"].tolist()
        self.age = w.BoundedFloatText(
            value=30, min=0, max=130, description="age (years)", style=_style()
        )
        self.sex = w.Dropdown(
            options=["female", "male"],
            value="female",
            description="sex",
            style=_style(),
        )
        self.stage = w.Dropdown(
            options=["neither", "pregnant", "lactating"],
            value="neither",
            description="pregnant or lactating",
            style=_style(),
        )
        self.food = [
            w.Dropdown(
                options=names,
                value="(none)",
                description=f"food {i + 1}",
                style=_style(),
            )
            for i in range(self.ROWS)
        ]
        self.servings = [
            w.BoundedFloatText(
                value=1, min=0, max=20, step=0.5, description="servings", style=_style()
            )
            for _ in range(self.ROWS)
        ]
        self.supplement = w.BoundedFloatText(
            value=0,
            min=0,
            max=5000,
            step=50,
            description="supplement (mg/day)",
            style=_style(),
        )
        self.message = w.HTML()
        self.figure = None
        intake = self.update()
        self.figure = chart(plots.intake_figure(intake), intake.summary())
        for control in [
            self.age,
            self.sex,
            self.stage,
            *self.food,
            *self.servings,
            self.supplement,
        ]:
            control.observe(lambda change: self.update(), names="value")
        rows = [w.HBox([f, s]) for f, s in zip(self.food, self.servings, strict=True)]
        self.view = w.VBox(
            [
                w.HBox([self.age, self.sex, self.stage]),
                *rows,
                self.supplement,
                self.message,
                self.figure,
            ]
        )

    def update(self):
        chosen = [
            (f.value, s.value)
            for f, s in zip(self.food, self.servings, strict=True)
            if f.value != "(none)"
        ]
        try:
            intake = daily_intake(
                chosen,
                self.age.value,
                self.sex.value,
                pregnant=self.stage.value == "pregnant",
                lactating=self.stage.value == "lactating",
            )
            check = supplement_check(self.supplement.value, self.age.value)
        except ValueError as error:
            self.message.value = (
                f"<p><b>Check the inputs:</b> {html.escape(str(error))}</p>"
            )
            return None
        self.message.value = (
            f"<p>{html.escape(intake.summary())}</p><p>{html.escape(check.message)}</p>"
        )
        if self.figure is None:
            return intake
        self.figure.update(plots.intake_figure(intake), intake.summary())
        return intake

    def _ipython_display_(self):
        from IPython.display import display

        display(self.view)


# --- self-checks ------------------------------------------------------------------


def quiz_questions(lesson: int) -> pd.DataFrame:
    """The quiz rows (one per option) for a lesson, from ``data/quiz.csv``."""
    table = load_table("quiz")
    rows = table[table.lesson == lesson]
    if rows.empty:
        raise ValueError(
            f"no quiz for lesson {lesson}; lessons with quizzes:"
            f" {sorted(table.lesson.unique().tolist())}"
        )
    return rows.reset_index(drop=True)


def check_answer(question_id: str, option: str) -> tuple[bool, str]:
    """Whether ``option`` answers ``question_id`` correctly, and its feedback.

    >>> check_answer("q4_rda", "310 mg/day")[0]
    True
    """
    table = load_table("quiz")
    row = table[(table.question_id == question_id) & (table.option == option)]
    if row.empty:
        raise ValueError(f"no option {option!r} for question {question_id!r}")
    return bool(row.iloc[0].correct), row.iloc[0].feedback


def quiz(lesson: int):
    """A self-check quiz: each question with its options, a Check button and feedback."""
    w = _widgets()
    rows = quiz_questions(lesson)
    return w.VBox(
        [
            _checked_choice(
                f"<p><b>{html.escape(group.question.iloc[0])}</b></p>",
                group.option.tolist(),
                "answer",
                lambda option, qid=qid: check_answer(qid, option),
                ("✔ Correct.", "✘ Not quite."),
                "answer",
                record=(lesson, "quiz", qid),
            )
            for qid, group in rows.groupby("question_id", sort=False)
        ]
    )


def _checked_choice(
    prompt_html: str,
    options: list,
    label: str,
    judge,
    marks: tuple[str, str],
    noun: str,
    record=None,
    reason=False,
):
    """A prompt, radio buttons, a Check button and a feedback line.

    ``judge(option)`` returns ``(correct, text)``; ``marks`` are the right/wrong headings.
    ``record`` is ``(lesson, kind, question)``: each Check is announced (and so saved
    in the student's answer file). With ``reason``, a text box asks why.
    """
    w = _widgets()
    choice = w.RadioButtons(
        options=options, value=None, description=label, layout=w.Layout(width="auto")
    )
    why = (
        w.Textarea(
            description="Your reason",
            placeholder="Because ...",
            layout=w.Layout(width="95%"),
            style=_style(),
        )
        if reason
        else None
    )
    button = w.Button(description="Check", tooltip=f"Check my {noun}")
    feedback = w.HTML()

    def on_click(_):
        if choice.value is None:
            feedback.value = f"<p>Choose an {noun} first.</p>"
            return
        correct, text = judge(choice.value)
        feedback.value = (
            f"<p><b>{marks[0] if correct else marks[1]}</b> {html.escape(text)}</p>"
        )
        if record is not None:
            lesson, kind, question = record
            _events.answer_given(lesson, kind, question, choice.value, correct)
            if why is not None and why.value.strip():
                _events.answer_given(
                    lesson, "reason", question, why.value.strip(), None
                )

    button.on_click(on_click)
    parts = [w.HTML(prompt_html), choice] + ([why] if why is not None else [])
    return w.VBox(parts + [button, feedback])


def judge_case(case: str, choice: str) -> tuple[bool, str]:
    """Whether a chosen cause is a sound answer to a case, with the reasoning.

    ``case`` is the case's title as the exercise shows it (or its key); ``choice``
    is a cause's name in words (or its key). Several answers can be sound: the
    best fit and any other a good argument reaches.

    >>> judge_case("Ana's hot run", "Dehydration")[0]
    True
    >>> judge_case("Lee's exam week", "Too much caffeine")[0]
    True
    """
    from .knowledge import causes

    table = load_table("cases")
    wanted = str(case).strip().lower()
    match = table[(table.case == case) | (table.title.str.lower() == wanted)]
    if match.empty:
        raise ValueError(
            f"unknown case {case!r}; the cases are: {'; '.join(table.title)}"
        )
    row = match.iloc[0]
    keys = causes().set_index("name")["cause"]
    by_name = {name.lower(): key for name, key in keys.items()}
    key = choice if choice in row.options else by_name.get(str(choice).strip().lower())
    if key not in row.options:
        names = {v: k for k, v in keys.items()}
        raise ValueError(
            f"{choice!r} is not an option for {row.title!r}; choose one of:"
            f" {'; '.join(names[o] for o in row.options)}"
        )
    return key == row.best_fit or key in row.also_sound, row.reasoning


def case_exercises():
    """Lesson 05's cases: read the observations, pick the better-fitting explanation."""
    w = _widgets()
    from .knowledge import causes

    names = causes().set_index("cause")["name"]
    boxes = []
    for row in load_table("cases").itertuples():
        facts = (
            f"<p><b>{html.escape(row.title)}.</b> {html.escape(row.story)}"
            f"<br>When: {html.escape(row.timing)}."
            f" With: {html.escape(row.accompanying_symptoms)}."
            f" Context: {html.escape(row.context)}.</p>"
        )
        boxes.append(
            _checked_choice(
                facts,
                [(names[o], o) for o in row.options],
                "fits best",
                lambda option, case=row.case: judge_case(case, option),
                ("✔ A sound choice.", "✘ Fits less well."),
                "explanation",
                record=(5, "case", row.case),
                reason=True,
            )
        )
    return w.VBox(boxes)


def claim_verdicts(claim_ids: list[str] | None = None):
    """Lesson 07: for each of the article's claims, predict a verdict, then check it.

    The claims, verdicts and evidence come from ``data/claims.csv``.
    """
    w = _widgets()
    from .knowledge import VERDICTS, claims, judge_verdict

    table = claims().set_index("claim")
    chosen = claim_ids or list(table.index)
    return w.VBox(
        [
            _checked_choice(
                f"<p><b>{html.escape(cid)}.</b> The article says: "
                f"<i>{html.escape(table.loc[cid, 'statement'])}</i></p>",
                list(VERDICTS),
                "verdict",
                lambda verdict, cid=cid: judge_verdict(cid, verdict),
                (
                    "✔ That is the verdict the evidence gives.",
                    "✘ The evidence says otherwise.",
                ),
                "verdict",
                record=(7, "quiz", cid),
            )
            for cid in chosen
        ]
    )
