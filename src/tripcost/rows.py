"""How data rows are read: strict CSV parsing into validated, immutable rows.

Where the text comes from (the embedded files, a user's file, a string in a
test) is the caller's business; this module only turns text into rows, and
every error names the file, the line, the column and the value.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, ClassVar, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from tripcost.errors import DataFileError, TripcostError
from tripcost.money import parse_amount, validate_currency
from tripcost.places import check_country as check_country  # catalog imports it from here
from tripcost.places import known_countries as known_countries

__all__ = [
    "MAX_FILE_BYTES",
    "CsvRow",
    "FactRow",
    "LivingRow",
    "NoDataRow",
    "PriceRow",
    "RuleRow",
    "SourceRow",
    "TreatmentRow",
    "parse_bool",
    "read_rows",
]

#: A data file larger than this is refused before it is parsed.
MAX_FILE_BYTES = 10 * 1024 * 1024

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_OR_UNDATED = re.compile(r"^(?:undated|\d{4}(?:-\d{2}(?:-\d{2})?)?)$")
Category = Literal[
    "laser", "injectable", "regenerative", "peel", "surgical", "hanbang", "facial", "general", "fee"
]
PriceUnit = Literal["session", "syringe", "treatment", "visit"]


def parse_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"true", "yes", "1"}:
        return True
    if text in {"false", "no", "0", ""}:
        return False
    raise ValueError(f"{value!r} is not true or false")


class CsvRow(BaseModel):
    """Common behaviour: frozen, strict about unknown columns, text stripped."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)
    line: int = 0
    columns: ClassVar[tuple[str, ...]] = ()
    #: columns a file may leave out (their defaults apply): added after files were written
    optional: ClassVar[tuple[str, ...]] = ()


def _amount(value: object) -> Decimal:
    text = str(value).strip()
    if text == "":
        raise ValueError("is empty")
    try:
        amount = parse_amount(text, what="")
    except TripcostError as exc:
        hint = ""
        if "~" in text:
            hint = "; write the number and set approximate=true"
        elif "+" in text:
            hint = "; write the number and set open_ended=true"
        elif "," in text:
            hint = "; write it without thousands separators"
        raise ValueError(f"{text!r} is not a plain decimal number{hint}") from exc
    if amount < 0:
        raise ValueError(f"{text!r} is negative; prices and costs cannot be")
    return amount


class _Ranged(CsvRow):
    low: Decimal
    high: Decimal
    open_ended: bool = False
    approximate: bool = False

    @field_validator("low", "high", mode="before")
    @classmethod
    def _num(cls, v: object) -> Decimal:
        return _amount(v)

    @field_validator("open_ended", "approximate", mode="before")
    @classmethod
    def _flag(cls, v: object) -> bool:
        return parse_bool(v)

    @model_validator(mode="after")
    def _order(self) -> _Ranged:
        if self.low > self.high:
            raise ValueError(f"low {self.low} > high {self.high}")
        return self


class _Sourced(CsvRow):
    source: str
    source_date: str
    quote: str

    @field_validator("source", "quote")
    @classmethod
    def _nonempty(cls, v: str) -> str:
        if not v:
            raise ValueError("is empty")
        return v

    @field_validator("source_date")
    @classmethod
    def _date(cls, v: str) -> str:
        if not DATE_OR_UNDATED.match(v):
            raise ValueError(f"{v!r} is not a date (YYYY, YYYY-MM, YYYY-MM-DD) or 'undated'")
        return v


class _Money(_Ranged):
    currency: str

    @field_validator("currency")
    @classmethod
    def _cur(cls, v: str) -> str:
        validate_currency(v)
        return v


def _slug(v: str) -> str:
    if not SLUG.match(v):
        raise ValueError(f"{v!r} is not a lowercase-hyphenated slug")
    return v


