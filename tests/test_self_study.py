"""Self-study: each prompt takes the student's prediction, saves it, then shows the
answer beside it; the class edition's box saves without showing; no edition a student
opens holds an answer."""

import json
import re
from argparse import Namespace

import ipywidgets as w
import pytest

from conftest import ROOT
from twitchlib import answers, coursework
from twitchlib.delivery import lab
from twitchlib.delivery.editions import (
    self_study_edition,
    student_edition,
)
from twitchlib.delivery.tags import part_id, tags_of
from twitchlib.lessons import lesson, predictions, read_notebook, registry

LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


@pytest.fixture
def answer_file(tmp_path, monkeypatch):
    path = tmp_path / "twitchlib-answers.jsonl"
    monkeypatch.setenv("TWITCHLIB_ANSWERS", str(path))
    return path


def _saved(prompt_id):
    return [a for a in answers.answers() if a.question == prompt_id]


def _every_state(widget) -> str:
    """Everything a widget and its children would send to the page, as text."""
    states, todo = [], [widget]
    while todo:
        part = todo.pop()
        states.append(json.dumps(part.get_state(), default=str))
        todo.extend(getattr(part, "children", ()))
    return "\n".join(states)


def _shown(box) -> str:
    return "\n".join(o["data"]["text/markdown"] for o in box.answer.outputs)


def test_the_prediction_is_saved_before_the_answer_shows(answer_file, monkeypatch):
    prompt = "05.ask.weakest-clue"
    original = predictions.answer_markdown
    seen_at_reveal = []

    def answer_after_checking(prompt_id):
        seen_at_reveal.append([a.answer for a in _saved(prompt_id)])
        return original(prompt_id)

    monkeypatch.setattr(predictions, "answer_markdown", answer_after_checking)
    box = predictions.prediction(prompt, reveal=True)
    assert "timing row" not in _every_state(box), "the answer is in the page too soon"
    assert box.submit("the context row, because it is vague")
    assert seen_at_reveal == [["the context row, because it is vague"]]
    [entry] = _saved(prompt)
    assert (entry.kind, entry.lesson, entry.correct) == ("prediction", 5, None)


def test_the_answer_shows_beside_the_prediction_which_is_then_kept(answer_file):
    box = predictions.prediction("03.ask.log-odds-to-points", reveal=True)
    assert box.answer.outputs == ()
    box.submit("about 10 points both times")
    row = box.children[0]
    assert isinstance(row, w.HBox) and list(row.children) == [box.mine, box.answer]
    assert predictions.answer_markdown("03.ask.log-odds-to-points") in _shown(box)
    assert "7 points" in _shown(box) and "<details>" not in _shown(box)
    # The prediction stays in view, and can no longer be changed after the answer.
    assert box.text.value == "about 10 points both times"
    assert box.text.disabled and box.button.disabled


def test_an_empty_prediction_is_neither_saved_nor_answered(answer_file):
    box = predictions.prediction("05.ask.weakest-clue", reveal=True)
    assert not box.submit("   ")
    assert "first" in box.status.value
    assert box.answer.outputs == () and _saved("05.ask.weakest-clue") == []


@pytest.mark.parametrize("said", ["idk", "IDK.", "I don't know", "dunno :)", "??", "x"])
def test_a_prediction_that_predicts_nothing_does_not_open_the_answer(answer_file, said):
    box = predictions.prediction("05.ask.weakest-clue", reveal=True)
    assert not box.submit(said)
    assert "best guess" in box.status.value
    assert box.answer.outputs == () and _saved("05.ask.weakest-clue") == []
    assert not box.text.disabled
    assert box.submit("the context row")  # a real guess, however short, goes through


def test_a_prompt_with_choices_saves_the_choice_and_the_reason(answer_file):
    box = predictions.prediction("07.think.wrong-or-unproven", reveal=True)
    assert box.choice.options == ("Wrong", "Only unproven")
    box.text.value = "nobody has tested it"
    box.submit("Only unproven")
    assert [a.answer for a in _saved("07.think.wrong-or-unproven")] == [
        "Only unproven — nobody has tested it"
    ]
    assert "Unproven" in _shown(box)


def test_the_class_box_saves_for_the_exit_ticket_and_never_reveals(
    answer_file, monkeypatch
):
    def no_answer(prompt_id):
        raise AssertionError("the class box asked for the answer")

    monkeypatch.setattr(predictions, "answer_markdown", no_answer)
    box = predictions.prediction("05.ask.same-route")
    assert box.submit("only half the effect goes")
    assert box.submit("it removes one of two shares")  # a class box can be saved again
    assert box.answer.outputs == () and not box.answer_shown
    ticket = [a for a in coursework.ticket_answers(5) if a.kind == "prediction"]
    assert [(t.question, t.answer, t.attempts) for t in ticket] == [
        ("05.ask.same-route", "it removes one of two shares", 2)
    ]


