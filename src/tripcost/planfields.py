"""The plan's field types: each validator beside the JSON Schema it publishes.

Each type is an ``Annotated`` with a `PlainValidator` (what tripcost accepts, from
JSON-like values and their Python forms) and a `_Schema` (what the JSON Schema says),
written side by side so that they say the same thing. Schemas are made when the plan
schema is, so those that follow `tripcost.vocab.LIVING` (tiers, per-day counts) read
the table then, as the validators do when they run. Patterns use only what Python's
``re`` and ECMA 262 read alike (``[0-9]``, not ``\\d``; ``$(?!\\n)`` for the end).

>>> parse_count("3-6")
Count(low=3, high=6)
"""

from __future__ import annotations

import datetime as dt
import numbers
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Context, Decimal
from functools import cache
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, PlainSerializer, PlainValidator

from tripcost import vocab
from tripcost.errors import PlanError, TripcostError, UnknownCountry
from tripcost.money import parse_amount, validate_currency
from tripcost.places import country_code, country_schema
from tripcost.planfile import brief

__all__ = [
    "MAX_NIGHTS",
    "MAX_PARTY",
    "MAX_SESSIONS",
    "Accommodation",
    "Amount",
    "Bool",
    "Count",
    "Country",
    "Currency",
    "Food",
    "MealsPerDay",
    "Nights",
    "Party",
    "RidesPerDay",
    "SchemaRef",
    "Sessions",
    "Share",
    "Start",
    "Text",
    "Transport",
    "Units",
    "parse_count",
    "per_day_default",
    "tier_default",
]

#: More sessions than this in one plan line is a typo, not a plan.
MAX_SESSIONS = 100
#: More nights than this in one trip is a move, not a trip.
MAX_NIGHTS = 3650
MAX_PARTY = 100
#: Bounds of amounts: digits before and after the point; shares are rounded to 6 places.
AMOUNT_DIGITS, UNIT_DIGITS, PLACES, SHARE_PLACES = 12, 3, 4, 6
MAX_TEXT = 200


class Count(BaseModel):
    """A whole number or a range of them: sessions "3-6" is Count(low=3, high=6)."""

    model_config = ConfigDict(frozen=True, defer_build=True)
    low: int
    high: int

    def __init__(self, /, low: int, high: int) -> None:
        for name, v in (("low", low), ("high", high)):
            if isinstance(v, bool) or not isinstance(v, int):
                raise PlanError(f"Count {name} {brief(v)} is not a whole number")
        if low > high:
            raise PlanError(f"Count({low}, {high}) is an impossible range: {low} > {high}")
        super().__init__(low=low, high=high)

    def __repr__(self) -> str:
        return f"Count(low={self.low}, high={self.high})"

    def __str__(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}-{self.high}"

    def as_tuple(self) -> tuple[int, int]:
        return (self.low, self.high)


_COUNT = re.compile(r"^\s*(\d+)\s*(?:(?:-|–|—|to)\s*(\d+)\s*)?$")


def parse_count(value: object, *, what: str = "sessions", maximum: int = MAX_SESSIONS) -> Count:
    """'3', 3, '3-6', '3–6', (3, 6) -> a `Count`; refuses 0, negatives, '6-3', '3-'
    with a `PlanError` (a ValueError too, so pydantic reports it as a field error).

    Lenient about spaces, for the command line; plans take what their schema says.

    >>> parse_count("3-6")
    Count(low=3, high=6)
    """
    if isinstance(value, Count):
        return value
    if isinstance(value, bool):
        raise PlanError(f"{what} {value!r} is not a number or a range like '3-6'")
    if isinstance(value, dict) and set(value) == {"low", "high"}:
        value = (value["low"], value["high"])
    if isinstance(value, tuple | list) and len(value) == 2:
        lo, hi = (parse_count(v, what=what, maximum=maximum).low for v in value)
    elif isinstance(value, int):
        lo = hi = value
    elif isinstance(value, str):
        m = _COUNT.match(value)
        if not m:
            raise PlanError(f"{what} {brief(value)} is not a whole number or a range like '3-6'")
        if max(len(g or "") for g in m.groups()) > 9:
            raise PlanError(f"{what} {brief(value)} is more than {maximum}")
        lo = int(m.group(1))
        hi = int(m.group(2)) if m.group(2) is not None else lo
    else:
        raise PlanError(f"{what} {brief(value)} is not a whole number or a range like '3-6'")
    if lo < 1:
        raise PlanError(f"{what} {brief(value)} must be at least 1")
    if lo > hi:
        raise PlanError(f"{what} {value!r} is an impossible range: {lo} > {hi}")
    if hi > maximum:
        raise PlanError(f"{what} {brief(value)} is more than {maximum}")
    return Count(low=lo, high=hi)


