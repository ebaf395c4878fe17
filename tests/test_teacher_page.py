"""The teacher page: its own secret, a round told as counts while open, the room's
answers beside the model's at the reveal, asking again, and refusals that change
nothing."""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request

import pytest

from twitchlib.delivery import classroom, teacher
from twitchlib.lessons import room_bank
from twitchlib.store import STORE_FILE, ClassStore, new_student_key

TEACHER = "teacher-secret-1"
STUDENTS = "students-token"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def served(tmp_path):
    store = ClassStore(tmp_path / STORE_FILE)
    page = teacher.TeacherPage(store, TEACHER, students_link="http://x/?token=s")
    port = free_port()
    server = teacher.start(page, "127.0.0.1", port)
    yield store, f"http://127.0.0.1:{port}"
    server.shutdown()
    server.server_close()


def call(url, body=None, token=TEACHER, header=True, query=False):
    if query:
        url += ("&" if "?" in url else "?") + f"token={token}"
    request = urllib.request.Request(url)
    if header and token:
        request.add_header("X-Teacher-Token", token)
    if body is not None:
        request.data = json.dumps(body).encode()
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=10) as reply:
            data = reply.read()
            return reply.status, data, reply.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers


def as_json(data: bytes):
    return json.loads(data)


ROUTES = [
    "/",
    "/teacher.html",
    "/teacher.js",
    "/teacher.css",
    "/qr.svg",
    "/api/state",
    "/api/bank",
    "/report",
    "/gradebook.csv?format=moodle",
]


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("token", ["", STUDENTS, "wrong-but-long", TEACHER[:-1]])
def test_every_route_refuses_anyone_without_the_teacher_secret(served, route, token):
    _, base = served
    for query in (False, True):
        status, body, _ = call(base + route, token=token, query=query)
        assert status == 403, (route, token, query)
        assert b"teacher" in body and b"question" not in body


@pytest.mark.parametrize(
    "action", ["open", "close", "reveal", "again", "predict-first"]
)
def test_actions_need_the_secret_in_a_header_not_a_link(served, action):
    store, base = served
    body = {"question": "quiz:q4_rda", "on": True}
    # The secret in the address or a cookie is not enough to act: a link, an image or
    # a form on another page could send those.
    status, _, _ = call(base + f"/api/{action}", body, header=False, query=True)
    assert status == 403
    status, _, _ = call(base + f"/api/{action}", body, token=STUDENTS)
    assert status == 403
    assert store.current_round() is None and store.predict_first() is False


def test_the_page_and_its_files_open_with_the_teacher_link(served):
    _, base = served
    status, body, headers = call(base + "/", header=False, query=True)
    assert status == 200 and b"teacher.js" in body
    cookie = headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    # The page's own files come with the cookie the page set.
    request = urllib.request.Request(base + "/teacher.js")
    request.add_header("Cookie", cookie.split(";")[0])
    with urllib.request.urlopen(request, timeout=10) as reply:
        assert b"X-Teacher-Token" in reply.read()
    status, body, _ = call(base + "/qr.svg")
    assert status == 200 and b"<svg" in body
    # The report's page (at /report) asks for plotly.min.js beside it.
    status, body, _ = call(base + "/plotly.min.js")
    assert status == 200 and b"plotly" in body[:2000].lower()


def test_a_round_shows_counts_while_open_and_the_room_beside_the_model_after(served):
    store, base = served
    q = room_bank.question("number:caffeine-600mg")
    status, body, _ = call(base + "/api/open", {"question": q.id})
    assert status == 200
    keys = [new_student_key() for _ in range(4)]
    for i, (key, guess) in enumerate(zip(keys, ["10", "14", "14", "30"], strict=True)):
        store.join(key, f"student {i}")
        store.submit(store.current_round().round_id, key, guess)
    state = as_json(call(base + "/api/state")[1])
    assert state["round"]["state"] == "open"
    assert (state["answered"], state["students"]) == (4, 4)
    # While open the teacher sees how many, not what: nothing to steer the room.
    assert "distribution" not in state and "answer" not in state
    state = as_json(call(base + "/api/close", {})[1])
    assert state["distribution"] == {"14": 2, "10": 1, "30": 1}
    assert "answer" not in state
    state = as_json(call(base + "/api/reveal", {})[1])
    assert state["answer"]["value"] == q.value
    assert state["answer"]["right"] == 2  # 14 is within 2 points of the model's 13.8
    assert state["answer"]["explanation"] == q.explanation
    # Asked again after discussion: a new round; the first vote stays to compare.
    state = as_json(call(base + "/api/again", {})[1])
    second = state["round"]["id"]
    assert state["round"]["state"] == "open" and "previous" not in state
    store.submit(second, keys[0], "14")
    state = as_json(call(base + "/api/reveal", {})[1])
    assert state["distribution"] == {"14": 1}
    assert state["previous"]["distribution"] == {"14": 2, "10": 1, "30": 1}


