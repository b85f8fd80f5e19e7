"""compare answers the question it is asked, in every format: one saving basis a table,
the trip's flags and consultation, what is left out, averages, rates, authorities, and
unverified sources."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strategies import FIXED, RATES
from tripcost import Money, estimate, load_catalog
from tripcost.cli import main
from tripcost.compare import compare_treatments, saving, summarize
from tripcost.plan import Count

CAT = load_catalog()
ASPS = "https://www.aboutplasticsurgery.com/skin/laser-resurfacing/the-cost-of-laser-resurfacing/"


def out_of(args: list[str], capsys: pytest.CaptureFixture[str], rates: bool = True) -> str:
    code = main([*args, *(RATES if rates else [])])
    out, err = capsys.readouterr()
    assert (code, err) == (0, ""), err
    return out


def rows_of(args: list[str], capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(out_of([*args, "--format", "json"], capsys))
    return rows


# -- 1. one saving basis a table, on the treatments both sides price -----------------------


def test_a_missing_home_price_keeps_the_trip_basis_on_the_treatments_both_have() -> None:
    """AU has no subcision price (001 marks it '-'): India's saving is still the trip's,
    a trip with laser resurfacing only against the same course in Australia."""
    both = compare_treatments(["laser-resurfacing", "subcision"], countries=["IN", "AU"],
                              home="AU", sessions=Count(3, 3), nights=14, rates=FIXED)  # fmt: skip
    laser = next(r for r in both if (r.country, r.treatment) == ("IN", "laser-resurfacing"))
    sub = next(r for r in both if (r.country, r.treatment) == ("IN", "subcision"))
    alone = compare_treatments(["laser-resurfacing"], countries=["IN", "AU"], home="AU",
                               sessions=Count(3, 3), nights=14, rates=FIXED)  # fmt: skip
    in_alone = next(r for r in alone if r.country == "IN")
    assert in_alone.trip is not None
    # AU: 001 "$470–$800" a session × 3 = 1,410–2,400, against India's laser-only trip
    assert laser.saving == saving(CAT.price("laser-resurfacing", "AU").scale(3), in_alone.trip)
    assert laser.saving is not None
    assert tuple(m.rounded().amount for m in laser.saving) == (Decimal("-4227.92"),
                                                               Decimal("507.99"))  # fmt: skip
    assert (laser.saving_basis, laser.saving_without) == ("trip", ("subcision",))
    assert sub.saving is None
    assert sub.home_missing.startswith("home AU: no per-session price for subcision in AU")
    (india,) = [g for g in summarize(both, ["laser-resurfacing", "subcision"]) if g.country == "IN"]
    assert (india.saving, india.saving_without, india.saving_basis) == (
        laser.saving, ("subcision",), "trip",
    )  # fmt: skip


def test_a_country_without_one_treatment_is_compared_on_the_trip_of_the_others(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Thailand has no subcision price: its saving is a laser-only trip (with its flight a
    stay) against 3–6 laser sessions in the US (001: "$1,500"), never treatments alone."""
    args = ["compare", "laser-resurfacing", "subcision", "--sessions", "3-6", "--nights", "14",
            "--home", "US", "--extra-per-person", "flight=900", "--countries", "TH,US"]  # fmt: skip
    rows = rows_of(args, capsys)
    th = next(r for r in rows if (r["country"], r["treatment"]) == ("TH", "laser-resurfacing"))
    alone = rows_of(["compare", "laser-resurfacing", *args[3:]], capsys)
    th_alone = next(r for r in alone if r["country"] == "TH")
    # US: 3–6 × $1,500 = 4,500–9,000
    lo = Decimal(4500) - Decimal(th_alone["trip_high"])
    hi = Decimal(9000) - Decimal(th_alone["trip_low"])
    assert (th["saving_low"], th["saving_high"]) == (f"{lo:.2f}", f"{hi:.2f}")
    assert (th["saving_basis"], th["saving_without"]) == ("trip", ["subcision"])
    assert {r["saving_basis"] for r in rows} == {"trip"}
    table = out_of(args, capsys)
    assert "saving vs US (trip)" in table.splitlines()[1]
    (th_line,) = [line for line in table.splitlines() if line.startswith("TH Thailand")]
    assert th_line.endswith(f"${hi:,.2f} (without subcision)")
    assert "Saving (trip): the whole trip abroad against the same treatments in US" in table


