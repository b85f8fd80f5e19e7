"""Every figure means what it says: units, averages, aliases, spacing, stays, extras, home."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest

from strategies import FIXED, RATES
from tripcost import FixedRates, Money, estimate, load_catalog
from tripcost.cli import main
from tripcost.compare import compare_treatments

CAT = load_catalog()
S0, S1, S2 = "000_25cb10808c4daa40.txt", "001_d4dca57880d3696d.txt", "002_1f6f43bd7de01586.txt"


def cli_json(args: list[str], capsys: pytest.CaptureFixture[str]) -> Any:
    assert main([*args, "--format", "json", *RATES]) == 0
    return json.loads(capsys.readouterr().out)


def co2(**trip: Any) -> dict[str, Any]:
    base = {"country": "KR", "consultation": False, "meals_per_day": 0, "rides_per_day": 0,
            "accommodation": "hostel",
            "treatments": [{"treatment": "fractional-co2", "sessions": "3-6"}]}  # fmt: skip
    base.update(trip)
    return {"trips": [base]}


# -- 1. units are never mixed -------------------------------------------------------------


def test_a_per_session_comparison_shows_per_session_prices_only(
    capsys: pytest.CaptureFixture[str],
) -> None:
    rows = cli_json(["compare", "dermal-filler", "--policy", "each", "--countries", "KR"], capsys)
    # 001: "$110–$600 per session" and its "(avg. $270-$330)"; 000's per-syringe price is not
    # here; the average is in average_low/high, never low/high (an average is not a bound)
    got = [(r["low"], r["high"], r["average_low"], r["average_high"], r["statistic"])
           for r in rows]  # fmt: skip
    assert got == [
        ("110.00", "600.00", None, None, "range"),
        (None, None, "270.00", "330.00", "average"),
    ]
    assert {r["unit"] for r in rows} == {"session"}
    (syringe,) = cli_json(
        ["compare", "dermal-filler", "--unit", "syringe", "--countries", "KR"], capsys
    )
    assert (syringe["low"], syringe["high"], syringe["unit"], syringe["open_ended"]) == (
        "400.00", "1000.00", "syringe", True,
    )  # fmt: skip


def test_analysis_groups_by_unit() -> None:
    from tripcost import analysis

    df = analysis.disagreements(rates=FIXED)
    kr = df[(df.country == "KR") & (df.treatment == "dermal-filler")]
    assert set(kr.unit) <= {"session", "treatment"}  # the per-syringe row has no peer


# -- 2. an average is not a bound ---------------------------------------------------------


def test_an_average_is_shown_beside_the_range_and_its_gap_is_flagged() -> None:
    from tripcost.resolve.prices import cell_price

    cell = cell_price(CAT, "stem-cell", "KR", unit="treatment", currency="USD", rates=FIXED)
    # 001: "Stem Cell Therapy: $3,000–$12,000"; 002: "average about $14,413"
    assert cell.range is not None
    assert cell.average is not None
    assert (cell.range.low.amount, cell.range.high.amount) == (3000, 12000)
    assert cell.average.low.amount == 14413
    (gap,) = [m for k, m in cell.notes if k == "average_outside"]
    assert gap == (
        f"stem-cell in KR: the average ~14413.00 USD ({S2}) lies above the range "
        f"3000.00–12000.00 USD ({S1})"
    )


def test_a_cell_with_only_an_average_has_no_range() -> None:
    from tripcost import NoPriceError

    # the ASPS average for "an ablative CO2 laser treatment" is the only per-treatment US row
    with pytest.raises(NoPriceError, match="only an average is stated"):
        CAT.price("fractional-co2", "US", unit="treatment")


# -- 3. an alias never merges two treatments ----------------------------------------------


def test_pico_toning_is_its_own_treatment() -> None:
    assert CAT.treatment("pico toning").slug == "pico-toning"
    toning = CAT.price("pico toning", "KR")
    assert toning.currency == "KRW"
    assert toning.high.amount == 300000  # 004: "Pico Laser (toning): ₩100,000 - ₩300,000"
    acne = CAT.price("picosecond-laser", "KR")
    assert (acne.low.amount, acne.high.amount) == (350, 800)  # 000: "$350 - $800"


# -- 4. spacing bounds both ends ----------------------------------------------------------


def test_split_stays_count_the_longest_spacing_for_the_high() -> None:
    # 3 sessions "spaced 4-8 weeks apart" (000) in 30-night stays: at 28 days a stay holds
    # 30 // 28 + 1 = 2 sessions (2 stays, 60 nights); at 56 days it holds 1 (3 stays, 90)
    plan = co2(nights=30, split=True, treatments=[{"treatment": "fractional-co2", "sessions": 3}])
    est = estimate(plan, rates=FIXED)
    assert est.trips[0].trips == (2, 3)
    assert est.trips[0].nights == (60, 90)


# -- 5. stays respect the visa rule -------------------------------------------------------


def test_without_nights_the_default_stays_fit_the_visa() -> None:
    # 3-6 sessions 28-56 days apart; C-3-3 "valid up to 90 days" (002)
    # low: 3 sessions at 28 days fit one stay of 56 nights
    # high: 6 sessions at 56 days need 280 nights; a 90-day stay holds 90 // 56 + 1 = 2,
    #       so 3 stays of 56 nights = 168
    est = estimate(co2(), rates=FIXED)
    assert est.trips[0].trips == (1, 3)
    assert est.trips[0].nights == (56, 168)
    assert not [f for f in est.flags if f.kind == "visa"]


def test_one_long_stay_beyond_the_visa_is_flagged_with_its_source() -> None:
    est = estimate(co2(split=False), rates=FIXED)
    assert est.trips[0].nights == (56, 280)
    (visa,) = [f.message for f in est.flags if f.kind == "visa"]
    assert visa.startswith("a stay of up to 280 nights is longer than the 90 days")
    assert S2 in visa
    assert "valid up to 90 days" in visa


# -- 6. compare answers the trip question -------------------------------------------------


def test_compare_counts_stays_and_a_flight_per_stay(capsys: pytest.CaptureFixture[str]) -> None:
    rows = cli_json(["compare", "fractional-co2", "--countries", "KR", "--sessions", "3",
                     "--nights", "14", "--accommodation", "hostel", "--meals-per-day", "0",
                     "--rides-per-day", "0", "--extra", "flight=900"], capsys)  # fmt: skip
    (kr,) = rows
    # 14-night stays hold one session each (spaced at least 28 days): 3 stays
    assert (kr["trips_low"], kr["trips_high"]) == (3, 3)
    # 3 × (300–700) + 42 × (20–50) hostel nights + 3 × 900 = 4,440 … 6,900, and a
    # consultation a stay, as a plan's trip has (001: "Free"; 004: "₩10,000 - ₩50,000"):
    # 3 × 0 … 3 × 50,000 / 1,450 = 103.45
    assert (kr["trip_low"], kr["trip_high"]) == ("4440.00", "7003.45")


def test_the_table_says_how_many_stays(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", "fractional-co2", "--countries", "KR", "--sessions", "3-6",
                 "--nights", "14", *RATES]) == 0  # fmt: skip
    assert "(3–6 stays)" in capsys.readouterr().out


def test_a_missing_home_price_is_no_data_for_that_treatment_only(
    capsys: pytest.CaptureFixture[str],
) -> None:
    rows = cli_json(["compare", "laser-resurfacing", "tca-cross", "--home", "US",
                     "--countries", "KR"], capsys)  # fmt: skip
    tca = next(r for r in rows if r["treatment"] == "tca-cross")
    laser = next(r for r in rows if r["treatment"] == "laser-resurfacing")
    assert tca["saving_low"] is None
    assert tca["home_missing"].startswith("home US: no per-session price for tca-cross in US")
    assert (laser["saving_low"], laser["saving_high"]) == ("0.00", "1200.00")


# -- 7. every answer says what it leaves out ----------------------------------------------


def test_an_estimate_lists_what_it_leaves_out() -> None:
    est = estimate(co2(nights=60, split=True), rates=FIXED)  # consultation = false
    assert est.not_included == ("consultation fees", "flights", "insurance", "visa fees",
                                "medications and skincare")  # fmt: skip
    plan = co2(nights=60, split=True, consultation=True,
               extras=[{"name": "Flight ICN", "amount": "900"},
                       {"name": "travel insurance", "amount": "80"}])  # fmt: skip
    assert estimate(plan, rates=FIXED).not_included == ("visa fees", "medications and skincare")


def test_a_comparison_without_nights_says_living_costs_are_left_out(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["compare", "fractional-co2", "--home", "GB", *RATES]) == 0
    assert "Not included: living costs and travel (give --nights" in capsys.readouterr().out


# -- 8. old prices say they are old -------------------------------------------------------


def test_an_undated_lira_figure_is_flagged() -> None:
    plan = {"trips": [{"country": "TR", "nights": 2, "consultation": False,
                       "accommodation": "hotel", "meals_per_day": 0, "rides_per_day": 0}]}  # fmt: skip
    est = estimate(plan, rates=FIXED)
    old = [f.message for f in est.flags if f.kind == "old_price"]
    assert any("states TRY with no date" in m and "may be years old" in m for m in old)


def test_a_dated_figure_is_converted_at_the_rate_of_its_date() -> None:
    from tripcost import EmbeddedRates

    rates = EmbeddedRates()
    # 004 (2026-01-16): "Rejuran Healer: ₩300,000 - ₩700,000"
    got = CAT.price("rejuran", "KR", currency="USD", rates=rates, on=dt.date(2026, 11, 1))
    at_its_date = rates.rate("KRW", "USD", dt.date(2026, 1, 16))
    assert got.low == Money(300000, "KRW").convert(at_its_date)
    assert got.low.amount != Money(300000, "KRW").convert(rates.rate("KRW", "USD")).amount or (
        at_its_date.value == rates.rate("KRW", "USD").value
    )
    assert Decimal(0) < got.low.amount < got.high.amount


def test_compare_rows_keep_their_notes() -> None:
    rows = compare_treatments(["fractional-co2"], countries=["GB"], rates=FIXED)
    (gb,) = rows
    assert any(k == "weak_source" for k, _ in gb.notes)


@pytest.mark.parametrize(("units", "per_syringe"), [(None, False), ("2", True)])
def test_home_prices_a_line_on_the_basis_abroad_does(units: str | None, per_syringe: bool) -> None:
    """A line without ``units`` is priced per session abroad, so at home too, even where
    home has per-syringe rows (GB: "£150-£750 per syringe"); with ``units`` both use the
    per-syringe rows where there are any."""
    from tripcost.abroad import compare_plan
    from tripcost.plan import Plan
    from tripcost.resolve.plans import resolve_at_home

    line: dict[str, str] = {"treatment": "dermal-filler", "sessions": "1"}
    if units:
        line["units"] = units
    plan = Plan.model_validate(
        {"currency": "USD", "trips": [{"country": "KR", "nights": 7, "treatments": [line]}]}
    )
    rates = FixedRates({"USD/KRW": "1450", "GBP/USD": "1.3"})
    abroad = estimate(plan, rates=rates).lines[0]
    home = resolve_at_home(plan, "GB", load_catalog(), rates, "USD").trips[0].treatments[0]
    assert ("syringe" in abroad.note) is per_syringe
    assert ("syringe" in home.note) is per_syringe
    row = compare_plan(plan, ["KR"], home="GB", rates=rates).iloc[0]
    assert row["saving_low"] is not None
