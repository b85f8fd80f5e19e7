"""The benchmark runner: medians of repeated runs, as ratios against baselines measured in
the same run. Not part of the test suite.

    python -m benchmarks            # the full run (a few minutes; 10^7 rows need ~2 GiB)
    python -m benchmarks --quick    # fewer repetitions, no 10^7 rows

Figures (issue 11's targets in brackets):
- `sweep` scenarios/s at 10^4…10^7 rows, and its ratio to a minimal numpy floor doing the
  same arithmetic on the same tables (`benchmarks/floor.py`) [≥ 6 M/s, ≤ 2.0× at 10^6];
- growth t(10^7)/t(10^6) [≤ 11] and sweep's peak memory at the largest size [≤ 500 MiB];
- the exact path: `estimate` of tests/plans/seoul_co2.toml, warm [≥ 5,000/s]; `compare_plan`
  over every country [≥ 500/s]; the first estimate in a fresh process after its imports
  [≤ 50 ms];
- the command line: `python -m tripcost compare fractional-co2` ÷ `python -c "import pandas"`
  [≤ 0.35], the processes alternated so that drift hits both alike, tripcost's byte code
  compiled first as an installed wheel's is (pandas' is compiled by pip).
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from benchmarks.floor import floor
from tripcost import FixedRates, compare_plan, estimate, load_catalog, load_plan, vocab
from tripcost.bulk.sweep import sweep
from tripcost.resolve.tables import price_tables

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "tests" / "plans" / "seoul_co2.toml"
COUNTRIES = ["KR", "TH", "US", "IN", "GB", "AU", "SG", "TR"]
TREATMENTS = ["laser-resurfacing", "atrophic-scar-treatment", "dermal-filler", "microneedling",
              "subcision", "chemical-peel", "fractional-co2", "rejuran"]  # fmt: skip
RATES = FixedRates({"USD/KRW": "1450", "USD/THB": "35", "USD/GBP": "0.75", "USD/INR": "85",
                    "USD/AUD": "1.5", "USD/SGD": "1.3", "USD/TRY": "40", "USD/CAD": "1.4",
                    "USD/MXN": "18", "EUR/USD": "1.1"})  # fmt: skip


def frame(n: int, seed: int = 7) -> pd.DataFrame:
    """n scenarios drawn at random, every column the bulk path takes (categorical text)."""
    rng = np.random.default_rng(seed)

    def cat(values: list[str] | tuple[str, ...]) -> pd.Categorical:
        return pd.Categorical.from_codes(rng.integers(0, len(values), n), categories=values)

    lo = rng.integers(1, 4, n)
    cols: dict[str, Any] = {
        "country": cat(COUNTRIES), "treatment": cat(TREATMENTS),
        "sessions_low": lo, "sessions_high": lo + rng.integers(0, 4, n),
        "nights": rng.integers(0, 60, n), "party": rng.integers(1, 4, n),
        "consultation": rng.integers(0, 2, n).astype(bool),
        "extra_per_trip": rng.choice([0.0, 900.0], n),
        "extra_per_person": rng.choice([0.0, 80.0], n),
        "contingency": rng.choice([0.0, 0.1], n),
    }  # fmt: skip
    for c in vocab.living():
        cols[c.name] = cat(c.tiers)
        if c.per_day:
            cols[c.per_day] = rng.integers(0, 4, n)
    return pd.DataFrame(cols)


def median_time(fn: Callable[[], object], reps: int) -> float:
    times = []
    for _ in range(reps):
        gc.collect()
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def peak_mib(fn: Callable[[], object]) -> float:
    gc.collect()
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def processes(cmds: dict[str, list[str]], reps: int) -> dict[str, float]:
    """Median wall time of whole processes, run in turn so drift hits all alike."""
    times: dict[str, list[float]] = {k: [] for k in cmds}
    for cmd in cmds.values():  # warm the file cache
        subprocess.run(cmd, capture_output=True, check=True)
    for _ in range(reps):
        for name, cmd in cmds.items():
            t = time.perf_counter()
            subprocess.run(cmd, capture_output=True, check=True)
            times[name].append(time.perf_counter() - t)
    return {k: statistics.median(v) for k, v in times.items()}


def peak_of_sweep(n: int, cat: Any) -> float:
    """Peak memory sweep allocates for n rows (the input frame is made before counting)."""
    df = frame(n)
    return peak_mib(lambda: sweep(df, rates=RATES, catalog=cat))


FIRST = """
import time, tripcost.estimates, tripcost.plan
t = time.perf_counter()
tripcost.estimates.estimate({path!r})
print(time.perf_counter() - t)
"""


def byte_code() -> str:
    """Compile tripcost's byte code, as installing a wheel does (pip compiles it; an
    editable install leaves it to the first run, which may not write it when
    PYTHONDONTWRITEBYTECODE is set), so that processes start as an installed one would."""
    import compileall

    import tripcost

    src = Path(tripcost.__file__).parent
    ok = compileall.compile_dir(str(src), quiet=1)
    return f"byte code of {src.name}/ {'compiled' if ok else 'NOT compiled'}"


def first_estimate(reps: int) -> float:
    """Median time of the first estimate in a fresh process, after its imports."""
    times = []
    for _ in range(reps):
        out = subprocess.run([sys.executable, "-c", FIRST.format(path=str(PLAN))],
                             capture_output=True, text=True, check=True).stdout  # fmt: skip
        times.append(float(out.strip()))
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    ap.add_argument("--quick", action="store_true", help="fewer repetitions, no 10^7 rows")
    args = ap.parse_args(argv)
    reps = 5 if args.quick else 7
    compiled = byte_code()
    sizes = [10**4, 10**5, 10**6] if args.quick else [10**4, 10**5, 10**6, 10**7]
    cat = load_catalog()
    tables = price_tables(cat, "USD", RATES)
    versions = f"python {sys.version.split()[0]} · numpy {np.__version__} · pandas {pd.__version__}"
    print(f"tripcost benchmarks · {versions} · {os.cpu_count()} cores · medians of {reps} runs\n")
    print(f"{'rows':>11}  {'sweep s':>9}  {'scen/s':>12}  {'floor s':>9}  {'sweep/floor':>11}")
    results: dict[int, float] = {}
    floors: dict[int, float] = {}
    for n in sizes:
        df = frame(n)
        got = sweep(df.head(2000), rates=RATES, catalog=cat)
        lo, hi = floor(df.head(2000), tables)
        priced = ~got["low"].isna().to_numpy()
        assert np.allclose(got["low"].to_numpy()[priced], lo[priced], atol=0.011)
        assert np.allclose(got["high"].to_numpy()[priced], hi[priced], atol=0.011)
        r = max(1, reps // 2) if n >= 10**7 else reps
        t_sweep = median_time(lambda df=df: sweep(df, rates=RATES, catalog=cat), r)  # type: ignore[misc]
        t_floor = median_time(lambda df=df: floor(df, tables), r)  # type: ignore[misc]
        results[n] = t_sweep
        floors[n] = t_floor
        print(f"{n:>11,}  {t_sweep:>9.4f}  {n / t_sweep:>12,.0f}  {t_floor:>9.4f}  "
              f"{t_sweep / t_floor:>11.2f}")  # fmt: skip
        del df
    big = max(sizes)
    peak = peak_of_sweep(big, cat)
    growth = results[10**7] / results[10**6] if 10**7 in results else None
    print(f"\npeak memory of sweep at {big:,} rows: {peak:,.0f} MiB")
    if growth is not None:
        print(f"growth t(10^7)/t(10^6): {growth:.2f}")
    plan = load_plan(PLAN)
    estimate(plan, rates=RATES, catalog=cat)
    per_est = median_time(lambda: [estimate(plan, rates=RATES, catalog=cat) for _ in range(200)],
                          reps) / 200  # fmt: skip
    per_cmp = median_time(lambda: [compare_plan(plan, rates=RATES, catalog=cat) for _ in range(20)],
                          reps) / 20  # fmt: skip
    first = first_estimate(reps)
    print(f"\nestimate (warm): {1 / per_est:,.0f}/s ({per_est * 1e3:.3f} ms) · compare_plan over "
          f"{len(cat.countries())} countries: {1 / per_cmp:,.0f}/s · first estimate in a fresh "
          f"process: {first * 1e3:.1f} ms")  # fmt: skip
    t = processes({
        "compare": [sys.executable, "-m", "tripcost", "compare", "fractional-co2"],
        "import pandas": [sys.executable, "-c", "import pandas"],
        "python -c pass": [sys.executable, "-c", "pass"],
    }, reps)  # fmt: skip
    ratio = t["compare"] / t["import pandas"]
    print(f"\n`python -m tripcost compare fractional-co2`: {t['compare']:.3f} s · "
          f'`python -c "import pandas"`: {t["import pandas"]:.3f} s · bare python '
          f"{t['python -c pass']:.3f} s · compare / import pandas = {ratio:.2f} "
          f"({compiled})")  # fmt: skip
    checks = [
        ("sweep >= 6 M scenarios/s at 10^6", 10**6 / results[10**6] >= 6e6),
        ("sweep <= 2.0 x the numpy floor at 10^6", results[10**6] / floors[10**6] <= 2.0),
        ("estimate >= 5,000/s", 1 / per_est >= 5000),
        ("compare_plan >= 500/s", 1 / per_cmp >= 500),
        ("first estimate <= 50 ms", first <= 0.050),
        ("compare <= 0.35 x import pandas", ratio <= 0.35),
    ]
    if growth is not None:
        checks += [("t(10^7)/t(10^6) <= 11", growth <= 11), ("peak <= 500 MiB", peak <= 500)]
    print()
    for name, ok in checks:
        print(f"{'met   ' if ok else 'MISSED'}  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
