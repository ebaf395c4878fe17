"""Student editions: no solution or hidden answer leaks, each runs, stubs match solutions."""

import ast
import json
import re

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import ROOT
from twitchlib.delivery.editions import EditionError, build_editions, student_edition
from twitchlib.delivery.tags import tags_of
from twitchlib.lessons.course import as_student_writes
from twitchlib.lessons.notebook import without_words

LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def _text(cell):
    source = cell["source"]
    return "".join(source) if isinstance(source, list) else source


def _output_text(cell):
    parts = []
    for output in cell.get("outputs", []):
        parts.append("".join(output.get("text", "")))
        for kind, value in output.get("data", {}).items():
            if kind.startswith("text/"):
                parts.append("".join(value) if isinstance(value, list) else value)
    return "\n".join(parts)


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    out = tmp_path_factory.mktemp("editions")
    build_editions(out, ROOT / "notebooks")
    return out


def _hidden_fragments(notebook):
    """Distinctive lines of every solution and hidden answer, inputs and outputs."""
    cells = notebook["cells"]
    hidden = [c for c in cells if {"solution", "answer"} & set(tags_of(c))]
    visible = "\n".join(
        " ".join((_text(c) + "\n" + _output_text(c)).split())
        for c in cells
        if c not in hidden
    )
    fragments = set()
    for cell in hidden:
        for line in (_text(cell) + "\n" + _output_text(cell)).splitlines():
            line = re.sub(
                r"</?(details|summary)>|Show a (discussion|solution)", "", line
            )
            line = " ".join(line.split())
            if (
                len(line) >= 15
                and line not in visible
                and not line.startswith("tl.check(")
            ):
                fragments.add(line)
    return fragments


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_every_lesson_marks_its_solutions_and_answers(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    tags = [t for c in notebook["cells"] for t in tags_of(c)]
    assert tags.count("exercise") >= 1
    solutions = [
        c
        for c in notebook["cells"]
        if "solution" in tags_of(c) and c["cell_type"] == "code"
    ]
    assert tags.count("stub") == len(solutions) >= 1
    assert tags.count("think") >= 1 and tags.count("answer") >= tags.count("think")
    assert "exit-ticket" in tags


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_no_solution_or_hidden_answer_reaches_the_student_edition(path, editions):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    fragments = _hidden_fragments(notebook)
    assert fragments, "the lesson has no solutions or hidden answers to protect"
    student_text = " ".join(
        (editions / "student" / path.name)
        .read_text(encoding="utf-8")
        .replace("\\n", " ")
        .split()
    )
    student = json.loads((editions / "student" / path.name).read_text(encoding="utf-8"))
    flat = " ".join(
        " ".join(_text(c).split()) + " " + " ".join(_output_text(c).split())
        for c in student["cells"]
    )
    leaked = [f for f in fragments if f in flat or json.dumps(f)[1:-1] in student_text]
    assert not leaked, f"{path.name} student edition shows: {leaked[:3]}"
    assert "widgets" not in student["metadata"]
    assert "Answer key" not in flat
    for cell in student["cells"]:
        # The glossary's "New words in this cell" fold is no answer: it stays.
        assert "<details" not in without_words(_text(cell))
        if "stub" in tags_of(cell):
            assert cell["outputs"] == []


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_the_instructor_edition_opens_with_its_answer_key(path, editions):
    instructor = json.loads(
        (editions / "instructor" / path.name).read_text(encoding="utf-8")
    )
    key = _text(instructor["cells"][1])
    assert (
        key.startswith("## Answer key") and "**Quiz:**" in key and "**Exercise" in key
    )


def _defined_names(code):
    names = set()
    for node in ast.parse(code).body:
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
            targets = [node.target]
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        for target in targets:
            names.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
    return names


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_every_stub_defines_the_names_of_its_solution(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    stubs = [c for c in cells if "stub" in tags_of(c)]
    solutions = [
        c for c in cells if "solution" in tags_of(c) and c["cell_type"] == "code"
    ]
    assert len(stubs) == len(solutions) >= 1
    for stub, solution in zip(stubs, solutions, strict=True):
        stub_names, solution_names = (
            _defined_names(_text(stub)),
            _defined_names(_text(solution)),
        )
        assert stub_names == solution_names, (path.name, stub_names, solution_names)
        # The solution checks with solution=True (it records nothing); as a student
        # types it, it is the stub's check.
        assert "solution=True" in _text(solution)
        typed = as_student_writes(_text(solution))
        check = re.findall(r'tl\.check\("[\d.]+", \w+\)', typed)
        assert check and check[-1] in _text(stub), (
            "stub and solution call the same check"
        )


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_every_student_edition_runs_top_to_bottom_in_a_fresh_kernel(
    path, editions, tmp_path
):
    # Run from a student's own folder: the answer file and exit tickets land there.
    notebook = nbformat.read(editions / "student" / path.name, as_version=4)
    NotebookClient(
        notebook,
        timeout=180,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    ).execute()
    errors = [
        o
        for c in notebook.cells
        for o in c.get("outputs", [])
        if o.get("output_type") == "error"
    ]
    assert not errors


def test_an_untagged_hidden_answer_stops_the_build():
    notebook = {
        "metadata": {},
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": "# 09 · x"},
            {
                "cell_type": "markdown",
                "metadata": {},
                "source": "### Think!\nWhy?\n<details><summary>Show</summary>Because.</details>",
            },
        ],
    }
    with pytest.raises(EditionError, match="cell 2"):
        student_edition(notebook, "09_x.ipynb")


def test_the_command_line_builds_both_editions(tmp_path, capsys):
    from twitchlib.delivery.cli import main

    assert main(["editions", "--out", str(tmp_path)]) == 0
    assert sorted(
        p.name for p in (tmp_path / "student").glob("[0-9][0-9]_*.ipynb")
    ) == [p.name for p in LESSONS]
    # The lessons' glossary links work in every edition: the page goes with them.
    for edition in ("student", "self-study", "instructor"):
        assert (tmp_path / edition / "glossary.md").read_text(encoding="utf-8") == (
            ROOT / "notebooks" / "glossary.md"
        ).read_text(encoding="utf-8")
    assert (
        main(
            ["editions", "--out", str(tmp_path), "--notebooks", str(tmp_path / "none")]
        )
        == 1
    )
    assert "no notebooks" in capsys.readouterr().out


# --- every answer under its own prompt, in every output -----------------------------

from html import unescape  # noqa: E402

from twitchlib.delivery.editions import answer_key, instructor_edition  # noqa: E402
from twitchlib.delivery.site import lesson_body  # noqa: E402
from twitchlib.delivery.worksheets import read_lesson, worksheet_html  # noqa: E402
from twitchlib.lessons import read_notebook  # noqa: E402
from twitchlib.lessons.notebook import plain  # noqa: E402

MARK = re.compile(r"""(?:<!-- |data-)(prompt|answer)[:=]["']?([\w.-]+)""")


def _flat(text):
    # Words only: marks, tags and list numbers (an HTML list drops "1.") go.
    words = re.sub(r"(^|\s)\d+\.\s", " ", plain(unescape(text)))
    return " ".join(words.split()).lower()


def _misplaced(output, lesson):
    """Where ``output`` (markdown or HTML with id marks) puts an answer anywhere but
    under its own prompt, or leaves a prompt of the lesson without its answer."""
    marks = list(MARK.finditer(output))
    problems = []
    for prompt, answer in lesson.pairs():
        if answer is None:
            problems.append(f"{prompt.id}: the lesson has no answer")
            continue
        at = [n for n, m in enumerate(marks) if m.groups() == ("answer", prompt.id)]
        if len(at) != 1:
            problems.append(f"{prompt.id}: {len(at)} answers in the output")
            continue
        above = [m for m in marks[: at[0]] if m.group(1) == "prompt"]
        if not above or above[-1].group(2) != prompt.id:
            owner = above[-1].group(2) if above else "nothing"
            problems.append(f"{prompt.id}: its answer sits under {owner}")
            continue
        end = marks[at[0] + 1].start() if at[0] + 1 < len(marks) else len(output)
        said = _flat(output[marks[at[0]].end() : end])
        if _flat(answer.text)[:80] not in said:
            problems.append(f"{prompt.id}: the answer under it is not its own")
        if prompt.text and _flat(prompt.text)[:60] not in _flat(
            output[above[-1].end() : marks[at[0]].start()]
        ):
            problems.append(f"{prompt.id}: the prompt above its answer is not its own")
    return problems


def _cell_marks(notebook):
    """The instructor edition's cells as an output with id marks, in order."""
    out = []
    for cell in read_notebook(notebook).cells:
        role = {"prompt", "answer"} & set(cell.tags)
        if role and cell.part_id:
            out.append(f"<!-- {role.pop()}:{cell.part_id} -->{cell.source}")
    return "\n".join(out)


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_every_answer_sits_under_its_own_prompt_in_every_output(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    lesson = read_notebook(path)
    assert lesson.prompts, f"{path.name} has no prompts"
    assert not lesson.problems()
    outputs = {
        "instructor edition": _cell_marks(instructor_edition(notebook, path.name)),
        "answer key": answer_key(notebook, path.name),
        "worksheet answer key": worksheet_html(read_lesson(path), key=True),
        "site": lesson_body(nbformat.read(path, as_version=4)),
    }
    for name, output in outputs.items():
        assert not _misplaced(output, lesson), f"{name}: {_misplaced(output, lesson)}"


def test_the_alignment_check_catches_an_answer_under_the_wrong_prompt():
    # Lesson 05 as the teacher found it: the red-flag readings answered "which row is
    # the weakest clue?", and the timing-row answer lost.
    path = ROOT / "notebooks" / "05_telling_causes_apart.ipynb"
    lesson = read_notebook(path)
    clue = lesson.answer_to("05.ask.weakest-clue")
    flags = lesson.answer_to("05.question.red-flags")
    key = answer_key(json.loads(path.read_text(encoding="utf-8")), path.name)
    swapped = key.replace(flags.text[:40], "@@").replace(
        clue.text[:40], flags.text[:40]
    )
    assert _misplaced(swapped, lesson)
    dropped = re.sub(r"<!-- answer:05\.ask\.weakest-clue -->", "", key)
    assert _misplaced(dropped, lesson)


def test_an_answer_without_its_prompt_or_a_prompt_without_its_answer_is_refused():
    def cell(tags, source):
        return {"cell_type": "markdown", "metadata": {"tags": tags}, "source": source}

    notebook = {
        "cells": [
            cell(["prompt", "ask-yourself", "id:09.ask.one"], "**Ask yourself:** one?"),
            cell(["prompt", "question", "id:09.question.two"], "### Two\nTwo?"),
            cell(["answer", "id:09.ask.one"], "<details>One.</details>"),
            cell(["answer", "id:09.ask.one"], "<details>Two.</details>"),
        ]
    }
    with pytest.raises(EditionError, match="09.question.two' has no answer"):
        student_edition(notebook, "09_test.ipynb")


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_the_instructor_edition_reads_as_soundly_as_its_lesson(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    instructor = read_notebook(instructor_edition(notebook, path.name), path.name)
    assert instructor.problems() == []
    assert [p.id for p in instructor.prompts] == [
        p.id for p in read_notebook(path).prompts
    ]
