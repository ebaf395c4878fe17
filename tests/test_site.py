"""The course website: built from the lessons, opened in chromium offline, from file:// and http://.

Every page is opened with every request outside the site's folder blocked: no
request may be blocked or fail, no console error may appear, every chart of a
lesson must be drawn, and axe-core (npm, installed by ``make npm``) must find no
serious or critical accessibility violation.
"""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest
from browser import ROOT, chromium_context, screenshot, unavailable

from twitchlib.delivery import site as site_module
from twitchlib.lessons import read_notebook
from twitchlib.lessons.notebook import plain

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("site") / "course"
    report = site_module.build_site(out, execute=True, log=lambda *a: None)
    print(f"site built in {report.seconds:.1f} s")
    return report


@pytest.fixture(scope="module")
def instructor_built(tmp_path_factory):
    out = tmp_path_factory.mktemp("site") / "teacher"
    return site_module.build_site(
        out, execute=True, instructor=True, log=lambda *a: None
    )


def _committed_widgets(name: str) -> int:
    nb = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))
    return sum(
        site_module.WIDGET_MIME in o.get("data", {})
        for c in nb["cells"]
        for o in c.get("outputs", [])
    )


def test_every_lesson_and_document_has_its_page(built):
    lessons = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    docs = sorted(p.stem for p in (ROOT / "docs").glob("*.md"))
    # The student site (the default) leaves the teacher's documents out.
    assert not built.instructor
    for name in lessons + docs + ["index", "glossary", "downloads"]:
        assert (f"{name}.html" in built.pages) is (name not in site_module.TEACHER_DOCS)
    for name in lessons:
        page = (built.out_dir / f"{name}.html").read_text(encoding="utf-8")
        assert "An interactive demo is here" not in page, (
            f"{name}: a widget was not pictured"
        )
        # A chart pictured from a widget carries its numbers, not a reference to a buffer.
        assert not re.search(r'"dtype":\s*"\w+",\s*"shape"', page), (
            f"{name}: chart lost its data"
        )
        assert built.stills[f"{name}.html"] == _committed_widgets(f"{name}.ipynb")
    assert (built.out_dir / "_static" / "plotly.min.js").stat().st_size > 1_000_000


@pytest.mark.parametrize("build", ["built", "instructor_built"])
def test_downloads_offer_what_this_copy_can_build(request, build):
    report = request.getfixturevalue(build)
    page = (report.out_dir / "downloads.html").read_text(encoding="utf-8")
    for path in (ROOT / "notebooks").glob("*.ipynb"):
        assert f"downloads/notebooks/{path.name}" in page
    # The instructor editions are the teacher's: only the instructor site offers them.
    offered = ("editions", "worksheets") if report.instructor else ("worksheets",)
    assert report.instructor or "downloads/editions/" not in page
    for module in offered:
        try:
            __import__(f"twitchlib.delivery.{module}")
            assert f"downloads/{module}/" in page
        except ImportError:
            assert any(module in m for m in report.missing)
            assert "Not part of this build" in page
    for relative in report.downloads:
        assert (report.out_dir / relative).is_file()
    keys = [d for d in report.downloads if "answer-key" in d or "instructor" in d]
    assert bool(keys) is report.instructor, keys


def _words(html_text):
    text = re.sub(r"<[^>]+>", " ", unescape(html_text))
    text = re.sub(r"(^|\s)\d+\.\s", " ", plain(text))  # an HTML list drops "1."
    text = re.sub(r"\s+([.,;:!?)])", r"\1", text)  # "↑</em>." reads "↑."
    return " ".join(text.split()).lower()


def test_every_answer_sits_under_its_own_prompt_on_the_lesson_pages(instructor_built):
    built = instructor_built  # the student site has no answers to place
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        lesson = read_notebook(path)
        page = (built.out_dir / f"{path.stem}.html").read_text(encoding="utf-8")
        marks = list(re.finditer(r'data-(prompt|answer)="([^"]+)"', page))
        expected = [
            (role, prompt.id)
            for prompt, _ in lesson.pairs()
            for role in ("prompt", "answer")
        ]
        assert [m.groups() for m in marks] == expected, path.name
        for n, (prompt, answer) in enumerate(lesson.pairs()):
            mark = marks[2 * n + 1]
            end = marks[2 * n + 2].start() if 2 * n + 2 < len(marks) else len(page)
            said = _words(page[mark.end() : end])
            assert _words(answer.text)[:80] in said, f"{path.name}: {prompt.id}"


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with chromium_context(tmp_path_factory.mktemp("profile"), 1280, 900) as context:
        yield context


@pytest.mark.browser
@pytest.mark.parametrize(
    "opened", ["from a folder (file://)", "from a web server (http://)"]
)
def test_every_page_works_offline_and_passes_axe(built, browser, opened):
    """Opened as a USB stick or a shared folder opens it, and as a static host serves it."""
    if not AXE.is_file():
        unavailable(f"AXE-CORE NOT INSTALLED at {AXE}: run `make npm` (npm ci)")
    if opened.startswith("from a folder"):
        problems = _audit_pages(browser, built, built.out_dir.as_uri() + "/")
    else:
        import functools
        import http.server
        import threading

        handler = functools.partial(
            http.server.SimpleHTTPRequestHandler, directory=str(built.out_dir)
        )
        handler.log_message = lambda *args: None
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            problems = _audit_pages(
                browser, built, f"http://127.0.0.1:{server.server_address[1]}/"
            )
        finally:
            server.shutdown()
    assert problems == []


