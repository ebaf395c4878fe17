"""The live-round bank asks what the lessons ask, with the lessons' answers."""

from __future__ import annotations

import re

import pytest

from twitchlib import assess, nerve
from twitchlib._data import load_table
from twitchlib.knowledge import claims, judge_verdict
from twitchlib.lessons import room_bank
from twitchlib.lessons.activities import check_answer, judge_case
from twitchlib.scenario import Scenario


def test_every_quiz_case_and_claim_is_in_the_bank_once():
    ids = [q.id for q in room_bank.bank()]
    assert len(ids) == len(set(ids))
    quiz = {f"quiz:{q}" for q in load_table("quiz").question_id}
    cases = {f"case:{c}" for c in load_table("cases").case}
    verdicts = {f"claim:{c}" for c in claims().claim}
    assert quiz | cases | verdicts <= set(ids)
    assert any(i.startswith("number:") for i in ids)
    assert all(room_bank.is_known(i) for i in ids)


def test_answers_are_the_lessons_answers():
    for q in room_bank.bank():
        kind, key = q.id.split(":", 1)
        if kind == "quiz":
            for option in q.options:
                assert (option in q.sound) == check_answer(key, option)[0]
        elif kind == "case":
            for option in q.options:
                assert (option in q.sound) == judge_case(key, option)[0]
        elif kind == "claim":
            for option in q.options:
                assert (option in q.sound) == judge_verdict(key, option)[0]
        assert q.answer in q.sound or q.kind == "number"
        assert q.explanation.strip()


def test_the_right_option_is_not_always_first():
    shuffled = [
        q for q in room_bank.bank() if q.kind == "choice" and "claim:" not in q.id
    ]
    first = sum(q.options[0] in q.sound for q in shuffled)
    assert first < 0.6 * len(shuffled), f"{first} of {len(shuffled)} right-first"


def test_numbers_are_what_the_model_gives():
    q = room_bank.question("number:caffeine-600mg")
    expected = 100 * assess(Scenario(caffeine_mg_per_day=600)).likelihood
    assert q.value == pytest.approx(expected, abs=0.05)
    assert q.is_right(q.answer) and not q.is_right(str(q.value + 10))
    for q in room_bank.bank(6):
        if q.kind != "number":
            continue
        current, calcium = map(
            float, re.findall(r"\(([\d.]+) µA/cm².*at ([\d.]+) mmol/L", q.prompt)[0]
        )
        assert (
            q.value
            == nerve.simulate(current, 100.0, ionized_calcium=calcium).spike_count
        )
        # The baseline the prompt states is the model's too.
        normal = nerve.simulate(current, 100.0).spike_count
        said = "no spike" if normal == 0 else f"{normal} spike"
        assert said in q.prompt


@pytest.mark.parametrize(
    "typed, expected",
    [("15", "15"), (" 15 % ", "15"), ("13,5", "13.5"), ("13.50%", "13.5"), ("0", "0")],
)
def test_a_typed_number_is_read_as_a_student_writes_it(typed, expected):
    q = room_bank.question("number:caffeine-600mg")
    assert room_bank.check_room_answer(q, typed) == expected


@pytest.mark.parametrize(
    "typed, says",
    [
        ("", "type a number from 0 to 100 (%)"),
        ("lots", "'lots' is not a number"),
        ("150", "outside that range"),
        ("-3", "outside that range"),
        ("nan", "is not a number"),
        ("1e400", "is not a number"),
        ("9" * 100, "too long"),
        (None, "type a number"),
    ],
)
def test_a_wrong_number_gets_a_message_to_act_on(typed, says):
    q = room_bank.question("number:caffeine-600mg")
    with pytest.raises(ValueError, match=re.escape(says)):
        room_bank.check_room_answer(q, typed)


def test_a_choice_must_be_an_option_in_any_case():
    q = room_bank.question("claim:C08")
    assert room_bank.check_room_answer(q, "NOT SUPPORTED") == "not supported"
    with pytest.raises(ValueError, match="not one of the options: supported"):
        room_bank.check_room_answer(q, "maybe")


def test_unknown_ids_and_lessons_are_refused_by_name():
    assert not room_bank.is_known("quiz:nothing")
    with pytest.raises(ValueError, match="unknown question id 'quiz:nothing'"):
        room_bank.question("quiz:nothing")
    with pytest.raises(ValueError, match="lesson must be a lesson number"):
        room_bank.bank(9)


def test_the_teacher_guides_sequences_ask_questions_of_the_bank():
    from pathlib import Path

    guide = (
        Path(__file__).resolve().parent.parent / "docs" / "teacher-guide.md"
    ).read_text()
    section = guide.split("## A live round", 1)[1].split("\n## ", 1)[0]
    rows = [r for r in section.splitlines() if re.match(r"\| 0\d \|", r)]
    assert [r[2:4] for r in rows] == [f"{n:02d}" for n in range(8)]
    for row in rows:
        lesson = int(row[2:4])
        cells = row.split("|")[2:4]
        assert len(cells) == 2  # two sequences
        for cell in cells:
            ids = re.findall(r"`([a-z]+:[^`]+)`", cell)
            assert ids, row
            for qid in ids:
                assert room_bank.is_known(qid), qid
                assert room_bank.question(qid).lesson == lesson, qid
