"""The same question across countries: per session, per course, per trip, against home.

Every figure goes through the same rules as `estimate`: a course is the per-session
price × the sessions (a treatment line), a trip is the estimate of a one-trip plan (its
stays, living costs, extras and a consultation a stay, as a plan's trip has by default),
and a plan in another country is the plan resolved there. Each row carries what it
leaves out (``not_included``, `tripcost.rules.left_out`) and the trip's flags.

Savings against home keep one basis a table (the trip, the course or one unit's
price) and compare the treatments priced on both sides: `tripcost.savings`.

>>> from tripcost import FixedRates
>>> fixed = FixedRates({"USD/KRW": "1450"})
>>> rows = compare_treatments(["fractional-co2"], countries=["KR"], rates=fixed)
>>> rows[0].per_session
Range(Money('300', 'USD'), Money('700', 'USD'))
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from tripcost import given
from tripcost.comparison import CompareRow, CountrySummary, summarize
from tripcost.counts import Count, parse_count
from tripcost.errors import NoPriceError, PlanError
from tripcost.fx import Rate, RateSource, RecordingRates
from tripcost.money import exact
from tripcost.quotes import ClinicQuote, place_quotes, quote_in
from tripcost.ranges import YOUR_QUOTE, Range
from tripcost.resolve.catalog import Catalog
from tripcost.resolve.prices import CellPrice, cell_price, only_averages
from tripcost.savings import Asked, Home, apply_savings, saving, trip_notes
from tripcost.vocab import FlagKind, PriceUnit, Statistic, unverified_note

if TYPE_CHECKING:
    from tripcost.answer import Estimate
    from tripcost.plan import Extra

__all__ = ["CompareRow", "CountrySummary", "compare_treatments", "saving", "summarize"]


def compare_treatments(
    treatments: Sequence[str],
    *,
    countries: Sequence[str] | None = None,
    currency: str = "USD",
    sessions: Count | int | str | tuple[int, int] | None = None,
    nights: int | None = None,
    living: Mapping[str, str | int] | None = None,
    extras: Sequence[Extra] = (),
    home: str | None = None,
    each: bool = False,
    unit: str | None = None,
    quotes: Sequence[ClinicQuote | str] = (),
    rates: RateSource | None = None,
    catalog: Catalog | None = None,
    consultation: bool = True,
) -> list[CompareRow]:
    """Rows for ``python -m tripcost compare``: per session, × sessions, whole trip, saving.

    ``countries=None`` means every country with data. Countries without a price for a
    treatment are rows with ``missing`` set, never dropped (a cell that states only an
    average keeps it in ``average``). ``each`` gives one row per source statement instead of
    the policy's range, averages included. ``unit`` chooses the basis (default per session;
    ``"treatment"`` compares full-treatment prices, which cannot be multiplied by sessions
    or priced as a trip). ``nights`` prices a trip in each country as a plan's trip is
    priced (a consultation a stay included, unless ``consultation`` is False); ``extras`` (a
    flight) are paid once a stay. ``home`` adds the saving on one basis for the whole table
    (`tripcost.savings`): the trip with ``nights``, else the course with ``sessions``, else
    one unit's price; a treatment home (or a country) has no price for is left out of that
    country's saving and named in ``saving_without``. ``quotes`` (`ClinicQuote`s, or their
    text like ``"KR:rejuran=450000:KRW"``) replace the catalog's range of their treatment in
    their country (home included), on the comparison's basis; a quote that names no country
    is for the only country compared.
    Sorted by low.
    """
    sessions = None if sessions is None else parse_count(sessions)  # 3, "3-6", (3, 6)
    units = [u.value for u in PriceUnit]
    if unit is not None and unit not in units:
        raise PlanError(f"unit {unit!r} is not one of {', '.join(units)}")
    if unit not in (None, "session") and (sessions is not None or nights is not None):
        given_ = [w for w, v in (("sessions", sessions), ("nights", nights)) if v is not None]
        msg = (
            f"unit {unit!r} with {' and '.join(given_)}: sessions and trips are priced per "
            f"session; a per-{unit} price can only be compared on its own (drop "
            f"{' and '.join('--' + w for w in given_)}, or compare per session)"
        )
        raise PlanError(msg)
    if isinstance(treatments, str) or not isinstance(treatments, Sequence):
        raise PlanError(f"compare_treatments takes a list of treatments, not {treatments!r}")
    cat = given.catalog(catalog)
    src = given.rates(rates)
    asked = given.names(countries, "countries")
    slugs = tuple(cat.treatment(t).slug for t in treatments)
    codes = [given.country(cat, c, "countries") for c in asked] if asked else cat.countries()
    home_code = given.country(cat, home, "home") if home else None
    given.mapping(living, "living")
    given.items(extras, "extras")
    quoted = place_quotes(quotes, cat, slugs, codes, home_code, unit)
    if not isinstance(consultation, bool):
        raise PlanError(f"consultation {consultation!r} is not True or False")
    a = Asked(cat, slugs, currency, src, quoted, unit, sessions, nights, dict(living or {}),
              tuple(extras or ()), consultation)  # fmt: skip
    rows: list[CompareRow] = []
    with exact():
        at_home = Home.of(a, home_code) if home_code else None
        for code in codes:
            trip, trip_missing = _trip(a, code)
            here = [r for slug in slugs for r in _rows(a, code, slug, each, trip, trip_missing)]
            if at_home is not None:
                for r in here:
                    r.saving_basis = a.basis
                if code != at_home.code:
                    apply_savings(here, at_home, a, trip)
            rows.extend(here)
    rows.sort(key=lambda r: r.sort_key)
    return rows


def _trip(a: Asked, code: str) -> tuple[Estimate | None, str]:
    """The trip of every treatment in ``code`` (None without nights or where a treatment
    has no price), and what it misses."""
    if a.nights is None:
        return None, ""
    try:
        est = a.trip(code, a.slugs)
    except NoPriceError as exc:
        return None, f"no trip: {exc}"
    return est, "; ".join(f.message for f in est.flags if f.kind is FlagKind.MISSING)


class _Statement(NamedTuple):
    """One figure a row shows: the policy's range, a source's statement, or your quote."""

    range: Range | None
    source: str
    statistic: str
    rates: tuple[Rate, ...]
    authority: str | None = None
    currency_stated: bool = True


def _statements(
    a: Asked, code: str, slug: str, each: bool, cell: CellPrice, rec: RecordingRates,
    quote: ClinicQuote | None,
) -> list[_Statement]:  # fmt: skip
    if quote is not None:
        return [_Statement(cell.range, YOUR_QUOTE, "range", tuple(rec.used.values()))]
    if not each:
        return [_Statement(cell.range, "", "range", tuple(rec.used.values()))]
    quotes = a.cat.quotes(slug, code, unit=a.unit, currency=a.currency, rates=a.src)
    return [
        _Statement(q.range, f"{q.source.ref}:{q.line}", q.statistic,
                   (q.rate,) if q.rate else (), q.authority, q.currency_stated)
        for q in quotes
    ]  # fmt: skip


def _rows(
    a: Asked, code: str, slug: str, each: bool, trip_est: Estimate | None, trip_missing: str
) -> list[CompareRow]:
    """The rows of one country and treatment: the policy's range (or only its average),
    or each statement (your quote, where you give one)."""
    rec = RecordingRates(a.src)
    quote = a.quoted.get((code, slug))
    unit = a.unit or "session"
    try:
        cell = (
            cell_price(a.cat, slug, code, unit=a.unit, currency=a.currency, rates=rec)
            if quote is None
            else CellPrice(quote_in(quote, a.currency, rec), None, quote.unit, (), (), ())
        )  # fmt: skip
    except NoPriceError as exc:
        return [CompareRow(code, slug, a.currency, missing=str(exc), unit=unit,
                           not_included=a.not_included)]  # fmt: skip
    trip = trip_est.total if trip_est is not None else None
    stays = trip_est.trips[0].trips if trip_est is not None else None
    flags = trip_notes(trip_est, cell.notes) if trip_est is not None else ()
    out = []
    for st in _statements(a, code, slug, each, cell, rec, quote):
        average = st.statistic == Statistic.AVERAGE
        per = None if average else st.range
        total = per.scale(a.count) if a.count and per is not None else None
        why = only_averages(cell) if per is None and not each else ""
        row = CompareRow(
            code, slug, a.currency, per, total, trip, None,
            "; ".join(m for m in (why, trip_missing) if m), st.source, trip_est, cell.basis,
            st.range if average else (None if each else cell.average), stays,
            notes=cell.notes, statistic=st.statistic, trip_notes=flags,
            not_included=trip_est.not_included if trip_est is not None else a.not_included,
            authority=st.authority,
            currency_stated=st.currency_stated,
        )  # fmt: skip
        trip_rates = trip_est.rates if trip_est is not None else ()
        row.rates = tuple(dict.fromkeys((*st.rates, *trip_rates)))
        refs = [s.ref for r in (row.per_session, row.average, trip) if r for s in r.sources]
        row.unverified = tuple(sorted({ref for ref in refs if ref in a.cat.unverified}))
        unchecked = [(FlagKind.UNVERIFIED, unverified_note(ref)) for ref in row.unverified]
        row.notes = (*row.notes, *(n for n in unchecked if n not in row.notes))
        out.append(row)
    return out
