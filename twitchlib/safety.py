"""The safety notice, written once: every page, widget, command and explanation uses it.

twitchlib teaches; it does not diagnose. The notice has two parts that every
variant is built from: a headline (:data:`HEADLINE`, for banners and the command's
help) and the caveat (:data:`CAVEAT`). :data:`NOTICE` is the full sentence that
``twitchlib.DISCLAIMER`` and the course website show.

>>> from twitchlib import safety
>>> safety.NOTICE.endswith(safety.CAVEAT)
True
>>> "healthcare provider" in safety.notice_html()
True
"""

from __future__ import annotations

import html

__all__ = ["CAVEAT", "HEADLINE", "NOTICE", "SHORT_NOTICE", "notice_html"]

HEADLINE = "Teaching model, not medical advice."
"""The notice in four words, for banners and headings."""

CAVEAT = (
    "Its weights are illustrative. Persistent twitching is for a healthcare provider"
    " to assess."
)
"""What the headline means for a reader: the numbers are illustrative; see a professional."""

NOTICE = (
    f"twitchlib is a teaching model, not a diagnostic tool or medical advice. {CAVEAT}"
)
"""The whole notice, as one paragraph of plain text."""

SHORT_NOTICE = HEADLINE
"""The notice where one line fits (the ``twitchlib`` command's help)."""


def notice_html() -> str:
    """The notice as an HTML paragraph (class ``twitchlib-disclaimer``), headline in bold.

    >>> notice_html().startswith("<p class='twitchlib-disclaimer'><b>Teaching model")
    True
    """
    return (
        f"<p class='twitchlib-disclaimer'><b>{html.escape(HEADLINE)}</b>"
        f" {html.escape(CAVEAT)}</p>"
    )
