"""Every frame the API returns can be plotted: exact money beside float64 copies."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from decimal import Decimal

import matplotlib
import pandas as pd
import pytest

from tripcost import (
    FixedRates,
    Plan,
    analysis,
    compare_plan,
    estimate,
    load_catalog,
    scenarios,
    sweep,
)
from tripcost.money import EXACT

matplotlib.use("Agg")

FIXED = FixedRates({"USD/KRW": "1450", "USD/THB": "35", "USD/INR": "85", "USD/GBP": "0.75",
                    "USD/CAD": "1.4", "USD/AUD": "1.5", "USD/SGD": "1.3", "USD/TRY": "40",
                    "USD/MXN": "18", "EUR/USD": "1.1"})  # fmt: skip
PLAN = {"trips": [{"country": "KR", "nights": 14, "split": True, "accommodation": "hostel",
                   "treatments": [{"treatment": "fractional-co2", "sessions": "2-3"}]}]}  # fmt: skip
CAT = load_catalog()


def _plan() -> Plan:
    return Plan.model_validate(PLAN)


FRAMES: dict[str, Callable[[], pd.DataFrame]] = {
    "breakdown": lambda: estimate(PLAN, rates=FIXED).breakdown,
    "breakdown in won": lambda: estimate(PLAN, currency="KRW", rates=FIXED).breakdown,
    "compare_plan": lambda: compare_plan(PLAN, countries=["KR", "TH", "CA"], rates=FIXED),
    "catalog prices": lambda: CAT.frame("prices"),
    "catalog prices in USD": lambda: CAT.frame("prices", currency="USD", rates=FIXED),
    "catalog living in KRW": lambda: CAT.frame("living", currency="KRW", rates=FIXED),
    "catalog facts": lambda: CAT.frame("facts"),
    "catalog rules": lambda: CAT.frame("rules"),
    "disagreements": lambda: analysis.disagreements(rates=FIXED),
    "source_ages": lambda: analysis.source_ages(today=dt.date(2026, 7, 1)),
    "fx_sensitivity": lambda: analysis.fx_sensitivity(_plan(), rates=FIXED),
    "rates_over_time": lambda: analysis.rates_over_time(
        _plan(),
        [dt.date(2025, 7, 17), dt.date(2026, 1, 2)],
    ),
    "sweep": lambda: sweep(
        scenarios(
            country=["KR", "TH"], treatment=["laser-resurfacing"], sessions=["1-2"], nights=[7]
        ),
        rates=FIXED,
    ),
}


@pytest.fixture(autouse=True)
def _close_figures() -> None:
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.mark.parametrize("name", list(FRAMES))
def test_every_frame_plots(name: str) -> None:
    df = FRAMES[name]()
    assert len(df) > 0
    ax = df.plot.barh()  # "no numeric data to plot" would raise here
    assert ax.patches


@pytest.mark.parametrize("name", [n for n in FRAMES if n not in ("sweep", "source_ages")])
def test_every_exact_amount_has_a_float_copy_beside_it(name: str) -> None:
    df = FRAMES[name]()
    cols = list(df.columns)
    copies = [c for c in cols if c.endswith("_f")]
    assert copies, cols
    for copy in copies:
        exact = copy.removesuffix("_f")
        assert cols.index(copy) == cols.index(exact) + 1, (exact, cols)
        assert df[copy].dtype == "float64"
        for value, approx in zip(df[exact], df[copy], strict=True):
            if value is None:
                assert math.isnan(approx)
            else:
                assert isinstance(value, Decimal)
                assert approx == pytest.approx(float(value))


def test_catalog_prices_converted_at_the_rate_of_their_source_date() -> None:
    df = CAT.frame("prices", currency="USD", rates=FIXED)
    won = df[df.currency == "KRW"].iloc[0]
    assert won.display_currency == "USD"
    assert won.display_low == EXACT.multiply(won.low, won.rate)  # exact, not 28 digits
    assert won.rate_source == "fixed rate (given by the user)"
    dollars = df[df.currency == "USD"].iloc[0]
    assert dollars.display_low == dollars.low
    assert dollars.rate is None


def test_only_money_tables_convert() -> None:
    from tripcost import CatalogError

    with pytest.raises(CatalogError, match="only prices and living costs convert"):
        CAT.frame("facts", currency="USD")


def test_breakdown_dtypes() -> None:
    df = estimate(PLAN, rates=FIXED).breakdown
    assert df["qty_low"].dtype == "int64"
    assert all(isinstance(v, Decimal) for v in df["amount_high"])
    assert df["approximate"].dtype == "bool"
