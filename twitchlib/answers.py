"""The student's answer file: every check, quiz answer and reason, kept on this machine.

As a student works, :func:`record` appends one line per answer to a JSON Lines file in
the folder where the notebook runs (the student's own folder):
``twitchlib-answers.jsonl``. Nothing is sent anywhere; there is no server. The file
holds the lesson, the question, the answer as typed or chosen, whether it was right,
and the time; no name (the student types a name only into an exit ticket).

Where the file goes:

- by default ``twitchlib-answers.jsonl`` in the current folder (in JupyterLab and Voilà,
  the notebook's folder);
- the environment variable ``TWITCHLIB_ANSWERS`` names another file, or ``off`` turns
  recording off (the test suite and ``make notebooks`` use this, so that running the
  lessons never writes into the repository).

If the file cannot be written (a read-only folder), answers are kept in memory for
the session instead, and checks still work.

Whose answers: every line carries the student's anonymous key (:func:`student_key`),
and :func:`answers` reads only the lines of the student at this keyboard, so a file
on a shared folder or network drive never hands one student's answers to another.
Lines without a key (written before keys were kept) belong to no one and are not read.

In the class server (``twitchlib class``) every student's page has a kernel of its
own, and all of them run in one folder. There the server names its class store
(:mod:`twitchlib.store`) in ``TWITCHLIB_CLASS_STORE``; each kernel makes a random
secret of its own when it first records, and files every answer in the store under
that secret. A kernel can read only the answers filed under its own secret: a name
typed into a page (:func:`set_student`) never gives access to another's answers.

>>> import os, tempfile
>>> before = os.environ.get("TWITCHLIB_ANSWERS")
>>> os.environ["TWITCHLIB_ANSWERS"] = os.path.join(tempfile.mkdtemp(), "a.jsonl")
>>> _ = record(3, "quiz", "q3_log_odds", "Because ...", True)
>>> [a.question for a in answers(lesson=3) if a.kind == "quiz"]
['q3_log_odds']
>>> if before is None:
...     del os.environ["TWITCHLIB_ANSWERS"]
... else:
...     os.environ["TWITCHLIB_ANSWERS"] = before
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import sqlite3
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from .store import STORE_ENV, ClassStore, StoreRefusal, new_student_key, student_id
from .store_records import check_key

FILE_NAME = "twitchlib-answers.jsonl"
# The key that orders the options of everything printed or published for a whole class
# (worksheets, their answer keys, the course website): one fixed order, the same on the
# sheet and on its key.
PRINTED_KEY = "printed for the class"
KINDS = ("opened", "quiz", "exercise", "case", "reason", "prediction", "handed in")
# Marks the moment an exit ticket was saved under a name (the answer is the name): on
# a login several students share, the next ticket holds only what came after it.
HANDED_IN = "handed in"
# Long answers (a pasted table, a huge array) are cut so the file stays small.
MAX_ANSWER_CHARS = 500

_memory: list[Answer] = []
# The student at this keyboard, once a page or a lesson has said who it is (set_student).
_student: dict[str, str] = {}
# In the class server: this kernel's own secret and the store it writes to, made once.
_class: dict[str, object] = {}


def set_student(key: str) -> None:
    """Say which student this session belongs to (a page's random key, a typed name).

    The class server's page sends a key kept in the student's browser; elsewhere a
    lesson may pass the name typed in an exit ticket. Example: ``set_student("ada")``.
    """
    if not isinstance(key, str) or not key.strip() or len(key) > 200:
        raise ValueError("key must be 1-200 characters of text naming the student")
    _student["key"] = key.strip()


def student_key() -> str:
    """A stable, anonymous key for the student at this keyboard (16 hexadecimal digits).

    The same student gets the same key every time (it seeds the order of quiz options):
    the key set by :func:`set_student`, else ``TWITCHLIB_STUDENT``, else the login name.
    Nothing personal is in it: it is a hash.

    >>> len(student_key())
    16
    """
    source = _student.get("key") or os.environ.get("TWITCHLIB_STUDENT", "").strip()
    if not source:
        try:
            source = getpass.getuser()
        except (OSError, KeyError):  # no login name (some containers)
            source = "student"
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:16]


Option = TypeVar("Option")


def option_order(
    question: str, options: Sequence[Option], key: str | None = None
) -> list[Option]:
    """The options of ``question`` in the order one student sees them.

    Each student gets a shuffled order, the same every time they open the question,
    and different students mostly get different orders, so "the top option" is never
    a strategy. ``key`` is the student's key (default :func:`student_key`); a printed
    sheet passes :data:`PRINTED_KEY`. The order depends only on the key, the question
    and the options' text, not on the order they are stored in.

    >>> order = option_order("q4_rda", ["310 mg/day", "420 mg/day", "350 mg/day"], "ada")
    >>> sorted(order) == sorted(["310 mg/day", "420 mg/day", "350 mg/day"])
    True
    >>> order == option_order("q4_rda", ["350 mg/day", "310 mg/day", "420 mg/day"], "ada")
    True
    """
    seed = key if key is not None else student_key()

    def rank(option: object) -> str:
        # An option may be a widget's (label, value) pair: order by its value.
        pair = isinstance(option, tuple) and len(option) == 2
        text = str(option[1] if pair else option)
        return hashlib.sha256(f"{seed}\x1f{question}\x1f{text}".encode()).hexdigest()

    return sorted(options, key=rank)


@dataclass(frozen=True)
class Answer:
    """One recorded answer.

    ``lesson`` is the lesson number (0-99); ``kind`` one of :data:`KINDS`;
    ``question`` the question's id (``"q3_log_odds"``, ``"03.1"``, a case name);
    ``answer`` the answer as text; ``correct`` True/False, or None where there is no
    right answer (a reason, a lesson opened); ``time`` ISO 8601, UTC.
    """

    lesson: int
    kind: str
    question: str
    answer: str
    correct: bool | None
    time: str


def answers_file() -> Path | None:
    """The file answers go to, or None when recording is off (``TWITCHLIB_ANSWERS=off``)."""
    setting = os.environ.get("TWITCHLIB_ANSWERS", "").strip()
    if setting.lower() == "off":
        return None
    return Path(setting) if setting else Path.cwd() / FILE_NAME


def _as_text(answer: object) -> str:
    text = answer if isinstance(answer, str) else repr(answer)
    return text if len(text) <= MAX_ANSWER_CHARS else text[: MAX_ANSWER_CHARS - 1] + "…"


def record(
    lesson: int, kind: str, question: str, answer: object, correct: bool | None
) -> Answer:
    """Append one answer to the student's answer file and return it.

    ``lesson`` 0-99; ``kind`` one of :data:`KINDS`; ``correct`` True, False or None.
    Example: ``record(5, "reason", "exam_week", "the coffee and no sleep", None)``.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}; got {kind!r}")
    entry = Answer(
        int(lesson),
        kind,
        str(question),
        _as_text(answer),
        None if correct is None else bool(correct),
        datetime.now(UTC).isoformat(timespec="seconds"),
    )
    if in_class():
        store = class_store()
        try:
            if store is None:
                raise OSError("the class store cannot be opened")
            store.record_answer(_class_secret(), *_stored_fields(entry))
        except (StoreRefusal, sqlite3.Error, OSError):
            # A failed write must not stop the lesson, nor fall back to a file the
            # whole class shares: keep the answer in this kernel for the session.
            _memory.append(entry)
        return entry
    path = answers_file()
    if path is None:
        _memory.append(entry)
        return entry
    try:
        line = {**asdict(entry), "student": student_key()}
        with path.open("a", encoding="utf-8") as stream:
            stream.write(json.dumps(line, ensure_ascii=False) + "\n")
    except OSError:
        # A read-only folder must not stop a lesson: keep the answer for this session.
        _memory.append(entry)
    return entry


