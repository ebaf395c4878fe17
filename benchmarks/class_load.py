"""Load test of the class server: a class of students on one computer (`make bench-class`).

Starts ``twitchlib class`` on 127.0.0.1 (never another interface) with one ready
kernel per student, then simulates the class with the real protocol, as a
browser speaks it:

1. every student opens the dashboard at the same moment: HTTP GET of the page and
   of the scripts and style sheets it names on the server, then the kernel's
   websocket, ``kernel_info_request``, and the widget manager's
   ``request_states`` on the ``jupyter.widget.control`` comm. The page is
   *interactive* when every widget's state has arrived;
2. each student then moves sliders for ``--seconds``: a ``comm_msg`` ``update``
   of one slider's value (as the slider's view sends it), waiting until the
   kernel has sent the charts' updates and gone idle (the round trip), then a
   pause of 0.5-1.5 s, as a person reads the chart.

Reports failed sessions, time to interactive and slider round trip (p50/p95),
memory per student (proportional set size of the kernels and the server) and
processor use. The load generator runs on the same machine and its own
processor time is reported too.

    python benchmarks/class_load.py --students 30 --seconds 60
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import json
import os
import platform
import random
import re
import secrets
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import record  # benchmarks/record.py, beside this script
from jupyter_server.services.kernels.connection.base import (
    deserialize_msg_from_ws_v1,
    serialize_msg_to_ws_v1,
)
from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

# A page may name its scripts with a query string; only the server's own files are fetched.
ASSET = re.compile(r"""(?:src|href)=["'](/[^"'#]+\.(?:js|css)(?:\?[^"']*)?)["']""")
# What a page would fetch from anywhere but its own server (a CDN): there must be none.
OUTSIDE = re.compile(r"""(?:src=|href=|import\()\s*["'](https?://[^"']+)["']""")
KERNEL_ID = re.compile(r'"kernelId":\s*"([0-9a-f-]{36})"')
ROOT = Path(__file__).resolve().parent.parent
CONTROL_PROTOCOL = "1.0.0"  # ipywidgets 8's widget control comm


@dataclass
class Student:
    number: int
    time_to_interactive_s: float | None = None
    round_trips_ms: list[float] = field(default_factory=list)
    sent_at: list[float] = field(default_factory=list)  # monotonic time of each move
    charts_updated: int = 0
    outside: list[str] = field(
        default_factory=list
    )  # addresses off the server in the page
    error: str | None = None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def _encode(
    msg_type: str, msg_id: str, session: str, content: dict, metadata: dict
) -> bytes:
    """A shell message in the kernel websocket protocol v1 that JupyterLab and Voila speak."""
    header = {
        "msg_id": msg_id,
        "msg_type": msg_type,
        "session": session,
        "username": "student",
        "version": "5.3",
        "date": "",
    }
    parts = [json.dumps(p).encode() for p in (header, {}, metadata, content)]
    return serialize_msg_to_ws_v1(parts, "shell")


@dataclass
class Message:
    """A kernel message; its content is parsed only when asked (charts are large)."""

    msg_type: str
    parent_id: str | None
    raw_content: bytes

    @property
    def content(self) -> dict:
        return json.loads(self.raw_content)


class Kernel:
    """One student's kernel websocket: send a message, collect replies until idle."""

    def __init__(self, connection, session: str):
        self.connection = connection
        self.session = session
        self.waiting: dict[str, tuple[asyncio.Future, list]] = {}
        self.reader = asyncio.ensure_future(self._read())

    async def _read(self) -> None:
        while True:
            frame = await self.connection.read_message()
            if frame is None:
                for future, _ in self.waiting.values():
                    if not future.done():
                        future.set_exception(ConnectionError("websocket closed"))
                return
            _, parts = deserialize_msg_from_ws_v1(frame)
            parent = json.loads(parts[1]).get("msg_id")
            if parent not in self.waiting:
                continue
            message = Message(json.loads(parts[0])["msg_type"], parent, parts[3])
            future, collected = self.waiting[parent]
            collected.append(message)
            if message.msg_type == "status" and b'"idle"' in message.raw_content:
                if not future.done():
                    future.set_result(collected)

    async def request(
        self,
        msg_type: str,
        content: dict,
        metadata: dict | None = None,
        timeout: float = 120,
    ) -> list[Message]:
        """Send one message; the messages it caused, once the kernel is idle again."""
        msg_id = uuid.uuid4().hex
        future = asyncio.get_running_loop().create_future()
        self.waiting[msg_id] = (future, [])
        await self.connection.write_message(
            _encode(msg_type, msg_id, self.session, content, metadata or {}),
            binary=True,
        )
        try:
            return await asyncio.wait_for(future, timeout)
        finally:
            del self.waiting[msg_id]

    def close(self) -> None:
        self.reader.cancel()
        self.connection.close()


