"""Load test of a live round (`make bench-class`): 30 students answer one question.

The teacher page (:mod:`twitchlib.delivery.teacher`) runs on 127.0.0.1 against a
class store in a temporary folder, as ``twitchlib class`` runs it. Then:

1. each student is a process of its own, as each student's kernel is, that joins the
   class and answers the open round at a random moment within ``--window`` seconds
   (every answer one committed transaction of the store, as the room panel sends it);
2. with ``--browser``, chromium (Debian's) shows the teacher page at 1280x720 and
   notes when its count changes: the *count lag* of an answer is the moment the page
   first shows it minus its commit (both on this computer's clock); then it presses
   Reveal and times *reveal to paint*, from the click to the first animation frame
   after the chart of the room's answers is drawn. Without ``--browser`` the count is
   read from the page's own ``/api/state`` as often as the page polls (0.5 s).

Reports answers stored out of those sent (none may be lost), the time until all were
in, count lag p50/p95 and reveal to paint, and writes them to docs/benchmarks.md.

    python benchmarks/live_round.py --students 30 --window 10 --browser
"""

from __future__ import annotations

import argparse
import datetime
import json
import multiprocessing
import random
import socket
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import record  # noqa: E402  (benchmarks/record.py)

from twitchlib.delivery import teacher  # noqa: E402
from twitchlib.lessons import room_bank  # noqa: E402
from twitchlib.store import STORE_FILE, ClassStore, new_student_key  # noqa: E402

QUESTION = "claim:C08"
TOKEN = "bench-teacher-token"
GOALS = {"count_p95_s": 1.0, "reveal_paint_s": 1.0, "all_in_s": 10.0}


def _student(path: str, round_id: int, delay: float, options, ready, go, out) -> None:
    """One student's kernel: join, wait for the round, answer; report the commit."""
    store = ClassStore(path)
    key = new_student_key()
    store.join(key, "bench")
    ready.put(1)
    go.wait()
    time.sleep(delay)
    answer = random.choice(options)
    store.submit(round_id, key, answer)
    out.put(time.time())


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _state(base: str) -> dict:
    request = urllib.request.Request(base + "/api/state")
    request.add_header("X-Teacher-Token", TOKEN)
    with urllib.request.urlopen(request, timeout=10) as reply:
        return json.loads(reply.read())


class TeacherBrowser:
    """The teacher page in chromium at 1280x720: it notes when its count changes
    (wall-clock time, as the students' commits are) and times reveal to paint."""

    def __init__(self, base: str):
        from browser import CHROMIUM_FLAGS, chromium_executable
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(
            executable_path=chromium_executable(), headless=True, args=CHROMIUM_FLAGS
        )
        self.page = self._browser.new_page(viewport={"width": 1280, "height": 720})
        self.page.goto(f"{base}/?token={TOKEN}")
        self.page.wait_for_function(
            "() => /answered/.test(document.getElementById('count').textContent)"
        )
        self.page.evaluate(
            """() => {
                window.__counts = [];
                const count = document.getElementById('count');
                new MutationObserver(() => {
                    const n = parseInt(count.textContent, 10);
                    if (!Number.isNaN(n)) window.__counts.push([Date.now() / 1000, n]);
                }).observe(count, {childList: true, characterData: true, subtree: true});
            }"""
        )

    def count_times(self) -> list[tuple[float, int]]:
        return [tuple(x) for x in self.page.evaluate("() => window.__counts")]

    def reveal_to_paint(self) -> float:
        return float(
            self.page.evaluate(
                """() => new Promise((done) => {
                    const box = document.getElementById('chart-box');
                    const start = performance.now();
                    const seen = new MutationObserver(() => {
                        if (!box.hidden && document.querySelector('#chart rect')) {
                            seen.disconnect();
                            requestAnimationFrame(
                                () => done((performance.now() - start) / 1000));
                        }
                    });
                    seen.observe(document.body,
                        {subtree: true, childList: true, attributes: true});
                    document.getElementById('reveal').click();
                })"""
            )
        )

    def close(self) -> None:
        self._browser.close()
        self._playwright.stop()


def _lags(shown: list[tuple[float, int]], committed: list[float]) -> list[float]:
    """For the k-th answer committed, how long until a count of k or more showed."""
    lags = []
    for k, commit in enumerate(sorted(committed), start=1):
        first = next((t for t, n in shown if n >= k), None)
        if first is not None:
            lags.append(max(0.0, first - commit))
    return lags


