"""The bulk path agrees with the exact path, row by row, flags included."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tripcost import (
    Estimate,
    FixedRates,
    NoPriceError,
    Plan,
    PlanError,
    Range,
    TripcostError,
    UnknownTreatment,
    estimate,
    load_catalog,
    vocab,
)
from tripcost.bulk.sweep import scenarios, sweep
from tripcost.compare import compare_treatments
from tripcost.money import currency_digits
from tripcost.plan import Count

ROOT = Path(__file__).resolve().parents[1]

FIXED = FixedRates({"USD/KRW": "1450", "USD/THB": "35", "USD/GBP": "0.75", "USD/INR": "85",
                    "USD/AUD": "1.5", "USD/SGD": "1.3", "USD/TRY": "40", "USD/CAD": "1.4",
                    "USD/MXN": "18", "EUR/USD": "1.1"})  # fmt: skip

COUNTRIES = ["KR", "US", "TH", "IN", "GB", "AU", "SG", "TR", "CA", "MX"]
TREATMENTS = ["fractional-co2", "laser-resurfacing", "dermal-filler", "subcision", "rejuran",
              "picosecond-laser", "microneedling", "atrophic-scar-treatment", "stem-cell",
              "hydrafacial", "chemical-peel", "juvelook"]  # fmt: skip


def as_plan(row: dict[str, Any], currency: str = "USD") -> dict[str, Any]:
    """The plan `sweep`'s docstring says a row stands for."""
    trip: dict[str, Any] = {
        "country": row["country"], "nights": int(row["nights"]), "split": bool(row["split"]),
        "consultation": bool(row["consultation"]),
        "treatments": [{"treatment": row["treatment"],
                        "sessions": f"{row['sessions_low']}-{row['sessions_high']}"}],
        "extras": [
            {"name": "per trip", "amount": str(row["extra_per_trip"]), "currency": currency},
            {"name": "per person", "amount": str(row["extra_per_person"]),
             "currency": currency, "per_person": True},
        ],
    }  # fmt: skip
    for c in vocab.living():
        trip[c.name] = row[c.name]
        if c.per_day:
            trip[c.per_day] = int(row[c.per_day])
    contingency = row["contingency"]
    return {"party": int(row["party"]), "currency": currency,
            "contingency": str(contingency) if contingency else None, "trips": [trip]}  # fmt: skip


ALL_TREATMENTS = [t.slug for t in load_catalog().treatments()]


@st.composite
def rows(draw: st.DrawFn) -> dict[str, Any]:
    """A scenario of any shape the bulk path accepts."""
    lo = draw(st.integers(1, 6))
    row: dict[str, Any] = {
        "country": draw(st.sampled_from(COUNTRIES)),
        "treatment": draw(st.sampled_from(ALL_TREATMENTS)),
        "sessions_low": lo,
        "sessions_high": draw(st.integers(lo, 8)),
        "nights": draw(st.integers(0, 120)),
        "split": draw(st.booleans()),
        "consultation": draw(st.booleans()),
        "party": draw(st.integers(1, 4)),
        "extra_per_trip": draw(st.sampled_from([0, 350, 900, 1234.5])),
        "extra_per_person": draw(st.sampled_from([0, 120, 899.99])),
        "contingency": draw(st.sampled_from([0, 0.1, 0.15, 0.25])),
    }
    for c in vocab.living():
        row[c.name] = draw(st.sampled_from(c.tiers))
        if c.per_day:
            row[c.per_day] = draw(st.integers(0, 4))
    return row


def _near_half(amount: Decimal, unit: Decimal) -> bool:
    """Within float64's reach of half a minor unit, but not on it (a rate tripcost derives
    has 28 digits, so 14329703.4999…96 KRW happens): the one case where the bulk path may
    round the other way. Exact halves are rounded up on both paths."""
    off = abs(amount % unit - unit / 2)
    return bool(off) and off <= abs(amount) * Decimal("1e-12")


def exact(row: dict[str, Any], currency: str) -> Estimate | TripcostError:
    try:
        return estimate(as_plan(row, currency), rates=FIXED)
    except (NoPriceError, PlanError) as exc:
        return exc


