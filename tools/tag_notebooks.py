"""Tag the lesson notebooks by rule and add the classroom-kit cells; safe to run again.

Usage: python tools/tag_notebooks.py [--dir notebooks]    then ``make notebooks``

What it does to each ``NN_*.ipynb`` (the tags are described in twitchlib/delivery/tags.py):

1. A Think! (or Ask-yourself) markdown cell holding a ``<details>`` answer is split
   in two: the prompt (tag ``think``) and the answer (tag ``answer``).
2. An ``### Exercise`` heading gets its id (``### Exercise 03.1``, tag ``exercise``).
   Its ``# your code here`` cell becomes the scaffolded stub that ends in
   ``tl.check(...)`` (tag ``stub``), and its ``<details>`` solution becomes a code cell
   (tag ``solution``), both taken from ``EXERCISE_CELLS`` below when the id is known.
3. ``tl.begin_lesson(N)`` is added to the first code cell (progress checklist).
4. "Where this sits" after the title cell and "Next" at the end (tag ``way-finding``),
   from ``data/lessons.csv``; regenerated on every run.
5. A Going-further extension (tag ``going-further``) and an exit ticket (tag
   ``exit-ticket``) before the summary, once.
6. Glossary links: each term of ``data/glossary.csv`` links to ``glossary.ipynb`` at
   its first plain-text mention in the course; terms first used elsewhere than the
   CSV says, or never, are reported.

It also writes ``course_map.ipynb`` and ``glossary.ipynb`` from the data files.
Cells already converted are left alone, so it can be run after every lesson change.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import twitchlib as tl  # noqa: E402
from twitchlib.delivery.tags import tags_of  # noqa: E402

# Scaffolded stubs and worked solutions. A stub defines the same names as its
# solution (tests/test_editions.py checks) so a student fills in the dots.
EXERCISE_CELLS: dict[str, tuple[str, str]] = {
    "00.1": (
        """# Exercise 00.1: replace each ... and run the cell (Shift+Enter).
low = ...     # the likelihood at stress 2, from tl.assess(tl.Scenario(stress=2))
high = ...    # the likelihood at stress 8
answer = ...  # how much it changes
tl.check("00.1", answer)""",
        """low = tl.assess(tl.Scenario(stress=2)).likelihood
high = tl.assess(tl.Scenario(stress=8)).likelihood
answer = high - low
print(f"{low:.0%} -> {high:.0%}")
tl.check("00.1", answer)""",
    ),
    "01.1": (
        """# Exercise 01.1: replace each ... and run the cell.
result = ...  # what tl.propagate says when hydration falls
answer = ...  # the directions of electrolyte balance, neuromuscular fatigue, twitching
tl.check("01.1", answer)""",
        """result = tl.propagate({"hydration": "down"})
answer = (result["electrolyte_balance"], result["muscle_fatigue"], result["twitching"])
print(result.explain())
tl.check("01.1", answer)""",
    ),
    "02.1": (
        """# Exercise 02.1: replace each ... and run the cell.
mask = ...    # True where a cause's typical timing mentions exercise or standing
answer = ...  # those causes, with their name and relief strategy
tl.check("02.1", answer)""",
        """mask = causes.typical_timing.str.contains("exercise|standing")
answer = causes[mask][["name", "relief_strategy"]]
display(answer)
tl.check("02.1", answer)""",
    ),
    "03.1": (
        """# Exercise 03.1: replace each ... and run the cell.
curve = ...   # the likelihood at each stress level 0-10 with 400 mg/day of caffeine
answer = ...  # the smallest stress level at which the likelihood passes 0.30
tl.check("03.1", answer)""",
        """curve = tl.sweep("stress", range(11), base={"caffeine_mg_per_day": 400})
answer = curve[curve.likelihood > 0.30].stress.min()
tl.check("03.1", answer)""",
    ),
    "04.1": (
        """# Exercise 04.1: replace each ... and run the cell.
rich = ...    # the foods with at least 15% of the Daily Value, richest first
answer = ...  # their names, or the table itself
tl.check("04.1", answer)""",
        """rich = foods[foods.percent_dv >= 15].sort_values("mg_per_serving", ascending=False)
answer = rich[["food", "serving", "mg_per_serving"]]
display(answer)
tl.check("04.1", answer)""",
    ),
    "05.1": (
        """# Exercise 05.1: replace the ... and run the cell.
