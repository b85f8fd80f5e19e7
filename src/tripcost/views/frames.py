"""The frames analysts plot: exact ``Decimal`` columns with float64 copies beside them.

Every frame the API returns keeps its amounts exact (``Decimal`` objects, dtype
``object``) and adds a float64 copy named ``<column>_f`` right after each, so
``df.plot`` finds numbers and nobody mistakes the copy for money (NaN where the exact
column is None). `catalog_frame` builds `Catalog.frame`: one table's rows and, given a
currency, each price converted at the rate of its own source date.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from tripcost.errors import CatalogError
from tripcost.fx import RateSource, RecordingRates, default_rates
from tripcost.money import validate_currency

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
    from numpy.typing import NDArray

    from tripcost.resolve.catalog import Catalog
    from tripcost.resolve.rows import Row

__all__ = ["TABLES", "catalog_frame", "records_frame", "with_floats"]

#: The tables of `Catalog.frame`.
TABLES = ("prices", "living", "facts", "rules", "no_data", "sources", "treatments")
#: The columns ``currency=`` adds to the prices and living tables, in order.
CONVERTED = (
    "display_currency", "display_low", "display_low_f", "display_high", "display_high_f",
    "rate", "rate_date", "rate_source",
)  # fmt: skip


def _float(value: object) -> float:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return math.nan
    if isinstance(value, Decimal | int | float):
        return float(value)
    raise TypeError(f"not a number: {value!r}")


def records_frame(
    records: Sequence[Mapping[str, object]], columns: Sequence[str], floats: Iterable[str]
) -> pd.DataFrame:
    """A frame of ``records`` (dicts with ``columns``), with a float64 copy
    ``<column>_f`` right after each of ``floats`` (None becomes NaN). Built column by
    column in one go: answers of a few rows are asked for often."""
    import pandas as pd

    wanted = set(floats)
    data: dict[str, object] = {}
    for col in columns:
        values = [r[col] for r in records]
        data[col] = values
        if col in wanted:
            data[f"{col}_f"] = _floats(values)
    return pd.DataFrame(data, columns=list(data))


def with_floats(df: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
    """``df`` with a float64 copy ``<column>_f`` right after each of ``columns``
    (in place, and returned for chaining)."""
    for col in columns:
        at = list(df.columns).index(col) + 1
        df.insert(at, f"{col}_f", _floats(df[col].tolist()))
    return df


def _floats(values: Sequence[object]) -> NDArray[np.float64]:
    import numpy as np

    return np.array([_float(v) for v in values], dtype="float64")


def catalog_frame(
    cat: Catalog,
    table: str = "prices",
    *,
    currency: str | None = None,
    rates: RateSource | None = None,
    on: dt.date | None = None,
) -> pd.DataFrame:
    """One table of the catalog as a frame (see `Catalog.frame`)."""
    import pandas as pd

    if table not in TABLES:
        raise CatalogError(f"unknown table {table!r}; tables: {', '.join(TABLES)}")
    if currency is not None and table not in ("prices", "living"):
        raise CatalogError(f"only prices and living costs convert; {table!r} has no money")
    if table == "treatments":
        return pd.DataFrame([
            {"slug": t.slug, "name": t.name, "category": t.category,
             "aliases": "|".join(t.aliases), "parents": "|".join(t.parents),
             "children": "|".join(t.children), "note": t.note}
            for t in cat.treatments()
        ])  # fmt: skip
    rows: tuple[Row, ...] = getattr(cat.tables, table)
    df = pd.DataFrame.from_records([r.as_dict() for r in rows])
    if table in ("prices", "living", "facts", "rules") and len(df):
        with_floats(df, ["low", "high"])
    if currency is not None and len(df):
        _convert(df, rows, validate_currency(currency), rates or default_rates(), on)
    return df


def _convert(
    df: pd.DataFrame, rows: Iterable[Row], currency: str, rates: RateSource, on: dt.date | None
) -> None:
    """Add `CONVERTED`: each row at the rate of its source's date (else ``on``), as an
    estimate converts it; the rate columns are None where the row is stated in
    ``currency`` already."""
    from tripcost.resolve.catalog import row_range
    from tripcost.resolve.prices import to_currency
    from tripcost.resolve.rows import LivingRow, PriceRow

    lows: list[Decimal] = []
    highs: list[Decimal] = []
    used: list[tuple[Decimal | None, dt.date | None, str | None]] = []
    for r in rows:
        assert isinstance(r, PriceRow | LivingRow)
        rec = RecordingRates(rates)
        moved = to_currency(row_range(r), currency, rec, on)
        lows.append(moved.low.amount)
        highs.append(moved.high.amount)
        rate = next(iter(rec.used.values()), None)
        used.append((rate.value, rate.date, rate.source) if rate else (None, None, None))
    df["display_currency"] = currency
    df["display_low"] = _objects(lows)
    df["display_high"] = _objects(highs)
    df["rate"] = _objects([u[0] for u in used])
    df["rate_date"] = _objects([u[1] for u in used])
    df["rate_source"] = _objects([u[2] for u in used])
    with_floats(df, ["display_low", "display_high"])


def _objects(values: Sequence[object]) -> pd.Series:
    """A column of Python objects as they are (pandas would guess a dtype)."""
    import pandas as pd

    return pd.Series(values, dtype="object")
