"""Estimates: worked examples computed by hand from the seeds, and invariants."""

from __future__ import annotations

import datetime as dt
import decimal
import random
from decimal import Decimal, localcontext
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from strategies import contexts
from tripcost import (
    FixedRates,
    Money,
    NoPriceError,
    PlanError,
    UnknownTreatment,
    estimate,
    load_plan,
)
from tripcost.money import EXACT

PLANS = Path(__file__).parent / "plans"
FIXED = FixedRates({"USD/KRW": "1450"})


def trip(**kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"country": "KR", "consultation": False}
    base.update(kw)
    return base


def total(plan: dict[str, Any], currency: str | None = None) -> tuple[Decimal, Decimal, bool]:
    t = estimate(plan, currency=currency, rates=FIXED).total
    return (t.low.amount, t.high.amount, t.open_ended)


# -- worked examples -------------------------------------------------------------------


def test_one_session_and_a_week_in_a_hostel() -> None:
    # 000: CO2 "$300 - $700" per session; 002: "$20–$50 (hostels)", "$2–$5 (street food)",
    # "$1–$2 (public)". 7 nights, 3 meals and 2 rides a day, one traveller:
    # low  300 + 7×20 + 21×2 + 14×1 = 496
    # high 700 + 7×50 + 21×5 + 14×2 = 1183
    plan = {"trips": [trip(nights=7, accommodation="hostel", food="street", transport="public",
                           treatments=[{"treatment": "fractional-co2", "sessions": 1}])]}  # fmt: skip
    assert total(plan) == (Decimal(496), Decimal(1183), False)


def test_glass_skin_in_krw_for_two() -> None:
    # 004: Rejuran "₩300,000 - ₩700,000"; 002 living costs in USD at 1 USD = 1,450 KRW;
    # consultation: 001 "Free" and 004 "(₩10,000 - ₩50,000)" -> ₩0–₩50,000, one visit.
    # hotel  7 × 101,500–217,500             =   710,500 – 1,522,500
    # food   7×3×2 = 42 meals × 11,600–21,750 =   487,200 –   913,500
    # rides  7×2×2 = 28 rides × 1,450–2,900   =    40,600 –    81,200
    # low  300,000 + 710,500 + 487,200 + 40,600 + 0          = 1,538,300
    # high 700,000 + 1,522,500 + 913,500 + 81,200 + 50,000   = 3,267,200
    plan = {"currency": "KRW", "party": 2, "trips": [{"country": "KR", "nights": 7,
            "treatments": [{"treatment": "rejuran", "sessions": 1}]}]}  # fmt: skip
    assert total(plan) == (Decimal(1538300), Decimal(3267200), False)
    est = estimate(plan, rates=FIXED)
    assert {ln.category for ln in est.lines} == {
        "treatment", "accommodation", "food", "transport", "fees"
    }  # fmt: skip


def test_the_issue_example_split_over_several_trips() -> None:
    # seoul_co2.toml: CO2 3–6 and subcision 3, 14-night trips, hotel, casual, public, flight 900.
    # Sessions are spaced at least 28 days (000: "4-8 weeks"; 001: "a month apart"), so a
    # 14-night trip holds one session of each: 3–6 trips of 14 nights = 42–84 nights.
    # CO2        3–6 × 300–700                  =   900 –  4,200
    # subcision  3 × 150–543 (000 and ~001)      =   450 –  1,629
    # hotel      42–84 × 70–150                  = 2,940 – 12,600
    # food       126–252 meals × 8–15            = 1,008 –  3,780
    # rides      84–168 × 1–2                    =    84 –    336
    # consult    3–6 × ₩0–₩50,000 at 1,450       =     0 –    206.90
    # flights    3–6 × 900                       = 2,700 –  5,400
    # low 8,082; high 27,945 + 206.90 = 28,151.90
    est = estimate(load_plan(PLANS / "seoul_co2.toml"), rates=FIXED)
    assert est.total.low == Money(8082, "USD")
    assert est.total.high.rounded() == Money("28151.90", "USD")
    assert est.trips[0].trips == (3, 6)
    assert est.trips[0].nights == (Decimal(42), Decimal(84))
    assert est.total.approximate  # 001's subcision figure is "~$454"
    kinds = {f.kind for f in est.flags}
    assert {"schedule", "deposit", "approximate", "undated_source"} <= kinds