choices = ["Stress and anxiety", "Too much caffeine", "Magnesium deficiency"]
sound = ...   # the choices that tl.widgets.judge_case("Lee's exam week", choice) calls sound
answer = sound
tl.check("05.1", answer)""",
        """choices = ["Stress and anxiety", "Too much caffeine", "Magnesium deficiency"]
sound = []
for choice in choices:
    ok, reasoning = tl.widgets.judge_case("Lee's exam week", choice)
    print(choice, "->", "sound" if ok else "fits less well")
    if ok:
        sound.append(choice)
print(reasoning)
answer = sound
tl.check("05.1", answer)""",
    ),
    "06.1": (
        """# Exercise 06.1: replace each ... and run the cell.
magnesium = ...  # magnesium from 0 to 1.45 mmol/L in steps of 0.05
quiet = ...      # True where the membrane stays quiet at 0.8 mmol/L calcium
answer = ...     # the lowest magnesium that stays quiet, in mmol/L
tl.check("06.1", answer)""",
        """magnesium = np.round(np.arange(0.0, 1.5, 0.05), 2)
quiet = ~nerve.fires_spontaneously(0.8, magnesium)
answer = magnesium[quiet].min()
print(f"{answer} mmol/L")
tl.check("06.1", answer)""",
    ),
    "07.1": (
        """# Exercise 07.1: replace each ... and run the cell.
weak = ...    # the claims whose verdict is contested or not supported
answer = ...  # their ids, or the table itself
tl.check("07.1", answer)""",
        """weak = tl.claims().query("verdict in ['contested', 'not supported']")
for row in weak.itertuples():
    print(f"{row.claim} ({row.verdict}): {row.statement}")
    print(f"    evidence: {row.evidence}")
