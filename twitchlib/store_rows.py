"""Row-level SQL of the class store (:class:`twitchlib.store.ClassStore`): reading
an answer row, a student's wrong tries and place, and moving a student's rows from
one key to another. Each function runs inside the store's open transaction ``con``;
keys are given as their hashes (``digest``).
"""

from __future__ import annotations

import sqlite3

from .store_records import StoredAnswer

# The kinds of answer that are right or wrong, and so count as tries at an item.
CHECKED_KINDS = ("exercise", "quiz", "case")


def answer_of_row(row: tuple) -> StoredAnswer:
    """A row of the ``answers`` table as a :class:`StoredAnswer` (whose id is the
    first 16 characters of the key's hash)."""
    _, digest, lesson, kind, question, answer, correct, attempt, time = row
    return StoredAnswer(
        digest[:16], lesson, kind, question, answer,
        None if correct is None else bool(correct), attempt, time,
    )  # fmt: skip


def wrong_tries(con: sqlite3.Connection, digest: str, question: str) -> int:
    """How many wrong tries the student ``digest`` made at ``question``."""
    # Every wrong try at the item, a right one after them included: the teacher sees
    # who struggled there until the student moves on to another item.
    return con.execute(
        "SELECT COUNT(*) FROM answers WHERE key_hash=? AND question=? AND kind IN"
        f" ({', '.join('?' * len(CHECKED_KINDS))}) AND NOT correct",
        (digest, question, *CHECKED_KINDS),
    ).fetchone()[0]


def put_progress(
    con: sqlite3.Connection,
    digest: str,
    lesson: int | None,
    item: str,
    wrong: int,
    now: str,
) -> None:
    """Set the student's place: ``item`` in ``lesson``, ``wrong`` tries, at ``now``."""
    con.execute(
        "INSERT OR REPLACE INTO progress VALUES (?, ?, ?, ?, ?)",
        (digest, lesson, item, wrong, now),
    )


def move_student(con: sqlite3.Connection, old: str, new: str, now: str) -> int:
    """Move every row of the student ``old`` to ``new`` (joining ``new`` with the old
    name if it has none) and delete ``old``; returns the rows moved, 0 if ``old``
    never joined. Where both hold an answer to the same round, a ticket for the same
    lesson or a place, the later is kept; answers keep their order, numbered after
    ``new``'s own tries. See :meth:`twitchlib.store.ClassStore.hand_over`."""
    row = con.execute(
        "SELECT name, joined FROM students WHERE key_hash=?", (old,)
    ).fetchone()
    if row is None:
        return 0
    con.execute(
        "INSERT INTO students VALUES (?, ?, ?, ?) ON CONFLICT(key_hash) DO"
        " UPDATE SET last_seen=excluded.last_seen, name=CASE WHEN"
        " students.name='' THEN excluded.name ELSE students.name END",
        (new, row[0], row[1], now),
    )
    moved = 0
    # Answers keep their order: each moved try follows the new key's tries.
    for answer_id, lesson, kind, question in con.execute(
        "SELECT id, lesson, kind, question FROM answers WHERE key_hash=? ORDER BY id",
        (old,),
    ).fetchall():
        before = con.execute(
            "SELECT COUNT(*) FROM answers WHERE key_hash=? AND lesson=? AND"
            " kind=? AND question=?",
            (new, lesson, kind, question),
        ).fetchone()[0]
        con.execute(
            "UPDATE answers SET key_hash=?, attempt=? WHERE id=?",
            (new, before + 1, answer_id),
        )
        moved += 1
    for table, match, later in (
        ("round_answers", "round_id", "time"),
        ("tickets", "lesson", "saved"),
        ("progress", None, "time"),
    ):
        where = f" AND {match}=o.{match}" if match else ""
        # The new key's row goes where the old key's is later...
        con.execute(
            f"DELETE FROM {table} WHERE key_hash=? AND EXISTS (SELECT 1 FROM"
            f" {table} o WHERE o.key_hash=?{where} AND o.{later} >="
            f" {table}.{later})",
            (new, old),
        )
        # ...and the old key's goes where the new key has none left.
        moved += con.execute(
            f"UPDATE {table} SET key_hash=? WHERE key_hash=? AND NOT EXISTS"
            f" (SELECT 1 FROM {table} n WHERE n.key_hash=?"
            + (f" AND n.{match}={table}.{match})" if match else ")"),
            (new, old, new),
        ).rowcount
        con.execute(f"DELETE FROM {table} WHERE key_hash=?", (old,))
    con.execute("DELETE FROM students WHERE key_hash=?", (old,))
    return moved
