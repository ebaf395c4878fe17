"""Three students at once in the real class server: no answer crosses between them.

``twitchlib class`` serves a lesson page (a quiz and an exit ticket) to three browser
pages at the same time. Each student picks a different option, checks it, types the
same name ("Sam") and saves an exit ticket. Each ticket must hold that student's
answer and nothing of the others', no ticket may replace another, and the class
store must hold three students.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import signal
import subprocess
import sys

import nbformat
import pytest
from browser import (
    ConsoleLog,
    chromium_context,
    free_port,
    screenshot,
    wait_until_up,
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
    port, token = free_port(), secrets.token_urlsafe(12)
    log = folder / "class.log"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "twitchlib.delivery",
            "class",
            "--notebook",
            str(folder / "lesson.ipynb"),
            f"--port={port}",
            # A free port of its own: the one after --port may be taken.
            f"--teacher-port={free_port()}",
            f"--students={STUDENTS}",
            f"--token={token}",
            "--no-qr",
        ],
        cwd=folder,
        # As in a classroom: no TWITCHLIB_ANSWERS (the tests turn recording off), so
        # every kernel would write one answer file in this folder but for the store.
        env={k: v for k, v in os.environ.items() if k != "TWITCHLIB_ANSWERS"},
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its Voila and kernels can be stopped together
    )
    try:
        wait_until_up(port, process, log, seconds=120)
        yield f"http://127.0.0.1:{port}/?token={token}", folder
    finally:
        process.terminate()  # the class server stops Voila, which stops its kernels
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pass
        # Whatever is left of its process group (a kernel still starting) goes too,
        # so no later test meets a port still held.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


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
