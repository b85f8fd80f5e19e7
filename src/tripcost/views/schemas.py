"""JSON Schemas (Draft 2020-12) of the JSON outputs: ``tripcost schema estimate|compare``.

They state the contract of `tripcost.views.estimate` and `tripcost.views.compare`:
counts are integers; money amounts are decimal strings with exactly their currency's
minor-unit digits (KRW "151", USD "151.00", KWD "151.000"), each beside the currency
it is in (``low``/``high`` → ``currency``, ``trip_low`` → ``trip_currency``); ranges
carry ``open_ended`` ("+" in the table) and ``approximate`` ("~"); rates are flat
objects of strings. Objects admit no other keys, so a field added to an output
without its schema fails the tests that validate real outputs.

>>> estimate_schema()["title"], compare_schema()["type"]
('tripcost estimate', 'array')
"""

from __future__ import annotations

from functools import cache

from tripcost.views.display import JSON

__all__ = ["DRAFT", "OUTPUTS", "compare_schema", "estimate_schema", "output_schema"]

DRAFT = "https://json-schema.org/draft/2020-12/schema"
#: The outputs ``tripcost schema`` describes.
OUTPUTS = ("plan", "estimate", "compare")

_AMOUNT = r"^-?(0|[1-9][0-9]*)(\.[0-9]+)?$"
_RATE = r"^(0|[1-9][0-9]*)(\.[0-9]+)?$"
_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def _nullable(schema: dict[str, JSON]) -> JSON:
    return {"anyOf": [schema, {"type": "null"}]}


def _ref(name: str) -> dict[str, JSON]:
    return {"$ref": f"#/$defs/{name}"}


def _str(description: str = "") -> dict[str, JSON]:
    return {"type": "string", "description": description} if description else {"type": "string"}


_INT: dict[str, JSON] = {"type": "integer", "minimum": 0}
_UNVERIFIED: dict[str, JSON] = {
    "type": "array", "items": {"type": "string"},
    "description": "the sources of these figures whose quotes could not be checked (a "
    "user's catalog with no copy of the source beside it)",
}  # fmt: skip
_BOOL: dict[str, JSON] = {"type": "boolean"}
_NULL_BOOL: dict[str, JSON] = {"anyOf": [_BOOL, {"type": "null"}]}


@cache
def _digits() -> dict[int, list[str]]:
    """ISO 4217 codes by their number of minor-unit digits (babel's CLDR data)."""
    from babel.numbers import get_currency_precision, list_currencies

    out: dict[int, list[str]] = {}
    for code in sorted(list_currencies()):
        out.setdefault(int(get_currency_precision(code)), []).append(code)
    return out


def _digit_rule(currency: str, amounts: list[str]) -> JSON:
    """``amounts`` have exactly the minor-unit digits of the currency in ``currency``."""
    rules: list[JSON] = []
    for digits, codes in sorted(_digits().items()):
        tail = rf"\.[0-9]{{{digits}}}" if digits else ""
        pattern = rf"^-?(0|[1-9][0-9]*){tail}$"
        codes_json: list[JSON] = list(codes)
        rules.append({
            "if": {"properties": {currency: {"enum": codes_json}}, "required": [currency]},
            "then": {"properties": {a: {"pattern": pattern} for a in amounts}},
        })  # fmt: skip
    return {"allOf": rules}


def _group(
    prefix: str, description: str, *, flags: bool = True, nullable: bool = True
) -> tuple[dict[str, JSON], JSON]:
    """The properties of a money group (``trip_low`` … ``trip_approximate``) and the
    rule tying the amounts' digits to the group's currency."""
    amount: JSON = _ref("amount") if not nullable else _nullable(_ref("amount"))
    props: dict[str, JSON] = {
        f"{prefix}low": amount,
        f"{prefix}high": amount,
        f"{prefix}currency": {**_ref("currency"), "description": description},
    }
    if flags:
        props[f"{prefix}open_ended"] = _NULL_BOOL if nullable else _BOOL
        props[f"{prefix}approximate"] = _NULL_BOOL if nullable else _BOOL
    rule = _digit_rule(f"{prefix}currency", [f"{prefix}low", f"{prefix}high"])
    return props, rule


