"""The catalog listings and the small commands: treatments, countries, sources, a
conversion, the plan schema — as rows, cells and documents."""

from __future__ import annotations

import json

from tripcost.fx import Rate
from tripcost.money import Money
from tripcost.resolve.catalog import Catalog
from tripcost.views.display import (
    JSON,
    Output,
    Record,
    amount_text,
    country_name,
    money,
    number_text,
    rate_line,
)

__all__ = ["conversion_output", "countries_output", "schema_output", "sources_output",
           "treatments_output"]  # fmt: skip


def treatments_output(cat: Catalog, country: str | None, category: str | None) -> Output:
    records: list[Record] = []
    cells = []
    for t in cat.treatments(country=country, category=category):
        f = cat.fact(t.slug, "sessions")
        records.append({
            "slug": t.slug, "name": t.name, "category": t.category,
            "countries": list(cat.priced_in(t.slug)),
            "sessions": f.describe() if f else "",
            "sessions_low": f.low if f else None, "sessions_high": f.high if f else None,
            "sessions_open_ended": f.open_ended if f else None,
            "sessions_approximate": f.approximate if f else None,
            "aliases": list(t.aliases), "parents": list(t.parents),
        })  # fmt: skip
        cells.append([t.slug, t.name, t.category, ",".join(cat.priced_in(t.slug)) or "no prices",
                      f.describe() if f else "-"])  # fmt: skip
    return Output(records, ["Slug", "Name", "Category", "Priced in", "Sessions"], cells, [], "")


def countries_output(cat: Catalog) -> Output:
    records: list[Record] = []
    cells = []
    for code in cat.countries():
        records.append({
            "country": code, "name": country_name(code),
            "price_rows": sum(len(v) for (_, c), v in cat.price_index.items() if c == code),
            "living_rows": sum(len(v) for k, v in cat.living_index.items() if k[0] == code),
        })  # fmt: skip
        rows = records[-1]
        cells.append([code, country_name(code), str(rows["price_rows"]), str(rows["living_rows"])])
    headers = ["Code", "Country", "Price rows", "Living-cost rows"]
    return Output(records, headers, cells, [], "", None, {2, 3})


def sources_output(cat: Catalog) -> Output:
    """Every source: its date, the rows citing it, its title; the authority of its price
    rows (none where it prices no treatment), whether they state their currency (how many
    write "$" without saying which dollar), and whether its quotes were checked against
    a copy of it (``verified``; a user's source with no copy beside the catalog is not)."""
    from tripcost.vocab import Authority

    titles = {s.source: s.title for s in cat.sources}
    rank = {a.value: i for i, a in enumerate(Authority)}
    authorities: dict[str, set[str]] = {}
    unstated: dict[str, int] = {}
    for r in cat.prices:
        authorities.setdefault(r.source, set()).add(r.authority)
        unstated[r.source] = unstated.get(r.source, 0) + (not r.currency_stated)
    records: list[Record] = []
    cells = []
    for s, d, n in cat.source_counts():
        kinds = sorted(authorities.get(s, ()), key=lambda a: rank.get(a, len(rank)))
        authority = ", ".join(kinds) or None
        priced = s in unstated
        verified = s not in cat.unverified
        records.append({
            "source": s, "date": d, "rows": n, "title": titles.get(s, ""),
            "authority": authority, "currency_stated": not unstated[s] if priced else None,
            "currency_unstated_rows": unstated.get(s, 0), "verified": verified,
        })  # fmt: skip
        stated = "-" if not priced else "yes" if not unstated[s] else f"no ({unstated[s]} rows)"
        shown = s if len(s) <= 70 else s[:69] + "…"  # the full address: CSV and JSON
        cells.append([shown, d, str(n), authority or "-", stated, "yes" if verified else "no"])
    headers = ["Source", "Date", "Rows", "Authority", "Currency stated", "Verified"]
    notes = ["", "Authority: of the source's price rows ('-': it prices no treatment). "
             "Currency stated 'no (6 rows)': six of its price rows write '$' without saying "
             "which dollar. Verified: its quotes were checked against a copy of it. "
             "An address cut short with … is whole in --format csv or json."]  # fmt: skip
    if cat.unverified:
        notes.append(f"Unverified sources (no copy to check the quotes): "
                     f"{', '.join(sorted(cat.unverified))}")  # fmt: skip
    return Output(records, headers, cells, notes, "", None, {2})


def conversion_output(source: Money, result: Money, rate: Rate | None, locale: str) -> Output:
    """The converted amount and the rate: 1 ``from_currency`` = ``rate`` ``currency``."""
    doc: Record = {
        "amount": amount_text(result), "currency": result.currency,
        "from_amount": amount_text(source), "from_currency": source.currency,
        "rate": number_text(rate.value) if rate else "1",
        "rate_date": rate.date.isoformat() if rate else None,
        "rate_source": rate.source if rate else "same currency",
    }  # fmt: skip
    cells = [[money(source, locale), money(result, locale)]]
    notes = [""] + ([rate_line(rate, locale)] if rate else [])
    return Output([doc], ["Amount", "Converted"], cells, notes, "", doc, {0, 1})


def schema_output(schema: dict[str, JSON], fmt: str) -> Output:
    """The schema is JSON whatever the format asked (a table of it would help no one)."""
    out = Output([schema], document=schema)
    if fmt != "json":
        out.records = [{"schema": json.dumps(schema)}]
    return out
