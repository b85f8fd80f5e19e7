"""The command line's arguments: one parser, shared option groups, an example per command.

The living-cost choices (tiers, per-day counts and their bounds) come from
`tripcost.vocab`, the numeric bounds from the plan model's limits.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, NoReturn

from tripcost import vocab
from tripcost.counts import MAX_NIGHTS, MAX_PARTY

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

__all__ = ["EXAMPLES", "build_parser"]

EXAMPLES = {
    "compare": """examples:
  python -m tripcost compare fractional-co2
  python -m tripcost compare laser-resurfacing --countries KR,TH,US --sessions 3-6 --home US
  python -m tripcost compare rejuran pico --currency KRW --nights 7 --accommodation hostel
  python -m tripcost compare dermal-filler --policy each --format json
  python -m tripcost compare stem-cell --unit treatment     # full-treatment prices
  python -m tripcost compare rejuran --countries KR,TH --quote KR:rejuran=450000:KRW""",
    "estimate": """examples:
  python -m tripcost estimate plan.toml --currency KRW
  python -m tripcost estimate plan.toml --quote fractional-co2=400000-500000:KRW
plan.toml:
  [[trips]]
  country = "KR"
  nights = 14
  split = true
    [[trips.treatments]]
    treatment = "fractional-co2"
    sessions = "3-6"
    quote = "400000-500000 KRW"   # optional: what the clinic quoted you
