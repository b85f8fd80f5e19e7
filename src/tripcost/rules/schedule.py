"""How many stays, and how many nights, a course of sessions takes.

Sessions of one treatment are spaced as the sources say (000: "3-6 sessions, typically
spaced 4-8 weeks apart"; 001: "spaced a month apart"). A stay of N nights holds the
first session on arrival and one more every `spacing` days: N // spacing + 1 of them.
The low scenario takes the fewest sessions at the shortest spacing, the high the most
at the longest, with the same functions.

* **Nights given**: stays of that many nights, as many as the sessions need (one if
  they fit). Whether more than one is allowed is the plan's ``split``.
* **No nights**: one stay long enough for the spacing (at least the sources' typical
  stay, e.g. 004's "1 to 2 weeks" for glass skin); where that stay would outlast
  ``limit`` days (the medical visa's validity, 002: "C-3-3, valid up to 90 days") and
  splitting is allowed, the fewest stays that each fit it.
* **Recovery**: with ``recover_in_country`` each stay ends with the downtime of its
  last session, spent in the country.

Every function works on Python ints (the exact path) and int64 arrays (the bulk path).

>>> capacity(14, 28), capacity(60, 28)
(1, 3)
>>> stays(sessions=6, spacing=56, nights=NO_NIGHTS, limit=90, stay=0, may_split=True)
(3, 168, 56, False)
>>> stays(sessions=3, spacing=28, nights=14, limit=90, stay=0, may_split=True)
(3, 42, 14, True)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tripcost.rules.ops import both, ceil_div, every, maximum, minimum, negate, where

if TYPE_CHECKING:
    from tripcost.rules.ops import Bools, N

__all__ = [
    "NO_NIGHTS",
    "bounds",
    "capacity",
    "combine",
    "held",
    "needed_nights",
    "planned",
    "profile",
    "recovery",
    "refused",
    "stays",
]

#: ``nights`` when a plan gives none: the schedule decides.
NO_NIGHTS = -1


def capacity(nights: N, spacing: N) -> N:
    """Sessions one stay of ``nights`` nights holds at ``spacing`` days apart (> 0)."""
    return nights // spacing + 1


def needed_nights(sessions: N, spacing: N) -> N:
    """Nights one stay needs to hold every session: (sessions - 1) × spacing."""
    return (sessions - 1) * spacing


def _over(sessions: N, spacing: N, limit: N, may_split: bool | Bools) -> bool | Bools:
    """Without nights: where one stay for every session would outlast the visa."""
    spaced = (spacing > 0) & (sessions > 1)
    return spaced & (limit > 0) & (needed_nights(sessions, spacing) > limit) & may_split


def held(
    sessions: N, spacing: N, nights: N, limit: N, may_split: bool | Bools, stay: N | int = 0
) -> N:
    """Sessions each stay but the last holds (the last holds the rest): as many as fit
    ``nights`` at ``spacing`` days apart. Without nights, where several stays are allowed:
    as many as fit the sources' typical ``stay`` (0: none stated) and the visa's
    ``limit`` (0: none); else every session. No spacing: every session in one stay.

    >>> held(6, 28, 14, 90, True), held(6, 56, NO_NIGHTS, 90, True), held(3, 0, 14, 90, True)
    (1, 2, 3)
    >>> held(3, 28, NO_NIGHTS, 90, True, 14), held(3, 28, NO_NIGHTS, 90, False, 14)
    (1, 3)
    """
    spaced = (spacing > 0) & (sessions > 1)
    step = maximum(spacing, 1 + 0 * spacing)
    given = where(spaced, capacity(maximum(nights, 0 * nights), step), sessions)
    if every(nights >= 0):
        return given
    free = where(_over(sessions, spacing, limit, may_split), capacity(limit, step), sessions)
    typical = spaced & (stay > 0) & may_split  # a stated stay holds what fits in it
    free = where(typical, minimum(free, capacity(stay + 0 * spacing, step)), free)
    return where(nights >= 0, given, free)


def stays(
    sessions: N, spacing: N, nights: N, limit: N, stay: N, may_split: bool | Bools
) -> tuple[N, N, N, bool | Bools]:
    """(stays, nights in all, nights of the longest stay, splits) for one treatment in one
    scenario.

    ``spacing`` 0 means no source states one (every session fits one stay); ``limit``
    0 means no visa limit; ``stay`` is the sources' typical stay (0: none).
    ``may_split`` only matters without nights (with nights given the caller decides
    whether a plan that ``splits`` is allowed). ``splits`` is true where the sessions
    do not fit one stay of the nights given.
    """
    spaced = (spacing > 0) & (sessions > 1)
    # nights given: as many stays of `nights` as the sessions need
    stays_given = ceil_div(sessions, held(sessions, spacing, nights, limit, may_split, stay))
    if every(nights >= 0):  # (the bulk path always gives nights: the rest is not needed)
        return stays_given, nights * stays_given, nights + 0 * sessions, stays_given > 1
    # no nights: one stay, or the fewest stays that each fit the limit
    cap_free = held(sessions, spacing, NO_NIGHTS + 0 * nights, limit, may_split, stay)
    stays_free = ceil_div(sessions, cap_free)
    last = sessions - (stays_free - 1) * cap_free
    full_nights = maximum(where(spaced, (cap_free - 1) * spacing, 0 * sessions), stay)
    last_nights = maximum(where(spaced, (last - 1) * spacing, 0 * sessions), stay)
    given = nights >= 0
    count = where(given, stays_given, stays_free)
    total = where(given, nights * stays_given, (stays_free - 1) * full_nights + last_nights)
    longest = where(given, nights, where(stays_free > 1, full_nights, last_nights))
    return count, total, longest, given & (stays_given > 1)


def planned(
    sessions: N, spacing: N, nights: N, limit: N, stay: N, split: bool | Bools | None
) -> tuple[N, N, N, bool | Bools]:
    """`stays` under the plan's ``split``: True allows several stays, False keeps one,
    None (tripcost decides) keeps one stay of the nights given and, without nights,
    chooses stays that fit the visa. Where one stay of the nights given is kept though
    the sessions need more at this spacing, it is kept all the same (``squeezed``):
    the clinic must space them closer than this scenario's spacing."""
    several: bool | Bools = False if split is None else split
    count, total, longest, splits = stays(
        sessions, spacing, nights, limit, stay, True if split is None else split
    )
    squeezed = both(splits, negate(several))
    one = 1 + 0 * sessions
    return (
        where(squeezed, one, count),
        where(squeezed, nights, total),
        where(squeezed, nights, longest),
        squeezed,
    )


