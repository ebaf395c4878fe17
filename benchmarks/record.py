"""Write a benchmark's figures into docs/benchmarks.md, with the machine, date and command.

Each benchmark owns one section of that file, between two markers::

    <!-- benchmark: NAME -->
    ...
    <!-- /benchmark: NAME -->

and rewrites only its own section, so figures are never typed by hand and the file
always says where and when each one was measured. A section that is not there yet is
added at the end.
"""

from __future__ import annotations

import datetime
import os
import platform
import re
import shlex
import sys
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"


def machine() -> str:
    """Processor, cores, load and Python version: enough to compare two runs."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = (
        f", load average {os.getloadavg()[0]:.1f} at start"
        if hasattr(os, "getloadavg")
        else ""
    )
    versions = "".join(
        f", {name} {sys.modules[name].__version__}"
        for name in ("numpy", "pandas")
        if name in sys.modules
    )
    return (
        f"{cpu}, {os.cpu_count()} cores{load}, Python {platform.python_version()}"
        f"{versions}"
    )


def command() -> str:
    """The command line that ran this benchmark, as someone would type it."""
    script = Path(sys.argv[0]).resolve()
    try:
        script = script.relative_to(DOC.parent.parent)
    except ValueError:
        pass
    return shlex.join(["python", str(script), *sys.argv[1:]])


def write_section(
    name: str, title: str, body: list[str], started: str | None = None
) -> Path:
    """Replace (or add) the section ``name`` of docs/benchmarks.md with ``body``.

    ``body`` is Markdown lines (a table, a code block). The section begins with its
    title, the date and time (UTC), the machine and the command.
    """
    when = started or datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    section = "\n".join(
        [
            f"<!-- benchmark: {name} -->",
            f"## {title}",
            "",
            f"Measured {when} on {machine()}, by `{command()}`.",
            "",
            *body,
            "",
            f"<!-- /benchmark: {name} -->",
        ]
    )
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n"
    pattern = re.compile(
        rf"<!-- benchmark: {re.escape(name)} -->.*?<!-- /benchmark: {re.escape(name)} -->",
        re.S,
    )
    if pattern.search(text):
        text = pattern.sub(lambda _: section, text)
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    DOC.write_text(text, encoding="utf-8")
    return DOC
