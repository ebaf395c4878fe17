"""``twitchlib class``: the classroom dashboard for a whole room, from one computer.

Voila serves the dashboard (the lessons' explorers with the code hidden) with
kernels started and the notebook run before anyone asks, so a student's page
opens at once. The server listens on the interface the teacher names; beyond
this computer (anything but 127.0.0.1) it always asks for a secret token, which
goes into a short link and a QR code for the projector.

Example::

    $ twitchlib class                          # this computer only
    $ twitchlib class --ip 0.0.0.0 --students 30   # every network of this computer
"""

from __future__ import annotations

import ipaddress
import os
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from ..store import STORE_ENV, STORE_FILE, ClassStore, StoreRefusal
from . import kernels, teacher
from ._paths import lessons_dir

DEFAULT_PORT = 8866
MAX_STUDENTS = 200
# Holds voila/templates/twitchlib, the dashboard page without CDN requests.
TEMPLATES_ROOT = Path(__file__).resolve().parent / "jupyter"
VOILA_CONFIG = TEMPLATES_ROOT / "config"


def add_arguments(
    parser, default_ip: str = "127.0.0.1", default_students: int = 30
) -> None:
    parser.add_argument(
        "--ip",
        default=default_ip,
        help="the network interface to listen on: 127.0.0.1 (this computer only, the"
        " default), 0.0.0.0 (every network this computer is on) or one of its addresses",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help="TCP port, 1024-65535 (default: %(default)s)",
    )
    parser.add_argument(
        "--students",
        type=int,
        default=default_students,
        help=f"kernels kept started and ready, one per student, 1-{MAX_STUDENTS}"
        f" (default: %(default)s); at most 2 x students + {kernels.RELOAD_MARGIN}"
        " kernels run at once, and a closed page's kernel is shut down after"
        f" {kernels.CULL_IDLE_S // 60} minutes (--cull-after)",
    )
    parser.add_argument(
        "--cull-after",
        type=float,
        default=float(kernels.CULL_IDLE_S),
        help="seconds a closed or reloaded page's kernel stays, idle and"
        " unconnected, before it is shut down, 5-86400 (default: %(default)s)",
    )
    parser.add_argument(
        "--token",
        default=None,
        help="the secret in the link (default: a new random one); an empty"
        " token is refused unless --ip is 127.0.0.1",
    )
    parser.add_argument(
        "--notebook",
        default="dashboard.ipynb",
        help="the lesson or dashboard to serve (default: %(default)s)",
    )
    parser.add_argument(
        "--refill-after",
        type=float,
        default=600.0,
        help="seconds after a student takes a ready kernel before a new one is"
        " started in its place, 0-86400 (default: %(default)s; starting one"
        " costs about 3 s of processor time, so a whole class refilling at"
        " once would slow everyone's sliders); a page that finds no ready kernel"
        " gets one started at once",
    )
    parser.add_argument(
        "--teacher-port",
        type=int,
        default=None,
        help="TCP port of the teacher page, 1024-65535 (default: the students' port + 1)",
    )
    parser.add_argument(
        "--teacher-token",
        default=None,
        help="the teacher page's own secret (default: a new random one); at least 8"
        " letters, digits, '-' or '_', never the students' token",
    )
    parser.add_argument("--no-qr", action="store_true", help="do not print the QR code")


def is_loopback(ip: str) -> bool:
    """True when ``ip`` only reaches this computer (127.0.0.0/8, ::1, localhost).

    >>> is_loopback("127.0.0.1"), is_loopback("0.0.0.0"), is_loopback("localhost")
    (True, False, True)
    """
    if ip == "localhost":
        return True
    try:
        return ipaddress.ip_address(ip).is_loopback
    except ValueError:
        return False


