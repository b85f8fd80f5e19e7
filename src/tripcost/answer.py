"""The answer an estimate gives: its lines, its trips' schedules and the `Estimate`.

Values only: `tripcost.estimates` computes them, `tripcost.views.estimate` shows them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from tripcost.fx import Rate
from tripcost.inputs import Flag
from tripcost.money import Money, exact
from tripcost.plan import Plan
from tripcost.ranges import Range, Source

if TYPE_CHECKING:
    import pandas as pd

    from tripcost.views.display import JSON

__all__ = ["Estimate", "Line", "TripSummary"]

K = TypeVar("K", str, int)


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the breakdown. Amounts are in the estimate's currency, exact.

    ``amount_low`` belongs to the low scenario and ``amount_high`` to the high one;
    for a deduction (a refund) both are negative. ``nights_open`` marks a living cost
    whose nights are "or more" (an open-ended downtime spent in the country).
    """

    trip: int
    country: str
    item: str
    category: str
    qty_low: int
    qty_high: int
    unit: str
    unit_low: Money
    unit_high: Money
    amount_low: Money
    amount_high: Money
    open_ended: bool = False
    approximate: bool = False
    sources: tuple[Source, ...] = ()
    note: str = ""
    nights_open: bool = False
    #: the rates that converted this line's prices into ``currency`` (none: stated in it);
    #: a refund or contingency line has the rates of the lines it is a share of
    rates: tuple[Rate, ...] = ()

    @exact()
    def __str__(self) -> str:
        """'fractional-co2: 3–6 sessions × $300.00–$700.00 = $900.00–$4,200.00'."""
        from tripcost.views.estimate import line_text

        return line_text(self)


@dataclass(frozen=True, slots=True)
class TripSummary:
    index: int
    country: str
    start: dt.date | None
    nights: tuple[int, int]
    trips: tuple[int, int]
    nights_note: str
    longest: tuple[int, int] = (0, 0)


@dataclass(frozen=True)
class Estimate:
    """The answer: `total`, the `lines` (and `breakdown` frame), `rates`, `flags`."""

    plan: Plan
    currency: str
    lines: tuple[Line, ...]
    total: Range
    rates: tuple[Rate, ...]
    flags: tuple[Flag, ...]
    deposit: Range | None
    trips: tuple[TripSummary, ...]
    not_included: tuple[str, ...] = ()
    #: the sources of the catalog whose quotes could not be checked (no copy at hand)
    unverified: frozenset[str] = frozenset()
    _frame: list[pd.DataFrame] = field(default_factory=list, repr=False, compare=False)

    def subtotals_by_category(self) -> dict[str, tuple[Money, Money]]:
        """Low and high sums of the lines per category."""
        return self._subtotals(lambda ln: ln.category)

    def subtotals_by_trip(self) -> dict[int, tuple[Money, Money]]:
        """Low and high sums of the lines per trip (0: plan-wide lines)."""
        return self._subtotals(lambda ln: ln.trip)

    def _subtotals(self, key: Callable[[Line], K]) -> dict[K, tuple[Money, Money]]:
        out: dict[K, tuple[Money, Money]] = {}
        zero = Money.zero(self.currency)
        for line in self.lines:
            lo, hi = out.get(key(line), (zero, zero))
            out[key(line)] = (lo + line.amount_low, hi + line.amount_high)
        return out

    @exact()
    def records(self) -> list[dict[str, JSON]]:
        """One dict per line, ready for `json.dumps`: the ``lines`` of `to_dict` (amounts
        are strings in the currency's digits; `lines` and `breakdown` keep them exact)."""
        from tripcost.views.estimate import line_record

        return [line_record(ln, self.currency, self.unverified) for ln in self.lines]

    @exact()
    def to_dict(self) -> dict[str, JSON]:
        """Exactly what ``tripcost estimate --format json`` prints, ready for `json.dumps`:
        total, deposit, lines, rates, flags, what is not included, the trips."""
        from tripcost.views.estimate import estimate_document

        return estimate_document(self)

    @exact()
    def __str__(self) -> str:
        """The breakdown table, as ``tripcost estimate`` prints it (amounts rounded)."""
        from tripcost.views.estimate import estimate_text

        return estimate_text(self)

    @property
    def breakdown(self) -> pd.DataFrame:
        """One row per line: trip, item, category, quantities, unit prices, amounts, flags.

        Amounts are exact ``Decimal`` objects with a float64 copy beside each
        (``amount_low_f`` …) for plotting; see `tripcost.views.estimate.BREAKDOWN_COLUMNS`.
        """
        if not self._frame:
            from tripcost.views.estimate import breakdown_frame

            self._frame.append(breakdown_frame(self))
        frame: pd.DataFrame = self._frame[0]
        return frame
