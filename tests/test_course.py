"""Way-finding and words: the lessons table, course map, glossary links, exit tickets."""

import json
import re
import sys

import pytest

import twitchlib as tl
from conftest import ROOT
from twitchlib.exercises import exercises

sys.path.insert(0, str(ROOT / "tools"))
import tag_notebooks  # noqa: E402

LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def _cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _source(cell):
    return (
        "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
    )


def test_the_lessons_table_lists_every_lesson_in_order_with_its_title():
    table = tl.load_table("lessons")
    assert table.notebook.tolist() == [p.name for p in LESSONS]
    for row, path in zip(table.itertuples(), LESSONS, strict=True):
        assert row.lesson == int(path.name[:2])
        assert row.title.split(":")[0] in _source(_cells(path)[0]).splitlines()[0]
    quiz_lessons = set(tl.load_table("quiz").lesson)
    assert quiz_lessons <= set(table.lesson)
    assert {e.lesson for e in exercises()} <= set(table.lesson)


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_each_lesson_says_where_it_sits_and_links_the_next(path):
    cells = _cells(path)
    top, end = _source(cells[1]), _source(cells[-1])
    assert "**Where this sits:**" in top and "course_map.ipynb" in top
    order = [p.name for p in LESSONS]
    position = order.index(path.name)
    if position + 1 < len(order):
        assert f"({order[position + 1]})" in end and "Next lesson" in end
    else:
        assert "last lesson" in end
    code = "\n".join(_source(c) for c in cells if c["cell_type"] == "code")
    number = int(path.name[:2])
    assert f"tl.begin_lesson({number})" in code and f"tl.exit_ticket({number})" in code
    markdown = "\n".join(_source(c) for c in cells if c["cell_type"] == "markdown")
    assert "### Going further" in markdown


def test_the_course_map_and_glossary_match_their_data(tmp_path):
    tag_notebooks.write_course_map(tmp_path)
    tag_notebooks.write_glossary(tmp_path)
    fresh = [_source(c) for c in _cells(tmp_path / "course_map.ipynb")]
    committed = [_source(c) for c in _cells(ROOT / "notebooks" / "course_map.ipynb")]
    assert committed == fresh, "course_map.ipynb is stale: run tools/tag_notebooks.py"
    glossary = (ROOT / "notebooks" / "glossary.md").read_text(encoding="utf-8")
    assert glossary == (tmp_path / "glossary.md").read_text(encoding="utf-8"), (
        "glossary.md is stale: run tools/tag_notebooks.py"
    )
    # A heading per term, whose anchor (JupyterLab: spaces as hyphens) the links use.
    for term in tl.load_table("glossary")["term"]:
        assert f"\n### {term}\n" in glossary, term


_GLOSSARY_LINK = re.compile(r'<a href="glossary\.md#([^"]+)" title="([^"]*)">')


def test_every_lesson_links_the_glossary_terms_it_uses_once():
    glossary = tl.load_table("glossary").set_index("term")
    anchors = {tag_notebooks.glossary_anchor(t): t for t in glossary.index}
    first = {}
    for path in LESSONS:
        text = "\n".join(_source(c) for c in _cells(path))
        assert "glossary.ipynb" not in text, path.name
        linked = [anchors.get(a, a) for a, _ in _GLOSSARY_LINK.findall(text)]
        unknown = [t for t in linked if t not in glossary.index]
        assert not unknown, f"{path.name} links unknown terms {unknown}"
        twice = sorted({t for t in linked if linked.count(t) > 1})
        assert not twice, f"{path.name} links {twice} more than once"
        # A lesson is often opened on its own: each links the words it uses.
        assert len(linked) >= 2, f"{path.name} links {linked}"
        for term in linked:
            first.setdefault(term, int(path.name[:2]))
    for term, lesson in first.items():
        assert glossary.loc[term, "first_lesson"] == lesson, term
    assert len(first) >= len(glossary) // 2, "most glossary terms should be linked"


def test_each_linked_word_is_defined_where_it_appears_by_hover_and_by_a_fold():
    """The link's title shows the definition on hover; a fold at the end of the same
    cell (a summary that Tab and Enter, or a tap, open) defines it for keyboard and
    touch. Both say what data/glossary.csv says."""
    import html

    from twitchlib.lessons.notebook import WORDS_BLOCK

    glossary = tl.load_table("glossary").set_index("term")
    anchors = {tag_notebooks.glossary_anchor(t): t for t in glossary.index}
    cells = 0
    for path in LESSONS:
        for cell in _cells(path):
            source = _source(cell)
            links = _GLOSSARY_LINK.findall(source)
            if cell["cell_type"] != "markdown" or not links:
                assert WORDS_BLOCK not in source, path.name
                continue
            cells += 1
            assert source.count(WORDS_BLOCK) == 1, (path.name, source[:80])
            fold = source[source.index(WORDS_BLOCK) :]
            for anchor, title in links:
                definition = glossary.loc[anchors[anchor], "definition"]
                assert html.unescape(title) == definition, anchor
                assert f"<dt>{anchors[anchor]}</dt>" in fold, (path.name, anchor)
                assert f"<dd>{html.escape(definition)}</dd>" in fold, anchor
            # An answer's fold keeps the words inside it: they open with the answer.
            if "<details><summary>" in source:
                assert source.rstrip().endswith("</details>\n\n</details>")
    assert cells >= 40


