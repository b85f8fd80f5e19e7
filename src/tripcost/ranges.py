"""Honest ranges of money, and where their figures came from.

`Range` is a low and a high `Money` in one currency, with the flags that keep it
honest: ``open_ended`` ("this or more": the high is the highest figure stated,
the truth may be above it), ``approximate`` ("~", "about") and the ``sources``
behind it. Its arithmetic is `Money`'s: exact, in tripcost's own decimal context.

>>> per_session = Range.of("300", "700", "USD")
>>> per_session.scale((3, 6))
Range(Money('900', 'USD'), Money('4200', 'USD'))
>>> print(Range.of("1234.5", "2000", "KRW", approximate=True))
~1235–2000 KRW
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from tripcost.amounts import _STRICT, as_count
from tripcost.amounts import exact as in_exact_context
from tripcost.errors import CurrencyError, RangeError
from tripcost.money import Money, SupportsRate, _money

__all__ = ["YOUR_QUOTE", "CountLike", "Range", "Source"]

#: The ``ref`` of a price the traveller was quoted by a clinic (no source file backs it).
YOUR_QUOTE = "your quote"


@dataclass(frozen=True, slots=True)
class Source:
    """Where a figure came from: a seed file or an address, its date, its words."""

    ref: str
    date: str = "undated"
    quote: str = ""

    def __str__(self) -> str:
        return self.ref if self.is_own_quote else f"{self.ref} ({self.date})"

    @classmethod
    def own_quote(cls, words: str) -> Source:
        """A clinic's quote the traveller holds: no file, no date, the words as given.

        >>> Source.own_quote("450000 KRW per session").is_own_quote
        True
        """
        return cls(YOUR_QUOTE, "", words)

    @property
    def is_own_quote(self) -> bool:
        """Is this the traveller's own quote (no data file: nothing to date or verify)?
        A catalog row always has a date or 'undated', never an empty one."""
        return self.ref == YOUR_QUOTE and self.date == ""


CountLike = int | Decimal | str | tuple[int | Decimal | str, int | Decimal | str]


@dataclass(frozen=True, slots=True)
class Range:
    """A low and a high price in one currency, never low above high, never negative.

    ``open_ended`` means "this or more": ``high`` is the highest figure stated.
    ``str()`` rounds both bounds half up to the currency's digits, as `rounded`
    does; ``repr`` and the bounds keep every digit.
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
            msg = (
                f"range bounds in two currencies: {self.low.exact_str()} "
                f"and {self.high.exact_str()}"
            )
            raise CurrencyError(msg)
        if self.low.amount < 0:
            msg = f"negative price {self.low.exact_str()} in a range"
            raise RangeError(msg)
        if self.low.amount > self.high.amount:
            msg = f"impossible range: low {self.low.exact_str()} > high {self.high.exact_str()}"
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
            sources=_sources(sources),
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

    @in_exact_context()
    def __str__(self) -> str:
        plus = "+" if self.open_ended else ""
        tilde = "~" if self.approximate else ""
        low, high = self.low.rounded().amount, self.high.rounded().amount
        if low == high:  # one figure, not a range of one
            return f"{tilde}{low:f}{plus} {self.currency}"
        return f"{tilde}{low:f}–{high:f}{plus} {self.currency}"

    def rounded(self, rounding: str = ROUND_HALF_UP) -> Range:
        """Both bounds quantized to the currency's minor unit (for display only);
        flags and sources kept.

        >>> Range.of("0.125", "10.005", "USD").rounded()
        Range(Money('0.13', 'USD'), Money('10.01', 'USD'))
        """
        return Range(
            self.low.rounded(rounding),
            self.high.rounded(rounding),
            open_ended=self.open_ended,
            approximate=self.approximate,
            sources=self.sources,
        )

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
            lo, hi = count
            if not (type(lo) is int and type(hi) is int and lo >= 0):  # counts as given
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
        """Half way between low and high (only where a single figure is asked for).

        Exact: the sum of two amounts has at most 116 digits, and halving adds one.
        """
        total = _STRICT.add(self.low.amount, self.high.amount)
        return _money(_STRICT.divide(total, 2), self.currency)

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
        for r in items:
            r.low._same(items[0].low, "combine")
        low = min((r.low for r in items), key=lambda m: m.amount)
        high = max((r.high for r in items), key=lambda m: m.amount)
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


def _sources(sources: object) -> tuple[Source, ...]:
    if isinstance(sources, Iterable):
        found = tuple(sources)
        if all(isinstance(s, Source) for s in found):
            return found
    raise RangeError(f"a range's sources are Source values, not {sources!r}"[:120])


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