def test_total_is_the_exact_sum_of_the_breakdown() -> None:
    est = estimate(load_plan(PLANS / "seoul_co2.toml"), rates=FIXED)
    df = est.breakdown
    with localcontext(EXACT):  # the sum is exact only with enough digits
        assert sum(df["amount_low"]) == est.total.low.amount
        assert sum(df["amount_high"]) == est.total.high.amount
    assert list(df.columns[:7]) == [
        "trip",
        "country",
        "item",
        "category",
        "qty_low",
        "qty_high",
        "unit",
    ]


def test_contingency_widens_the_high_only() -> None:
    plan = {"contingency": "0.15", "trips": [trip(nights=0, treatments=[
        {"treatment": "fractional-co2", "sessions": 1}])]}  # fmt: skip
    # 300–700, plus 15% of 700 = 105 as its own line
    assert total(plan) == (Decimal(300), Decimal("805.00"), False)
    est = estimate(plan, rates=FIXED)
    assert est.lines[-1].category == "contingency"


def test_vat_refund_only_inside_the_rules_dates() -> None:
    # visitkorea: "a 10% value-added tax (VAT) refund" from 2016-04-01; medinkorea (2026-05-21):
    # the special provision ran "through December 31, 2025".
    applies = {"trips": [trip(start="2025-06-01", nights=0, vat_refund=True,
                              treatments=[{"treatment": "fractional-co2", "sessions": 1}])]}  # fmt: skip
    assert total(applies) == (Decimal(270), Decimal(630), False)  # 300–700 less 10%
    late = {"trips": [trip(start="2026-03-02", nights=0, vat_refund=True,
                           treatments=[{"treatment": "fractional-co2", "sessions": 1}])]}  # fmt: skip
    est = estimate(late, rates=FIXED)
    assert (est.total.low.amount, est.total.high.amount) == (300, 700)
    (why,) = [f.message for f in est.flags if f.kind == "vat_refund"]
    assert why == (
        "VAT refund not applied: https://medinkorea.com/korea-cosmetic-surgery-vat-refund-2026/ "
        "(2026-05-21) says the special provision ran through 2025-12-31; the trip starts 2026-03-02"
    )


def test_deposit_is_shown_not_added() -> None:
    # 001: "A deposit (about 10%) is usually required"
    plan = {"trips": [trip(nights=200, treatments=[{"treatment": "fractional-co2", "sessions": 3}],
                           meals_per_day=0, rides_per_day=0, accommodation="hostel")]}  # fmt: skip
    est = estimate(plan, rates=FIXED)
    assert est.deposit is not None
    assert (est.deposit.low.amount, est.deposit.high.amount) == (90, 210)
    assert est.deposit.approximate
    assert all(ln.category != "deposit" for ln in est.lines)


def test_recovering_in_country_adds_the_downtime_nights() -> None:
    # 000: CO2 downtime "5-7 days" and "5-7+ days"; hostel $20–$50 a night.
    plan = {"trips": [trip(nights=0, recover_in_country=True, accommodation="hostel",
                           meals_per_day=0, rides_per_day=0,
                           treatments=[{"treatment": "fractional-co2", "sessions": 1}])]}  # fmt: skip
    # 300 + 5×20 = 400; 700 + 7×50 = 1050, and "or more"
    assert total(plan) == (Decimal(400), Decimal(1050), True)
    est = estimate(plan, rates=FIXED)
    assert any(f.kind == "open_ended" and "downtime" in f.message for f in est.flags)
    # the hostel price itself is closed ("$20–$50"): the open end is the nights'
    assert (
        "accommodation (hostel): the nights are 'or more' (the downtime); the high is at least"
        in [f.message for f in est.flags]
    )
    at_home = {
        "trips": [trip(nights=0, treatments=[{"treatment": "fractional-co2", "sessions": 1}])]
    }
    assert any("spent at home" in f.message for f in estimate(at_home, rates=FIXED).flags)


