"""The plain inputs of the rule core: what `tripcost.resolve` finds and the rules use.

Resolving turns a plan, the catalog and the rates into these values (prices already
in the display currency, facts in whole days, the rules that apply); the rules never
see the catalog. A `Flag` is what the reader must know about an answer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from tripcost.fx import Rate, RecordingRates
from tripcost.money import Money
from tripcost.ranges import Range, Source
from tripcost.vocab import FlagKind, LivingCategory

__all__ = [
    "ExtraInput",
    "Flag",
    "LivingInput",
    "Months",
    "PercentRule",
    "PlanInput",
    "TreatmentInput",
    "TripInput",
]


@dataclass(frozen=True, slots=True)
class Flag:
    """Something the reader must know: an open end, a guess, a gap, an old source."""

    kind: FlagKind
    message: str
    trip: int | None = None

    def __str__(self) -> str:
        where = f"trip {self.trip}: " if self.trip else ""
        return f"[{self.kind}] {where}{self.message}"


@dataclass(frozen=True, slots=True)
class Days:
    """A span of whole days (or sessions) a source states, with the sources."""

    low: int
    high: int
    open_ended: bool = False
    sources: tuple[Source, ...] = ()
    text: str = ""  # how the fact reads ("5-7+ days (000_….txt)")


NO_DAYS = Days(0, 0)


@dataclass(frozen=True, slots=True)
class TreatmentInput:
    """One treatment line, resolved: its per-session price in the display currency
    (``per_course``: the price of the whole course, paid once), its sessions, and the
    facts that schedule it."""

    slug: str
    sessions: tuple[int, int]
    price: Range
    spacing: Days = NO_DAYS
    downtime: Days | None = None
    stay: Days = NO_DAYS
    note: str = ""
    average: Range | None = None  # an average a source states beside the range (never a bound)
    rates: tuple[Rate, ...] = ()  # the rates that converted the price (none: stated so)
    per_course: bool = False  # a clinic's quote for the whole treatment


@dataclass(frozen=True, slots=True)
class LivingInput:
    """One living-cost category of a trip: the tier, its unit price (None: no figure, and
    ``missing`` says so) and how many units a day a traveller uses."""

    category: LivingCategory
    tier: str
    price: Range | None
    a_day: int
    missing: str = ""
    rates: tuple[Rate, ...] = ()  # the rates that converted the price
    #: what the reader must know about the price (an old figure …), said where it is used
    notes: tuple[tuple[FlagKind, str], ...] = ()


@dataclass(frozen=True, slots=True)
class ExtraInput:
    name: str
    price: Money
    per_person: bool
    rates: tuple[Rate, ...] = ()  # the rate that converted the amount


@dataclass(frozen=True, slots=True)
class Months:
    """A span of calendar months a rule states (the VAT refund's "depart within three
    months"), with its source: dates add months, not a count of days."""

    low: int
    high: int
    source: Source


@dataclass(frozen=True, slots=True)
class PercentRule:
    """A percentage rule (the deposit, the VAT refund) with its validity and source."""

    low: Decimal
    high: Decimal
    approximate: bool
    source: Source
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    ends_source: Source | None = None  # the row that states the end, when another one does


@dataclass(frozen=True, slots=True)
class TripInput:
    index: int
    country: str
    start: dt.date | None
    nights: int  # `tripcost.rules.schedule.NO_NIGHTS` when not given
    split: bool | None
    recover: bool
    vat_refund: bool
    treatments: tuple[TreatmentInput, ...]
    living: tuple[LivingInput, ...]
    consultation: Range | None
    extras: tuple[ExtraInput, ...]
    deposit: PercentRule | None
    vat: PercentRule | None
    visa: Days | None  # the longest stay a medical visa allows, with its source
    booking: Days | None = None  # how far ahead to book appointments (001: 2-4 weeks)
    visa_processing: Days | None = None  # how long a medical visa takes (001: 12-14 days)
    refund_window: Months | None = None  # depart within this of a procedure for the refund
    consultation_rates: tuple[Rate, ...] = ()


@dataclass(frozen=True, slots=True)
class PlanInput:
    currency: str
    party: int
    contingency: Decimal | None
    trips: tuple[TripInput, ...]
    rates: RecordingRates
    flags: tuple[Flag, ...] = field(default=())
    today: dt.date = field(default_factory=dt.date.today)
    unverified: frozenset[str] = frozenset()