class PriceRow(_Money, _Sourced):
    """One price statement of one source: a treatment in a country."""

    columns: ClassVar[tuple[str, ...]] = (
        "country", "treatment", "wording", "unit", "currency", "low", "high", "open_ended",
        "approximate", "statistic", "note", "source", "source_date", "quote", "authority",
        "currency_stated",
    )  # fmt: skip
    optional: ClassVar[tuple[str, ...]] = ("authority", "currency_stated")
    country: str
    treatment: str
    wording: str
    unit: PriceUnit
    statistic: Literal["range", "average"] = "range"
    note: str = ""
    authority: Literal["society-or-survey", "clinic-or-guide", "aggregator"] = "clinic-or-guide"
    currency_stated: bool = True

    @field_validator("currency_stated", mode="before")
    @classmethod
    def _stated(cls, v: object) -> bool:
        return parse_bool(v)

    @field_validator("country")
    @classmethod
    def _country(cls, v: str) -> str:
        return check_country(v)

    @field_validator("treatment")
    @classmethod
    def _treat(cls, v: str) -> str:
        return _slug(v)


class LivingRow(_Money, _Sourced):
    """One living cost: accommodation per night, food per meal, transport per ride."""

    columns: ClassVar[tuple[str, ...]] = (
        "country", "city", "category", "tier", "unit", "currency", "low", "high", "open_ended",
        "approximate", "source", "source_date", "quote",
    )  # fmt: skip
    country: str
    city: str
    category: Literal["accommodation", "food", "transport"]
    tier: Literal["hostel", "hotel", "luxury", "street", "casual", "fine", "public", "taxi"]
    unit: Literal["night", "meal", "ride"]

    @field_validator("country")
    @classmethod
    def _country(cls, v: str) -> str:
        return check_country(v)

    @model_validator(mode="after")
    def _consistent(self) -> LivingRow:
        allowed = {
            "accommodation": ({"hostel", "hotel", "luxury"}, "night"),
            "food": ({"street", "casual", "fine"}, "meal"),
            "transport": ({"public", "taxi"}, "ride"),
        }[self.category]
        if self.tier not in allowed[0] or self.unit != allowed[1]:
            msg = f"{self.category} takes tiers {sorted(allowed[0])} per {allowed[1]}"
            raise ValueError(f"{msg}, not {self.tier!r} per {self.unit!r}")
        return self


class FactRow(_Ranged, _Sourced):
    """What a source says of a treatment's sessions, spacing, downtime or stay."""

    columns: ClassVar[tuple[str, ...]] = (
        "treatment", "fact", "low", "high", "unit", "open_ended", "approximate", "source",
        "source_date", "quote",
    )  # fmt: skip
    treatment: str
    fact: Literal["sessions", "spacing", "downtime", "stay"]
    unit: Literal["session", "day", "week", "month"]

    @field_validator("treatment")
    @classmethod
    def _treat(cls, v: str) -> str:
        return _slug(v)

    @model_validator(mode="after")
    def _unit_fits(self) -> FactRow:
        if (self.fact == "sessions") != (self.unit == "session"):
            raise ValueError(f"fact {self.fact!r} cannot be counted in {self.unit!r}")
        return self


class TreatmentRow(CsvRow):
    columns: ClassVar[tuple[str, ...]] = ("slug", "name", "category", "aliases", "parents", "note")
    optional: ClassVar[tuple[str, ...]] = ("note",)
    slug: str
    name: str
    category: Category
    aliases: tuple[str, ...] = ()
    parents: tuple[str, ...] = ()
    note: str = ""

    @field_validator("slug")
    @classmethod
    def _s(cls, v: str) -> str:
        return _slug(v)

    @field_validator("aliases", "parents", mode="before")
    @classmethod
    def _split(cls, v: object) -> tuple[str, ...]:
        if isinstance(v, tuple | list):
            return tuple(str(x) for x in v)
        return tuple(part.strip() for part in str(v).split("|") if part.strip())


class RuleRow(_Sourced):
    columns: ClassVar[tuple[str, ...]] = (
        "rule", "country", "low", "high", "unit", "valid_from", "valid_to", "approximate",
        "source", "source_date", "quote",
    )  # fmt: skip
    rule: str
    country: str
    low: Decimal | None = None
    high: Decimal | None = None
    unit: str
    valid_from: str = ""
    valid_to: str = ""
    approximate: bool = False

    @field_validator("country")
    @classmethod
    def _country(cls, v: str) -> str:
        return check_country(v)

    @field_validator("low", "high", mode="before")
    @classmethod
    def _num(cls, v: object) -> Decimal | None:
        return None if str(v).strip() == "" else _amount(v)

    @field_validator("approximate", mode="before")
    @classmethod
    def _flag(cls, v: object) -> bool:
        return parse_bool(v)

    @field_validator("valid_from", "valid_to")
    @classmethod
    def _iso(cls, v: str) -> str:
        if v and not re.match(r"^\d{4}-\d{2}-\d{2}$", v):
            raise ValueError(f"{v!r} is not a YYYY-MM-DD date")
        return v


