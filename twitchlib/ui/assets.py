"""Where the browser-side files of the apps live (``twitchlib/assets``).

>>> (FOLDER / "chart.js").is_file()
True
"""

from __future__ import annotations

from pathlib import Path

FOLDER = Path(__file__).resolve().parent.parent / "assets"


def text(name: str) -> str:
    """The text of a browser-side file shipped in ``twitchlib/assets``."""
    return (FOLDER / name).read_text(encoding="utf-8")
