"""The plan's field types: each validator beside the JSON Schema it publishes.

Each type is an ``Annotated`` with a `PlainValidator` (what tripcost accepts, from
JSON-like values and their Python forms) and a `Schema` (what the JSON Schema says),
written side by side so that they say the same thing. Schemas are made when the plan
schema is, so those that follow `tripcost.vocab.LIVING` (tiers, per-day counts) read
the table then, as the validators do when they run. The numbers (counts, amounts,
shares) are read in `tripcost.plannumbers`. A clinic's quote (``"400000-500000 KRW"``)
is read here as a `Range` whose source is "your quote".

>>> sorted(vocab.LIVING[0].tiers) == sorted(Accommodation.__metadata__[1].make()["enum"])
True
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated

from pydantic import PlainSerializer, PlainValidator

from tripcost import vocab
from tripcost.counts import MAX_NIGHTS, MAX_PARTY, MAX_SESSIONS, Count
from tripcost.errors import UnknownCountry
from tripcost.jsonvalue import JSON
from tripcost.places import country_code, country_schema
from tripcost.planmoney import (
    QUOTE_UNITS,
    check_currency,
    currencies,
    quote_pattern,
    quote_price,
    quote_text,
)
from tripcost.plannumbers import (
    AMOUNT_DIGITS,
    SESSIONS,
    SHARE,
    UNIT_DIGITS,
    Schema,
    amount,
    amount_schema,
    anchored,
    kind,
    sessions,
    share,
    whole,
)
from tripcost.ranges import Range

__all__ = [
    "QUOTE_UNITS",
    "Accommodation",
    "Amount",
    "Bool",
    "ClinicKind",
    "Country",
    "Currency",
    "Food",
    "MealsPerDay",
    "Nights",
    "Party",
    "QuotePrice",
    "QuoteUnit",
    "RidesPerDay",
    "SchemaRef",
    "Sessions",
    "Share",
    "Start",
    "Text",
    "Transport",
    "Units",
    "per_day_default",
    "quote_price",
    "quote_text",
    "tier_default",
    "unicode_text",
]

#: Longer names and treatments than this are not names.
MAX_TEXT = 200


def unicode_text(v: str) -> str:
    """``v`` if it is valid Unicode text; a lone surrogate (``"\\ud800"``, from a JSON
    escape or an undecodable byte of a command line) is refused: no file, terminal or
    JSON output could hold it."""
    try:
        v.encode("utf-8")
    except UnicodeEncodeError as exc:
        at = f"{v[exc.start]!r} at character {exc.start + 1}"
        raise ValueError(f"Input should be valid Unicode text: {at} is a lone surrogate") from None
    return v


def _valid(check: Callable[[object], object]) -> PlainValidator:
    """A field's validator, refusing text that is not valid Unicode before ``check``."""

    def run(v: object) -> object:
        if isinstance(v, str):
            unicode_text(v)
        return check(v)

    return PlainValidator(run)


def _per_day_max(name: str) -> Callable[[], int]:
    return lambda: vocab.category(name).per_day_max


def _per_day_schema(name: str) -> Schema:
    def make() -> dict[str, JSON]:
        c = vocab.category(name)
        return {"type": "integer", "minimum": 0, "maximum": c.per_day_max,
                "default": c.per_day_default,
                "description": f"{c.unit}s a day for each traveller"}  # fmt: skip

    return Schema(make)


def _tier(name: str) -> Callable[[object], str]:
    def check(v: object) -> str:
        tiers = vocab.category(name).tiers
        if isinstance(v, str) and v in tiers:
            return v
        listed = ", ".join(repr(t) for t in tiers[:-1]) + f" or {tiers[-1]!r}"
        raise ValueError(f"Input should be {listed}")

    return check


def _tier_schema(name: str) -> Schema:
    def make() -> dict[str, JSON]:
        c = vocab.category(name)
        return {
            "enum": list(c.tiers),
            "default": c.default,
            "description": f"price tier of {c.unit}s",
        }

    return Schema(make)


def tier_default(name: str) -> Callable[[], str]:
    return lambda: vocab.category(name).default


def per_day_default(name: str) -> Callable[[], int]:
    return lambda: vocab.category(name).per_day_default


def _boolean(v: object) -> bool:
    if isinstance(v, bool):
        return v
    raise ValueError(f"Input should be true or false{kind(v) if isinstance(v, str) else ''}")


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