def _audit_pages(browser, built, inside: str) -> list[str]:
    """Open every page under ``inside`` with every other request refused; what went wrong."""
    problems = []
    for name in built.pages:
        page = browser.new_page()
        blocked, failed, errors = [], [], []

        def block(r, blocked=blocked):
            blocked.append(r.request.url)
            r.abort()

        # Every request outside the site is refused and recorded.
        page.route(
            lambda url, inside=inside: not url.startswith((inside, "data:")), block
        )
        page.on(
            "requestfailed",
            lambda r, failed=failed: failed.append(f"{r.url} {r.failure}"),
        )
        page.on(
            "console",
            lambda m, errors=errors: m.type == "error" and errors.append(m.text),
        )
        page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        page.goto(inside + name)
        page.wait_for_load_state("load")
        expected = built.charts.get(name, 0)
        if expected:
            page.wait_for_function(
                "n => document.querySelectorAll('.chart .main-svg').length >= n"
                " && [...document.querySelectorAll('.chart')].every(c => c._fullData)",
                arg=expected,
                timeout=60_000,
            )
        drawn = page.locator(".chart .js-plotly-plot, .chart.js-plotly-plot").count()
        if drawn != expected:
            problems.append(f"{name}: {drawn} of {expected} charts drawn")
        # What the page itself asked for and printed, before axe-core is added: axe
        # reads the style sheets again with XMLHttpRequest, which chromium refuses for
        # file:// pages (a CORS error of axe's, not of the site).
        own = {
            "blocked": list(blocked),
            "failed": list(failed),
            "console": list(errors),
        }
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("""async () => (await axe.run(document,
            {resultTypes: ['violations']})).violations.map(v => ({
              id: v.id, impact: v.impact, nodes: v.nodes.length,
              first: v.nodes[0].target.join(' ')}))""")
        serious = [v for v in violations if v["impact"] in ("serious", "critical")]
        screenshot(page, f"site-{Path(name).stem}-{inside.split(':')[0]}")
        page.close()
        for what, found in (*own.items(), ("axe", serious)):
            if found:
                problems.append(f"{name}: {what}: {found[:5]}")
    return problems


def test_lesson_pages_have_their_charts(built):
    total = 0
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        name, count = f"{path.stem}.html", built.charts.get(f"{path.stem}.html", 0)
        committed = json.loads(path.read_text(encoding="utf-8"))
        stored = sum(
            site_module.PLOTLY_MIME in o.get("data", {})
            for c in committed["cells"]
            for o in c.get("outputs", [])
        )
        # Lesson charts are chart widgets: the committed notebook keeps no widget state,
        # so count the cells that show one.
        shown = sum(
            "tl.ui.chart(" in "".join(c["source"])
            for c in committed["cells"]
            if c["cell_type"] == "code"
        )
        assert count >= stored + shown, (
            f"{name}: {count} charts for {stored + shown} shown"
        )
        total += shown
    assert total > 0, "no lesson shows a chart: the check above proves nothing"


def test_a_folder_with_other_files_is_never_replaced(tmp_path):
    (tmp_path / "index.html").write_text("my own web page")
    with pytest.raises(ValueError, match="--out"):
        site_module.build_site(tmp_path, execute=False, log=lambda *a: None)
    assert (tmp_path / "index.html").read_text() == "my own web page"
    fresh = tmp_path / "course"
    site_module.build_site(fresh, execute=False, log=lambda *a: None)
    site_module.build_site(
        fresh, execute=False, log=lambda *a: None
    )  # its own: replaced
    assert (fresh / "index.html").is_file()


def test_glossary_links_land_on_the_word_on_the_site_page(tmp_path):
    """Every lesson page's glossary link targets glossary.html (no notebook to run)
    at an id that exists there."""
    report = site_module.build_site(tmp_path / "s", execute=False, log=lambda *a: None)
    page = (report.out_dir / "glossary.html").read_text(encoding="utf-8")
    ids = {unescape(i) for i in re.findall(r' id="([^"]+)"', page)}
    linked = 0
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        lesson_page = (report.out_dir / f"{path.stem}.html").read_text(encoding="utf-8")
        assert "glossary.ipynb" not in lesson_page, path.stem
        assert "glossary.md" not in lesson_page, path.stem
        for anchor, _title in re.findall(
            r'href="glossary\.html#([^"]+)" title="([^"]+)"', lesson_page
        ):
            assert unescape(anchor) in ids, (path.stem, anchor)
            linked += 1
        # The words are defined in place too, in a fold a tap or Enter opens.
        assert '<details class="twitchlib-words">' in lesson_page, path.stem
    assert linked > 50, "the lessons link their glossary words, defined on hover"
    # The sources are named as the reader reads them, not by their keys.
    assert "statpearls_mg" not in page and "StatPearls" in page
