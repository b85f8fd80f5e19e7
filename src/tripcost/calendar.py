"""When: a plan's dated events, from each trip's start, with the facts and rules behind them.

`schedule` resolves the plan as the estimate does, lays each trip out with the rule
core's dating rule (`tripcost.rules.dates`, the estimate's own schedule rules) and
lists the events a traveller plans around, each with its earliest and latest date:

* **book by** — appointments 2-4 weeks ahead (001): earliest 4 weeks before the stay's
  earliest arrival (the cautious date), latest 2 weeks before its latest (the last chance);
* **visa apply by** — 12-14 days' processing (001), "if your passport needs a visa",
  likewise 14 days before the earliest arrival to 12 before the latest;
* **arrival** of each stay: the plan's ``start`` for the first; for the next stays of a
  split plan, earliest at the shortest spacing, latest at the longest;
* each **session** (earliest at the shortest spacing, latest at the longest), the end
  of its **downtime**, each **departure**;
* the **VAT refund** departure deadline ("depart within three months") where
  ``vat_refund = true``.

An event only the high scenario has (a 4th session of a 3-6 course, a 4th stay) says
so in its ``condition``. The checks (`tripcost.calendar_checks`) add flags: a stay
longer than the visa allows, downtime that runs past departure, a deadline passed by
``today``, a refund rule not in force on a session date.

A trip without ``start`` cannot be dated: `schedule` raises a `PlanError` naming the
field (the estimate may assume today; a calendar that did would mislead).

>>> cal = schedule({"trips": [{"country": "KR", "start": "2026-03-02", "nights": 14,
...     "split": True, "treatments": [{"treatment": "fractional-co2", "sessions": 3}]}]},
...     today=dt.date(2026, 1, 5))
>>> for e in cal.events[:4]:
...     print(e.earliest, e.latest, e.what)
2026-02-02 2026-02-16 book by (stay 1)
2026-02-16 2026-02-18 apply for the visa by (stay 1)
2026-03-02 2026-03-02 arrival (stay 1)
2026-03-02 2026-03-02 fractional-co2 session 1
>>> cal.trips[0].stays, cal.trips[0].nights
((3, 3), (42, 42))
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tripcost.errors import PlanError
from tripcost.events import Event, EventKind
from tripcost.inputs import Flag, TripInput
from tripcost.ranges import Source
from tripcost.vocab import FlagKind

if TYPE_CHECKING:
    from tripcost.fx import RateSource
    from tripcost.plan import Plan, PlanLike
    from tripcost.resolve.catalog import Catalog
    from tripcost.rules.dates import Layout

__all__ = ["Calendar", "Event", "EventKind", "TripDates", "schedule"]


_ORDER = {k: i for i, k in enumerate(EventKind)}


@dataclass(frozen=True, slots=True)
class TripDates:
    """One trip of the plan, dated: stays and nights (least, most) as the estimate counts
    them, and the low and high scenarios laid out in days from ``start``."""

    index: int
    country: str
    start: dt.date
    stays: tuple[int, int]
    nights: tuple[int, int]
    low: Layout
    high: Layout
    fast: Layout


@dataclass(frozen=True, slots=True)
class Calendar:
    """The dated events of a plan, in date order, with the checks' flags."""

    plan: Plan
    key: str  # a digest of what the plan is about (`plan_key`): UIDs derive from it
    today: dt.date
    trips: tuple[TripDates, ...]
    events: tuple[Event, ...]
    flags: tuple[Flag, ...] = field(default=())


def plan_key(plan: Plan) -> str:
    """A digest of what the plan is about: each trip's country and treatments, in order.
    Dates, nights, tiers and party are left out, so a plan edited in those keeps its key
    (and its events their UIDs: a calendar app updates them in place)."""
    about = [[t.country, *(tl.treatment for tl in t.treatments)] for t in plan.trips]
    return hashlib.sha256(repr(about).encode("utf-8", "surrogatepass")).hexdigest()


def _day(start: dt.date, days: int) -> dt.date:
    return start + dt.timedelta(days=days)


