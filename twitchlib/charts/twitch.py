"""Charts of the likelihood model: causes, the waterfall, the logistic curve, sweeps, heatmaps.

>>> import twitchlib as tl
>>> chart = WaterfallChart(tl.assess(tl.Scenario(caffeine_mg_per_day=600)))
>>> chart.title()
'Likelihood 14% (healthy 11%): what each factor adds'
>>> chart.update(tl.assess()).summary
'All factors at their healthy defaults: likelihood 11%.'
>>> print(chart.update(tl.assess(tl.Scenario(proton_pump_inhibitor=True))).summary)
No factor shifts the likelihood from the healthy 11%. Long-term proton-pump inhibitor: hardly changes the chance; where nothing was measured it lowers serum magnesium to 0.75 mmol/L, inside the normal range.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..knowledge import cause_scenario, mechanisms
from ..likelihood import (
    Assessment,
    assess,
    emergency_region,
    emergency_summary,
    sweep,
)
from ..scenario import FACTOR_BY_NAME, HEALTHY, Scenario
from .base import Patch
from .style import OKABE_ITO, PALETTE, axis_label, graph_objects, styled

LIKELIHOOD_AXIS = "likelihood of a noticed twitch in 7 days (%)"

# --- causes as data ---------------------------------------------------------------


class CausesByMechanismChart:
    """A bar chart: how many causes use each mechanism (a cause can use several).

    >>> import twitchlib as tl
    >>> CausesByMechanismChart(tl.causes()).title()
    'Causes of twitching by mechanism'
    """

    def __init__(self, causes: pd.DataFrame):
        self.causes = causes

    def title(self) -> str:
        return "Causes of twitching by mechanism"

    def figure(self):
        go = graph_objects()
        names = mechanisms().set_index("mechanism")["name"]
        counts = self.causes.explode("mechanism")["mechanism"].value_counts()
        counts = counts.reindex(names.index).dropna().astype(int).sort_values()
        fig = go.Figure(
            go.Bar(
                x=counts.values,
                y=[names[m] for m in counts.index],
                orientation="h",
                marker_color=OKABE_ITO["blue"],
            )
        )
        return styled(fig, self.title(), "number of causes", "mechanism")

    def summary(self) -> str:
        """How many causes and mechanisms, and the most shared mechanism."""
        counts = self.causes.explode("mechanism")["mechanism"].value_counts()
        name = mechanisms().set_index("mechanism")["name"][counts.index[0]]
        return (
            f"{len(self.causes)} causes use {len(counts)} mechanisms; the most shared is"
            f" {name.lower()} ({counts.iloc[0]} causes)."
        )


class CausesEffectChart:
    """Each cause switched on alone: likelihood (%) against the healthy default.

    >>> import twitchlib as tl
    >>> CausesEffectChart(tl.causes()).summary().startswith("Alone, ")
    True
    """

    def __init__(self, causes: pd.DataFrame):
        self.causes = causes

    def title(self) -> str:
        return "One cause at a time: likelihood of a noticed twitch in 7 days"

    def effects(self) -> pd.DataFrame:
        """One row per cause: name, category, likelihood (0–1) alone, and ``label``.

        A cause set by a lab value (a serum level) rests on the lab's landmarks; every
        other cause's size is an illustrative setting of the lesson, and its label says
        so ("… (illustrative)").
        """
        scenarios = [cause_scenario(c) for c in self.causes["cause"]]
        lab_defined = [bool(s.measured()) for s in scenarios]
        return pd.DataFrame(
            {
                "name": self.causes["name"],
                "label": [
                    n if lab else f"{n} (illustrative)"
                    for n, lab in zip(self.causes["name"], lab_defined, strict=True)
                ],
                "likelihood": [assess(s).likelihood for s in scenarios],
                "category": self.causes["category"],
                "lab_defined": lab_defined,
            }
        )

    def figure(self):
        go = graph_objects()
        rows = self.effects().sort_values("likelihood")
        fig = go.Figure()
        for i, (category, group) in enumerate(rows.groupby("category", sort=True)):
            fig.add_trace(
                go.Bar(
                    x=group["likelihood"] * 100,
                    y=group["label"],
                    orientation="h",
                    name=category,
                    marker_color=PALETTE[i % len(PALETTE)],
                )
            )
        baseline = assess(HEALTHY).likelihood * 100
        fig.add_vline(
            x=baseline,
            line_dash="dot",
            line_color=OKABE_ITO["black"],
            annotation_text=f"healthy default {baseline:.0f}%",
        )
        fig.update_yaxes(categoryorder="array", categoryarray=rows["label"].tolist())
        return styled(fig, self.title(), "likelihood (%)", "cause", height=480)

    def summary(self) -> str:
        """How many causes alone raise the likelihood, which most, which hardly at all."""
        rows = self.effects()
        effects = dict(zip(rows["name"], rows["likelihood"], strict=True))
        healthy = assess(HEALTHY).likelihood
        top = max(effects, key=effects.get)
        # A shift under 0.05 log-odds reads as about no change (Assessment.reads).
        odds = healthy / (1 - healthy)
        flat = [n for n, v in effects.items() if v / (1 - v) < odds * math.exp(0.05)]
        text = (
            f"Alone, {len(effects) - len(flat)} of {len(effects)} causes raise the"
            f" likelihood above the healthy {healthy:.0%}: most {top}"
            f" ({effects[top]:.0%})."
        )
        if flat:
            text += f" About no change: {', '.join(flat)}."
        if not rows["lab_defined"].all():
            text += (
                " Bars marked illustrative rest on the lesson's settings, not on lab"
                " landmarks."
            )
        return text


# --- the twitch explorer ---------------------------------------------------------


class WaterfallChart:
    """What each factor adds, from the healthy default to this scenario, as a waterfall.

    ``scale="log-odds"`` (the lessons, beside the logistic curve) shows each factor's
    log-odds shift, the model's own scale, on which the factors add up.
    ``scale="points"`` (the projector's dashboard) starts at the healthy likelihood
    and shows each factor's share of the change in percentage points, ending at this
    scenario's likelihood; the shares are Shapley values over the likelihood itself
    (:attr:`~twitchlib.Assessment.likelihood_shares`), so they add up exactly and
    no factor's order favours it. Every bar carries its value as a label.

    :meth:`update` sends only the bars, the title and the summary (one trace, uid
    ``"bars"``), which is what a slider needs.

    >>> import twitchlib as tl
    >>> chart = WaterfallChart(tl.assess(tl.Scenario(stress=8)))
    >>> list(chart.data()["step"])
    ['healthy default', 'Stress and anxiety', 'this scenario']
    >>> points = WaterfallChart(tl.assess(tl.Scenario(stress=8)), scale="points")
    >>> list(points.data()["label"])
    ['11%', '+9.4 pts', '21%']
    """

    SCALES = ("log-odds", "points")

    def __init__(self, assessment: Assessment, scale: str = "log-odds"):
        if scale not in self.SCALES:
            raise ValueError(
                f"scale must be 'log-odds' or 'points' (percentage points), not {scale!r}"
            )
        self.assessment = assessment
        self.scale = scale

    @property
    def column(self) -> str:
        """The name of :meth:`data`'s column holding the bars' values."""
        return "log_odds_shift" if self.scale == "log-odds" else "points"

    def data(self) -> pd.DataFrame:
        """The bars: the healthy start, each changed factor, and the total.

        Log-odds (column ``log_odds_shift``) or percentage points (column ``points``,
        the start and the total in percent); ``label`` is the text on each bar.
        """
        a = self.assessment
        p = a.baseline_likelihood
        if self.scale == "log-odds":
            start, total = float(np.log(p / (1 - p))), a.log_odds
            shares = a.contributions

            def label(value: float) -> str:
                return f"{value:+.2f}"

            ends = (f"{start:.2f}", f"{total:.2f}")
        else:
            start, total = 100 * p, 100 * a.likelihood
            shares = {k: 100 * v for k, v in a.likelihood_shares.items()}

            def label(value: float) -> str:
                return f"{value:+.1f} pts"

            ends = (f"{p:.0%}", f"{a.likelihood:.0%}")
        rows = [
            {
                "step": "healthy default",
                self.column: start,
                "measure": "absolute",
                "label": ends[0],
            }
        ]
        for name, shift in a.contributions.items():
            # A factor is shown when it moves the log-odds (the model's verdict of
            # whether it acts at all), on either scale, so both show the same bars.
            if abs(shift) > 1e-12:
                value = shares.get(name, 0.0)
                rows.append(
                    {
                        "step": FACTOR_BY_NAME[name].label,
                        self.column: value,
                        "measure": "relative",
                        "label": label(value),
                    }
                )
        rows.append(
            {
                "step": "this scenario",
                self.column: total,
                "measure": "total",
                "label": ends[1],
            }
        )
        return pd.DataFrame(rows)

    def figure(self):
        go = graph_objects()
        data = self.data()
        fig = go.Figure(
            go.Waterfall(
                uid="bars",
                x=data["step"],
                y=data[self.column],
                measure=data["measure"],
                text=data["label"],
                textposition="outside",
                cliponaxis=False,
                increasing={"marker": {"color": OKABE_ITO["vermillion"]}},
                decreasing={"marker": {"color": OKABE_ITO["blue"]}},
                totals={"marker": {"color": OKABE_ITO["grey"]}},
                connector={"line": {"color": OKABE_ITO["grey"]}},
            )
        )
        if self.scale == "log-odds":
            return styled(fig, self.title(), "", "log-odds (see the logistic curve)")
        fig = styled(fig, self.title(), "", "likelihood (%)")
        # From zero, as a share of 100 % reads; the labels may stand above the axis.
        fig.update_yaxes(rangemode="tozero", ticksuffix="%")
        return fig

    def title(self) -> str:
        """The likelihood in whole percent, and the healthy one."""
        a = self.assessment
        return (
            f"Likelihood {a.likelihood:.0%} (healthy {a.baseline_likelihood:.0%}):"
            " what each factor adds"
        )

    def summary(self) -> str:
        """The likelihood, how many factors shift it and which shifts it most."""
        a = self.assessment
        shifts = {k: v for k, v in a.contributions.items() if abs(v) > 1e-12}
        if not shifts:
            changed = [r.summary for r in a.reasons()]
            if not changed:
                return f"All factors at their healthy defaults: likelihood {a.likelihood:.0%}."
            # Something is on (a medicine) yet nothing moved: say what and why.
            return (
                f"No factor shifts the likelihood from the healthy {a.baseline_likelihood:.0%}. "
                + " ".join(changed)
            )
        top = max(shifts, key=lambda k: abs(shifts[k]))
        count = (
            "one factor shifts" if len(shifts) == 1 else f"{len(shifts)} factors shift"
        )
        way = "raises" if shifts[top] > 0 else "lowers"
        size = (
            f"{shifts[top]:+.1f} on the log-odds scale"
            if self.scale == "log-odds"
            else f"{100 * a.likelihood_shares[top]:+.1f} percentage points"
        )
        return (
            f"Likelihood {a.likelihood:.0%} against {a.baseline_likelihood:.0%}"
            f" healthy; {count} it, and {FACTOR_BY_NAME[top].label.lower()} {way} it"
            f" most ({size})."
        )

    def update(self, assessment: Assessment) -> Patch:
        """Follow a new assessment: new bars, title and summary."""
        self.assessment = assessment
        data = self.data()
        bars = {
            "x": list(data["step"]),
            "y": list(data[self.column]),
            "measure": list(data["measure"]),
            "text": list(data["label"]),
        }
        return Patch({"bars": bars}, self.title(), self.summary())


class LogisticChart:
    """The logistic curve that turns log-odds into a likelihood, for introducing log-odds.

    Log-odds add up factor by factor; the curve turns their total into a likelihood
    between 0 and 100 %. Marks the healthy default and, if given, a scenario.

    >>> LogisticChart().figure().layout.xaxis.title.text
    'log-odds (the model adds these up, factor by factor)'
    """

    def __init__(self, assessment: Assessment | None = None):
        self.assessment = assessment

    def title(self) -> str:
        return "From log-odds to likelihood: the logistic curve"

    def figure(self):
        go = graph_objects()
        log_odds = np.linspace(-6, 6, 241)
        fig = go.Figure(
            go.Scatter(
                x=log_odds,
                y=100 / (1 + np.exp(-log_odds)),
                mode="lines",
                name="likelihood",
                line={"color": OKABE_ITO["blue"], "width": 3},
            )
        )
        healthy = assess(HEALTHY)
        points = [("healthy default", healthy, OKABE_ITO["black"], "bottom right")]
        if self.assessment is not None:
            points.append(
                ("this scenario", self.assessment, OKABE_ITO["vermillion"], "top left")
            )
        for name, a, colour, position in points:
            fig.add_scatter(
                x=[a.log_odds],
                y=[a.likelihood * 100],
                mode="markers+text",
                name=name,
                text=[f"{name}: {a.likelihood:.0%}"],
                textposition=position,
                marker={"size": 13, "color": colour},
                textfont={"color": "#1A1A1A"},
            )
        fig.add_annotation(
            x=0,
            y=50,
            text="log-odds 0 = even chance (50%)",
            showarrow=True,
            ax=60,
            ay=40,
            font={"color": "#1A1A1A"},
        )
        fig.update_yaxes(range=[0, 100])
        fig.update_layout(showlegend=False)
        return styled(
            fig,
            self.title(),
            "log-odds (the model adds these up, factor by factor)",
            LIKELIHOOD_AXIS,
        )

    def summary(self) -> str:
        """What the curve does, and where the healthy default (and the scenario) sit."""
        healthy = assess(HEALTHY)
        text = (
            "The S-shaped logistic curve turns log-odds into a likelihood: 0 is an even"
            " chance (50%), each step of +1 multiplies the odds by about 2.7, and the"
            " curve flattens near 0% and 100%. The healthy default sits at log-odds"
            f" {healthy.log_odds:.1f}, a likelihood of {healthy.likelihood:.0%}"
        )
        if self.assessment is not None:
            text += (
                f"; this scenario at {self.assessment.log_odds:.1f}, a likelihood of"
                f" {self.assessment.likelihood:.0%}"
            )
        return text + "."


def _sweep_text(factor: str, curve: pd.DataFrame) -> str:
    first, last = curve.iloc[0], curve.iloc[-1]
    unit = FACTOR_BY_NAME[factor].unit
    text = (
        f"From {first[factor]:g} to {last[factor]:g} {unit}, the likelihood goes from"
        f" {first.likelihood:.0%} to {last.likelihood:.0%}."
    )
    if emergency_region(curve).any():
        text += " " + emergency_summary(curve)  # named in words, not only a number
    return text


class SweepChart:
    """Likelihood along one factor, one line per base scenario (default: healthy).

    ``bases`` is one scenario or named scenarios (one line each); the summary has one
    clause per line of the chart.

    >>> SweepChart("caffeine_mg_per_day", [0, 600], {"healthy": Scenario()}).summary()
    'From 0 to 600 mg/day: healthy goes from 11% to 14%.'
    >>> SweepChart("caffeine_mg_per_day", [0, 600], Scenario()).summary()
    'From 0 to 600 mg/day, the likelihood goes from 11% to 14%.'
    """

    def __init__(
        self,
        factor: str,
        values: Sequence[float] | np.ndarray,
        bases: Scenario | dict[str, Scenario] | None = None,
    ):
        self.factor = factor
        self.values = values
        self.bases = bases

    def title(self) -> str:
        return f"Likelihood along {FACTOR_BY_NAME[self.factor].label.lower()}"

    def _named(self) -> dict[str, Scenario]:
        if isinstance(self.bases, dict):
            return self.bases
        if self.bases is None:
            return {"healthy default": HEALTHY}
        return {"this scenario": self.bases}

    def figure(self):
        go = graph_objects()
        fig = go.Figure()
        for i, (name, base) in enumerate(self._named().items()):
            curve = sweep(self.factor, self.values, base)
            fig.add_trace(
                go.Scatter(
                    x=curve[self.factor],
                    y=curve["likelihood"] * 100,
                    mode="lines",
                    name=name,
                    line={
                        "color": PALETTE[i % len(PALETTE)],
                        "width": 3,
                        "dash": ["solid", "dash", "dot", "dashdot"][i % 4],
                    },
                )
            )
        fig.update_yaxes(range=[0, 100])
        return styled(fig, self.title(), axis_label(self.factor), LIKELIHOOD_AXIS)

    def summary(self) -> str:
        """Where each line starts and ends, in whole percent."""
        if not isinstance(self.bases, dict):
            return _sweep_text(self.factor, sweep(self.factor, self.values, self.bases))
        unit = FACTOR_BY_NAME[self.factor].unit
        clauses = []
        for name, scenario in self.bases.items():
            curve = sweep(self.factor, self.values, scenario)
            first, last = curve.iloc[0], curve.iloc[-1]
            clauses.append(
                f"{name} goes from {first.likelihood:.0%} to {last.likelihood:.0%}"
            )
            region = emergency_region(curve)
            if region.any():
                words = sorted(set("; ".join(curve.emergency[region]).split("; ")))
                clauses[-1] += (
                    f", in an emergency range at {region.sum()} of {len(curve)} points"
                    f" ({', '.join(words)})"
                )
        values = self.values
        text = f"From {values[0]:g} to {values[-1]:g} {unit}: " + "; ".join(clauses)
        text += "."
        if "emergency range" in text:
            text += " There the likelihood is not the point: get urgent medical help."
        return text


class ScenarioSweepChart:
    """The explorer's curve: likelihood along one factor from a scenario, the scenario marked.

    Two traces, uid ``"curve"`` and ``"marker"``; :meth:`update` sends their new values.

    >>> chart = ScenarioSweepChart("caffeine_mg_per_day", [0, 600], Scenario())
    >>> chart.update(Scenario(caffeine_mg_per_day=600)).traces["marker"]["x"]
    [600.0]
    """

    def __init__(
        self, factor: str, values: Sequence[float] | np.ndarray, scenario: Scenario
    ):
        self.factor = factor
        self.values = list(values)
        self.scenario = scenario
        self._curve = sweep(factor, self.values, scenario)

    def _name(self) -> str:
        return f"this scenario, varying {FACTOR_BY_NAME[self.factor].label.lower()}"

    def title(self) -> str:
        return f"Likelihood along {FACTOR_BY_NAME[self.factor].label.lower()}"

    def figure(self):
        fig = SweepChart(
            self.factor, self.values, {self._name(): self.scenario}
        ).figure()
        fig.data[0].uid = "curve"
        fig.add_scatter(
            uid="marker",
            x=[getattr(self.scenario, self.factor)],
            y=[assess(self.scenario).likelihood * 100],
            mode="markers",
            name="this scenario",
            marker={"size": 14, "color": OKABE_ITO["vermillion"]},
        )
        return fig

    def summary(self) -> str:
        return _sweep_text(self.factor, self._curve)

    def update(self, scenario: Scenario, assessment: Assessment | None = None) -> Patch:
        """Follow a new scenario (``assessment``: its assessment, if already computed)."""
        self.scenario = scenario
        self._curve = sweep(self.factor, self.values, scenario)
        likelihood = (assessment or assess(scenario)).likelihood
        traces = {
            "curve": {"y": list(self._curve["likelihood"] * 100), "name": self._name()},
            "marker": {
                "x": [float(getattr(scenario, self.factor))],
                "y": [likelihood * 100],
            },
        }
        return Patch(traces, summary=self.summary())
