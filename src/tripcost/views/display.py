"""Showing results: babel formatting, one output model and one renderer for every format.

Amounts are rounded here and nowhere else, to the currency's own digits (KRW none,
USD two), half up. Every command builds an `Output` (machine records for JSON and
CSV, formatted cells for the table and Markdown, notes such as the rate and the
sources) and `render` turns it into text. `write_atomic` writes a file so that a
failure leaves no partial file and an existing one untouched.

>>> money(Money("1234.565", "USD"))
'$1,234.57'
>>> money(Money("1234567.5", "KRW"), "ko_KR")
'₩1,234,568'
>>> span(Range.of(400, 1000, "USD", open_ended=True))
'$400.00–$1,000.00+'
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, Literal

from tripcost.errors import OutputError, TripcostError
from tripcost.fx import Rate
from tripcost.money import Money, currency_digits
from tripcost.ranges import Range, Source

__all__ = [
    "FORMATS",
    "Output",
    "OutputError",
    "amount_text",
    "check_locale",
    "country_name",
    "money",
    "rate_line",
    "render",
    "safe_cell",
    "sources_line",
    "span",
    "write_atomic",
]

Format = Literal["table", "csv", "json", "markdown"]
FORMATS: tuple[str, ...] = ("table", "csv", "json", "markdown")


def check_locale(locale: str) -> str:
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(locale)
    except (UnknownLocaleError, ValueError, TypeError):
        raise TripcostError(f"unknown locale {locale!r} (try en_US or ko_KR)") from None
    return locale


def money(m: Money, locale: str = "en_US") -> str:
    """``m`` rounded half up to its currency's digits and formatted by babel."""
    from babel.numbers import format_currency

    rounded = m.rounded(ROUND_HALF_UP).amount
    return str(format_currency(rounded, m.currency, locale=check_locale(locale)))


def span(r: Range, locale: str = "en_US") -> str:
    """'$300.00–$700.00', '~$230.00', '$400.00–$1,000.00+' (open-ended: 'or more')."""
    lo, hi = money(r.low, locale), money(r.high, locale)
    text = lo if lo == hi else f"{lo}–{hi}"
    return ("~" if r.approximate else "") + text + ("+" if r.open_ended else "")


def pair(lo: Money, hi: Money, locale: str = "en_US") -> str:
    a, b = money(lo, locale), money(hi, locale)
    return a if a == b else f"{a} to {b}"


def amount_text(m: Money | Decimal) -> str:
    """An exact decimal string for JSON and CSV.

    Values already within the currency's digits are written as they are ('1000',
    '12.5'); longer ones (a converted amount) are rounded half up to those digits.
    """
    if isinstance(m, Money):
        digits = currency_digits(m.currency)
        value = m.amount
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and -exponent > digits:
            value = m.rounded(ROUND_HALF_UP).amount
        return _plain(value)
    return _plain(m)


def _plain(d: Decimal) -> str:
    return f"{d:f}"


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
    seeds = list(dict.fromkeys((s.ref, s.date) for s in sources if not s.ref.startswith("http")))
    hosts = list(
        dict.fromkeys(
            s.ref.split("/")[2].removeprefix("www.") for s in sources if s.ref.startswith("http")
        )
    )
    parts = [f"{ref} ({date})" for ref, date in seeds]
    if hosts:
        parts.append("public pages: " + ", ".join(hosts))
    return "Sources: " + " · ".join(parts)


def country_name(code: str) -> str:
    from babel import Locale

    names = {"KR": "South Korea", "US": "United States", "GB": "United Kingdom"}
    return names.get(code) or str(Locale("en").territories.get(code, code))


_FORMULA = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$")


def safe_cell(value: Any) -> str:
    """A CSV cell that no spreadsheet will run as a formula; numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal):
        return _plain(Decimal(value))
    if isinstance(value, Money):
        return amount_text(value)
    text = "; ".join(map(str, value)) if isinstance(value, list | tuple) else str(value)
    if text.startswith(_FORMULA) and not _NUMBER.match(text):
        return "'" + text
    return text


@dataclass
class Output:
    """What a command shows: records for machines, cells for people, notes under both."""

    records: list[dict[str, Any]]
    headers: list[str] = field(default_factory=list)
    cells: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    title: str = ""
    document: dict[str, Any] | None = None  # JSON: an object instead of the list
    right: set[int] = field(default_factory=set)  # table columns aligned right
    texts: dict[str, str] = field(default_factory=dict)  # formats only this output has (ics)


def _json_default(value: Any) -> Any:
    if isinstance(value, Money):
        return amount_text(value)
    if isinstance(value, Decimal):
        return _plain(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


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
    keys: list[str] = []
    for rec in out.records:
        keys.extend(k for k in rec if k not in keys)
    # RFC 4180 line ends: a cell holding "\r" or "\n" is then always quoted
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(keys)
    for rec in out.records:
        w.writerow([safe_cell(rec.get(k)) for k in keys])
    return buf.getvalue()


def render(out: Output, fmt: str) -> str:
    """The text of ``out`` in one of `FORMATS` (or a format of its own, in ``texts``)."""
    if fmt in out.texts:
        return out.texts[fmt]
    if fmt == "json":
        body = out.document if out.document is not None else out.records
        return json.dumps(body, default=_json_default, ensure_ascii=False, indent=2) + "\n"
    renderers: dict[str, Callable[[Output], str]] = {
        "table": _table,
        "csv": _csv,
        "markdown": _markdown,
    }
    if fmt not in renderers:
        raise TripcostError(f"unknown format {fmt!r}; formats: {', '.join(FORMATS)}")
    return renderers[fmt](out)


def write_atomic(path: str | Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path`` and rename it into place.

    On any failure the temporary file is removed and an existing ``path`` is untouched.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"cannot write {target}: the folder {folder} does not exist")
    if target.is_dir():
        raise OutputError(f"cannot write {target}: it is a folder")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from None
        raise