def test_a_choice_round_marks_every_sound_answer(served):
    store, base = served
    q = room_bank.question("case:hot_run")
    call(base + "/api/open", {"question": q.id})
    round_id = store.current_round().round_id
    assert store.get_round(round_id).options == q.options
    key = new_student_key()
    store.join(key, "Ana")
    store.submit(round_id, key, q.sound[-1])
    state = as_json(call(base + "/api/reveal", {})[1])
    assert set(state["answer"]["sound"]) == set(q.sound) and len(q.sound) == 2
    assert state["answer"]["right"] == 1


@pytest.mark.parametrize(
    "action, body, says",
    [
        ("open", {"question": "quiz:nothing"}, "unknown question id"),
        ("open", {}, "unknown question id"),
        ("reveal", {}, "no question has been asked yet"),
        ("predict-first", {"on": "yes"}, "predict-first needs on: true or false"),
        ("delete-everything", {}, "unknown action"),
    ],
)
def test_a_refused_action_says_why_and_changes_nothing(served, action, body, says):
    store, base = served
    status, data, _ = call(base + f"/api/{action}", body)
    assert status == 400 and says in as_json(data)["error"]
    assert store.current_round() is None and store.predict_first() is False


def test_an_oversized_or_malformed_request_changes_nothing(served):
    store, base = served
    status, _, _ = call(base + "/api/open", {"question": "x" * 5000})
    assert status == 413
    request = urllib.request.Request(base + "/api/open", data=b"[1, 2")
    request.add_header("X-Teacher-Token", TEACHER)
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 400
    assert store.current_round() is None


def test_asking_again_waits_for_the_round_to_close(served):
    store, base = served
    call(base + "/api/open", {"question": "claim:C08"})
    status, data, _ = call(base + "/api/again", {})
    assert status == 400 and "still open" in as_json(data)["error"]
    assert len({store.current_round().round_id}) == 1


def test_predict_first_is_the_teachers_switch(served):
    store, base = served
    assert as_json(call(base + "/api/predict-first", {"on": True})[1])["predict_first"]
    assert store.predict_first() is True


def test_progress_says_who_is_stuck_in_words(served):
    store, base = served
    stuck, fine = new_student_key(), new_student_key()
    store.join(stuck, "Bo")
    store.join(fine, "Cy")
    store.set_progress(stuck, "q4_rda", 3, lesson=4)
    store.set_progress(fine, "03.1", 0, lesson=3)
    rows = {r["name"]: r for r in as_json(call(base + "/api/state")[1])["progress"]}
    assert rows["Bo"]["stuck"] and rows["Bo"]["wrong_tries"] == 3
    words = rows["Bo"]["item"].removesuffix("...")
    assert room_bank.question("quiz:q4_rda").prompt.startswith(words)
    assert not rows["Cy"]["stuck"] and rows["Cy"]["item"] == "exercise 03.1"
    assert rows["Cy"]["ticket"] is False


def test_the_bank_offered_holds_no_answers(served):
    _, base = served
    offered = as_json(call(base + "/api/bank")[1])
    assert len(offered) == len(room_bank.bank())
    assert all(set(q) == {"id", "lesson", "kind", "group", "prompt"} for q in offered)


@pytest.mark.parametrize(
    "port, token, teacher_port, teacher_token, says",
    [
        (8866, "s", 8866, "teacher-secret", "--teacher-port must differ"),
        (8866, "s", 80, "teacher-secret", "--teacher-port must be a TCP port"),
        (8866, "same-secret", 8867, "same-secret", "--teacher-token must differ"),
        (8866, "s", 8867, "short", "at least 8"),
        (8866, "s", 8867, "has spaces in it", "at least 8"),
    ],
)
def test_the_teacher_settings_are_checked(
    port, token, teacher_port, teacher_token, says
):
    with pytest.raises(ValueError, match=says):
        classroom.check_teacher_settings(port, token, teacher_port, teacher_token)


