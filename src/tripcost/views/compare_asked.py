"""What a comparison was asked for, as the views read it (it decides the columns and
the notes), and whether a row's price is your own quote."""

from __future__ import annotations

from dataclasses import dataclass

from tripcost.comparison import CompareRow
from tripcost.counts import Count

__all__ = ["CompareAsked", "quoted"]


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
    consultation: bool = True  # a consultation a stay in the trips (--no-consultation)

    @property
    def basis(self) -> str:
        """The saving basis of the table, as `tripcost.savings.saving_basis` decides."""
        from tripcost.savings import saving_basis

        return saving_basis(self.nights, self.sessions.as_tuple() if self.sessions else None)


def quoted(row: CompareRow) -> bool:
    """Is the row's price your quote (a clinic's word, in place of the catalog's)?"""
    p = row.per_session
    return p is not None and bool(p.sources) and all(s.is_own_quote for s in p.sources)
