"""A comparison as rows, cells and notes: what ``tripcost compare`` shows in every format.

The wide table has one row per country and a column per treatment, then the course
total, the trip and the saving; ``each`` gives the long table, one row per source
statement. JSON and CSV get one record per country and treatment (and source).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tripcost.compare import CompareRow, summarize
from tripcost.counts import Count
from tripcost.fx import RecordingRates
from tripcost.money import Money
from tripcost.ranges import Range
from tripcost.resolve.catalog import Catalog
from tripcost.resolve.prices import gap_summary
from tripcost.views.display import (
    JSON,
    Output,
    Record,
    amount_text,
    country_name,
    pair,
    range_fields,
    span,
)
from tripcost.views.notes import counted, notes_under, rate_cells, rate_records, rates_shown

__all__ = ["CompareAsked", "compare_output", "compare_record", "row_text"]


@dataclass(frozen=True)
class CompareAsked:
    """What the comparison was asked for (it decides the columns and the notes)."""

    currency: str
    locale: str
    unit: str = "session"
    sessions: Count | None = None
    nights: int | None = None
    home: str | None = None
    each: bool = False
    extras: tuple[str, ...] = ()  # names of the per-stay extras given


def compare_record(row: CompareRow, q: CompareAsked) -> Record:
    """One JSON object: a country and treatment (and source, with ``each``).

    Every row of one comparison has the same keys: the price on the unit basis
    (``low``/``high``), the stated average, then the groups the question asked for
    (course ``total_*`` with sessions, ``trip_*`` with nights, ``saving_*`` with home);
    a figure that is missing is null, and ``missing`` says why. Each money group names
    its currency and (for ranges) its flags; ``rates`` are the rates of this row's figures.
    """
    cur = q.currency
    rec: Record = {
        "country": row.country, "country_name": country_name(row.country),
        "treatment": row.treatment, "unit": q.unit,
        **range_fields(row.per_session, cur),
        "sources": [s.ref for s in row.per_session.sources] if row.per_session else [],
        **range_fields(row.average, cur, "average_"),
    }  # fmt: skip
    if q.each:
        rec["source"] = row.source
        rec["statistic"] = row.statistic
    if q.sessions is not None:
        rec["sessions_low"], rec["sessions_high"] = q.sessions.as_tuple()
        rec.update(range_fields(row.total, cur, "total_"))
    if q.nights is not None:
        rec["nights"] = q.nights
        rec.update(range_fields(row.trip, cur, "trip_"))
        rec["trips_low"], rec["trips_high"] = row.stays if row.stays else (None, None)
    if q.home is not None:
        lo, hi = row.saving if row.saving else (None, None)
        rec["home"] = q.home
        rec["saving_low"] = amount_text(lo) if lo is not None else None
        rec["saving_high"] = amount_text(hi) if hi is not None else None
        rec["saving_currency"] = cur
        rec["home_missing"] = row.home_missing
    rec["missing"] = row.missing
    notes: list[JSON] = [{"kind": str(k), "message": m} for k, m in row.notes]
    rec["notes"] = notes
    rec["rates"] = rate_records(row.rates)
    return rec


def row_text(row: CompareRow, locale: str = "en_US") -> str:
    """A row in words: its price on its basis (or why there is none), the course total
    and the trip where they were asked for, amounts rounded for display."""
    head = f"{row.country} {row.treatment}"
    if row.per_session is None:
        return f"{head}: no price ({row.missing})" if row.missing else f"{head}: no price"
    avg = "avg " if row.statistic == "average" else ""
    text = f"{head}: {avg}{span(row.per_session, locale)} per {row.unit}"
    if row.total is not None:
        text += f"; course {span(row.total, locale)}"
    if row.trip is not None:
        text += f"; trip {span(row.trip, locale)}"
    if row.saving is not None:
        text += f"; saving {pair(row.saving[0], row.saving[1], locale)}"
    return text


def _flat(rec: Record, row: CompareRow) -> Record:
    """A row as CSV cells: notes as "[kind] message" text, rates as ``rate_*`` cells."""
    out = {k: v for k, v in rec.items() if k not in ("notes", "rates")}
    out["notes"] = [f"[{k}] {m}" for k, m in row.notes]
    return out | rate_cells(row.rates)


def _tail_headers(q: CompareAsked) -> list[str]:
    """The columns both tables end with: course total, trip, saving."""
    headers = []
    if q.sessions is not None:
        headers.append(f"× {counted(q.sessions.low, q.sessions.high, 'session')}")
    if q.nights is not None:
        headers.append(f"trip, {q.nights}-night stays")
    if q.home is not None:
        headers.append(f"saving vs {q.home}")
    return headers


def _tail_cells(
    q: CompareAsked, country: str, total: Range | None, trip: Range | None,
    saving: tuple[Money, Money] | None, incomplete: bool = False,
    stays: tuple[int, int] | None = None, without: tuple[str, ...] = (),
) -> list[str]:  # fmt: skip
    loc = q.locale
    cells = []
    if q.sessions is not None:
        cells.append(span(total, loc) if total else "-")
    if q.nights is not None:
        shown = span(trip, loc) if trip else "-"
        if trip and stays:
            n = f"{stays[0]}" if stays[0] == stays[1] else f"{stays[0]}–{stays[1]}"
            shown += f" ({n} stay{'' if stays == (1, 1) else 's'})"
        cells.append(shown + (" (incomplete)" if incomplete and trip else ""))
    if q.home is not None:
        shown = pair(saving[0], saving[1], loc) if saving else "-"
        if saving and without:
            shown += f" (without {', '.join(without)})"
        cells.append("(home)" if country == q.home else shown)
    return cells


def _price_cell(row: CompareRow | None, locale: str) -> str:
    """The price on the comparison's basis ("avg" where the statement is an average)."""
    if row is None or row.per_session is None:
        return "no data"
    mark = " (your quote)" if _quoted(row) else ""
    return ("avg " if row.statistic == "average" else "") + span(row.per_session, locale) + mark


