"""The apps of the lessons, built from the charts and the models (ipywidgets, anywidget).

Controls (:func:`labelled_slider`, :func:`factor_control`), the chart widget
(:func:`chart`), what is written beside the charts (:func:`table`, alerts, notes),
the twitch explorer, the nerve explorer, the classroom dashboard, the demos and a
generic choice question. Every control has a visible label; every chart has a text
line beside it. ``import twitchlib`` does not load this package (ipywidgets and
plotly are slow to import): ``import twitchlib.ui`` or use ``twitchlib.ui``.

anywidget's hot reload works on the browser-side files in ``twitchlib/assets``:
start JupyterLab with ``ANYWIDGET_HMR=1`` and edit ``chart.js`` or ``slider.js``.
"""

from .chart import ChartWidget, PlotlyLibrary, chart, plotly_library
from .choice import ChoiceQuestion
from .controls import STYLE, LabelledSlider, factor_control, labelled_slider
from .dashboard import NERVE_NOTE, Dashboard, presets, projector_layout
from .demos import DietPlanner, PropagationDemo
from .explorer import Explorer, explorer
from .nerve_explorer import NerveExplorer
from .prediction import PredictionBox
from .text import DISCLAIMER_HTML, explanation_html, notes_html, notices_html, table

__all__ = [
    "DISCLAIMER_HTML",
    "NERVE_NOTE",
    "STYLE",
    "ChartWidget",
    "ChoiceQuestion",
    "Dashboard",
    "DietPlanner",
    "Explorer",
    "LabelledSlider",
    "NerveExplorer",
    "PlotlyLibrary",
    "PredictionBox",
    "PropagationDemo",
    "chart",
    "explanation_html",
    "explorer",
    "factor_control",
    "labelled_slider",
    "notes_html",
    "notices_html",
    "plotly_library",
    "presets",
    "projector_layout",
    "table",
]
