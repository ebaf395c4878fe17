"""``twitchlib site``: the whole course as a static website that needs no install.

Every lesson with its outputs (charts drawn by the plotly.js that plotly's wheel
carries, copied into the site), each widget demo as a still picture of its
controls and charts with a line on how to run it live, the model document and the
other pages of ``docs/``, the glossary, and downloads. The pages ask for nothing
outside their own folder, so the site works from a USB stick (``file://``) or
any static host.

By default the site is the **student build**: each lesson page is made from the
lesson's student edition (:func:`twitchlib.delivery.builds.student_edition`: no
worked solution, no hidden answer), the documents for teachers are left out, and the
downloads are the student editions and the worksheets without answer keys. With
``--instructor`` it is the instructor build: the lessons as they are, the teacher
guide, both editions and the answer keys. Where a repository is configured
(:mod:`twitchlib.delivery.repository`) the pages link to the course on Binder.

Example::

    $ twitchlib site --out course-site      # then open course-site/index.html
    $ twitchlib site --instructor --out teacher-site
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..lessons.notebook import cell_text, read_notebook
from ..safety import NOTICE
from ._paths import SITE_STATIC, docs_dir, lesson_notebooks
from .builds import student_edition
from .repository import RepositoryError, configured_binder_link
from .site_pages import (
    TEACHER_DOCS,
    binder_sentence,
    build_downloads,
    glossary_body,
    index_body,
)

STATIC = SITE_STATIC
PLOTLY_MIME = "application/vnd.plotly.v1+json"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
LIVE_HINT = (
    "This is a still picture of an interactive demo. To move its controls, run"
    " the lesson live: <code>pip install twitchlib</code> then"
    " <code>twitchlib lab</code>."
)
PREDICTION_NOTE = (
    '<p class="live-note">Your answer: in the lesson run live, a box here saves what'
    " you think before you discuss it.</p>"
)
DISCLAIMER = NOTICE  # the one safety notice (twitchlib.safety)
MARKER = ".twitchlib-site"
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def add_arguments(parser) -> None:
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("twitchlib-site"),
        help="folder to write the site into (default: %(default)s);"
        " its previous content is replaced",
    )
    parser.add_argument(
        "--no-execute",
        action="store_true",
        help="use the outputs stored in the lessons instead of running them"
        " (faster; charts and widget demos are then only named, not drawn)",
    )
    parser.add_argument(
        "--instructor",
        action="store_true",
        help="build the instructor site: worked solutions and answers on the lesson"
        " pages, the teacher guide, both editions and the answer keys (default: the"
        " student site, with none of them)",
    )
    parser.add_argument(
        "--repository",
        help="https address of the course's repository on github.com or gitlab.com,"
        " for a Binder link (default: $TWITCHLIB_REPOSITORY, else [tool.twitchlib]"
        " repository in pyproject.toml, else no Binder link)",
    )


@dataclass
class SiteReport:
    """What a build wrote: pages, charts, widget stills, downloads, and what was left out."""

    out_dir: Path
    pages: list[str] = field(default_factory=list)
    charts: dict[str, int] = field(default_factory=dict)
    stills: dict[str, int] = field(default_factory=dict)
    downloads: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    seconds: float = 0.0
    instructor: bool = False


# --------------------------------------------------------------------------- markdown


def _markdown(text: str) -> str:
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    return _relink(markdown2html_mistune(text))


def _relink(page: str) -> str:
    """Links to lessons and documents point at their pages in the site."""
    page = re.sub(
        r'href="(?:\.\./)?(?:notebooks/)?(\d\d_[\w-]+)\.ipynb', r'href="\1.html', page
    )
    page = re.sub(r'href="(?:\.\./)?(?:docs/)?([\w-]+)\.md', r'href="\1.html', page)
    # The site's glossary is a page with an id per word, not a notebook to run.
    page = re.sub(
        r'href="(?:notebooks/)?glossary\.(?:md|ipynb)', 'href="glossary.html', page
    )
    return page


def _title(nb) -> str:
    return read_notebook(nb).title or "Lesson"


# --------------------------------------------------------------------------- charts


class _Charts:
    """Numbers the charts of one page and writes each as a div plus its stored figure."""

    def __init__(self) -> None:
        self.count = 0

    def chart(self, figure: dict) -> str:
        self.count += 1
        ident = f"chart-{self.count}"
        layout = figure.get("layout") or {}
        title = layout.get("title")
        title = title.get("text") if isinstance(title, dict) else title
        label = re.sub(r"<[^>]+>", " ", title or "Chart").strip()
        stored = json.dumps(
            {"data": figure.get("data", []), "layout": layout}, separators=(",", ":")
        ).replace("</", "<\\/")
        return (
            f'<figure aria-label="{html.escape(label)}">'
            f'<div class="chart" id="{ident}"></div>'
            f'<script type="application/json" data-chart="{ident}">{stored}</script>'
            f"</figure>"
        )


# --------------------------------------------------------------------------- widget stills


def _model_ref(value: Any) -> str | None:
    if isinstance(value, str) and value.startswith("IPY_MODEL_"):
        return value[len("IPY_MODEL_") :]
    return None


def _restore_buffers(entry: dict) -> dict:
    """A widget's state with its binary buffers put back, typed arrays as plain lists.

    Executed notebooks store numpy arrays (a chart's x and y) apart from the state, as
    base64 buffers with the path where they belong.
    """
    import base64
    import copy

    import numpy as np

    state = copy.deepcopy(entry.get("state", {}))
    for buffer in entry.get("buffers", []):
        *where, last = buffer["path"]
        target = state
        for key in where:
            target = target[key]
        target[last] = base64.b64decode(buffer["data"])

    def plain(value):
        if isinstance(value, dict):
            if {"dtype", "buffer"} <= set(value) and isinstance(value["buffer"], bytes):
                array = np.frombuffer(value["buffer"], dtype=value["dtype"])
                return array.reshape(value.get("shape") or array.shape).tolist()
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value

    return plain(state)


class _Still:
    """Draws a widget from the state the kernel left: controls as text, charts as charts."""

    def __init__(self, states: dict, charts: _Charts, render_output) -> None:
        self.states = states
        self.charts = charts
        self.render_output = render_output

    def draw(self, model_id: str) -> str:
        entry = self.states.get(model_id)
        if entry is None:
            return ""
        name, state = entry.get("model_name", ""), _restore_buffers(entry)
        if (
            "_widget_data" in state and "_widget_layout" in state
        ):  # a plotly FigureWidget
            return self.charts.chart(
                {"data": state["_widget_data"], "layout": state["_widget_layout"]}
            )
        if "figure" in state and "library" in state:  # a twitchlib chart widget
            summary = html.escape(str(state.get("summary", "")))
            figure = json.loads(state["figure"] or "{}")
            if state.get("template"):  # sent apart from the figure; put back
                figure.setdefault("layout", {})["template"] = json.loads(
                    state["template"]
                )
            return self.charts.chart(figure) + (
                f'<p class="chart-summary">{summary}</p>' if summary else ""
            )
        children = [c for c in (_model_ref(v) for v in state.get("children", [])) if c]
        if children:
            inner = "".join(self.draw(c) for c in children)
            return f'<div class="{"hbox" if name == "HBoxModel" else "vbox"}">{inner}</div>'
        description = html.escape(str(state.get("description", "")))
        if name in ("HTMLModel", "HTMLMathModel"):
            return f"<div>{state.get('value', '')}</div>"
        if name == "LabelModel":
            return f"<p>{html.escape(str(state.get('value', '')))}</p>"
        if name == "OutputModel":
            return "".join(self.render_output(o) for o in state.get("outputs", []))
        if name == "CheckboxModel":
            return (
                f'<p class="control-still">{description}:'
                f" {'yes' if state.get('value') else 'no'}</p>"
            )
        if name == "ButtonModel":
            return f'<p class="control-still">A button: “{description}”</p>'
        if "_options_labels" in state:
            index = state.get("index")
            labels = state["_options_labels"]
            chosen = (
                html.escape(str(labels[index]))
                if isinstance(index, int) and index < len(labels)
                else "not chosen yet"
            )
            return (
                f'<p class="control-still">{description or "Choice"}: {chosen}'
                f" (choices: {html.escape('; '.join(map(str, labels)))})</p>"
            )
        if "value" in state and description:
            value = state["value"]
            if isinstance(value, float):
                value = f"{value:.{int(state.get('decimals', 2))}f}"
            return (
                f'<p class="control-still">{description}: {html.escape(str(value))}</p>'
            )
        return ""


# --------------------------------------------------------------------------- lessons


class _Lesson:
    def __init__(self, nb, states: dict | None, live_hint: str = LIVE_HINT) -> None:
        self.nb = nb
        self.charts = _Charts()
        self.stills = 0
        self.live_hint = live_hint
        self.still = _Still(states or {}, self.charts, self.output) if states else None

    def output(self, out) -> str:
        kind = out.get("output_type")
        if kind == "stream":
            css = "stderr" if out.get("name") == "stderr" else "stream"
            return f'<pre class="{css}">{html.escape(cell_text(out.get("text", "")))}</pre>'
        if kind == "error":
            trace = ANSI.sub("", "\n".join(out.get("traceback", [])))
            return f'<pre class="error">{html.escape(trace)}</pre>'
        data = out.get("data", {})
        if WIDGET_MIME in data:
            model = data[WIDGET_MIME].get("model_id")
            drawn = self.still.draw(model) if self.still else ""
            if drawn:
                self.stills += 1
                return (
                    f'<figure class="widget-still">{drawn}'
                    f"<figcaption>{self.live_hint}</figcaption></figure>"
                )
            return f'<p class="live-note">An interactive demo is here. {self.live_hint}</p>'
        if PLOTLY_MIME in data:
            return self.charts.chart(data[PLOTLY_MIME])
        if "text/html" in data:
            return f'<div class="output">{cell_text(data["text/html"])}</div>'
        if "image/svg+xml" in data:
            return f'<div class="output">{cell_text(data["image/svg+xml"])}</div>'
        if "image/png" in data:
            alt = html.escape(cell_text(data.get("text/plain", "figure")))
            return f'<img src="data:image/png;base64,{cell_text(data["image/png"])}" alt="{alt}">'
        if "text/markdown" in data:
            return _markdown(cell_text(data["text/markdown"]))
        if "text/plain" in data:
            return f'<pre class="stream">{html.escape(cell_text(data["text/plain"]))}</pre>'
        return ""

    def body(self) -> str:
        # A prompt and its answer are marked with their id (data-prompt, data-answer),
        # so the page can be checked to hold every answer under its own prompt.
        read = read_notebook(self.nb)
        marks = {
            p.cell.index: f'data-prompt="{html.escape(p.id)}"' for p in read.prompts
        }
        marks.update(
            {a.cell.index: f'data-answer="{html.escape(a.id)}"' for a in read.answers}
        )
        parts = []
        for index, cell in enumerate(self.nb.cells):
            if cell.cell_type == "markdown" and index in marks:
                parts.append(
                    f'<div class="part" {marks[index]}>{_markdown(cell.source)}</div>'
                )
            elif cell.cell_type == "markdown":
                parts.append(_markdown(cell.source))
            elif "prediction" in cell.metadata.get("tags", []):
                # A student edition's answer box runs only live; its code means nothing here.
                parts.append(PREDICTION_NOTE)
            elif cell.cell_type == "code":
                source = "\n".join(
                    line
                    for line in cell.source.splitlines()
                    if not line.startswith("# NBVAL_")
                )
                if source.strip():
                    parts.append(
                        f'<pre class="code"><code>{html.escape(source)}</code></pre>'
                    )
                parts.extend(self.output(o) for o in cell.get("outputs", []))
        return "\n".join(parts)


def lesson_body(nb, states: dict | None = None) -> str:
    """The HTML of a lesson's page (without the page around it), from an nbformat
    notebook; ``states`` is the widget state its run left, if any."""
    return _Lesson(nb, states).body()


# The student the site's lessons run as: one fixed key, so every quiz shows one fixed,
# shuffled order of options (never the stored one, never the builder's own).
SITE_STUDENT = "the course website"


def _execute(path: Path, workdir: Path):
    """Run a lesson as "restart and run all" does, keeping the widgets' state."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(workdir)}},
    ).execute(
        env=dict(os.environ, TWITCHLIB_STUDENT=SITE_STUDENT, TWITCHLIB_ANSWERS="off")
    )
    return nb


