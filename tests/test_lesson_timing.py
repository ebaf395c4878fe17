"""The teacher guide's timing of each lesson agrees with data/lessons.csv.

Each lesson section of docs/teacher-guide.md is headed ``## NN · Title (M min…)`` and
holds a timing table ``| minutes | activity |``. Its core rows (``a–b``) must run
without gaps from 0 to the lesson's ``minutes``; a heading part ``Extension (E min)``
and the table's rows marked ``Extension`` must match ``extension_minutes``.
"""

import re
from pathlib import Path

import pytest

import twitchlib as tl

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "teacher-guide.md"
HEADING = re.compile(r"^## (\d\d) · [^(]*\((\d+) min(.*)\)\s*$")
EXTENSION = re.compile(r"Extension \((\d+) min\)")
ROW = re.compile(r"^\|\s*(Extension:?\s*)?(\d+)\s*[–-]\s*(\d+)\s*\|")


def sections() -> dict[int, tuple[int, int, list[tuple[bool, int, int]]]]:
    """Lesson number -> (heading minutes, heading extension minutes, table rows)."""
    found: dict[int, tuple[int, int, list]] = {}
    current = None
    for line in GUIDE.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            match = HEADING.match(line)
            current = int(match.group(1)) if match else None
            if match:
                extra = EXTENSION.search(match.group(3))
                found[current] = (
                    int(match.group(2)),
                    int(extra.group(1)) if extra else 0,
                    [],
                )
            continue
        row = ROW.match(line) if current is not None else None
        if row:
            found[current][2].append(
                (bool(row.group(1)), int(row.group(2)), int(row.group(3)))
            )
    return found


LESSONS = tl.load_table("lessons")


def test_every_lesson_has_a_section_with_a_timing_table():
    found = sections()
    assert sorted(found) == sorted(LESSONS.lesson)
    assert all(rows for _, _, rows in found.values())


@pytest.mark.parametrize(
    "row", list(LESSONS.itertuples()), ids=lambda r: f"{r.lesson:02d}"
)
def test_a_lessons_timing_table_fits_its_stated_time(row):
    minutes, extension, rows = sections()[row.lesson]
    assert minutes == row.minutes, "the heading's time is not lessons.csv's minutes"
    assert extension == row.extension_minutes, (
        "the heading's 'Extension (N min)' is not lessons.csv's extension_minutes"
    )
    core = [(start, end) for is_ext, start, end in rows if not is_ext]
    assert core[0][0] == 0
    for (_, end), (start, _) in zip(core, core[1:], strict=False):
        assert start == end, f"the core's rows leave a gap or overlap at {end} min"
    assert core[-1][1] == row.minutes, "the core's last row does not end at minutes"
    ext = [(start, end) for is_ext, start, end in rows if is_ext]
    if row.extension_minutes:
        assert ext, "extension_minutes is set but the table has no Extension rows"
        assert ext[0][0] == 0 and ext[-1][1] == row.extension_minutes
    else:
        assert not ext


def _cell(source, *tags, kind="markdown"):
    return {"cell_type": kind, "metadata": {"tags": list(tags)}, "source": source}


def test_an_extension_opens_with_its_heading_ends_the_lesson_and_holds_no_exit_ticket():
    from twitchlib.lessons.authoring import problems

    sound = {
        "cells": [
            _cell("# 09 · Core"),
            _cell("Exit ticket", "exit-ticket"),
            _cell("## Extension: for a longer period (optional)", "extension"),
            _cell("More.", "extension"),
            _cell("Next lesson", "way-finding"),
        ]
    }
    assert problems(sound) == []
    broken = {
        "cells": [
            _cell("More, no heading.", "extension"),
            _cell("A core cell after it."),
            _cell("Exit ticket", "exit-ticket", "extension"),
        ]
    }
    found = problems(broken)
    assert len(found) == 3
    assert "heading '## Extension: …'" in found[0]
    assert "cell 2: a core cell after the extension" in found[1]
    assert "exit ticket closes the core" in found[2]


def test_lesson_05_core_shows_six_cases_and_the_extension_the_rest():
    """Six cases fit the 45 minutes; the four others wait in the extension, and Lee
    (exercise 05.1) is in neither, so no case feedback answers the exercise."""
    import ast

    import nbformat

    titles = set(tl.load_table("cases")["title"])
    nb = nbformat.read(
        GUIDE.parent.parent / "notebooks" / "05_telling_causes_apart.ipynb", 4
    )
    shown = {}
    for cell in nb.cells:
        if cell.cell_type != "code" or "case_exercises(" not in cell.source:
            continue
        call = next(
            n
            for n in ast.walk(ast.parse(cell.source))
            if isinstance(n, ast.Call)
            and getattr(n.func, "attr", "") == "case_exercises"
        )
        (keyword,) = [k for k in call.keywords if k.arg == "leave_out"]
        part = "extension" if "extension" in cell.metadata.get("tags", []) else "core"
        shown[part] = titles - set(ast.literal_eval(keyword.value))
    assert len(shown["core"]) == 6, shown
    assert len(shown["extension"]) == 4, shown
    assert not shown["core"] & shown["extension"]
    assert shown["core"] | shown["extension"] == titles - {"Lee's exam week"}
    assert tl.lessons.lesson(5).extension_minutes > 0
