"""Render the charts the README shows (price ranges by country, exchange-rate
sensitivity, the coverage map): ``python docs/render.py [OUTDIR]`` (default docs/)."""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import tripcost
from tripcost import analysis, plot

ACNE = {
    "currency": "USD",
    "trips": [{
        "country": "KR", "nights": 14, "split": True, "accommodation": "hotel",
        "food": "casual", "transport": "public",
        "treatments": [{"treatment": "laser-resurfacing", "sessions": "3-6"}],
        "extras": [{"name": "flight", "amount": "900", "currency": "USD", "per_person": True}],
    }],
}  # fmt: skip


def main(outdir: Path) -> list[Path]:
    outdir.mkdir(parents=True, exist_ok=True)
    plan = tripcost.Plan.model_validate(ACNE)
    table = tripcost.compare_plan(plan, home="US")
    ax = plot.range_chart(
        table, currency="USD",
        title=r"Laser resurfacing ×3–6, 14-night stays with a \$900 flight each (hotel)",
        source="seed 001 (prices), seed 002 and public pages (living costs); ECB reference rates",
    )  # fmt: skip
    first = outdir / "country_comparison.png"
    ax.figure.savefig(first, dpi=110)
    glass = tripcost.Plan.model_validate({"trips": [{
        "country": "KR", "nights": 10, "split": True,
        "treatments": [{"treatment": "rejuran", "sessions": 1},
                       {"treatment": "water-shine", "sessions": 1},
                       {"treatment": "pico-toning", "sessions": 1}]}]})  # fmt: skip
    sens = analysis.fx_sensitivity(glass)
    ax = plot.band_chart(
        sens.assign(shift_pct=sens["shift"].astype(float) * 100), x="shift_pct", currency="USD",
        xlabel="USD/KRW shift (%): more won per dollar to the right",
        title="Glass-skin plan in Korea: total as USD/KRW moves ±15%",
        source="seeds 002, 004; ECB reference rate of the latest day, shifted",
    )  # fmt: skip
    second = outdir / "fx_sensitivity.png"
    ax.figure.savefig(second, dpi=110)
    ax = plot.coverage_map(
        title="Which treatments are priced where (tripcost coverage)",
        source="data/prices.csv (seeds 000-004 and public pages, seeds/data-sources/), "
        "data/no_data.csv",
    )  # fmt: skip
    third = outdir / "coverage.png"
    ax.figure.savefig(third, dpi=90)
    return [first, second, third]


if __name__ == "__main__":
    for path in main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent):
        print(path)
