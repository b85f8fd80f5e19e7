"""What the traveller intends: trips, nights, tiers, party, treatments, extras.

A plan holds no prices. It is read from Python objects (``Plan.model_validate``,
which raises pydantic's ``ValidationError`` as usual) or from a TOML or JSON file
(`load_plan`, whose errors are `PlanError` naming the file, the line where the
format gives one, and the field).

>>> plan = Plan.model_validate(
...     {"trips": [{"country": "KR", "treatments": [{"treatment": "co2", "sessions": "3-6"}]}]}
... )
>>> plan.trips[0].treatments[0].sessions
Count(low=3, high=6)
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationError,
    WithJsonSchema,
    field_validator,
)

from tripcost.errors import PlanError, TripcostError
from tripcost.money import parse_amount, validate_currency

__all__ = [
    "MAX_SESSIONS",
    "Count",
    "Extra",
    "Plan",
    "TreatmentLine",
    "Trip",
    "load_plan",
    "parse_count",
    "parse_plan",
    "plan_schema",
]

#: More sessions than this in one plan line is a typo, not a plan.
MAX_SESSIONS = 100
#: More nights than this in one trip is a move, not a trip.
MAX_NIGHTS = 3650
MAX_PARTY = 100


class Count(BaseModel):
    """A whole number or a range of them: sessions "3-6" is Count(low=3, high=6)."""

    model_config = ConfigDict(frozen=True, defer_build=True)
    low: int
    high: int

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
            raise PlanError(f"{what} {value!r} is not a whole number or a range like '3-6'")
        lo = int(m.group(1))
        hi = int(m.group(2)) if m.group(2) is not None else lo
    else:
        raise PlanError(f"{what} {value!r} is not a whole number or a range like '3-6'")
    if lo < 1:
        raise PlanError(f"{what} {value!r} must be at least 1")
    if lo > hi:
        raise PlanError(f"{what} {value!r} is an impossible range: {lo} > {hi}")
    if hi > maximum:
        raise PlanError(f"{what} {value!r} is more than {maximum}")
    return Count(low=lo, high=hi)


def _count(value: object) -> Count:
    return parse_count(value)


SessionCount = Annotated[
    Count,
    BeforeValidator(_count),
    PlainSerializer(lambda c: str(c), return_type=str),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 1, "maximum": MAX_SESSIONS},
                {"type": "string", "pattern": r"^\s*\d+\s*(?:(?:-|–|—|to)\s*\d+\s*)?$"},
            ],
            "description": "a number of sessions or a range like '3-6'",
        }
    ),
]


def _money_amount(value: object) -> Decimal:
    amount = parse_amount(value if not isinstance(value, float) else str(value), what="amount")
    if amount < 0:
        raise ValueError(f"amount {value!r} is negative")
    return amount


Amount = Annotated[
    Decimal,
    BeforeValidator(_money_amount),
    PlainSerializer(lambda d: str(d), return_type=str),
    WithJsonSchema({"type": ["string", "integer"], "description": "an exact amount, like '900'"}),
]


def _currency(value: object) -> str:
    try:
        return validate_currency(value)
    except TripcostError as exc:
        raise ValueError(str(exc)) from None


def _country(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError(f"country {value!r} is not an ISO 3166 code like KR")
    code = value.strip().upper()
    code = "GB" if code == "UK" else code
    from tripcost.resolve.rows import check_country

    return check_country(code)


Currency = Annotated[str, BeforeValidator(_currency), WithJsonSchema({"type": "string"})]
Country = Annotated[str, BeforeValidator(_country), WithJsonSchema({"type": "string"})]


class _Strict(BaseModel):
    # defer_build: the schema is built on first use, not at import (a quick CLI table
    # that needs no plan does not pay for it)
    model_config = ConfigDict(
        frozen=True, extra="forbid", str_strip_whitespace=True, defer_build=True
    )


class TreatmentLine(_Strict):
    """A treatment for the patient: sessions (default: what the sources say), units."""

    treatment: str = Field(min_length=1, description="slug or alias, like 'fractional-co2'")
    sessions: SessionCount | None = Field(
        default=None, description="a number or a range; default: what the sources say"
    )
    units: Amount = Field(
        default=Decimal(1), description="units per session where the price is per syringe"
    )

    @field_validator("units")
    @classmethod
    def _positive(cls, v: Decimal) -> Decimal:
        if v <= 0:
            raise ValueError(f"units {v} must be more than 0")
        return v


class Extra(_Strict):
    """A cost the catalog does not know: a flight, insurance, a visa fee."""

    name: str = Field(min_length=1)
    amount: Amount
    currency: Currency = "USD"
    per_person: bool = False


class Trip(_Strict):
    """One stay in one country."""

    country: Country
    start: dt.date | None = Field(default=None, description="default: today")
    nights: int | None = Field(default=None, ge=0, le=MAX_NIGHTS)
    consultation: bool = True
    split: bool = False
    recover_in_country: bool = False
    vat_refund: bool = False
    accommodation: Literal["hostel", "hotel", "luxury"] = "hotel"
    food: Literal["street", "casual", "fine"] = "casual"
    meals_per_day: int = Field(default=3, ge=0, le=10)
    transport: Literal["public", "taxi"] = "public"
    rides_per_day: int = Field(default=2, ge=0, le=50)
    treatments: list[TreatmentLine] = Field(default_factory=list)
    extras: list[Extra] = Field(default_factory=list)


class Plan(_Strict):
    """The whole intention: one or more trips, a party, a display currency."""

    currency: Currency = "USD"
    party: int = Field(default=1, ge=1, le=MAX_PARTY, description="travellers, patient included")
    contingency: Annotated[Decimal, Field(ge=0, le=1)] | None = Field(
        default=None, description="a share of the high added as its own line, like 0.15"
    )
    trips: list[Trip] = Field(min_length=1)

    @field_validator("contingency", mode="before")
    @classmethod
    def _share(cls, v: object) -> object:
        if v is None:
            return v
        return parse_amount(str(v) if isinstance(v, float) else v, what="contingency")


def plan_schema() -> dict[str, Any]:
    """The JSON Schema of a plan file."""
    schema = Plan.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "tripcost plan"
    return schema


def _field_path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif not str(part).startswith(("function-", "constrained-")):
            out += ("." if out else "") + str(part)
    return out or "(top level)"


def explain(exc: ValidationError, where: str) -> str:
    """One line per problem: 'plan.toml: trips[0].nights: …'."""
    lines = []
    for err in exc.errors(include_url=False):
        path = _field_path(tuple(err.get("loc", ())))
        msg = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        if err.get("type") == "extra_forbidden":
            msg = "unknown key"
        elif err.get("type") == "missing":
            msg = "required key is missing"
        given = err.get("input")
        shown = repr(given) in msg or str(given) in msg
        quiet = err.get("type") in ("missing", "extra_forbidden") or isinstance(given, dict | list)
        if not quiet and not shown:
            msg = f"{msg} (got {given!r})"
        lines.append(f"{where}: {path}: {msg}")
    return "\n".join(lines)


def _line_of(text: str, key: str) -> int | None:
    """The line that sets ``key``, when exactly one line does (else the path must do)."""
    found = [
        i
        for i, line in enumerate(text.splitlines(), start=1)
        if re.match(rf'^\s*"?{re.escape(key)}"?\s*[=:]', line)
    ]
    return found[0] if len(found) == 1 else None


def load_plan(path: str | Path) -> Plan:
    """A plan from a TOML (``.toml``) or JSON (``.json``) file."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in (".toml", ".json"):
        raise PlanError(f"{p}: a plan file ends in .toml or .json, not {suffix or 'nothing'!r}")
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise PlanError(f"{p}: no such file") from None
    except OSError as exc:
        raise PlanError(f"{p}: cannot read it ({exc.strerror or exc})") from None
    return parse_plan(raw, suffix.lstrip("."), str(p))


