"""What the apps write beside their charts: tables, explanations, alerts, notes.

Every renderer returns HTML (or an IPython ``HTML`` object) with words, not internal
names; alerts carry ``role='alert'`` and their own style, so they show as an orange
box in JupyterLab, Voilà and the site alike.

>>> import twitchlib as tl
>>> "role='alert'" in notices_html(tl.assess(tl.Scenario(ionized_calcium=0.8)))
True
>>> notices_html(tl.assess())
''
"""

from __future__ import annotations

import html

import pandas as pd
from IPython.display import HTML

from ..safety import notice_html
from .assets import text as asset_text

DISCLAIMER_HTML = notice_html()
"""The safety notice as HTML (its one source is :mod:`twitchlib.safety`)."""


def table(frame: pd.DataFrame, caption: str | None = None, index: bool = False):
    """A table whose long texts wrap onto several lines instead of being cut off.

    For lesson outputs: every cell is shown whole (no ``...``), text left-aligned,
    column names as they are in ``frame`` (rename them to words first).

    >>> shown = table(pd.DataFrame({"cause": ["Low magnesium"], "why": ["a long sentence"]}))
    >>> "a long sentence" in shown.data and "twitchlib-table" in shown.data
    True
    """
    with pd.option_context("display.max_colwidth", None):
        body = frame.to_html(
            index=index, escape=True, border=0, classes="twitchlib-table"
        )
    if caption:
        body = body.replace(">", f"><caption>{html.escape(caption)}</caption>", 1)
    return HTML(f"<style>{asset_text('table.css')}</style>{body}")


def explanation_html(assessment) -> str:
    """The explanation in HTML: one line per changed factor, its chains behind "why?".

    >>> import twitchlib as tl
    >>> text = explanation_html(tl.assess(tl.Scenario(caffeine_mg_per_day=600)))
    >>> text.count("<li class='twitchlib-reason'>"), "<details>" in text
    (1, True)
    """
    reasons = assessment.reasons()
    if not reasons:
        return "<p class='twitchlib-explanation'>Every factor is at its healthy default.</p>"
    items = []
    for reason in reasons:
        line = html.escape(reason.summary)
        if reason.chains:
            chains = "".join(f"<li>{html.escape(c)}</li>" for c in reason.chains)
            line += (
                f"<details><summary>why?</summary><ul class='twitchlib-chains'>{chains}"
                "</ul></details>"
            )
        items.append(f"<li class='twitchlib-reason'>{line}</li>")
    return f"<ul class='twitchlib-explanation'>{''.join(items)}</ul>"


def _boxed(texts, css_class: str, role: str) -> str:
    if not texts:
        return ""
    body = "".join(f"<p>{html.escape(t)}</p>" for t in texts)
    style = f"<style>{asset_text('alert.css')}</style>"
    return f"{style}<div role='{role}' class='{css_class}'>{body}</div>"


def notices_html(assessment) -> str:
    """Emergency notices of an assessment as a visible alert, or nothing when there are none."""
    return _boxed(assessment.notices, "twitchlib-notice", "alert")


def notes_html(assessment) -> str:
    """The model's notes on an assessment (e.g. on high magnesium), or nothing.

    >>> import twitchlib as tl
    >>> "high magnesium" in notes_html(tl.assess(tl.Scenario(serum_magnesium=1.8)))
    True
    >>> notes_html(tl.assess())
    ''
    """
    return _boxed(assessment.notes, "twitchlib-note", "note")
