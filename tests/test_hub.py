"""A school hub, for real: JupyterHub (PyPI) + configurable-http-proxy (npm) on 127.0.0.1.

DummyAuthenticator and SimpleLocalProcessSpawner stand in for a school's login and
containers; everything else is the hub a school runs. Five students' servers are
started from this environment, each gets the lessons copied into its home (the
same ``twitchlib lab --copy-only`` step as the container image), runs lesson 03's
explorer through the kernel API (HTTP to start a kernel, the kernel websocket to
execute), and the results are checked against ``twitchlib.assess``. Then the hub
shuts everything down.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import psutil
import pytest
from browser import ROOT, free_port, unavailable

import twitchlib as tl
from twitchlib.charts import WaterfallChart

sys.path.insert(0, str(ROOT / "benchmarks"))
from class_load import Kernel  # noqa: E402

PROXY = ROOT / "node_modules" / ".bin" / "configurable-http-proxy"
STUDENTS = 5
HUB_CONFIG = """
import os
import sys
from pathlib import Path

c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api_port}"
c.ConfigurableHTTPProxy.pid_file = {folder!r} + "/proxy.pid"
c.JupyterHub.db_url = "sqlite:///" + {folder!r} + "/hub.sqlite"
c.JupyterHub.cookie_secret_file = {folder!r} + "/cookie_secret"
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {folder!r} + "/home/{{username}}"
c.Spawner.cmd = [{singleuser!r}]
# Kernels on Unix sockets, not TCP ports: five servers starting kernels at once can
# pick the same free TCP port (one kernel then fails to bind, and its restarts with
# it), and a socket file is private to its user besides.
c.Spawner.args = ["--ServerApp.ip=127.0.0.1", "--KernelManager.transport=ipc"] + (
    ["--allow-root"] if os.getuid() == 0 else []
)
c.Spawner.default_url = "/lab/tree/twitchlib-lessons/00_start_here.ipynb"
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180

def copy_lessons(spawner):
    # What the container image does at start: the lessons into the student's home,
    # never over the student's own copies.
    from twitchlib.delivery.lab import copy_lessons
    home = Path(spawner.home_dir_template.format(username=spawner.user.name))
    copy_lessons(home / "twitchlib-lessons")
    # A Unix socket's path has at most 107 characters: the kernels' sockets go into
    # a short folder of the student's own, not under the long test folder.
    import tempfile
    spawner.environment["JUPYTER_RUNTIME_DIR"] = tempfile.mkdtemp(prefix="tl-")

c.Spawner.pre_spawn_hook = copy_lessons
c.JupyterHub.services = [{{"name": "class-check", "api_token": {token!r}}}]
c.JupyterHub.load_roles = [{{"name": "class-check", "services": ["class-check"],
    "scopes": ["admin:users", "admin:servers", "access:servers", "read:users"]}}]
