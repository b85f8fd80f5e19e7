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
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tripcost.fx import Rate, RateSource, default_rates
from tripcost.inputs import Flag, PlanInput, TripInput
from tripcost.money import Money, exact, validate_currency
from tripcost.plan import Plan, load_plan
from tripcost.ranges import Range, Source
from tripcost.resolve.catalog import Catalog
from tripcost.resolve.load import load_catalog
from tripcost.resolve.plans import resolve_plan
from tripcost.rules.costs import per_stay, share, units_used, visits
from tripcost.rules.trip import TripSchedule, schedule_trip
from tripcost.vocab import FlagKind

if TYPE_CHECKING:
    import pandas as pd

    from tripcost.views.display import JSON

__all__ = ["Estimate", "Flag", "Line", "TripSummary", "compute", "estimate", "source_age_months"]

STALE_MONTHS = 24
#: What an estimate leaves out unless the plan gives it as an extra, and the words an
#: extra's name uses for it. 002 ("Additional Expenses for Medical Tourists"):
#: "Medications and Skincare: Not included—purchased locally", "Insurance and Visa Fees:
#: Essential safeguards"; flights are in no source's prices.
LEFT_OUT = (
    ("flights", ("flight", "airfare", "air fare", "plane")),
    ("insurance", ("insurance",)),
    ("visa fees", ("visa",)),
    ("medications and skincare", ("medication", "medicine", "skincare", "skin care")),
)


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the breakdown. Amounts are in the estimate's currency, exact.

    ``amount_low`` belongs to the low scenario and ``amount_high`` to the high one;
    for a deduction (a refund) both are negative. ``nights_open`` marks a living cost
    whose nights are "or more" (an open-ended downtime spent in the country).
    """

    trip: int
    country: str
    item: str
    category: str
    qty_low: int
    qty_high: int
    unit: str
    unit_low: Money
    unit_high: Money
    amount_low: Money
    amount_high: Money
    open_ended: bool = False
    approximate: bool = False
    sources: tuple[Source, ...] = ()
    note: str = ""
    nights_open: bool = False
    #: the rates that converted this line's prices into ``currency`` (none: stated in it);
    #: a refund or contingency line has the rates of the lines it is a share of
    rates: tuple[Rate, ...] = ()

    def __str__(self) -> str:
        """'fractional-co2: 3–6 sessions × $300.00–$700.00 = $900.00–$4,200.00'."""
        from tripcost.views.estimate import line_text

        return line_text(self)


@dataclass(frozen=True, slots=True)
class TripSummary:
    index: int
    country: str
    start: dt.date | None
    nights: tuple[int, int]
    trips: tuple[int, int]
    nights_note: str
    longest: tuple[int, int] = (0, 0)


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
    not_included: tuple[str, ...] = ()
    _frame: list[Any] = field(default_factory=list, repr=False, compare=False)

    def subtotals_by_category(self) -> dict[str, tuple[Money, Money]]:
        """Low and high sums of the lines per category."""
        return self._subtotals(lambda ln: ln.category)

    def subtotals_by_trip(self) -> dict[int, tuple[Money, Money]]:
        """Low and high sums of the lines per trip (0: plan-wide lines)."""
        return self._subtotals(lambda ln: ln.trip)

    def _subtotals(self, key: Any) -> dict[Any, tuple[Money, Money]]:
        out: dict[Any, tuple[Money, Money]] = {}
        zero = Money.zero(self.currency)
        for line in self.lines:
            lo, hi = out.get(key(line), (zero, zero))
            out[key(line)] = (lo + line.amount_low, hi + line.amount_high)
        return out

    def records(self) -> list[dict[str, JSON]]:
        """One dict per line, ready for `json.dumps`: the ``lines`` of `to_dict` (amounts
        are strings in the currency's digits; `lines` and `breakdown` keep them exact)."""
        from tripcost.views.estimate import line_record

        return [line_record(ln, self.currency) for ln in self.lines]

    def to_dict(self) -> dict[str, JSON]:
        """Exactly what ``tripcost estimate --format json`` prints, ready for `json.dumps`:
        total, deposit, lines, rates, flags, what is not included, the trips."""
        from tripcost.views.estimate import estimate_document

        return estimate_document(self)

    def __str__(self) -> str:
        """The breakdown table, as ``tripcost estimate`` prints it (amounts rounded)."""
        from tripcost.views.estimate import estimate_text

        return estimate_text(self)

    @property
    def breakdown(self) -> pd.DataFrame:
        """One row per line: trip, item, category, quantities, unit prices, amounts, flags.

        Amounts are exact ``Decimal`` objects with a float64 copy beside each
        (``amount_low_f`` …) for plotting; see `tripcost.views.estimate.BREAKDOWN_COLUMNS`.
        """
        if not self._frame:
            from tripcost.views.estimate import breakdown_frame

            self._frame.append(breakdown_frame(self))
        frame: pd.DataFrame = self._frame[0]
        return frame


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
        treat = [self.add(t, tr.slug, "treatment", tr.price, tr.sessions, "session", tr.note,
                          rates=tr.rates) for tr in t.treatments]  # fmt: skip
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
        from tripcost.rules.costs import in_force, percent

        n = t.index + 1
        r = t.vat
        if r is None:
            self.flag(
                FlagKind.VAT_REFUND, f"no VAT refund rule for {t.country}; nothing deducted", n
            )
            return
        day = t.start or self.inp.today
        if not in_force(day, r.valid_from, r.valid_to):
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
        lo = Money(
            percent(sum((ln.amount_low for ln in treat), Money.zero(self.cur)).amount, r.low),
            self.cur,
        )
        hi = Money(
            percent(sum((ln.amount_high for ln in treat), Money.zero(self.cur)).amount, r.low),
            self.cur,
        )
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
                        self.deposit, tuple(self.trips), left_out)  # fmt: skip

    def _left_out(self) -> tuple[str, ...]:
        """What the estimate does not include (no extra of the plan names it)."""
        names = [e.name.lower() for t in self.inp.trips for e in t.extras]
        out = tuple(what for what, words in LEFT_OUT
                    if not any(w in name for name in names for w in words))  # fmt: skip
        if out:
            self.flag(FlagKind.NOT_INCLUDED, (
                f"not included: {', '.join(out)} (002: 'Medications and Skincare: Not "
                "included—purchased locally'); add them to the plan as extras"
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
                if s.ref in self.inp.unverified:
                    msg = (
                        f"{s.ref}: its quote could not be checked against the source (no copy "
                        "of it beside the catalog); the figure is the catalog's word"
                    )
                    self.flag(FlagKind.UNVERIFIED, msg)
                months = source_age_months(s.date, ref_day)
                if months is None:
                    self.flag(FlagKind.UNDATED_SOURCE, f"{s.ref} gives no date")
                elif months > STALE_MONTHS:
                    msg = f"{s.ref} is dated {s.date}, {months} months before {ref_day} ({ln.item})"
                    self.flag(FlagKind.STALE_SOURCE, msg)


def _rates_of(lines: list[Line]) -> tuple[Rate, ...]:
    return tuple(dict.fromkeys(r for ln in lines for r in ln.rates))


def _pct(fraction: Decimal) -> str:
    return f"{(fraction * 100).normalize():f}"


def compute(inp: PlanInput, plan: Plan) -> Estimate:
    """Price resolved inputs with the rule core (no catalog, no I/O)."""
    with exact():
        return _Priced(inp).build(plan)


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
    with exact():
        inp = resolve_plan(plan, catalog or load_catalog(), rates or default_rates(), cur)
        return compute(inp, plan)
