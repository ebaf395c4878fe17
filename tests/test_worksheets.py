"""Worksheets read back from their PDFs: everything asked is there, no answer leaks."""

import html
import os
import re
import shutil
import subprocess
import unicodedata

import pytest

from conftest import ROOT
from twitchlib import load_table
from twitchlib.delivery.worksheets import (
    build_worksheets,
    find_chromium,
    read_lesson,
    worksheet_html,
)

LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def _need_tools():
    missing = [t for t in ("pdftotext", "pdfinfo") if shutil.which(t) is None]
    if find_chromium() is None:
        missing.append("chromium")
    if missing:
        message = f"WORKSHEET PDF TESTS NOT RUN: {', '.join(missing)} not installed"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    _need_tools()
    out = tmp_path_factory.mktemp("worksheets")
    written = build_worksheets(out, ROOT / "notebooks")
    assert len(written) == 4 * len(LESSONS)
    return out


def _words(text):
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    return " ".join(text.split())


def _pdf_text(path):
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    return _words(done.stdout)


def _squashed(text):
    """Text without spaces or hyphens: pdftotext joins a word hyphenated at a line
    end ("double-click" becomes "doubleclick") and breaks lines anywhere."""
    return text.replace(" ", "").replace("-", "")


def _pages(path):
    info = subprocess.run(
        ["pdfinfo", str(path)], capture_output=True, text=True, check=True
    ).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    size = re.search(r"Page size:.*\((\w+)\)", info).group(1)
    return pages, size


def _asked(path):
    """What the sheet must show: quiz questions and options, exercises, Think!, cases."""
    lesson = read_lesson(path)
    quiz = load_table("quiz")
    rows = quiz[quiz.lesson == lesson.number]
    asked = list(rows.question.unique()) + list(rows.option)
    asked += [prompt for _, prompt, _ in lesson.exercises]
    asked += [f"Exercise {exercise_id}" for exercise_id, _, _ in lesson.exercises]
    asked += [item.prompt for item in lesson.think + lesson.questions]
    if lesson.shows_cases:
        printed = {title for title, _ in lesson.cases}
        cases = load_table("cases")
        asked += list(cases[cases.title.isin(printed)].story)
    return lesson, [_words(a) for a in asked]


def _answers(path):
    """What only the answer key may show."""
    lesson = read_lesson(path)
    quiz = load_table("quiz")
    rows = quiz[(quiz.lesson == lesson.number) & quiz.correct]
    items = lesson.ask + lesson.think + lesson.questions
    hidden = list(rows.feedback) + [item.answer for item in items if item.answer]
    hidden += [f"Answer: {key}" for _, _, key in lesson.exercises]
    if lesson.shows_cases:
        printed = {title for title, _ in lesson.cases}
        cases = load_table("cases")
        hidden += list(cases[cases.title.isin(printed)].reasoning)
    # A filled table row counts unless the question itself already shows it
    # (lesson 01 asks which chains end in "twitching ↑").
    prompts = _words(" ".join(item.prompt for item in items))
    for table in lesson.tables:
        hidden += [
            " ".join(row)
            for row in table.rows
            if len(row) > table.given and _words(" ".join(row)) not in prompts
        ]
    return [_words(h) for h in hidden]


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_every_question_and_exercise_is_on_the_worksheet(path, paper, pdfs):
    lesson, asked = _asked(path)
    for kind in ("worksheet", "answer-key"):
        text = _pdf_text(pdfs / f"lesson{lesson.number:02d}-{kind}-{paper}.pdf")
        missing = [a for a in asked if _squashed(a) not in _squashed(text)]
        assert not missing, f"{kind} {paper} lacks: {missing[:3]}"
        for field in ("Name", "Class", "Date"):
            assert field in text


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_no_answer_appears_on_a_student_sheet(path, pdfs):
    lesson = read_lesson(path)
    hidden = _answers(path)
    assert hidden, "the lesson has no answers to protect"
    for paper in ("A4", "Letter"):
        sheet = _pdf_text(pdfs / f"lesson{lesson.number:02d}-worksheet-{paper}.pdf")
        key = _pdf_text(pdfs / f"lesson{lesson.number:02d}-answer-key-{paper}.pdf")
        assert "ANSWER KEY" not in sheet and "ANSWER KEY" in key
        leaked = [h for h in hidden if h in sheet]
        assert not leaked, f"the student sheet shows: {leaked[:3]}"
        # The key really holds them (so the check above is not vacuous): the quiz
        # feedback, compared without spaces (pdftotext breaks lines after hyphens).
        quiz = load_table("quiz")
        feedback = quiz[(quiz.lesson == lesson.number) & quiz.correct].feedback
        flat = key.replace(" ", "")
        assert len(feedback) and all(
            _words(f).replace(" ", "") in flat for f in feedback
        )


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_page_counts_and_sizes_are_sane(path, pdfs):
    number = int(path.name[:2])
    for paper, name in (("A4", "A4"), ("Letter", "letter")):
        for kind in ("worksheet", "answer-key"):
            pages, size = _pages(pdfs / f"lesson{number:02d}-{kind}-{paper}.pdf")
            # Lesson 05's key, with its eleven cases and the red-flag readings, is
            # the longest (7 pages).
            assert 1 <= pages <= 8 and size == name


