"""Student and instructor editions of the lessons, from one source.

The notebooks in ``notebooks/`` are the instructor editions. :func:`build_editions`
writes

- ``<out>/student/``: every lesson without its solutions and hidden answers (cells
  tagged ``solution`` or ``answer``), with the outputs of exercise stubs and of cells
  tagged ``clear-output`` cleared, and no widget state;
- ``<out>/instructor/``: every lesson as it is, with a short answer key at the top.

The tags are described in :mod:`twitchlib.delivery.tags`. A lesson whose kept
markdown still holds a ``<details>`` block (an answer that was never tagged) stops the
build with a message naming the notebook and the cell.

Command line: ``twitchlib editions --out build`` (``make editions``).
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

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


def _text(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _is_lesson(path: Path) -> bool:
    return re.match(r"\d\d_", path.name) is not None


def student_edition(notebook: dict, name: str = "notebook") -> dict:
    """A student copy of a lesson notebook (a dict in nbformat 4); the source is unchanged."""
    student = copy.deepcopy(notebook)
    student.get("metadata", {}).pop("widgets", None)
    kept = []
    for number, cell in enumerate(student["cells"], start=1):
        tags = tags_of(cell)
        if set(tags) & set(REMOVE_FROM_STUDENTS):
            continue
        if cell["cell_type"] == "markdown" and "<details" in _text(cell).lower():
            raise EditionError(
                f"{name}, cell {number}: a <details> block is not tagged 'answer' or"
                " 'solution', so its hidden answer would reach students (run"
                " tools/tag_notebooks.py, or tag the cell)"
            )
        if cell["cell_type"] == "code" and set(tags) & set(CLEAR_OUTPUT_FOR_STUDENTS):
            cell["outputs"] = []
            cell["execution_count"] = None
        kept.append(cell)
    student["cells"] = kept
    return student


def _lesson_number(notebook: dict) -> int | None:
    for cell in notebook["cells"]:
        found = re.match(r"#\s*(\d\d)\b", _text(cell))
        if found:
            return int(found.group(1))
    return None


def _plain(markdown: str) -> str:
    """A hidden answer's text without its <details>/<summary> wrapping or marks."""
    from .worksheets import plain

    return plain(re.sub(r"<summary>.*?</summary>", "", markdown, flags=re.S))


def _prompt_before(cells: list, index: int) -> tuple[str, str]:
    """The Think! or Ask-yourself prompt that a hidden answer at ``index`` belongs to."""
    from .worksheets import plain

    for cell in reversed(cells[:index]):
        text = _text(cell)
        if cell["cell_type"] != "markdown":
            continue
        if "### Think!" in text:
            return "Think!", plain(text.split("### Think!", 1)[1].split("<details>")[0])
        if "**Ask yourself:**" in text:
            return "Ask yourself", plain(
                text.split("**Ask yourself:**", 1)[1].split("<details>")[0]
            )
    return "Answer", ""


def answer_key(notebook: dict) -> str:
    """The answer key of a lesson, as markdown: exercises, Think! answers, quiz, cases."""
    from .._data import load_table
    from ..exercises import EXERCISES

    lesson = _lesson_number(notebook)
    lines = ["## Answer key (instructor edition)", ""]
    cells = notebook["cells"]
    for index, cell in enumerate(cells):
        tags = tags_of(cell)
        if "exercise" in tags:
            found = re.search(r"Exercise (\d\d\.\d+)", _text(cell))
            exercise = EXERCISES.get(found.group(1)) if found else None
            if exercise is not None:
                lines.append(
                    f"- **Exercise {exercise.exercise_id}** ({exercise.title}):"
                    f" {exercise.answer_text()}. The worked solution is the cell"
                    " tagged `solution` under the exercise."
                )
        if "answer" in tags:
            heading, prompt = _prompt_before(cells, index)
            lines.append(f"- **{heading}** {prompt[:200]} — *{_plain(_text(cell))}*")
    if lesson is not None:
        quiz = load_table("quiz")
        for _question, rows in quiz[quiz.lesson == lesson].groupby(
            "question_id", sort=False
        ):
            right = rows[rows.correct]
            lines.append(
                f"- **Quiz:** {rows.question.iloc[0]} — *{right.option.iloc[0]}*"
            )
        if lesson == 5:
            from ..knowledge import causes

            names = causes().set_index("cause")["name"]
            for case in load_table("cases").itertuples():
                sound = [case.best_fit, *getattr(case, "also_sound", ())]
                lines.append(
                    f"- **Case {getattr(case, 'title', case.case)}:** sound"
                    f" *{', '.join(names.get(o, o) for o in sound)}*."
                    f" {case.reasoning}"
                )
    return "\n".join(lines)


def instructor_edition(notebook: dict) -> dict:
    """The lesson with its answer key in a first markdown cell (tag ``answer-key``)."""
    instructor = copy.deepcopy(notebook)
    instructor.get("metadata", {}).pop("widgets", None)
    key = {
        "cell_type": "markdown",
        "id": "answer-key",
        "metadata": {"tags": ["answer-key", "answer"]},
        "source": answer_key(notebook),
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
                "instructor": instructor_edition(notebook),
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
