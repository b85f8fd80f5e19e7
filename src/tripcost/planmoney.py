"""A plan's money written as text: currency codes and a clinic's quote ('450000 KRW',
'400000-500000 KRW'). Plain functions (no model framework), so that the command line
reads a ``--quote`` without building the plan model; `tripcost.planfields` uses them.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

from tripcost import vocab
from tripcost.amounts import COMMON_CURRENCIES
from tripcost.counts import brief
from tripcost.errors import TripcostError
from tripcost.money import validate_currency
from tripcost.plannumbers import AMOUNT_DIGITS, AMOUNT_TEXT, amount, anchored
from tripcost.ranges import Range, Source

__all__ = [
    "QUOTE_UNITS",
    "check_currency",
    "currencies",
    "quote_pattern",
    "quote_price",
    "quote_text",
]


@cache
def currencies() -> tuple[str, ...]:
    from babel.numbers import list_currencies

    def valid(code: str) -> bool:
        try:
            return validate_currency(code) == code
        except TripcostError:
            return False

    return tuple(sorted(c for c in list_currencies() if valid(c)))


@cache
def _known() -> frozenset[str]:
    return frozenset(currencies())


def check_currency(v: object) -> str:
    """``v`` if it is a currency code babel lists (the common ones without asking it)."""
    if isinstance(v, str) and (v in COMMON_CURRENCIES or v in _known()):
        return v
    if not isinstance(v, str):
        raise ValueError("Input should be an ISO 4217 currency code, like USD or KRW")
    try:
        validate_currency(v)
    except TripcostError as exc:
        hint = (
            f"; did you mean {v.upper()}?" if isinstance(v, str) and v.upper() in _known() else ""
        )
        raise ValueError(f"{exc}{hint}") from None
    raise ValueError(f"currency {v!r} is not an ISO 4217 currency code tripcost knows")


#: What a clinic's quote may be for (the catalog's units of a treatment): a session, a
#: syringe (× the line's units), or the whole treatment (the course, not × the sessions).
QUOTE_UNITS = tuple(u.value for u in vocab.PriceUnit if u is not vocab.PriceUnit.VISIT)
_SEP = " *(?:-|–|—|to) *"


@cache
def quote_pattern() -> str:
    """An amount or a range of two, then a currency code (made on first use)."""
    return anchored(f"({AMOUNT_TEXT})(?:{_SEP}({AMOUNT_TEXT}))? *({'|'.join(currencies())})")


@cache
def _quote_re() -> re.Pattern[str]:
    return re.compile(quote_pattern())


def quote_text(r: Range) -> str:
    """A quote as a plan writes it: '450000 KRW', '400000-500000 KRW' (exact)."""
    low, high = r.low.amount, r.high.amount
    return f"{low:f} {r.currency}" if low == high else f"{low:f}-{high:f} {r.currency}"


def quote_price(v: object) -> Range:
    """A clinic's quote as a `Range` whose source is "your quote": checked like any
    amount (no sign or separators, at most 12 digits and 4 places), an ISO 4217
    currency, low ≤ high. A Python `Range` is read as its text would be.

    >>> quote_price("400000-500000 KRW")
    Range(Money('400000', 'KRW'), Money('500000', 'KRW'))
    """
    if isinstance(v, Range):
        if v.open_ended or v.approximate:
            raise ValueError(f"quote {v} is 'or more' or approximate; a quote is a price")
        v = quote_text(v)
    if not isinstance(v, str):
        raise ValueError("quote should be a string like '450000 KRW' or '400000-500000 KRW'")
    m = _quote_re().search(v)
    if m is None:
        raise ValueError(_quote_problem(v))
    low, high, cur = Decimal(m.group(1)), Decimal(m.group(2) or m.group(1)), m.group(3)
    if low > high:  # the one rule the schema cannot say
        raise ValueError(f"quote {v!r} is an impossible range: {low} > {high}")
    r = Range.of(low, high, cur)
    return Range(r.low, r.high, sources=(Source.own_quote(quote_text(r)),))


_QUOTE_PARTS = re.compile(r"\s*(.*?)\s*([A-Za-z]*)\s*")
_QUOTE_AMOUNT = amount("quote amount", AMOUNT_DIGITS)


def _quote_problem(v: str) -> str:
    """Why ``v`` is not a quote: the currency, then each amount, else its form."""
    parts = _QUOTE_PARTS.fullmatch(v)
    figures, cur = parts.groups() if parts else (v, "")
    if not cur:
        return f"quote {brief(v)} names no currency: write it like '450000 KRW'"
    check_currency(cur)  # raises, naming the code
    if figures.startswith("-"):
        return f"quote {brief(v)} is negative"
    for figure in re.split(_SEP, figures, maxsplit=1) if figures else [figures]:
        _QUOTE_AMOUNT(figure)  # raises, saying what is wrong with it
    return f"quote {brief(v)} is not written like '450000 KRW' or '400000-500000 KRW'"
