"""The course website's pages other than the lessons: home, glossary, downloads.

:mod:`twitchlib.delivery.site` builds the lesson pages and calls these for the rest.
A student build (the default) offers the student editions of the notebooks and the
worksheets without their answer keys; an instructor build (``--instructor``) offers
the lessons as they are, both editions, and the worksheets with their answer keys.
"""

from __future__ import annotations

import csv
import html
import json
import shutil
from pathlib import Path

from ..safety import NOTICE
from ._paths import course_pages, data_dir, lesson_notebooks, lessons_dir
from .builds import student_edition

# Documents for those who teach (how to run the class, the hub, the answers): only in
# an instructor build. The others (the model, how twitchlib is built) are in both.
TEACHER_DOCS = ("teacher-guide", "class-delivery", "hub")


def glossary_body(missing: list[str]) -> str:
    """The glossary page from ``data/glossary.csv``; a missing file is noted in ``missing``."""
    path = data_dir() / "glossary.csv"
    if not path.is_file():
        missing.append("glossary (data/glossary.csv is not in this copy of twitchlib)")
        return (
            "<h1>Glossary</h1><p>The glossary is not part of this build: this copy of"
            " twitchlib has no <code>data/glossary.csv</code> yet.</p>"
        )
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    citations = _citations()
    # Other word forms only steer the lessons' linking; they are no reading matter.
    columns = {
        "term": "word",
        "definition": "meaning",
        "first_lesson": "first used in lesson",
        "source": "source",
    }
    head = "".join(f'<th scope="col">{label}</th>' for label in columns.values())

    def cell(row: dict, column: str) -> str:
        value = row.get(column) or ""
        if column == "source":  # keys such as statpearls_mg, as the reader reads them
            value = "; ".join(citations.get(k, k) for k in value.split(";") if k)
        return f"<td>{html.escape(value)}</td>"

    body = "".join(
        # The id is the anchor the lessons link to (tools/tag_notebooks.py
        # glossary_anchor: the term, spaces as hyphens).
        f'<tr id="{html.escape((r.get("term") or "").replace(" ", "-"))}">'
        + "".join(cell(r, c) for c in columns)
        + "</tr>"
        for r in rows
    )
    return (
        f"<h1>Glossary</h1><p>{len(rows)} words used in the lessons.</p>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def _citations() -> dict[str, str]:
    """Each source key of ``data/sources.csv`` with its citation (none if missing)."""
    path = data_dir() / "sources.csv"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {r["key"]: r["citation"] for r in csv.DictReader(handle)}


def _copy_notebooks(target: Path, instructor: bool) -> list[Path]:
    target.mkdir(parents=True)
    written = []
    for path in lesson_notebooks() + course_pages():
        if instructor or not path.name[:2].isdigit():
            shutil.copyfile(path, target / path.name)
        else:
            content = student_edition(
                json.loads(path.read_text(encoding="utf-8")), path.name
            )
            (target / path.name).write_text(
                json.dumps(content, indent=1, ensure_ascii=False) + "\n",
                encoding="utf-8",
            )
        written.append(target / path.name)
    return written


def build_downloads(
    out: Path, downloads: list[str], missing: list[str], instructor: bool
) -> str:
    """Write ``out/downloads/`` and return the downloads page's HTML.

    The paths written (relative to ``out``) are added to ``downloads``; what this copy
    of twitchlib cannot build is named in ``missing``.
    """
    folder = out / "downloads"
    items = [
        p.relative_to(out).as_posix()
        for p in _copy_notebooks(folder / "notebooks", instructor)
    ]
    edition = "instructor" if instructor else "student"
    sections = [
        "<h1>Downloads</h1>",
        f"<h2>The lesson notebooks ({edition} edition)</h2><p>Open them in"
        " JupyterLab (<code>twitchlib lab</code> copies them for you).</p>",
        file_list(items),
    ]
    downloads += items
    builders = [("Worksheets", "worksheets", "build_worksheets")]
    if instructor:
        builders.insert(
            0, ("Student and instructor editions", "editions", "build_editions")
        )
    for what, module, function in builders:
        sections.append(
            f"<h2>{what}</h2>"
            if instructor or module != "worksheets"
            else "<h2>Worksheets</h2><p>To print; their answer keys are in the"
            " instructor build of this site.</p>"
        )
        try:
            builder = getattr(
                __import__(f"{__package__}.{module}", fromlist=[function]), function
            )
        except (ImportError, AttributeError):
            missing.append(
                f"{what.lower()} (twitchlib.delivery.{module} is not in"
                " this copy of twitchlib)"
            )
            sections.append(
                f"<p>Not part of this build: this copy of twitchlib cannot make"
                f" the {what.lower()} yet.</p>"
            )
            continue
        target = folder / module
        target.mkdir()
        # The shipped lessons, wherever this copy is installed (not ./notebooks).
        if module == "worksheets":
            builder(target, source_dir=lessons_dir(), answer_keys=instructor)
        else:
            builder(target, source_dir=lessons_dir())
        files = sorted(
            p.relative_to(out).as_posix() for p in target.rglob("*") if p.is_file()
        )
        downloads += files
        sections.append(file_list(files))
    return "\n".join(sections)


def file_list(files: list[str]) -> str:
    """An HTML list of download links, one per file (paths relative to the site)."""
    return (
        "<ul>"
        + "".join(
            f'<li><a href="{html.escape(f)}" download>'
            f"{html.escape(Path(f).name)}</a></li>"
            for f in files
        )
        + "</ul>"
    )


def binder_sentence(binder: str | None) -> str:
    """A sentence offering the Binder link, or nothing where no repository is set."""
    if not binder:
        return ""
    return (
        f' Or <a href="{html.escape(binder)}">open the course on Binder</a>, in the'
        " browser with nothing to install (a Binder session is temporary: download"
        " your notebooks to keep them)."
    )


def index_body(
    lessons: list[tuple[str, str]],
    docs: list[tuple[str, str]],
    binder: str | None,
    instructor: bool,
) -> str:
    """The home page: the lessons, the documents, and how to run the lessons live."""
    lesson_items = "".join(
        f'<li><a href="{href}">{html.escape(t)}</a></li>' for href, t in lessons
    )
    doc_items = "".join(
        f'<li><a href="{href}">{html.escape(t)}</a></li>' for href, t in docs
    )
    downloads = (
        "notebooks, editions, worksheets and answer keys"
        if instructor
        else "notebooks and worksheets"
    )
    edition = (
        "<p>This is the <strong>instructor build</strong>: the lessons show their"
        " worked solutions and answers.</p>"
        if instructor
        else ""
    )
    return f"""<h1>twitchlib: why muscles twitch</h1>
<p>A course on the calcium–magnesium balance of nerves and muscles and the many causes of
muscle twitching, in lessons with charts and interactive demos.</p>
<p><strong>{NOTICE}</strong></p>
{edition}<h2>The lessons</h2><ol start="0">{lesson_items}</ol>
<h2>For the curious</h2><ul>{doc_items}
<li><a href="glossary.html">Glossary</a></li>
<li><a href="downloads.html">Downloads</a>: {downloads}</li></ul>
<h2>Run the lessons live</h2>
<p>These pages show every lesson with its results; the interactive demos appear as still
pictures. To move the sliders yourself, install Python 3.11 or later, then run
<code>pip install twitchlib</code> and <code>twitchlib lab</code>, which copies the lessons to a
folder of your own and opens them in JupyterLab.{binder_sentence(binder)} A teacher can serve
the classroom dashboard to a whole room with <code>twitchlib class</code>.</p>"""
