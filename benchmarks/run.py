"""twitchlib benchmarks: `make bench` (or `python benchmarks/run.py`).

Prints what was measured, on which machine, and how: median of repeated runs.
Goals: import adds <= 100 ms to pandas; one assess <= 1 ms median; vectorised
assessment >= 1,000,000 scenarios per second.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time

import numpy as np
import pandas as pd

import twitchlib as tl

IMPORT_PROBE = (
    "import time; t0 = time.perf_counter(); import pandas; t1 = time.perf_counter();"
    " import twitchlib; t2 = time.perf_counter(); print(t2 - t1)"
)


def import_overhead_ms(runs: int = 9) -> float:
    samples = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", IMPORT_PROBE], check=True,
                             capture_output=True, text=True).stdout
        samples.append(float(out) * 1000)
    return statistics.median(samples)


def one_assess_ms(runs: int = 3000) -> float:
    scenario = tl.Scenario(serum_magnesium=0.5, caffeine_mg_per_day=400, stress=6)
    tl.assess(scenario)
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        tl.assess(scenario)
        samples.append(time.perf_counter() - t)
    return statistics.median(samples) * 1000


def vectorised_rate(n: int = 1_000_000, runs: int = 5) -> float:
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({
        f.name: (rng.random(n) < 0.2) if f.is_switch
        else rng.uniform(f.minimum, f.maximum, n)
        for f in tl.FACTORS
    })
    tl.assess(frame.head(10))
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        tl.assess(frame)
        samples.append(time.perf_counter() - t)
    return n / statistics.median(samples)


def explorer_update_ms(runs: int = 200) -> float:
    from twitchlib.widgets import Explorer

    app = Explorer()
    samples = []
    for i in range(runs):
        t = time.perf_counter()
        app.set(caffeine_mg_per_day=float((i * 50) % 1500))
        samples.append(time.perf_counter() - t)
    return statistics.median(samples) * 1000


def notebook_seconds() -> dict[str, float]:
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
    import nbformat
    from nbclient import NotebookClient

    times = {}
    folder = os.path.join(os.path.dirname(__file__), "..", "notebooks")
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".ipynb"):
            continue
        path = os.path.join(folder, name)
        notebook = nbformat.read(path, as_version=4)
        t = time.perf_counter()
        NotebookClient(notebook, timeout=120, kernel_name="python3",
                       resources={"metadata": {"path": folder}}).execute()
        times[name] = time.perf_counter() - t
    return times


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return (f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()},"
            f" numpy {np.__version__}, pandas {pd.__version__}")


def main() -> None:
    print(f"machine: {machine()}")
    print(f"command: {sys.executable} benchmarks/run.py")
    results = [
        ("import twitchlib after pandas (median of 9 fresh processes)",
         import_overhead_ms(), "ms", "<= 100", lambda v: v <= 100),
        ("one assess(Scenario) (median of 3000 calls)", one_assess_ms(), "ms", "<= 1",
         lambda v: v <= 1),
        ("assess(DataFrame of 1,000,000 scenarios) (median of 5)", vectorised_rate(),
         "scenarios/s", ">= 1,000,000", lambda v: v >= 1_000_000),
    ]
    results.append(("explorer update: slider change -> model -> figures (median of 200)",
                    explorer_update_ms(), "ms", "<= 10", lambda v: v <= 10))
    for name, seconds in notebook_seconds().items():
        results.append((f"execute {name} (fresh kernel)", seconds, "s", "<= 15",
                        lambda v: v <= 15))
    for label, value, unit, goal, ok in results:
        shown = f"{value:,.0f}" if unit == "scenarios/s" else f"{value:.3f}"
        print(f"{label}: {shown} {unit} (goal {goal}: {'met' if ok(value) else 'MISSED'})")


if __name__ == "__main__":
    main()