# -- field types: each validator and its JSON Schema side by side ------------------------


@dataclass(frozen=True, slots=True)
class _Schema:
    """A field's JSON Schema, made when the schema is (so it reads `vocab.LIVING` then)."""

    make: Callable[[], dict[str, Any]]

    def __get_pydantic_json_schema__(self, core: Any, handler: Any) -> dict[str, Any]:
        return self.make()


def _anchored(body: str) -> str:
    # Python's $ also matches before a final newline, ECMA 262's does not: (?!\n) agrees
    return f"^(?:{body})$(?!\\n)"


def _number(v: object) -> Decimal | None:
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


def _kind(v: object) -> str:
    return {bool: ", not a boolean", str: ", not a string"}.get(type(v), "")


def _whole(low: int, high: Callable[[], int]) -> Callable[[object], int]:
    def check(v: object) -> int:
        d = _number(v)
        if d is None:
            raise ValueError(f"Input should be a valid integer{_kind(v)}")
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


def _per_day_max(name: str) -> Callable[[], int]:
    return lambda: vocab.category(name).per_day_max


def _per_day_schema(name: str) -> _Schema:
    def make() -> dict[str, Any]:
        c = vocab.category(name)
        return {"type": "integer", "minimum": 0, "maximum": c.per_day_max,
                "default": c.per_day_default,
                "description": f"{c.unit}s a day for each traveller"}  # fmt: skip

    return _Schema(make)


def _tier(name: str) -> Callable[[object], str]:
    def check(v: object) -> str:
        tiers = vocab.category(name).tiers
        if isinstance(v, str) and v in tiers:
            return v
        listed = ", ".join(repr(t) for t in tiers[:-1]) + f" or {tiers[-1]!r}"
        raise ValueError(f"Input should be {listed}")

    return check


def _tier_schema(name: str) -> _Schema:
    def make() -> dict[str, Any]:
        c = vocab.category(name)
        return {
            "enum": list(c.tiers),
            "default": c.default,
            "description": f"price tier of {c.unit}s",
        }

    return _Schema(make)


def tier_default(name: str) -> Callable[[], str]:
    return lambda: vocab.category(name).default


def per_day_default(name: str) -> Callable[[], int]:
    return lambda: vocab.category(name).per_day_default


def _boolean(v: object) -> bool:
    if isinstance(v, bool):
        return v
    raise ValueError(f"Input should be true or false{_kind(v) if isinstance(v, str) else ''}")


_VISIBLE = re.compile(r"\S")


def _text(v: object) -> str:
    if not isinstance(v, str):
        raise ValueError("Input should be a string")
    if not _VISIBLE.search(v):
        raise ValueError("Input should not be blank")
    if len(v) > MAX_TEXT:
        raise ValueError(f"Input should have at most {MAX_TEXT} characters, not {len(v)}")
    return v.strip()


def _ignored_text(v: object) -> None:
    if not isinstance(v, str):
        raise ValueError("Input should be a string")


_N = r"100|[1-9][0-9]?"  # 1 to MAX_SESSIONS
_SESSIONS = _anchored(rf"({_N})(?: *(?:-|–|—|to) *({_N}))?")
_SESSIONS_RE = re.compile(_SESSIONS)


