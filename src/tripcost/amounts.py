"""Amounts and the decimal context they are computed in.

`EXACT` is tripcost's own decimal context and `exact()` runs code in it, so a
caller's context (3 digits, ``ROUND_DOWN``, the ``Inexact`` trap on) changes no
result. `parse_amount` turns user input into a `Decimal` within `Money`'s bounds
(below `MAX_AMOUNT` in size, at most `MAX_SCALE` decimals); `validate_currency`
and `currency_digits` check and describe ISO 4217 codes. `tripcost.money`
re-exports all of these.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from decimal import (
    ROUND_HALF_EVEN,
    Context,
    Decimal,
    DivisionByZero,
    Inexact,
    InvalidOperation,
    Overflow,
    localcontext,
)
from functools import cache

from tripcost.errors import CurrencyError, RangeError

__all__ = [
    "COMMON_CURRENCIES",
    "EXACT",
    "MAX_AMOUNT",
    "MAX_SCALE",
    "PRECISION",
    "as_count",
    "currency_digits",
    "exact",
    "make_context",
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


def make_context(prec: int, *, inexact: bool = False) -> Context:
    """A decimal context of tripcost's own: ``prec`` digits, half-even rounding (used
    only where a result does not terminate, such as a division), wide exponents, and the
    traps that make a bad operation raise instead of giving NaN or infinity (with
    ``inexact``, also any result that would need rounding)."""
    traps = [InvalidOperation, DivisionByZero, Overflow] + ([Inexact] if inexact else [])
    return Context(prec=prec, rounding=ROUND_HALF_EVEN, Emin=-999_999, Emax=999_999,
                   capitals=1, clamp=0, flags=[], traps=traps)  # fmt: skip


#: tripcost's decimal context: 230 digits (see `make_context`).
EXACT = make_context(PRECISION)
#: Money arithmetic runs here: ``Inexact`` trapped, so a result that would need
#: rounding raises instead.
_STRICT = make_context(PRECISION, inexact=True)
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
    """Every digit of ``value`` in plain notation (``'100000'``, never ``'1E+5'``, which
    `parse_amount` refuses), the same under any caller context. A value far outside
    Money's bounds (only ever in an error message) keeps its exponent.
    """
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -2 * MAX_SCALE <= exponent <= 2 * MAX_SCALE:
        return format(value, "f")  # no precision given: nothing is rounded
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
    if code in COMMON_CURRENCIES:  # no need to load babel's list for these
        return code
    from babel.numbers import is_currency

    if not is_currency(code):
        msg = f"currency {code!r} is not an ISO 4217 currency code"
        raise CurrencyError(msg)
    return code


#: Codes babel's list has (checked in the tests), so the common case skips loading it.
COMMON_CURRENCIES = frozenset(
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
    or "+" marks (an exponent's sign, as in ``1e+5``, is not a mark): a caller
    that means "approximate" or "or more" must say so with a flag. A negative zero
    becomes zero.

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
            or any(c in text for c in ",~_ ")
            or "+" in text.lower().replace("e+", "e")  # "$200+" is open; 1e+5 is 1e5
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
    if type(value) is int and 0 <= value < 10**15:  # the common case: a count of things
        return Decimal(value)
    count = parse_amount(value, what=what)
    if count < 0:
        msg = f"{what} {_shown(value)} is negative"
        raise RangeError(msg)
    return count