def _quoted(row: CompareRow) -> bool:
    """Is the row's price your quote (a clinic's word, in place of the catalog's)?"""
    p = row.per_session
    return p is not None and bool(p.sources) and all(s.is_own_quote for s in p.sources)


def _each_cells(rows: Sequence[CompareRow], q: CompareAsked) -> tuple[list[str], list[list[str]]]:
    headers = ["Country", "Treatment", "Source", f"Per {q.unit}", *_tail_headers(q)]
    cells = []
    for row in rows:
        per = _price_cell(row, q.locale)
        tail = _tail_cells(q, row.country, row.total, row.trip, row.saving, stays=row.stays)
        cells.append([row.country, row.treatment, row.source or "-", per, *tail])
    return headers, cells


def _wide_cells(
    rows: Sequence[CompareRow], slugs: Sequence[str], q: CompareAsked
) -> tuple[list[str], list[list[str]]]:
    named = [f"{s} per {q.unit}" if len(slugs) == 1 else s for s in slugs]
    headers = ["Country", *named, *_tail_headers(q)]
    cells = []
    for g in summarize(rows, slugs):
        per = [g.cells.get(s) for s in slugs]
        shown = [_price_cell(c, q.locale) for c in per]
        tail = _tail_cells(q, g.country, g.total, g.trip, g.saving, bool(g.missing), g.stays,
                           g.saving_without)  # fmt: skip
        cells.append([f"{g.country} {country_name(g.country)}", *shown, *tail])
    return headers, cells


def _left_out(rows: Sequence[CompareRow], q: CompareAsked) -> list[str]:
    """What the figures do not include, and the notes on the prices they use."""
    out = []
    if q.nights is None:
        out.append("Not included: living costs and travel (give --nights to price a trip).")
    else:
        given = f" except {', '.join(q.extras)}" if q.extras else ""
        out.append(
            f"Not included: flights, insurance and visa fees{given} (add them with --extra)."
        )
    for r in rows:
        if r.average is not None and not q.each:
            refs = ", ".join(dict.fromkeys(s.ref for s in r.average.sources))
            shown = span(r.average, q.locale)
            out.append(f"Average beside the range: {r.country} {r.treatment} {shown} ({refs}).")
    for r in rows:
        if _quoted(r) and r.per_session is not None:
            stated = r.per_session.sources[0].quote
            out.append(f"Your quote: {r.country} {r.treatment} {stated} per {r.unit}, in place "
                       "of the catalog's range there.")  # fmt: skip
    homeless = sorted({r.treatment for r in rows if r.home_missing})
    if homeless:
        out.append(f"No saving for {', '.join(homeless)}: {q.home} has no price for it.")
    seen: list[str] = []
    for r in rows:
        for kind, message in r.notes:
            text = f"[{kind}] {r.country} {r.treatment}: {message}"
            if text not in seen:
                seen.append(text)
    return out + seen


def compare_output(
    rows: Sequence[CompareRow], slugs: Sequence[str], cat: Catalog, rates: RecordingRates,
    q: CompareAsked,
) -> Output:  # fmt: skip
    """What ``tripcost compare`` shows in every format."""
    records = [compare_record(row, q) for row in rows]
    flat = [_flat(rec, row) for rec, row in zip(records, rows, strict=True)]
    sources = [s for row in rows for r in (row.per_session, row.trip) if r for s in r.sources]
    notes = notes_under(rates_shown(rates, q.currency), q.locale, sources)
    if q.each:
        headers, cells = _each_cells(rows, q)
    else:
        headers, cells = _wide_cells(rows, slugs, q)
        for slug in slugs:
            gaps = sorted(
                {r.country for r in rows if r.treatment == slug and r.per_session is None}
            )
            if gaps:
                notes.append(gap_summary(cat, slug, gaps))
    unverified = sorted({s.ref for s in sources if s.ref in cat.unverified})
    if unverified:
        notes.append(f"Unverified sources (no copy to check the quotes): {', '.join(unverified)}")
    if any("+" in c for line in cells for c in line):
        notes.append("+ : or more (the source's highest figure is a floor)")
    if any(c.startswith("~") for line in cells for c in line):
        notes.append("~ : approximate in the source")
    if q.nights is not None:
        notes.append("Trips: sessions that do not fit one stay are spread over several stays.")
    notes += _left_out(rows, q)
    if q.each and (q.nights is not None or q.home is not None):
        notes.append("Trip and saving columns use the envelope of every source of a country.")
    if q.home is not None:
        notes.append(
            f"Saving: the least to the most saved against {q.home} (negative: costs more)."
        )
    title = f"{', '.join(slugs)} · {q.currency}"
    return Output(records, headers, cells, notes, title, flat=flat)
