"""An estimate as rows, cells and one JSON document: what every output of it shows.

The command line's table, CSV, JSON and Markdown, `Estimate.records()`, the
`Estimate.breakdown` frame and `Estimate.to_dict()` are all built here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tripcost.fx import RecordingRates
from tripcost.money import Money
from tripcost.views.display import Output, amount_text, money, span
from tripcost.views.notes import notes_under, plural, rate_records

if TYPE_CHECKING:
    import pandas as pd

    from tripcost.estimates import Estimate

__all__ = ["BREAKDOWN_COLUMNS", "breakdown_frame", "estimate_document", "estimate_output",
           "line_records"]  # fmt: skip

BREAKDOWN_COLUMNS = [
    "trip", "country", "item", "category", "qty_low", "qty_high", "unit", "unit_price_low",
    "unit_price_high", "amount_low", "amount_high", "currency", "open_ended", "approximate",
    "sources", "note",
]  # fmt: skip


def line_records(est: Estimate) -> list[dict[str, Any]]:
    """One dict per line, exact `Decimal` amounts: the rows of the breakdown."""
    return [
        {
            "trip": ln.trip, "country": ln.country, "item": ln.item, "category": ln.category,
            "qty_low": ln.qty_low, "qty_high": ln.qty_high, "unit": ln.unit,
            "unit_price_low": ln.unit_low.amount, "unit_price_high": ln.unit_high.amount,
            "amount_low": ln.amount_low.amount, "amount_high": ln.amount_high.amount,
            "currency": est.currency, "open_ended": ln.open_ended,
            "approximate": ln.approximate, "sources": [s.ref for s in ln.sources],
            "note": ln.note,
        }
        for ln in est.lines
    ]  # fmt: skip


def breakdown_frame(est: Estimate) -> pd.DataFrame:
    import pandas as pd

    rows = line_records(est)
    for r in rows:
        r["sources"] = "; ".join(r["sources"])
    return pd.DataFrame(rows, columns=BREAKDOWN_COLUMNS)


def estimate_document(est: Estimate) -> dict[str, Any]:
    """The JSON document of an estimate (``--format json``)."""
    lines = line_records(est)
    for rec in lines:
        for key in ("unit_price_low", "unit_price_high", "amount_low", "amount_high"):
            rec[key] = amount_text(Money(rec[key], est.currency))
    total = est.total
    return {
        "total": {
            "low": amount_text(total.low), "high": amount_text(total.high),
            "currency": est.currency, "open_ended": total.open_ended,
            "approximate": total.approximate,
        },
        "lines": lines,
        "rates": rate_records(est.rates),
        "flags": [{"kind": str(f.kind), "trip": f.trip, "message": f.message} for f in est.flags],
        "deposit": (
            {"low": amount_text(est.deposit.low), "high": amount_text(est.deposit.high)}
            if est.deposit else None
        ),
        "not_included": list(est.not_included),
        "trips": [
            {"trip": t.index, "country": t.country, "nights_low": t.nights[0],
             "nights_high": t.nights[1], "trips_low": t.trips[0], "trips_high": t.trips[1],
             "nights_note": t.nights_note}
            for t in est.trips
        ],
    }  # fmt: skip


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


def estimate_output(est: Estimate, rates: RecordingRates, locale: str, title: str) -> Output:
    """What ``tripcost estimate`` shows in every format."""
    headers = ["Trip", "Item", "Quantity", "Unit price", "Low", "High"]
    notes = notes_under(rates, est.currency, locale, list(est.total.sources))
    if est.deposit is not None:
        shown = span(est.deposit, locale)
        notes.append(f"Deposit due up front (part of the treatment cost): {shown}")
    notes += [str(f) for f in est.flags]
    doc = estimate_document(est)
    return Output(doc["lines"], headers, _cells(est, locale), notes, title, doc, {4, 5})
