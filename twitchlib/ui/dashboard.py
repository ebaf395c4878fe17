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
from ..scenario import FACTOR_BY_NAME, check_value
from .assets import FOLDER
from .assets import text as asset_text
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
        self.twitch = twitch or Explorer()
        self.nerve = nerve or NerveExplorer()
        self.presets = presets()
        # The same chart objects, drawn once more with the projector's layout; later
        # updates patch only their traces, so the layout stays.
        for shown in (self.twitch.waterfall, self.nerve.figure):
            shown.draw(projector_layout(shown.chart.figure()), shown.chart.summary())
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
                    [
                        t.notice,
                        t.headline,
                        t.waterfall,
                        t.note,
                        self._why(t.explanation),
                    ],
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

    @staticmethod
    def _why(explanation):
        """The explanation, folded: one line per factor only when a teacher opens it."""
        box = w.Accordion(
            children=[explanation],
            titles=("Why? One line per factor",),
            selected_index=None,
        )
        box.add_class("twitchlib-why")
        return box

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
        display(self.view)


NERVE_NOTE = (
    "Lower calcium or magnesium outside the membrane: fewer divalent ions screen"
    " its negative surface charge, the sodium gates open at less depolarisation,"
    " and the nerve fires more easily, in the end on its own."
)
