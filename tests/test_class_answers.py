"""Three students at once in the real class server: no answer crosses between them.

``twitchlib class`` serves a lesson page (a quiz and an exit ticket) to three browser
pages at the same time. Each student picks a different option, checks it, types the
same name ("Sam") and saves an exit ticket. Each ticket must hold that student's
answer and nothing of the others', no ticket may replace another, and the class
store must hold three students.
"""

from __future__ import annotations

import json
import re

import nbformat
import pytest
from browser import (
    ConsoleLog,
    chromium_context,
    screenshot,
    start_class,
)

from twitchlib import coursework
from twitchlib.lessons.activities import quiz_questions
from twitchlib.store import STORE_FILE, ClassStore

pytestmark = pytest.mark.browser

STUDENTS = 3


@pytest.fixture(scope="module")
def class_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("class")
    lesson = nbformat.v4.new_notebook()
    lesson.cells = [
        nbformat.v4.new_code_cell(
            "import twitchlib as tl\nimport twitchlib.lessons.activities"
        ),
        nbformat.v4.new_code_cell("tl.lessons.activities.quiz(4)"),
        nbformat.v4.new_code_cell("tl.exit_ticket(4)"),
    ]
    nbformat.write(lesson, folder / "lesson.ipynb")
    server = start_class(folder / "lesson.ipynb", STUDENTS)
    try:
        yield server.students_url, folder
    finally:
        server.stop()


def test_three_students_at_once_keep_their_answers_apart(class_server, tmp_path):
    url, folder = class_server
    first = quiz_questions(4).groupby("question_id", sort=False).first()
    question = first.index[0]
    options = sorted(quiz_questions(4).query("question_id == @question").option)
    assert len(options) >= STUDENTS
    with chromium_context(tmp_path / "profile", 1280, 900) as context:
        pages = [context.new_page() for _ in range(STUDENTS)]
        logs = [ConsoleLog(page) for page in pages]
        for page in pages:  # all three open before anyone answers
            page.goto(url)
        saved = {}
        for n, page in enumerate(pages):
            box = page.locator(".widget-radio-box").first
            box.wait_for(timeout=180_000)
            box.get_by_role("radio", name=options[n], exact=True).check()
            page.get_by_role("button", name="Check").first.click()
            page.get_by_text(re.compile("Correct|Not quite")).first.wait_for()
        for n, page in enumerate(pages):
            page.get_by_role("textbox", name="Your name").fill("Sam")
            page.get_by_role("button", name="Save my exit ticket").click()
            status = page.get_by_role("status")
            status.wait_for(timeout=60_000)
            saved[n] = re.search(r"exit-ticket\S+\.json", status.inner_text()).group(0)
            screenshot(page, f"class-student-{n + 1}")
        for log in logs:
            assert log.errors == [], log.errors
    assert len(set(saved.values())) == STUDENTS, saved  # none replaced another
    for n, name in saved.items():
        ticket = coursework.read_ticket(folder / name)
        said = [(a.question, a.answer) for a in ticket.answers if a.kind == "quiz"]
        assert said == [(question, options[n])], (n, said)
        assert json.loads((folder / name).read_text())["student_id"]
    store = ClassStore(folder / STORE_FILE)
    assert [s.name for s in store.students()].count("Sam") == STUDENTS
    kept = {}
    for answer in store.all_answers(4):
        if answer.kind == "quiz":
            kept.setdefault(answer.student_id, []).append(answer.answer)
    assert sorted(kept.values()) == sorted([o] for o in options[:STUDENTS])
    assert not (folder / "twitchlib-answers.jsonl").exists()
