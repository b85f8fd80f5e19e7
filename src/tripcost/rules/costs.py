"""What a stay counts, and the shares taken of a total: the pricing rules in one place.

* Living costs: a category's units a day (``meals_per_day``, ``rides_per_day``; one
  room a night) times the nights; shared units (the room) serve the whole party,
  the others are counted per traveller (`tripcost.vocab` says which is which).
* A consultation is paid once a stay (004: "Some clinics charge a small fee …, which
  may be waived if you proceed with treatment").
* An extra (a flight) is paid once a stay, per traveller when it is per person.
* The deposit (001: "A deposit (about 10%) is usually required") and the VAT refund
  (10%) are percentages of the treatment cost; the contingency is a share of the high.
* A dated rule applies on a day inside its validity.
* A treatment's price is paid once a session, or once for a course priced whole (a
  clinic's quote for the treatment).
* A kind of clinic prices in one half of a range (004's "Average Price Point":
  "Mid-low" the lower half, "Mid-high" the upper), split at the midpoint.

Counts are Python ints on the exact path and int64 arrays on the bulk path; money is
`Decimal` (in tripcost's exact context) or float64 alike.

>>> units_used(nights=7, a_day=3, party=2, shared=False), units_used(7, 1, 2, True)
(42, 7)
>>> percent(Decimal("700"), Decimal("10"))
Decimal('70')
>>> half(Decimal("300"), Decimal("700"), upper=False)
(Decimal('300'), Decimal('500'))
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, TypeVar

from tripcost.rules.ops import where

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from tripcost.rules.ops import Bools, N

    Floats = npt.NDArray[np.float64]

__all__ = [
    "half",
    "in_force",
    "per_stay",
    "percent",
    "priced_times",
    "share",
    "units_used",
    "visits",
]

M = TypeVar("M", Decimal, "Floats")


def units_used(nights: N, a_day: N, party: N, shared: bool | Bools) -> N:
    """Units a stay uses: ``a_day`` a night for each traveller, or once for the party
    when the unit is shared (a room)."""
    return nights * a_day * where(shared, 1 + 0 * party, party)


def visits(count: N, consultation: bool | Bools) -> N:
    """Consultations paid: one a stay when the plan asks for them."""
    return where(consultation, count, 0 * count)


def per_stay(count: N, party: N, per_person: bool | Bools) -> N:
    """Times an extra is paid: once a stay, per traveller when it is per person."""
    return count * where(per_person, party, 1 + 0 * party)


def priced_times(sessions: N, per_course: bool | Bools) -> N:
    """Times a treatment's price is paid: once a session, or once when the price is for
    the whole course."""
    return where(per_course, 1 + 0 * sessions, sessions)


def half(low: M, high: M, upper: bool) -> tuple[M, M]:
    """The lower or the upper half of ``low``–``high``, split at the midpoint
    (low + high) / 2; exact on `Decimal` in tripcost's context, and on float64 arrays.
    (An open-ended high stays open in the upper half only: the caller's flag.)"""
    mid = (low + high) / 2
    return (mid, high) if upper else (low, mid)


def percent(amount: M, pct: M) -> M:
    """``pct`` percent of ``amount`` (a deposit, a refund)."""
    return amount * pct / 100


def share(amount: M, fraction: M) -> M:
    """A share of ``amount`` (the contingency: ``fraction`` of the high)."""
    return amount * fraction


def in_force(day: dt.date, valid_from: dt.date | None, valid_to: dt.date | None) -> bool:
    """Does a dated rule apply on ``day``? (An open end has no limit on that side.)"""
    return (valid_from is None or day >= valid_from) and (valid_to is None or day <= valid_to)
