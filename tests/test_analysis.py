"""Analyst frames and charts: the library gives the numbers, the charts show them."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from tripcost import FixedRates, Plan, analysis, compare_plan, estimate

FIXED = FixedRates({"USD/KRW": "1450", "USD/THB": "35", "USD/GBP": "0.75", "USD/INR": "85",
                    "USD/AUD": "1.5", "USD/SGD": "1.3", "USD/TRY": "40", "USD/CAD": "1.4",
                    "USD/MXN": "18", "EUR/USD": "1.1"})  # fmt: skip
ROOT = Path(__file__).resolve().parents[1]

GLASS = Plan.model_validate({"trips": [{"country": "KR", "nights": 0, "consultation": False,
                                        "treatments": [{"treatment": "rejuran", "sessions": 1}]}]})  # fmt: skip


def test_coverage_names_gaps() -> None:
    cov = analysis.coverage()
    assert cov.loc["fractional-co2", "KR"] == "1 row"
    assert cov.loc["dermal-filler", "KR"] == "4 rows"
    assert cov.loc["dermal-filler", "CA"] == "no data ('-' in 001)"
    assert cov.loc["rejuran", "US"] == "no data"
    assert "consultation" not in cov.index


def test_disagreements_show_how_far_apart() -> None:
    df = analysis.disagreements(rates=FIXED)
    assert set(df.unit) <= {"session", "syringe", "treatment"}
    filler = df[(df.country == "KR") & (df.treatment == "dermal-filler")]
    assert "syringe" not in set(filler.unit)  # 000's per-syringe price has no peer to differ from
    sub = df[(df.country == "KR") & (df.treatment == "subcision")].iloc[0]
    # 000: "$150 - $400"; 001: "~$454 - $543"
    assert (sub.low_min, sub.low_max, sub.high_min, sub.high_max) == (150, 454, 400, 543)
    assert sub.high_ratio == Decimal(543) / Decimal(400)


def test_source_ages() -> None:
    df = analysis.source_ages(today=dt.date(2026, 11, 22)).set_index("source")
    assert df.loc["000_25cb10808c4daa40.txt", "age_months"] == 10
    assert pd.isna(df.loc["001_d4dca57880d3696d.txt", "age_months"])  # undated


def test_fx_sensitivity_moves_only_won_prices() -> None:
    df = analysis.fx_sensitivity(GLASS, shifts=["-0.5", "0", "1"], rates=FIXED)
    # ₩300,000–₩700,000 at 725, 1450 and 2900 won a dollar
    assert list(df.rate) == [Decimal("725.0"), Decimal(1450), Decimal(2900)]
    lows = [round(v, 2) for v in df.total_low]
    assert lows == [Decimal("413.79"), Decimal("206.90"), Decimal("103.45")]
    assert list(df.total_low) == sorted(df.total_low, reverse=True)


def test_rates_over_time_uses_each_dates_rate() -> None:
    df = analysis.rates_over_time(GLASS, [dt.date(2025, 7, 19), dt.date(2016, 1, 15)])
    assert list(df.rate_date) == [dt.date(2025, 7, 18), dt.date(2016, 1, 15)]
    assert df.total_low[0] != df.total_low[1]


def test_charts_have_title_labels_legend_and_source(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    from tripcost import plot

    plan = Plan.model_validate({"trips": [{"country": "KR", "nights": 7, "split": True,
                                           "treatments": [{"treatment": "dermal-filler", "sessions": 1,
                                                           "units": 2}]}]})  # fmt: skip
    rates = FixedRates({"USD/KRW": "1450", "USD/GBP": "0.75"})
    table = compare_plan(plan, home=None, rates=rates, countries=["KR", "CA", "GB"])
    ax = plot.range_chart(table, currency="USD", title="Fillers", source="seeds 000, 001")
    assert ax.get_title() == "Fillers"
    assert ax.get_xlabel() == "Cost (USD), low to high"
    assert ax.get_legend() is not None
    texts = [t.get_text() for t in ax.figure.texts]
    assert "Source: seeds 000, 001" in texts
    labels = [t.get_text() for t in ax.texts]
    assert any(t.endswith("+") for t in labels)  # KR's "$1000+ per syringe" (× 2) open-ended
    assert any("no data" in t for t in labels)  # CA
    ax.figure.savefig(tmp_path / "range.png")
    assert (tmp_path / "range.png").stat().st_size > 10_000
    assert estimate(plan, rates=FIXED).total.open_ended


def test_docs_charts_render(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    proc = subprocess.run([sys.executable, str(ROOT / "docs" / "render.py"), str(tmp_path)],
                          capture_output=True, text=True, timeout=120, check=False,
                          env={**os.environ, "MPLBACKEND": "Agg"})  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    for name in ("country_comparison.png", "fx_sensitivity.png"):
        assert (tmp_path / name).stat().st_size > 10_000


def test_heatmap_marks_open_ends_and_gaps() -> None:
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    from tripcost import plot, scenarios, sweep

    rates = FixedRates({"USD/KRW": "1450", "USD/CAD": "1.4"})
    grid = scenarios(country=["KR", "CA"], treatment=["laser-resurfacing"], sessions=["1"],
                     nights=[3], accommodation=["hostel", "luxury"])  # fmt: skip
    ax = plot.heatmap(sweep(grid, rates=rates), index="country", columns="accommodation",
                      currency="USD", title="Heat", source="seed 001")  # fmt: skip
    texts = [t.get_text() for t in ax.texts]
    assert "no data" in texts  # Canada: 001 marks laser resurfacing '-'
    assert any(t.endswith("+") for t in texts)  # Korea's luxury tier: "$200+ (luxury)"
    assert ax.get_title() == "Heat"
    assert "Source: seed 001" in [t.get_text() for t in ax.figure.texts]


def test_timeline_chart_of_a_calendar() -> None:
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    from tripcost import plot, schedule

    cal = schedule(ROOT / "tests" / "plans" / "seoul_co2.toml",
                   rates=FixedRates({"USD/KRW": "1450"}), today=dt.date(2026, 1, 5))  # fmt: skip
    ax = plot.timeline_chart(cal, title="Seoul", source="seeds 000, 001", kinds=("session",))
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0] == "fractional-co2 session 6"  # the last event at the bottom
    assert len(labels) == 9  # CO2 1-6 and subcision 1-3
    assert ax.get_title() == "Seoul"
    assert ax.get_xlabel() == "Date (bar: earliest to latest day)"
    legend = ax.get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()] == ["session", "only if the course needs it"]
    assert any(t.get_text() == "Source: seeds 000, 001" for t in ax.figure.texts)
    matplotlib.pyplot.close(ax.figure)