# Texts of the round drawn under 24 px (the chart's SVG is scaled to its box).
SMALL_TEXT = """() => [...document.querySelectorAll('#round *')]
            .filter(e => e.offsetParent !== null || e.closest('svg'))
            .filter(e => !e.closest('.visually-hidden'))
            .filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
            .map(e => {
                let size = parseFloat(getComputedStyle(e).fontSize);
                const svg = e.closest('svg');
                if (svg) size *= svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
                return [e.textContent.trim().slice(0, 40), Math.round(size * 10) / 10];
            })
            .filter(([_, size]) => size < 23.5)"""


def _small_text(page) -> list:
    return page.evaluate(SMALL_TEXT)


def _cut_off(page) -> list:
    """Texts of the chart that reach beyond its box (cut off on the screen)."""
    return page.evaluate(
        """() => { const box = document.getElementById('chart').getBoundingClientRect();
        return [...document.querySelectorAll('#chart text')].filter(t => {
            const r = t.getBoundingClientRect();
            return r.right > box.right + 1 || r.left < box.left - 1; })
        .map(t => t.textContent); }"""
    )


@pytest.mark.browser
def test_the_page_runs_a_round_on_a_projector(served, tmp_path):
    """At 1280x720 in chromium: open a round, the count moves as students answer
    through the store, the reveal's chart fits the screen, and axe-core finds no
    serious or critical problem."""
    from browser import (
        ConsoleLog,
        axe_violations,
        chromium_context,
        screenshot,
        serious,
    )

    store, base = served
    # Not the list's first question: a reload must show this one, not jump back.
    q = [q for q in room_bank.bank() if q.kind == "choice"][2]
    keys = [new_student_key() for _ in range(3)]
    for n, key in enumerate(keys):
        store.join(key, f"Student {n + 1}")
    with chromium_context(tmp_path / "profile", 1280, 720) as context:
        page = context.new_page()
        console = ConsoleLog(page)
        page.goto(f"{base}/?token={TEACHER}")
        page.wait_for_selector(f"#question option[value='{q.id}']", state="attached")
        page.select_option("#question", q.id)
        page.click("#open")
        page.wait_for_function(
            "() => /0 of 3 students answered/.test("
            "document.getElementById('count').textContent)"
        )
        # A reload keeps the round's question chosen, and while the round is open the
        # button says that opening another closes this one.
        page.reload()
        page.wait_for_function(
            "(id) => document.getElementById('question').value === id"
            " && /Close this round/.test(document.getElementById('open').textContent)",
            arg=q.id,
        )
        round_id = store.current_round().round_id
        store.submit(round_id, keys[0], q.options[0])
        store.submit(round_id, keys[1], q.options[-1])
        page.wait_for_function(
            "() => /2 of 3 students answered/.test("
            "document.getElementById('count').textContent)"
        )
        # While open, nothing of the answers is on the page.
        assert page.is_hidden("#chart-box")
        page.click("#reveal")
        page.wait_for_selector("#chart-box", state="visible")
        box = page.locator("#chart").bounding_box()
        assert box["width"] > 300 and box["height"] > 100
        assert box["x"] >= 0 and box["x"] + box["width"] <= 1280 + 0.5
        assert box["y"] >= 0 and box["y"] + box["height"] <= 720 + 0.5, box
        label = page.locator("#chart").get_attribute("aria-labelledby")
        assert label and page.locator("#chart-desc").inner_text().strip()
        # Read from the back of the room: every text of the round at least 24 px as
        # drawn (the chart's SVG is scaled to its box).
        assert _small_text(page) == []
        assert _cut_off(page) == []
        screenshot(page, "teacher-page-1280x720")
        # Ask again: the first vote beside the second, still on one screen.
        page.click("#again")
        page.wait_for_function(
            "() => /0 of 3 students answered/.test("
            "document.getElementById('count').textContent)"
        )
        store.submit(store.current_round().round_id, keys[2], q.options[0])
        page.click("#reveal")
        page.wait_for_selector("#chart text:has-text('first vote')", state="attached")
        box = page.locator("#chart").bounding_box()
        assert box["y"] + box["height"] <= 720 + 0.5, box
        assert _small_text(page) == []
        assert _cut_off(page) == []
        screenshot(page, "teacher-page-asked-again-1280x720")
        assert serious(axe_violations(page, ["body"])) == []
        # A number, asked twice: the model's line crosses no bar's count, and the
        # chart carries its own key for the first vote.
        n = room_bank.question("number:caffeine-600mg")
        page.select_option("#question", n.id)
        page.click("#open")
        for ask in (1, 2):
            page.wait_for_function(
                "() => /0 of 3 students answered/.test("
                "document.getElementById('count').textContent)"
            )
            round_id = store.current_round().round_id
            for key, off in zip(keys, (0, 0.2 * ask, 5 * ask), strict=True):
                store.submit(round_id, key, f"{n.value + off:.1f}")
            page.click("#reveal")
            page.wait_for_selector("#chart line.model", state="attached")
            assert page.evaluate(CROSSED) == [], ask
            if ask == 1:
                page.click("#again")
        assert page.locator("#chart text", has_text="first vote").count() == 1
        assert _small_text(page) == []
        screenshot(page, "teacher-page-number-asked-again-1280x720")
        assert console.errors == []


