"""The sourced catalog: validated rows of every table, indexed once, with lookups.

Rows are kept one per source statement and never merged at load time; the merge
policy is applied when a price is asked for (`tripcost.resolve.prices`) and is
visible in the answer: `Catalog.price` gives the envelope of every matching row
(lowest low to highest high, listing every source), `Catalog.prices_each` every row
on its own. Living costs prefer the seeds; facts are inherited from ancestors.

>>> from tripcost import load_catalog
>>> cat = load_catalog()
>>> cat.price("co2", "KR")
Range(Money('300', 'USD'), Money('700', 'USD'))
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING

from tripcost.errors import CatalogError, UnknownCountry
from tripcost.fx import Rate, RateSource, as_date, rate_source
from tripcost.places import country_code, country_name
from tripcost.ranges import Range, Source
from tripcost.resolve.facts import DAYS_PER_UNIT, Fact, combine_facts
from tripcost.resolve.rows import (
    FactRow,
    LivingRow,
    NoDataRow,
    PriceRow,
    RuleRow,
    SourceRow,
    TreatmentRow,
)
from tripcost.resolve.treatments import Treatment, TreatmentNames

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["DAYS_PER_UNIT", "Catalog", "Fact", "Quote", "Tables", "Treatment", "row_range"]

#: the rates an answer used, as `RecordingRates.used` keeps them
RatesUsed = tuple[tuple[tuple[str, str, dt.date, str], Rate], ...]


@dataclass(frozen=True, slots=True)
class Quote:
    """One price row as a `Range` in its own currency (or converted, with the rate kept)."""

    country: str
    treatment: str
    wording: str
    unit: str
    range: Range
    statistic: str
    note: str
    source: Source
    line: int
    rate: Rate | None = None
    authority: str = "clinic-or-guide"
    currency_stated: bool = True


@dataclass(frozen=True, slots=True)
class Tables:
    """Every table's rows, as read (`tripcost.resolve.load` builds them)."""

    prices: tuple[PriceRow, ...]
    living: tuple[LivingRow, ...]
    facts: tuple[FactRow, ...]
    treatments: tuple[TreatmentRow, ...]
    rules: tuple[RuleRow, ...]
    no_data: tuple[NoDataRow, ...]
    sources: tuple[SourceRow, ...]


def row_range(r: PriceRow | LivingRow) -> Range:
    """A row's figures as a `Range` in its own currency, citing the row's source."""
    return Range.of(
        r.low, r.high, r.currency, open_ended=r.open_ended, approximate=r.approximate,
        sources=(Source(r.source, r.source_date, r.quote),),
    )  # fmt: skip