def test_an_unknown_prompt_is_refused_with_its_lessons_prompts():
    with pytest.raises(ValueError, match="05.ask.weakest-clue"):
        predictions.prediction("05.ask.no-such-prompt")
    with pytest.raises(ValueError, match="prompt_id"):
        predictions.prediction("weakest clue")


def test_every_offered_choice_belongs_to_a_prompt_of_its_lesson():
    offered = 0
    for spec in registry():
        prompts = {
            p.id for p in read_notebook(ROOT / "notebooks" / spec.notebook).prompts
        }
        for prompt_id, options in spec.choices.items():
            assert prompt_id in prompts, prompt_id
            assert len(options) >= 2 and len(set(options)) == len(options)
            offered += 1
    assert offered >= 3


def _distinctive_lines(text):
    for line in text.splitlines():
        line = re.sub(r"</?(details|summary)>|Show an? \w+", "", line).strip()
        if len(line) >= 25:
            yield line[:60]


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
@pytest.mark.parametrize("edition", ["student", "self-study"])
def test_each_prompt_gets_one_box_and_no_answer_reaches_the_edition(path, edition):
    source = json.loads(path.read_text(encoding="utf-8"))
    make = self_study_edition if edition == "self-study" else student_edition
    made = make(source, path.name)
    boxes = [c for c in made["cells"] if "prediction" in tags_of(c)]
    lesson_read = read_notebook(source, path.name)
    assert [part_id(c) for c in boxes] == [a.id for a in lesson_read.answers]
    assert {p.id for p in lesson_read.prompts} == {part_id(c) for c in boxes}
    for cell in boxes:
        assert ("reveal=True" in cell["source"]) == (edition == "self-study")
        assert cell["outputs"] == []
    text = json.dumps(made, ensure_ascii=False)
    for answer in lesson_read.answers:
        for line in _distinctive_lines(answer.cell.source):
            assert json.dumps(line)[1:-1] not in text, (path.name, answer.id, line)


def test_lab_copies_the_chosen_edition_into_a_folder_of_its_own(tmp_path, capsys):
    parser_args = Namespace(
        port=8888, folder=tmp_path / "mine", no_browser=True, copy_only=True
    )
    assert lab.run(Namespace(**vars(parser_args), edition="self-study")) == 0
    notebook = json.loads((tmp_path / "mine" / lesson(5).notebook).read_text())
    sources = ["".join(c["source"]) for c in notebook["cells"]]
    assert any('prediction("05.ask.weakest-clue", reveal=True)' in s for s in sources)
    assert not any("answer" in c["metadata"].get("tags", []) for c in notebook["cells"])
    assert "self-study edition" in capsys.readouterr().out
    assert (
        lab.FOLDERS["self-study"] != lab.FOLDERS["instructor"] != lab.FOLDERS["student"]
    )
    with pytest.raises(ValueError, match="edition"):
        lab.copy_lessons(tmp_path / "x", "answers")


def test_the_command_line_takes_self_study_as_an_option():
    import argparse

    parser = argparse.ArgumentParser()
    lab.add_arguments(parser)
    assert parser.parse_args(["--self-study"]).edition == "self-study"
    assert parser.parse_args(["--edition", "student"]).edition == "student"
    assert parser.parse_args([]).edition == "student"
    assert parser.parse_args(["--instructor"]).edition == "instructor"


def test_a_self_study_choice_says_whether_it_matched_the_answer():
    """Studying alone, a student who chose learns whether the answer is the
    same option, not only the answer's text."""
    from twitchlib.lessons import registry
    from twitchlib.lessons.predictions import prediction, right_choice_for

    for spec in registry():
        for prompt_id, right in spec.right_choices.items():
            assert right in spec.choices[prompt_id], prompt_id
    right = right_choice_for("03.ask.caffeine-and-low-magnesium")
    wrong = next(
        o
        for o in prediction("03.ask.caffeine-and-low-magnesium").choice.options
        if o != right
    )
    for chosen, words in (
        (right, "matches the answer"),
        (wrong, f"The answer is {right}"),
    ):
        box = prediction("03.ask.caffeine-and-low-magnesium", reveal=True)
        box.save = lambda said: None
        box.choice.value = chosen
        assert box.submit()
        assert words in box.status.value.replace("<b>", "").replace("</b>", "")
