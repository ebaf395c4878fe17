"""Every exercise's check: right answers, typical wrong answers, nonsense never raises."""

import functools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import twitchlib as tl
import twitchlib.lessons.activities  # noqa: F401  (judge_case, as the lesson uses it)
from twitchlib import answers, nerve
from twitchlib.exercises import DEHYDRATION_ASKS, EXERCISES, TRIES_BEFORE_SOLUTION
from twitchlib.lessons.course import worked_solution


@pytest.fixture(autouse=True)
def answer_file(tmp_path, monkeypatch):
    path = tmp_path / "twitchlib-answers.jsonl"
    monkeypatch.setenv("TWITCHLIB_ANSWERS", str(path))
    monkeypatch.setattr(answers, "_memory", [])
    return path


@functools.cache
def _solutions():
    """Each exercise solved the way its solution cell does, independently of the checks."""
    low = tl.assess(tl.Scenario(stress=2)).likelihood
    high = tl.assess(tl.Scenario(stress=8)).likelihood
    dry = tl.propagate({"hydration": "down"})
    causes = tl.causes()
    timing = causes[causes.typical_timing.str.contains("exercise|standing")]
    curve = tl.sweep("stress", range(11), base={"caffeine_mg_per_day": 600})
    foods = tl.foods()
    rich = foods[foods.percent_dv >= 15].sort_values("mg_per_serving", ascending=False)
    weak = tl.claims().query("verdict in ['contested', 'not supported']")
    magnesium = np.round(np.arange(0.0, 1.5, 0.05), 2)
    quiet = ~nerve.fires_spontaneously(0.8, magnesium)
    return {
        "00.1": [high - low, round(100 * (high - low), 1)],
        "01.1": [
            tuple(dry[q] for q in DEHYDRATION_ASKS),
            [dry[q].name.lower() for q in DEHYDRATION_ASKS],
            {q: dry[q].value for q in DEHYDRATION_ASKS},
        ],
        "02.1": [
            timing[["name", "relief_strategy"]],
            timing.name.tolist(),
            set(timing.name),
        ],
        "02.2": [
            causes[causes.cause.isin(["stress_anxiety", "excessive_caffeine"])],
            ["Stress and anxiety", "Too much caffeine"],
        ],
        "03.1": [
            curve[curve.likelihood > 0.20].stress.min(),
            str(int(curve[curve.likelihood > 0.20].stress.min())),
        ],
        "04.1": [rich[["food", "serving", "mg_per_serving"]], rich.food.tolist()],
        "05.1": [
            [
                c
                for c in (
                    "Stress and anxiety",
                    "Too much caffeine",
                    "Magnesium deficiency",
                )
                if tl.lessons.activities.judge_case("Lee's exam week", c)[0]
            ],
            ["stress_anxiety", "excessive_caffeine"],
            ("Too much caffeine", "Stress and anxiety"),
        ],
        "06.1": [magnesium[quiet].min(), np.array([0.1]), "0.1"],
        "07.1": [weak, weak.claim.tolist(), tuple(weak.claim)],
    }


WRONG = {
    "00.1": [tl.assess(tl.Scenario(stress=8)).likelihood, -0.14, 0.5],
    "01.1": [
        ("up", "down", "down"),
        ("down", "down", "up"),
        {"electrolyte_balance": "up", "muscle_fatigue": "up", "twitching": "up"},
    ],
    "02.1": [
        ["Dehydration"],
        ["Dehydration", "Muscle fatigue and overuse", "Stress and anxiety"],
    ],
    "02.2": [["Too much caffeine"], ["Stress and anxiety", "Dehydration"]],
    "03.1": [5, 7, 10, 0.31],
    "04.1": [["Almonds, dry roasted"], ["Chia seeds", "Pumpkin seeds, roasted"]],
    "05.1": [
        ["Stress and anxiety"],
        ["Stress and anxiety", "Too much caffeine", "Magnesium deficiency"],
        ["Magnesium deficiency"],
    ],
    "06.1": [0.05, 0.0, 0.5],
    "07.1": [["C08"], ["C08", "C14", "C20", "C22", "C31", "C01"]],
}

NONSENSE = [
    None,
    ...,
    "",
    "banana",
    float("nan"),
    float("inf"),
    True,
    {"a": 1},
    [1, 2],
    object(),
    np.arange(5),
    pd.DataFrame({"x": [1]}),
    (True, "reason"),
    10**400,
    -1e9,
    lambda: 3,
]


def test_every_exercise_is_tested_here():
    assert set(_solutions()) == set(EXERCISES) == set(WRONG)


@pytest.mark.parametrize("exercise_id", list(EXERCISES))
def test_right_answers_are_right_and_say_why(exercise_id):
    for answer in _solutions()[exercise_id]:
        result = tl.check(exercise_id, answer)
        assert result.status == "right", (answer, str(result))
        assert len(result.message) > 30 and not result.hint