_DATE = anchored(
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


def _choice(values: Callable[[], tuple[str, ...]]) -> Callable[[object], str]:
    def check(v: object) -> str:
        allowed = values()
        if isinstance(v, str) and v in allowed:
            return v
        listed = ", ".join(repr(t) for t in allowed[:-1]) + f" or {allowed[-1]!r}"
        raise ValueError(f"Input should be {listed}")

    return check


def _country(v: object) -> str:
    try:
        return country_code(v, exact=True)
    except UnknownCountry as exc:
        raise ValueError(str(exc)) from None


Bool = Annotated[bool, _valid(_boolean), Schema(lambda: {"type": "boolean"})]
Text = Annotated[
    str, _valid(_text),
    Schema(lambda: {"type": "string", "pattern": r"\S", "maxLength": MAX_TEXT}),
]  # fmt: skip
Sessions = Annotated[
    Count, _valid(sessions), PlainSerializer(str, return_type=str),
    Schema(lambda: {"anyOf": [{"type": "integer", "minimum": 1, "maximum": MAX_SESSIONS},
                               {"type": "string", "pattern": SESSIONS}]}),
]  # fmt: skip
Units = Annotated[
    Decimal, _valid(amount("units", UNIT_DIGITS, positive=True)),
    PlainSerializer(str, return_type=str),
    amount_schema(UNIT_DIGITS, True, "units per session where the price is per syringe: "
                   "an integer, or a string like '0.5'; more than 0, less than 1000"),
]  # fmt: skip
Amount = Annotated[
    Decimal, _valid(amount("amount", AMOUNT_DIGITS)),
    PlainSerializer(str, return_type=str),
    amount_schema(AMOUNT_DIGITS, False, "an exact amount: an integer, or a string like "
                   "'900' or '12.50' (no sign, separators or exponent; at most 4 places)"),
]  # fmt: skip
Share = Annotated[
    Decimal, _valid(share), PlainSerializer(str, return_type=str),
    Schema(lambda: {"anyOf": [{"type": "number", "minimum": 0, "maximum": 1},
                               {"type": "string", "pattern": SHARE}]}),
]  # fmt: skip
Start = Annotated[
    dt.date, _valid(_date), PlainSerializer(dt.date.isoformat, when_used="json"),
    Schema(lambda: {"type": "string", "format": "date", "pattern": _DATE}),
]  # fmt: skip
Currency = Annotated[str, _valid(check_currency), Schema(lambda: {"enum": list(currencies())})]
QuotePrice = Annotated[
    Range, _valid(quote_price), PlainSerializer(quote_text, return_type=str),
    Schema(lambda: {"type": "string", "pattern": quote_pattern()}),
]  # fmt: skip
QuoteUnit = Annotated[
    str, _valid(_choice(lambda: QUOTE_UNITS)),
    Schema(lambda: {"enum": list(QUOTE_UNITS),
                    "description": "what the quote is for: a session (default), a syringe "
                    "(× the line's units a session), or the whole treatment (the course: "
                    "not × the sessions); only with a quote"}),
]  # fmt: skip
ClinicKind = Annotated[
    str, _valid(_choice(lambda: tuple(c.value for c in vocab.Clinic))),
    Schema(lambda: {"enum": [c.value for c in vocab.Clinic],
                    "description": "the kind of clinic (004's clinic comparison): chain → "
                    "the lower half of the price range ('Mid-low'), boutique or "
                    "international → the upper half ('Mid-high'); default: the whole range"}),
]  # fmt: skip
Country = Annotated[str, _valid(_country), Schema(country_schema)]
#: any string, checked and dropped (two plans differing only in "$schema" are equal)
SchemaRef = Annotated[None, _valid(_ignored_text), Schema(lambda: {"type": "string"})]
Nights = Annotated[
    int, _valid(whole(0, lambda: MAX_NIGHTS)),
    Schema(lambda: {"type": "integer", "minimum": 0, "maximum": MAX_NIGHTS}),
]  # fmt: skip
Party = Annotated[
    int, _valid(whole(1, lambda: MAX_PARTY)),
    Schema(lambda: {"type": "integer", "minimum": 1, "maximum": MAX_PARTY}),
]  # fmt: skip
Accommodation = Annotated[str, _valid(_tier("accommodation")), _tier_schema("accommodation")]
Food = Annotated[str, _valid(_tier("food")), _tier_schema("food")]
Transport = Annotated[str, _valid(_tier("transport")), _tier_schema("transport")]
MealsPerDay = Annotated[
    int, _valid(whole(0, _per_day_max("food"))),
    _per_day_schema("food"),
]  # fmt: skip
RidesPerDay = Annotated[
    int, _valid(whole(0, _per_day_max("transport"))),
    _per_day_schema("transport"),
]  # fmt: skip
