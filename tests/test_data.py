"""The data files: every number cites a source, and the quote is really in it."""

from __future__ import annotations

import csv
import re
from decimal import Decimal
from pathlib import Path

import pytest

from tripcost import load_catalog

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


def rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def source_text(ref: str) -> str:
    if ref.startswith("http"):
        texts = []
        for name in ("living_costs_sourced.csv", "rules_sourced.csv", "prices_sourced.csv"):
            if not (SEEDS / "data-sources" / name).is_file():
                continue
            with (SEEDS / "data-sources" / name).open(encoding="utf-8", newline="") as fh:
                texts += [r["quote"] for r in csv.DictReader(fh) if r["source_url"] == ref]
        assert texts, f"{ref} is not an address recorded in seeds/data-sources"
        return "\n".join(texts)
    return (SEEDS / ref).read_text(encoding="utf-8")


# the loader's own reading of numbers (user catalogs are held to it at load time)
from tripcost.resolve.load import numbers_in  # noqa: E402

SOURCED = ["prices.csv", "living.csv", "facts.csv", "rules.csv"]


@pytest.mark.parametrize("name", [*SOURCED, "no_data.csv"])
def test_every_quote_is_verbatim_in_its_source(name: str) -> None:
    for i, r in enumerate(rows(name), start=2):
        assert r["quote"], f"{name} line {i}: no quote"
        assert r["quote"] in source_text(r["source"]), (
            f"{name} line {i}: quote not in {r['source']}"
        )


@pytest.mark.parametrize("name", SOURCED)
def test_every_number_is_stated_in_its_quote(name: str) -> None:
    for i, r in enumerate(rows(name), start=2):
        stated = numbers_in(r["quote"])
        for col in ("low", "high"):
            if r[col] != "":
                assert Decimal(r[col]) in stated, f"{name} line {i}: {col} {r[col]} not in quote"


@pytest.mark.parametrize("name", SOURCED)
def test_source_dates_match_the_sources_table(name: str) -> None:
    dates = {r["source"]: r["date"] for r in rows("sources.csv")}
    for i, r in enumerate(rows(name), start=2):
        if not r["source"].startswith("http"):
            assert r["source_date"] == dates[r["source"]], f"{name} line {i}"


def test_seeds_are_byte_for_byte_the_shared_documents() -> None:
    if not (SHARED / "seeds").is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    for f in sorted((SHARED / "seeds").iterdir()):
        assert (SEEDS / f.name).read_bytes() == f.read_bytes(), f.name


def test_data_sources_are_byte_for_byte_the_shared_files() -> None:
    shared = SHARED / "data-sources"
    if not shared.is_dir():
        pytest.skip("../shared/data-sources is not beside this checkout")
    ours = sorted(f.name for f in (SEEDS / "data-sources").iterdir())
    both = [name for name in ours if (shared / name).is_file()]
    assert "prices_sourced.csv" in both
    for name in both:
        assert (SEEDS / "data-sources" / name).read_bytes() == (shared / name).read_bytes(), name


def test_the_repeated_price_columns_hold_the_same_values() -> None:
    """prices_sourced.csv names authority and currency_stated twice; DictReader keeps the
    last of each, which is only safe while both copies agree."""
    with (SEEDS / "data-sources" / "prices_sourced.csv").open(encoding="utf-8", newline="") as fh:
        header, *body = list(csv.reader(fh))
    for col in ("authority", "currency_stated"):
        first, last = header.index(col), len(header) - 1 - header[::-1].index(col)
        assert first != last, col
        for cells in body:
            assert cells[first] == cells[last], (col, cells[:3])


def test_public_living_costs_are_all_imported() -> None:
    with (SEEDS / "data-sources" / "living_costs_sourced.csv").open(encoding="utf-8") as fh:
        public = list(csv.DictReader(fh))
    ours = [r for r in rows("living.csv") if r["source"].startswith("http")]
    assert len(ours) == len(public) == 105
    for p, o in zip(public, ours, strict=True):
        assert (o["country"], o["tier"], o["low"], o["high"], o["currency"], o["quote"]) == (
            p["country_code"], p["tier"], p["low"], p["high"], p["currency"], p["quote"]
        )  # fmt: skip


#: The public pages' `statistic` in ours: a single figure is a range with low = high;
#: a floor ('from') is a range with open_ended = true.
STATISTIC = {"range": "range", "single": "range", "average": "average", "from": "range"}


