"""Student and instructor editions of the lessons, from one source.

The notebooks in ``notebooks/`` are the instructor editions. :func:`build_editions`
writes

- ``<out>/student/`` (a class): every lesson without its solutions and hidden answers
  (cells tagged ``solution`` or ``answer``), with the outputs of exercise stubs and of
  cells tagged ``clear-output`` cleared, and no widget state. Where a hidden answer
  was, a box (tag ``prediction``) saves the student's own answer for the exit ticket;
- ``<out>/self-study/`` (a student alone): the same, but each box shows the lesson's
  answer beside the student's prediction once it is saved;
- ``<out>/instructor/``: every lesson as it is, with a short answer key at the top.

The tags are described in :mod:`twitchlib.delivery.tags`; the lessons are read by
:func:`twitchlib.lessons.read_notebook`. A lesson whose wording and tags disagree (an
answer that was never tagged, a prompt without its answer) stops the build with a
message naming the notebook and the cell.

Command line: ``twitchlib editions --out build`` (``make editions``).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from ._paths import course_pages, source_notebooks
from .builds import (
    EDITIONS,
    EditionError,
    answer_key,
    instructor_edition,
    prediction_cell,
    self_study_edition,
    student_edition,
)

__all__ = [
    "EDITIONS",
    "EditionError",
    "answer_key",
    "build_editions",
    "instructor_edition",
    "prediction_cell",
    "self_study_edition",
    "student_edition",
]


def _read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _write(notebook: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def _is_lesson(path: Path) -> bool:
    return re.match(r"\d\d_", path.name) is not None


def build_editions(out_dir: str | Path, source_dir: str | Path | None = None) -> dict:
    """Write ``out_dir/student/``, ``out_dir/self-study/`` and ``out_dir/instructor/``;
    returns the paths written, by edition.

    ``source_dir`` holds the instructor notebooks (default: the lessons that ship
    with twitchlib, wherever it is installed). Lessons
    (``NN_*.ipynb``) are converted; other notebooks (course map, dashboard) and the
    glossary page (``glossary.md``) are copied to every edition as they are.
    """
    source_dir, sources = source_notebooks(source_dir, "*.ipynb", "notebooks")
    out_dir = Path(out_dir)
    written: dict[str, list[Path]] = {edition: [] for edition in EDITIONS}
    for path in sources:
        notebook = _read(path)
        if _is_lesson(path):
            editions = {
                "student": student_edition(notebook, path.name),
                "self-study": self_study_edition(notebook, path.name),
                "instructor": instructor_edition(notebook, path.name),
            }
        else:
            editions = dict.fromkeys(EDITIONS, notebook)
        for edition, content in editions.items():
            target = out_dir / edition / path.name
            _write(content, target)
            written[edition].append(target)
    for page in course_pages(source_dir):
        for edition in EDITIONS:
            target = out_dir / edition / page.name
            shutil.copyfile(page, target)
            written[edition].append(target)
    return written


def add_arguments(parser) -> None:
    parser.add_argument(
        "--out",
        default="build",
        type=Path,
        help="folder for student/, self-study/ and instructor/ (default: build)",
    )
    parser.add_argument(
        "--notebooks",
        default=None,
        type=Path,
        help="folder of the instructor notebooks (default: the lessons that ship"
        " with twitchlib)",
    )


def run(args) -> int:
    try:
        written = build_editions(args.out, args.notebooks)
    except (EditionError, FileNotFoundError) as problem:
        print(f"twitchlib editions: {problem}")
        return 1
    for edition, paths in written.items():
        print(f"{edition}: {len(paths)} notebooks and pages in {args.out / edition}")
    return 0
