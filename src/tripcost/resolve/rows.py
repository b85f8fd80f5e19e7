"""How data rows are read: strict CSV parsing into validated, immutable rows.

Where the text comes from (the embedded files, a user's file, a string in a test) is
the caller's business; this module only turns text into rows, and every error names
the file, the line, the column and the value. Each table maps its columns to the
function that checks one cell (`tripcost.resolve.cells`) and adds the checks that span
cells; the living-cost tiers and units are read from `tripcost.vocab` when a row is
checked.

The rows are plain frozen dataclasses: the data is small and read on every start of
the command line, so it is validated by hand rather than through a model framework.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import ClassVar, Protocol, TypeVar

from tripcost import vocab
from tripcost.errors import DataFileError, TripcostError
from tripcost.resolve import cells
from tripcost.resolve.cells import CATEGORIES, parse_bool

__all__ = [
    "MAX_FILE_BYTES",
    "FactRow",
    "LivingRow",
    "NoDataRow",
    "PriceRow",
    "Row",
    "RuleRow",
    "SourceRow",
    "TreatmentRow",
    "parse_bool",
    "read_rows",
]

#: A data file larger than this is refused before it is parsed.
MAX_FILE_BYTES = 10 * 1024 * 1024

# -- the rows ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Row:
    """Common behaviour of every table's rows: a file line and the table's columns.

    ``checks`` maps each column to the function that checks its cell; ``optional``
    columns may be left out of a file (their ``defaults`` apply).
    """

    line: int
    checks: ClassVar[dict[str, Callable[[str], object]]] = {}
    optional: ClassVar[dict[str, str]] = {}

    def validate(self) -> None:
        """Checks that span several cells (low <= high, a tier that fits its category)."""

    @classmethod
    def column_names(cls) -> tuple[str, ...]:
        return tuple(cls.checks)

    def as_dict(self) -> dict[str, object]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


class _Ranged(Protocol):
    @property
    def low(self) -> Decimal: ...
    @property
    def high(self) -> Decimal: ...


def _ranged(row: _Ranged) -> None:
    if row.low > row.high:
        raise ValueError(f"low {row.low} > high {row.high}")


_SOURCED = {"source": cells.nonempty, "source_date": cells.source_date, "quote": cells.nonempty}


@dataclass(frozen=True, slots=True)
class PriceRow(Row):
    """One price statement of one source: a treatment in a country."""

    country: str
    treatment: str
    wording: str
    unit: str
    currency: str
    low: Decimal
    high: Decimal
    open_ended: bool
    approximate: bool
    statistic: str
    note: str
    source: str
    source_date: str
    quote: str
    authority: str
    currency_stated: bool
    checks: ClassVar[dict[str, Callable[[str], object]]] = {
        "country": cells.country, "treatment": cells.slug, "wording": cells.text,
        "unit": cells.one_of(lambda: [u.value for u in vocab.PriceUnit]),
        "currency": cells.currency, "low": cells.amount, "high": cells.amount,
        "open_ended": parse_bool, "approximate": parse_bool,
        "statistic": cells.one_of(lambda: [s.value for s in vocab.Statistic]), "note": cells.text,
        **_SOURCED,
        "authority": cells.one_of(lambda: [a.value for a in vocab.Authority]),
        "currency_stated": parse_bool,
    }  # fmt: skip
    optional: ClassVar[dict[str, str]] = {
        "authority": "clinic-or-guide", "currency_stated": "true", "statistic": "range",
        "note": "",
    }  # fmt: skip

    def validate(self) -> None:
        _ranged(self)


@dataclass(frozen=True, slots=True)
class LivingRow(Row):
    """One living cost: a night, a meal or a ride in one tier (see `tripcost.vocab`)."""

    country: str
    city: str
    category: str
    tier: str
    unit: str
    currency: str
    low: Decimal
    high: Decimal
    open_ended: bool
    approximate: bool
    source: str
    source_date: str
    quote: str
    checks: ClassVar[dict[str, Callable[[str], object]]] = {
        "country": cells.country, "city": cells.text,
        "category": cells.one_of(lambda: [c.name for c in vocab.LIVING]),
        "tier": cells.one_of(vocab.tier_names),
        "unit": cells.one_of(lambda: [c.unit for c in vocab.LIVING]),
        "currency": cells.currency, "low": cells.amount, "high": cells.amount,
        "open_ended": parse_bool, "approximate": parse_bool, **_SOURCED,
    }  # fmt: skip

    def validate(self) -> None:
        _ranged(self)
        c = vocab.category(self.category)
        if self.tier not in c.tiers or self.unit != c.unit:
            msg = f"{c.name} takes tiers {sorted(c.tiers)} per {c.unit}"
            raise ValueError(f"{msg}, not {self.tier!r} per {self.unit!r}")


@dataclass(frozen=True, slots=True)
class FactRow(Row):
    """What a source says of a treatment's sessions, spacing, downtime or stay."""

    treatment: str
    fact: str
    low: Decimal
    high: Decimal
    unit: str
    open_ended: bool
    approximate: bool
    source: str
    source_date: str
    quote: str
    checks: ClassVar[dict[str, Callable[[str], object]]] = {
        "treatment": cells.slug,
        "fact": cells.one_of(lambda: ("sessions", "spacing", "downtime", "stay")),
        "low": cells.amount, "high": cells.amount,
        "unit": cells.one_of(lambda: ("session", "day", "week", "month")),
        "open_ended": parse_bool, "approximate": parse_bool, **_SOURCED,
    }  # fmt: skip

    def validate(self) -> None:
        _ranged(self)
        if (self.fact == "sessions") != (self.unit == "session"):
            raise ValueError(f"fact {self.fact!r} cannot be counted in {self.unit!r}")
        if self.low != int(self.low) or self.high != int(self.high):
            raise ValueError(f"a {self.fact} of {self.low}-{self.high} is not in whole units")


