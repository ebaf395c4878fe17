"""Student and instructor editions of the lessons, from one source.

The notebooks in ``notebooks/`` are the instructor editions. :func:`build_editions`
writes

- ``<out>/student/``: every lesson without its solutions and hidden answers (cells
  tagged ``solution`` or ``answer``), with the outputs of exercise stubs and of cells
  tagged ``clear-output`` cleared, and no widget state;
- ``<out>/instructor/``: every lesson as it is, with a short answer key at the top.

The tags are described in :mod:`twitchlib.delivery.tags`; the lessons are read by
:func:`twitchlib.lessons.read_notebook`. A lesson whose wording and tags disagree (an
answer that was never tagged, a prompt without its answer) stops the build with a
message naming the notebook and the cell.

Command line: ``twitchlib editions --out build`` (``make editions``).
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

from .._data import load_table
from ..knowledge import causes
from ..lessons import lesson_for_notebook, registry
from ..lessons.authoring import problems
from ..lessons.notebook import LessonNotebook, read_notebook
from .tags import CLEAR_OUTPUT_FOR_STUDENTS, REMOVE_FROM_STUDENTS, tags_of

DEFAULT_SOURCE = Path("notebooks")


class EditionError(ValueError):
    """A lesson cannot be turned into a safe student edition."""


def _read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _write(notebook: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def _is_lesson(path: Path) -> bool:
    return re.match(r"\d\d_", path.name) is not None


def student_edition(notebook: dict, name: str = "notebook") -> dict:
    """A student copy of a lesson notebook (a dict in nbformat 4); the source is unchanged.

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
            continue
        if cell["cell_type"] == "code" and set(tags) & set(CLEAR_OUTPUT_FOR_STUDENTS):
            cell["outputs"] = []
            cell["execution_count"] = None
        kept.append(cell)
    student["cells"] = kept
    return student


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


def build_editions(
    out_dir: str | Path, source_dir: str | Path = DEFAULT_SOURCE
) -> dict:
    """Write ``out_dir/student/`` and ``out_dir/instructor/``; returns the paths written.

    ``source_dir`` holds the instructor notebooks (default ``notebooks/``). Lessons
    (``NN_*.ipynb``) are converted; other notebooks (course map, glossary, dashboard)
    are copied to both editions as they are.
    """
    source_dir, out_dir = Path(source_dir), Path(out_dir)
    sources = sorted(source_dir.glob("*.ipynb"))
    if not sources:
        raise FileNotFoundError(
            f"no notebooks in {source_dir}: give the folder of the lesson notebooks"
        )
    written: dict[str, list[Path]] = {"student": [], "instructor": []}
    for path in sources:
        notebook = _read(path)
        if _is_lesson(path):
            editions = {
                "student": student_edition(notebook, path.name),
                "instructor": instructor_edition(notebook, path.name),
            }
        else:
            editions = {"student": notebook, "instructor": notebook}
        for edition, content in editions.items():
            target = out_dir / edition / path.name
            _write(content, target)
            written[edition].append(target)
    return written


def add_arguments(parser) -> None:
    parser.add_argument(
        "--out",
        default="build",
        type=Path,
        help="folder for student/ and instructor/ (default: build)",
    )
    parser.add_argument(
        "--notebooks",
        default=DEFAULT_SOURCE,
        type=Path,
        help="folder of the instructor notebooks (default: notebooks)",
    )


def run(args) -> int:
    try:
        written = build_editions(args.out, args.notebooks)
    except (EditionError, FileNotFoundError) as problem:
        print(f"twitchlib editions: {problem}")
        return 1
    for edition, paths in written.items():
        print(f"{edition}: {len(paths)} notebooks in {args.out / edition}")
    return 0
