"""The bulk path agrees with the exact path, row by row, flags included."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tripcost import Estimate, FixedRates, NoPriceError, PlanError, UnknownTreatment, estimate
from tripcost.bulk.sweep import scenarios, sweep

FIXED = FixedRates({"USD/KRW": "1450", "USD/THB": "35", "USD/GBP": "0.75", "USD/INR": "85",
                    "USD/AUD": "1.5", "USD/SGD": "1.3", "USD/TRY": "40", "USD/CAD": "1.4",
                    "USD/MXN": "18", "EUR/USD": "1.1"})  # fmt: skip

COUNTRIES = ["KR", "US", "TH", "IN", "GB", "AU", "SG", "TR", "CA", "MX"]
TREATMENTS = ["fractional-co2", "laser-resurfacing", "dermal-filler", "subcision", "rejuran",
              "picosecond-laser", "microneedling", "atrophic-scar-treatment", "stem-cell",
              "hydrafacial", "chemical-peel", "juvelook"]  # fmt: skip


def as_plan(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "party": int(row["party"]),
        "trips": [{
            "country": row["country"], "nights": int(row["nights"]), "split": True,
            "consultation": False, "accommodation": row["accommodation"], "food": row["food"],
            "transport": row["transport"], "meals_per_day": int(row["meals_per_day"]),
            "rides_per_day": int(row["rides_per_day"]),
            "treatments": [{"treatment": row["treatment"],
                            "sessions": f"{row['sessions_low']}-{row['sessions_high']}"}],
        }],
    }  # fmt: skip


@st.composite
def rows(draw: st.DrawFn) -> dict[str, Any]:
    lo = draw(st.integers(1, 6))
    return {
        "country": draw(st.sampled_from(COUNTRIES)),
        "treatment": draw(st.sampled_from(TREATMENTS)),
        "sessions_low": lo,
        "sessions_high": draw(st.integers(lo, 8)),
        "nights": draw(st.integers(0, 90)),
        "accommodation": draw(st.sampled_from(["hostel", "hotel", "luxury"])),
        "food": draw(st.sampled_from(["street", "casual", "fine"])),
        "transport": draw(st.sampled_from(["public", "taxi"])),
        "meals_per_day": draw(st.integers(0, 3)),
        "rides_per_day": draw(st.integers(0, 4)),
        "party": draw(st.integers(1, 4)),
    }


def exact(row: dict[str, Any]) -> Estimate | NoPriceError:
    try:
        return estimate(as_plan(row), rates=FIXED)
    except NoPriceError as exc:
        return exc


@given(st.lists(rows(), min_size=1, max_size=8))
def test_sweep_matches_estimate_row_by_row(batch: list[dict[str, Any]]) -> None:
    out = sweep(pd.DataFrame(batch), rates=FIXED)
    for row, got in zip(batch, out.to_dict("records"), strict=True):
        est = exact(row)
        if isinstance(est, NoPriceError):
            assert np.isnan(got["low"])
            assert np.isnan(got["high"])
            assert str(est).endswith(got["missing"])
            continue
        low = est.total.low.rounded().amount
        high = est.total.high.rounded().amount
        assert abs(Decimal(str(got["low"])) - low) <= Decimal("0.01"), (row, got, est.total)
        assert abs(Decimal(str(got["high"])) - high) <= Decimal("0.01"), (row, got, est.total)
        assert got["open_ended"] == est.total.open_ended
        assert got["approximate"] == est.total.approximate
        gaps = [f.message for f in est.flags if f.kind == "missing"]
        assert got["missing"] == "; ".join(gaps)
        assert got["currency"] == "USD"


def test_treatment_only_when_living_columns_are_absent() -> None:
    frame = pd.DataFrame(
        {"country": ["KR"], "treatment": ["co2"], "sessions_low": [3], "sessions_high": [6]}
    )
    out = sweep(frame, rates=FIXED)
    assert (out.low[0], out.high[0]) == (900.0, 4200.0)
    assert out.missing[0] == ""


def test_gaps_are_named_not_zero() -> None:
    frame = pd.DataFrame(
        {
            "country": ["CA"],
            "treatment": ["dermal-filler"],
            "sessions_low": [1],
            "sessions_high": [1],
        }
    )
    out = sweep(frame, rates=FIXED)
    assert np.isnan(out.low[0])
    assert out.missing[0].startswith("no per-session price for dermal-filler in CA")


def test_scenarios_grid() -> None:
    grid = scenarios(
        country=["KR", "TH"], treatment=["laser-resurfacing"], sessions=["1", "3-6"], nights=[0, 7]
    )
    assert len(grid) == 8
    assert set(grid.columns) == {"country", "treatment", "nights", "sessions_low", "sessions_high"}
    assert isinstance(grid["country"].dtype, pd.CategoricalDtype)
    out = sweep(grid, rates=FIXED)
    assert list(out.columns[-7:]) == [
        "low",
        "high",
        "currency",
        "open_ended",
        "approximate",
        "missing",
        "error",
    ]


@pytest.mark.parametrize(
    ("frame", "error", "message"),
    [
        (
            pd.DataFrame({"country": ["KR"], "treatment": ["co2"]}),
            PlanError,
            "sweep: missing column(s) sessions_low, sessions_high",
        ),
        (
            pd.DataFrame(
                {
                    "country": ["KR"],
                    "treatment": ["fraxl"],
                    "sessions_low": [1],
                    "sessions_high": [1],
                }
            ),
            UnknownTreatment,
            "sweep: column 'treatment': unknown treatment 'fraxl'; did you mean fraxel?",
        ),
        (
            pd.DataFrame(
                {"country": ["KR"], "treatment": ["co2"], "sessions_low": [0], "sessions_high": [1]}
            ),
            PlanError,
            "sweep: column 'sessions_low' has 0; allowed: 1 to 100 (as in a plan)",
        ),
        (
            pd.DataFrame(
                {"country": ["KR"], "treatment": ["co2"], "sessions_low": [6], "sessions_high": [3]}
            ),
            PlanError,
            "sweep: sessions_low exceeds sessions_high in some rows",
        ),
        (
            pd.DataFrame(
                {
                    "country": ["KR"],
                    "treatment": ["co2"],
                    "sessions_low": [1.5],
                    "sessions_high": [3],
                }
            ),
            PlanError,
            "sweep: column 'sessions_low' must hold whole numbers",
        ),
        (
            pd.DataFrame(
                {
                    "country": ["KR"],
                    "treatment": ["co2"],
                    "sessions_low": [1],
                    "sessions_high": [1],
                    "accommodation": ["palace"],
                }
            ),
            PlanError,
            "sweep: column 'accommodation': unknown value 'palace'",
        ),
        (
            pd.DataFrame(
                {"country": [None], "treatment": ["co2"], "sessions_low": [1], "sessions_high": [1]}
            ),
            PlanError,
            "sweep: column 'country' has missing values",
        ),
    ],
)
def test_bad_scenarios(frame: pd.DataFrame, error: type[Exception], message: str) -> None:
    with pytest.raises(error) as err:
        sweep(frame, rates=FIXED)
    assert str(err.value).startswith(message)


def test_empty_frame() -> None:
    frame = pd.DataFrame({"country": pd.Series([], dtype=str), "treatment": pd.Series([], dtype=str),
                          "sessions_low": pd.Series([], dtype=int), "sessions_high": pd.Series([], dtype=int)})  # fmt: skip
    out = sweep(frame, rates=FIXED)
    assert len(out) == 0
    full = sweep(
        pd.DataFrame(
            {"country": ["KR"], "treatment": ["co2"], "sessions_low": [1], "sessions_high": [1]}
        ),
        rates=FIXED,
    )
    assert list(out.columns) == list(full.columns)  # the same shape (Dask's meta relies on it)


@pytest.mark.dask
def test_dask_map_partitions_gives_identical_results() -> None:
    dd = pytest.importorskip("dask.dataframe")
    grid = scenarios(country=["KR", "TH", "US", "CA"], treatment=["laser-resurfacing", "dermal-filler"],
                     sessions=["1", "3-6"], nights=[0, 14], accommodation=["hostel", "luxury"])  # fmt: skip
    expected = sweep(grid, rates=FIXED)
    ddf = dd.from_pandas(grid, npartitions=4)
    assert ddf.npartitions == 4
    meta = sweep(grid.head(0), rates=FIXED)
    got = ddf.map_partitions(sweep, rates=FIXED, meta=meta).compute(scheduler="sync")
    pd.testing.assert_frame_equal(
        got.reset_index(drop=True).astype({"missing": str, "currency": str}),
        expected.reset_index(drop=True).astype({"missing": str, "currency": str}),
    )


def test_a_missing_rate_fails_only_rows_that_need_it() -> None:
    from tripcost import RateNotFound

    only_krw = FixedRates({"USD/KRW": "1450"})
    kr = pd.DataFrame(
        {"country": ["KR"], "treatment": ["rejuran"], "sessions_low": [1], "sessions_high": [1]}
    )
    assert sweep(kr, rates=only_krw).low[0] == pytest.approx(206.90)
    th = pd.DataFrame({"country": ["TH"], "treatment": ["laser-resurfacing"], "sessions_low": [1],
                       "sessions_high": [1], "nights": [3]})  # fmt: skip
    with pytest.raises(RateNotFound, match="no fixed rate leads from THB to USD"):
        sweep(th, rates=only_krw)
