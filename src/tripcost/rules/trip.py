"""One trip's schedule on the exact path: the schedule rules applied to each treatment in
the low and the high scenario, combined, with the reasons written down.

The low scenario takes each treatment's fewest sessions at its shortest spacing and the
shortest typical stay and downtime; the high the most sessions at the longest spacing,
the longest stay and downtime. The rules themselves are `tripcost.rules.schedule`'s;
this module only walks the treatments and says what it found (notes and flags).
"""

from __future__ import annotations

from dataclasses import dataclass

from tripcost.errors import PlanError
from tripcost.inputs import Days, TripInput
from tripcost.rules.schedule import (
    NO_NIGHTS,
    bounds,
    combine,
    needed_nights,
    planned,
    recovery,
    refused,
)
from tripcost.vocab import FlagKind

__all__ = ["TripSchedule", "downtime", "refusal", "schedule_trip", "span_text", "visa_advice"]


@dataclass(frozen=True, slots=True)
class TripSchedule:
    """Stays, nights in all and the longest stay (low, high), how they were found, and
    what the reader must know."""

    stays: tuple[int, int]
    nights: tuple[int, int]
    longest: tuple[int, int]
    note: str
    open_nights: bool
    flags: tuple[tuple[FlagKind, str], ...]


def span_text(q: tuple[object, object]) -> str:
    """'3' or '3–6'."""
    return f"{q[0]}" if q[0] == q[1] else f"{q[0]}–{q[1]}"


def refusal(index: int, slug: str, sessions: int, spacing: int, nights: int) -> str:
    """Why a trip of ``nights`` cannot hold ``sessions`` sessions without split stays."""
    return (
        f"trips[{index}]: {sessions} sessions of {slug}, spaced at least {spacing} days "
        f"apart, need at least {needed_nights(sessions, spacing)} nights; the trip has "
        f"{nights}. Set split = true to spread them over several trips, or give more nights"
    )


def downtime(t: TripInput) -> Days | None:
    """The downtime a stay ends with when the traveller recovers in the country: the
    longest of its treatments' (low: the largest low, high: the largest high); None
    when no treatment has any (004: "no downtime" for toning: nothing to recover from)."""
    facts = [tr.downtime for tr in t.treatments if tr.downtime is not None]
    if not facts:
        return None
    lo, hi = max(f.low for f in facts), max(f.high for f in facts)
    open_end = any(f.open_ended for f in facts)
    if hi == 0 and not open_end:
        return None
    refs = ", ".join(dict.fromkeys(s.ref for f in facts for s in f.sources))
    return Days(
        lo, hi, open_end, (), f"{span_text((lo, hi))}{'+' if open_end else ''} days ({refs})"
    )


#: schedules already worked out, by everything of a trip they read (a pure function's memo)
_MEMO: dict[tuple[object, ...], TripSchedule] = {}


def schedule_trip(t: TripInput) -> TripSchedule:
    """How many stays and nights trip ``t`` takes to hold its treatments' sessions."""
    key = (t.index, t.nights, t.split, t.recover, t.visa,
           tuple((tr.slug, tr.sessions, tr.spacing, tr.stay, tr.downtime)
                 for tr in t.treatments))  # fmt: skip
    found = _MEMO.get(key)
    if found is None:
        found = _schedule_trip(t)  # a refusal raises and is not kept
        if len(_MEMO) > 4096:
            _MEMO.clear()
        _MEMO[key] = found
    return found


