"""The teacher page of ``twitchlib class``: run a live round and see who is stuck.

It is served beside the students' dashboard, on a port of its own and behind a secret
of its own (the *teacher token*): the students' link can neither open it nor act
through it. From it the teacher puts a question of the bank
(:mod:`twitchlib.lessons.room_bank`) to the room, sees how many have answered (not
what) while the round is open, reveals the room's answers beside the model's, asks
again after discussion and compares, turns predict-first on or off, follows each
student's progress and downloads the class report and a gradebook.

It reads and writes the class store (:class:`twitchlib.store.ClassStore`), the same
SQLite file the students' kernels write to, so it needs nothing from Voila: a small
threaded server from the standard library, started in the ``twitchlib class``
process. Every request must carry the teacher token: the page's address holds it once
(``/?token=...``), the page then keeps it in a cookie for its own files (SameSite
strict, HTTP only) and sends it in the ``X-Teacher-Token`` header with every action,
so a link or a form on another site cannot act for the teacher.

Example::

    >>> import tempfile, os
    >>> from twitchlib.store import ClassStore, STORE_FILE
    >>> store = ClassStore(os.path.join(tempfile.mkdtemp(), STORE_FILE))
    >>> page = TeacherPage(store, token="t0ps3cret")
    >>> page.state()["round"] is None
    True
"""

from __future__ import annotations

import csv
import hmac
import io
import json
import mimetypes
import secrets
import tempfile
import threading
from http import HTTPStatus
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from ..lessons import room_bank
from ..store import ClassStore, StoreRefusal, distinct_names
from .class_report import class_report
from .gradebook import gradebook_table

STATIC = Path(__file__).resolve().parent / "teacher_static"
STATIC_FILES = {"teacher.html", "teacher.js", "teacher.css"}
COOKIE = "twitchlib_teacher"
HEADER = "X-Teacher-Token"
MAX_BODY_BYTES = 4096
# Wrong tries at one item from which the teacher page says a student is stuck: an
# exercise gives two tries before it offers the answer, so two wrong ones and no right
# one is a student who needs the teacher.
STUCK_AFTER = 2
STUCK_RULE = (
    f"Stuck: {STUCK_AFTER} or more wrong tries at the item they are on and no right"
    " one yet (the count stays until they move on to another item)."
)