def test_lesson_06_has_the_spike_count_table_filled_only_in_the_key(pdfs):
    sheet = _pdf_text(pdfs / "lesson06-worksheet-A4.pdf")
    key = _pdf_text(pdfs / "lesson06-answer-key-A4.pdf")
    assert "Spikes and twitch force" in sheet and "spikes in 300 ms" in sheet
    from twitchlib import nerve

    spikes = str(nerve.simulate(10.0, 300.0).spike_count)
    assert re.search(rf"\b10 {spikes}\b", key.replace("\n", " ")) or spikes in key


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_the_answer_key_pdf_prints_each_answer_under_its_own_question(path, pdfs):
    # Ask-yourself prompts without a demo, Think! and other questions are printed as
    # paragraphs (the predict / observe /
    # explain table's columns interleave in pdftotext; tests/test_editions.py checks
    # its rows in the HTML the PDF is printed from, by id).
    lesson = read_lesson(path)
    asked = tuple(item for item in lesson.ask if item.id not in lesson.explore)
    items = asked + lesson.think + lesson.questions
    for paper in ("A4", "Letter"):
        key = _squashed(
            _pdf_text(pdfs / f"lesson{lesson.number:02d}-answer-key-{paper}.pdf")
        )
        starts = [key.find(_squashed(_words(item.prompt))[:50]) for item in items]
        for item, start in zip(items, starts, strict=True):
            assert start >= 0, f"{item.id}: its question is not on the key"
            after = min([s for s in starts if s > start] + [len(key)])
            answer = key.find(_squashed(_words(item.answer))[:60], start)
            assert 0 <= answer < after, f"{item.id}: its answer is not under it"


def test_a_prompt_of_the_extension_is_marked_on_the_sheet():
    """A class that stops at the core sees on paper what belongs to the extension."""
    from twitchlib.delivery.worksheets import read_lesson, worksheet_html
    from twitchlib.lessons import lesson, read_notebook

    spec = lesson(7)
    path = ROOT / "notebooks" / spec.notebook
    notebook = read_notebook(path)
    extension = [e.id for e in notebook.exercises if "extension" in e.cell.tags]
    core = [e.id for e in notebook.exercises if "extension" not in e.cell.tags]
    assert extension, "lesson 07's exercise is in its extension"
    page = worksheet_html(read_lesson(path), key=False)
    for exercise_id in extension:
        assert f"Exercise {exercise_id} (extension)" in page
    for exercise_id in core:
        assert f"Exercise {exercise_id}</h3>" in page


def test_the_case_an_exercise_asks_about_is_not_printed_and_the_extension_is_marked():
    """Exercise 05.1 asks about Lee: the sheet and its key leave Lee out, as the
    notebook's case cells do, and mark the extension's cases; the two lists agree
    with the notebook's own cells (run here as the notebook runs them)."""
    import nbformat

    import twitchlib as tl
    import twitchlib.lessons.activities  # noqa: F401  (the cells call it as tl.lessons.activities)
    from twitchlib.lessons import lesson

    path = ROOT / "notebooks" / "05_telling_causes_apart.ipynb"
    sheet = read_lesson(path)
    spec = lesson(5)
    assert "Lee's exam week" not in {t for t, _ in sheet.cases}
    lee = load_table("cases").set_index("title").loc["Lee's exam week"]
    for key in (False, True):
        page = worksheet_html(sheet, key)
        assert html.escape(lee.story) not in page
        assert html.escape(lee.reasoning) not in page
        for title in spec.extension_cases:
            assert html.escape(f"{title} (extension)") in page
    shown = {}
    for cell in nbformat.read(path, as_version=4).cells:
        if "tl.lessons.activities.case_exercises(" in cell.source:
            code = "\n".join(
                line for line in cell.source.splitlines() if not line.startswith("#")
            )
            boxes = eval(code, {"tl": tl}).children
            titles = {
                re.search(r"<b>(.*?)\.</b>", b.children[0].value)[1] for b in boxes
            }
            shown["extension" in cell.metadata.get("tags", [])] = {
                html.unescape(t) for t in titles
            }
    assert shown[True] == set(spec.extension_cases)
    assert shown[False] == {t for t, extension in sheet.cases if not extension}


def test_a_table_to_fill_in_prints_as_a_grid_and_only_controls_get_predict_rows():
    nerve = read_lesson(ROOT / "notebooks" / "06_inside_the_nerve.ipynb")
    page = worksheet_html(nerve, False)
    assert "|---" not in page and "| calcium" not in page
    assert "data-record='06.ask.explorer'" in page
    assert "<th>spikes in 200 ms</th>" in page
    assert "<th>gating shift (mV)</th>" in page  # a glossary link keeps its word only
    assert "&lt;a" not in page
    # A table to read or cases to judge have no control to move: asked plainly.
    explorer = read_lesson(ROOT / "notebooks" / "03_the_twitch_explorer.ipynb")
    assert "03.ask.log-odds-to-points" not in explorer.explore
    assert "03.ask.normal-range" in explorer.explore
    cases = read_lesson(ROOT / "notebooks" / "05_telling_causes_apart.ipynb")
    assert not cases.explore


@pytest.mark.parametrize(
    "path",
    sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")),
    ids=lambda p: p.name,
)
def test_no_sheet_prints_the_lessons_html(path):
    """Glossary links and word folds are the notebook's: on paper only words."""
    lesson = read_lesson(path)
    for key in (False, True):
        page = worksheet_html(lesson, key)
        for markup in ("&lt;a", "glossary.md", "&lt;details", "twitchlib-words"):
            assert markup not in page, (path.name, key, markup)
