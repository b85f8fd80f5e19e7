"""What the traveller intends: trips, nights, tiers, party, treatments, extras.

A plan holds no prices. The model is strict and its JSON Schema (`plan_schema`) is
generated from it, so a Draft 2020-12 validator and tripcost accept and refuse the
same JSON plans: no booleans as numbers; numbers in strings only where the schema says
so (amounts, shares, session ranges); amounts as integers or strings like ``"12.50"``,
never fractional JSON numbers; currencies as ISO 4217 codes; countries as upper-case
ISO 3166 codes or English names exactly as the schema lists them ("KR", "South Korea",
"Korea"), stored as the code. A JSON number with no fractional part (``14.0``) is an
integer, as JSON Schema says. The one rule the schema cannot state, low ≤ high in a
range like ``"6-3"``, is in that field's description and refused by tripcost.

From Python a plan may also hold the Python forms of the same values (`Count`,
`Decimal`, `datetime.date`, model instances). Every bad plan is a `PlanError` naming
the field ("trips[0].nights: …"), from a mapping (`as_plan`, `Plan.model_validate`,
``Plan(...)``) or a file (`load_plan`, `parse_plan`: then with the file and line).
The field types are in `tripcost.planfields` (numbers in `tripcost.plannumbers`),
reading files in `tripcost.planfile`.

>>> plan = as_plan({"trips": [{"country": "Korea", "treatments": [
...     {"treatment": "co2", "sessions": "3-6"}]}]})
>>> plan.trips[0].country, plan.trips[0].treatments[0].sessions
('KR', Count(low=3, high=6))
>>> as_plan({"party": 0, "trips": [{"country": "KR", "nights": True}]})
Traceback (most recent call last):
...
tripcost.errors.PlanError: party: Input should be greater than or equal to 1 (got 0)
trips[0].nights: Input should be a valid integer, not a boolean (got True)
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Self, TypedDict, TypeVar, Union, Unpack, cast

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic._internal._model_construction import ModelMetaclass
from pydantic.config import ExtraValues, JsonDict

from tripcost.counts import MAX_NIGHTS, MAX_PARTY, MAX_SESSIONS, Count, brief, parse_count
from tripcost.errors import PlanError
from tripcost.jsonvalue import JSON
from tripcost.planfields import (
    Accommodation,
    Amount,
    Bool,
    ClinicKind,
    Country,
    Currency,
    Food,
    MealsPerDay,
    Nights,
    Party,
    QuotePrice,
    QuoteUnit,
    RidesPerDay,
    SchemaRef,
    Sessions,
    Share,
    Start,
    Text,
    Transport,
    Units,
    per_day_default,
    tier_default,
)
from tripcost.planfile import decode_plan, line_of, read_plan_file

__all__ = [
    "MAX_NIGHTS",
    "MAX_PARTY",
    "MAX_SESSIONS",
    "Count",
    "Extra",
    "Plan",
    "PlanLike",
    "TreatmentLine",
    "Trip",
    "as_plan",
    "load_plan",
    "parse_count",
    "parse_plan",
    "plan_schema",
]

#: More trips, treatment lines or extras than these in one plan is not a plan.
MAX_TRIPS, MAX_LINES = 50, 100


# -- the models ------------------------------------------------------------------------


_M = TypeVar("_M")


class _JsonOptions(TypedDict, total=False):
    """The options of pydantic's ``model_validate_json`` (the models fix strictness and
    extra keys in their config; these are passed on as given)."""

    strict: bool | None
    extra: ExtraValues | None
    context: object
    by_alias: bool | None
    by_name: bool | None


class _Options(_JsonOptions, total=False):
    """The options of pydantic's ``model_validate``."""

    from_attributes: bool | None


class _PlanErrors(ModelMetaclass):
    """``Trip(...)`` raises a `PlanError` naming the field, as ``model_validate`` does.

    (Not an ``__init__`` override: pydantic would call that for every nested model.)
    """

    def __call__(cls: type[_M], *args: object, **kwargs: object) -> _M:
        try:
            return cast(_M, type.__call__(cls, *args, **kwargs))
        except ValidationError as exc:
            raise PlanError(explain(exc)) from None


class _Strict(BaseModel, metaclass=_PlanErrors):
    """Frozen, no unknown keys, and a bad value is a `PlanError` naming its field."""

    # defer_build: the schema is built on first use, not at import (a quick CLI table
    # that needs no plan does not pay for it)
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    @classmethod
    def model_validate(cls, obj: object, **options: Unpack[_Options]) -> Self:
        """Like pydantic's, but a bad value is a `PlanError` naming the field."""
        try:
            return cls._validate(obj, **options)
        except ValidationError as exc:
            raise PlanError(explain(exc)) from None

    @classmethod
    def _validate(cls, obj: object, **options: Unpack[_Options]) -> Self:
        return super().model_validate(obj, **options)


#: a quote_unit (not null) needs a quote (not null)
_QUOTE_NEEDED: JsonDict = {
    "if": {"required": ["quote_unit"], "properties": {"quote_unit": {"type": "string"}}},
    "then": {"required": ["quote"], "properties": {"quote": {"type": "string"}}},
}


