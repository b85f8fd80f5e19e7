"""The coverage map as rows and cells: treatments down, countries across.

A cell reads "2s": two sources price it and the strongest is a society or survey ("g" a
clinic or guide, "a" an aggregator); "·" no source prices it; "-" a source marks it "-";
"!" after it: a source of the cell could not be checked (a user's, with no copy of it).
JSON and CSV get one record per treatment and country.
"""

from __future__ import annotations

from tripcost.resolve.catalog import Catalog
from tripcost.resolve.coverage import Cell, coverage
from tripcost.views.display import Output, Record

__all__ = ["coverage_output"]

LETTER = {"society-or-survey": "s", "clinic-or-guide": "g", "aggregator": "a"}


def _short(c: Cell) -> str:
    if c.rows:
        return f"{c.sources}{LETTER.get(c.best or '', '?')}" + ("!" if c.unverified else "")
    return "-" if c.marked else "·"


def coverage_output(cat: Catalog) -> Output:
    """What ``tripcost coverage`` shows in every format."""
    cells = coverage(cat)
    countries = cat.countries()
    records: list[Record] = [
        {"treatment": c.treatment, "country": c.country, "rows": c.rows, "sources": c.sources,
         "units": list(c.units), "best_authority": c.best, "marked_no_data": list(c.marked),
         "unverified_sources": list(c.unverified), "cell": c.text}
        for c in cells
    ]  # fmt: skip
    by_treatment: dict[str, dict[str, Cell]] = {}
    for c in cells:
        by_treatment.setdefault(c.treatment, {})[c.country] = c
    table = [
        [slug, *(_short(row[code]) for code in countries)] for slug, row in by_treatment.items()
    ]
    priced = sum(1 for c in cells if c.rows)
    notes = [
        "",
        "2s: two sources price it, the strongest a society or survey (g: a clinic or guide, "
        "a: an aggregator); ·: no source prices it; -: a source marks it '-'.",
        f"{priced} of {len(cells)} treatment × country cells have a price.",
    ]
    unverified = sorted({ref for c in cells for ref in c.unverified})
    if unverified:
        notes.append(f"!: a source of the cell is unverified (no copy to check its quotes): "
                     f"{', '.join(unverified)}")  # fmt: skip
    right = set(range(1, len(countries) + 1))
    return Output(records, ["Treatment", *countries], table, notes, "coverage", None, right)