async def student_session(
    student: Student, base: str, token: str, start: float, seconds: float, seed: int
) -> None:
    rng = random.Random(seed)
    client = AsyncHTTPClient()
    kernel = None
    try:
        page = await client.fetch(f"{base}/?token={token}", request_timeout=300)
        html = page.body.decode("utf-8")
        match = KERNEL_ID.search(html)
        if not match:
            # Say what the page was instead (an error page, a refusal), to diagnose.
            title = re.search(r"<title>(.*?)</title>", html, re.S)
            raise RuntimeError(
                f"the page names no kernel (HTTP {page.code}, title"
                f" {title[1].strip()[:80] if title else None!r}, {len(html)} bytes)"
            )
        student.outside = OUTSIDE.findall(html)
        for asset in sorted(set(ASSET.findall(html))):
            await client.fetch(f"{base}{asset}", request_timeout=300)
        session = uuid.uuid4().hex
        connection = await websocket_connect(
            HTTPRequest(
                f"{base.replace('http', 'ws', 1)}/api/kernels/{match.group(1)}/channels"
                f"?session_id={session}&token={token}",
                request_timeout=300,
            ),
            max_message_size=256 * 1024 * 1024,
            subprotocols=["v1.kernel.websocket.jupyter.org"],
        )
        kernel = Kernel(connection, session)
        await kernel.request("kernel_info_request", {})
        control = uuid.uuid4().hex
        await kernel.request(
            "comm_open",
            {"comm_id": control, "target_name": "jupyter.widget.control", "data": {}},
            metadata={"version": CONTROL_PROTOCOL},
        )
        replies = await kernel.request(
            "comm_msg", {"comm_id": control, "data": {"method": "request_states"}}
        )
        states = next(
            (
                c["data"]["states"]
                for c in (m.content for m in replies if m.msg_type == "comm_msg")
                if c["data"].get("method") == "update_states"
            ),
            None,
        )
        if states is None:
            raise RuntimeError("the kernel sent no widget states")
        student.time_to_interactive_s = time.monotonic() - start
        # The labelled sliders of the dashboard's explorers (value, min, max, step, unit).
        sliders = [
            (model_id, s["state"])
            for model_id, s in states.items()
            if {"value", "min", "max", "step", "unit"} <= set(s["state"])
        ]
        if not sliders:
            raise RuntimeError("the dashboard shows no slider")
        current = {model_id: state["value"] for model_id, state in sliders}
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            model_id, state = rng.choice(sliders)
            steps = int(round((state["max"] - state["min"]) / state["step"]))
            # A move always changes the value, as a hand on a slider does.
            choices = [
                round(state["min"] + k * state["step"], 6) for k in range(steps + 1)
            ]
            value = rng.choice(
                [v for v in choices if abs(v - current[model_id]) > 1e-9]
            )
            current[model_id] = value
            student.sent_at.append(time.monotonic())
            sent = time.perf_counter()
            replies = await kernel.request(
                "comm_msg",
                {
                    "comm_id": model_id,
                    "data": {
                        "method": "update",
                        "state": {"value": value},
                        "buffer_paths": [],
                    },
                },
            )
            student.round_trips_ms.append((time.perf_counter() - sent) * 1000)
            # Something other than the slider itself changed: a chart or a read-out.
            if any(
                m.msg_type == "comm_msg" and m.content["comm_id"] != model_id
                for m in replies
            ):
                student.charts_updated += 1
            await asyncio.sleep(rng.uniform(0.5, 1.5))
    except Exception as error:  # a failed session is a result, not a crash of the test
        student.error = f"{type(error).__name__}: {error}"
    finally:
        if kernel is not None:
            kernel.close()