@given(st.lists(rows(), min_size=1, max_size=8), st.sampled_from(["USD", "KRW"]))
def test_sweep_matches_estimate_row_by_row(batch: list[dict[str, Any]], currency: str) -> None:
    """The bulk path and the exact path agree on every shape the bulk path accepts: the
    amounts to the minor unit (halves rounded up on both), the flags, the gaps and the
    impossible plans."""
    out = sweep(pd.DataFrame(batch), currency=currency, rates=FIXED)
    unit = Decimal(1).scaleb(-currency_digits(currency))
    for row, got in zip(batch, out.to_dict("records"), strict=True):
        est = exact(row, currency)
        if isinstance(est, TripcostError):
            assert np.isnan(got["low"]), (row, got)
            assert np.isnan(got["high"]), (row, got)
            said = got["missing"] if isinstance(est, NoPriceError) else got["error"]
            assert said, (row, got, est)
            assert str(est).endswith(said), (row, got, est)
            continue
        assert got["error"] == "", (row, got)
        for name, money in (("low", est.total.low), ("high", est.total.high)):
            shown = Decimal(repr(got[name])).quantize(unit)
            if _near_half(money.amount, unit):  # float64 cannot tell which side: either
                assert abs(shown - money.rounded().amount) <= unit, (row, got, est.total)
            else:
                assert shown == money.rounded().amount, (row, got, est.total)
        assert got["open_ended"] == est.total.open_ended, (row, got)
        assert got["approximate"] == est.total.approximate, (row, got)
        gaps = [f.message for f in est.flags if f.kind == "missing"]
        assert got["missing"] == "; ".join(gaps)
        assert got["currency"] == currency


