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
from decimal import Decimal, localcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tripcost.errors import NoPriceError, PlanError
from tripcost.estimates import Estimate, compute, estimate
from tripcost.fx import RateSource, RecordingRates, default_rates
from tripcost.money import EXACT, Money, Range
from tripcost.plan import Count, Plan, TreatmentLine, Trip, load_plan
from tripcost.resolve.catalog import Catalog
from tripcost.resolve.load import load_catalog
from tripcost.resolve.plans import resolve_at_home, resolve_plan
from tripcost.vocab import FlagKind

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
    """One country (and treatment; and source with ``each``) of a comparison."""

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

    @property
    def sort_key(self) -> tuple[int, Decimal]:
        basis = self.trip or self.total or self.per_session
        return (0, basis.low.amount) if basis is not None else (1, Decimal(0))


def _as_plan(plan: Plan | Mapping[str, Any] | str | Path) -> Plan:
    if isinstance(plan, Plan):
        return plan
    if isinstance(plan, str | Path):
        return load_plan(plan)
    return Plan.model_validate(plan)


def _trip_plan(country: str, slugs: Sequence[str], sessions: Count | None, nights: int,
               living: Mapping[str, Any]) -> Plan:  # fmt: skip
    trip = Trip(
        country=country, nights=nights, consultation=False, split=True,
        treatments=[TreatmentLine(treatment=t, sessions=sessions) for t in slugs],
        **{k: v for k, v in living.items() if k != "party"},
    )  # fmt: skip
    return Plan(trips=[trip], party=living.get("party", 1))


def compare_treatments(
    treatments: Sequence[str],
    *,
    countries: Sequence[str] | None = None,
    currency: str = "USD",
    sessions: Count | None = None,
    nights: int | None = None,
    living: Mapping[str, Any] | None = None,
    home: str | None = None,
    each: bool = False,
    unit: str | None = None,
    rates: RateSource | None = None,
    catalog: Catalog | None = None,
) -> list[CompareRow]:
    """Rows for ``python -m tripcost compare``: per session, × sessions, whole trip, saving.

    ``countries=None`` means every country with data. Countries without a price for a
    treatment are rows with ``missing`` set, never dropped. ``each`` gives one row per
    source statement instead of the envelope. ``unit`` chooses the price basis (default
    per session; ``"treatment"`` compares full-treatment prices, which cannot be
    multiplied by sessions or priced as a trip). Sorted by low.
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
    count = sessions.as_tuple() if sessions else None
    rows: list[CompareRow] = []
    home_ranges: dict[str, tuple[Range, Range | None]] = {}
    home_trip: Range | None = None
    with localcontext(EXACT):
        if home_code is not None:
            for slug in slugs:
                try:
                    per = cat.price(slug, home_code, unit=unit, currency=currency, rates=src)
                except NoPriceError as exc:
                    raise NoPriceError(f"--home {home_code}: {exc}") from None
                home_ranges[slug] = (per, per.scale(count) if count else None)
            if nights is not None:
                at_home = _trip_plan(home_code, slugs, sessions, 0, {})
                home_trip = estimate(at_home, currency=currency, rates=src, catalog=cat).total
        for code in codes:
            trip: Range | None = None
            trip_est: Estimate | None = None
            trip_missing = ""
            if nights is not None:
                try:
                    trip_est = estimate(_trip_plan(code, slugs, sessions, nights, living),
                                        currency=currency, rates=src, catalog=cat)  # fmt: skip
                    trip = trip_est.total
                    gaps = [f.message for f in trip_est.flags if f.kind is FlagKind.MISSING]
                    trip_missing = "; ".join(gaps)
                except NoPriceError:
                    trip = None
            for slug in slugs:
                try:
                    quotes = cat.quotes(slug, code, unit=unit, currency=currency, rates=src)
                except NoPriceError as exc:
                    rows.append(CompareRow(code, slug, currency, missing=str(exc)))
                    continue
                if each:
                    variants = [(q.range, f"{q.source.ref}:{q.line}") for q in quotes]
                else:
                    variants = [(Range.envelope(q.range for q in quotes), "")]
                for per, source in variants:
                    total = per.scale(count) if count else None
                    row = CompareRow(code, slug, currency, per, total, trip, None, trip_missing,
                                     source, trip_est, unit or "session")  # fmt: skip
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
    with localcontext(EXACT):
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


def compare_plan(
    plan: Plan | Mapping[str, Any] | str | Path,
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

    p = _as_plan(plan)
    cat = catalog or load_catalog()
    cur = currency or p.currency
    src = RecordingRates(rates or default_rates())
    codes = [cat.country(c) for c in countries] if countries else cat.countries()
    home_total: Range | None = None
    home_missing = ""
    records = []
    with localcontext(EXACT):
        if home is not None:
            try:
                home_inp = resolve_at_home(p, cat.country(home), cat, src, cur)
                home_total = compute(home_inp, p).total
            except NoPriceError as exc:
                home_missing = f"home {home}: {exc}"
        for code in codes:
            rec: dict[str, Any] = {
                "country": code, "currency": cur, "total_low": None, "total_high": None,
                "open_ended": False, "approximate": False, "saving_low": None,
                "saving_high": None, "missing": "",
            }  # fmt: skip
            try:
                est = compute(resolve_plan(p, cat, src, cur, country=code), p)
            except (NoPriceError, PlanError) as exc:
                rec["missing"] = str(exc)
                records.append(rec)
                continue
            t = est.total
            rec.update(total_low=t.low.amount, total_high=t.high.amount,
                       open_ended=t.open_ended, approximate=t.approximate)  # fmt: skip
            gaps = [f.message for f in est.flags if f.kind is FlagKind.MISSING]
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
    plan: Plan | Mapping[str, Any] | str | Path,
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
    p = _as_plan(plan)
    cat = catalog or load_catalog()
    cur = currency or p.currency
    src = RecordingRates(rates or default_rates())
    home_code = cat.country(home)
    country = cat.country(p.trips[0].country)
    found: dict[str, int | None] = {"low": None, "high": None}
    with localcontext(EXACT):
        for n in range(1, max_sessions + 1):
            count = Count(low=n, high=n)
            trips = [
                t.model_copy(update={"split": True, "treatments": [
                    tl.model_copy(update={"sessions": count}) for tl in t.treatments]})
                for t in p.trips
            ]  # fmt: skip
            moved = p.model_copy(update={"trips": trips})
            abroad = compute(resolve_plan(moved, cat, src, cur), moved).total
            there = compute(resolve_at_home(p, home_code, cat, src, cur, count), p).total
            if found["low"] is None and abroad.low < there.low:
                found["low"] = n
            if found["high"] is None and abroad.high < there.high:
                found["high"] = n
            if found["low"] is not None and found["high"] is not None:
                break
    return BreakEven(found["low"], found["high"], home_code, country, max_sessions)
