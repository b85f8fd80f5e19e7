"""Exact money: a `Decimal` amount with an ISO 4217 currency code.

Amounts stay exact inside: nothing is rounded until it is displayed, and then
only to the currency's own digits (``KRW`` has none, ``USD`` two). Every decimal
operation here runs in tripcost's own context (`EXACT`), never the caller's, so
a caller's ``localcontext(prec=3, rounding=ROUND_DOWN)`` or an ``Inexact`` trap
changes nothing. The rest of the library runs its own decimal code inside
`exact()`. Ranges of money (`Range`) live in `tripcost.ranges`.

>>> Money("869000", "KRW")
Money('869000', 'KRW')
>>> sum([Money(1, "USD"), Money("2.50", "USD")])
Money('3.50', 'USD')
>>> str(Money("1234.565", "USD")), str(Money("1234.5", "KRW"))
('1234.57 USD', '1235 KRW')
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import (
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DecimalException,
    DivisionByZero,
    Inexact,
    InvalidOperation,
    Overflow,
    localcontext,
)
from functools import cache
from typing import Protocol

from tripcost.errors import CurrencyError, RangeError

__all__ = [
    "EXACT",
    "MAX_AMOUNT",
    "MAX_SCALE",
    "PRECISION",
    "Money",
    "SupportsRate",
    "as_count",
    "currency_digits",
    "exact",
    "parse_amount",
    "validate_currency",
]

#: Amounts must stay below this in size: no trip costs a quadrillion.
MAX_AMOUNT = Decimal(10**15)
_MIN_AMOUNT = Decimal(-(10**15))
#: At most this many digits after the point: finer than that is noise, not money.
MAX_SCALE = 100
MIN_EXPONENT = -MAX_SCALE
#: Digits of tripcost's decimal context: twice the longest amount (15 + 100 digits).
PRECISION = 230

#: tripcost's decimal context: 230 digits, half-even rounding (used only where a
#: result does not terminate, such as a division), and the traps that make a bad
#: operation raise instead of giving NaN or infinity.
EXACT = Context(
    prec=PRECISION,
    rounding=ROUND_HALF_EVEN,
    Emin=-999_999,
    Emax=999_999,
    capitals=1,
    clamp=0,
    flags=[],
    traps=[InvalidOperation, DivisionByZero, Overflow],
)
#: Money arithmetic runs here: the same context, with ``Inexact`` trapped, so a
#: result that would need rounding raises instead.
_STRICT = Context(
    prec=PRECISION,
    rounding=ROUND_HALF_EVEN,
    Emin=-999_999,
    Emax=999_999,
    capitals=1,
    clamp=0,
    flags=[],
    traps=[InvalidOperation, DivisionByZero, Overflow, Inexact],
)
_FINEST = Decimal((0, (1,), MIN_EXPONENT))
_QUANTUM = {d: Decimal((0, (1,), -d)) for d in range(5)}


@contextlib.contextmanager
def exact() -> Iterator[Context]:
    """Run a block, or a function, in tripcost's decimal context (`EXACT`).

    Whatever the caller's context (3 digits, ``ROUND_DOWN``, the ``Inexact`` trap
    on), the code inside computes with 230 digits, rounds half-even only where a
    result does not terminate, and raises on invalid operations. Use it around
    any decimal code outside `Money` (counts, shares, percentages, display):

    >>> from decimal import Decimal, localcontext
    >>> with localcontext(prec=3), exact():
    ...     Decimal("1234.5678") * 2
    Decimal('2469.1356')

    or as a decorator, ``@exact()``; the caller's context is back afterwards.
    """
    with localcontext(EXACT) as ctx:
        yield ctx


def _text(value: Decimal) -> str:
    """Every digit of ``value``, the same under any caller context."""
    return EXACT.to_sci_string(value)


def _brief(value: Decimal) -> str:
    """`_text`, cut short past 40 characters (a message must stay one readable line)."""
    text = _text(value)
    return text if len(text) <= 40 else f"{text[:30]}…({len(text)} characters)"


def _shown(value: object) -> str:
    """``repr(value)`` for an error message, cut short if it is very long."""
    if isinstance(value, int) and value.bit_length() > 1000:  # repr may refuse past 4300 digits
        digits = value.bit_length() * 30103 // 100_000 + 1  # log10(2) = 0.30103
        return f"(an integer of about {digits:,} digits)"
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:40]}… ({len(text)} characters)"


@cache
def validate_currency(code: object) -> str:
    """Return ``code`` if it is an ISO 4217 currency code, else raise `CurrencyError`.

    babel formats any three letters, so the code is checked against babel's list.

    >>> validate_currency("KRW")
    'KRW'
    """
    if (
        not isinstance(code, str)
        or len(code) != 3
        or not code.isascii()
        or not code.isalpha()
        or not code.isupper()
    ):
        msg = f"currency {code!r} is not an ISO 4217 code (three capital letters, like USD or KRW)"
        raise CurrencyError(msg)
    if code in _KNOWN:  # no need to load babel's list for these
        return code
    from babel.numbers import is_currency

    if not is_currency(code):
        msg = f"currency {code!r} is not an ISO 4217 currency code"
        raise CurrencyError(msg)
    return code


#: Codes babel's list has (checked in the tests), so the common case skips loading it.
_KNOWN = frozenset(
    {"AUD", "BRL", "CAD", "CHF", "CNY", "CZK", "DKK", "EUR", "GBP", "HKD", "HUF", "IDR", "ILS"}
    | {"INR", "ISK", "JPY", "KRW", "MXN", "MYR", "NOK", "NZD", "PHP", "PLN", "RON", "SEK"}
    | {"SGD", "THB", "TRY", "USD", "ZAR"}
)


@cache
def currency_digits(code: str) -> int:
    """The number of minor-unit digits of a currency, from babel's CLDR data.

    >>> currency_digits("KRW"), currency_digits("USD")
    (0, 2)
    """
    from babel.numbers import get_currency_precision

    return int(get_currency_precision(validate_currency(code)))


def parse_amount(value: object, *, what: str = "amount") -> Decimal:
    """Turn a Decimal, an int or a decimal string into a finite `Decimal` within
    `Money`'s bounds (below 10**15 in size, at most 100 decimal places).

    Floats are refused (their binary value is not the decimal you typed), and so
    are booleans, NaN, infinities, thousands separators, non-ASCII digits and "~"
    or "+" marks: a caller that means "approximate" or "or more" must say so with
    a flag. A negative zero becomes zero.

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
        if not -(10**15) < value < 10**15:
            msg = f"{what} {_shown(value)} is too large (limit {MAX_AMOUNT:,})"
            raise RangeError(msg)
        amount = Decimal(value)
    elif isinstance(value, str):
        text = value.strip()
        if (
            not text
            or not text.isascii()
            or any(c in text for c in ",~+_ ")
            or text.lower().lstrip("-") in {"nan", "snan", "inf", "infinity"}
        ):
            msg = f"{what} {_shown(value)} is not a plain decimal number (like 1000 or 12.50)"
            raise RangeError(msg)
        try:
            amount = Decimal(text, EXACT)  # EXACT traps a malformed string
        except (InvalidOperation, ValueError):
            msg = f"{what} {_shown(value)} is not a decimal number"
            raise RangeError(msg) from None
    else:
        kind = type(value).__name__
        msg = f"{what} {_shown(value)} ({kind}) is not a Decimal, int or decimal string"
        raise RangeError(msg)
    if not amount.is_finite():
        msg = f"{what} {_shown(value)} is not finite"
        raise RangeError(msg)
    if amount.copy_abs() >= MAX_AMOUNT:
        msg = f"{what} {_shown(value)} is too large (limit {MAX_AMOUNT:,})"
        raise RangeError(msg)
    exponent = amount.as_tuple().exponent
    assert isinstance(exponent, int)  # finite
    if amount.is_zero():
        return amount.copy_abs() if MIN_EXPONENT <= exponent <= 0 else Decimal(0)
    if exponent < MIN_EXPONENT:
        msg = f"{what} {_shown(value)} has more than {MAX_SCALE} decimal places"
        raise RangeError(msg)
    return amount


