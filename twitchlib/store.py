"""The class store: every student's answers, exit tickets and live rounds, in one file.

The class server (``twitchlib class``) keeps one SQLite file, ``twitchlib-class.sqlite``,
in its class folder and names it to every student's kernel in the environment variable
``TWITCHLIB_CLASS_STORE``. Nothing leaves the computer. The file is in WAL mode with a
busy timeout, so thirty kernels can write at once; every write is one transaction, so a
kernel killed mid-write leaves every answer it committed and none half-written.

Who is who: the student's browser makes a random secret, the *student key*, keeps it
(localStorage) and hands it to its own kernel. Each write carries that key; the store
keeps only the key's SHA-256 hash and files the row under it, so a kernel can write and
read only the rows of the key it holds, and a key seen in the file (or in a report) is
of no use for writing. A student's public ``student_id`` is the first 16 hexadecimal
digits of that hash. The only personal detail kept is the name or pseudonym the student
types.

Bad input changes nothing and raises :class:`StoreRefusal` (a ``ValueError``) naming
what was wrong: a key that is not a random secret, an unknown student, an answer over
:data:`MAX_ANSWER_CHARS` characters, a question id the caller does not know, an answer
to a round that is closed.

>>> import tempfile, os
>>> store = ClassStore(os.path.join(tempfile.mkdtemp(), STORE_FILE),
...                    known_questions={"q3_log_odds"})
>>> key = new_student_key()
>>> store.join(key, "Ada").name
'Ada'
>>> store.record_answer(key, 3, "quiz", "q3_log_odds", "Because ...", True).attempt
1
>>> round_id = store.open_round("q3_log_odds", options=["A", "B"])
>>> store.submit(round_id, key, "B").answer
'B'
>>> store.close_round(round_id).state
'closed'
>>> store.round_summary(round_id).distribution
{'B': 1}
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from .store_records import (
    KIND_PATTERN,
    MAX_ANSWER_CHARS,
    MAX_ID_CHARS,
    MAX_NAME_CHARS,
    MAX_TICKET_BYTES,
    ROUND_STATES,
    AnswerStore,
    Round,
    RoundAnswer,
    RoundSummary,
    StoredAnswer,
    StoreRefusal,
    Student,
    StudentProgress,
    Validator,
    check_key,
    check_lesson,
    check_name,
    check_text,
    distinct_names,
    key_hash,
    new_student_key,
    student_id,
    utc_now,
)
from .store_rows import (
    CHECKED_KINDS,
    answer_of_row,
    move_student,
    put_progress,
    wrong_tries,
)
from .store_schema import (
    BUSY_TIMEOUT_S,
    SCHEMA_VERSION,
    check_or_create,
    use_wal,
)

__all__ = [
    "BUSY_TIMEOUT_S",
    "MAX_ANSWER_CHARS",
    "MAX_NAME_CHARS",
    "MAX_TICKET_BYTES",
    "SCHEMA_VERSION",
    "STORE_ENV",
    "STORE_FILE",
    "AnswerStore",
    "ClassStore",
    "Round",
    "RoundAnswer",
    "RoundSummary",
    "StoreRefusal",
    "StoredAnswer",
    "Student",
    "StudentProgress",
    "distinct_names",
    "key_hash",
    "new_student_key",
    "open_class_store",
    "student_id",
]

STORE_FILE = "twitchlib-class.sqlite"
STORE_ENV = "TWITCHLIB_CLASS_STORE"


class ClassStore:
    """The class's answers in one SQLite file (see the module's docstring).

    ``path`` is the file (created if missing, with its folder); ``known_questions`` a
    set of the question ids this class asks, or a callable that says whether an id is
    known, or None to take any id of at most 80 characters. A file that is not a
    twitchlib class store is refused, never changed.

    >>> import tempfile, os
    >>> ClassStore(os.path.join(tempfile.mkdtemp(), STORE_FILE)).students()
    []
    """

    def __init__(self, path: str | Path, known_questions: Validator = None):
        self.path = Path(path)
        self._known = known_questions
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with self._connection() as con:
                use_wal(con)
                # Checked and created in one write transaction: thirty kernels that
                # open a new store at the same moment see it either empty or whole.
                con.execute("BEGIN IMMEDIATE")
                try:
                    check_or_create(con, self.path.name)
                except BaseException:
                    con.execute("ROLLBACK")
                    raise
                con.execute("COMMIT")
        except sqlite3.DatabaseError as problem:
            raise StoreRefusal(
                f"{self.path.name} cannot be used as the class store ({problem})"
            ) from None

    # --- connections -------------------------------------------------------------

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        # One connection per operation: safe across threads and forked processes,
        # and nothing stays open if a kernel dies.
        con = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            con.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
            # FULL: a committed answer survives even a power cut, not just a crash.
            con.execute("PRAGMA synchronous=FULL")
            con.execute("PRAGMA foreign_keys=ON")
            yield con
        finally:
            con.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One transaction: all of it is committed, or none of it."""
        with self._connection() as con:
            con.execute("BEGIN IMMEDIATE")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")

    def _read(self, sql: str, args: tuple = ()) -> list[tuple]:
        with self._connection() as con:
            return con.execute(sql, args).fetchall()

    # --- checks ------------------------------------------------------------------

    def _check_question(self, question: object) -> str:
        text = check_text(question, "question id", MAX_ID_CHARS)
        known = self._known
        if known is None:
            return text
        ok = known(text) if callable(known) else text in known
        if not ok:
            raise StoreRefusal(
                f"unknown question id {text!r}: this class does not ask it"
            )
        return text

    def _joined(self, con: sqlite3.Connection, key: str) -> str:
        digest = key_hash(check_key(key))
        if con.execute("SELECT 1 FROM students WHERE key_hash=?", (digest,)).fetchone():
            return digest
        raise StoreRefusal(
            "unknown student key: this key has not joined the class (join first)"
        )

    def _touch(self, con: sqlite3.Connection, digest: str, now: str) -> None:
        con.execute("UPDATE students SET last_seen=? WHERE key_hash=?", (now, digest))

    # --- students ----------------------------------------------------------------

    def join(self, key: str, name: str = "") -> Student:
        """Add the student holding ``key`` (or give them a new ``name``); an empty
        name keeps the one they had; at most :data:`MAX_NAME_CHARS` (60) printable
        characters. Names typed twice are told apart by :func:`distinct_names`."""
        digest = key_hash(check_key(key))
        cleaned = check_name(name)
        now = utc_now()
        with self._write() as con:
            con.execute(
                "INSERT INTO students VALUES (?, ?, ?, ?) ON CONFLICT(key_hash) DO"
                " UPDATE SET last_seen=excluded.last_seen, name=CASE WHEN"
                " excluded.name='' THEN name ELSE excluded.name END",
                (digest, cleaned, now, now),
            )
        found = self.student(key)
        assert found is not None
        return found

    def student(self, key: str) -> Student | None:
        """The student holding ``key``, or None if that key never joined."""
        rows = self._read(
            "SELECT key_hash, name, joined, last_seen FROM students WHERE key_hash=?",
            (key_hash(check_key(key)),),
        )
        return Student(rows[0][0][:16], *rows[0][1:]) if rows else None

    def students(self) -> list[Student]:
        """Every student who joined, first joined first (the teacher's view)."""
        rows = self._read(
            "SELECT key_hash, name, joined, last_seen FROM students ORDER BY joined"
        )
        return [Student(r[0][:16], *r[1:]) for r in rows]

    # --- answers -----------------------------------------------------------------

    def record_answer(
        self,
        key: str,
        lesson: int,
        kind: str,
        question: str,
        answer: str,
        correct: bool | None,
    ) -> StoredAnswer:
        """Keep one answer of the student holding ``key``; returns it with its try number.

        ``lesson`` 0-99; ``kind`` a lower-case word (``"quiz"``, ``"exercise"``,
        ``"reason"``, ...); ``question`` a known question id; ``answer`` text of at most
        :data:`MAX_ANSWER_CHARS` characters; ``correct`` True, False or None.
        """
        lesson = check_lesson(lesson)
        if not isinstance(kind, str) or not KIND_PATTERN.fullmatch(kind):
            raise StoreRefusal(
                f"kind must be a lower-case word of 1-30 letters; got {kind!r}"
            )
        question = self._check_question(question)
        answer = check_text(answer, "answer", MAX_ANSWER_CHARS, empty_ok=True)
        if correct not in (True, False, None):
            raise StoreRefusal(f"correct must be True, False or None; got {correct!r}")
        now = utc_now()
        with self._write() as con:
            digest = self._joined(con, key)
            attempt = (
                1
                + con.execute(
                    "SELECT COUNT(*) FROM answers WHERE key_hash=? AND lesson=? AND"
                    " kind=? AND question=?",
                    (digest, lesson, kind, question),
                ).fetchone()[0]
            )
            con.execute(
                "INSERT INTO answers (key_hash, lesson, kind, question, answer,"
                " correct, attempt, time) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (digest, lesson, kind, question, answer, correct, attempt, now),
            )
            if kind in CHECKED_KINDS:
                wrong = wrong_tries(con, digest, question)
                put_progress(con, digest, lesson, question, wrong, now)
            self._touch(con, digest, now)
        return StoredAnswer(
            digest[:16], lesson, kind, question, answer,
            None if correct is None else bool(correct), attempt, now,
        )  # fmt: skip

    def answers_of(self, key: str, lesson: int | None = None) -> list[StoredAnswer]:
        """The answers of the student holding ``key`` (only theirs), oldest first."""
        digest = key_hash(check_key(key))
        sql = "SELECT * FROM answers WHERE key_hash=?"
        args: tuple = (digest,)
        if lesson is not None:
            sql, args = sql + " AND lesson=?", (*args, check_lesson(lesson))
        return [answer_of_row(r) for r in self._read(sql + " ORDER BY id", args)]

    def all_answers(self, lesson: int | None = None) -> list[StoredAnswer]:
        """Every student's answers, oldest first (the teacher's view)."""
        if lesson is None:
            rows = self._read("SELECT * FROM answers ORDER BY id")
        else:
            rows = self._read(
                "SELECT * FROM answers WHERE lesson=? ORDER BY id",
                (check_lesson(lesson),),
            )
        return [answer_of_row(r) for r in rows]

    # --- exit tickets ------------------------------------------------------------

    def save_ticket(self, key: str, lesson: int, ticket: dict) -> None:
        """Keep the exit ticket (a JSON-able dict, at most 1 MB) of the student holding
        ``key`` for ``lesson``; a later one replaces it."""
        lesson = check_lesson(lesson)
        if not isinstance(ticket, dict):
            raise StoreRefusal(f"ticket must be a dict; got {type(ticket).__name__}")
        try:
            body = json.dumps(ticket, ensure_ascii=False)
        except (TypeError, ValueError) as problem:
            raise StoreRefusal(f"ticket cannot be saved as JSON ({problem})") from None
        if len(body.encode("utf-8")) > MAX_TICKET_BYTES:
            raise StoreRefusal(
                f"ticket is larger than the limit of {MAX_TICKET_BYTES // 1000} kB"
            )
        now = utc_now()
        with self._write() as con:
            digest = self._joined(con, key)
            con.execute(
                "INSERT OR REPLACE INTO tickets VALUES (?, ?, ?, ?)",
                (digest, lesson, body, now),
            )
            self._touch(con, digest, now)

    def ticket(self, key: str, lesson: int) -> dict | None:
        """The last exit ticket the student holding ``key`` saved for ``lesson``."""
        rows = self._read(
            "SELECT body FROM tickets WHERE key_hash=? AND lesson=?",
            (key_hash(check_key(key)), check_lesson(lesson)),
        )
        return json.loads(rows[0][0]) if rows else None

    def tickets(self, lesson: int | None = None) -> list[tuple[str, dict]]:
        """Every saved exit ticket as (student id, ticket), oldest first (the teacher's)."""
        sql, args = "SELECT key_hash, body FROM tickets", ()
        if lesson is not None:
            sql, args = sql + " WHERE lesson=?", (check_lesson(lesson),)
        rows = self._read(sql + " ORDER BY saved", args)
        return [(r[0][:16], json.loads(r[1])) for r in rows]

    # --- live rounds -------------------------------------------------------------

    def open_round(
        self,
        question: str,
        lesson: int | None = None,
        options: Sequence[str] | None = None,
    ) -> int:
        """Put ``question`` (a known id) to the class; returns the new round's id.

        ``options`` are the answers a student may give (None: any text).
        """
        question = self._check_question(question)
        if lesson is not None:
            lesson = check_lesson(lesson)
        chosen = tuple(options or ())
        for option in chosen:
            check_text(option, "option", MAX_ANSWER_CHARS)
        if len(set(chosen)) != len(chosen):
            raise StoreRefusal("options must differ from one another")
        now = utc_now()
        with self._write() as con:
            cursor = con.execute(
                "INSERT INTO rounds (question, lesson, options, state, opened, changed)"
                " VALUES (?, ?, ?, 'open', ?, ?)",
                (question, lesson, json.dumps(chosen), now, now),
            )
            return int(cursor.lastrowid)

    def _round(self, con: sqlite3.Connection, round_id: object) -> Round:
        if isinstance(round_id, bool) or not isinstance(round_id, int):
            raise StoreRefusal(f"round id must be a whole number; got {round_id!r}")
        row = con.execute(
            "SELECT id, question, lesson, options, state, opened FROM rounds"
            " WHERE id=?",
            (round_id,),
        ).fetchone()
        if row is None:
            raise StoreRefusal(f"there is no round {round_id}")
        return Round(row[0], row[1], row[2], tuple(json.loads(row[3])), *row[4:])

    def get_round(self, round_id: int) -> Round:
        """The round ``round_id`` as it stands."""
        with self._connection() as con:
            return self._round(con, round_id)

    def current_round(self) -> Round | None:
        """The newest round (open, closed or revealed), or None before the first."""
        with self._connection() as con:
            row = con.execute("SELECT MAX(id) FROM rounds").fetchone()
            return None if row[0] is None else self._round(con, row[0])

    def submit(self, round_id: int, key: str, answer: str) -> RoundAnswer:
        """The answer of the student holding ``key`` in an open round; an earlier
        answer of theirs in that round is replaced (one answer per student per round)."""
        answer = check_text(answer, "answer", MAX_ANSWER_CHARS)
        now = utc_now()
        with self._write() as con:
            found = self._round(con, round_id)
            if found.state != "open":
                raise StoreRefusal(
                    f"round {round_id} is {found.state}: answers are no longer taken"
                )
            if found.options and answer not in found.options:
                raise StoreRefusal(
                    f"answer {answer[:40]!r} is not one of this round's options:"
                    f" {'; '.join(found.options)}"
                )
            digest = self._joined(con, key)
            con.execute(
                "INSERT INTO round_answers VALUES (?, ?, ?, 0, ?) ON CONFLICT"
                " (round_id, key_hash) DO UPDATE SET answer=excluded.answer,"
                " time=excluded.time, changes=changes + (answer != excluded.answer)",
                (round_id, digest, answer, now),
            )
            self._touch(con, digest, now)
            changes = con.execute(
                "SELECT changes FROM round_answers WHERE round_id=? AND key_hash=?",
                (round_id, digest),
            ).fetchone()[0]
        return RoundAnswer(round_id, digest[:16], answer, changes, now)

    def my_answer(self, round_id: int, key: str) -> RoundAnswer | None:
        """The answer the student holding ``key`` gave in the round, or None."""
        digest = key_hash(check_key(key))
        with self._connection() as con:
            self._round(con, round_id)
            row = con.execute(
                "SELECT answer, changes, time FROM round_answers WHERE round_id=?"
                " AND key_hash=?",
                (round_id, digest),
            ).fetchone()
        return None if row is None else RoundAnswer(round_id, digest[:16], *row)

    def _set_state(self, round_id: int, state: str, allowed: tuple[str, ...]) -> Round:
        with self._write() as con:
            found = self._round(con, round_id)
            if found.state not in allowed:
                raise StoreRefusal(
                    f"round {round_id} is {found.state}; it cannot be made {state}"
                )
            con.execute(
                "UPDATE rounds SET state=?, changed=? WHERE id=?",
                (state, utc_now(), round_id),
            )
            return self._round(con, round_id)

    def close_round(self, round_id: int) -> Round:
        """Stop taking answers in the round (answers given stay)."""
        return self._set_state(round_id, "closed", ("open", "closed"))

    def reveal(self, round_id: int) -> Round:
        """Show the round's answer to the class; an open round is closed first."""
        return self._set_state(round_id, "revealed", ROUND_STATES)

    def reopen(self, round_id: int) -> Round:
        """Take answers in a closed or revealed round again (answers given stay)."""
        return self._set_state(round_id, "open", ROUND_STATES)

    def round_summary(self, round_id: int) -> RoundSummary:
        """How many answered, out of how many joined, and how many gave each answer."""
        with self._connection() as con:
            found = self._round(con, round_id)
            counts = con.execute(
                "SELECT answer, COUNT(*) FROM round_answers WHERE round_id=? GROUP BY"
                " answer ORDER BY COUNT(*) DESC, answer",
                (round_id,),
            ).fetchall()
            students = con.execute("SELECT COUNT(*) FROM students").fetchone()[0]
        distribution = {a: n for a, n in counts}
        return RoundSummary(found, sum(distribution.values()), students, distribution)

    def round_answers(self, round_id: int) -> list[RoundAnswer]:
        """Every student's answer in the round, first answered first (teacher's)."""
        with self._connection() as con:
            self._round(con, round_id)
            rows = con.execute(
                "SELECT key_hash, answer, changes, time FROM round_answers WHERE"
                " round_id=? ORDER BY time",
                (round_id,),
            ).fetchall()
        return [RoundAnswer(round_id, r[0][:16], *r[1:]) for r in rows]

    def rounds(self) -> list[Round]:
        """Every round asked, oldest first (the class report's live rounds)."""
        rows = self._read("SELECT * FROM rounds ORDER BY id")
        return [Round(r[0], r[1], r[2], tuple(json.loads(r[3])), *r[4:6]) for r in rows]

    def previous_round(self, round_id: int) -> Round | None:
        """The latest round before ``round_id`` that asked the same question (the
        first vote, when the teacher asks again after discussion), or None."""
        with self._connection() as con:
            found = self._round(con, round_id)
            row = con.execute(
                "SELECT MAX(id) FROM rounds WHERE question=? AND id<?",
                (found.question, round_id),
            ).fetchone()
            return None if row[0] is None else self._round(con, row[0])

    def predict_first(self) -> bool:
        """Whether the students' dashboards hide the likelihood until the teacher
        reveals the current round (predict first, then see the model)."""
        rows = self._read("SELECT value FROM settings WHERE key='predict_first'")
        return bool(rows) and rows[0][0] == "on"

    def set_predict_first(self, on: bool) -> None:
        """Turn predict-first on (True) or off (False) for the whole class."""
        if not isinstance(on, bool):
            raise StoreRefusal(f"predict first must be True or False; got {on!r}")
        with self._write() as con:
            con.execute(
                "INSERT OR REPLACE INTO settings VALUES ('predict_first', ?)",
                ("on" if on else "off",),
            )

    # --- progress ----------------------------------------------------------------

    def set_progress(
        self, key: str, item: str, wrong_tries: int, lesson: int | None = None
    ) -> None:
        """Say where the student holding ``key`` is: ``item`` (a known question id) and
        the ``wrong_tries`` (0-1000) at it. A checked answer sets this by itself."""
        item = self._check_question(item)
        if (
            isinstance(wrong_tries, bool)
            or not isinstance(wrong_tries, int)
            or not 0 <= wrong_tries <= 1000
        ):
            raise StoreRefusal(
                f"wrong_tries must be a count of tries 0-1000; got {wrong_tries!r}"
            )
        if lesson is not None:
            lesson = check_lesson(lesson)
        now = utc_now()
        with self._write() as con:
            digest = self._joined(con, key)
            put_progress(con, digest, lesson, item, wrong_tries, now)
            self._touch(con, digest, now)

    def progress(self) -> list[StudentProgress]:
        """Each joined student's current item, the wrong tries at it (all of them, a
        right try after them does not clear them) and whether a try at it was right
        (the teacher's view); a student with no item yet has item "" and 0 tries."""
        rows = self._read(
            "SELECT s.key_hash, s.name, p.lesson, COALESCE(p.item, ''),"
            " COALESCE(p.wrong_tries, 0), COALESCE(p.time, s.joined),"
            " EXISTS(SELECT 1 FROM answers a WHERE a.key_hash = s.key_hash AND"
            " a.question = p.item AND a.correct) FROM students s"
            " LEFT JOIN progress p ON p.key_hash = s.key_hash ORDER BY s.joined"
        )
        return [StudentProgress(r[0][:16], *r[1:6], solved=bool(r[6])) for r in rows]

    def hand_over(self, old_key: str, new_key: str) -> int:
        """File everything recorded under ``old_key`` (a page's kernel's own secret,
        used before its browser's key arrived) under ``new_key`` (that browser's),
        and forget ``old_key``; returns the rows moved (0 if ``old_key`` never
        joined). Where both keys hold an answer to the same round, a ticket for the
        same lesson or a place in the lessons, the later one is kept. Both keys are
        secrets the page holds, so no one can take over another student's answers.

        >>> import tempfile, os
        >>> store = ClassStore(os.path.join(tempfile.mkdtemp(), STORE_FILE))
        >>> kernel, browser = new_student_key(), new_student_key()
        >>> _ = store.join(kernel, "Ana")
        >>> _ = store.record_answer(kernel, 3, "quiz", "q3_normal", "Nothing", True)
        >>> store.hand_over(kernel, browser), len(store.answers_of(browser))  # + place
        (2, 1)
        >>> store.student(kernel) is None, store.student(browser).name
        (True, 'Ana')
        """
        old, new = key_hash(check_key(old_key)), key_hash(check_key(new_key))
        if old == new:
            return 0
        with self._write() as con:
            return move_student(con, old, new, utc_now())


def open_class_store(
    environ: dict[str, str] | None = None, known_questions: Validator = None
) -> ClassStore | None:
    """The class store named by ``TWITCHLIB_CLASS_STORE`` (the class server sets it in
    every kernel), or None outside the class server."""
    value = (environ if environ is not None else os.environ).get(STORE_ENV, "").strip()
    return ClassStore(value, known_questions) if value else None
