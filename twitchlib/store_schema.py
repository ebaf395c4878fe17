"""The class store's file: its tables, and how an empty file becomes a store.

:mod:`twitchlib.store` opens the file; this module says what a store file holds
(:data:`SCHEMA`, version :data:`SCHEMA_VERSION` in SQLite's ``user_version``) and
checks or creates it. Many kernels may open a new store at the same moment, so the
check and the creation run in one write transaction, and the switch to WAL mode is
retried while another kernel holds the file.

>>> import sqlite3
>>> con = sqlite3.connect(":memory:", isolation_level=None)
>>> check_or_create(con, "a new store")
>>> con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
True
"""

from __future__ import annotations

import random
import sqlite3
import time

from .store_records import StoreRefusal

SCHEMA_VERSION = 2
# Seconds a writer waits for another's transaction before giving up.
BUSY_TIMEOUT_S = 30.0

SCHEMA = """
CREATE TABLE IF NOT EXISTS students (
    key_hash TEXT PRIMARY KEY, name TEXT NOT NULL, joined TEXT NOT NULL,
    last_seen TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS answers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    key_hash TEXT NOT NULL REFERENCES students(key_hash),
    lesson INTEGER NOT NULL, kind TEXT NOT NULL, question TEXT NOT NULL,
    answer TEXT NOT NULL, correct INTEGER, attempt INTEGER NOT NULL, time TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS answers_by_student ON answers(key_hash, lesson);
CREATE TABLE IF NOT EXISTS tickets (
    key_hash TEXT NOT NULL REFERENCES students(key_hash), lesson INTEGER NOT NULL,
    body TEXT NOT NULL, saved TEXT NOT NULL, PRIMARY KEY (key_hash, lesson));
CREATE TABLE IF NOT EXISTS rounds (
    id INTEGER PRIMARY KEY AUTOINCREMENT, question TEXT NOT NULL, lesson INTEGER,
    options TEXT NOT NULL, state TEXT NOT NULL, opened TEXT NOT NULL,
    changed TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS round_answers (
    round_id INTEGER NOT NULL REFERENCES rounds(id),
    key_hash TEXT NOT NULL REFERENCES students(key_hash),
    answer TEXT NOT NULL, changes INTEGER NOT NULL, time TEXT NOT NULL,
    PRIMARY KEY (round_id, key_hash));
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS progress (
    key_hash TEXT PRIMARY KEY REFERENCES students(key_hash), lesson INTEGER,
    item TEXT NOT NULL, wrong_tries INTEGER NOT NULL, time TEXT NOT NULL);
"""
TABLES = {
    "students",
    "answers",
    "tickets",
    "rounds",
    "round_answers",
    "progress",
    "settings",
}
# What each version added, run in order on an older store (it gains, never loses).
MIGRATIONS = {
    2: (
        "CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    ),
}


def check_or_create(con: sqlite3.Connection, name: str) -> None:
    """Check that the open file is a twitchlib class store, or make an empty file one.

    Run inside a write transaction. A file that is something else is refused
    (:class:`StoreRefusal` naming ``name``, the file's name), never changed."""
    version = con.execute("PRAGMA user_version").fetchone()[0]
    tables = {
        r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")
    } - {"sqlite_sequence"}
    if version not in range(SCHEMA_VERSION + 1) or (version == 0 and tables):
        raise StoreRefusal(
            f"{name} is not a twitchlib class store (version"
            f" {version}, tables {', '.join(sorted(tables)) or 'none'})"
        )
    if 0 < version < SCHEMA_VERSION:
        # A store made by an older twitchlib: add what later versions brought.
        for step in range(version + 1, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS[step]:
                con.execute(statement)
        con.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        version = SCHEMA_VERSION
        tables = {
            r[0]
            for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")
        } - {"sqlite_sequence"}
    if version == SCHEMA_VERSION and not TABLES <= tables:
        raise StoreRefusal(
            f"{name} is a damaged class store: it lacks the"
            f" tables {', '.join(sorted(TABLES - tables))}"
        )
    if version == 0:
        # executescript() would commit first: run the statements one by one.
        for statement in SCHEMA.split(";"):
            if statement.strip():
                con.execute(statement)
        con.execute(f"PRAGMA user_version={SCHEMA_VERSION}")


def use_wal(con: sqlite3.Connection) -> None:
    """Put the file in WAL mode. Switching needs the file to itself and SQLite does not
    wait for it (no busy handler), so kernels opening a new store at once retry."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            if con.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                con.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as problem:
            if "locked" not in str(problem) or time.monotonic() > deadline:
                raise
            time.sleep(0.02 + random.random() * 0.05)
