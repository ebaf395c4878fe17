"""A small live round under load, in the test command: ten students' processes answer
within three seconds while the teacher page is polled; no answer is lost and the count
keeps up (the full 30-student run with a browser is `make bench-class`)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import live_round  # noqa: E402  (benchmarks/live_round.py)

pytestmark = pytest.mark.slow


def test_ten_students_answer_a_round_and_none_is_lost():
    result = live_round.run(students=10, window=3.0, browser=False)
    assert (result["sent"], result["stored"], result["lost"]) == (10, 10, 0)
    # The page's API is read every 0.5 s: each answer shows by the next read or so.
    assert result["count_p95_s"] is not None and result["count_p95_s"] <= 1.5
    assert live_round.report(result).count("\n") >= 3
