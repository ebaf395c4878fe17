"""Helpers for the browser tests: Debian's chromium under Playwright, JupyterLab and Voila servers.

Nothing here downloads a browser: Playwright drives the system's chromium
(``/usr/bin/chromium``, installed by ``make test`` where it can be). Servers run on
127.0.0.1 with a token, on a throwaway copy of the notebooks, so a test run never
writes to the committed lessons.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "artifacts" / "browser"
BIN = Path(sys.executable).parent

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Every console error fails a test, and so does any request that leaves the server
# (127.0.0.1): the pages a student opens ask nothing of a CDN. There is no allow-list:
#   - Voila's own page asks a CDN for Font Awesome; twitchlib's Voila template
#     (twitchlib/delivery/jupyter/voila/templates/twitchlib) leaves those links out.
#   - "[anywidget] Failed to initialize model" is gone since twitchlib draws its own
#     charts (twitchlib.ui.ChartWidget): anywidget 0.11 gives a widget's module 2 s to
#     load, then drops every later message from Python to that model, and plotly's
#     FigureWidget put all of plotly.js (5 MB) in each chart's module.
LOCAL = ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.1 A and AA rules; "serious" and "critical" findings fail the tests.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(
    page, include: list[str], exclude: list[str] | None = None
) -> list[dict]:
    """Run axe-core on the parts of the page matched by ``include`` (CSS selectors).

    Returns axe's violations, each with its rule id, impact, help text and the
    selectors of the offending nodes. axe-core comes from npm (``make test`` runs
    ``npm ci``); never from a CDN.
    """
    if not AXE.exists():
        unavailable(
            f"AXE-CORE NOT INSTALLED at {AXE}: the accessibility audit did not run"
            " (run `npm ci` in the project, as `make test` does)."
        )
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    context = {"include": [[sel] for sel in include]}
    if exclude:
        context["exclude"] = [[sel] for sel in exclude]
    result = page.evaluate(
        """async ([context, tags]) => {
            const found = await axe.run(context, {runOnly: {type: 'tag', values: tags},
                                                  resultTypes: ['violations']});
            return found.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 8)}));
        }""",
        [context, AXE_TAGS],
    )
    return result


def serious(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in ("serious", "critical")]


UNNAMED_CHART = """els => els.filter(gd => {
    const frame = gd.closest('[role=img]');
    if (!frame || !(frame.getAttribute('aria-label') || '').trim()) return true;
    const ids = (frame.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean);
    return !ids.some(id => (document.getElementById(id) || {}).textContent?.trim());
}).map(gd => (gd.querySelector('.gtitle') || {}).textContent || '(untitled)')"""


def unnamed_charts(page, scope: str = "body") -> list[str]:
    """Titles of charts under ``scope`` without an accessible name and description."""
    return page.eval_on_selector_all(f"{scope} .js-plotly-plot", UNNAMED_CHART)


def chromium_executable() -> str:
    """The chromium to drive, or skip (fail on CI) with a loud message."""
    path = (
        os.environ.get("TWITCHLIB_CHROMIUM")
        or shutil.which("chromium")
        or "/usr/bin/chromium"
    )
    if not Path(path).exists():
        unavailable(
            f"CHROMIUM NOT FOUND at {path}: the browser tests did not run."
            " Install Debian's chromium (make test does so as root)."
        )
    return path


def _playwright_chromium():
    """Playwright and Debian's chromium: (sync_playwright, the executable's path).

    Skips (fails on CI) when chromium or Playwright is missing."""
    executable = chromium_executable()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable(
            "PLAYWRIGHT NOT INSTALLED: the browser tests did not run"
            ' (pip install -e ".[test]")'
        )
    return sync_playwright, executable


@contextlib.contextmanager
def chromium_context(profile: Path, width: int, height: int):
    """Debian's chromium, headless, with a profile of its own: a context manager.

    Skips (fails on CI) when chromium or Playwright is missing.
    """
    sync_playwright, executable = _playwright_chromium()
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=executable,
            headless=True,
            args=CHROMIUM_FLAGS,
            viewport={"width": width, "height": height},
        )
        context.set_default_timeout(60_000)
        try:
            yield context
        finally:
            context.close()


@contextlib.contextmanager
def chromium_browser():
    """Debian's chromium, headless, as a context manager yielding the browser: each
    ``browser.new_context(viewport=...)`` is a separate visitor (its own cookies and
    localStorage), as each student's own device is.
    """
    sync_playwright, executable = _playwright_chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_FLAGS
        )
        try:
            yield browser
        finally:
            browser.close()


def unavailable(message: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(message + " CI must run them.")
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    url: str
    token: str
    folder: Path
    process: subprocess.Popen
    log: Path

    def address(self, path: str) -> str:
        joiner = "&" if "?" in path else "?"
        return f"{self.url}{path}{joiner}token={self.token}"

    def _call(self, method: str, path: str):
        request = urllib.request.Request(
            self.url + path,
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body else None

    def kernels(self) -> list[dict]:
        """The kernels the server runs now (its REST API)."""
        return self._call("GET", "/api/kernels") or []

    def shut_down_kernels(self) -> None:
        """Stop every kernel, so each test starts from a clean server and memory stays low."""
        for kernel in self.kernels():
            self._call("DELETE", f"/api/kernels/{kernel['id']}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def wait_until_up(
    url: str | int, process: subprocess.Popen, log: Path, seconds: float = 90
) -> None:
    """Wait for an HTTP answer from ``url``, or for its port to accept connections if ``url`` is a port."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"server exited early; its log:\n{log.read_text()[-3000:]}"
            )
        try:
            if isinstance(url, int):
                socket.create_connection(("127.0.0.1", url), timeout=5).close()
            else:
                with urllib.request.urlopen(url, timeout=5):
                    pass
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(
        f"server not up after {seconds} s; its log:\n{log.read_text()[-3000:]}"
    )


