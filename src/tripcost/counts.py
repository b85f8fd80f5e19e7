"""Counts a plan or a command line gives: sessions as a number or a range, the plan's
limits, and a short `repr` for messages. Plain values, no model framework, so the
command line reads ``--sessions`` and checks its numbers without loading the plan model.

>>> parse_count("3-6")
Count(low=3, high=6)
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from tripcost.errors import PlanError

__all__ = ["MAX_NIGHTS", "MAX_PARTY", "MAX_SESSIONS", "Count", "brief", "parse_count"]

#: More sessions than this in one plan line is a typo, not a plan.
MAX_SESSIONS = 100
#: More nights than this in one trip is a move, not a trip.
MAX_NIGHTS = 3650
MAX_PARTY = 100


def brief(value: object) -> str:
    """``repr`` that stays short and never fails (a 5000-digit int cannot be printed);
    a date, time or date and time is written as TOML writes it (``2026-03-02T10:00:00``).

    >>> brief(dt.datetime(2026, 3, 2, 10, 0)), brief(dt.date(1899, 12, 31)), brief(dt.time(10))
    ('2026-03-02T10:00:00', '1899-12-31', '10:00:00')
    """
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, dt.date | dt.time):  # a datetime is a date
        return value.isoformat()
    if isinstance(value, int):
        if value.bit_length() > 14000:  # past Python's 4300-digit printing limit
            return f"a number of about {int(value.bit_length() * 0.30103) + 1} digits"
        if value.bit_length() > 130:
            return f"a number of {len(str(abs(value)))} digits"
        return repr(value)
    if isinstance(value, Decimal):
        digits = len(value.as_tuple().digits)
        return str(value) if digits <= 30 else f"a number of {digits} digits"
    if isinstance(value, str) and len(value) > 60:
        return repr(value[:40] + "…")
    text = repr(value)
    return text if len(text) <= 80 else text[:60] + "…"


@dataclass(frozen=True, slots=True)
class Count:
    """A whole number or a range of them: sessions "3-6" is Count(low=3, high=6).

    A plain value (not a model), so the command line can read ``--sessions`` without
    loading the plan model."""

    low: int
    high: int

    def __post_init__(self) -> None:
        for name, v in (("low", self.low), ("high", self.high)):
            if isinstance(v, bool) or not isinstance(v, int):
                raise PlanError(f"Count {name} {brief(v)} is not a whole number")
        if self.low < 0:
            raise PlanError(f"Count({self.low}, {self.high}): a count is not negative")
        if self.low > self.high:
            msg = f"Count({self.low}, {self.high}) is an impossible range: {self.low} > {self.high}"
            raise PlanError(msg)

    def __repr__(self) -> str:
        return f"Count(low={self.low}, high={self.high})"

    def __str__(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}-{self.high}"

    def as_tuple(self) -> tuple[int, int]:
        return (self.low, self.high)


_COUNT = re.compile(r"^\s*(\d+)\s*(?:(?:-|–|—|to)\s*(\d+)\s*)?$")


def parse_count(value: object, *, what: str = "sessions", maximum: int = MAX_SESSIONS) -> Count:
    """'3', 3, '3-6', '3–6', (3, 6) -> a `Count`; refuses 0, negatives, '6-3', '3-'
    with a `PlanError` (a ValueError too, so pydantic reports it as a field error).

    Lenient about spaces, for the command line; plans take what their schema says.

    >>> parse_count("3-6")
    Count(low=3, high=6)
    """
    if isinstance(value, Count):
        return value
    if isinstance(value, bool):
        raise PlanError(f"{what} {value!r} is not a number or a range like '3-6'")
    if isinstance(value, dict) and set(value) == {"low", "high"}:
        value = (value["low"], value["high"])
    if isinstance(value, tuple | list) and len(value) == 2:
        lo, hi = (parse_count(v, what=what, maximum=maximum).low for v in value)
    elif isinstance(value, int):
        lo = hi = value
    elif isinstance(value, str):
        m = _COUNT.match(value)
        if not m:
            raise PlanError(f"{what} {brief(value)} is not a whole number or a range like '3-6'")
        if max(len(g or "") for g in m.groups()) > 9:
            raise PlanError(f"{what} {brief(value)} is more than {maximum}")
        lo = int(m.group(1))
        hi = int(m.group(2)) if m.group(2) is not None else lo
    else:
        raise PlanError(f"{what} {brief(value)} is not a whole number or a range like '3-6'")
    if lo < 1:
        raise PlanError(f"{what} {brief(value)} must be at least 1")
    if lo > hi:
        raise PlanError(f"{what} {value!r} is an impossible range: {lo} > {hi}")
    if hi > maximum:
        raise PlanError(f"{what} {brief(value)} is more than {maximum}")
    return Count(low=lo, high=hi)
