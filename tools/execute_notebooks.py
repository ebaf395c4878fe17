"""Re-execute every lesson as "restart kernel and run all", then strip widget state.

Usage: python tools/execute_notebooks.py [notebooks/01_*.ipynb ...]   (``make notebooks``)

Widget state (``metadata.widgets``, which embeds plotly.js, megabytes) is removed after
execution; outputs that nbval compares are plain text and stay.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent


def execute(path: Path) -> float:
    notebook = nbformat.read(path, as_version=4)
    # The lessons record answers; while they run here, that file goes to a scratch
    # folder, never into the repository (the committed output names only the file).
    scratch = Path(tempfile.mkdtemp(prefix="twitchlib-run-"))
    os.environ["TWITCHLIB_ANSWERS"] = str(scratch / "twitchlib-answers.jsonl")
    start = time.perf_counter()
    NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    elapsed = time.perf_counter() - start
    notebook.metadata.pop("widgets", None)
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
    nbformat.write(notebook, path)
    return elapsed


def main(paths: list[str]) -> None:
    targets = [Path(p) for p in paths] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    for path in targets:
        seconds = execute(path)
        print(
            f"{path.name}: executed in {seconds:.1f} s, {path.stat().st_size / 1024:.0f} KB"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
