"""The one reader of lesson notebooks: a notebook parsed once, by cell tags only.

:func:`read_notebook` turns a lesson notebook (a path, or the dict / nbformat node
of one) into a :class:`LessonNotebook`: its prompts and their answers, exercises,
stubs, solutions and demos, each carrying the stable id of its cell's ``id:`` tag.
A prompt and its answer are separate cells with the same id. Nothing here looks at
the wording of a cell to decide what it is; the tags are described in
:mod:`twitchlib.delivery.tags`. The editions, worksheets, site, tag tool and tests all
read lessons through this module.

>>> nb = {"cells": [
...     {"cell_type": "markdown", "metadata": {"tags": ["prompt", "think", "id:09.think.why"]},
...      "source": "### A question\\nWhy?"},
...     {"cell_type": "markdown", "metadata": {"tags": ["answer", "id:09.think.why"]},
...      "source": "Because."}]}
>>> lesson = read_notebook(nb)
>>> lesson.number, lesson.prompts[0].text, lesson.answer_to("09.think.why").text
(9, 'Why?', 'Because.')
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ID_PREFIX = "id:"
PROMPT_KINDS = ("think", "ask-yourself", "question")
# What a reader calls each kind of prompt (an answer key's label).
PROMPT_LABELS = {
    "think": "Think!",
    "ask-yourself": "Ask yourself",
    "question": "Question",
}
_ID = re.compile(r"^(\d\d)\.[a-z0-9][a-z0-9.-]*$")


class NotebookError(ValueError):
    """A lesson notebook's tags do not describe its parts consistently."""


def cell_text(cell: Any) -> str:
    """The source of a notebook cell (or an output's text) as one string.

    >>> cell_text({"source": ["a\\n", "b"]})
    'a\\nb'
    """
    source = cell.get("source", "") if hasattr(cell, "get") else cell
    return "".join(source) if isinstance(source, list) else str(source)


# The fold at the end of a cell that defines the glossary words first used in it
# (written by tools/tag_notebooks.py); it repeats the glossary, so it is no reading
# matter for print and never an answer.
WORDS_BLOCK = '<details class="twitchlib-words">'


def without_words(markdown: str) -> str:
    """``markdown`` without its "Words in this cell" fold (:data:`WORDS_BLOCK`).

    >>> without_words('Magnesium.\\n\\n<details class="twitchlib-words"><summary>'
    ...     'Words</summary><dl><dt>a</dt><dd>b</dd></dl></details>')
    'Magnesium.'
    """
    return re.sub(
        rf"\s*{re.escape(WORDS_BLOCK)}.*?</details>", "", markdown, flags=re.S
    ).rstrip()


def plain(markdown: str) -> str:
    """Markdown to plain text for print: links keep their words, marks go.

    >>> plain("**Bold** and a [link](glossary.md#x), `code`.")
    'Bold and a link, code.'
    >>> plain('<a href="glossary.md#ion" title="A charged atom.">ions</a> move.')
    'ions move.'
    """
    text = without_words(markdown)
    text = re.sub(r"^\s*>\s?", "", text, flags=re.M)  # quote marks
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = text.replace("**", "").replace("`", "")
    text = re.sub(r"(?<!\w)\*(\S[^*]*?)\*(?!\w)", r"\1", text)
    return " ".join(text.split())


def _without_summary(markdown: str) -> str:
    return re.sub(r"<summary>.*?</summary>", "", markdown, flags=re.S)


def _split_heading(markdown: str) -> tuple[str, str]:
    """A cell's heading lines (``#``...) as one plain heading, and the rest."""
    heading, body = [], []
    for line in markdown.splitlines():
        (heading if line.startswith("#") and not body else body).append(line)
    return plain(" ".join(h.lstrip("#") for h in heading)), "\n".join(body)


def _without_label(markdown: str) -> str:
    """The prompt without a bold lead-in label (``**Label:** ``) at its start."""
    return re.sub(r"^\s*\*\*[^*\n]+:\*\*\s*", "", markdown, count=1)


@dataclass(frozen=True)
class Cell:
    """One cell: its position, notebook id, type, tags, source and part id."""

    index: int
    cell_id: str
    cell_type: str
    tags: tuple[str, ...]
    source: str

    @property
    def part_id(self) -> str | None:
        """The id of the lesson part this cell belongs to (its ``id:`` tag)."""
        found = [t[len(ID_PREFIX) :] for t in self.tags if t.startswith(ID_PREFIX)]
        return found[0] if found else None


