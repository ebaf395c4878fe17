"""Deprecated: the apps moved to :mod:`twitchlib.ui`, the self-checks to :mod:`twitchlib.lessons.activities`.

``import twitchlib.widgets`` keeps old notebooks working: every old name is still
here (``tl.widgets.chart``, ``tl.widgets.Explorer``, ``tl.widgets.quiz``, …), with a
``DeprecationWarning`` on import. New code: ``tl.ui.chart(tl.charts.WaterfallChart(a))``,
``tl.ui.Explorer()``, ``tl.lessons.activities.quiz(3)``.
"""

from __future__ import annotations

import warnings

from .lessons.activities import (
    case_exercises,
    check_answer,
    claim_verdicts,
    judge_case,
    quiz,
    quiz_questions,
)
from .ui import (
    DISCLAIMER_HTML,
    NERVE_NOTE,
    Dashboard,
    DietPlanner,
    Explorer,
    LabelledSlider,
    NerveExplorer,
    PlotlyLibrary,
    PropagationDemo,
    chart,
    explanation_html,
    explorer,
    factor_control,
    labelled_slider,
    notices_html,
    presets,
    table,
)
from .ui import ChartWidget as Chart

warnings.warn(
    "twitchlib.widgets is deprecated: use twitchlib.ui (apps, charts, tables) and"
    " twitchlib.lessons.activities (quiz, case_exercises, claim_verdicts, judge_case)",
    DeprecationWarning,
    stacklevel=2,
)

__all__ = [
    "DISCLAIMER_HTML",
    "NERVE_NOTE",
    "Chart",
    "Dashboard",
    "DietPlanner",
    "Explorer",
    "LabelledSlider",
    "NerveExplorer",
    "PlotlyLibrary",
    "PropagationDemo",
    "case_exercises",
    "chart",
    "check_answer",
    "claim_verdicts",
    "explanation_html",
    "explorer",
    "factor_control",
    "judge_case",
    "labelled_slider",
    "notices_html",
    "presets",
    "quiz",
    "quiz_questions",
    "table",
]
