"""A comparison as rows, cells and notes: what ``tripcost compare`` shows in every format.

The wide table has one row per country and a column per treatment, then the course
total, the trip and the saving; ``each`` gives the long table, one row per source
statement. JSON and CSV get one record per country and treatment (and source); the
notes under the table are `tripcost.views.compare_notes`.
"""

from __future__ import annotations

from collections.abc import Sequence

from tripcost.comparison import CompareRow, Marks, summarize
from tripcost.fx import RecordingRates
from tripcost.money import Money
from tripcost.ranges import Range
from tripcost.resolve.catalog import Catalog
from tripcost.savings import BASIS_WORDS
from tripcost.views.compare_asked import CompareAsked, quoted
from tripcost.views.display import (
    JSON,
    Output,
    Record,
    amount_text,
    country_name,
    money,
    range_fields,
    span,
)
from tripcost.views.notes import counted, rate_cells, rate_records

__all__ = ["CompareAsked", "compare_output", "compare_record", "price_cell", "row_text"]


def _notes(row: CompareRow) -> list[JSON]:
    """The row's notes as JSON: on its price (``about`` "price"), its trip's flags, and
    the notes on home's figure that its saving is measured against (``about`` "home")."""
    price: list[JSON] = [{"kind": str(k), "message": m, "about": "price"} for k, m in row.notes]
    trip: list[JSON] = [{"kind": str(k), "message": m, "about": "trip"} for k, m in row.trip_notes]
    home: list[JSON] = [{"kind": str(k), "message": m, "about": "home"} for k, m in row.home_notes]
    return price + trip + home


