"""The numbers a plan holds: counts of sessions, amounts, shares, whole numbers.

Each is read with JSON's meaning of a number, as JSON Schema reads it: a boolean is
not a number, a number with no fractional part (``14.0``) is an integer, and numbers
in strings are taken only where the schema says so (amounts, shares, session ranges),
spelled as its patterns say. Patterns use only what Python's ``re`` and ECMA 262 read
alike (``[0-9]``, not ``\\d``; ``$(?!\\n)`` for the end). `Schema` puts a JSON Schema
beside a validator; `tripcost.planfields` makes the plan's field types from these.

>>> parse_count("3-6")
Count(low=3, high=6)
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Context, Decimal

from tripcost.counts import MAX_SESSIONS, Count, brief, parse_count
from tripcost.jsonvalue import JSON
from tripcost.money import parse_amount

__all__ = [
    "AMOUNT_DIGITS",
    "AMOUNT_TEXT",
    "SESSIONS",
    "SHARE",
    "UNIT_DIGITS",
    "Schema",
    "amount",
    "amount_schema",
    "anchored",
    "kind",
    "number",
    "sessions",
    "share",
    "whole",
]

#: Bounds of amounts: digits before and after the point; shares are rounded to 6 places.
AMOUNT_DIGITS, UNIT_DIGITS, PLACES, SHARE_PLACES = 12, 3, 4, 6


@dataclass(frozen=True, slots=True)
class Schema:
    """A field's JSON Schema, made when the schema is (so it reads `vocab.LIVING` then)."""

    make: Callable[[], dict[str, JSON]]

    def __get_pydantic_json_schema__(self, core: object, handler: object) -> dict[str, JSON]:
        return self.make()


def anchored(body: str) -> str:
    # Python's $ also matches before a final newline, ECMA 262's does not: (?!\n) agrees
    return f"^(?:{body})$(?!\\n)"


def number(v: object) -> Decimal | None:
    """The value of a JSON-like number (int, float, Decimal), None for anything else."""
    if isinstance(v, bool):
        return None
    if isinstance(v, Decimal):
        return v
    if isinstance(v, numbers.Integral):
        return Decimal(int(v))
    if isinstance(v, float):
        return Decimal(repr(v))
    return None


def kind(v: object) -> str:
    return {bool: ", not a boolean", str: ", not a string"}.get(type(v), "")


def whole(low: int, high: Callable[[], int]) -> Callable[[object], int]:
    def check(v: object) -> int:
        d = number(v)
        if d is None:
            raise ValueError(f"Input should be a valid integer{kind(v)}")
        if not d.is_finite():
            raise ValueError("Input should be a finite number")
        if d != d.to_integral_value():
            raise ValueError("Input should be a valid integer, got a number with a fraction")
        if d < low:
            raise ValueError(f"Input should be greater than or equal to {low}")
        if d > high():
            raise ValueError(f"Input should be less than or equal to {high()}")
        return int(d)

    return check


_N = r"100|[1-9][0-9]?"  # 1 to MAX_SESSIONS
SESSIONS = anchored(rf"({_N})(?: *(?:-|–|—|to) *({_N}))?")
_SESSIONS_RE = re.compile(SESSIONS)


def sessions(v: object) -> Count:
    if isinstance(v, Count):
        return parse_count(v.as_tuple())
    if isinstance(v, str):
        m = _SESSIONS_RE.search(v)
        if m:
            low, high = int(m.group(1)), int(m.group(2) or m.group(1))
            if low > high:  # the one rule the schema cannot say
                raise ValueError(f"sessions {v!r} is an impossible range: {low} > {high}")
            return Count(low=low, high=high)
        parse_count(v)  # a precise reason, when it has one
        raise ValueError(f"sessions {brief(v)} is not written like 3 or '3-6'")
    d = number(v)
    if isinstance(v, bool):
        return parse_count(v)  # raises: a boolean is not a count
    if d is None or not d.is_finite() or d != d.to_integral_value():
        raise ValueError(f"sessions {brief(v)} is not a whole number or a range like '3-6'")
    if d < 1:
        raise ValueError(f"sessions {brief(v)} must be at least 1")
    if d > MAX_SESSIONS:
        raise ValueError(f"sessions {brief(v)} is more than {MAX_SESSIONS}")
    return parse_count(int(d))


def _amount_body(digits: int) -> str:
    return rf"(?:0|[1-9][0-9]{{0,{digits - 1}}})(?:\.[0-9]{{1,{PLACES}}})?"


