"""What a comparison answers: a row per country and treatment (`CompareRow`), and a
country's row across the treatments compared (`CountrySummary`, from `summarize`).
Values only: `tripcost.compare` computes them, `tripcost.views.compare` shows them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from tripcost.fx import Rate
from tripcost.money import Money, exact
from tripcost.ranges import Range
from tripcost.vocab import FlagKind

if TYPE_CHECKING:
    from tripcost.answer import Estimate

__all__ = ["CompareRow", "CountrySummary", "Marks", "Note", "summarize"]

Note = tuple[FlagKind, str]


class Marks(NamedTuple):
    """What a saving's figures are worth: ``or_less`` where abroad's high is a floor
    ("$1,000+": the least saved may be less), ``or_more`` where home's is (the most saved
    may be more), ``approximate`` where either side is."""

    or_less: bool = False
    or_more: bool = False
    approximate: bool = False

    @classmethod
    def of(cls, home: Range | None, abroad: Range | None) -> Marks:
        if home is None or abroad is None:
            return cls()
        return cls(abroad.open_ended, home.open_ended, home.approximate or abroad.approximate)

    def __or__(self, other: object) -> Marks:  # savings that add up: a mark on any is on all
        if not isinstance(other, Marks):
            return NotImplemented
        return Marks(*(a or b for a, b in zip(self, other, strict=True)))


@dataclass
class CompareRow:
    """One country (and treatment; and source with ``each``) of a comparison.

    ``per_session`` is the price on the comparison's basis (``unit``; None where no
    range is stated, ``missing`` says why), ``average`` an average a source states
    beside it (never a bound; with ``each``, an average statement's own figure),
    ``total`` the course (× the sessions), ``trip`` the whole trip with its ``stays``,
    ``saving`` against home on the table's ``saving_basis`` (None where home or here
    has no price: ``home_missing`` says why; None for home's own rows), leaving out
    the treatments in ``saving_without``. ``notes`` are on the figures of the price,
    ``trip_notes`` the trip estimate's flags; ``not_included`` what no figure includes;
    ``unverified`` the sources of its figures whose quotes could not be checked;
    ``home_price`` the figure at home the saving is measured against.
    """

    country: str
    treatment: str
    currency: str
    per_session: Range | None = None
    total: Range | None = None
    trip: Range | None = None
    saving: tuple[Money, Money] | None = None
    missing: str = ""
    source: str = ""
    trip_estimate: Estimate | None = field(default=None, repr=False)
    unit: str = "session"
    average: Range | None = None
    stays: tuple[int, int] | None = None
    home_missing: str = ""
    notes: tuple[Note, ...] = ()
    statistic: str = "range"  # with ``each``: what this statement states
    #: the rates that converted this row's figures (its price, trip, and home's for the
    #: saving) into ``currency``; none where every figure is stated in it
    rates: tuple[Rate, ...] = ()
    saving_basis: str = ""  # "trip", "course" or "price" with a home; see tripcost.savings
    saving_without: tuple[str, ...] = ()
    trip_notes: tuple[Note, ...] = ()
    not_included: tuple[str, ...] = ()
    authority: str | None = None  # with ``each``: the statement's authority
    currency_stated: bool = True  # with ``each``: does it say which currency?
    unverified: tuple[str, ...] = ()
    #: what the saving is measured against: home's price, course or trip on the
    #: ``saving_basis`` (None without a saving), with its sources
    home_price: Range | None = None
    home_notes: tuple[Note, ...] = ()  # the notes on home's figure (a weak source …)
    #: the figure abroad the saving is measured on: the row's own price, course or trip,
    #: or (trip basis, ``saving_without``) the trip of the treatments priced both sides
    abroad_price: Range | None = None

    @property
    def sort_key(self) -> tuple[int, Decimal]:
        basis = self.trip or self.total or self.per_session
        return (0, basis.low.amount) if basis is not None else (1, Decimal(0))

    @property
    def saving_marks(self) -> Marks:
        """The saving's "or less", "or more" and "~", from the two figures it compares."""
        return Marks.of(self.home_price, self.abroad_price) if self.saving else Marks()

    def __str__(self) -> str:
        """'KR fractional-co2: $300.00–$700.00 per session', amounts rounded for display."""
        from tripcost.views.compare import row_text

        return row_text(self)


@dataclass
class CountrySummary:
    """One country across the compared treatments (the table's row)."""

    country: str
    cells: dict[str, CompareRow]
    per_session: Range | None
    total: Range | None
    trip: Range | None
    saving: tuple[Money, Money] | None
    missing: list[str]
    #: treatments the saving leaves out (no price at home or here)
    saving_without: tuple[str, ...] = ()
    stays: tuple[int, int] | None = None
    saving_basis: str = ""
    saving_marks: Marks = field(default_factory=Marks)

    @property
    def sort_key(self) -> tuple[int, Decimal]:
        basis = self.trip or self.total or self.per_session
        return (0, basis.low.amount) if basis is not None else (1, Decimal(0))


def _sum_ranges(items: Sequence[Range | None], currency: str) -> Range | None:
    present = [r for r in items if r is not None]
    if len(present) != len(items):
        return None
    return sum(present, Range.zero(currency))


def _country_saving(
    found: Sequence[CompareRow], treatments: Sequence[str]
) -> tuple[tuple[Money, Money] | None, tuple[str, ...], Marks]:
    """A country's saving, the treatments it leaves out and its marks: on the trip basis
    the trip's (every row of the country carries it), else the sum of its treatments'
    savings (a mark on any of them is on the sum)."""
    saved = [c for c in found if c.saving is not None]
    if not saved:
        return None, (), Marks()
    if saved[0].saving_basis == "trip":
        return saved[0].saving, saved[0].saving_without, saved[0].saving_marks
    zero = Money.zero(saved[0].currency)
    total = (sum((c.saving[0] for c in saved if c.saving), zero),
             sum((c.saving[1] for c in saved if c.saving), zero))  # fmt: skip
    marks = Marks()
    for c in saved:
        marks |= c.saving_marks
    return total, tuple(t for t in treatments if t not in {c.treatment for c in saved}), marks


def summarize(rows: Sequence[CompareRow], treatments: Sequence[str]) -> list[CountrySummary]:
    """Group envelope rows by country: sums of per-session prices and of course totals,
    the trip, and the saving.

    Savings add up (they are intervals), so on the course and price bases a country's
    saving is the sum of its treatments' savings; on the trip basis it is the trip's.
    Either way the treatments it leaves out are named (``saving_without``).
    """
    out: list[CountrySummary] = []
    with exact():
        for code in dict.fromkeys(r.country for r in rows):
            cells = {r.treatment: r for r in rows if r.country == code}
            chosen = [cells.get(t) for t in treatments]
            found = [c for c in chosen if c is not None]
            first = found[0]
            missing = [c.missing for c in found if c.missing]
            per = _sum_ranges([c.per_session if c else None for c in chosen], first.currency)
            total = _sum_ranges([c.total if c else None for c in chosen], first.currency)
            saved, without, marks = _country_saving(found, treatments)
            out.append(CountrySummary(code, cells, per, total, first.trip, saved, missing,
                                      without, first.stays, first.saving_basis,
                                      marks))  # fmt: skip
    out.sort(key=lambda c: c.sort_key)
    return out
