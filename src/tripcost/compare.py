"""The same question across countries: per session, per course, per trip, against home.

Savings are honest intervals: the least you could save is home's low minus the
abroad high; the most is home's high minus the abroad low (either may be
negative). "Home" is the treatments alone, at home prices: no trip.

>>> from tripcost import FixedRates
>>> fixed = FixedRates({"USD/KRW": "1450"})
>>> rows = compare_treatments(["fractional-co2"], countries=["KR"], rates=fixed)
>>> rows[0].per_session
Range(Money('300', 'USD'), Money('700', 'USD'))
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from tripcost.catalog import Catalog, Policy
from tripcost.errors import NoPriceError, PlanError
from tripcost.estimate import Estimate, estimate
from tripcost.fx import RateSource, default_rates
from tripcost.load import load_catalog
from tripcost.money import Money
from tripcost.plan import Count, Plan, TreatmentLine, Trip
from tripcost.ranges import Range

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "BreakEven",
    "CompareRow",
    "CountrySummary",
    "break_even",
    "compare_plan",
    "compare_treatments",
    "saving",
    "summarize",
]

#: break_even tries session counts up to this many.
MAX_BREAK_EVEN_SESSIONS = 30


def saving(home: Range, abroad: Range) -> tuple[Money, Money]:
    """(least, most) saved by going abroad: home.low - abroad.high, home.high - abroad.low."""
    return (home.low - abroad.high, home.high - abroad.low)


@dataclass
class CompareRow:
    """One country (and treatment; and source under policy 'each') of a comparison."""

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

    @property
    def sort_key(self) -> tuple[int, Decimal]:
        basis = self.trip or self.total or self.per_session
        return (0, basis.low.amount) if basis is not None else (1, Decimal(0))


def _living_plan(
    country: str,
    treatments: Sequence[str],
    sessions: Count | None,
    nights: int,
    living: dict[str, Any],
) -> Plan:
    trip = Trip(
        country=country,
        nights=nights,
        consultation=False,
        split=True,
        treatments=[TreatmentLine(treatment=t, sessions=sessions) for t in treatments],
        **{k: v for k, v in living.items() if k != "party"},
    )
    return Plan(trips=[trip], party=living.get("party", 1))


def compare_treatments(
    treatments: Sequence[str],
    *,
    countries: Sequence[str] | None = None,
    currency: str = "USD",
    sessions: Count | None = None,
    nights: int | None = None,
    living: dict[str, Any] | None = None,
    home: str | None = None,
    policy: Policy = "envelope",
    unit: str | None = None,
    rates: RateSource | None = None,
    catalog: Catalog | None = None,
) -> list[CompareRow]:
    """Rows for ``python -m tripcost compare``: per session, × sessions, whole trip, saving.

    ``countries=None`` means every country with data. Countries without a price
    for a treatment are rows with ``missing`` set, never dropped. Sorted by low.
    ``unit`` chooses the price basis (default per session; ``"treatment"`` compares
    full-treatment prices, which cannot be multiplied by sessions or priced as a trip).
    """
    if unit not in (None, "session", "syringe") and (sessions is not None or nights is not None):
        msg = (
            f"sessions and trips are priced per session; a per-{unit} price can only be "
            "compared on its own"
        )
        raise PlanError(msg)
    cat = catalog or load_catalog()
    src = rates or default_rates()
    slugs = [cat.treatment(t).slug for t in treatments]
    codes = [cat.country(c) for c in countries] if countries else cat.countries()
    home_code = cat.country(home) if home else None
    living = dict(living or {})
    rows: list[CompareRow] = []
    home_ranges: dict[str, tuple[Range, Range | None]] = {}
    home_trip: Range | None = None
    if home_code is not None:
        for slug in slugs:
            try:
                per = cat.price(slug, home_code, unit=unit, currency=currency, rates=src)
            except NoPriceError as exc:
                raise NoPriceError(f"--home {home_code}: {exc}") from None
            total = per.scale(sessions.as_tuple()) if sessions else None
            home_ranges[slug] = (per, total)
        if nights is not None:
            lines = [TreatmentLine(treatment=s, sessions=sessions) for s in slugs]
            at_home = Plan(
                trips=[
                    Trip(
                        country=home_code,
                        nights=0,
                        consultation=False,
                        split=True,
                        treatments=lines,
                    )
                ]
            )
            home_trip = estimate(at_home, currency=currency, rates=src, catalog=cat).total
    for code in codes:
        trip: Range | None = None
        trip_est: Estimate | None = None
        trip_missing = ""
        if nights is not None:
            try:
                trip_est = estimate(
                    _living_plan(code, slugs, sessions, nights, living),
                    currency=currency, rates=src, catalog=cat,
                )  # fmt: skip
                trip = trip_est.total
                gaps = [f.message for f in trip_est.flags if f.kind == "missing"]
                trip_missing = "; ".join(gaps)
            except NoPriceError:
                trip = None
        for slug in slugs:
            try:
                if policy == "each":
                    quotes = cat.quotes(slug, code, unit=unit, currency=currency, rates=src)
                    variants = [(q.range, f"{q.source.ref}:{q.line}") for q in quotes]
                else:
                    per = cat.price(slug, code, unit=unit, currency=currency, rates=src)
                    variants = [(per, "")]
            except NoPriceError as exc:
                rows.append(CompareRow(code, slug, currency, missing=str(exc)))
                continue
            for per, source in variants:
                total = per.scale(sessions.as_tuple()) if sessions else None
                row = CompareRow(code, slug, currency, per, total, trip, None, trip_missing,
                                 source, trip_est)  # fmt: skip
                if home_code is not None:
                    h_per, h_total = home_ranges[slug]
                    if trip is not None and home_trip is not None:
                        row.saving = saving(home_trip, trip)
                    elif total is not None and h_total is not None:
                        row.saving = saving(h_total, total)
                    else:
                        row.saving = saving(h_per, per)
                rows.append(row)
    rows.sort(key=lambda r: r.sort_key)
    return rows


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
    for code in dict.fromkeys(r.country for r in rows):
        cells = {r.treatment: r for r in rows if r.country == code}
        chosen = [cells.get(t) for t in treatments]
        found = [c for c in chosen if c is not None]
        first = found[0]
        missing = [c.missing for c in found if c.missing]
        per = _sum_ranges([c.per_session if c else None for c in chosen], first.currency)
        total = _sum_ranges([c.total if c else None for c in chosen], first.currency)
        saved: tuple[Money, Money] | None = first.saving if first.trip is not None else None
        savings = [c.saving for c in found if c.saving is not None]
        if first.trip is None and per is not None and len(savings) == len(treatments):
            zero = Money.zero(first.currency)
            saved = (sum((x[0] for x in savings), zero), sum((x[1] for x in savings), zero))
        out.append(CountrySummary(code, cells, per, total, first.trip, saved, missing))
    out.sort(key=lambda c: c.sort_key)
    return out


def _moved(plan: Plan, country: str) -> Plan:
    data = plan.model_dump()
    for t in data["trips"]:
        t["country"] = country
    return Plan.model_validate(data)


def _at_home(plan: Plan, home: str, sessions: Count | None = None) -> Plan:
    """The plan's treatments at home: no nights, no consultation, no extras, no refund.

    ``split`` is set so that no trip schedule applies: at home there is no trip.
    """
    lines = [
        TreatmentLine(treatment=tl.treatment, sessions=sessions or tl.sessions, units=tl.units)
        for trip in plan.trips
        for tl in trip.treatments
    ]
    return Plan(
        currency=plan.currency,
        party=plan.party,
        trips=[Trip(country=home, nights=0, consultation=False, split=True, treatments=lines)],
    )


def compare_plan(
    plan: Plan,
    countries: Sequence[str] | None = None,
    home: str | None = "US",
    *,
    currency: str | None = None,
    rates: RateSource | None = None,
    catalog: Catalog | None = None,
) -> pd.DataFrame:
    """The same plan in each country: total low/high, saving against ``home``, gaps.

    Returns a DataFrame with one row per country: ``country``, ``total_low``,
    ``total_high``, ``currency``, ``open_ended``, ``approximate``, ``saving_low``,
    ``saving_high`` and ``missing`` (empty when every price was found).
    """
    import pandas as pd

    cat = catalog or load_catalog()
    cur = currency or plan.currency
    codes = [cat.country(c) for c in countries] if countries else cat.countries()
    home_total: Range | None = None
    home_missing = ""
    if home is not None:
        try:
            home_total = estimate(_at_home(plan, cat.country(home)), cur, rates, cat).total
        except NoPriceError as exc:
            home_missing = f"home {home}: {exc}"
    records = []
    for code in codes:
        rec: dict[str, Any] = {"country": code, "currency": cur, "total_low": None,
                               "total_high": None, "open_ended": False, "approximate": False,
                               "saving_low": None, "saving_high": None, "missing": ""}  # fmt: skip
        try:
            est = estimate(_moved(plan, code), cur, rates, cat)
        except (NoPriceError, PlanError) as exc:
            rec["missing"] = str(exc)
            records.append(rec)
            continue
        t = est.total
        rec.update(total_low=t.low.amount, total_high=t.high.amount,
                   open_ended=t.open_ended, approximate=t.approximate)  # fmt: skip
        gaps = [f.message for f in est.flags if f.kind == "missing"]
        rec["missing"] = "; ".join(gaps)
        if home_total is not None:
            lo, hi = saving(home_total, t)
            rec.update(saving_low=lo.amount, saving_high=hi.amount)
        elif home_missing:
            rec["missing"] = "; ".join(x for x in (rec["missing"], home_missing) if x)
        records.append(rec)
    df = pd.DataFrame.from_records(records)
    order = df["total_low"].map(lambda v: (v is None, v if v is not None else Decimal(0)))
    return df.loc[order.sort_values().index].reset_index(drop=True)


@dataclass(frozen=True)
class BreakEven:
    """Fewest sessions at which the trip costs less than staying home (None: never)."""

    low: int | None
    high: int | None
    home: str
    country: str
    tried_up_to: int

    def __str__(self) -> str:
        def one(v: int | None) -> str:
            return str(v) if v is not None else f"not within {self.tried_up_to}"

        lo, hi = one(self.low), one(self.high)
        return f"break-even in {self.country} vs {self.home}: low {lo}, high {hi} sessions"


def break_even(
    plan: Plan,
    home: str = "US",
    *,
    currency: str | None = None,
    rates: RateSource | None = None,
    catalog: Catalog | None = None,
    max_sessions: int = MAX_BREAK_EVEN_SESSIONS,
) -> BreakEven:
    """The fewest sessions (every treatment line set to n) at which the trip costs less
    than the same sessions at home: in the low case and in the high case.

    Sessions that do not fit the trip's nights are spread over several trips.
    """
    cat = catalog or load_catalog()
    cur = currency or plan.currency
    home_code = cat.country(home)
    country = cat.country(plan.trips[0].country)
    found: dict[str, int | None] = {"low": None, "high": None}
    for n in range(1, max_sessions + 1):
        count = Count(low=n, high=n)
        data = plan.model_dump()
        for t in data["trips"]:
            t["split"] = True
            for tl in t["treatments"]:
                tl["sessions"] = n
        abroad = estimate(Plan.model_validate(data), cur, rates, cat).total
        there = estimate(_at_home(plan, home_code, count), cur, rates, cat).total
        if found["low"] is None and abroad.low < there.low:
            found["low"] = n
        if found["high"] is None and abroad.high < there.high:
            found["high"] = n
        if found["low"] is not None and found["high"] is not None:
            break
    return BreakEven(found["low"], found["high"], home_code, country, max_sessions)
