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


WORDS = {
    "free": Decimal(0), "none": Decimal(0), "a month": Decimal(1), "one": Decimal(1),
    "two": Decimal(2), "three": Decimal(3), "four": Decimal(4), "five": Decimal(5),
}  # fmt: skip


def numbers_in(quote: str) -> set[Decimal]:
    """Every number a quote states ('₩300,000' -> 300000, '$1,000+' -> 1000)."""
    found = {Decimal(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", quote)}
    found |= {v for w, v in WORDS.items() if re.search(rf"\b{w}\b", quote, re.I)}
    return found


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
