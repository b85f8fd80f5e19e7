"""The bulk path: millions of scenarios priced with the same rules on arrays.

`sweep` prices one scenario per row exactly as `estimate` prices this plan::

    {"party": party, "contingency": contingency, "trips": [{
        "country": country, "nights": nights, "split": split,
        "consultation": consultation,
        "accommodation": …, "food": …, "transport": …,       # every category of vocab.LIVING
        "meals_per_day": …, "rides_per_day": …,               # and its per-day field
        "treatments": [{"treatment": treatment, "sessions": f"{lo}-{hi}"}],
        "extras": [{"name": "per trip", "amount": extra_per_trip, "currency": currency},
                   {"name": "per person", "amount": extra_per_person,
                    "currency": currency, "per_person": True}]}]}

Columns ``country``, ``treatment``, ``sessions_low`` and ``sessions_high`` are required;
the others default to ``nights`` 0, ``split`` true, ``consultation`` false, ``party`` 1,
the default tiers and per-day counts, no extras, no contingency (note: ``split`` and
``consultation`` differ from a plan's own defaults; the plan above spells them out).

**Shapes the bulk path declines** (use `estimate`): several treatments or several trips
in one scenario, no nights (a schedule from the sources' spacing and the visa), recovery
in the country, VAT refunds and other dated rules, syringe counts other than one, your
own clinic quotes, and kinds of clinic. A frame with a column for any of these
(``recover_in_country``, ``vat_refund``, ``start``, ``units``, ``quote``, ``quote_unit``,
``clinic``) is refused with a `PlanError`.

The catalog's prices, living costs and facts are looked up once as arrays
(`tripcost.resolve.tables`); the schedule and cost rules are the exact path's own
functions (`tripcost.rules`) run on int64/float64 columns, in blocks so memory stays
bounded; amounts are rounded once, half up, to the currency's digits. A Dask
DataFrame is priced partition by partition and a Dask DataFrame returned; its text
columns (``currency``, ``missing``, ``error``) are plain strings (pandas' ``str``
dtype) rather than categories, since each partition would have its own categories.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Protocol, overload

from tripcost.bulk.block import BLOCK, Outputs, price_block
from tripcost.bulk.columns import Columns
from tripcost.bulk.messages import Words, texts
from tripcost.errors import PlanError
from tripcost.fx import RateSource, default_rates
from tripcost.money import validate_currency
from tripcost.resolve.catalog import Catalog
from tripcost.resolve.load import load_catalog
from tripcost.resolve.tables import price_tables

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["DECLINED", "REQUIRED_COLUMNS", "scenarios", "sweep"]

REQUIRED_COLUMNS = ("country", "treatment", "sessions_low", "sessions_high")
#: Threads pricing blocks side by side (numpy releases the GIL in its loops).
WORKERS = min(4, os.cpu_count() or 1)
DECLINED = (
    "recover_in_country", "vat_refund", "start", "units", "trips", "treatments", "quote",
    "quote_unit", "clinic",
)  # fmt: skip
OUTPUT = ("low", "high", "currency", "open_ended", "approximate", "missing", "error")


class Partitioned(Protocol):
    """What `sweep` needs of a Dask DataFrame: its empty sample and `map_partitions`."""

    @property
    def _meta(self) -> pd.DataFrame: ...

    def map_partitions(self, func: Callable[..., pd.DataFrame], *args: object,
                       **kwargs: object) -> Partitioned: ...  # fmt: skip


@overload
def sweep(
    scenarios: pd.DataFrame, *, currency: str = ..., rates: RateSource | None = ...,
    catalog: Catalog | None = ...,
) -> pd.DataFrame: ...  # fmt: skip


@overload
def sweep(
    scenarios: Partitioned, *, currency: str = ..., rates: RateSource | None = ...,
    catalog: Catalog | None = ...,
) -> Partitioned: ...  # fmt: skip


def sweep(
    scenarios: pd.DataFrame | Partitioned,
    *,
    currency: str = "USD",
    rates: RateSource | None = None,
    catalog: Catalog | None = None,
) -> pd.DataFrame | Partitioned:
    """Price every row of ``scenarios`` (a pandas or Dask DataFrame): adds ``low``,
    ``high``, ``currency``, ``open_ended``, ``approximate``, ``missing`` (the data that was
    absent, as `estimate` names it; empty when none) and ``error`` (why a scenario cannot
    happen, as `estimate` would raise it; its amounts are NaN)."""
    cur = validate_currency(currency)
    cat = catalog or load_catalog()
    src = rates or default_rates()
    import pandas as pd

    if isinstance(scenarios, pd.DataFrame):
        return _sweep(scenarios, cur, src, cat, plain_text=False)
    if type(scenarios).__module__.startswith("dask"):
        return _dask(scenarios, cur, src, cat)
    raise PlanError(f"sweep: a pandas or Dask DataFrame, not {type(scenarios).__name__}")


def _dask(ddf: Partitioned, cur: str, src: RateSource, cat: Catalog) -> Partitioned:
    meta = _sweep(ddf._meta, cur, src, cat, plain_text=True)
    return ddf.map_partitions(_sweep, cur, src, cat, plain_text=True, meta=meta)


def _check_columns(df: pd.DataFrame) -> None:
    absent = [c for c in REQUIRED_COLUMNS if c not in df.columns]
    if absent:
        raise PlanError(f"sweep: missing column(s) {', '.join(absent)}")
    declined = [c for c in DECLINED if c in df.columns]
    if declined:
        msg = (
            f"sweep: column(s) {', '.join(declined)} describe a plan the bulk path declines "
            "(see tripcost.sweep's docstring); price such plans with estimate()"
        )
        raise PlanError(msg)
    taken = [c for c in OUTPUT if c in df.columns]
    if taken:
        raise PlanError(f"sweep: the frame already has output column(s) {', '.join(taken)}")


def _sweep(
    df: pd.DataFrame, cur: str, src: RateSource, cat: Catalog, *, plain_text: bool
) -> pd.DataFrame:
    import numpy as np
    import pandas as pd

    _check_columns(df)
    t = price_tables(cat, cur, src)
    cols = Columns.read(df, t, cat)
    n = len(df)
    out = Outputs(
        np.empty(n), np.empty(n), np.zeros(n, dtype=np.bool_), np.zeros(n, dtype=np.bool_),
        np.zeros(n, dtype=np.int32), np.zeros(n, dtype=np.int32), Words(), Words(),
    )  # fmt: skip
    blocks = [slice(s, min(n, s + BLOCK)) for s in range(0, n, BLOCK)]
    if len(blocks) > 1 and WORKERS > 1:
        # numpy lets go of the GIL inside its loops: blocks priced in threads share the cores
        with ThreadPoolExecutor(WORKERS, thread_name_prefix="tripcost-sweep") as pool:
            for done in [pool.submit(price_block, t, cols, sl, out) for sl in blocks]:
                done.result()
    else:
        for sl in blocks:
            price_block(t, cols, sl, out)
    added = pd.DataFrame({
        "low": out.low, "high": out.high,
        "currency": texts(np.zeros(n, dtype=np.int8), [cur], plain_text),
        "open_ended": out.open_ended, "approximate": out.approximate,
        "missing": texts(out.missing, out.missing_words.texts, plain_text),
        "error": texts(out.error, out.error_words.texts, plain_text),
    }, index=df.index, copy=False)  # fmt: skip
    return pd.concat([df, added], axis=1)  # the arrays as they are: no copy of either side


def scenarios(**axes: Iterable[object]) -> pd.DataFrame:
    """The cartesian grid of the given axes as a scenario frame (categorical text columns).

    ``sessions`` may be given as one axis of "3-6"-style ranges or numbers; it becomes
    ``sessions_low`` and ``sessions_high``.

    >>> grid = scenarios(country=["KR", "TH"], treatment=["laser-resurfacing"],
    ...                  sessions=["3-6"], nights=[7, 14], accommodation=["hostel", "hotel"])
    >>> len(grid), list(grid.columns)[:4]
    (8, ['country', 'treatment', 'nights', 'accommodation'])
    """
    import numpy as np
    import pandas as pd

    from tripcost.counts import parse_count

    if not axes:
        raise PlanError("scenarios() needs at least one axis, like country=['KR', 'US']")
    names = list(axes)
    for name, axis in axes.items():
        if isinstance(axis, str | bytes) or not isinstance(axis, Iterable):
            raise PlanError(f"scenarios(): axis {name!r} is a list of values, not {axis!r}")
    values = [list(v) for v in axes.values()]
    for name, v in zip(names, values, strict=True):
        if not v:
            raise PlanError(f"scenarios(): axis {name!r} is empty")
    index = pd.MultiIndex.from_product(values, names=names)
    frame = index.to_frame(index=False)
    if "sessions" in frame.columns:
        counts = {s: parse_count(s) for s in values[names.index("sessions")]}
        frame["sessions_low"] = frame["sessions"].map({k: c.low for k, c in counts.items()})
        frame["sessions_high"] = frame["sessions"].map({k: c.high for k, c in counts.items()})
        frame["sessions_low"] = frame["sessions_low"].astype(np.int64)
        frame["sessions_high"] = frame["sessions_high"].astype(np.int64)
        frame = frame.drop(columns="sessions")
    for name in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[name]) and not pd.api.types.is_bool_dtype(
            frame[name]
        ):
            frame[name] = frame[name].astype("category")
    return frame
