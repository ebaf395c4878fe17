"""Exit tickets score the first try and keep every try; version 1 tickets still read."""

import json

import pytest

import twitchlib as tl
from twitchlib import answers, coursework
from twitchlib.coursework import MAX_TRIES_KEPT, TicketError, read_ticket
from twitchlib.ui.choice import SHOWN


@pytest.fixture(autouse=True)
def answer_file(tmp_path, monkeypatch):
    monkeypatch.setenv("TWITCHLIB_ANSWERS", str(tmp_path / "twitchlib-answers.jsonl"))
    monkeypatch.setattr(answers, "_memory", [])


def _saved(tmp_path, lesson=5, name="Ada"):
    path = tl.save_exit_ticket(lesson, name, folder=tmp_path)
    return {a.question + "/" + a.kind: a for a in read_ticket(path).answers}, path


def test_the_first_try_is_scored_and_every_try_is_kept(tmp_path):
    answers.record(5, "quiz", "q5_a", "wrong one", False)
    answers.record(5, "quiz", "q5_a", "right one", True)
    answers.record(5, "quiz", "q5_b", "right at once", True)
    answers.record(5, "quiz", "q5_b", "changed my mind", False)
    ticket, _ = _saved(tmp_path)
    a, b = ticket["q5_a/quiz"], ticket["q5_b/quiz"]
    assert (a.first_answer, a.first_try_right) == ("wrong one", False)
    assert (a.last_answer, a.last_right, a.attempts) == ("right one", True, 2)
    assert [(t.answer, t.correct) for t in a.tries] == [
        ("wrong one", False),
        ("right one", True),
    ]
    assert (b.first_try_right, b.last_right) == (True, False)
    assert a.history_known and b.history_known


def test_asking_to_be_shown_the_answer_counts_as_a_try_that_was_not_right(tmp_path):
    answers.record(5, "case", "exam_week", SHOWN, False)
    answers.record(5, "case", "exam_week", "stress_anxiety", True)
    ticket, _ = _saved(tmp_path)
    case = ticket["exam_week/case"]
    assert case.first_answer == SHOWN and case.first_try_right is False
    assert case.last_right is True and case.attempts == 2


def test_a_reason_and_a_prediction_keep_their_text_and_have_no_right_answer(tmp_path):
    answers.record(5, "reason", "exam_week", "six coffees", None)
    answers.record(5, "reason", "exam_week", "six coffees and no sleep", None)
    answers.record(5, "prediction", "05.ask.same-route", "half the effect", None)
    ticket, _ = _saved(tmp_path)
    reason = ticket["exam_week/reason"]
    assert (reason.first_answer, reason.last_answer) == (
        "six coffees",
        "six coffees and no sleep",
    )
    assert reason.first_try_right is None and reason.last_right is None
    assert ticket["05.ask.same-route/prediction"].last_answer == "half the effect"


def test_many_tries_are_capped_but_all_are_counted(tmp_path):
    for n in range(MAX_TRIES_KEPT + 15):
        answers.record(5, "quiz", "q5_a", f"try {n}", n == MAX_TRIES_KEPT + 14)
    ticket, path = _saved(tmp_path)
    quiz = ticket["q5_a/quiz"]
    assert quiz.attempts == MAX_TRIES_KEPT + 15 and len(quiz.tries) == MAX_TRIES_KEPT
    assert quiz.tries[0].answer == "try 0" and quiz.last_answer == quiz.tries[-1].answer
    assert quiz.last_answer == f"try {MAX_TRIES_KEPT + 14}" and quiz.last_right


def _write(tmp_path, answers_list, version=1, name="handed-in.json"):
    path = tmp_path / name
    path.write_text(
        json.dumps(
            {
                "format": "twitchlib exit ticket",
                "version": version,
                "lesson": 3,
                "name": "Ben",
                "saved": "2026-01-01T10:00:00+00:00",
                "answers": answers_list,
            }
        ),
        encoding="utf-8",
    )
    return path


def test_a_version_1_ticket_is_read_with_its_answer_as_the_only_known_try(tmp_path):
    path = _write(
        tmp_path,
        [
            {
                "kind": "quiz",
                "question": "q3_a",
                "answer": "x",
                "correct": True,
                "attempts": 2,
            },
            {
                "kind": "quiz",
                "question": "q3_b",
                "answer": "y",
                "correct": False,
                "attempts": 1,
            },
        ],
    )
    ticket = read_ticket(path)
    assert ticket.version == 1
    two, one = ticket.answers
    assert not two.history_known and not one.history_known
    # Two attempts, only the last known: whether the first was right is not known.
    assert two.first_try_right is None and two.first_answer is None
    assert two.last_right is True and two.attempts == 2 and len(two.tries) == 1
    # One attempt: the last is the first.
    assert (one.first_answer, one.first_try_right) == ("y", False)


def _v2(**change):
    item = {
        "kind": "quiz",
        "question": "q3_a",
        "first_answer": "x",
        "first_try_right": False,
        "last_answer": "z",
        "last_right": True,
        "attempts": 2,
        "tries": [{"answer": "x", "correct": False}, {"answer": "z", "correct": True}],
    }
    item.update(change)
    return item


def test_a_version_2_ticket_reads_back(tmp_path):
    (answer,) = read_ticket(_write(tmp_path, [_v2()], version=2)).answers
    assert (answer.first_try_right, answer.last_right, answer.attempts) == (
        False,
        True,
        2,
    )


@pytest.mark.parametrize(
    "item, reason",
    [
        ({"kind": "quiz"}, "lacks one of"),
        (_v2(kind="hack"), "unknown kind"),
        (_v2(attempts=0), "'attempts' 0"),
        (_v2(attempts=True), "'attempts' True"),
        (_v2(tries=[]), "'tries' that is not a list"),
        (_v2(attempts=1), "keeps 2 tries but counts 1"),
        (_v2(first_try_right="yes"), "'first_try_right' that is not true"),
        (_v2(first_answer="other"), "differs from its tries"),
        (_v2(tries=[{"answer": "x"}, {"answer": "z", "correct": True}]), "try 1"),
        (_v2(kind="reason"), "no right answer"),
        ("just text", "not a record"),
    ],
)
def test_a_bad_version_2_answer_names_the_file_and_the_fault(item, reason, tmp_path):
    path = _write(tmp_path, [_v2(), item], version=2)
    before = path.read_bytes()
    with pytest.raises(TicketError, match=reason) as raised:
        read_ticket(path)
    assert str(raised.value).startswith("handed-in.json: answer 2 ")
    assert path.read_bytes() == before  # reading never changes the file


def test_an_unknown_version_is_refused_with_the_versions_read(tmp_path):
    with pytest.raises(TicketError, match="version 3; this twitchlib reads versions 1"):
        read_ticket(_write(tmp_path, [], version=3))


def test_an_empty_ticket_is_still_a_ticket(tmp_path):
    path = tl.save_exit_ticket(5, "Nobody Answered", folder=tmp_path)
    ticket = read_ticket(path)
    assert ticket.answers == () and ticket.version == coursework.TICKET_VERSION == 2
