"""The knowledge base: causes of twitching, mechanisms, comparison and relief.

Each accessor returns a fresh DataFrame read from ``data/`` (validated on first
load), so notebooks can filter and chart them freely.
"""

from __future__ import annotations

import re

import pandas as pd

from ._data import VERDICTS, load_table
from .scenario import Scenario, check_value, factor


def causes() -> pd.DataFrame:
    """Every cause of twitching in the source article, one row each.

    Columns: ``cause``, ``name``, ``category``, ``mechanism`` (ids, see
    :func:`mechanisms`), ``acts_on`` (quantities of the causal graph),
    ``scenario_setting`` (the factor setting that switches it on in
    :class:`twitchlib.Scenario`), ``typical_timing``, ``accompanying_symptoms``,
    ``relief_strategy``, ``source``.

    >>> "excessive_caffeine" in set(causes()["cause"])
    True
    """
    return load_table("causes")


def cause_scenario(cause: str) -> Scenario:
    """The :class:`~twitchlib.Scenario` that switches one cause on, all else healthy.

    >>> cause_scenario("dehydration").dehydration_pct
    3.0
    """
    table = causes().set_index("cause")
    if cause not in table.index:
        raise ValueError(f"unknown cause {cause!r}; known: {', '.join(table.index)}")
    settings = {}
    for item in table.loc[cause, "scenario_setting"].split(";"):
        name, _, text = item.partition("=")
        spec = factor(name.strip())
        value = (text.strip() == "True") if spec.is_switch else float(text)
        settings[spec.name] = check_value(spec, value)
    return Scenario(**settings)


def mechanisms() -> pd.DataFrame:
    """The routes to a twitch: the four that low magnesium takes, and the others.

    >>> mechanisms().query("kind == 'low_magnesium'")["mechanism"].tolist()
    ['charge_screening', 'transmitter_release', 'secondary_electrolytes', 'muscle_relaxation']
    """
    return load_table("mechanisms")


def comparison() -> pd.DataFrame:
    """Magnesium deficiency against other causes, feature by feature.

    >>> comparison()["feature"].tolist()[:2]
    ['symptom_profile', 'timing']
    """
    return load_table("comparison")


def deficiency_origins() -> pd.DataFrame:
    """The underlying issues behind a magnesium deficiency (diet, gut, alcohol, ...)."""
    return load_table("deficiency_origins")


def relief_strategies() -> pd.DataFrame:
    """Relief and prevention strategies, which causes they address and any caution."""
    return load_table("relief")


def serum_ranges() -> pd.DataFrame:
    """Serum reference ranges (mmol/L) for magnesium, potassium and calcium."""
    return load_table("serum_ranges")


def caffeine_sources() -> pd.DataFrame:
    """Caffeine per serving of common drinks (mg), with the source."""
    return load_table("caffeine")


def facts() -> pd.DataFrame:
    """Single figures with sources: the Daily Value, caffeine limits, and more."""
    return load_table("nutrition_facts")


def red_flags() -> pd.DataFrame:
    """Signs that need a doctor whatever a model says, with why and what to do.

    Columns: ``flag``, ``sign``, ``why_it_matters``, ``action``, ``lessons`` (where
    they are taught), ``source``.

    >>> "real_weakness" in set(red_flags()["flag"])
    True
    """
    return load_table("red_flags")


def alerts() -> pd.DataFrame:
    """Emergency ranges and out-of-model values, with the words shown for each.

    Columns: ``alert``, ``quantity``, ``comparison``, ``threshold``, ``unit``,
    ``kind`` (``emergency`` or ``outside_model``), ``message``, ``source``.

    >>> alerts().set_index("alert").loc["severe_hypokalaemia", "threshold"]
    np.float64(2.5)
    """
    return load_table("alerts")


def sources() -> pd.DataFrame:
    """Every source key used in ``data/``, with its citation."""
    return load_table("sources")


def claims() -> pd.DataFrame:
    """The source article's claims, paraphrased, graded against the evidence.

    Columns: ``claim``, ``section``, ``source_topic``, ``statement`` (paraphrased),
    ``encoded_in``, ``tests``, ``verdict`` (supported / simplified / contested /
    not supported), ``evidence`` (in plain words) and ``evidence_source``.
    """
    return load_table("claims")


def _short_citation(citation: str) -> str:
    """A citation cut to its authors and year ("Garrison SR, ... (2020)"), or to its
    first sentence where it has no year in brackets."""
    dated = re.match(r".*?\(\d{4}[a-z]?\)", citation)
    return dated.group(0) if dated else citation.split(".")[0]


def judge_verdict(claim: str, verdict: str) -> tuple[bool, str]:
    """Compare a student's verdict on one of the article's claims with the evidence.

    Returns whether it matches the project's grade, and feedback that states the
    grade, the evidence and its sources in words.

    >>> judge_verdict("C17", "supported")[0]
    True
    >>> judge_verdict("C08", "supported")[1][:40]
    'The evidence says: not supported. A twit'
    """
    table = claims().set_index("claim")
    if claim not in table.index:
        raise ValueError(
            f"unknown claim {claim!r}; claims run from {table.index[0]}"
            f" to {table.index[-1]}"
        )
    if verdict not in VERDICTS:
        raise ValueError(
            f"verdict must be one of {', '.join(VERDICTS)} (got {verdict!r})"
        )
    row = table.loc[claim]
    cited = sources().set_index("key")["citation"]
    where = "; ".join(_short_citation(cited[k]) for k in row.evidence_source)
    return verdict == row.verdict, (
        f"The evidence says: {row.verdict}. {row.evidence} (Sources: {where}.)"
    )