def _tree(process: psutil.Process) -> list[psutil.Process]:
    try:
        return [process, *process.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def _memory(process: psutil.Process) -> tuple[float, int]:
    """Proportional set size of the server and its kernels, MB; and the number of processes."""
    total, count = 0.0, 0
    for p in _tree(process):
        try:
            info = p.memory_full_info()
            total += getattr(info, "pss", info.rss)
            count += 1
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return total / 1e6, count


def _cpu_seconds(process: psutil.Process) -> float:
    total = 0.0
    for p in _tree(process):
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except psutil.NoSuchProcess:
            pass
    return total


def start_server(students: int, port: int, token: str, log: Path) -> subprocess.Popen:
    """``twitchlib class`` on 127.0.0.1, one ready kernel per student."""
    command = [
        sys.executable,
        "-m",
        "twitchlib.delivery",
        "class",
        "--ip",
        "127.0.0.1",
        "--port",
        str(port),
        "--students",
        str(students),
        "--token",
        token,
        "--no-qr",
    ]
    return subprocess.Popen(
        command, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True
    )


def wait_for_pool(process: subprocess.Popen, log: Path, seconds: float) -> float:
    """Seconds until the ready kernels have all started and run the dashboard.

    Voila logs "Kernel pool ... is filled" once the kernels have started; they are
    still running the notebook then, so wait also until the server and its kernels
    fall quiet (under 0.1 core over 2 s).
    """
    start = time.monotonic()
    server = psutil.Process(process.pid)
    filled = False
    while time.monotonic() - start < seconds:
        if process.poll() is not None:
            raise RuntimeError(f"class server exited:\n{log.read_text()[-3000:]}")
        if not filled:
            filled = "Kernel pool of" in log.read_text(errors="replace")
            time.sleep(0.5)
            continue
        before = _cpu_seconds(server)
        time.sleep(2)
        if _cpu_seconds(server) - before < 0.2:
            return time.monotonic() - start - 2
    raise RuntimeError(
        f"kernel pool not ready after {seconds} s:\n{log.read_text()[-3000:]}"
    )


def stop_server(process: subprocess.Popen) -> None:
    """Stop the server, its Voila and every kernel; kill whatever is left after 20 s."""
    tree = _tree(psutil.Process(process.pid)) if process.poll() is None else []
    for p in tree:
        try:
            p.terminate()
        except psutil.NoSuchProcess:
            pass
    _, alive = psutil.wait_procs(tree, timeout=20)
    for p in alive:
        try:
            p.kill()
        except psutil.NoSuchProcess:
            pass
    process.wait()


async def simulate_class(
    base: str, token: str, students: int, seconds: float, server: psutil.Process
) -> dict:
    AsyncHTTPClient.configure(None, max_clients=max(10, students * 2))
    class_ = [Student(i) for i in range(students)]
    start = time.monotonic()
    sessions = [
        asyncio.ensure_future(student_session(s, base, token, start, seconds, i))
        for i, s in enumerate(class_)
    ]
    # Processor use is measured from the moment everyone is interactive (or failed).
    while not all(
        s.time_to_interactive_s is not None or s.error or t.done()
        for s, t in zip(class_, sessions, strict=True)
    ):
        await asyncio.sleep(0.1)
    everyone_in = time.monotonic()
    cpu_before, wall_before = _cpu_seconds(server), time.monotonic()
    voila = next((p for p in _tree(server) if "voila" in " ".join(p.cmdline())), server)
    voila_before = sum(voila.cpu_times()[:2])
    me = psutil.Process()
    me_before = sum(me.cpu_times()[:2])
    psutil.cpu_percent()
    memory_peak = 0.0
    while not all(t.done() for t in sessions):
        memory_peak = max(memory_peak, _memory(server)[0])
        await asyncio.sleep(2)
    wall = time.monotonic() - wall_before
    server_cpu = (_cpu_seconds(server) - cpu_before) / wall
    voila_cpu = (sum(voila.cpu_times()[:2]) - voila_before) / wall
    machine_cpu = psutil.cpu_percent() / 100 * psutil.cpu_count()
    generator_cpu = (sum(me.cpu_times()[:2]) - me_before) / wall
    return {
        "students": class_,
        "everyone_in": everyone_in,
        "server_cores": server_cpu,
        "voila_cores": voila_cpu,
        "machine_cores": machine_cpu,
        "generator_cores": generator_cpu,
        "memory_peak_mb": memory_peak,
    }


def run(students: int = 30, seconds: float = 60.0, pool_timeout: float = 900) -> dict:
    """Start the server, simulate the class, stop the server; the measured figures."""
    port, token = _free_port(), secrets.token_urlsafe(9)
    log = Path(os.environ.get("TMPDIR", "/tmp")) / f"twitchlib-class-{port}.log"
    process = start_server(students, port, token, log)
    try:
        server = psutil.Process(process.pid)
        idle_memory = _memory(server)[0]
        preheat_s = wait_for_pool(process, log, pool_timeout)
        ready_memory, processes = _memory(server)
        measured = asyncio.run(
            simulate_class(f"http://127.0.0.1:{port}", token, students, seconds, server)
        )
        loaded_memory, _ = _memory(server)
    finally:
        stop_server(process)
    class_ = measured.pop("students")
    ok = [s for s in class_ if s.error is None]
    round_trips = [r for s in ok for r in s.round_trips_ms]
    everyone_in = measured.pop("everyone_in")
    # Once the whole class is in: the moves made after the last student became interactive.
    steady = [
        r
        for s in ok
        for r, t in zip(s.round_trips_ms, s.sent_at, strict=True)
        if t >= everyone_in
    ]
    tti = [s.time_to_interactive_s for s in ok]
    return {
        "students": students,
        "seconds": seconds,
        "failed_sessions": len(class_) - len(ok),
        "errors": sorted({s.error for s in class_ if s.error}),
        "outside_server": sorted({u for s in class_ for u in s.outside}),
        "preheat_s": preheat_s,
        "tti_p50_s": _percentile(tti, 50),
        "tti_p95_s": _percentile(tti, 95),
        "tti_max_s": max(tti, default=float("nan")),
        "slider_moves": len(round_trips),
        "moves_with_chart_update": sum(s.charts_updated for s in ok),
        "rtt_p50_ms": _percentile(round_trips, 50),
        "rtt_p95_ms": _percentile(round_trips, 95),
        "rtt_max_ms": max(round_trips, default=float("nan")),
        "steady_moves": len(steady),
        "steady_rtt_p50_ms": _percentile(steady, 50),
        "steady_rtt_p95_ms": _percentile(steady, 95),
        "processes": processes,
        "memory_ready_mb": ready_memory,
        "memory_loaded_mb": loaded_memory,
        "memory_peak_mb": measured["memory_peak_mb"],
        "memory_per_student_mb": (
            max(loaded_memory, measured["memory_peak_mb"]) - idle_memory
        )
        / students,
        **measured,
    }


def report(r: dict) -> str:
    lines = [
        f"Class server load test: {r['students']} students, sliders for {r['seconds']:.0f} s",
        f"  machine: {platform.node()} {platform.machine()}, {psutil.cpu_count()} cores,"
        f" {psutil.virtual_memory().total / 2**30:.0f} GB, Python {platform.python_version()}",
        f"  kernel pool ready (preheat) after     {r['preheat_s']:.1f} s",
        f"  failed sessions                       {r['failed_sessions']}"
        + (f"  {r['errors']}" if r["errors"] else ""),
        f"  addresses off the server in the page  {len(r['outside_server'])}"
        + (f"  {r['outside_server']}" if r["outside_server"] else ""),
        f"  time to interactive p50 / p95 / max   {r['tti_p50_s']:.2f} / {r['tti_p95_s']:.2f}"
        f" / {r['tti_max_s']:.2f} s   (goal: all <= 30 s)",
        f"  slider round trip p50 / p95 / max     {r['rtt_p50_ms']:.0f} / {r['rtt_p95_ms']:.0f}"
        f" / {r['rtt_max_ms']:.0f} ms   (goal: p95 <= 300 ms)",
        f"  ... once everyone is in, p50 / p95    {r['steady_rtt_p50_ms']:.0f} /"
        f" {r['steady_rtt_p95_ms']:.0f} ms ({r['steady_moves']} moves)",
        f"  slider moves                          {r['slider_moves']}"
        f" ({r['moves_with_chart_update']} updated a chart or read-out)",
        f"  memory: kernels + server              {r['memory_ready_mb']:.0f} MB ready,"
        f" {r['memory_peak_mb']:.0f} MB peak, {r['processes']} processes",
        f"  memory per student                    {r['memory_per_student_mb']:.0f} MB (PSS)",
        f"  processor while sliders move          server {r['server_cores']:.2f} cores"
        f" (Voila's own process {r['voila_cores']:.2f}),"
        f" load generator {r['generator_cores']:.2f}, whole machine {r['machine_cores']:.2f}"
        f" of {psutil.cpu_count()}",
    ]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    started = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    result = run(args.students, args.seconds)
    print(report(result))
    record.write_section(
        "class",
        "A class on one server (make bench-class)",
        ["```text", report(result), "```"],
        started=started,
    )
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0 if result["failed_sessions"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