class TreatmentLine(_Strict):
    """A treatment for the patient: sessions (default: what the sources say), units, and
    the price a clinic quoted (``quote``, per ``quote_unit``), or the kind of clinic."""

    model_config = ConfigDict(json_schema_extra=_QUOTE_NEEDED)

    treatment: Text = Field(description="slug or alias, like 'fractional-co2'")
    sessions: Sessions | None = Field(
        default=None,
        description=f"a whole number of sessions, 1 to {MAX_SESSIONS}, or a range like "
        "'3-6' (also '3–6', '3 to 6'); in a range the low must not be above the high "
        "(JSON Schema cannot say so; tripcost refuses '6-3'); default: what the sources say",
    )
    units: Units = Decimal(1)
    quote: QuotePrice | None = Field(
        default=None,
        description="the price a clinic quoted you, replacing the catalog's range in the "
        "trip's country: an amount or a range and an ISO 4217 code, like '450000 KRW' or "
        "'400000-500000 KRW' (no sign or separators); in a range the low must not be above "
        "the high (JSON Schema cannot say so; tripcost refuses '500-400 KRW')",
    )
    quote_unit: QuoteUnit | None = Field(default=None, description="default: per session")
    clinic: ClinicKind | None = Field(default=None, description="default: the trip's clinic")

    @property
    def quote_basis(self) -> str:
        """What the quote is for: "session" unless ``quote_unit`` says otherwise."""
        return self.quote_unit or "session"

    @model_validator(mode="after")
    def _quote_unit_needs_a_quote(self) -> Self:
        if self.quote_unit is not None and self.quote is None:
            raise ValueError(f"quote_unit {self.quote_unit!r} is given without a quote")
        return self


class Extra(_Strict):
    """A cost the catalog does not know: a flight, insurance, a visa fee."""

    name: Text
    amount: Amount
    currency: Currency = "USD"
    per_person: Bool = False

    @classmethod
    def parse(cls, text: str, currency: str, option: str, per_person: bool = False) -> Extra:
        """``flight=900`` or ``flight=900:USD``, as ``option`` gives it on the command line
        (in ``currency`` when none is given)."""
        from tripcost.money import parse_amount, validate_currency

        name, sep, rest = text.partition("=")
        amount, _, cur = rest.partition(":")
        if not sep or not name.strip() or not amount.strip():
            msg = f"{option} {text!r} is not of the form NAME=AMOUNT[:CUR], like flight=900"
            raise PlanError(msg)
        value = parse_amount(amount.strip(), what=f"{option} {name.strip()}")
        if value < 0:
            raise PlanError(f"{option} {text!r}: the amount is negative")
        code = validate_currency(cur.strip().upper() or currency)
        try:
            # written out in full (1e+3 as 1000): a plan's amounts have no exponent
            full = format(value, "f")
            return cls(name=name.strip(), amount=full, currency=code, per_person=per_person)
        except PlanError as exc:
            raise PlanError(f"{option} {text!r}: {exc}") from None


class Trip(_Strict):
    """One stay in one country; its living fields follow `tripcost.vocab.LIVING`."""

    country: Country
    start: Start | None = Field(default=None, description="default: today")
    nights: Nights | None = Field(
        default=None, description="default: from the sources' spacing and stays"
    )
    consultation: Bool = True
    split: Bool | None = Field(
        default=None,
        description="may the sessions be spread over several trips? Default: tripcost "
        "decides (with nights given, no splitting; without, stays chosen to fit the "
        "visa rule)",
    )
    recover_in_country: Bool = False
    vat_refund: Bool = False
    clinic: ClinicKind | None = Field(
        default=None,
        description="the kind of clinic (004's clinic comparison): chain → the lower half "
        "of each price range ('Mid-low'), boutique or international → the upper half "
        "('Mid-high'); a treatment line may say otherwise; default: the whole range",
    )
    accommodation: Accommodation = Field(default_factory=tier_default("accommodation"))
    food: Food = Field(default_factory=tier_default("food"))
    meals_per_day: MealsPerDay = Field(default_factory=per_day_default("food"))
    transport: Transport = Field(default_factory=tier_default("transport"))
    rides_per_day: RidesPerDay = Field(default_factory=per_day_default("transport"))
    treatments: list[TreatmentLine] = Field(default_factory=list, max_length=MAX_LINES)
    extras: list[Extra] = Field(default_factory=list, max_length=MAX_LINES)


