"""Run the browser test suite several times in a row, optionally with one core kept busy.

    python benchmarks/repeat_browser.py --runs 10 --hog     (under the shared lock:
    flock /tmp/twitchlib-heavy.lock .venv/bin/python benchmarks/repeat_browser.py ...)

The "hog" is `yes > /dev/null`, bounded by `timeout`, started before the first run and
stopped after the last: it keeps one of the machine's cores busy the whole time, as
other work on a 2-core classroom laptop would. Prints one line per run (passed or not,
seconds, the failures' names) and a summary. Stops at the first failing run unless
--keep-going is given.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument(
        "--hog", action="store_true", help="keep one core busy with `yes`"
    )
    parser.add_argument("--keep-going", action="store_true")
    parser.add_argument("pytest_args", nargs="*", default=["tests/test_browser.py"])
    args = parser.parse_args()
    hog = None
    if args.hog:
        # Bounded: even if this script is killed, the hog ends within 3 hours.
        hog = subprocess.Popen(["timeout", "10800", "yes"], stdout=subprocess.DEVNULL)
    print(
        f"{args.runs} runs of pytest {' '.join(args.pytest_args)}"
        f"{' with one core kept busy by `yes`' if hog else ''}; {os.cpu_count()} cores"
    )
    results = []
    try:
        for run in range(1, args.runs + 1):
            start = time.monotonic()
            done = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pytest",
                    "-q",
                    "-p",
                    "no:cacheprovider",
                    "-p",
                    "no:randomly",
                    *args.pytest_args,
                ],
                cwd=ROOT,
                capture_output=True,
                text=True,
            )
            seconds = time.monotonic() - start
            failed = re.findall(r"^(?:FAILED|ERROR) (\S+)", done.stdout, re.M)
            tail = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
            ok = done.returncode == 0
            results.append((ok, seconds))
            print(
                f"run {run}: {'passed' if ok else 'FAILED'} in {seconds:.0f} s ({tail})"
                + (f" {failed}" if failed else ""),
                flush=True,
            )
            if not ok:
                (ROOT / "artifacts").mkdir(exist_ok=True)
                (ROOT / "artifacts" / f"repeat-run-{run}.log").write_text(
                    done.stdout + done.stderr
                )
                if not args.keep_going:
                    break
    finally:
        if hog is not None:
            hog.terminate()
            hog.wait()
    passed = sum(ok for ok, _ in results)
    print(
        f"{passed} of {len(results)} runs passed; seconds per run:"
        f" {', '.join(f'{s:.0f}' for _, s in results)}"
    )
    return 0 if passed == len(results) == args.runs else 1


if __name__ == "__main__":
    sys.exit(main())
