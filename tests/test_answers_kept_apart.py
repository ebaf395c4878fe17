"""One student's answers are never another's: on a shared answer file, and in the
class server, where every student's kernel runs in one folder.

The class-server case is run here with real, separate processes (as the server's
kernels are), all at once, all typing the same name; the browser test
``test_class_answers.py`` does the same through the real server and three pages.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest
from browser import ROOT

from twitchlib import answers, coursework
from twitchlib.store import STORE_ENV, STORE_FILE, ClassStore


@pytest.fixture
def clean_answers(monkeypatch):
    """A fresh answer state: no student set, nothing in memory, no class store."""
    monkeypatch.delenv(STORE_ENV, raising=False)
    monkeypatch.setattr(answers, "_student", {})
    monkeypatch.setattr(answers, "_memory", [])
    monkeypatch.setattr(answers, "_class", {})
    return answers


def test_a_shared_answer_file_gives_each_student_only_their_own(
    clean_answers, tmp_path, monkeypatch
):
    shared = tmp_path / "twitchlib-answers.jsonl"
    monkeypatch.setenv("TWITCHLIB_ANSWERS", str(shared))
    answers.set_student("alice")
    answers.record(4, "quiz", "q4_rda", "310 mg/day", True)
    answers.set_student("bob")
    answers.record(4, "quiz", "q4_rda", "420 mg/day", False)
    assert [a.answer for a in answers.answers(4)] == ["420 mg/day"]
    answers.set_student("alice")
    assert [a.answer for a in answers.answers(4)] == ["310 mg/day"]
    # A line with no student key (an older file) belongs to no one.
    with shared.open("a") as out:
        out.write(
            json.dumps(
                {
                    "lesson": 4,
                    "kind": "quiz",
                    "question": "q4_rda",
                    "answer": "350 mg/day",
                    "correct": False,
                    "time": "2026-01-01T00:00:00+00:00",
                }
            )
            + "\n"
        )
    assert [a.answer for a in answers.answers(4)] == ["310 mg/day"]


def test_in_the_class_server_a_typed_name_never_reaches_another_kernels_answers(
    clean_answers, tmp_path, monkeypatch
):
    store_path = tmp_path / STORE_FILE
    monkeypatch.setenv(STORE_ENV, str(store_path))
    answers.set_student("Sam")
    answers.record(4, "quiz", "q4_rda", "310 mg/day", True)
    assert [a.answer for a in answers.answers(4)] == ["310 mg/day"]
    # A second kernel (a fresh secret) that also says it is Sam sees nothing of it.
    monkeypatch.setattr(answers, "_class", {})
    answers.set_student("Sam")
    assert answers.answers(4) == []
    kept = ClassStore(store_path).all_answers(4)
    assert len({a.student_id for a in kept}) == 1


STUDENT = textwrap.dedent(
    """
    import json, sys, time
    from twitchlib import answers, coursework
    me, start = sys.argv[1], float(sys.argv[2])
    while time.time() < start:  # every student starts at the same moment
        time.sleep(0.01)
    for attempt in range(5):
        answers.record(4, "quiz", "q4_rda", f"{me} try {attempt}", attempt == 4)
        answers.record(4, "reason", "q4_rda", f"because {me} says so", None)
    path = coursework.save_exit_ticket(4, "Sam")  # everyone types the same name
    print(json.dumps({"me": me, "ticket": str(path),
                      "seen": [a.answer for a in answers.answers(4)]}))
    """
)


def test_three_class_server_kernels_at_once_keep_their_answers_apart(tmp_path):
    import time

    env = {
        **os.environ,
        STORE_ENV: str(tmp_path / STORE_FILE),
        "PYTHONPATH": os.pathsep.join(
            p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p
        ),
    }
    start = time.time() + 3
    names = ["alice", "bob", "chen"]
    running = [
        subprocess.Popen(
            [sys.executable, "-c", STUDENT, me, str(start)],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for me in names
    ]
    results = []
    for process in running:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    tickets = set()
    for result in results:
        me = result["me"]
        assert all(me in seen for seen in result["seen"]), result
        assert len(result["seen"]) == 10
        ticket = coursework.read_ticket(result["ticket"])
        said = [a.answer for a in ticket.answers]
        assert said and all(me in a for a in said), (me, said)
        tickets.add(result["ticket"])
    # Three students named Sam: three tickets, none replaced by another's.
    assert len(tickets) == 3
    store = ClassStore(tmp_path / STORE_FILE)
    assert len(store.students()) == 3
    assert all(s.name == "Sam" for s in store.students())
    assert len(store.tickets(4)) == 3