@dataclass(frozen=True)
class Prompt:
    """A question put to the student: ``kind`` is think, ask-yourself or question;
    ``text`` is the question in plain words, ``heading`` any heading above it."""

    id: str
    kind: str
    heading: str
    text: str
    cell: Cell

    @property
    def label(self) -> str:
        """What an answer key calls it: Think!, Ask yourself, or the heading."""
        if self.kind == "question" and self.heading:
            return self.heading
        return PROMPT_LABELS[self.kind]


@dataclass(frozen=True)
class Answer:
    """The hidden answer (or discussion) of the prompt with the same id."""

    id: str
    text: str
    cell: Cell

    @property
    def markdown(self) -> str:
        """The answer as its cell writes it (markdown), without its "Show" fold; the
        fold defining its glossary words, if any, stays at its end."""
        source = self.cell.source
        words = re.findall(rf"{re.escape(WORDS_BLOCK)}.*?</details>", source, re.S)
        body = re.sub(r"</?details>", "", _without_summary(without_words(source)))
        return "\n\n".join([body.strip(), *words])


@dataclass(frozen=True)
class ExercisePrompt:
    """An exercise's prompt cell; its judge is in the lesson's module."""

    id: str
    heading: str
    text: str
    cell: Cell


@dataclass(frozen=True)
class CodePart:
    """A stub, a solution (code, or its "about the solution" note) or a demo."""

    id: str
    cell: Cell

    @property
    def source(self) -> str:
        return self.cell.source


@dataclass(frozen=True)
class LessonNotebook:
    """A lesson notebook read once: every tagged part, in notebook order."""

    name: str
    number: int | None
    title: str
    cells: tuple[Cell, ...]
    prompts: tuple[Prompt, ...]
    answers: tuple[Answer, ...]
    exercises: tuple[ExercisePrompt, ...]
    stubs: tuple[CodePart, ...]
    solutions: tuple[CodePart, ...]
    demos: tuple[CodePart, ...]

    def answer_to(self, prompt_id: str) -> Answer | None:
        """The answer whose id is ``prompt_id``, or None."""
        return next((a for a in self.answers if a.id == prompt_id), None)

    def prompt(self, prompt_id: str) -> Prompt | None:
        """The prompt whose id is ``prompt_id``, or None."""
        return next((p for p in self.prompts if p.id == prompt_id), None)

    def stub_for(self, exercise_id: str) -> CodePart | None:
        """The starting code of exercise ``exercise_id`` (``"03.1"``), or None."""
        return next((s for s in self.stubs if s.id == exercise_id), None)

    def solutions_for(self, exercise_id: str) -> tuple[CodePart, ...]:
        """The solution cells of exercise ``exercise_id``: its code first, then any
        note about it, in notebook order."""
        return tuple(s for s in self.solutions if s.id == exercise_id)

    def pairs(self) -> list[tuple[Prompt, Answer | None]]:
        """Every prompt with its answer (None where it has none), in order."""
        return [(p, self.answer_to(p.id)) for p in self.prompts]

    def prompts_of(self, kind: str) -> list[Prompt]:
        """The prompts of one kind (think, ask-yourself or question), in order."""
        return [p for p in self.prompts if p.kind == kind]

    def problems(self) -> list[str]:
        """What is inconsistent in the tags (empty when the notebook is sound)."""
        where = self.name
        found = []
        seen: dict[str, int] = {}
        for cell in self.cells:
            ids = [t for t in cell.tags if t.startswith(ID_PREFIX)]
            if len(ids) > 1:
                found.append(f"{where}, cell {cell.index + 1}: more than one id tag")
            part = cell.part_id
            if part is not None:
                match = _ID.match(part)
                if match is None:
                    found.append(
                        f"{where}, cell {cell.index + 1}: id {part!r} is not"
                        " NN.name (lesson number, a dot, lowercase words)"
                    )
                elif self.number is not None and int(match.group(1)) != self.number:
                    found.append(
                        f"{where}, cell {cell.index + 1}: id {part!r} belongs to"
                        f" another lesson than {self.number:02d}"
                    )
            needs_id = {"prompt", "answer", "exercise", "stub", "demo"} & set(cell.tags)
            if needs_id and part is None:
                found.append(
                    f"{where}, cell {cell.index + 1}: tagged {sorted(needs_id)[0]!r}"
                    " but has no id tag"
                )
            if "prompt" in cell.tags:
                kinds = [k for k in PROMPT_KINDS if k in cell.tags]
                if len(kinds) != 1:
                    found.append(
                        f"{where}, cell {cell.index + 1}: a prompt needs one kind"
                        f" tag of {', '.join(PROMPT_KINDS)}"
                    )
        for prompt in self.prompts:
            if prompt.id in seen:
                found.append(f"{where}: two prompts have the id {prompt.id!r}")
            seen[prompt.id] = prompt.cell.index
        prompt_ids = {p.id for p in self.prompts}
        answer_ids = [a.id for a in self.answers]
        for answer in self.answers:
            if answer.id not in prompt_ids:
                found.append(
                    f"{where}, cell {answer.cell.index + 1}: answer {answer.id!r}"
                    " has no prompt with its id"
                )
            elif answer.cell.index < seen[answer.id]:
                found.append(
                    f"{where}, cell {answer.cell.index + 1}: answer {answer.id!r}"
                    " comes before its prompt"
                )
            if answer_ids.count(answer.id) > 1:
                found.append(f"{where}: more than one answer has the id {answer.id!r}")
        for prompt in self.prompts:
            if prompt.id not in answer_ids:
                found.append(
                    f"{where}, cell {prompt.cell.index + 1}: prompt {prompt.id!r}"
                    " has no answer"
                )
        exercise_ids = {e.id for e in self.exercises}
        for part in self.stubs + self.solutions:
            if part.id not in exercise_ids:
                found.append(
                    f"{where}, cell {part.cell.index + 1}: {part.id!r} is not an"
                    " exercise of this notebook"
                )
        return list(dict.fromkeys(found))


