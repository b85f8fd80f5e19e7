"""Hypothesis strategies shared by the property tests, and the fixed rates the example
tests price with (one table: as a rate source and as --rate options)."""

from __future__ import annotations

import decimal
from decimal import Decimal

from hypothesis import strategies as st

from tripcost.fx import FixedRates
from tripcost.money import Money
from tripcost.ranges import Range

#: USD against every currency the catalog prices in, and EUR/USD
FIXED_PAIRS = {"USD/KRW": "1450", "USD/GBP": "0.75", "USD/CAD": "1.4", "USD/AUD": "1.5",
               "USD/SGD": "1.3", "USD/INR": "85", "USD/THB": "35", "USD/TRY": "40",
               "USD/MXN": "18", "EUR/USD": "1.1"}  # fmt: skip
FIXED = FixedRates(FIXED_PAIRS)
#: the same rates as command-line options
RATES = [x for pair, value in FIXED_PAIRS.items() for x in ("--rate", f"{pair}={value}")]

CURRENCIES = ["USD", "KRW", "EUR", "GBP", "THB", "JPY"]


def amounts(max_value: int = 10**9, places: int = 2) -> st.SearchStrategy[Decimal]:
    return st.decimals(
        min_value=0, max_value=max_value, places=places, allow_nan=False, allow_infinity=False
    )


def money(currency: str = "USD") -> st.SearchStrategy[Money]:
    return amounts().map(lambda a: Money(a, currency))


@st.composite
def ranges(draw: st.DrawFn, currency: str = "USD") -> Range:
    a, b = draw(amounts()), draw(amounts())
    lo, hi = min(a, b), max(a, b)
    return Range.of(
        lo, hi, currency, open_ended=draw(st.booleans()), approximate=draw(st.booleans())
    )


counts = st.integers(min_value=0, max_value=50)


@st.composite
def count_ranges(draw: st.DrawFn) -> tuple[int, int]:
    a, b = draw(counts), draw(counts)
    return (min(a, b), max(a, b))


ROUNDINGS = [
    decimal.ROUND_05UP,
    decimal.ROUND_CEILING,
    decimal.ROUND_DOWN,
    decimal.ROUND_FLOOR,
    decimal.ROUND_HALF_DOWN,
    decimal.ROUND_HALF_EVEN,
    decimal.ROUND_HALF_UP,
    decimal.ROUND_UP,
]
SIGNALS = [
    decimal.Clamped,
    decimal.DivisionByZero,
    decimal.FloatOperation,
    decimal.Inexact,
    decimal.InvalidOperation,
    decimal.Overflow,
    decimal.Rounded,
    decimal.Subnormal,
    decimal.Underflow,
]


@st.composite
def contexts(draw: st.DrawFn) -> decimal.Context:
    """A caller's decimal context: any precision 1-60, any rounding, any traps, narrow or
    wide exponents, clamped or not."""
    emax = draw(st.sampled_from([5, 20, 999, 999_999]))
    return decimal.Context(
        prec=draw(st.integers(min_value=1, max_value=60)),
        rounding=draw(st.sampled_from(ROUNDINGS)),
        traps=draw(st.sets(st.sampled_from(SIGNALS)).map(list)),
        capitals=draw(st.integers(min_value=0, max_value=1)),
        Emax=emax,
        Emin=-emax,
        clamp=draw(st.integers(min_value=0, max_value=1)),
    )


def long_amounts(max_value: int = 10**14) -> st.SearchStrategy[Decimal]:
    """Amounts with 0 to 30 decimal places, as conversions produce."""
    return st.integers(min_value=0, max_value=30).flatmap(lambda p: amounts(max_value, p))