answer = weak
tl.check("07.1", answer)""",
    ),
}

GOING_FURTHER: dict[int, str] = {
    0: "Change two factors at once with `tl.assess(tl.Scenario(stress=8, caffeine_mg_per_day=400))`."
    " Is the rise the sum of the two rises on their own? Lesson 03 explains why not.",
    1: "Build your own causal chain: pick a cause in `tl.causes()` and run"
    " `tl.propagate({...}).explain()` for the quantities it acts on. Draw the chain on"
    " paper first, then compare it with the model's.",
    2: "Group the causes by how quickly they come and go (`typical_timing`) and chart"
    " the groups. Which causes would a diary of twitches help to tell apart?",
    3: "Use `tl.sweep` on a factor of your choice with two different bases, and explain"
    " the difference between the curves in log-odds.",
    4: "Plan a day of meals for a 15-year-old (your age band) that meets the RDA with"
    " foods you actually eat, using `tl.daily_intake`.",
    5: "Write your own case, with timing, accompanying symptoms and context, for a"
    " classmate to solve. Which feature of the comparison makes it decidable?",
    7: "Pick a claim graded *simplified* and find a second source for it (a textbook or"
    " a review). Does it change the verdict? Write the claim as that source would.",
    6: "With `nerve.sweep`, compare the firing-rate curves at three calcium levels and"
    " find the current at which each starts to fire repetitively.",
}

SUPPORT = (
    "**Stuck?** Run the exercise cell as it is: the check tells you what kind of"
    " answer it expects. Each wrong answer brings a hint; after two hints, ask your"
    " teacher."
)


def _lessons():
    return tl.load_table("lessons").set_index("lesson")


def _set_tags(cell, *tags: str) -> None:
    existing = tags_of(cell)
    cell.metadata["tags"] = existing + [t for t in tags if t not in existing]


def _split_details(nb) -> None:
    """Split Think!/Ask-yourself cells into the prompt and the hidden answer."""
    cells = []
    for cell in nb.cells:
        text = cell.source
        if (
            cell.cell_type == "markdown"
            and "<details>" in text
            and "answer" not in tags_of(cell)
            and "Show a solution" not in text
        ):
            prompt, _, rest = text.partition("<details>")
            if prompt.strip():
                cell.source = prompt.rstrip()
                if "### Think!" in prompt:
                    _set_tags(cell, "think")
                answer = new_markdown_cell("<details>" + rest)
                _set_tags(answer, "answer")
                cells += [cell, answer]
                continue
            _set_tags(cell, "answer")
        cells.append(cell)
    nb.cells = cells


def _exercises(nb, lesson: int) -> None:
    count = 0
    index = 0
    while index < len(nb.cells):
        cell = nb.cells[index]
        if cell.cell_type == "markdown" and cell.source.lstrip().startswith(
            "### Exercise"
        ):
            count += 1
            exercise_id = f"{lesson:02d}.{count}"
            heading, _, rest = cell.source.partition("\n")
            if heading.strip() == "### Exercise":
                cell.source = f"### Exercise {exercise_id}\n{rest}"
            _set_tags(cell, "exercise")
            known = EXERCISE_CELLS.get(exercise_id)
            following = nb.cells[index + 1 : index + 3]
            if (
                known
                and len(following) == 2
                and following[0].cell_type == "code"
                and following[0].source.strip() == "# your code here"
                and "Show a solution" in following[1].source
            ):
                stub = new_code_cell(known[0])
                _set_tags(stub, "stub")
                solution = new_code_cell(known[1])
                _set_tags(solution, "solution")
                replacement = [stub, solution]
                # Prose after the old solution's code (why it is so) stays, for teachers.
                after = following[1].source.rsplit("```", 1)[-1]
                after = after.replace("</details>", "").strip()
                if "```" in following[1].source and after:
                    note = new_markdown_cell(f"**About the solution:** {after}")
                    _set_tags(note, "solution")
                    replacement.append(note)
                nb.cells[index + 1 : index + 3] = replacement
            elif following and following[0].cell_type == "code":
                _set_tags(following[0], "stub")
            if known and not any(SUPPORT in c.source for c in nb.cells):
                nb.cells.insert(index + 1, new_markdown_cell(SUPPORT))
        index += 1


def _begin_lesson(nb, lesson: int) -> None:
    line = f"tl.begin_lesson({lesson})"
    for cell in nb.cells:
        if cell.cell_type == "code":
            if line not in cell.source and "import twitchlib as tl" in cell.source:
                cell.source = cell.source.rstrip() + f"\n\n{line}"
            return


def _lesson_link(number: int) -> str:
    row = _lessons().loc[number]
    return f"[{number:02d} · {row.title}]({row.notebook})"


def _way_finding(nb, lesson: int) -> None:
    old = {c.get("id"): c for c in nb.cells if "way-finding" in tags_of(c)}
    nb.cells = [c for c in nb.cells if "way-finding" not in tags_of(c)]
    order = _lessons().index.tolist()
    position = order.index(lesson)
    before = _lesson_link(order[position - 1]) if position > 0 else None
    after = _lesson_link(order[position + 1]) if position + 1 < len(order) else None
    curriculum = "; ".join(_lessons().loc[lesson].curriculum)
    where = (
        f"**Where this sits:** step {position + 1} of {len(order)} in the course"
        f" ([course map](course_map.ipynb)). "
        + (f"It builds on {before}. " if before else "It is the first lesson. ")
        + (f"Next comes {after}. " if after else "It is the last lesson. ")
        + f"Curriculum links: {curriculum}. New words are explained in the"
        " [glossary](glossary.ipynb)."
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


def _before_summary(nb) -> int:
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and cell.source.startswith("## Summary"):
            return index
    return len(nb.cells)


def _going_further_and_ticket(nb, lesson: int) -> None:
    if lesson in GOING_FURTHER and not any(
        "going-further" in tags_of(c) for c in nb.cells
    ):
        cell = new_markdown_cell(f"### Going further\n{GOING_FURTHER[lesson]}")
        _set_tags(cell, "going-further")
        nb.cells.insert(_before_summary(nb), cell)
    if not any("exit-ticket" in tags_of(c) for c in nb.cells):
        text = new_markdown_cell(
            "## Exit ticket\nBefore you leave: type your name and save your answers to"
            " one file, then hand the file in as your teacher asks. `tl.progress()`"
            " shows what you have done in every lesson."
        )
        code = new_code_cell(f"tl.exit_ticket({lesson})")
        _set_tags(text, "exit-ticket")
        _set_tags(code, "exit-ticket")
        at = _before_summary(nb)
        nb.cells[at:at] = [text, code]


def glossary_anchor(term: str) -> str:
    """The anchor JupyterLab gives the glossary heading of ``term``."""
    return term.replace(" ", "-")


_PROTECTED = re.compile(r"`[^`]*`|\[[^\]]*\]\([^)]*\)|<[^>]+>|\*\*Ask yourself:\*\*")


def _link_first_use(nb, terms: list[str]) -> list[str]:
    """Link each of ``terms`` at its first plain-text mention; returns those linked."""
    linked = []
    for term in sorted(terms, key=len, reverse=True):
        target = f"glossary.ipynb#{glossary_anchor(term)}"
        if any(target in c.source for c in nb.cells):
            linked.append(term)
            continue
        pattern = re.compile(
            rf"(?<![\w/-]){re.escape(term)}s?(?![\w/-])", re.IGNORECASE
        )
        for cell in nb.cells[1:]:
            if cell.cell_type != "markdown" or set(tags_of(cell)) & {
                "answer",
                "way-finding",
            }:
                continue
            lines = cell.source.split("\n")
            for n, line in enumerate(lines):
                if line.startswith(("#", "|", ">")):
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
                        + f"[{match.group(0)}]({target})"
                        + line[match.end() :]
                    )
                    cell.source = "\n".join(lines)
                    linked.append(term)
                    break
            if term in linked:
                break
    return linked


def tag_lesson(path: Path, terms: list[str]) -> list[str]:
    """Apply every rule to one lesson; returns the glossary ``terms`` it linked."""
    nb = nbformat.read(path, as_version=4)
    lesson = int(path.name[:2])
    _split_details(nb)
    _exercises(nb, lesson)
    _begin_lesson(nb, lesson)
    _going_further_and_ticket(nb, lesson)
    _way_finding(nb, lesson)
    linked = _link_first_use(nb, terms)
    nbformat.write(nb, path)
    return linked


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
    for number, row in _lessons().iterrows():
        rows.append(
            f"| {_lesson_link(number)} | {row.minutes} min |"
            f" {'; '.join(row.curriculum)} |"
        )
    total = int(_lessons().minutes.sum())
    intro = (
        "# Course map: why muscles twitch\n\n> **Teaching model, not medical advice.**\n\n"
        "The lessons in order. Each builds on the one before; start with 00. Each ends"
        " with an exit ticket for your teacher, and `tl.progress()` shows how far you"
        " have come. New words are in the [glossary](glossary.ipynb).\n\n"
        "**Level:** upper secondary biology (ages 15-18) and first-year university"
        " physiology."
    )
    path_text = (
        "## The path\n"
        + " → ".join(f"{n:02d}" for n in _lessons().index)
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


def write_glossary(folder: Path) -> None:
    glossary = tl.load_table("glossary").sort_values(
        "term", key=lambda s: s.str.lower()
    )
    sources = tl.load_table("sources").set_index("key")
    cells = [
        new_markdown_cell(
            "# Glossary\n\nThe new words of the course, in plain language, with the lesson"
            " where each is first used. Back to the [course map](course_map.ipynb)."
        )
    ]
    for row in glossary.itertuples():
        cited = "; ".join(sources.loc[key, "citation"] for key in row.source)
        cells.append(
            new_markdown_cell(
                f"### {row.term}\n{row.definition}\n\n*First used in"
                f" {_lesson_link(row.first_lesson)}. Source: {cited}*"
            )
        )
    cells.append(new_markdown_cell("The same, as a table you can sort and filter:"))
    cells.append(
        new_code_cell(
            'import twitchlib as tl\n\ntl.load_table("glossary")'
            '[["term", "definition", "first_lesson"]]'
        )
    )
    _write_if_changed(_notebook(cells), folder / "glossary.ipynb")


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
    from twitchlib import _data

    _data._load.cache_clear()  # the glossary notebook is written from the new file


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
    args = parser.parse_args(argv)
    glossary = tl.load_table("glossary").set_index("term")
    unlinked = list(glossary.index)
    first_use: dict[str, int] = {}
    for path in sorted(args.dir.glob("[0-9][0-9]_*.ipynb")):
        linked = tag_lesson(path, unlinked)
        unlinked = [t for t in unlinked if t not in linked]
        first_use.update({t: int(path.name[:2]) for t in linked})
        moved = [
            f"{t} (glossary.csv says {glossary.loc[t, 'first_lesson']:02d})"
            for t in linked
            if glossary.loc[t, "first_lesson"] != int(path.name[:2])
        ]
        print(
            f"{path.name}: tagged; glossary links: {len(linked)}"
            + (f"; first used here, not as listed: {', '.join(moved)}" if moved else "")
        )
    if unlinked:
        print(f"glossary terms used in no lesson text: {', '.join(unlinked)}")
    if args.update_glossary:
        _update_first_lessons(first_use)
    write_course_map(args.dir)
    write_glossary(args.dir)
    print("course_map.ipynb, glossary.ipynb: written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
