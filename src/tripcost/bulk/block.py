"""One block of scenarios priced with the rule core, on arrays.

The same schedule and cost rules as `estimate` (`tripcost.rules.schedule`,
`tripcost.rules.costs`) on int64 and float64 arrays: sessions × the per-session price;
stays of the nights given at the shortest and the longest spacing; nights × units a day
× the party (a room shared); one consultation and the extras a stay; the contingency on
the high. Amounts are rounded once, half up as the exact path shows them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tripcost import vocab
from tripcost.bulk.columns import Columns
from tripcost.bulk.messages import Words, error_codes, missing_codes
from tripcost.resolve.tables import PriceTables
from tripcost.rules.costs import per_stay, share, units_used, visits
from tripcost.rules.schedule import bounds, combine, planned, refused

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Ints = npt.NDArray[np.int64]
    Bools = npt.NDArray[np.bool_]
    Floats = npt.NDArray[np.float64]
    Codes = npt.NDArray[np.int32]

__all__ = ["BLOCK", "Outputs", "price_block", "round_half_up"]

#: Rows priced at a time: temporaries stay a few MiB whatever the frame's size.
BLOCK = 1 << 16


@dataclass(frozen=True)
class Outputs:
    """The arrays `sweep` fills, one slice a block, and the words of its messages."""

    low: Floats
    high: Floats
    open_ended: Bools
    approximate: Bools
    missing: Codes
    error: Codes
    missing_words: Words
    error_words: Words


def _raise_if_used(
    t: PriceTables, kind: str, cells: Ints, width: int, used: Bools | None = None
) -> None:
    """Raise the rate error of the first cell a row needs (as `estimate` would): of the
    rows where ``used`` holds, when given. Nothing to do (and nothing computed) when
    every rate was found."""
    import numpy as np

    if not t.errors:
        return
    if used is not None:
        cells = cells[used]
    for cell in np.unique(cells).tolist():
        found = t.errors.get((kind, cell // width, cell % width))
        if found is not None:
            raise found[0](found[1])


#: Sums of float64 terms are within this share of their exact value (a few roundings of
#: 2**-53 each): an amount this close to a half unit is a half unit in exact arithmetic.
_TIE = 1e-13


def round_half_up(a: Floats, digits: int) -> Floats:
    """``a`` rounded to ``digits`` places, halves away from zero, as `Money.rounded` rounds
    the exact amounts (numpy's own rounding sends halves to the even digit)."""
    import numpy as np

    scaled = np.abs(a) * 10.0**digits
    scaled += 0.5 + scaled * _TIE
    np.floor(scaled, out=scaled)
    scaled /= 10.0**digits
    return np.copysign(scaled, a, out=scaled)


def price_block(t: PriceTables, cols: Columns, sl: slice, out: Outputs) -> None:
    """Price rows ``sl`` into ``out``, rounded to the currency's digits."""
    import numpy as np

    b = cols.cut(sl)
    flat = b.ci * len(t.treatments) + b.ti
    _raise_if_used(t, "treatment", flat, len(t.treatments))
    p = t.price.reshape(4, -1)
    p_lo = p[0].take(flat)
    lo, hi = p_lo * b.s_lo, p[1].take(flat) * b.s_hi
    op, ap = p[2].take(flat) > 0, p[3].take(flat) > 0
    sp_lo, sp_hi = t.spacing[0].take(b.ti), t.spacing[1].take(b.ti)
    limit = t.visa.take(b.ci)
    # one treatment a row, nights always given: the trip's own part (one stay of the nights)
    # never exceeds the treatment's, so `combine` has one part
    low_case = combine([planned(b.s_lo, sp_lo, b.nights, limit, t.stay[0].take(b.ti), b.split)[:3]])
    high_case = combine(
        [planned(b.s_hi, sp_hi, b.nights, limit, t.stay[1].take(b.ti), b.split)[:3]]
    )
    (count_lo, count_hi), (nights_lo, nights_hi), _ = bounds(low_case, high_case)
    impossible = refused(b.s_hi, sp_lo, b.nights, b.split)
    miss = np.isnan(p_lo).astype(np.int64)
    for bit, cat in enumerate(vocab.living(), start=1):
        width = len(t.tiers[cat.name])
        idx = b.ci * width + b.tiers[cat.name]
        q_lo = units_used(nights_lo, b.a_day[cat.name], b.party, cat.shared)
        q_hi = units_used(nights_hi, b.a_day[cat.name], b.party, cat.shared)
        used = q_hi > 0
        _raise_if_used(t, cat.name, idx, width, used)
        arr = t.living[cat.name].reshape(4, -1)
        priced = np.nan_to_num(arr[:2])  # a tier with no price adds 0 (and is flagged)
        gap = used & np.isnan(arr[0].take(idx))
        ok = used & ~gap
        miss |= gap.astype(np.int64) << bit
        lo += priced[0].take(idx) * q_lo  # q is 0 where the category is not used
        hi += priced[1].take(idx) * q_hi
        op |= ok & (arr[2].take(idx) > 0)
        ap |= ok & (arr[3].take(idx) > 0)
    fee = t.consultation.take(b.ci, axis=1)
    has_fee = ~np.isnan(fee[0]) & b.consultation
    if np.any(has_fee):
        _raise_if_used(t, "consultation", b.ci, 1, has_fee)
        lo += np.where(has_fee, fee[0] * visits(count_lo, True), 0.0)
        hi += np.where(has_fee, fee[1] * visits(count_hi, True), 0.0)
        op |= has_fee & (fee[2] > 0)
        ap |= has_fee & (fee[3] > 0)
    no = np.zeros(len(b.ci), dtype=np.bool_)
    lo += per_stay(count_lo, b.party, no) * b.extra_trip
    lo += per_stay(count_lo, b.party, ~no) * b.extra_person
    hi += per_stay(count_hi, b.party, no) * b.extra_trip
    hi += per_stay(count_hi, b.party, ~no) * b.extra_person
    hi += share(hi, b.contingency)
    unpriced = (miss & 1).astype(bool)
    bad = impossible & ~unpriced
    void = unpriced | bad
    out.low[sl] = np.where(void, np.nan, round_half_up(lo, t.digits))
    out.high[sl] = np.where(void, np.nan, round_half_up(hi, t.digits))
    out.open_ended[sl] = op & ~void
    out.approximate[sl] = ap & ~void
    out.missing[sl] = missing_codes(t, b, miss, out.missing_words)
    out.error[sl] = error_codes(t, b, bad, out.error_words)
