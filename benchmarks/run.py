"""twitchlib benchmarks: `make bench` (or `python benchmarks/run.py`).

Prints what was measured, on which machine, and how: median of repeated runs.
Goals: import adds <= 100 ms to pandas; one assess <= 1 ms median; vectorised
assessment >= 1,000,000 scenarios per second; one 200 ms nerve simulation <= 100 ms;
a 64-condition x 500 ms nerve sweep at least 5x faster than NEURON running the same
conditions one after another (NEURON's fixed-step backward Euler at the same time step,
0.025 ms at 6.3 °C, its rates evaluated exactly, spikes recorded by a NetCon). The
nerve's default time step shrinks when warmer (nerve.time_step_ms: 1/299 ms at
18.5 °C), so the nerve is also timed at 18.5 °C.
"""

from __future__ import annotations

import datetime
import os
import platform
import statistics
import subprocess
import sys
import time

import numpy as np
import pandas as pd
import record  # benchmarks/record.py, beside this script

import twitchlib as tl

IMPORT_PROBE = (
    "import time; t0 = time.perf_counter(); import pandas; t1 = time.perf_counter();"
    " import twitchlib; t2 = time.perf_counter(); print(t2 - t1)"
)


def import_overhead_ms(runs: int = 9) -> float:
    samples = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", IMPORT_PROBE],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
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


