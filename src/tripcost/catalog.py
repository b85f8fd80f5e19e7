"""The sourced catalog: prices, living costs, treatment facts and rules.

Rows are kept one per source statement and never merged at load time; the
merge policy is applied when a question is asked and is visible in the answer:

* ``"envelope"`` (the default): lowest low to highest high of every matching
  row, converted to one currency where they differ, listing every source;
* ``"each"``: every matching row, one `Range` per statement.

Living costs prefer the seeds: where a seed gives a figure for a country and
tier, that figure is used; the public-page figures fill the other cells (and
are shown next to the seed's with ``policy="each"``).

>>> from tripcost import load_catalog
>>> cat = load_catalog()
>>> cat.price("co2", "KR")
Range(Money('300', 'USD'), Money('700', 'USD'))
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Literal, overload

from tripcost.errors import (
    CatalogError,
    DataFileError,
    NoPriceError,
    UnknownCountry,
    UnknownTreatment,
)
from tripcost.fx import Rate, RateSource, default_rates
from tripcost.ranges import Range, Source
from tripcost.rows import (
    CsvRow,
    FactRow,
    LivingRow,
    NoDataRow,
    PriceRow,
    RuleRow,
    SourceRow,
    TreatmentRow,
    check_country,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Catalog",
    "Fact",
    "Policy",
    "Quote",
    "Treatment",
]

Policy = Literal["envelope", "each"]
PER_SESSION_UNITS = ("session", "syringe")
DAYS_PER_UNIT = {"day": (1, 1), "week": (7, 7), "month": (28, 31)}  # calendar lengths


@dataclass(frozen=True, slots=True)
class Treatment:
    slug: str
    name: str
    category: str
    aliases: tuple[str, ...]
    parents: tuple[str, ...]
    children: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Quote:
    """One price row, as a `Range` in its own currency (and converted, when asked)."""

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


@dataclass(frozen=True, slots=True)
class Fact:
    """Sessions (a count) or spacing, downtime, stay (in days), with their sources."""

    treatment: str
    fact: str
    low: Decimal
    high: Decimal
    open_ended: bool
    approximate: bool
    sources: tuple[Source, ...]
    inherited_from: tuple[str, ...] = ()

    def describe(self) -> str:
        unit = "sessions" if self.fact == "sessions" else "days"
        span = f"{self.low}" if self.low == self.high else f"{self.low}-{self.high}"
        mark = ("~" if self.approximate else "") + span + ("+" if self.open_ended else "")
        return f"{mark} {unit}"


def _norm(text: str) -> str:
    """'Fractional CO2 laser' -> 'fractional co2 laser' (hyphens, underscores as spaces)."""
    return re.sub(r"[\s_\-]+", " ", text.strip().lower()).strip()


@dataclass
class Catalog:
    """Validated rows of every table, with lookups. Build with `load_catalog`."""

    prices: list[PriceRow]
    living_rows: list[LivingRow]
    facts: list[FactRow]
    treatment_rows: list[TreatmentRow]
    rules: list[RuleRow]
    no_data: list[NoDataRow]
    sources: list[SourceRow]
    origin: str = "embedded"
    _alias: dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for t in self.treatment_rows:
            for name in (t.slug, t.name, *t.aliases):
                key = _norm(name)
                other = self._alias.get(key)
                if other is not None and other != t.slug:
                    msg = f"treatments.csv line {t.line}: alias {name!r} already names {other!r}"
                    raise DataFileError(msg)
                self._alias[key] = t.slug

    # -- treatments and countries -------------------------------------------------
    @cached_property
    def _treatments(self) -> dict[str, Treatment]:
        children: dict[str, list[str]] = defaultdict(list)
        for t in self.treatment_rows:
            for p in t.parents:
                children[p].append(t.slug)
        return {
            t.slug: Treatment(
                t.slug, t.name, t.category, t.aliases, t.parents, tuple(children[t.slug])
            )
            for t in self.treatment_rows
        }

    def treatments(
        self, *, country: str | None = None, category: str | None = None
    ) -> list[Treatment]:
        """Every treatment (optionally: priced in ``country``, of ``category``)."""
        out = list(self._treatments.values())
        if country is not None:
            code = self.country(country)
            priced = {r.treatment for r in self.prices if r.country == code}
            out = [t for t in out if t.slug in priced]
        if category is not None:
            cats = sorted({t.category for t in self._treatments.values()})
            if category not in cats:
                msg = f"unknown category {category!r}; categories: {', '.join(cats)}"
                raise CatalogError(msg)
            out = [t for t in out if t.category == category]
        return out

    def treatment(self, name: str) -> Treatment:
        """A treatment by slug, display name or alias ('co2', 'salmon dna', 'Pico')."""
        slug = self._alias.get(_norm(str(name)))
        if slug is None:
            keys = list(self._alias)
            close = difflib.get_close_matches(_norm(str(name)), keys, n=6, cutoff=0.6)
            # also offer names that contain what was typed ('laser' -> the lasers)
            typed = _norm(str(name))
            if len(typed) >= 3:
                close += [k for k in keys if typed in k and k not in close]
            suggestions = list(dict.fromkeys(self._alias[k] for k in close))[:5]
            hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
            msg = f"unknown treatment {name!r}{hint} (see `python -m tripcost treatments`)"
            raise UnknownTreatment(msg)
        return self._treatments[slug]

    def ancestors(self, slug: str) -> list[str]:
        """Parents, then grandparents, … (breadth first, each once)."""
        out: list[str] = []
        frontier = list(self._treatments[slug].parents)
        while frontier:
            nxt: list[str] = []
            for p in frontier:
                if p not in out and p != slug:
                    out.append(p)
                    nxt.extend(self._treatments[p].parents)
            frontier = nxt
        return out

    def countries(self) -> list[str]:
        """ISO codes of every country with a price or a living cost."""
        return sorted({r.country for r in self.prices} | {r.country for r in self.living_rows})

    def country(self, name: str) -> str:
        """An ISO 3166 code from a code or an English name ('kr', 'South Korea', 'UK')."""
        text = str(name).strip()
        code = text.upper()
        if code == "UK":
            code = "GB"
        if code in self.countries():
            return code
        names = _country_names()
        by_name = _by_name()
        if _norm(text) in by_name and by_name[_norm(text)] in self.countries():
            return by_name[_norm(text)]
        known = self.countries()
        if _norm(text) in by_name:
            code = by_name[_norm(text)]
        words = {w: c for c in known for w in _norm(names.get(c, c)).split()}
        words.update({_norm(names.get(c, c)): c for c in known})
        close = difflib.get_close_matches(_norm(text), list(words), 3, cutoff=0.7)
        close_codes = list(dict.fromkeys(words[c] for c in close))
        close_codes += [
            c for c in difflib.get_close_matches(code, known, 3) if c not in close_codes
        ]
        hint = f"; did you mean {', '.join(close_codes)}?" if close_codes else ""
        try:
            check_country(code)
        except ValueError:
            msg = f"unknown country {name!r}{hint} (countries with data: {', '.join(known)})"
            raise UnknownCountry(msg) from None
        label = f"{code} ({names[code]})" if code in names else repr(code)
        msg = f"no data for country {label}{hint} (countries with data: {', '.join(known)})"
        raise UnknownCountry(msg)

    # -- prices ------------------------------------------------------------------
    def quotes(
        self,
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

        ``unit=None`` asks for a per-session price: per-session rows and per-syringe
        rows times ``units`` syringes a session (for a fee: per visit).
        ``unit="treatment"`` asks for full-treatment prices. With ``currency`` each
        quote is converted (the rate is kept on the quote).
        """
        t = self.treatment(treatment)
        code = self.country(country)
        rows = [r for r in self.prices if r.treatment == t.slug and r.country == code]
        if unit is None and t.category == "fee":
            unit = "visit"  # a fee is paid per visit, not per session
        wanted = PER_SESSION_UNITS if unit in (None, "session") else (unit,)
        chosen = [r for r in rows if r.unit in wanted]
        if not chosen:
            raise NoPriceError(self._why_no_price(t, code, rows, wanted))
        out: list[Quote] = []
        for r in chosen:
            rng = self._row_range(r)
            if r.unit == "syringe" and unit in (None, "session"):
                rng = rng.scale(units)
            rate = None
            if currency is not None and currency != rng.currency:
                rate = (rates or default_rates()).rate(rng.currency, currency, on)
                rng = rng.convert(rate)
            out.append(
                Quote(
                    code,
                    t.slug,
                    r.wording,
                    r.unit,
                    rng,
                    r.statistic,
                    r.note,
                    rng.sources[0],
                    r.line,
                    rate,
                )
            )
        return out

    @overload
    def price(
        self,
        treatment: str,
        country: str,
        *,
        policy: Literal["envelope"] = ...,
        unit: str | None = ...,
        units: Decimal | int = ...,
        currency: str | None = ...,
        rates: RateSource | None = ...,
        on: dt.date | None = ...,
    ) -> Range: ...

    @overload
    def price(
        self,
        treatment: str,
        country: str,
        *,
        policy: Literal["each"],
        unit: str | None = ...,
        units: Decimal | int = ...,
        currency: str | None = ...,
        rates: RateSource | None = ...,
        on: dt.date | None = ...,
    ) -> list[Range]: ...

    def price(
        self,
        treatment: str,
        country: str,
        *,
        policy: Policy = "envelope",
        unit: str | None = None,
        units: Decimal | int = 1,
        currency: str | None = None,
        rates: RateSource | None = None,
        on: dt.date | None = None,
    ) -> Range | list[Range]:
        """The price of a treatment in a country under ``policy``.

        ``"envelope"`` (the default) gives one `Range`: lowest low to highest high of
        every matching row (converted to ``currency``, or to USD where the rows'
        currencies differ), listing every source. ``"each"`` gives every row as its
        own `Range`, one per statement (as `prices_each`).
        """
        if policy == "each":
            return self.prices_each(treatment, country, unit=unit, units=units,
                                    currency=currency, rates=rates, on=on)  # fmt: skip
        if policy != "envelope":
            raise CatalogError(f"unknown policy {policy!r}; use 'envelope' or 'each'")
        qs = self.quotes(treatment, country, unit=unit, units=units)
        target = currency or _common_currency(q.range for q in qs)
        return Range.envelope(_to(q.range, target, rates, on) for q in qs)

    def prices_each(
        self,
        treatment: str,
        country: str,
        *,
        unit: str | None = None,
        units: Decimal | int = 1,
        currency: str | None = None,
        rates: RateSource | None = None,
        on: dt.date | None = None,
    ) -> list[Range]:
        """Every matching price row as its own `Range` (the ``"each"`` policy)."""
        qs = self.quotes(treatment, country, unit=unit, units=units, currency=currency,
                         rates=rates, on=on)  # fmt: skip
        return [q.range for q in qs]

    def _row_range(self, r: PriceRow | LivingRow) -> Range:
        return Range.of(
            r.low, r.high, r.currency, open_ended=r.open_ended, approximate=r.approximate,
            sources=(Source(r.source, r.source_date, r.quote),),
        )  # fmt: skip

    def _why_no_price(
        self, t: Treatment, code: str, rows: Sequence[PriceRow], wanted: Sequence[str]
    ) -> str:
        basis = "per-session" if "session" in wanted else f"per-{wanted[0]}"
        parts = [f"no {basis} price for {t.slug} in {code}"]
        if rows:
            units = sorted({r.unit for r in rows})
            parts.append(f"the catalog has it per {', '.join(units)} (unit={units[0]!r}, --unit)")
        gaps = [g for g in self.no_data if g.treatment == t.slug and g.country == code]
        for g in gaps:
            parts.append(f"{g.source} marks it '-' (no data) in its column {g.column!r}")
        where = sorted({r.country for r in self.prices if r.treatment == t.slug})
        if where:
            parts.append(f"priced in: {', '.join(where)}")
        else:
            parts.append("no source prices it anywhere")
        related = [
            s for s in (*self.ancestors(t.slug), *t.children)
            if any(r.treatment == s and r.country == code for r in self.prices)
        ]  # fmt: skip
        if related:
            parts.append(f"related treatments priced in {code}: {', '.join(related)}")
        return "; ".join(parts)

    def has_price(self, treatment: str, country: str, unit: str | None = None) -> bool:
        try:
            self.quotes(treatment, country, unit=unit)
        except NoPriceError:
            return False
        return True

    # -- facts -------------------------------------------------------------------
    def fact(self, treatment: str, fact: str) -> Fact | None:
        """Sessions, spacing, downtime or stay for a treatment, or None if no source says.

        A treatment's own rows win; otherwise the rows of every ancestor (a generic
        treatment such as 'atrophic-scar-treatment') are combined as an envelope.
        Spacing, downtime and stay are in days (a week is 7, a month 28 to 31).
        """
        slug = self.treatment(treatment).slug
        own = [r for r in self.facts if r.treatment == slug and r.fact == fact]
        inherited: tuple[str, ...] = ()
        if not own:
            for a in self.ancestors(slug):
                found = [r for r in self.facts if r.treatment == a and r.fact == fact]
                if found:
                    own.extend(found)
                    inherited += (a,)
        if not own:
            return None
        lows, highs = [], []
        for r in own:
            lo_mult, hi_mult = DAYS_PER_UNIT.get(r.unit, (1, 1))
            lows.append(r.low * lo_mult)
            highs.append(r.high * hi_mult)
        return Fact(
            slug,
            fact,
            min(lows),
            max(highs),
            any(r.open_ended for r in own),
            any(r.approximate or r.unit == "month" for r in own),
            tuple(dict.fromkeys(Source(r.source, r.source_date, r.quote) for r in own)),
            inherited,
        )

    # -- living costs --------------------------------------------------------------
    def living_quotes(
        self, country: str, category: str, tier: str
    ) -> list[tuple[LivingRow, Range]]:
        code = self.country(country)
        rows = [
            r for r in self.living_rows
            if r.country == code and r.category == category and r.tier == tier
        ]  # fmt: skip
        if not rows:
            tiers = sorted({r.tier for r in self.living_rows if r.category == category})
            if tier not in tiers:
                msg = f"unknown {category} tier {tier!r}; tiers: {', '.join(tiers)}"
                raise CatalogError(msg)
            msg = f"no {category} cost for tier {tier!r} in {code}"
            raise NoPriceError(msg)
        return [(r, self._row_range(r)) for r in rows]

    @overload
    def living(
        self,
        country: str,
        category: str,
        tier: str,
        *,
        policy: Literal["envelope"] = ...,
        currency: str | None = ...,
        rates: RateSource | None = ...,
        on: dt.date | None = ...,
    ) -> Range: ...

    @overload
    def living(
        self,
        country: str,
        category: str,
        tier: str,
        *,
        policy: Literal["each"],
        currency: str | None = ...,
        rates: RateSource | None = ...,
        on: dt.date | None = ...,
    ) -> list[Range]: ...

    def living(
        self,
        country: str,
        category: str,
        tier: str,
        *,
        policy: Policy = "envelope",
        currency: str | None = None,
        rates: RateSource | None = None,
        on: dt.date | None = None,
    ) -> Range | list[Range]:
        """Cost per night, meal or ride. ``"envelope"``: the seeds' figure where a seed
        gives one, else the envelope of the public pages' figures (converted to one
        currency). ``"each"``: every row, the public pages' cross-checks included."""
        if policy == "each":
            return [
                _to(rng, currency, rates, on) if currency else rng
                for rng in self.living_each(country, category, tier)
            ]
        if policy != "envelope":
            raise CatalogError(f"unknown policy {policy!r}; use 'envelope' or 'each'")
        pairs = self.living_quotes(country, category, tier)
        seeded = [(r, rng) for r, rng in pairs if self._is_seed(r.source)]
        use = seeded or pairs
        target = currency or _common_currency(rng for _, rng in use)
        return Range.envelope(_to(rng, target, rates, on) for _, rng in use)

    def living_each(self, country: str, category: str, tier: str) -> list[Range]:
        return [rng for _, rng in self.living_quotes(country, category, tier)]

    # -- rules ---------------------------------------------------------------------
    def rule(self, name: str, country: str) -> list[RuleRow]:
        code = check_country(str(country).upper())
        return [r for r in self.rules if r.rule == name and r.country == code]

    # -- sources ---------------------------------------------------------------------
    def _is_seed(self, ref: str) -> bool:
        return any(s.source == ref and s.kind == "seed" for s in self.sources)

    def source_counts(self) -> list[tuple[str, str, int]]:
        """(source, date, number of rows citing it) for every source, most rows first."""
        counts: dict[tuple[str, str], int] = defaultdict(int)
        for table in (self.prices, self.living_rows, self.facts, self.rules):
            for r in table:
                counts[(r.source, r.source_date)] += 1
        return sorted(((s, d, n) for (s, d), n in counts.items()), key=lambda x: (-x[2], x[0]))

    # -- frames ----------------------------------------------------------------------
    def frame(self, table: str = "prices") -> pd.DataFrame:
        """A tidy pandas DataFrame of one table ('prices', 'living', 'facts', …).

        Amounts are exact `Decimal` objects in ``low``/``high`` and float copies in
        ``low_f``/``high_f`` for plotting and bulk work.
        """
        import pandas as pd

        if table == "treatments":
            return pd.DataFrame(
                [
                    {"slug": t.slug, "name": t.name, "category": t.category,
                     "aliases": "|".join(t.aliases), "parents": "|".join(t.parents),
                     "children": "|".join(t.children)}
                    for t in self._treatments.values()
                ]
            )  # fmt: skip
        if table not in _ATTR:
            raise CatalogError(f"unknown table {table!r}; tables: {', '.join(_ATTR)}")
        rows: list[CsvRow] = list(getattr(self, _ATTR[table]))
        records = [r.model_dump() for r in rows]
        df = pd.DataFrame.from_records(records)
        if table in ("prices", "living"):
            df["low_f"] = df["low"].astype(float)
            df["high_f"] = df["high"].astype(float)
        return df


