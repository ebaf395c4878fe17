"""The live round loses nothing and refuses bad input without changing anything.

A student's kernel is killed in the middle of a round (SIGKILL, perhaps mid-write) and
"the server" is restarted on the same folder (a new store on the same file): every
answer the kernel committed is kept, the round is as it was, and the student's browser
key, said again by a reloaded page, finds the student's own answer. Then each refusal
of issue 19 (an oversized answer, an unknown question id, an answer after the round
closed, a student writing as another) is checked to leave every row as it was.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import store_rows
from twitchlib import answers
from twitchlib.lessons import room, room_bank
from twitchlib.store import (
    MAX_ANSWER_CHARS,
    STORE_ENV,
    STORE_FILE,
    ClassStore,
    StoreRefusal,
    key_hash,
    new_student_key,
    student_id,
)

ROOT = Path(__file__).resolve().parents[1]
QUESTION = room_bank.question("case:hot_run")

# A student's kernel as the class server runs it: its browser says the student's key
# (answers.use_class_key), then it answers the open round again and again, changing
# its mind, and records a lesson answer each time, printing what it has committed.
KERNEL = textwrap.dedent(
    """
    import sys
    from twitchlib import answers
    key, round_id, options = sys.argv[1], int(sys.argv[2]), sys.argv[3].split("|")
    answers.use_class_key(key, sys.argv[4])
    store = answers.class_store()
    n = 0
    while True:
        option = options[n % len(options)]
        store.submit(round_id, key, option)
        answers.record(5, "case", "hot_run", option, None)
        print(n, option, flush=True)
        n += 1
    """
)


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv(STORE_ENV, str(tmp_path / STORE_FILE))
    yield tmp_path
    monkeypatch.delenv(STORE_ENV)
    answers.class_store()  # forget this test's store


def start_kernel(path: Path, key: str, round_id: int, name: str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            KERNEL,
            key,
            str(round_id),
            "|".join(QUESTION.options),
            name,
        ],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), STORE_ENV: str(path)},
    )


def test_a_kernel_killed_mid_round_and_a_restarted_server_keep_every_answer(folder):
    path = folder / STORE_FILE
    # The teacher's side of the server: the bank's ids only.
    server = ClassStore(path, known_questions=room_bank.is_known)
    round_id = server.open_round(QUESTION.id, QUESTION.lesson, QUESTION.options)
    keys = {name: new_student_key() for name in ("Ada", "Bo", "Cy")}
    kernels = {
        name: start_kernel(path, key, round_id, name) for name, key in keys.items()
    }
    committed: dict[str, list[str]] = {name: [] for name in keys}
    try:
        # All three answer at once; each is killed after a different number of answers.
        for stop_after, (name, kernel) in zip(
            (15, 25, 35), kernels.items(), strict=True
        ):
            for line in kernel.stdout:
                committed[name].append(line.split(" ", 1)[1].strip())
                if len(committed[name]) >= stop_after:
                    break
            kernel.send_signal(signal.SIGKILL)  # perhaps in the middle of a write
    finally:
        for name, kernel in kernels.items():
            kernel.kill()
            kernel.wait()
            # What it printed before it died (it went on while the others were read).
            committed[name] += [line.split(" ", 1)[1].strip() for line in kernel.stdout]
            kernel.stdout.close()

    # "The server restarts on the same folder": a new store on the same file.
    del server
    restarted = ClassStore(path, known_questions=room_bank.is_known)
    current = restarted.current_round()
    assert current is not None and current.round_id == round_id
    assert current.state == "open" and current.question == QUESTION.id
    assert {s.name for s in restarted.students()} == set(keys)
    for name, key in keys.items():
        # Every answer the kernel said it committed is kept, in order, none half-written
        # (a kernel may have committed one more than it lived to print).
        kept = [a.answer for a in restarted.answers_of(key, 5)]
        assert kept[: len(committed[name])] == committed[name]
        assert len(kept) - len(committed[name]) in (0, 1)
        assert all(a.student_id == student_id(key) for a in restarted.answers_of(key))
        # One answer per student in the round: the last one they gave.
        # (Killed between its round answer and its lesson record, the round may hold
        # the next option already.)
        options = QUESTION.options
        last_two = {
            options[(len(kept) - 1) % len(options)],
            options[len(kept) % len(options)],
        }
        assert restarted.my_answer(round_id, key).answer in last_two
    summary = restarted.round_summary(round_id)
    assert summary.answered == 3

    # A reloaded page (a new kernel) whose browser says Ada's key sees Ada's answer,
    # and can change it: the round is still open after the restart.
    bo_answer = restarted.my_answer(round_id, keys["Bo"])
    panel = room.RoomPanel(restarted)
    panel.key.key = keys["Ada"]
    ada = restarted.my_answer(round_id, keys["Ada"]).answer
    assert f"Your answer: <b>{ada}" in panel.mine.value
    other = next(o for o in QUESTION.options if o != ada)
    assert panel.answer(other) is None
    assert restarted.my_answer(round_id, keys["Ada"]).answer == other
    # Bo's answer is his, untouched by Ada's change.
    assert restarted.my_answer(round_id, keys["Bo"]) == bo_answer
    restarted.close_round(round_id)
    restarted.reveal(round_id)
    panel.refresh()
    assert "The room:" in panel.room.value and "of 3" in panel.room.value


@pytest.fixture
def class_round(folder):
    """A store with one open round, two students who answered, and a lesson answer."""
    path = folder / STORE_FILE
    store = ClassStore(path, known_questions=room_bank.is_known)
    round_id = store.open_round(QUESTION.id, QUESTION.lesson, QUESTION.options)
    ada, bo = new_student_key(), new_student_key()
    store.join(ada, "Ada")
    store.join(bo, "Bo")
    store.submit(round_id, ada, QUESTION.options[0])
    store.submit(round_id, bo, QUESTION.options[1])
    store.record_answer(ada, QUESTION.lesson, "case", QUESTION.id, "kept", None)
    return store, round_id, ada, bo


def refused_and_nothing_changed(store, attempt, says: str) -> None:
    before = store_rows(store.path)
    with pytest.raises(StoreRefusal, match=says):
        attempt()
    assert store_rows(store.path) == before


def test_an_oversized_answer_is_refused_and_changes_nothing(class_round):
    store, round_id, ada, _ = class_round
    big = "x" * (MAX_ANSWER_CHARS + 1)
    refused_and_nothing_changed(
        store, lambda: store.submit(round_id, ada, big), "answer"
    )
    refused_and_nothing_changed(
        store,
        lambda: store.record_answer(
            ada, QUESTION.lesson, "case", QUESTION.id, big, None
        ),
        str(MAX_ANSWER_CHARS),
    )


def test_an_unknown_question_id_is_refused_and_changes_nothing(class_round):
    store, _, ada, _ = class_round
    refused_and_nothing_changed(
        store, lambda: store.open_round("quiz:no_such_question", 3), "unknown question"
    )
    refused_and_nothing_changed(
        store,
        lambda: store.record_answer(ada, 3, "quiz", "quiz:no_such_question", "A", True),
        "unknown question",
    )
    refused_and_nothing_changed(
        store, lambda: store.set_progress(ada, "case:nothing", 1), "unknown question"
    )
    assert store.current_round().question == QUESTION.id


def test_an_answer_after_the_round_closed_is_refused_and_changes_nothing(class_round):
    store, round_id, ada, _ = class_round
    store.close_round(round_id)
    refused_and_nothing_changed(
        store, lambda: store.submit(round_id, ada, QUESTION.options[2]), "closed"
    )
    store.reveal(round_id)
    refused_and_nothing_changed(
        store, lambda: store.submit(round_id, ada, QUESTION.options[2]), "revealed"
    )
    assert store.my_answer(round_id, ada).answer == QUESTION.options[0]


def test_an_option_that_is_not_in_the_round_is_refused_and_changes_nothing(
    class_round,
):
    store, round_id, ada, _ = class_round
    refused_and_nothing_changed(
        store, lambda: store.submit(round_id, ada, "none of these"), "not one of"
    )


def test_a_student_cannot_write_as_another(class_round):
    store, round_id, ada, bo = class_round
    stranger = new_student_key()  # a random key that never joined
    ada_id = student_id(ada)  # what a report or the teacher page shows of Ada
    ada_hash = key_hash(ada)  # what the store file holds of Ada's key
    for not_ada, says in (
        (stranger, "has not joined"),
        (ada_id, "random secret|key"),
        (ada_hash, "has not joined"),
        ("Ada", "random secret|key"),
    ):
        refused_and_nothing_changed(
            store,
            lambda k=not_ada: store.submit(round_id, k, QUESTION.options[2]),
            says,
        )
        refused_and_nothing_changed(
            store,
            lambda k=not_ada: store.record_answer(
                k, QUESTION.lesson, "case", QUESTION.id, "as Ada", None
            ),
            says,
        )
        refused_and_nothing_changed(
            store, lambda k=not_ada: store.save_ticket(k, 5, {"as": "Ada"}), says
        )
    # The store never holds a key itself, only its hash.
    held = repr(store_rows(store.path))
    assert ada not in held and bo not in held and ada_hash in held
    # Each reads only their own answer.
    assert store.my_answer(round_id, ada).answer == QUESTION.options[0]
    assert store.my_answer(round_id, bo).answer == QUESTION.options[1]
    assert [a.answer for a in store.answers_of(bo)] == []


def test_the_room_panel_shows_each_refusal_in_words_and_stores_nothing(class_round):
    store, round_id, ada, _ = class_round
    panel = room.RoomPanel(store)
    panel.key.key = ada
    before = store_rows(store.path)
    assert "not one of" in panel.answer("none of these")
    assert "Not sent" in panel.mine.value
    assert "not one of" in panel.answer("x" * (MAX_ANSWER_CHARS + 1))
    store.close_round(round_id)
    after_close = store_rows(store.path)
    assert "closed" in panel.answer(QUESTION.options[2])
    assert store_rows(store.path) == after_close
    assert before["round_answers"] == after_close["round_answers"]
