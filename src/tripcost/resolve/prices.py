"""Prices and living costs out of the catalog, under one visible merge policy.

A price question names a treatment, a country and a basis: per session (the default;
per visit for a fee), per syringe, or a full treatment. Units are never mixed: a
per-session question takes per-session rows only, unless it says how many syringes a
session uses (then the per-syringe rows times that many answer it, and say so).

Where several rows answer, `choose` applies the policy (the one place it is written):

1. an **average** (`statistic = average`) is set beside the range, never used as its
   low or high; where it lies outside the range of the other rows, a note says so,
   naming both sources;
2. rows from an **aggregator** (the weakest authority) are used only where no
   society, survey, clinic or guide prices the cell, and are then noted as a weak source;
3. a row whose page wrote "$" without saying which dollar (``currency_stated = false``)
   is noted wherever it is used;
4. the rest are combined as an **envelope**: lowest low to highest high, converted to
   one currency, listing every source (`quotes` gives each row on its own).

When nothing answers, `why_no_price` says why, in one place, for the library and the
command line alike.

>>> from tripcost import load_catalog
>>> price(load_catalog(), "rejuran", "KR")
Range(Money('300000', 'KRW'), Money('700000', 'KRW'))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from tripcost.errors import CatalogError, NoPriceError
from tripcost.fx import Rate, RateSource, default_rates
from tripcost.ranges import Range
from tripcost.resolve.catalog import Quote, Treatment, row_range
from tripcost.resolve.rows import LivingRow, PriceRow
from tripcost.vocab import Authority, FlagKind, Statistic
from tripcost.vocab import category as living_category

if TYPE_CHECKING:
    from tripcost.resolve.catalog import Catalog

__all__ = [
    "CellPrice",
    "cell_price",
    "choose",
    "gap_summary",
    "living",
    "living_cell",
    "living_rows",
    "old_figures",
    "only_averages",
    "price",
    "quotes",
    "source_day",
    "to_currency",
    "why_no_price",
]

Note = tuple[FlagKind, str]


@dataclass(frozen=True, slots=True)
class CellPrice:
    """One cell's price under the policy: the ``range`` (None where only an average is
    stated), the ``average`` beside it, the ``basis`` ("session", "syringe",
    "treatment", "visit"; "syringe × 2" for a session of two syringes), what the reader
    must know (``notes``), and the rows used and set aside."""

    range: Range | None
    average: Range | None
    basis: str
    notes: tuple[Note, ...]
    used: tuple[Quote, ...]
    averages: tuple[Quote, ...]


def source_day(date: str) -> dt.date | None:
    """The day a source's date stands for: itself, the 15th of a month, 1 July of a year;
    None when undated."""
    if not date or date == "undated":
        return None
    parts = [int(p) for p in date.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 7, 1)
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], 15)
    return dt.date(parts[0], parts[1], parts[2])


def to_currency(rng: Range, currency: str, rates: RateSource | None, on: dt.date | None) -> Range:
    """``rng`` in ``currency`` (exact), through ``rates`` (default: the embedded table), at
    the rate of the figure's own date where its source has one (a price stated in 2016
    lira is worth what 2016 lira were), else at the rate of ``on``."""
    rate = rate_for(rng, currency, rates, on)
    return rng if rate is None else rng.convert(rate)


def rate_for(
    rng: Range, currency: str, rates: RateSource | None, on: dt.date | None
) -> Rate | None:
    """The rate `to_currency` converts ``rng`` with (None: it is in ``currency``)."""
    if rng.currency == currency:
        return None
    day = source_day(rng.sources[0].date) if rng.sources else None
    return (rates or default_rates()).rate(rng.currency, currency, day or on)


def old_figures(ranges: Iterable[Range], currency: str) -> list[Note]:
    """Notes for figures in another currency than ``currency`` that give no date: they are
    converted at the rate of the day asked, and may be years old (a lira price)."""
    notes: list[Note] = []
    for r in ranges:
        if r.currency != currency and r.sources and source_day(r.sources[0].date) is None:
            notes.append((FlagKind.OLD_PRICE, (
                f"{r.sources[0].ref} states {r.currency} with no date: converted at the "
                "rate of the day asked, the figure may be years old"
            )))  # fmt: skip
    return notes


def _common_currency(ranges: Iterable[Range]) -> str:
    codes = {r.currency for r in ranges}
    return codes.pop() if len(codes) == 1 else "USD"


def _basis(t: Treatment, unit: str | None) -> str:
    if unit is None:
        return "visit" if t.category == "fee" else "session"
    return unit


def quotes(
    cat: Catalog,
    treatment: str,
    country: str,
    *,
    unit: str | None = None,
    syringes: Decimal | int | None = None,
    currency: str | None = None,
    rates: RateSource | None = None,
    on: dt.date | None = None,
) -> list[Quote]:
    """Every price row for a treatment in a country on one basis, each on its own.

    ``unit=None`` asks per session (per visit for a fee); with ``syringes`` a session
    of that many syringes is priced from the per-syringe rows where there are any.
    With ``currency`` each quote is converted as `to_currency` converts it, at the rate of
    its source's date where it has one (the rate is kept on the quote).
    """
    t = cat.treatment(treatment)
    code = cat.country(country)
    rows = cat.price_index.get((t.slug, code), ())
    basis = _basis(t, unit)
    per_syringe = [r for r in rows if r.unit == "syringe"]
    scale: Decimal | int = 1
    if basis == "session" and syringes is not None and per_syringe:
        chosen, scale = per_syringe, syringes
    else:
        chosen = [r for r in rows if r.unit == basis]
    if not chosen:
        raise NoPriceError(why_no_price(cat, t.slug, code, basis))
    out: list[Quote] = []
    for r in chosen:
        rng = row_range(r).scale(scale) if scale != 1 else row_range(r)
        rate = None if currency is None else rate_for(rng, currency, rates, on)
        if rate is not None:  # at the rate of the figure's own date, as every price is
            rng = rng.convert(rate)
        out.append(_quote(code, t.slug, r, rng, rate))
    return out


def _quote(code: str, slug: str, r: PriceRow, rng: Range, rate: Rate | None) -> Quote:
    return Quote(
        code, slug, r.wording, r.unit, rng, r.statistic, r.note, rng.sources[0], r.line, rate,
        r.authority, r.currency_stated,
    )  # fmt: skip


def choose(qs: Sequence[Quote]) -> tuple[list[Quote], list[Quote], list[Note]]:
    """The merge policy: (rows for the range, averages set beside it, notes)."""
    averages = [q for q in qs if q.statistic == Statistic.AVERAGE]
    ranged = [q for q in qs if q.statistic != Statistic.AVERAGE]
    strong = [q for q in ranged if q.authority != Authority.AGGREGATOR]
    used = strong or ranged
    notes: list[Note] = []
    if used and not strong:
        refs = ", ".join(dict.fromkeys(q.source.ref for q in used))
        notes.append((FlagKind.WEAK_SOURCE, f"only aggregator pages price it ({refs})"))
    for q in (*used, *averages):
        if not q.currency_stated:
            notes.append((FlagKind.CURRENCY_UNSTATED, (
                f"{q.source.ref} writes '$' without saying which dollar; read as "
                f"{q.range.currency if q.rate is None else q.rate.base}"
            )))  # fmt: skip
    return used, averages, notes


def cell_price(
    cat: Catalog,
    treatment: str,
    country: str,
    *,
    unit: str | None = None,
    syringes: Decimal | int | None = None,
    currency: str | None = None,
    rates: RateSource | None = None,
    on: dt.date | None = None,
) -> CellPrice:
    """One cell's price under the policy (see the module's docstring)."""
    qs = quotes(cat, treatment, country, unit=unit, syringes=syringes)
    used, averages, notes = choose(qs)
    target = currency or _common_currency(q.range for q in qs)
    notes += old_figures((q.range for q in (*used, *averages)), target)
    rng = Range.envelope(to_currency(q.range, target, rates, on) for q in used) if used else None
    avg = (
        Range.envelope(to_currency(q.range, target, rates, on) for q in averages)
        if averages else None
    )  # fmt: skip
    slug, code = qs[0].treatment, qs[0].country
    if rng is not None and avg is not None and (avg.low < rng.low or avg.high > rng.high):
        where = "below" if avg.low < rng.low else "above"
        a_refs = ", ".join(dict.fromkeys(q.source.ref for q in averages))
        r_refs = ", ".join(dict.fromkeys(q.source.ref for q in used))
        notes.append((FlagKind.AVERAGE_OUTSIDE, (
            f"{slug} in {code}: the average {avg} ({a_refs}) lies {where} the range {rng} "
            f"({r_refs})"
        )))  # fmt: skip
    first = qs[0]
    basis = first.unit if syringes is None or first.unit != "syringe" else f"syringe × {syringes}"
    return CellPrice(rng, avg, basis, tuple(notes), tuple(used), tuple(averages))


def price(
    cat: Catalog,
    treatment: str,
    country: str,
    *,
    unit: str | None = None,
    syringes: Decimal | int | None = None,
    currency: str | None = None,
    rates: RateSource | None = None,
    on: dt.date | None = None,
) -> Range:
    """The cell's range under the policy (converted to ``currency``, or to USD where the
    rows' currencies differ), listing every source; a `NoPriceError` where only an
    average is stated."""
    cell = cell_price(cat, treatment, country, unit=unit, syringes=syringes,
                      currency=currency, rates=rates, on=on)  # fmt: skip
    if cell.range is None:
        raise NoPriceError(only_averages(cell))
    return cell.range


def only_averages(cell: CellPrice) -> str:
    """Why a cell that states only averages has no range, naming every average as its
    source states it (figure, currency, source)."""
    slug, code = cell.averages[0].treatment, cell.averages[0].country
    each = "; ".join(
        f"{_figures(q.range)} {q.range.currency}, {q.source.ref}" for q in cell.averages
    )
    what = "an average is" if len(cell.averages) == 1 else "averages are"
    return (
        f"no {cell.basis} range for {slug} in {code}: only {what} stated ({each}), "
        "and an average is not a bound"
    )


def _figures(r: Range) -> str:
    return f"{r.low.amount}" if r.low == r.high else f"{r.low.amount}–{r.high.amount}"


def _marked(cat: Catalog, slug: str, codes: Sequence[str]) -> list[tuple[str, str, str]]:
    """(country, source, column) of every '-' a source puts in these cells."""
    return [(g.country, g.source, g.column) for g in cat.no_data
            if g.treatment == slug and g.country in codes]  # fmt: skip


def _related(cat: Catalog, slug: str, codes: Sequence[str]) -> list[str]:
    """Ancestors and children of ``slug`` priced in any of ``codes``."""
    t = cat.treatment(slug)
    return [s for s in (*cat.ancestors(slug), *t.children)
            if any((s, c) in cat.price_index for c in codes)]  # fmt: skip


def why_no_price(cat: Catalog, slug: str, code: str, basis: str) -> str:
    """Why the catalog has no price for ``slug`` in ``code`` per ``basis``: the units it
    does have, the sources that mark the cell '-', where it is priced, and related
    treatments priced there."""
    rows = cat.price_index.get((slug, code), ())
    parts = [f"no per-{basis} price for {slug} in {code}"]
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


def gap_summary(cat: Catalog, slug: str, codes: Sequence[str], basis: str = "session") -> str:
    """One sentence on the countries ``codes`` without a price for ``slug`` per ``basis``
    (the short form of `why_no_price` for a table's notes): where it is priced on that
    basis, and where only in other units or only as an average."""
    line = f"No data for {slug} in {', '.join(codes)}"
    unit = _basis(cat.treatment(slug), None if basis == "session" else basis)
    priced = cat.priced_in(slug)
    ranged = [c for c in priced if any(r.unit == unit and r.statistic != Statistic.AVERAGE
                                       for r in cat.price_index[(slug, c)])]  # fmt: skip
    other = [c for c in priced if c not in ranged]
    if not priced:
        line += " (no source prices it)."
    elif not other:
        line += f" (priced in {', '.join(priced)})."
    else:
        on = f"priced per {unit} in {', '.join(ranged)}; " if ranged else ""
        line += f" ({on}only in other units or as an average in {', '.join(other)})."
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


def living_cell(
    cat: Catalog,
    country: str,
    category: str,
    tier: str,
    *,
    currency: str | None = None,
    rates: RateSource | None = None,
    on: dt.date | None = None,
) -> tuple[Range, list[Note]]:
    """Cost per night, meal or ride, and notes on old figures: the seeds' figure where a
    seed gives one, else the envelope of the public pages' figures (in one currency)."""
    rows = living_rows(cat, country, category, tier)
    seeded = [r for r in rows if cat.is_seed(r.source)]
    ranges = [row_range(r) for r in (seeded or rows)]
    target = currency or _common_currency(ranges)
    rng = Range.envelope(to_currency(r, target, rates, on) for r in ranges)
    return rng, old_figures(ranges, target)


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
    """Cost per night, meal or ride (see `living_cell`)."""
    return living_cell(cat, country, category, tier, currency=currency, rates=rates, on=on)[0]