def as_count(value: object, *, what: str = "count") -> Decimal:
    """A non-negative multiplier (sessions, nights, a share): int, Decimal or decimal string."""
    count = parse_amount(value, what=what)
    if count < 0:
        msg = f"{what} {_shown(value)} is negative"
        raise RangeError(msg)
    return count


@dataclass(frozen=True, slots=True, init=False, order=False)
class Money:
    """An exact amount of one currency. Immutable; adding two currencies raises.

    **Bounds.** An amount is below 10**15 in size (at most 15 digits before the
    point) and has at most 100 digits after it, so it has at most 115 significant
    digits. Construction refuses anything else (`RangeError`); ``-0`` becomes ``0``.
    100 decimals leave room for chained conversions: a rate derived by tripcost
    has 28 significant digits, so converting 869000 KRW to USD gives 31 decimals,
    and each further conversion adds about 30 at most.

    **Why arithmetic is exact.** Money arithmetic runs with 230 digits. The sum or
    difference of two amounts within the bounds is below 2 × 10**15 with at most
    100 decimals: at most 16 + 100 = 116 digits. A product of two numbers of at
    most 115 digits each (an amount, and a count or a rate, which obey the same
    bounds) has at most 230 digits. So no +, - or × of values within the bounds is
    ever rounded, and exact sums do not depend on their order. A result that leaves
    the bounds (10**15 or more, or more than 100 decimals) is refused with a
    `RangeError`, never rounded silently, and so is any operation that would need
    rounding (the context traps ``Inexact``).

    ``str()`` rounds half up to the currency's digits (``'1234.57 USD'``); ``repr``
    and ``.amount`` keep every digit.
    """

    amount: Decimal
    currency: str

    def __init__(self, amount: Decimal | int | str, currency: str) -> None:
        object.__setattr__(self, "amount", parse_amount(amount))
        object.__setattr__(self, "currency", validate_currency(currency))

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(0, currency)

    def __repr__(self) -> str:
        return f"Money({_text(self.amount)!r}, {self.currency!r})"

    def __str__(self) -> str:
        return f"{self.rounded().amount:f} {self.currency}"

    def exact_str(self) -> str:
        """Every digit and the currency, as in error messages: ``'1234.565 USD'``."""
        return f"{_text(self.amount)} {self.currency}"

    def _same(self, other: Money, op: str) -> None:
        if self.currency != other.currency:
            msg = f"cannot {op} {self.currency} and {other.currency}: convert one first"
            raise CurrencyError(msg)

    def __add__(self, other: object) -> Money:
        if isinstance(other, Money):
            if self.currency != other.currency:
                self._same(other, "add")
            try:  # the fast path; _arith builds the errors
                value = _STRICT.add(self.amount, other.amount)
            except DecimalException:
                value = None
            if value is not None and _MIN_AMOUNT < value < MAX_AMOUNT:
                return _money(value, self.currency)
            return _arith(_STRICT.add, self.amount, "+", other.amount, self.currency)
        return NotImplemented

    def __radd__(self, other: object) -> Money:
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self  # so that sum() works
        return self.__add__(other)

    def __sub__(self, other: object) -> Money:
        if isinstance(other, Money):
            if self.currency != other.currency:
                self._same(other, "subtract")
            try:
                value = _STRICT.subtract(self.amount, other.amount)
            except DecimalException:
                value = None
            if value is not None and _MIN_AMOUNT < value < MAX_AMOUNT:
                return _money(value, self.currency)
            return _arith(_STRICT.subtract, self.amount, "-", other.amount, self.currency)
        return NotImplemented

    def __neg__(self) -> Money:
        return _money(self.amount.copy_negate(), self.currency)  # exact, no context

    def __mul__(self, factor: object) -> Money:
        if isinstance(factor, bool) or not isinstance(factor, int | Decimal):
            return NotImplemented  # Money × Money, floats and booleans mean nothing
        value = Decimal(factor) if isinstance(factor, int) else factor
        if not value.is_finite():
            raise RangeError(f"cannot multiply {self.exact_str()} by {factor!r}")
        return _product(self.amount, value, self.currency)

    __rmul__ = __mul__

    def _cmp(self, other: object) -> int:
        if not isinstance(other, Money):
            raise TypeError(f"cannot compare Money with {type(other).__name__}")
        self._same(other, "compare")
        a, b = self.amount, other.amount
        return 0 if a == b else (-1 if a < b else 1)  # finite Decimals: no context involved

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
        quantum = _QUANTUM.get(currency_digits(self.currency))
        if quantum is None:
            quantum = Decimal((0, (1,), -currency_digits(self.currency)))
        value = self.amount.quantize(quantum, rounding=rounding, context=EXACT)
        return _money(value, self.currency)

    def convert(self, rate: SupportsRate) -> Money:
        """The exact product with a rate from ``rate.base`` to ``rate.quote`` (not rounded)."""
        if rate.base != self.currency:
            msg = f"a {rate.base}/{rate.quote} rate cannot convert {self.currency}"
            raise CurrencyError(msg)
        if not isinstance(rate.value, Decimal) or not rate.value.is_finite():
            raise RangeError(f"a {rate.base}/{rate.quote} rate of {rate.value!r} is not a number")
        return _product(self.amount, rate.value, rate.quote)