def _sessions(v: object) -> Count:
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
    d = _number(v)
    if isinstance(v, bool):
        return parse_count(v)  # raises: a boolean is not a count
    if d is None or not d.is_finite() or d != d.to_integral_value():
        raise ValueError(f"sessions {brief(v)} is not a whole number or a range like '3-6'")
    if d < 1:
        raise ValueError(f"sessions {brief(v)} must be at least 1")
    if d > MAX_SESSIONS:
        raise ValueError(f"sessions {brief(v)} is more than {MAX_SESSIONS}")
    return parse_count(int(d))


def _amount_pattern(digits: int, positive: bool) -> str:
    nonzero = r"(?=[0-9.]*[1-9])" if positive else ""
    return _anchored(rf"{nonzero}(?:0|[1-9][0-9]{{0,{digits - 1}}})(?:\.[0-9]{{1,{PLACES}}})?")


def _amount(what: str, digits: int, positive: bool = False) -> Callable[[object], Decimal]:
    """Integers, JSON numbers without a fraction, decimal strings, Python Decimals."""
    pattern = re.compile(_amount_pattern(digits, positive))

    def check(v: object) -> Decimal:
        if isinstance(v, str) or type(v) is Decimal:
            return _amount_text(what, v, pattern, digits, positive)
        d = _number(v)
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


def _amount_schema(digits: int, positive: bool, description: str) -> _Schema:
    return _Schema(lambda: {
        "anyOf": [
            {"type": "integer", "minimum": 1 if positive else 0, "maximum": 10**digits - 1},
            {"type": "string", "pattern": _amount_pattern(digits, positive)},
        ],
        "description": description,
    })  # fmt: skip


_SHARE = _anchored(rf"0(?:\.[0-9]{{1,{SHARE_PLACES}}})?|1(?:\.0{{1,{SHARE_PLACES}}})?")
_SHARE_RE = re.compile(_SHARE)
_CONTEXT = Context(prec=40, rounding=ROUND_HALF_EVEN)


def _share(v: object) -> Decimal:
    if isinstance(v, str):
        if _SHARE_RE.search(v):
            return Decimal(v)
        if len(v) > 40:
            raise ValueError(f"contingency {brief(v)} is too long for a share")
        if 0 <= parse_amount(v, what="contingency") <= 1:
            raise ValueError(f"contingency {v!r} is not written like 0.15 (at most 6 places)")
        raise ValueError(f"contingency {v!r} is not a share from 0 to 1, like 0.15")
    d = _number(v)
    if d is None:
        raise ValueError(f"Input should be a number from 0 to 1, like 0.15{_kind(v)}")
    if not d.is_finite():
        raise ValueError("Input should be a finite number")
    if d < 0:
        raise ValueError("Input should be greater than or equal to 0")
    if d > 1:
        raise ValueError("Input should be less than or equal to 1")
    step = Decimal(1).scaleb(-SHARE_PLACES)
    return d.quantize(step, context=_CONTEXT).normalize(_CONTEXT) if d else Decimal(0)


_DATE = _anchored(
    r"(?:19|20|21)[0-9]{2}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    r"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))"
    r"|(?:(?:19|20|21)(?:0[48]|[2468][048]|[13579][26])|2000)-02-29"
)


_DATE_RE = re.compile(_DATE)


def _date(v: object) -> dt.date:
    if isinstance(v, dt.datetime):
        raise ValueError("Input should be a date, not a date and time")
    if isinstance(v, dt.date):
        if 1900 <= v.year <= 2199:
            return v
    elif isinstance(v, str) and _DATE_RE.search(v):
        return dt.date.fromisoformat(v)
    raise ValueError("Input should be a real date from 1900 to 2199, like 2026-03-02")


@cache
def _currencies() -> tuple[str, ...]:
    from babel.numbers import list_currencies

    def valid(code: str) -> bool:
        try:
            return validate_currency(code) == code
        except TripcostError:
            return False

    return tuple(sorted(c for c in list_currencies() if valid(c)))


@cache
def _currency_set() -> frozenset[str]:
    return frozenset(_currencies())