def _object(props: dict[str, JSON], required: list[str], rules: list[JSON]) -> dict[str, JSON]:
    req: list[JSON] = list(required)
    out: dict[str, JSON] = {"type": "object", "properties": props, "required": req,
                            "additionalProperties": False}  # fmt: skip
    if rules:
        out["allOf"] = rules
    return out


def _defs() -> dict[str, JSON]:
    from tripcost.vocab import FlagKind

    range_props, range_rule = _group("", "the currency of low and high", nullable=False)
    kinds: list[JSON] = [str(k) for k in FlagKind]
    return {
        "amount": {
            "type": "string", "pattern": _AMOUNT,
            "description": "an exact decimal amount, rounded half up to its currency's "
            "minor unit (KRW: none, USD: 2 digits); never a float",
        },
        "currency": {"type": "string", "pattern": "^[A-Z]{3}$",
                     "description": "an ISO 4217 currency code"},
        "range": {
            **_object(range_props, list(range_props), [range_rule]),
            "description": "low and high in one currency; open_ended: the high is a floor "
            "('+'); approximate: a figure is '~' in its source",
        },
        "rate": {
            **_object({
                "base": _ref("currency"), "quote": _ref("currency"),
                "rate": {"type": "string", "pattern": _RATE,
                         "description": "1 base = rate quote, exact (not rounded)"},
                "date": {"type": "string", "pattern": _DATE, "description": "ISO date"},
                "source": _str("where the rate comes from"),
            }, ["base", "quote", "rate", "date", "source"], []),
            "description": "a rate used for a conversion, as flat strings",
        },
        "rates": {"type": "array", "items": _ref("rate"),
                  "description": "the rates that converted these figures into the display "
                  "currency; empty when every figure is stated in it"},
        "flag_kind": {"enum": kinds},
    }  # fmt: skip


def _document(title: str, description: str, body: dict[str, JSON]) -> dict[str, JSON]:
    return {"$schema": DRAFT, "title": title, "description": description, **body,
            "$defs": _defs()}  # fmt: skip


def estimate_schema() -> dict[str, JSON]:
    """The schema of ``tripcost estimate --format json`` and `Estimate.to_dict()`."""
    unit_price, unit_rule = _group("unit_price_", "the currency of the unit price",
                                              flags=False, nullable=False)  # fmt: skip
    amount, amount_rule = _group("amount_", "the currency of the amounts",
                                              flags=False, nullable=False)  # fmt: skip
    line_props: dict[str, JSON] = {
        "trip": {**_INT, "description": "the trip's number (0: plan-wide, a contingency)"},
        "country": _str("ISO 3166 code, '' for a plan-wide line"),
        "item": _str(), "category": _str(),
        "qty_low": _INT, "qty_high": _INT, "unit": _str(),
        **unit_price, **amount,
        "currency": _ref("currency"), "open_ended": _BOOL, "approximate": _BOOL,
        "sources": {"type": "array", "items": _str()}, "note": _str(),
        "unverified_sources": _UNVERIFIED, "rates": _ref("rates"),
    }  # fmt: skip
    line = _object(line_props, list(line_props), [unit_rule, amount_rule])
    flag = _object({"kind": _ref("flag_kind"), "trip": _nullable(_INT), "message": _str()},
                   ["kind", "trip", "message"], [])  # fmt: skip
    trip_props: dict[str, JSON] = {
        "trip": _INT, "country": _str(),
        "start": _nullable({"type": "string", "pattern": _DATE}),
        "nights_low": _INT, "nights_high": _INT, "trips_low": _INT, "trips_high": _INT,
        "nights_note": _str(),
    }  # fmt: skip
    props: dict[str, JSON] = {
        "currency": _ref("currency"),
        "total": _ref("range"),
        "deposit": _nullable(_ref("range")),
        "lines": {"type": "array", "items": line},
        "rates": _ref("rates"),
        "flags": {"type": "array", "items": flag},
        "not_included": {"type": "array", "items": _str()},
        "trips": {"type": "array", "items": _object(trip_props, list(trip_props), [])},
    }
    body = _object(props, list(props), [])
    return _document("tripcost estimate", "tripcost estimate --format json", body)


