"""Student builds by default: `twitchlib lab` and `twitchlib site` hold no solution.

A solution or hidden answer is found with the lesson reader (its ``solutions`` and
``answers``, and what the solution cells printed), as the editions are tested; then
no distinctive line of it may appear in what a student gets. The instructor material
needs ``--instructor``. Every subcommand finds the lessons that ship with twitchlib,
run from an empty folder; a Binder link appears only where a repository is set.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest

from conftest import ROOT
from twitchlib.delivery import repository
from twitchlib.delivery import site as site_module
from twitchlib.delivery.lab import copy_lessons
from twitchlib.lessons import read_notebook
from twitchlib.lessons.notebook import cell_text, plain

LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def _flat(text: str) -> str:
    return " ".join(text.split())


def _outputs(raw_cell: dict) -> str:
    parts = []
    for output in raw_cell.get("outputs", []):
        parts.append(cell_text(output.get("text", "")))
        for kind, value in output.get("data", {}).items():
            if kind.startswith("text/"):
                parts.append(cell_text(value))
    return "\n".join(parts)


def hidden_lines(path: Path) -> set[str]:
    """Distinctive lines (15+ characters) of every solution and hidden answer of a
    lesson, code, words and printed output, that no visible cell also holds."""
    raw = json.loads(path.read_text(encoding="utf-8"))["cells"]
    lesson = read_notebook(path)
    hidden_cells = {p.cell.index for p in lesson.solutions} | {
        a.cell.index for a in lesson.answers
    }
    hidden_texts = [p.source for p in lesson.solutions] + [
        a.text for a in lesson.answers
    ]
    hidden_texts += [_outputs(raw[i]) for i in hidden_cells]
    visible = "\n".join(
        _flat(cell_text(c) + "\n" + _outputs(c))
        for i, c in enumerate(raw)
        if i not in hidden_cells
    )
    lines = set()
    for text in hidden_texts:
        for line in plain(text).splitlines():
            line = _flat(re.sub(r"Show a[n]? (discussion|solution|answer)", "", line))
            if (
                len(line) >= 15
                and line not in visible
                and not line.startswith("tl.check(")
            ):
                lines.add(line)
    return lines


def _page_words(page: str) -> str:
    text = unescape(re.sub(r"<[^>]+>", " ", page))
    return _flat(plain(text))


def test_the_reader_finds_something_to_protect_in_every_lesson():
    for path in LESSONS:
        assert hidden_lines(path), f"{path.name}: no solution found to protect"


def test_lab_copies_student_editions_unless_asked_for_the_instructors(tmp_path):
    copy_lessons(tmp_path / "student")
    copy_lessons(tmp_path / "teacher", "instructor")
    for path in LESSONS:
        student = (tmp_path / "student" / path.name).read_text(encoding="utf-8")
        student_words = _flat(
            "\n".join(
                cell_text(c) + "\n" + _outputs(c) for c in json.loads(student)["cells"]
            )
        )
        leaked = [line for line in hidden_lines(path) if line in student_words]
        assert not leaked, f"{path.name}: the student copy shows {leaked[:2]}"
        assert read_notebook(tmp_path / "student" / path.name).solutions == ()
        teacher = read_notebook(tmp_path / "teacher" / path.name)
        assert teacher.solutions and teacher.answers
    assert "✔ Right" not in (tmp_path / "student" / LESSONS[3].name).read_text()
    assert "✔ Right" in (tmp_path / "teacher" / LESSONS[3].name).read_text()


@pytest.fixture(scope="module")
def student_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("student-site") / "course"
    return site_module.build_site(out, execute=True, log=lambda *a: None)


def test_the_student_site_holds_no_line_of_any_solution(student_site):
    out = student_site.out_dir
    pages = {
        name: (out / name).read_text(encoding="utf-8") for name in student_site.pages
    }
    every = " ".join(_page_words(p) for p in pages.values())
    for path in LESSONS:
        lines = hidden_lines(path)
        leaked = [line for line in lines if _page_words(line) in every]
        assert not leaked, f"{path.name}: the student site shows {leaked[:2]}"
        page = pages[f"{path.stem}.html"]
        assert "data-answer=" not in page and "Answer key" not in page
    assert "✔ Right" not in pages["03_the_twitch_explorer.html"]
    # Nothing for the teacher is built or linked.
    for teacher in site_module.TEACHER_DOCS:
        assert f"{teacher}.html" not in pages
        assert all(f'href="{teacher}.html"' not in p for p in pages.values())
    assert not [
        d for d in student_site.downloads if "answer-key" in d or "instructor" in d
    ]
    for relative in student_site.downloads:
        if relative.endswith(".ipynb") and Path(relative).name[:2].isdigit():
            assert read_notebook(out / relative).solutions == (), relative
    # The lessons' demos are still pictured, as in the instructor build.
    assert sum(student_site.stills.values()) > 0
    assert "Binder" not in " ".join(pages.values())


def test_the_instructor_site_keeps_the_solutions(tmp_path):
    report = site_module.build_site(
        tmp_path / "teacher",
        execute=False,
        log=lambda *a: None,
        instructor=True,
        binder=repository.binder_link("https://github.com/example-school/twitchlib"),
    )
    page = (report.out_dir / "03_the_twitch_explorer.html").read_text(encoding="utf-8")
    assert "✔ Right" in page and "data-answer=" in page
    assert "teacher-guide.html" in report.pages
    assert any("answer-key" in d for d in report.downloads)
    index = (report.out_dir / "index.html").read_text(encoding="utf-8")
    assert (
        'href="https://mybinder.org/v2/gh/example-school/twitchlib/HEAD?urlpath='
        'lab/tree/notebooks/00_start_here.ipynb"' in index
    )


def test_a_binder_link_only_where_a_repository_is_set(tmp_path, monkeypatch):
    monkeypatch.delenv(repository.ENVIRONMENT_VARIABLE, raising=False)
    assert repository.configured_repository(folders=(tmp_path,)) is None
    (tmp_path / "pyproject.toml").write_text(
        '[tool.twitchlib]\nrepository = "https://gitlab.com/a-school/twitch-course"\n'
    )
    url, where = repository.configured_repository(folders=(tmp_path,))
    assert repository.binder_link(url, where).startswith(
        "https://mybinder.org/v2/gl/a-school/twitch-course/HEAD?"
    )
    monkeypatch.setenv(repository.ENVIRONMENT_VARIABLE, "https://github.com/o/n.git")
    assert repository.configured_repository(folders=(tmp_path,))[0].endswith("n.git")
    assert (
        repository.configured_repository("https://github.com/x/y")[1] == "--repository"
    )
    for bad in (
        "github.com/o/n",
        "https://example.org/o/n",
        "YOUR-ORG",
        "http://github.com/o/n",
    ):
        with pytest.raises(repository.RepositoryError, match="--repository"):
            repository.binder_link(bad)


def test_a_bad_repository_is_refused_before_anything_is_built(tmp_path):
    out = tmp_path / "site"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "twitchlib.delivery",
            "site",
            "--out",
            str(out),
            "--no-execute",
            "--repository",
            "https://example.org/x",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 2 and "--repository" in done.stderr
    assert not out.exists()


def test_every_subcommand_finds_the_shipped_lessons_from_an_empty_folder(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def twitchlib(*args):
        return subprocess.run(
            [sys.executable, "-m", "twitchlib.delivery", *args],
            capture_output=True,
            text=True,
            cwd=empty,
            env=env,
        )

    editions = twitchlib("editions", "--out", str(tmp_path / "build"))
    assert editions.returncode == 0, editions.stdout + editions.stderr
    assert len(list((tmp_path / "build" / "student").glob("*.ipynb"))) == len(
        list((ROOT / "notebooks").glob("*.ipynb"))
    )
    lab = twitchlib("lab", "--folder", str(tmp_path / "mine"), "--copy-only")
    assert lab.returncode == 0 and "student edition" in lab.stdout
    # The worksheets find the lessons before they look for a browser to print with.
    from twitchlib.delivery import worksheets

    found = worksheets.lesson_paths(None)
    assert [p.name for p in found] == [p.name for p in LESSONS]
    assert list(empty.iterdir()) == []


@pytest.mark.slow
def test_the_worksheets_print_from_an_empty_folder(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "twitchlib.delivery",
            "worksheets",
            "--paper",
            "A4",
            "--out",
            str(tmp_path / "sheets"),
        ],
        capture_output=True,
        text=True,
        cwd=empty,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert len(list((tmp_path / "sheets").glob("*.pdf"))) == 2 * len(LESSONS)