class Plan(_Strict):
    """The whole intention: one or more trips, a party, a display currency."""

    schema_: SchemaRef | None = Field(
        default=None, alias="$schema", exclude=True, repr=False,
        description="the address of this schema, for editors; ignored",
    )  # fmt: skip
    currency: Currency = Field(default="USD", description="display currency")
    party: Party = Field(default=1, description="travellers, patient included")
    contingency: Share | None = Field(
        default=None,
        description="a share of the high added as its own line, from 0 to 1: a number "
        "(rounded to 6 places) or a string like '0.15' (exact, at most 6 places)",
    )
    trips: list[Trip] = Field(min_length=1, max_length=MAX_TRIPS)

    @classmethod
    def model_validate_json(
        cls, json_data: str | bytes | bytearray, **options: Unpack[_JsonOptions]
    ) -> Self:
        """The plan in a JSON text, read as `parse_plan` reads it (``options`` as pydantic's)."""
        if not isinstance(json_data, str | bytes | bytearray):
            kind = type(json_data).__name__
            raise PlanError(f"model_validate_json reads the text of a JSON plan, not a {kind}")
        data = bytes(json_data) if isinstance(json_data, bytearray) else json_data
        return _parse(cls, data, "json", "plan", **options)


def plan_schema() -> dict[str, JSON]:
    """The JSON Schema (Draft 2020-12) of a plan, made from the model as it stands now."""
    schema: dict[str, JSON] = Plan.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "tripcost plan"
    return schema


# -- errors ----------------------------------------------------------------------------


def _path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif not str(part).startswith(("function-", "constrained-")):  # a key may be any text
            out += ("." if out else "") + str(part).encode("utf-8", "backslashreplace").decode()
    return out


_MAX_SHOWN = 20


def _problems(exc: ValidationError) -> list[tuple[str, str, bool]]:
    """(field path, message, whether a line can show it) for each problem."""
    out = []
    for err in exc.errors(include_url=False):
        kind, given = err.get("type"), err.get("input")
        msg = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        if kind == "extra_forbidden":
            msg = "unknown key"
        elif kind == "missing":
            msg = "required key is missing"
        elif not isinstance(given, dict | list | tuple) and brief(given) not in msg:
            msg = f"{msg} (got {brief(given)})"
        out.append((_path(tuple(err.get("loc", ()))), msg, kind != "missing"))
    return out


def explain(exc: ValidationError, where: str = "") -> str:
    """One line per problem: 'plan.toml: trips[0].nights: …' (at most 20 of them)."""
    lines = [f"{where}: " * bool(where) + f"{path or '(top level)'}: {msg}"
             for path, msg, _ in _problems(exc)]  # fmt: skip
    more = len(lines) - _MAX_SHOWN
    return "\n".join(lines[:_MAX_SHOWN] + [f"… and {more} more problems"] * (more > 0))


# -- reading ---------------------------------------------------------------------------


#: What every function that takes a plan takes: a Plan, a mapping, or a file's path.
PlanLike = Union["Plan", Mapping[str, object], str, "os.PathLike[str]"]


def as_plan(value: PlanLike) -> Plan:
    """A `Plan` from a Plan (as is), a mapping, or the path of a .toml or .json file.

    >>> as_plan({"trips": [{"country": "GB"}]}).trips[0].country
    'GB'
    """
    if isinstance(value, Plan):
        return value
    if isinstance(value, Mapping):
        return Plan.model_validate(dict(value))
    if isinstance(value, str | os.PathLike):
        if not os.fspath(value).strip():
            raise PlanError(f"a plan file's path is empty ({os.fspath(value)!r})")
        p = Path(value)
        suffix = p.suffix.lower()
        if suffix not in (".toml", ".json"):
            ends = f"not {suffix!r}" if suffix else "and its name has no extension"
            msg = f"{p}: a plan file ends in .toml or .json, {ends}"
            raise PlanError(msg)
        return parse_plan(read_plan_file(p), suffix.lstrip("."), str(p))
    kind = type(value).__name__
    msg = f"a plan is a Plan, a mapping or the path of a .toml or .json file, not {kind}"
    raise PlanError(msg)


def load_plan(path: PlanLike) -> Plan:
    """A plan from a TOML (``.toml``) or JSON (``.json``) file; a `Plan` or a mapping
    is taken as `as_plan` takes it."""
    return as_plan(path)


_P = TypeVar("_P", bound=Plan)


def parse_plan(data: str | bytes, fmt: str, name: str = "plan") -> Plan:
    """A plan from the text of a TOML (``fmt="toml"``) or JSON (``fmt="json"``) file;
    errors are `PlanError`s naming ``name``, the line where it can be found, and the
    field."""
    return _parse(Plan, data, fmt, name)


def _parse(
    cls: type[_P], data: str | bytes, fmt: str, name: str, **options: Unpack[_JsonOptions]
) -> _P:
    raw, text = decode_plan(data, fmt, name)
    if not isinstance(raw, dict):
        raise PlanError(f"{name}: a plan is a table of keys (currency, party, trips), not a list")
    try:
        return cls._validate(raw, **options)
    except ValidationError as exc:
        problems = _problems(exc)
        lines = []
        for path, msg, placed in problems[:_MAX_SHOWN]:
            at = line_of(text, fmt, path) if placed and path else None
            lines.append(f"{name}{f' line {at}' if at else ''}: {path or '(top level)'}: {msg}")
        more = len(problems) - _MAX_SHOWN
        raise PlanError("\n".join(lines + [f"… and {more} more problems"] * (more > 0))) from None
