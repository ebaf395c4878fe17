"""The class store: one student's rows stay theirs, bad input changes nothing, and no
committed answer is lost to concurrent writers, a killed kernel or a restart."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from conftest import store_rows
from twitchlib.store import (
    MAX_ANSWER_CHARS,
    STORE_FILE,
    AnswerStore,
    ClassStore,
    StoreRefusal,
    key_hash,
    new_student_key,
    open_class_store,
    student_id,
)

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = {"q1", "q2", "03.1", "C08"}


@pytest.fixture
def store(tmp_path) -> ClassStore:
    return ClassStore(tmp_path / STORE_FILE, known_questions=QUESTIONS)


def test_the_store_is_a_wal_file_with_a_busy_timeout(store):
    con = sqlite3.connect(store.path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con.close()
    with store._connection() as own:
        assert own.execute("PRAGMA busy_timeout").fetchone()[0] >= 10_000


def test_class_store_implements_the_interface(store):
    assert isinstance(store, AnswerStore)


def test_the_store_keeps_only_the_hash_of_a_key(store):
    key = new_student_key()
    store.join(key, "Ada")
    store.record_answer(key, 3, "exercise", "03.1", "6", True)
    raw = b"".join(p.read_bytes() for p in store.path.parent.glob(f"{STORE_FILE}*"))
    assert key.encode() not in raw
    assert key_hash(key) in str(store_rows(store.path))
    assert store.student(key).student_id == student_id(key)


def test_each_student_reads_and_writes_only_their_own_rows(store):
    alice, bob = new_student_key(), new_student_key()
    store.join(alice, "Alice")
    store.join(bob, "Bob")
    store.record_answer(alice, 5, "reason", "q1", "Alice's reason", None)
    store.record_answer(bob, 5, "reason", "q1", "Bob's reason", None)
    store.save_ticket(alice, 5, {"name": "Alice", "answers": ["a"]})
    assert [a.answer for a in store.answers_of(alice)] == ["Alice's reason"]
    assert [a.answer for a in store.answers_of(bob)] == ["Bob's reason"]
    assert store.ticket(bob, 5) is None
    assert store.ticket(alice, 5)["name"] == "Alice"
    # Bob's public id (in any report) does not let anyone write as Bob.
    with pytest.raises(StoreRefusal, match="student key"):
        store.record_answer(student_id(bob), 5, "reason", "q1", "forged", None)
    # Nor does the stored hash.
    with pytest.raises(StoreRefusal, match="student key|unknown student"):
        store.record_answer(key_hash(bob), 5, "reason", "q1", "forged", None)
    assert [a.answer for a in store.answers_of(bob)] == ["Bob's reason"]


def test_attempts_count_per_student_and_question(store):
    alice, bob = new_student_key(), new_student_key()
    store.join(alice)
    store.join(bob)
    for answer in ("3", "4", "6"):
        store.record_answer(alice, 3, "exercise", "03.1", answer, answer == "6")
    assert store.record_answer(bob, 3, "exercise", "03.1", "6", True).attempt == 1
    assert [a.attempt for a in store.answers_of(alice)] == [1, 2, 3]


def test_progress_follows_checked_answers(store):
    alice = new_student_key()
    store.join(alice, "Alice")
    store.record_answer(alice, 3, "exercise", "03.1", "3", False)
    store.record_answer(alice, 3, "exercise", "03.1", "4", False)
    (row,) = store.progress()
    assert (row.name, row.item, row.wrong_tries, row.lesson) == (
        "Alice",
        "03.1",
        2,
        3,
    )
    assert store.progress()[0].solved is False
    store.record_answer(alice, 3, "exercise", "03.1", "6", True)
    # The wrong tries stay until she moves on: the teacher sees she struggled there.
    assert store.progress()[0].wrong_tries == 2
    assert store.progress()[0].solved is True
    store.set_progress(alice, "q2", 1, lesson=4)
    assert store.progress()[0].item == "q2"


BAD_WRITES = [
    (
        "oversized answer",
        lambda s, k, r: s.record_answer(
            k, 3, "quiz", "q1", "x" * (MAX_ANSWER_CHARS + 1), True
        ),
        f"limit is {MAX_ANSWER_CHARS}",
    ),  # noqa: E501
    (
        "unknown question",
        lambda s, k, r: s.record_answer(k, 3, "quiz", "q9", "A", True),
        "unknown question id 'q9'",
    ),  # noqa: E501
    (
        "lesson out of range",
        lambda s, k, r: s.record_answer(k, 120, "quiz", "q1", "A", True),
        "lesson must be a lesson number 0-99",
    ),  # noqa: E501
    (
        "kind not a word",
        lambda s, k, r: s.record_answer(k, 3, "Quiz!", "q1", "A", True),
        "kind must be",
    ),  # noqa: E501
    (
        "correct not a truth value",
        lambda s, k, r: s.record_answer(k, 3, "quiz", "q1", "A", "yes"),
        "correct must be",
    ),  # noqa: E501
    (
        "answer not text",
        lambda s, k, r: s.record_answer(k, 3, "quiz", "q1", 5, True),
        "answer must be text",
    ),  # noqa: E501
    (
        "key not a secret",
        lambda s, k, r: s.record_answer("alice", 3, "quiz", "q1", "A", True),
        "random secret",
    ),  # noqa: E501
    (
        "key never joined",
        lambda s, k, r: s.record_answer(new_student_key(), 3, "quiz", "q1", "A", True),
        "has not joined",
    ),  # noqa: E501
    ("name too long", lambda s, k, r: s.join(k, "A" * 61), "at most 60 characters"),
    (
        "name with control characters",
        lambda s, k, r: s.join(k, "Ada\x1b[2J"),
        "printable",
    ),  # noqa: E501
    (
        "oversized round answer",
        lambda s, k, r: s.submit(r, k, "B" * (MAX_ANSWER_CHARS + 1)),
        f"limit is {MAX_ANSWER_CHARS}",
    ),  # noqa: E501
    (
        "round answer not an option",
        lambda s, k, r: s.submit(r, k, "D"),
        "not one of this round's options",
    ),  # noqa: E501
    (
        "no such round",
        lambda s, k, r: s.submit(r + 100, k, "A"),
        f"there is no round {0}",
    ),  # noqa: E501
    (
        "round of an unknown question",
        lambda s, k, r: s.open_round("q9"),
        "unknown question id",
    ),  # noqa: E501
    (
        "ticket not JSON",
        lambda s, k, r: s.save_ticket(k, 3, {"x": object()}),
        "cannot be saved as JSON",
    ),  # noqa: E501
    (
        "ticket too large",
        lambda s, k, r: s.save_ticket(k, 3, {"x": "y" * 1_100_000}),
        "larger than the limit",
    ),  # noqa: E501
    (
        "progress of a negative count",
        lambda s, k, r: s.set_progress(k, "q1", -1),
        "wrong_tries must be",
    ),  # noqa: E501
]


@pytest.mark.parametrize(
    ("what", "write", "message"), BAD_WRITES, ids=[b[0] for b in BAD_WRITES]
)
def test_bad_input_is_refused_by_name_and_changes_nothing(store, what, write, message):
    key = new_student_key()
    store.join(key, "Ada")
    store.record_answer(key, 3, "quiz", "q1", "A", True)
    round_id = store.open_round("q2", options=["A", "B", "C"])
    store.submit(round_id, key, "A")
    before = store_rows(store.path)
    message = message.replace(f"round {0}", f"round {round_id + 100}")
    with pytest.raises(StoreRefusal, match=message.replace("(", r"\(")):
        write(store, key, round_id)
    assert store_rows(store.path) == before, f"{what} changed the store"


def test_a_validator_callable_decides_what_is_known(tmp_path):
    store = ClassStore(tmp_path / STORE_FILE, known_questions=lambda q: q.isdigit())
    key = new_student_key()
    store.join(key)
    store.record_answer(key, 1, "quiz", "12", "A", True)
    with pytest.raises(StoreRefusal, match="unknown question id 'q1'"):
        store.record_answer(key, 1, "quiz", "q1", "A", True)


def test_a_round_takes_one_changeable_answer_per_student_until_it_closes(store):
    alice, bob, cara = (new_student_key() for _ in range(3))
    for key, name in ((alice, "Alice"), (bob, "Bob"), (cara, "Cara")):
        store.join(key, name)
    round_id = store.open_round("q1", lesson=3, options=["A", "B", "C"])
    store.submit(round_id, alice, "A")
    store.submit(round_id, bob, "A")
    changed = store.submit(round_id, alice, "B")  # Alice changes her mind
    assert changed.changes == 1
    summary = store.round_summary(round_id)
    assert (summary.answered, summary.students) == (2, 3)
    assert summary.distribution == {"A": 1, "B": 1}
    assert store.close_round(round_id).state == "closed"
    with pytest.raises(StoreRefusal, match=f"round {round_id} is closed"):
        store.submit(round_id, cara, "C")
    with pytest.raises(StoreRefusal, match="is closed"):
        store.submit(round_id, alice, "C")
    assert store.my_answer(round_id, alice).answer == "B"
    assert store.my_answer(round_id, cara) is None
    assert store.reveal(round_id).state == "revealed"
    assert store.reopen(round_id).state == "open"
    store.submit(round_id, cara, "C")
    assert store.round_summary(round_id).distribution == {"A": 1, "B": 1, "C": 1}
    assert store.current_round().round_id == round_id


def test_reveal_closes_an_open_round(store):
    round_id = store.open_round("q1")
    assert store.reveal(round_id).state == "revealed"
    with pytest.raises(StoreRefusal, match="cannot be made closed"):
        store.close_round(round_id)


def test_a_file_that_is_not_a_class_store_is_refused_unchanged(tmp_path):
    text = tmp_path / "notes.sqlite"
    text.write_text("my notes, not a database\n" * 100)
    with pytest.raises(StoreRefusal, match="cannot be used as the class store"):
        ClassStore(text)
    assert text.read_text().startswith("my notes")
    other = tmp_path / "other.sqlite"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE grades (name TEXT)")
    con.commit()
    con.close()
    with pytest.raises(StoreRefusal, match="not a twitchlib class store"):
        ClassStore(other)
    assert store_rows(other) == {"grades": []}


def test_a_restart_on_the_same_folder_keeps_everything(tmp_path):
    path = tmp_path / STORE_FILE
    first = ClassStore(path, QUESTIONS)
    key = new_student_key()
    first.join(key, "Ada")
    first.record_answer(key, 3, "exercise", "03.1", "6", True)
    round_id = first.open_round("q1")
    first.submit(round_id, key, "an answer")
    del first
    again = ClassStore(path, QUESTIONS)  # the server restarted
    assert again.student(key).name == "Ada"
    assert [a.answer for a in again.answers_of(key)] == ["6"]
    assert again.my_answer(round_id, key).answer == "an answer"
    # A reload of the page sends the same key: the student is the same one.
    assert again.join(key).name == "Ada"
    assert len(again.students()) == 1


def test_open_class_store_reads_the_environment(tmp_path):
    assert open_class_store({}) is None
    found = open_class_store({"TWITCHLIB_CLASS_STORE": str(tmp_path / STORE_FILE)})
    assert found.path == tmp_path / STORE_FILE


def _write_answers(path: str, key: str, count: int, start) -> None:
    store = ClassStore(path)
    start.wait()
    for n in range(count):
        store.record_answer(key, 3, "quiz", f"q{n}", f"{key[:6]}-{n}", n % 2 == 0)


def test_thirty_processes_writing_at_once_lose_no_answer(tmp_path):
    path = str(tmp_path / STORE_FILE)
    store = ClassStore(path)
    keys = [new_student_key() for _ in range(30)]
    for key in keys:
        store.join(key)
    # fork: the writers start at once (no store connection is open across a fork).
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    start = context.Event()
    workers = [
        context.Process(target=_write_answers, args=(path, key, 20, start))
        for key in keys
    ]
    for worker in workers:
        worker.start()
    time.sleep(0.5)
    start.set()
    for worker in workers:
        worker.join(timeout=240)
    assert [w.exitcode for w in workers] == [0] * 30
    assert len(store.all_answers()) == 30 * 20
    for key in keys:
        mine = store.answers_of(key)
        assert [a.answer for a in mine] == [f"{key[:6]}-{n}" for n in range(20)]


KILLED_KERNEL = textwrap.dedent(
    """
    import sys
    from twitchlib.store import ClassStore
    store = ClassStore(sys.argv[1])
    key, round_id = sys.argv[2], int(sys.argv[3])
    n = 0
    while True:
        store.record_answer(key, 3, "quiz", f"q{n % 50}", str(n), None)
        store.submit(round_id, key, str(n))
        print(n, flush=True)
        n += 1
    """
)


def test_a_kernel_killed_mid_round_loses_no_committed_answer(tmp_path):
    path = tmp_path / STORE_FILE
    store = ClassStore(path)
    key = new_student_key()
    store.join(key, "Ada")
    round_id = store.open_round("q1")
    kernel = subprocess.Popen(
        [sys.executable, "-c", KILLED_KERNEL, str(path), key, str(round_id)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    printed = []
    for line in kernel.stdout:
        printed.append(int(line))
        if len(printed) >= 40:
            break
    kernel.send_signal(signal.SIGKILL)  # killed, perhaps in the middle of a write
    kernel.wait()
    kept = store.answers_of(key)
    # Every answer it reported committed is there, in order, with nothing half-written.
    assert [int(a.answer) for a in kept[: len(printed)]] == printed
    assert [int(a.answer) for a in kept] == list(range(len(kept)))
    assert int(store.my_answer(round_id, key).answer) >= printed[-1]
    # The store takes answers again after the crash.
    store.submit(round_id, key, "after")
    assert store.my_answer(round_id, key).answer == "after"


OPEN_AT_ONCE = """
import sys, time
from twitchlib.store import ClassStore
start = float(sys.argv[2])
while time.time() < start:  # every kernel opens the new store at the same moment
    time.sleep(0.002)