def _money(amount: Decimal, currency: str) -> Money:
    """Build Money from trusted parts, skipping the parsing (results of arithmetic)."""
    m = object.__new__(Money)
    object.__setattr__(m, "amount", amount.copy_abs() if amount.is_zero() else amount)
    object.__setattr__(m, "currency", currency)
    return m


def _product(a: Decimal, b: Decimal, currency: str) -> Money:
    """``a × b`` as Money: the fast path of `_arith`, which builds the errors."""
    try:
        value = _STRICT.multiply(a, b)
        if _MIN_AMOUNT < value < MAX_AMOUNT:
            _STRICT.quantize(value, _FINEST)  # raises if more than MAX_SCALE decimals
            return _money(value, currency)
    except DecimalException:
        pass
    return _arith(_STRICT.multiply, a, "×", b, currency)


def _arith(op: _Op, a: Decimal, sign: str, b: Decimal, currency: str) -> Money:
    """``op(a, b)`` exactly, as Money in ``currency``, or a `RangeError` naming the
    operation when the result would be rounded or leave Money's bounds."""
    try:
        value = op(a, b)
    except DecimalException:  # Inexact: the exact result needs more than 230 digits
        msg = (
            f"{_brief(a)} {sign} {_brief(b)} {currency} needs more than {PRECISION} digits; "
            "tripcost does not round money silently"
        )
        raise RangeError(msg) from None
    if not _MIN_AMOUNT < value < MAX_AMOUNT:
        msg = (
            f"{_brief(a)} {sign} {_brief(b)} {currency} = {_brief(value)} is too large "
            f"(limit {MAX_AMOUNT:,})"
        )
        raise RangeError(msg)
    if sign == "×":  # a product can have more decimals than its factors
        try:
            _STRICT.quantize(value, _FINEST)
        except DecimalException:
            msg = (
                f"{_brief(a)} {sign} {_brief(b)} {currency} has more than {MAX_SCALE} decimal "
                "places; tripcost does not round money silently"
            )
            raise RangeError(msg) from None
    return _money(value, currency)


class _Op(Protocol):
    def __call__(self, a: Decimal, b: Decimal, /) -> Decimal: ...


class SupportsRate(Protocol):
    """What `Money.convert` needs of a rate: 1 ``base`` = ``value`` ``quote``."""

    @property
    def base(self) -> str: ...

    @property
    def quote(self) -> str: ...

    @property
    def value(self) -> Decimal: ...
