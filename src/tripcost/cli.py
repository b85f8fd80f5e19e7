"""``python -m tripcost …``: parses, calls the library, hands the result to a view, prints.

Errors a user can fix become one line on stderr and exit code 2 (3 when live rates are
unavailable); no traceback. Every output is built by `tripcost.views`.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from tripcost.errors import TripcostError

if TYPE_CHECKING:
    from tripcost.fx import RecordingRates
    from tripcost.quotes import ClinicQuote
    from tripcost.resolve.catalog import Catalog
    from tripcost.views.display import Output

__all__ = ["COMMANDS", "main", "run"]


def _rates(args: argparse.Namespace) -> RecordingRates:
    from tripcost.fx import EmbeddedRates, FixedRates, LiveRates, RecordingRates

    accept = args.accept_implausible_rates
    if args.rate:
        # codes in any case, as --currency takes them: usd/krw=1450 is USD/KRW=1450
        return RecordingRates(FixedRates.from_options([r.upper() for r in args.rate]))
    if args.rates == "live":
        return RecordingRates(LiveRates(timeout=args.timeout, accept_implausible=accept))
    return RecordingRates(EmbeddedRates())


def _catalog(args: argparse.Namespace) -> Catalog:
    """The catalog ``--catalog`` names (or the embedded one); its files noted as read."""
    from tripcost.cli_inputs import catalog_files
    from tripcost.resolve.load import load_catalog

    cat = load_catalog(args.catalog)
    args.reads += catalog_files(args.catalog, cat)
    return cat


def _check_rates(args: argparse.Namespace) -> None:
    """Rate options that cannot go together, refused before any file is read."""
    if getattr(args, "accept_implausible_rates", False) and (args.rates != "live" or args.rate):
        msg = "--accept-implausible-rates applies to live rates only: use it with --rates live"
        raise TripcostError(msg + (" and no --rate" if args.rate else ""))


def _currency(args: argparse.Namespace, default: str = "USD") -> str:
    from tripcost.money import validate_currency

    return validate_currency((args.currency or default).strip().upper())


@contextlib.contextmanager
def _naming_plan(path: str) -> Iterator[None]:
    """A plan refused while it is priced or dated (``trips[0]: 3 sessions … need 56
    nights``, an unknown treatment, no price) names its file and line, as errors found
    while reading it do; the error keeps its class (and exit code)."""
    from tripcost.errors import CatalogError, PlanError
    from tripcost.planfile import placed

    try:
        yield
    except (PlanError, CatalogError) as exc:
        text = placed(path, str(exc))
        if text == str(exc):
            raise
        raise type(exc)(text) from None


def _quotes(args: argparse.Namespace) -> list[ClinicQuote]:
    from tripcost.quotes import ClinicQuote

    return [ClinicQuote.parse(text, "--quote") for text in args.quote]


def _compare(args: argparse.Namespace) -> Output:
    from tripcost.compare import compare_treatments
    from tripcost.counts import parse_count
    from tripcost.views.compare import CompareAsked, compare_output
    from tripcost.vocab import living

    cat = _catalog(args)
    cur = _currency(args)
    rates = _rates(args)
    sessions = None if args.sessions is None else parse_count(args.sessions, what="--sessions")
    everywhere = args.countries.strip().lower() == "all"
    countries = None if everywhere else [c.strip() for c in args.countries.split(",") if c.strip()]
    if countries == []:
        raise TripcostError(f"--countries {args.countries!r} names no country (codes, or 'all')")
    if args.home is not None and not args.home.strip():
        raise TripcostError("--home is empty: name the country to save against, like US")
    stay = {c.name: getattr(args, c.name) for c in living()}
    stay.update({c.per_day: getattr(args, c.per_day) for c in living() if c.per_day})
    stay["party"] = args.party
    slugs = [cat.treatment(t).slug for t in args.treatments]
    unit = None if args.unit == "session" else args.unit
    extras = []
    if args.extra or args.extra_per_person:  # the plan model (pydantic) only when needed
        from tripcost.plan import Extra

        extras += [Extra.parse(e, cur, "--extra") for e in args.extra]
        extras += [Extra.parse(e, cur, "--extra-per-person", True) for e in args.extra_per_person]
    if extras and args.nights is None:
        raise TripcostError("--extra is paid once a stay: give --nights to price a trip")
    if not args.consultation and args.nights is None:
        raise TripcostError("--no-consultation drops a trip's fee: give --nights to price a trip")
    rows = compare_treatments(
        slugs, countries=countries, currency=cur, sessions=sessions, nights=args.nights,
        living=stay, extras=extras, home=args.home, each=args.policy == "each", unit=unit,
        quotes=_quotes(args), rates=rates, catalog=cat, consultation=args.consultation,
    )  # fmt: skip
    home = cat.country(args.home) if args.home else None
    asked = CompareAsked(cur, args.locale, args.unit, sessions, args.nights, home,
                         args.policy == "each", tuple(e.name for e in extras),
                         args.consultation)  # fmt: skip
    return compare_output(rows, slugs, cat, rates, asked)


def _estimate(args: argparse.Namespace) -> Output:
    from tripcost.estimates import estimate
    from tripcost.plan import load_plan
    from tripcost.quotes import with_quotes
    from tripcost.views.estimate import estimate_output

    args.reads.append(("the plan", args.plan))
    cat = _catalog(args)
    plan = with_quotes(load_plan(args.plan), _quotes(args), cat, "--quote")
    rates = _rates(args)
    cur = _currency(args, plan.currency)
    with _naming_plan(args.plan):
        est = estimate(plan, currency=cur, rates=rates, catalog=cat)
    return estimate_output(est, rates, args.locale, f"{args.plan} · {cur}")


def _calendar(args: argparse.Namespace) -> Output:
    from tripcost.calendar import schedule
    from tripcost.views.calendar import calendar_output

    args.reads.append(("the plan", args.plan))
    cat = _catalog(args)
    with _naming_plan(args.plan):
        cal = schedule(args.plan, catalog=cat, today=args.today)
    return calendar_output(cal, f"{args.plan} · calendar", ics=args.format == "ics")


def _convert(args: argparse.Namespace) -> Output:
    from tripcost.fx import convert
    from tripcost.money import Money
    from tripcost.views.listings import conversion_output

    on = None
    if args.on:
        try:
            on = dt.date.fromisoformat(args.on)
        except ValueError:
            raise TripcostError(f"--on {args.on!r} is not a date like 2025-07-17") from None
    source = Money(args.amount, args.source.strip().upper())
    rates = _rates(args)
    result = convert(source, args.target.strip().upper(), on=on, rates=rates)
    rate = (
        rates.rate(source.currency, result.currency, on)
        if source.currency != result.currency
        else None
    )
    return conversion_output(source, result, rate, args.locale)


def _treatments(args: argparse.Namespace) -> Output:
    from tripcost.views.listings import treatments_output

    return treatments_output(_catalog(args), args.country, args.category)


def _countries(args: argparse.Namespace) -> Output:
    from tripcost.views.listings import countries_output

    return countries_output(_catalog(args))


def _sources(args: argparse.Namespace) -> Output:
    from tripcost.views.listings import sources_output

    return sources_output(_catalog(args))


def _coverage(args: argparse.Namespace) -> Output:
    from tripcost.views.coverage import coverage_output

    return coverage_output(_catalog(args))


def _schema(args: argparse.Namespace) -> Output:
    from tripcost.views.listings import schema_output
    from tripcost.views.schemas import output_schema

    out = schema_output(output_schema(args.what), args.format)
    args.format = "json"
    return out


COMMANDS: dict[str, Callable[[argparse.Namespace], Output]] = {
    "compare": _compare,
    "estimate": _estimate,
    "calendar": _calendar,
    "convert": _convert,
    "treatments": _treatments,
    "countries": _countries,
    "sources": _sources,
    "coverage": _coverage,
    "schema": _schema,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the exit code (0 ok, 2 user mistake, 3 rates unavailable,
    130 Ctrl-C)."""
    return _main(argv)