class TeacherPage:
    """What the teacher page shows and does, apart from HTTP (tested directly).

    ``store`` is the class store; ``token`` the teacher's secret; ``folder`` where the
    students' exit tickets are saved (for the report and gradebook; default: the
    store's folder). ``exercises`` says whether the served page has exercises or
    quizzes (a lesson) or none (the dashboard, where students answer live rounds).
    """

    def __init__(
        self,
        store: ClassStore,
        token: str,
        folder: str | Path | None = None,
        students_link: str = "",
        exercises: bool = True,
    ):
        if not isinstance(token, str) or len(token) < 8:
            raise ValueError(
                "the teacher token must be a secret of 8 characters or more"
            )
        self.store = store
        self.token = token
        self.folder = Path(folder) if folder is not None else store.path.parent
        self.students_link = students_link
        self.exercises = exercises

    # --- what the page reads ----------------------------------------------------

    def bank(self) -> list[dict]:
        """The questions the teacher can ask, in lesson order, without answers."""
        return [
            {
                "id": q.id,
                "lesson": q.lesson,
                "kind": q.kind,
                "group": _group(q.id),
                "prompt": q.prompt,
            }
            for q in room_bank.bank()
        ]

    def state(self) -> dict:
        """The current round as the teacher may see it: while open, how many answered
        and nothing of what; once closed the distribution; once revealed also the
        answer, the explanation and the first vote of a question asked again."""
        current = self.store.current_round()
        named = self.named()
        out: dict = {
            "round": None,
            "predict_first": self.store.predict_first(),
            "progress": self.progress(current, named),
            "stuck_rule": STUCK_RULE,
            "students_link": self.students_link,
            "students": len(named),
            "unnamed_answered": 0,
        }
        if current is None:
            return out
        summary = self.store.round_summary(current.round_id)
        given = self.store.round_answers(current.round_id)
        answered = sum(a.student_id in named for a in given)
        q = room_bank.question(current.question)
        out.update(
            round={
                "id": current.round_id,
                "state": current.state,
                "question": q.id,
                "lesson": q.lesson,
                "kind": q.kind,
                "prompt": q.prompt,
                "options": list(q.options),
                "unit": q.unit,
                "low": q.low,
                "high": q.high,
            },
            # Counted over the students who typed a name: a projector or a preheated
            # kernel nobody opened is not a student.
            answered=answered,
            unnamed_answered=len(given) - answered,
        )
        if current.state == "open":
            return out
        out["distribution"] = summary.distribution
        earlier = self.store.previous_round(current.round_id)
        if earlier is not None:
            out["previous"] = {
                "id": earlier.round_id,
                "distribution": self.store.round_summary(earlier.round_id).distribution,
            }
        if current.state == "revealed":
            out["answer"] = {
                "answer": q.answer,
                "sound": list(q.sound),
                "value": q.value,
                "tolerance": q.tolerance() if q.kind == "number" else None,
                "tolerance_words": q.tolerance_words() if q.kind == "number" else "",
                "explanation": q.explanation,
                "right": sum(
                    n for a, n in summary.distribution.items() if q.is_right(a)
                ),
            }
        return out

    def named(self) -> dict[str, str]:
        """The students who typed a name, as student id -> a name the teacher can tell
        apart from the others ("Ben", "Ben (2)"), first joined first."""
        names = distinct_names([(s.student_id, s.name) for s in self.store.students()])
        return {sid: name for sid, name in names.items() if name}

    def progress(self, current=None, named: dict[str, str] | None = None) -> list[dict]:
        """Each student who typed a name: the item they are on in words, wrong tries,
        whether they are stuck (:data:`STUCK_AFTER` or more wrong tries there and no
        right one), whether a ticket is saved, and the live round: whether they
        answered the current round and the last round they answered."""
        named = self.named() if named is None else named
        if current is None:
            current = self.store.current_round()
        saved = {student for student, _ in self.store.tickets()}
        last: dict[str, int] = {}
        for r in self.store.rounds():
            for a in self.store.round_answers(r.round_id):
                last[a.student_id] = r.round_id
        rows = []
        for p in self.store.progress():
            if p.student_id not in named:
                continue
            rows.append(
                {
                    "name": named[p.student_id],
                    "item": _item_words(p.item, self.exercises),
                    "wrong_tries": p.wrong_tries,
                    "solved": p.solved,
                    "stuck": p.wrong_tries >= STUCK_AFTER and not p.solved,
                    "ticket": p.student_id in saved,
                    "since": p.time,
                    "answered_round": current is not None
                    and last.get(p.student_id, 0) >= current.round_id,
                    "last_round": last.get(p.student_id),
                }
            )
        return rows

    # --- what the page does -----------------------------------------------------

    def act(self, action: str, body: dict) -> dict:
        """Run one of the teacher's actions; a refusal raises ValueError (nothing
        changed). Actions: open (``question``; while a round is open only with
        ``replace: true``, which closes it first), close, reveal, again,
        predict-first (``on``)."""
        if action == "open":
            q = room_bank.question(body.get("question"))
            current = self.store.current_round()
            if current is not None and current.state == "open":
                if body.get("replace") is not True:
                    # One click must not throw away a round the room is answering.
                    raise ValueError(
                        f"round {current.round_id} is still open for answers: close"
                        " it first, or confirm to close it and open the new one"
                    )
                self.store.close_round(current.round_id)
            self.store.open_round(q.id, q.lesson, q.options or None)
        elif action in ("close", "reveal", "again"):
            current = self.store.current_round()
            if current is None:
                raise ValueError("no question has been asked yet: open one first")
            if action == "close":
                self.store.close_round(current.round_id)
            elif action == "reveal":
                self.store.reveal(current.round_id)
            else:
                # Asking again is a new round of the same question, so the first vote
                # stays to compare with.
                if current.state == "open":
                    raise ValueError(
                        "the round is still open: reveal it before asking again"
                    )
                q = room_bank.question(current.question)
                self.store.open_round(q.id, q.lesson, q.options or None)
        elif action == "predict-first":
            on = body.get("on")
            if not isinstance(on, bool):
                raise ValueError("predict-first needs on: true or false")
            self.store.set_predict_first(on)
        else:
            raise ValueError(f"unknown action {action[:40]!r}")
        return self.state()

    # --- downloads ----------------------------------------------------------------

    def qr_svg(self) -> bytes:
        """The students' link as a QR code (SVG), or a line saying how to get one."""
        try:
            import segno
        except ImportError:
            segno = None
        if segno is None or not self.students_link:
            text = "QR code: pip install segno" if self.students_link else ""
            return (
                "<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'>"
                f"<title>{text}</title></svg>"
            ).encode()
        out = io.BytesIO()
        segno.make(self.students_link, error="m").save(
            out, kind="svg", scale=6, border=2, title="QR code of the students' link"
        )
        return out.getvalue()

    def report_files(self, out_dir: Path) -> Path:
        """Write the class report (the tickets saved and the live rounds so far)
        into ``out_dir``."""
        return class_report(self.folder, store=self.store).write(out_dir)

    def gradebook_csv(self, platform: str) -> str:
        """The gradebook of the tickets and live rounds so far, as CSV text for
        ``platform``."""
        report = class_report(self.folder, store=self.store)
        header, rows, _notes = gradebook_table(report, platform)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
        return out.getvalue()


