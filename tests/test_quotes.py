"""Your own quotes: a clinic's price in place of the catalog's, priced by hand."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tripcost import (
    ClinicQuote,
    FixedRates,
    PlanError,
    Range,
    compare_plan,
    compare_treatments,
    estimate,
    load_catalog,
)
from tripcost.plan import as_plan
from tripcost.quotes import with_quotes
from tripcost.vocab import FlagKind

FIXED = FixedRates({"USD/KRW": "1450"})


def plan(*lines: dict[str, Any], country: str = "KR", **trip: Any) -> dict[str, Any]:
    return {"currency": "KRW", "trips": [{
        "country": country, "nights": 7, "consultation": False, "accommodation": "hostel",
        "food": "street", "transport": "public", "treatments": list(lines), **trip}]}  # fmt: skip


# -- in a plan -----------------------------------------------------------------------------


def test_a_plan_with_a_clinic_quote_priced_by_hand() -> None:
    # The clinic quoted "400000-500000 KRW" a Rejuran session; one session and a week in
    # a Seoul hostel, street food, the subway (002: "$20–$50 (hostels)", "$2–$5 (street
    # food)", "$1–$2 (public)"), at 1 USD = 1,450 KRW:
    # rejuran  1 × 400,000–500,000          = 400,000 – 500,000
    # hostel   7 × 29,000–72,500            = 203,000 – 507,500
    # food    21 × 2,900–7,250              =  60,900 – 152,250
    # rides   14 × 1,450–2,900              =  20,300 –  40,600
    # total                                   684,200 – 1,200,350
    est = estimate(plan({"treatment": "rejuran", "sessions": 1, "quote": "400000-500000 KRW"}),
                   rates=FIXED)  # fmt: skip
    assert (est.total.low.amount, est.total.high.amount) == (684200, 1200350)
    line = est.lines[0]
    assert line.item == "rejuran (your quote)"
    assert (line.qty_low, line.qty_high, line.unit) == (1, 1, "session")
    assert (line.unit_low.amount, line.unit_high.amount) == (400000, 500000)
    assert [(s.ref, s.date, s.quote) for s in line.sources] == [
        ("your quote", "", "400000-500000 KRW")
    ]
    assert line.note == "your quote: 400000-500000 KRW a session"
    assert line.rates == ()  # stated in the display currency


def test_a_quote_raises_no_flag_meant_for_data() -> None:
    est = estimate(plan({"treatment": "rejuran", "sessions": 1, "quote": "450000 KRW"}),
                   rates=FIXED)  # fmt: skip
    data_flags = {FlagKind.UNDATED_SOURCE, FlagKind.UNVERIFIED, FlagKind.STALE_SOURCE,
                  FlagKind.OLD_PRICE}  # fmt: skip
    quoted = [f for f in est.flags if "your quote" in f.message]
    assert not [f for f in quoted if f.kind in data_flags]
    assert "your quote" in est.to_dict()["lines"][0]["sources"]  # type: ignore[index]
    assert "Sources: your quote ·" in str(est)


def test_a_per_syringe_quote_is_times_the_units_of_a_session() -> None:
    # "300000 KRW" a syringe, 2 syringes a session, 1 session: 2 × 300,000 = 600,000
    est = estimate(plan({"treatment": "dermal-filler", "sessions": 1, "units": 2,
                         "quote": "300000 KRW", "quote_unit": "syringe"}), rates=FIXED)  # fmt: skip
    line = est.lines[0]
    assert (line.unit_low.amount, line.amount_low.amount, line.amount_high.amount) == (
        600000, 600000, 600000,
    )  # fmt: skip
    assert line.note == "your quote: 300000 KRW a syringe × 2 syringe(s) a session"


def test_a_per_treatment_quote_is_the_whole_course_once() -> None:
    # "2000000 KRW" for the whole course of 3 sessions: one treatment, not × 3;
    # the sessions still set the stays (3 sessions 4-8 weeks apart: 3 stays of 7 nights)
    est = estimate(plan({"treatment": "rejuran", "sessions": 3, "quote": "2000000 KRW",
                         "quote_unit": "treatment"}, split=True), rates=FIXED)  # fmt: skip
    line = est.lines[0]
    assert (line.qty_low, line.qty_high, line.unit) == (1, 1, "treatment")
    assert (line.amount_low.amount, line.amount_high.amount) == (2000000, 2000000)
    assert est.trips[0].trips == (3, 3)
    assert str(line) == "rejuran (your quote): 1 treatment × ₩2,000,000 = ₩2,000,000"


def test_a_quote_in_another_currency_is_converted_at_the_trips_rate() -> None:
    # 580,000 KRW at 1 USD = 1,450 KRW is 400 USD
    p = plan({"treatment": "rejuran", "sessions": 1, "quote": "580000 KRW"}, start="2026-03-02")
    line = estimate(p, currency="USD", rates=FIXED).lines[0]
    assert line.unit_low.rounded() == line.unit_high.rounded()
    assert str(line.unit_low.rounded()) == "400.00 USD"
    assert [(r.base, r.quote, str(r.date)) for r in line.rates] == [("KRW", "USD", "2026-03-02")]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"quote": "500-400 KRW"},
         "quote: quote '500-400 KRW' is an impossible range: 500 > 400"),
        ({"quote": "-5 KRW"}, "quote: quote '-5 KRW' is negative"),
        ({"quote": "450000"}, "quote: quote '450000' names no currency: write it like '450000 KRW'"),
        ({"quote": "450000 krw"}, "quote: currency 'krw' is not an ISO 4217 code (three capital "
         "letters, like USD or KRW); did you mean KRW? (got '450000 krw')"),
        ({"quote": "1 XYZ"}, "quote: currency 'XYZ' is not an ISO 4217 currency code (got '1 XYZ')"),
        ({"quote": "1,000 KRW"}, "quote: quote amount '1,000' is not a plain decimal number (like "
         "1000 or 12.50) (got '1,000 KRW')"),
        ({"quote": "1000000000000 KRW"}, "quote: quote amount '1000000000000' is too large (at most "
         "12 digits before the point) (got '1000000000000 KRW')"),
        ({"quote": "1.23456 USD"}, "quote: quote amount '1.23456' has more than 4 decimal places "
         "(got '1.23456 USD')"),
        ({"quote": 450000}, "quote: quote should be a string like '450000 KRW' or "
         "'400000-500000 KRW'"),
        ({"quote": "1 KRW", "quote_unit": "course"},
         "quote_unit: Input should be 'session', 'syringe' or 'treatment' (got 'course')"),
        ({"quote_unit": "syringe"}, ": quote_unit 'syringe' is given without a quote"),
        ({"clinic": "Chain"},
         "clinic: Input should be 'chain', 'boutique' or 'international' (got 'Chain')"),
    ],
)  # fmt: skip
def test_a_bad_quote_is_refused_naming_the_field(fields: dict[str, Any], message: str) -> None:
    bad = {"trips": [{"country": "KR", "treatments": [{"treatment": "co2"},
                                                      {"treatment": "rejuran", **fields}]}]}  # fmt: skip
    with pytest.raises(PlanError) as err:
        as_plan(bad)
    assert str(err.value) == f"trips[0].treatments[1]{'' if message[0] == ':' else '.'}{message}"


def test_a_plan_with_a_quote_reads_back_as_the_same_plan() -> None:
    p = as_plan(plan({"treatment": "rejuran", "quote": "400000.5-500000 KRW",
                      "quote_unit": "syringe"}))  # fmt: skip
    dumped = p.model_dump(mode="json")
    assert dumped["trips"][0]["treatments"][0]["quote"] == "400000.5-500000 KRW"
    assert as_plan(dumped) == p


# -- the command line's form ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "country", "treatment", "low", "high", "unit"),
    [
        ("rejuran=450000:KRW", None, "rejuran", 450000, 450000, "session"),
        ("KR:rejuran=400000-500000:KRW", "KR", "rejuran", 400000, 500000, "session"),
        ("Korea:dermal-filler=300000:krw/syringe", "KR", "dermal-filler", 300000, 300000,
         "syringe"),
        ("TH:stem-cell=90000.50:THB/treatment", "TH", "stem-cell", Decimal("90000.50"),
         Decimal("90000.50"), "treatment"),
    ],
)  # fmt: skip
def test_the_option_form(
    text: str, country: str | None, treatment: str, low: Decimal, high: Decimal, unit: str
) -> None:
    q = ClinicQuote.parse(text)
    assert (q.country, q.treatment, q.price.low.amount, q.price.high.amount, q.unit) == (
        country, treatment, low, high, unit,
    )  # fmt: skip
    assert ClinicQuote.parse(str(q)) == q


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("rejuran", "--quote 'rejuran' is not of the form "
         "[COUNTRY:]TREATMENT=AMOUNT[-AMOUNT]:CUR[/UNIT], like KR:rejuran=450000:KRW"),
        ("rejuran=450000", "--quote 'rejuran=450000' is not of the form "
         "[COUNTRY:]TREATMENT=AMOUNT[-AMOUNT]:CUR[/UNIT], like KR:rejuran=450000:KRW"),
        ("rejuran=5-4:KRW", "--quote 'rejuran=5-4:KRW': quote '5-4 KRW' is an impossible "
         "range: 5 > 4"),
        ("rejuran=1:KRW/course", "--quote 'rejuran=1:KRW/course': a quote is per session, "
         "syringe or treatment, not 'course'"),
        ("ZZ:rejuran=1:KRW", "--quote 'ZZ:rejuran=1:KRW': unknown country 'ZZ' (not an ISO "
         "3166 code or a country name)"),
    ],
)  # fmt: skip
def test_a_bad_option_names_it(text: str, message: str) -> None:
    with pytest.raises(Exception) as err:  # noqa: PT011 - the type varies, the message is pinned
        ClinicQuote.parse(text, "--quote")
    assert str(err.value) == message


def test_with_quotes_sets_every_line_of_the_treatment_in_the_country() -> None:
    cat = load_catalog()
    two = as_plan({"trips": [
        {"country": "KR", "treatments": [{"treatment": "co2", "sessions": 2}, {"treatment": "rejuran"}]},
        {"country": "TH", "treatments": [{"treatment": "fractional-co2"}]}]})  # fmt: skip
    got = with_quotes(two, [ClinicQuote.parse("KR:fractional-co2=500000:KRW")], cat)
    kr, th = got.trips
    assert kr.treatments[0].quote == Range.of(500000, 500000, "KRW")
    assert kr.treatments[0].sessions == two.trips[0].treatments[0].sessions  # kept
    assert (kr.treatments[1].quote, th.treatments[0].quote) == (None, None)
    everywhere = with_quotes(two, [ClinicQuote.parse("co2=1:USD/treatment")], cat)
    assert [t.treatments[0].quote_unit for t in everywhere.trips] == ["treatment", "treatment"]
    with pytest.raises(PlanError, match=r"^--quote 'US:rejuran=1:USD': the plan has no "
                       r"rejuran line in a trip to US$"):  # fmt: skip
        with_quotes(two, [ClinicQuote.parse("US:rejuran=1:USD")], cat, "--quote")


# -- comparisons ---------------------------------------------------------------------------


def test_compare_treatments_uses_the_quote_in_its_country_only() -> None:
    # KR: the quote 500,000–600,000 KRW; US: the catalog's "$800 - $5,000" at 1,450 =
    # 1,160,000–7,250,000 KRW; saving in KR: 1,160,000 − 600,000 = 560,000 to
    # 7,250,000 − 500,000 = 6,750,000
    rows = compare_treatments(["fractional-co2"], countries=["KR", "US"], currency="KRW",
                              home="US", quotes=["KR:fractional-co2=500000-600000:KRW"],
                              rates=FIXED)  # fmt: skip
    by = {r.country: r for r in rows}
    assert by["KR"].per_session == Range.of(500000, 600000, "KRW")
    assert [s.ref for s in by["KR"].per_session.sources] == ["your quote"]
    assert by["KR"].saving is not None
    assert tuple(m.amount for m in by["KR"].saving) == (560000, 6750000)
    assert by["US"].per_session == Range.of(1160000, 7250000, "KRW")


def test_a_home_quote_and_a_trip() -> None:
    # home: your US quote $1,000 a session; abroad: your KR quote 580,000 KRW = $400;
    # 2 sessions: home 2 × 1,000 = 2,000; the course abroad 2 × 400 = 800
    rows = compare_treatments(["fractional-co2"], countries=["KR"], sessions=_count(2),
                              home="US", quotes=["fractional-co2=580000:KRW",
                                                 "US:fractional-co2=1000:USD"], rates=FIXED)  # fmt: skip
    (kr,) = rows
    assert kr.total is not None
    assert kr.total.rounded() == Range.of(800, 800, "USD")
    assert kr.saving is not None
    assert [m.rounded().amount for m in kr.saving] == [1200, 1200]


def _count(n: int) -> Any:
    from tripcost.plan import Count

    return Count(low=n, high=n)


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"countries": ["KR", "US"], "quotes": ["fractional-co2=1:USD"]},
         "quote 'fractional-co2=1:USD': name the clinic's country (KR:fractional-co2=…) when "
         "several countries are compared"),
        ({"countries": ["KR"], "quotes": ["TH:fractional-co2=1:USD"]},
         "quote 'TH:fractional-co2=1:USD': TH is not among the countries compared"),
        ({"countries": ["KR"], "quotes": ["rejuran=1:USD"]},
         "quote 'rejuran=1:USD': rejuran is not among the treatments compared"),
        ({"countries": ["KR"], "quotes": ["co2=1:USD/treatment"]},
         "quote 'co2=1:USD/treatment' is per treatment, the comparison per "
         "session: compare per treatment (unit='treatment', --unit treatment)"),
        ({"countries": ["KR"], "quotes": ["co2=1:USD", "KR:co2=2:USD"]},
         "two quotes for fractional-co2 in KR: give one (a range, if need be)"),
        ({"countries": ["KR"], "quotes": "co2=1:USD"},
         "quotes is a list of quotes, not 'co2=1:USD'"),
    ],
)  # fmt: skip
def test_quotes_that_cannot_be_compared(kw: dict[str, Any], message: str) -> None:
    with pytest.raises(PlanError) as err:
        compare_treatments(["fractional-co2"], rates=FIXED, **kw)
    assert str(err.value) == message


def test_compare_plan_holds_the_quote_in_the_trips_country_only() -> None:
    # the trip in KR at your quote, 500,000 KRW; moved to the US, the catalog's
    # "$800 - $5,000" = 1,160,000–7,250,000 KRW; saving against the US at KR:
    # 1,160,000 − 500,000 = 660,000 to 7,250,000 − 500,000 = 6,750,000
    p = {"currency": "KRW", "trips": [{"country": "KR", "nights": 0, "consultation": False,
         "treatments": [{"treatment": "fractional-co2", "sessions": 1, "quote": "500000 KRW"}]}]}  # fmt: skip
    df = compare_plan(p, countries=["KR", "US"], home="US", rates=FIXED)
    by = df.set_index("country")
    assert (by.loc["KR", "total_low"], by.loc["KR", "total_high"]) == (500000, 500000)
    assert (by.loc["US", "total_low"], by.loc["US", "total_high"]) == (1160000, 7250000)
    assert (by.loc["KR", "saving_low"], by.loc["KR", "saving_high"]) == (660000, 6750000)
    moved = estimate(p, rates=FIXED)  # at home in KR the quote holds; in the US it says so
    assert moved.lines[0].item == "fractional-co2 (your quote)"


# -- invariants ----------------------------------------------------------------------------


@settings(max_examples=25)
@given(
    st.integers(0, 10**9), st.integers(0, 10**9), st.integers(1, 6), st.integers(0, 6),
    st.sampled_from(["session", "treatment"]),
)  # fmt: skip
def test_a_quote_changes_its_line_alone(a: int, b: int, s_lo: int, extra: int, unit: str) -> None:
    low, high = min(a, b), max(a, b)
    sessions = f"{s_lo}-{s_lo + extra}"
    base = {"treatment": "rejuran", "sessions": sessions}
    quoted = {**base, "quote": f"{low}-{high} KRW", "quote_unit": unit}
    without = estimate(plan(base, split=True), rates=FIXED)
    with_ = estimate(plan(quoted, split=True), rates=FIXED)
    line = with_.lines[0]
    times = (1, 1) if unit == "treatment" else (s_lo, s_lo + extra)
    assert (line.amount_low.amount, line.amount_high.amount) == (low * times[0], high * times[1])
    assert with_.lines[1:] == without.lines[1:]  # living costs and stays unchanged
    assert with_.trips == without.trips


def test_a_quote_naming_an_unknown_treatment_says_which_quote() -> None:
    from tripcost.errors import UnknownTreatment

    with pytest.raises(UnknownTreatment, match=r"^quote 'KR:rejurn=450000:KRW': unknown treat"):
        compare_treatments(["rejuran"], countries=["KR"], quotes=["KR:rejurn=450000:KRW"],
                           rates=FIXED)  # fmt: skip
    plan = as_plan({"trips": [{"country": "KR", "treatments": [{"treatment": "rejuran"}]}]})
    quote = ClinicQuote.parse("rejurn=450000:KRW")
    with pytest.raises(UnknownTreatment, match=r"^--quote 'rejurn=450000:KRW': unknown treat"):
        with_quotes(plan, [quote], load_catalog(), "--quote")
