"""Hypothesis strategies shared by the property tests."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

from tripcost.money import Money, Range

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
