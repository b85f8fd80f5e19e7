"""Exact money and honest ranges.

`Money` is a `Decimal` amount with an ISO 4217 currency code. `Range` is a
low and a high `Money` in one currency, with the flags that keep it honest:
``open_ended`` ("this or more": the high is the highest figure stated, the
truth may be above it), ``approximate`` ("~", "about") and the ``sources``
behind it.

Amounts stay exact inside: nothing is rounded until it is displayed, and then
only to the currency's own digits (``KRW`` has none, ``USD`` two).

>>> Money("869000", "KRW")
Money('869000', 'KRW')
>>> per_session = Range.of("300", "700", "USD")
>>> per_session.scale((3, 6))
Range(Money('900', 'USD'), Money('4200', 'USD'))
>>> sum([Money(1, "USD"), Money("2.50", "USD")])
Money('3.50', 'USD')
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import (
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
)
from functools import cache
from typing import Protocol

from tripcost.errors import CurrencyError, RangeError

__all__ = [
    "Money",
    "Range",
    "Source",
    "SupportsRate",
    "as_count",
    "currency_digits",
    "parse_amount",
    "validate_currency",
]

#: Amounts beyond this size are refused: no trip costs a quadrillion.
MAX_AMOUNT = Decimal(10) ** 15
#: Finer than this is noise, not money.
MIN_EXPONENT = -60
#: Money arithmetic runs in this context. Amounts stay below 10**15 and rates carry
#: 28 digits, so sums and products of amounts fit in 60 digits: they are exact, and
#: exact sums do not depend on their order (the default 28 digits would round).
EXACT = Context(
    prec=60, rounding=ROUND_HALF_EVEN, traps=[InvalidOperation, DivisionByZero, Overflow]
)


@cache
def validate_currency(code: object) -> str:
    """Return ``code`` if it is an ISO 4217 currency code, else raise `CurrencyError`.

    babel formats any three letters, so the code is checked against babel's list.

    >>> validate_currency("KRW")
    'KRW'
    """
    if not isinstance(code, str) or len(code) != 3 or not code.isalpha() or not code.isupper():
        msg = f"currency {code!r} is not an ISO 4217 code (three capital letters, like USD or KRW)"
        raise CurrencyError(msg)
    from babel.numbers import is_currency

    if not is_currency(code):
        msg = f"currency {code!r} is not an ISO 4217 currency code"
        raise CurrencyError(msg)
    return code


@cache
def currency_digits(code: str) -> int:
    """The number of minor-unit digits of a currency, from babel's CLDR data.

    >>> currency_digits("KRW"), currency_digits("USD")
    (0, 2)
    """
    from babel.numbers import get_currency_precision

    return int(get_currency_precision(validate_currency(code)))


def parse_amount(value: object, *, what: str = "amount") -> Decimal:
    """Turn a Decimal, an int or a decimal string into a finite `Decimal`.

    Floats are refused (their binary value is not the decimal you typed), and so
    are booleans, NaN, infinities, thousands separators and "~" or "+" marks:
    a caller that means "approximate" or "or more" must say so with a flag.

    >>> parse_amount("869000")
    Decimal('869000')
    >>> parse_amount(1.5)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    tripcost.errors.RangeError: amount 1.5 is a float; pass a Decimal, an int or a string ...
    """
    if isinstance(value, bool):
        msg = f"{what} {value!r} is a boolean, not an amount"
        raise RangeError(msg)
    if isinstance(value, float):
        msg = (
            f"{what} {value!r} is a float; "
            f"pass a Decimal, an int or a string such as {str(value)!r}"
        )
        raise RangeError(msg)
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, str):
        text = value.strip()
        if (
            not text
            or any(c in text for c in ",~+_ ")
            or text.lower().lstrip("-")
            in {
                "nan",
                "snan",
                "inf",
                "infinity",
            }
        ):
            msg = f"{what} {value!r} is not a plain decimal number (like 1000 or 12.50)"
            raise RangeError(msg)
        try:
            amount = Decimal(text)
        except InvalidOperation:
            msg = f"{what} {value!r} is not a decimal number"
            raise RangeError(msg) from None
    else:
        msg = f"{what} {value!r} ({type(value).__name__}) is not a Decimal, int or decimal string"
        raise RangeError(msg)
    if not amount.is_finite():
        msg = f"{what} {value!r} is not finite"
        raise RangeError(msg)
    if abs(amount) >= MAX_AMOUNT:
        msg = f"{what} {value!r} is too large (limit {MAX_AMOUNT:,})"
        raise RangeError(msg)
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent < MIN_EXPONENT and amount != 0:
        msg = f"{what} {value!r} has more than {-MIN_EXPONENT} decimal places"
        raise RangeError(msg)
    return amount


def as_count(value: object, *, what: str = "count") -> Decimal:
    """A non-negative multiplier (sessions, nights, a share): int, Decimal or decimal string."""
    count = parse_amount(value, what=what)
    if count < 0:
        msg = f"{what} {value!r} is negative"
        raise RangeError(msg)
    return count


@dataclass(frozen=True, slots=True, init=False, order=False)
class Money:
    """An exact amount of one currency. Immutable; adding two currencies raises."""

    amount: Decimal
    currency: str

    def __init__(self, amount: Decimal | int | str, currency: str) -> None:
        object.__setattr__(self, "amount", parse_amount(amount))
        object.__setattr__(self, "currency", validate_currency(currency))

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(0, currency)

    def __repr__(self) -> str:
        return f"Money({str(self.amount)!r}, {self.currency!r})"

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"

    def _same(self, other: Money, op: str) -> None:
        if self.currency != other.currency:
            msg = f"cannot {op} {self.currency} and {other.currency}: convert one first"
            raise CurrencyError(msg)

    def __add__(self, other: object) -> Money:
        if isinstance(other, Money):
            self._same(other, "add")
            return _money(EXACT.add(self.amount, other.amount), self.currency)
        return NotImplemented

    def __radd__(self, other: object) -> Money:
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self  # so that sum() works
        return self.__add__(other)

    def __sub__(self, other: object) -> Money:
        if isinstance(other, Money):
            self._same(other, "subtract")
            return _money(EXACT.subtract(self.amount, other.amount), self.currency)
        return NotImplemented

    def __neg__(self) -> Money:
        return _money(EXACT.minus(self.amount), self.currency)  # `-x` would round to 28 digits

    def __mul__(self, factor: object) -> Money:
        if isinstance(factor, (Money, float | bool)):
            return NotImplemented
        if isinstance(factor, int | Decimal):
            return _money(EXACT.multiply(self.amount, Decimal(factor)), self.currency)
        return NotImplemented

    __rmul__ = __mul__

    def _cmp(self, other: object) -> Decimal:
        if not isinstance(other, Money):
            raise TypeError(f"cannot compare Money with {type(other).__name__}")
        self._same(other, "compare")
        return EXACT.compare(self.amount, other.amount)

    def __lt__(self, other: object) -> bool:
        return self._cmp(other) < 0

    def __le__(self, other: object) -> bool:
        return self._cmp(other) <= 0

    def __gt__(self, other: object) -> bool:
        return self._cmp(other) > 0

    def __ge__(self, other: object) -> bool:
        return self._cmp(other) >= 0

    def rounded(self, rounding: str = ROUND_HALF_UP) -> Money:
        """The amount quantized to the currency's minor unit (for display only)."""
        exp = Decimal(1).scaleb(-currency_digits(self.currency))
        return _money(self.amount.quantize(exp, rounding=rounding), self.currency)

    def convert(self, rate: SupportsRate) -> Money:
        """The exact product with a rate from ``rate.base`` to ``rate.quote`` (not rounded)."""
        if rate.base != self.currency:
            msg = f"a {rate.base}/{rate.quote} rate cannot convert {self.currency}"
            raise CurrencyError(msg)
        return _money(EXACT.multiply(self.amount, rate.value), rate.quote)


