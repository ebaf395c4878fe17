import os
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
