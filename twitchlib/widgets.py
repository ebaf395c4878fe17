"""Interactive apps for the lessons, composed from the model and the chart builders.

Every control has a visible label; every chart has a text line beside it. The apps
keep their logic in plain methods (``set``, ``update``) so tests and benchmarks can
drive them without a browser. ipywidgets and plotly load only when an app is built.
"""

from __future__ import annotations

import html
from typing import Any

import pandas as pd

from . import _events, plots
from ._data import load_table
from .diet import daily_intake, foods, rda, supplement_check
from .model import assess
from .qualitative import causal_model, propagate
from .scenario import FACTORS, Scenario

DISCLAIMER_HTML = (
    "<p style='font-size:0.9em'><b>Teaching model, not medical advice.</b> Weights are"
    " illustrative; persistent twitching is for a healthcare provider to assess.</p>"
)


def _widgets():
    import ipywidgets

    return ipywidgets


def _style():
    return {"description_width": "initial"}


_SLIDER_ESM = """
function render({ model, el }) {
  const id = "twitchlib-slider-" + Math.random().toString(36).slice(2);
  const label = document.createElement("label");
  const input = document.createElement("input");
  const readout = document.createElement("output");
  label.htmlFor = id;
  input.type = "range";
  input.id = id;
  readout.htmlFor = id;
  el.classList.add("twitchlib-slider");
  // Arrow keys belong to the slider, not to JupyterLab's notebook shortcuts.
  el.dataset.lmSuppressShortcuts = "true";
  input.addEventListener("keydown", (event) => event.stopPropagation());
  el.append(label, input, readout);
  const text = (value) => Number(value).toFixed(model.get("decimals"));
  const show = (value) => {
    readout.textContent = text(value);
    input.setAttribute("aria-valuetext", text(value) + " " + model.get("unit"));
  };
  const sync = () => {
    label.textContent = model.get("description");
    input.min = model.get("min");
    input.max = model.get("max");
    input.step = model.get("step");
    input.value = model.get("value");
    show(model.get("value"));
  };
  // The label shows while dragging; Python hears the value once it is let go
  // (or at each key press), so every update is one model run.
  input.addEventListener("input", () => show(input.value));
  input.addEventListener("change", () => {
    model.set("value", Number(input.value));
    model.save_changes();
  });
  model.on("change", sync);
  sync();
  return () => model.off("change", sync);
}
export default { render };
"""

_SLIDER_CSS = """
.twitchlib-slider { display: flex; align-items: center; gap: 0.75em; margin: 0.2em 0; }
.twitchlib-slider label { min-width: 22em; }
.twitchlib-slider input[type=range] { width: 16em; }
.twitchlib-slider output { min-width: 4em; font-variant-numeric: tabular-nums; }
"""


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

        _esm = _SLIDER_ESM
        _css = _SLIDER_CSS
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


def labelled_slider(description: str, unit: str, value: float, minimum: float,
                    maximum: float, step: float, decimals: int | None = None):
    """A labelled, keyboard-operable slider (see ``LabelledSlider``); ``description`` names the unit.

    Values outside ``minimum``–``maximum`` are clamped to the range, as a slider would.

    >>> caffeine = labelled_slider("Caffeine (mg/day)", "mg/day", 0, 0, 1500, 50)
    >>> caffeine.value = 2000
    >>> caffeine.value, caffeine.decimals
    (1500.0, 0)
    """
    cls = _slider_class()
    if decimals is None:
        decimals = 0 if float(step).is_integer() else max(1, len(repr(float(step)).split(".")[1]))
    return cls(value=value, min=minimum, max=maximum, step=step, decimals=decimals,
               description=description, unit=unit)