def _money(amount: Decimal, currency: str) -> Money:
    """Build Money from trusted parts, skipping the parsing (results of arithmetic)."""
    m = object.__new__(Money)
    object.__setattr__(m, "amount", amount)
    object.__setattr__(m, "currency", currency)
    return m


class SupportsRate(Protocol):
    """What `Money.convert` needs of a rate: 1 ``base`` = ``value`` ``quote``."""

    @property
    def base(self) -> str: ...

    @property
    def quote(self) -> str: ...

    @property
    def value(self) -> Decimal: ...


@dataclass(frozen=True, slots=True)
class Source:
    """Where a figure came from: a seed file or an address, its date, its words."""

    ref: str
    date: str = "undated"
    quote: str = ""

    def __str__(self) -> str:
        return f"{self.ref} ({self.date})"


CountLike = int | Decimal | str | tuple[int | Decimal | str, int | Decimal | str]


@dataclass(frozen=True, slots=True)
class Range:
    """A low and a high price in one currency, never low above high, never negative.

    ``open_ended`` means "this or more": ``high`` is the highest figure stated.
    """

    low: Money
    high: Money
    open_ended: bool = False
    approximate: bool = False
    sources: tuple[Source, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.low, Money) or not isinstance(self.high, Money):
            raise RangeError(f"a Range needs Money bounds, got {self.low!r} and {self.high!r}")
        if self.low.currency != self.high.currency:
            msg = f"range bounds in two currencies: {self.low} and {self.high}"
            raise CurrencyError(msg)
        if self.low.amount < 0:
            msg = f"negative price {self.low} in a range"
            raise RangeError(msg)
        if self.low.amount > self.high.amount:
            msg = f"impossible range: low {self.low} > high {self.high}"
            raise RangeError(msg)

    @classmethod
    def of(
        cls,
        low: Decimal | int | str,
        high: Decimal | int | str,
        currency: str,
        *,
        open_ended: bool = False,
        approximate: bool = False,
        sources: Iterable[Source] = (),
    ) -> Range:
        """Build a range from plain amounts: ``Range.of("300", "700", "USD")``."""
        return cls(
            Money(low, currency),
            Money(high, currency),
            open_ended=open_ended,
            approximate=approximate,
            sources=tuple(sources),
        )

    @classmethod
    def exact(cls, money: Money) -> Range:
        return cls(money, money)

    @classmethod
    def zero(cls, currency: str) -> Range:
        z = Money.zero(currency)
        return cls(z, z)

    @property
    def currency(self) -> str:
        return self.low.currency

    def __repr__(self) -> str:
        flags = "".join(
            f", {name}=True" for name in ("open_ended", "approximate") if getattr(self, name)
        )
        return f"Range({self.low!r}, {self.high!r}{flags})"

    def __str__(self) -> str:
        plus = "+" if self.open_ended else ""
        tilde = "~" if self.approximate else ""
        return f"{tilde}{self.low.amount}–{self.high.amount}{plus} {self.currency}"

    def __add__(self, other: object) -> Range:
        if not isinstance(other, Range):
            return NotImplemented
        return Range(
            self.low + other.low,
            self.high + other.high,
            open_ended=self.open_ended or other.open_ended,
            approximate=self.approximate or other.approximate,
            sources=_merge_sources(self.sources, other.sources),
        )

    def __radd__(self, other: object) -> Range:
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self
        return self.__add__(other)

    def scale(self, count: CountLike) -> Range:
        """Multiply by a count (3) or a count range ((3, 6)): low × fewest, high × most."""
        if isinstance(count, tuple):
            lo, hi = (as_count(c) for c in count)
            if lo > hi:
                raise RangeError(f"impossible count range {count[0]}-{count[1]}")
        else:
            lo = hi = as_count(count)
        return Range(
            self.low * lo,
            self.high * hi,
            open_ended=self.open_ended and hi > 0,
            approximate=self.approximate,
            sources=self.sources,
        )

    def convert(self, rate: SupportsRate) -> Range:
        """Both bounds converted exactly with one rate; flags and sources kept."""
        return Range(
            self.low.convert(rate),
            self.high.convert(rate),
            open_ended=self.open_ended,
            approximate=self.approximate,
            sources=self.sources,
        )

    def midpoint(self) -> Money:
        """Half way between low and high (only where a single figure is asked for)."""
        return _money(EXACT.divide(EXACT.add(self.low.amount, self.high.amount), 2), self.currency)

    def contains(self, money: Money) -> bool:
        return self.low <= money <= self.high

    def with_flags(
        self, *, open_ended: bool | None = None, approximate: bool | None = None
    ) -> Range:
        return Range(
            self.low,
            self.high,
            open_ended=self.open_ended if open_ended is None else open_ended,
            approximate=self.approximate if approximate is None else approximate,
            sources=self.sources,
        )

    @staticmethod
    def envelope(ranges: Iterable[Range]) -> Range:
        """Lowest low to highest high of ranges in one currency, listing every source.

        Open-ended if any member is: its true high is not known.
        """
        items = list(ranges)
        if not items:
            raise RangeError("the envelope of no ranges is undefined")
        low = min((r.low for r in items), key=lambda m: m.amount)
        high = max((r.high for r in items), key=lambda m: m.amount)
        for r in items:
            r.low._same(low, "combine")
        sources: tuple[Source, ...] = ()
        for r in items:
            sources = _merge_sources(sources, r.sources)
        return Range(
            low,
            high,
            open_ended=any(r.open_ended for r in items),
            approximate=any(r.approximate for r in items),
            sources=sources,
        )


def _merge_sources(a: tuple[Source, ...], b: tuple[Source, ...]) -> tuple[Source, ...]:
    if not b:
        return a
    out = list(a)
    seen = set(a)
    for s in b:
        if s not in seen:
            seen.add(s)
            out.append(s)
    return tuple(out)