(the plan's keys: python -m tripcost schema)""",
    "convert": """examples:
  python -m tripcost convert 869000 KRW USD --on 2025-07-17
  python -m tripcost convert 100 USD KRW --rate USD/KRW=1450""",
    "treatments": """examples:
  python -m tripcost treatments
  python -m tripcost treatments --country KR --category laser""",
    "countries": """example:
  python -m tripcost countries --format markdown""",
    "sources": """example:
  python -m tripcost sources""",
    "coverage": """examples:
  python -m tripcost coverage
  python -m tripcost coverage --format csv > coverage.csv""",
    "calendar": """examples:
  python -m tripcost calendar plan.toml --today 2026-01-05
  python -m tripcost calendar plan.toml --format ics --output trip.ics
plan.toml (every trip needs a start):
  [[trips]]
  country = "KR"
  start = 2026-03-02
  nights = 14
  split = true
    [[trips.treatments]]
    treatment = "fractional-co2"
    sessions = "3-6"
(each event: its earliest and latest date, the fact or rule, the source)""",
    "schema": """examples:
  python -m tripcost schema > plan.schema.json
  python -m tripcost schema estimate     # what estimate --format json prints
  python -m tripcost schema compare      # what compare --format json prints""",
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # no usage dump for a one-line mistake
        self.exit(2, f"{self.prog}: error: {message}\n(try: {self.prog} --help)\n")

    def print_help(self, file: SupportsWrite[str] | None = None) -> None:
        """Help on stdout; a closed or full stdout is an `OutputError` (argparse would
        print it on stderr instead, or say nothing)."""
        if file is not None:
            super().print_help(file)
            return
        from tripcost.files import write_stdout

        write_stdout(self.format_help())


def _bounded(least: int, most: int) -> Callable[[str], int]:
    """An argparse type: a whole number in [least, most] (the plan model's bounds)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not least <= value <= most:
            raise argparse.ArgumentTypeError(f"{value} is not between {least} and {most}")
        return value

    return parse


def _seconds(text: str) -> float:
    """An argparse type: a deadline in seconds, more than 0 and at most 60."""
    import math

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not math.isfinite(value) or not 0 < value <= 60:
        raise argparse.ArgumentTypeError(f"{text!r} must be more than 0 and at most 60 seconds")
    return value


def _output(formats: list[str]) -> _Parser:
    out = _Parser(add_help=False)
    g = out.add_argument_group("output")
    g.add_argument("--format", choices=formats, default="table")
    g.add_argument("--locale", default="en_US", help="babel locale for amounts (en_US, ko_KR)")
    g.add_argument("--output", metavar="FILE", help="write to FILE (atomically) instead of stdout")
    return out


def _given(text: str) -> str:
    """An argparse type: any text but an empty one (an empty value never means the default)."""
    if not text.strip():
        raise argparse.ArgumentTypeError(f"{text!r} is empty")
    return text


#: Options that say what is wrong with an empty value in their own words.
_OWN_EMPTY = {"countries", "home"}


def _refuse_empty(parser: argparse.ArgumentParser) -> None:
    """Give every option and argument that takes free text, in ``parser`` and its
    subcommands, the type `_given` (options with choices or a type check their own)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                _refuse_empty(sub)
        elif (
            action.nargs != 0
            and action.type is None
            and action.choices is None
            and action.dest not in _OWN_EMPTY
        ):
            action.type = _given


def _date(text: str) -> dt.date:
    """An argparse type: a date like 2026-01-05."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-01-05") from None


def _groups() -> dict[str, _Parser]:
    tabular = ["table", "csv", "json", "markdown"]
    out, dated = _output(tabular), _output([*tabular, "ics"])
    rates = _Parser(add_help=False)
    r = rates.add_argument_group("exchange rates")
    r.add_argument(
        "--rates", choices=["embedded", "live"], default="embedded",
        help="embedded ECB reference rates (default, offline) or live (forex-python)",
    )  # fmt: skip
    r.add_argument(
        "--rate", action="append", default=[], metavar="BASE/QUOTE=VALUE",
        help="a fixed rate such as USD/KRW=1450 (1 USD = 1450 KRW); repeatable",
    )  # fmt: skip
    r.add_argument("--timeout", type=_seconds, default=4.0,
                   help="one deadline for every live rate of the command, in seconds")  # fmt: skip
    r.add_argument(
        "--accept-implausible-rates", action="store_true",
        help="with --rates live: use a live rate even when it is more than 1.5 times above "
        "or below the embedded ECB rate (its source then says how far); refused by default",
    )  # fmt: skip
    data = _Parser(add_help=False)
    data.add_argument(
        "--catalog", metavar="PATH",
        help="your own prices CSV (columns of data/prices.csv) or a folder of data files",
    )  # fmt: skip
    cur = _Parser(add_help=False)
    cur.add_argument("--currency", help="display currency (ISO 4217), default USD")
    return {"out": out, "dated": dated, "rates": rates, "data": data, "cur": cur}


def _compare_options(c: argparse.ArgumentParser) -> None:
    c.add_argument("treatments", nargs="+", metavar="TREATMENT", help="slug or alias")
    c.add_argument("--countries", default="all", help="comma-separated codes, or 'all'")
    c.add_argument("--sessions", help="a number or a range such as 3-6: show the course total")
    c.add_argument("--nights", type=_bounded(0, MAX_NIGHTS),
                   help="price a whole trip of N nights (living costs)")  # fmt: skip
    for cat in vocab.living():
        c.add_argument(f"--{cat.name}", choices=list(cat.tiers), default=cat.default)
    for cat in vocab.living():
        if cat.per_day is not None:
            flag, bound = f"--{cat.per_day.replace('_', '-')}", _bounded(0, cat.per_day_max)
            c.add_argument(flag, dest=cat.per_day, type=bound, default=cat.per_day_default)
    c.add_argument("--party", type=_bounded(1, MAX_PARTY), default=1,
                   help="travellers, patient included")  # fmt: skip
    c.add_argument("--no-consultation", dest="consultation", action="store_false",
                   help="with --nights: no consultation fee a stay (as consultation = false "
                   "in a plan)")  # fmt: skip
    c.add_argument("--home", help="show the saving against this country")
    c.add_argument(
        "--extra", action="append", default=[], metavar="NAME=AMOUNT[:CUR]",
        help="a cost paid once a stay, such as flight=900:USD (with --nights); repeatable",
    )  # fmt: skip
    c.add_argument(
        "--extra-per-person", action="append", default=[], metavar="NAME=AMOUNT[:CUR]",
        help="the same, paid by each traveller (with --party)",
    )  # fmt: skip
    c.add_argument(
        "--policy", choices=["envelope", "each"], default="envelope",
        help="one range per country (envelope) or one row per source (each)",
    )  # fmt: skip
    c.add_argument(
        "--unit", choices=["session", "syringe", "treatment"], default="session",
        help="price basis: per session (default), per syringe, or a full treatment",
    )  # fmt: skip
    c.add_argument(
        "--quote", action="append", default=[], metavar="[COUNTRY:]TREATMENT=AMOUNT[-AMOUNT]:CUR",
        help="a price a clinic quoted you, in place of the catalog's range in the clinic's "
        "COUNTRY (which may be left out when --countries names one; --home's country too), "
        "such as KR:rejuran=450000:KRW or KR:rejuran=400000-500000:KRW; on the --unit "
        "basis: add /syringe or /treatment for those; repeatable",
    )  # fmt: skip


class _Version(argparse.Action):
    """``--version``, reading the installed metadata only when asked (it is slow)."""

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> NoReturn:
        from tripcost import __version__
        from tripcost.files import write_stdout

        write_stdout(f"tripcost {__version__}\n")
        parser.exit(0)


def build_parser() -> argparse.ArgumentParser:
    g = _groups()
    main = _Parser(
        prog="tripcost",
        description="What a dermatology trip abroad really costs, low and high.",
        epilog="example:\n  python -m tripcost compare fractional-co2 --sessions 3-6",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    main.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    sub = main.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    def add(name: str, help_: str, parents: list[str]) -> argparse.ArgumentParser:
        chosen = [g[p] for p in parents]
        return sub.add_parser(
            name, help=help_, description=help_, epilog=EXAMPLES[name],
            parents=chosen, formatter_class=argparse.RawDescriptionHelpFormatter,
        )  # fmt: skip

    _compare_options(add("compare", "per-session, course and trip prices by country",
                         ["cur", "data", "out", "rates"]))  # fmt: skip
    e = add("estimate", "the breakdown and total of a plan file", ["cur", "data", "out", "rates"])
    e.add_argument("plan", metavar="PLAN", help="a .toml or .json plan file")
    e.add_argument(
        "--quote", action="append", default=[], metavar="[COUNTRY:]TREATMENT=AMOUNT[-AMOUNT]:CUR",
        help="a price a clinic quoted you, for the plan's lines of TREATMENT (in trips to "
        "COUNTRY, when given), as the line's quote: per session, or add /syringe (× the "
        "line's units) or /treatment (the whole course), such as rejuran=450000:KRW or "
        "KR:stem-cell=9000000:KRW/treatment; repeatable",
    )  # fmt: skip
    v = add("convert", "an amount in another currency, with the rate used", ["out", "rates"])
    v.add_argument("amount", help="an exact amount such as 869000 or 12.50")
    v.add_argument("source", metavar="FROM", help="currency code, such as KRW")
    v.add_argument("target", metavar="TO", help="currency code, such as USD")
    v.add_argument("--on", help="the rate of this date (YYYY-MM-DD); default: latest")
    t = add("treatments", "the treatments the catalog knows", ["data", "out"])
    t.add_argument("--country", help="only those priced in this country")
    t.add_argument("--category", help="laser, injectable, regenerative, peel, …")
    add("countries", "the countries with data", ["data", "out"])
    add("sources", "which document backs how many rows, with its date", ["data", "out"])
    add("coverage", "treatments × countries: sources and the strongest authority", ["data", "out"])
    c = add("calendar", "a plan's dated events: book-by, visa, stays, sessions, downtime",
            ["data", "dated"])  # fmt: skip
    c.add_argument("plan", metavar="PLAN", help="a .toml or .json plan file; trips need a start")
    c.add_argument("--today", type=_date, metavar="DATE",
                   help="check deadlines against this date; default: today")  # fmt: skip
    s = add("schema", "the JSON Schema of a plan file or of a JSON output", ["out"])
    s.add_argument("what", nargs="?", choices=["plan", "estimate", "compare"], default="plan",
                   help="a plan file (default), or the JSON of estimate or compare")  # fmt: skip
    _refuse_empty(main)
    return main
