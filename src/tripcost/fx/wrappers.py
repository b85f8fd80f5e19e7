"""Sources that wrap another: record what was used, shift a pair, pin a date; and
`convert`, the one call that turns money into another currency."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from decimal import ROUND_HALF_EVEN, Context, Decimal

from tripcost.counts import brief
from tripcost.errors import CurrencyError, RangeError
from tripcost.fx.rates import (
    Rate,
    RateSource,
    as_date,
    cache_key_of,
    derived,
    inverse,
    rate_source,
)
from tripcost.money import EXACT, Money, validate_currency

__all__ = ["PinnedRates", "RecordingRates", "ShiftedRates", "convert"]

_FOUR = Context(prec=4, rounding=ROUND_HALF_EVEN)


def _wrapped(kind: str, inner: RateSource, *params: Hashable) -> Hashable | None:
    key = cache_key_of(inner)
    return None if key is None else (kind, key, *params)


class RecordingRates:
    """Wraps a rate source and remembers every rate it gave, so a result can list them.

    Its ``cache_key`` differs from its inner source's: a table cached from the
    inner source would skip the recording.
    """

    def __init__(self, inner: RateSource) -> None:
        self.inner = inner
        self.used: dict[tuple[str, str, dt.date, str], Rate] = {}

    @property
    def cache_key(self) -> Hashable | None:
        return _wrapped("RecordingRates", self.inner)

    def rate(self, base: str, quote: str, on: dt.date | None = None) -> Rate:
        r = self.inner.rate(base, quote, on)
        if base != quote:
            self.used.setdefault((r.base, r.quote, r.date, r.source), r)
        return r


class ShiftedRates:
    """Another source with one pair moved by a factor: ``ShiftedRates(src, "USD", "KRW",
    Decimal("1.15"))`` makes 1 USD buy 15% more KRW (and 1 KRW 1/1.15 as many USD).
    For sensitivity studies; the source name says so. The shifted rate is rounded
    to 28 significant digits, like every derived rate."""

    def __init__(self, inner: RateSource, base: str, quote: str, factor: Decimal) -> None:
        if not isinstance(factor, Decimal) or not factor.is_finite() or not factor > 0:
            raise CurrencyError(f"a rate shift factor must be a positive Decimal, not {factor!r}")
        self.inner, self.base, self.quote, self.factor = inner, base, quote, factor

    @property
    def cache_key(self) -> Hashable | None:
        return _wrapped("ShiftedRates", self.inner, self.base, self.quote, self.factor)

    def rate(self, base: str, quote: str, on: dt.date | None = None) -> Rate:
        r = self.inner.rate(base, quote, on)
        if (base, quote) == (self.base, self.quote):
            factor = self.factor
        elif (base, quote) == (self.quote, self.base):
            factor = inverse(self.factor)
        else:
            return r
        pct = _FOUR.plus(EXACT.multiply(EXACT.subtract(self.factor, 1), 100))
        source = f"{r.source}, {self.base}/{self.quote} shifted {pct:+.4g}%"
        value = derived(EXACT.multiply(r.value, factor))
        return Rate(r.base, r.quote, value, r.date, source, r.requested)


class PinnedRates:
    """Another source, always asked for the rates of one date (to price a plan at the
    rates of another day)."""

    def __init__(self, inner: RateSource, on: dt.date) -> None:
        self.inner, self.on = inner, on

    @property
    def cache_key(self) -> Hashable | None:
        return _wrapped("PinnedRates", self.inner, self.on)

    def rate(self, base: str, quote: str, on: dt.date | None = None) -> Rate:
        return self.inner.rate(base, quote, self.on)


def convert(
    money: Money,
    to: str,
    *,
    on: dt.date | str | None = None,
    rates: RateSource | None = None,
) -> Money:
    """``money`` in currency ``to``: the exact product with the rate (not rounded).
    ``on`` is a date or an ISO date string; None asks for the latest rate.

    >>> from tripcost.fx import FixedRates
    >>> won = convert(Money("1450000", "KRW"), "USD", rates=FixedRates({"USD/KRW": "1450"}))
    >>> won.rounded()  # for display; ``won`` itself keeps every digit of 1450000 / 1450
    Money('1000.00', 'USD')
    """
    if not isinstance(money, Money):
        raise RangeError(f"convert takes a Money amount, not {brief(money)}")
    to = validate_currency(to)
    day = as_date(on)
    if rates is not None:
        rates = rate_source(rates)
    if money.currency == to:
        return money
    if rates is None:
        from tripcost.fx.ecb import default_rates

        rates = default_rates()
    return money.convert(rates.rate(money.currency, to, day))
