import os
import sqlite3
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIR = ROOT.parent / "shared" / "source"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def source_text() -> str:
    """The source article, which sits in shared/ beside the project (as on CI)."""
    folder = Path(os.environ.get("TWITCHLIB_SOURCE_DIR", SOURCE_DIR))
    files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    if not files:
        pytest.skip(
            f"SOURCE ARTICLE NOT FOUND in {folder}: the checks against the"
            " article did not run (set TWITCHLIB_SOURCE_DIR)"
        )
    return files[0].read_text(encoding="utf-8")


def store_rows(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table of a SQLite file (a class store), in a fixed order:
    to show that a refusal, a crash or a restart changed nothing."""
    con = sqlite3.connect(path)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"
            )
        ]
        # In one order whatever the table (a file that is no store too; None sorts).
        return {
            t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
            for t in tables
        }
    finally:
        con.close()
