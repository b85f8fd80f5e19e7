"""A scenario frame's columns, checked once, and cut into blocks of arrays.

Text columns become small integer codes (each distinct value resolved once, aliases and
country names included); numbers are checked against the plan model's bounds; an absent
column takes the plan's default. A `Block` holds every column of a slice of rows as a
full array, so the rule core always sees arrays of one shape.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tripcost import vocab
from tripcost.counts import MAX_NIGHTS, MAX_PARTY, MAX_SESSIONS
from tripcost.errors import PlanError, TripcostError
from tripcost.resolve.catalog import Catalog
from tripcost.resolve.tables import PriceTables

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pandas as pd

    Ints = npt.NDArray[np.int64]
    Bools = npt.NDArray[np.bool_]
    Floats = npt.NDArray[np.float64]

__all__ = ["Block", "Columns"]


@dataclass(frozen=True)
class Coded:
    """A text column as the frame's own codes (a categorical's are kept, not copied) and
    the index in the tables of each code: mapped a block at a time, so no full-length
    int64 copy of the column is made."""

    codes: npt.NDArray[np.integer]
    mapping: Ints

    def __len__(self) -> int:
        return len(self.codes)

    def take(self, sl: slice) -> Ints:
        return self.mapping.take(self.codes[sl])


def _codes(values: pd.Series, known: tuple[str, ...], resolve: Callable[[str], str],
           column: str) -> Coded:  # fmt: skip
    """``values`` coded by their index in ``known``, resolving each distinct value once."""
    import numpy as np
    import pandas as pd

    if isinstance(values.dtype, pd.CategoricalDtype):
        codes, uniques = values.cat.codes.to_numpy(), [str(v) for v in values.cat.categories]
    else:
        codes, found = pd.factorize(values, use_na_sentinel=True)
        uniques = [str(v) for v in found]
    if len(codes) and codes.min() < 0:
        raise PlanError(f"sweep: column {column!r} has missing values")
    index = {k: i for i, k in enumerate(known)}
    mapping = np.zeros(max(len(uniques), 1), dtype=np.int64)
    for u, value in enumerate(uniques):
        try:
            mapping[u] = index[resolve(value)]
        except TripcostError as exc:
            raise type(exc)(f"sweep: column {column!r}: {exc}") from None
        except KeyError:
            raise PlanError(f"sweep: column {column!r}: unknown value {value!r}") from None
    return Coded(codes, mapping)


def _ints(df: pd.DataFrame, column: str, least: int, most: int, default: int) -> Ints | int:
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
    ints: Ints = values.astype(np.int64, copy=False)
    return ints


def _flags(df: pd.DataFrame, column: str, default: bool) -> Bools | bool:
    if column not in df.columns:
        return default
    values: Bools = df[column].to_numpy()
    if values.dtype.kind != "b":
        raise PlanError(f"sweep: column {column!r} must hold true or false")
    return values


def _amounts(df: pd.DataFrame, column: str, most: float) -> Floats | float:
    import numpy as np

    if column not in df.columns:
        return 0.0
    values = df[column].to_numpy()
    if values.dtype.kind not in "iuf" or values.dtype.kind == "b":
        raise PlanError(f"sweep: column {column!r} must hold numbers")
    floats: Floats = values.astype(np.float64, copy=False)
    sane = np.all(np.isfinite(floats)) and floats.min() >= 0 and floats.max() <= most
    if len(floats) and not sane:
        raise PlanError(f"sweep: column {column!r} must hold amounts from 0 to {most:g}")
    return floats


@dataclass(frozen=True)
class Block:
    """Every column of a slice of rows as a full array (defaults filled in)."""

    ci: Ints
    ti: Ints
    s_lo: Ints
    s_hi: Ints
    nights: Ints
    split: Bools
    consultation: Bools
    party: Ints
    tiers: dict[str, Ints]
    a_day: dict[str, Ints]
    extra_trip: Floats
    extra_person: Floats
    contingency: Floats


@dataclass(frozen=True)
class Columns:
    """A scenario frame's columns, checked: arrays, or one value where a column is absent
    and the plan's default applies."""

    ci: Coded
    ti: Coded
    s_lo: Ints | int
    s_hi: Ints | int
    nights: Ints | int
    split: Bools | bool
    consultation: Bools | bool
    party: Ints | int
    tiers: dict[str, Coded | int]
    a_day: dict[str, Ints | int]
    extra_trip: Floats | float
    extra_person: Floats | float
    contingency: Floats | float

    @classmethod
    def read(cls, df: pd.DataFrame, t: PriceTables, cat: Catalog) -> Columns:
        import numpy as np

        ci = _codes(df["country"], t.countries, cat.country, "country")
        ti = _codes(df["treatment"], t.treatments, lambda v: cat.treatment(v).slug, "treatment")
        s_lo = _ints(df, "sessions_low", 1, MAX_SESSIONS, 1)
        s_hi = _ints(df, "sessions_high", 1, MAX_SESSIONS, 1)
        if np.any(np.asarray(s_lo) > np.asarray(s_hi)):
            raise PlanError("sweep: sessions_low exceeds sessions_high in some rows")
        tiers: dict[str, Coded | int] = {}
        a_day: dict[str, Ints | int] = {}
        for c in vocab.living():
            if c.name in df.columns:
                tiers[c.name] = _codes(df[c.name], c.tiers, str, c.name)
            else:
                tiers[c.name] = c.tiers.index(c.default)
            a_day[c.name] = (
                _ints(df, c.per_day, 0, c.per_day_max, c.per_day_default) if c.per_day else 1
            )
        return cls(
            ci, ti, s_lo, s_hi, _ints(df, "nights", 0, MAX_NIGHTS, 0), _flags(df, "split", True),
            _flags(df, "consultation", False), _ints(df, "party", 1, MAX_PARTY, 1), tiers, a_day,
            _amounts(df, "extra_per_trip", 1e15), _amounts(df, "extra_per_person", 1e15),
            _amounts(df, "contingency", 1.0),
        )  # fmt: skip

    def cut(self, sl: slice) -> Block:
        """Rows ``sl`` as full arrays."""
        import numpy as np

        n = len(self.ci.codes[sl])

        def ints(x: Ints | int) -> Ints:
            return np.full(n, x, dtype=np.int64) if isinstance(x, int) else x[sl]

        def coded(x: Coded | int) -> Ints:
            return np.full(n, x, dtype=np.int64) if isinstance(x, int) else x.take(sl)

        def bools(x: Bools | bool) -> Bools:
            return np.full(n, x, dtype=np.bool_) if isinstance(x, bool) else x[sl]

        def floats(x: Floats | float) -> Floats:
            return np.full(n, x, dtype=np.float64) if isinstance(x, float) else x[sl]

        return Block(
            self.ci.take(sl), self.ti.take(sl), ints(self.s_lo), ints(self.s_hi),
            ints(self.nights), bools(self.split), bools(self.consultation), ints(self.party),
            {k: coded(v) for k, v in self.tiers.items()},
            {k: ints(v) for k, v in self.a_day.items()},
            floats(self.extra_trip), floats(self.extra_person), floats(self.contingency),
        )  # fmt: skip