def check_teacher_settings(
    port: int, token: str, teacher_port: int, teacher_token: str
) -> None:
    """Refuse a teacher page that would share the students' port or secret.

    >>> check_teacher_settings(8866, "abc", 8866, "teacher-secret")
    Traceback (most recent call last):
    ...
    ValueError: --teacher-port must differ from the students' --port 8866
    """
    if not 1024 <= teacher_port <= 65535:
        raise ValueError(
            f"--teacher-port must be a TCP port number from 1024 to 65535,"
            f" got {teacher_port}"
        )
    if teacher_port == port:
        raise ValueError(f"--teacher-port must differ from the students' --port {port}")
    if (
        len(teacher_token) < 8
        or not teacher_token.replace("-", "").replace("_", "").isalnum()
    ):
        raise ValueError(
            "--teacher-token must be at least 8 letters, digits, '-' or '_'"
        )
    if teacher_token == token:
        raise ValueError(
            "--teacher-token must differ from the students' --token: a student"
            " would otherwise hold the teacher's controls"
        )


def check_settings(
    ip: str,
    port: int,
    students: int,
    token: str,
    refill_after: float = 600.0,
    cull_after: float = kernels.CULL_IDLE_S,
) -> None:
    """Refuse settings that would be unsafe or meaningless, naming the parameter.

    Times are in seconds: ``refill_after`` from 0 to 86400, ``cull_after`` (how long
    a closed page's kernel stays) from 5 to 86400.

    >>> check_settings("0.0.0.0", 8866, 30, "")
    Traceback (most recent call last):
    ...
    ValueError: --token: refusing to listen on 0.0.0.0 (beyond this computer) without a secret token
    >>> check_settings("127.0.0.1", 8866, 30, "", cull_after=1)
    Traceback (most recent call last):
    ...
    ValueError: --cull-after must be a time in seconds from 5 to 86400, got 1
    """
    if not 1024 <= port <= 65535:
        raise ValueError(
            f"--port must be a TCP port number from 1024 to 65535, got {port}"
        )
    if not 1 <= students <= MAX_STUDENTS:
        raise ValueError(
            f"--students must be a number of students from 1 to {MAX_STUDENTS},"
            f" got {students}"
        )
    if not 0 <= refill_after <= 86400:
        raise ValueError(
            f"--refill-after must be a time in seconds from 0 to 86400,"
            f" got {refill_after}"
        )
    if not 5 <= cull_after <= 86400:
        raise ValueError(
            f"--cull-after must be a time in seconds from 5 to 86400, got"
            f" {cull_after:g}"
        )
    if not token and not is_loopback(ip):
        raise ValueError(
            f"--token: refusing to listen on {ip} (beyond this computer)"
            " without a secret token"
        )
    if token and not token.replace("-", "").replace("_", "").isalnum():
        raise ValueError("--token may hold only letters, digits, '-' and '_'")
    if not is_loopback(ip) and ip not in ("0.0.0.0", "::"):
        try:
            ipaddress.ip_address(ip)
        except ValueError:
            raise ValueError(
                f"--ip must be an IP address such as 127.0.0.1, 0.0.0.0 or"
                f" 192.168.1.20, got {ip!r}"
            ) from None


def room_address(ip: str) -> str:
    """The address students type: this computer's address on the room's network.

    For 0.0.0.0 it asks the operating system which local address would reach a
    private network (a UDP socket that sends nothing).
    """
    if ip not in ("0.0.0.0", "::"):
        return ip
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            return probe.getsockname()[0]
        except OSError:
            return socket.gethostbyname(socket.gethostname())


def link(ip: str, port: int, token: str) -> str:
    """The short link a student opens."""
    host = room_address(ip)
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}/" + (f"?token={token}" if token else "")


def qr_text(url: str) -> str | None:
    """The link as a QR code drawn in the terminal, or None without ``segno``."""
    try:
        import segno
    except ImportError:
        return None
    import io

    out = io.StringIO()
    segno.make(url, error="m").terminal(out=out, compact=True)
    return out.getvalue()


COOKIE_SECRET_FILE = ".twitchlib-cookie-secret"


