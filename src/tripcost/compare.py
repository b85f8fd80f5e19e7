"""The same question across countries: per session, per course, per trip, against home.

Savings are honest intervals: the least you could save is home's low minus the
abroad high; the most is home's high minus the abroad low (either may be
negative). "Home" is the treatments alone, at home prices: no trip.

Every figure goes through the same rules as `estimate`: a course is the per-session
price × the sessions (a treatment line), a trip is the estimate of a one-trip plan,
and a plan in another country is the plan resolved there.

>>> from tripcost import FixedRates
>>> fixed = FixedRates({"USD/KRW": "1450"})
>>> rows = compare_treatments(["fractional-co2"], countries=["KR"], rates=fixed)
>>> rows[0].per_session
Range(Money('300', 'USD'), Money('700', 'USD'))
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from tripcost import given
from tripcost.counts import Count, parse_count
from tripcost.errors import NoPriceError, PlanError
from tripcost.fx import Rate, RateSource, RecordingRates
from tripcost.money import Money, exact
from tripcost.quotes import ClinicQuote, Placed, place_quotes, quote_in
from tripcost.ranges import YOUR_QUOTE, Range
from tripcost.resolve.catalog import Catalog
from tripcost.resolve.prices import CellPrice, cell_price
from tripcost.vocab import FlagKind

if TYPE_CHECKING:
    from tripcost.answer import Estimate
    from tripcost.plan import Extra, Plan

__all__ = ["CompareRow", "CountrySummary", "compare_treatments", "saving", "summarize"]


def saving(home: Range, abroad: Range) -> tuple[Money, Money]:
    """(least, most) saved by going abroad: home.low - abroad.high, home.high - abroad.low."""
    return (home.low - abroad.high, home.high - abroad.low)


@dataclass
class CompareRow:
    """One country (and treatment; and source with ``each``) of a comparison.

    ``per_session`` is the price on the comparison's basis (``unit``), ``average`` an
    average a source states beside it (never a bound), ``total`` the course (× the
    sessions), ``trip`` the whole trip with its ``stays``, ``saving`` against home
    (None where home or here has no price: ``home_missing`` says why), ``notes`` what
    the reader must know about the figures used.
    """

    country: str
    treatment: str
    currency: str
    per_session: Range | None = None
    total: Range | None = None
    trip: Range | None = None
    saving: tuple[Money, Money] | None = None
    missing: str = ""
    source: str = ""
    trip_estimate: Estimate | None = field(default=None, repr=False)
    unit: str = "session"
    average: Range | None = None
    stays: tuple[int, int] | None = None
    home_missing: str = ""
    notes: tuple[tuple[FlagKind, str], ...] = ()
    statistic: str = "range"  # with ``each``: what this statement states
    #: the rates that converted this row's figures (its price, trip, and home's for the
    #: saving) into ``currency``; none where every figure is stated in it
    rates: tuple[Rate, ...] = ()

    @property
    def sort_key(self) -> tuple[int, Decimal]:
        basis = self.trip or self.total or self.per_session
        return (0, basis.low.amount) if basis is not None else (1, Decimal(0))

    def __str__(self) -> str:
        """'KR fractional-co2: $300.00–$700.00 per session', amounts rounded for display."""
        from tripcost.views.compare import row_text

        return row_text(self)


def _trip_plan(
    country: str, slugs: Sequence[str], sessions: Count | None, nights: int,
    living: Mapping[str, str | int], extras: Sequence[Extra] = (), quoted: Placed | None = None,
) -> Plan:  # fmt: skip
    from tripcost.plan import Plan, TreatmentLine, Trip  # a trip needs the plan model

    def line(slug: str) -> TreatmentLine:
        q = (quoted or {}).get((country, slug))
        if q is None:
            return TreatmentLine(treatment=slug, sessions=sessions)
        return TreatmentLine(treatment=slug, sessions=sessions, quote=q.price, quote_unit=q.unit)

    trip = Trip(
        country=country, nights=nights, consultation=False, split=True,
        treatments=[line(t) for t in slugs],
        extras=list(extras), **{k: v for k, v in living.items() if k != "party"},
    )  # fmt: skip
    return Plan(trips=[trip], party=living.get("party", 1))


@dataclass(frozen=True)
class _Home:
    """Home's prices per treatment (or why there is none) and the treatments at home."""

    per: dict[str, Range]
    total: dict[str, Range]
    missing: dict[str, str]
    trip: Range | None
    rates: dict[str, tuple[Rate, ...]] = field(default_factory=dict)  # per treatment
    trip_rates: tuple[Rate, ...] = ()