@dataclass(eq=False)
class Catalog:
    """Validated rows of every table, indexed for lookups. Build with `load_catalog`."""

    tables: Tables
    origin: str = "embedded"
    #: sources of a user's rows whose quotes could not be checked (no copy at hand)
    unverified: frozenset[str] = frozenset()
    names: TreatmentNames = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.tables, Tables):
            msg = f"a Catalog is built from Tables (use load_catalog), not {_kind(self.tables)}"
            raise CatalogError(msg)
        if not isinstance(self.origin, str) or not isinstance(self.unverified, frozenset):
            raise CatalogError("a Catalog's origin is a str and its unverified a frozenset")
        self.names = TreatmentNames(self.tables.treatments)  # raises on a clashing alias

    # -- the tables, as lists (read-only views for analysts) -------------------------
    @property
    def prices(self) -> tuple[PriceRow, ...]:
        return self.tables.prices

    @property
    def living_rows(self) -> tuple[LivingRow, ...]:
        return self.tables.living

    @property
    def facts(self) -> tuple[FactRow, ...]:
        return self.tables.facts

    @property
    def rules(self) -> tuple[RuleRow, ...]:
        return self.tables.rules

    @property
    def no_data(self) -> tuple[NoDataRow, ...]:
        return self.tables.no_data

    @property
    def sources(self) -> tuple[SourceRow, ...]:
        return self.tables.sources

    @cached_property
    def lookups(self) -> dict[tuple[object, ...], tuple[object, RatesUsed]]:
        """Answers of `tripcost.resolve.plans` kept for equal questions at equal rates."""
        return {}

    @cached_property
    def key(self) -> str:
        """A digest of every row: equal catalogs have equal keys (caches use it)."""
        import hashlib  # only the bulk path asks (the command line starts without it)

        digest = hashlib.sha256()
        for table in (self.tables.prices, self.tables.living, self.tables.facts,
                      self.tables.treatments, self.tables.rules):  # fmt: skip
            for r in table:
                digest.update(repr(r).encode())
        return digest.hexdigest()

    # -- indexes, built once -----------------------------------------------------------
    @cached_property
    def price_index(self) -> dict[tuple[str, str], tuple[PriceRow, ...]]:
        """(treatment, country) -> the price rows, in file order."""
        out: dict[tuple[str, str], list[PriceRow]] = defaultdict(list)
        for r in self.tables.prices:
            out[(r.treatment, r.country)].append(r)
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def living_index(self) -> dict[tuple[str, str, str], tuple[LivingRow, ...]]:
        """(country, category, tier) -> the living-cost rows, in file order."""
        out: dict[tuple[str, str, str], list[LivingRow]] = defaultdict(list)
        for r in self.tables.living:
            out[(r.country, r.category, r.tier)].append(r)
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def _seed_refs(self) -> frozenset[str]:
        return frozenset(s.source for s in self.tables.sources if s.kind == "seed")

    def is_seed(self, ref: str) -> bool:
        return _name(ref, "source") in self._seed_refs

    # -- treatments and countries -------------------------------------------------------
    def treatments(
        self, *, country: str | None = None, category: str | None = None
    ) -> list[Treatment]:
        """Every treatment (optionally: priced in ``country``, of ``category``)."""
        out = self.names.all()
        if category is not None:
            _name(category, "category")
        if country is not None:
            code = self.country(country)
            priced = {slug for slug, c in self.price_index if c == code}
            out = [t for t in out if t.slug in priced]
        if category is not None:
            cats = sorted({t.category for t in self.names.all()})
            if category not in cats:
                msg = f"unknown category {category!r}; categories: {', '.join(cats)}"
                raise CatalogError(msg)
            out = [t for t in out if t.category == category]
        return out

    def treatment(self, name: str) -> Treatment:
        """A treatment by slug, display name or alias ('co2', 'salmon dna', 'Pico')."""
        return self.names.get(_name(name, "treatment"))

    def ancestors(self, slug: str) -> list[str]:
        """Parents, then grandparents, … (breadth first, each once)."""
        return self.names.ancestors(self.treatment(slug).slug)

    def priced_in(self, slug: str) -> list[str]:
        """The countries with any price row for ``slug``."""
        _name(slug, "treatment")
        return sorted({c for s, c in self.price_index if s == slug})

    @cached_property
    def _countries(self) -> tuple[str, ...]:
        return tuple(sorted({c for _, c in self.price_index} | {k[0] for k in self.living_index}))

    def countries(self) -> list[str]:
        """ISO codes of every country with a price or a living cost."""
        return list(self._countries)

    def country(self, name: str) -> str:
        """An ISO 3166 code from a code or an English name ('kr', 'South Korea', 'UK')
        of a country the catalog has data for (`tripcost.places` reads the names)."""
        known = self._countries
        text = _name(name, "country").strip()
        if text.upper() in known:
            return text.upper()
        listed = ", ".join(known)
        try:
            code = country_code(text)
        except UnknownCountry as exc:
            raise UnknownCountry(f"{exc} (countries with data: {listed})") from None
        if code in known:
            return code
        raise UnknownCountry(
            f"no data for country {code} ({country_name(code)}) (countries with data: {listed})"
        )

    # -- prices and living costs (the policy lives in tripcost.resolve.prices) ----------
    def quotes(
        self, treatment: str, country: str, *, unit: str | None = None,
        syringes: Decimal | int | None = None, currency: str | None = None,
        rates: RateSource | None = None, on: dt.date | None = None,
    ) -> list[Quote]:  # fmt: skip
        """Every price row for a treatment in a country on one basis of unit, each on its
        own (`tripcost.resolve.prices.quotes`)."""
        from tripcost.resolve.prices import quotes

        rates, on = _asked(treatment, country, unit, rates, on)
        return quotes(self, treatment, country, unit=unit, syringes=syringes,
                      currency=currency, rates=rates, on=on)  # fmt: skip

    def price(
        self, treatment: str, country: str, *, unit: str | None = None,
        syringes: Decimal | int | None = None, currency: str | None = None,
        rates: RateSource | None = None, on: dt.date | None = None,
    ) -> Range:  # fmt: skip
        """The range of a treatment in a country under the merge policy: the envelope of
        the strongest rows, averages set aside (`tripcost.resolve.prices`)."""
        from tripcost.resolve.prices import price

        rates, on = _asked(treatment, country, unit, rates, on)
        return price(self, treatment, country, unit=unit, syringes=syringes,
                     currency=currency, rates=rates, on=on)  # fmt: skip

    def prices_each(
        self, treatment: str, country: str, *, unit: str | None = None,
        syringes: Decimal | int | None = None, currency: str | None = None,
        rates: RateSource | None = None, on: dt.date | None = None,
    ) -> list[Range]:  # fmt: skip
        """Every matching price row as its own `Range` (averages included)."""
        qs = self.quotes(treatment, country, unit=unit, syringes=syringes, currency=currency,
                         rates=rates, on=on)  # fmt: skip
        return [q.range for q in qs]

    def has_price(self, treatment: str, country: str, unit: str | None = None) -> bool:
        from tripcost.errors import NoPriceError

        try:
            self.price(treatment, country, unit=unit)
        except NoPriceError:
            return False
        return True

    def living(
        self, country: str, category: str, tier: str, *, currency: str | None = None,
        rates: RateSource | None = None, on: dt.date | None = None,
    ) -> Range:  # fmt: skip
        """Cost per night, meal or ride: the seeds' figure where a seed gives one, else the
        envelope of the public pages' (`tripcost.resolve.prices.living`)."""
        from tripcost.resolve.prices import living

        rates, on = _asked(_name(category, "category"), country, _name(tier, "tier"), rates, on)
        return living(self, country, category, tier, currency=currency, rates=rates, on=on)

    def living_each(self, country: str, category: str, tier: str) -> list[Range]:
        """Every living-cost row of a cell, the public pages' cross-checks included."""
        from tripcost.resolve.prices import living_rows

        _asked(_name(category, "category"), country, _name(tier, "tier"), None, None)
        return [row_range(r) for r in living_rows(self, country, category, tier)]

    # -- facts ---------------------------------------------------------------------------
    @cached_property
    def _fact_rows(self) -> dict[tuple[str, str], tuple[FactRow, ...]]:
        out: dict[tuple[str, str], list[FactRow]] = defaultdict(list)
        for r in self.tables.facts:
            out[(r.treatment, r.fact)].append(r)
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def _fact_memo(self) -> dict[tuple[str, str], Fact | None]:
        return {}

    def fact(self, treatment: str, fact: str) -> Fact | None:
        """Sessions, spacing, downtime or stay for a treatment, or None if no source says.

        A treatment's own rows win; otherwise the rows of every ancestor (a generic
        treatment such as 'atrophic-scar-treatment') are combined as an envelope.
        Spacing, downtime and stay are in whole days (a week is 7, a month 28 to 31).
        """
        slug = self.treatment(treatment).slug
        key = (slug, _name(fact, "fact"))
        if key not in self._fact_memo:
            self._fact_memo[key] = self._fact(slug, fact)
        return self._fact_memo[key]

    def _fact(self, slug: str, fact: str) -> Fact | None:
        own = self._fact_rows.get((slug, fact), ())
        if own:
            return combine_facts(slug, fact, own)
        inherited = [(a, self._fact_rows.get((a, fact), ())) for a in self.ancestors(slug)]
        return combine_facts(slug, fact, *(rows for _, rows in inherited),
                             inherited=tuple(a for a, rows in inherited if rows))  # fmt: skip

    # -- rules and sources ---------------------------------------------------------------
    @cached_property
    def _rule_index(self) -> dict[tuple[str, str], tuple[RuleRow, ...]]:
        out: dict[tuple[str, str], list[RuleRow]] = defaultdict(list)
        for r in self.tables.rules:
            out[(r.rule, r.country)].append(r)
        return {k: tuple(v) for k, v in out.items()}

    def rule(self, name: str, country: str) -> list[RuleRow]:
        code = country_code(_name(country, "country"))
        return list(self._rule_index.get((_name(name, "rule"), code), ()))

    def source_counts(self) -> list[tuple[str, str, int]]:
        """(source, date, number of rows citing it) for every source, most rows first."""
        counts: dict[tuple[str, str], int] = defaultdict(int)
        t = self.tables
        tables: Sequence[Sequence[PriceRow | LivingRow | FactRow | RuleRow]] = (
            t.prices, t.living, t.facts, t.rules,
        )  # fmt: skip
        for table in tables:
            for r in table:
                counts[(r.source, r.source_date)] += 1
        return sorted(((s, d, n) for (s, d), n in counts.items()), key=lambda x: (-x[2], x[0]))

    # -- frames ----------------------------------------------------------------------------
    def frame(
        self,
        table: str = "prices",
        *,
        currency: str | None = None,
        rates: RateSource | None = None,
        on: dt.date | None = None,
    ) -> pd.DataFrame:
        """A tidy pandas DataFrame of one table ('prices', 'living', 'facts', 'rules',
        'no_data', 'sources', 'treatments'), one row per source statement.

        ``low``/``high`` are exact ``Decimal`` objects in the row's own currency, with
        float64 copies ``low_f``/``high_f`` for plotting. With ``currency`` (prices and
        living costs) each row is also converted at the rate of its source's date, as an
        estimate converts it: ``display_currency``, ``display_low``/``display_high``
        (``Decimal``), ``display_low_f``/``display_high_f`` (float64), and the ``rate``
        (``Decimal``), ``rate_date`` and ``rate_source`` used (None: stated in it).
        """
        from tripcost.views.frames import catalog_frame

        rates, on = _asked(_name(table, "table"), "", None, rates, on)
        return catalog_frame(self, table, currency=currency, rates=rates, on=on)


def _kind(value: object) -> str:
    return repr(value) if len(repr(value)) <= 40 else type(value).__name__


def _name(value: object, what: str) -> str:
    """``value`` if it is text, else a `CatalogError` naming ``what`` was asked."""
    if isinstance(value, str):
        return value
    raise CatalogError(f"{what} {_kind(value)} is not a name (text, like 'KR' or 'co2')")


def _asked(
    first: object, second: object, unit: object, rates: object, on: object
) -> tuple[RateSource | None, dt.date | None]:
    """Check a question's names, unit, rate source and date; the source and the date."""
    _name(first, "treatment"), _name(second, "country")
    if unit is not None:
        _name(unit, "unit")
    return (None if rates is None else rate_source(rates)), as_date(on)
