"""``twitchlib lab``: the lessons in JupyterLab, in a folder of the student's own.

The lessons ship inside the package. The first run copies them to a folder the
student owns (``~/twitchlib-lessons`` unless told otherwise); later runs never
overwrite a notebook already there, so a student's work is kept, and only add
lessons that are missing. JupyterLab then listens on 127.0.0.1 with a token.

Example::

    $ twitchlib lab                      # ~/twitchlib-lessons, opens a browser
    $ twitchlib lab --folder lessons --no-browser
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

from ._paths import lesson_notebooks

DEFAULT_FOLDER = Path("~/twitchlib-lessons")


def add_arguments(parser) -> None:
    parser.add_argument(
        "--folder",
        type=Path,
        default=DEFAULT_FOLDER,
        help="where your copy of the lessons lives (default: %(default)s)",
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


def copy_lessons(folder: Path) -> tuple[list[str], list[str]]:
    """Copy the shipped lessons into ``folder``; never overwrite one already there.

    Returns (copied, kept): the notebook names written now, and those left as they were.

    >>> import tempfile
    >>> copied, kept = copy_lessons(Path(tempfile.mkdtemp()))
    >>> "00_start_here.ipynb" in copied, kept
    (True, [])
    """
    folder.mkdir(parents=True, exist_ok=True)
    copied, kept = [], []
    for notebook in lesson_notebooks():
        target = folder / notebook.name
        if target.exists():
            kept.append(notebook.name)
        else:
            shutil.copyfile(notebook, target)
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
    folder = args.folder.expanduser().resolve()
    if folder.exists() and not folder.is_dir():
        print(
            f"twitchlib lab: --folder {folder} exists and is not a folder",
            file=sys.stderr,
        )
        return 2
    copied, kept = copy_lessons(folder)
    print(
        f"Lessons in {folder}: {len(copied)} copied"
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
