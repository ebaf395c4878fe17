"""The chart widget: a plotly chart named and described for screen readers.

plotly's own FigureWidget carries the whole of plotly.js (about 5 MB) in each chart's
module; anywidget gives a module 2 s to load before it stops passing on the chart's
updates, which a busy laptop can miss. Here plotly.js reaches the page once per
kernel (:class:`PlotlyLibrary`), and a chart's module is a few kilobytes.

>>> from twitchlib import charts
>>> shown = chart(charts.LogisticChart())
>>> shown.label, shown.summary.startswith("The S-shaped logistic curve")
('From log-odds to likelihood: the logistic curve', True)
"""

from __future__ import annotations

import base64
import json
from functools import cache
from pathlib import Path
from types import SimpleNamespace

import anywidget
import ipywidgets
import numpy as np
import plotly
import traitlets

from ..charts import Chart, Patch
from .assets import FOLDER


class PlotlyLibrary(anywidget.AnyWidget):
    """plotly.js, sent to the page once per kernel and shared by every :class:`ChartWidget`.

    A chart's module waits for this library without a time limit.
    """

    _esm = FOLDER / "plotly_library.js"
    source = traitlets.Unicode("").tag(sync=True)


@cache
def plotly_library() -> PlotlyLibrary:
    """The one :class:`PlotlyLibrary` of this kernel (plotly.js is read once)."""
    path = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    return PlotlyLibrary(source=path.read_text(encoding="utf-8"))


class ChartWidget(anywidget.AnyWidget):
    """A plotly chart with an accessible name (its title) and description (its summary).

    The chart is drawn inside an element with ``role="img"``, ``aria-label`` and
    ``aria-describedby`` pointing at the one-line summary shown under it. Give it a
    chart object (:mod:`twitchlib.charts`) or a plotly figure with its summary.
    :meth:`update` follows a new input of its chart object with the chart's minimal
    :class:`~twitchlib.charts.Patch`; :meth:`draw` replaces the whole figure.
    ``data`` and ``layout`` read back what was last sent.
    """

    _esm = FOLDER / "chart.js"
    _css = FOLDER / "chart.css"
    figure = traitlets.Unicode("{}").tag(sync=True)
    # plotly's template (the chart's look, about 7 kB of JSON) travels apart from
    # the figure, so an update sends it only when it changes, not on every key press.
    template = traitlets.Unicode("").tag(sync=True)
    summary = traitlets.Unicode("").tag(sync=True)
    label = traitlets.Unicode("").tag(sync=True)
    library = traitlets.Instance(PlotlyLibrary).tag(
        sync=True, **ipywidgets.widget_serialization
    )

    def __init__(self, shown, summary: str | None = None, label=None, **kwargs):
        super().__init__(library=plotly_library(), **kwargs)
        self.chart: Chart | None = None
        self.draw(shown, summary, label)

    def draw(self, shown, summary: str | None = None, label: str | None = None):
        """Send a whole new figure: a chart object, or a plotly figure (with its summary)."""
        if isinstance(shown, Chart):
            self.chart = shown
            figure = shown.figure()
            summary = shown.summary() if summary is None else summary
        else:
            figure = shown
        # Trace uids name the traces a patch changes (plotly drops them by default).
        self._spec = json.loads(figure.to_json(remove_uids=False))
        template = self._spec.get("layout", {}).pop("template", None)
        self.template = json.dumps(template) if template else ""
        return self._push(summary, label)

    def update(self, *new_input, **options):
        """Follow a new input of the chart object shown (e.g. a new assessment), cheaply.

        The chart object returns only what changed (:class:`~twitchlib.charts.Patch`).
        Building a plotly figure costs tens of milliseconds (its template is copied
        and checked); a slider moves faster than that, so a patch edits the figure's
        JSON instead.
        """
        if self.chart is None:
            raise TypeError(
                "this chart was drawn from a plotly figure, not a chart object:"
                " give the new figure to draw()"
            )
        return self.apply(self.chart.update(*new_input, **options))

    def apply(self, patch: Patch):
        """Apply a :class:`~twitchlib.charts.Patch`: trace values by uid, title, summary."""
        if patch.figure is not None:
            return self.draw(patch.figure, patch.summary)
        traces = {trace.get("uid"): trace for trace in self._spec["data"]}
        for uid, values in patch.traces.items():
            if uid not in traces:
                raise KeyError(
                    f"no trace with uid {uid!r} in this chart; it has"
                    f" {', '.join(str(u) for u in traces)}"
                )
            traces[uid].update({k: _plain(v) for k, v in values.items()})
        if patch.title is not None:
            self._spec["layout"].setdefault("title", {})["text"] = patch.title
        return self._push(patch.summary, None)

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
        """The title and height last sent (``chart.layout.title.text``)."""
        layout = self._spec.get("layout", {})
        return SimpleNamespace(
            title=SimpleNamespace(text=layout.get("title", {}).get("text")),
            height=layout.get("height"),
        )


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
        return np.frombuffer(
            base64.b64decode(value["bdata"]), dtype=value["dtype"]
        ).tolist()
    return value


def chart(shown, summary: str | None = None, label: str | None = None) -> ChartWidget:
    """Show a chart with its one-line summary, named and described for screen readers.

    ``shown`` is a chart object of :mod:`twitchlib.charts` (it knows its summary),
    or a plotly figure with its ``summary``. ``label`` is the chart's accessible
    name (default: its title). Use it instead of ``figure.show()`` in lessons.
    """
    return ChartWidget(shown, summary, label)