def answers(lesson: int | None = None) -> list[Answer]:
    """Every recorded answer, oldest first (this session's in-memory ones last).

    Lines that are not valid answers (a hand-edited or damaged file) are skipped.
    """
    found: list[Answer] = []
    if in_class():
        store = class_store()
        try:
            kept = store.answers_of(_class_secret(), lesson) if store else []
        except (StoreRefusal, sqlite3.Error, OSError):
            kept = []
        found = [
            Answer(a.lesson, a.kind, a.question, a.answer, a.correct, a.time)
            for a in kept
        ]
        found.extend(_memory)
        return [a for a in found if lesson is None or a.lesson == lesson]
    path = answers_file()
    me = student_key()
    if path is not None and path.is_file():
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                item = json.loads(line)
                if item.get("student") != me:
                    continue  # another student's line, or no one's
                entry = Answer(
                    int(item["lesson"]),
                    str(item["kind"]),
                    str(item["question"]),
                    str(item["answer"]),
                    item["correct"],
                    str(item["time"]),
                )
            except (ValueError, KeyError, TypeError):
                continue
            if entry.kind in KINDS and entry.correct in (True, False, None):
                found.append(entry)
    found.extend(_memory)
    return [a for a in found if lesson is None or a.lesson == lesson]


def in_class() -> bool:
    """True in a kernel of the class server (``TWITCHLIB_CLASS_STORE`` is set).

    >>> isinstance(in_class(), bool)
    True
    """
    return bool(os.environ.get(STORE_ENV, "").strip())