def test_public_prices_are_all_imported() -> None:
    with (SEEDS / "data-sources" / "prices_sourced.csv").open(encoding="utf-8", newline="") as fh:
        public = list(csv.DictReader(fh))
    ours = [r for r in rows("prices.csv") if r["source"].startswith("http")]
    assert len(ours) == len(public) == 54
    slugs = {r["slug"] for r in rows("treatments.csv")}
    for p, o in zip(public, ours, strict=True):
        assert (o["country"], o["wording"], o["unit"], o["currency"], o["low"], o["high"],
                o["approximate"], o["source"], o["source_date"], o["quote"], o["authority"],
                o["currency_stated"]) == (
            p["country_code"], p["wording"], p["unit"], p["currency"], p["low"], p["high"],
            p["approximate"], p["source_url"], p["source_date"], p["quote"], p["authority"],
            p["currency_stated"],
        )  # fmt: skip
        assert o["statistic"] == STATISTIC[p["statistic"]], p["wording"]
        assert o["open_ended"] == ("true" if p["statistic"] == "from" else p["open_ended"])
        if p["statistic"] == "single":
            assert o["low"] == o["high"]
        if p["city"]:
            assert p["city"] in o["note"], f"{p['wording']}: the note names the city"
        assert o["treatment"] in slugs
        if o["treatment"] != p["treatment"]:  # filed elsewhere: the note says why
            assert o["note"], f"{p['wording']}: filed under {o['treatment']} without a note"


@pytest.mark.parametrize(
    ("country", "slug", "unit", "figures", "statistic", "authority", "words"),
    [
        # ASPS via aboutplasticsurgery: "$2,169 for an ablative CO2 laser treatment"
        ("US", "fractional-co2", "treatment", ("USD", 2169, 2169), "average",
         "society-or-survey", "$2,169 for an ablative CO2 laser treatment"),
        ("US", "laser-resurfacing", "treatment", ("USD", 1228, 1228), "average",
         "society-or-survey", "an average of $1,228 for non-ablative procedures"),
        ("GB", "dermal-filler", "syringe", ("GBP", 150, 750), "range",
         "society-or-survey", "£150-£750 per syringe"),
        ("IN", "laser-resurfacing", "session", ("INR", 10000, 16000), "range",
         "clinic-or-guide", "Rs 10,000 to Rs 16,000 per session"),
        ("AU", "consultation", "visit", ("AUD", Decimal("296.71"), Decimal("296.71")), "average",
         "society-or-survey", "the average cost of an initial consultation is $296.71"),
        ("GB", "medium-peel", "session", ("GBP", 150, 400), "range",
         "aggregator", "typically costing between £150 and £400 per session"),
        ("KR", "pico-toning", "session", ("KRW", 39000, 75000), "range",
         "clinic-or-guide", "₩39,000-₩75,000 ($30-$58) per session in Seoul"),
        ("US", "rf-microneedling", "treatment", ("USD", 500, 3900), "range",
         "clinic-or-guide", "anywhere from $500 to $3,900"),
    ],
)  # fmt: skip
def test_sourced_figures_are_pinned_to_their_quotes(
    country: str,
    slug: str,
    unit: str,
    figures: tuple[str, Decimal | int, Decimal | int],
    statistic: str,
    authority: str,
    words: str,
) -> None:
    (row,) = [
        r for r in load_catalog().prices
        if (r.country, r.treatment, r.unit) == (country, slug, unit) and words in r.quote
    ]  # fmt: skip
    assert (row.currency, row.low, row.high) == figures
    assert (row.statistic, row.authority, row.currency_stated) == (statistic, authority, True)
    assert row.source.startswith("https://")


def test_numbers_in_reads_the_pages_notations_and_nothing_more() -> None:
    assert numbers_in("Rs 10,000 to Rs 16,000 per session") == {10000, 16000}
    assert numbers_in("£150-£750 per syringe/treatment") == {150, 750}
    assert numbers_in("is $296.71, over 3.5 times") == {Decimal("296.71"), Decimal("3.5")}
    assert numbers_in("| ¥14,000 – ¥18,000 | ₩125,000 – ₩165,000 |") == {
        14000,
        18000,
        125000,
        165000,
    }
    assert numbers_in("Starting Price 395$") == {395}
    assert numbers_in("₹4,000-8,000 price tag") == {4000, 8000}
    assert numbers_in("basic laser toning might have no downtime") == {0}
    assert numbers_in("No hospital stay is required.") == set()


def test_low_never_exceeds_high_and_codes_are_valid() -> None:
    cat = load_catalog()  # validation runs at load; this proves it accepted every row
    for r in cat.prices:
        assert 0 <= r.low <= r.high
    assert set(cat.countries()) == {"AU", "CA", "GB", "IN", "KR", "MX", "SG", "TH", "TR", "US"}


def test_no_duplicate_rows() -> None:
    for name in [*SOURCED, "no_data.csv", "treatments.csv"]:
        seen = [tuple(r.values()) for r in rows(name)]
        assert len(seen) == len(set(seen)), name


