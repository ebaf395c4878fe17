"""Lesson demos: how a change propagates through the causal graph, and a day's magnesium."""

from __future__ import annotations

import html

import ipywidgets as w
from IPython.display import display

from ..charts import CausalGraphChart, IntakeChart
from ..diet import daily_intake, foods, supplement_check
from ..qualitative import causal_model, propagate
from .chart import chart
from .controls import STYLE, labelled_slider


class PropagationDemo:
    """Choose up/down for a few quantities; see the chains and the coloured graph.

    >>> demo = PropagationDemo()
    >>> demo.toggles["magnesium"].value = "down"
    >>> "twitching ↑" in demo.text.value
    True
    """

    CHOICES = ("magnesium", "caffeine", "stress", "hydration", "potassium", "calcium")

    def __init__(self):
        graph = causal_model()
        self.toggles = {
            q: w.ToggleButtons(
                options=[("↓ falls", "down"), ("unchanged", "none"), ("↑ rises", "up")],
                value="none",
                description=graph.label(q),
                style=STYLE,
            )
            for q in self.CHOICES
        }
        self.level = labelled_slider(
            "serum magnesium level (mmol/L)", "mmol/L", 0.6, 0.2, 0.95, 0.05
        )
        self.text = w.HTML()
        self.graph = CausalGraphChart()
        self.figure = chart(self.graph)
        for control in [*self.toggles.values(), self.level]:
            control.observe(lambda change: self.update(), names="value")
        self.view = w.VBox([*self.toggles.values(), self.level, self.text, self.figure])
        self.update()

    def update(self):
        changes = {q: t.value for q, t in self.toggles.items() if t.value != "none"}
        if not changes:
            self.text.value = "<p>Choose a quantity that rises or falls.</p>"
            self.figure.update(None)
            return None
        result = propagate(changes, levels={"magnesium": self.level.value})
        self.figure.update(result)
        chains = "".join(
            f"<li>{html.escape(result.chain_text(c))}</li>" for c in result.chains()
        )
        self.text.value = f"<p>{html.escape(self.graph.summary())}</p>" + (
            f"<details><summary>why? the chains to twitching</summary>"
            f"<ol>{chains}</ol></details>"
            if chains
            else ""
        )
        return result

    def _ipython_display_(self):
        display(self.view)


class DietPlanner:
    """Pick foods and servings for a day; compare with the RDA (mg/day) and check a supplement.

    >>> planner = DietPlanner()
    >>> planner.food[0].value = "Chia seeds"
    >>> "111 mg of magnesium" in planner.message.value
    True
    """

    ROWS = 5

    def __init__(self):
        names = ["(none)"] + foods()["food"].tolist()
        self.age = w.BoundedFloatText(
            value=30, min=0, max=130, description="age (years)", style=STYLE
        )
        self.sex = w.Dropdown(
            options=["female", "male"],
            value="female",
            description="sex",
            style=STYLE,
        )
        self.stage = w.Dropdown(
            options=["neither", "pregnant", "lactating"],
            value="neither",
            description="pregnant or lactating",
            style=STYLE,
        )
        self.food = [
            w.Dropdown(
                options=names,
                value="(none)",
                description=f"food {i + 1}",
                style=STYLE,
            )
            for i in range(self.ROWS)
        ]
        self.servings = [
            w.BoundedFloatText(
                value=1, min=0, max=20, step=0.5, description="servings", style=STYLE
            )
            for _ in range(self.ROWS)
        ]
        self.supplement = w.BoundedFloatText(
            value=0,
            min=0,
            max=5000,
            step=50,
            description="supplement (mg/day)",
            style=STYLE,
        )
        self.message = w.HTML()
        self.figure = None
        intake = self.update()
        self.figure = chart(IntakeChart(intake))
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
        self.figure.update(intake)
        return intake

    def _ipython_display_(self):
        display(self.view)