def class_store() -> ClassStore | None:
    """The class server's store when this kernel runs in one (None outside it, or
    when the store cannot be opened: answers are then kept in memory only).

    The class server names its store in ``TWITCHLIB_CLASS_STORE``; the store is
    opened once per kernel. Example: ``class_store()`` is None outside the class server.
    """
    setting = os.environ.get(STORE_ENV, "").strip()
    if not setting:
        return None
    if _class.get("path") != setting:
        _class.clear()
        try:
            _class["store"] = ClassStore(setting)
        except (StoreRefusal, sqlite3.Error, OSError):
            _class["store"] = None  # answers stay in memory, checks still work
        _class["path"] = setting
    return _class["store"]  # type: ignore[return-value]


def _class_secret() -> str:
    """This kernel's secret in the class store: random, made once, never a typed name."""
    if "secret" not in _class:
        secret = new_student_key()
        store = class_store()
        if store is not None:
            store.join(secret)
        _class["secret"] = _class["own"] = secret
    return _class["secret"]  # type: ignore[return-value]


def use_class_key(key: str, name: str = "") -> str:
    """Make ``key`` (the random key this student's browser keeps) this kernel's
    secret in the class store, so a reloaded page (a new kernel) finds the same
    student and their answers; returns the student's public id.

    ``name`` is the name or pseudonym the student typed (may be empty). A key that is
    not a random secret of 22-128 letters, digits, '-' or '_' is refused
    (:class:`twitchlib.store.StoreRefusal`), and the kernel keeps its own secret.
    Outside the class server it raises ValueError.
    """
    store = class_store()
    if store is None:
        raise ValueError("use_class_key works only in the class server")
    check_key(key)
    if name:
        store.join(key, name)
    elif store.student(key) is None:
        store.join(key)
    own = _class.pop("own", None)
    if own is not None and own == _class.get("secret") and own != key:
        # What this page recorded under its kernel's own secret, before its browser's
        # key arrived, goes with that key (never another key's rows).
        store.hand_over(own, key)
    _class["secret"] = key
    return student_id(key)


def class_key() -> str | None:
    """This kernel's secret in the class store (the browser's key once it has said
    it), or None outside the class server. It is a secret: never show it."""
    return _class_secret() if class_store() is not None else None


def class_student_id() -> str | None:
    """The public id this kernel's answers carry in the class store, or None outside it.

    A teacher sees it in the class report beside the name the student typed.
    """
    return student_id(_class_secret()) if class_store() is not None else None


def save_class_ticket(lesson: int, name: str, ticket: dict) -> None:
    """Keep this kernel's exit ticket in the class store, under its own secret, with
    the name the student typed; a later one replaces it. Outside the class server it
    does nothing. A refused ticket raises :class:`twitchlib.store.StoreRefusal`.
    """
    store = class_store()
    if store is None:
        return
    secret = _class_secret()
    store.join(secret, name)
    store.save_ticket(secret, lesson, ticket)


def _stored_fields(entry: Answer) -> tuple:
    return (entry.lesson, entry.kind, entry.question, entry.answer, entry.correct)


def wrong_attempts(question: str) -> int:
    """How many wrong answers to ``question`` are recorded since its last right one."""
    count = 0
    for entry in answers():
        if entry.question == question and entry.kind in ("exercise", "quiz", "case"):
            count = 0 if entry.correct else count + 1
    return count


# The lesson activities (twitchlib.lessons.activities) call record() directly; answers
# announced on the notice board by anything else are recorded too.
