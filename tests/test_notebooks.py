"""The lessons are committed as a teacher expects: complete, executed in order, small."""

import json

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