class _Merged:
    """Events keyed across the scenarios' layouts: earliest and latest of their dates."""

    def __init__(self) -> None:
        self.found: dict[str, list[tuple[dt.date, Event]]] = {}

    def add(self, e: Event) -> None:
        self.found.setdefault(e.key, []).append((e.earliest, e))

    def events(self) -> list[Event]:
        """One event per key; a session that falls in another stay in another scenario
        (a later stay at the longest spacing) is listed in its first, and says so."""
        out = []
        for seen in self.found.values():
            first = seen[0][1]
            days = [d for d, _ in seen] + [e.latest for _, e in seen]
            stays = sorted({e.stay for _, e in seen})
            cond = first.condition
            if len(stays) > 1:
                moved = f"in stay {stays[0]} to {stays[-1]}, as the spacing falls"
                cond = "; ".join(x for x in (cond, moved) if x)
            out.append(Event(first.key, first.trip, stays[0], first.kind, first.what,
                             min(days), max(days), first.basis, first.sources, cond,
                             first.treatment, first.number, first.open_ended))  # fmt: skip
        return out


def _spacing_basis(t: TripInput, line: int) -> tuple[str, tuple[Source, ...]]:
    tr = t.treatments[line]
    if tr.spacing.high == 0:
        return "no source states the spacing", ()
    return f"spacing {tr.spacing.text}", tr.spacing.sources


def _trip_events(t: TripInput, start: dt.date, lay: Layout, low: Layout, note: str) -> list[Event]:
    """The events of one layout, each dated once (merging gives the earliest and latest)."""
    from tripcost.rules.dates import add_months

    n = t.index + 1
    always_stays = len(low.stays)
    slugs = [tr.slug for tr in t.treatments]
    out: list[Event] = []
    for s in lay.stays:
        at = _day(start, s.arrival)
        cond = "" if s.number <= always_stays else f"if {s.number}+ stays"
        tag = f"t{n}-s{s.number}"
        if t.booking is not None:
            b = t.booking
            out.append(Event(f"{tag}-{EventKind.BOOK_BY}", n, s.number, EventKind.BOOK_BY,
                             f"book by (stay {s.number})", _day(at, -b.high), _day(at, -b.low),
                             f"booking_lead_time: {b.text}", b.sources, cond))  # fmt: skip
        if t.visa_processing is not None:
            p = t.visa_processing
            vc = "; ".join(x for x in ("if your passport needs a visa", cond) if x)
            out.append(Event(f"{tag}-{EventKind.VISA_BY}", n, s.number, EventKind.VISA_BY,
                             f"apply for the visa by (stay {s.number})", _day(at, -p.high),
                             _day(at, -p.low), f"visa_processing: {p.text}", p.sources,
                             vc))  # fmt: skip
        visits = [v for v in lay.visits if v.stay == s.number]
        srcs: tuple[Source, ...] = ()
        if s.number == 1:
            basis = "the plan's start"
        else:
            pairs = [_spacing_basis(t, v.line) for v in visits if v.number > 1]
            basis = "; ".join(dict.fromkeys(p[0] for p in pairs)) or note
            srcs = tuple(dict.fromkeys(x for p in pairs for x in p[1]))
        out.append(Event(f"{tag}-{EventKind.ARRIVAL}", n, s.number, EventKind.ARRIVAL,
                         f"arrival (stay {s.number})", at, at, basis, srcs, cond))  # fmt: skip
        out.append(Event(f"{tag}-{EventKind.DEPARTURE}", n, s.number, EventKind.DEPARTURE,
                         f"departure (stay {s.number})",
                         _day(start, s.departure), _day(start, s.departure), note, (),
                         cond))  # fmt: skip
        if t.vat_refund and t.refund_window is not None and visits:
            w, first = t.refund_window, _day(start, min(v.day for v in visits))
            by = add_months(first, w.low)
            out.append(Event(f"{tag}-{EventKind.REFUND_DEPART_BY}", n, s.number,
                             EventKind.REFUND_DEPART_BY,
                             f"depart by for the VAT refund (stay {s.number})", by, by,
                             f"vat_refund_departure_window: {w.low} months after the procedure",
                             (w.source,), cond))  # fmt: skip
    for v in lay.visits:
        tr = t.treatments[v.line]
        lo, hi = tr.sessions
        cond = (
            "" if v.number <= lo
            else f"if {v.number}+ sessions (of {lo}-{hi})"
        )  # fmt: skip
        day = _day(start, v.day)
        # a treatment on two lines of a trip: the second is told apart by its line
        name = (
            v.treatment if slugs.count(v.treatment) == 1 else f"{v.treatment} (line {v.line + 1})"
        )
        tag = f"t{n}-{v.treatment}-{v.number}" + ("" if name == v.treatment else f"-l{v.line + 1}")
        basis, srcs = _spacing_basis(t, v.line)
        if v.number == 1:
            basis = f"{name}: the first session, on arrival"
        out.append(Event(f"{tag}-{EventKind.SESSION}", n, v.stay, EventKind.SESSION,
                         f"{name} session {v.number}", day, day, basis, srcs, cond,
                         v.treatment, v.number))  # fmt: skip
        if v.downtime is not None and tr.downtime is not None:
            d = tr.downtime
            end = _day(day, v.downtime)
            out.append(Event(f"{tag}-{EventKind.DOWNTIME_END}", n, v.stay,
                             EventKind.DOWNTIME_END,
                             f"{name} session {v.number}: downtime ends", end, end,
                             f"downtime {d.text}", d.sources, cond, v.treatment, v.number,
                             d.open_ended))  # fmt: skip
    return out


