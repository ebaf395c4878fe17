"""Regenerate the parts of the lessons made from data; check the lessons' tags.

Usage: python tools/tag_notebooks.py [--dir notebooks] [--check]    then ``make notebooks``

Each lesson notebook is the only source of its prompts, answers, stubs and solutions
(tagged as twitchlib/delivery/tags.py describes; docs/adding-a-lesson.md). This tool
only regenerates what is made from the registry and the data files, so it can be run
after every lesson change:

1. "Where this sits" after the title cell and "Next" at the end (tag ``way-finding``),
   from the lesson registry (``twitchlib.lessons``, titles from ``data/lessons.csv``).
2. Glossary words: each term of ``data/glossary.csv`` links to ``glossary.md`` at
   its first plain-text mention in every lesson that uses it (a lesson is often
   opened on its own), with its definition as the link's hover text, and the cell
   ends with a fold ("New words in this cell") defining it for keyboard and touch;
   terms first used elsewhere than the CSV says, or never, are reported.
3. ``course_map.ipynb`` and ``glossary.md``, from the registry and the data files.

``--check`` changes nothing: it lists every cell whose tags and wording disagree
(:func:`twitchlib.lessons.authoring.problems`) and exits 1 if there is one.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import twitchlib as tl  # noqa: E402
from twitchlib.delivery.tags import tags_of  # noqa: E402
from twitchlib.lessons import lesson, registry  # noqa: E402
from twitchlib.lessons.authoring import problems  # noqa: E402
from twitchlib.lessons.notebook import WORDS_BLOCK, without_words  # noqa: E402


def _set_tags(cell, *tags: str) -> None:
    existing = tags_of(cell)
    cell.metadata["tags"] = existing + [t for t in tags if t not in existing]


def _lesson_link(number: int) -> str:
    spec = lesson(number)
    return f"[{spec.label}]({spec.notebook})"


def _way_finding(nb, number: int) -> None:
    old = {c.get("id"): c for c in nb.cells if "way-finding" in tags_of(c)}
    nb.cells = [c for c in nb.cells if "way-finding" not in tags_of(c)]
    order = [spec.number for spec in registry()]
    position = order.index(number)
    before = _lesson_link(order[position - 1]) if position > 0 else None
    after = _lesson_link(order[position + 1]) if position + 1 < len(order) else None
    curriculum = "; ".join(lesson(number).curriculum)
    where = (
        f"**Where this sits:** step {position + 1} of {len(order)} in the course"
        f" ([course map](course_map.ipynb)). "
        + (f"It builds on {before}. " if before else "It is the first lesson. ")
        + (f"Next comes {after}. " if after else "It is the last lesson. ")
        + f"Curriculum links: {curriculum}. New words are explained in the"
        f" [glossary]({GLOSSARY})."
    )
    top = new_markdown_cell(where)
    top.id = "where-this-sits"  # fixed ids: re-running the tool changes nothing
    _set_tags(top, "way-finding")
    nb.cells.insert(1, old.get(top.id) if _same(old.get(top.id), top) else top)
    end = new_markdown_cell(
        f"**Next lesson:** {after}."
        if after
        else "**This is the last lesson.** Back to the [course map](course_map.ipynb)."
    )
    end.id = "next-lesson"
    _set_tags(end, "way-finding")
    nb.cells.append(old.get(end.id) if _same(old.get(end.id), end) else end)


def _same(old, new) -> bool:
    return old is not None and old.source == new.source


GLOSSARY = "glossary.md"  # no kernel: JupyterLab shows it rendered, at the word


def glossary_anchor(term: str) -> str:
    """The anchor JupyterLab gives the glossary heading of ``term``."""
    return term.replace(" ", "-")


def glossary_link(word: str, term: str, definition: str) -> str:
    """``word`` linked to the glossary at ``term``, its definition shown on hover."""
    title = html.escape(definition, quote=True)
    return f'<a href="{GLOSSARY}#{glossary_anchor(term)}" title="{title}">{word}</a>'


# A glossary link as glossary_link writes it, or as a markdown link (older lessons).
_LINK = re.compile(
    r'<a href="glossary\.(?:md|ipynb)#(?P<a>[^"]+)"[^>]*>(?P<w>[^<]*)</a>'
    r"|\[(?P<mw>[^\]]*)\]\(glossary\.(?:md|ipynb)#(?P<ma>[^)\s]+)\)"
)
# Code, links, HTML and a bold lead-in label ("**Label:**") are never linked inside.
_PROTECTED = re.compile(
    r"<a\s[^>]*>.*?</a>|`[^`]*`|\[[^\]]*\]\([^)]*\)|<[^>]+>|\*\*[^*\n]+:\*\*"
)


def term_pattern(term: str, variants=()) -> re.Pattern:
    """The words that count as a mention of ``term``: it or one of its ``variants``
    (other forms, e.g. "excitable" for "excitability"), each with an optional plural
    "s", as whole words."""
    forms = "|".join(re.escape(f) for f in sorted([term, *variants], key=len)[::-1])
    return re.compile(rf"(?<![\w/-])(?:{forms})s?(?![\w/-])", re.IGNORECASE)


def _refresh_links(nb, definitions: dict[str, str], terms: dict[str, str]) -> None:
    """Rewrite every glossary link as :func:`glossary_link` does, with the current
    definition as its hover text; links to a term no longer in the glossary lose
    their link and keep their word. ``terms`` maps each anchor to its term."""

    def fresh(match: re.Match) -> str:
        anchor, word = match["a"] or match["ma"], match["w"] or match["mw"]
        term = terms.get(anchor)
        return glossary_link(word, term, definitions[term]) if term else word

    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = _LINK.sub(fresh, cell.source)


def _words_fold(terms: list[str], definitions: dict[str, str]) -> str:
    """The fold that defines ``terms`` in place: a tap or Enter opens it, where a
    hover title cannot reach (keyboard, touch)."""
    items = "".join(
        f"<dt>{html.escape(t)}</dt><dd>{html.escape(definitions[t])}</dd>"
        for t in terms
    )
    label = "The new word in this cell" if len(terms) == 1 else "New words in this cell"
    return f"{WORDS_BLOCK}<summary>{label}</summary><dl>{items}</dl></details>"


def _refresh_words(nb, definitions: dict[str, str], terms: dict[str, str]) -> None:
    """End each cell that links glossary words with a fold defining them; a cell
    that is itself a fold (a hidden answer) gets it inside, before its end, so the
    words open with the answer and the editions take the answer apart as before.
    ``terms`` maps each anchor to its term."""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        linked = list(
            dict.fromkeys(terms[m["a"]] for m in _LINK.finditer(cell.source) if m["a"])
        )
        if not linked:
            continue
        fold = _words_fold(linked, definitions)
        body = cell.source.rstrip()
        if body.endswith("</details>"):
            end = body.rfind("</details>")
            cell.source = f"{body[:end].rstrip()}\n\n{fold}\n\n</details>"
        else:
            cell.source = f"{body}\n\n{fold}"


def _link_first_use(nb, definitions: dict[str, str], variants=None) -> list[str]:
    """Link each glossary term at its first plain-text mention; returns those linked.
    ``definitions`` maps each term to its definition, ``variants`` a term to its
    other forms (data/glossary.csv ``variants``)."""
    variants = variants or {}
    linked = []
    for term in sorted(definitions, key=len, reverse=True):
        target = f'"{GLOSSARY}#{glossary_anchor(term)}"'
        if any(target in c.source for c in nb.cells):
            linked.append(term)
            continue
        pattern = term_pattern(term, variants.get(term, ()))
        # Prose first; a word a lesson uses only in a revealed answer is linked there.
        prose = [c for c in nb.cells[1:] if "answer" not in tags_of(c)]
        answers = [c for c in nb.cells[1:] if "answer" in tags_of(c)]
        for cell in prose + answers:
            if cell.cell_type != "markdown" or "way-finding" in tags_of(cell):
                continue
            lines = cell.source.split("\n")
            for n, line in enumerate(lines):
                # Headings keep their anchors; a table's rule row has no words.
                if line.startswith(("#", ">")) or re.fullmatch(r"[|:\- ]+", line):
                    continue
                spans = [m.span() for m in _PROTECTED.finditer(line)]
                match = next(
                    (
                        m
                        for m in pattern.finditer(line)
                        if not any(a <= m.start() < b for a, b in spans)
                    ),
                    None,
                )
                if match:
                    lines[n] = (
                        line[: match.start()]
                        + glossary_link(match.group(0), term, definitions[term])
                        + line[match.end() :]
                    )
                    cell.source = "\n".join(lines)
                    linked.append(term)
                    break
            if term in linked:
                break
    return linked


def tag_lesson(path: Path, definitions: dict[str, str], variants=None, write=True):
    """Regenerate one lesson's way-finding, glossary links and word folds; returns
    the glossary terms it linked, or with ``write=False`` (change nothing) whether
    the lesson is stale. ``definitions`` maps each glossary term to its definition.
    The notebook is written only if something changed."""
    nb = nbformat.read(path, as_version=4)
    before = nbformat.writes(nb)
    _way_finding(nb, int(path.name[:2]))
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = without_words(cell.source)
    terms = {glossary_anchor(t): t for t in definitions}  # anchor -> term
    _refresh_links(nb, definitions, terms)
    linked = _link_first_use(nb, definitions, variants)
    _refresh_words(nb, definitions, terms)
    stale = nbformat.writes(nb) != before
    if stale and write:
        nbformat.write(nb, path)
    return linked if write else stale


def printed_terms(path: Path, terms, variants=None) -> list[str]:
    """The glossary terms a lesson's printed outputs use (its notices, summaries).

    Output text takes no links, so these are not linked; they still count as used,
    since a student who meets one there looks it up in the glossary page."""
    nb = nbformat.read(path, as_version=4)
    printed = " ".join(
        str(text)
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        for text in (
            output.get("text", ""),
            *(
                output.get("data", {}).get(kind, "")
                for kind in ("text/plain", "text/html")
            ),
        )
    )
    variants = variants or {}
    return [t for t in terms if term_pattern(t, variants.get(t, ())).search(printed)]


def _variants(glossary) -> dict[str, list[str]]:
    return {t: list(v) for t, v in glossary["variants"].items() if len(v)}


def _write_if_changed(nb, path: Path) -> None:
    if path.exists():
        current = nbformat.read(path, as_version=4)
        if [(c.cell_type, c.source) for c in current.cells] == [
            (c.cell_type, c.source) for c in nb.cells
        ]:
            return
    nbformat.write(nb, path)


def _notebook(cells) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3",
        "language": "python",
        "name": "python3",
    }
    nb.cells = cells
    return nb


def write_course_map(folder: Path) -> None:
    rows = ["| lesson | time | curriculum links |", "|---|---|---|"]
    for spec in registry():
        rows.append(
            f"| {_lesson_link(spec.number)} | {spec.minutes} min |"
            f" {'; '.join(spec.curriculum)} |"
        )
    total = sum(spec.minutes for spec in registry())
    intro = (
        "# Course map: why muscles twitch\n\n> **Teaching model, not medical advice.**\n\n"
        "The lessons in order. Each builds on the one before; start with 00. Each ends"
        " with an exit ticket for your teacher, and `tl.progress()` shows how far you"
        f" have come. New words are in the [glossary]({GLOSSARY}).\n\n"
        "**Level:** upper secondary biology (ages 15-18) and first-year university"
        " physiology."
    )
    path_text = (
        "## The path\n"
        + " → ".join(f"{spec.number:02d}" for spec in registry())
        + f"\n\nAbout {total} minutes in all."
    )
    nb = _notebook(
        [
            new_markdown_cell(intro),
            new_markdown_cell("\n".join(rows)),
            new_markdown_cell(path_text),
            new_code_cell("import twitchlib as tl\n\ntl.progress()"),
        ]
    )
    _write_if_changed(nb, folder / "course_map.ipynb")


def glossary_markdown() -> str:
    """The glossary as one markdown page: a heading per term (the anchor the lessons
    link to), its definition, the lesson that first uses it and its source. A
    markdown page, not a notebook: opening it starts no kernel."""
    glossary = tl.load_table("glossary").sort_values(
        "term", key=lambda s: s.str.lower()
    )
    sources = tl.load_table("sources").set_index("key")
    parts = [
        "# Glossary\n\nThe new words of the course, in plain language, with the lesson"
        " where each is first used. Back to the [course map](course_map.ipynb)."
    ]
    for row in glossary.itertuples():
        cited = "; ".join(sources.loc[key, "citation"] for key in row.source)
        parts.append(
            f"### {row.term}\n\n{row.definition}\n\n*First used in"
            f" {_lesson_link(row.first_lesson)}. Source: {cited}*"
        )
    return "\n\n".join(parts) + "\n"


def write_glossary(folder: Path) -> None:
    path = folder / GLOSSARY
    text = glossary_markdown()
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def _update_first_lessons(first_use: dict[str, int]) -> None:
    import csv

    path = ROOT / "data" / "glossary.csv"
    with path.open(encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        fields, rows = reader.fieldnames, list(reader)
    for row in rows:
        if row["term"] in first_use:
            row["first_lesson"] = str(first_use[row["term"]])
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print("data/glossary.csv: first_lesson set from the lessons")

    tl.clear_data_cache()  # the glossary notebook is written from the new file


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--dir",
        type=Path,
        default=ROOT / "notebooks",
        help="folder of lesson notebooks (default: notebooks/)",
    )
    parser.add_argument(
        "--update-glossary",
        action="store_true",
        help="set first_lesson in data/glossary.csv to where each term is"
        " first used and linked",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="change nothing; list the cells whose tags and wording disagree",
    )
    args = parser.parse_args(argv)
    if args.check:
        lessons = sorted(args.dir.glob("[0-9][0-9]_*.ipynb"))
        found = [problem for path in lessons for problem in problems(path)]
        glossary = tl.load_table("glossary").set_index("term")
        found += [
            f"{path.name}: way-finding or glossary links are stale; run"
            " tools/tag_notebooks.py"
            for path in lessons
            if tag_lesson(
                path, dict(glossary["definition"]), _variants(glossary), write=False
            )
        ]
        print("\n".join(found) or "every lesson's tags agree with its wording")
        return 1 if found else 0
    glossary = tl.load_table("glossary").set_index("term")
    unlinked = list(glossary.index)
    variants = _variants(glossary)
    first_use: dict[str, int] = {}  # where a term is first linked, in prose
    first_printed: dict[str, int] = {}  # where it is first printed, for the rest
    for path in sorted(args.dir.glob("[0-9][0-9]_*.ipynb")):
        number = int(path.name[:2])
        linked = tag_lesson(path, dict(glossary["definition"]), variants)
        printed = printed_terms(path, glossary.index, variants)
        new = [t for t in linked if t not in first_use]
        unlinked = [t for t in unlinked if t not in linked and t not in printed]
        first_use.update({t: number for t in new})
        first_printed.update({t: number for t in printed if t not in first_printed})
        moved = [
            f"{t} (glossary.csv says {glossary.loc[t, 'first_lesson']:02d})"
            for t in new
            if glossary.loc[t, "first_lesson"] != number
        ]
        print(
            f"{path.name}: tagged; glossary links: {len(linked)}"
            + (f"; first used here, not as listed: {', '.join(moved)}" if moved else "")
        )
    # A term only ever printed (a notice's word) is first used where it is printed.
    first_use |= {t: n for t, n in first_printed.items() if t not in first_use}
    if unlinked:
        print(f"glossary terms used in no lesson text or output: {', '.join(unlinked)}")
    if args.update_glossary:
        _update_first_lessons(first_use)
    write_course_map(args.dir)
    write_glossary(args.dir)
    print(f"course_map.ipynb, {GLOSSARY}: written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