def compare_record(row: CompareRow, q: CompareAsked) -> Record:
    """One JSON object: a country and treatment (and source, with ``each``).

    Every row of one comparison has the same keys: the price on the unit basis
    (``low``/``high``, null where no range is stated), the stated average, then the
    groups the question asked for (the statement's ``source``, ``statistic``,
    ``authority`` and ``currency_stated`` with ``each``; course ``total_*`` with
    sessions, ``trip_*`` with nights, ``saving_*`` with home, on one ``saving_basis``,
    leaving out ``saving_without``); a figure that is missing is null, and ``missing``
    says why. ``not_included`` is what no figure includes, ``unverified_sources`` the
    sources whose quotes could not be checked. Each money group names its currency and
    (for ranges) its flags; ``rates`` are the rates of this row's figures.
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
        rec["authority"] = row.authority
        rec["currency_stated"] = row.currency_stated
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
        rec["saving_basis"] = q.basis
        rec["saving_low"] = amount_text(lo) if lo is not None else None
        rec["saving_high"] = amount_text(hi) if hi is not None else None
        rec["saving_currency"] = cur
        marks = row.saving_marks if row.saving else None
        rec["saving_or_less"] = marks.or_less if marks else None
        rec["saving_or_more"] = marks.or_more if marks else None
        rec["saving_approximate"] = marks.approximate if marks else None
        rec["saving_without"] = list(row.saving_without)
        rec["home_missing"] = row.home_missing
        rec.update(range_fields(row.home_price, cur, "home_"))
        rec["home_sources"] = [s.ref for s in row.home_price.sources] if row.home_price else []
        rec.update(range_fields(row.abroad_price, cur, "abroad_"))
    rec["missing"] = row.missing
    rec["not_included"] = list(row.not_included)
    rec["unverified_sources"] = list(row.unverified)
    rec["notes"] = _notes(row)
    rec["rates"] = rate_records(row.rates)
    return rec


def row_text(row: CompareRow, locale: str = "en_US") -> str:
    """A row in words: its price on its basis (or why there is none), the course total
    and the trip where they were asked for, amounts rounded for display."""
    head = f"{row.country} {row.treatment}"
    if row.per_session is None and row.average is None:
        return f"{head}: no price ({row.missing})" if row.missing else f"{head}: no price"
    text = f"{head}: {_price(row, locale)} per {row.unit}"
    if row.total is not None:
        text += f"; course {span(row.total, locale)}"
    if row.trip is not None:
        text += f"; trip {span(row.trip, locale)}"
    if row.saving is not None:
        shown = saving_text(row.saving, row.saving_marks, locale)
        text += f"; saving ({row.saving_basis}) {shown}"
    return text


def _flat(rec: Record, row: CompareRow) -> Record:
    """A row as CSV cells: notes as "kind: message" text ("kind (trip): message" for the
    trip's), rates as ``rate_*`` cells."""
    out = {k: v for k, v in rec.items() if k not in ("notes", "rates")}
    notes: list[JSON] = [f"{k}: {m}" for k, m in row.notes]
    notes += [f"{k} (trip): {m}" for k, m in row.trip_notes]
    out["notes"] = notes + [f"{k} (home): {m}" for k, m in row.home_notes]
    return out | rate_cells(row.rates)


def _tail_headers(q: CompareAsked) -> list[str]:
    """The columns both tables end with: course total, trip, saving (and its basis)."""
    headers = []
    if q.sessions is not None:
        headers.append(f"× {counted(q.sessions.low, q.sessions.high, 'session')}")
    if q.nights is not None:
        headers.append(f"trip, {q.nights}-night stays")
    if q.home is not None:
        headers.append(f"saving vs {q.home} ({BASIS_WORDS[q.basis].format(unit=q.unit)})")
    return headers


def _tail_cells(
    q: CompareAsked, country: str, total: Range | None, trip: Range | None,
    saving: tuple[Money, Money] | None, incomplete: bool = False,
    stays: tuple[int, int] | None = None, without: tuple[str, ...] = (),
    marks: Marks | None = None,
) -> list[str]:  # fmt: skip
    loc = q.locale
    cells = []
    if q.sessions is not None:
        cells.append(span(total, loc) if total else "-")
    if q.nights is not None:
        shown = span(trip, loc) if trip else "-"
        if trip and stays:
            shown += f" ({counted(stays[0], stays[1], 'stay')})"
        cells.append(shown + (" (incomplete)" if incomplete and trip else ""))
    if q.home is not None:
        shown = saving_text(saving, marks or Marks(), loc) if saving else "-"
        if saving and without:
            shown += f" (without {', '.join(without)})"
        cells.append("(home)" if country == q.home else shown)
    return cells


def saving_text(saving: tuple[Money, Money], marks: Marks, locale: str) -> str:
    """'-$17.23 to $162.77+': "+" where the most saved may be more (home's figure is
    open-ended), "or less" where the least may be less (abroad's is), "~" approximate."""
    lo, hi = money(saving[0], locale), money(saving[1], locale)
    tilde = "~" if marks.approximate else ""
    if lo == hi and not (marks.or_less and marks.or_more):  # one figure, with its mark
        return f"{tilde}{lo}{' or less' if marks.or_less else ''}{'+' if marks.or_more else ''}"
    lo += " or less" if marks.or_less else ""
    hi += "+" if marks.or_more else ""
    return f"{tilde}{lo} to {hi}"


def price_cell(row: CompareRow | None, locale: str) -> str:
    """The price on the comparison's basis: "avg …" for an average statement, "no range ·
    avg …" where a cell states only an average (never a bound), "no data" where none;
    "(your quote)" after your quote."""
    if row is None or (row.per_session is None and row.average is None):
        return "no data"
    return _price(row, locale) + (" (your quote)" if quoted(row) else "")


def _price(row: CompareRow, locale: str) -> str:
    if row.per_session is not None:
        return span(row.per_session, locale)
    assert row.average is not None
    avg = f"avg {span(row.average, locale)}"
    return avg if row.statistic == "average" else f"no range · {avg}"


def _each_cells(rows: Sequence[CompareRow], q: CompareAsked) -> tuple[list[str], list[list[str]]]:
    headers = ["Country", "Treatment", "Source", "Authority", "Currency stated",
               f"Per {q.unit}", *_tail_headers(q)]  # fmt: skip
    cells = []
    for row in rows:
        per = price_cell(row, q.locale)
        tail = _tail_cells(q, row.country, row.total, row.trip, row.saving, stays=row.stays,
                           without=row.saving_without, marks=row.saving_marks)  # fmt: skip
        stated = "-" if row.authority is None else "yes" if row.currency_stated else "no"
        cells.append([row.country, row.treatment, row.source or "-", row.authority or "-",
                      stated, per, *tail])  # fmt: skip
    return headers, cells


def _wide_cells(
    rows: Sequence[CompareRow], slugs: Sequence[str], q: CompareAsked
) -> tuple[list[str], list[list[str]]]:
    named = [f"{s} per {q.unit}" if len(slugs) == 1 else s for s in slugs]
    headers = ["Country", *named, *_tail_headers(q)]
    cells = []
    for g in summarize(rows, slugs):
        per = [g.cells.get(s) for s in slugs]
        shown = [price_cell(c, q.locale) for c in per]
        tail = _tail_cells(q, g.country, g.total, g.trip, g.saving, bool(g.missing), g.stays,
                           g.saving_without, g.saving_marks)  # fmt: skip
        cells.append([f"{g.country} {country_name(g.country)}", *shown, *tail])
    return headers, cells


def compare_output(
    rows: Sequence[CompareRow], slugs: Sequence[str], cat: Catalog, rates: RecordingRates,
    q: CompareAsked,
) -> Output:  # fmt: skip
    """What ``tripcost compare`` shows in every format."""
    from tripcost.views.compare_notes import compare_notes

    records = [compare_record(row, q) for row in rows]
    flat = [_flat(rec, row) for rec, row in zip(records, rows, strict=True)]
    if q.each:
        headers, cells = _each_cells(rows, q)
    else:
        headers, cells = _wide_cells(rows, slugs, q)
    notes = compare_notes(rows, slugs, cat, rates, q, cells)
    title = f"{', '.join(slugs)} · {q.currency}"
    return Output(records, headers, cells, notes, title, flat=flat)
