"""The classroom dashboard for a projector: the explorers and the diagrams on one screen.

>>> presets().set_index("preset").loc["six_coffees", "settings"]
{'caffeine_mg_per_day': 600.0}
"""

from __future__ import annotations

import html

import ipywidgets as w
import pandas as pd
from IPython.display import display

from .. import diagrams
from ..scenario import FACTOR_BY_NAME, Scenario, check_value
from .assets import FOLDER
from .assets import text as asset_text
from .buttons import ButtonGroup
from .explorer import Explorer
from .nerve_explorer import NerveExplorer
from .text import DISCLAIMER_HTML


def presets() -> pd.DataFrame:
    """The dashboard's presets: name, label in words, factor settings and why.

    ``settings`` maps factor names to values (see :class:`~twitchlib.Scenario`);
    an empty mapping is the healthy default.

    >>> presets().set_index("preset").loc["six_coffees", "settings"]
    {'caffeine_mg_per_day': 600.0}
    """
    frame = pd.read_csv(FOLDER / "presets.csv", keep_default_na=False)

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


def projector_layout(figure):
    """Let the chart fill its box (sized by the dashboard's CSS) with larger text."""
    figure.layout.height = None
    figure.update_layout(autosize=True, font={"size": 16}, margin={"t": 50, "b": 50})
    return figure


