"""Regenerate the example class report in docs/teacher-guide.md and its chart image.

Usage: python tools/class_report_example.py [--no-image]

Makes a folder of lesson 05 exit tickets with tools/sample_class.py (twelve imaginary
students), builds the class report from it, writes its tables between the markers
``<!-- class-report-example:start -->`` and ``<!-- class-report-example:end -->`` of
the teacher guide, and (unless ``--no-image``) a picture of its chart,
docs/images/class-report-example.png, taken with the system's chromium under
Playwright. Nothing in the example is typed by hand.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from sample_class import make_class  # noqa: E402

from twitchlib.delivery.class_report import class_report  # noqa: E402
from twitchlib.delivery.report_words import markdown_table  # noqa: E402

GUIDE = ROOT / "docs" / "teacher-guide.md"
IMAGE = ROOT / "docs" / "images" / "class-report-example.png"
START = "<!-- class-report-example:start -->"
END = "<!-- class-report-example:end -->"


# A long table (the reasons: one row per student and case) is cut to its first rows,
# so the guide shows its shape without a page of rows.
MAX_ROWS = 10


def example_markdown(report) -> str:
    """The report's summary and tables, headings one level down to sit in the guide."""
    parts = [report.summary()]
    for heading, table in report.tables():
        text = markdown_table(
            table.head(MAX_ROWS) if len(table) > 2 * MAX_ROWS else table
        )
        if len(table) > 2 * MAX_ROWS:
            text += f"\n\n(the first {MAX_ROWS} of {len(table)} rows)"
        parts += ["", f"#### {heading}", "", text]
    return "\n".join(parts)


def replace_between_markers(text: str, block: str) -> str:
    if START not in text or END not in text:
        raise SystemExit(f"{GUIDE.name} needs the markers {START} and {END}")
    head, rest = text.split(START, 1)
    _old, tail = rest.split(END, 1)
    return f"{head}{START}\n\n{block}\n\n{END}{tail}"


def take_picture(report, out: Path) -> None:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    page_file = report.write(out)
    with sync_playwright() as play:
        browser = play.chromium.launch(executable_path=chromium)
        page = browser.new_page(viewport={"width": 1000, "height": 800})
        page.goto(page_file.as_uri())
        chart = page.locator(".plotly-graph-div").first
        chart.wait_for(timeout=60_000)
        chart.screenshot(path=str(IMAGE))
        browser.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-image", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "tickets"
        make_class(folder, lesson=5, students=12)
        report = class_report(folder)
        GUIDE.write_text(
            replace_between_markers(
                GUIDE.read_text(encoding="utf-8"), example_markdown(report)
            ),
            encoding="utf-8",
        )
        if not args.no_image:
            take_picture(report, Path(scratch) / "report")
    print(f"wrote the example in {GUIDE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
