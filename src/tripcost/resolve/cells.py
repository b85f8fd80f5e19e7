"""The checks of single CSV cells: each takes the stripped text of one cell and returns
its value or raises ``ValueError`` (`tripcost.resolve.rows` adds the file, line and column).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from decimal import Decimal

from tripcost.errors import TripcostError
from tripcost.money import parse_amount, validate_currency
from tripcost.places import check_country

__all__ = [
    "CATEGORIES",
    "PARTIAL_DATE",
    "SLUG",
    "amount",
    "country",
    "currency",
    "iso_date",
    "maybe_amount",
    "nonempty",
    "one_of",
    "parse_bool",
    "real_date",
    "slug",
    "source_date",
    "split",
    "text",
]

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
CATEGORIES = (
    "laser", "injectable", "regenerative", "peel", "surgical", "hanbang", "facial", "general",
    "fee",
)  # fmt: skip


def parse_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"true", "yes", "1"}:
        return True
    if text in {"false", "no", "0", ""}:
        return False
    raise ValueError(f"{value!r} is not true or false")


def text(v: str) -> str:
    return v


def nonempty(v: str) -> str:
    if not v:
        raise ValueError("is empty")
    return v


def slug(v: str) -> str:
    if not SLUG.match(v):
        raise ValueError(f"{v!r} is not a lowercase-hyphenated slug")
    return v


def currency(v: str) -> str:
    try:
        return validate_currency(v)
    except TripcostError as exc:
        raise ValueError(str(exc)) from None


def amount(v: str) -> Decimal:
    if v == "":
        raise ValueError("is empty")
    try:
        amount = parse_amount(v, what="")
    except TripcostError as exc:
        hint = ""
        if "~" in v:
            hint = "; write the number and set approximate=true"
        elif "+" in v:
            hint = "; write the number and set open_ended=true"
        elif "," in v:
            hint = "; write it without thousands separators"
        raise ValueError(f"{v!r} is not a plain decimal number{hint}") from exc
    if amount < 0:
        raise ValueError(f"{v!r} is negative; prices and costs cannot be")
    return amount


def maybe_amount(v: str) -> Decimal | None:
    return None if v == "" else amount(v)


def real_date(v: str, *, partial: bool, past: bool = False) -> str:
    m = PARTIAL_DATE.match(v)
    if not m or (not partial and m.group(3) is None):
        form = "YYYY, YYYY-MM, YYYY-MM-DD" if partial else "YYYY-MM-DD"
        raise ValueError(f"{v!r} is not a date ({form})" + (" or 'undated'" if partial else ""))
    year, month, day = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
    try:
        when = dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"{v!r} is not a real date") from None
    if past and when > dt.date.today():
        raise ValueError(f"{v!r} is in the future")
    return v


def source_date(v: str) -> str:
    return v if v == "undated" else real_date(v, partial=True, past=True)


def iso_date(v: str) -> str:
    return "" if v == "" else real_date(v, partial=False)


def one_of(values: Callable[[], Sequence[str]]) -> Callable[[str], str]:
    def check(v: str) -> str:
        allowed = tuple(values())
        if v not in allowed:
            shown = [repr(a) for a in allowed]
            listed = ", ".join(shown[:-1]) + f" or {shown[-1]}" if len(shown) > 1 else shown[0]
            raise ValueError(f"{v!r} is not one of {listed}")
        return v

    return check


def split(v: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in v.split("|") if part.strip())


def country(v: str) -> str:
    return check_country(v)