class NoDataRow(CsvRow):
    """A cell a source marks '-': that source has no figure there."""

    columns: ClassVar[tuple[str, ...]] = (
        "country", "treatment", "wording", "source", "source_date", "column", "quote",
    )  # fmt: skip
    country: str
    treatment: str
    wording: str
    source: str
    source_date: str
    column: str
    quote: str


class SourceRow(CsvRow):
    columns: ClassVar[tuple[str, ...]] = ("source", "kind", "date", "title")
    source: str
    kind: Literal["seed", "address"]
    date: str
    title: str


R = TypeVar("R", bound=CsvRow)


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        msg = (
            f"{name} line {line}: byte {data[exc.start]:#04x} is not UTF-8; save the file as UTF-8"
        )
        raise DataFileError(msg) from None


def read_rows(
    data: bytes | str,
    model: type[R],
    name: str,
    *,
    check: Callable[[R], None] | None = None,
) -> list[R]:
    """Parse CSV text into validated rows of ``model``; errors name ``name`` and the line."""
    if isinstance(data, bytes):
        if len(data) > MAX_FILE_BYTES:
            size = len(data) / 1024 / 1024
            msg = (
                f"{name} is {size:.1f} MiB; data files are limited to {MAX_FILE_BYTES // 2**20} MiB"
            )
            raise DataFileError(msg)
        text = _decode(data, name)
    else:
        text = data
    if "\x00" in text:
        raise DataFileError(f"{name} contains NUL bytes; it is not a text CSV file")
    if not text.strip():
        raise DataFileError(f"{name} is empty: expected a header line ({', '.join(model.columns)})")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip() for h in next(reader)]
    except csv.Error as exc:
        raise DataFileError(f"{name} line 1: {exc}") from None
    missing = [c for c in model.columns if c not in header and c not in model.optional]
    extra = [c for c in header if c not in model.columns]
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"missing column(s) {', '.join(missing)}")
        if extra:
            parts.append(f"unknown column(s) {', '.join(repr(e) for e in extra)}")
        raise DataFileError(
            f"{name} line 1: {'; '.join(parts)}; expected {', '.join(model.columns)}"
        )
    if len(set(header)) != len(header):
        raise DataFileError(f"{name} line 1: a column is named twice")
    rows: list[R] = []
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            hint = " (a quoted cell is never closed)" if "unexpected end" in str(exc) else ""
            raise DataFileError(f"{name} line {reader.line_num}: {exc}{hint}") from None
        line = reader.line_num
        if not cells or all(not c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            msg = f"{name} line {line}: {len(cells)} cells, the header has {len(header)}"
            raise DataFileError(msg)
        record: dict[str, Any] = dict(zip(header, cells, strict=True))
        try:
            row = model.model_validate({**record, "line": line})
        except ValidationError as exc:
            raise DataFileError(_explain(exc, record, name, line)) from None
        except TripcostError as exc:
            raise DataFileError(f"{name} line {line}: {exc}") from None
        if check is not None:
            try:
                check(row)
            except (TripcostError, ValueError) as exc:
                raise DataFileError(f"{name} line {line}: {exc}") from None
        rows.append(row)
    if not rows:
        raise DataFileError(f"{name} has a header but no rows")
    return rows


def _explain(exc: ValidationError, record: dict[str, Any], name: str, line: int) -> str:
    err = exc.errors(include_url=False)[0]
    loc: Sequence[int | str] = err.get("loc", ())
    column = str(loc[0]) if loc else ""
    text = str(err.get("msg", "invalid"))
    text = text.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if column and column in record:
        if err.get("type") == "literal_error":
            text = f"{record[column]!r} is not one of {text.removeprefix('Input should be ')}"
        elif repr(record[column]) not in text:
            text = f"{record[column]!r}: {text}"
        return f"{name} line {line}, column {column!r}: {text}"
    return f"{name} line {line}: {text}"
