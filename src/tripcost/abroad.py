"""The same plan abroad: in every country (`compare_plan`), and the sessions at which the
trip costs less than staying home (`break_even`).

A plan is resolved in each country as `estimate` resolves it (`resolve_plan` with the
country moved), and "home" is its treatments alone at home prices (`resolve_at_home`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from tripcost import given
from tripcost.compare import saving
from tripcost.comparison import Marks
from tripcost.errors import NoPriceError, PlanError
from tripcost.estimates import compute
from tripcost.fx import RateSource, RecordingRates
from tripcost.money import exact, validate_currency
from tripcost.plan import Count, PlanLike, as_plan
from tripcost.ranges import Range
from tripcost.resolve.catalog import Catalog
from tripcost.resolve.plans import resolve_at_home, resolve_plan
from tripcost.vocab import FlagKind

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["BreakEven", "break_even", "compare_plan"]

#: break_even tries session counts up to this many.
MAX_BREAK_EVEN_SESSIONS = 30
#: compare_plan's columns (each of MONEY_COLUMNS with a float64 copy after it)
COLUMNS = ("country", "currency", "total_low", "total_high", "open_ended", "approximate",
           "saving_low", "saving_high", "saving_or_less", "saving_or_more",
           "saving_approximate", "missing", "error")  # fmt: skip
MONEY_COLUMNS = ("total_low", "total_high", "saving_low", "saving_high")


def _cheapest_first(rec: dict[str, object]) -> tuple[bool, Decimal]:
    low = rec["total_low"]
    return (True, Decimal(0)) if not isinstance(low, Decimal) else (False, low)


def compare_plan(
    plan: PlanLike,
    countries: Sequence[str] | None = None,
    home: str | None = "US",
    *,
    currency: str | None = None,
    rates: RateSource | None = None,
    catalog: Catalog | None = None,
) -> pd.DataFrame:
    """The same plan in each country: total low/high, saving against ``home``, gaps.

    Returns a DataFrame with one row per country: ``country``, ``currency``,
    ``total_low``, ``total_high`` (exact ``Decimal``), ``open_ended``, ``approximate``,
    ``saving_low``, ``saving_high`` (``Decimal``; none on home's own row, as in
    `compare_treatments`) with ``saving_or_less`` / ``saving_or_more`` (an open-ended
    figure abroad / at home: the saving may be less / more) and ``saving_approximate``,
    ``missing`` (empty when every price was found) and ``error``
    (why the plan cannot happen in that country, as `estimate` would raise it: too few
    nights for its sessions, say); each amount has a float64 copy after it
    (``total_low_f`` …, NaN where there is no figure) for plotting.

    A clinic's quote on a treatment line holds only in its trip's own country: there the
    line is priced at the quote; moved to another country, the line takes that
    country's catalog price (and a flag says so). At ``home`` the quote holds only where
    home is the trip's country. A kind of clinic narrows the range in every country
    whose catalog places it (Korea, after 004).
    """
    from tripcost.views.frames import records_frame

    p = as_plan(plan)
    cat = given.catalog(catalog)
    cur = validate_currency(currency or p.currency)
    src = RecordingRates(given.rates(rates))
    asked = given.names(countries, "countries")
    codes = [given.country(cat, c, "countries") for c in asked] if asked else cat.countries()
    home_total: Range | None = None
    home_missing = ""
    home_code = given.country(cat, home, "home") if home is not None else None
    records = []
    with exact():
        if home_code is not None:
            try:
                home_inp = resolve_at_home(p, home_code, cat, src, cur)
                home_total = compute(home_inp, p).total
            except NoPriceError as exc:
                home_missing = f"home {home_code}: {exc}"
        for code in codes:
            rec: dict[str, object] = {
                "country": code, "currency": cur, "total_low": None, "total_high": None,
                "open_ended": False, "approximate": False, "saving_low": None,
                "saving_high": None, "saving_or_less": None, "saving_or_more": None,
                "saving_approximate": None, "missing": "", "error": "",
            }  # fmt: skip
            records.append(rec)
            try:
                est = compute(resolve_plan(p, cat, src, cur, country=code), p)
            except NoPriceError as exc:
                rec["missing"] = str(exc)
                continue
            except PlanError as exc:  # the plan cannot happen there (its visa, its nights)
                rec["error"] = str(exc)
                continue
            t = est.total
            rec.update(total_low=t.low.amount, total_high=t.high.amount,
                       open_ended=t.open_ended, approximate=t.approximate)  # fmt: skip
            gaps = [f.message for f in est.flags if f.kind is FlagKind.MISSING]
            if code == home_code:  # home's own row: the trip at home, no saving
                pass
            elif home_total is not None:
                lo, hi = saving(home_total, t)
                marks = Marks.of(home_total, t)
                rec.update(saving_low=lo.amount, saving_high=hi.amount,
                           saving_or_less=marks.or_less, saving_or_more=marks.or_more,
                           saving_approximate=marks.approximate)  # fmt: skip
            elif home_missing:
                gaps.append(home_missing)
            rec["missing"] = "; ".join(gaps)
    records.sort(key=_cheapest_first)
    return records_frame(records, COLUMNS, MONEY_COLUMNS)


@dataclass(frozen=True)
class BreakEven:
    """Fewest sessions at which the trip costs less than staying home (None: never)."""

    low: int | None
    high: int | None
    home: str
    country: str
    tried_up_to: int

    def __str__(self) -> str:
        def one(v: int | None) -> str:
            return str(v) if v is not None else f"not within {self.tried_up_to}"

        lo, hi = one(self.low), one(self.high)
        return f"break-even in {self.country} vs {self.home}: low {lo}, high {hi} sessions"


def break_even(
    plan: PlanLike,
    home: str = "US",
    *,
    currency: str | None = None,
    rates: RateSource | None = None,
    catalog: Catalog | None = None,
    max_sessions: int = MAX_BREAK_EVEN_SESSIONS,
) -> BreakEven:
    """The fewest sessions (every treatment line set to n) at which the trip costs less
    than the same sessions at home: in the low case and in the high case.

    Sessions that do not fit the trip's nights are spread over several trips.
    """
    p = as_plan(plan)
    cat = given.catalog(catalog)
    cur = validate_currency(currency or p.currency)
    src = RecordingRates(given.rates(rates))
    if type(max_sessions) is not int or not 1 <= max_sessions <= MAX_BREAK_EVEN_SESSIONS:
        msg = f"max_sessions {max_sessions!r} is not a whole number from 1 to "
        raise PlanError(msg + str(MAX_BREAK_EVEN_SESSIONS))
    home_code = given.country(cat, home, "home")
    country = cat.country(p.trips[0].country)
    found: dict[str, int | None] = {"low": None, "high": None}
    with exact():
        for n in range(1, max_sessions + 1):
            count = Count(low=n, high=n)
            trips = [
                t.model_copy(update={"split": True, "treatments": [
                    tl.model_copy(update={"sessions": count}) for tl in t.treatments]})
                for t in p.trips
            ]  # fmt: skip
            moved = p.model_copy(update={"trips": trips})
            abroad = compute(resolve_plan(moved, cat, src, cur), moved).total
            there = compute(resolve_at_home(p, home_code, cat, src, cur, count), p).total
            if found["low"] is None and abroad.low < there.low:
                found["low"] = n
            if found["high"] is None and abroad.high < there.high:
                found["high"] = n
            if found["low"] is not None and found["high"] is not None:
                break
    return BreakEven(found["low"], found["high"], home_code, country, max_sessions)