def random_scenarios(n: int, seed: int) -> pd.DataFrame:
    """``n`` scenarios with every factor drawn across the model's range."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            f.name: (rng.random(n) < 0.2)
            if f.is_switch
            else rng.uniform(f.minimum, f.maximum, n)
            for f in tl.FACTORS
        }
    )


def frame_rate(frame: pd.DataFrame, runs: int = 5) -> float:
    """Scenarios/s of assess(frame), median of ``runs`` after one warm-up."""
    tl.assess(frame.head(10))
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        tl.assess(frame)
        samples.append(time.perf_counter() - t)
    return len(frame) / statistics.median(samples)


def vectorised_rate(n: int = 1_000_000) -> float:
    return frame_rate(random_scenarios(n, seed=0))


def one_assess_all_factors_ms(runs: int = 300) -> float:
    """Median ms of one assess with every one of the 13 factors changed.

    The exact Shapley attribution then runs over all 2**13 = 8,192 coalitions:
    the worst case of issue 17's "one assess with attribution <= 5 ms".
    """
    scenario = tl.Scenario(
        serum_magnesium=0.6,
        serum_potassium=3.3,
        ionized_calcium=1.1,
        dehydration_pct=3,
        caffeine_mg_per_day=600,
        stress=6,
        muscle_fatigue=5,
        diuretic=True,
        corticosteroid=True,
        proton_pump_inhibitor=True,
        neuropathy=True,
        tight_footwear=True,
        at_rest=True,
    )
    tl.assess(scenario)
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        tl.assess(scenario)
        samples.append(time.perf_counter() - t)
    return statistics.median(samples) * 1000


def emergency_frame_rate(n: int = 1_000_000) -> float:
    """Scenarios/s of assess(DataFrame) with the emergency column (issue 16, §6).

    Half the rows reach an emergency range, so the column holds words, not blanks.
    """
    frame = random_scenarios(n, seed=1)
    assert tl.assess(frame)["emergency"].astype(str).ne("").mean() > 0.3
    return frame_rate(frame)


def explorer_update_ms(runs: int = 200) -> float:
    from twitchlib.ui import Explorer

    app = Explorer()
    samples = []
    for i in range(runs):
        t = time.perf_counter()
        app.set(caffeine_mg_per_day=float((i * 50) % 1500))
        samples.append(time.perf_counter() - t)
    return statistics.median(samples) * 1000


def nerve_explorer_update_ms(runs: int = 30) -> float:
    from twitchlib.ui import NerveExplorer

    app = NerveExplorer()
    samples = []
    for i in range(runs):
        t = time.perf_counter()
        app.set(serum_magnesium=0.05 * (i % 20))  # the explorer's control name
        samples.append(time.perf_counter() - t)
    return statistics.median(samples) * 1000


def nerve_simulation_ms(runs: int = 50, temperature_c: float = 6.3) -> float:
    from twitchlib import nerve

    nerve.simulate(
        10.0, 200.0, temperature_c=temperature_c
    )  # builds the rate tables once
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        nerve.simulate(10.0, 200.0, temperature_c=temperature_c)
        samples.append(time.perf_counter() - t)
    return statistics.median(samples) * 1000


def nerve_warm_sweep_s(runs: int = 3, temperature_c: float = 18.5) -> float:
    """Median seconds for the 64-condition sweep at a warm temperature and its finer step."""
    from twitchlib import nerve

    current, calcium, magnesium = nerve_conditions()
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        nerve.sweep(
            current,
            500.0,
            ionized_calcium=calcium,
            serum_magnesium=magnesium,
            temperature_c=temperature_c,
        )
        samples.append(time.perf_counter() - t)
    return statistics.median(samples)


def nerve_conditions(n: int = 64) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(64)
    return (
        rng.uniform(0.0, 25.0, n),
        rng.uniform(0.6, 2.0, n),
        rng.uniform(0.1, 1.5, n),
    )


def nerve_sweep_vs_neuron(runs: int = 3) -> tuple[float, float | None, str]:
    """Median seconds for twitchlib's sweep and NEURON's loop, and their agreement."""
    from twitchlib import nerve, neuron_reference

    current, calcium, magnesium = nerve_conditions()
    ours_samples, table = [], None
    for _ in range(runs):
        t = time.perf_counter()
        table = nerve.sweep(
            current, 500.0, ionized_calcium=calcium, serum_magnesium=magnesium
        )
        ours_samples.append(time.perf_counter() - t)
    if not neuron_reference.available():
        return statistics.median(ours_samples), None, "NEURON not installed"
    theirs_samples, counts = [], []
    for _ in range(runs):
        t = time.perf_counter()
        counts = [
            neuron_reference.spike_times(
                i, 500.0, ionized_calcium=c, serum_magnesium=m
            ).size
            for i, c, m in zip(current, calcium, magnesium, strict=True)
        ]
        theirs_samples.append(time.perf_counter() - t)
    difference = np.abs(np.array(counts) - table["spike_count"].to_numpy())
    agreement = (
        f"spike counts equal in {int((difference == 0).sum())}/64 conditions,"
        f" largest difference {int(difference.max())}"
    )
    return statistics.median(ours_samples), statistics.median(theirs_samples), agreement


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
        NotebookClient(
            notebook,
            timeout=120,
            kernel_name="python3",
            resources={"metadata": {"path": folder}},
        ).execute()
        times[name] = time.perf_counter() - t
    return times


def site_build_seconds() -> tuple[float, float]:
    """The course website (twitchlib site): full build running every lesson, and from stored outputs."""
    import tempfile

    from twitchlib.delivery.site import build_site

    with tempfile.TemporaryDirectory() as out:
        full = build_site(out + "/site", execute=True, log=lambda *a: None).seconds
        stored = build_site(out + "/site", execute=False, log=lambda *a: None).seconds
    return full, stored


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
    return (
        f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()},"
        f" numpy {np.__version__}, pandas {pd.__version__}"
    )


def main() -> None:
    started = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    print(f"machine: {machine()}")
    print(f"command: {sys.executable} benchmarks/run.py")
    results = [
        (
            "import twitchlib after pandas (median of 9 fresh processes)",
            import_overhead_ms(),
            "ms",
            "<= 100",
            lambda v: v <= 100,
        ),
        (
            "one assess(Scenario) (median of 3000 calls)",
            one_assess_ms(),
            "ms",
            "<= 1",
            lambda v: v <= 1,
        ),
        (
            "assess(DataFrame of 1,000,000 scenarios) (median of 5)",
            vectorised_rate(),
            "scenarios/s",
            ">= 1,000,000",
            lambda v: v >= 1_000_000,
        ),
    ]
    results.append(
        (
            "one assess(Scenario) with all 13 factors changed: Shapley attribution"
            " over 8,192 coalitions (median of 300)",
            one_assess_all_factors_ms(),
            "ms",
            "<= 5",
            lambda v: v <= 5,
        )
    )
    results.append(
        (
            "assess(DataFrame of 1,000,000 scenarios) with the emergency column,"
            " about half of them emergencies (median of 5)",
            emergency_frame_rate(),
            "scenarios/s",
            ">= 10,000,000",
            lambda v: v >= 10_000_000,
        )
    )
    results.append(
        (
            "explorer update: slider change -> model -> figures (median of 200)",
            explorer_update_ms(),
            "ms",
            "<= 10",
            lambda v: v <= 10,
        )
    )
    results.append(
        (
            "nerve.simulate(10 µA/cm², 200 ms) at 6.3 °C, dt 0.025 ms (median of 50)",
            nerve_simulation_ms(),
            "ms",
            "<= 100",
            lambda v: v <= 100,
        )
    )
    results.append(
        (
            "nerve.simulate(10 µA/cm², 200 ms) at 18.5 °C, dt 1/299 ms (median of 50)",
            nerve_simulation_ms(temperature_c=18.5),
            "ms",
            "<= 100",
            lambda v: v <= 100,
        )
    )
    results.append(
        (
            "nerve explorer update: slider -> simulate + spontaneous check ->"
            " figure (median of 30)",
            nerve_explorer_update_ms(),
            "ms",
            "<= 100",
            lambda v: v <= 100,
        )
    )
    ours, theirs, agreement = nerve_sweep_vs_neuron()
    results.append(
        (
            "nerve.sweep, 64 conditions x 500 ms at 6.3 °C (median of 3)",
            ours,
            "s",
            "-",
            lambda v: True,
        )
    )
    results.append(
        (
            "nerve.sweep, the same 64 conditions at 18.5 °C, dt 1/299 ms (median of 3)",
            nerve_warm_sweep_s(),
            "s",
            "-",
            lambda v: True,
        )
    )
    if theirs is None:
        print(f"NEURON comparison skipped: {agreement}")
    else:
        results.append(
            (
                "NEURON hh, the same 64 conditions one after another (median of 3)",
                theirs,
                "s",
                "-",
                lambda v: True,
            )
        )
        results.append(
            (
                f"speed-up of the sweep over NEURON ({agreement})",
                theirs / ours,
                "x",
                ">= 5",
                lambda v: v >= 5,
            )
        )
    for name, seconds in notebook_seconds().items():
        results.append(
            (f"execute {name} (fresh kernel)", seconds, "s", "<= 15", lambda v: v <= 15)
        )
    full, stored = site_build_seconds()
    results.append(
        (
            "course website build, every lesson run (twitchlib site)",
            full,
            "s",
            "-",
            lambda v: True,
        )
    )
    results.append(
        (
            "course website build from stored outputs (--no-execute)",
            stored,
            "s",
            "-",
            lambda v: True,
        )
    )
    table = ["| measured | value | goal |", "|---|---|---|"]
    for label, value, unit, goal, ok in results:
        shown = f"{value:,.0f}" if unit == "scenarios/s" else f"{value:.3f}"
        verdict = (
            "" if goal == "-" else f" (goal {goal}: {'met' if ok(value) else 'MISSED'})"
        )
        print(f"{label}: {shown} {unit}{verdict}")
        met = "-" if goal == "-" else f"{goal}: {'met' if ok(value) else 'MISSED'}"
        table.append(f"| {label} | {shown} {unit} | {met} |")
    where = record.write_section(
        "run", "The library (make bench)", table, started=started
    )
    print(f"written to {where}")


if __name__ == "__main__":
    main()
