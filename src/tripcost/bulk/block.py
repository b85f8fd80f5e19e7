"""The bulk path's columns and one block of rows priced with the rule core.

`Columns.read` checks a scenario frame once (codes for the text columns, bounds for the
numbers, the plan model's limits) and `price_block` prices a slice of it with the same
schedule and cost rules as `estimate` (`tripcost.rules.schedule`, `tripcost.rules.costs`)
on int64/float64 arrays. Missing data and impossible scenarios become message codes,
each message written once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tripcost import vocab
from tripcost.errors import PlanError, TripcostError
from tripcost.plan import MAX_NIGHTS, MAX_PARTY, MAX_SESSIONS
from tripcost.resolve.catalog import Catalog
from tripcost.resolve.tables import PriceTables
from tripcost.rules.costs import per_stay, share, units_used, visits
from tripcost.rules.schedule import bounds, combine, planned, refused
from tripcost.rules.trip import refusal

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pandas as pd

    Floats = npt.NDArray[np.float64]

__all__ = ["BLOCK", "Columns", "Words", "price_block", "texts"]

#: Rows priced at a time: temporaries stay a few MiB whatever the frame's size.
BLOCK = 1 << 16


def _codes(values: pd.Series, known: tuple[str, ...], resolve: Any, column: str) -> Any:
    """Small integer codes of ``values`` in ``known``, resolving each distinct value once."""
    import numpy as np
    import pandas as pd

    if isinstance(values.dtype, pd.CategoricalDtype):
        codes, uniques = values.cat.codes.to_numpy(), list(values.cat.categories)
    else:
        codes, found = pd.factorize(values, use_na_sentinel=True)
        uniques = list(found)
    if len(codes) and codes.min() < 0:
        raise PlanError(f"sweep: column {column!r} has missing values")
    index = {k: i for i, k in enumerate(known)}
    mapping = np.zeros(max(len(uniques), 1), dtype=np.int16)
    for u, value in enumerate(uniques):
        try:
            mapping[u] = index[resolve(value)]
        except TripcostError as exc:
            raise type(exc)(f"sweep: column {column!r}: {exc}") from None
        except KeyError:
            raise PlanError(f"sweep: column {column!r}: unknown value {value!r}") from None
    return mapping.take(codes)


def _ints(df: pd.DataFrame, column: str, least: int, most: int, default: int) -> Any:
    import numpy as np

    if column not in df.columns:
        return default
    values = df[column].to_numpy()
    if values.dtype.kind == "b" or values.dtype.kind not in "iuf":
        raise PlanError(f"sweep: column {column!r} must hold whole numbers")
    if values.dtype.kind == "f" and not (np.all(np.isfinite(values)) and np.all(values % 1 == 0)):
        raise PlanError(f"sweep: column {column!r} must hold whole numbers")
    if len(values) and (values.min() < least or values.max() > most):
        bad = values[(values < least) | (values > most)][0]
        raise PlanError(
            f"sweep: column {column!r} has {bad}; allowed: {least} to {most} (as in a plan)"
        )
    return values.astype(np.int64, copy=False)


def _flags(df: pd.DataFrame, column: str, default: bool) -> Any:
    if column not in df.columns:
        return default
    values = df[column].to_numpy()
    if values.dtype.kind != "b":
        raise PlanError(f"sweep: column {column!r} must hold true or false")
    return values


def _amounts(df: pd.DataFrame, column: str, most: float) -> Any:
    import numpy as np

    if column not in df.columns:
        return 0.0
    values = df[column].to_numpy()
    if values.dtype.kind not in "iuf" or values.dtype.kind == "b":
        raise PlanError(f"sweep: column {column!r} must hold numbers")
    values = values.astype(np.float64, copy=False)
    if len(values) and not (
        np.all(np.isfinite(values)) and values.min() >= 0 and values.max() <= most
    ):
        raise PlanError(f"sweep: column {column!r} must hold amounts from 0 to {most:g}")
    return values


@dataclass
class Columns:
    """A scenario frame's columns, checked, as arrays (or one value where a column is
    absent and the plan's default applies)."""

    ci: Any
    ti: Any
    s_lo: Any
    s_hi: Any
    nights: Any
    split: Any
    consultation: Any
    party: Any
    tiers: dict[str, Any]
    a_day: dict[str, Any]
    extra_trip: Any
    extra_person: Any
    contingency: Any

    @classmethod
    def read(cls, df: pd.DataFrame, t: PriceTables, cat: Catalog) -> Columns:
        import numpy as np

        ci = _codes(df["country"], t.countries, cat.country, "country")
        ti = _codes(df["treatment"], t.treatments, lambda v: cat.treatment(v).slug, "treatment")
        s_lo = _ints(df, "sessions_low", 1, MAX_SESSIONS, 1)
        s_hi = _ints(df, "sessions_high", 1, MAX_SESSIONS, 1)
        if np.any(s_lo > s_hi):
            raise PlanError("sweep: sessions_low exceeds sessions_high in some rows")
        tiers: dict[str, Any] = {}
        a_day: dict[str, Any] = {}
        for c in vocab.living():
            if c.name in df.columns:
                tiers[c.name] = _codes(df[c.name], c.tiers, str, c.name)
            else:
                tiers[c.name] = c.tiers.index(c.default)
            if c.per_day is not None:
                a_day[c.name] = _ints(df, c.per_day, 0, c.per_day_max, c.per_day_default)
            else:
                a_day[c.name] = 1
        return cls(
            ci, ti, s_lo, s_hi, _ints(df, "nights", 0, MAX_NIGHTS, 0), _flags(df, "split", True),
            _flags(df, "consultation", False), _ints(df, "party", 1, MAX_PARTY, 1), tiers, a_day,
            _amounts(df, "extra_per_trip", 1e15), _amounts(df, "extra_per_person", 1e15),
            _amounts(df, "contingency", 1.0),
        )  # fmt: skip

    def cut(self, sl: slice) -> Columns:
        def c(x: Any) -> Any:
            return x[sl] if hasattr(x, "shape") else x

        return Columns(
            c(self.ci), c(self.ti), c(self.s_lo), c(self.s_hi), c(self.nights), c(self.split),
            c(self.consultation), c(self.party), {k: c(v) for k, v in self.tiers.items()},
            {k: c(v) for k, v in self.a_day.items()}, c(self.extra_trip), c(self.extra_person),
            c(self.contingency),
        )  # fmt: skip


