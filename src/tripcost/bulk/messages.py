"""The bulk path's words: what data was missing and why a scenario cannot happen.

Each row gets a message code; each message is written once a sweep (not once a row, not
once a block) from the same texts the exact path uses (`why_no_price`, `living_gap`,
`refusal`). The codes become a categorical column (or plain text for Dask, whose
partitions would otherwise carry different categories).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from tripcost import vocab
from tripcost.counts import MAX_NIGHTS, MAX_SESSIONS
from tripcost.resolve.tables import PriceTables
from tripcost.rules.trip import refusal

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    from pandas.api.extensions import ExtensionArray

    from tripcost.bulk.columns import Block

    Ints = npt.NDArray[np.int64]
    Codes = npt.NDArray[np.int32]
    Bools = npt.NDArray[np.bool_]

__all__ = ["Words", "error_codes", "missing_codes", "texts"]


class Words:
    """Messages met so far, each with its code (0: none), and the code of every key met
    so far. Blocks priced in threads share it under its lock."""

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

    def codes(self, keys: Ints, text: Callable[[int], str]) -> Codes:
        """Each key's message code, writing the message of a key not met before."""
        import numpy as np
        import pandas as pd

        pos, uniq = pd.factorize(keys)  # hashed: a few times quicker than np.unique's sort
        with self.lock:
            found: list[int] = []
            for k in uniq.tolist():
                code = self._keys.get(k)
                if code is None:
                    code = self._keys[k] = self.code(text(k))
                found.append(code)
        return np.asarray(found, dtype=np.int32).take(pos)


def missing_codes(t: PriceTables, b: Block, miss: Ints, words: Words) -> Codes:
    """Each row's 'missing' code: the price gap alone where the treatment has no price
    (the exact path stops there), else every living-cost gap in table order. ``miss`` has
    bit 0 for the price and bit k for the k-th living category."""
    import numpy as np

    out = np.zeros(len(miss), dtype=np.int32)
    rows = np.flatnonzero(miss)
    if not len(rows):
        return out
    cats = list(vocab.living())
    sizes = [len(t.countries), len(t.treatments), *(len(t.tiers[k.name]) for k in cats)]
    bits = miss[rows]
    priceless = (bits & 1).astype(bool)
    parts = [b.ci[rows], b.ti[rows]]
    for k in cats:  # a row without a price says only that: its tiers do not matter
        parts.append(np.where(priceless, 0, b.tiers[k.name][rows]))
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


def error_codes(t: PriceTables, b: Block, bad: Bools, words: Words) -> Codes:
    """Each row's 'error' code: why the scenario cannot happen (as `estimate` says it)."""
    import numpy as np

    out = np.zeros(len(bad), dtype=np.int32)
    rows = np.flatnonzero(bad)
    if not len(rows):
        return out
    key = (b.ti[rows] * (MAX_SESSIONS + 1) + b.s_hi[rows]) * (MAX_NIGHTS + 1) + b.nights[rows]

    def text(value: int) -> str:
        n = value % (MAX_NIGHTS + 1)
        s = (value // (MAX_NIGHTS + 1)) % (MAX_SESSIONS + 1)
        j = value // ((MAX_NIGHTS + 1) * (MAX_SESSIONS + 1))
        return refusal(0, t.treatments[j], s, int(t.spacing[0][j]), n)

    out[rows] = words.codes(key, text)
    return out


def texts(
    codes: npt.NDArray[np.integer], words: list[str], plain: bool
) -> ExtensionArray | npt.NDArray[np.object_]:
    """A text column from codes: categorical (pandas) or plain strings (for Dask)."""
    import numpy as np
    import pandas as pd

    if plain:  # as the text dtype pandas infers, so an empty meta and a partition agree
        strings: npt.NDArray[np.object_] = np.asarray(words, dtype=object).take(codes)
        return pd.array(strings, dtype="str")
    return pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(categories=words))