@dataclass(frozen=True, slots=True)
class TreatmentRow(Row):
    slug: str
    name: str
    category: str
    aliases: tuple[str, ...]
    parents: tuple[str, ...]
    note: str
    checks: ClassVar[dict[str, Callable[[str], object]]] = {
        "slug": cells.slug, "name": cells.nonempty, "category": cells.one_of(lambda: CATEGORIES),
        "aliases": cells.split, "parents": cells.split, "note": cells.text,
    }  # fmt: skip
    optional: ClassVar[dict[str, str]] = {"note": ""}


@dataclass(frozen=True, slots=True)
class RuleRow(Row):
    rule: str
    country: str
    low: Decimal | None
    high: Decimal | None
    unit: str
    valid_from: str
    valid_to: str
    approximate: bool
    source: str
    source_date: str
    quote: str
    checks: ClassVar[dict[str, Callable[[str], object]]] = {
        "rule": cells.nonempty, "country": cells.country,
        "low": cells.maybe_amount, "high": cells.maybe_amount,
        "unit": cells.nonempty, "valid_from": cells.iso_date, "valid_to": cells.iso_date,
        "approximate": parse_bool, **_SOURCED,
    }  # fmt: skip

    def validate(self) -> None:
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"low {self.low} > high {self.high}")


@dataclass(frozen=True, slots=True)
class NoDataRow(Row):
    """A cell a source marks '-': that source has no figure there."""

    country: str
    treatment: str
    wording: str
    source: str
    source_date: str
    column: str
    quote: str
    checks: ClassVar[dict[str, Callable[[str], object]]] = {
        "country": cells.country, "treatment": cells.slug, "wording": cells.text,
        "source": cells.nonempty,
        "source_date": cells.source_date, "column": cells.text, "quote": cells.nonempty,
    }  # fmt: skip


@dataclass(frozen=True, slots=True)
class SourceRow(Row):
    source: str
    kind: str
    date: str
    title: str
    checks: ClassVar[dict[str, Callable[[str], object]]] = {
        "source": cells.nonempty, "kind": cells.one_of(lambda: ("seed", "address")),
        "date": cells.source_date, "title": cells.text,
    }  # fmt: skip


R = TypeVar("R", bound=Row)


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        msg = (
            f"{name} line {line}: byte {data[exc.start]:#04x} is not UTF-8; save the file as UTF-8"
        )
        raise DataFileError(msg) from None


def _header(reader: Iterator[list[str]], model: type[Row], name: str) -> list[str]:
    try:
        header = [h.strip() for h in next(reader)]
    except csv.Error as exc:
        raise DataFileError(f"{name} line 1: {exc}") from None
    columns = model.column_names()
    missing = [c for c in columns if c not in header and c not in model.optional]
    extra = [c for c in header if c not in columns]
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"missing column(s) {', '.join(missing)}")
        if extra:
            parts.append(f"unknown column(s) {', '.join(repr(e) for e in extra)}")
        raise DataFileError(f"{name} line 1: {'; '.join(parts)}; expected {', '.join(columns)}")
    if len(set(header)) != len(header):
        raise DataFileError(f"{name} line 1: a column is named twice")
    return header


def _row(model: type[R], record: dict[str, str], name: str, line: int) -> R:
    values: dict[str, object] = {}
    for column, check in model.checks.items():
        raw = record.get(column)
        text = (model.optional[column] if raw is None else raw).strip()
        try:
            values[column] = check(text)
        except (ValueError, TripcostError) as exc:
            reason = str(exc)
            if repr(text) not in reason:
                reason = f"{text!r}: {reason}"
            raise DataFileError(f"{name} line {line}, column {column!r}: {reason}") from None
    row = model(line=line, **values)
    try:
        row.validate()
    except (ValueError, TripcostError, KeyError) as exc:
        why = str(exc.args[0]) if isinstance(exc, KeyError) else str(exc)
        raise DataFileError(f"{name} line {line}: {why}") from None
    return row


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
            limit = MAX_FILE_BYTES // 2**20
            raise DataFileError(f"{name} is {size:.1f} MiB; data files are limited to {limit} MiB")
        text = _decode(data, name)
    else:
        text = data
    if "\x00" in text:
        raise DataFileError(f"{name} contains NUL bytes; it is not a text CSV file")
    if not text.strip():
        columns = ", ".join(model.column_names())
        raise DataFileError(f"{name} is empty: expected a header line ({columns})")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header = _header(reader, model, name)
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
        row = _row(model, dict(zip(header, cells, strict=True)), name, line)
        if check is not None:
            try:
                check(row)
            except (TripcostError, ValueError) as exc:
                raise DataFileError(f"{name} line {line}: {exc}") from None
        rows.append(row)
    if not rows:
        raise DataFileError(f"{name} has a header but no rows")
    return rows
