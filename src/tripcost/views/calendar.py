"""A calendar as rows, cells, one JSON document and an iCalendar file.

Every output of ``tripcost calendar`` is built here: the records of CSV and JSON, the
cells of the table and Markdown, and the ``.ics`` text (through the `icalendar`
library: one all-day event, or a range of days, per item).

**UIDs** are stable: an event's key (trip, stay or treatment and session, kind) and a
digest of what the plan is about (each trip's country and treatments), so importing the
plan again, after moving its dates or changing its nights, tiers or party, updates its
events instead of adding copies; a plan for other treatments or countries is a new set
of events. ``DTSTAMP`` is the
calendar's ``today`` (midnight UTC), so the same plan on the same day gives the same
file byte for byte.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from tripcost.views.display import JSON, Output, Record, sources_line

if TYPE_CHECKING:
    from tripcost.calendar import Calendar, Event

__all__ = ["calendar_document", "calendar_ics", "calendar_output", "event_records", "uid"]

PRODID = "-//tripcost//trip calendar//EN"


def uid(cal: Calendar, e: Event) -> str:
    """The event's UID: its key and the plan's digest."""
    return f"{e.key}.{cal.key[:16]}@tripcost"


def _dates(e: Event) -> str:
    plus = "+" if e.open_ended else ""
    if e.earliest == e.latest:
        return f"{e.earliest}{plus}"
    return f"{e.earliest} – {e.latest}{plus}"


def event_records(cal: Calendar) -> list[Record]:
    """One record per event, JSON-ready (dates as ISO strings)."""
    return [
        {
            "trip": e.trip, "stay": e.stay, "kind": str(e.kind), "event": e.what,
            "earliest": e.earliest.isoformat(), "latest": e.latest.isoformat(),
            "open_ended": e.open_ended,
            "condition": e.condition, "treatment": e.treatment,
            "session": e.number or None, "basis": e.basis,
            "sources": [s.ref for s in e.sources], "uid": uid(cal, e),
        }
        for e in cal.events
    ]  # fmt: skip


def calendar_document(cal: Calendar) -> Record:
    """The JSON document of a calendar (``--format json``)."""
    trips: list[JSON] = [
        {"trip": t.index, "country": t.country, "start": t.start.isoformat(),
         "stays_low": t.stays[0], "stays_high": t.stays[1],
         "nights_low": t.nights[0], "nights_high": t.nights[1]}
        for t in cal.trips
    ]  # fmt: skip
    events: list[JSON] = list(event_records(cal))
    return {
        "today": cal.today.isoformat(),
        "trips": trips,
        "events": events,
        "flags": [{"kind": str(f.kind), "trip": f.trip, "message": f.message} for f in cal.flags],
    }  # fmt: skip


def _cells(cal: Calendar) -> list[list[str]]:
    return [
        [_dates(e), str(e.trip), str(e.stay), e.what, e.condition or "always", e.basis]
        for e in cal.events
    ]


def _summary(cal: Calendar) -> list[str]:
    from tripcost.views.notes import counted

    return [
        f"Trip {t.index} ({t.country}) from {t.start}: {counted(*t.stays, 'stay')}, "
        f"{counted(*t.nights, 'night')} (as the estimate counts them)"
        for t in cal.trips
    ]


def calendar_ics(cal: Calendar) -> str:
    """The calendar as iCalendar text: one all-day event (or range of days) per item."""
    import icalendar

    out = icalendar.Calendar()
    out.add("prodid", PRODID)
    out.add("version", "2.0")
    out.add("calscale", "GREGORIAN")
    stamp = dt.datetime.combine(cal.today, dt.time(0), tzinfo=dt.UTC)
    for e in cal.events:
        ev = icalendar.Event()
        ev.add("uid", uid(cal, e))
        ev.add("dtstamp", stamp)
        ev.add("dtstart", e.earliest)
        ev.add("dtend", e.latest + dt.timedelta(days=1))  # all-day: the end is exclusive
        summary = e.what if not e.condition else f"{e.what} ({e.condition})"
        ev.add("summary", summary)
        refs = "; ".join(f"{s.ref} ({s.date})" for s in e.sources)
        lines = [
            f"Earliest {e.earliest}, latest {e.latest}" + (" or later" if e.open_ended else ""),
            f"Basis: {e.basis}",
        ]
        if refs:
            lines.append(f"Sources: {refs}")
        ev.add("description", "\n".join(lines))
        ev.add("categories", [str(e.kind)])
        ev.add("transp", "TRANSPARENT")
        out.add_component(ev)
    data: bytes = out.to_ical()
    return data.decode("utf-8")


def calendar_output(cal: Calendar, title: str, ics: bool = False) -> Output:
    """What ``tripcost calendar`` shows in every format (``ics``: also the .ics text)."""
    headers = ["Date", "Trip", "Stay", "Event", "When", "Basis"]
    sources = [s for e in cal.events for s in e.sources]
    notes = ["", *_summary(cal)]
    if sources:
        notes.append(sources_line(list(dict.fromkeys(sources))))
    notes += [str(f) for f in cal.flags]
    doc = calendar_document(cal)
    out = Output(event_records(cal), headers, _cells(cal), notes, title, doc)
    if ics:
        out.texts["ics"] = calendar_ics(cal)
    return out
