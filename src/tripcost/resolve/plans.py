"""Resolve a plan: catalog + rates → the plain inputs the rule core prices.

Every lookup a plan needs happens here, once: the treatment's per-session price in the
display currency, the sessions (the plan's, else the sources'), the spacing, downtime
and typical stay in whole days, the living costs of the chosen tiers, the consultation
fee, the extras, the deposit, VAT and visa rules. What the data lacks becomes a `Flag`
(or, where the plan cannot be priced at all, an error naming the plan's field).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import TypeVar, cast

from tripcost import vocab
from tripcost.errors import CatalogError, NoPriceError, UnknownCountry, UnknownTreatment
from tripcost.fx import Rate, RateSource, RecordingRates, cache_key_of, rate_source
from tripcost.inputs import (
    NO_DAYS,
    Days,
    ExtraInput,
    Flag,
    LivingInput,
    Months,
    PercentRule,
    PlanInput,
    TreatmentInput,
    TripInput,
)
from tripcost.money import Money
from tripcost.plan import Count, Plan, TreatmentLine, Trip
from tripcost.planmoney import quote_text
from tripcost.ranges import Range, Source
from tripcost.resolve.catalog import DAYS_PER_UNIT, Catalog, Fact
from tripcost.resolve.clinics import clinic_price, own_price
from tripcost.resolve.prices import CellPrice, cell_price, living_cell, price
from tripcost.resolve.rows import RuleRow
from tripcost.rules.schedule import NO_NIGHTS
from tripcost.vocab import FlagKind

__all__ = ["living_gap", "resolve_at_home", "resolve_plan"]


def living_gap(reason: object) -> str:
    """The words for a living cost the catalog lacks (the bulk path says the same)."""
    return f"{reason}; not counted, so the total is incomplete"


def _days(f: Fact | None) -> Days | None:
    if f is None:
        return None
    text = f"{f.describe().removesuffix(' days')} days ({f.refs()})"
    return Days(f.low, f.high, f.open_ended, f.sources, text)


def _rule_days(rows: list[RuleRow]) -> Days | None:
    """A rule stated in days, weeks or months (booking lead time, visa processing) as
    whole days, with its source; None where the catalog has none for the country."""
    r = rows[0] if rows else None
    if r is None or r.low is None or r.unit not in DAYS_PER_UNIT:
        return None
    low, high = r.low, r.high if r.high is not None else r.low
    lo_mult, hi_mult = DAYS_PER_UNIT[r.unit]
    lo, hi = int(low) * lo_mult, int(high) * hi_mult
    shown = f"{low:f}" if low == high else f"{low:f}-{high:f}"
    text = f"{shown} {r.unit}s ({r.source})"
    return Days(lo, hi, False, (Source(r.source, r.source_date, r.quote),), text)


def _months(rows: list[RuleRow]) -> Months | None:
    r = rows[0] if rows else None
    if r is None or r.low is None or r.unit not in ("month", "months"):
        return None
    low, high = r.low, r.high if r.high is not None else r.low
    return Months(int(low), int(high), Source(r.source, r.source_date, r.quote))


def _rule(rows: list[RuleRow], end: list[RuleRow] | None = None) -> PercentRule | None:
    if not rows:
        return None
    r = rows[0]
    ends = [e for e in (end or []) if e.valid_to]
    end_row = min(ends, key=lambda e: e.valid_to) if ends else None
    return PercentRule(
        r.low if r.low is not None else Decimal(0),
        r.high if r.high is not None else (r.low if r.low is not None else Decimal(0)),
        r.approximate,
        Source(r.source, r.source_date, r.quote),
        dt.date.fromisoformat(r.valid_from) if r.valid_from else None,
        dt.date.fromisoformat(end_row.valid_to) if end_row else None,
        Source(end_row.source, end_row.source_date, end_row.quote) if end_row else None,
    )


T = TypeVar("T")
_Living = tuple[Range, list[tuple[FlagKind, str]]] | str


def _source_key(rates: RateSource) -> Hashable | None:
    """The cache key of the source under any recorders (they only watch it)."""
    while isinstance(rates, RecordingRates):
        rates = rates.inner
    return cache_key_of(rates)


def _record(rates: RateSource, key: tuple[str, str, dt.date, str], rate: Rate) -> None:
    """Note ``rate`` as used on every recorder in the chain (as asking would have)."""
    while isinstance(rates, RecordingRates):
        rates.used.setdefault(key, rate)
        rates = rates.inner


class _Resolver:
    def __init__(self, cat: Catalog, rates: RecordingRates, currency: str) -> None:
        if not isinstance(cat, Catalog):
            raise CatalogError(f"catalog {type(cat).__name__} is not a Catalog (load_catalog())")
        self.cat, self.rates, self.cur = cat, rates, currency
        self.flags: list[Flag] = []
        self._key = _source_key(rates)

    def cached(self, key: tuple[object, ...], fn: Callable[[RecordingRates], T]) -> T:
        """``fn``'s answer, kept on the catalog for equal questions at equal rates (a rate
        source without a ``cache_key`` is asked every time); the rates it used are
        recorded as if it had been asked."""
        if self._key is None:
            return fn(self.rates)
        full = (self._key, self.cur, *key)
        memo = self.cat.lookups
        hit = memo.get(full)
        if hit is None:
            rec = RecordingRates(self.rates)
            hit = (fn(rec), tuple(rec.used.items()))
            if len(memo) > 4096:
                memo.clear()
            memo[full] = hit
        value, used = hit
        for k, rate in used:
            _record(self.rates, k, rate)
        return cast(T, value)

    def flag(self, kind: FlagKind, message: str, trip: int | None) -> None:
        f = Flag(kind, message, trip)
        if f not in self.flags:
            self.flags.append(f)

    @contextmanager
    def cell_rates(self) -> Iterator[list[Rate]]:
        """Collect the rates of the conversions inside the block (one price's rates)."""
        outer, used = self.rates, list[Rate]()
        self.rates = RecordingRates(outer)
        try:
            yield used
        finally:
            used.extend(self.rates.used.values())
            self.rates = outer

    def treatment(
        self, at: str, n: int, tl: TreatmentLine, country: str, on: dt.date | None, trip: Trip
    ) -> TreatmentInput:
        try:
            t = self.cat.treatment(tl.treatment)
        except UnknownTreatment as exc:
            raise UnknownTreatment(f"{at}.treatment: {exc}") from None
        with self.cell_rates() as rates:
            price, average, note, per_course = self.line_price(at, n, t.slug, tl, country, on,
                                                               trip)  # fmt: skip
        if tl.sessions is not None:
            sessions = tl.sessions.as_tuple()
        else:
            fact = self.cat.fact(t.slug, "sessions")
            if fact is None:
                sessions = (1, 1)
                self.flag(
                    FlagKind.ASSUMPTION, f"{t.slug}: no source states a session count; 1 assumed", n
                )
            else:
                sessions = (fact.low, fact.high)
                shown = str(fact.low) if fact.low == fact.high else f"{fact.low}-{fact.high}"
                said = f"sessions {shown} as the sources say ({fact.refs()})"
                self.flag(FlagKind.ASSUMPTION, f"{t.slug}: {said}", n)
                note = "; ".join(x for x in (note, said) if x)
        spacing = _days(self.cat.fact(t.slug, "spacing")) or NO_DAYS
        if sessions[1] > 1 and spacing is NO_DAYS:
            self.flag(FlagKind.ASSUMPTION, f"{t.slug}: no source states the spacing of sessions", n)
        stay_fact = self.cat.fact(t.slug, "stay")
        stay = _days(stay_fact) or NO_DAYS
        if stay_fact is not None:
            text = f"a stay of {stay_fact.describe()} for {t.slug} ({stay_fact.refs()})"
            stay = Days(stay.low, stay.high, stay.open_ended, stay.sources, text)
        downtime = _days(self.cat.fact(t.slug, "downtime"))
        return TreatmentInput(t.slug, sessions, price, spacing, downtime, stay, note, average,
                              tuple(rates), per_course)  # fmt: skip

    def line_price(
        self, at: str, n: int, slug: str, tl: TreatmentLine, country: str, on: dt.date | None,
        trip: Trip,
    ) -> tuple[Range, Range | None, str, bool]:  # fmt: skip
        """(price, average beside it, note, whether the price is the whole course): your
        quote in the trip's own country, else the catalog's, narrowed by the clinic."""
        if tl.quote is not None and country == trip.country:
            price, note, per_course = own_price(tl, lambda r: self.money_range(r, on))
            return price, None, note, per_course
        if tl.quote is not None:
            self.flag(FlagKind.ASSUMPTION, (
                f"{slug}: your quote ({quote_text(tl.quote)}) holds in {trip.country}; the "
                f"catalog's price in {country} is used"
            ), n)  # fmt: skip
        syringes = tl.units if "units" in tl.model_fields_set else None
        cell = self.price(at, n, slug, country, syringes, on)
        assert cell.range is not None
        price, notes = cell.range, []
        if cell.basis != "session":
            notes.append(f"{tl.units} syringe(s) a session at a per-syringe price")
        kind = tl.clinic or trip.clinic
        if kind is not None:
            price, (flag_kind, message), said = clinic_price(self.cat, price, kind, country)
            self.flag(flag_kind, f"{slug}: {message}", n)
            notes.append(said)
        return price, cell.average, "; ".join(x for x in notes if x), False

    def price(
        self, at: str, n: int, slug: str, country: str, syringes: Decimal | None,
        on: dt.date | None,
    ) -> CellPrice:  # fmt: skip
        """A session's price: per session, or, where the plan says how many syringes a
        session uses, per syringe × that many (units are never mixed)."""

        def ask(rates: RecordingRates) -> CellPrice | str:
            try:
                found = cell_price(self.cat, slug, country, syringes=syringes,
                                   currency=self.cur, rates=rates, on=on)  # fmt: skip
                if found.range is None:
                    price(self.cat, slug, country, syringes=syringes)  # says: only an average
            except NoPriceError as exc:
                return str(exc)
            return found

        got = self.cached(("price", slug, country, syringes, on), ask)
        if isinstance(got, str):
            raise NoPriceError(f"{at}: {got}")
        for kind, message in got.notes:
            self.flag(kind, message, n)
        return got

    def living(
        self, n: int, trip: Trip, country: str, on: dt.date | None
    ) -> tuple[LivingInput, ...]:
        out = []
        for c in vocab.living():
            tier = str(getattr(trip, c.name))
            a_day = int(getattr(trip, c.per_day)) if c.per_day else 1

            def ask(rates: RecordingRates, name: str = c.name, tier: str = tier) -> _Living:
                try:
                    return living_cell(self.cat, country, name, tier, currency=self.cur,
                                       rates=rates, on=on)  # fmt: skip
                except NoPriceError as exc:
                    return living_gap(exc)

            with self.cell_rates() as rates:
                got = self.cached(("living", country, c.name, tier, on), ask)
            if isinstance(got, str):
                out.append(LivingInput(c, tier, None, a_day, got))
                continue
            price, notes = got
            said = tuple((kind, f"{c.name} ({tier}): {message}") for kind, message in notes)
            out.append(LivingInput(c, tier, price, a_day, rates=tuple(rates), notes=said))
        return tuple(out)

    def consultation(self, n: int, country: str, on: dt.date | None) -> Range | None:
        def ask(rates: RecordingRates) -> Range | None:
            try:
                return self.cat.price("consultation", country, unit="visit",
                                      currency=self.cur, rates=rates, on=on)  # fmt: skip
            except NoPriceError:
                return None

        fee = self.cached(("fee", country, on), ask)
        if fee is None:
            msg = f"no consultation fee for {country} in the catalog; none added"
            self.flag(FlagKind.NO_FEE, msg, n)
        return fee

    def money(self, m: Money, on: dt.date | None) -> Money:
        if m.currency == self.cur:
            return m
        return m.convert(self.rates.rate(m.currency, self.cur, on))

    def money_range(self, r: Range, on: dt.date | None) -> Range:
        if r.currency == self.cur:
            return r
        return r.convert(self.rates.rate(r.currency, self.cur, on))

    def trip(self, i: int, trip: Trip, country: str | None = None) -> TripInput:
        """Trip ``i``'s inputs, kept with its flags for an equal trip (the fields it sets
        and their values) at equal rates; a trip that cannot be priced is not kept."""

        def ask(rates: RecordingRates) -> tuple[TripInput, tuple[Flag, ...]]:
            inner = _Resolver(self.cat, rates, self.cur)
            return inner._trip(i, trip, country), tuple(inner.flags)

        key = ("trip", i, country, trip.model_dump_json(exclude_unset=True))
        inp, flags = self.cached(key, ask)
        for f in flags:
            if f not in self.flags:
                self.flags.append(f)
        return inp

    def _trip(self, i: int, trip: Trip, country: str | None) -> TripInput:
        n = i + 1
        where = f"trips[{i}]"
        try:
            code = self.cat.country(country or trip.country)
        except UnknownCountry as exc:
            raise UnknownCountry(f"{where}.country: {exc}") from None
        on = trip.start
        treatments = tuple(
            self.treatment(f"{where}.treatments[{j}]", n, tl, code, on, trip)
            for j, tl in enumerate(trip.treatments)
        )
        with self.cell_rates() as fee_rates:
            # a consultation is for a treatment: a stay with none (a companion's) has none
            wanted = trip.consultation and bool(trip.treatments)
            consultation = self.consultation(n, code, on) if wanted else None
        extras = []
        for e in trip.extras:
            with self.cell_rates() as rates:
                amount = self.money(Money(e.amount, e.currency), on)
            extras.append(ExtraInput(e.name, amount, e.per_person, tuple(rates)))
        visa_rows = self.cat.rule("medical_visa_validity", code)
        visa = None
        if visa_rows and visa_rows[0].high is not None:
            r, days = visa_rows[0], int(visa_rows[0].high)
            visa = Days(days, days, False, (Source(r.source, r.source_date, r.quote),))
        return TripInput(
            index=i, country=code, start=trip.start,
            nights=trip.nights if trip.nights is not None else NO_NIGHTS,
            split=trip.split, recover=trip.recover_in_country, vat_refund=trip.vat_refund,
            treatments=treatments, living=self.living(n, trip, code, on),
            consultation=consultation, extras=tuple(extras),
            deposit=_rule(self.cat.rule("deposit", code)),
            vat=_rule(self.cat.rule("vat_refund_rate", code), self.cat.rule("vat_refund_end", code))
            if trip.vat_refund else None,
            visa=visa, consultation_rates=tuple(fee_rates),
            booking=_rule_days(self.cat.rule("booking_lead_time", code)),
            visa_processing=_rule_days(self.cat.rule("visa_processing", code)),
            refund_window=_months(self.cat.rule("vat_refund_departure_window", code)),
        )  # fmt: skip


def _recording(rates: RateSource) -> RecordingRates:
    """A recorder of this plan's rates alone (a caller's recorder still sees them all)."""
    return RecordingRates(rate_source(rates))


def resolve_plan(
    plan: Plan,
    cat: Catalog,
    rates: RateSource,
    currency: str,
    *,
    country: str | None = None,
) -> PlanInput:
    """The plan's inputs; ``country`` moves every trip there (to compare countries)."""
    r = _Resolver(cat, _recording(rates), currency)
    trips = tuple(r.trip(i, t, country) for i, t in enumerate(plan.trips))
    return PlanInput(currency, plan.party, plan.contingency, trips, r.rates, tuple(r.flags),
                     unverified=cat.unverified)  # fmt: skip


def resolve_at_home(
    plan: Plan,
    home: str,
    cat: Catalog,
    rates: RateSource,
    currency: str,
    sessions: Count | None = None,
) -> PlanInput:
    """The plan's treatments at home: one "trip" with no nights, no consultation, no
    extras, no refund (at home there is no trip). A line of a trip in the home country
    keeps its quote and its kind of clinic (that clinic is at home); the others are
    priced from the catalog's range."""
    lines = [
        tl.model_copy(update={"sessions": sessions or tl.sessions, "clinic": tl.clinic
                              or trip.clinic}) if trip.country == home
        else TreatmentLine(treatment=tl.treatment, sessions=sessions or tl.sessions,
                           **({"units": tl.units} if "units" in tl.model_fields_set else {}))
        for trip in plan.trips
        for tl in trip.treatments
    ]  # fmt: skip
    trip = Trip(country=home, nights=0, consultation=False, split=True, treatments=lines)
    r = _Resolver(cat, _recording(rates), currency)
    t = r.trip(0, trip)
    return PlanInput(currency, plan.party, None, (t,), r.rates, tuple(r.flags),
                     unverified=cat.unverified)  # fmt: skip
