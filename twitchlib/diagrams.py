"""Labelled diagrams of the physiology behind the lessons, drawn as SVG files.

Each diagram is a real file in ``twitchlib/assets/diagrams`` with a ``<title>`` and a
``<desc>`` that a screen reader reads, labels in words and a colour-blind-safe
palette. Lessons show one with :func:`show`; :func:`names` lists them.

>>> names()
['calcium_cycle', 'membrane_screening', 'motor_unit']
>>> title("motor_unit")
'A motor unit and its neuromuscular junction'
"""

from __future__ import annotations

import re
from pathlib import Path

FOLDER = Path(__file__).parent / "assets" / "diagrams"


def names() -> list[str]:
    """The diagrams there are, by name."""
    return sorted(p.stem for p in FOLDER.glob("*.svg"))


def path(name: str) -> Path:
    """The SVG file of a diagram; an unknown name is an error that lists the known ones."""
    if name not in names():
        raise ValueError(f"no diagram {name!r}; choose from {', '.join(names())}")
    return FOLDER / f"{name}.svg"


def svg(name: str) -> str:
    """A diagram's SVG text."""
    return path(name).read_text(encoding="utf-8")


def title(name: str) -> str:
    """A diagram's title (its accessible name)."""
    return re.search(r"<title[^>]*>(.*?)</title>", svg(name), re.S).group(1).strip()


def description(name: str) -> str:
    """A diagram's description (what a screen reader reads after the title)."""
    return re.search(r"<desc[^>]*>(.*?)</desc>", svg(name), re.S).group(1).strip()


def show(name: str, width: str = "100%"):
    """Show a diagram in a notebook, scaled to the page, with its title as a caption.

    The SVG is placed inline, so its text stays text (selectable, read aloud) and
    its ``<title>``/``<desc>`` name and describe it.

    >>> "role=\\"img\\"" in show("calcium_cycle").data
    True
    """
    from IPython.display import HTML

    body = svg(name).replace("<svg ", f'<svg style="max-width:{width};height:auto" ', 1)
    return HTML(
        f'<figure class="twitchlib-diagram" style="margin:0.5em 0">{body}</figure>'
    )
