"""Schedules the seeds imply: spacing between sessions, several trips, stays, downtime.

Sessions of one treatment are spaced as the sources say (4–8 weeks for acne-scar
lasers, about a month for subcision). A trip of N nights holds N // spacing + 1 of
them; a plan that wants more either fails, naming the nights it would need, or, with
``split``, is spread over several trips. Where a plan gives no nights, the sources'
stays (about 7 days for stem cells, 1–2 weeks for glass skin) or the spacing decide.
Downtime after the last session is spent in the country only when asked.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from tripcost.catalog import Catalog
from tripcost.errors import PlanError
from tripcost.plan import Count, Trip

__all__ = ["Schedule", "Spacing", "plan_schedule", "span_text"]

#: The fewest and most days between two sessions, or None when no source says.
Spacing = tuple[Decimal, Decimal] | None


@dataclass(frozen=True)
class Schedule:
    """Trips (low, high), nights in all (low, high), how they were found, and flags."""

    trips: tuple[int, int]
    nights: tuple[Decimal, Decimal]
    note: str
    open_nights: bool
    flags: tuple[tuple[str, str], ...]


def span_text(q: tuple[Decimal | int, Decimal | int]) -> str:
    """'3' or '3–6'."""
    return f"{q[0]}" if q[0] == q[1] else f"{q[0]}–{q[1]}"


def plan_schedule(
    cat: Catalog, i: int, trip: Trip, schedule: Sequence[tuple[str, Count, Spacing]]
) -> Schedule:
    """How many trips and how many nights in all (recovery included) trip ``i`` takes to
    hold its treatments' sessions, each given as (slug, sessions, spacing in days)."""
    flags: list[tuple[str, str]] = []
    stay = _stay(cat, [slug for slug, _, _ in schedule])
    trips_lo = trips_hi = 1
    if trip.nights is not None:
        nights = Decimal(trip.nights)
        for slug, sessions, spacing in schedule:
            if spacing is None or spacing[0] == 0 or sessions.high == 1:
                continue
            capacity = int(nights // spacing[0]) + 1
            if sessions.high > capacity:
                need = (sessions.high - 1) * spacing[0]
                if not trip.split:
                    msg = (
                        f"trips[{i}]: {sessions.high} sessions of {slug}, spaced at least "
                        f"{spacing[0]} days apart, need at least {need} nights; the trip has "
                        f"{trip.nights}. Set split = true to spread them over several trips, "
                        "or give more nights"
                    )
                    raise PlanError(msg)
                trips_lo = max(trips_lo, math.ceil(sessions.low / capacity))
                trips_hi = max(trips_hi, math.ceil(sessions.high / capacity))
        per_trip = (nights, nights)
        note = f"{trip.nights} nights a trip, as planned"
    elif trip.split:
        spaced = [s for _, s, sp in schedule if sp is not None and sp[0] > 0]
        if spaced:
            trips_lo = max(s.low for s in spaced)
            trips_hi = max(s.high for s in spaced)
        per_trip = stay[0] if stay else (Decimal(0), Decimal(0))
        note = "one trip a session" + (f"; {stay[1]}" if stay else "")
    else:
        need_lo = max(
            ((s.low - 1) * sp[0] for _, s, sp in schedule if sp is not None), default=Decimal(0)
        )
        need_hi = max(
            ((s.high - 1) * sp[1] for _, s, sp in schedule if sp is not None),
            default=Decimal(0),
        )
        lo = max(need_lo, stay[0][0] if stay else Decimal(0))
        hi = max(need_hi, stay[0][1] if stay else Decimal(0))
        per_trip = (lo, hi)
        parts = []
        if need_hi:
            parts.append(f"{span_text((need_lo, need_hi))} nights to hold the sessions' spacing")
        if stay:
            parts.append(stay[1])
        note = "; ".join(parts) if parts else "no nights given or stated by a source"
        if lo or hi:
            flags.append(("assumption", f"nights {span_text(per_trip)}: {note}"))
    nights_lo = per_trip[0] * trips_lo
    nights_hi = per_trip[1] * trips_hi
    downtime = _downtime(cat, [slug for slug, _, _ in schedule])
    open_nights = False
    if downtime is not None:
        (d_lo, d_hi, open_end, dnote) = downtime
        if trip.recover_in_country:
            nights_lo += d_lo
            nights_hi += d_hi
            note += f"; plus {span_text((d_lo, d_hi))}{'+' if open_end else ''} nights of downtime"
            if open_end:
                open_nights = True
                flags.append(("open_ended", f"downtime {dnote}: the stay may be longer"))
        else:
            flags.append(
                ("assumption", f"downtime after the last session ({dnote}) is spent at home")
            )
    if nights_hi == 0 and trip.nights is None:
        flags.append(("missing", "nights: none given and no source states a stay; no living costs"))
    return Schedule((trips_lo, trips_hi), (nights_lo, nights_hi), note, open_nights, tuple(flags))


def _stay(cat: Catalog, slugs: Iterable[str]) -> tuple[tuple[Decimal, Decimal], str] | None:
    best: tuple[tuple[Decimal, Decimal], str] | None = None
    for slug in slugs:
        f = cat.fact(slug, "stay")
        if f is not None and (best is None or f.high > best[0][1]):
            refs = ", ".join(s.ref for s in f.sources)
            best = ((f.low, f.high), f"a stay of {f.describe()} for {slug} ({refs})")
    return best


def _downtime(cat: Catalog, slugs: Iterable[str]) -> tuple[Decimal, Decimal, bool, str] | None:
    facts = [f for f in (cat.fact(s, "downtime") for s in slugs) if f is not None]
    if not facts:
        return None
    lo = max(f.low for f in facts)
    hi = max(f.high for f in facts)
    open_end = any(f.open_ended for f in facts)
    refs = ", ".join(dict.fromkeys(s.ref for f in facts for s in f.sources))
    return lo, hi, open_end, f"{span_text((lo, hi))}{'+' if open_end else ''} days ({refs})"