@pytest.mark.parametrize(
    ("extra", "basis", "header"),
    [([], "price", "saving vs US (per session)"),
     (["--sessions", "2"], "course", "saving vs US (course)"),
     (["--sessions", "2", "--nights", "14"], "trip", "saving vs US (trip)")],
)  # fmt: skip
def test_the_basis_is_the_questions_and_is_said(
    extra: list[str], basis: str, header: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["compare", "laser-resurfacing", "tca-cross", "--home", "US", "--countries", "KR,US",
            *extra]  # fmt: skip
    rows = rows_of(args, capsys)
    assert {r["saving_basis"] for r in rows} == {basis}
    kr = next(r for r in rows if (r["country"], r["treatment"]) == ("KR", "laser-resurfacing"))
    # the US has no TCA CROSS price: left out on the trip basis, its own row on the others
    assert kr["saving_without"] == (["tca-cross"] if basis == "trip" else [])
    table = out_of(args, capsys)
    assert header in table.splitlines()[1]
    (kr_line,) = [line for line in table.splitlines() if line.startswith("KR South Korea")]
    assert kr_line.endswith("(without tca-cross)")
    assert "(without …): that country's saving compares only the treatments priced" in table


def test_home_has_no_saving_against_itself() -> None:
    rows = compare_treatments(["fractional-co2"], countries=["KR", "US"], home="US", rates=FIXED)
    us = next(r for r in rows if r.country == "US")
    kr = next(r for r in rows if r.country == "KR")
    assert us.saving is None
    # 000: KR $300–$700; the US page: $800–$5,000
    assert kr.saving == (Money(100, "USD"), Money(4700, "USD"))


@settings(max_examples=15, deadline=None)
@given(
    treatments=st.lists(st.sampled_from(["laser-resurfacing", "subcision", "tca-cross",
                                         "dermal-filler"]), min_size=1, max_size=3, unique=True),
    countries=st.lists(st.sampled_from(["KR", "TH", "IN", "GB", "US", "AU"]), min_size=1,
                       max_size=3, unique=True),
    home=st.sampled_from(["US", "GB", "AU", "KR"]),
    sessions=st.sampled_from([None, Count(1, 1), Count(2, 4)]),
    nights=st.sampled_from([None, 14]),
)  # fmt: skip
def test_one_basis_honest_intervals_and_no_saving_at_home(
    treatments: list[str], countries: list[str], home: str, sessions: Count | None,
    nights: int | None,
) -> None:  # fmt: skip
    rows = compare_treatments(treatments, countries=countries, home=home, sessions=sessions,
                              nights=nights, rates=FIXED)  # fmt: skip
    basis = "trip" if nights is not None else "course" if sessions else "price"
    assert {r.saving_basis for r in rows} == {basis}
    for r in rows:
        if r.country == home:
            assert r.saving is None
        if r.saving is not None:
            assert r.saving[0] <= r.saving[1]
            assert r.treatment not in r.saving_without
            assert set(r.saving_without) <= set(treatments)
        if basis != "trip":
            assert r.saving_without == ()
    for g in summarize(rows, treatments):
        if g.saving is not None:
            assert g.saving[0] <= g.saving[1]


# -- 2. the trip is a plan's trip: its flags and its consultation -------------------------


def test_the_trip_carries_the_estimates_visa_flag(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["compare", "co2", "--countries", "KR", "--sessions", "3-6", "--nights", "200"]
    (kr,) = rows_of(args, capsys)
    visa = [n for n in kr["notes"] if n["kind"] == "visa"]
    assert [n["about"] for n in visa] == ["trip"]
    # 002: "Most international patients need a medical visa (C-3-3), valid up to 90 days."
    assert "longer than the 90 days a medical visa allows" in visa[0]["message"]
    assert "[visa] KR trip: a stay of up to 200 nights" in out_of(args, capsys)


def test_the_trip_carries_old_and_stale_figures(capsys: pytest.CaptureFixture[str]) -> None:
    (tr,) = rows_of(["compare", "laser-resurfacing", "--countries", "TR", "--nights", "7",
                     "--sessions", "1"], capsys)  # fmt: skip
    kinds = {n["kind"] for n in tr["notes"] if n["about"] == "trip"}
    assert {"old_price", "stale_source", "no_fee"} <= kinds


def test_the_trip_is_priced_as_a_plans_trip_consultation_included() -> None:
    (kr,) = compare_treatments(["co2"], countries=["KR"], sessions=Count(1, 1), nights=7,
                               rates=FIXED)  # fmt: skip
    plan = {"trips": [{"country": "KR", "nights": 7, "split": True,
                       "treatments": [{"treatment": "fractional-co2", "sessions": 1}]}]}  # fmt: skip
    est = estimate(plan, rates=FIXED)
    assert any(ln.item == "consultation" for ln in est.lines)
    assert kr.trip == est.total


def test_the_table_says_what_the_trip_includes(capsys: pytest.CaptureFixture[str]) -> None:
    out = out_of(["compare", "co2", "--countries", "KR", "--nights", "7", "--sessions", "1"],
                 capsys)  # fmt: skip
    assert "a consultation a stay where the catalog has a fee" in out


# -- 3. what is left out: the estimate's rule, in every format ----------------------------


def test_compare_leaves_out_what_an_estimate_leaves_out(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["compare", "co2", "--countries", "KR", "--nights", "14", "--sessions", "1",
            "--extra", "flight=900"]  # fmt: skip
    (kr,) = rows_of(args, capsys)
    plan = {
        "trips": [
            {
                "country": "KR",
                "nights": 14,
                "treatments": [{"treatment": "co2", "sessions": 1}],
                "extras": [{"name": "flight", "amount": "900"}],
            }
        ]
    }
    assert kr["not_included"] == list(estimate(plan, rates=FIXED).not_included)
    assert kr["not_included"] == ["insurance", "visa fees", "medications and skincare"]
    (line,) = [x for x in out_of(args, capsys).splitlines() if x.startswith("Not included")]
    assert line.startswith("Not included: insurance, visa fees, medications and skincare (002: "
                           "'Medications and Skincare: Not included—purchased locally')")  # fmt: skip
    assert "flight" not in line
    (row,) = csv.DictReader(io.StringIO(out_of([*args, "--format", "csv"], capsys)))
    assert row["not_included"] == "insurance; visa fees; medications and skincare"


def test_without_nights_living_costs_travel_and_consultation_are_left_out(
    capsys: pytest.CaptureFixture[str],
) -> None:
    (kr,) = rows_of(["compare", "co2", "--countries", "KR"], capsys)
    assert kr["not_included"] == ["living costs and travel", "consultation fees", "flights",
                                  "insurance", "visa fees", "medications and skincare"]  # fmt: skip


# -- 4. a cell with only an average shows it, never as a bound ----------------------------


def test_an_average_alone_is_shown_beside_an_empty_range(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ["compare", "fractional-co2", "--unit", "treatment", "--countries", "US"]
    (us,) = rows_of(args, capsys)
    # the ASPS: "an average cost of $2,169 for an ablative CO2 laser treatment"
    assert (us["low"], us["high"]) == (None, None)
    assert (us["average_low"], us["average_high"]) == ("2169.00", "2169.00")
    assert "only an average is stated (2169 USD, " + ASPS in us["missing"]
    table = out_of(args, capsys)
    assert "US United States  no range · avg $2,169.00" in table
    assert "No data for fractional-co2 in US" not in table
    assert "Only an average for fractional-co2 in US: $2,169.00 per treatment" in table
    (row,) = csv.DictReader(io.StringIO(out_of([*args, "--format", "csv"], capsys)))
    assert (row["low"], row["average_low"]) == ("", "2169.00")


def test_each_lists_an_average_statement(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["compare", "fractional-co2", "--unit", "treatment", "--countries", "US", "--policy",
            "each"]  # fmt: skip
    (us,) = rows_of(args, capsys)
    assert us["source"].startswith(ASPS)
    assert (us["statistic"], us["low"], us["average_low"]) == ("average", None, "2169.00")
    assert "avg $2,169.00" in out_of(args, capsys)


def test_every_average_is_named() -> None:
    (us,) = compare_treatments(["chemical-peel"], countries=["US"], unit="treatment", rates=FIXED)
    # aedit: "the average cost of a chemical peel in 2020 was $519"; acne.org: $673
    assert "519 USD, https://aedit.com" in us.missing
    assert "673 USD, https://www.acne.org" in us.missing
    assert us.average is not None
    assert (us.average.low.amount, us.average.high.amount) == (519, 673)


def test_no_data_never_names_a_country_as_priced_on_that_basis(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = out_of(["compare", "fractional-co2", "--unit", "treatment"], capsys)
    (gap,) = [line for line in out.splitlines() if line.startswith("No data for")]
    missing = gap.split(" in ", 1)[1].split(" (", 1)[0].split(", ")
    priced = gap.split("priced per treatment in ", 1)[1].split(";", 1)[0].split(", ")
    assert priced == ["GB", "SG"]
    assert not set(missing) & set(priced)
    assert "US" not in missing


# -- 5. the footer's rates: used, or labelled as a reference ------------------------------


def test_a_rate_no_figure_used_is_labelled(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["compare", "stem-cell", "--unit", "treatment", "--countries", "US"]
    table = out_of(args, capsys, rates=False)
    (line,) = [x for x in table.splitlines() if x.startswith("1 USD = ")]
    assert line.endswith(" · for reference (no figure converted)")
    assert [r["rates"] for r in rows_of(args, capsys)] == [[]]
    used = out_of(["compare", "rejuran", "--countries", "KR"], capsys, rates=False)
    assert "for reference" not in used


def test_an_estimates_reference_rate_is_labelled(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "us.toml"
    plan.write_text('[[trips]]\ncountry = "US"\nnights = 0\nconsultation = false\n'
                    '[[trips.treatments]]\ntreatment = "laser-resurfacing"\nsessions = 1\n')  # fmt: skip
    assert "· for reference (no figure converted)" in out_of(["estimate", str(plan)], capsys, False)
    doc = json.loads(out_of(["estimate", str(plan), "--format", "json"], capsys, False))
    assert doc["rates"] == []


# -- 6. authority and currency_stated ------------------------------------------------------


def test_sources_show_authority_currency_and_verification(
    capsys: pytest.CaptureFixture[str],
) -> None:
    docs = {d["source"]: d for d in json.loads(out_of(["sources", "--format", "json"], capsys,
                                                      False))}  # fmt: skip
    seed = docs["000_25cb10808c4daa40.txt"]
    # 000 writes "$300 - $700" without saying which dollar on some rows
    assert (seed["authority"], seed["currency_stated"], seed["verified"]) == (
        "clinic-or-guide", False, True,
    )  # fmt: skip
    assert seed["currency_unstated_rows"] > 0
    assert docs[ASPS]["authority"] == "society-or-survey"
    living_only = docs["https://www.lonelyplanet.com/usa/a/nar-gr/money-and-costs"]
    assert (living_only["authority"], living_only["currency_stated"]) == (None, None)
    table = out_of(["sources"], capsys, False)
    assert table.splitlines()[0].split() == ["Source", "Date", "Rows", "Authority", "Currency",
                                             "stated", "Verified"]  # fmt: skip


def test_each_shows_authority_and_currency_stated(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["compare", "dermal-filler", "--countries", "KR,GB", "--policy", "each", "--unit",
            "syringe"]  # fmt: skip
    rows = {r["country"]: r for r in rows_of(args, capsys)}
    # 000: "$400 - $1000+ per syringe" ('$' alone); consultingroom.com (GB) states pounds
    assert (rows["KR"]["authority"], rows["KR"]["currency_stated"]) == ("clinic-or-guide", False)
    assert rows["GB"]["currency_stated"] is True
    flat = {r["country"]: r for r in csv.DictReader(io.StringIO(
        out_of([*args, "--format", "csv"], capsys)))}  # fmt: skip
    assert (flat["KR"]["authority"], flat["KR"]["currency_stated"]) == ("clinic-or-guide", "false")
    markdown = out_of([*args, "--format", "markdown"], capsys)
    assert "| Authority | Currency stated |" in markdown
    assert "| clinic-or-guide | no |" in markdown


# -- 7. an unverified source is marked in every output ------------------------------------

UNVERIFIED_ROW = (
    "country,treatment,wording,unit,currency,low,high,open_ended,approximate,statistic,note,"
    "source,source_date,quote\n"
    "KR,fractional-co2,Fractional CO2,session,USD,300,700,false,false,range,,nonexistent.txt,"
    '2026-01-01,"Fractional CO2 $300 - $700"\n'
)


@pytest.fixture
def user_catalog(tmp_path: Path) -> Path:
    (tmp_path / "prices.csv").write_text(UNVERIFIED_ROW, encoding="utf-8")
    return tmp_path


def test_an_unverified_row_is_marked_in_machine_outputs(
    user_catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cat = ["--catalog", str(user_catalog)]
    compare = ["compare", "co2", "--countries", "KR", *cat]
    (row,) = rows_of(compare, capsys)
    assert row["unverified_sources"] == ["nonexistent.txt"]
    (flat,) = csv.DictReader(io.StringIO(out_of([*compare, "--format", "csv"], capsys)))
    assert flat["unverified_sources"] == "nonexistent.txt"
    table = out_of(compare, capsys, False)  # the table flags it as an estimate does
    assert "[unverified] KR fractional-co2: nonexistent.txt: its quote could not be" in table
    assert "[unverified]" in out_of([*compare, "--nights", "10"], capsys, False)
    sources = json.loads(out_of(["sources", "--format", "json", *cat], capsys, False))
    (mine,) = [s for s in sources if s["source"] == "nonexistent.txt"]
    assert mine["verified"] is False
    cells = json.loads(out_of(["coverage", "--format", "json", *cat], capsys, False))
    (cell,) = [c for c in cells if (c["treatment"], c["country"]) == ("fractional-co2", "KR")]
    assert cell["unverified_sources"] == ["nonexistent.txt"]
    assert "1g!" in out_of(["coverage", *cat], capsys, False)
    plan = user_catalog / "plan.toml"
    plan.write_text('[[trips]]\ncountry = "KR"\nnights = 0\nconsultation = false\n'
                    '[[trips.treatments]]\ntreatment = "co2"\nsessions = 1\n')  # fmt: skip
    lines = list(csv.DictReader(io.StringIO(out_of(["estimate", str(plan), "--format", "csv",
                                                    *cat], capsys))))  # fmt: skip
    (co2,) = [ln for ln in lines if ln["item"] == "fractional-co2"]
    assert co2["unverified_sources"] == "nonexistent.txt"


@settings(max_examples=60, deadline=None)
@given(names=st.lists(st.sampled_from(["flight", "Flight ICN", "travel insurance", "visa",
                                       "skincare kit", "sim card", "taxi", "plane ticket"]),
                      max_size=4))  # fmt: skip
def test_left_out_is_what_no_extra_names(names: list[str]) -> None:
    from tripcost.rules.left_out import LEFT_OUT, NO_TRIP, not_included

    got = not_included(names)
    for what, words in LEFT_OUT:
        named = any(w in n.lower() for n in names for w in words)
        assert (what in got) is not named
    assert list(got) == [w for w, _ in LEFT_OUT if w in got]  # a fixed order
    assert not_included(names, trip=False) == (*NO_TRIP, *got)


# -- the home figure a saving is measured against is always shown -------------------------

RULI = "https://ng.ruli.com/article/the-cost-of-co-laser-a-comprehensive-analysis"


def test_home_outside_the_table_is_named_with_its_figure_and_sources(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """--home US without US among --countries: the saving's other side is still shown,
    in a note and in JSON ($800-$5,000 a session: ng.ruli.com, an aggregator)."""
    asked = ["compare", "co2", "--countries", "KR", "--home", "US"]
    table = out_of(asked, capsys)
    assert f"At home (US): fractional-co2 $800.00–$5,000.00 per session ({RULI})." in table
    assert "public pages: ng.ruli.com" in table.split("Sources:")[1].splitlines()[0]
    (row,) = rows_of(asked, capsys)
    assert (row["home_low"], row["home_high"], row["home_currency"]) == ("800.00", "5000.00",
                                                                         "USD")  # fmt: skip
    assert row["home_sources"] == [RULI]
    # KR's saving is home's figure minus KR's, both ends: 800 - 700 and 5000 - 300
    assert (row["saving_low"], row["saving_high"]) == ("100.00", "4700.00")
    quoted = [*asked, "--quote", "US:co2=1000-1500:USD"]
    assert "At home (US): fractional-co2 $1,000.00–$1,500.00 per session (your quote)." in (
        out_of(quoted, capsys)
    )
    (row,) = rows_of(quoted, capsys)
    assert (row["home_low"], row["home_high"], row["home_sources"]) == ("1000.00", "1500.00",
                                                                        ["your quote"])  # fmt: skip
    course = out_of([*asked, "--sessions", "3"], capsys)
    assert "At home (US): the course of fractional-co2 $2,400.00–$15,000.00" in course


def test_home_outside_the_table_keeps_its_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    """Home's figure rests on one aggregator page (weak_source); in GBP, undated, it may be
    old (old_price): said under the table and in each row's JSON notes (about "home")."""
    for extra in ([], ["--sessions", "3"], ["--nights", "10"]):
        asked = ["compare", "co2", "--countries", "KR", "--home", "GB", *extra]
        table = out_of(asked, capsys)
        assert (
            f"[weak_source] GB fractional-co2 (home): only aggregator pages price it ({RULI})"
            in (table)
        )
        assert "[old_price] GB fractional-co2 (home): " in table
        (row,) = rows_of(asked, capsys)
        kinds = {n["kind"] for n in row["notes"] if n["about"] == "home"}
        assert kinds == {"weak_source", "old_price"}, row["notes"]
    quoted = out_of(["compare", "co2", "--countries", "KR", "--home", "GB", "--quote",
                     "GB:co2=500:GBP"], capsys)  # fmt: skip
    assert "(home)" not in quoted.split("At home")[1]  # a quote: no source to doubt


def test_home_among_the_rows_needs_no_second_mention(capsys: pytest.CaptureFixture[str]) -> None:
    table = out_of(["compare", "co2", "--countries", "KR,US", "--home", "US"], capsys)
    assert "At home (US)" not in table
    (kr, us) = rows_of(["compare", "co2", "--countries", "KR,US", "--home", "US"], capsys)
    assert kr["home_low"] == "800.00"
    assert us["home_low"] is None  # home's own row: no saving


@pytest.mark.parametrize("basis", [[], ["--sessions", "3-6"], ["--nights", "14"]])
def test_every_saving_is_home_minus_abroad_from_figures_the_output_gives(
    basis: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """The least saved is home's low minus abroad's high, the most home's high minus
    abroad's low, from home_* and abroad_* of the same row, on every basis, also where
    the saving leaves a treatment out (the US prices no rejuran). Exact before display;
    each printed figure is rounded on its own, so within a cent."""
    asked = ["compare", "co2", "rejuran", "--countries", "KR,TH,GB", "--home", "US", *basis]
    rows = [r for r in rows_of(asked, capsys) if r["saving_low"] is not None]
    assert rows
    for r in rows:
        home = (Decimal(r["home_low"]), Decimal(r["home_high"]))
        abroad = (Decimal(r["abroad_low"]), Decimal(r["abroad_high"]))
        assert abs(Decimal(r["saving_low"]) - (home[0] - abroad[1])) <= Decimal("0.01"), r
        assert abs(Decimal(r["saving_high"]) - (home[1] - abroad[0])) <= Decimal("0.01"), r
    if basis == ["--nights", "14"]:
        (kr,) = [r for r in rows if r["country"] == "KR"]
        assert kr["saving_without"] == ["rejuran"]
        assert (kr["abroad_low"], kr["abroad_high"]) != (kr["trip_low"], kr["trip_high"])
        table = out_of(asked, capsys)
        assert "KR's saving is on a trip of fractional-co2 alone: $" in table


def test_a_saving_keeps_the_marks_of_its_figures(capsys: pytest.CaptureFixture[str]) -> None:
    """Honest ranges: an open-ended figure never becomes an exact saving. Home's
    "$282.77+" (CA microneedling, ghalmedica.ca: a floor) makes the most saved "+"; KR's
    "$400 - $1000+ per syringe" (000) abroad makes the least saved "or less"."""
    home_open = ["compare", "microneedling", "--countries", "IN", "--home", "CA"]
    assert "$162.77+" in out_of(home_open, capsys, False)
    (row,) = rows_of(home_open, capsys)
    assert (row["saving_or_less"], row["saving_or_more"]) == (False, True)
    abroad_open = ["compare", "dermal-filler", "--unit", "syringe", "--countries", "KR",
                   "--home", "GB"]  # fmt: skip
    table = out_of(abroad_open, capsys)
    assert " or less to $" in table
    assert "or less: the price abroad is open-ended (+), so the least saved may be less" in table
    (row,) = rows_of(abroad_open, capsys)
    assert (row["saving_or_less"], row["saving_or_more"]) == (True, False)
    plain = rows_of(["compare", "co2", "--countries", "KR", "--home", "US"], capsys)[0]
    assert (plain["saving_or_less"], plain["saving_or_more"], plain["saving_approximate"]) == (
        False, False, False)  # fmt: skip


def test_compare_plan_savings_carry_the_same_marks() -> None:
    from tripcost import compare_plan

    plan = {"trips": [{"country": "KR", "nights": 0, "consultation": False,
                       "treatments": [{"treatment": "dermal-filler", "units": 2,
                                       "sessions": 1}]}]}  # fmt: skip
    row = compare_plan(plan, countries=["KR"], home="GB", rates=FIXED).iloc[0]
    assert (row.saving_or_less, row.saving_or_more) == (True, False)  # KR's $1000+ a syringe


def test_consultation_fees_left_out_are_said_per_country(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Where the catalog has no fee (TH, US) the trip has none: those rows say so in
    not_included, as estimate does, and the table names them; KR has one (001, 004)."""
    asked = ["compare", "laser-resurfacing", "--nights", "14", "--countries", "KR,US,TH"]
    left = {r["country"]: r["not_included"] for r in rows_of(asked, capsys)}
    assert "consultation fees" not in left["KR"]
    assert "consultation fees" in left["TH"]
    assert "consultation fees" in left["US"]
    assert "Not included: consultation fees (TH, US), flights," in out_of(asked, capsys)


def test_an_extra_named_for_the_consultation_covers_it(capsys: pytest.CaptureFixture[str]) -> None:
    from tripcost.rules.left_out import not_included

    assert "consultation fees" not in not_included(["Consultation"], consultation=False)
    asked = ["compare", "co2", "--countries", "KR", "--nights", "14", "--no-consultation"]
    (row,) = rows_of(asked, capsys)
    assert "consultation fees" in row["not_included"]
    (row,) = rows_of([*asked, "--extra", "Consultation=50:USD"], capsys)
    assert "consultation fees" not in row["not_included"]


def test_a_plan_lists_consultation_fees_when_any_trip_has_none() -> None:
    trip = {"country": "KR", "nights": 60, "treatments": [{"treatment": "co2", "sessions": 1}]}
    both = estimate({"trips": [trip, trip]}, rates=FIXED)
    assert "consultation fees" not in both.not_included
    one = estimate({"trips": [{**trip, "consultation": False}, trip]}, rates=FIXED)
    assert "consultation fees" in one.not_included


def test_a_saving_of_one_figure_prints_once_with_its_mark() -> None:
    from tripcost.comparison import Marks
    from tripcost.views.compare import saving_text

    m = Money("-217.23", "USD")
    assert saving_text((m, m), Marks(or_more=True), "en_US") == "-$217.23+"
    assert saving_text((m, m), Marks(or_less=True), "en_US") == "-$217.23 or less"
    assert saving_text((m, m), Marks(True, True), "en_US") == "-$217.23 or less to -$217.23+"
    assert saving_text((m, m), Marks(approximate=True), "en_US") == "~-$217.23"
