"""What the class store keeps and checks: its records, the student keys, the limits.

The records (a student, an answer, a live round, a student's progress) are frozen
dataclasses; :class:`AnswerStore` is the protocol every store meets. The checks here
raise :class:`StoreRefusal` (a ``ValueError``) naming the parameter and its limits, so a
refused write changes nothing.

>>> check_lesson(3)
3
>>> check_lesson(120)
Traceback (most recent call last):
...
twitchlib.store_records.StoreRefusal: lesson must be a lesson number 0-99; got 120
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol, runtime_checkable

# A written answer (lesson 07's rewrite of a claim) fits; a pasted data set does not.
MAX_ANSWER_CHARS = 4000
MAX_NAME_CHARS = 60
MAX_ID_CHARS = 80
MAX_TICKET_BYTES = 1_000_000
# 22 characters of URL-safe base64 carry 128 random bits: not guessable.
KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]{22,128}")
KIND_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,29}")
ROUND_STATES = ("open", "closed", "revealed")


class StoreRefusal(ValueError):
    """The store refused a write or a read; the message says what was wrong."""


@dataclass(frozen=True)
class Student:
    """A student of the class: public id (hash prefix), typed name, joined/last seen (UTC)."""

    student_id: str
    name: str
    joined: str
    last_seen: str


@dataclass(frozen=True)
class StoredAnswer:
    """One answer: whose (``student_id``), where, what, right or not, which try, when.

    ``correct`` is True/False, or None where there is no right answer (a reason);
    ``attempt`` counts this student's answers to the same question, from 1.
    """

    student_id: str
    lesson: int
    kind: str
    question: str
    answer: str
    correct: bool | None
    attempt: int
    time: str


@dataclass(frozen=True)
class Round:
    """A live-class round: one question put to the whole class.

    ``state`` is ``"open"`` (answers taken), ``"closed"`` or ``"revealed"`` (closed
    and the answer shown); ``options`` the allowed answers, or () for any text.
    """

    round_id: int
    question: str
    lesson: int | None
    options: tuple[str, ...]
    state: str
    opened: str


@dataclass(frozen=True)
class RoundAnswer:
    """A student's answer in a round; ``changes`` counts how often it was changed."""

    round_id: int
    student_id: str
    answer: str
    changes: int
    time: str


@dataclass(frozen=True)
class RoundSummary:
    """How a round stands: students who answered, out of those joined, and the counts
    of each answer (``distribution``, answer -> students, most chosen first)."""

    round: Round
    answered: int
    students: int
    distribution: dict[str, int]


@dataclass(frozen=True)
class StudentProgress:
    """Where a student is: the current item (question or exercise id), the wrong tries
    at it (every one since they came to it; a right try after them does not clear
    them), when that was (UTC), and whether a try at it was right (``solved``)."""

    student_id: str
    name: str
    lesson: int | None
    item: str
    wrong_tries: int
    time: str
    solved: bool = False


@runtime_checkable
class AnswerStore(Protocol):
    """What the lessons and the live class need from a class store.

    :class:`ClassStore` (one SQLite file) implements it; a JupyterHub service could
    implement it over HTTP. Every method that writes for a student takes the student's
    secret key and files the row under that key only; the methods without a key
    (``students``, ``all_answers``, ``tickets``, ``round_summary``, ``progress`` and
    the round controls) are the teacher's. Every refusal is a :class:`StoreRefusal`
    that changes nothing.

    - ``join(key, name)`` -> :class:`Student`: add the student (or rename them).
    - ``student(key)`` -> :class:`Student`, or None if the key never joined.
    - ``hand_over(old_key, new_key)`` -> rows moved: what a page recorded under its
      kernel's own key before its browser's key arrived, filed under that key.
    - ``record_answer(key, lesson, kind, question, answer, correct)`` ->
      :class:`StoredAnswer`.
    - ``answers_of(key, lesson=None)`` -> this student's answers, oldest first.
    - ``save_ticket(key, lesson, ticket)`` / ``ticket(key, lesson)``: the student's
      exit ticket (a JSON-able dict) for a lesson, the last one saved.
    - ``open_round(question, lesson=None, options=None)`` -> round id;
      ``submit(round_id, key, answer)`` -> :class:`RoundAnswer` (one per student per
      round, changeable while open); ``my_answer(round_id, key)``;
      ``close_round``, ``reveal``, ``reopen`` -> :class:`Round`;
      ``current_round()``; ``round_summary(round_id)`` -> :class:`RoundSummary`;
      ``round_answers(round_id)`` -> every student's :class:`RoundAnswer`;
      ``rounds()`` -> every :class:`Round`, oldest first.
    - ``set_progress(key, item, wrong_tries, lesson=None)``; ``progress()`` -> one
      :class:`StudentProgress` per student.
    """

    def join(self, key: str, name: str = "") -> Student: ...
    def student(self, key: str) -> Student | None: ...
    def record_answer(
        self,
        key: str,
        lesson: int,
        kind: str,
        question: str,
        answer: str,
        correct: bool | None,
    ) -> StoredAnswer: ...
    def answers_of(self, key: str, lesson: int | None = None) -> list[StoredAnswer]: ...
    def save_ticket(self, key: str, lesson: int, ticket: dict) -> None: ...
    def ticket(self, key: str, lesson: int) -> dict | None: ...
    def open_round(
        self,
        question: str,
        lesson: int | None = None,
        options: Sequence[str] | None = None,
    ) -> int: ...
    def submit(self, round_id: int, key: str, answer: str) -> RoundAnswer: ...
    def my_answer(self, round_id: int, key: str) -> RoundAnswer | None: ...
    def close_round(self, round_id: int) -> Round: ...
    def reveal(self, round_id: int) -> Round: ...
    def reopen(self, round_id: int) -> Round: ...
    def current_round(self) -> Round | None: ...
    def round_summary(self, round_id: int) -> RoundSummary: ...
    def round_answers(self, round_id: int) -> list[RoundAnswer]: ...
    def rounds(self) -> list[Round]: ...
    def previous_round(self, round_id: int) -> Round | None: ...
    def predict_first(self) -> bool: ...
    def set_predict_first(self, on: bool) -> None: ...
    def set_progress(
        self, key: str, item: str, wrong_tries: int, lesson: int | None = None
    ) -> None: ...
    def progress(self) -> list[StudentProgress]: ...
    def hand_over(self, old_key: str, new_key: str) -> int: ...