def _raise_if_used(t: PriceTables, kind: str, cells: Any, width: int) -> None:
    """Raise the rate error of the first cell a row needs (as `estimate` would)."""
    import numpy as np

    if not t.errors:
        return
    for cell in np.unique(cells).tolist():
        found = t.errors.get((kind, cell // width, cell % width))
        if found is not None:
            raise found[0](found[1])


class Words:
    """Messages met so far, each with its code (0: none), and the code of every key of
    the bulk path's message space seen so far (so each message is written once a sweep,
    not once a block). Blocks priced in threads share it under its lock."""

    def __init__(self) -> None:
        self.texts: list[str] = [""]
        self._codes: dict[str, int] = {"": 0}
        self._keys: dict[int, int] = {}
        self.lock = threading.Lock()

    def code(self, text: str) -> int:
        found = self._codes.get(text)
        if found is None:
            found = self._codes[text] = len(self.texts)
            self.texts.append(text)
        return found

    def codes(self, keys: Any, text: Callable[[int], str]) -> Any:
        """Each key's message code, writing the message of a key not seen before."""
        import numpy as np

        uniq, pos = np.unique(keys, return_inverse=True)
        with self.lock:
            found: list[int] = []
            for k in uniq.tolist():
                code = self._keys.get(k)
                if code is None:
                    code = self._keys[k] = self.code(text(k))
                found.append(code)
        return np.asarray(found, dtype=np.int32).take(pos)


def price_block(
    t: PriceTables, cols: Columns, sl: slice, low: Floats, high: Floats, open_: Any,
    approx: Any, missing: Any, error: Any, words: dict[str, Words],
) -> None:  # fmt: skip
    """Price rows ``sl`` into the output arrays (amounts not yet rounded)."""
    import numpy as np

    c = cols.cut(sl)
    n_t = len(t.treatments)
    flat = c.ci.astype(np.int64) * n_t + c.ti
    _raise_if_used(t, "treatment", flat, n_t)
    p = t.price.reshape(4, -1)
    p_lo, p_hi = p[0].take(flat), p[1].take(flat)
    op, ap = p[2].take(flat) > 0, p[3].take(flat) > 0
    lo, hi = p_lo * c.s_lo, p_hi * c.s_hi
    sp_lo, sp_hi = t.spacing[0].take(c.ti), t.spacing[1].take(c.ti)
    limit = t.visa.take(c.ci)
    sched = []
    for s, sp, stay in (
        (c.s_lo, sp_lo, t.stay[0].take(c.ti)),
        (c.s_hi, sp_hi, t.stay[1].take(c.ti)),
    ):
        # one treatment a row, nights always given: the trip's own part (one stay of the
        # nights) never exceeds the treatment's, so `combine` has one part
        sched.append(combine([planned(s, sp, c.nights + 0 * s, limit, stay, c.split)[:3]]))
    (count_lo, count_hi), (nights_lo, nights_hi), _ = bounds(sched[0], sched[1])
    no = refused(c.s_hi, sp_lo, c.nights + 0 * c.s_hi, c.split)
    miss = np.isnan(p_lo).astype(np.int64)
    for bit, cat in enumerate(vocab.living(), start=1):
        width = len(t.tiers[cat.name])
        idx = c.ci.astype(np.int64) * width + c.tiers[cat.name]
        q_lo = units_used(nights_lo, c.a_day[cat.name], c.party, cat.shared)
        q_hi = units_used(nights_hi, c.a_day[cat.name], c.party, cat.shared)
        used = q_hi > 0
        _raise_if_used(t, cat.name, idx[used] if np.ndim(idx) else idx, width)
        arr = t.living[cat.name].reshape(4, -1)
        u_lo, u_hi = arr[0].take(idx), arr[1].take(idx)
        gap = used & np.isnan(u_lo)
        ok = used & ~gap
        miss |= gap.astype(np.int64) << bit
        lo += np.where(ok, u_lo * q_lo, 0.0)
        hi += np.where(ok, u_hi * q_hi, 0.0)
        op |= ok & (arr[2].take(idx) > 0)
        ap |= ok & (arr[3].take(idx) > 0)
    fee = t.consultation.take(c.ci, axis=1)
    has_fee = ~np.isnan(fee[0]) & c.consultation
    if np.any(has_fee):
        _raise_if_used(t, "consultation", c.ci.astype(np.int64), 1)
        lo += np.where(has_fee, fee[0] * visits(count_lo, True), 0.0)
        hi += np.where(has_fee, fee[1] * visits(count_hi, True), 0.0)
        op |= has_fee & (fee[2] > 0)
        ap |= has_fee & (fee[3] > 0)
    lo += per_stay(count_lo, c.party, False) * c.extra_trip
    lo += per_stay(count_lo, c.party, True) * c.extra_person
    hi += per_stay(count_hi, c.party, False) * c.extra_trip
    hi += per_stay(count_hi, c.party, True) * c.extra_person
    hi += share(hi, c.contingency)
    unpriced = (miss & 1).astype(bool)
    bad = no & ~unpriced
    void = unpriced | bad
    low[sl] = np.where(void, np.nan, lo)
    high[sl] = np.where(void, np.nan, hi)
    open_[sl] = op & ~void
    approx[sl] = ap & ~void
    missing[sl] = _missing_codes(t, c, miss, words["missing"])
    error[sl] = _error_codes(t, c, bad, words["error"])


def _missing_codes(t: PriceTables, c: Columns, miss: Any, words: Words) -> Any:
    """Each row's 'missing' message code: the price gap alone where the treatment has no
    price (the exact path stops there), else every living-cost gap in table order."""
    import numpy as np

    out = np.zeros(len(miss), dtype=np.int32)
    rows = np.flatnonzero(miss)
    if not len(rows):
        return out
    cats = list(vocab.living())
    sizes = [len(t.countries), len(t.treatments), *(len(t.tiers[k.name]) for k in cats)]
    bits = miss[rows]
    priceless = (bits & 1).astype(bool)
    parts = [np.broadcast_to(c.ci, miss.shape)[rows], np.broadcast_to(c.ti, miss.shape)[rows]]
    for k in cats:  # a row without a price says only that: its tiers do not matter
        tier = np.broadcast_to(c.tiers[k.name], miss.shape)[rows]
        parts.append(np.where(priceless, 0, tier))
    key = np.where(priceless, 1, bits)
    for part, size in zip(parts, sizes, strict=True):
        key = key * size + part

    def text(value: int) -> str:
        fields = []
        for size in reversed(sizes):
            fields.append(value % size)
            value //= size
        ci, ti, *tiers = reversed(fields)
        if value & 1:
            return t.price_missing[ci][ti]
        return "; ".join(
            t.living_missing[k.name][ci][tier]
            for bit, (k, tier) in enumerate(zip(cats, tiers, strict=True), start=1)
            if value & (1 << bit)
        )

    out[rows] = words.codes(key, text)
    return out


def _error_codes(t: PriceTables, c: Columns, bad: Any, words: Words) -> Any:
    """Each row's 'error' code: why the scenario cannot happen (as `estimate` says it)."""
    import numpy as np

    out = np.zeros(len(bad), dtype=np.int32)
    rows = np.flatnonzero(bad)
    if not len(rows):
        return out
    shape = bad.shape
    ti = np.broadcast_to(c.ti, shape)[rows].astype(np.int64)
    s_hi = np.broadcast_to(c.s_hi, shape)[rows]
    nights = np.broadcast_to(c.nights, shape)[rows]
    key = (ti * (MAX_SESSIONS + 1) + s_hi) * (MAX_NIGHTS + 1) + nights

    def text(value: int) -> str:
        n = value % (MAX_NIGHTS + 1)
        s = (value // (MAX_NIGHTS + 1)) % (MAX_SESSIONS + 1)
        j = value // ((MAX_NIGHTS + 1) * (MAX_SESSIONS + 1))
        return refusal(0, t.treatments[j], s, int(t.spacing[0][j]), n)

    out[rows] = words.codes(key, text)
    return out


def texts(codes: Any, words: list[str], plain: bool) -> Any:
    """A text column from codes: categorical (pandas) or plain strings (for Dask, whose
    partitions would otherwise carry different categories)."""
    import numpy as np
    import pandas as pd

    if plain:
        return np.asarray(words, dtype=object).take(codes)
    dtype = pd.CategoricalDtype(categories=list(dict.fromkeys(words)))
    if len(set(words)) != len(words):  # pragma: no cover - codes are unique by construction
        raise PlanError("duplicate message codes")
    return pd.Categorical.from_codes(codes, dtype=dtype)
