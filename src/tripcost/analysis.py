"""Frames for analysts: coverage, disagreement, age of sources, exchange-rate sensitivity.

Notebooks call these instead of re-implementing the arithmetic. Amounts and rates stay
exact (``Decimal`` objects) with a float64 copy ``<column>_f`` after each for plotting;
counts are integers.

>>> cov = coverage()
>>> cov.loc["laser-resurfacing", "TH"]
'1 row'
>>> cov.loc["laser-resurfacing", "CA"]
"no data ('-' in 001)"
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from tripcost import given
from tripcost.errors import NoPriceError, PlanError
from tripcost.estimates import estimate, source_age_months
from tripcost.fx import EmbeddedRates, PinnedRates, RateSource, ShiftedRates, as_date
from tripcost.money import parse_amount, validate_currency
from tripcost.plan import PlanLike, as_plan
from tripcost.resolve.catalog import Catalog

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["coverage", "disagreements", "fx_sensitivity", "rates_over_time", "source_ages"]


def coverage(catalog: Catalog | None = None) -> pd.DataFrame:
    """Treatment × country: how many price rows, or why there is none.

    A cell reads "2 rows", "no data ('-' in 001)" where a source's table marks it "-",
    or "no data" where no source mentions it.
    """
    import pandas as pd

    cat = given.catalog(catalog)
    slugs = [t.slug for t in cat.treatments() if t.category != "fee"]
    countries = cat.countries()
    counts: dict[tuple[str, str], int] = {}
    for r in cat.prices:
        counts[(r.treatment, r.country)] = counts.get((r.treatment, r.country), 0) + 1
    marks = {(g.treatment, g.country): g.source[:3] for g in cat.no_data}
    cells = []
    for s in slugs:
        row = []
        for c in countries:
            n = counts.get((s, c), 0)
            if n:
                row.append(f"{n} row{'s' if n > 1 else ''}")
            elif (s, c) in marks:
                row.append(f"no data ('-' in {marks[(s, c)]})")
            else:
                row.append("no data")
        cells.append(row)
    return pd.DataFrame(cells, index=pd.Index(slugs, name="treatment"), columns=countries)


def disagreements(
    catalog: Catalog | None = None, *, currency: str = "USD", rates: RateSource | None = None
) -> pd.DataFrame:
    """Where several statements price one treatment in one country on one unit: each
    one's low and high in one currency, and how far apart the highs are. Averages are
    left out (they are not bounds), and units are never mixed.

    Columns: country, treatment, unit, statements (int64), sources, low_min, low_max,
    high_min, high_max (``Decimal`` in ``currency``), high_ratio (largest high over
    smallest, ``Decimal``), currency; each ``Decimal`` column with a float64 ``<name>_f``.
    """

    from tripcost.views.frames import records_frame

    cat = given.catalog(catalog)
    src = given.rates(rates)
    records = []
    cells = sorted({(r.country, r.treatment, r.unit) for r in cat.prices
                    if r.treatment != "consultation"})  # fmt: skip
    for country, slug, unit in cells:
        try:
            quotes = cat.quotes(slug, country, unit=unit, currency=currency, rates=src)
        except NoPriceError:
            continue
        each = [q.range for q in quotes if q.statistic != "average"]
        if len(each) < 2:
            continue
        lows = [r.low.amount for r in each]
        highs = [r.high.amount for r in each]
        records.append({
            "country": country, "treatment": slug, "unit": unit, "statements": len(each),
            "sources": "; ".join(dict.fromkeys(s.ref for r in each for s in r.sources)),
            "low_min": min(lows), "low_max": max(lows),
            "high_min": min(highs), "high_max": max(highs),
            "high_ratio": (max(highs) / min(highs)) if min(highs) else None,
            "currency": currency,
        })  # fmt: skip
    columns = ["country", "treatment", "unit", "statements", "sources", "low_min", "low_max",
               "high_min", "high_max", "high_ratio", "currency"]  # fmt: skip
    return records_frame(records, columns, ["low_min", "low_max", "high_min", "high_max",
                                            "high_ratio"])  # fmt: skip


def source_ages(catalog: Catalog | None = None, today: dt.date | None = None) -> pd.DataFrame:
    """Every source with its date, its age in months and its rows.

    Columns: source, date (text as the source gives it), rows (int64), age_months
    (float64: NaN when the source is undated).
    """
    import pandas as pd

    cat = given.catalog(catalog)
    day = today or dt.date.today()
    records = [
        {"source": s, "date": d, "rows": n, "age_months": source_age_months(d, day)}
        for s, d, n in cat.source_counts()
    ]
    df = pd.DataFrame.from_records(records, columns=["source", "date", "rows", "age_months"])
    return df.astype({"rows": "int64", "age_months": "float64"})


def fx_sensitivity(
    plan: PlanLike,
    shifts: Iterable[Decimal | str] = ("-0.15", "-0.10", "-0.05", "0", "0.05", "0.10", "0.15"),
    *,
    base: str = "USD",
    quote: str = "KRW",
    currency: str | None = None,
    rates: RateSource | None = None,
    catalog: Catalog | None = None,
) -> pd.DataFrame:
    """The plan's total as ``base``/``quote`` moves by each shift (0.15: 1 base buys 15%
    more quote). Columns: shift, rate, total_low, total_high (exact ``Decimal``), currency;
    each ``Decimal`` column with a float64 ``<name>_f`` (``total_low_f`` …) for plotting."""

    from tripcost.views.frames import records_frame

    plan = as_plan(plan)
    src = given.rates(rates)
    cat = given.catalog(catalog)
    cur = currency or plan.currency
    base, quote = validate_currency(base), validate_currency(quote)
    if isinstance(shifts, str | bytes) or not isinstance(shifts, Iterable):
        raise PlanError(f"shifts {shifts!r} is not a list of shares, like ['-0.1', '0.1']")
    records = []
    for shift in shifts:
        s = parse_amount(shift, what="shift")
        if not -1 < s < 10:
            raise PlanError(f"shift {shift!r} is not above -1 (a rate of 0) and below 10")
        moved = ShiftedRates(src, base, quote, 1 + s)
        est = estimate(plan, currency=cur, rates=moved, catalog=cat)
        records.append({
            "shift": s, "rate": moved.rate(base, quote).value,
            "total_low": est.total.low.amount, "total_high": est.total.high.amount,
            "currency": cur,
        })  # fmt: skip
    columns = ["shift", "rate", "total_low", "total_high", "currency"]
    return records_frame(records, columns, ["shift", "rate", "total_low", "total_high"])


def rates_over_time(
    plan: PlanLike,
    dates: Sequence[dt.date],
    *,
    base: str = "USD",
    quote: str = "KRW",
    currency: str | None = None,
    catalog: Catalog | None = None,
) -> pd.DataFrame:
    """The plan priced at the embedded ECB rates of each date (the rate actually used is
    the last business day's on or before it). Columns: date, rate_date (``datetime.date``),
    rate, total_low, total_high (exact ``Decimal``), currency; each ``Decimal`` column with
    a float64 ``<name>_f``."""

    from tripcost.views.frames import records_frame

    plan = as_plan(plan)
    cat = given.catalog(catalog)
    cur = currency or plan.currency
    base, quote = validate_currency(base), validate_currency(quote)
    if isinstance(dates, str | bytes) or not isinstance(dates, Iterable):
        raise PlanError(f"dates {dates!r} is not a list of dates, like ['2025-07-17']")
    emb = EmbeddedRates()
    records = []
    for given_day in dates:
        day = as_date(given_day, what="date")
        if day is None:
            raise PlanError("dates: None is not a date")
        pinned = PinnedRates(emb, day)
        est = estimate(plan, currency=cur, rates=pinned, catalog=cat)
        r = pinned.rate(base, quote)
        records.append({
            "date": day, "rate_date": r.date, "rate": r.value,
            "total_low": est.total.low.amount, "total_high": est.total.high.amount,
            "currency": cur,
        })  # fmt: skip
    columns = ["date", "rate_date", "rate", "total_low", "total_high", "currency"]
    return records_frame(records, columns, ["rate", "total_low", "total_high"])