def test_a_new_definition_reaches_the_hover_text_and_the_fold(tmp_path, monkeypatch):
    """Editing data/glossary.csv and re-running the tool updates every copy of a
    definition in the lessons (none is left stale)."""
    import shutil

    lesson = next(p for p in LESSONS if p.name.startswith("03"))
    shutil.copy(lesson, tmp_path / lesson.name)
    definitions = dict(tl.load_table("glossary").set_index("term")["definition"])
    definitions["scenario"] = "A brand-new definition of a scenario, for the test."
    assert tag_notebooks.tag_lesson(tmp_path / lesson.name, definitions, write=False)
    tag_notebooks.tag_lesson(tmp_path / lesson.name, definitions)
    text = (tmp_path / lesson.name).read_text(encoding="utf-8")
    assert text.count("A brand-new definition of a scenario") == 2
    assert not tag_notebooks.tag_lesson(
        tmp_path / lesson.name, definitions, write=False
    )


def test_lesson_07s_worksheet_grades_the_claims_its_demo_shows():
    from twitchlib.lessons import lesson, read_notebook
    from twitchlib.lessons.lesson_07 import DEMO_CLAIMS

    spec = lesson(7)
    demo = read_notebook(ROOT / "notebooks" / spec.notebook).demos[0]
    assert demo.id == "07.demo.claim-verdicts"
    assert tuple(re.findall(r"C\d+", demo.source)) == DEMO_CLAIMS
    (table,) = spec.tables()
    assert [row[0] for row in table.rows] == list(DEMO_CLAIMS)


def test_each_lesson_module_reads_its_title_and_time_from_the_lessons_table():
    from twitchlib.lessons import registry

    table = tl.load_table("lessons").set_index("lesson")
    for spec in registry():
        row = table.loc[spec.number]
        assert (spec.notebook, spec.title, spec.minutes) == (
            row.notebook,
            row.title,
            row.minutes,
        )


def test_the_glossary_report_is_clean(tmp_path, capsys):
    """Every glossary term is used in some lesson, first where data/glossary.csv says."""
    import shutil

    for path in LESSONS:
        shutil.copy(path, tmp_path / path.name)
    assert tag_notebooks.main(["--dir", str(tmp_path)]) == 0
    report = capsys.readouterr().out
    assert "not as listed" not in report, report
    assert "used in no lesson text or output" not in report, report
    # The committed lessons are already tagged: the run changed none of them.
    for path in LESSONS:
        assert (tmp_path / path.name).read_text() == path.read_text(), path.name


def test_a_term_matches_its_plural_and_its_variants_as_whole_words():
    pattern = tag_notebooks.term_pattern("excitability", ["excitable"])
    assert pattern.search("a more excitable axon")
    assert pattern.search("Excitability rises")
    assert not pattern.search("over-excitable nerves")  # part of another word
    assert tag_notebooks.term_pattern("randomised trial").search("randomised trials")
    assert not tag_notebooks.term_pattern("ion").search("ionized")


@pytest.mark.parametrize(
    "term",
    [
        "log-odds",
        "natural logarithm",
        "percentage point",
        "mmol/L",
        "ionized",
        "corticosteroid",
        "tetany",
        "adenosine",
        "systematic review",
        "randomised trial",
        # A student met these unexplained in lesson 05 (and 02).
        "albumin",
        "ECG",
        "QT interval",
        "U wave",
        "inward rectifier",
        "depolarise",
        "motor neuron disease",
        # ...and these in lessons 01 and 06.
        "acetylcholine",
        "axon",
        "sarcoplasmic reticulum",
        "troponin",
        "NMDA receptor",
    ],
)
def test_the_jargon_a_student_stumbles_on_is_defined_with_a_source(term):
    glossary = tl.load_table("glossary").set_index("term")
    assert term in glossary.index
    assert len(glossary.loc[term, "definition"]) > 40
    assert glossary.loc[term, "source"]  # refers_to="sources": the loader checks keys


def test_check_flags_a_lesson_whose_glossary_links_are_stale(tmp_path):
    import shutil

    lesson = next(p for p in LESSONS if p.name.startswith("05"))
    shutil.copy(lesson, tmp_path / lesson.name)
    assert tag_notebooks.main(["--dir", str(tmp_path), "--check"]) == 0
    stale = (tmp_path / lesson.name).read_text().replace('"glossary.md#', '"x#')
    (tmp_path / lesson.name).write_text(stale)
    assert tag_notebooks.main(["--dir", str(tmp_path), "--check"]) == 1


def test_the_words_fold_is_no_hidden_answer_but_a_real_fold_still_is():
    from twitchlib.lessons.authoring import problems

    fold = (
        '<details class="twitchlib-words"><summary>The new word in this cell'
        "</summary><dl><dt>ion</dt><dd>A charged atom.</dd></dl></details>"
    )
    prose = {"cell_type": "markdown", "metadata": {}, "source": f"Ions.\n\n{fold}"}
    assert problems({"cells": [prose]}) == []
    hidden = dict(prose, source=prose["source"] + "\n\n<details>Yes.</details>")
    assert "not tagged 'answer'" in problems({"cells": [hidden]})[0]


def test_each_lesson_states_the_time_the_course_data_gives_it():
    """The notebook's "Time:" line and the README's table say data/lessons.csv's
    minutes (the teacher guide's plans are built from them)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for row in tl.load_table("lessons").itertuples():
        source = "\n".join(
            _source(c) for c in _cells(ROOT / "notebooks" / row.notebook)
        )
        assert f"**Time:** about {row.minutes} minutes" in source, row.notebook
        stem = row.notebook.removesuffix(".ipynb")
        assert re.search(rf"\| `{stem}` \|[^\n]*\| {row.minutes} min \|", readme), stem