def test_a_new_tier_is_priced_everywhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One edit to the vocabulary table (and the data) adds a tier to the plan model, the
    CSV checks, the CLI choices, estimate, compare and sweep."""
    from tripcost.cli import main
    from tripcost.vocab import LivingCategory

    grown = tuple(
        LivingCategory(c.name, c.unit, (*c.tiers, "capsule"), c.default, c.per_day,
                       c.per_day_default, c.per_day_max, c.shared, c.note)
        if c.name == "accommodation" else c
        for c in vocab.LIVING
    )  # fmt: skip
    monkeypatch.setattr(vocab, "LIVING", grown)
    # a source beside the catalog states the price; the catalog cites it verbatim
    (tmp_path / "capsule.txt").write_text("A capsule bed in Seoul costs $30-$45 a night.\n")
    living = (ROOT / "data" / "living.csv").read_text(encoding="utf-8")
    living += ("KR,Seoul,accommodation,capsule,night,USD,30,45,false,false,capsule.txt,"
               "undated,A capsule bed in Seoul costs $30-$45 a night.\n")  # fmt: skip
    (tmp_path / "living.csv").write_text(living, encoding="utf-8")
    cat = load_catalog(tmp_path)
    plan = {"trips": [{"country": "KR", "nights": 10, "consultation": False, "split": True,
                       "accommodation": "capsule", "meals_per_day": 0, "rides_per_day": 0,
                       "treatments": [{"treatment": "co2", "sessions": 1}]}]}  # fmt: skip
    est = estimate(plan, rates=FIXED, catalog=cat)
    # 300 + 10 × 30 = 600; 700 + 10 × 45 = 1150
    assert (est.total.low.amount, est.total.high.amount) == (600, 1150)
    rows = compare_treatments(["co2"], countries=["KR"], nights=10, sessions=Count(1, 1),
                              living={"accommodation": "capsule", "meals_per_day": 0,
                                      "rides_per_day": 0}, rates=FIXED, catalog=cat)  # fmt: skip
    assert rows[0].trip is not None
    # compare's trip has a plan's default consultation (KR: free to ₩50,000 a visit)
    with_fee = estimate({"trips": [{**plan["trips"][0], "consultation": True}]}, rates=FIXED,
                        catalog=cat)  # fmt: skip
    assert rows[0].trip == with_fee.total
    # 300 + 10 × 30 + 0 = 600; 700 + 10 × 45 + 50,000 / 1,450 = 1,184.48
    assert rows[0].trip.rounded() == Range.of(600, "1184.48", "USD")
    frame = pd.DataFrame({"country": ["KR"], "treatment": ["co2"], "sessions_low": [1],
                          "sessions_high": [1], "nights": [10], "accommodation": ["capsule"],
                          "meals_per_day": [0], "rides_per_day": [0]})  # fmt: skip
    out = sweep(frame, rates=FIXED, catalog=cat)
    assert (out.low[0], out.high[0]) == (600.0, 1150.0)
    assert "capsule" in str(Plan.model_json_schema())
    assert main(["compare", "co2", "--countries", "KR", "--nights", "10", "--accommodation",
                 "capsule", "--catalog", str(tmp_path), *["--rate", "USD/KRW=1450"]]) == 0  # fmt: skip


def test_a_hundred_sweeps_with_fresh_rates_are_each_right() -> None:
    """Cached tables never outlive the rates they were made with."""
    frame = pd.DataFrame({"country": ["KR"], "treatment": ["rejuran"], "sessions_low": [1],
                          "sessions_high": [1]})  # fmt: skip
    for i in range(100):
        krw = 1300 + 7 * i
        out = sweep(frame, rates=FixedRates({"USD/KRW": str(krw)}))
        # 004: "Rejuran Healer: ₩300,000 - ₩700,000"
        assert out.low[0] == round(300000 / krw, 2), i
        assert out.high[0] == round(700000 / krw, 2), i


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


@pytest.mark.parametrize(
    ("column", "value"),
    [("quote", "450000 KRW"), ("quote_unit", "syringe"), ("clinic", "chain")],
)
def test_quotes_and_clinics_are_declined(column: str, value: str) -> None:
    frame = pd.DataFrame({"country": ["KR"], "treatment": ["co2"], "sessions_low": [1],
                          "sessions_high": [1], column: [value]})  # fmt: skip
    with pytest.raises(PlanError) as err:
        sweep(frame, rates=FIXED)
    assert str(err.value) == (
        f"sweep: column(s) {column} describe a plan the bulk path declines (see "
        "tripcost.sweep's docstring); price such plans with estimate()"
    )


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
def test_sweep_takes_a_dask_frame_on_a_two_process_cluster() -> None:
    """`sweep(ddf)` returns a Dask frame; priced by two worker processes it equals the
    pandas result row for row."""
    dd = pytest.importorskip("dask.dataframe")
    distributed = pytest.importorskip("distributed")
    grid = scenarios(country=["KR", "TH", "US", "CA", "GB"],
                     treatment=["laser-resurfacing", "dermal-filler", "fractional-co2"],
                     sessions=["1", "3-6"], nights=[0, 14, 40], accommodation=["hostel", "luxury"],
                     consultation=[True, False])  # fmt: skip
    expected = sweep(grid, rates=FIXED)
    ddf = dd.from_pandas(grid, npartitions=6)
    lazy = sweep(ddf, rates=FIXED)
    assert type(lazy).__module__.startswith("dask")
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                 dashboard_address=None) as cluster,
        distributed.Client(cluster) as client,
    ):  # fmt: skip
        got = client.compute(lazy).result()
    # the meta Dask was promised is what the partitions hold (text as plain strings there:
    # each partition would have its own categories)
    assert lazy.dtypes.to_dict() == got.dtypes.to_dict()
    text = {"missing": str, "error": str, "currency": str}
    pd.testing.assert_frame_equal(
        got.reset_index(drop=True).astype(text), expected.reset_index(drop=True).astype(text)
    )


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


def test_a_half_unit_rounds_up_as_the_exact_path_shows_it() -> None:
    """A tester's row whose exact low is 57706468.50 KRW: estimate shows 57,706,469;
    numpy's half-to-even rounding gave 57,706,468."""
    row = {"country": "KR", "treatment": "rejuran", "sessions_low": 1, "sessions_high": 1,
           "nights": 89, "split": True, "consultation": True, "party": 2,
           "accommodation": "luxury", "food": "casual", "transport": "taxi",
           "meals_per_day": 4, "rides_per_day": 31, "extra_per_trip": 0,
           "extra_per_person": 0, "contingency": 0}  # fmt: skip
    rates = FixedRates({"USD/KRW": "1433.37"})
    est = estimate(as_plan(row, "KRW"), rates=rates)
    got = sweep(pd.DataFrame([row]), currency="KRW", rates=rates).iloc[0]
    assert est.total.low.amount % 1 == Decimal("0.5")  # the tie itself
    assert Decimal(repr(float(got["high"]))) == est.total.high.rounded().amount
    assert Decimal(repr(float(got["low"]))) == est.total.low.rounded().amount


@given(st.integers(-(10**12), 10**12), st.sampled_from([0, 2]))
def test_round_half_up_agrees_with_decimal(cents: int, digits: int) -> None:
    from decimal import ROUND_HALF_UP

    from tripcost.bulk.block import round_half_up

    exact_value = Decimal(cents).scaleb(-(digits + 1))  # one digit finer: halves included
    got = float(round_half_up(np.array([float(exact_value)]), digits)[0])
    want = exact_value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    assert Decimal(repr(got)) == want
