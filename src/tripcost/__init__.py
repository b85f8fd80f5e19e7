"""tripcost: what a dermatology trip abroad really costs, low and high.

Sourced per-session prices by country and treatment, living costs, exact money
(`Decimal` + ISO 4217), dated exchange rates, and multi-session itineraries
summed into honest low–high ranges.

>>> import tripcost
>>> tripcost.load_catalog().price("fractional-co2", "KR")
Range(Money('300', 'USD'), Money('700', 'USD'))
"""

from __future__ import annotations

from tripcost.catalog import Catalog, Fact, Quote, Treatment
from tripcost.compare import BreakEven, CompareRow, break_even, compare_plan, compare_treatments
from tripcost.errors import (
    CatalogError,
    CurrencyError,
    DataFileError,
    NoPriceError,
    PlanError,
    RangeError,
    RateNotFound,
    RatesUnavailable,
    TripcostError,
    UnknownCountry,
    UnknownTreatment,
)
from tripcost.estimate import Estimate, Flag, Line, estimate
from tripcost.fx import EmbeddedRates, FixedRates, LiveRates, Rate, RateSource, convert
from tripcost.load import catalog_from_prices, load_catalog
from tripcost.money import Money
from tripcost.plan import Count, Extra, Plan, TreatmentLine, Trip, load_plan, plan_schema
from tripcost.ranges import Range, Source
from tripcost.sweep import scenarios, sweep


def __getattr__(name: str) -> str:
    """``__version__``, read from the installed metadata only when asked (it is slow)."""
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("tripcost")
        except PackageNotFoundError:  # pragma: no cover - a source tree, not installed
            return "0.0.0"
    raise AttributeError(f"module 'tripcost' has no attribute {name!r}")


__all__ = [
    "BreakEven",
    "Catalog",
    "CatalogError",
    "CompareRow",
    "Count",
    "CurrencyError",
    "DataFileError",
    "EmbeddedRates",
    "Estimate",
    "Extra",
    "Fact",
    "FixedRates",
    "Flag",
    "Line",
    "LiveRates",
    "Money",
    "NoPriceError",
    "Plan",
    "PlanError",
    "Quote",
    "Range",
    "RangeError",
    "Rate",
    "RateNotFound",
    "RateSource",
    "RatesUnavailable",
    "Source",
    "Treatment",
    "TreatmentLine",
    "Trip",
    "TripcostError",
    "UnknownCountry",
    "UnknownTreatment",
    "__version__",
    "break_even",
    "catalog_from_prices",
    "compare_plan",
    "compare_treatments",
    "convert",
    "estimate",
    "load_catalog",
    "load_plan",
    "plan_schema",
    "scenarios",
    "sweep",
]
