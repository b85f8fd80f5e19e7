"""What goes under every table: the rates used, the sources, plural units; rate records.

Shared by every output so that the rate line, the sources line and the rate objects
of JSON read the same wherever they appear.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from tripcost.fx import Rate, RecordingRates
from tripcost.ranges import Source
from tripcost.views.display import rate_line, sources_line

__all__ = ["PLURALS", "notes_under", "plural", "rate_records"]

PLURALS = {
    "session": "sessions", "night": "nights", "meal": "meals", "ride": "rides",
    "visit": "visits", "trip": "trips", "person per trip": "person-trips",
    "syringe": "syringes", "treatment": "treatments",
}  # fmt: skip


def plural(unit: str) -> str:
    return PLURALS.get(unit, unit)


def notes_under(
    rates: RecordingRates, currency: str, locale: str, sources: Sequence[Source]
) -> list[str]:
    """A blank line, the rate of every conversion (or the rate of interest when nothing
    needed converting), and the sources."""
    if not rates.used:  # show the rate of interest even when no amount needed converting
        rates.rate(currency, "KRW" if currency != "KRW" else "USD")
    notes = [""] + [rate_line(r, locale) for r in rates.used.values()]
    if sources:
        notes.append(sources_line(sources))
    return notes


def rate_records(rates: Iterable[Rate]) -> list[dict[str, Any]]:
    return [
        {"base": r.base, "quote": r.quote, "rate": r.value, "date": r.date, "source": r.source}
        for r in rates
    ]