def test_nights_default_to_the_sources_stay() -> None:
    # 002: "For stem cell therapy, plan about 7 days"
    plan = {"trips": [trip(treatments=[{"treatment": "stem-cell"}])]}
    est = estimate(plan, rates=FIXED)
    assert est.trips[0].nights == (Decimal(7), Decimal(7))
    assert "002_1f6f43bd7de01586.txt" in est.trips[0].nights_note
    assert any(f.kind == "assumption" and "no source states a session count" in f.message
               for f in est.flags)  # fmt: skip


def test_too_many_sessions_for_the_nights_without_split() -> None:
    plan = {"trips": [trip(nights=7, treatments=[{"treatment": "fractional-co2", "sessions": 5}])]}
    with pytest.raises(PlanError) as err:
        estimate(plan, rates=FIXED)
    assert str(err.value) == (
        "trips[0]: 5 sessions of fractional-co2, spaced at least 28 days apart, need at least "
        "112 nights; the trip has 7. Set split = true to spread them over several trips, or give "
        "more nights"
    )


def test_split_repeats_per_trip_costs() -> None:
    # 5 sessions, 7-night trips, one session a trip -> 5 trips, 5 flights
    plan = {"trips": [trip(nights=7, split=True, meals_per_day=0, rides_per_day=0,
                           accommodation="hostel",
                           treatments=[{"treatment": "fractional-co2", "sessions": 5}],
                           extras=[{"name": "flight", "amount": "900"}])]}  # fmt: skip
    est = estimate(plan, rates=FIXED)
    assert est.trips[0].trips == (5, 5)
    flights = [ln for ln in est.lines if ln.item == "flight"]
    assert flights[0].amount_low == Money(4500, "USD")
    # 5×300 + 35×20 + 4500 = 6700; 5×700 + 35×50 + 4500 = 9750
    assert (est.total.low.amount, est.total.high.amount) == (6700, 9750)


def test_a_country_without_a_price_names_the_field() -> None:
    plan = {"trips": [trip(country="CA", treatments=[{"treatment": "dermal-filler"}])]}
    with pytest.raises(NoPriceError) as err:
        estimate(plan, rates=FIXED)
    assert str(err.value).startswith(
        "trips[0].treatments[0]: no per-session price for dermal-filler in CA"
    )


def test_unknown_treatment_names_the_field_and_suggests() -> None:
    plan = {"trips": [trip(treatments=[{"treatment": "fraxl"}])]}
    with pytest.raises(UnknownTreatment) as err:
        estimate(plan, rates=FIXED)
    assert str(err.value).startswith(
        "trips[0].treatments[0].treatment: unknown treatment 'fraxl'; did you mean fraxel?"
    )


def test_open_ended_and_approximate_inputs_are_flagged() -> None:
    # 000: "$400 - $1000+ per syringe": a session of two syringes
    plan = {
        "trips": [
            trip(nights=0, treatments=[{"treatment": "dermal-filler", "sessions": 1, "units": 2}])
        ]
    }
    est = estimate(plan, rates=FIXED)
    assert est.total.open_ended
    assert est.total.low.amount == 800  # 2 syringes × $400
    assert est.total.high.amount == 2000  # 2 syringes × $1,000+
    assert est.lines[0].note.startswith("2 syringe(s) a session at a per-syringe price")
    assert any(f.kind == "open_ended" for f in est.flags)


def test_stale_sources_are_flagged() -> None:
    # the Istanbul hostel figure comes from a 2016 page
    plan = {"trips": [{"country": "TR", "start": "2026-03-02", "nights": 3, "consultation": False,
                       "accommodation": "hostel", "meals_per_day": 0, "rides_per_day": 0}]}  # fmt: skip
    est = estimate(plan, rates=EmbeddedRatesForTests())
    assert any(f.kind == "stale_source" and "2016" in f.message for f in est.flags)


class EmbeddedRatesForTests:
    """The embedded rates, but with a fixed 'today' so the test does not age."""

    def rate(self, base: str, quote: str, on: dt.date | None = None) -> Any:
        from tripcost import EmbeddedRates

        return EmbeddedRates().rate(base, quote, on or dt.date(2026, 10, 30))


def test_rates_used_are_listed_with_date_and_source() -> None:
    est = estimate(load_plan(PLANS / "glass_skin.json"), currency="USD", rates=FIXED)
    assert est.rates
    r = est.rates[0]
    assert (r.base, r.quote, r.source) == ("KRW", "USD", "fixed rate (given by the user)")


