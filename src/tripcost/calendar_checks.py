"""The checks on a trip's dates, each a flag that cites its source.

* **visa** — a stay longer than the medical visa allows (002: "C-3-3, valid up to 90
  days");
* **downtime** — a session whose downtime runs past the stay's departure when the
  traveller does not recover in the country (``recover_in_country = false``);
* **deadline** — a booking (001: "2-4 weeks ahead") or visa application (001: "12-14
  days") deadline already passed, or inside its window, on ``today``;
* **vat_refund** — a refund rule not in force on a session's date, or a stay that
  departs after the refund's "depart within three months".
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from tripcost.events import Event, EventKind
from tripcost.inputs import Flag, TripInput
from tripcost.ranges import Source
from tripcost.rules.costs import in_force
from tripcost.rules.trip import visa_advice
from tripcost.vocab import FlagKind

if TYPE_CHECKING:
    from tripcost.rules.dates import Layout

__all__ = ["check_trip", "cite"]


def cite(sources: tuple[Source, ...]) -> str:
    """' (002_….txt: "valid up to 90 days")': the first source and its words."""
    if not sources:
        return ""
    s = sources[0]
    return f" ({s.ref}: {s.quote!r})" if s.quote else f" ({s.ref})"


def _visa(t: TripInput, layouts: tuple[Layout, ...], start: dt.date) -> list[Flag]:
    if t.visa is None:
        return []
    n, limit = t.index + 1, t.visa.high
    longest: dict[int, tuple[int, int]] = {}
    for lay in layouts:
        for s in lay.stays:
            if s.nights > limit:
                longest[s.number] = max(longest.get(s.number, (0, 0)), (s.nights, s.arrival))
    why = f"longer than the {limit} days a medical visa allows{cite(t.visa.sources)}"
    out = []
    for k, (nights, at) in sorted(longest.items()):
        arrives = start + dt.timedelta(days=at)
        msg = f"stay {k} (arriving {arrives}) lasts up to {nights} nights, {why}"
        out.append(Flag(FlagKind.VISA, f"{msg}; {visa_advice(t, limit)}", n))
    return out


def _downtime(t: TripInput, layouts: tuple[Layout, ...], start: dt.date) -> list[Flag]:
    if t.recover:
        return []
    past: dict[tuple[str, int, int], dt.date] = {}
    for lay in layouts:
        departs = {s.number: s.departure for s in lay.stays}
        for v in lay.visits:
            if v.downtime is not None and v.day + v.downtime > departs[v.stay]:
                end = start + dt.timedelta(days=v.day + v.downtime)
                key = (v.treatment, v.number, v.line)
                past[key] = max(past.get(key, end), end)
    if not past:
        return []
    shown = ", ".join(f"{slug} session {k} (to {end})" for (slug, k, _), end in past.items())
    facts = [tr.downtime for tr in t.treatments if tr.downtime is not None]
    srcs = tuple(dict.fromkeys(s for f in facts for s in f.sources))
    texts = "; ".join(f"{tr.slug} {tr.downtime.text}" for tr in t.treatments if tr.downtime)
    return [Flag(FlagKind.DOWNTIME, (
        f"downtime runs past the departure after {shown}: {texts}{cite(srcs)}; set "
        "recover_in_country = true to stay for it, or plan to recover at home"
    ), t.index + 1)]  # fmt: skip


def _deadlines(t: TripInput, events: list[Event], today: dt.date) -> list[Flag]:

    out = []
    for e in events:
        if e.kind not in (EventKind.BOOK_BY, EventKind.VISA_BY) or today <= e.earliest:
            continue
        rule = t.booking if e.kind == EventKind.BOOK_BY else t.visa_processing
        why = f"{e.basis}{cite(rule.sources if rule else ())}"
        when = f" ({e.condition})" if e.condition else ""
        if today > e.latest:
            msg = f"{e.what}{when}: the last day was {e.latest}, before today ({today}): {why}"
        else:
            msg = f"{e.what}{when}: today ({today}) is inside the window; act by {e.latest}: {why}"
        out.append(Flag(FlagKind.DEADLINE, msg, e.trip))
    return out


def _refund(t: TripInput, events: list[Event]) -> list[Flag]:

    if not t.vat_refund:
        return []
    n = t.index + 1
    r = t.vat
    if r is None:
        return [Flag(FlagKind.VAT_REFUND, f"no VAT refund rule for {t.country}", n)]
    out = []
    sessions = [e for e in events if e.kind == EventKind.SESSION]
    # a session is out when any day of its window is (the rule must hold whenever it falls)
    out_of_force = [
        e for e in sessions
        if not (in_force(e.earliest, r.valid_from, r.valid_to)
                and in_force(e.latest, r.valid_from, r.valid_to))
    ]  # fmt: skip
    off = sorted(
        d for e in out_of_force for d in (e.earliest, e.latest)
        if not in_force(d, r.valid_from, r.valid_to)
    )  # fmt: skip
    if off:
        if r.valid_to is not None and off[-1] > r.valid_to:
            e = r.ends_source or r.source
            rule = f"{e.ref} ({e.date}) says it ran through {r.valid_to}{cite((e,))}"
        else:
            rule = f"it applies from {r.valid_from}{cite((r.source,))}"
        when = f"{off[0]}" if off[0] == off[-1] else f"{off[0]} to {off[-1]}"
        msg = (
            f"VAT refund not in force for {len(out_of_force)} of {len(sessions)} sessions "
            f"(on {when}): {rule}"
        )
        out.append(Flag(FlagKind.VAT_REFUND, msg, n))
    departs = {e.stay: e.latest for e in events if e.kind == EventKind.DEPARTURE}
    for ev in events:
        if ev.kind == EventKind.REFUND_DEPART_BY and departs.get(ev.stay, ev.latest) > ev.latest:
            msg = (
                f"stay {ev.stay} may depart on {departs[ev.stay]}, after {ev.latest}: "
                f"{ev.basis}{cite(ev.sources)}"
            )
            out.append(Flag(FlagKind.VAT_REFUND, msg, n))
    return out


def _gaps(t: TripInput) -> list[Flag]:
    """The rules a calendar dates from that the catalog lacks for the trip's country."""
    missing = [
        f"no {name} for {t.country} in the catalog; no {what} date"
        for rule, name, what in (
            (t.booking, "booking lead time", "book-by"),
            (t.visa_processing, "visa processing time", "visa apply-by"),
        )
        if rule is None
    ]
    return [Flag(FlagKind.MISSING, m, t.index + 1) for m in missing]


def check_trip(
    t: TripInput, layouts: tuple[Layout, ...], events: list[Event], today: dt.date
) -> list[Flag]:
    """Every check on one trip's layouts (the scenarios) and merged events."""
    assert t.start is not None
    return [
        *_gaps(t),
        *_visa(t, layouts, t.start),
        *_downtime(t, layouts, t.start),
        *_deadlines(t, events, today),
        *_refund(t, events),
    ]