@dataclass
class ClassServer:
    """A running ``twitchlib class``: the students' and the teacher's addresses."""

    students_url: str
    teacher_url: str
    port: int
    teacher_port: int
    token: str
    teacher_token: str
    process: subprocess.Popen
    log: Path

    def stop(self) -> None:
        """Stop it as a teacher's Ctrl+C would; whatever is left of its process group
        (a kernel still starting) goes too, so no later test meets a port still held."""
        self.process.terminate()  # the class server stops Voila, which stops its kernels
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pass
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


def start_class(
    notebook: Path,
    students: int,
    *,
    port: int | None = None,
    teacher_port: int | None = None,
    token: str | None = None,
    teacher_token: str | None = None,
    log: Path | None = None,
) -> ClassServer:
    """``twitchlib class`` serving ``notebook`` from its folder, on free ports (or the
    ones given, to restart a server on the same folder and links), once both pages
    answer. As in a classroom the environment has no TWITCHLIB_ANSWERS (the tests
    turn recording off), so the class store is where answers go."""
    port, teacher_port = port or free_port(), teacher_port or free_port()
    token = token or secrets.token_urlsafe(12)
    teacher_token = teacher_token or "teacher-" + secrets.token_urlsafe(12)
    log = log or notebook.parent / "class.log"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "twitchlib.delivery",
            "class",
            "--notebook",
            str(notebook),
            f"--port={port}",
            # A free port of its own: the one after --port may be taken.
            f"--teacher-port={teacher_port}",
            f"--teacher-token={teacher_token}",
            f"--students={students}",
            f"--token={token}",
            "--no-qr",
        ],
        cwd=notebook.parent,
        env={k: v for k, v in os.environ.items() if k != "TWITCHLIB_ANSWERS"},
        stdout=log.open("a"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its Voila and kernels can be stopped together
    )
    server = ClassServer(
        f"http://127.0.0.1:{port}/?token={token}",
        f"http://127.0.0.1:{teacher_port}/?token={teacher_token}",
        port,
        teacher_port,
        token,
        teacher_token,
        process,
        log,
    )
    try:
        wait_until_up(port, process, log, seconds=180)
        wait_until_up(teacher_port, process, log, seconds=30)
    except BaseException:
        server.stop()
        raise
    return server


def _copy_notebooks(folder: Path) -> Path:
    target = folder / "notebooks"
    shutil.copytree(
        ROOT / "notebooks", target, ignore=shutil.ignore_patterns(".ipynb_checkpoints")
    )
    return target


