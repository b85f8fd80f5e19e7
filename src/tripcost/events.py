"""The events of a dated plan: what happens on which day (or between which days), on
what fact or rule it rests, and where that comes from. `tripcost.calendar` lays them out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from tripcost.ranges import Source

__all__ = ["Event", "EventKind"]


class EventKind(StrEnum):
    """What an event is, in the order a day's events are listed."""

    BOOK_BY = "book_by"
    VISA_BY = "visa_apply_by"
    ARRIVAL = "arrival"
    SESSION = "session"
    DOWNTIME_END = "downtime_end"
    REFUND_DEPART_BY = "refund_depart_by"
    DEPARTURE = "departure"


@dataclass(frozen=True, slots=True)
class Event:
    """One dated event: between ``earliest`` and ``latest`` (the same day when fixed).

    ``basis`` names the fact or rule it follows and ``sources`` where that comes from;
    ``condition`` says when it applies ("" always); ``key`` is stable for the plan."""

    key: str
    trip: int
    stay: int
    kind: EventKind
    what: str
    earliest: dt.date
    latest: dt.date
    basis: str
    sources: tuple[Source, ...] = ()
    condition: str = ""
    treatment: str = ""
    number: int = 0
    open_ended: bool = False  # the latest date may be later ("5-7+ days")