def factor_control(name: str):
    """A labelled slider or checkbox for one scenario factor, with its unit."""
    w = _widgets()
    spec = next(f for f in FACTORS if f.name == name)
    if spec.is_switch:
        return w.Checkbox(value=spec.default, description=spec.label, indent=False,
                          style=_style())
    step = {"mmol/L": 0.01, "mg/day": 50.0, "% of body mass lost": 0.5}.get(spec.unit, 0.5)
    return labelled_slider(f"{spec.label} ({spec.unit})", spec.unit, spec.default,
                           spec.minimum, spec.maximum, step)


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
        if build:
            self._build()

    def _build(self) -> None:
        import plotly.graph_objects as go

        w = _widgets()
        self.controls = {f.name: factor_control(f.name) for f in FACTORS}
        for name, control in self.controls.items():
            control.observe(self._on_change, names="value")
        self.headline = w.HTML()
        self.summary = w.HTML()
        self.explanation = w.HTML()
        self.waterfall = go.FigureWidget(plots.waterfall_figure(self.assessment))
        spec = next(f for f in FACTORS if f.name == self.sweep_factor)
        self._sweep_values = [spec.minimum + i * (spec.maximum - spec.minimum) / 60
                              for i in range(61)]
        # Every figure is complete before it becomes a widget: a FigureWidget changed
        # from Python before its first display can show its original data in Voila.
        curve = plots.sweep_figure(self.sweep_factor, self._sweep_values)
        curve.data[0].name = "this scenario, varying " + self.sweep_factor
        curve.add_scatter(x=[getattr(self.scenario, self.sweep_factor)],
                          y=[self.assessment.likelihood * 100], mode="markers",
                          name="this scenario",
                          marker={"size": 14, "color": plots.OKABE_ITO["vermillion"]})
        self.curve = go.FigureWidget(curve)
        sliders = [c for n, c in self.controls.items() if not isinstance(c, w.Checkbox)]
        boxes = [c for n, c in self.controls.items() if isinstance(c, w.Checkbox)]
        self.view = w.VBox([
            w.HTML(DISCLAIMER_HTML), w.HBox([w.VBox(sliders), w.VBox(boxes)]),
            self.headline, self.summary, self.waterfall, self.curve, self.explanation,
        ])
        self._refresh(figures=False)

    def _on_change(self, change) -> None:
        self.set(**{name: c.value for name, c in self.controls.items()})

    def set(self, **values: Any):
        """Change factors (checked by :class:`Scenario`) and update every view."""
        self.scenario = self.scenario.replace(**values)
        self.assessment = assess(self.scenario)
        if self.view is not None:
            self._refresh()
        return self.assessment

    def _refresh(self, figures: bool = True) -> None:
        a = self.assessment
        data = plots.waterfall_data(a)
        self.headline.value = (f"<h3 aria-live='polite'>Likelihood of a noticed twitch in 7 days:"
                               f" <span class='twitch-likelihood'>{a.likelihood:.1%}</span>"
                               f" (healthy {a.baseline_likelihood:.1%})</h3>")
        self.summary.value = f"<p>{html.escape(plots.waterfall_summary(a))}</p>"
        self.explanation.value = f"<pre>{html.escape(a.explain())}</pre>"
        if not figures:
            return
        curve = plots.sweep(self.sweep_factor, self._sweep_values, self.scenario)
        with self.waterfall.batch_update():
            bar = self.waterfall.data[0]
            bar.x, bar.y, bar.measure = (list(data["step"]), list(data["log_odds_shift"]),
                                         list(data["measure"]))
            self.waterfall.layout.title.text = plots.waterfall_title(a)
        with self.curve.batch_update():
            self.curve.data[0].y = list(curve["likelihood"] * 100)
            self.curve.data[0].name = "this scenario, varying " + self.sweep_factor
            self.curve.data[1].x = [getattr(self.scenario, self.sweep_factor)]
            self.curve.data[1].y = [a.likelihood * 100]

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
        "calcium_mmol_l": ("Ionized calcium outside the cell", 0.4, 2.0, 0.005, "ionized_calcium"),
        "magnesium_mmol_l": ("Magnesium outside the cell", 0.0, 2.0, 0.05, "serum_magnesium"),
        "current_ua_cm2": ("Stimulus current", 0.0, 20.0, 0.25, None),
    }
    UNITS = {"calcium_mmol_l": "mmol/L", "magnesium_mmol_l": "mmol/L", "current_ua_cm2": "µA/cm²"}

    def __init__(self, build: bool = True, **start: float):
        from . import nerve

        self._nerve = nerve
        self.values = {"calcium_mmol_l": nerve.REFERENCE_CALCIUM_MMOL_L,
                       "magnesium_mmol_l": nerve.REFERENCE_MAGNESIUM_MMOL_L,
                       "current_ua_cm2": 3.0}
        self.controls: dict[str, Any] = {}
        self.view = None
        self.set(**start)
        if build:
            self._build()

    def set(self, **values: float):
        """Change calcium, magnesium or current (checked, with units) and update every view."""
        for name in values:
            if name not in self.CONTROLS:
                raise TypeError(f"unknown control {name!r}; choose from {', '.join(self.CONTROLS)}")
        self.values = {**self.values, **values}
        self.trace = self._nerve.simulate(
            self.values["current_ua_cm2"], self.DURATION_MS,
            calcium_mmol_l=self.values["calcium_mmol_l"],
            magnesium_mmol_l=self.values["magnesium_mmol_l"], delay_ms=self.DELAY_MS)
        self.fires_on_its_own = bool(self._nerve.fires_spontaneously(
            self.values["calcium_mmol_l"], self.values["magnesium_mmol_l"]))
        if self.view is not None:
            self._refresh()
        return self.trace

    def band_text(self, name: str) -> str:
        """Where a concentration sits against its normal serum range, in words."""
        label, *_, quantity = self.CONTROLS[name]
        if quantity is None:
            return ""
        ranges = load_table("serum_ranges").set_index("quantity").loc[quantity]
        value = self.values[name]
        where = ("below normal" if value < ranges.normal_low else
                 "above normal" if value > ranges.normal_high else "normal")
        return (f"{label}: {value:.2f} mmol/L, <b>{where}</b>"
                f" (normal {ranges.normal_low:g}–{ranges.normal_high:g} mmol/L)")

    def _build(self) -> None:
        import plotly.graph_objects as go

        w = _widgets()
        self.bands = {}
        rows = []
        for name, (label, low, high, step, quantity) in self.CONTROLS.items():
            slider = labelled_slider(f"{label} ({self.UNITS[name]})", self.UNITS[name],
                                     self.values[name], low, high, step)
            slider.observe(self._on_change, names="value")
            self.controls[name] = slider
            rows.append(slider)
            if quantity is not None:
                self.bands[name] = w.HTML()
                rows.append(self.bands[name])
        self.headline = w.HTML()
        self.summary = w.HTML()
        self.figure = go.FigureWidget(plots.nerve_trace_figure(self.trace))
        self.view = w.VBox([w.HTML(DISCLAIMER_HTML), *rows, self.headline, self.summary,
                            self.figure])
        self._refresh(figures=False)  # the figure was built from the current trace

    def _on_change(self, change) -> None:
        self.set(**{name: c.value for name, c in self.controls.items()})

    def _refresh(self, figures: bool = True) -> None:
        t = self.trace
        own = ("<b>fires on its own</b> even with no stimulus" if self.fires_on_its_own
               else "quiet at rest")
        self.headline.value = (
            f"<h3 aria-live='polite'><span class='nerve-spikes'>{t.spike_count}</span>"
            f" spike{'' if t.spike_count == 1 else 's'} in {self.DURATION_MS:g} ms · gates"
            f" shifted <span class='nerve-shift'>{t.gating_shift_mv:+.1f}</span> mV · {own}</h3>")
        for name, band in self.bands.items():
            band.value = f"<p style='margin:0 0 0.6em 1em'>{self.band_text(name)}</p>"
        self.summary.value = f"<p>{html.escape(t.summary())}</p>"
        if not figures:
            return
        series = plots.nerve_trace_series(t)
        with self.figure.batch_update():
            self.figure.data[0].y = series["voltage_mv"]
            self.figure.data[1].y = series["twitch_force"]
            self.figure.layout.title.text = plots.nerve_trace_title(t)

    def _ipython_display_(self):
        from IPython.display import display

        display(self.view)


