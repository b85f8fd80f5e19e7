"""tripcost: what a dermatology trip abroad really costs, low and high.

Sourced per-session prices by country and treatment, living costs, exact money
(`Decimal` + ISO 4217), dated exchange rates, and multi-session itineraries
summed into honest low–high ranges.

The names below are imported when first used, so ``import tripcost`` stays quick
(the command line needs only a few of them).

>>> import tripcost
>>> tripcost.load_catalog().price("fractional-co2", "KR")
Range(Money('300', 'USD'), Money('700', 'USD'))
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tripcost.abroad import BreakEven, break_even, compare_plan
    from tripcost.answer import Estimate, Line
    from tripcost.bulk.sweep import scenarios, sweep
    from tripcost.calendar import Calendar, Event, EventKind, schedule
    from tripcost.compare import CompareRow, compare_treatments
    from tripcost.errors import (
        CatalogError,
        CurrencyError,
        DataFileError,
        NoPriceError,
        OutputError,
        PlanError,
        RangeError,
        RateNotFound,
        RatesUnavailable,
        TripcostError,
        UnknownCountry,
        UnknownTreatment,
    )
    from tripcost.estimates import estimate
    from tripcost.fx import EmbeddedRates, FixedRates, LiveRates, Rate, RateSource, convert
    from tripcost.inputs import Flag
    from tripcost.money import Money
    from tripcost.plan import Count, Extra, Plan, TreatmentLine, Trip, load_plan, plan_schema
    from tripcost.quotes import ClinicQuote
    from tripcost.ranges import Range, Source
    from tripcost.resolve.catalog import Catalog, Fact, Quote, Treatment
    from tripcost.resolve.load import catalog_from_prices, load_catalog
    from tripcost.vocab import FlagKind

_WHERE = {
    "tripcost.calendar": "Calendar Event EventKind schedule",
    "tripcost.abroad": "BreakEven break_even compare_plan",
    "tripcost.compare": "CompareRow compare_treatments",
    "tripcost.errors": "CatalogError CurrencyError DataFileError NoPriceError OutputError "
    "PlanError RangeError RateNotFound RatesUnavailable TripcostError UnknownCountry "
    "UnknownTreatment",
    "tripcost.answer": "Estimate Line",
    "tripcost.estimates": "estimate",
    "tripcost.fx": "EmbeddedRates FixedRates LiveRates Rate RateSource convert",
    "tripcost.inputs": "Flag",
    "tripcost.money": "Money",
    "tripcost.ranges": "Range Source",
    "tripcost.plan": "Count Extra Plan TreatmentLine Trip load_plan plan_schema",
    "tripcost.quotes": "ClinicQuote",
    "tripcost.resolve.catalog": "Catalog Fact Quote Treatment",
    "tripcost.resolve.load": "catalog_from_prices load_catalog",
    "tripcost.bulk.sweep": "scenarios sweep",
    "tripcost.vocab": "FlagKind",
}
_MODULE = {name: module for module, names in _WHERE.items() for name in names.split()}


def __getattr__(name: str) -> object:
    """The public names, imported on first use; ``__version__`` from the installed metadata."""
    if name in _MODULE:
        value = getattr(import_module(_MODULE[name]), name)
        globals()[name] = value
        return value
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("tripcost")
        except PackageNotFoundError:  # pragma: no cover - a source tree, not installed
            return "0.0.0"
    if name in ("analysis", "plot"):
        return import_module(f"tripcost.{name}")
    raise AttributeError(f"module 'tripcost' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "BreakEven",
    "Calendar",
    "Catalog",
    "CatalogError",
    "ClinicQuote",
    "CompareRow",
    "Count",
    "CurrencyError",
    "DataFileError",
    "EmbeddedRates",
    "Estimate",
    "Event",
    "EventKind",
    "Extra",
    "Fact",
    "FixedRates",
    "Flag",
    "FlagKind",
    "Line",
    "LiveRates",
    "Money",
    "NoPriceError",
    "OutputError",
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
    "schedule",
    "sweep",
]