def _group(question_id: str) -> str:
    return {
        "quiz": "Quiz",
        "case": "Which cause fits",
        "claim": "The article's claims",
        "number": "Predict a number",
    }[question_id.split(":", 1)[0]]


def _item_words(item: str, exercises: bool = True) -> str:
    """An item id as the teacher reads it: the question's words, or the exercise.
    With no item, what the page offers: ``exercises`` False for the dashboard."""
    if not item:
        return (
            "no exercise or quiz yet" if exercises else "exploring (no exercises here)"
        )
    for prefix in ("", "quiz:", "case:", "claim:"):
        if room_bank.is_known(prefix + item):
            prompt = room_bank.question(prefix + item).prompt
            return prompt if len(prompt) <= 90 else prompt[:87].rstrip() + "..."
    if item[:2].isdigit() and "." in item:
        return f"exercise {item}"
    return item


def make_server(page: TeacherPage, ip: str, port: int) -> ThreadingHTTPServer:
    """An HTTP server for ``page`` on ``ip``:``port`` (not yet serving)."""
    handler = type("Handler", (_Handler,), {"page": page})
    server = ThreadingHTTPServer((ip, port), handler)
    server.daemon_threads = True
    return server


def start(page: TeacherPage, ip: str, port: int) -> ThreadingHTTPServer:
    """Serve ``page`` from a background thread; stop it with ``server.shutdown()``."""
    server = make_server(page, ip, port)
    threading.Thread(target=server.serve_forever, daemon=True, name="teacher").start()
    return server


def new_token() -> str:
    """A random teacher secret (URL-safe)."""
    return secrets.token_urlsafe(12)