def _currency(v: object) -> str:
    if isinstance(v, str) and v in _currency_set():
        return v
    if not isinstance(v, str):
        raise ValueError("Input should be an ISO 4217 currency code, like USD or KRW")
    try:
        validate_currency(v)
    except TripcostError as exc:
        hint = (
            f"; did you mean {v.upper()}?"
            if isinstance(v, str) and v.upper() in _currency_set()
            else ""
        )
        raise ValueError(f"{exc}{hint}") from None
    raise ValueError(f"currency {v!r} is not an ISO 4217 currency code tripcost knows")


def _country(v: object) -> str:
    try:
        return country_code(v, exact=True)
    except UnknownCountry as exc:
        raise ValueError(str(exc)) from None


Bool = Annotated[bool, PlainValidator(_boolean), _Schema(lambda: {"type": "boolean"})]
Text = Annotated[
    str, PlainValidator(_text),
    _Schema(lambda: {"type": "string", "pattern": r"\S", "maxLength": MAX_TEXT}),
]  # fmt: skip
Sessions = Annotated[
    Count, PlainValidator(_sessions), PlainSerializer(str, return_type=str),
    _Schema(lambda: {"anyOf": [{"type": "integer", "minimum": 1, "maximum": MAX_SESSIONS},
                               {"type": "string", "pattern": _SESSIONS}]}),
]  # fmt: skip
Units = Annotated[
    Decimal, PlainValidator(_amount("units", UNIT_DIGITS, positive=True)),
    PlainSerializer(str, return_type=str),
    _amount_schema(UNIT_DIGITS, True, "units per session where the price is per syringe: "
                   "an integer, or a string like '0.5'; more than 0, less than 1000"),
]  # fmt: skip
Amount = Annotated[
    Decimal, PlainValidator(_amount("amount", AMOUNT_DIGITS)),
    PlainSerializer(str, return_type=str),
    _amount_schema(AMOUNT_DIGITS, False, "an exact amount: an integer, or a string like "
                   "'900' or '12.50' (no sign, separators or exponent; at most 4 places)"),
]  # fmt: skip
Share = Annotated[
    Decimal, PlainValidator(_share),
    _Schema(lambda: {"anyOf": [{"type": "number", "minimum": 0, "maximum": 1},
                               {"type": "string", "pattern": _SHARE}]}),
]  # fmt: skip
Start = Annotated[
    dt.date, PlainValidator(_date), PlainSerializer(dt.date.isoformat, when_used="json"),
    _Schema(lambda: {"type": "string", "format": "date", "pattern": _DATE}),
]  # fmt: skip
Currency = Annotated[str, PlainValidator(_currency), _Schema(lambda: {"enum": list(_currencies())})]
Country = Annotated[str, PlainValidator(_country), _Schema(country_schema)]
#: any string, checked and dropped (two plans differing only in "$schema" are equal)
SchemaRef = Annotated[None, PlainValidator(_ignored_text), _Schema(lambda: {"type": "string"})]
Nights = Annotated[
    int, PlainValidator(_whole(0, lambda: MAX_NIGHTS)),
    _Schema(lambda: {"type": "integer", "minimum": 0, "maximum": MAX_NIGHTS}),
]  # fmt: skip
Party = Annotated[
    int, PlainValidator(_whole(1, lambda: MAX_PARTY)),
    _Schema(lambda: {"type": "integer", "minimum": 1, "maximum": MAX_PARTY}),
]  # fmt: skip
Accommodation = Annotated[
    str, PlainValidator(_tier("accommodation")), _tier_schema("accommodation")
]
Food = Annotated[str, PlainValidator(_tier("food")), _tier_schema("food")]
Transport = Annotated[str, PlainValidator(_tier("transport")), _tier_schema("transport")]
MealsPerDay = Annotated[
    int, PlainValidator(_whole(0, _per_day_max("food"))),
    _per_day_schema("food"),
]  # fmt: skip
RidesPerDay = Annotated[
    int, PlainValidator(_whole(0, _per_day_max("transport"))),
    _per_day_schema("transport"),
]  # fmt: skip
