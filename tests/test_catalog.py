"""The catalog: lookups, merge policies, facts, living costs, user files."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from tripcost import (
    DataFileError,
    FixedRates,
    NoPriceError,
    Range,
    UnknownCountry,
    UnknownTreatment,
    estimate,
    load_catalog,
)

CAT = load_catalog()
S0, S1, S2, S4 = (
    "000_25cb10808c4daa40.txt",
    "001_d4dca57880d3696d.txt",
    "002_1f6f43bd7de01586.txt",
    "004_d65572b616b5df97.txt",
)

REJURAN_SEOUL = "https://seoulbeautymate.com/jp/blog/rejuran-price-seoul-2025"


def lh(r: Range) -> tuple[Decimal, Decimal, str, bool, bool]:
    return (r.low.amount, r.high.amount, r.currency, r.open_ended, r.approximate)


@pytest.mark.parametrize(
    ("treatment", "country", "expected", "sources"),
    [
        ("fractional-co2", "KR", (300, 700, "USD", False, False), [S0]),
        ("erbium-yag", "KR", (250, 600, "USD", False, False), [S0]),
        ("vascular-laser", "KR", (200, 450, "USD", False, False), [S0]),
        ("tca-cross", "KR", (100, 300, "USD", False, False), [S0]),
        # 004's "₩300,000 - ₩700,000" a session (a Seoul page's per-1cc price is per syringe)
        ("rejuran", "KR", (300000, 700000, "KRW", False, False), [S4]),
        ("water-shine", "KR", (200000, 500000, "KRW", False, False), [S4]),
        ("exosome", "KR", (400000, 900000, "KRW", False, False), [S4]),
        ("ipl", "KR", (80000, 250000, "KRW", False, False), [S4]),
        ("fraxel", "KR", (400000, 800000, "KRW", False, False), [S4]),
        # 004's list: "Hydrafacial: ₩100,000 - ₩200,000"; its table row "Aqua Peel /
        # Hydrafacial" (₩50,000 - ₩150,000) is filed once, under aqua-peel-hydrafacial
        ("hydrafacial", "KR", (100000, 200000, "KRW", False, False), [S4]),
        ("aqua-peel", "KR", (50000, 100000, "KRW", False, False), [S4]),
        ("aqua-peel-hydrafacial", "KR", (50000, 150000, "KRW", False, False), [S4]),
        ("picosecond-laser", "KR", (350, 800, "USD", False, False), [S0]),
        ("stem-cell-facial", "US", (770, 800, "USD", False, False), [S2]),
        ("laser-resurfacing", "TR", (500, 1000, "USD", False, False), [S1]),
        ("laser-resurfacing", "TH", (151, 500, "USD", False, False), [S1]),
        ("dermal-filler", "AU", (230, 230, "USD", False, True), [S1]),  # "~$230"
        ("subcision", "GB", (1890, 1890, "USD", False, True), [S1]),  # "~$1,890"
        ("microneedling", "US", (500, 500, "USD", False, False), [S1]),
        ("atrophic-scar-treatment", "US", (550, 2500, "USD", False, False), [S1]),
        ("chemical-peel", "IN", (36, 85, "USD", False, False), [S1]),
        # two sources, one envelope: "$150 - $400" (000) and "~$454 - $543" (001)
        ("subcision", "KR", (150, 543, "USD", False, True), [S0, S1]),
        # per session: 001's "$110–$600 per session"; its "(avg. $270-$330)" is set beside it
        # and 000's "$400 - $1000+ per syringe" is another unit
        ("dermal-filler", "KR", (110, 600, "USD", False, False), [S1]),
    ],
)
def test_seed_prices(
    treatment: str, country: str, expected: tuple[object, ...], sources: list[str]
) -> None:
    r = CAT.price(treatment, country)
    assert lh(r) == expected
    assert sorted({s.ref for s in r.sources}) == sources
    assert all(s.quote for s in r.sources)


def test_full_treatment_is_its_own_basis() -> None:
    r = CAT.price("dermal-filler", "KR", unit="treatment")
    assert lh(r) == (1000, 2000, "USD", False, False)
    stem = CAT.price("stem-cell", "US", unit="treatment")
    assert lh(stem) == (9000, 50000, "USD", False, False)


def test_units_are_never_mixed() -> None:
    # 000: "$400 - $1000+ per syringe" is a per-syringe price, not a per-session one
    assert lh(CAT.price("dermal-filler", "KR", unit="syringe")) == (400, 1000, "USD", True, False)
    # a session of two syringes, when the plan says so
    (two,) = CAT.prices_each("dermal-filler", "KR", syringes=2)
    assert lh(two) == (800, 2000, "USD", True, False)
    # a Seoul page: "₩125,000 – ₩165,000" per 1cc of Rejuran Healer
    (cc,) = CAT.prices_each("rejuran", "KR", unit="syringe")
    assert lh(cc) == (125000, 165000, "KRW", False, False)
    assert cc.sources[0].ref == REJURAN_SEOUL


def test_the_krw_price_given_with_its_usd_equivalent_keeps_both() -> None:
    each = CAT.prices_each("stem-cell-facial", "KR")
    assert sorted(lh(r) for r in each) == [
        (598, 598, "USD", True, True),
        (869000, 869000, "KRW", True, True),
    ]


def test_envelope_converts_mixed_currencies_and_lists_every_source() -> None:
    rates = FixedRates({"USD/KRW": "1250"})
    r = CAT.price("consultation", "KR", currency="KRW", rates=rates)
    # "Free" (001, USD) and "₩10,000 - ₩50,000" (004)
    assert lh(r) == (0, 50000, "KRW", False, False)
    assert [s.ref for s in r.sources] == [S1, S4]
    usd = CAT.price("consultation", "KR", rates=rates)  # mixed -> USD
    assert usd.currency == "USD"
    assert lh(usd) == (0, 40, "USD", False, False)  # ₩50,000 / 1250


def test_each_policy_returns_every_statement() -> None:
    each = CAT.prices_each("consultation", "KR")
    assert sorted(lh(r) for r in each) == [
        (0, 0, "USD", False, False),
        (10000, 50000, "KRW", False, False),
    ]
    assert [len(r.sources) for r in each] == [1, 1]


def test_home_prices_from_public_pages_join_the_seed_columns() -> None:
    # 001's UK column ($820 - $1,580) with two GB pages' ablative (£500 – £3,000) and
    # non-ablative (£300 – £1,500) groups; 'Laser Skin Resurfacing' £500 is per treatment
    each = CAT.prices_each("laser-resurfacing", "GB")
    assert sorted(lh(r) for r in each) == [
        (300, 1500, "GBP", False, False),
        (500, 3000, "GBP", False, False),
        (820, 1580, "USD", False, False),
    ]
    gbp = CAT.price(
        "laser-resurfacing", "GB", currency="GBP", rates=FixedRates({"GBP/USD": "1.25"})
    )
    # the two GB pages are aggregators: the policy uses them only where nothing stronger
    # prices the cell, and 001 does ($820 = £656, $1,580 = £1,264)
    assert lh(gbp) == (656, 1264, "GBP", False, False)
    (per_treatment,) = CAT.prices_each("laser-resurfacing", "GB", unit="treatment")
    assert lh(per_treatment) == (500, 500, "GBP", False, False)


def test_pico_toning_is_not_the_acne_scar_picosecond_laser() -> None:
    # 004: "Pico Laser (toning): ₩100,000 - ₩300,000"; 000: "Picosecond Lasers ... $350 - $800"
    toning = CAT.prices_each("pico toning", "KR")
    assert (100000, 300000, "KRW", False, False) in [lh(r) for r in toning]
    assert all(r.currency == "KRW" for r in toning)
    assert [lh(r) for r in CAT.prices_each("picosecond-laser", "KR")] == [
        (350, 800, "USD", False, False)
    ]


def test_no_data_cells_say_so() -> None:
    with pytest.raises(NoPriceError) as err:
        CAT.price("dermal-filler", "CA")
    text = str(err.value)
    assert text.startswith("no per-session price for dermal-filler in CA")
    assert f"{S1} marks it '-' (no data) in its column 'Canada (USD)'" in text


def test_a_treatment_nobody_prices() -> None:
    with pytest.raises(NoPriceError, match="no source prices it anywhere"):
        CAT.price("juvelook", "KR")


@pytest.mark.parametrize(
    ("typed", "slug"),
    [
        ("co2", "fractional-co2"),
        ("Fractional CO2 laser", "fractional-co2"),
        ("pico", "picosecond-laser"),
        ("water shine injection", "water-shine"),
        ("salmon dna", "rejuran"),
        ("  Rejuran_Healer ", "rejuran"),
        ("TCA CROSS", "tca-cross"),
    ],
)
def test_aliases(typed: str, slug: str) -> None:
    assert CAT.treatment(typed).slug == slug


def test_unknown_treatment_suggests_the_closest() -> None:
    with pytest.raises(UnknownTreatment) as err:
        CAT.price("fraxl", "KR")
    assert str(err.value) == (
        "unknown treatment 'fraxl'; did you mean fraxel? (see `python -m tripcost treatments`)"
    )


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("Japan", "no data for country JP (Japan)"),
        ("XX", "unknown country 'XX'"),
        ("ZZ", "unknown country 'ZZ'"),
        (
            "Koreaa",
            "unknown country 'Koreaa' (not an ISO 3166 code or a country name); did you mean 'Korea' (KR)?",
        ),
    ],
)
def test_unknown_country(typed: str, message: str) -> None:
    with pytest.raises(UnknownCountry) as err:
        CAT.price("co2", typed)
    assert str(err.value).startswith(message)


def test_country_names_and_codes() -> None:
    assert CAT.country("south korea") == "KR"
    assert CAT.country("uk") == "GB"
    assert CAT.country("th") == "TH"


@pytest.mark.parametrize(
    ("treatment", "fact", "expected"),
    [
        # "3-6 sessions, typically spaced 4-8 weeks apart" (000) and "3–5 sessions" (003)
        ("fractional-co2", "sessions", (3, 6, False)),
        ("fractional-co2", "spacing", (28, 56, False)),
        ("fractional-co2", "downtime", (5, 7, True)),  # "5-7+ days"
        ("microneedling", "sessions", (4, 6, False)),
        ("microneedling", "spacing", (28, 31, False)),  # "about a month"
        ("subcision", "sessions", (3, 6, False)),
        # "a course of 3 sessions" (004, skin boosters) with 000's "3-6 sessions"
        ("rejuran", "sessions", (3, 6, False)),
        ("rejuran", "stay", (7, 14, False)),  # glass skin: "1 to 2 weeks"
        ("stem-cell", "stay", (7, 7, False)),  # "about 7 days"
        ("vascular-laser", "downtime", (0, 3, False)),
        ("hydrafacial", "downtime", (0, 0, False)),
    ],
)
def test_treatment_facts(treatment: str, fact: str, expected: tuple[int, int, bool]) -> None:
    f = CAT.fact(treatment, fact)
    assert f is not None
    assert (f.low, f.high, f.open_ended) == expected
    assert f.sources


def test_inherited_facts_name_where_they_come_from() -> None:
    f = CAT.fact("rejuran", "sessions")
    assert f is not None
    assert f.inherited_from == ("skin-booster", "atrophic-scar-treatment")
    assert [s.ref for s in f.sources] == [S4, S0]


def test_a_fact_no_source_states_is_none() -> None:
    assert CAT.fact("consultation", "sessions") is None


def test_living_costs_prefer_the_seed() -> None:
    hotel = CAT.living("KR", "accommodation", "hotel")
    assert lh(hotel) == (70, 150, "USD", False, False)  # 002: "$70–$150 (hotels)"
    assert {s.ref for s in hotel.sources} == {S2}
    # the public pages are a cross-check, visible with each
    assert len(CAT.living_each("KR", "accommodation", "hotel")) == 3
    luxury = CAT.living("KR", "accommodation", "luxury")
    assert lh(luxury) == (200, 200, "USD", True, False)  # "$200+ (luxury)"


def test_living_costs_elsewhere_come_from_public_pages() -> None:
    r = CAT.living("TH", "food", "street", currency="THB", rates=FixedRates({"USD/THB": "35"}))
    assert r.currency == "THB"
    assert all(s.ref.startswith("http") for s in r.sources)


def test_living_cost_unknown_tier() -> None:
    with pytest.raises(Exception, match="unknown accommodation tier 'palace'"):
        CAT.living("KR", "accommodation", "palace")


def test_frame_is_tidy() -> None:
    df = CAT.frame()
    assert isinstance(df, pd.DataFrame)
    assert len(df) == len(CAT.prices)
    assert {"country", "treatment", "unit", "currency", "low", "high", "open_ended",
            "approximate", "source", "quote", "source_date", "low_f"} <= set(df.columns)  # fmt: skip
    co2 = df[(df.treatment == "fractional-co2") & (df.country == "KR")].iloc[0]
    assert (co2.low, co2.high) == (Decimal(300), Decimal(700))
    assert set(CAT.frame("treatments").columns) >= {"slug", "name", "category", "aliases"}


def test_treatments_filter() -> None:
    lasers = {t.slug for t in CAT.treatments(category="laser")}
    assert {"fractional-co2", "erbium-yag", "picosecond-laser", "vascular-laser"} <= lasers
    in_th = {t.slug for t in CAT.treatments(country="TH")}
    assert in_th == {"atrophic-scar-treatment", "laser-resurfacing", "stem-cell"}


def test_rules() -> None:
    (deposit,) = CAT.rule("deposit", "KR")
    assert (deposit.low, deposit.approximate) == (Decimal(10), True)
    (end,) = CAT.rule("vat_refund_end", "KR")
    assert dt.date.fromisoformat(end.valid_to) == dt.date(2025, 12, 31)


# -- a user's own file ---------------------------------------------------------------

HEADER = (
    "country,treatment,wording,unit,currency,low,high,open_ended,approximate,statistic,note,"
    "source,source_date,quote"
)
GOOD = (
    f"KR,fractional-co2,Fractional CO2,session,USD,300,700,false,false,range,,{S0},2026-01-01,"
    '"**Fractional CO2**       | Deep Boxcar, Rolling, Ice Pick (adjunct) | 5-7 days of peeling/redness | $300 - $700"'
)


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "prices.csv"
    p.write_text(text, encoding="utf-8")
    return p


def test_user_file_is_loaded(tmp_path: Path) -> None:
    cat = load_catalog(write(tmp_path, HEADER + "\n" + GOOD + "\n"))
    assert lh(cat.price("co2", "KR")) == (300, 700, "USD", False, False)
    with pytest.raises(NoPriceError):
        cat.price("rejuran", "KR")


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda g: g.replace(",300,700,", ",1,000,700,"), "line 2: 15 cells, the header has 14"),
        (
            lambda g: g.replace(",300,700,", ',"1,000",700,'),
            "line 2, column 'low': '1,000' is not a plain decimal number; write it without thousands separators",
        ),
        (
            lambda g: g.replace(",300,700,", ",~230,700,"),
            "line 2, column 'low': '~230' is not a plain decimal number; write the number and set approximate=true",
        ),
        (
            lambda g: g.replace(",300,700,", ",-300,700,"),
            "line 2, column 'low': '-300' is negative; prices and costs cannot be",
        ),
        (lambda g: g.replace(",300,700,", ",9000,5000,"), "line 2: low 9000 > high 5000"),
        (
            lambda g: g.replace(",300,700,", ",NaN,700,"),
            "line 2, column 'low': 'NaN' is not a plain decimal number",
        ),
        (
            lambda g: g.replace(",USD,", ",XYZ,"),
            "line 2, column 'currency': currency 'XYZ' is not an ISO 4217 currency code",
        ),
        (
            lambda g: g.replace("KR,", "ZZ,", 1),
            "line 2, column 'country': 'ZZ' is not an ISO 3166 country code",
        ),
        (
            lambda g: g.replace("fractional-co2", "fractional-c02"),
            "line 2, column 'treatment': unknown treatment 'fractional-c02'; did you mean fractional-co2?",
        ),
        (
            lambda g: g.replace("$300 - $700", "$300 - $701"),
            "line 2: the quote '**Fractional CO2**       | Deep Boxcar, Rolling, Ice Pick (a' is not in 000_25cb10808c4daa40.txt",
        ),
        (
            lambda g: g.replace(",session,", ",per session,"),
            "line 2, column 'unit': 'per session' is not one of 'session', 'syringe', 'treatment' or 'visit'",
        ),
    ],
)
def test_user_file_errors_name_file_line_column(tmp_path: Path, edit: object, message: str) -> None:
    path = write(tmp_path, HEADER + "\n" + edit(GOOD) + "\n")  # type: ignore[operator]
    with pytest.raises(DataFileError) as err:
        load_catalog(path)
    assert str(err.value).startswith(f"{path} {message}"), str(err.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "is empty: expected a header line"),
        (HEADER + "\n", "has a header but no rows"),
        (HEADER.replace(",quote", "") + "\n", "line 1: missing column(s) quote"),
        (HEADER + ",extra\n", "line 1: unknown column(s) 'extra'"),
        (
            HEADER + "\n" + GOOD + "\n" + GOOD + "\n",
            "line 3: duplicate of line 2 (fractional-co2, KR)",
        ),
    ],
)
def test_malformed_files(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(DataFileError) as err:
        load_catalog(path)
    assert message in str(err.value)
    assert str(path) in str(err.value) or "prices.csv" in str(err.value)


def test_non_utf8_file(tmp_path: Path) -> None:
    p = tmp_path / "prices.csv"
    p.write_bytes((HEADER + "\n").encode() + GOOD.encode().replace(b"Fractional", b"Fr\xe4ctional"))
    with pytest.raises(
        DataFileError, match=r"line 2: byte 0xe4 is not UTF-8; save the file as UTF-8"
    ):
        load_catalog(p)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match=r"nope\.csv not found"):
        load_catalog(tmp_path / "nope.csv")


def test_each_statement_on_its_own() -> None:
    each = CAT.prices_each("subcision", "KR")
    assert sorted(lh(r) for r in each) == [
        (150, 400, "USD", False, False),
        (454, 543, "USD", False, True),
    ]
    assert Range.envelope(each) == CAT.price("subcision", "KR")
    hotels = CAT.living_each("KR", "accommodation", "hotel")
    assert len(hotels) == 3  # the seed's figure and the two public pages' cross-checks
    assert {r.currency for r in hotels} == {"USD", "KRW"}


def test_a_fee_is_priced_per_visit() -> None:
    # 004: "(₩10,000 - ₩50,000), which may be waived"; 001: "Consultation: Free"
    each = CAT.prices_each("consultation", "KR")
    assert sorted(lh(r) for r in each) == [
        (0, 0, "USD", False, False),
        (10000, 50000, "KRW", False, False),
    ]
    assert lh(CAT.price("consultation", "KR", currency="KRW")) == (0, 50000, "KRW", False, False)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Korea", "KR"),
        ("south korea", "KR"),
        ("USA", "US"),
        ("Britain", "GB"),
        ("UK", "GB"),
        ("Turkey", "TR"),
        ("Türkiye", "TR"),
        ("thailand", "TH"),
        ("in", "IN"),
    ],
)
def test_country_names_people_type(typed: str, code: str) -> None:
    assert CAT.country(typed) == code


def test_a_source_with_no_copy_is_kept_and_marked_unverified(tmp_path: Path) -> None:
    row = GOOD.replace(S0, "blog.txt")
    cat = load_catalog(write(tmp_path, HEADER + "\n" + row + "\n"))
    assert cat.unverified == frozenset({"blog.txt"})
    est = estimate({"trips": [{"country": "KR", "nights": 0, "consultation": False,
                               "treatments": [{"treatment": "co2", "sessions": 1}]}]},
                   catalog=cat, rates=FixedRates({"USD/KRW": "1450"}))  # fmt: skip
    (flag,) = [f for f in est.flags if f.kind == "unverified"]
    assert flag.message.startswith("blog.txt: its quote could not be checked")


def test_a_source_beside_the_catalog_is_checked(tmp_path: Path) -> None:
    quote = "Fractional CO2 sessions cost $300 - $700 at our clinic."
    (tmp_path / "clinic.txt").write_text(f"Prices\n{quote}\n", encoding="utf-8")
    row = ("KR,fractional-co2,Fractional CO2,session,USD,300,700,false,false,range,,"
           f'clinic.txt,2026-01-01,"{quote}"')  # fmt: skip
    cat = load_catalog(write(tmp_path, HEADER + "\n" + row + "\n"))
    assert cat.unverified == frozenset()
    bad = row.replace("at our clinic", "at their clinic")
    with pytest.raises(DataFileError, match=r"is not in clinic\.txt"):
        load_catalog(write(tmp_path, HEADER + "\n" + bad + "\n"))


def test_a_folder_without_data_files_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "price.csv").write_text("misnamed", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"holds none of the data files \(prices\.csv, living"):
        load_catalog(tmp_path)


_CO2_ROW = ("KR,fractional-co2,Fractional CO2,session,USD,300,700,false,false,range,note,"
            "000_25cb10808c4daa40.txt,2026-01-01,\"| **Fractional CO2**       | Deep Boxcar, "
            "Rolling, Ice Pick (adjunct) | 5-7 days of peeling/redness | $300 - $700\","
            "clinic-or-guide,true")  # fmt: skip
_HEADER = ("country,treatment,wording,unit,currency,low,high,open_ended,approximate,statistic,"
           "note,source,source_date,quote,authority,currency_stated")  # fmt: skip


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        (",USD,300,", ",KRW,300,", "the quote writes"),  # 000 states dollars
        ("KR,fractional-co2", "TH,fractional-co2", "country KR"),  # 000 says Korea
        ("KR,fractional-co2", "KR,stem-cell", "treatment fractional-co2"),
        (",2026-01-01,", ",1850-01-01,", "not 000_25cb10808c4daa40.txt's date"),
        (",300,700,", ",3,3,", "not a number the quote states"),
    ],
)
def test_a_user_row_citing_a_seed_says_what_the_seed_says(
    tmp_path: Path, old: str, new: str, said: str
) -> None:
    """A tester copied 000's CO2 row into a catalog and changed one thing at a time; each
    was shown as a verified figure of 000. Now each is refused, naming file and line."""
    from tripcost.errors import DataFileError

    (tmp_path / "prices.csv").write_text(f"{_HEADER}\n{_CO2_ROW}\n", encoding="utf-8")
    assert load_catalog(tmp_path / "prices.csv").price("co2", "KR").high.amount == 700
    (tmp_path / "prices.csv").write_text(f"{_HEADER}\n{_CO2_ROW.replace(old, new)}\n",
                                         encoding="utf-8")  # fmt: skip
    with pytest.raises(DataFileError, match=rf"prices.csv line 2: .*{re.escape(said)}"):
        load_catalog(tmp_path / "prices.csv")


def test_a_fragment_is_not_a_quote(tmp_path: Path) -> None:
    from tripcost.errors import DataFileError

    row = _CO2_ROW.replace(
        '"| **Fractional CO2**       | Deep Boxcar, Rolling, Ice Pick '
        '(adjunct) | 5-7 days of peeling/redness | $300 - $700"',
        "3",
    )
    row = row.replace(",300,700,", ",3,3,")
    (tmp_path / "prices.csv").write_text(f"{_HEADER}\n{row}\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"prices\.csv line 2: the quote '3' is a fragment"):
        load_catalog(tmp_path / "prices.csv")
