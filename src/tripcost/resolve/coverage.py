"""What the catalog covers: for every treatment and country, how many sources price it,
on which units, and the strongest authority among them ("no data" where none does).

>>> from tripcost import load_catalog
>>> cells = {(c.treatment, c.country): c for c in coverage(load_catalog())}
>>> cells[("laser-resurfacing", "TH")].sources, cells[("laser-resurfacing", "TH")].best
(1, 'clinic-or-guide')
>>> cells[("dermal-filler", "CA")].marked
('001_d4dca57880d3696d.txt',)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tripcost.vocab import Authority

if TYPE_CHECKING:
    from tripcost.resolve.catalog import Catalog

__all__ = ["Cell", "coverage"]

_RANK = {a.value: i for i, a in enumerate(Authority)}  # strongest first


@dataclass(frozen=True, slots=True)
class Cell:
    """One treatment in one country: its price rows, their distinct sources, the units
    they price, the strongest authority among them, and the sources that mark it '-'."""

    treatment: str
    country: str
    rows: int
    sources: int
    units: tuple[str, ...]
    best: str | None
    marked: tuple[str, ...]
    #: its sources whose quotes could not be checked (a user's, with no copy at hand)
    unverified: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """'2 · society-or-survey' ('… · 1 unverified' where a source could not be
        checked), or 'no data' ('no data (- in 001)' where marked)."""
        if self.rows:
            checked = f" · {len(self.unverified)} unverified" if self.unverified else ""
            return f"{self.sources} · {self.best}{checked}"
        if self.marked:
            return f"no data ('-' in {', '.join(m[:3] for m in self.marked)})"
        return "no data"


def coverage(cat: Catalog, *, fees: bool = False) -> list[Cell]:
    """Every treatment × every country with data, treatments in catalog order (fees left
    out unless ``fees``)."""
    marks: dict[tuple[str, str], list[str]] = {}
    for g in cat.no_data:
        marks.setdefault((g.treatment, g.country), []).append(g.source)
    out = []
    for t in cat.treatments():
        if t.category == "fee" and not fees:
            continue
        for code in cat.countries():
            rows = cat.price_index.get((t.slug, code), ())
            authorities = sorted({r.authority for r in rows}, key=lambda a: _RANK.get(a, 99))
            out.append(Cell(
                t.slug, code, len(rows), len({r.source for r in rows}),
                tuple(sorted({r.unit for r in rows})), authorities[0] if authorities else None,
                tuple(dict.fromkeys(marks.get((t.slug, code), ()))),
                tuple(sorted({r.source for r in rows} & cat.unverified)),
            ))  # fmt: skip
    return out
