"""The lessons are committed as a teacher expects: complete, executed in order, small."""

import json
import re

import pytest

from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def _load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def _markdown(nb):
    return "\n".join(
        "".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"
    )


def test_the_eight_lessons_exist():
    assert [p.name[:2] for p in NOTEBOOKS] == [
        "00",
        "01",
        "02",
        "03",
        "04",
        "05",
        "06",
        "07",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_as_restart_and_run_all(path):
    nb = _load(path)
    counts = [c["execution_count"] for c in nb["cells"] if c["cell_type"] == "code"]
    assert counts == list(range(1, len(counts) + 1))
    assert "widgets" not in nb["metadata"], "widget state must be stripped"
    assert path.stat().st_size < 200_000
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            assert output.get("output_type") != "error", (
                f"{path.name} has an error output"
            )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_lesson_has_its_teaching_parts(path):
    nb = _load(path)
    text = _markdown(nb)
    first = "".join(nb["cells"][0]["source"])
    assert "Teaching model, not medical advice" in first
    assert "**Time:**" in first and "**You should know first:**" in first
    objectives = [line for line in first.splitlines() if line[:2].rstrip(".").isdigit()]
    assert 3 <= len(objectives) <= 5
    assert "### Think!" in text and "<details>" in text
    # The solution is a code cell tagged "solution" (the student edition drops it).
    assert "### Exercise" in text and any(
        "solution" in c.get("metadata", {}).get("tags", []) for c in nb["cells"]
    )
    assert "## Summary" in text and "## What this model leaves out" in text
    code = "\n".join(
        "".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"
    )
    assert "tl.lessons.activities.quiz(" in code


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_lesson_numbers_are_checked_by_nbval(path):
    nb = _load(path)
    checked = [
        c
        for c in nb["cells"]
        if c["cell_type"] == "code"
        and "".join(c["source"]).startswith("# NBVAL_CHECK_OUTPUT")
    ]
    assert len(checked) >= 1
    assert all(c["outputs"] for c in checked), (
        "a checked cell was committed without output"
    )


def test_notebooks_never_copy_library_code():
    for path in NOTEBOOKS:
        code = "\n".join(
            "".join(c["source"])
            for c in _load(path)["cells"]
            if c["cell_type"] == "code"
        )
        assert "def _evaluate" not in code and "read_csv" not in code


def test_the_dashboard_is_committed_executed_with_its_warning():
    path = ROOT / "notebooks" / "dashboard.ipynb"
    nb = _load(path)
    counts = [c["execution_count"] for c in nb["cells"] if c["cell_type"] == "code"]
    assert counts == list(range(1, len(counts) + 1))
    assert "widgets" not in nb["metadata"]
    assert "Teaching model, not medical advice" in "".join(nb["cells"][0]["source"])
    code = "\n".join(
        "".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"
    )
    assert "tl.ui.Explorer()" in code and "tl.ui.NerveExplorer()" in code
    # The live round's panel shows in the class server (and nowhere else).
    assert "class_dashboard(" in code
    assert "make dashboard" not in "".join(nb["cells"][0]["source"])


# --- the lessons' parts: tags, ids and the registry ---------------------------------

from twitchlib.lessons import lesson_for_notebook, read_notebook, registry  # noqa: E402
from twitchlib.lessons.authoring import problems  # noqa: E402


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_lessons_tags_agree_with_its_wording(path):
    assert problems(path) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_prompt_has_its_own_answer_cell_right_after_it_in_its_section(path):
    lesson = read_notebook(path)
    assert lesson.prompts
    for prompt, answer in lesson.pairs():
        assert answer is not None, f"{prompt.id} has no answer"
        between = lesson.cells[prompt.cell.index + 1 : answer.cell.index]
        assert not any("prompt" in c.tags for c in between), (
            f"another prompt sits between {prompt.id} and its answer"
        )
        assert prompt.text and answer.text


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_lesson_module_and_the_notebook_agree(path):
    spec = lesson_for_notebook(path.name)
    assert spec is not None, f"{path.name} has no module in twitchlib/lessons"
    lesson = read_notebook(path)
    assert spec.number == lesson.number
    ids = [e.exercise_id for e in spec.exercises]
    assert [e.id for e in lesson.exercises] == ids
    assert {s.id for s in lesson.stubs} == {s.id for s in lesson.solutions} == set(ids)
    assert [d.id for d in lesson.demos] == list(spec.demos)


def test_the_registry_holds_every_lesson_once_in_order():
    assert [s.notebook for s in registry()] == [p.name for p in NOTEBOOKS]
    assert [s.number for s in registry()] == [int(p.name[:2]) for p in NOTEBOOKS]


def test_parts_are_found_by_tags_not_by_wording():
    # Only the authoring checks look at the wording that marks a lesson's parts.
    markers = ('"### Think!"', '"**Ask yourself:**"', '"<details', "'<details")
    sources = [
        *sorted((ROOT / "twitchlib" / "lessons").glob("*.py")),
        *sorted((ROOT / "twitchlib" / "delivery").glob("*.py")),
        *sorted((ROOT / "tools").glob("*.py")),
    ]
    # The glossary's fold (WORDS_BLOCK) is told by its class: it is no lesson part.
    words = re.compile(r"^WORDS_BLOCK = .*$", re.M)
    found = [
        f"{path.relative_to(ROOT)}: {marker}"
        for path in sources
        if path.name != "authoring.py"
        for marker in markers
        if marker in words.sub("", path.read_text(encoding="utf-8"))
    ]
    assert not found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_each_exercise_has_one_stub_and_its_solution_code_first(path):
    lesson = read_notebook(path)
    for exercise in lesson.exercises:
        stub = lesson.stub_for(exercise.id)
        solutions = lesson.solutions_for(exercise.id)
        assert stub is not None and stub.cell.cell_type == "code"
        assert f'tl.check("{exercise.id}"' in stub.source
        assert solutions and solutions[0].cell.cell_type == "code"
        assert stub.cell.index < solutions[0].cell.index