@pytest.mark.parametrize("exercise_id", list(EXERCISES))
def test_wrong_answers_say_what_is_wrong_with_a_ladder_of_hints(exercise_id):
    exercise = EXERCISES[exercise_id]
    hints = []
    for answer in WRONG[exercise_id]:
        result = tl.check(exercise_id, answer)
        assert result.status == "wrong", (answer, str(result))
        assert result.message and result.hint
        hints.append(result.hint)
    expected = list(exercise.hints) + [exercise.hints[-1]] * 3
    assert hints == expected[: len(hints)]
    # A right answer resets the ladder.
    tl.check(exercise_id, _solutions()[exercise_id][0])
    assert tl.check(exercise_id, WRONG[exercise_id][0]).hint == exercise.hints[0]


@pytest.mark.parametrize("exercise_id", list(EXERCISES))
def test_nonsense_gets_a_clear_message_never_a_traceback(exercise_id):
    for answer in NONSENSE:
        result = tl.check(exercise_id, answer)
        assert result.status in ("unanswered", "unreadable", "wrong"), (
            answer,
            str(result),
        )
        assert "Traceback" not in str(result) and result.message
    assert tl.check(exercise_id, ...).status == "unanswered"
    assert "..." in tl.check(exercise_id, None).message


def test_an_unknown_exercise_lists_the_known_ones():
    result = tl.check("42.7", 1)
    assert result.status == "unreadable" and "03.1" in result.message


def test_a_check_shows_the_solution_code_only_after_the_third_wrong_try():
    for attempt in range(1, TRIES_BEFORE_SOLUTION + 2):
        result = tl.check("03.1", 4)
        shown = str(result) + result._repr_html_()
        assert ("curve[curve.likelihood" in shown) == (
            attempt >= TRIES_BEFORE_SOLUTION
        ), attempt
    assert "<pre>" in result._repr_html_() and result.hint


@pytest.mark.parametrize("exercise_id", list(EXERCISES))
def test_every_exercise_has_three_hints_the_last_a_worked_step(exercise_id):
    hints = EXERCISES[exercise_id].hints
    assert len(hints) == 3 and len(set(hints)) == 3
    assert hints[2].startswith("Step by step")
    assert "teacher" not in " ".join(hints).lower()


@pytest.mark.parametrize("exercise_id", list(EXERCISES))
def test_the_worked_solution_is_the_notebooks_solution_cell(exercise_id):
    solution = worked_solution(exercise_id)
    assert f'tl.check("{exercise_id}", answer)' in solution
    for _ in range(TRIES_BEFORE_SOLUTION):
        result = tl.check(exercise_id, WRONG[exercise_id][0])
    assert result.solution == solution


def test_without_the_notebook_the_solution_is_the_answer_in_words(monkeypatch):
    from twitchlib.lessons import course

    monkeypatch.setattr(course, "lessons_folder", lambda: Path("/nonexistent"))
    course.worked_solution.cache_clear()
    try:
        for _ in range(TRIES_BEFORE_SOLUTION):
            result = tl.check("03.1", 4)
        assert result.solution.startswith("The answer: stress ")
    finally:
        course.worked_solution.cache_clear()


def test_checks_are_recorded_in_the_students_folder(answer_file):
    tl.check("03.1", 5)
    tl.check("03.1", _solutions()["03.1"][0])
    tl.check("03.1", "nonsense")  # unreadable answers are not attempts
    recorded = answers.answers(lesson=3)
    assert [(a.question, a.correct) for a in recorded] == [
        ("03.1", False),
        ("03.1", True),
    ]
    assert answer_file.is_file()


def test_result_displays_as_html_and_text():
    result = tl.check("06.1", 0.05)
    assert "role='status'" in result._repr_html_()
    assert str(result).startswith("Exercise 06.1: ✘")


def test_recording_off_keeps_answers_in_memory(monkeypatch, tmp_path):
    monkeypatch.setenv("TWITCHLIB_ANSWERS", "off")
    monkeypatch.chdir(tmp_path)
    tl.check("00.1", 0.5)
    assert not list(tmp_path.iterdir())


def test_a_read_only_folder_does_not_stop_a_check(monkeypatch, tmp_path):
    monkeypatch.setenv("TWITCHLIB_ANSWERS", str(tmp_path / "missing" / "a.jsonl"))
    assert tl.check("03.1", 5).status == "wrong"


def test_a_damaged_answer_file_is_read_around(answer_file):
    tl.check("03.1", 5)
    with answer_file.open("a") as stream:
        stream.write('not json\n{"lesson": 3}\n')
    tl.check("03.1", 7)
    assert len(answers.answers(lesson=3)) == 2
