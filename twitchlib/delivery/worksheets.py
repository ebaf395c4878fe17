"""Printable worksheets and answer keys for every lesson, as PDF (A4 and US Letter).

Each worksheet is made from the same sources as the lesson, so the two never drift:

- predict / observe / explain rows for the "Ask yourself" prompts about a demo (the
  prompt that follows a cell tagged ``demo``), and room to answer the others;
- a data table to fill, computed from the model for the answer key (each lesson's
  module in :mod:`twitchlib.lessons` declares its tables, e.g. lesson 06's spike counts);
- the Think! questions, the other questions (reading the red flags, a rewrite) and the
  exercises, with room for reasons; each prompt is read with its answer, by id, by
  :func:`twitchlib.lessons.read_notebook`;
- the quiz (``data/quiz.csv``) and, in lesson 05, the cases (``data/cases.csv``);
- a header with name, class and date.

The answer key has the same layout with the answers filled in. Pages are HTML
(template and stylesheet in ``templates/``) printed to PDF by Debian's chromium
(``chromium --headless --print-to-pdf``); nbconvert's webpdf cannot run here.

Command line: ``twitchlib worksheets --out build/worksheets`` (``make worksheets``).
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from string import Template

from .._data import load_table
from ..answers import PRINTED_KEY, option_order
from ..knowledge import causes
from ..lessons import DataTable, lesson_for_notebook
from ..lessons.authoring import EXTENSION_TAG
from ..lessons.notebook import Prompt, read_notebook
from ..safety import NOTICE
from ._paths import lessons_dir

TEMPLATES = Path(__file__).resolve().parent / "templates"
PAPER = {"A4": "A4", "Letter": "letter"}
CHROMIUM_CANDIDATES = (
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
)

__all__ = ["DataTable", "Item", "Lesson", "read_lesson", "worksheet_html"]


class WorksheetError(RuntimeError):
    """A worksheet could not be made (no browser to print with, a printing failure)."""


@dataclass(frozen=True)
class Item:
    """A prompt of the lesson and its answer (empty if the lesson gives none), by id."""

    id: str
    label: str
    prompt: str
    answer: str
    # The numbered readings of a prompt that asks about several (lesson 05's four
    # people and their red flags): each is printed with room of its own.
    parts: tuple[str, ...] = ()
    lines: int = 0
    # A table the prompt asks the student to fill in (lesson 06's record of spikes):
    # its rows of cells, the header first; printed as a grid, not as markdown.
    table: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Lesson:
    """Everything a worksheet needs about one lesson.

    ``ask`` are the Ask-yourself prompts (those in ``explore``, the ids of the ones
    about a demo, get predict / observe / explain rows), ``think`` the Think!
    questions, ``questions`` the other questions (reading the red flags, a rewrite);
    ``exercises`` are (id, prompt, answer in words); ``extension`` the ids of the
    prompts and exercises in the lesson's optional extension (marked as such, so a
    class that stops at the core knows what it may leave out). ``cases`` are the
    titles of the cases the sheet prints (lesson 05), the core's first, each with
    whether it belongs to the extension; a case an exercise asks about is not among
    them.
    """

    number: int
    title: str
    ask: tuple[Item, ...]
    think: tuple[Item, ...]
    questions: tuple[Item, ...]
    exercises: tuple[tuple[str, str, str], ...]
    tables: tuple[DataTable, ...]
    shows_cases: bool = False
    explore: frozenset[str] = frozenset()
    extension: frozenset[str] = frozenset()
    cases: tuple[tuple[str, bool], ...] = ()


# What a notebook prompt tells a student to do in the notebook, as said on paper.
ON_PAPER = (
    (re.compile(r"\s*\(double-click to edit\)"), ""),
    (re.compile(r"\bin the cell below\b"), "below"),
    # The answer box is a notebook widget; on paper the room to write is below.
    (re.compile(r"\bin the answer box under this question\b"), "in the space below"),
    (re.compile(r"\b(?:in )?the answer box\b"), "in the space below"),
)
READING = re.compile(r"^\s*\d+\.\s+(.+)$", re.MULTILINE)


def _item(prompt: Prompt, answer, lines: int = 0) -> Item:
    text = prompt.text[:1].upper() + prompt.text[1:]
    for pattern, words in ON_PAPER:
        text = pattern.sub(words, text)
    parts = tuple(m.group(1).strip() for m in READING.finditer(prompt.cell.source))
    rows = [
        # A cell's words only: a glossary link in a heading keeps its word.
        tuple(
            html.unescape(re.sub(r"<[^>]+>", "", c)).strip()
            for c in line.strip().strip("|").split("|")
        )
        for line in prompt.cell.source.splitlines()
        if line.lstrip().startswith("|")
    ]
    table = tuple(r for r in rows if not all(set(c) <= set("-: ") for c in r))
    if table:  # the question without the table's markdown, which prints as a grid
        text = text[: text.find("|")].rstrip()
    return Item(
        prompt.id,
        prompt.label,
        text,
        answer.text if answer else "",
        parts,
        lines,
        table,
    )


def _grid(item: Item) -> str:
    """The table a prompt asks the student to fill in, as a grid with room to write."""
    if not item.table:
        return ""
    head, *body = item.table
    cells = "".join(
        "<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in body
    )
    return (
        f"<table class='fill' data-record='{_e(item.id)}'><thead><tr>"
        + "".join(f"<th>{_e(c)}</th>" for c in head)
        + f"</tr></thead><tbody>{cells}</tbody></table>"
    )


def _about_a_demo(notebook, prompt: Prompt) -> bool:
    """Whether a code cell next to ``prompt`` (the nearest above or below) is a demo:
    a control to move, so the prompt can be predicted, tried and explained."""
    code = [c for c in notebook.cells if c.cell_type == "code"]
    above = [c for c in code if c.index < prompt.cell.index][-1:]
    below = [c for c in code if c.index > prompt.cell.index][:1]
    return any("demo" in c.tags for c in above + below)


def read_lesson(path: Path) -> Lesson:
    """The prompts with their answers, exercises and data tables of a lesson notebook
    (read by :func:`twitchlib.lessons.read_notebook`; its spec from the registry)."""
    notebook = read_notebook(path)
    spec = lesson_for_notebook(notebook.name)
    if spec is None:
        raise FileNotFoundError(
            f"{notebook.name} is not a lesson of the course (data/lessons.csv)"
        )
    items = {kind: [] for kind in ("ask-yourself", "think", "question")}
    explore = set()
    for prompt, answer in notebook.pairs():
        items[prompt.kind].append(
            _item(prompt, answer, spec.answer_lines.get(prompt.id, 0))
        )
        if (
            prompt.kind == "ask-yourself"
            and _about_a_demo(notebook, prompt)
            and prompt.id not in spec.nothing_to_move
        ):
            explore.add(prompt.id)
    extension = {
        part.id
        for part in (*notebook.prompts, *notebook.exercises)
        if EXTENSION_TAG in part.cell.tags
    }
    known = {e.exercise_id: e for e in spec.exercises}
    exercises = tuple(
        (
            part.id,
            part.text,
            f"{known[part.id].answer_text()}."
            if part.id in known
            else "see the instructor edition.",
        )
        for part in notebook.exercises
    )
    return Lesson(
        spec.number,
        spec.title,
        tuple(items["ask-yourself"]),
        tuple(items["think"]),
        tuple(items["question"]),
        exercises,
        tuple(spec.tables()),
        spec.shows_cases,
        frozenset(explore),
        frozenset(extension),
        _printed_cases(spec) if spec.shows_cases else (),
    )


def _printed_cases(spec) -> tuple[tuple[str, bool], ...]:
    titles = [t for t in load_table("cases").title if t not in spec.withheld_cases]
    core = [(t, False) for t in titles if t not in spec.extension_cases]
    return tuple(core + [(t, True) for t in titles if t in spec.extension_cases])


# --- HTML -------------------------------------------------------------------------


def _e(text: object) -> str:
    return html.escape(str(text))


def _lines(count: int) -> str:
    return "".join("<div class='lines'></div>" for _ in range(count))


def _key(text: str) -> str:
    return f"<p class='key'>{_e(text)}</p>"


def _poe(lesson: Lesson, key: bool) -> str:
    explore = [item for item in lesson.ask if item.id in lesson.explore]
    if not explore:
        return ""
    rows = "".join(
        f"<tr data-prompt='{_e(item.id)}'><td class='given'>{_e(item.prompt)}</td>"
        "<td></td><td></td>"
        + (
            f"<td class='given key' data-answer='{_e(item.id)}'>{_e(item.answer)}</td>"
            if key and item.answer
            else "<td></td>"
        )
        + "</tr>"
        for item in explore
    )
    note = (
        _key(
            "Predictions vary and observations should match the demo; where the lesson"
            " has an answer, it is in the last column."
        )
        if key
        else ""
    )
    grids = "".join(
        f"<p>Record what you find:</p>{_grid(item)}" for item in explore if item.table
    )
    return (
        "<section><h2>Predict, observe, explain</h2><p>Before you move a control,"
        " write what you expect. Then try it, write what happened, and explain it.</p>"
        "<table class='fill'><thead><tr><th style='width:30%'>Ask yourself</th>"
        "<th style='width:14%'>I predict</th><th style='width:14%'>I observed</th>"
        f"<th>Because</th></tr></thead><tbody>{rows}</tbody></table>{grids}{note}"
        "</section>"
    )


def _data_tables(lesson: Lesson, key: bool) -> str:
    parts = []
    for table in lesson.tables:
        head = "".join(f"<th>{_e(c)}</th>" for c in table.columns)
        body = ""
        for row in table.rows:
            cells = "".join(
                f"<td class='given'>{_e(v)}</td>"
                if i < table.given or key
                else "<td></td>"
                for i, v in enumerate(row)
            )
            body += f"<tr>{cells}</tr>"
        parts.append(
            f"<section class='item'><h2>Data table: {_e(table.title)}</h2>"
            f"<p>{_e(table.instructions)}</p><table class='data'><thead><tr>{head}"
            f"</tr></thead><tbody>{body}</tbody></table></section>"
        )
    return "".join(parts)


def _extra(lesson: Lesson, item_id: str) -> str:
    return " (extension)" if item_id in lesson.extension else ""


def _answered(item: Item, heading: str, key: bool, lines: int) -> str:
    lines = item.lines or lines
    asked = item.prompt
    readings = ""
    if item.parts:
        # The question, then each reading with room of its own (two lines each).
        first = asked.find(item.parts[0][:30])
        asked = asked[:first].rstrip(" 0123456789.") if first > 0 else asked
        # Numbered in the text (not by the list's style) so the page reads as the
        # lesson does.
        readings = (
            "<div class='readings'>"
            + "".join(
                f"\n<div class='reading'><p>{n}. {_e(part)}</p>"
                + ("" if key else _lines(2))
                + "</div>"
                for n, part in enumerate(item.parts, start=1)
            )
            + "</div>"
        )
    answer = (
        f"<p class='key' data-answer='{_e(item.id)}'>{_e(item.answer)}</p>"
        if key
        else ""
        if item.parts
        else _lines(lines)
    )
    return (
        f"<div class='item' data-prompt='{_e(item.id)}'><h3>{_e(heading)}</h3>"
        f"<p>{_e(asked)}</p>{readings}{answer}</div>"
    )


def _asks(lesson: Lesson, key: bool) -> str:
    """The Ask-yourself prompts that are not about a demo: a question and room."""
    rest = [item for item in lesson.ask if item.id not in lesson.explore]
    if not rest:
        return ""
    items = "".join(
        _answered(item, f"Question {n}{_extra(lesson, item.id)}", key, 3)
        for n, item in enumerate(rest, start=1)
    )
    return f"<section><h2>Ask yourself</h2>{items}</section>"


def _think(lesson: Lesson, key: bool) -> str:
    if not lesson.think:
        return ""
    items = "".join(
        _answered(item, f"Think! {n}{_extra(lesson, item.id)}", key, 3)
        for n, item in enumerate(lesson.think, start=1)
    )
    return f"<section><h2>Think!</h2>{items}</section>"


def _questions(lesson: Lesson, key: bool) -> str:
    if not lesson.questions:
        return ""
    items = "".join(
        _answered(item, item.label + _extra(lesson, item.id), key, 4)
        for item in lesson.questions
    )
    return f"<section><h2>Questions</h2>{items}</section>"


def _exercises(lesson: Lesson, key: bool) -> str:
    if not lesson.exercises:
        return ""
    items = "".join(
        f"<div class='item'><h3>Exercise {_e(i)}{_extra(lesson, i)}</h3><p>{_e(p)}</p>"
        + (
            _key(f"Answer: {a}")
            if key
            else "<p>My answer:</p>"
            + _lines(1)
            + "<p>How I found it, and why:</p>"
            + _lines(2)
        )
        + "</div>"
        for i, p, a in lesson.exercises
    )
    return (
        f"<section><h2>Exercises</h2><p>Solve each in the notebook; its check tells you"
        f" whether you are right. Write your answer and reason here.</p>{items}</section>"
    )


def _quiz(lesson: Lesson, key: bool) -> str:
    quiz = load_table("quiz")
    rows = quiz[quiz.lesson == lesson.number]
    if rows.empty:
        return ""
    items = []
    for n, (qid, group) in enumerate(rows.groupby("question_id", sort=False), start=1):
        # One fixed order for the whole class, the same on the sheet and on its key.
        order = option_order(qid, group.option.tolist(), PRINTED_KEY)
        right_of = dict(zip(group.option, group.correct, strict=True))
        options = "".join(
            f"<li class='{'right' if key and right_of[o] else ''}'>{_e(o)}</li>"
            for o in order
        )
        right = group[group.correct].iloc[0]
        after = _key(right.feedback) if key else "<p>Why?</p>" + _lines(1)
        items.append(
            f"<div class='item'><h3>Question {n}</h3><p>{_e(group.question.iloc[0])}"
            f"</p><ul class='options'>{options}</ul>{after}</div>"
        )
    return f"<section><h2>Quiz</h2><p>Tick one answer and give your reason.</p>{''.join(items)}</section>"


def _cases(lesson: Lesson, key: bool) -> str:
    if not lesson.shows_cases:
        return ""
    names = causes().set_index("cause")["name"]
    table = load_table("cases").set_index("title", drop=False)
    items = []
    for title, extension in lesson.cases:
        case = next(table.loc[[title]].itertuples())
        sound = [case.best_fit, *getattr(case, "also_sound", ())]
        options = "".join(
            f"<li class='{'right' if key and o in sound else ''}'>{_e(names.get(o, o))}</li>"
            for o in option_order(case.case, list(case.options), PRINTED_KEY)
        )
        heading = title + (" (extension)" if extension else "")
        after = (
            _key(
                "Sound: "
                + ", ".join(names.get(o, o) for o in sound)
                + f". {case.reasoning}"
            )
            if key
            else "<p>The feature that decided it, and why:</p>" + _lines(2)
        )
        items.append(
            f"<div class='item'><h3>{_e(heading)}</h3><p>{_e(case.story)}</p>"
            f"<p class='case-facts'>When: {_e(case.timing)}. With:"
            f" {_e(case.accompanying_symptoms)}. Context: {_e(case.context)}.</p>"
            f"<ul class='options'>{options}</ul>{after}</div>"
        )
    return (
        "<section><h2>Cases: which explanations fit?</h2><p>A reasoning exercise, not a"
        " diagnosis. More than one explanation can be sound: tick each one you can"
        " argue for.</p>" + "".join(items) + "</section>"
    )


def worksheet_html(lesson: Lesson, key: bool, paper: str = "A4") -> str:
    """The worksheet (``key=False``) or its answer key as an HTML page."""
    template = Template((TEMPLATES / "worksheet.html").read_text(encoding="utf-8"))
    sections = (
        _poe(lesson, key)
        + _asks(lesson, key)
        + _data_tables(lesson, key)
        + _cases(lesson, key)
        + _think(lesson, key)
        + _questions(lesson, key)
        + _exercises(lesson, key)
        + _quiz(lesson, key)
    )
    blank = "&nbsp;"
    return template.substitute(
        title=_e(
            f"Lesson {lesson.number:02d} · {lesson.title}"
            + (" · ANSWER KEY" if key else "")
        ),
        page_size=PAPER[paper],
        kind="answer-key" if key else "worksheet",
        edition="answer key for the teacher" if key else "worksheet",
        name_field="Teacher's copy" if key else blank,
        class_field=blank,
        date_field=blank,
        sections=sections,
        notice=_e(NOTICE),  # the one safety notice (twitchlib.safety)
    )


# --- printing ---------------------------------------------------------------------


def find_chromium() -> str | None:
    """Debian's chromium (or ``TWITCHLIB_CHROMIUM``), or None if there is none."""
    chosen = os.environ.get("TWITCHLIB_CHROMIUM")
    if chosen:
        return chosen if Path(chosen).exists() else None
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


