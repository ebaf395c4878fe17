"""twitchlib: why muscles twitch — a teaching model of the calcium-magnesium balance.

A teaching model, not a diagnostic tool and not medical advice: persistent
twitching is for a healthcare provider to assess.

>>> import twitchlib
>>> result = twitchlib.assess(twitchlib.Scenario(caffeine_mg_per_day=600))
>>> result.likelihood > twitchlib.assess().likelihood
True
"""

# The nerve and the screening rule are public modules: tl.nerve.simulate(...).
from . import nerve, screening
from ._data import (
    DataFileError,
    clear_data_cache,
    load_table,
    table_names,
    validate_all,
)
from .coursework import begin_lesson, exit_ticket, progress, save_exit_ticket
from .diet import Intake, SupplementCheck, daily_intake, foods, rda, supplement_check
from .exercises import check
from .knowledge import (
    alerts,
    caffeine_sources,
    cause_scenario,
    causes,
    claims,
    comparison,
    deficiency_origins,
    facts,
    judge_verdict,
    mechanisms,
    red_flags,
    relief_strategies,
    serum_ranges,
    sources,
)
from .likelihood import (
    MEDIATORS,
    ROUTES,
    Assessment,
    MediatorState,
    Reason,
    assess,
    mediator_values,
    sweep,
)
from .qualitative import Direction, Propagation, causal_model, propagate
from .safety import NOTICE
from .scenario import FACTORS, HEALTHY, Factor, Scenario, factor

__version__ = "0.1.0"
"""The package version; ``pyproject.toml`` reads it from here (hatch's dynamic version)."""

DISCLAIMER = NOTICE
"""The safety notice (from :mod:`twitchlib.safety`, its one source)."""

__all__ = [
    "DISCLAIMER",
    "FACTORS",
    "HEALTHY",
    "MEDIATORS",
    "ROUTES",
    "Assessment",
    "DataFileError",
    "Direction",
    "Factor",
    "Intake",
    "MediatorState",
    "Propagation",
    "Reason",
    "Scenario",
    "alerts",
    "red_flags",
    "SupplementCheck",
    "assess",
    "caffeine_sources",
    "causal_model",
    "cause_scenario",
    "causes",
    "claims",
    "comparison",
    "daily_intake",
    "deficiency_origins",
    "facts",
    "factor",
    "foods",
    "judge_verdict",
    "load_table",
    "mechanisms",
    "mediator_values",
    "nerve",
    "propagate",
    "rda",
    "relief_strategies",
    "screening",
    "serum_ranges",
    "sources",
    "supplement_check",
    "sweep",
    "table_names",
    "validate_all",
    "clear_data_cache",
    "check",
    "begin_lesson",
    "exit_ticket",
    "progress",
    "save_exit_ticket",
]

# Subpackages that load on first use, so ``import twitchlib`` stays quick: the apps
# (ipywidgets, anywidget, plotly), the charts (plotly), the lessons layer, the nerve.
_ON_FIRST_USE = ("charts", "diagrams", "lessons", "nerve", "ui")


def __getattr__(name: str):
    if name in _ON_FIRST_USE:
        import importlib

        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
