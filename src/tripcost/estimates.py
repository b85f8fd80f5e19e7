"""Plan × catalog × rates → an `Estimate`: a total range, every line, every rate, every flag.

`estimate` resolves the plan (`tripcost.resolve.plans`: prices, facts, rules, rates),
then prices the resolved inputs with the rule core (`tripcost.rules`); nothing here
reads the catalog. The low is every minimum (fewest sessions × lowest price × fewest
nights …), the high every maximum; the total is the exact sum of the lines.

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
from decimal import Decimal
from typing import TYPE_CHECKING

from tripcost import vocab
from tripcost.answer import Estimate, Line, TripSummary
from tripcost.fx import Rate, RateSource, default_rates
from tripcost.inputs import Flag, PlanInput, TreatmentInput, TripInput
from tripcost.money import Money, exact, validate_currency
from tripcost.plan import Plan, PlanLike, as_plan
from tripcost.ranges import Range, Source
from tripcost.resolve.catalog import Catalog
from tripcost.resolve.load import load_catalog
from tripcost.resolve.plans import resolve_plan
from tripcost.rules.costs import per_stay, priced_times, share, units_used, visits
from tripcost.rules.left_out import SOURCE_WORDS, not_included
from tripcost.rules.trip import TripSchedule, schedule_trip
from tripcost.vocab import FlagKind

if TYPE_CHECKING:
    pass

__all__ = ["compute", "estimate", "source_age_months"]

STALE_MONTHS = 24


def source_age_months(date: str, ref: dt.date) -> int | None:
    """Whole months from a source date ('2024-06', '2023', 'undated') to ``ref``."""
    if not date or date == "undated":
        return None
    parts = [int(p) for p in date.split("-")]
    year, month = parts[0], parts[1] if len(parts) > 1 else 1
    return (ref.year - year) * 12 + (ref.month - month)


class _Priced:
    """Prices one resolved plan with the rule core; holds the running lines and flags."""

    def __init__(self, inp: PlanInput) -> None:
        self.inp = inp
        self.cur = inp.currency
        self.lines: list[Line] = []
        self.flags: list[Flag] = list(inp.flags)
        self.deposit: Range | None = None
        self.trips: list[TripSummary] = []

    def flag(self, kind: FlagKind, message: str, trip: int | None = None) -> None:
        f = Flag(kind, message, trip)
        if f not in self.flags:
            self.flags.append(f)

    def add(
        self, t: TripInput, item: str, category: str, price: Range, qty: tuple[int, int],
        unit: str, note: str = "", nights_open: bool = False, rates: tuple[Rate, ...] = (),
    ) -> Line:  # fmt: skip
        amount = price.scale(qty)
        line = Line(
            t.index + 1, t.country, item, category, qty[0], qty[1], unit, price.low, price.high,
            amount.low, amount.high, amount.open_ended, amount.approximate, price.sources, note,
            nights_open, rates,
        )  # fmt: skip
        self.lines.append(line)
        return line

    def trip(self, t: TripInput) -> None:
        n = t.index + 1
        s: TripSchedule = schedule_trip(t)
        for kind, message in s.flags:
            self.flag(kind, message, n)
        self.trips.append(TripSummary(n, t.country, t.start, s.nights, s.stays, s.note, s.longest))
        treat = [
            self.add(t, f"{tr.slug} (your quote)" if _quoted(tr) else tr.slug, "treatment",
                     tr.price, (priced_times(tr.sessions[0], tr.per_course),
                                priced_times(tr.sessions[1], tr.per_course)),
                     "treatment" if tr.per_course else "session", tr.note, rates=tr.rates)
            for tr in t.treatments
        ]  # fmt: skip
        party = self.inp.party
        for li in t.living:
            c = li.category
            qty = (units_used(s.nights[0], li.a_day, party, c.shared),
                   units_used(s.nights[1], li.a_day, party, c.shared))  # fmt: skip
            if qty[1] == 0:
                continue
            if li.price is None:
                self.flag(FlagKind.MISSING, li.missing, n)
                continue
            for kind, message in li.notes:
                self.flag(kind, message, n)
            price, open_nights = li.price, s.open_nights and not li.price.open_ended
            note = c.note or f"{li.a_day} a day × {party} traveller(s)"
            if open_nights:
                price = price.with_flags(open_ended=True)
            self.add(t, f"{c.name} ({li.tier})", c.name, price, qty, c.unit, note, open_nights,
                     li.rates)  # fmt: skip
        if t.consultation is not None:
            qty = (visits(s.stays[0], True), visits(s.stays[1], True))
            self.add(t, "consultation", "fees", t.consultation, qty, "visit",
                     "may be waived if you proceed with treatment",
                     rates=t.consultation_rates)  # fmt: skip
        for e in t.extras:
            qty = (per_stay(s.stays[0], party, e.per_person),
                   per_stay(s.stays[1], party, e.per_person))  # fmt: skip
            unit = "person per trip" if e.per_person else "trip"
            self.add(t, e.name, "extras", Range.exact(e.price), qty, unit, rates=e.rates)
        self._deposit(t, treat)
        if t.vat_refund:
            self._vat(t, treat)

    def _deposit(self, t: TripInput, treat: list[Line]) -> None:
        from tripcost.rules.costs import percent

        r = t.deposit
        if r is None or not treat:
            return
        lo = sum((ln.amount_low for ln in treat), Money.zero(self.cur))
        hi = sum((ln.amount_high for ln in treat), Money.zero(self.cur))
        part = Range(
            Money(percent(lo.amount, r.low), self.cur), Money(percent(hi.amount, r.high), self.cur),
            open_ended=any(ln.open_ended for ln in treat), approximate=r.approximate,
            sources=(r.source,),
        )  # fmt: skip
        self.deposit = part if self.deposit is None else self.deposit + part
        about = "about " if r.approximate else ""
        self.flag(
            FlagKind.DEPOSIT,
            f"a deposit of {about}{r.low}% of the treatment cost is usually due up front "
            f"({r.source.ref}); it is part of the treatment cost, not extra",
            t.index + 1,
        )

    def _vat(self, t: TripInput, treat: list[Line]) -> None:
        from tripcost.rules.costs import percent
        from tripcost.rules.dates import HIGH, LOW, dated_sessions

        n = t.index + 1
        r = t.vat
        if not t.treatments:
            self.flag(FlagKind.VAT_REFUND, "VAT refund: the trip has no treatments to refund", n)
            return
        if r is None:
            self.flag(
                FlagKind.VAT_REFUND, f"no VAT refund rule for {t.country}; nothing deducted", n
            )
            return
        day = t.start or self.inp.today
        # each scenario refunds the sessions that fall while the rule is in force (the
        # low's sessions at the shortest spacing, the high's at the longest)
        low_n, high_n = (dated_sessions(t, sc, day, r.valid_from, r.valid_to) for sc in (LOW, HIGH))
        if not any(k for k, _ in (*low_n, *high_n)):
            if r.valid_from is not None and day < r.valid_from:
                msg = (f"VAT refund not applied: it applies from {r.valid_from} ({r.source.ref}); "
                       f"the trip starts {day}")  # fmt: skip
            else:
                e = r.ends_source or r.source
                msg = (f"VAT refund not applied: {e.ref} ({e.date}) says the special provision "
                       f"ran through {r.valid_to}; the trip starts {day}")  # fmt: skip
            self.flag(FlagKind.VAT_REFUND, msg, n)
            return
        if not treat:
            return
        pairs = list(zip(treat, t.treatments, low_n, high_n, strict=True))
        low = sum((_refunded(ln, tr, a) for ln, tr, a, _ in pairs), Decimal(0))
        high = sum((_refunded(ln, tr, b, high=True) for ln, tr, _, b in pairs), Decimal(0))
        lo, hi = Money(percent(low, r.low), self.cur), Money(percent(high, r.low), self.cur)
        short = [
            f"{ln.item}: {a[0]} of {a[1]} sessions in the low, {b[0]} of {b[1]} in the high"
            for ln, _, a, b in pairs
            if a[0] < a[1] or b[0] < b[1]
        ]
        if short:
            e = r.ends_source or r.source
            since = f" from {r.valid_from} ({r.source.ref})" if r.valid_from else ""
            until = f" through {r.valid_to} ({e.ref})" if r.valid_to else ""
            self.flag(FlagKind.VAT_REFUND, (
                f"VAT refund only on the sessions dated{since}{until}, which are "
                f"{'; '.join(short)}"
            ), n)  # fmt: skip
        self.lines.append(Line(
            n, t.country, f"VAT refund ({r.low}% of treatment)", "deduction", 1, 1, "refund",
            -lo, -hi, -lo, -hi, False, True, (r.source,),
            "transaction fees are deducted from the refund (amount not stated)",
            rates=_rates_of(treat),
        ))  # fmt: skip
        self.flag(FlagKind.VAT_REFUND, "VAT refund deducted; claim it before departing within "
                  "three months of the procedure, less transaction fees", n)  # fmt: skip

    def build(self, plan: Plan) -> Estimate:
        for t in self.inp.trips:
            self.trip(t)
        c = self.inp.contingency
        if c:
            high = sum((ln.amount_high for ln in self.lines), Money.zero(self.cur))
            zero, extra = Money.zero(self.cur), Money(share(high.amount, c), self.cur)
            self.lines.append(Line(0, "", f"contingency ({_pct(c)}% of the high)", "contingency",
                                   1, 1, "plan", zero, extra, zero, extra,
                                   rates=_rates_of(self.lines)))  # fmt: skip
        self._source_flags()
        costs = self.lines
        sources: list[Source] = []
        for ln in costs:
            sources.extend(s for s in ln.sources if s not in sources)
        total = Range(
            sum((ln.amount_low for ln in costs), Money.zero(self.cur)),
            sum((ln.amount_high for ln in costs), Money.zero(self.cur)),
            open_ended=any(ln.open_ended for ln in costs),
            approximate=any(ln.approximate for ln in costs), sources=tuple(sources),
        )  # fmt: skip
        for ln in costs:
            if ln.nights_open:
                msg = f"{ln.item}: the nights are 'or more' (the downtime); the high is at least"
                self.flag(FlagKind.OPEN_ENDED, msg, ln.trip)
            elif ln.open_ended:
                refs = ", ".join(s.ref for s in ln.sources)
                msg = f"{ln.item}: a price is 'or more' ({refs}); the high is at least"
                self.flag(FlagKind.OPEN_ENDED, msg, ln.trip)
            if ln.approximate and ln.category != "deduction":
                msg = f"{ln.item}: an approximate figure ('~', 'about') is used"
                self.flag(FlagKind.APPROXIMATE, msg, ln.trip)
        rates = tuple(self.inp.rates.used.values())
        for r in rates:
            if r.age_days > 7:
                self.flag(FlagKind.STALE_RATE, r.describe())
        left_out = self._left_out()
        return Estimate(plan, self.cur, tuple(self.lines), total, rates, tuple(self.flags),
                        self.deposit, tuple(self.trips), left_out, self.inp.unverified)  # fmt: skip

    def _left_out(self) -> tuple[str, ...]:
        """What the estimate does not include (no extra of the plan names it)."""
        names = [e.name.lower() for t in self.inp.trips for e in t.extras]
        living = {c.name for c in vocab.living()}
        out = not_included(
            names,
            living=any(ln.category in living for ln in self.lines),
            consultation=all(  # every trip with a treatment has its consultation priced
                any(ln.item == "consultation" and ln.trip == t.index + 1 for ln in self.lines)
                for t in self.inp.trips
                if t.treatments
            ),
        )
        if out:
            self.flag(FlagKind.NOT_INCLUDED, (
                f"not included: {', '.join(out)} ({SOURCE_WORDS}); add them to the plan as "
                "extras"
            ))  # fmt: skip
        return out

    def _source_flags(self) -> None:
        """Sources dated more than 24 months before the rate date (the trip's date when it
        has one, else the date of the rates used, else today) are stale; some are undated."""
        rate_day = max((r.date for r in self.inp.rates.used.values()), default=None)
        for ln in self.lines:
            trip = self.inp.trips[ln.trip - 1] if ln.trip else None
            ref_day = (trip.start if trip and trip.start else None) or rate_day or self.inp.today
            for s in ln.sources:
                if s.is_own_quote:  # a clinic's word to the traveller: no file to date
                    continue
                if s.ref in self.inp.unverified:
                    self.flag(FlagKind.UNVERIFIED, vocab.unverified_note(s.ref))
                months = source_age_months(s.date, ref_day)
                if months is None:
                    self.flag(FlagKind.UNDATED_SOURCE, f"{s.ref} gives no date")
                elif months > STALE_MONTHS:
                    msg = f"{s.ref} is dated {s.date}, {months} months before {ref_day} ({ln.item})"
                    self.flag(FlagKind.STALE_SOURCE, msg)


def _quoted(tr: TreatmentInput) -> bool:
    return any(s.is_own_quote for s in tr.price.sources)


def _refunded(
    ln: Line, tr: TreatmentInput, counts: tuple[int, int], *, high: bool = False
) -> Decimal:
    """What of a treatment line the refund covers: its price × the sessions in force (a
    price for the whole course only when all of its sessions are: it is not split)."""
    in_force, sessions = counts
    unit = ln.unit_high if high else ln.unit_low
    if tr.per_course:
        return unit.amount if in_force == sessions and sessions else Decimal(0)
    return unit.amount * in_force


def _rates_of(lines: list[Line]) -> tuple[Rate, ...]:
    return tuple(dict.fromkeys(r for ln in lines for r in ln.rates))


def _pct(fraction: Decimal) -> str:
    return f"{(fraction * 100).normalize():f}"


def compute(inp: PlanInput, plan: Plan) -> Estimate:
    """Price resolved inputs with the rule core (no catalog, no I/O)."""
    with exact():
        return _Priced(inp).build(plan)


def estimate(
    plan: PlanLike,
    currency: str | None = None,
    rates: RateSource | None = None,
    catalog: Catalog | None = None,
) -> Estimate:
    """Price a plan: ``total`` (a `Range`), ``lines``/``breakdown``, ``rates``, ``flags``.

    ``plan`` is a `Plan`, a mapping (validated as a Plan) or a path to a TOML/JSON
    file. ``currency`` overrides the plan's; ``rates`` defaults to the embedded
    ECB table; ``catalog`` to the embedded catalog.
    """
    plan = as_plan(plan)
    cur = validate_currency(currency or plan.currency)
    with exact():
        inp = resolve_plan(plan, catalog or load_catalog(), rates or default_rates(), cur)
        return compute(inp, plan)