# The counts the model's line runs through (their text), on the number chart.
CROSSED = """() => {
    const line = document.querySelector('#chart line.model').getBoundingClientRect();
    return [...document.querySelectorAll('#chart text')]
        .filter(t => /^\\d+$/.test(t.textContent))
        .filter(t => {
            const b = t.getBoundingClientRect();
            return b.left <= line.right && line.left <= b.right;
        })
        .map(t => t.textContent);
}"""


def test_opening_while_a_round_is_open_needs_the_teachers_say_so(served):
    store, base = served
    call(base + "/api/open", {"question": "claim:C08"})
    first = store.current_round().round_id
    status, data, _ = call(base + "/api/open", {"question": "case:hot_run"})
    assert status == 400 and "still open" in as_json(data)["error"]
    assert store.current_round().round_id == first
    assert store.get_round(first).state == "open"
    status, data, _ = call(
        base + "/api/open", {"question": "case:hot_run", "replace": True}
    )
    assert status == 200 and as_json(data)["round"]["question"] == "case:hot_run"
    assert store.get_round(first).state == "closed"
    # A closed or revealed round needs no say-so: the room is not answering it.
    call(base + "/api/reveal", {})
    status, _, _ = call(base + "/api/open", {"question": "claim:C08"})
    assert status == 200
    # The page offers the replacing open in words, and sends replace only then.
    script = (teacher.STATIC / "teacher.js").read_text(encoding="utf-8")
    assert "Close this round and open the new one" in script
    # ...after the teacher confirms closing the open round without its reveal.
    assert "window.confirm(" in script and "replace })" in script


def test_after_a_reload_the_list_shows_the_current_rounds_question():
    script = (teacher.STATIC / "teacher.js").read_text(encoding="utf-8")
    assert '$("question").value = round.question' in script


def test_only_students_who_typed_a_name_are_counted_and_listed(served):
    store, base = served
    named = [new_student_key() for _ in range(2)]
    projector, preheated = new_student_key(), new_student_key()
    for key, name in [(named[0], "Ada"), (named[1], "Bo"), (projector, "")]:
        store.join(key, name)
    store.join(preheated)
    state = as_json(call(base + "/api/state")[1])
    assert state["students"] == 2
    call(base + "/api/open", {"question": "claim:C08"})
    round_id = store.current_round().round_id
    q = room_bank.question("claim:C08")
    store.submit(round_id, named[0], q.options[0])
    store.submit(round_id, projector, q.options[0])
    state = as_json(call(base + "/api/state")[1])
    assert (state["answered"], state["students"]) == (1, 2)
    assert state["unnamed_answered"] == 1
    assert [r["name"] for r in state["progress"]] == ["Ada", "Bo"]


def test_two_students_with_one_name_are_two_rows_told_apart(served):
    store, base = served
    for _ in range(2):
        store.join(new_student_key(), "Ben")
    rows = as_json(call(base + "/api/state")[1])["progress"]
    assert [r["name"] for r in rows] == ["Ben", "Ben (2)"]