def _home(
    cat: Catalog, code: str, slugs: Sequence[str], unit: str | None, count: tuple[int, int] | None,
    sessions: Count | None, nights: int | None, currency: str, src: RateSource, quoted: Placed,
) -> _Home:  # fmt: skip
    per: dict[str, Range] = {}
    total: dict[str, Range] = {}
    missing: dict[str, str] = {}
    rates: dict[str, tuple[Rate, ...]] = {}
    for slug in slugs:
        rec = RecordingRates(src)
        try:
            q = quoted.get((code, slug))
            per[slug] = (
                quote_in(q, currency, rec) if q is not None
                else cat.price(slug, code, unit=unit, currency=currency, rates=rec)
            )  # fmt: skip
        except NoPriceError as exc:
            missing[slug] = f"home {code}: {exc}"
            continue
        rates[slug] = tuple(rec.used.values())
        if count:
            total[slug] = per[slug].scale(count)
    trip: Range | None = None
    trip_rates: tuple[Rate, ...] = ()
    if nights is not None and not missing:
        at_home = _trip_plan(code, slugs, sessions, 0, {}, quoted=quoted)
        from tripcost.estimates import estimate

        home_est = estimate(at_home, currency=currency, rates=src, catalog=cat)
        trip, trip_rates = home_est.total, home_est.rates
    return _Home(per, total, missing, trip, rates, trip_rates)


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
) -> list[CompareRow]:
    """Rows for ``python -m tripcost compare``: per session, × sessions, whole trip, saving.

    ``countries=None`` means every country with data. Countries without a price for a
    treatment are rows with ``missing`` set, never dropped; a treatment home has no price
    for keeps its row, with no saving (``home_missing`` says why). ``each`` gives one row
    per source statement instead of the policy's range. ``unit`` chooses the basis
    (default per session; ``"treatment"`` compares full-treatment prices, which cannot be
    multiplied by sessions or priced as a trip). ``extras`` (a flight) are paid once a
    stay of the trip. ``quotes`` (`ClinicQuote`s, or their text like
    ``"KR:rejuran=450000:KRW"``) replace the catalog's range of their treatment in their
    country (home included), on the comparison's basis; a quote that names no country
    is for the only country compared. Sorted by low.
    """
    sessions = None if sessions is None else parse_count(sessions)  # 3, "3-6", (3, 6)
    if unit not in (None, "session") and (sessions is not None or nights is not None):
        msg = (
            f"sessions and trips are priced per session; a per-{unit} price can only be "
            "compared on its own"
        )
        raise PlanError(msg)
    if isinstance(treatments, str) or not isinstance(treatments, Sequence):
        raise PlanError(f"compare_treatments takes a list of treatments, not {treatments!r}")
    cat = given.catalog(catalog)
    src = given.rates(rates)
    asked = given.names(countries, "countries")
    slugs = [cat.treatment(t).slug for t in treatments]
    codes = [cat.country(c) for c in asked] if asked else cat.countries()
    home_code = cat.country(home) if home else None
    given.mapping(living, "living")
    given.items(extras, "extras")
    living = dict(living or {})
    count = sessions.as_tuple() if sessions is not None else None
    quoted = place_quotes(quotes, cat, slugs, codes, home_code, unit)
    rows: list[CompareRow] = []
    with exact():
        at_home = (
            _home(cat, home_code, slugs, unit, count, sessions, nights, currency, src, quoted)
            if home_code else None
        )  # fmt: skip
        for code in codes:
            trip_est: Estimate | None = None
            trip_missing = ""
            if nights is not None:
                try:
                    from tripcost.estimates import estimate

                    plan = _trip_plan(code, slugs, sessions, nights, living, extras, quoted)
                    trip_est = estimate(plan, currency=currency, rates=src, catalog=cat)
                    gaps = [f.message for f in trip_est.flags if f.kind is FlagKind.MISSING]
                    trip_missing = "; ".join(gaps)
                except NoPriceError:
                    trip_est = None
            for slug in slugs:
                rows.extend(_rows(cat, code, slug, unit, currency, src, each, count, trip_est,
                                  trip_missing, at_home, quoted.get((code, slug))))  # fmt: skip
    rows.sort(key=lambda r: r.sort_key)
    return rows