# --------------------------------------------------------------------------- pages


def _page(title: str, body: str, nav: list[tuple[str, str]], charts: bool) -> str:
    links = "".join(
        f'<li><a href="{href}">{html.escape(text)}</a></li>' for href, text in nav
    )
    scripts = (
        (
            '<script src="_static/plotly.min.js"></script>\n'
            '<script src="_static/charts.js"></script>\n'
        )
        if charts
        else ""
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)} · twitchlib</title>
<link rel="stylesheet" href="_static/site.css">
</head>
<body>
<a class="skip" href="#main">Skip to the content</a>
<header><nav aria-label="Course"><ul>{links}</ul></nav></header>
<main id="main">
{body}
</main>
<footer><p>{DISCLAIMER}</p></footer>
{scripts}</body>
</html>
"""


def build_site(
    out_dir: Path | str,
    execute: bool = True,
    log=print,
    instructor: bool = False,
    binder: str | None = None,
) -> SiteReport:
    """Build the course website into ``out_dir`` (replaced) and report what it holds.

    ``execute`` runs every lesson first (about 5-10 s each) so that the widget demos
    can be pictured from their state; without it the stored outputs are used. The
    student build (default) shows each lesson's student edition and leaves out the
    documents for teachers; ``instructor=True`` shows everything. ``binder`` is the
    Binder link to offer (:func:`twitchlib.delivery.repository.binder_link`), if any.

    >>> report = build_site(tempfile.mkdtemp(), execute=False, log=lambda *a: None)
    >>> "index.html" in report.pages and "07_reading_a_health_article.html" in report.pages
    True
    """
    import nbformat

    started = time.perf_counter()
    out = Path(out_dir).resolve()
    if out.exists():
        # Only a folder this command wrote (it leaves a marker) or an empty one is replaced.
        if not out.is_dir() or (not (out / MARKER).is_file() and any(out.iterdir())):
            raise ValueError(
                f"--out {out} already holds other files; name an empty or new"
                " folder, or a site built before"
            )
        shutil.rmtree(out)
    (out / "_static").mkdir(parents=True)
    (out / MARKER).write_text(
        "Built by `twitchlib site`; rebuilding replaces this folder.\n"
    )
    report = SiteReport(out)
    import plotly

    shutil.copyfile(
        Path(plotly.__file__).parent / "package_data" / "plotly.min.js",
        out / "_static" / "plotly.min.js",
    )
    for name in ("site.css", "charts.js"):
        shutil.copyfile(STATIC / name, out / "_static" / name)

    lessons = [p for p in lesson_notebooks() if p.name[:2].isdigit()]
    docs = [
        p
        for p in sorted(docs_dir().glob("*.md"))
        if instructor or p.stem not in TEACHER_DOCS
    ]
    # Pictures the documents show (e.g. the example class report) travel with them.
    if (docs_dir() / "images").is_dir():
        shutil.copytree(docs_dir() / "images", out / "images")
    notebooks = {}
    with tempfile.TemporaryDirectory() as work:
        for path in lessons:
            if execute:
                log(f"running {path.name}")
                notebooks[path] = _execute(path, Path(work))
            else:
                notebooks[path] = nbformat.read(path, as_version=4)
    lesson_links = [(f"{p.stem}.html", _title(notebooks[p])) for p in lessons]
    doc_links = [(f"{p.stem}.html", _doc_title(p)) for p in docs]
    nav = (
        [("index.html", "Home")]
        + [(h, f"Lesson {int(h[:2])}") for h, _ in lesson_links]
        + [(h, t) for h, t in doc_links]
        + [("glossary.html", "Glossary"), ("downloads.html", "Downloads")]
    )

    def write(name: str, title: str, body: str, charts: bool = False) -> None:
        if not instructor:  # a link to a page this build leaves out: its words only
            body = _unlinked(body, TEACHER_DOCS)
        (out / name).write_text(_page(title, body, nav, charts), encoding="utf-8")
        report.pages.append(name)

    live_hint = LIVE_HINT + binder_sentence(binder)
    for path in lessons:
        nb = notebooks[path]
        states = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state")
        if not instructor:
            # The kernel ran the whole lesson; the page shows only what a student's
            # copy holds (the widget state is kept apart: the stills are drawn from it).
            nb = nbformat.from_dict(student_edition(nb, path.name))
        lesson = _Lesson(nb, states, live_hint)
        body = lesson.body()
        name = f"{path.stem}.html"
        write(name, _title(nb), body, charts=lesson.charts.count > 0)
        report.charts[name] = lesson.charts.count
        report.stills[name] = lesson.stills
    for path in docs:
        write(
            f"{path.stem}.html",
            _doc_title(path),
            _markdown(path.read_text(encoding="utf-8")),
        )
    write("glossary.html", "Glossary", glossary_body(report.missing))
    write(
        "downloads.html",
        "Downloads",
        build_downloads(out, report.downloads, report.missing, instructor),
    )
    write(
        "index.html",
        "Course",
        index_body(lesson_links, doc_links, binder, instructor),
    )
    report.instructor = instructor
    report.seconds = time.perf_counter() - started
    return report


def _unlinked(page: str, names: tuple[str, ...]) -> str:
    """``page`` with every link to the pages ``names`` (``name.html``) left as text."""
    pages = "|".join(re.escape(n) for n in names)
    return re.sub(
        rf'<a [^>]*href="(?:{pages})\.html[^"]*"[^>]*>(.*?)</a>',
        r"\1",
        page,
        flags=re.S,
    )


def _doc_title(path: Path) -> str:
    match = re.search(r"^#\s+(.+)$", path.read_text(encoding="utf-8"), re.M)
    return match.group(1).strip() if match else path.stem.replace("-", " ").capitalize()


def run(args) -> int:
    try:
        binder = configured_binder_link(args.repository)
        report = build_site(
            args.out,
            execute=not args.no_execute,
            instructor=args.instructor,
            binder=binder,
        )
    except (ValueError, RepositoryError) as error:
        print(f"twitchlib site: {error}", file=sys.stderr)
        return 2
    edition = "instructor" if args.instructor else "student"
    print(
        f"Course website ({edition} build): {report.out_dir / 'index.html'}"
        f" ({len(report.pages)} pages,"
        f" {sum(report.charts.values())} charts, {sum(report.stills.values())} widget"
        f" pictures, {len(report.downloads)} downloads) in {report.seconds:.0f} s"
    )
    for what in report.missing:
        print(f"  not included: {what}")
    print(
        f"  Binder link: {binder}" if binder else "  no Binder link (no repository set)"
    )
    return 0