_ATTR = {
    "prices": "prices", "living": "living_rows", "facts": "facts",
    "treatments": "treatment_rows", "rules": "rules", "no_data": "no_data", "sources": "sources",
}  # fmt: skip


def _common_currency(ranges: Iterable[Range]) -> str:
    codes = {r.currency for r in ranges}
    return codes.pop() if len(codes) == 1 else "USD"


def _to(rng: Range, currency: str, rates: RateSource | None, on: dt.date | None) -> Range:
    if rng.currency == currency:
        return rng
    return rng.convert((rates or default_rates()).rate(rng.currency, currency, on))


_NAMES: dict[str, str] | None = None


def _country_names() -> dict[str, str]:
    global _NAMES
    if _NAMES is None:
        from babel import Locale

        _NAMES = {k: v for k, v in Locale("en").territories.items() if len(k) == 2}
        _NAMES.update({"KR": "South Korea", "US": "United States", "GB": "United Kingdom"})
    return _NAMES


#: Names people type that babel's CLDR names do not cover.
SYNONYMS = {
    "korea": "KR", "republic of korea": "KR", "usa": "US", "america": "US",
    "united states of america": "US", "uk": "GB", "britain": "GB", "great britain": "GB",
    "england": "GB", "turkey": "TR", "turkiye": "TR",
}  # fmt: skip


def _by_name() -> dict[str, str]:
    names = {_norm(v): k for k, v in _country_names().items()}
    names.update(SYNONYMS)
    return names