def test_party_multiplies_meals_rides_and_per_person_extras_not_sessions_or_room() -> None:
    one = estimate(load_plan(PLANS / "seoul_co2.toml"), rates=FIXED)
    two = estimate(load_plan(PLANS / "seoul_co2.toml").model_copy(update={"party": 2}), rates=FIXED)
    by = {(ln.item): ln for ln in one.lines}
    for ln in two.lines:
        mult = 2 if ln.category in ("food", "transport", "extras") else 1
        assert ln.amount_low == by[ln.item].amount_low * mult, ln.item
        assert ln.amount_high == by[ln.item].amount_high * mult, ln.item


# -- properties ---------------------------------------------------------------------------

KR = ["fractional-co2", "erbium-yag", "picosecond-laser", "vascular-laser", "subcision",
      "tca-cross", "rejuran", "water-shine", "exosome", "ipl", "fraxel", "hydrafacial",
      "aqua-peel", "dermal-filler", "microneedling", "laser-resurfacing", "chemical-peel",
      "skin-booster", "stem-cell", "stem-cell-facial"]  # fmt: skip


@st.composite
def treatment_lines(draw: st.DrawFn) -> dict[str, Any]:
    lo = draw(st.integers(1, 4))
    hi = draw(st.integers(lo, 6))
    return {"treatment": draw(st.sampled_from(KR)), "sessions": f"{lo}-{hi}",
            "units": draw(st.integers(1, 3))}  # fmt: skip


extras = st.builds(
    lambda a, c, p: {"name": "extra", "amount": str(a), "currency": c, "per_person": p},
    st.integers(0, 3000),
    st.sampled_from(["USD", "KRW"]),
    st.booleans(),
)


@st.composite
def trips(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "country": "KR",
        "nights": draw(st.one_of(st.none(), st.integers(0, 60))),
        "split": True,
        "consultation": draw(st.booleans()),
        "recover_in_country": draw(st.booleans()),
        "accommodation": draw(st.sampled_from(["hostel", "hotel", "luxury"])),
        "food": draw(st.sampled_from(["street", "casual", "fine"])),
        "transport": draw(st.sampled_from(["public", "taxi"])),
        "meals_per_day": draw(st.integers(0, 3)),
        "rides_per_day": draw(st.integers(0, 4)),
        "treatments": draw(st.lists(treatment_lines(), max_size=3)),
        "extras": draw(st.lists(extras, max_size=2)),
    }


@st.composite
def plans(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "party": draw(st.integers(1, 4)),
        "trips": draw(st.lists(trips(), min_size=1, max_size=2)),
        "contingency": draw(st.sampled_from([None, "0.1", "0.15"])),
    }


@given(plans())
def test_low_never_exceeds_high_and_total_is_the_sum(plan: dict[str, Any]) -> None:
    est = estimate(plan, rates=FIXED)
    assert est.total.low <= est.total.high
    assert sum((ln.amount_low for ln in est.lines), Money.zero("USD")) == est.total.low
    assert sum((ln.amount_high for ln in est.lines), Money.zero("USD")) == est.total.high
    if any(ln.open_ended for ln in est.lines):
        assert est.total.open_ended


@given(plans(), treatment_lines())
def test_adding_a_treatment_never_lowers_the_estimate(
    plan: dict[str, Any], line: dict[str, Any]
) -> None:
    before = estimate(plan, rates=FIXED).total
    plan["trips"][0]["treatments"].append(line)
    after = estimate(plan, rates=FIXED).total
    assert after.low >= before.low
    assert after.high >= before.high
    assert after.high > before.high or line["treatment"] == "stem-cell-facial"  # it adds money


@given(plans(), extras)
def test_adding_an_extra_never_lowers_the_estimate(
    plan: dict[str, Any], extra: dict[str, Any]
) -> None:
    before = estimate(plan, rates=FIXED).total
    plan["trips"][-1]["extras"].append(extra)
    after = estimate(plan, rates=FIXED).total
    assert after.low >= before.low
    assert after.high >= before.high


