"""The lessons' exercises as an nbgrader source assignment, for school hubs that grade
with nbgrader (https://nbgrader.readthedocs.io).

:func:`build_nbgrader` writes a course folder that nbgrader can work in::

    OUT/nbgrader_config.py
    OUT/source/twitchlib/00_start_here.ipynb ...

Each lesson becomes one notebook of the assignment, made from the instructor
notebook (:func:`nbgrader_notebook`):

- an exercise's heading cell is read-only (nbgrader ``locked``);
- its stub and its worked solution become one *autograded answer* cell (nbgrader
  ``solution``): the lines the stub already gives stay, the stub's ``...`` lines
  become comments saying what to define, and the rest of the worked solution sits
  between ``### BEGIN SOLUTION`` and ``### END SOLUTION``, which
  ``nbgrader generate_assignment`` replaces by ``# YOUR CODE HERE``;
- after it comes an *autograder tests* cell (nbgrader ``grade``, 1 point): the
  lesson's own check (``tl.check``), which passes only when the answer is right;
- the "about the solution" notes and the hidden answers are not in it: each hidden
  answer gives way to its prompt's answer box, as in the student edition.

Then, in OUT::

    nbgrader generate_assignment twitchlib     # release/: the students' copy
    nbgrader autograde twitchlib               # grades submitted/<student>/twitchlib

Command line: ``twitchlib nbgrader --out build/nbgrader``.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

from ..lessons.authoring import problems
from ._paths import source_notebooks
from .builds import EditionError, prediction_cell
from .tags import part_id, tags_of

# The name of the assignment in nbgrader's course folder (source/<name>/).
ASSIGNMENT = "twitchlib"
# Points for an exercise answered right (one autograded test cell each).
POINTS_PER_EXERCISE = 1
SCHEMA_VERSION = 3  # nbgrader's cell metadata schema (nbgrader 0.7 and later)
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
CONFIG = """\
# nbgrader's settings for the twitchlib lessons (written by `twitchlib nbgrader`).
c = get_config()  # noqa: F821 - nbgrader defines get_config
c.CourseDirectory.course_id = "twitchlib"
# A lesson runs its model, charts and widgets top to bottom: give it time.
c.ExecutePreprocessor.timeout = 300
"""


def _metadata(grade_id: str, *, solution=False, grade=False, locked=False, points=0):
    meta = {
        "schema_version": SCHEMA_VERSION,
        "grade": grade,
        "solution": solution,
        "locked": locked,
        "task": False,
        "grade_id": grade_id,
    }
    if grade:
        meta["points"] = points
    return {"nbgrader": meta}


def grade_id(exercise_id: str, part: str) -> str:
    """nbgrader's id for one cell of an exercise (letters, digits, ``_`` and ``-``).

    >>> grade_id("03.1", "answer")
    'exercise-03_1-answer'
    """
    return f"exercise-{exercise_id.replace('.', '_')}-{part}"


def _lines(cell) -> list[str]:
    source = cell["source"]
    text = "".join(source) if isinstance(source, list) else source
    return text.splitlines()


def _is_placeholder(line: str) -> bool:
    # A stub line the student completes: "name = ...  # what it holds".
    return re.match(r"\s*\w+\s*=\s*\.\.\.", line) is not None


def _is_check(line: str) -> bool:
    return line.lstrip().startswith("tl.check(")


def answer_source(exercise_id: str, stub: list[str], solution: list[str]) -> str:
    """The autograded answer cell of an exercise, from its stub and worked solution.

    The worked solution's first and last lines that the stub gives as they are stay
    outside the solution region; the stub's ``...`` lines become comments naming what
    to define; everything else is between the ``### BEGIN/END SOLUTION`` markers.

    >>> print(answer_source("03.1", ["# Exercise 03.1: ...", "answer = ...  # a level",
    ...     'tl.check("03.1", answer)'], ["answer = 3", 'tl.check("03.1", answer)']))
    # Exercise 03.1: write your code in place of "YOUR CODE HERE" and the line under it.
    # It defines:
    #   answer = ...  # a level
    ### BEGIN SOLUTION
    answer = 3
    ### END SOLUTION
    """
    given = {
        line.strip() for line in stub if line.strip() and not _is_placeholder(line)
    }
    body = [line for line in solution if not _is_check(line)]
    while body and not body[-1].strip():
        body.pop()
    start = 0
    while start < len(body) and body[start].strip() in given:
        start += 1
    stop = len(body)
    while stop > start and body[stop - 1].strip() in given:
        stop -= 1
    asked = [f"#   {line.strip()}" for line in stub if _is_placeholder(line)]
    head = [
        f"# Exercise {exercise_id}: write your code in place of"
        ' "YOUR CODE HERE" and the line under it.',
    ]
    if asked:
        head += ["# It defines:", *asked]
    return "\n".join(
        body[:start] + head + [BEGIN, *body[start:stop], END] + body[stop:]
    )


def check_source(exercise_id: str) -> str:
    """The autograder tests cell of an exercise: the lesson's own check, asserted.

    >>> print(check_source("03.1"))
    # Checks exercise 03.1 (1 point): run this cell to see whether your answer is right.
    result = tl.check("03.1", answer)
    display(result)
    assert result.correct, result.message
    """
    return (
        f"# Checks exercise {exercise_id} ({POINTS_PER_EXERCISE} point): run this"
        " cell to see whether your answer is right.\n"
        f'result = tl.check("{exercise_id}", answer)\n'
        "display(result)\n"
        "assert result.correct, result.message"
    )


def _code_cell(cell_id: str, source: str, metadata: dict) -> dict:
    return {
        "cell_type": "code",
        "id": cell_id,
        "metadata": metadata,
        "execution_count": None,
        "outputs": [],
        "source": source,
    }


def nbgrader_notebook(notebook: dict, name: str = "notebook") -> dict:
    """A lesson notebook (instructor edition, nbformat 4 dict) as an nbgrader source
    notebook; the given notebook is unchanged.

    Raises :class:`~twitchlib.delivery.builds.EditionError` when the lesson's tags and
    wording disagree, as the student edition does, or when an exercise has a worked
    solution but no stub.
    """
    found = problems(notebook, name)
    if found:
        raise EditionError("; ".join(found))
    source = copy.deepcopy(notebook)
    source.get("metadata", {}).pop("widgets", None)
    stubs = {
        part_id(cell): _lines(cell)
        for cell in source["cells"]
        if "stub" in tags_of(cell) and cell["cell_type"] == "code"
    }
    cells = []
    for cell in source["cells"]:
        tags = set(tags_of(cell))
        exercise_id = part_id(cell)
        if "stub" in tags:
            continue  # merged into the answer cell below
        if "solution" in tags:
            if cell["cell_type"] != "code" or exercise_id is None:
                continue  # "about the solution" notes and the answer key stay out
            if exercise_id not in stubs:
                raise EditionError(
                    f"{name}: exercise {exercise_id} has a worked solution but no"
                    " cell tagged 'stub'"
                )
            answer = answer_source(exercise_id, stubs[exercise_id], _lines(cell))
            cells.append(
                _code_cell(
                    grade_id(exercise_id, "answer"),
                    answer,
                    {
                        "tags": ["stub", f"id:{exercise_id}"],
                        **_metadata(grade_id(exercise_id, "answer"), solution=True),
                    },
                )
            )
            cells.append(
                _code_cell(
                    grade_id(exercise_id, "check"),
                    check_source(exercise_id),
                    {
                        "tags": ["clear-output", f"id:{exercise_id}"],
                        **_metadata(
                            grade_id(exercise_id, "check"),
                            grade=True,
                            locked=True,
                            points=POINTS_PER_EXERCISE,
                        ),
                    },
                )
            )
            continue
        if "answer" in tags:
            if exercise_id is not None:
                cells.append(prediction_cell(exercise_id, reveal=False))
            continue
        if "exercise" in tags and exercise_id is not None:
            cell["metadata"].update(
                _metadata(grade_id(exercise_id, "prompt"), locked=True)
            )
        if cell["cell_type"] == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        cells.append(cell)
    source["cells"] = cells
    return source


def build_nbgrader(
    out_dir: str | Path,
    source_dir: str | Path | None = None,
    assignment: str = ASSIGNMENT,
) -> list[Path]:
    """Write an nbgrader course folder to ``out_dir``: ``nbgrader_config.py`` and
    ``source/<assignment>/`` with one notebook per lesson that has exercises.

    ``source_dir`` holds the instructor notebooks (default: the lessons that ship
    with twitchlib). Returns the notebooks written.
    """
    if not re.fullmatch(r"[A-Za-z0-9_-]+", assignment or ""):
        raise ValueError(
            f"assignment must be a name of letters, digits, '_' and '-' (nbgrader's"
            f" folder source/<assignment>/); got {assignment!r}"
        )
    source_dir, sources = source_notebooks(
        source_dir, "[0-9][0-9]_*.ipynb", "lesson notebooks"
    )
    out_dir = Path(out_dir)
    target = out_dir / "source" / assignment
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sources:
        notebook = json.loads(path.read_text(encoding="utf-8"))
        if not any("stub" in tags_of(cell) for cell in notebook["cells"]):
            continue
        converted = nbgrader_notebook(notebook, path.name)
        (target / path.name).write_text(
            json.dumps(converted, indent=1, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )
        written.append(target / path.name)
    config = out_dir / "nbgrader_config.py"
    if not config.exists():
        config.write_text(CONFIG, encoding="utf-8")
    return written


def add_arguments(parser) -> None:
    parser.add_argument(
        "--out",
        default=Path("build") / "nbgrader",
        type=Path,
        help="nbgrader course folder to write (default: build/nbgrader)",
    )
    parser.add_argument(
        "--notebooks",
        default=None,
        type=Path,
        help="folder of the instructor notebooks (default: the lessons that ship"
        " with twitchlib)",
    )
    parser.add_argument(
        "--assignment",
        default=ASSIGNMENT,
        help=f"the assignment's name in nbgrader (default: {ASSIGNMENT})",
    )


def run(args) -> int:
    try:
        written = build_nbgrader(args.out, args.notebooks, args.assignment)
    except (EditionError, FileNotFoundError, ValueError) as problem:
        print(f"twitchlib nbgrader: {problem}")
        return 1
    print(
        f"{len(written)} lesson notebooks in {args.out / 'source' / args.assignment}"
        f"\nthen, in {args.out}: nbgrader generate_assignment {args.assignment}"
    )
    return 0