class Dashboard:
    """The classroom dashboard for a projector: one screen, no scrolling, in every state.

    The twitch explorer, the nerve explorer and the diagrams (``twitchlib.diagrams``),
    switched by the view buttons; controls on the left, the likelihood (or the spike
    count) large on the right above the main chart. The twitch explorer's waterfall
    reads in percentage points from the healthy likelihood, each bar labelled. The
    explanation takes the chart's place behind a "Why?" toggle, so opening it pushes
    nothing off the screen; alerts (emergencies) and cautions stay in view, in words,
    and shrink the chart rather than push it away. The
    presets a teacher can click mark the one in force (a tick and ``aria-pressed``),
    apart from the view buttons; Reset. The page is a column as high as the screen:
    the header, the panes, and the teaching-model notice on the last line. Fits
    1280×720 and 1920×1080 (checked in a browser by the tests).

    >>> board = Dashboard()
    >>> board.choose_preset("six_coffees").twitch.scenario.caffeine_mg_per_day
    600.0
    >>> board.presets_group.value
    'six_coffees'
    >>> board.twitch.set(stress=3) and board.presets_group.value
    ''
    """

    def __init__(
        self, twitch: Explorer | None = None, nerve: NerveExplorer | None = None
    ):
        self.twitch = twitch or Explorer()
        self.nerve = nerve or NerveExplorer()
        self.presets = presets()
        # Built once: the explorer asks which preset it shows at every slider move.
        self.preset_scenarios = [
            (row.preset, Scenario(**row.settings)) for row in self.presets.itertuples()
        ]
        # On a projector the bars read in percentage points (no logistic curve here).
        self.twitch.waterfall.chart.scale = "points"
        # The same chart objects, drawn once more with the projector's layout; later
        # updates patch only their traces, so the layout stays.
        for shown in (self.twitch.waterfall, self.nerve.figure):
            shown.draw(projector_layout(shown.chart.figure()), shown.chart.summary())
        self.switch = ButtonGroup(
            [
                ("twitch", "Twitch explorer", "Why muscles twitch"),
                (
                    "nerve",
                    "Inside the nerve",
                    "Calcium, magnesium and a nerve membrane",
                ),
                (
                    "pictures",
                    "Pictures",
                    "Diagrams of the junction, the membrane and the fibre",
                ),
            ],
            value="twitch",
            label="View",
            kind="views",
        )
        self.presets_group = ButtonGroup(
            [(row.preset, row.label, row.why) for row in self.presets.itertuples()],
            label="Presets",
            caption="Presets:",
            kind="presets",
        )
        self.presets_group.observe(self._on_preset, names="value")
        self.reset_button = w.Button(
            description="Reset", tooltip="Back to the healthy default"
        )
        self.reset_button.on_click(lambda _: self.reset())
        self.reset_button.add_class("twitchlib-reset")

        t = self.twitch
        sliders = [c for c in t.controls.values() if not isinstance(c, w.Checkbox)]
        boxes = [c for c in t.controls.values() if isinstance(c, w.Checkbox)]
        t.on_assess(self._mark_preset)
        self.why = ButtonGroup(
            [("why", "Why? One line per factor", "The reasons in place of the chart")],
            label="Why",
            kind="toggle",
            toggles=True,
        )
        self.why.observe(lambda change: self._show_why(bool(change["new"])), "value")
        # The reasons take the chart's place behind "Why?"; the emergencies (the
        # alerts) and the cautions stay in view, in words, wherever the number is.
        self.reasons = w.VBox([t.explanation])
        self.reasons.add_class("twitchlib-explanation-pane")
        t.waterfall.add_class("twitchlib-main-chart")
        t.notice.add_class("twitchlib-alerts")
        t.note.add_class("twitchlib-cautions")
        self.twitch_pane = w.HBox(
            [
                w.VBox([*sliders, w.VBox(boxes)], layout=w.Layout(flex="0 0 36%")),
                w.VBox(
                    [t.notice, t.headline, t.waterfall, self.reasons, t.note, self.why],
                    layout=w.Layout(flex="1 1 auto", min_width="0"),
                ),
            ]
        )
        n = self.nerve
        n.figure.add_class("twitchlib-main-chart")
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
        header = w.HBox([self.switch, self.presets_group, self.reset_button])
        header.add_class("twitchlib-header")
        self.view = w.VBox(
            [
                w.HTML(f"<style>{asset_text('dashboard.css')}</style>"),
                header,
                self.twitch_pane,
                self.nerve_pane,
                self.pictures_pane,
                w.HTML(DISCLAIMER_HTML),
            ]
        )
        self.view.add_class("twitchlib-dashboard")
        self._show("twitch")
        self._show_why(False)
        self._mark_preset()

    def matching_preset(self) -> str:
        """The preset whose settings the twitch explorer shows now, or ``""``.

        >>> Dashboard().matching_preset()
        'healthy'
        """
        for preset, scenario in self.preset_scenarios:
            if self.twitch.scenario == scenario:
                return preset
        return ""

    def _mark_preset(self, _assessment=None) -> None:
        self.presets_group.value = self.matching_preset()

    def _on_preset(self, change) -> None:
        if change["new"]:
            self.choose_preset(change["new"])

    def _show_why(self, shown: bool) -> None:
        """The reasons in the chart's place (and back): the screen's height stays."""
        # Classes, not layout.display: the dashboard's CSS sets these parts' display.
        if shown:
            self.twitch.waterfall.add_class("twitchlib-folded")
            self.reasons.remove_class("twitchlib-folded")
        else:
            self.twitch.waterfall.remove_class("twitchlib-folded")
            self.reasons.add_class("twitchlib-folded")
        if self.why.value != ("why" if shown else ""):
            self.why.value = "why" if shown else ""

    def _draw_picture(self) -> None:
        self.picture.value = (
            f"<figure class='twitchlib-diagram'>"
            f"{diagrams.svg(self.picture_choice.value)}</figure>"
        )

    def _show(self, which: str) -> None:
        self.twitch_pane.layout.display = "flex" if which == "twitch" else "none"
        self.nerve_pane.layout.display = "flex" if which == "nerve" else "none"
        self.pictures_pane.layout.display = "flex" if which == "pictures" else "none"
        # Presets belong to the twitch explorer; Reset works on the explorers.
        self.presets_group.layout.visibility = (
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
        display(self.view)


NERVE_NOTE = (
    "Lower calcium or magnesium outside the membrane: fewer divalent ions screen"
    " its negative surface charge, the sodium gates open at less depolarisation,"
    " and the nerve fires more easily, in the end on its own. The membrane is the"
    " squid giant axon's of Hodgkin and Huxley, not a human nerve."
)
