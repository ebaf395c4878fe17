"""Checks that a lesson's wording and its tags agree, for authors and for builds.

The reader (:mod:`twitchlib.lessons.notebook`) trusts the tags only. This module is the
one place that looks at the wording a lesson uses to mark its parts (a ``### Think!``
heading, an ``**Ask yourself:**`` lead-in, a ``<details>`` block) and reports a cell
whose tags do not say what its wording shows, so an untagged answer can never reach a
student edition and a prompt never loses its answer. ``twitchlib editions`` refuses to
build a lesson with a problem; ``tools/tag_notebooks.py --check`` lists them;
``tests/test_notebooks.py`` keeps every lesson clean.

>>> problems({"cells": [{"cell_type": "markdown", "metadata": {},
...     "source": "<details><summary>Show</summary>Yes.</details>"}]})
["notebook, cell 1: a <details> block is not tagged 'answer' or 'solution', so its hidden answer would reach students"]
"""

from __future__ import annotations

from typing import Any

from .notebook import LessonNotebook, read_notebook, without_words

THINK_HEADING = "### Think!"
ASK_LEAD = "**Ask yourself:**"
HIDDEN_BLOCK = "<details"
HIDDEN_END = "</details>"
EXTENSION_TAG = "extension"
EXTENSION_HEADING = "## Extension:"


def problems(source: Any, name: str | None = None) -> list[str]:
    """Every disagreement between a lesson's wording and its tags, and every tag
    inconsistency the reader finds; empty for a sound lesson.

    ``source`` is a path, a notebook dict or a :class:`LessonNotebook`.
    """
    lesson = (
        source if isinstance(source, LessonNotebook) else read_notebook(source, name)
    )
    found = []
    for cell in lesson.cells:
        if cell.cell_type != "markdown":
            continue
        where = f"{lesson.name}, cell {cell.index + 1}"
        tags = set(cell.tags)
        # The glossary's "Words in this cell" fold hides no answer: it is left out.
        text = without_words(cell.source)
        if HIDDEN_BLOCK in text.lower() and not tags & {"answer", "solution"}:
            found.append(
                f"{where}: a <details> block is not tagged 'answer' or 'solution',"
                " so its hidden answer would reach students"
            )
        if (
            "answer" in tags
            and HIDDEN_END in text
            and not text.rstrip().endswith(HIDDEN_END)
        ):
            found.append(
                f"{where}: text follows the answer's </details>; put it in a"
                " cell of its own"
            )
        if "answer" in tags and (THINK_HEADING in text or ASK_LEAD in text):
            found.append(f"{where}: an answer cell also holds a prompt; split it")
        if THINK_HEADING in text and not {"prompt", "think"} <= tags:
            found.append(f"{where}: a Think! prompt is not tagged 'prompt', 'think'")
        if ASK_LEAD in text and not {"prompt", "ask-yourself"} <= tags:
            found.append(
                f"{where}: an Ask-yourself prompt is not tagged 'prompt',"
                " 'ask-yourself'"
            )
        if ASK_LEAD in text and not text.lstrip().startswith(ASK_LEAD):
            found.append(
                f"{where}: an Ask-yourself prompt shares its cell with other text;"
                " give the prompt a cell of its own"
            )
    return found + extension_problems(lesson) + lesson.problems()


def extension_problems(lesson: LessonNotebook) -> list[str]:
    """What breaks the rule of a lesson's extension (cells tagged ``extension``).

    The extension follows the core: it opens with a markdown heading
    ``## Extension: …``, every cell after its first belongs to it (a core cell after
    it would be skipped by a class that stops at the core; the generated way-finding
    cells may follow), and the exit ticket,
    which closes the core, is never inside it.

    >>> extension_problems(read_notebook({"cells": [
    ...     {"cell_type": "markdown", "metadata": {"tags": ["extension"]},
    ...      "source": "More to do."}]}))
    ["notebook, cell 1: the extension's first cell is not a heading '## Extension: …'"]
    """
    found = []
    started = False
    for cell in lesson.cells:
        where = f"{lesson.name}, cell {cell.index + 1}"
        inside = EXTENSION_TAG in cell.tags
        if inside and not started:
            started = True
            if cell.cell_type != "markdown" or not cell.source.lstrip().startswith(
                EXTENSION_HEADING
            ):
                found.append(
                    f"{where}: the extension's first cell is not a heading"
                    " '## Extension: …'"
                )
        elif started and not inside and "way-finding" not in cell.tags:
            found.append(
                f"{where}: a core cell after the extension began; tag it"
                " 'extension' or move it before the extension"
            )
        if inside and "exit-ticket" in cell.tags:
            found.append(
                f"{where}: the exit ticket closes the core; it cannot be in the"
                " extension"
            )
    return found
