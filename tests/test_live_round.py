"""A whole live round in the real class server: the teacher page and three students'
dashboards (one at phone size) through open, answer, reveal, ask again, answer
again, reveal; axe-core finds nothing serious on either page."""

from __future__ import annotations

import secrets
import shutil

import pytest
from browser import (
    ROOT,
    ConsoleLog,
    axe_violations,
    chromium_browser,
    screenshot,
    serious,
    start_class,
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
    server = start_class(
        folder / "notebooks" / "dashboard.ipynb", STUDENTS, teacher_token=TEACHER
    )
    try:
        yield (
            server.students_url,
            server.teacher_url,
            folder / "notebooks" / STORE_FILE,
            server.token,
            server.teacher_port,
        )
    finally:
        server.stop()


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


def test_a_round_survives_dead_kernels_and_a_server_restart(tmp_path):
    """Mid-round, every kernel is killed and then the server itself is stopped and
    started again on the same folder: the round is still open, each student's page,
    reloaded, shows their own committed answer, and the round goes on to a reveal."""
    import psutil

    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    notebook = tmp_path / "notebooks" / "dashboard.ipynb"
    server = start_class(notebook, 2, teacher_token=TEACHER)
    q = room_bank.question(QUESTION)
    votes = {"Ana": "simplified", "Ben": "supported"}
    try:
        with chromium_browser() as browser:

            def device():
                context = browser.new_context(viewport={"width": 1280, "height": 720})
                context.set_default_timeout(60_000)
                return context.new_page()

            teacher = device()
            teacher.goto(server.teacher_url)
            teacher.wait_for_selector(
                f"#question option[value='{q.id}']", state="attached"
            )
            students = {name: device() for name in votes}
            for name, page in students.items():
                page.goto(server.students_url)
                page.get_by_text("Waiting for your teacher's question").wait_for(
                    timeout=180_000
                )
                page.get_by_role("textbox", name="Your name").fill(name)
                page.get_by_role("textbox", name="Your name").press("Enter")
            teacher.select_option("#question", q.id)
            teacher.click("#open")
            for name, page in students.items():
                page.get_by_role("button", name=votes[name], exact=True).click()
                page.get_by_text(f"Your answer: {votes[name]}").wait_for()
            count_is(teacher, "2 of 2 students answered")
            # Every kernel dies (as a crash would), then the server goes down.
            kernels = [
                p
                for p in psutil.Process(server.process.pid).children(recursive=True)
                if "ipykernel" in " ".join(p.cmdline())
            ]
            assert kernels, "the class server runs no kernel"
            for kernel in kernels:
                kernel.kill()
            server.stop()
            server = start_class(
                notebook,
                2,
                port=server.port,
                teacher_port=server.teacher_port,
                token=server.token,
                teacher_token=TEACHER,
                log=server.log,
            )
            teacher.goto(server.teacher_url)
            count_is(teacher, "2 of 2 students answered")
            for name, page in students.items():
                page.goto(server.students_url)
                try:
                    page.get_by_text(f"Your answer: {votes[name]}").wait_for(
                        timeout=180_000
                    )
                except Exception:
                    raise AssertionError(
                        f"{name}'s page after the restart:\n{page.inner_text('body')}"
                        f"\n--- the server's log:\n{server.log.read_text()[-4000:]}"
                    ) from None
            students["Ben"].get_by_role(
                "button", name="not supported", exact=True
            ).click()
            students["Ben"].get_by_text("Your answer: not supported").wait_for()
            teacher.click("#reveal")
            teacher.wait_for_selector("#chart-box", state="visible")
    finally:
        server.stop()
    store = ClassStore(tmp_path / "notebooks" / STORE_FILE)
    assert store.round_summary(store.current_round().round_id).distribution == {
        "simplified": 1,
        "not supported": 1,
    }