ClassStore(sys.argv[1])
"""


def test_kernels_opening_a_new_store_at_the_same_moment_all_get_it(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    for round_number in range(3):
        path = tmp_path / f"round{round_number}" / STORE_FILE
        start = time.time() + 2
        running = [
            subprocess.Popen(
                [sys.executable, "-c", OPEN_AT_ONCE, str(path), str(start)],
                env=env,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(6)
        ]
        errors = [p.communicate(timeout=120)[1] for p in running]
        assert [p.returncode for p in running] == [0] * 6, errors
        assert ClassStore(path).students() == []


def test_a_store_of_the_first_version_gains_the_settings_and_keeps_everything(
    tmp_path,
):
    import sqlite3

    from twitchlib import store_schema

    path = tmp_path / STORE_FILE
    con = sqlite3.connect(path, isolation_level=None)
    first_schema = store_schema.SCHEMA.replace(
        "CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY,"
        " value TEXT NOT NULL);",
        "",
    )
    assert "settings" not in first_schema
    for statement in first_schema.split(";"):
        if statement.strip():
            con.execute(statement)
    con.execute("INSERT INTO students VALUES ('h', 'Ada', '2026-01-01', '2026-01-01')")
    con.execute("PRAGMA user_version=1")
    con.close()
    store = ClassStore(path)
    assert [s.name for s in store.students()] == ["Ada"]
    assert store.predict_first() is False
    store.set_predict_first(True)
    assert ClassStore(path).predict_first() is True
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == 2
    con.close()


def test_a_store_from_a_newer_version_is_refused_unchanged(tmp_path):
    import sqlite3

    path = tmp_path / STORE_FILE
    ClassStore(path)
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA user_version=9")
    con.close()
    before = path.read_bytes()
    with pytest.raises(StoreRefusal, match="not a twitchlib class store"):
        ClassStore(path)
    assert path.read_bytes() == before


def test_predict_first_takes_only_true_or_false(tmp_path):
    store = ClassStore(tmp_path / STORE_FILE)
    with pytest.raises(StoreRefusal, match="predict first must be True or False"):
        store.set_predict_first("yes")
    assert store.predict_first() is False


def test_asking_again_finds_the_first_vote(tmp_path):
    store = ClassStore(tmp_path / STORE_FILE)
    first = store.open_round("q1", options=["A", "B"])
    other = store.open_round("q2")
    again = store.open_round("q1", options=["A", "B"])
    assert store.previous_round(again).round_id == first
    assert store.previous_round(first) is None
    assert store.previous_round(other) is None


@pytest.mark.parametrize("length", [61, 74, 600, 601, 3000])
def test_a_long_name_is_refused_with_one_limit_said_one_way(store, length):
    key = new_student_key()
    with pytest.raises(StoreRefusal) as refused:
        store.join(key, "A" * length)
    assert str(refused.value) == f"name must be at most 60 characters; got {length}"
    assert store.students() == []


def test_the_ticket_and_the_store_refuse_a_long_name_in_the_same_words(store):
    from twitchlib import coursework

    with pytest.raises(ValueError) as ticket:
        coursework.save_exit_ticket(3, "A" * 74, folder=store.path.parent)
    with pytest.raises(StoreRefusal) as joined:
        store.join(new_student_key(), "A" * 74)
    assert str(ticket.value) == str(joined.value)


def test_two_students_with_one_name_are_told_apart(store):
    from twitchlib.store import distinct_names

    keys = [new_student_key() for _ in range(3)]
    for key, name in zip(keys, ["Ben", "Ada", "ben"], strict=True):
        store.join(key, name)
    named = distinct_names([(s.student_id, s.name) for s in store.students()])
    assert list(named.values()) == ["Ben", "Ada", "ben (2)"]
    # A reload (the same key joining again) is the same student, not a third Ben.
    store.join(keys[0], "Ben")
    named = distinct_names([(s.student_id, s.name) for s in store.students()])
    assert sorted(named.values()) == ["Ada", "Ben", "ben (2)"]


def test_the_teacher_reads_every_answer_of_a_round(store):
    keys = [new_student_key() for _ in range(2)]
    for key in keys:
        store.join(key, "x")
    first = store.open_round("q1", 3, ["A", "B"])
    store.submit(first, keys[0], "A")
    store.submit(first, keys[1], "B")
    store.submit(first, keys[0], "B")
    second = store.open_round("q1", 3, ["A", "B"])
    got = {a.student_id: (a.answer, a.changes) for a in store.round_answers(first)}
    assert got == {student_id(keys[0]): ("B", 1), student_id(keys[1]): ("B", 0)}
    assert store.round_answers(second) == []
    assert [r.round_id for r in store.rounds()] == [first, second]


def test_what_a_page_kept_before_its_browser_key_goes_with_that_key(store, tmp_path):
    """A page's kernel answers under its own secret until the browser's key arrives
    (answers.use_class_key): then every row follows the browser's key, later rows win
    where both keys hold one, and no other student's row moves."""
    kernel, browser, other = (new_student_key() for _ in range(3))
    store.join(browser, "Ana")
    store.join(other, "Ben")
    store.record_answer(browser, 3, "quiz", "q1", "A", False)  # an earlier page's
    round_id = store.open_round("C08", options=["supported", "simplified"])
    store.submit(round_id, browser, "supported")
    store.join(kernel)
    store.record_answer(kernel, 3, "quiz", "q1", "B", True)
    store.submit(round_id, kernel, "simplified")  # later: it is kept
    store.save_ticket(kernel, 3, {"answers": ["B"]})
    store.submit(round_id, other, "supported")
    theirs = [a for a in store.all_answers() if a.student_id == student_id(other)]
    assert store.hand_over(kernel, browser) >= 3
    assert store.student(kernel) is None and store.student(browser).name == "Ana"
    assert [(a.answer, a.attempt) for a in store.answers_of(browser)] == [
        ("A", 1),
        ("B", 2),
    ]
    assert store.my_answer(round_id, browser).answer == "simplified"
    assert store.ticket(browser, 3) == {"answers": ["B"]}
    assert store.round_summary(round_id).distribution == {
        "simplified": 1,
        "supported": 1,
    }
    assert [
        a for a in store.all_answers() if a.student_id == student_id(other)
    ] == theirs
    # A key that never joined hands over nothing, and changes nothing.
    before = store_rows(store.path)
    assert store.hand_over(new_student_key(), browser) == 0
    assert store_rows(store.path) == before


def test_use_class_key_takes_the_kernels_answers_along(tmp_path):
    """Through the lessons' own path: an answer recorded before the browser's key
    arrived is the browser's student's once it does."""
    store_path = tmp_path / STORE_FILE
    browser = new_student_key()
    script = textwrap.dedent(
        f"""
        from twitchlib import answers
        answers.record(3, "quiz", "q1", "early", True)
        answers.use_class_key({browser!r}, "Ana")
        answers.record(3, "quiz", "q2", "later", True)
        """
    )
    env = {**os.environ, "TWITCHLIB_CLASS_STORE": str(store_path)}
    env.pop("TWITCHLIB_ANSWERS", None)
    subprocess.run(
        [sys.executable, "-c", script], env=env, check=True, cwd=tmp_path, timeout=60
    )
    store = ClassStore(store_path)
    assert [a.answer for a in store.answers_of(browser)] == ["early", "later"]
    assert [s.name for s in store.students()] == ["Ana"]