def class_cookie_secret(folder: Path) -> str:
    """The class folder's secret for signing the students' login cookies (hex), made
    once and kept in ``folder`` (readable by this user only), so that after the class
    server is restarted on the same folder a page reloaded with an old cookie still
    reaches its kernel. Voila's default is a new secret at every start.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> class_cookie_secret(folder) == class_cookie_secret(folder)
    True
    """
    path = folder / COOKIE_SECRET_FILE
    if path.is_file():
        text = path.read_text(encoding="ascii").strip()
        if len(text) == 64 and all(c in "0123456789abcdef" for c in text):
            return text
    secret = secrets.token_hex(32)
    path.write_text(secret + "\n", encoding="ascii")
    path.chmod(0o600)
    return secret


def voila_command(
    notebook: Path,
    ip: str,
    port: int,
    students: int,
    token: str,
    refill_after: float = 600.0,
    cull_after: float = kernels.CULL_IDLE_S,
    cookie_secret: str | None = None,
) -> list[str]:
    """The Voila command line: preheated kernels, one per student, no browser."""
    return [
        sys.executable,
        "-m",
        "voila",
        str(notebook),
        "--no-browser",
        f"--Voila.ip={ip}",
        f"--port={port}",
        "--Voila.port_retries=0",
        f"--token={token}",
        # Kernels started and the notebook run ahead of the students' requests.
        "--preheat_kernel=True",
        f"--pool_size={students}",
        f"--VoilaKernelManager.fill_delay={refill_after}",
        "--show_tracebacks=False",
        # twitchlib's page template (no CDN); found through JUPYTER_PATH, see voila_environment.
        "--template=twitchlib",
        # A closed or reloaded page's kernel is shut down once idle and unconnected
        # (Voila keeps its ready pool); the total is capped (twitchlib.delivery.kernels).
        f"--MappingKernelManager.cull_idle_timeout={cull_after:g}",
        # Checked at least twice within the time, so a kernel goes within 1.5 x it.
        "--MappingKernelManager.cull_interval="
        f"{max(1, min(kernels.CULL_INTERVAL_S, int(cull_after // 2)))}",
        "--MappingKernelManager.cull_connected=False",
        "--MappingKernelManager.cull_busy=False",
        "--VoilaConfiguration.multi_kernel_manager_class="
        "twitchlib.delivery.kernels.CappedKernelManager",
        f"--CappedKernelManager.max_kernels={kernels.kernel_cap(students)}",
    ] + ([f"--Voila.cookie_secret={cookie_secret}"] if cookie_secret else [])


def voila_environment() -> dict[str, str]:
    """The environment Voila runs in: twitchlib's page template on its search path,
    and twitchlib's Voila settings (``jupyter/config/voila.json``) on its config path.

    Those settings leave out JupyterLab extensions that a school's environment may
    hold but a dashboard never uses: nbgrader's (``@jupyter/nbgrader``) and the
    Notebook 7 one it brings (``@jupyter-notebook/lab-extension``) expect the full
    JupyterLab or Notebook application and print errors in a Voila page
    (``VoilaConfiguration.extension_denylist``, Voila 0.5).
    """
    env = dict(os.environ)
    ours = str(TEMPLATES_ROOT)
    env["JUPYTER_PATH"] = os.pathsep.join(
        p for p in (ours, env.get("JUPYTER_PATH", "")) if p
    )
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(
        p for p in (str(VOILA_CONFIG), env.get("JUPYTER_CONFIG_PATH", "")) if p
    )
    return env


def wait_for_port(port: int, process: subprocess.Popen, seconds: float = 120) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
            return True
        except OSError:
            time.sleep(0.3)
    return False