class PropagationDemo:
    """Choose up/down for a few quantities; see the chains and the coloured graph."""

    CHOICES = ("magnesium", "caffeine", "stress", "hydration", "potassium", "calcium")

    def __init__(self):
        import plotly.graph_objects as go

        w = _widgets()
        graph = causal_model()
        self.toggles = {
            q: w.ToggleButtons(options=[("↓ falls", "down"), ("unchanged", "none"),
                                        ("↑ rises", "up")], value="none",
                               description=graph.label(q), style=_style())
            for q in self.CHOICES
        }
        self.level = labelled_slider("serum magnesium level (mmol/L)", "mmol/L", 0.6, 0.2,
                                     0.95, 0.05)
        self.text = w.HTML()
        self.figure = go.FigureWidget(plots.causal_graph_figure())
        for control in [*self.toggles.values(), self.level]:
            control.observe(lambda change: self.update(), names="value")
        self.view = w.VBox([*self.toggles.values(), self.level, self.text, self.figure])
        self.update()

    def update(self):
        changes = {q: t.value for q, t in self.toggles.items() if t.value != "none"}
        if not changes:
            self.text.value = "<p>Choose a quantity that rises or falls.</p>"
            return None
        result = propagate(changes, levels={"magnesium": self.level.value})
        fresh = plots.causal_graph_figure(result)
        with self.figure.batch_update():
            self.figure.data[-1].marker.color = fresh.data[-1].marker.color
            self.figure.data[-1].text = fresh.data[-1].text
            self.figure.layout.title.text = fresh.layout.title.text
        self.text.value = (f"<p>{html.escape(plots.causal_graph_summary(result))}</p>"
                           f"<pre>{html.escape(result.explain())}</pre>")
        return result

    def _ipython_display_(self):
        from IPython.display import display

        display(self.view)