class _Handler(BaseHTTPRequestHandler):
    page: TeacherPage
    server_version = "twitchlib-teacher"

    def log_message(self, format, *args):  # the terminal shows the links, not requests
        pass

    # --- the secret ---------------------------------------------------------------

    def _given_token(self, header_only: bool) -> str:
        if header_only:
            return self.headers.get(HEADER, "")
        query = parse_qs(urlsplit(self.path).query).get("token", [""])[0]
        cookie = SimpleCookie(self.headers.get("Cookie", ""))
        from_cookie = cookie[COOKIE].value if COOKIE in cookie else ""
        return self.headers.get(HEADER, "") or query or from_cookie

    def _allowed(self, header_only: bool = False) -> bool:
        given = self._given_token(header_only)
        if given and hmac.compare_digest(given.encode(), self.page.token.encode()):
            return True
        self._send(
            HTTPStatus.FORBIDDEN,
            "text/plain; charset=utf-8",
            b"This is the teacher's page: it needs the teacher's link.",
        )
        return False

    # --- replies ------------------------------------------------------------------

    def _send(self, status, kind: str, body: bytes, extra: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status, value) -> None:
        self._send(status, "application/json", json.dumps(value).encode())

    # --- routes -------------------------------------------------------------------

    def do_GET(self):
        if not self._allowed():
            return
        path = urlsplit(self.path).path
        query = parse_qs(urlsplit(self.path).query)
        try:
            if path in ("/", "/teacher.html"):
                cookie = (
                    f"{COOKIE}={self.page.token}; HttpOnly; SameSite=Strict; Path=/"
                )
                body = (STATIC / "teacher.html").read_bytes()
                self._send(
                    HTTPStatus.OK,
                    "text/html; charset=utf-8",
                    body,
                    {"Set-Cookie": cookie},
                )
            elif path.lstrip("/") in STATIC_FILES:
                name = path.lstrip("/")
                kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
                self._send(HTTPStatus.OK, kind, (STATIC / name).read_bytes())
            elif path == "/api/state":
                self._json(HTTPStatus.OK, self.page.state())
            elif path == "/qr.svg":
                self._send(HTTPStatus.OK, "image/svg+xml", self.page.qr_svg())
            elif path == "/api/bank":
                self._json(HTTPStatus.OK, self.page.bank())
            # The report's page asks for plotly.min.js beside it: at /plotly.min.js.
            elif path in ("/report", "/report/plotly.min.js", "/plotly.min.js"):
                with tempfile.TemporaryDirectory() as out:
                    written = self.page.report_files(Path(out))
                    name = "plotly.min.js" if path.endswith(".js") else written.name
                    kind = "text/javascript" if name.endswith(".js") else "text/html"
                    self._send(
                        HTTPStatus.OK,
                        f"{kind}; charset=utf-8",
                        (Path(out) / name).read_bytes(),
                    )
            elif path == "/gradebook.csv":
                platform = query.get("format", ["moodle"])[0]
                text = self.page.gradebook_csv(platform)
                self._send(
                    HTTPStatus.OK,
                    "text/csv; charset=utf-8",
                    text.encode("utf-8"),
                    {
                        "Content-Disposition": (
                            f'attachment; filename="gradebook-{platform}.csv"'
                        )
                    },
                )
            else:
                self._send(HTTPStatus.NOT_FOUND, "text/plain", b"not found")
        except (ValueError, OSError) as problem:
            self._json(HTTPStatus.BAD_REQUEST, {"error": str(problem)})

    def do_POST(self):
        if not self._allowed(header_only=True):
            return
        path = urlsplit(self.path).path
        if not path.startswith("/api/"):
            self._send(HTTPStatus.NOT_FOUND, "text/plain", b"not found")
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_BODY_BYTES:
            self._json(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                {"error": f"a request holds at most {MAX_BODY_BYTES} bytes"},
            )
            return
        try:
            body = json.loads(self.rfile.read(length) or b"{}")
            if not isinstance(body, dict):
                raise ValueError("the request must be a JSON object")
            self._json(HTTPStatus.OK, self.page.act(path[len("/api/") :], body))
        except (ValueError, StoreRefusal) as problem:  # JSON errors are ValueErrors
            self._json(HTTPStatus.BAD_REQUEST, {"error": str(problem)})
