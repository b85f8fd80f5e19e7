"""Plan × catalog × rates → an `Estimate`: a total range, every line, every rate, every flag.

The low is every minimum (fewest sessions × lowest price × fewest nights …), the
high every maximum. The total is the exact sum of the lines. Nothing is rounded.

One CO2 session and a week in a Seoul hostel, eating street food, riding the
subway (002: "$20–$50 (hostels)", "$2–$5 (street food)", "$1–$2 (public)"):
300 + 7×20 + 21×2 + 14×1 = 496 and 700 + 7×50 + 21×5 + 14×2 = 1183.

>>> est = estimate({"trips": [{
...     "country": "KR", "nights": 7, "consultation": False, "accommodation": "hostel",
...     "food": "street", "transport": "public",
...     "treatments": [{"treatment": "fractional-co2", "sessions": 1}]}]})
>>> est.total
Range(Money('496', 'USD'), Money('1183', 'USD'))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tripcost.catalog import Catalog
from tripcost.errors import (
    NoPriceError,
    UnknownCountry,
    UnknownTreatment,
)
from tripcost.fx import Rate, RateSource, RecordingRates, default_rates
from tripcost.load import load_catalog
from tripcost.money import Money, validate_currency
from tripcost.plan import Count, Plan, Trip, load_plan
from tripcost.ranges import Range, Source
from tripcost.schedule import Spacing, plan_schedule, span_text

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Estimate", "Flag", "Line", "TripSummary", "estimate", "source_age_months"]

STALE_MONTHS = 24
OPEN_NIGHTS = "; nights open-ended (downtime 'or more')"
_HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class Flag:
    """Something the reader must know: an open end, a guess, a gap, an old source."""

    kind: str
    message: str
    trip: int | None = None

    def __str__(self) -> str:
        where = f"trip {self.trip}: " if self.trip else ""
        return f"[{self.kind}] {where}{self.message}"


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the breakdown. Amounts are in the estimate's currency, exact.

    ``amount_low`` belongs to the low scenario and ``amount_high`` to the high one;
    for a deduction (a refund) both are negative.
    """

    trip: int
    country: str
    item: str
    category: str
    qty_low: Decimal
    qty_high: Decimal
    unit: str
    unit_low: Money
    unit_high: Money
    amount_low: Money
    amount_high: Money
    open_ended: bool = False
    approximate: bool = False
    sources: tuple[Source, ...] = ()
    note: str = ""


@dataclass(frozen=True, slots=True)
class TripSummary:
    index: int
    country: str
    start: dt.date | None
    nights: tuple[Decimal, Decimal]
    trips: tuple[int, int]
    nights_note: str


@dataclass(frozen=True)
class Estimate:
    """The answer: `total`, the `lines` (and `breakdown` frame), `rates`, `flags`."""

    plan: Plan
    currency: str
    lines: tuple[Line, ...]
    total: Range
    rates: tuple[Rate, ...]
    flags: tuple[Flag, ...]
    deposit: Range | None
    trips: tuple[TripSummary, ...]
    _frame: list[Any] = field(default_factory=list, repr=False, compare=False)

    def subtotals(self, by: str = "category") -> dict[Any, tuple[Money, Money]]:
        """Low and high sums of the lines per ``category`` or per ``trip``."""
        if by not in ("category", "trip"):
            raise ValueError(f"subtotals by {by!r}: use 'category' or 'trip'")
        out: dict[Any, tuple[Money, Money]] = {}
        zero = Money.zero(self.currency)
        for line in self.lines:
            key = getattr(line, by)
            lo, hi = out.get(key, (zero, zero))
            out[key] = (lo + line.amount_low, hi + line.amount_high)
        return out

    def records(self) -> list[dict[str, Any]]:
        """One dict per line (exact `Decimal` amounts): the rows of `breakdown`."""
        return [
            {
                "trip": ln.trip,
                "country": ln.country,
                "item": ln.item,
                "category": ln.category,
                "qty_low": ln.qty_low,
                "qty_high": ln.qty_high,
                "unit": ln.unit,
                "unit_price_low": ln.unit_low.amount,
                "unit_price_high": ln.unit_high.amount,
                "amount_low": ln.amount_low.amount,
                "amount_high": ln.amount_high.amount,
                "currency": self.currency,
                "open_ended": ln.open_ended,
                "approximate": ln.approximate,
                "sources": [s.ref for s in ln.sources],
                "note": ln.note,
            }
            for ln in self.lines
        ]

    @property
    def breakdown(self) -> pd.DataFrame:
        """One row per line: trip, item, category, quantities, unit prices, amounts, flags."""
        if not self._frame:
            import pandas as pd

            rows = self.records()
            for r in rows:
                r["sources"] = "; ".join(r["sources"])
            self._frame.append(pd.DataFrame(rows, columns=BREAKDOWN_COLUMNS))
        frame: pd.DataFrame = self._frame[0]
        return frame


