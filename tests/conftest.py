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
    files = sorted(SOURCE_DIR.glob("*.txt")) if SOURCE_DIR.is_dir() else []
    if not files:
        if os.environ.get("CI"):
            pytest.fail(f"the source article is missing from {SOURCE_DIR}")
        pytest.skip(f"SKIPPED LOUDLY: source article not found in {SOURCE_DIR}")
    return files[0].read_text(encoding="utf-8")
