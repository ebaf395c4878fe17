"""What every chart object offers, and what it sends when its scenario changes.

A chart object knows its figure, its title and a one-line summary of what it shows
(for screen readers, and for nbval to compare). One that follows a changing input
(a slider) also has ``update(new_input)``, which returns a :class:`Patch`: only the
trace values, title and summary that changed, with traces named by their ``uid``
rather than by their position in the figure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class Chart(Protocol):
    """A chart: its plotly figure, its title and its one-line summary in words."""

    def figure(self) -> Any: ...

    def title(self) -> str: ...

    def summary(self) -> str: ...


@dataclass(frozen=True)
class Patch:
    """The change from one state of a chart to the next.

    ``traces`` maps a trace's ``uid`` to the values that change
    (e.g. ``{"bars": {"y": [...]}}``); ``figure`` is a whole new figure, for charts
    whose traces come and go. ``title`` and ``summary`` are the new texts.

    >>> Patch({"bars": {"y": [1.0]}}, title="Likelihood 11%").traces["bars"]["y"]
    [1.0]
    """

    traces: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    title: str | None = None
    summary: str | None = None
    figure: Any = None


def redrawn(chart: Chart) -> Patch:
    """A patch that replaces the whole figure (for charts that do not patch traces)."""
    return Patch(figure=chart.figure(), title=chart.title(), summary=chart.summary())