def compare_schema() -> dict[str, JSON]:
    """The schema of ``tripcost compare --format json``: one object per country and
    treatment (and source, with ``--policy each``)."""
    from tripcost.vocab import Authority

    price, price_rule = _group("", "the currency of every amount of the row")
    average, average_rule = _group("average_", "the average's currency")
    total, total_rule = _group("total_", "the course total's currency")
    trip, trip_rule = _group("trip_", "the trip's currency")
    saving, saving_rule = _group("saving_", "the saving's currency", flags=False)
    at_home, home_rule = _group("home_", "the currency of home's figure")
    abroad, abroad_rule = _group("abroad_", "the currency of the figure abroad the saving uses")
    about: JSON = {
        "enum": ["price", "trip", "home"],
        "description": "on the row's price, a flag of its trip's estimate, or on home's "
        "figure that its saving is measured against",
    }
    note = _object({"kind": _ref("flag_kind"), "message": _str(), "about": about},
                   ["kind", "message", "about"], [])  # fmt: skip
    strings: dict[str, JSON] = {"type": "array", "items": _str()}
    base: dict[str, JSON] = {
        "country": _str("ISO 3166 code"), "country_name": _str(), "treatment": _str(),
        "unit": {"enum": ["session", "syringe", "treatment"]},
        **price, "sources": strings, **average,
        "missing": _str("why a figure is null ('' when none is)"),
        "not_included": {**strings, "description": "what no figure of the row includes"},
        "unverified_sources": _UNVERIFIED,
        "notes": {"type": "array", "items": note}, "rates": _ref("rates"),
    }  # fmt: skip
    authorities: list[JSON] = [str(a) for a in Authority]
    each: dict[str, JSON] = {
        "source": _str("the statement: file:line"),
        "statistic": {"enum": ["range", "average"],
                      "description": "an average's figure is in average_low/high, never a bound"},
        "authority": {"anyOf": [{"enum": authorities}, {"type": "null"}],
                      "description": "who states it (null: your quote)"},
        "currency_stated": {**_BOOL, "description": "false: the page writes '$' without "
                            "saying which dollar"},
    }  # fmt: skip
    course: dict[str, JSON] = {"sessions_low": _INT, "sessions_high": _INT, **total}
    stay: dict[str, JSON] = {"nights": _INT, **trip, "trips_low": _nullable(_INT),
                             "trips_high": _nullable(_INT)}  # fmt: skip
    home: dict[str, JSON] = {
        "home": _str("ISO 3166 code"),
        "saving_basis": {"enum": ["trip", "course", "price"], "description": "what every "
                         "saving of the comparison compares: the trip abroad against the "
                         "course at home, the course on both sides, or one unit's price"},
        **saving,
        "saving_or_less": {**_NULL_BOOL, "description": "abroad's figure is open-ended: the "
                           "least saved may be less"},
        "saving_or_more": {**_NULL_BOOL, "description": "home's figure is open-ended: the "
                           "most saved may be more"},
        "saving_approximate": {**_NULL_BOOL, "description": "either figure is approximate"},
        "saving_without": {**strings, "description": "treatments the saving leaves "
                           "out (priced on one side only)"},
        "home_missing": _str("why there is no saving ('' when there is)"),
        **at_home,
        "home_sources": {**strings, "description": "the sources of home's figure (home_low, "
                         "home_high: what the saving is measured against, on saving_basis)"},
        **abroad,
    }  # fmt: skip
    groups = (each, course, stay, home)
    together: dict[str, JSON] = {}
    for g in groups:  # a group's keys come all together or not at all
        for key in g:
            together[key] = [k for k in g if k != key]
    rules = [price_rule, average_rule, total_rule, trip_rule, saving_rule, home_rule,
             abroad_rule]  # fmt: skip
    row = _object({**base, **each, **course, **stay, **home}, list(base), rules)
    row["dependentRequired"] = together
    body: dict[str, JSON] = {"type": "array", "items": row}
    return _document("tripcost compare", "tripcost compare --format json", body)


def output_schema(name: str) -> dict[str, JSON]:
    """The schema of one of `OUTPUTS`: a plan file, or the JSON of estimate or compare."""
    if name == "plan":
        from tripcost.plan import plan_schema

        plan: dict[str, JSON] = plan_schema()
        return plan
    if name == "estimate":
        return estimate_schema()
    if name == "compare":
        return compare_schema()
    from tripcost.errors import TripcostError

    raise TripcostError(f"no schema for {name!r}; schemas: {', '.join(OUTPUTS)}")