def start_lab(folder: Path) -> Server:
    """JupyterLab on a copy of notebooks/, kernel auto-started, all cells kept in the page."""
    notebooks = _copy_notebooks(folder)
    settings = folder / "settings" / "@jupyterlab"
    (settings / "notebook-extension").mkdir(parents=True)
    # Without autoStartDefaultKernel a fresh workspace asks which kernel to use;
    # windowing off keeps every cell in the page so each output can be inspected.
    (settings / "notebook-extension" / "tracker.jupyterlab-settings").write_text(
        json.dumps({"autoStartDefaultKernel": True, "windowingMode": "none"})
    )
    (settings / "apputils-extension").mkdir(parents=True)
    (settings / "apputils-extension" / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False})
    )
    port, token = free_port(), secrets.token_hex(16)
    log = folder / "lab.log"
    process = subprocess.Popen(
        [
            str(BIN / "jupyter"),
            "lab",
            "--no-browser",
            "--allow-root",
            "--ip=127.0.0.1",
            f"--port={port}",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={notebooks}",
            f"--LabApp.user_settings_dir={folder / 'settings'}",
            f"--LabApp.workspaces_dir={folder / 'workspaces'}",
        ],
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        cwd=notebooks,
    )
    url = f"http://127.0.0.1:{port}"
    wait_until_up(f"{url}/api/status?token={token}", process, log)
    return Server(url, token, notebooks, process, log)


def start_voila(folder: Path, notebook: str = "dashboard.ipynb") -> Server:
    """The classroom dashboard served by Voila, as ``make dashboard`` does."""
    notebooks = _copy_notebooks(folder)
    port, token = free_port(), secrets.token_hex(16)
    log = folder / "voila.log"
    from twitchlib.delivery.classroom import voila_environment

    process = subprocess.Popen(
        [
            str(BIN / "voila"),
            str(notebooks / notebook),
            "--no-browser",
            "--Voila.ip=127.0.0.1",
            f"--port={port}",
            f"--token={token}",
            "--template=twitchlib",
        ],
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        cwd=notebooks,
        env=voila_environment(),
    )
    url = f"http://127.0.0.1:{port}"
    # Voila's page runs the notebook, so wait for the port to open, not for a page.
    wait_until_up(port, process, log)
    return Server(url, token, notebooks, process, log)


class ConsoleLog:
    """Collects a page's console errors, uncaught exceptions and requests off the server."""

    # anywidget's runtime (528.*.js in its labextension: ``AbortSignal.timeout(2000)``
    # in the Runtime constructor) rejects a model's "ready" promise when its module has
    # not loaded within 2 s, and nothing catches that promise. On a busy 2-core machine
    # the module loads later and the view renders all the same (the tests check every
    # view is drawn and no cell shows "Error displaying widget"), so this one message
    # is kept apart from the errors, in ``late_starts``, not ignored silently.
    LATE_START = "uncaught: [anywidget] Failed to initialize model."

    def __init__(self, page):
        self.errors: list[str] = []
        self.late_starts = 0
        page.on("console", self._console)
        page.on("pageerror", self._uncaught)
        page.on("request", self._request)

    def _uncaught(self, error) -> None:
        text = f"uncaught: {error}"
        if text.strip() == self.LATE_START:
            self.late_starts += 1
        else:
            self.errors.append(text)

    def _console(self, message) -> None:
        if message.type == "error":
            url = (message.location or {}).get("url", "")
            self.errors.append(f"{message.text} ({url})")

    def _request(self, request) -> None:
        if not request.url.startswith(LOCAL):
            self.errors.append(f"a request outside the server: {request.url}")


UNNAMED_CONTROL = re.compile(
    r"^\s*- (slider|checkbox|button|radio|combobox|textbox|spinbutton|switch|listbox)\s*(:.*)?$"
)


def unnamed_controls(aria_snapshot: str) -> list[str]:
    """Lines of a Playwright ARIA snapshot that show a control without an accessible name."""
    return [
        line.strip()
        for line in aria_snapshot.splitlines()
        if UNNAMED_CONTROL.match(line)
    ]


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
