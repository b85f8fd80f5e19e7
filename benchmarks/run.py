"""The benchmark runner: medians of repeated runs, as ratios against baselines measured
in the same run. Not part of the test suite.

    python -m benchmarks            # the full run (about a minute)
    python -m benchmarks --quick    # fewer repetitions, no 10^6 rows
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
from typing import Any

import numpy as np
import pandas as pd

from tripcost import FixedRates, TripcostError, estimate, load_catalog
from tripcost.bulk.sweep import TIERS, _tables, sweep

COUNTRIES = ["KR", "TH", "US", "IN", "GB", "AU", "SG", "TR"]
TREATMENTS = ["laser-resurfacing", "atrophic-scar-treatment", "dermal-filler", "microneedling",
              "subcision", "chemical-peel"]  # fmt: skip
RATES = FixedRates({"USD/KRW": "1450", "USD/THB": "35", "USD/GBP": "0.75", "USD/INR": "85",
                    "USD/AUD": "1.5", "USD/SGD": "1.3", "USD/TRY": "40", "USD/CAD": "1.4",
                    "USD/MXN": "18", "EUR/USD": "1.1"})  # fmt: skip


def frame(n: int, seed: int = 7) -> pd.DataFrame:
    """n scenarios drawn at random (categorical text columns, as `scenarios` builds them)."""
    rng = np.random.default_rng(seed)

    def cat(values: list[str]) -> pd.Categorical:
        return pd.Categorical.from_codes(rng.integers(0, len(values), n), categories=values)

    lo = rng.integers(1, 4, n)
    return pd.DataFrame({
        "country": cat(COUNTRIES), "treatment": cat(TREATMENTS),
        "sessions_low": lo, "sessions_high": lo + rng.integers(0, 4, n),
        "nights": rng.integers(0, 60, n),
        "accommodation": cat(list(TIERS["accommodation"])), "food": cat(list(TIERS["food"])),
        "transport": cat(list(TIERS["transport"])),
        "meals_per_day": rng.integers(0, 4, n), "rides_per_day": rng.integers(0, 4, n),
        "party": rng.integers(1, 4, n),
    })  # fmt: skip


def numpy_floor(df: pd.DataFrame, tables: Any) -> tuple[np.ndarray, np.ndarray]:
    """The least work the same answer needs: factorize keys, take prices, multiply, add."""
    c_index = {c: i for i, c in enumerate(tables.countries)}
    t_index = {t: i for i, t in enumerate(tables.treatments)}

    def codes(col: str, index: dict[str, int]) -> np.ndarray:
        k, uniques = pd.factorize(df[col])
        return np.array([index[u] for u in uniques])[k]

    ci, ti = codes("country", c_index), codes("treatment", t_index)
    nights = df["nights"].to_numpy()
    s_lo, s_hi = df["sessions_low"].to_numpy(), df["sessions_high"].to_numpy()
    sp = tables.spacing[ti]
    cap = np.where(sp > 0, nights // np.where(sp > 0, sp, 1) + 1, 10**9)
    n_lo = nights * np.maximum(1, -(-s_lo // cap))
    n_hi = nights * np.maximum(1, -(-s_hi // cap))
    low = tables.price[0][ci, ti] * s_lo
    high = tables.price[1][ci, ti] * s_hi
    party = df["party"].to_numpy()
    for category, tiers in TIERS.items():
        k = codes(category, {t: i for i, t in enumerate(tiers)})
        per = {"accommodation": 1, "food": df["meals_per_day"].to_numpy() * party,
               "transport": df["rides_per_day"].to_numpy() * party}[category]  # fmt: skip
        low = low + tables.living[category][0][ci, k] * n_lo * per
        high = high + tables.living[category][1][ci, k] * n_hi * per
    return np.round(low, 2), np.round(high, 2)


def median_time(fn: Callable[[], Any], reps: int) -> float:
    times = []
    for _ in range(reps):
        gc.collect()
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def cli_times(reps: int) -> dict[str, float]:
    """Wall time of whole processes, alternating so that drift hits all three alike."""
    env = {**os.environ}
    cmds = {
        "compare": [sys.executable, "-m", "tripcost", "compare", "fractional-co2"],
        "import pandas": [sys.executable, "-c", "import pandas"],
        "python -c pass": [sys.executable, "-c", "pass"],
    }
    times: dict[str, list[float]] = {k: [] for k in cmds}
    for name, cmd in cmds.items():  # warm the file cache once
        subprocess.run(cmd, capture_output=True, check=True, env=env)
        del name
    for _ in range(reps):
        for name, cmd in cmds.items():
            t = time.perf_counter()
            subprocess.run(cmd, capture_output=True, check=True, env=env)
            times[name].append(time.perf_counter() - t)
    return {k: statistics.median(v) for k, v in times.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    ap.add_argument("--quick", action="store_true", help="fewer repetitions, no 10^6 rows")
    args = ap.parse_args(argv)
    reps = 3 if args.quick else 7
    sizes = [10**4, 10**5] if args.quick else [10**4, 10**5, 10**6]
    cat = load_catalog()
    tables = _tables(cat, "USD", RATES)
    print(f"tripcost benchmarks · python {sys.version.split()[0]} · numpy {np.__version__} · "
          f"pandas {pd.__version__} · {os.cpu_count()} cores · medians of {reps} runs")  # fmt: skip
    print()
    print(f"{'rows':>9}  {'sweep s':>9}  {'scen/s':>12}  {'floor s':>9}  {'sweep/floor':>11}")
    results: dict[int, float] = {}
    for n in sizes:
        df = frame(n)
        sweep(df.head(100), rates=RATES, catalog=cat)  # warm: tables cached
        t_sweep = median_time(lambda df=df: sweep(df, rates=RATES, catalog=cat), reps)  # type: ignore[misc]
        t_floor = median_time(lambda df=df: numpy_floor(df, tables), reps)  # type: ignore[misc]
        results[n] = t_sweep
        # the floor computes the same numbers
        lo, hi = numpy_floor(df.head(2000), tables)
        got = sweep(df.head(2000), rates=RATES, catalog=cat)
        ok = got["low"].isna().to_numpy() | (np.abs(got["low"].to_numpy() - lo) <= 0.011)
        assert ok.all(), "the numpy floor and sweep disagree"
        del hi
        ratio = t_sweep / t_floor
        print(f"{n:>9,}  {t_sweep:>9.4f}  {n / t_sweep:>12,.0f}  {t_floor:>9.4f}  {ratio:>11.2f}")
    if 10**6 in results:
        growth = results[10**6] / results[10**5]
        print(f"\ngrowth t(10^6)/t(10^5): {growth:.2f}  (target <= 12)")
    biggest = max(sizes)
    # a naive loop of estimate() over a sample, extrapolated
    sample = frame(200, seed=3)
    plans = [
        {"party": int(r.party), "trips": [{
            "country": r.country, "nights": int(r.nights), "split": True, "consultation": False,
            "accommodation": r.accommodation, "food": r.food, "transport": r.transport,
            "meals_per_day": int(r.meals_per_day), "rides_per_day": int(r.rides_per_day),
            "treatments": [{"treatment": r.treatment,
                            "sessions": f"{r.sessions_low}-{r.sessions_high}"}]}]}
        for r in sample.itertuples()
    ]  # fmt: skip

    def loop() -> None:
        for p in plans:
            try:
                estimate(p, rates=RATES, catalog=cat)
            except TripcostError:  # a missing price is part of the work
                continue

    per_row = median_time(loop, max(1, reps // 2)) / len(plans)
    naive = per_row * biggest
    print(
        f"naive estimate() loop: {per_row * 1e3:.2f} ms a row (measured on 200 rows); "
        f"extrapolated to {biggest:,} rows: {naive:,.0f} s = {naive / results[biggest]:,.0f}× sweep"
    )
    # peak memory
    df = frame(biggest)
    gc.collect()
    tracemalloc.start()
    sweep(df, rates=RATES, catalog=cat)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    per_million = peak / biggest * 1e6 / 2**20
    print(
        f"peak memory of sweep: {peak / 2**20:,.0f} MiB for {biggest:,} rows "
        f"= {per_million:,.0f} MiB per million scenarios (target <= 1024)"
    )
    # the command line
    t = cli_times(reps)
    print()
    print(
        f"`python -m tripcost compare fractional-co2`: {t['compare']:.3f} s · "
        f'`python -c "import pandas"`: {t["import pandas"]:.3f} s · '
        f"`python -c pass`: {t['python -c pass']:.3f} s"
    )
    print(
        f"compare / import pandas = {t['compare'] / t['import pandas']:.2f} (target <= 1.0) · "
        f"compare / bare python = {t['compare'] / t['python -c pass']:.1f}"
    )
    if 10**6 in results:
        print()
        checks = [
            ("sweep >= 1,000,000 scenarios/s at 10^6", 10**6 / results[10**6] >= 1e6),
            ("t(10^6)/t(10^5) <= 12", results[10**6] / results[10**5] <= 12),
            ("peak memory <= 1 GiB per million", per_million <= 1024),
            ("compare <= 1.0 x import pandas", t["compare"] / t["import pandas"] <= 1.0),
        ]
        for name, ok in checks:
            print(f"{'met ' if ok else 'MISSED'}  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