def test_who_is_where_shows_the_live_round_and_stuck_after_two_wrong_tries(
    tmp_path,
):
    store = ClassStore(tmp_path / STORE_FILE)
    page = teacher.TeacherPage(store, TEACHER, exercises=False)
    ada, bo = new_student_key(), new_student_key()
    store.join(ada, "Ada")
    store.join(bo, "Bo")
    q = room_bank.question("claim:C08")
    first = store.open_round(q.id, q.lesson, q.options)
    store.submit(first, ada, q.options[0])
    store.submit(first, bo, q.options[0])
    store.reveal(first)
    second = store.open_round(q.id, q.lesson, q.options)
    store.submit(second, ada, q.options[1])
    rows = {r["name"]: r for r in page.state()["progress"]}
    # On the dashboard nobody is "not started": they answer rounds, not exercises.
    assert rows["Ada"]["item"] == "exploring (no exercises here)"
    in_a_lesson = teacher.TeacherPage(store, TEACHER).state()["progress"]
    assert {r["name"]: r for r in in_a_lesson}["Ada"][
        "item"
    ] == "no exercise or quiz yet"
    assert rows["Ada"]["answered_round"] and rows["Ada"]["last_round"] == second
    assert not rows["Bo"]["answered_round"] and rows["Bo"]["last_round"] == first
    # Two wrong tries at an exercise (it gives two): stuck, and it stays so until a
    # right try; the count stays until the student moves on.
    for answer in ("3", "4"):
        store.record_answer(bo, 3, "exercise", "03.1", answer, False)
    row = {r["name"]: r for r in page.state()["progress"]}["Bo"]
    assert row["stuck"] and row["wrong_tries"] == 2
    store.record_answer(bo, 3, "exercise", "03.1", "6", True)
    row = {r["name"]: r for r in page.state()["progress"]}["Bo"]
    assert not row["stuck"] and row["wrong_tries"] == 2 and row["solved"]
    store.record_answer(bo, 3, "exercise", "03.2", "1", True)
    row = {r["name"]: r for r in page.state()["progress"]}["Bo"]
    assert row["wrong_tries"] == 0
    assert "2 or more wrong tries" in page.state()["stuck_rule"]
    html = (teacher.STATIC / "teacher.html").read_text(encoding="utf-8")
    assert 'id="stuck-rule"' in html and "This round" in html


def test_the_downloads_hold_the_live_rounds(served):
    store, base = served
    key = new_student_key()
    store.join(key, "Ada")
    q = room_bank.question("claim:C08")
    call(base + "/api/open", {"question": q.id})
    store.submit(store.current_round().round_id, key, q.answer)
    call(base + "/api/reveal", {})
    for platform in ("moodle", "canvas"):
        status, body, _ = call(base + f"/gradebook.csv?format={platform}")
        header, row = body.decode("utf-8").splitlines()[:2]
        assert status == 200 and "Live round 1: Lesson" in header
        assert row.startswith("Ada,") and row.endswith(",1")
    status, body, _ = call(base + "/report")
    page = body.decode("utf-8")
    assert status == 200 and "Live rounds: 1 question(s) asked in 1 round(s)" in page
    assert "Skipped files" in page and STORE_FILE not in page


def test_the_docs_say_what_the_class_server_does():
    """docs/class-delivery.md on reloads, 'stuck' and the name limit, checked
    against the code: only the dashboard hands the browser's key to its kernel."""
    from pathlib import Path

    from twitchlib.store import MAX_NAME_CHARS

    root = Path(__file__).resolve().parent.parent
    text = " ".join((root / "docs" / "class-delivery.md").read_text("utf-8").split())
    notebooks = {
        p.name: p.read_text("utf-8") for p in (root / "notebooks").glob("*.ipynb")
    }
    keyed = {n for n, body in notebooks.items() if "class_dashboard" in body}
    assert keyed == {"dashboard.ipynb"}
    assert "A reloaded dashboard, which gets a new kernel, is the same student" in text
    assert "a reloaded lesson page is a new page in the store" in text
    # The sentence that said every reloaded page is a new student is gone.
    assert "A page reloaded gets a new kernel, and with it a new secret" not in text
    assert f'"stuck" after {teacher.STUCK_AFTER} wrong tries' in text
    assert f"name must be at most {MAX_NAME_CHARS} characters; got N" in text