"""


def _call(url: str, token: str, method: str = "GET", body: dict | None = None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        url, data=data, method=method, headers={"Authorization": f"token {token}"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        text = response.read()
    return json.loads(text) if text else None


def _explorer_code(caffeine: float, magnesium: float) -> str:
    """Lesson 03's set-up cell, then its explorer moved to one student's values."""
    lesson = json.loads(
        (ROOT / "notebooks" / "03_the_twitch_explorer.ipynb").read_text()
    )
    setup = "".join(
        next(c for c in lesson["cells"] if c["cell_type"] == "code")["source"]
    )
    return (
        setup + "\nimport json\napp = tl.ui.Explorer()\n"
        f"app.controls['caffeine_mg_per_day'].value = {caffeine}\n"
        f"app.controls['serum_magnesium'].value = {magnesium}\n"
        "print(json.dumps({'likelihood': app.assessment.likelihood,"
        " 'title': app.waterfall.layout.title.text,"
        " 'bars': list(app.waterfall.data[0].y)}))\n"
    )


async def _student(base: str, name: str, token: str, caffeine: float, magnesium: float):
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    server = f"{base}/user/{name}"
    contents = await asyncio.to_thread(
        _call, f"{server}/api/contents/twitchlib-lessons", token
    )
    lessons = sorted(item["name"] for item in contents["content"])
    kernel_id = (
        await asyncio.to_thread(
            _call, f"{server}/api/kernels", token, "POST", {"name": "python3"}
        )
    )["id"]
    session = uuid.uuid4().hex
    connection = await websocket_connect(
        HTTPRequest(
            f"{server.replace('http', 'ws', 1)}/api/kernels/{kernel_id}/channels"
            f"?session_id={session}",
            headers={"Authorization": f"token {token}"},
            request_timeout=120,
        ),
        subprotocols=["v1.kernel.websocket.jupyter.org"],
        max_message_size=256 * 1024 * 1024,
    )
    kernel = Kernel(connection, session)
    try:
        replies = await kernel.request(
            "execute_request",
            {
                "code": _explorer_code(caffeine, magnesium),
                "silent": False,
                "store_history": False,
                "user_expressions": {},
                "allow_stdin": False,
                "stop_on_error": True,
            },
            timeout=180,
        )
    finally:
        kernel.close()
    errors = [m.content for m in replies if m.msg_type == "error"]
    assert not errors, f"{name}: {errors}"
    printed = "".join(m.content["text"] for m in replies if m.msg_type == "stream")
    return lessons, json.loads(printed.strip().splitlines()[-1])


def _wait_ready(base: str, token: str, names: list[str], seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    pending = set(names)
    while pending and time.monotonic() < deadline:
        for name in sorted(pending):
            user = _call(f"{base}/hub/api/users/{name}", token)
            if user["servers"].get("", {}).get("ready"):
                pending.discard(name)
        time.sleep(1)
    assert not pending, f"servers not ready after {seconds} s: {sorted(pending)}"


@pytest.mark.slow
def test_five_students_on_a_real_jupyterhub(tmp_path):
    if not PROXY.exists():
        unavailable(f"CONFIGURABLE-HTTP-PROXY NOT INSTALLED at {PROXY}: run `make npm`")
    bin_dir = Path(sys.executable).parent
    if not (bin_dir / "jupyterhub").exists():
        unavailable('JUPYTERHUB NOT INSTALLED: pip install -e ".[test]"')
    port, token = free_port(), secrets.token_hex(24)
    config = tmp_path / "jupyterhub_config.py"
    config.write_text(
        HUB_CONFIG.format(
            port=port,
            hub_port=free_port(),
            proxy_api_port=free_port(),
            proxy=str(PROXY),
            folder=str(tmp_path),
            singleuser=str(bin_dir / "jupyterhub-singleuser"),
            token=token,
        )
    )
    log = tmp_path / "hub.log"
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}
    hub = subprocess.Popen(
        [str(bin_dir / "jupyterhub"), "-f", str(config)],
        cwd=tmp_path,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        env=env,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    names = [f"student{i}" for i in range(1, STUDENTS + 1)]
    try:
        deadline = time.monotonic() + 90
        while True:
            assert hub.poll() is None, log.read_text()[-4000:]
            try:
                _call(f"{base}/hub/api/", token)
                break
            except (OSError, urllib.error.HTTPError):
                assert time.monotonic() < deadline, log.read_text()[-4000:]
                time.sleep(0.5)
        for name in names:
            _call(f"{base}/hub/api/users/{name}", token, "POST")
            _call(f"{base}/hub/api/users/{name}/server", token, "POST")
        _wait_ready(base, token, names)
        values = [
            (100.0 * i, round(0.85 - 0.07 * i, 2)) for i in range(1, STUDENTS + 1)
        ]

        async def everyone():
            return await asyncio.gather(
                *(
                    _student(base, n, token, c, m)
                    for n, (c, m) in zip(names, values, strict=True)
                )
            )

        results = asyncio.run(everyone())
        shipped = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
        for name, (caffeine, magnesium), (lessons, shown) in zip(
            names, values, results, strict=False
        ):
            assert [n for n in lessons if n.endswith(".ipynb")] == shipped, name
            expected = tl.assess(
                tl.Scenario(caffeine_mg_per_day=caffeine, serum_magnesium=magnesium)
            )
            assert shown["likelihood"] == pytest.approx(
                expected.likelihood, abs=1e-12
            ), name
            assert shown["title"] == WaterfallChart(expected).title()
            bars = WaterfallChart(expected).data()
            assert shown["bars"] == pytest.approx(list(bars.log_odds_shift), abs=1e-12)
        memory = _students_memory(tmp_path / "home")
        print(
            f"memory per student (single-user server + one lesson kernel, PSS):"
            f" {memory}"
        )
        for name in names:
            _call(f"{base}/hub/api/users/{name}/server", token, "DELETE")
    except Exception as error:
        raise AssertionError(f"{error}\nhub log:\n{log.read_text()[-5000:]}") from error
    finally:
        _stop(hub)
    leftovers = _left_running(tmp_path)
    for process in leftovers:  # never leave them behind, even when the test fails
        process.kill()
    assert leftovers == [], "processes left running after the hub stopped"


def _left_running(folder: Path, seconds: float = 60) -> list[psutil.Process]:
    """Processes started in or for ``folder`` (hub, proxy, students' servers) still alive."""
    inside = str(folder) + os.sep
    me = os.getpid()

    def alive():
        found = []
        for p in psutil.process_iter(["cmdline", "cwd"]):
            try:
                if p.pid != me and (
                    inside in " ".join(p.info["cmdline"] or [])
                    or (p.info["cwd"] or "") + os.sep == inside
                    or (p.info["cwd"] or "").startswith(inside)
                ):
                    found.append(p)
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                pass
        return found

    deadline = time.monotonic() + seconds
    while (found := alive()) and time.monotonic() < deadline:
        time.sleep(1)
    return found


def _students_memory(homes: Path) -> dict[str, int]:
    """MB of proportional set size per student: their server and its kernels."""
    found: dict[str, float] = {}
    for process in psutil.process_iter(["cwd"]):
        try:
            cwd = process.info["cwd"] or ""
            if cwd.startswith(str(homes)):
                student = Path(cwd).relative_to(homes).parts[0]
                info = process.memory_full_info()
                found[student] = (
                    found.get(student, 0) + getattr(info, "pss", info.rss) / 1e6
                )
        except (psutil.NoSuchProcess, psutil.AccessDenied, ValueError, IndexError):
            pass
    return {k: round(v) for k, v in sorted(found.items())}


def _stop(hub: subprocess.Popen) -> None:
    tree = (
        [hub, *psutil.Process(hub.pid).children(recursive=True)]
        if hub.poll() is None
        else []
    )
    hub.terminate()
    try:
        hub.wait(timeout=60)
    except subprocess.TimeoutExpired:
        pass
    for process in tree[1:]:
        try:
            process.wait(timeout=10)
        except psutil.TimeoutExpired:
            process.kill()
        except psutil.NoSuchProcess:
            pass
    if hub.poll() is None:
        hub.kill()
        hub.wait()


def test_zero_to_jupyterhub_config_sets_what_a_class_needs():
    import yaml

    config = yaml.safe_load((ROOT / "hub" / "config.yaml").read_text())
    user = config["singleuser"]
    assert user["image"]["name"] and user["image"]["tag"]
    lesson = user["defaultUrl"].removeprefix("/lab/tree/twitchlib-lessons/")
    assert (ROOT / "notebooks" / lesson).is_file() and lesson.startswith("00_")

    def megabytes(text):
        return float(text[:-1]) * {"M": 1, "G": 1024}[text[-1]]

    assert (
        280
        <= megabytes(user["memory"]["guarantee"])
        <= megabytes(user["memory"]["limit"])
    )
    assert config["cull"]["enabled"] and 0 < config["cull"]["timeout"] <= 4 * 3600
    dockerfile = (ROOT / "hub" / "Dockerfile").read_text()
    assert "twitchlib[class]" in dockerfile and "start-twitchlib.sh" in dockerfile
