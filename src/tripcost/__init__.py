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

import os as _os  # loaded already, as sys is: nothing slow before the handler below
import sys as _sys


def _quit_on_interrupt(signum: int, frame: object) -> None:
    """Ctrl-C while the command starts (or ends): exit 130 at once, no traceback."""
    _os._exit(130)


def _module_run(argv: list[str]) -> str | None:
    """The module ``python [options] -m MODULE`` runs (None: a script, ``-c`` or stdin)."""
    args = iter(argv[1:])
    for arg in args:
        if not arg.startswith("-") or arg in ("-", "--"):
            return None
        if arg.startswith("--"):  # a long option: only this one takes a value
            if arg == "--check-hash-based-pycs":
                next(args, None)
            continue
        for i, flag in enumerate(arg[1:], 2):  # a cluster such as -Im or -X importtime
            rest = arg[i:]
            if flag == "m":
                return rest or next(args, None)
            if flag == "c":
                return None
            if flag in "XW":
                if not rest:
                    next(args, None)  # the option's value
                break
    return None


def _started_as_the_command() -> bool:
    """Whether this process is the tripcost command, ``python -m tripcost`` or the console
    script ``tripcost``, rather than a program that imports tripcost."""
    argv = getattr(_sys, "orig_argv", None) or []
    if argv and _module_run(argv) == "tripcost":
        return True
    script = _os.path.basename(_sys.argv[0]) if _sys.argv else ""
    return script.lower() in ("tripcost", "tripcost.exe", "tripcost-script.py")


#: Whether this process is the command (then Ctrl-C is handled as below).
_COMMAND = _started_as_the_command()
if _COMMAND:
    # The first thing the command does, before any slow import: Ctrl-C now exits 130
    # quietly, except while `tripcost.cli.main` writes an --output file (then it raises,
    # so that the half-written file is removed). A program that merely imports tripcost
    # keeps its own signal handling.
    import _signal  # type: ignore[import-not-found]  # signal's C core: no enum to import

    _signal.signal(_signal.SIGINT, _quit_on_interrupt)

from importlib import import_module  # noqa: E402 - after the handler, on purpose
from typing import TYPE_CHECKING, NoReturn  # noqa: E402


def _finish(code: int) -> NoReturn:
    """End the command with ``code``. The command's process leaves at once once its output
    is flushed: the interpreter's own shutdown would reset Ctrl-C to the system's default
    (a Ctrl-C then would end it by the signal, not with 130). Elsewhere, `sys.exit`."""
    if not _COMMAND:
        _sys.exit(code)
    for stream in (_sys.stdout, _sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            pass  # already reported, or nowhere to report it
    _os._exit(code)


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
