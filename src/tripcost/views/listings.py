"""The catalog listings and the small commands: treatments, countries, sources, a
conversion, the plan schema — as rows, cells and documents."""

from __future__ import annotations

import json
from typing import Any

from tripcost.fx import Rate
from tripcost.money import Money
from tripcost.resolve.catalog import Catalog
from tripcost.views.display import Output, amount_text, country_name, money, rate_line

__all__ = ["conversion_output", "countries_output", "schema_output", "sources_output",
           "treatments_output"]  # fmt: skip


def treatments_output(cat: Catalog, country: str | None, category: str | None) -> Output:
    records: list[dict[str, Any]] = []
    for t in cat.treatments(country=country, category=category):
        sessions = cat.fact(t.slug, "sessions")
        records.append({
            "slug": t.slug, "name": t.name, "category": t.category,
            "countries": cat.priced_in(t.slug),
            "sessions": sessions.describe() if sessions else "",
            "aliases": list(t.aliases), "parents": list(t.parents),
        })  # fmt: skip
    cells = [
        [r["slug"], r["name"], r["category"], ",".join(r["countries"]) or "no prices",
         r["sessions"] or "-"]
        for r in records
    ]  # fmt: skip
    return Output(records, ["Slug", "Name", "Category", "Priced in", "Sessions"], cells, [], "")


def countries_output(cat: Catalog) -> Output:
    records: list[dict[str, Any]] = []
    for code in cat.countries():
        records.append({
            "country": code, "name": country_name(code),
            "price_rows": sum(len(v) for (_, c), v in cat.price_index.items() if c == code),
            "living_rows": sum(len(v) for k, v in cat.living_index.items() if k[0] == code),
        })  # fmt: skip
    cells = [
        [r["country"], r["name"], str(r["price_rows"]), str(r["living_rows"])] for r in records
    ]
    headers = ["Code", "Country", "Price rows", "Living-cost rows"]
    return Output(records, headers, cells, [], "", None, {2, 3})


def sources_output(cat: Catalog) -> Output:
    titles = {s.source: s.title for s in cat.sources}
    records: list[dict[str, Any]] = [
        {"source": s, "date": d, "rows": n, "title": titles.get(s, "")}
        for s, d, n in cat.source_counts()
    ]
    cells = [[r["source"][:70], r["date"], str(r["rows"])] for r in records]
    return Output(records, ["Source", "Date", "Rows"], cells, [], "", None, {2})


def conversion_output(source: Money, result: Money, rate: Rate | None, locale: str) -> Output:
    doc = {
        "amount": amount_text(result), "currency": result.currency,
        "from_amount": amount_text(source), "from_currency": source.currency,
        "rate": rate.value if rate else "1",
        "rate_date": rate.date if rate else None,
        "rate_source": rate.source if rate else "same currency",
    }  # fmt: skip
    cells = [[money(source, locale), money(result, locale)]]
    notes = [""] + ([rate_line(rate, locale)] if rate else [])
    return Output([doc], ["Amount", "Converted"], cells, notes, "", doc, {0, 1})


def schema_output(schema: dict[str, Any], fmt: str) -> Output:
    """The schema is JSON whatever the format asked (a table of it would help no one)."""
    out = Output([schema], document=schema)
    if fmt != "json":
        out.records = [{"schema": json.dumps(schema)}]
    return out
