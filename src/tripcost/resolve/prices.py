"""Prices and living costs out of the catalog, under one visible policy.

A price question names a treatment, a country and a basis of unit. Per session
(the default) takes the per-session rows and the per-syringe rows times the
syringes a session uses; a fee is paid per visit; ``unit="treatment"`` takes
full-treatment prices. Where several rows answer, `price` gives their envelope
(lowest low to highest high, converted to one currency where they differ, every
source listed) and `quotes` gives each row on its own. When nothing answers,
`why_no_price` says why, in one place, for the library and the command line alike.

>>> from tripcost import load_catalog
>>> price(load_catalog(), "rejuran", "KR")
Range(Money('300000', 'KRW'), Money('700000', 'KRW'))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from tripcost.errors import CatalogError, NoPriceError
from tripcost.fx import RateSource, default_rates
from tripcost.money import Range
from tripcost.resolve.catalog import Quote, Treatment, row_range
from tripcost.resolve.rows import LivingRow, PriceRow
from tripcost.vocab import category as living_category

if TYPE_CHECKING:
    from tripcost.resolve.catalog import Catalog

__all__ = [
    "gap_summary",
    "living",
    "living_rows",
    "per_basis",
    "price",
    "quotes",
    "to_currency",
    "why_no_price",
]

PER_SESSION_UNITS = ("session", "syringe")


def per_basis(t: Treatment, unit: str | None) -> tuple[str, ...]:
    """The row units that answer a question on ``unit`` (None: per session, or per
    visit for a fee)."""
    if unit is None and t.category == "fee":
        return ("visit",)
    if unit in (None, "session"):
        return PER_SESSION_UNITS
    return (unit,)


def to_currency(rng: Range, currency: str, rates: RateSource | None, on: dt.date | None) -> Range:
    """``rng`` in ``currency`` (exact), through ``rates`` (default: the embedded table)."""
    if rng.currency == currency:
        return rng
    return rng.convert((rates or default_rates()).rate(rng.currency, currency, on))


def _common_currency(ranges: Iterable[Range]) -> str:
    codes = {r.currency for r in ranges}
    return codes.pop() if len(codes) == 1 else "USD"


def quotes(
    cat: Catalog,
    treatment: str,
    country: str,
    *,
    unit: str | None = None,
    units: Decimal | int = 1,
    currency: str | None = None,
    rates: RateSource | None = None,
    on: dt.date | None = None,
) -> list[Quote]:
    """Every price row for a treatment in a country, on one basis of unit.

    ``unit=None`` asks for a per-session price: per-session rows and per-syringe rows
    times ``units`` syringes a session (for a fee: per visit). With ``currency`` each
    quote is converted (the rate is kept on the quote).
    """
    t = cat.treatment(treatment)
    code = cat.country(country)
    rows = cat.price_index.get((t.slug, code), ())
    wanted = per_basis(t, unit)
    chosen = [r for r in rows if r.unit in wanted]
    if not chosen:
        raise NoPriceError(why_no_price(cat, t.slug, code, wanted))
    out: list[Quote] = []
    for r in chosen:
        rng = row_range(r)
        if r.unit == "syringe" and unit in (None, "session"):
            rng = rng.scale(units)
        rate = None
        if currency is not None and currency != rng.currency:
            rate = (rates or default_rates()).rate(rng.currency, currency, on)
            rng = rng.convert(rate)
        out.append(_quote(code, t.slug, r, rng, rate))
    return out


def _quote(code: str, slug: str, r: PriceRow, rng: Range, rate: object) -> Quote:
    return Quote(
        code, slug, r.wording, r.unit, rng, r.statistic, r.note, rng.sources[0], r.line,
        rate,  # type: ignore[arg-type]
        r.authority, r.currency_stated,
    )  # fmt: skip


def price(
    cat: Catalog,
    treatment: str,
    country: str,
    *,
    unit: str | None = None,
    units: Decimal | int = 1,
    currency: str | None = None,
    rates: RateSource | None = None,
    on: dt.date | None = None,
) -> Range:
    """The envelope of every matching row: lowest low to highest high, converted to
    ``currency`` (or to USD where the rows' currencies differ), listing every source."""
    qs = quotes(cat, treatment, country, unit=unit, units=units)
    target = currency or _common_currency(q.range for q in qs)
    return Range.envelope(to_currency(q.range, target, rates, on) for q in qs)


def _marked(cat: Catalog, slug: str, codes: Sequence[str]) -> list[tuple[str, str, str]]:
    """(country, source, column) of every '-' a source puts in these cells."""
    return [(g.country, g.source, g.column) for g in cat.no_data
            if g.treatment == slug and g.country in codes]  # fmt: skip


def _related(cat: Catalog, slug: str, codes: Sequence[str]) -> list[str]:
    """Ancestors and children of ``slug`` priced in any of ``codes``."""
    t = cat.treatment(slug)
    return [s for s in (*cat.ancestors(slug), *t.children)
            if any((s, c) in cat.price_index for c in codes)]  # fmt: skip


def why_no_price(cat: Catalog, slug: str, code: str, wanted: Sequence[str]) -> str:
    """Why the catalog has no price for ``slug`` in ``code`` on the ``wanted`` basis: the
    units it does have, the sources that mark the cell '-', where it is priced, and
    related treatments priced there."""
    rows = cat.price_index.get((slug, code), ())
    basis = "per-session" if "session" in wanted else f"per-{wanted[0]}"
    parts = [f"no {basis} price for {slug} in {code}"]
    if rows:
        units = sorted({r.unit for r in rows})
        parts.append(f"the catalog has it per {', '.join(units)} (unit={units[0]!r}, --unit)")
    for _, source, column in _marked(cat, slug, [code]):
        parts.append(f"{source} marks it '-' (no data) in its column {column!r}")
    where = cat.priced_in(slug)
    parts.append(f"priced in: {', '.join(where)}" if where else "no source prices it anywhere")
    related = _related(cat, slug, [code])
    if related:
        parts.append(f"related treatments priced in {code}: {', '.join(related)}")
    return "; ".join(parts)


def gap_summary(cat: Catalog, slug: str, codes: Sequence[str]) -> str:
    """One sentence on the countries ``codes`` without a price for ``slug`` (the short
    form of `why_no_price` for a table's notes)."""
    line = f"No data for {slug} in {', '.join(codes)}"
    priced = cat.priced_in(slug)
    line += f" (priced in {', '.join(priced)})." if priced else " (no source prices it)."
    marked = sorted({c for c, _, _ in _marked(cat, slug, codes)})
    if marked:
        line += f" The sources mark {', '.join(marked)} '-' (no data)."
    related = _related(cat, slug, codes)
    if related:
        line += f" Related treatments priced there: {', '.join(related)}."
    return line


def living_rows(cat: Catalog, country: str, category: str, tier: str) -> tuple[LivingRow, ...]:
    """The rows of one living-cost cell; an unknown tier is a `CatalogError`, an empty
    cell a `NoPriceError`."""
    code = cat.country(country)
    rows = cat.living_index.get((code, category, tier), ())
    if not rows:
        try:
            tiers = living_category(category).tiers
        except KeyError as exc:
            raise CatalogError(exc.args[0]) from None
        if tier not in tiers:
            raise CatalogError(f"unknown {category} tier {tier!r}; tiers: {', '.join(tiers)}")
        raise NoPriceError(f"no {category} cost for tier {tier!r} in {code}")
    return rows


def living(
    cat: Catalog,
    country: str,
    category: str,
    tier: str,
    *,
    currency: str | None = None,
    rates: RateSource | None = None,
    on: dt.date | None = None,
) -> Range:
    """Cost per night, meal or ride: the seeds' figure where a seed gives one, else the
    envelope of the public pages' figures (converted to one currency)."""
    rows = living_rows(cat, country, category, tier)
    seeded = [r for r in rows if cat.is_seed(r.source)]
    ranges = [row_range(r) for r in (seeded or rows)]
    target = currency or _common_currency(ranges)
    return Range.envelope(to_currency(r, target, rates, on) for r in ranges)