def lessons_folder() -> Path:
    """The folder of the lesson notebooks: inside the installed package (a wheel
    carries ``notebooks/`` as ``twitchlib/notebooks``), else at the top of a source
    checkout. (The delivery layer finds them the same way, for the editions.)"""
    package = Path(__file__).resolve().parent.parent
    inside = package / "notebooks"
    return inside if inside.is_dir() else package.parent / "notebooks"


def _load(source: Any) -> tuple[dict, str]:
    if isinstance(source, (str, Path)):
        path = Path(source)
        return json.loads(path.read_text(encoding="utf-8")), path.name
    return source, "notebook"


def read_notebook(source: Any, name: str | None = None) -> LessonNotebook:
    """Read a lesson notebook (a path, or its dict / nbformat node) by its cell tags.

    ``name`` names it in messages (default: the file name). The lesson number comes
    from the file name (``05_...``) or else from its parts' ids (``05.1``).
    """
    notebook, default_name = _load(source)
    name = name or default_name
    cells = tuple(
        Cell(
            index,
            str(raw.get("id", "")),
            raw.get("cell_type", ""),
            tuple(raw.get("metadata", {}).get("tags", [])),
            cell_text(raw),
        )
        for index, raw in enumerate(notebook.get("cells", []))
    )
    prompts, answers, exercises, stubs, solutions, demos = [], [], [], [], [], []
    for cell in cells:
        part, tags = cell.part_id, set(cell.tags)
        if part is None:
            continue
        if "prompt" in tags:
            kind = next((k for k in PROMPT_KINDS if k in tags), "question")
            heading, body = _split_heading(cell.source)
            prompts.append(
                Prompt(part, kind, heading, plain(_without_label(body)), cell)
            )
        elif "answer" in tags:
            answers.append(Answer(part, plain(_without_summary(cell.source)), cell))
        elif "exercise" in tags:
            heading, body = _split_heading(cell.source)
            exercises.append(ExercisePrompt(part, heading, plain(body), cell))
        elif "stub" in tags:
            stubs.append(CodePart(part, cell))
        elif "solution" in tags:
            solutions.append(CodePart(part, cell))
        elif "demo" in tags:
            demos.append(CodePart(part, cell))
    number = int(name[:2]) if name[:2].isdigit() else None
    if number is None:
        ids = [c.part_id for c in cells if c.part_id and _ID.match(c.part_id)]
        number = int(ids[0][:2]) if ids else None
    markdown = [c for c in cells if c.cell_type == "markdown"]
    title = _split_heading(markdown[0].source)[0] if markdown else ""
    return LessonNotebook(
        name,
        number,
        title,
        cells,
        tuple(prompts),
        tuple(answers),
        tuple(exercises),
        tuple(stubs),
        tuple(solutions),
        tuple(demos),
    )
