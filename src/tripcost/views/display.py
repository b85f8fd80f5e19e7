"""Showing results: babel formatting, one output model and one renderer for every format.

Amounts are rounded here and nowhere else, to the currency's own digits (KRW none,
USD two), half up. Every command builds an `Output` (machine records for JSON and
CSV, formatted cells for the table and Markdown, notes such as the rate and the
sources) and `render` turns it into text. (Files are written by `tripcost.files`, so that a
failure leaves no partial file and an existing one untouched.

>>> money(Money("1234.565", "USD"))
'$1,234.57'
>>> money(Money("1234567.5", "KRW"), "ko_KR")
'₩1,234,568'
>>> span(Range.of(400, 1000, "USD", open_ended=True))
'$400.00–$1,000.00+'
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal, TypeAlias

from tripcost.errors import OutputError, TripcostError
from tripcost.fx import Rate
from tripcost.jsonvalue import JSON
from tripcost.money import Money, exact
from tripcost.ranges import Range, Source

__all__ = [
    "FORMATS",
    "JSON",
    "Output",
    "OutputError",
    "Record",
    "amount_text",
    "check_locale",
    "country_name",
    "money",
    "number_text",
    "range_fields",
    "rate_line",
    "render",
    "safe_cell",
    "sources_line",
    "span",
]

#: One object of an output: a JSON row, or (flat) a CSV row.
Record: TypeAlias = dict[str, JSON]

Format = Literal["table", "csv", "json", "markdown"]
FORMATS: tuple[str, ...] = ("table", "csv", "json", "markdown")


def check_locale(locale: str) -> str:
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(locale)
    except (UnknownLocaleError, ValueError, TypeError):
        raise TripcostError(f"unknown locale {locale!r} (try en_US or ko_KR)") from None
    return locale


@exact()
def money(m: Money, locale: str = "en_US") -> str:
    """``m`` rounded half up to its currency's digits and formatted by babel."""
    from babel.numbers import format_currency

    rounded = m.rounded(ROUND_HALF_UP).amount
    return str(format_currency(rounded, m.currency, locale=check_locale(locale)))


@exact()
def span(r: Range, locale: str = "en_US") -> str:
    """'$300.00–$700.00', '~$230.00', '$400.00–$1,000.00+' (open-ended: 'or more')."""
    lo, hi = money(r.low, locale), money(r.high, locale)
    text = lo if lo == hi else f"{lo}–{hi}"
    return ("~" if r.approximate else "") + text + ("+" if r.open_ended else "")


@exact()
def pair(lo: Money, hi: Money, locale: str = "en_US", between: str = " to ") -> str:
    """'$100.00 to $250.00' ('$100.00' when both read the same)."""
    a, b = money(lo, locale), money(hi, locale)
    return a if a == b else f"{a}{between}{b}"


@exact()
def amount_text(m: Money) -> str:
    """A money amount as JSON and CSV write it: a decimal string quantized half up to its
    currency's minor unit, so every amount of a currency has the same digits.

    >>> amount_text(Money("151", "USD")), amount_text(Money("2549.9", "USD"))
    ('151.00', '2549.90')
    >>> amount_text(Money("869000", "KRW")), amount_text(Money("623.1667", "KRW"))
    ('869000', '623')
    """
    value = m.rounded(ROUND_HALF_UP).amount
    return f"{abs(value) if value == 0 else value:f}"  # never "-0.00"


@exact()
def number_text(d: Decimal) -> str:
    """An exact decimal string (a rate, a percentage): no exponent, nothing rounded.

    >>> number_text(Decimal("1E+3")), number_text(Decimal("0.000749"))
    ('1000', '0.000749')
    """
    return f"{d:f}"


@exact()
def range_fields(r: Range | None, currency: str, prefix: str = "", *, flags: bool = True) -> Record:
    """A range as the fields of a JSON object: ``low``, ``high``, ``currency`` and (with
    ``flags``) ``open_ended``, ``approximate``, each name after ``prefix`` ("trip_low").
    No range: the amounts and flags are null, the currency still says what they would be.

    >>> range_fields(Range.of("110", "600", "USD"), "USD", "total_", flags=False)
    {'total_low': '110.00', 'total_high': '600.00', 'total_currency': 'USD'}
    """
    out: Record = {
        f"{prefix}low": amount_text(r.low) if r else None,
        f"{prefix}high": amount_text(r.high) if r else None,
        f"{prefix}currency": r.currency if r else currency,
    }
    if flags:
        out[f"{prefix}open_ended"] = r.open_ended if r else None
        out[f"{prefix}approximate"] = r.approximate if r else None
    return out