class DietPlanner:
    """Pick foods and servings for a day; compare with the RDA and check a supplement."""

    ROWS = 5

    def __init__(self):
        import plotly.graph_objects as go

        w = _widgets()
        names = ["(none)"] + foods()["food"].tolist()
        self.age = w.BoundedFloatText(value=30, min=0, max=130, description="age (years)",
                                      style=_style())
        self.sex = w.Dropdown(options=["female", "male"], value="female",
                              description="sex", style=_style())
        self.stage = w.Dropdown(options=["neither", "pregnant", "lactating"],
                                value="neither", description="pregnant or lactating",
                                style=_style())
        self.food = [w.Dropdown(options=names, value="(none)", description=f"food {i + 1}",
                                style=_style()) for i in range(self.ROWS)]
        self.servings = [w.BoundedFloatText(value=1, min=0, max=20, step=0.5,
                                            description="servings", style=_style())
                         for _ in range(self.ROWS)]
        self.supplement = w.BoundedFloatText(value=0, min=0, max=5000, step=50,
                                             description="supplement (mg/day)",
                                             style=_style())
        self.message = w.HTML()
        self.figure = None
        intake = self.update()
        # Built complete, so that its first display already shows the day's intake.
        self.figure = go.FigureWidget(plots.intake_figure(intake))
        for control in [self.age, self.sex, self.stage, *self.food, *self.servings,
                        self.supplement]:
            control.observe(lambda change: self.update(), names="value")
        rows = [w.HBox([f, s]) for f, s in zip(self.food, self.servings)]
        self.view = w.VBox([w.HBox([self.age, self.sex, self.stage]), *rows,
                            self.supplement, self.message, self.figure])

    def update(self):
        chosen = [(f.value, s.value) for f, s in zip(self.food, self.servings)
                  if f.value != "(none)"]
        try:
            intake = daily_intake(chosen, self.age.value, self.sex.value,
                                  pregnant=self.stage.value == "pregnant",
                                  lactating=self.stage.value == "lactating")
            check = supplement_check(self.supplement.value, self.age.value)
        except ValueError as error:
            self.message.value = f"<p><b>Check the inputs:</b> {html.escape(str(error))}</p>"
            return None
        self.message.value = (f"<p>{html.escape(intake.summary())}</p>"
                              f"<p>{html.escape(check.message)}</p>")
        if self.figure is None:
            return intake
        fresh = plots.intake_figure(intake)
        with self.figure.batch_update():
            self.figure.data = []
            for trace in fresh.data:
                self.figure.add_trace(trace)
            self.figure.layout = fresh.layout
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
        raise ValueError(f"no quiz for lesson {lesson}; lessons with quizzes:"
                         f" {sorted(table.lesson.unique().tolist())}")
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
    return w.VBox([
        _checked_choice(
            f"<p><b>{html.escape(group.question.iloc[0])}</b></p>",
            group.option.tolist(), "answer",
            lambda option, qid=qid: check_answer(qid, option),
            ("✔ Correct.", "✘ Not quite."), "answer",
            record=(lesson, "quiz", qid),
        )
        for qid, group in rows.groupby("question_id", sort=False)
    ])