def new_student_key() -> str:
    """A fresh random student key (as the class page makes one): 32 URL-safe characters.

    >>> len(new_student_key())
    32
    """
    return secrets.token_urlsafe(24)


def key_hash(key: str) -> str:
    """The SHA-256 hash (hexadecimal) under which the store files a key's rows."""
    return hashlib.sha256(key.encode("ascii")).hexdigest()


def student_id(key: str) -> str:
    """The public id of a key: the first 16 hexadecimal digits of its hash."""
    return key_hash(key)[:16]


def utc_now() -> str:
    """The time now in UTC, ISO 8601 to the millisecond: how the store dates its rows."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def check_key(key: object) -> str:
    if not isinstance(key, str) or not KEY_PATTERN.fullmatch(key):
        raise StoreRefusal(
            "student key must be a random secret of 22-128 letters, digits, '-' or '_'"
            " (the class page makes one); got "
            + (f"{len(key)} characters" if isinstance(key, str) else type(key).__name__)
        )
    return key


def check_text(value: object, what: str, limit: int, empty_ok: bool = False) -> str:
    if not isinstance(value, str):
        raise StoreRefusal(f"{what} must be text; got {type(value).__name__}")
    if len(value) > limit:
        raise StoreRefusal(
            f"{what} is {len(value)} characters long; the limit is {limit}"
        )
    if not empty_ok and not value.strip():
        raise StoreRefusal(f"{what} must not be empty")
    if "\x00" in value:
        raise StoreRefusal(f"{what} must not hold a NUL character")
    return value


def check_lesson(lesson: object) -> int:
    if isinstance(lesson, bool) or not isinstance(lesson, int) or not 0 <= lesson <= 99:
        raise StoreRefusal(f"lesson must be a lesson number 0-99; got {lesson!r}")
    return lesson


def check_name(name: object) -> str:
    """A typed name with its spaces tidied; one limit, said one way, whatever its length
    (the exit ticket's name check says it in the same words)."""
    if not isinstance(name, str):
        raise StoreRefusal(f"name must be text; got {type(name).__name__}")
    text = " ".join(name.split())
    if len(text) > MAX_NAME_CHARS:
        raise StoreRefusal(
            f"name must be at most {MAX_NAME_CHARS} characters; got {len(text)}"
        )
    if "\x00" in text:
        raise StoreRefusal("name must not hold a NUL character")
    if any(not ch.isprintable() for ch in text):
        raise StoreRefusal("name must hold only printable characters")
    return text


def distinct_names(students: Sequence[tuple[str, str]]) -> dict[str, str]:
    """Names a teacher can tell apart: ``students`` is (student id, typed name) in the
    order they joined; a name typed again by another student gets " (2)", " (3)"...
    (compared without case), so two students both called Ben are "Ben" and "Ben (2)".
    An empty name stays empty.

    >>> distinct_names([("a1", "Ben"), ("b2", "Ada"), ("c3", "ben")])
    {'a1': 'Ben', 'b2': 'Ada', 'c3': 'ben (2)'}
    """
    seen: dict[str, int] = {}
    out = {}
    for sid, name in students:
        if not name:
            out[sid] = ""
            continue
        n = seen.get(name.casefold(), 0) + 1
        seen[name.casefold()] = n
        out[sid] = name if n == 1 else f"{name} ({n})"
    return out


Validator = Collection[str] | Callable[[str], bool] | None