def _rows(
    cat: Catalog, code: str, slug: str, unit: str | None, currency: str, src: RateSource,
    each: bool, count: tuple[int, int] | None, trip_est: Estimate | None, trip_missing: str,
    at_home: _Home | None, quote: ClinicQuote | None = None,
) -> list[CompareRow]:  # fmt: skip
    """The rows of one country and treatment: the policy's range, or each statement
    (your quote, where you give one)."""
    rec = RecordingRates(src)
    try:
        cell = (
            cell_price(cat, slug, code, unit=unit, currency=currency, rates=rec)
            if quote is None
            else CellPrice(quote_in(quote, currency, rec), None, quote.unit, (), (), ())
        )  # fmt: skip
        if cell.range is None:
            cat.price(slug, code, unit=unit)  # raises, saying only an average is stated
    except NoPriceError as exc:
        return [CompareRow(code, slug, currency, missing=str(exc), unit=unit or "session")]
    assert cell.range is not None
    variants: list[tuple[Range, str, str, tuple[Rate, ...]]]
    if quote is not None:
        variants = [(cell.range, YOUR_QUOTE, "range", tuple(rec.used.values()))]
    elif each:
        quotes = cat.quotes(slug, code, unit=unit, currency=currency, rates=src)
        variants = [
            (q.range, f"{q.source.ref}:{q.line}", q.statistic, (q.rate,) if q.rate else ())
            for q in quotes
        ]
    else:
        variants = [(cell.range, "", "range", tuple(rec.used.values()))]
    trip = trip_est.total if trip_est is not None else None
    stays = trip_est.trips[0].trips if trip_est is not None else None
    out = []
    for per, source, statistic, per_rates in variants:
        average = statistic == "average"  # shown as stated; never a bound of a total
        total = per.scale(count) if count and not average else None
        row = CompareRow(
            code, slug, currency, per, total, trip, None, trip_missing, source, trip_est,
            cell.basis, cell.average, stays, notes=cell.notes, statistic=statistic,
        )  # fmt: skip
        home_rates: tuple[Rate, ...] = ()
        if at_home is not None and not average:
            if slug in at_home.missing:
                row.home_missing = at_home.missing[slug]
            elif trip is not None and at_home.trip is not None:
                row.saving = saving(at_home.trip, trip)
                home_rates = at_home.trip_rates
            elif total is not None and slug in at_home.total:
                row.saving = saving(at_home.total[slug], total)
                home_rates = at_home.rates[slug]
            elif trip is None:
                row.saving = saving(at_home.per[slug], per)
                home_rates = at_home.rates[slug]
        trip_rates = trip_est.rates if trip_est is not None else ()
        row.rates = tuple(dict.fromkeys((*per_rates, *trip_rates, *home_rates)))
        out.append(row)
    return out


@dataclass
class CountrySummary:
    """One country across the compared treatments (the table's row)."""

    country: str
    cells: dict[str, CompareRow]
    per_session: Range | None
    total: Range | None
    trip: Range | None
    saving: tuple[Money, Money] | None
    missing: list[str]
    #: treatments the saving leaves out (no price at home or here)
    saving_without: tuple[str, ...] = ()
    stays: tuple[int, int] | None = None

    @property
    def sort_key(self) -> tuple[int, Decimal]:
        basis = self.trip or self.total or self.per_session
        return (0, basis.low.amount) if basis is not None else (1, Decimal(0))


def _sum_ranges(items: Sequence[Range | None], currency: str) -> Range | None:
    present = [r for r in items if r is not None]
    if len(present) != len(items):
        return None
    return sum(present, Range.zero(currency))


def summarize(rows: Sequence[CompareRow], treatments: Sequence[str]) -> list[CountrySummary]:
    """Group envelope rows by country: sums of per-session prices and of course totals,
    the trip, and the saving.

    Savings add up (they are intervals), so a country's saving is the sum of its
    treatments' savings, or the trip's saving when a trip was priced.
    """
    out: list[CountrySummary] = []
    with exact():
        for code in dict.fromkeys(r.country for r in rows):
            cells = {r.treatment: r for r in rows if r.country == code}
            chosen = [cells.get(t) for t in treatments]
            found = [c for c in chosen if c is not None]
            first = found[0]
            missing = [c.missing for c in found if c.missing]
            per = _sum_ranges([c.per_session if c else None for c in chosen], first.currency)
            total = _sum_ranges([c.total if c else None for c in chosen], first.currency)
            saved: tuple[Money, Money] | None = first.saving if first.trip is not None else None
            without: tuple[str, ...] = ()
            if first.trip is None:
                with_saving = [c for c in found if c.saving is not None]
                without = tuple(
                    t for t in treatments if t not in {c.treatment for c in with_saving}
                )
                if with_saving:
                    zero = Money.zero(first.currency)
                    saved = (sum((c.saving[0] for c in with_saving if c.saving), zero),
                             sum((c.saving[1] for c in with_saving if c.saving), zero))  # fmt: skip
            out.append(CountrySummary(code, cells, per, total, first.trip, saved, missing,
                                      without, first.stays))  # fmt: skip
    out.sort(key=lambda c: c.sort_key)
    return out