def _checked_choice(prompt_html: str, options: list, label: str, judge,
                    marks: tuple[str, str], noun: str, record=None, reason=False):
    """A prompt, radio buttons, a Check button and a feedback line.

    ``judge(option)`` returns ``(correct, text)``; ``marks`` are the right/wrong headings.
    ``record`` is ``(lesson, kind, question)``: each Check is announced (and so saved
    in the student's answer file). With ``reason``, a text box asks why.
    """
    w = _widgets()
    choice = w.RadioButtons(options=options, value=None, description=label,
                            layout=w.Layout(width="auto"))
    why = w.Textarea(description="Your reason", placeholder="Because ...",
                     layout=w.Layout(width="95%"), style=_style()) if reason else None
    button = w.Button(description="Check", tooltip=f"Check my {noun}")
    feedback = w.HTML()

    def on_click(_):
        if choice.value is None:
            feedback.value = f"<p>Choose an {noun} first.</p>"
            return
        correct, text = judge(choice.value)
        feedback.value = f"<p><b>{marks[0] if correct else marks[1]}</b> {html.escape(text)}</p>"
        if record is not None:
            lesson, kind, question = record
            _events.answer_given(lesson, kind, question, choice.value, correct)
            if why is not None and why.value.strip():
                _events.answer_given(lesson, "reason", question, why.value.strip(), None)

    button.on_click(on_click)
    parts = [w.HTML(prompt_html), choice] + ([why] if why is not None else [])
    return w.VBox(parts + [button, feedback])


def judge_case(case: str, choice: str) -> tuple[bool, str]:
    """Compare a student's chosen cause with the case's best fit, with the reasoning.

    >>> judge_case("hot_run", "dehydration")[0]
    True
    """
    table = load_table("cases").set_index("case")
    if case not in table.index:
        raise ValueError(f"unknown case {case!r}; known: {', '.join(table.index)}")
    row = table.loc[case]
    if choice not in row.options:
        raise ValueError(f"{choice!r} is not an option for {case!r}: {', '.join(row.options)}")
    return choice == row.best_fit, row.reasoning


def case_exercises():
    """Lesson 05's cases: read the observations, pick the better-fitting explanation."""
    w = _widgets()
    from .knowledge import causes

    names = causes().set_index("cause")["name"]
    boxes = []
    for row in load_table("cases").itertuples():
        facts = (f"<p><b>{html.escape(row.story)}</b><br>When: {html.escape(row.timing)}."
                 f" With: {html.escape(row.accompanying_symptoms)}."
                 f" Context: {html.escape(row.context)}.</p>")
        boxes.append(_checked_choice(
            facts, [(names[o], o) for o in row.options], "fits best",
            lambda option, case=row.case: judge_case(case, option),
            ("✔ Fits best.", "✘ Fits less well."), "explanation",
            record=(5, "case", row.case), reason=True,
        ))
    return w.VBox(boxes)


def claim_verdicts(claim_ids: list[str] | None = None):
    """Lesson 07: for each of the article's claims, predict a verdict, then check it.

    The claims, verdicts and evidence come from ``data/claims.csv``.
    """
    w = _widgets()
    from .knowledge import VERDICTS, claims, judge_verdict

    table = claims().set_index("claim")
    chosen = claim_ids or list(table.index)
    return w.VBox([
        _checked_choice(
            f"<p><b>{html.escape(cid)}.</b> The article says: "
            f"<i>{html.escape(table.loc[cid, 'statement'])}</i></p>",
            list(VERDICTS), "verdict",
            lambda verdict, cid=cid: judge_verdict(cid, verdict),
            ("✔ That is the verdict the evidence gives.", "✘ The evidence says otherwise."),
            "verdict", record=(7, "quiz", cid),
        )
        for cid in chosen
    ])