def print_pdf(html_path: Path, pdf_path: Path, chromium: str) -> None:
    """Print one HTML file to PDF with headless chromium (no header or footer)."""
    command = [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-sync",
        "--disable-component-update",
        "--no-pdf-header-footer",
        f"--user-data-dir={html_path.parent / '.chromium-profile'}",
        f"--print-to-pdf={pdf_path}",
        html_path.resolve().as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if done.returncode != 0 or not pdf_path.is_file():
        raise WorksheetError(
            f"chromium could not print {html_path.name}: {done.stderr.strip()[-400:]}"
        )


def lesson_paths(source_dir: str | Path | None = None) -> list[Path]:
    """The lesson notebooks (``NN_*.ipynb``) of ``source_dir``, by default those that
    ship with twitchlib; a FileNotFoundError naming the folder if it holds none."""
    source_dir = lessons_dir() if source_dir is None else Path(source_dir)
    paths = sorted(source_dir.glob("[0-9][0-9]_*.ipynb"))
    if not paths:
        raise FileNotFoundError(
            f"no lesson notebooks in {source_dir}: give --notebooks the folder of"
            " the lesson notebooks"
        )
    return paths


def build_worksheets(
    out_dir: str | Path,
    source_dir: str | Path | None = None,
    papers: tuple[str, ...] = ("A4", "Letter"),
    chromium: str | None = None,
    answer_keys: bool = True,
) -> list[Path]:
    """Write every lesson's worksheet and answer key as PDF; returns the PDF paths.

    ``out_dir`` gets ``lessonNN-worksheet-A4.pdf``, ``lessonNN-answer-key-A4.pdf`` and
    the Letter versions, with the HTML they were printed from in ``html/``.
    ``source_dir`` defaults to the lessons that ship with twitchlib; with
    ``answer_keys=False`` only the worksheets are written (a student's copy).
    """
    chromium = chromium or find_chromium()
    if chromium is None:
        raise WorksheetError(
            "no chromium to print with: install Debian's chromium"
            " (make chromium) or set TWITCHLIB_CHROMIUM"
        )
    out_dir = Path(out_dir)
    paths = lesson_paths(source_dir)
    pages = out_dir / "html"
    pages.mkdir(parents=True, exist_ok=True)
    shutil.copy(TEMPLATES / "worksheet.css", pages / "worksheet.css")
    written = []
    for path in paths:
        lesson = read_lesson(path)
        for paper in papers:
            kinds = ((False, "worksheet"), (True, "answer-key"))
            for key, kind in kinds if answer_keys else kinds[:1]:
                name = f"lesson{lesson.number:02d}-{kind}-{paper}"
                page = pages / f"{name}.html"
                page.write_text(worksheet_html(lesson, key, paper), encoding="utf-8")
                pdf = out_dir / f"{name}.pdf"
                print_pdf(page, pdf, chromium)
                written.append(pdf)
    shutil.rmtree(pages / ".chromium-profile", ignore_errors=True)
    return written


def add_arguments(parser) -> None:
    parser.add_argument(
        "--out",
        default=Path("build/worksheets"),
        type=Path,
        help="folder for the PDFs (default: build/worksheets)",
    )
    parser.add_argument(
        "--notebooks",
        default=None,
        type=Path,
        help="folder of the lesson notebooks (default: the lessons that ship"
        " with twitchlib)",
    )
    parser.add_argument(
        "--paper",
        choices=sorted(PAPER),
        action="append",
        help="paper size (default: both A4 and Letter)",
    )


def run(args) -> int:
    papers = tuple(args.paper) if args.paper else ("A4", "Letter")
    try:
        written = build_worksheets(args.out, args.notebooks, papers)
    except (WorksheetError, FileNotFoundError) as problem:
        print(f"twitchlib worksheets: {problem}")
        return 1
    print(f"{len(written)} PDFs in {args.out}")
    return 0
