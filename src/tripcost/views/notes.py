"""What goes under every table: the rates used, the sources, plural units; rate records.

Shared by every output so that the rate line, the sources line and the rate objects
of JSON (and the rate cells of CSV) read the same wherever they appear.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from tripcost.errors import TripcostError
from tripcost.fx import Rate, RecordingRates
from tripcost.ranges import Source
from tripcost.views.display import JSON, Record, number_text, rate_line, sources_line

__all__ = [
    "PLURALS",
    "RATE_CELLS",
    "REFERENCE",
    "counted",
    "notes_under",
    "plural",
    "rate_cells",
    "rate_record",
    "rate_records",
    "rates_shown",
]

PLURALS = {
    "session": "sessions", "night": "nights", "meal": "meals", "ride": "rides",
    "visit": "visits", "trip": "trips", "stay": "stays", "person per trip": "person-trips",
    "syringe": "syringes", "treatment": "treatments",
}  # fmt: skip

#: The CSV columns of a row's rates, in order.
RATE_CELLS = ("rate_base", "rate_quote", "rate", "rate_date", "rate_source")


def plural(unit: str) -> str:
    return PLURALS.get(unit, unit)


def counted(low: int, high: int, unit: str) -> str:
    """'1 stay', '2 stays', '1–3 stays'."""
    span = f"{low}" if low == high else f"{low}–{high}"
    return f"{span} {unit if (low, high) == (1, 1) else plural(unit)}"


def rates_shown(rates: RecordingRates, currency: str) -> tuple[list[Rate], Rate | None]:
    """The rate of every conversion; where nothing needed one, the rate of interest
    (USD/KRW; KRW/USD in KRW) as a reference for the table alone (None where the source
    has none), never counted as used."""
    if rates.used:
        return list(rates.used.values()), None
    try:
        return [], rates.inner.rate(currency, "KRW" if currency != "KRW" else "USD")
    except TripcostError:
        return [], None


#: How the table labels a rate no figure used.
REFERENCE = "for reference (no figure converted)"


def notes_under(
    rates: Iterable[Rate], locale: str, sources: Sequence[Source], reference: Rate | None = None
) -> list[str]:
    """A blank line, a line per rate (the ``reference`` rate labelled as such), and the
    sources."""
    notes = [""] + [rate_line(r, locale) for r in rates]
    if reference is not None:
        notes.append(f"{rate_line(reference, locale)} · {REFERENCE}")
    if sources:
        notes.append(sources_line(sources))
    return notes


def rate_record(r: Rate) -> Record:
    """A rate as a flat JSON object of strings: 1 ``base`` = ``rate`` ``quote``.

    ``rate`` is the exact value used (not rounded), ``date`` the day it is of (ISO).
    """
    return {"base": r.base, "quote": r.quote, "rate": number_text(r.value),
            "date": r.date.isoformat(), "source": r.source}  # fmt: skip


def rate_records(rates: Iterable[Rate]) -> list[JSON]:
    return [rate_record(r) for r in rates]


def rate_cells(rates: Sequence[Rate]) -> Record:
    """A row's rates as CSV cells: ``rate_base``, ``rate_quote``, ``rate``, ``rate_date``,
    ``rate_source``. Empty when the row needed no conversion (its figures are stated in
    the display currency); a row converted at several rates (figures of several dates or
    currencies) lists them all, "; " between them, in the same order in every cell."""
    records = [rate_record(r) for r in rates]
    keys = ("base", "quote", "rate", "date", "source")
    return {
        cell: "; ".join(str(rec[key]) for rec in records) or None
        for cell, key in zip(RATE_CELLS, keys, strict=True)
    }