def serve(
    notebook: str,
    ip: str,
    port: int,
    students: int,
    token: str | None,
    show_qr: bool = True,
    refill_after: float = 600.0,
    teacher_port: int | None = None,
    teacher_token: str | None = None,
    cull_after: float = kernels.CULL_IDLE_S,
) -> int:
    """Run Voila and the teacher page until interrupted; returns Voila's exit status."""
    token = secrets.token_urlsafe(9) if token is None else token
    teacher_port = port + 1 if teacher_port is None else teacher_port
    teacher_token = teacher.new_token() if teacher_token is None else teacher_token
    try:
        check_settings(ip, port, students, token, refill_after, cull_after)
        check_teacher_settings(port, token, teacher_port, teacher_token)
    except ValueError as error:
        print(f"twitchlib: {error}", file=sys.stderr)
        return 2
    path = Path(notebook)
    if not path.is_file():
        path = lessons_dir() / notebook
    if not path.is_file():
        print(
            f"twitchlib: --notebook {notebook!r} is neither a file nor a shipped lesson"
            f" (in {lessons_dir()})",
            file=sys.stderr,
        )
        return 2
    try:
        import voila  # noqa: F401
    except ImportError:
        print(
            'twitchlib: Voila is not installed: pip install "twitchlib[class]"',
            file=sys.stderr,
        )
        return 2
    env = {**voila_environment(), "PYTHONUNBUFFERED": "1"}
    # Every student's kernel runs in the lesson's folder: their answers and exit
    # tickets go to the class store there, each under its own page's secret
    # (twitchlib.answers), never into one answer file the whole class shares.
    store_path = Path(env.get(STORE_ENV) or path.parent / STORE_FILE).resolve()
    try:
        store = ClassStore(store_path)
    except (StoreRefusal, sqlite3.Error, OSError) as problem:
        print(
            f"twitchlib: cannot keep the class's answers in {store_path}: {problem}",
            file=sys.stderr,
        )
        return 2
    env[STORE_ENV] = str(store_path)
    print(f"Answers and exit tickets are kept in {store_path}", flush=True)
    url = link(ip, port, token)
    # The teacher page runs in this process (a thread of the standard library's
    # server): it only reads and writes the store, so it needs none of Voila's
    # machinery, and it stops with this process.
    try:
        # A lesson's file name starts with its number; the dashboard has no exercises.
        page = teacher.TeacherPage(
            store,
            teacher_token,
            folder=path.parent,
            students_link=url,
            exercises=path.name[:2].isdigit(),
        )
        teacher_server = teacher.start(page, ip, teacher_port)
    except OSError as problem:
        print(
            f"twitchlib: --teacher-port {teacher_port} cannot be used: {problem}",
            file=sys.stderr,
        )
        return 2
    # Stopped by a service manager (SIGTERM) as by Ctrl+C: Voila and its kernels go too.
    signal.signal(signal.SIGTERM, _interrupt)
    process = subprocess.Popen(
        voila_command(
            path,
            ip,
            port,
            students,
            token,
            refill_after,
            cull_after,
            class_cookie_secret(path.parent),
        ),
        cwd=path.parent,
        env=env,
    )
    try:
        if not wait_for_port(port, process):
            print(
                "twitchlib: the server did not start (see its messages above)",
                file=sys.stderr,
            )
            process.terminate()
            teacher_server.shutdown()
            return process.wait() or 1
        where = "this computer only" if is_loopback(ip) else f"the network on {ip}"
        teacher_url = link(ip, teacher_port, teacher_token)
        print(
            f"\nClass server for {students} students ({where}).\n"
            f"\nFor the projector and the students:\n\n    {url}\n"
            f"\nTeacher page (keep this link to yourself):\n\n    {teacher_url}\n",
            flush=True,
        )
        qr = qr_text(url) if show_qr and not is_loopback(ip) else None
        if qr:
            print(qr, flush=True)
        elif show_qr and not is_loopback(ip):
            print('(for a QR code: pip install "twitchlib[class]")', flush=True)
        print("Stop with Ctrl+C.", flush=True)
        return process.wait()
    except KeyboardInterrupt:
        _stop(process)
        return 0
    finally:
        teacher_server.shutdown()


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _stop(process: subprocess.Popen) -> None:
    """Ask Voila to stop (it shuts its kernels down); kill it if it has not within 20 s."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT if os.name != "nt" else signal.SIGTERM)
        process.send_signal(signal.SIGINT if os.name != "nt" else signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def run(args) -> int:
    return serve(
        args.notebook,
        args.ip,
        args.port,
        args.students,
        args.token,
        show_qr=not args.no_qr,
        refill_after=args.refill_after,
        teacher_port=args.teacher_port,
        teacher_token=args.teacher_token,
        cull_after=args.cull_after,
    )