BREAKDOWN_COLUMNS = [
    "trip", "country", "item", "category", "qty_low", "qty_high", "unit", "unit_price_low",
    "unit_price_high", "amount_low", "amount_high", "currency", "open_ended", "approximate",
    "sources", "note",
]  # fmt: skip


def source_age_months(date: str, ref: dt.date) -> int | None:
    """Whole months from a source date ('2024-06', '2023', 'undated') to ``ref``."""
    if not date or date == "undated":
        return None
    parts = [int(p) for p in date.split("-")]
    year, month = parts[0], parts[1] if len(parts) > 1 else 1
    return (ref.year - year) * 12 + (ref.month - month)


class _Builder:
    """Computes one estimate; holds the running lines, flags and rates."""

    def __init__(self, plan: Plan, currency: str, rates: RateSource, cat: Catalog) -> None:
        self.plan = plan
        self.cur = currency
        self.rates = RecordingRates(rates)
        self.cat = cat
        self.lines: list[Line] = []
        self.flags: list[Flag] = []
        self.deposit: Range | None = None
        self.trips: list[TripSummary] = []
        self.today = dt.date.today()

    def flag(self, kind: str, message: str, trip: int | None = None) -> None:
        f = Flag(kind, message, trip)
        if f not in self.flags:
            self.flags.append(f)

    def money(self, m: Money, on: dt.date | None) -> Money:
        if m.currency == self.cur:
            return m
        return m.convert(self.rates.rate(m.currency, self.cur, on))

    def add(
        self,
        trip: int,
        country: str,
        item: str,
        category: str,
        unit_price: Range,
        qty: tuple[Decimal, Decimal],
        unit: str,
        note: str = "",
    ) -> Line:
        amount = unit_price.scale(qty)
        line = Line(
            trip, country, item, category, qty[0], qty[1], unit, unit_price.low,
            unit_price.high, amount.low, amount.high, amount.open_ended,
            amount.approximate, unit_price.sources, note,
        )  # fmt: skip
        self.lines.append(line)
        return line

    # -- one trip ----------------------------------------------------------------
    def trip(self, i: int, trip: Trip) -> None:
        n = i + 1
        where = f"trips[{i}]"
        try:
            country = self.cat.country(trip.country)
        except UnknownCountry as exc:
            raise UnknownCountry(f"{where}.country: {exc}") from None
        on = trip.start
        treat: list[Line] = []
        schedule: list[tuple[str, Count, Spacing]] = []
        for j, tl in enumerate(trip.treatments):
            at = f"{where}.treatments[{j}]"
            try:
                t = self.cat.treatment(tl.treatment)
                price = self.cat.price(
                    t.slug, country, units=tl.units, currency=self.cur, rates=self.rates, on=on
                )
            except UnknownTreatment as exc:
                raise UnknownTreatment(f"{at}.treatment: {exc}") from None
            except NoPriceError as exc:
                raise NoPriceError(f"{at}: {exc}") from None
            sessions = tl.sessions
            note = ""
            if sessions is None:
                fact = self.cat.fact(t.slug, "sessions")
                if fact is None:
                    sessions = Count(low=1, high=1)
                    self.flag(
                        "assumption", f"{t.slug}: no source states a session count; 1 assumed", n
                    )
                else:
                    sessions = Count(low=int(fact.low), high=int(fact.high))
                    refs = ", ".join(s.ref for s in fact.sources)
                    note = f"sessions {sessions} as the sources say ({refs})"
                    self.flag("assumption", f"{t.slug}: {note}", n)
            qty = (Decimal(sessions.low), Decimal(sessions.high))
            line = self.add(n, country, t.slug, "treatment", price, qty, "session", note)
            treat.append(line)
            spacing = self.cat.fact(t.slug, "spacing")
            schedule.append((t.slug, sessions, (spacing.low, spacing.high) if spacing else None))
            if sessions.high > 1 and spacing is None:
                self.flag("assumption", f"{t.slug}: no source states the spacing of sessions", n)
        sched = plan_schedule(self.cat, i, trip, schedule)
        for kind, message in sched.flags:
            self.flag(kind, message, n)
        trips = sched.trips
        if trips != (1, 1):
            self.flag("schedule", f"split into {span_text(trips)} trips: {sched.note}", n)
        self.trips.append(TripSummary(n, country, trip.start, sched.nights, trips, sched.note))
        self._living(n, trip, country, sched.nights, on, sched.open_nights)
        self._consultation(n, trip, country, trips, on)
        for e in trip.extras:
            per = Decimal(self.plan.party) if e.per_person else Decimal(1)
            price = Range.exact(self.money(Money(e.amount, e.currency), on))
            unit = "person per trip" if e.per_person else "trip"
            self.add(n, country, e.name, "extras", price, (trips[0] * per, trips[1] * per), unit)
        self._deposit(n, country, treat)
        if trip.vat_refund:
            self._vat(n, trip, country, treat)

    def _living(
        self,
        n: int,
        trip: Trip,
        country: str,
        nights: tuple[Decimal, Decimal],
        on: dt.date | None,
        open_nights: bool = False,
    ) -> None:
        if nights[1] == 0:
            return
        party = Decimal(self.plan.party)
        wanted = [
            ("accommodation", trip.accommodation, nights, "night", "per room, shared by the party"),
            ("food", trip.food, _times(nights, trip.meals_per_day * party), "meal",
             f"{trip.meals_per_day} a day × {self.plan.party} traveller(s)"),
            ("transport", trip.transport, _times(nights, trip.rides_per_day * party), "ride",
             f"{trip.rides_per_day} a day × {self.plan.party} traveller(s)"),
        ]  # fmt: skip
        for category, tier, qty, unit, note in wanted:
            if qty[1] == 0:
                continue
            try:
                price = self.cat.living(
                    country, category, tier, currency=self.cur, rates=self.rates, on=on
                )
            except NoPriceError as exc:
                self.flag("missing", f"{exc}; not counted, so the total is incomplete", n)
                continue
            if open_nights and not price.open_ended:
                price = price.with_flags(open_ended=True)
                note += OPEN_NIGHTS
            self.add(n, country, f"{category} ({tier})", category, price, qty, unit, note)

    def _consultation(
        self, n: int, trip: Trip, country: str, trips: tuple[int, int], on: dt.date | None
    ) -> None:
        if not trip.consultation:
            return
        try:
            price = self.cat.price(
                "consultation", country, unit="visit", currency=self.cur, rates=self.rates, on=on
            )
        except NoPriceError:
            self.flag("no_fee", f"no consultation fee for {country} in the catalog; none added", n)
            return
        qty = (Decimal(trips[0]), Decimal(trips[1]))
        self.add(n, country, "consultation", "fees", price, qty, "visit",
                 "may be waived if you proceed with treatment")  # fmt: skip

    def _deposit(self, n: int, country: str, treat: list[Line]) -> None:
        if not treat:
            return
        rules = self.cat.rule("deposit", country)
        if not rules:
            return
        r = rules[0]
        lo = sum((ln.amount_low for ln in treat), Money.zero(self.cur))
        hi = sum((ln.amount_high for ln in treat), Money.zero(self.cur))
        pct_lo, pct_hi = (r.low or Decimal(0)) / _HUNDRED, (r.high or Decimal(0)) / _HUNDRED
        part = Range(
            lo * pct_lo, hi * pct_hi, open_ended=any(ln.open_ended for ln in treat),
            approximate=r.approximate, sources=(Source(r.source, r.source_date, r.quote),),
        )  # fmt: skip
        self.deposit = part if self.deposit is None else self.deposit + part
        self.flag(
            "deposit",
            f"a deposit of {'about ' if r.approximate else ''}{r.low}% of the treatment cost is "
            f"usually due up front ({r.source}); it is part of the treatment cost, not extra",
            n,
        )

    def _vat(self, n: int, trip: Trip, country: str, treat: list[Line]) -> None:
        day = trip.start or self.today
        rate_rules = self.cat.rule("vat_refund_rate", country)
        if not rate_rules:
            self.flag("vat_refund", f"no VAT refund rule for {country}; nothing deducted", n)
            return
        rule = rate_rules[0]
        ends = [e for e in self.cat.rule("vat_refund_end", country) if e.valid_to]
        start = dt.date.fromisoformat(rule.valid_from) if rule.valid_from else None
        end = min((dt.date.fromisoformat(e.valid_to) for e in ends), default=None)
        if start is not None and day < start:
            msg = (
                f"VAT refund not applied: it applies from {start} ({rule.source}); "
                f"the trip starts {day}"
            )
            self.flag("vat_refund", msg, n)
            return
        if end is not None and day > end:
            e = ends[0]
            msg = (
                f"VAT refund not applied: {e.source} ({e.source_date}) says the special provision "
                f"ran through {end}; the trip starts {day}"
            )
            self.flag("vat_refund", msg, n)
            return
        if not treat:
            return
        share = (rule.low or Decimal(0)) / _HUNDRED
        lo = sum((ln.amount_low for ln in treat), Money.zero(self.cur)) * share
        hi = sum((ln.amount_high for ln in treat), Money.zero(self.cur)) * share
        src = (Source(rule.source, rule.source_date, rule.quote),)
        line = Line(
            n, country, f"VAT refund ({rule.low}% of treatment)", "deduction", Decimal(1),
            Decimal(1), "refund", -lo, -hi, -lo, -hi, False, True, src,
            "transaction fees are deducted from the refund (amount not stated)",
        )  # fmt: skip
        self.lines.append(line)
        self.flag(
            "vat_refund",
            "VAT refund deducted; claim it before departing within three months of the "
            "procedure, less transaction fees",
            n,
        )

    # -- whole plan -----------------------------------------------------------------
    def build(self) -> Estimate:
        for i, trip in enumerate(self.plan.trips):
            self.trip(i, trip)
        if self.plan.contingency:
            high = sum((ln.amount_high for ln in self.lines), Money.zero(self.cur))
            c = self.plan.contingency
            zero = Money.zero(self.cur)
            self.lines.append(
                Line(0, "", f"contingency ({_pct(c)}% of the high)", "contingency",
                     Decimal(1), Decimal(1), "plan", zero, high * c, zero, high * c)
            )  # fmt: skip
        self._source_flags()
        costs = self.lines
        low = sum((ln.amount_low for ln in costs), Money.zero(self.cur))
        high = sum((ln.amount_high for ln in costs), Money.zero(self.cur))
        sources: list[Source] = []
        for ln in costs:
            sources.extend(s for s in ln.sources if s not in sources)
        total = Range(
            low, high, open_ended=any(ln.open_ended for ln in costs),
            approximate=any(ln.approximate for ln in costs), sources=tuple(sources),
        )  # fmt: skip
        for ln in self.lines:
            if ln.open_ended and ln.note.endswith(OPEN_NIGHTS):
                msg = f"{ln.item}: the nights are 'or more' (the downtime); the high is at least"
                self.flag("open_ended", msg, ln.trip)
            elif ln.open_ended:
                refs = ", ".join(s.ref for s in ln.sources)
                msg = f"{ln.item}: a price is 'or more' ({refs}); the high is at least"
                self.flag("open_ended", msg, ln.trip)
            if ln.approximate and ln.category != "deduction":
                self.flag(
                    "approximate",
                    f"{ln.item}: an approximate figure ('~', 'about') is used",
                    ln.trip,
                )
        for r in self.rates.used.values():
            if r.age_days > 7:
                self.flag("stale_rate", f"{r.describe()}")
        return Estimate(
            self.plan, self.cur, tuple(self.lines), total, tuple(self.rates.used.values()),
            tuple(self.flags), self.deposit, tuple(self.trips),
        )  # fmt: skip

    def _source_flags(self) -> None:
        """Sources dated more than 24 months before the rate date (the trip's date when it
        has one, else the date of the rates used, else today) are stale; some are undated."""
        rate_day = max((r.date for r in self.rates.used.values()), default=None)
        for ln in self.lines:
            trip = self.plan.trips[ln.trip - 1] if ln.trip else None
            ref_day = (trip.start if trip and trip.start else None) or rate_day or self.today
            for s in ln.sources:
                months = source_age_months(s.date, ref_day)
                if months is None:
                    self.flag("undated_source", f"{s.ref} gives no date")
                elif months > STALE_MONTHS:
                    self.flag(
                        "stale_source",
                        f"{s.ref} is dated {s.date}, {months} months before {ref_day} ({ln.item})",
                    )


def _pct(share: Decimal) -> str:
    return f"{(share * 100).normalize():f}"


def _times(q: tuple[Decimal, Decimal], k: Decimal | int) -> tuple[Decimal, Decimal]:
    return (q[0] * k, q[1] * k)


def estimate(
    plan: Plan | Mapping[str, Any] | str | Path,
    currency: str | None = None,
    rates: RateSource | None = None,
    catalog: Catalog | None = None,
) -> Estimate:
    """Price a plan: ``total`` (a `Range`), ``lines``/``breakdown``, ``rates``, ``flags``.

    ``plan`` is a `Plan`, a mapping (validated as a Plan) or a path to a TOML/JSON
    file. ``currency`` overrides the plan's; ``rates`` defaults to the embedded
    ECB table; ``catalog`` to the embedded catalog.
    """
    if isinstance(plan, str | Path):
        plan = load_plan(plan)
    elif not isinstance(plan, Plan):
        plan = Plan.model_validate(plan)
    cur = validate_currency(currency or plan.currency)
    src = rates if rates is not None else default_rates()
    builder = _Builder(plan, cur, src, catalog or load_catalog())
    return builder.build()
