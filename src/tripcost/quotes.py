"""Your own quotes: the price a clinic quoted you, in place of the catalog's range.

In a plan a quote sits on a treatment line (``quote = "400000-500000 KRW"``, per
``quote_unit``; see `tripcost.resolve.clinics` for how it is priced). Outside a plan
(`compare_treatments`, the command line's ``--quote``) it is a `ClinicQuote`: a
treatment, a price, what the price is for, and the clinic's country, written
``[COUNTRY:]TREATMENT=AMOUNT[-AMOUNT]:CUR[/UNIT]``.

>>> q = ClinicQuote.parse("KR:rejuran=400000-500000:KRW")
>>> q.country, q.treatment, q.price, q.unit
('KR', 'rejuran', Range(Money('400000', 'KRW'), Money('500000', 'KRW')), 'session')
>>> q.price.sources[0].ref
'your quote'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tripcost.counts import brief
from tripcost.errors import CatalogError, PlanError, TripcostError, UnknownTreatment
from tripcost.fx import RateSource
from tripcost.planmoney import QUOTE_UNITS, quote_price, quote_text
from tripcost.ranges import Range

if TYPE_CHECKING:
    from tripcost.plan import Plan, TreatmentLine
    from tripcost.resolve.catalog import Catalog

__all__ = ["ClinicQuote", "Placed", "place_quotes", "quote_in", "with_quotes"]

FORM = "[COUNTRY:]TREATMENT=AMOUNT[-AMOUNT]:CUR[/UNIT]"


def _checked(price: Range | str) -> Range:
    try:
        return quote_price(price)
    except ValueError as exc:
        raise PlanError(str(exc)) from None


@dataclass(frozen=True, slots=True)
class ClinicQuote:
    """A price a clinic quoted you: ``price`` (a `Range`, checked as a plan's ``quote``
    is; its source becomes "your quote") for a ``treatment``, per ``unit`` ("session",
    "syringe" or "treatment"), at a clinic in ``country`` (None: the only country asked
    about). `parse` reads the command line's form.

    >>> ClinicQuote("rejuran", Range.of(450000, 450000, "KRW"), country="Korea").country
    'KR'
    """

    treatment: str
    price: Range
    unit: str = "session"
    country: str | None = None

    def __post_init__(self) -> None:
        from tripcost.places import country_code

        if not isinstance(self.treatment, str) or not self.treatment.strip():
            raise PlanError(f"a quote's treatment is a slug or alias, not {brief(self.treatment)}")
        if not isinstance(self.price, Range):
            raise PlanError(f"a quote's price is a Range, not {type(self.price).__name__}")
        price = _checked(self.price)
        if not isinstance(self.unit, str) or self.unit not in QUOTE_UNITS:
            units = ", ".join(QUOTE_UNITS[:-1]) + f" or {QUOTE_UNITS[-1]}"
            raise PlanError(f"a quote is per {units}, not {brief(self.unit)}")
        object.__setattr__(self, "treatment", self.treatment.strip())
        object.__setattr__(self, "price", price)
        if self.country is not None:
            object.__setattr__(self, "country", country_code(self.country))

    def __str__(self) -> str:
        """'KR:rejuran=400000-500000:KRW', as ``--quote`` takes it."""
        where = f"{self.country}:" if self.country else ""
        amounts, _, cur = quote_text(self.price).partition(" ")
        per = "" if self.unit == "session" else f"/{self.unit}"
        return f"{where}{self.treatment}={amounts}:{cur}{per}"

    @classmethod
    def parse(cls, text: str, what: str = "quote") -> ClinicQuote:
        """``[COUNTRY:]TREATMENT=AMOUNT[-AMOUNT]:CUR[/UNIT]``: ``rejuran=450000:KRW``,
        ``KR:dermal-filler=300000-400000:KRW/syringe``, ``stem-cell=9000000:KRW/treatment``.
        The currency may be lower case; errors name ``what`` (``--quote``) and the text.
        """
        if not isinstance(text, str):
            raise PlanError(f"{what} {brief(text)} is not text of the form {FORM}")
        head, sep, tail = text.partition("=")
        amounts, colon, rest = tail.partition(":")
        if not sep or not colon or not head.strip() or not amounts.strip():
            msg = f"{what} {brief(text)} is not of the form {FORM}, like KR:rejuran=450000:KRW"
            raise PlanError(msg)
        country, _, treatment = head.rpartition(":")
        cur, _, unit = rest.partition("/")
        try:
            price = _checked(f"{amounts.strip()} {cur.strip().upper()}")
            return cls(treatment, price, unit.strip() or "session", country.strip() or None)
        except TripcostError as exc:
            raise type(exc)(f"{what} {brief(text)}: {exc}") from None


#: Quotes by (country, treatment slug).
Placed = dict[tuple[str, str], "ClinicQuote"]


def place_quotes(
    quotes: Sequence[ClinicQuote | str], cat: Catalog, slugs: Sequence[str],
    codes: Sequence[str], home: str | None, unit: str | None,
) -> Placed:  # fmt: skip
    """Each quote at its (country, treatment slug) for a comparison of ``slugs`` in
    ``codes`` (and ``home``) on the ``unit`` basis; a quote naming no country is for the
    only country compared. Refused (a `PlanError`) where it cannot be compared."""
    if isinstance(quotes, str) or not isinstance(quotes, Sequence):
        raise PlanError(f"quotes is a list of quotes, not {quotes!r}")
    basis = unit or "session"
    out: Placed = {}
    for given in quotes:
        q = ClinicQuote.parse(given) if isinstance(given, str) else given
        if not isinstance(q, ClinicQuote):
            raise PlanError(f"a quote is a ClinicQuote or its text, not {type(q).__name__}")
        if q.country is None and len(codes) != 1:
            msg = (f"quote {str(q)!r}: name the clinic's country (KR:{q.treatment}=…) when "
                   "several countries are compared")  # fmt: skip
            raise PlanError(msg)
        code, slug = _named(q, cat, q.country or codes[0])
        if code not in codes and code != home:
            raise PlanError(f"quote {str(q)!r}: {code} is not among the countries compared")
        if slug not in slugs:
            raise PlanError(f"quote {str(q)!r}: {slug} is not among the treatments compared")
        if q.unit != basis:
            msg = (f"quote {str(q)!r} is per {q.unit}, the comparison per {basis}: compare "
                   f"per {q.unit} (unit={q.unit!r}, --unit {q.unit})")  # fmt: skip
            raise PlanError(msg)
        if (code, slug) in out:
            raise PlanError(f"two quotes for {slug} in {code}: give one (a range, if need be)")
        out[(code, slug)] = q
    return out


def quote_in(q: ClinicQuote, currency: str, rates: RateSource, on: dt.date | None = None) -> Range:
    """The quote in ``currency``, at the rate of ``on`` (default: the latest)."""
    if q.price.currency == currency:
        return q.price
    return q.price.convert(rates.rate(q.price.currency, currency, on))


def _slug(cat: Catalog, name: str) -> str | None:
    try:
        return cat.treatment(name).slug
    except UnknownTreatment:  # the estimate says so, naming the field
        return None


def _with_quote(line: TreatmentLine, q: ClinicQuote) -> TreatmentLine:
    given = {k: getattr(line, k) for k in line.model_fields_set}
    return type(line).model_validate({**given, "quote": q.price, "quote_unit": q.unit})


def _named(
    q: ClinicQuote, cat: Catalog, country: str | None, what: str = "quote"
) -> tuple[str, str]:
    """The quote's country code (``country`` looked up; "" for none) and treatment slug;
    an unknown one is named as the quote's."""
    try:
        return (cat.country(country) if country else ""), cat.treatment(q.treatment).slug
    except CatalogError as exc:
        raise type(exc)(f"{what} {str(q)!r}: {exc}") from None


def with_quotes(plan: Plan, quotes: Sequence[ClinicQuote], cat: Catalog,
                what: str = "quote") -> Plan:  # fmt: skip
    """``plan`` with each quote on the lines of its treatment (in trips to its country,
    where it names one); a quote that matches no line is a `PlanError`."""
    trips = list(plan.trips)
    for q in quotes:
        slug = _named(q, cat, None, what)[1]
        matched = False
        for i, trip in enumerate(trips):
            if q.country is not None and trip.country != q.country:
                continue
            lines = []
            for line in trip.treatments:
                if _slug(cat, line.treatment) == slug:
                    line, matched = _with_quote(line, q), True
                lines.append(line)
            trips[i] = trip.model_copy(update={"treatments": lines})
        if not matched:
            where = f" in a trip to {q.country}" if q.country else ""
            raise PlanError(f"{what} {str(q)!r}: the plan has no {slug} line{where}")
    return plan.model_copy(update={"trips": trips})
