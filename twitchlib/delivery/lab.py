"""``twitchlib lab``: the lessons in JupyterLab, in a folder of the student's own.

The lessons ship inside the package. The first run copies them to a folder the
student owns; later runs never overwrite a notebook already there, so a student's
work is kept, and only add lessons that are missing. JupyterLab then listens on
127.0.0.1 with a token.

Which lessons (``--edition``), each in its own folder unless told otherwise:

- ``student`` (default, ``~/twitchlib-lessons``): the class edition
  (:func:`twitchlib.delivery.builds.student_edition`): no worked solution and no
  hidden answer; the boxes save the student's answers for the exit ticket and show
  no answer;
- ``self-study`` (``--self-study``, ``~/twitchlib-self-study``): for a student alone.
  Each Think! and Ask-yourself box takes the student's prediction first, saves it,
  then shows the lesson's answer beside it;
- ``instructor`` (``--instructor``, ``~/twitchlib-instructor``): every worked solution
  and answer, with an answer key at the top of each lesson.

Example::

    $ twitchlib lab                      # ~/twitchlib-lessons, opens a browser
    $ twitchlib lab --self-study         # ~/twitchlib-self-study
    $ twitchlib lab --folder lessons --no-browser
    $ twitchlib lab --instructor         # ~/twitchlib-instructor, with the solutions
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

from ._paths import course_pages, lesson_notebooks

DEFAULT_FOLDER = Path("~/twitchlib-lessons")
EDITIONS = ("student", "self-study", "instructor")
# Each edition in a folder of its own, so that switching never mixes two editions.
FOLDERS = {
    "student": DEFAULT_FOLDER,
    "self-study": Path("~/twitchlib-self-study"),
    "instructor": Path("~/twitchlib-instructor"),
}


def add_arguments(parser) -> None:
    parser.add_argument(
        "--folder",
        type=Path,
        default=None,
        help="where your copy of the lessons lives (default: ~/twitchlib-lessons,"
        " ~/twitchlib-self-study or ~/twitchlib-instructor, by edition)",
    )
    parser.add_argument(
        "--edition",
        choices=EDITIONS,
        default="student",
        help="student: a class, no solution, answers saved for the exit ticket and"
        " not shown (default); self-study: you predict first, then see the answer;"
        " instructor: every worked solution and answer, with an answer key",
    )
    parser.add_argument(
        "--self-study",
        dest="edition",
        action="store_const",
        const="self-study",
        help="the same as --edition self-study: for a student working alone",
    )
    parser.add_argument(
        "--instructor",
        dest="edition",
        action="store_const",
        const="instructor",
        help="the same as --edition instructor: for the teacher",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=8888,
        help="port on 127.0.0.1, 1024-65535 (default: %(default)s)",
    )
    parser.add_argument(
        "--no-browser",
        action="store_true",
        help="do not open a web browser, only print the link",
    )
    parser.add_argument(
        "--copy-only",
        action="store_true",
        help="copy the lessons to the folder and stop",
    )


def _edition_of(path: Path, edition: str) -> str:
    """The text of a shipped notebook in ``edition`` (lessons only are converted)."""
    text = path.read_text(encoding="utf-8")
    if not path.name[:2].isdigit():
        return text
    # Imported here: `lab --help` never needs the lessons (pandas).
    from .builds import instructor_edition, self_study_edition, student_edition

    make = {
        "student": student_edition,
        "self-study": self_study_edition,
        "instructor": instructor_edition,
    }[edition]
    notebook = make(json.loads(text), path.name)
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


def copy_lessons(folder: Path, edition: str = "student") -> tuple[list[str], list[str]]:
    """Copy the shipped lessons into ``folder``; never overwrite one already there.

    ``edition`` is ``"student"`` (no solution, no answer), ``"self-study"`` or
    ``"instructor"``; the course map, the glossary page (``glossary.md``) and the
    dashboard are copied as they are.
    Returns (copied, kept): the notebook names written now, and those left as they were.

    >>> import tempfile
    >>> copied, kept = copy_lessons(Path(tempfile.mkdtemp()))
    >>> "00_start_here.ipynb" in copied, kept
    (True, [])
    """
    if edition not in EDITIONS:
        raise ValueError(
            f"edition must be one of {', '.join(EDITIONS)}; got {edition!r}"
        )
    folder.mkdir(parents=True, exist_ok=True)
    copied, kept = [], []
    for notebook in lesson_notebooks() + course_pages():
        target = folder / notebook.name
        if target.exists():
            kept.append(notebook.name)
        else:
            target.write_text(_edition_of(notebook, edition), encoding="utf-8")
            copied.append(notebook.name)
    return copied, kept


def check_port(port: int) -> int:
    """A TCP port a user may listen on, or a ValueError naming the parameter and range."""
    if not 1024 <= port <= 65535:
        raise ValueError(
            f"--port must be a TCP port number from 1024 to 65535, got {port}"
        )
    return port


def run(args) -> int:
    try:
        port = check_port(args.port)
    except ValueError as error:
        print(f"twitchlib lab: {error}", file=sys.stderr)
        return 2
    edition = getattr(args, "edition", "student")
    folder = (args.folder or FOLDERS[edition]).expanduser().resolve()
    if folder.exists() and not folder.is_dir():
        print(
            f"twitchlib lab: --folder {folder} exists and is not a folder",
            file=sys.stderr,
        )
        return 2
    copied, kept = copy_lessons(folder, edition)
    print(
        f"Lessons ({edition} edition) in {folder}: {len(copied)} copied"
        + (f", {len(kept)} of yours kept as they are" if kept else ""),
        flush=True,
    )
    if args.copy_only:
        return 0
    token = secrets.token_hex(16)
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={folder}",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
    ]
    if args.no_browser:
        command.append("--no-browser")
    if hasattr(os, "getuid") and os.getuid() == 0:
        command.append("--allow-root")  # containers and CI machines often run as root
    print(
        f"JupyterLab: http://127.0.0.1:{port}/lab/tree/00_start_here.ipynb?token={token}",
        flush=True,
    )
    try:
        return subprocess.call(command, cwd=folder)
    except KeyboardInterrupt:
        return 0
