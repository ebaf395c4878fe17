"""Charts of magnesium in food: the richest sources, and one day's intake against the RDA.

>>> import twitchlib as tl
>>> IntakeChart(tl.daily_intake({"Banana": 1}, 30, "male")).title()
'Magnesium from food: 32 mg of 400 mg'
"""

from __future__ import annotations

import pandas as pd

from ..diet import Intake
from .base import Patch, redrawn
from .style import OKABE_ITO, PALETTE, graph_objects, styled


class IntakeChart:
    """A stacked bar of the day's foods (mg/day) against the RDA line."""

    def __init__(self, intake: Intake):
        self.intake = intake

    def title(self) -> str:
        i = self.intake
        return f"Magnesium from food: {i.total_mg:.0f} mg of {i.rda_mg:.0f} mg"

    def figure(self):
        go = graph_objects()
        intake = self.intake
        fig = go.Figure()
        for i, row in enumerate(intake.items.itertuples()):
            fig.add_trace(
                go.Bar(
                    x=["today"],
                    y=[row.mg],
                    name=f"{row.food} × {row.servings:g}",
                    marker_color=PALETTE[i % len(PALETTE)],
                )
            )
        fig.add_hline(
            y=intake.rda_mg,
            line_dash="dash",
            line_color=OKABE_ITO["black"],
            annotation_text=f"RDA {intake.rda_mg:.0f} mg",
        )
        fig.update_layout(barmode="stack")
        return styled(fig, self.title(), "", "magnesium (mg/day)")

    def summary(self) -> str:
        """The day's total against the RDA, in words (see :meth:`Intake.summary`)."""
        return self.intake.summary()

    def update(self, intake: Intake) -> Patch:
        """Another day: one bar per food, so the whole figure changes."""
        self.intake = intake
        return redrawn(self)


class FoodsChart:
    """The richest food sources of magnesium (mg per serving), coloured by food group.

    >>> import twitchlib as tl
    >>> FoodsChart(tl.foods()).summary().startswith("Of the 15 richest foods")
    True
    """

    def __init__(self, foods: pd.DataFrame, top: int = 15):
        self.foods, self.top = foods, top

    def title(self) -> str:
        return f"The {self.top} richest sources of magnesium per serving"

    def figure(self):
        go = graph_objects()
        data = self.foods.nlargest(self.top, "mg_per_serving").iloc[::-1]
        fig = go.Figure()
        for i, (group, rows) in enumerate(data.groupby("food_group", sort=True)):
            fig.add_trace(
                go.Bar(
                    x=rows["mg_per_serving"],
                    y=rows["food"] + " (" + rows["serving"] + ")",
                    orientation="h",
                    name=group,
                    marker_color=PALETTE[i % len(PALETTE)],
                )
            )
        fig.update_yaxes(
            categoryorder="array",
            categoryarray=(data["food"] + " (" + data["serving"] + ")").tolist(),
        )
        return styled(
            fig, self.title(), "magnesium (mg per serving)", "food", height=520
        )

    def summary(self) -> str:
        """The richest food, and how many of the top foods are nuts and seeds."""
        data = self.foods.nlargest(self.top, "mg_per_serving")
        first = data.iloc[0]
        return (
            f"Of the {self.top} richest foods, {first.food.lower()} lead with"
            f" {first.mg_per_serving:g} mg per {first.serving};"
            f" {(data.food_group == 'nuts and seeds').sum()} are nuts and seeds."
        )
