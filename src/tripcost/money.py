"""Exact money: a `Decimal` amount with an ISO 4217 currency code.

Amounts stay exact inside: nothing is rounded until it is displayed, and then
only to the currency's own digits (``KRW`` has none, ``USD`` two). Every decimal
operation here runs in tripcost's own context (`EXACT`), never the caller's, so
a caller's ``localcontext(prec=3, rounding=ROUND_DOWN)`` or an ``Inexact`` trap
changes nothing. The rest of the library runs its own decimal code inside
`exact()`. The context and the parsing of amounts are in `tripcost.amounts` (and
re-exported here); ranges of money (`Range`) live in `tripcost.ranges`.

>>> Money("869000", "KRW")
Money('869000', 'KRW')
>>> sum([Money(1, "USD"), Money("2.50", "USD")])
Money('3.50', 'USD')
>>> str(Money("1234.565", "USD")), str(Money("1234.5", "KRW"))
('1234.57 USD', '1235 KRW')
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, DecimalException
from typing import Protocol

from tripcost.amounts import (
    _FINEST,
    _MIN_AMOUNT,
    _QUANTUM,
    _STRICT,
    EXACT,
    MAX_AMOUNT,
    MAX_SCALE,
    PRECISION,
    _brief,
    _text,
    as_count,
    currency_digits,
    exact,
    parse_amount,
    validate_currency,
)
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
        return _money(_ZERO, validate_currency(currency))

    def __repr__(self) -> str:
        return f"Money({_text(self.amount)!r}, {self.currency!r})"

    @exact()
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
        if type(factor) is int and -_MAX_INT < factor < _MAX_INT:  # a count: no decimals
            value = _STRICT.multiply(self.amount, factor)  # < 230 digits: exact
            if _MIN_AMOUNT < value < MAX_AMOUNT:
                return _money(value, self.currency)
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


_ZERO = Decimal(0)
_MAX_INT = 10**15  # MAX_AMOUNT as an int (comparing with a Decimal would use the caller's context)


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
