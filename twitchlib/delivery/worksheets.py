"""Printable worksheets and answer keys for every lesson, as PDF (A4 and US Letter).

Each worksheet is made from the same sources as the lesson, so the two never drift:

- predict / observe / explain rows for the lesson's "Ask yourself" prompts (the demos);
- a data table to fill, computed from the model for the answer key (e.g. lesson 06's
  spike counts);
- the Think! questions and the exercises (from the notebook cells tagged ``think`` and
  ``exercise``), with room for reasons;
- the quiz (``data/quiz.csv``) and, in lesson 05, the cases (``data/cases.csv``);
- a header with name, class and date.

The answer key has the same layout with the answers filled in. Pages are HTML
(template and stylesheet in ``templates/``) printed to PDF by Debian's chromium
(``chromium --headless --print-to-pdf``); nbconvert's webpdf cannot run here.

Command line: ``twitchlib worksheets --out build/worksheets`` (``make worksheets``).
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from string import Template

from .tags import tags_of

TEMPLATES = Path(__file__).resolve().parent / "templates"
DEFAULT_SOURCE = Path("notebooks")
PAPER = {"A4": "A4", "Letter": "letter"}
CHROMIUM_CANDIDATES = (
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
)


class WorksheetError(RuntimeError):
    """A worksheet could not be made (no browser to print with, a printing failure)."""


@dataclass
class DataTable:
    """A table to fill: ``given`` columns are printed, the others are left blank."""

    title: str
    instructions: str
    columns: list[str]
    given: int
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Lesson:
    """Everything a worksheet needs about one lesson."""

    number: int
    title: str
    ask: list[str]
    ask_answers: list[str]
    think: list[tuple[str, str]]
    exercises: list[tuple[str, str, str]]
    tables: list[DataTable]


# --- reading a lesson notebook ----------------------------------------------------


def _text(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def plain(markdown: str) -> str:
    """Markdown to plain text for print: links keep their words, marks go."""
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"<[^>]+>", "", text)
    text = text.replace("**", "").replace("`", "")
    text = re.sub(r"(?<!\w)\*(\S[^*]*?)\*(?!\w)", r"\1", text)
    return " ".join(text.split())


def _details_text(markdown: str) -> str:
    inner = re.sub(r"<summary>.*?</summary>", "", markdown, flags=re.S)
    return plain(inner)


def read_lesson(path: Path) -> Lesson:
    """The prompts, Think! questions and exercises of a lesson notebook.

    Works on tagged notebooks (tags ``think``, ``answer``, ``exercise``) and, by their
    headings, on untagged ones.
    """
    from ..coursework import lessons
    from ..exercises import EXERCISES

    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    number = int(path.name[:2])
    ask, think, exercises = [], [], []
    for index, cell in enumerate(cells):
        if cell["cell_type"] != "markdown":
            continue
        text = _text(cell)
        tags = tags_of(cell)
        if "**Ask yourself:**" in text and "answer" not in tags:
            prompt = text.split("**Ask yourself:**", 1)[1].split("<details>")[0]
            prompt = plain(prompt)
            ask.append(prompt[:1].upper() + prompt[1:])
        if "### Think!" in text and "answer" not in tags:
            prompt, _, rest = text.replace("### Think!", "").partition("<details>")
            answer = rest
            if (
                not answer
                and index + 1 < len(cells)
                and "answer" in tags_of(cells[index + 1])
            ):
                answer = _text(cells[index + 1])
            think.append((plain(prompt), _details_text(answer)))
        if text.lstrip().startswith("### Exercise"):
            heading, _, prompt = text.partition("\n")
            found = re.search(r"(\d\d\.\d+)", heading)
            exercise_id = (
                found.group(1) if found else f"{number:02d}.{len(exercises) + 1}"
            )
            known = EXERCISES.get(exercise_id)
            key = f"{known.answer_text()}." if known else "see the instructor edition."
            exercises.append((exercise_id, plain(prompt), key))
    # Hidden answers to Ask-yourself prompts, matched to their prompt (answer key only).
    from .editions import _plain, _prompt_before

    found = {}
    for index, cell in enumerate(cells):
        if "answer" in tags_of(cell):
            heading, prompt = _prompt_before(cells, index)
            if heading == "Ask yourself":
                found[prompt] = _plain(_text(cell))
        elif (
            cell["cell_type"] == "markdown"
            and "**Ask yourself:**" in _text(cell)
            and "<details>" in _text(cell)
        ):
            prompt = plain(
                _text(cell).split("**Ask yourself:**", 1)[1].split("<details>")[0]
            )
            found[prompt] = _details_text(_text(cell).split("<details>", 1)[1])
    ask_answers = [
        found.get(prompt[:1].lower() + prompt[1:], found.get(prompt, ""))
        for prompt in ask
    ]
    title = lessons().set_index("lesson").loc[number, "title"]
    maker = DATA_TABLES.get(number)
    tables = maker() if maker else []
    code = "\n".join(_text(c) for c in cells if c["cell_type"] == "code")
    chosen = re.search(r"claim_verdicts\((\[[^\]]*\])", code)
    if chosen:
        tables.append(_verdict_table(re.findall(r"C\d+", chosen.group(1))))
    return Lesson(number, title, ask, ask_answers, think, exercises, tables)


# --- data tables computed from the model (the answer key fills them in) ------------


def _percent(value: float) -> str:
    return f"{value:.0%}"


def _table_00() -> list[DataTable]:
    from ..likelihood import sweep

    curve = sweep("caffeine_mg_per_day", [0, 400, 800, 1200])
    return [
        DataTable(
            "Caffeine and the likelihood",
            "Read the likelihood at each caffeine level (other factors healthy).",
            ["caffeine (mg/day)", "likelihood (%)"],
            1,
            [
                [f"{c:.0f}", _percent(p)]
                for c, p in zip(
                    curve.caffeine_mg_per_day, curve.likelihood, strict=True
                )
            ],
        )
    ]


def _table_01() -> list[DataTable]:
    from .._data import load_table
    from ..qualitative import propagate

    labels = load_table("quantities").set_index("quantity")["label"]
    rows = [
        [labels.get(name, name.replace("_", " ")), str(direction.value)]
        for name, direction in propagate({"magnesium": "down"}).directions.items()
        if name != "magnesium" and str(direction.value) != "="
    ]
    return [
        DataTable(
            "When magnesium falls",
            "Write ↑ (rises), ↓ (falls) or ? (undecided) for each quantity.",
            ["quantity", "direction"],
            1,
            rows,
        )
    ]


def _table_02() -> list[DataTable]:
    from ..knowledge import cause_scenario, causes
    from ..likelihood import assess

    table = causes()
    rows = [
        [row.name, _percent(assess(cause_scenario(row.cause)).likelihood)]
        for row in table.itertuples()
    ]
    return [
        DataTable(
            "Each cause on its own",
            "Read each bar of the chart: the likelihood with only this cause.",
            ["cause", "likelihood (%)"],
            1,
            rows,
        )
    ]


def _table_03() -> list[DataTable]:
    from ..likelihood import sweep

    levels = [0, 2, 4, 6, 8, 10]
    curve = sweep("stress", levels, base={"caffeine_mg_per_day": 400})
    return [
        DataTable(
            "Stress with 400 mg/day of caffeine",
            "Set caffeine to 400 mg/day in the explorer and read the likelihood.",
            ["stress (0-10)", "likelihood (%)"],
            1,
            [
                [f"{s:.0f}", _percent(p)]
                for s, p in zip(curve.stress, curve.likelihood, strict=True)
            ],
        )
    ]


def _table_04() -> list[DataTable]:
    from ..diet import foods, rda

    day = ["Pumpkin seeds, roasted", "Spinach, boiled", "Black beans, cooked", "Banana"]
    table = foods().set_index("food")
    rows = [
        [
            food,
            str(table.loc[food, "serving"]),
            f"{table.loc[food, 'mg_per_serving']:.0f}",
        ]
        for food in day
        if food in table.index
    ]
    rows.append(["total for the day", "", f"{sum(float(r[2]) for r in rows):.0f}"])
    rows.append(["RDA, woman aged 25", "", f"{rda(25, 'female'):.0f}"])
    return [
        DataTable(
            "A day of magnesium",
            "Find each food's magnesium per serving, add them up, compare with"
            " the RDA.",
            ["food", "serving", "magnesium (mg)"],
            2,
            rows,
        )
    ]


def _table_06() -> list[DataTable]:
    from .. import nerve

    rows = []
    for current in (3.0, 10.0, 20.0):
        trace = nerve.simulate(current, 300.0)
        rows.append(
            [
                f"{current:.0f}",
                str(trace.spike_count),
                f"{float(trace.twitch_force().max()):.1f}",
            ]
        )
    return [
        DataTable(
            "Spikes and twitch force",
            "Run 300 ms at each stimulus current (normal calcium and magnesium);"
            " count the spikes and read the peak force.",
            ["stimulus (µA/cm²)", "spikes in 300 ms", "peak force (twitches)"],
            1,
            rows,
        )
    ]


def _verdict_table(claim_ids: list[str]) -> DataTable:
    from ..knowledge import claims

    table = claims().set_index("claim")
    rows = [
        [cid, str(table.loc[cid, "statement"]), "", str(table.loc[cid, "verdict"])]
        for cid in claim_ids
        if cid in table.index
    ]
    return DataTable(
        "Predict the verdict, then check it",
        "Before you read the evidence, write the verdict you expect"
        " (supported, simplified, contested, not supported); then check.",
        ["claim", "the article says", "I predict", "the evidence says"],
        3,
        rows,
    )


DATA_TABLES: dict[int, Callable[[], list[DataTable]]] = {
    0: _table_00,
    1: _table_01,
    2: _table_02,
    3: _table_03,
    4: _table_04,
    6: _table_06,
}


# --- HTML -------------------------------------------------------------------------


def _e(text: object) -> str:
    return html.escape(str(text))


def _lines(count: int) -> str:
    return "".join("<div class='lines'></div>" for _ in range(count))


def _key(text: str) -> str:
    return f"<p class='key'>{_e(text)}</p>"


def _poe(lesson: Lesson, key: bool) -> str:
    if not lesson.ask:
        return ""
    rows = "".join(
        f"<tr><td class='given'>{_e(q)}</td><td></td><td></td>"
        + (f"<td class='given key'>{_e(a)}</td>" if key and a else "<td></td>")
        + "</tr>"
        for q, a in zip(lesson.ask, lesson.ask_answers, strict=True)
    )
    note = (
        _key(
            "Predictions vary and observations should match the demo; where the lesson"
            " has an answer, it is in the last column."
        )
        if key
        else ""
    )
    return (
        "<section><h2>Predict, observe, explain</h2><p>Before you move a control,"
        " write what you expect. Then try it, write what happened, and explain it.</p>"
        "<table class='fill'><thead><tr><th style='width:30%'>Ask yourself</th>"
        "<th style='width:14%'>I predict</th><th style='width:14%'>I observed</th>"
        f"<th>Because</th></tr></thead><tbody>{rows}</tbody></table>{note}</section>"
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


def _think(lesson: Lesson, key: bool) -> str:
    if not lesson.think:
        return ""
    items = "".join(
        f"<div class='item'><h3>Think! {n}</h3><p>{_e(q)}</p>"
        + (_key(a) if key else _lines(3))
        + "</div>"
        for n, (q, a) in enumerate(lesson.think, start=1)
    )
    return f"<section><h2>Think!</h2>{items}</section>"


def _exercises(lesson: Lesson, key: bool) -> str:
    if not lesson.exercises:
        return ""
    items = "".join(
        f"<div class='item'><h3>Exercise {_e(i)}</h3><p>{_e(p)}</p>"
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
    from .._data import load_table

    quiz = load_table("quiz")
    rows = quiz[quiz.lesson == lesson.number]
    if rows.empty:
        return ""
    items = []
    for n, (_, group) in enumerate(rows.groupby("question_id", sort=False), start=1):
        options = "".join(
            f"<li class='{'right' if key and r.correct else ''}'>{_e(r.option)}</li>"
            for r in group.itertuples()
        )
        right = group[group.correct].iloc[0]
        after = _key(right.feedback) if key else "<p>Why?</p>" + _lines(1)
        items.append(
            f"<div class='item'><h3>Question {n}</h3><p>{_e(group.question.iloc[0])}"
            f"</p><ul class='options'>{options}</ul>{after}</div>"
        )
    return f"<section><h2>Quiz</h2><p>Tick one answer and give your reason.</p>{''.join(items)}</section>"


def _cases(lesson: Lesson, key: bool) -> str:
    if lesson.number != 5:
        return ""
    from .._data import load_table
    from ..knowledge import causes

    names = causes().set_index("cause")["name"]
    items = []
    for n, case in enumerate(load_table("cases").itertuples(), start=1):
        sound = [case.best_fit, *getattr(case, "also_sound", ())]
        options = "".join(
            f"<li class='{'right' if key and o in sound else ''}'>{_e(names.get(o, o))}</li>"
            for o in case.options
        )
        heading = getattr(case, "title", f"Case {n}")
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
        + _data_tables(lesson, key)
        + _cases(lesson, key)
        + _think(lesson, key)
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


def build_worksheets(
    out_dir: str | Path,
    source_dir: str | Path = DEFAULT_SOURCE,
    papers: tuple[str, ...] = ("A4", "Letter"),
    chromium: str | None = None,
) -> list[Path]:
    """Write every lesson's worksheet and answer key as PDF; returns the PDF paths.

    ``out_dir`` gets ``lessonNN-worksheet-A4.pdf``, ``lessonNN-answer-key-A4.pdf`` and
    the Letter versions, with the HTML they were printed from in ``html/``.
    """
    chromium = chromium or find_chromium()
    if chromium is None:
        raise WorksheetError(
            "no chromium to print with: install Debian's chromium"
            " (make chromium) or set TWITCHLIB_CHROMIUM"
        )
    out_dir, source_dir = Path(out_dir), Path(source_dir)
    paths = sorted(source_dir.glob("[0-9][0-9]_*.ipynb"))
    if not paths:
        raise FileNotFoundError(f"no lesson notebooks in {source_dir}")
    pages = out_dir / "html"
    pages.mkdir(parents=True, exist_ok=True)
    shutil.copy(TEMPLATES / "worksheet.css", pages / "worksheet.css")
    written = []
    for path in paths:
        lesson = read_lesson(path)
        for paper in papers:
            for key, kind in ((False, "worksheet"), (True, "answer-key")):
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
        default=DEFAULT_SOURCE,
        type=Path,
        help="folder of the lesson notebooks (default: notebooks)",
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
