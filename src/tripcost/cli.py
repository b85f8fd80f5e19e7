"""``python -m tripcost …``: quick, correct tables from the embedded data.

Parses, calls the library, prints. Errors a user can fix become one line on
stderr and exit code 2 (3 when live rates are unavailable); no traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from typing import Any

from tripcost.errors import RatesUnavailable, TripcostError

__all__ = ["main", "run"]

EXAMPLES = {
    "compare": """examples:
  python -m tripcost compare fractional-co2
  python -m tripcost compare laser-resurfacing --countries KR,TH,US --sessions 3-6 --home US
  python -m tripcost compare rejuran pico --currency KRW --nights 7 --accommodation hostel
  python -m tripcost compare dermal-filler --policy each --format json
  python -m tripcost compare stem-cell --unit treatment     # full-treatment prices""",
    "estimate": """example:
  python -m tripcost estimate plan.toml --currency KRW
plan.toml:
  [[trips]]
  country = "KR"
  nights = 14
  split = true
    [[trips.treatments]]
    treatment = "fractional-co2"
    sessions = "3-6"
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
    "schema": """example:
  python -m tripcost schema > plan.schema.json""",
}


PLURALS = {
    "session": "sessions", "night": "nights", "meal": "meals", "ride": "rides",
    "visit": "visits", "trip": "trips", "person per trip": "person-trips",
}  # fmt: skip


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # no usage dump for a one-line mistake
        self.exit(2, f"{self.prog}: error: {message}\n(try: {self.prog} --help)\n")


def _parser() -> argparse.ArgumentParser:
    from tripcost import __version__

    out = argparse.ArgumentParser(add_help=False)
    g = out.add_argument_group("output")
    g.add_argument("--format", choices=["table", "csv", "json", "markdown"], default="table")
    g.add_argument("--locale", default="en_US", help="babel locale for amounts (en_US, ko_KR)")
    g.add_argument("--output", metavar="FILE", help="write to FILE (atomically) instead of stdout")

    rates = argparse.ArgumentParser(add_help=False)
    r = rates.add_argument_group("exchange rates")
    r.add_argument(
        "--rates",
        choices=["embedded", "live"],
        default="embedded",
        help="embedded ECB reference rates (default, offline) or live (forex-python)",
    )
    r.add_argument(
        "--rate",
        action="append",
        default=[],
        metavar="BASE/QUOTE=VALUE",
        help="a fixed rate such as USD/KRW=1450 (1 USD = 1450 KRW); repeatable",
    )
    r.add_argument("--timeout", type=float, default=4.0, help="live-rate deadline in seconds")

    data = argparse.ArgumentParser(add_help=False)
    data.add_argument(
        "--catalog",
        metavar="PATH",
        help="your own prices CSV (same columns as data/prices.csv) or a folder of data files",
    )

    cur = argparse.ArgumentParser(add_help=False)
    cur.add_argument("--currency", help="display currency (ISO 4217), default USD")

    main = _Parser(
        prog="tripcost",
        description="What a dermatology trip abroad really costs, low and high.",
        epilog="example:\n  python -m tripcost compare fractional-co2 --sessions 3-6",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    main.add_argument("--version", action="version", version=f"tripcost {__version__}")
    sub = main.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    def add(name: str, help_: str, parents: list[Any]) -> Any:
        return sub.add_parser(
            name,
            help=help_,
            description=help_,
            epilog=EXAMPLES[name],
            parents=parents,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )

    c = add("compare", "per-session, course and trip prices by country", [cur, data, out, rates])
    c.add_argument("treatments", nargs="+", metavar="TREATMENT", help="slug or alias")
    c.add_argument("--countries", default="all", help="comma-separated codes, or 'all'")
    c.add_argument("--sessions", help="a number or a range such as 3-6: show the course total")
    c.add_argument("--nights", type=int, help="price a whole trip of N nights (living costs)")
    c.add_argument("--accommodation", choices=["hostel", "hotel", "luxury"], default="hotel")
    c.add_argument("--food", choices=["street", "casual", "fine"], default="casual")
    c.add_argument("--transport", choices=["public", "taxi"], default="public")
    c.add_argument("--meals-per-day", type=int, default=3)
    c.add_argument("--rides-per-day", type=int, default=2)
    c.add_argument("--party", type=int, default=1, help="travellers, patient included")
    c.add_argument("--home", help="show the saving against this country")
    c.add_argument("--policy", choices=["envelope", "each"], default="envelope")
    c.add_argument(
        "--unit",
        choices=["session", "syringe", "treatment"],
        default="session",
        help="price basis: per session (default), per syringe, or a full treatment",
    )

    e = add("estimate", "the breakdown and total of a plan file", [cur, data, out, rates])
    e.add_argument("plan", metavar="PLAN", help="a .toml or .json plan file")

    v = add("convert", "an amount in another currency, with the rate used", [out, rates])
    v.add_argument("amount", help="an exact amount such as 869000 or 12.50")
    v.add_argument("source", metavar="FROM", help="currency code, such as KRW")
    v.add_argument("target", metavar="TO", help="currency code, such as USD")
    v.add_argument("--on", help="the rate of this date (YYYY-MM-DD); default: latest")

    t = add("treatments", "the treatments the catalog knows", [data, out])
    t.add_argument("--country", help="only those priced in this country")
    t.add_argument("--category", help="laser, injectable, regenerative, peel, …")
    add("countries", "the countries with data", [data, out])
    add("sources", "which document backs how many rows, with its date", [data, out])
    add("schema", "the JSON Schema of a plan file", [out])
    return main


# -- helpers ---------------------------------------------------------------------------


def _rates(args: argparse.Namespace) -> Any:
    from tripcost.fx import EmbeddedRates, FixedRates, LiveRates, RecordingRates, parse_rate_option

    if args.rate:
        given: dict[str, Any] = {}
        for item in args.rate:
            pair, value = parse_rate_option(item)
            given[pair] = value
        inner: Any = FixedRates(given)
    elif args.rates == "live":
        inner = LiveRates(timeout=args.timeout)
    else:
        inner = EmbeddedRates()
    return RecordingRates(inner)


def _currency(args: argparse.Namespace) -> str:
    from tripcost.money import validate_currency

    return validate_currency((args.currency or "USD").strip().upper())


def _notes(rates: Any, currency: str, locale: str, sources: list[Any]) -> list[str]:
    from tripcost.display import rate_line, sources_line

    if not rates.used:  # show the rate of interest even when no amount needed converting
        other = "KRW" if currency != "KRW" else "USD"
        rates.rate(currency, other)
    notes = [""] + [rate_line(r, locale) for r in rates.used.values()]
    if sources:
        notes.append(sources_line(sources))
    return notes


def _rate_records(rates: Any) -> list[dict[str, Any]]:
    return [
        {"base": r.base, "quote": r.quote, "rate": r.value, "date": r.date, "source": r.source}
        for r in rates.used.values()
    ]


def _range_fields(prefix: str, r: Any) -> dict[str, Any]:
    from tripcost.display import amount_text

    if r is None:
        return {f"{prefix}low": None, f"{prefix}high": None}
    fields = {f"{prefix}low": amount_text(r.low), f"{prefix}high": amount_text(r.high)}
    if prefix:
        fields[f"{prefix}open_ended"] = r.open_ended
    return fields


def _gap_notes(cat: Any, rows: Sequence[Any], slugs: Sequence[str]) -> list[str]:
    """Short lines on what has no data (the full reasons are in JSON's ``missing``)."""
    notes = []
    for slug in slugs:
        gaps = sorted({r.country for r in rows if r.treatment == slug and r.per_session is None})
        if not gaps:
            continue
        priced = sorted({r.country for r in cat.prices if r.treatment == slug})
        line = f"No data for {slug} in {', '.join(gaps)}"
        line += f" (priced in {', '.join(priced)})." if priced else " (no source prices it)."
        marked = sorted({g.country for g in cat.no_data if g.treatment == slug} & set(gaps))
        if marked:
            line += f" The sources mark {', '.join(marked)} '-' (no data)."
        t = cat.treatment(slug)
        related = [
            s
            for s in (*cat.ancestors(slug), *t.children)
            if any(r.treatment == s and r.country in gaps for r in cat.prices)
        ]
        if related:
            line += f" Related treatments priced there: {', '.join(related)}."
        notes.append(line)
    return notes


# -- commands ----------------------------------------------------------------------------


def _compare(args: argparse.Namespace) -> Any:
    from tripcost.compare import compare_treatments
    from tripcost.display import Output
    from tripcost.load import load_catalog
    from tripcost.plan import parse_count

    cat = load_catalog(args.catalog)
    cur = _currency(args)
    rates = _rates(args)
    sessions = None if args.sessions is None else parse_count(args.sessions, what="--sessions")
    for name, value, least in (
        ("--nights", args.nights, 0),
        ("--party", args.party, 1),
        ("--meals-per-day", args.meals_per_day, 0),
        ("--rides-per-day", args.rides_per_day, 0),
    ):
        if value is not None and value < least:
            limit = "below 1" if least else "negative"
            raise TripcostError(f"{name} {value} must not be {limit}")
    everywhere = args.countries.strip().lower() == "all"
    countries = None if everywhere else [c.strip() for c in args.countries.split(",") if c.strip()]
    living = {
        "accommodation": args.accommodation,
        "food": args.food,
        "transport": args.transport,
        "meals_per_day": args.meals_per_day,
        "rides_per_day": args.rides_per_day,
        "party": args.party,
    }
    slugs = [cat.treatment(t).slug for t in args.treatments]
    rows = compare_treatments(
        slugs,
        countries=countries,
        currency=cur,
        sessions=sessions,
        nights=args.nights,
        living=living,
        home=args.home,
        policy=args.policy,
        unit=None if args.unit == "session" else args.unit,
        rates=rates,
        catalog=cat,
    )
    home = cat.country(args.home) if args.home else None
    records = [_compare_record(row, args, cur, sessions, home) for row in rows]
    sources = [s for row in rows for r in (row.per_session, row.trip) if r for s in r.sources]
    notes = _notes(rates, cur, args.locale, sources)
    for rec in records:
        rec["rates"] = _rate_records(rates)
    if args.policy == "each":
        headers, cells = _compare_each_cells(rows, args, sessions, home)
    else:
        headers, cells = _compare_cells(rows, slugs, args, sessions, home)
        notes += _gap_notes(cat, rows, slugs)
    if any("+" in c for line in cells for c in line):
        notes.append("+ : or more (the source's highest figure is a floor)")
    if any(c.startswith("~") for line in cells for c in line):
        notes.append("~ : approximate in the source")
    if args.nights is not None:
        notes.append("Trips: sessions that do not fit one stay are spread over several stays.")
    if args.policy == "each" and (args.nights is not None or home is not None):
        notes.append("Trip and saving columns use the envelope of every source of a country.")
    if home is not None:
        notes.append(f"Saving: the least to the most saved against {home} (negative: costs more).")
    return Output(records, headers, cells, notes, f"{', '.join(slugs)} · {cur}")


def _compare_record(
    row: Any, args: argparse.Namespace, cur: str, sessions: Any, home: str | None
) -> dict[str, Any]:
    """One JSON/CSV object: a country and treatment (and source, under 'each')."""
    from tripcost.display import amount_text, country_name

    per = row.per_session
    rec: dict[str, Any] = {
        "country": row.country,
        "country_name": country_name(row.country),
        "treatment": row.treatment,
        "unit": args.unit,
        "currency": cur,
        **_range_fields("", per),
        "open_ended": per.open_ended if per else None,
        "approximate": per.approximate if per else None,
        "sources": [s.ref for s in per.sources] if per else [],
    }
    if args.policy == "each":
        rec["source"] = row.source
    if sessions is not None:
        rec["sessions"] = str(sessions)
        rec.update(_range_fields("total_", row.total))
    if args.nights is not None:
        rec["nights"] = args.nights
        rec.update(_range_fields("trip_", row.trip))
    if home is not None:
        lo, hi = row.saving if row.saving else (None, None)
        rec["home"] = home
        rec["saving_low"] = amount_text(lo) if lo is not None else None
        rec["saving_high"] = amount_text(hi) if hi is not None else None
    if row.missing:
        rec["missing"] = row.missing
    return rec


def _tail_headers(args: argparse.Namespace, sessions: Any, home: str | None) -> list[str]:
    """The columns both compare tables end with: course total, trip, saving."""
    headers = []
    if sessions is not None:
        headers.append(f"× {sessions} sessions")
    if args.nights is not None:
        headers.append(f"trip, {args.nights}-night stays")
    if home is not None:
        headers.append(f"saving vs {home}")
    return headers


def _tail_cells(
    args: argparse.Namespace,
    sessions: Any,
    home: str | None,
    *,
    country: str,
    total: Any,
    trip: Any,
    saving: Any,
    incomplete: bool = False,
) -> list[str]:
    from tripcost.display import pair, span

    loc = args.locale
    cells = []
    if sessions is not None:
        cells.append(span(total, loc) if total else "-")
    if args.nights is not None:
        cells.append(span(trip, loc) + (" (incomplete)" if incomplete else "") if trip else "-")
    if home is not None:
        shown = pair(saving[0], saving[1], loc) if saving else "-"
        cells.append("(home)" if country == home else shown)
    return cells


def _compare_each_cells(
    rows: Sequence[Any], args: argparse.Namespace, sessions: Any, home: str | None
) -> tuple[list[str], list[list[str]]]:
    """The long table of ``--policy each``: one row per country, treatment and source."""
    from tripcost.display import span

    headers = [
        "Country",
        "Treatment",
        "Source",
        "Per session",
        *_tail_headers(args, sessions, home),
    ]
    cells = []
    for row in rows:
        per = span(row.per_session, args.locale) if row.per_session else "no data"
        tail = _tail_cells(args, sessions, home, country=row.country, total=row.total,
                           trip=row.trip, saving=row.saving)  # fmt: skip
        cells.append([row.country, row.treatment, row.source or "-", per, *tail])
    return headers, cells


def _compare_cells(
    rows: Sequence[Any],
    slugs: Sequence[str],
    args: argparse.Namespace,
    sessions: Any,
    home: str | None,
) -> tuple[list[str], list[list[str]]]:
    """The wide table: one row per country, a column per treatment, then the totals."""
    from tripcost.compare import summarize
    from tripcost.display import country_name, span

    named = [f"{s} per {args.unit}" if len(slugs) == 1 else s for s in slugs]
    headers = ["Country", *named, *_tail_headers(args, sessions, home)]
    cells = []
    for g in summarize(rows, slugs):
        per = [g.cells.get(s) for s in slugs]
        shown = [
            span(c.per_session, args.locale) if c and c.per_session else "no data" for c in per
        ]
        tail = _tail_cells(args, sessions, home, country=g.country, total=g.total, trip=g.trip,
                           saving=g.saving, incomplete=bool(g.missing))  # fmt: skip
        cells.append([f"{g.country} {country_name(g.country)}", *shown, *tail])
    return headers, cells


def _estimate(args: argparse.Namespace) -> Any:
    from tripcost.display import Output, amount_text, money, span
    from tripcost.estimate import estimate
    from tripcost.load import load_catalog
    from tripcost.money import Money
    from tripcost.plan import load_plan

    plan = load_plan(args.plan)
    rates = _rates(args)
    cur = _currency(args) if args.currency else plan.currency
    est = estimate(plan, currency=cur, rates=rates, catalog=load_catalog(args.catalog))
    loc = args.locale
    headers = ["Trip", "Item", "Quantity", "Unit price", "Low", "High"]
    cells = []
    for ln in est.lines:
        qty = f"{ln.qty_low}" if ln.qty_low == ln.qty_high else f"{ln.qty_low}–{ln.qty_high}"
        unit = ln.unit if ln.qty_high == 1 else PLURALS.get(ln.unit, ln.unit)
        unit_price = (
            money(ln.unit_low, loc)
            if ln.unit_low == ln.unit_high
            else f"{money(ln.unit_low, loc)}–{money(ln.unit_high, loc)}"
        )
        mark = "~" if ln.approximate else ""
        if ln.category in ("deduction", "contingency"):  # no unit price to show
            unit_price, mark = "", ""
        cells.append(
            [
                str(ln.trip or "-"),
                ln.item,
                f"{qty} {unit}",
                mark + unit_price,
                money(ln.amount_low, loc),
                money(ln.amount_high, loc) + ("+" if ln.open_ended else ""),
            ]
        )
    lines = est.records()
    for rec in lines:
        for key in ("unit_price_low", "unit_price_high", "amount_low", "amount_high"):
            rec[key] = amount_text(Money(rec[key], cur))
    cells.append(
        [
            "",
            "TOTAL",
            "",
            "",
            money(est.total.low, loc),
            money(est.total.high, loc) + ("+" if est.total.open_ended else ""),
        ]
    )
    notes = _notes(rates, cur, loc, list(est.total.sources))
    if est.deposit is not None:
        notes.append(f"Deposit due up front (part of the treatment cost): {span(est.deposit, loc)}")
    notes += [str(f) for f in est.flags]
    doc = {
        "total": {
            "low": amount_text(est.total.low),
            "high": amount_text(est.total.high),
            "currency": cur,
            "open_ended": est.total.open_ended,
            "approximate": est.total.approximate,
        },
        "lines": lines,
        "rates": _rate_records(rates),
        "flags": [{"kind": f.kind, "trip": f.trip, "message": f.message} for f in est.flags],
        "deposit": (
            {"low": amount_text(est.deposit.low), "high": amount_text(est.deposit.high)}
            if est.deposit
            else None
        ),
        "trips": [
            {
                "trip": t.index,
                "country": t.country,
                "nights_low": t.nights[0],
                "nights_high": t.nights[1],
                "trips_low": t.trips[0],
                "trips_high": t.trips[1],
                "nights_note": t.nights_note,
            }
            for t in est.trips
        ],
    }
    title = f"{args.plan} · {cur}"
    return Output(lines, headers, cells, notes, title, doc, {4, 5})


def _convert(args: argparse.Namespace) -> Any:
    from tripcost.display import Output, amount_text, money, rate_line
    from tripcost.fx import convert
    from tripcost.money import Money

    on = None
    if args.on:
        try:
            on = dt.date.fromisoformat(args.on)
        except ValueError:
            raise TripcostError(f"--on {args.on!r} is not a date like 2025-07-17") from None
    source = Money(args.amount, args.source.strip().upper())
    rates = _rates(args)
    result = convert(source, args.target.strip().upper(), on=on, rates=rates)
    r = (
        rates.rate(source.currency, result.currency, on)
        if source.currency != result.currency
        else None
    )
    doc = {
        "amount": amount_text(result),
        "currency": result.currency,
        "from_amount": amount_text(source),
        "from_currency": source.currency,
        "rate": r.value if r else "1",
        "rate_date": (r.date if r else on),
        "rate_source": r.source if r else "same currency",
    }
    cells = [[money(source, args.locale), money(result, args.locale)]]
    notes = [""] + ([rate_line(r, args.locale)] if r else [])
    return Output([doc], ["Amount", "Converted"], cells, notes, "", doc, {0, 1})


def _treatments(args: argparse.Namespace) -> Any:
    from tripcost.display import Output
    from tripcost.load import load_catalog

    cat = load_catalog(args.catalog)
    ts = cat.treatments(country=args.country, category=args.category)
    records: list[dict[str, Any]] = []
    for t in ts:
        where = sorted({r.country for r in cat.prices if r.treatment == t.slug})
        sessions = cat.fact(t.slug, "sessions")
        records.append(
            {
                "slug": t.slug,
                "name": t.name,
                "category": t.category,
                "countries": where,
                "sessions": sessions.describe() if sessions else "",
                "aliases": list(t.aliases),
                "parents": list(t.parents),
            }
        )
    cells = [
        [
            r["slug"],
            r["name"],
            r["category"],
            ",".join(r["countries"]) or "no prices",
            r["sessions"] or "-",
        ]
        for r in records
    ]
    return Output(records, ["Slug", "Name", "Category", "Priced in", "Sessions"], cells, [], "")


def _countries(args: argparse.Namespace) -> Any:
    from tripcost.display import Output, country_name
    from tripcost.load import load_catalog

    cat = load_catalog(args.catalog)
    records: list[dict[str, Any]] = []
    for code in cat.countries():
        n_prices = sum(1 for r in cat.prices if r.country == code)
        n_living = sum(1 for r in cat.living_rows if r.country == code)
        records.append(
            {
                "country": code,
                "name": country_name(code),
                "price_rows": n_prices,
                "living_rows": n_living,
            }
        )
    cells = [
        [r["country"], r["name"], str(r["price_rows"]), str(r["living_rows"])] for r in records
    ]
    return Output(
        records, ["Code", "Country", "Price rows", "Living-cost rows"], cells, [], "", None, {2, 3}
    )


def _sources(args: argparse.Namespace) -> Any:
    from tripcost.display import Output
    from tripcost.load import load_catalog

    cat = load_catalog(args.catalog)
    titles = {s.source: s.title for s in cat.sources}
    records: list[dict[str, Any]] = [
        {"source": s, "date": d, "rows": n, "title": titles.get(s, "")}
        for s, d, n in cat.source_counts()
    ]
    cells = [[r["source"][:70], r["date"], str(r["rows"])] for r in records]
    return Output(records, ["Source", "Date", "Rows"], cells, [], "", None, {2})


def _schema(args: argparse.Namespace) -> Any:
    from tripcost.display import Output
    from tripcost.plan import plan_schema

    schema = plan_schema()
    out = Output([schema], document=schema)
    if args.format != "json":
        import json

        out.records = [{"schema": json.dumps(schema)}]
        args.format = "json"
    return out


COMMANDS = {
    "compare": _compare,
    "estimate": _estimate,
    "convert": _convert,
    "treatments": _treatments,
    "countries": _countries,
    "sources": _sources,
    "schema": _schema,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the exit code (0 ok, 2 user mistake, 3 rates unavailable)."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else 2
    try:
        from tripcost.display import check_locale, render, write_atomic

        check_locale(getattr(args, "locale", "en_US"))
        out = COMMANDS[args.command](args)
        text = render(out, args.format)
        if getattr(args, "output", None):
            write_atomic(args.output, text)
        else:
            sys.stdout.write(text)
    except RatesUnavailable as exc:
        print(f"tripcost: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except TripcostError as exc:
        print(f"tripcost: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:  # `| head` closed the pipe: not an error of ours
        return 0
    except KeyboardInterrupt:
        return 130
    return 0


def run() -> None:
    """The console-script entry point."""
    sys.exit(main())