def test_every_treatment_named_exists() -> None:
    slugs = {r["slug"] for r in rows("treatments.csv")}
    for name in ("prices.csv", "facts.csv", "no_data.csv"):
        assert {r["treatment"] for r in rows(name)} <= slugs, name


def test_every_priced_treatment_is_in_the_seeds_by_name() -> None:
    """The generic rows are treatments of their own, related to the specific ones."""
    cat = load_catalog()
    assert cat.treatment("laser-resurfacing").children == ("fractional-co2", "erbium-yag", "fraxel")
    assert "laser-resurfacing" in cat.ancestors("fractional-co2")
    assert "atrophic-scar-treatment" in cat.ancestors("fractional-co2")


# -- treatments: an alias or a parent never merges two procedures ---------------------


@pytest.mark.parametrize(
    ("typed", "slug"),
    [
        ("pico toning", "pico-toning"),  # 004's toning, ₩100,000 - ₩300,000
        ("Pico Laser (toning)", "pico-toning"),
        ("pico", "picosecond-laser"),  # 000: 'Pico' for its picosecond lasers, $350 - $800
        ("PicoSure", "picosecond-laser"),
        ("rf microneedling", "rf-microneedling"),
        ("Morpheus8", "rf-microneedling"),
        ("microneedling", "microneedling"),
        ("microneedling with PRP", "microneedling-prp"),
        ("vampire facial", "microneedling-prp"),
        ("hydrafacial", "hydrafacial"),
        ("aqua peel", "aqua-peel"),
        ("Aqua peel / Hydrafacial", "aqua-peel-hydrafacial"),
        ("fraxel", "fraxel"),
        ("co2", "fractional-co2"),
        ("erbium yag", "erbium-yag"),
        ("ipl", "ipl"),
        ("water shine", "water-shine"),
        ("skin booster", "skin-booster"),
        ("rejuran healer", "rejuran"),
        ("rejuran hb", "rejuran-hb"),
        ("exosome therapy", "exosome"),
        ("stem cell", "stem-cell"),
        ("stem cell facial", "stem-cell-facial"),
        ("tca cross", "tca-cross"),
        ("medium chemical peel", "medium-peel"),
        ("tca peel", "medium-peel"),
        ("light chemical peel", "superficial-peel"),
        ("superficial peel", "superficial-peel"),
        ("chemical peels", "chemical-peel"),
    ],
)
def test_each_name_resolves_to_its_own_procedure(typed: str, slug: str) -> None:
    assert load_catalog().treatment(typed).slug == slug


@pytest.mark.parametrize(
    "typed",
    [
        "pico laser",  # 000's scar treatment, or 004's 'Pico Laser' toning
        "tca",  # TCA CROSS or a medium-depth TCA peel
        "peel",  # a chemical peel, an aqua peel or a Hanbang spicule peel
        "ablative laser",  # laser-resurfacing holds non-ablative prices too
        "resurfacing",  # 001 counts chemical peels and dermabrasion as resurfacing
        "erbium",  # erbium YAG or erbium glass
        "scar treatment",  # atrophic or raised (002) scars
    ],
)
def test_a_name_of_several_procedures_names_none(typed: str) -> None:
    from tripcost import UnknownTreatment

    with pytest.raises(UnknownTreatment):
        load_catalog().treatment(typed)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("pico-toning", "picosecond-laser"),
        ("rf-microneedling", "microneedling"),
        ("microneedling-prp", "rf-microneedling"),
        ("hydrafacial", "aqua-peel"),
        ("fraxel", "fractional-co2"),
        ("fraxel", "erbium-yag"),
        ("exosome", "stem-cell"),
        ("stem-cell-facial", "stem-cell"),
        ("medium-peel", "tca-cross"),
        ("ipl", "laser-treatment"),
        ("rejuran-hb", "rejuran"),
    ],
)
def test_different_procedures_are_not_related_by_descent(one: str, other: str) -> None:
    cat = load_catalog()
    assert other not in cat.ancestors(one)
    assert one not in cat.ancestors(other)
    names = {n.lower() for n in (cat.treatment(one).name, *cat.treatment(one).aliases)}
    assert not names & {
        n.lower() for n in (cat.treatment(other).name, *cat.treatment(other).aliases)
    }


def test_every_grouping_says_why_in_the_data_file() -> None:
    for r in rows("treatments.csv"):
        if r["aliases"] or r["parents"]:
            assert r["note"], f"{r['slug']}: aliases or parents without a note"
        for parent in filter(None, r["parents"].split("|")):
            assert parent in r["note"], f"{r['slug']}: the note does not say why {parent}"


ACNE_COURSE = "atrophic-scar-treatment"  # 000: 3-6 sessions, spaced 4-8 weeks
GLASS_SKIN = "glass-skin"  # 004: a stay of 1 to 2 weeks for a comprehensive journey


