"""The class server under a small class: 5 students over the real protocol.

The same load test as ``make bench-class`` (benchmarks/class_load.py), smaller and
shorter: the page over HTTP, the widget states and slider moves over the kernel
websocket. Checks what must hold whatever the machine: every session works, every
student gets the dashboard's widgets and every slider move updates a chart or a
read-out. The timings are for the benchmark, not for this test.
"""

import math
import sys

import pytest
from browser import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import class_load  # noqa: E402

pytestmark = pytest.mark.slow


def test_five_students_use_the_class_server_at_once():
    result = class_load.run(students=5, seconds=8)
    print(class_load.report(result))
    assert result["failed_sessions"] == 0, result["errors"]
    assert result["outside_server"] == []  # no CDN: the page asks only its own server
    assert result["slider_moves"] >= 5
    # A move inside a range where a factor adds nothing changes no chart, so not all must.
    assert result["moves_with_chart_update"] >= 0.9 * result["slider_moves"]
    assert math.isfinite(result["tti_max_s"]), "a student never became interactive"


def test_a_page_beyond_the_ready_kernels_opens_at_once(tmp_path):
    """With one ready kernel and refills 600 s away (the default --refill-after), the
    second page gets a kernel of its own at once rather than wait for the refill."""
    import secrets
    import time
    import urllib.request

    port, token = class_load._free_port(), secrets.token_hex(8)
    log = tmp_path / "class.log"
    server = class_load.start_server(1, port, token, log)
    try:
        class_load.wait_for_pool(server, log, 300)
        url = f"http://127.0.0.1:{port}/?token={token}"
        for page in ("the ready kernel's", "a new kernel's"):
            started = time.monotonic()
            with urllib.request.urlopen(url, timeout=120) as response:
                body = response.read().decode("utf-8", errors="replace")
            took = time.monotonic() - started
            assert response.status == 200 and "twitchlib" in body, page
            assert took < 90, f"{page} page took {took:.0f} s"
        assert "Using pre-heated kernel" in log.read_text(errors="replace")
    finally:
        class_load.stop_server(server)


def test_a_closed_pages_kernel_is_shut_down_and_the_ready_one_kept(tmp_path):
    """A real class server culls the kernel of a page that was opened and closed (no
    connection left, idle past --cull-after) and keeps its ready kernel: the kernels
    of a class that reloads and leaves do not pile up."""
    import secrets
    import subprocess
    import time
    import urllib.request

    import psutil

    port, token = class_load._free_port(), secrets.token_hex(8)
    log = tmp_path / "class.log"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "twitchlib.delivery",
            "class",
            f"--port={port}",
            f"--teacher-port={class_load._free_port()}",
            "--students=1",
            "--refill-after=0",
            "--cull-after=6",
            f"--token={token}",
            "--no-qr",
        ],
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )

    def kernels() -> set[int]:
        return {
            p.pid
            for p in psutil.Process(server.pid).children(recursive=True)
            if "ipykernel" in " ".join(p.cmdline())
        }

    try:
        class_load.wait_for_pool(server, log, 300)
        ready = kernels()
        assert len(ready) == 1, ready
        # A page opened and closed at once: it takes the ready kernel, a new one
        # is made ready in its place.
        url = f"http://127.0.0.1:{port}/?token={token}"
        with urllib.request.urlopen(url, timeout=120) as response:
            assert response.status == 200
            response.read()
        deadline = time.monotonic() + 90
        while len(kernels() - ready) < 1 and time.monotonic() < deadline:
            time.sleep(1)
        refilled = kernels() - ready
        assert refilled, "no kernel was made ready in the taken one's place"
        # The closed page's kernel goes; the ready one stays.
        while ready & kernels() and time.monotonic() < deadline:
            time.sleep(1)
        assert not ready & kernels(), "the closed page's kernel was never shut down"
        assert refilled <= kernels(), "the ready kernel was culled too"
        assert "Culling kernel" in log.read_text(errors="replace")
    finally:
        class_load.stop_server(server)