def refused(sessions: N, spacing: N, nights: N, split: bool | Bools | None) -> bool | Bools:
    """Where one stay of the nights given cannot hold the most sessions even at the
    shortest spacing and the plan does not allow several stays: a plan that cannot
    happen (the caller names the nights it needs)."""
    several: bool | Bools = False if split is None else split
    splits = stays(sessions, spacing, nights, 0 * sessions, 0 * sessions, False)[3]
    return both(splits, negate(several))


def profile(count: N, total: N, longest: N) -> tuple[N, N]:
    """(nights of each stay but the last, nights of the last) of one treatment's stays,
    from what `stays` returns: every stay but the last is the longest one."""
    return longest, total - (count - 1) * longest


def combine(parts: list[tuple[N, N, N]]) -> tuple[N, N, N]:
    """One trip's (stays, nights, longest stay) from its treatments' (stays, nights,
    longest stay). They share the stays: the trip takes the most stays any of them needs,
    and each stay lasts as long as the longest any treatment needs of it (a treatment's
    stays are its longest ones, then a last one that may be shorter). No treatment: one
    stay of no nights.

    >>> combine([(3, 168, 56), (1, 62, 62)])  # stays 62 + 56 + 56
    (3, 174, 62)
    """
    if not parts:
        return (1, 0, 0)  # type: ignore[return-value]
    if len(parts) == 1:
        return parts[0]
    count, longest = parts[0][0], parts[0][2]
    for part in parts[1:]:
        count, longest = maximum(count, part[0]), maximum(longest, part[2])
    shapes: list[tuple[N, N, N]] = []
    for c, t, g in parts:
        full, last = profile(c, t, g)
        shapes.append((c, full, last))
    if every(_uniform(shapes, longest)):  # every stay as long as the longest (nights given)
        return count, count * longest, longest
    # each stay's length only changes where a treatment's last stay starts or ends
    points = [0 * count] + [s[0] - 1 for s in shapes] + [s[0] for s in shapes]
    total = 0 * count
    for i, q in enumerate(points):
        after = count
        for r in points:
            after = where(r > q, minimum(after, r), after)
        seen: bool | Bools = False
        for r in points[:i]:
            seen = seen | (r == q)
        width = where(seen, 0 * count, maximum(after - q, 0 * count))
        level = 0 * count
        for c, full, last in shapes:
            level = maximum(level, where(q < c - 1, full, where(q < c, last, 0 * count)))
        total = total + width * level
    return count, total, longest


def _uniform(shapes: list[tuple[N, N, N]], longest: N) -> bool | Bools:
    """Where every stay of every treatment lasts ``longest`` nights."""
    same: bool | Bools = True
    for _, full, last in shapes:
        same = both(same, both(full == longest, last == longest))
    return same


def bounds(
    low: tuple[N, N, N], high: tuple[N, N, N]
) -> tuple[tuple[N, N], tuple[N, N], tuple[N, N]]:
    """(stays, nights, longest stay) as (least, most) over the low and the high scenario.

    Usually the low scenario has the fewer of each, but not always: at the longest
    spacing a course may be split into more, shorter stays to fit the visa, and then
    its nights are fewer. The estimate's low and high bound the cost over both."""
    return tuple(  # type: ignore[return-value]
        (minimum(a, b), maximum(a, b)) for a, b in zip(low, high, strict=True)
    )


def recovery(count: N, downtime: N, recover: bool | Bools) -> N:
    """Nights of downtime spent in the country: one downtime after each stay's last
    session when the traveller recovers there, else none."""
    return where(recover, count * downtime, 0 * count)
