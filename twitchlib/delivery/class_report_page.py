"""The class report as one HTML page, styled like the course site, with its chart.

:meth:`twitchlib.delivery.class_report.ClassReport.write` writes the CSV tables and
the markdown; this module writes the page beside them.
"""

from __future__ import annotations

import html
from pathlib import Path

from ._paths import SITE_STATIC


def write_report_page(report, out: Path) -> Path:
    """Write ``out/class-report.html`` (and plotly.min.js beside it) for ``report``,
    a :class:`~twitchlib.delivery.class_report.ClassReport`; returns the page's path.

    The site's style sheet is written into the page, so the report is one file a
    teacher can keep or mail; the chart is drawn only when there are tickets.
    Example: ``write_report_page(class_report(folder), Path("build"))``.
    """
    # plotly.min.js is written beside the page from plotly's own package: no CDN.
    from plotly.offline import get_plotlyjs

    (out / "plotly.min.js").write_text(get_plotlyjs(), encoding="utf-8")
    style = (SITE_STATIC / "site.css").read_text(encoding="utf-8")
    page = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>Class report</title><style>{style}</style></head><body><main>",
        "<h1>Class report</h1>",
        f"<p>{html.escape(report.summary())}</p>",
    ]
    if len(report.results):
        chart = report.figure().to_html(full_html=False, include_plotlyjs="directory")
        page.append(
            "<div role='img' aria-label='Bar chart of the share of students right"
            " first time per question, beside the share right at the last try;"
            f" the same numbers are in the table below'>{chart}</div>"
        )
    for heading, table in report.tables():
        page += [f"<h2>{html.escape(heading)}</h2>", table.to_html(index=False)]
    page.append("</main></body></html>")
    path = out / "class-report.html"
    path.write_text("\n".join(page), encoding="utf-8")
    return path
