"""What the printed worksheet asks for, read from the HTML it is printed from (fast):
predict / observe / explain rows only where there is a demo to try, room for each
reading and for a rewrite, and notebook instructions said as on paper."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from twitchlib.delivery.worksheets import read_lesson, worksheet_html
from twitchlib.lessons import lesson as lesson_spec
from twitchlib.lessons import read_notebook

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def _section(page: str, heading: str) -> str:
    found = re.search(rf"<section><h2>{heading}</h2>(.*?)</section>", page, re.S)
    return found.group(1) if found else ""


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_predict_observe_explain_rows_only_where_a_demo_can_be_tried(path):
    lesson = read_lesson(path)
    notebook = read_notebook(path)
    page = worksheet_html(lesson, key=False)
    poe = _section(page, "Predict, observe, explain")
    rows = re.findall(r"<tr data-prompt='([^']+)'", poe)
    demos = {c.index for c in notebook.cells if "demo" in c.tags}
    code = [c.index for c in notebook.cells if c.cell_type == "code"]
    for prompt in notebook.prompts_of("ask-yourself"):
        near = [i for i in code if i < prompt.cell.index][-1:] + [
            i for i in code if i > prompt.cell.index
        ][:1]
        # A demo with nothing to move (a table to read, cases to judge) is no
        # experiment: its prompt is asked plainly (the lesson's nothing_to_move).
        by_a_demo = (
            bool(demos & set(near))
            and prompt.id not in lesson_spec(int(path.name[:2])).nothing_to_move
        )
        assert (prompt.id in rows) is by_a_demo, prompt.id
        if not by_a_demo:  # asked all the same, with room to answer
            assert f"data-prompt='{prompt.id}'" in _section(page, "Ask yourself")


def test_every_red_flag_reading_has_room_of_its_own():
    for number in ("02", "05"):
        path = next(p for p in LESSONS if p.name.startswith(number))
        page = worksheet_html(read_lesson(path), key=False)
        items = re.findall(
            r"<div class='reading'>(.*?)(?=<div class='reading'>|</div></div>)",
            page,
            re.S,
        )
        assert len(items) == 4
        assert all(item.count("class='lines'") == 2 for item in items), items


def test_the_rewrite_has_room_for_two_sentences_and_speaks_of_paper():
    path = next(p for p in LESSONS if p.name.startswith("07"))
    page = worksheet_html(read_lesson(path), key=False)
    item = re.search(
        r"<div class='item' data-prompt='07.question.rewrite'>(.*?)</div>(?=<div class='item'|</section>)",
        page,
        re.S,
    ).group(1)
    assert item.count("class='lines'") >= 10
    assert "double-click" not in item and "cell below" not in item
    assert "answer box" not in item and "in the space below" in item


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_a_printed_sheet_names_no_notebook_control(path):
    """A worksheet speaks of paper: no answer box, cell or double-click to find."""
    for key in (False, True):
        page = worksheet_html(read_lesson(path), key=key).lower()
        for words in ("answer box", "double-click", "cell below"):
            assert words not in page, (path.name, words)
