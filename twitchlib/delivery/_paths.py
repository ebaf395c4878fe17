"""Where the shipped lessons and documents are, installed or in a source checkout.

A wheel carries ``notebooks/`` as ``twitchlib/notebooks`` and ``docs/`` as
``twitchlib/docs`` (see ``pyproject.toml``); an editable install or a source
checkout keeps them at the top of the repository. (``twitchlib/lessons`` is the
Python package that declares each lesson; the notebooks are not in it.)
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent
# The course site's style sheet and scripts (also the class report's style).
SITE_STATIC = Path(__file__).resolve().parent / "site_static"


def _shipped(installed: str, checkout: str) -> Path:
    inside = _PACKAGE / installed
    return inside if inside.is_dir() else _PACKAGE.parent / checkout


def lessons_dir() -> Path:
    """The folder holding the lesson notebooks (``00_start_here.ipynb`` ...)."""
    return _shipped("notebooks", "notebooks")


def docs_dir() -> Path:
    """The folder holding the teacher guide and the model document."""
    return _shipped("docs", "docs")


def data_dir() -> Path:
    """The folder holding the knowledge-base CSV files."""
    from .._data import data_dir as _data_dir

    return _data_dir()


def lesson_notebooks() -> list[Path]:
    """Every notebook of the course: the lessons in order, then the course map, the
    glossary and any other companion notebook, the classroom dashboard last."""
    every = sorted(lessons_dir().glob("*.ipynb"))
    lessons = [p for p in every if p.name[:2].isdigit()]
    companions = [
        p for p in every if not p.name[:2].isdigit() and p.name != "dashboard.ipynb"
    ]
    return lessons + companions + [p for p in every if p.name == "dashboard.ipynb"]


def course_pages(folder: Path | None = None) -> list[Path]:
    """The course's pages that are not notebooks (the glossary, ``glossary.md``),
    in ``folder`` (default: the shipped lessons); they open without a kernel and are
    copied wherever the notebooks go, so the lessons' links to them work.

    Example: ``[p.name for p in course_pages()]`` gives ``['glossary.md']``.
    """
    return sorted((lessons_dir() if folder is None else Path(folder)).glob("*.md"))


def source_notebooks(
    source_dir: str | Path | None, pattern: str, what: str
) -> tuple[Path, list[Path]]:
    """The folder of instructor notebooks and the notebooks in it matching
    ``pattern``, sorted by name; ``source_dir`` None means the shipped lessons.

    Raises FileNotFoundError naming the folder when none match, so a build never
    writes an empty course. ``what`` names the notebooks in that message.

    Example: ``folder, paths = source_notebooks(None, "*.ipynb", "notebooks")``
    """
    folder = lessons_dir() if source_dir is None else Path(source_dir)
    sources = sorted(folder.glob(pattern))
    if not sources:
        raise FileNotFoundError(
            f"no {what} in {folder}: give the folder of the lesson notebooks"
        )
    return folder, sources
