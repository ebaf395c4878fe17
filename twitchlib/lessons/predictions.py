"""Predictions: each Think! and Ask-yourself prompt answered in a box and saved.

The student and self-study editions put a :func:`prediction` box where a lesson's
hidden answer was. The student's words are saved in their answer file
(:func:`twitchlib.answers.record`, kind ``"prediction"``), so the exit ticket carries
them. In the self-study edition (``reveal=True``) the lesson's answer then shows beside
the prediction; in the student edition (a class) the box only saves, and the teacher
discusses the answers.

The answer comes from the lesson notebook shipped with twitchlib (the instructor
edition), read when the prediction has been saved, never before: the edition the
student opens holds no answer.

>>> answer_markdown("03.ask.log-odds-to-points").startswith("From")
True
"""

from __future__ import annotations

import re

from .. import answers
from ..ui.prediction import PredictionBox
from .course import lesson
from .notebook import lessons_folder, read_notebook

KIND = "prediction"


def _lesson_number(prompt_id: str) -> int:
    match = re.match(r"^(\d\d)\.", str(prompt_id))
    if match is None:
        raise ValueError(
            f"prompt_id must be a prompt's id such as '05.ask.weakest-clue'; got"
            f" {prompt_id!r}"
        )
    return int(match.group(1))


def _lesson_notebook(prompt_id: str):
    spec = lesson(_lesson_number(prompt_id))
    notebook = read_notebook(lessons_folder() / spec.notebook)
    if notebook.prompt(prompt_id) is None:
        known = ", ".join(p.id for p in notebook.prompts)
        raise ValueError(
            f"no prompt {prompt_id!r} in lesson {spec.number:02d}; its prompts: {known}"
        )
    return spec, notebook


def answer_markdown(prompt_id: str) -> str:
    """The lesson's answer to a prompt, as markdown, without its "Show" fold.

    >>> answer_markdown("05.ask.weakest-clue").startswith("The timing row")
    True
    """
    _spec, notebook = _lesson_notebook(prompt_id)
    answer = notebook.answer_to(prompt_id)
    if answer is None:
        raise ValueError(f"prompt {prompt_id!r} has no answer in its lesson")
    return answer.markdown


def choices_for(prompt_id: str) -> tuple[str, ...]:
    """The options a prompt's box offers (empty: the student writes a prediction).

    >>> choices_for("07.think.wrong-or-unproven")
    ('Wrong', 'Only unproven')
    """
    return tuple(lesson(_lesson_number(prompt_id)).choices.get(prompt_id, ()))


def right_choice_for(prompt_id: str) -> str | None:
    """The option of a prompt's box that the lesson's answer reaches, or None (a
    written prediction, or options the answer weighs without one winner).

    >>> right_choice_for("07.think.wrong-or-unproven")
    'Only unproven'
    """
    return lesson(_lesson_number(prompt_id)).right_choices.get(prompt_id)


def save_prediction(prompt_id: str, said: str) -> answers.Answer | None:
    """Save a student's prediction (kind ``"prediction"``, no right or wrong).

    Returns the saved record, or None if it could not be saved (the lesson goes on).
    """
    try:
        return answers.record(_lesson_number(prompt_id), KIND, prompt_id, said, None)
    except (OSError, ValueError):  # recording is a convenience, the lesson goes on
        return None


def prediction(prompt_id: str, reveal: bool = False):
    """The box for one prompt: write (or choose) a prediction and save it.

    ``prompt_id`` is the prompt's id (``"05.ask.weakest-clue"``). With ``reveal``
    (self-study) the lesson's answer shows beside the prediction once it is saved;
    without it (a class) the box only saves, for the exit ticket.

    >>> box = prediction("07.think.wrong-or-unproven")
    >>> box.choice.options
    ('Wrong', 'Only unproven')
    """
    # An unknown id is refused now, not at Save.
    _spec, notebook = _lesson_notebook(prompt_id)
    # A Think! or Ask-yourself prompt asks for a prediction; any other question (a
    # rewrite, reading the red flags) for the student's answer.
    asked = notebook.prompt(prompt_id).kind == "question"
    return PredictionBox(
        save=lambda said: save_prediction(prompt_id, said),
        reveal=(lambda: answer_markdown(prompt_id)) if reveal else None,
        choices=choices_for(prompt_id),
        right=right_choice_for(prompt_id),
        label="Your answer" if asked else "Your prediction",
        placeholder="Write your answer here" if asked else None,
    )