def _schedule_trip(t: TripInput) -> TripSchedule:
    flags: list[tuple[FlagKind, str]] = []
    if not t.treatments:  # allowed (a companion's stay), but never silently
        flags.append((FlagKind.ASSUMPTION, "no treatments: only the stay is priced"))
    limit = t.visa.high if t.visa is not None else 0
    for tr in t.treatments:
        s_hi, sp_lo = tr.sessions[1], tr.spacing.low
        if refused(s_hi, sp_lo, t.nights, t.split):
            raise PlanError(refusal(t.index, tr.slug, s_hi, sp_lo, t.nights))
    down = downtime(t)
    spent = down is not None and t.recover
    scen: list[tuple[int, int, int]] = []
    for k in (0, 1):
        parts = [planned(1, 0, t.nights, limit, 0, t.split)[:3]]  # the trip itself
        for tr in t.treatments:
            sp = (tr.spacing.low, tr.spacing.high)[k]
            stay = (tr.stay.low, tr.stay.high)[k]
            count, total, longest, squeezed = planned(
                tr.sessions[k], sp, t.nights, limit, stay, t.split
            )
            parts.append((count, total, longest))
            if squeezed:
                flags.append((FlagKind.ASSUMPTION, (
                    f"{tr.slug}: at {sp} days apart, {tr.sessions[k]} sessions need "
                    f"{needed_nights(tr.sessions[k], sp)} nights; the trip has {t.nights}, so "
                    "the clinic must space them closer"
                )))  # fmt: skip
        count, total, longest = combine(parts)
        if spent and down is not None:  # each stay ends with this scenario's downtime
            days = (down.low, down.high)[k]
            total, longest = total + recovery(count, days, True), longest + days
        scen.append((count, total, longest))
    (c_lo, c_hi), (n_lo, n_hi), (g_lo, g_hi) = bounds(scen[0], scen[1])
    note = _note(t, (n_lo, n_hi), (c_lo, c_hi), limit)
    if t.nights == NO_NIGHTS and (n_lo or n_hi):
        flags.append((FlagKind.ASSUMPTION, f"nights {span_text((n_lo, n_hi))}: {note}"))
    open_nights = False
    if down is not None:
        if t.recover:
            plus = "+" if down.open_ended else ""
            note += f"; plus {span_text((down.low, down.high))}{plus} nights of downtime a stay"
            if down.open_ended:
                open_nights = True
                flags.append((FlagKind.OPEN_ENDED, f"downtime {down.text}: the stay may be longer"))
        else:
            flags.append(
                (
                    FlagKind.ASSUMPTION,
                    f"downtime after the last session, {down.text}, is spent at home",
                )
            )
    if n_hi == 0 and t.nights == NO_NIGHTS:
        msg = "nights: none given and no source states a stay; no living costs"
        flags.append((FlagKind.MISSING, msg))
    if (c_lo, c_hi) != (1, 1):
        flags.append((FlagKind.SCHEDULE, f"split into {span_text((c_lo, c_hi))} trips: {note}"))
    if t.visa is not None and g_hi > limit:
        src = t.visa.sources[0] if t.visa.sources else None
        cite = f" ({src.ref}: {src.quote!r})" if src else ""
        flags.append((FlagKind.VISA, (
            f"a stay of up to {g_hi} nights is longer than the {limit} days a medical visa "
            f"allows{cite}; {visa_advice(t, limit)}"
        )))  # fmt: skip
    return TripSchedule((c_lo, c_hi), (n_lo, n_hi), (g_lo, g_hi), note, open_nights, tuple(flags))


def visa_advice(t: TripInput, limit: int) -> str:
    """What to change in a plan whose stay outlasts the visa's ``limit`` days."""
    if t.nights != NO_NIGHTS:
        return f"give at most {limit} nights a stay (split = true spreads the sessions)"
    if t.split is False:
        return "allow split stays (split = true), or give nights"
    return f"give at most {limit} nights a stay"


def _note(t: TripInput, nights: tuple[int, int], count: tuple[int, int], limit: int) -> str:
    if t.nights != NO_NIGHTS:
        return f"{t.nights} nights a trip, as planned"
    parts = []
    may_split = t.split is not False
    # a treatment with a stated stay and spaced sessions takes stays of that length
    typical = [
        tr
        for tr in t.treatments
        if tr.stay.high > 0 and tr.spacing.high > 0 and tr.sessions[1] > 1 and may_split
    ]
    spaced = [tr for tr in t.treatments if tr.spacing.high > 0 and tr not in typical]
    lows: list[int] = [needed_nights(tr.sessions[0], tr.spacing.low) for tr in spaced]
    highs: list[int] = [needed_nights(tr.sessions[1], tr.spacing.high) for tr in spaced]
    if highs and max(highs) > 0:
        shown = span_text((max(lows, default=0), max(highs, default=0)))
        parts.append(f"{shown} nights to hold the sessions' spacing")
    for tr in typical:
        parts.append(f"{tr.stay.text}, each holding the sessions that fit it "
                     f"{span_text((tr.spacing.low, tr.spacing.high))} days apart")  # fmt: skip
    stays = [tr.stay for tr in t.treatments if tr.stay.high > 0 and tr not in typical]
    if stays:
        parts.append(max(stays, key=lambda d: d.high).text)
    if count != (1, 1) and t.visa is not None:
        ref = t.visa.sources[0].ref if t.visa.sources else "the visa rule"
        parts.append(f"stays of at most {limit} days ({ref})")
    return "; ".join(parts) if parts else "no nights given or stated by a source"
