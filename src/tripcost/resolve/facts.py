"""Facts about a treatment (sessions, spacing, downtime, stay) from the rows that state
them: counts as given, spans in whole days (a week is 7, a month 28 to 31 and approximate).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tripcost.ranges import Source
from tripcost.resolve.rows import FactRow

__all__ = ["DAYS_PER_UNIT", "Fact", "combine_facts"]

#: whole days per unit of a fact row (calendar lengths)
DAYS_PER_UNIT = {"day": (1, 1), "week": (7, 7), "month": (28, 31)}


@dataclass(frozen=True, slots=True)
class Fact:
    """Sessions (a count) or spacing, downtime, stay (whole days), with their sources."""

    treatment: str
    fact: str
    low: int
    high: int
    open_ended: bool
    approximate: bool
    sources: tuple[Source, ...]
    inherited_from: tuple[str, ...] = ()

    def describe(self) -> str:
        unit = "sessions" if self.fact == "sessions" else "days"
        span = f"{self.low}" if self.low == self.high else f"{self.low}-{self.high}"
        mark = ("~" if self.approximate else "") + span + ("+" if self.open_ended else "")
        return f"{mark} {unit}"

    def refs(self) -> str:
        return ", ".join(dict.fromkeys(s.ref for s in self.sources))


def combine_facts(
    slug: str, fact: str, *groups: Sequence[FactRow], inherited: tuple[str, ...] = ()
) -> Fact | None:
    """One fact from every row of ``groups`` (a treatment's own rows, or its ancestors'):
    the fewest of the lows to the most of the highs, every source listed; None if no row."""
    own = [r for rows in groups for r in rows]
    if not own:
        return None
    lows, highs = [], []
    for r in own:
        lo_mult, hi_mult = DAYS_PER_UNIT.get(r.unit, (1, 1))
        lows.append(int(r.low) * lo_mult)
        highs.append(int(r.high) * hi_mult)
    return Fact(
        slug, fact, min(lows), max(highs),
        any(r.open_ended for r in own),
        any(r.approximate or r.unit == "month" for r in own),
        tuple(dict.fromkeys(Source(r.source, r.source_date, r.quote) for r in own)),
        inherited,
    )  # fmt: skip