def parse_plan(data: str | bytes, fmt: str, name: str = "plan") -> Plan:
    """A plan from the text of a TOML (``fmt="toml"``) or JSON (``fmt="json"``) file;
    errors are `PlanError`s naming ``name``, the line where the format gives one, and
    the field."""
    p = name
    if fmt not in ("toml", "json"):
        raise PlanError(f"{p}: unknown plan format {fmt!r}; use toml or json")
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if len(raw) > 1024 * 1024:
        raise PlanError(f"{p}: {len(raw)} bytes is too large for a plan file (limit 1 MiB)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PlanError(f"{p} line {line}: not UTF-8 text") from None
    data_: Any
    if fmt == "toml":
        try:
            data_ = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise PlanError(f"{p}: invalid TOML: {exc}") from None
        except RecursionError:
            raise PlanError(f"{p}: invalid TOML: nested too deeply") from None
    else:
        try:
            data_ = json.loads(text)
        except json.JSONDecodeError as exc:
            msg = f"{p} line {exc.lineno}, column {exc.colno}: invalid JSON: {exc.msg}"
            raise PlanError(msg) from None
        except RecursionError:
            raise PlanError(f"{p}: invalid JSON: nested too deeply") from None
    if not isinstance(data_, dict):
        raise PlanError(f"{p}: a plan is a table of keys (currency, party, trips), not a list")
    try:
        return Plan.model_validate(data_)
    except ValidationError as exc:
        lines = []
        for one in explain(exc, p).splitlines():
            field = one.split(": ", 2)[1] if one.count(": ") >= 2 else ""
            leaf = re.sub(r"\[\d+\]", "", field.rsplit(".", 1)[-1])
            at = _line_of(text, leaf) if leaf else None
            lines.append(one.replace(f"{p}: ", f"{p} line {at}: ", 1) if at else one)
        raise PlanError("\n".join(lines)) from None
