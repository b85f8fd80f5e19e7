"""An estimate as rows, cells and one JSON document: what every output of it shows.

The command line's table, CSV, JSON and Markdown, `Estimate.to_dict()`,
`Estimate.records()`, `str(estimate)` and the `Estimate.breakdown` frame are all
built here, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from tripcost.fx import Rate, RecordingRates
from tripcost.money import Money, exact
from tripcost.views.display import (
    JSON,
    Output,
    Record,
    amount_text,
    money,
    pair,
    range_fields,
    render,
    span,
)
from tripcost.views.notes import notes_under, plural, rate_cells, rate_records, rates_shown

if TYPE_CHECKING:
    import pandas as pd

    from tripcost.answer import Estimate, Line

__all__ = [
    "BREAKDOWN_COLUMNS",
    "breakdown_frame",
    "estimate_document",
    "estimate_output",
    "estimate_text",
    "line_record",
    "line_text",
]

#: The columns of `Estimate.breakdown`, in order: amounts as exact ``Decimal`` objects,
#: each with a float64 copy named ``<column>_f`` after it.
BREAKDOWN_COLUMNS = [
    "trip", "country", "item", "category", "qty_low", "qty_high", "unit", "unit_price_low",
    "unit_price_high", "amount_low", "amount_high", "currency", "open_ended", "approximate",
    "sources", "note",
]  # fmt: skip
MONEY_COLUMNS = ("unit_price_low", "unit_price_high", "amount_low", "amount_high")


def _pair(prefix: str, low: Money, high: Money) -> Record:
    return {f"{prefix}low": amount_text(low), f"{prefix}high": amount_text(high),
            f"{prefix}currency": low.currency}  # fmt: skip


@exact()
def line_record(ln: Line, currency: str, unverified: frozenset[str] = frozenset()) -> Record:
    """One line as JSON: counts are integers, amounts strings in the currency's digits,
    ``unverified_sources`` its sources in ``unverified`` (no copy to check their quotes),
    ``rates`` the rates that converted this line (empty: stated in ``currency``)."""
    return {
        "trip": ln.trip, "country": ln.country, "item": ln.item, "category": ln.category,
        "qty_low": ln.qty_low, "qty_high": ln.qty_high, "unit": ln.unit,
        **_pair("unit_price_", ln.unit_low, ln.unit_high),
        **_pair("amount_", ln.amount_low, ln.amount_high),
        "currency": currency, "open_ended": ln.open_ended, "approximate": ln.approximate,
        "sources": [s.ref for s in ln.sources], "note": ln.note,
        "unverified_sources": [s.ref for s in ln.sources if s.ref in unverified],
        "rates": rate_records(ln.rates),
    }  # fmt: skip


def _lines(est: Estimate) -> list[JSON]:
    return [line_record(ln, est.currency, est.unverified) for ln in est.lines]


@exact()
def breakdown_frame(est: Estimate) -> pd.DataFrame:
    """One row per line: exact ``Decimal`` amounts (object columns) and their float64
    copies (``amount_low_f`` …) for plotting; counts int64, flags bool, sources joined."""
    import pandas as pd

    rows = [
        {
            "trip": ln.trip, "country": ln.country, "item": ln.item, "category": ln.category,
            "qty_low": ln.qty_low, "qty_high": ln.qty_high, "unit": ln.unit,
            "unit_price_low": ln.unit_low.amount, "unit_price_high": ln.unit_high.amount,
            "amount_low": ln.amount_low.amount, "amount_high": ln.amount_high.amount,
            "currency": est.currency, "open_ended": ln.open_ended,
            "approximate": ln.approximate, "sources": "; ".join(s.ref for s in ln.sources),
            "note": ln.note,
        }
        for ln in est.lines
    ]  # fmt: skip
    df = pd.DataFrame(rows, columns=BREAKDOWN_COLUMNS)
    df = df.astype({"trip": "int64", "qty_low": "int64", "qty_high": "int64",
                    "open_ended": "bool", "approximate": "bool"})  # fmt: skip
    for col in MONEY_COLUMNS:
        at = list(df.columns).index(col) + 1
        df.insert(at, f"{col}_f", df[col].map(float).astype("float64"))
    return df


def _flag(kind: str, trip: int | None, message: str) -> JSON:
    return {"kind": str(kind), "trip": trip, "message": message}


@exact()
def estimate_document(est: Estimate) -> dict[str, JSON]:
    """The JSON document of an estimate (``--format json`` and `Estimate.to_dict()`)."""
    cur = est.currency
    return {
        "currency": cur,
        "total": range_fields(est.total, cur),
        "deposit": range_fields(est.deposit, cur) if est.deposit else None,
        "lines": _lines(est),
        "rates": rate_records(est.rates),
        "flags": [_flag(f.kind, f.trip, f.message) for f in est.flags],
        "not_included": list(est.not_included),
        "trips": [
            {"trip": t.index, "country": t.country,
             "start": t.start.isoformat() if t.start else None,
             "nights_low": t.nights[0], "nights_high": t.nights[1],
             "trips_low": t.trips[0], "trips_high": t.trips[1], "nights_note": t.nights_note}
            for t in est.trips
        ],
    }  # fmt: skip


def _flat(rec: Record, ln: Line) -> Record:
    """A line as a CSV row: its rates as ``rate_*`` cells."""
    out = {k: v for k, v in rec.items() if k != "rates"}
    return out | rate_cells(ln.rates)


def _cells(est: Estimate, loc: str) -> list[list[str]]:
    cells = []
    for ln in est.lines:
        qty = f"{ln.qty_low}" if ln.qty_low == ln.qty_high else f"{ln.qty_low}–{ln.qty_high}"
        unit = ln.unit if ln.qty_high == 1 else plural(ln.unit)
        unit_price = (
            money(ln.unit_low, loc)
            if ln.unit_low == ln.unit_high
            else f"{money(ln.unit_low, loc)}–{money(ln.unit_high, loc)}"
        )
        mark = "~" if ln.approximate else ""
        if ln.category in ("deduction", "contingency"):  # no unit price to show
            unit_price, mark = "", ""
        cells.append([
            str(ln.trip or "-"), ln.item, f"{qty} {unit}", mark + unit_price,
            money(ln.amount_low, loc), money(ln.amount_high, loc) + ("+" if ln.open_ended else ""),
        ])  # fmt: skip
    t = est.total
    cells.append(["", "TOTAL", "", "", money(t.low, loc),
                  money(t.high, loc) + ("+" if t.open_ended else "")])  # fmt: skip
    return cells


def _output(
    est: Estimate, rates: Sequence[Rate], locale: str, title: str, reference: Rate | None = None
) -> Output:
    headers = ["Trip", "Item", "Quantity", "Unit price", "Low", "High"]
    notes = notes_under(rates, locale, list(est.total.sources), reference)
    if est.deposit is not None:
        shown = span(est.deposit, locale)
        notes.append(f"Deposit due up front (part of the treatment cost): {shown}")
    notes += [str(f) for f in est.flags]
    doc = estimate_document(est)
    records = [line_record(ln, est.currency, est.unverified) for ln in est.lines]
    flat = [_flat(rec, ln) for rec, ln in zip(records, est.lines, strict=True)]
    return Output(records, headers, _cells(est, locale), notes, title, doc, {4, 5}, flat=flat)


@exact()
def estimate_output(est: Estimate, rates: RecordingRates, locale: str, title: str) -> Output:
    """What ``tripcost estimate`` shows in every format."""
    used, reference = rates_shown(rates, est.currency)
    return _output(est, used, locale, title, reference)


@exact()
def line_text(ln: Line, locale: str = "en_US") -> str:
    """A line in words: its quantity, unit price and amounts, rounded for display."""
    qty = f"{ln.qty_low}" if ln.qty_low == ln.qty_high else f"{ln.qty_low}–{ln.qty_high}"
    unit = ln.unit if ln.qty_high == 1 else plural(ln.unit)
    price = pair(ln.unit_low, ln.unit_high, locale, "–")
    amount = pair(ln.amount_low, ln.amount_high, locale, "–") + ("+" if ln.open_ended else "")
    mark = "~" if ln.approximate else ""
    return f"{ln.item}: {qty} {unit} × {mark}{price} = {amount}"


@exact()
def estimate_text(est: Estimate, locale: str = "en_US") -> str:
    """The estimate as ``tripcost estimate`` prints its table (`str(estimate)`)."""
    return render(_output(est, est.rates, locale, f"estimate · {est.currency}"), "table")