def _sort_key(e: Event) -> tuple[dt.date, dt.date, int, int, int, str, int]:
    return (e.earliest, e.latest, _ORDER[e.kind], e.trip, e.stay, e.treatment, e.number)


def schedule(
    plan: PlanLike,
    *,
    catalog: Catalog | None = None,
    rates: RateSource | None = None,
    today: dt.date | str | None = None,
) -> Calendar:
    """The plan's dated events (a `Calendar`): every trip needs a ``start``.

    ``catalog`` defaults to the embedded catalog, ``rates`` to the embedded table (the
    plan is resolved as the estimate resolves it), ``today`` to today's date (the
    deadline checks compare against it)."""
    from decimal import localcontext

    from tripcost.calendar_checks import check_trip
    from tripcost.fx import as_date, default_rates
    from tripcost.money import EXACT
    from tripcost.plan import as_plan
    from tripcost.resolve.load import load_catalog
    from tripcost.resolve.plans import resolve_plan
    from tripcost.rules.dates import FAST, HIGH, LOW, layout
    from tripcost.rules.schedule import bounds
    from tripcost.rules.trip import schedule_trip

    plan = as_plan(plan)
    for i, trip in enumerate(plan.trips):
        if trip.start is None:
            raise PlanError(
                f"trips[{i}].start: the calendar dates every event from the trip's start; "
                "give one, like start = 2026-03-02"
            )
    day = as_date(today, what="today", times=False) or dt.date.today()  # a date or "2026-01-05"
    with localcontext(EXACT):
        inp = resolve_plan(plan, catalog or load_catalog(), rates or default_rates(),
                           plan.currency)  # fmt: skip
    trips: list[TripDates] = []
    events: list[Event] = []
    flags: list[Flag] = []
    for t in inp.trips:
        assert t.start is not None
        sched = schedule_trip(t)
        # the visa check below says the same per stay, with its dates
        flags.extend(Flag(k, m, t.index + 1) for k, m in sched.flags if k != FlagKind.VISA)
        low, high, fast = layout(t, LOW), layout(t, HIGH), layout(t, FAST)
        (s_lo, s_hi), (n_lo, n_hi), _ = bounds(
            (len(low.stays), low.nights, 0), (len(high.stays), high.nights, 0)
        )
        trips.append(TripDates(t.index + 1, t.country, t.start, (s_lo, s_hi), (n_lo, n_hi),
                               low, high, fast))  # fmt: skip
        merged = _Merged()
        for lay in (low, high, fast):
            for e in _trip_events(t, t.start, lay, low, sched.note):
                merged.add(e)
        dated = merged.events()
        events.extend(dated)
        checked = check_trip(t, (low, high, fast), dated, day)
        flags.extend(f for f in checked if f not in flags)
    ordered = tuple(sorted(events, key=_sort_key))
    return Calendar(plan, plan_key(plan), day, tuple(trips), ordered, tuple(flags))
