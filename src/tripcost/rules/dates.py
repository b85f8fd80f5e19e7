"""Where each stay and session of a trip falls, in days from the trip's start.

The same rules as the estimate's (`tripcost.rules.schedule`), laid out in time for one
scenario: each treatment's stays come from `planned`, the sessions a stay holds from
`held`, and the stays the treatments share last as long as `combine` says. So the
stays and nights of a layout are the estimate's, scenario by scenario.

* The first stay begins on day 0 with every treatment's first session; a treatment's
  sessions follow every ``spacing`` days while the stay holds them.
* The next stay begins when every treatment with a session in it is ``spacing`` days
  past its last one (never before the day after the previous departure).
* A stay lasts as long as its treatments need (the nights given, the spacing, the
  sources' typical stay); with ``recover_in_country`` the trip's downtime is added.
* Where one stay is kept though the sessions need more at this spacing (``squeezed``),
  they are spread evenly over the nights: the clinic must space them closer.

The scenarios: `LOW` is the estimate's low (fewest sessions, shortest spacing, shortest
stay and downtime), `HIGH` its high (most, longest); `FAST` has the most sessions at the
shortest spacing, to date the earliest day of a session only the high scenario needs.

>>> from tripcost.inputs import Days, TreatmentInput, TripInput
>>> from tripcost.ranges import Range
>>> co2 = TreatmentInput("co2", (3, 6), Range.of(300, 700, "USD"), Days(28, 56))
>>> trip = TripInput(0, "KR", None, 14, True, False, False, (co2,), (), None, (), None,
...                  None, None)
>>> [(s.arrival, s.departure) for s in layout(trip, LOW).stays]
[(0, 14), (28, 42), (56, 70)]
>>> [v.day for v in layout(trip, HIGH).visits]
[0, 56, 112, 168, 224, 280]
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from tripcost.inputs import TripInput
from tripcost.rules.schedule import combine, held, planned, profile
from tripcost.rules.trip import downtime

__all__ = [
    "FAST",
    "HIGH",
    "LOW",
    "Layout",
    "Scenario",
    "StayDays",
    "Visit",
    "add_months",
    "dated_sessions",
    "layout",
]


@dataclass(frozen=True, slots=True)
class Scenario:
    """Which bound each fact takes: 0 the low, 1 the high. ``spacing`` also picks the
    typical stay and the downtime."""

    name: str
    sessions: int
    spacing: int


LOW = Scenario("low", 0, 0)
HIGH = Scenario("high", 1, 1)
FAST = Scenario("fast", 1, 0)


@dataclass(frozen=True, slots=True)
class Visit:
    """One session: the treatment, its number in the course (from 1), the stay that
    holds it (from 1), its day, the days of downtime after it, and its plan line (from 0)."""

    treatment: str
    number: int
    stay: int
    day: int
    downtime: int | None
    line: int = 0


@dataclass(frozen=True, slots=True)
class StayDays:
    number: int
    arrival: int
    departure: int

    @property
    def nights(self) -> int:
        return self.departure - self.arrival


@dataclass(frozen=True, slots=True)
class Layout:
    scenario: Scenario
    stays: tuple[StayDays, ...]
    visits: tuple[Visit, ...]

    @property
    def nights(self) -> int:
        return sum(s.nights for s in self.stays)


@dataclass(frozen=True, slots=True)
class _Course:
    line: int
    slug: str
    sessions: int
    part: tuple[int, int, int]  # (stays, nights, longest stay) as `planned` gives them
    count: int
    held: int
    step: int
    full: int
    last: int
    downtime: int | None

    def in_stay(self, s: int) -> int:
        """Sessions in stay ``s`` (from 0)."""
        if s >= self.count:
            return 0
        return self.held if s < self.count - 1 else self.sessions - (self.count - 1) * self.held

    def length(self, s: int) -> int:
        return self.full if s < self.count - 1 else self.last if s < self.count else 0


def _courses(t: TripInput, sc: Scenario) -> list[_Course]:
    limit = t.visa.high if t.visa is not None else 0
    may_split = True if t.split is None else t.split
    out = []
    for i, tr in enumerate(t.treatments):
        n = tr.sessions[sc.sessions]
        sp = (tr.spacing.low, tr.spacing.high)[sc.spacing]
        stay = (tr.stay.low, tr.stay.high)[sc.spacing]
        count, total, longest, squeezed = planned(n, sp, t.nights, limit, stay, t.split)
        full, last = profile(count, total, longest)
        if squeezed:  # one stay of the nights given: spread evenly
            cap, step = n, (t.nights // (n - 1) if n > 1 else 0)
        else:
            cap, step = held(n, sp, t.nights, limit, may_split, stay), sp
        down = None if tr.downtime is None else (tr.downtime.low, tr.downtime.high)[sc.spacing]
        out.append(
            _Course(i, tr.slug, n, (count, total, longest), count, cap, step, full, last, down)
        )
    return out


def layout(t: TripInput, sc: Scenario) -> Layout:
    """Trip ``t``'s stays and sessions in scenario ``sc``, in days from its start."""
    limit = t.visa.high if t.visa is not None else 0
    courses = _courses(t, sc)
    base = planned(1, 0, t.nights, limit, 0, t.split)[:3]  # the trip itself
    parts = [base] + [c.part for c in courses]
    count = combine(parts)[0]
    first = profile(*base)
    down = downtime(t)
    extra = (down.low, down.high)[sc.spacing] if down is not None and t.recover else 0
    stays: list[StayDays] = []
    visits: list[Visit] = []
    arrival = 0
    for s in range(count):
        if s:
            pace = [c.held * c.step for c in courses if c.in_stay(s)]
            arrival = max(stays[-1].arrival + max(pace, default=0), stays[-1].departure + 1)
        length = max([c.length(s) for c in courses] + [first[0] if s == 0 else 0])
        stays.append(StayDays(s + 1, arrival, arrival + length + extra))
        for c in courses:
            for j in range(c.in_stay(s)):
                number = s * c.held + j + 1
                day = arrival + j * c.step
                visits.append(Visit(c.slug, number, s + 1, day, c.downtime, c.line))
    return Layout(sc, tuple(stays), tuple(visits))


def dated_sessions(
    t: TripInput, sc: Scenario, start: dt.date, valid_from: dt.date | None,
    valid_to: dt.date | None,
) -> list[tuple[int, int]]:  # fmt: skip
    """For each treatment line of trip ``t`` in scenario ``sc``, starting ``start``: (its
    sessions whose day falls within ``valid_from``–``valid_to``, all its sessions)."""
    from tripcost.rules.costs import in_force

    counts = [[0, 0] for _ in t.treatments]
    for v in layout(t, sc).visits:
        counts[v.line][1] += 1
        if in_force(start + dt.timedelta(days=v.day), valid_from, valid_to):
            counts[v.line][0] += 1
    return [(a, b) for a, b in counts]


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole calendar months (the 31st becomes the month's last day).

    >>> add_months(dt.date(2026, 11, 30), 3), add_months(dt.date(2026, 3, 2), 3)
    (datetime.date(2027, 2, 28), datetime.date(2026, 6, 2))
    """
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