@exact()
def rate_line(rate: Rate, locale: str = "en_US") -> str:
    """'1 USD = 1,335.27 KRW · ECB reference rate … · 2026-10-30' (the larger side shown)."""
    from babel.numbers import format_decimal

    r = rate if rate.value >= 1 else rate.inverse()
    value = format_decimal(r.value.quantize(Decimal("0.0001")), format="#,##0.00##", locale=locale)
    text = f"1 {r.base} = {value} {r.quote} · {r.source} · {r.date.isoformat()}"
    if rate.age_days > 7:
        text += f" ({rate.age_days} days before the date asked for)"
    return text


def sources_line(sources: Sequence[Source]) -> str:
    """'Sources: 000_….txt (2026-01-01) · pages: lonelyplanet.com, …' (addresses by host)."""
    seeds = list(dict.fromkeys(str(s) for s in sources if not s.ref.startswith("http")))
    hosts = list(
        dict.fromkeys(
            s.ref.split("/")[2].removeprefix("www.") for s in sources if s.ref.startswith("http")
        )
    )
    parts = list(seeds)
    if hosts:
        parts.append("public pages: " + ", ".join(hosts))
    return "Sources: " + " · ".join(parts)


def country_name(code: str) -> str:
    from babel import Locale

    names = {"KR": "South Korea", "US": "United States", "GB": "United Kingdom"}
    return names.get(code) or str(Locale("en").territories.get(code, code))


_FORMULA = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$")


def safe_cell(value: JSON) -> str:
    """A CSV cell that no spreadsheet will run as a formula; numbers stay numbers.

    A list of plain values is joined with "; " (the sources of a row); an object is
    refused: an output flattens its objects into columns before CSV sees them.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dict) or (
        isinstance(value, list) and any(isinstance(v, dict | list) for v in value)
    ):
        raise TypeError(f"a CSV cell must be flat, not {value!r}")
    text = "; ".join(safe_cell(v) for v in value) if isinstance(value, list) else value
    if text.startswith(_FORMULA) and not _NUMBER.match(text):
        return "'" + text
    return text


@dataclass
class Output:
    """What a command shows: records for machines, cells for people, notes under both.

    ``records`` are the JSON rows and, unless ``flat`` is given, the CSV rows; ``flat``
    holds the CSV rows of records that nest objects (a row's rates). ``document``
    replaces the list of records as the JSON output.
    """

    records: list[Record]
    headers: list[str] = field(default_factory=list)
    cells: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    title: str = ""
    document: JSON = None  # JSON: this instead of the list of records
    right: set[int] = field(default_factory=set)  # table columns aligned right
    texts: dict[str, str] = field(default_factory=dict)  # formats only this output has (ics)
    flat: list[Record] | None = None  # CSV: these instead of the records


def _table(out: Output) -> str:
    rows = [out.headers, *out.cells]
    widths = [max(len(r[i]) for r in rows) for i in range(len(out.headers))]
    lines = []
    if out.title:
        lines.append(out.title)
    for k, r in enumerate(rows):
        parts = [
            c.rjust(w) if i in out.right else c.ljust(w)
            for i, (c, w) in enumerate(zip(r, widths, strict=True))
        ]
        lines.append("  ".join(parts).rstrip())
        if k == 0:
            lines.append("  ".join("-" * w for w in widths))
    lines.extend(out.notes)
    return "\n".join(lines) + "\n"


def _markdown(out: Output) -> str:
    def esc(c: str) -> str:
        return c.replace("|", "\\|")

    lines = [f"**{esc(out.title)}**", ""] if out.title else []
    lines.append("| " + " | ".join(esc(h) for h in out.headers) + " |")
    lines.append(
        "|" + "|".join("---:" if i in out.right else "---" for i in range(len(out.headers))) + "|"
    )
    lines.extend("| " + " | ".join(esc(c) for c in row) + " |" for row in out.cells)
    if out.notes:
        lines.append("")
        lines.extend(f"{esc(n)}  " for n in out.notes)
    return "\n".join(lines) + "\n"


def _csv(out: Output) -> str:
    buf = io.StringIO()
    rows = out.records if out.flat is None else out.flat
    keys: list[str] = []
    for rec in rows:
        keys.extend(k for k in rec if k not in keys)
    # RFC 4180 line ends: a cell holding "\r" or "\n" is then always quoted
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(keys)
    for rec in rows:
        w.writerow([safe_cell(rec.get(k)) for k in keys])
    return buf.getvalue()


@exact()
def render(out: Output, fmt: str) -> str:
    """The text of ``out`` in one of `FORMATS` (or a format of its own, in ``texts``)."""
    if fmt in out.texts:
        return out.texts[fmt]
    if fmt == "json":
        body = out.document if out.document is not None else out.records
        return json.dumps(body, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    renderers: dict[str, Callable[[Output], str]] = {
        "table": _table,
        "csv": _csv,
        "markdown": _markdown,
    }
    if fmt not in renderers:
        raise TripcostError(f"unknown format {fmt!r}; formats: {', '.join(FORMATS)}")
    return renderers[fmt](out)
