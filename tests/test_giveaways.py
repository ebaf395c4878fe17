"""Nothing a student sees before exercise 05.1 hands over its answer."""

import json

import pytest

from conftest import ROOT
from twitchlib._data import load_table
from twitchlib.lessons import activities
from twitchlib.lessons.lesson_05 import judge_05_1

LESSON_05 = ROOT / "notebooks" / "05_telling_causes_apart.ipynb"
LEE = "Lee's exam week"


def _cells_before_exercise():
    cells = json.loads(LESSON_05.read_text(encoding="utf-8"))["cells"]
    first = next(
        i for i, c in enumerate(cells) if "id:05.1" in c["metadata"].get("tags", [])
    )
    return cells[:first]


def _shown(cells):
    """The sources and outputs a student reads, as one text."""
    parts = []
    for cell in cells:
        parts.append("".join(cell["source"]))
        for out in cell.get("outputs", []):
            parts.append("".join(out.get("text", "")))
            for value in out.get("data", {}).values():
                parts.append(value if isinstance(value, str) else "".join(value))
    return "\n".join(parts)


def test_the_case_widget_before_the_exercise_leaves_lee_out():
    boxes = activities.case_exercises(leave_out=[LEE]).children
    shown = str([box.children[0].value for box in boxes])
    assert "Lee" not in shown
    assert len(boxes) == len(load_table("cases")) - 1
    cells = _cells_before_exercise()
    calls = [
        "".join(c["source"]) for c in cells if "case_exercises(" in "".join(c["source"])
    ]
    assert calls and all(
        LEE.replace("'", "\\'") in call or LEE in call for call in calls
    )


def test_an_unknown_title_is_refused_by_name():
    with pytest.raises(ValueError, match="leave_out.*not a case title"):
        activities.case_exercises(leave_out=["Lees exam week"])


def test_no_text_before_the_exercise_states_its_answer():
    shown = _shown(_cells_before_exercise())
    reasoning = load_table("cases").set_index("case").loc["exam_week", "reasoning"]
    ok, feedback = judge_05_1(["Stress and anxiety", "Too much caffeine"])
    assert ok
    for text in (reasoning, feedback, "two sound answers", "both sound"):
        assert text not in shown
    # the first sentence of the case's reasoning is the give-away itself
    assert reasoning.split(":")[0] not in shown


def test_lesson_05s_quiz_asks_about_new_people_not_the_cases_just_judged():
    """The quiz comes after the cases: a stem about Sam, Ana or Lee would repeat a
    case (and Lee's is exercise 05.1), so it asks about people of its own."""
    import re

    from twitchlib import load_table

    people = {re.match(r"(?:Mr |Ms )?(\w+)", t)[1] for t in load_table("cases").title}
    quiz = load_table("quiz")
    for stem in quiz[quiz.lesson == 5].question.unique():
        named = people & set(re.findall(r"\b[A-Z]\w+\b", stem))
        assert not named, (stem, named)
