"""One lesson notebook made into its student or its instructor edition.

The notebooks in ``notebooks/`` are the instructor editions. :func:`student_edition`
drops every cell tagged ``solution`` or ``answer`` (a hidden answer becomes a box that
saves the student's own answer: :func:`prediction_cell`) and clears the outputs of
exercise stubs and of cells tagged ``clear-output``; :func:`self_study_edition` is the
same with boxes that show the lesson's answer once the prediction is saved;
:func:`instructor_edition` puts a short answer key at the top. The editions, ``twitchlib lab``, the course website and the
nbgrader release all go through these two functions, so a student copy is made one
way only (the tags are described in :mod:`twitchlib.delivery.tags`).
"""

from __future__ import annotations

import copy
import re

from .._data import load_table
from ..knowledge import causes
from ..lessons import lesson_for_notebook, registry
from ..lessons.authoring import problems
from ..lessons.notebook import LessonNotebook, read_notebook
from .tags import CLEAR_OUTPUT_FOR_STUDENTS, REMOVE_FROM_STUDENTS, part_id, tags_of


class EditionError(ValueError):
    """A lesson cannot be turned into a safe student edition."""


EDITIONS = ("student", "self-study", "instructor")


def prediction_cell(prompt_id: str, reveal: bool) -> dict:
    """The code cell of a prompt's prediction box (tags ``prediction`` and its id).

    It holds the prompt's id only, never its answer: with ``reveal`` the answer is
    read from the installed lessons once the prediction is saved.

    >>> print(prediction_cell("05.ask.weakest-clue", reveal=True)["source"])
    from twitchlib.lessons.predictions import prediction
    <BLANKLINE>
    prediction("05.ask.weakest-clue", reveal=True)
    """
    call = f'prediction("{prompt_id}"' + (", reveal=True)" if reveal else ")")
    return {
        "cell_type": "code",
        "id": "prediction-" + re.sub(r"[^A-Za-z0-9-]", "-", prompt_id),
        "metadata": {"tags": ["prediction", f"id:{prompt_id}"]},
        "execution_count": None,
        "outputs": [],
        "source": "from twitchlib.lessons.predictions import prediction\n\n" + call,
    }


def student_edition(
    notebook: dict, name: str = "notebook", reveal: bool = False
) -> dict:
    """A student copy of a lesson notebook (a dict in nbformat 4); the source is unchanged.

    Each hidden answer is replaced by its prompt's prediction box
    (:func:`prediction_cell`): it saves the student's answer, and with ``reveal``
    (the self-study edition) then shows the lesson's answer beside it.

    Raises :class:`EditionError`, naming the notebook and the cell, when the lesson's
    tags and wording disagree (:func:`twitchlib.lessons.authoring.problems`), for
    example a hidden answer that is not tagged ``answer``.
    """
    found = problems(notebook, name)
    if found:
        raise EditionError(
            "; ".join(found)
            + " (tag the cells as docs/adding-a-lesson.md describes, then run"
            " tools/tag_notebooks.py --check)"
        )
    student = copy.deepcopy(notebook)
    student.get("metadata", {}).pop("widgets", None)
    kept = []
    for cell in student["cells"]:
        tags = tags_of(cell)
        if set(tags) & set(REMOVE_FROM_STUDENTS):
            if "answer" in tags and part_id(cell) is not None:
                kept.append(prediction_cell(part_id(cell), reveal))
            continue
        if cell["cell_type"] == "code" and set(tags) & set(CLEAR_OUTPUT_FOR_STUDENTS):
            cell["outputs"] = []
            cell["execution_count"] = None
        kept.append(cell)
    student["cells"] = kept
    return student


def self_study_edition(notebook: dict, name: str = "notebook") -> dict:
    """The edition for a student alone: the student edition whose prediction boxes
    show the lesson's answer beside the student's prediction once it is saved."""
    return student_edition(notebook, name, reveal=True)


def _spec(lesson: LessonNotebook):
    by_name = lesson_for_notebook(lesson.name)
    if by_name is not None:
        return by_name
    return next((s for s in registry() if s.number == lesson.number), None)


def answer_key(notebook: dict, name: str | None = None) -> str:
    """The answer key of a lesson, as markdown: exercises, every prompt's answer under
    its prompt, the quiz and (in a lesson that shows them) the cases.

    Each prompt and answer carries its id in an HTML comment (``<!-- prompt:ID -->``,
    ``<!-- answer:ID -->``), invisible to readers, so a test can prove the pairing.
    """
    lesson = read_notebook(notebook, name)
    spec = _spec(lesson)
    lines = ["## Answer key (instructor edition)", ""]
    known = {e.exercise_id: e for e in spec.exercises} if spec else {}
    for part in lesson.exercises:
        exercise = known.get(part.id)
        if exercise is not None:
            lines.append(
                f"- **Exercise {exercise.exercise_id}** ({exercise.title}):"
                f" {exercise.answer_text()}. The worked solution is the cell"
                " tagged `solution` under the exercise."
            )
    for prompt, answer in lesson.pairs():
        said = answer.text if answer else "(no answer in the lesson)"
        asked = prompt.text[:1].upper() + prompt.text[1:200]
        lines.append(
            f"- **{prompt.label}** <!-- prompt:{prompt.id} -->{asked}"
            f" — <!-- answer:{prompt.id} -->*{said}*"
        )
    if lesson.number is not None:
        quiz = load_table("quiz")
        for _question, rows in quiz[quiz.lesson == lesson.number].groupby(
            "question_id", sort=False
        ):
            right = rows[rows.correct]
            lines.append(
                f"- **Quiz:** {rows.question.iloc[0]} — *{right.option.iloc[0]}*"
            )
    if spec is not None and spec.shows_cases:
        names = causes().set_index("cause")["name"]
        for case in load_table("cases").itertuples():
            sound = [case.best_fit, *getattr(case, "also_sound", ())]
            lines.append(
                f"- **Case {getattr(case, 'title', case.case)}:** sound"
                f" *{', '.join(names.get(o, o) for o in sound)}*."
                f" {case.reasoning}"
            )
    return "\n".join(lines)


def instructor_edition(notebook: dict, name: str | None = None) -> dict:
    """The lesson with its answer key in a first markdown cell (tag ``answer-key``).

    The key cell is also tagged ``solution`` (never shown to students), not
    ``answer``: an answer belongs to one prompt and carries its id.
    """
    instructor = copy.deepcopy(notebook)
    instructor.get("metadata", {}).pop("widgets", None)
    key = {
        "cell_type": "markdown",
        "id": "answer-key",
        "metadata": {"tags": ["answer-key", "solution"]},
        "source": answer_key(notebook, name),
    }
    instructor["cells"] = instructor["cells"][:1] + [key] + instructor["cells"][1:]
    return instructor
