"""Browser benchmark (not a test): how fast the explorer answers a key press on screen.

    make bench-browser        (or: python benchmarks/browser.py [--presses 60])

In headless chromium (Debian's, driven by Playwright) it measures:
  - key press on the caffeine slider -> waterfall chart redrawn and painted: the time
    from the slider's keydown to the first animation frame after plotly finished
    drawing, taken inside the page; and the same until every chart of the explorer
    (the waterfall and the caffeine curve) has been painted; p50 and p95 over N
    presses, in JupyterLab (lesson 03) and in Voila (the dashboard);
  - opening the dashboard -> first usable slider: from navigation start until the
    caffeine slider is on screen and the main chart is drawn.
Prints a Markdown table with the machine and the command. Run it alone, under the
shared lock on a shared machine: flock /tmp/twitchlib-heavy.lock make bench-browser
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import record  # noqa: E402  (benchmarks/record.py)
from browser import CHROMIUM_FLAGS, chromium_executable, start_lab, start_voila  # noqa: E402

PROBE = """(charts) => {
    // Stamp each keydown on a slider, and each painted redraw of each visible chart
    // (the first animation frame after plotly finished drawing it), in page time.
    window.__bench = {down: [], drawn: charts.map(() => [])};
    document.addEventListener('keydown', e => {
        if (e.target.matches('input[type=range]')) window.__bench.down.push(performance.now());
    }, true);
    charts.forEach((chart, i) => new MutationObserver(() => requestAnimationFrame(() =>
        window.__bench.drawn[i].push(performance.now())))
        .observe(chart, {attributes: true, attributeFilter: ['data-drawn']}));
}"""


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def press_latencies(page, scope, presses: int) -> tuple[list[float], list[float]]:
    """Milliseconds from keydown to the main chart's painted redraw, and to every chart's.

    The main chart is the first chart in ``scope`` (the waterfall); every visible chart
    of the explorer changes with a caffeine press (the caffeine curve's marker moves).
    """
    visible = scope.locator(".twitchlib-chart").evaluate_all(
        "els => (window.__benchCharts = els.filter(e => e.offsetParent !== null)).length"
    )
    assert visible, "no visible chart"
    page.evaluate(f"() => ({PROBE})(window.__benchCharts)")
    slider = scope.get_by_role("slider", name="Caffeine (mg/day)")
    slider.focus()
    main, every = [], []
    for i in range(presses):
        # 0 -> 500 mg/day and back, so every press changes the value.
        key = "ArrowRight" if (i // 10) % 2 == 0 else "ArrowLeft"
        slider.press(key)
        # The first painted redraw of each chart after this press's keydown.
        first, last = page.wait_for_function(
            """() => {
            const b = window.__bench, down = b.down.at(-1);
            if (down === undefined) return false;
            const after = b.drawn.map(times => times.find(t => t > down));
            return after.some(t => t === undefined) ? false
                : [after[0] - down, Math.max(...after) - down];
        }""",
            timeout=30_000,
        ).json_value()
        main.append(first)
        every.append(last)
        page.wait_for_timeout(50)  # a person's next key press, not a held key
    return main, every


def open_browser(playwright, folder: Path):
    return playwright.chromium.launch_persistent_context(
        str(folder / "profile"),
        executable_path=chromium_executable(),
        headless=True,
        args=CHROMIUM_FLAGS,
        viewport={"width": 1280, "height": 720},
    )


def in_lab(playwright, folder: Path, presses: int) -> tuple[list[float], list[float]]:
    server = start_lab(folder / "lab")
    try:
        context = open_browser(playwright, folder)
        page = context.new_page()
        page.set_default_timeout(120_000)
        name = "03_the_twitch_explorer.ipynb"
        page.goto(server.address(f"/lab/workspaces/bench/tree/{name}?reset"))
        page.wait_for_selector(
            ".jp-Notebook-ExecutionIndicator[data-status='idle']", state="attached"
        )
        # Run only the first code cells, up to and including the explorer.
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        cell = page.locator(".jp-Cell", has=page.locator(".twitch-likelihood")).first
        cell.locator(".twitchlib-chart .main-svg").first.wait_for()
        page.wait_for_timeout(2000)
        samples = press_latencies(page, cell, presses)
        context.close()
        return samples
    finally:
        server.stop()


def in_voila(
    playwright, folder: Path, presses: int
) -> tuple[tuple[list[float], list[float]], float]:
    server = start_voila(folder / "voila")
    try:
        context = open_browser(playwright, folder)
        page = context.new_page()
        page.set_default_timeout(120_000)
        page.goto(server.address("/"))
        page.get_by_role("slider", name="Caffeine (mg/day)").wait_for()
        page.locator(".twitchlib-dashboard .twitchlib-chart .main-svg").first.wait_for()
        ready_ms = page.evaluate("() => performance.now()")
        page.wait_for_timeout(1000)
        samples = press_latencies(page, page.locator(".twitchlib-dashboard"), presses)
        context.close()
        return samples, ready_ms
    finally:
        server.stop()


def machine() -> str:
    cpu = platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"{cpu}, {os.cpu_count()} cores, load average {load:.1f} at start"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--presses", type=int, default=60, help="key presses per front end (>= 50)"
    )
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    started = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    print(f"machine: {machine()}")
    print(f"command: {sys.executable} benchmarks/browser.py --presses {args.presses}")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        folder = Path(tmp)
        lab = in_lab(playwright, folder, args.presses)
        voila, ready_ms = in_voila(playwright, folder, args.presses)
    rows = ["| in the browser | p50 | p95 | n | goal |", "|---|---|---|---|---|"]
    for where, (main, every) in (
        ("JupyterLab, lesson 03", lab),
        ("Voila dashboard", voila),
    ):
        for what, samples in (
            ("key press -> waterfall painted", main),
            ("key press -> every chart painted", every),
        ):
            p95 = percentile(samples, 95)
            rows.append(
                f"| {where}: {what} | {statistics.median(samples):.0f} ms | {p95:.0f} ms"
                f" | {len(samples)} | p95 <= 100 ms: {'met' if p95 <= 100 else 'MISSED'} |"
            )
    rows.append(
        f"| Voila dashboard: open -> first usable slider and chart | {ready_ms / 1000:.1f} s"
        " | | 1 | - |"
    )
    print()
    print("\n".join(rows))
    record.write_section(
        "browser", "In the browser (make bench-browser)", rows, started=started
    )


if __name__ == "__main__":
    main()