def run(students: int, window: float, browser: bool) -> dict:
    """One round with ``students`` answering within ``window`` seconds."""
    folder = Path(tempfile.mkdtemp(prefix="twitchlib-live-"))
    store = ClassStore(folder / STORE_FILE)
    q = room_bank.question(QUESTION)
    page = teacher.TeacherPage(store, TOKEN)
    port = _free_port()
    server = teacher.start(page, "127.0.0.1", port)
    base = f"http://127.0.0.1:{port}"
    round_id = store.open_round(q.id, q.lesson, q.options)
    seen: list[tuple[float, int]] = []
    stop = threading.Event()

    def poll() -> None:
        # Without a browser: the teacher page's own API, asked as often as it polls.
        while not stop.is_set():
            seen.append((time.time(), _state(base)["answered"]))
            time.sleep(0.5)

    poller = threading.Thread(target=poll, daemon=True)
    context = multiprocessing.get_context("spawn")
    out, ready, go = context.Queue(), context.Queue(), context.Event()
    workers = [
        context.Process(
            target=_student,
            args=(
                str(folder / STORE_FILE),
                round_id,
                random.uniform(0, window),
                q.options,
                ready,
                go,
                out,
            ),
        )
        for _ in range(students)
    ]
    for w in workers:
        w.start()
    for _ in range(students):  # every kernel started and joined: the round begins
        ready.get(timeout=300)
    shown_page = TeacherBrowser(base) if browser else None
    if shown_page is None:
        poller.start()
    started = time.time()
    go.set()
    committed = []
    for _ in range(students):
        try:
            committed.append(out.get(timeout=window + 60))
        except Exception:
            break
    for w in workers:
        w.join(timeout=30)
    time.sleep(1.5)  # the page's last look
    stop.set()
    if shown_page is None:
        poller.join()
    else:
        seen = shown_page.count_times()
    lags = _lags(seen, committed)
    stored = store.round_summary(round_id).answered
    result = {
        "students": students,
        "window_s": window,
        "sent": len(committed),
        "stored": stored,
        "lost": students - stored,
        "all_in_s": (committed[-1] - started) if committed else None,
        "count_p50_s": statistics.median(lags) if lags else None,
        "count_p95_s": (
            statistics.quantiles(lags, n=20)[-1] if len(lags) >= 2 else None
        ),
        "count_measured_on": "the page in chromium" if browser else "the page's API",
        "reveal_paint_s": shown_page.reveal_to_paint() if shown_page else None,
    }
    if shown_page is not None:
        shown_page.close()
    server.shutdown()
    server.server_close()
    return result


def report(r: dict) -> str:
    def s(value):
        return "not measured" if value is None else f"{value:.2f} s"

    lines = [
        f"students {r['students']}, each answering at a random moment within"
        f" {r['window_s']:g} s",
        f"answers stored: {r['stored']} of {r['students']} sent (lost: {r['lost']})",
        f"all answers in after: {s(r['all_in_s'])} from the round's start"
        f" (goal ≤ {GOALS['all_in_s']:g} s)",
        f"count on the teacher page after each answer ({r['count_measured_on']}):"
        f" p50 {s(r['count_p50_s'])}, p95 {s(r['count_p95_s'])}"
        f" (goal p95 ≤ {GOALS['count_p95_s']:g} s; the page polls every 0.5 s)",
        f"reveal to chart painted: {s(r['reveal_paint_s'])}"
        f" (goal ≤ {GOALS['reveal_paint_s']:g} s)",
    ]
    return "\n".join(lines)


def met(r: dict) -> bool:
    """Whether the round met its goals: none lost, count p95 and reveal within 1 s."""
    ok = r["lost"] == 0 and r["count_p95_s"] is not None
    ok = ok and r["all_in_s"] <= GOALS["all_in_s"] + 1.0  # the last answer's commit
    ok = ok and r["count_p95_s"] <= GOALS["count_p95_s"]
    if r["reveal_paint_s"] is not None:
        ok = ok and r["reveal_paint_s"] <= GOALS["reveal_paint_s"]
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--window", type=float, default=10.0)
    parser.add_argument("--browser", action="store_true")
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args()
    if not 1 <= args.students <= 200 or not 0 < args.window <= 600:
        parser.error("--students must be 1-200 and --window 0-600 seconds")
    started = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    result = run(args.students, args.window, args.browser)
    print(report(result))
    if not args.no_record:
        record.write_section(
            "live-round",
            "A live round with the whole class (make bench-class)",
            ["```text", report(result), "```"],
            started=started,
        )
    return 0 if met(result) else 1


if __name__ == "__main__":
    sys.exit(main())
