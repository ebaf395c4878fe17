"""A whole live round in the real class server: the teacher page and three students'
dashboards (one at phone size) through open, answer, reveal, ask again, answer
again, reveal; axe-core finds nothing serious on either page."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import subprocess
import sys

import pytest
from browser import (
    ROOT,
    ConsoleLog,
    axe_violations,
    chromium_browser,
    free_port,
    screenshot,
    serious,
    wait_until_up,
)

from twitchlib.lessons import room_bank
from twitchlib.store import STORE_FILE, ClassStore

pytestmark = pytest.mark.browser

STUDENTS = 3
QUESTION = "claim:C08"
TEACHER = "teacher-" + secrets.token_urlsafe(12)


@pytest.fixture(scope="module")
def class_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("live")
    shutil.copytree(ROOT / "notebooks", folder / "notebooks")
    port, teacher_port = free_port(), free_port()
    token = secrets.token_urlsafe(12)
    log = folder / "class.log"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "twitchlib.delivery",
            "class",
            "--notebook",
            str(folder / "notebooks" / "dashboard.ipynb"),
            f"--port={port}",
            f"--teacher-port={teacher_port}",
            f"--teacher-token={TEACHER}",
            f"--students={STUDENTS}",
            f"--token={token}",
            "--no-qr",
        ],
        cwd=folder,
        env={k: v for k, v in os.environ.items() if k != "TWITCHLIB_ANSWERS"},
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_until_up(port, process, log, seconds=180)
        wait_until_up(teacher_port, process, log, seconds=30)
        yield (
            f"http://127.0.0.1:{port}/?token={token}",
            f"http://127.0.0.1:{teacher_port}/?token={TEACHER}",
            folder / "notebooks" / STORE_FILE,
            token,
            teacher_port,
        )
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pass
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def count_is(teacher, text: str) -> None:
    try:
        teacher.wait_for_function(
            "(t) => document.getElementById('count').textContent.includes(t)",
            arg=text,
            timeout=60_000,
        )
    except Exception:
        shown = teacher.inner_text("#count")
        problem = teacher.inner_text("#problem")
        raise AssertionError(
            f"wanted {text!r}; the page says {shown!r} {problem!r}"
        ) from None


def test_a_whole_round_with_the_teacher_and_three_students(class_server, tmp_path):
    students_url, teacher_url, store_path, students_token, teacher_port = class_server
    q = room_bank.question(QUESTION)
    first_votes = ["supported", "simplified", "not supported"]
    second_votes = ["not supported", "not supported", "simplified"]
    with chromium_browser() as browser:
        # Each student on a device of their own: separate storage, so separate keys.
        def device(width: int, height: int):
            context = browser.new_context(viewport={"width": width, "height": height})
            context.set_default_timeout(60_000)
            return context.new_page()

        # The students' token opens nothing on the teacher's port.
        refused = device(1280, 720).goto(
            f"http://127.0.0.1:{teacher_port}/?token={students_token}"
        )
        assert refused.status == 403
        teacher = device(1280, 720)
        teacher_log = ConsoleLog(teacher)
        teacher.goto(teacher_url)
        teacher.wait_for_selector(f"#question option[value='{q.id}']", state="attached")
        # The secret leaves the address bar (a projected page never shows it).
        assert TEACHER not in teacher.url
        students = []
        for n in range(STUDENTS):
            page = device(412, 915) if n == STUDENTS - 1 else device(1280, 720)
            page.goto(students_url)
            students.append((page, ConsoleLog(page)))
        for page, _ in students:
            page.get_by_text("Waiting for your teacher's question").wait_for(
                timeout=180_000
            )
        for n, (page, _) in enumerate(students):
            page.get_by_role("textbox", name="Your name").fill(f"Student {n + 1}")
            page.get_by_role("textbox", name="Your name").press("Enter")
        teacher.select_option("#question", q.id)
        teacher.click("#open")
        count_is(teacher, f"0 of {STUDENTS} students answered")
        for n, (page, _) in enumerate(students):
            page.get_by_role("button", name=first_votes[n], exact=True).click()
            page.get_by_text(f"Your answer: {first_votes[n]}").wait_for()
            count_is(teacher, f"{n + 1} of {STUDENTS} students answered")
        # While open: how many, never what.
        assert teacher.is_hidden("#chart-box")
        phone = students[-1][0]
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 412, f"the phone page is {width} px wide"
        for part in phone.get_by_role("button", name=first_votes[-1], exact=True).all():
            box = part.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 412 + 0.5
        # The dashboard below is one column on the phone: the sliders span the width.
        slider = phone.locator(".twitchlib-slider input[type=range]").first
        slider.scroll_into_view_if_needed()
        box = slider.bounding_box()
        assert box["width"] >= 300 and box["height"] >= 44, box
        chart = phone.locator(".twitchlib-pane").first.bounding_box()
        assert chart["x"] >= 0 and chart["x"] + chart["width"] <= 412 + 0.5, chart
        # Below the question the explorer's chart is there to scroll to, whole, on
        # the phone and on a laptop: the question never squeezes it away.
        for page in (phone, students[0][0]):
            frame = page.locator(".twitchlib-main-chart .twitchlib-chart-frame").first
            frame.scroll_into_view_if_needed()
            box = frame.bounding_box()
            assert box["height"] >= 200, (page.viewport_size, box)
            assert page.evaluate(
                "e => e.getBoundingClientRect().bottom <= document.documentElement"
                ".scrollHeight + window.scrollY",
                frame.element_handle(),
            )
        # The chart's title is whole on the phone (plotly does not wrap titles).
        title = phone.locator(".twitchlib-main-chart .gtitle").first.bounding_box()
        assert title["x"] >= 0 and title["x"] + title["width"] <= 412 + 0.5, title
        screenshot(phone, "live-round-phone-open")
        screenshot(students[0][0], "live-round-laptop-open")
        teacher.click("#reveal")
        teacher.wait_for_selector("#chart-box", state="visible")
        assert "right" in teacher.locator("#chart-desc").inner_text()
        for page, _ in students:
            page.get_by_text("The room:").wait_for(timeout=30_000)
            assert f"Right: {q.answer}" in page.inner_text("body")
        screenshot(teacher, "live-round-teacher-revealed")
        # After discussion, the same question again.
        teacher.click("#again")
        count_is(teacher, f"0 of {STUDENTS} students answered")
        for n, (page, _) in enumerate(students):
            page.get_by_text("You have not answered").wait_for(timeout=30_000)
            page.get_by_role("button", name=second_votes[n], exact=True).click()
            page.get_by_text(f"Your answer: {second_votes[n]}").wait_for()
        count_is(teacher, f"{STUDENTS} of {STUDENTS} students answered")
        teacher.click("#reveal")
        teacher.wait_for_selector("#chart-box", state="visible")
        assert "first vote" in teacher.locator("#chart-desc").inner_text()
        box = teacher.locator("#chart").bounding_box()
        assert box["y"] + box["height"] <= 720 + 0.5, box
        screenshot(teacher, "live-round-teacher-asked-again")
        assert serious(axe_violations(teacher, ["body"])) == []
        assert serious(axe_violations(phone, ["body"])) == []
        for _page, log in [(teacher, teacher_log), *students]:
            assert log.errors == [], log.errors
    store = ClassStore(store_path)
    first, second = (
        store.previous_round(store.current_round().round_id),
        store.current_round(),
    )
    assert store.round_summary(first.round_id).distribution == {
        v: 1 for v in first_votes
    }
    assert store.round_summary(second.round_id).distribution == {
        "not supported": 2,
        "simplified": 1,
    }
    assert sorted(s.name for s in store.students()) == [
        f"Student {n + 1}" for n in range(STUDENTS)
    ]