#: An amount as a plan writes it in a string (no sign, separators or exponent),
#: unanchored: a part of a longer pattern (a clinic's quote).
AMOUNT_TEXT = _amount_body(AMOUNT_DIGITS)


def _amount_pattern(digits: int, positive: bool) -> str:
    nonzero = r"(?=[0-9.]*[1-9])" if positive else ""
    return anchored(rf"{nonzero}{_amount_body(digits)}")


def amount(what: str, digits: int, positive: bool = False) -> Callable[[object], Decimal]:
    """Integers, JSON numbers without a fraction, decimal strings, Python Decimals."""
    pattern = re.compile(_amount_pattern(digits, positive))

    def check(v: object) -> Decimal:
        if isinstance(v, str) or type(v) is Decimal:
            return _amount_text(what, v, pattern, digits, positive)
        d = number(v)
        if d is None:
            return parse_amount(v, what=what)  # raises: a boolean, a list …
        if not d.is_finite():
            raise ValueError(f"{what} {brief(v)} is not a finite number")
        if d != d.to_integral_value():
            msg = f"{what} {brief(v)} has a fraction: write it as a string, like '12.50'"
            raise ValueError(msg)
        if (positive and d < 1) or d < 0 or d >= 10**digits:
            return _amount_refused(what, v, d, digits, positive)
        return Decimal(int(d))

    return check


def _amount_text(
    what: str, v: object, pattern: re.Pattern[str], digits: int, positive: bool
) -> Decimal:
    """A decimal string, or a Python Decimal read as the string it would print."""
    if isinstance(v, str) and pattern.search(v):
        return Decimal(v)
    if isinstance(v, str) and len(v) > 40:
        raise ValueError(f"{what} {brief(v)} is too long for an amount")
    d = parse_amount(v, what=what)  # a precise reason for what is not a decimal at all
    if isinstance(v, str):
        text = v
    elif d.adjusted() >= digits or d.as_tuple().exponent < -PLACES:  # type: ignore[operator]
        return _amount_refused(what, v, d, digits, positive)  # too long to print
    else:
        text = format(abs(d) if d.is_zero() else d, "f")
    if pattern.search(text):
        return Decimal(text)
    return _amount_refused(what, v, d, digits, positive)


def _amount_refused(what: str, v: object, d: Decimal, digits: int, positive: bool) -> Decimal:
    shown = brief(v)
    if d < 0:
        raise ValueError(f"{what} {shown} is negative")
    if positive and d == 0:
        raise ValueError(f"{what} {shown} must be more than 0")
    if d >= 10**digits:
        raise ValueError(f"{what} {shown} is too large (at most {digits} digits before the point)")
    if d.as_tuple().exponent < -PLACES:  # type: ignore[operator]
        raise ValueError(f"{what} {shown} has more than {PLACES} decimal places")
    raise ValueError(f"{what} {shown} is not written like 900 or 12.50")


def amount_schema(digits: int, positive: bool, description: str) -> Schema:
    return Schema(lambda: {
        "anyOf": [
            {"type": "integer", "minimum": 1 if positive else 0, "maximum": 10**digits - 1},
            {"type": "string", "pattern": _amount_pattern(digits, positive)},
        ],
        "description": description,
    })  # fmt: skip


SHARE = anchored(rf"0(?:\.[0-9]{{1,{SHARE_PLACES}}})?|1(?:\.0{{1,{SHARE_PLACES}}})?")
_SHARE_RE = re.compile(SHARE)
_CONTEXT = Context(prec=40, rounding=ROUND_HALF_EVEN)


def share(v: object) -> Decimal:
    if isinstance(v, str):
        if _SHARE_RE.search(v):
            return Decimal(v)
        if len(v) > 40:
            raise ValueError(f"contingency {brief(v)} is too long for a share")
        if 0 <= parse_amount(v, what="contingency") <= 1:
            raise ValueError(f"contingency {v!r} is not written like 0.15 (at most 6 places)")
        raise ValueError(f"contingency {v!r} is not a share from 0 to 1, like 0.15")
    d = number(v)
    if d is None:
        raise ValueError(f"Input should be a number from 0 to 1, like 0.15{kind(v)}")
    if not d.is_finite():
        raise ValueError("Input should be a finite number")
    if d < 0:
        raise ValueError("Input should be greater than or equal to 0")
    if d > 1:
        raise ValueError("Input should be less than or equal to 1")
    step = Decimal(1).scaleb(-SHARE_PLACES)
    return d.quantize(step, context=_CONTEXT).normalize(_CONTEXT) if d else Decimal(0)