@given(plans(), st.randoms(use_true_random=False))
def test_order_of_lines_and_trips_does_not_matter(plan: dict[str, Any], rnd: random.Random) -> None:
    before = estimate(plan, rates=FIXED).total
    for t in plan["trips"]:
        rnd.shuffle(t["treatments"])
        rnd.shuffle(t["extras"])
    rnd.shuffle(plan["trips"])
    after = estimate(plan, rates=FIXED).total
    assert (after.low, after.high) == (before.low, before.high)


@given(plans())
def test_krw_then_converted_equals_usd(plan: dict[str, Any]) -> None:
    usd = estimate(plan, currency="USD", rates=FIXED)
    krw = estimate(plan, currency="KRW", rates=FIXED)
    rate = FIXED.rate("KRW", "USD")
    tolerance = Decimal("0.01") * len(usd.lines)
    assert abs(krw.total.low.convert(rate).amount - usd.total.low.amount) <= tolerance
    assert abs(krw.total.high.convert(rate).amount - usd.total.high.amount) <= tolerance
    assert krw.total.low.currency == "KRW"  # and it was really priced in KRW


@given(plans())
def test_doubling_the_party(plan: dict[str, Any]) -> None:
    one = estimate(plan, rates=FIXED)
    plan["party"] = plan["party"] * 2
    two = estimate(plan, rates=FIXED)
    for a, b in zip(one.lines, two.lines, strict=True):
        per_person = a.category in ("food", "transport") or a.unit == "person per trip"
        if a.category == "contingency":
            continue
        factor = 2 if per_person else 1
        assert b.amount_low == a.amount_low * factor
        assert b.amount_high == a.amount_high * factor


def test_staleness_is_measured_against_the_rate_date() -> None:
    # no trip date: the reference is the date of the rates used (here 2030-01-01)
    rates = FixedRates({"USD/KRW": "1450"}, as_of=dt.date(2030, 1, 1))
    plan = {"trips": [trip(nights=2, treatments=[{"treatment": "rejuran", "sessions": 1}])]}
    est = estimate(plan, rates=rates)
    stale = [f.message for f in est.flags if f.kind == "stale_source"]
    assert any(
        m.startswith("004_d65572b616b5df97.txt is dated 2026-01-16, 48 months before 2030-01-01")
        for m in stale
    )


@given(plans(), contexts())
def test_the_callers_decimal_context_changes_nothing(
    plan: dict[str, Any], ctx: decimal.Context
) -> None:
    """An estimate is the same under any caller context: any precision, rounding, traps."""
    expected = estimate(plan, rates=FIXED)
    with localcontext(ctx):
        got = estimate(plan, rates=FIXED)
        shown = [str(ln.amount_high) for ln in got.lines]
        # every way an estimate is shown: the table, its lines, its JSON, its values
        texts = [str(got), *map(str, got.lines), str(got.total), repr(got.total),
                 *map(str, got.flags), *(r.describe() for r in got.rates)]  # fmt: skip
        doc, records = got.to_dict(), got.records()
    assert texts == [str(expected), *map(str, expected.lines), str(expected.total),
                     repr(expected.total), *map(str, expected.flags),
                     *(r.describe() for r in expected.rates)]  # fmt: skip
    assert (doc, records) == (expected.to_dict(), expected.records())
    assert (got.total.low.amount, got.total.high.amount) == (
        expected.total.low.amount,
        expected.total.high.amount,
    )
    assert [ln.amount_low.amount for ln in got.lines] == [
        ln.amount_low.amount for ln in expected.lines
    ]
    assert shown == [str(ln.amount_high) for ln in expected.lines]
    assert got.deposit == expected.deposit


def test_the_vat_refund_covers_only_sessions_dated_while_it_is_in_force() -> None:
    """KR's refund ran through 2025-12-31 (data/rules.csv, medinkorea.com); a trip from
    2025-12-20 with two CO2 sessions 4-8 weeks apart has its second after that, so only
    the first ($300-$700, 002) is refunded: 10% of it."""
    plan = {"trips": [{"country": "KR", "start": "2025-12-20", "nights": 60, "vat_refund": True,
                       "consultation": False,
                       "treatments": [{"treatment": "fractional-co2", "sessions": 2}]}]}  # fmt: skip
    est = estimate(plan, rates=FixedRates({"USD/KRW": "1450"}))
    (refund,) = [ln for ln in est.lines if ln.category == "deduction"]
    assert (refund.amount_low.amount, refund.amount_high.amount) == (-30, -70)
    (short,) = [f.message for f in est.flags if "only on the sessions" in f.message]
    assert "which are fractional-co2: 1 of 2 sessions in the low, 1 of 2 in the high" in short, (
        short
    )
    later = {**plan["trips"][0], "start": "2025-09-01"}  # both sessions in 2025: both refunded
    both = estimate({"trips": [later]}, rates=FixedRates({"USD/KRW": "1450"}))
    (refund,) = [ln for ln in both.lines if ln.category == "deduction"]
    assert (refund.amount_low.amount, refund.amount_high.amount) == (-60, -140)