@contextlib.contextmanager
def _ctrl_c_raises() -> Iterator[None]:
    """While ``--output`` is written, Ctrl-C raises `KeyboardInterrupt` (so that the
    half-written temporary file is removed, and main returns 130). Before and after, the
    command's own handler (`tripcost._quit_on_interrupt`) exits 130 at once: an interrupt
    raised in the middle of an import or a class statement would come out as a
    traceback or, caught by the import machinery, be lost. A program that calls main
    itself keeps its own handler."""
    import signal

    import tripcost

    quiet = tripcost._quit_on_interrupt
    if signal.getsignal(signal.SIGINT) is not quiet:
        yield
        return
    try:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        yield
    finally:
        signal.signal(signal.SIGINT, quiet)


def _main(argv: Sequence[str] | None) -> int:
    from tripcost.cli_parser import build_parser

    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else 2
    except TripcostError as exc:  # --help or --version with nowhere to write
        return _report(exc)
    try:
        from tripcost.cli_inputs import refuse_own_input
        from tripcost.files import write_output, write_stdout
        from tripcost.money import exact
        from tripcost.views.display import check_locale, render

        args.reads = []  # (what, path) of each file the command reads
        check_locale(getattr(args, "locale", "en_US"))
        _check_rates(args)
        with exact():
            out = COMMANDS[args.command](args)
            text = render(out, args.format)
        if getattr(args, "output", None) is not None:
            refuse_own_input(args.output, args.reads)
            with _ctrl_c_raises():
                write_output(args.output, text)
        else:
            write_stdout(text)
    except TripcostError as exc:
        return _report(exc)
    except KeyboardInterrupt:
        return 130
    return 0


def _report(exc: TripcostError) -> int:
    """Print the error on stderr, if there is a stderr to print on; its exit code."""
    if sys.stderr is not None:  # never print() with no file: that would go to stdout
        with contextlib.suppress(OSError):
            print(f"tripcost: error: {exc}", file=sys.stderr)
    return exc.exit_code


def run() -> None:
    """The console-script entry point (Ctrl-C is 130 here too)."""
    import tripcost

    try:
        code = main()
    except KeyboardInterrupt:
        code = 130
    tripcost._finish(code)
