"""The ``twitchlib`` console command, driven as a subprocess from a NON-editable install.

A wheel is built from this checkout and installed (``--no-deps``) into a fresh
virtual environment; the dependencies (JupyterLab, Voila, ...) are borrowed from
the test environment through a ``.pth`` line, which adds their folder but not the
editable install's own hook, so ``import twitchlib`` can only find the wheel's copy.
This keeps the test to seconds instead of a full download-and-install.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import sysconfig
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from browser import free_port

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A fresh venv holding twitchlib from a built wheel; returns (bin folder, env)."""
    where = tmp_path_factory.mktemp("install")
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(where / "dist"),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    wheel = next((where / "dist").glob("twitchlib-*.whl"))
    venv = where / "venv"
    subprocess.run(
        [sys._base_executable, "-m", "venv", "--without-pip", str(venv)], check=True
    )
    python = venv / "bin" / "python"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    site = Path(
        subprocess.run(
            [
                str(python),
                "-c",
                "import sysconfig; print(sysconfig.get_paths()['purelib'])",
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    (site / "borrowed_dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n"
    )
    env = {
        **os.environ,
        "JUPYTER_PATH": str(Path(sys.prefix) / "share" / "jupyter"),
        "PYTHONNOUSERSITE": "1",
        "HOME": str(where / "home"),
    }
    env.pop("PYTHONPATH", None)
    # Run from a folder of its own: from the checkout, `python -c` would import ./twitchlib.
    Path(env["HOME"]).mkdir()
    print(f"wheel built and installed in {time.perf_counter() - started:.1f} s")
    return venv / "bin", env


def _run(installed, *args, timeout=60):
    bin_dir, env = installed
    return subprocess.run(
        [str(bin_dir / "twitchlib"), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        cwd=env["HOME"],
    )


def test_the_wheel_is_what_runs(installed):
    bin_dir, env = installed
    done = subprocess.run(
        [
            str(bin_dir / "python"),
            "-c",
            "import twitchlib, twitchlib.delivery._paths as p;"
            " print(twitchlib.__file__); print(p.lessons_dir())",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        cwd=env["HOME"],
    )
    module, lessons = done.stdout.split()
    assert str(bin_dir.parent) in module, (
        "twitchlib was imported from the checkout, not the wheel"
    )
    assert Path(lessons).parent == Path(module).parent
    assert sorted(p.name for p in Path(lessons).glob("*.ipynb")) == LESSONS


def test_the_dashboard_template_is_where_voila_looks(installed):
    """Installed under share/jupyter, the template the dashboard's metadata names is found
    by Voila anywhere twitchlib is installed (JupyterLab's preview, a hub, Binder)."""
    bin_dir, _ = installed
    template = (
        bin_dir.parent / "share" / "jupyter" / "voila" / "templates" / "twitchlib"
    )
    assert (template / "index.html.j2").is_file() and (template / "conf.json").is_file()
    dashboard = json.loads(
        (ROOT / "notebooks" / "dashboard.ipynb").read_text(encoding="utf-8")
    )
    assert dashboard["metadata"]["voila"]["template"] == template.name
    page = (template / "index.html.j2").read_text(encoding="utf-8")
    assert "block html_head_js_mermaidjs" in page and "fontawesome" in page


def test_help_lists_the_subcommands(installed):
    done = _run(installed, "--help")
    assert done.returncode == 0, done.stderr
    for command in ("lab", "dashboard", "class"):
        assert re.search(rf"^\s+{command}\b", done.stdout, re.M), done.stdout
    version = _run(installed, "--version")
    assert version.stdout.startswith("twitchlib ")


def test_lab_copies_the_lessons_and_keeps_a_students_work(installed, tmp_path):
    folder = tmp_path / "my lessons"
    first = _run(installed, "lab", "--folder", str(folder), "--copy-only")
    assert first.returncode == 0, first.stderr
    assert sorted(p.name for p in folder.glob("*.ipynb")) == LESSONS
    # The glossary the lessons link to, a page that opens without a kernel.
    assert "### magnesium" in (folder / "glossary.md").read_text(encoding="utf-8")
    mine = folder / LESSONS[0]
    mine.write_text('{"my": "work"}')
    (folder / LESSONS[1]).unlink()
    again = _run(installed, "lab", "--folder", str(folder), "--copy-only")
    assert again.returncode == 0, again.stderr
    assert mine.read_text() == '{"my": "work"}'
    assert (folder / LESSONS[1]).is_file()
    # The other notebooks and the glossary page were kept.
    assert f"1 copied, {len(LESSONS)} of yours kept" in again.stdout


def test_bad_settings_are_refused_with_the_parameter_named(installed, tmp_path):
    open_to_all = _run(installed, "class", "--ip", "0.0.0.0", "--token", "")
    assert open_to_all.returncode == 2
    assert "--token" in open_to_all.stderr and "0.0.0.0" in open_to_all.stderr
    port = _run(installed, "class", "--port", "80")
    assert (
        port.returncode == 2
        and "--port" in port.stderr
        and "1024 to 65535" in port.stderr
    )
    students = _run(installed, "class", "--students", "0")
    assert students.returncode == 2 and "--students" in students.stderr
    teacher_port = _run(installed, "class", "--teacher-port", "80")
    assert teacher_port.returncode == 2 and "--teacher-port" in teacher_port.stderr
    assert "1024 to 65535" in teacher_port.stderr
    shared = _run(
        installed, "class", "--token", "same-secret", "--teacher-token", "same-secret"
    )
    assert shared.returncode == 2 and "--teacher-token" in shared.stderr
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    lab = _run(installed, "lab", "--folder", str(not_a_folder), "--copy-only")
    assert lab.returncode == 2 and "--folder" in lab.stderr


def _start(installed, *args):
    bin_dir, env = installed
    return subprocess.Popen(
        [str(bin_dir / "twitchlib"), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        cwd=env["HOME"],
        start_new_session=True,
    )


def _read_until(process, pattern, seconds=120):
    deadline, seen = time.monotonic() + seconds, []
    os.set_blocking(process.stdout.fileno(), False)
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if line:
            seen.append(line)
            match = re.search(pattern, line)
            if match:
                return match, "".join(seen)
        elif process.poll() is not None:
            break
        else:
            time.sleep(0.1)
    raise AssertionError(
        f"no line matching {pattern!r}; output:\n{''.join(seen)[-3000:]}"
    )


def _stop(process):
    os.killpg(process.pid, signal.SIGINT)
    try:
        process.wait(timeout=40)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _get(url, seconds=60):
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, b""
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


@pytest.mark.slow
def test_lab_serves_the_copied_lessons_on_localhost_with_a_token(installed, tmp_path):
    port = free_port()
    folder = tmp_path / "lessons"
    process = _start(
        installed, "lab", "--folder", str(folder), "--no-browser", "--port", str(port)
    )
    try:
        match, _ = _read_until(
            process, r"http://127\.0\.0\.1:(\d+)/lab/\S*\?token=(\w+)"
        )
        token = match.group(2)
        status, body = _get(f"http://127.0.0.1:{port}/api/contents?token={token}")
        assert status == 200
        names = sorted(item["name"] for item in json.loads(body)["content"])
        assert [n for n in names if n.endswith(".ipynb")] == LESSONS
        assert _get(f"http://127.0.0.1:{port}/api/contents")[0] == 403, (
            "no token, no lessons"
        )
    finally:
        _stop(process)


@pytest.mark.slow
def test_class_beyond_localhost_prints_a_link_with_its_secret_and_a_qr_code(installed):
    port, teacher_port = free_port(), free_port()
    process = _start(
        installed,
        "class",
        "--ip",
        "0.0.0.0",
        "--port",
        str(port),
        "--teacher-port",
        str(teacher_port),  # the port after --port may be taken
        "--students",
        "1",
    )
    try:
        match, _ = _read_until(process, rf"http://(\S+):{port}/\?token=([\w-]+)")
        token = match.group(2)
        assert len(token) >= 12
        _, output = _read_until(process, r"Stop with Ctrl\+C")
        assert "\u2588" in output or "\u2580" in output, "no QR code drawn"
        status, body = _get(f"http://127.0.0.1:{port}/")
        assert b"kernelId" not in body, "the dashboard must need the secret"
        status, body = _get(f"http://127.0.0.1:{port}/?token=wrong{token}")
        assert b"kernelId" not in body, "the dashboard must need the right secret"
        status, body = _get(f"http://127.0.0.1:{port}/?token={token}", seconds=120)
        assert status == 200 and b"kernelId" in body
        # The teacher page: its own link and secret, on the next port, its files in
        # the installed wheel; the students' token opens nothing there.
        found = re.search(
            rf"Teacher page[^\n]*\n\s*http://\S+:{teacher_port}/\?token=([\w-]+)",
            output,
        )
        assert found, output
        teacher_token = found.group(1)
        assert teacher_token != token
        teacher = f"http://127.0.0.1:{teacher_port}"
        assert _get(f"{teacher}/?token={token}")[0] == 403
        status, body = _get(f"{teacher}/teacher.js?token={teacher_token}")
        assert status == 200 and b"X-Teacher-Token" in body
    finally:
        _stop(process)


# What `twitchlib <args>` imports, in a fresh interpreter (no wheel needed).
_IMPORTS = """
import json, sys
from twitchlib.delivery import cli
try:
    cli.main(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""
HEAVY = ("voila", "nbconvert", "jupyter_server", "jupyterlab", "plotly", "ipywidgets")


def _imported(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", _IMPORTS, *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=True,
    )
    assert "usage: twitchlib" in done.stdout
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def _subcommand_modules(modules: set[str]) -> set[str]:
    from twitchlib.delivery.cli import COMMANDS

    return {m for m, _ in COMMANDS.values()} & {
        name.rsplit(".", 1)[-1]
        for name in modules
        if name.startswith("twitchlib.delivery.")
    }


def test_help_imports_no_subcommand_and_nothing_heavy():
    modules = _imported("--help")
    assert _subcommand_modules(modules) == set()
    assert not {m.split(".")[0] for m in modules} & set(HEAVY)


def test_a_subcommands_help_imports_only_that_subcommand():
    modules = _imported("lab", "--help")
    assert _subcommand_modules(modules) == {"lab"}
    assert not {m.split(".")[0] for m in modules} & set(HEAVY)
    assert (
        "--folder"
        in subprocess.run(
            [sys.executable, "-m", "twitchlib.delivery", "lab", "--help"],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        ).stdout
    )