def test_living_costs_not_used_raise_no_flags() -> None:
    """With no nights, no living cost is priced, so none of their figures is called old
    (GB's living rows are in GBP; shown in USD they would be flagged where used)."""
    plan = {"trips": [{"country": "GB", "nights": 0,
                       "treatments": [{"treatment": "fractional-co2", "sessions": 1}]}]}  # fmt: skip
    est = estimate(plan, rates=FixedRates({"GBP/USD": "1.3"}))
    assert not [ln for ln in est.lines if ln.category in ("accommodation", "food", "transport")]
    assert not [
        f for f in est.flags if f.message.startswith(("accommodation", "food", "transport"))
    ]
    week = {"trips": [{**plan["trips"][0], "nights": 7}]}
    used = estimate(week, rates=FixedRates({"GBP/USD": "1.3"}))
    assert [f for f in used.flags if f.message.startswith(("accommodation", "food", "transport"))]


def test_without_nights_a_stated_stay_sets_the_stays() -> None:
    """004 gives Rejuran "a stay of 7-14 days"; its sessions are 3-6 (004, 000) spaced
    4-8 weeks: a 7-14-night stay holds one, so the default is 3-6 stays of 7-14 nights,
    not one stay of 56-280 nights."""
    plan = {"trips": [{"country": "KR", "consultation": False,
                       "treatments": [{"treatment": "rejuran"}]}]}  # fmt: skip
    est = estimate(plan, rates=FixedRates({"USD/KRW": "1450"}))
    (trip,) = est.trips
    assert (trip.trips, trip.nights) == ((3, 6), (21, 84))
    from tripcost.calendar import schedule

    cal = schedule({"trips": [{**plan["trips"][0], "start": "2027-01-04"}]})
    assert (cal.trips[0].stays, cal.trips[0].nights) == ((3, 6), (21, 84))
    one = {"trips": [{**plan["trips"][0], "split": False}]}  # one stay holds them all
    (kept,) = estimate(one, rates=FixedRates({"USD/KRW": "1450"})).trips
    assert kept.trips == (1, 1)


def test_a_trip_with_no_living_cost_says_it_leaves_them_out() -> None:
    """Pico toning with no nights and no stated stay prices no living cost: the answer
    says 'no living costs' and lists them as not included (JSON too)."""
    plan = {"trips": [{"country": "KR", "consultation": False,
                       "treatments": [{"treatment": "pico-toning"}]}]}  # fmt: skip
    est = estimate(plan, rates=FixedRates({"USD/KRW": "1450"}))
    assert est.not_included[0] == "living costs and travel"
    assert est.to_dict()["not_included"][0] == "living costs and travel"
    week = {"trips": [{**plan["trips"][0], "nights": 7}]}
    assert (
        "living costs and travel"
        not in estimate(week, rates=FixedRates({"USD/KRW": "1450"})).not_included
    )


def test_a_trip_without_treatments_is_priced_and_says_so() -> None:
    """A companion's stay (treatments = []) is allowed: its living costs only, flagged."""
    est = estimate({"trips": [{"country": "KR", "nights": 7, "vat_refund": True,
                               "start": "2025-12-20", "treatments": []}]},
                   rates=FixedRates({"USD/KRW": "1450"}))  # fmt: skip
    # no consultation (it is for a treatment), no refund (nothing to refund)
    assert {ln.category for ln in est.lines} == {"accommodation", "food", "transport"}
    assert "VAT refund: the trip has no treatments to refund" in [f.message for f in est.flags]
    assert ("assumption", "no treatments: only the stay is priced") in {
        (str(f.kind), f.message) for f in est.flags
    }
