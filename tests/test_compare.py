"""Comparisons across countries, savings against home, break-even."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tripcost import FixedRates, Money, Plan, Range, break_even, compare_plan
from tripcost.compare import compare_treatments, saving, summarize
from tripcost.errors import PlanError
from tripcost.plan import Count

FIXED = FixedRates({"USD/KRW": "1450", "USD/THB": "35", "USD/GBP": "0.75", "USD/INR": "85",
                    "USD/AUD": "1.5", "USD/SGD": "1.3", "USD/TRY": "40", "USD/CAD": "1.4",
                    "USD/MXN": "18", "EUR/USD": "1.1"})  # fmt: skip


def test_saving_is_an_honest_interval() -> None:
    home = Range.of(4500, 9000, "USD")
    abroad = Range.of(900, 9000, "USD")
    assert saving(home, abroad) == (Money(-4500, "USD"), Money(8100, "USD"))


def test_per_session_rows_sorted_cheapest_first_and_gaps_kept() -> None:
    rows = compare_treatments(["laser-resurfacing"], rates=FIXED)
    got = [(r.country, r.per_session.low.amount if r.per_session else None) for r in rows]
    # 001's table: India $60, Thailand $151, Korea $300, Australia $470, Turkey $500,
    # UK $820, Singapore $1,480, USA $1,500; Canada '-', Mexico not in the table
    assert got == [("IN", 60), ("TH", 151), ("KR", 300), ("AU", 470), ("TR", 500),
                   ("GB", 820), ("SG", 1480), ("US", 1500), ("CA", None), ("MX", None)]  # fmt: skip
    ca = next(r for r in rows if r.country == "CA")
    assert "marks it '-' (no data)" in ca.missing


def test_sessions_and_home() -> None:
    rows = compare_treatments(["laser-resurfacing"], countries=["KR", "US"], sessions=Count(low=3, high=6),
                              home="US", rates=FIXED)  # fmt: skip
    kr = next(r for r in rows if r.country == "KR")
    assert kr.total == Range.of(900, 9000, "USD", sources=kr.total.sources if kr.total else ())
    # home 3–6 × $1,500 = 4,500–9,000; saving = 4,500 − 9,000 … 9,000 − 900
    assert kr.saving == (Money(-4500, "USD"), Money(8100, "USD"))


def test_summary_adds_treatments() -> None:
    rows = compare_treatments(
        ["fractional-co2", "subcision"],
        countries=["KR"],
        sessions=Count(low=1, high=1),
        rates=FIXED,
    )
    (kr,) = summarize(rows, ["fractional-co2", "subcision"])
    # 300–700 + 150–543
    assert kr.total is not None
    assert (kr.total.low.amount, kr.total.high.amount) == (450, 1243)


def test_a_treatment_home_has_no_price_for_keeps_its_row_and_the_rest_compare() -> None:
    rows = compare_treatments(["laser-resurfacing", "tca-cross"], countries=["KR"], home="US",
                              sessions=Count(low=1, high=1), rates=FIXED)  # fmt: skip
    tca = next(r for r in rows if r.treatment == "tca-cross")
    assert tca.per_session is not None  # 000: "TCA CROSS: $100 - $300 per session"
    assert tca.saving is None
    assert tca.home_missing.startswith("home US: no per-session price for tca-cross in US")
    laser = next(r for r in rows if r.treatment == "laser-resurfacing")
    # 001: KR $300-$1,500, US $1,500: saved 1,500 - 1,500 ... 1,500 - 300
    assert laser.saving == (Money(0, "USD"), Money(1200, "USD"))
    (kr,) = summarize(rows, ["laser-resurfacing", "tca-cross"])
    assert kr.saving == laser.saving
    assert kr.saving_without == ("tca-cross",)


def plan(**trip: object) -> Plan:
    base: dict[str, object] = {"country": "KR", "nights": 28, "consultation": False,
                               "accommodation": "hostel", "meals_per_day": 0, "rides_per_day": 0,
                               "treatments": [{"treatment": "laser-resurfacing", "sessions": 2}],
                               "extras": [{"name": "flight", "amount": "1000"}]}  # fmt: skip
    base.update(trip)
    return Plan.model_validate({"trips": [base]})


def test_compare_plan_frame() -> None:
    df = compare_plan(plan(), countries=["KR", "TH", "CA"], home="US", rates=FIXED)
    assert list(df.columns) == [
        "country", "currency", "total_low", "total_low_f", "total_high", "total_high_f",
        "open_ended", "approximate", "saving_low", "saving_low_f", "saving_high", "saving_high_f",
        "saving_or_less", "saving_or_more", "saving_approximate", "missing", "error",
    ]  # fmt: skip
    assert df["total_low_f"].dtype == "float64"
    kr = df[df.country == "KR"].iloc[0]
    # 2 sessions 300–1,500; 28 hostel nights 20–50 (002); one flight 1,000
    # low 600 + 560 + 1000 = 2,160; high 3,000 + 1,400 + 1,000 = 5,400
    assert (kr.total_low, kr.total_high) == (Decimal(2160), Decimal(5400))
    # home: 2 × $1,500 = 3,000: saving 3,000 − 5,400 … 3,000 − 2,160
    assert (kr.saving_low, kr.saving_high) == (Decimal(-2400), Decimal(840))
    ca = df[df.country == "CA"].iloc[0]
    assert ca.total_low is None
    assert "no per-session price for laser-resurfacing in CA" in ca.missing
    assert list(df.country)[-1] == "CA"  # countries without a price come last


def test_compare_plan_home_row_has_no_saving_and_an_impossible_trip_is_an_error() -> None:
    """As in compare: home's own row is the trip at home, with no saving against itself.
    A plan that cannot happen (6 sessions 4+ weeks apart in 14 nights, no splitting) is
    an error, as estimate raises it, not a missing price."""
    df = compare_plan(plan(), countries=["KR", "US"], home="US", rates=FIXED)
    us = df[df.country == "US"].iloc[0]
    assert us.total_low is not None
    assert (us.saving_low, us.saving_high, us.missing) == (None, None, "")
    tight = {"trips": [{"country": "KR", "nights": 14, "split": False, "treatments": [
        {"treatment": "fractional-co2", "sessions": 6}]}]}  # fmt: skip
    df = compare_plan(tight, countries=["KR", "TH"], home="US", rates=FIXED)
    kr, th = (df[df.country == c].iloc[0] for c in ("KR", "TH"))
    assert kr.error.startswith("trips[0]: 6 sessions of fractional-co2, spaced at least 28 days")
    assert (kr.missing, kr.total_low) == ("", None)
    assert th.missing.startswith("trips[0].treatments[0]: no per-session price")
    assert th.error == ""
    no_home = compare_plan(plan(), countries=["KR"], home="canada", rates=FIXED).iloc[0]
    assert "home CA: " in no_home.missing  # the code, as compare writes it


def test_break_even_by_hand() -> None:
    # Korea vs USA, laser resurfacing: 300–1,500 a session in KR, 1,500 in the US (001).
    # A 28-night stay holds 2 sessions (spaced at least 28 days); each stay costs a 1,000 flight
    # and 28 hostel nights at 20–50 (002): 1,560–2,400 a stay, ceil(n/2) stays.
    # low:  300n + 1560·ceil(n/2) < 1500n ?  n=1: 1860 ≮ 1500; n=2: 2160 < 3000 -> 2
    # high: 1500n + 2400·ceil(n/2) < 1500n never -> None
    be = break_even(plan(), home="US", rates=FIXED, max_sessions=12)
    assert (be.low, be.high) == (2, None)
    assert str(be) == "break-even in KR vs US: low 2, high not within 12 sessions"


def test_an_empty_list_of_countries_is_refused_not_read_as_all() -> None:
    """As --countries '' is on the command line: None means every country, [] none."""
    with pytest.raises(PlanError, match="countries is an empty list: name at least one"):
        compare_treatments(["rejuran"], countries=[], rates=FIXED)
    with pytest.raises(PlanError, match="countries is an empty list: name at least one"):
        compare_plan(plan(), countries=[], rates=FIXED)


def test_an_unknown_country_names_the_argument_it_came_in() -> None:
    from tripcost.errors import UnknownCountry

    with pytest.raises(UnknownCountry, match=r"^home: unknown country 'XX'"):
        compare_treatments(["rejuran"], home="XX", rates=FIXED)
    with pytest.raises(UnknownCountry, match=r"^countries: unknown country 'ZZ'"):
        compare_plan(plan(), countries=["KR", "ZZ"], rates=FIXED)
    with pytest.raises(UnknownCountry, match=r"^home: unknown country 'XX'"):
        break_even(plan(), home="XX", rates=FIXED)