@pytest.mark.parametrize(
    "slug",
    ["pico-toning", "ipl", "hydrafacial", "aqua-peel", "aqua-peel-hydrafacial", "water-shine",
     "stem-cell", "stem-cell-facial", "glass-skin", "acne-treatment", "consultation"],
)  # fmt: skip
def test_the_acne_scar_course_reaches_only_acne_scar_treatments(slug: str) -> None:
    cat = load_catalog()
    assert ACNE_COURSE not in cat.ancestors(slug)
    spacing = cat.fact(slug, "spacing")
    assert spacing is None or all(s.ref != "000_25cb10808c4daa40.txt" for s in spacing.sources)


@pytest.mark.parametrize(
    "slug",
    ["laser-treatment", "laser-resurfacing", "fractional-co2", "erbium-yag", "fraxel",
     "picosecond-laser", "vascular-laser", "ipl", "pico-toning", "chemical-peel", "medium-peel",
     "superficial-peel", "hydrafacial", "aqua-peel", "stem-cell-facial"],
)  # fmt: skip
def test_the_glass_skin_stay_does_not_reach_lasers_facials_or_peels(slug: str) -> None:
    """004: 'For simpler treatments like a single laser session or a facial, a few days are
    sufficient'; the glass-skin stay of 1 to 2 weeks reaches the skin boosters only."""
    cat = load_catalog()
    assert GLASS_SKIN not in cat.ancestors(slug)
    assert cat.fact(slug, "stay") is None


def test_toning_and_facials_have_their_own_facts() -> None:
    cat = load_catalog()
    toning = cat.fact("pico-toning", "downtime")  # 004: "basic laser toning might have no downtime"
    assert toning is not None
    assert (toning.low, toning.high, toning.inherited_from) == (0, 0, ())
    assert cat.fact("pico-toning", "sessions") is None
    water = cat.fact("water-shine", "sessions")  # 004: "a course of 3 sessions" (skin boosters)
    assert water is not None
    assert (water.low, water.high, water.inherited_from) == (3, 3, ())
    assert cat.fact("water-shine", "spacing") is None
    assert cat.fact("water-shine", "stay") is not None  # 004's glass-skin journey
    facial = cat.fact("hydrafacial", "downtime")  # 004's shared row: "None"
    assert facial is not None
    assert facial.inherited_from == ("aqua-peel-hydrafacial",)
    assert cat.fact("hydrafacial", "sessions") is None


# -- prices: statistic, authority and currency_stated --------------------------------


def test_averages_are_averages_and_never_a_bound() -> None:
    prices = rows("prices.csv")
    averages = {(r["quote"], r["low"], r["high"]) for r in prices if r["statistic"] == "average"}
    # 001: "(avg. $270-$330)"; 002: "General stem cell therapies average about $14,413"
    assert ("Dermal Fillers | $110 - $600 (avg. $270-$330)", "270", "330") in averages
    assert any(q.startswith("General stem cell therapies average") for q, _, _ in averages)
    for i, r in enumerate(prices, start=2):
        stated_avg = re.findall(r"avg\.\s*\$?([\d,]+)-\$?([\d,]+)", r["quote"])
        for lo, hi in stated_avg:
            if r["statistic"] == "range":  # a range row from the same quote must not end in it
                assert r["high"] != hi.replace(",", ""), f"prices.csv line {i}"
                assert r["low"] != lo.replace(",", ""), f"prices.csv line {i}"
        if r["statistic"] == "average":
            assert "average" in r["note"], f"prices.csv line {i}: say it is an average"


DOLLARS = {"USD", "CAD", "AUD", "SGD", "NZD", "HKD"}


def test_a_dollar_says_which_dollar_or_is_flagged() -> None:
    """Seeds: '$' with no currency named where it stands is currency_stated=false, and the
    note says so; where the currency is named in a header or an intro, the note names it."""
    for i, r in enumerate(rows("prices.csv"), start=2):
        if r["currency_stated"] == "false":
            assert "'$'" in r["note"], f"prices.csv line {i}: say which '$' is unnamed"
        elif r["currency"] in DOLLARS and "$" in r["quote"] and not r["source"].startswith("http"):
            assert r["currency"] in r["quote"] + r["note"], f"prices.csv line {i}"


def test_every_seed_row_is_a_guide_row() -> None:
    for i, r in enumerate(rows("prices.csv"), start=2):
        assert r["authority"] in ("society-or-survey", "clinic-or-guide", "aggregator")
        assert r["currency_stated"] in ("true", "false")
        if not r["source"].startswith("http"):
            assert r["authority"] == "clinic-or-guide", f"prices.csv line {i}"
