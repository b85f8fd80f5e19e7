"""Schema = acceptance: a Draft 2020-12 validator and tripcost accept the same plans.

Every plan here goes through `jsonschema` with `plan_schema()` and through tripcost
twice (as a mapping and as JSON text); all three must agree. The one rule JSON Schema
cannot state (low ≤ high in a session range or a clinic's quote) is `BEYOND_SCHEMA`:
the schema accepts such a plan, tripcost refuses it for that stated reason, and the
field's description says so.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FUZZ_EXAMPLES
from tripcost import PlanError, plan_schema
from tripcost.plan import as_plan, parse_plan

SCHEMA = plan_schema()
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
PLANS = Path(__file__).parent / "plans"
#: what the schema cannot say, as tripcost's message says it
BEYOND_SCHEMA = re.compile(r"(sessions|quote) '[^']*' is an impossible range: [0-9.]+ > [0-9.]+")


def verdicts(plan: Any) -> tuple[bool, bool, str]:
    """(schema accepts, tripcost accepts, tripcost's message) — the mapping and the
    JSON text must give the same answer."""
    schema_ok = VALIDATOR.is_valid(plan)
    answers = []
    for read in (lambda: as_plan(plan), lambda: parse_plan(json.dumps(plan), "json", "p")):
        try:
            answers.append((True, read()))
        except PlanError as exc:
            answers.append((False, str(exc)))
    (ok_map, got_map), (ok_text, got_text) = answers
    assert ok_map == ok_text, (plan, got_map, got_text)
    if ok_map:
        assert got_map == got_text
    return schema_ok, ok_map, "" if ok_map else str(got_map)


def agree(plan: Any) -> bool:
    """Assert that the schema and tripcost agree on ``plan``; return the verdict."""
    schema_ok, ok, message = verdicts(plan)
    if schema_ok and not ok and BEYOND_SCHEMA.search(message):
        return False  # the documented exception
    assert schema_ok == ok, (
        f"schema {'accepts' if schema_ok else 'refuses'}, tripcost "
        f"{'accepts' if ok else 'refuses'}: {json.dumps(plan)[:300]}\n{message}"
    )
    return ok


def trip(**fields: Any) -> dict[str, Any]:
    return {"trips": [{"country": "KR", **fields}]}


def line(**fields: Any) -> dict[str, Any]:
    return trip(treatments=[{"treatment": "fractional-co2", **fields}])


def extra(**fields: Any) -> dict[str, Any]:
    return trip(extras=[{"name": "flight", "amount": "900", **fields}])


def top(**fields: Any) -> dict[str, Any]:
    return {**fields, **trip()}


VALID: list[tuple[str, Any]] = [
    ("minimal", trip()),
    ("$schema", {"$schema": "https://example.org/plan.schema.json", **trip()}),
    ("$schema null", {"$schema": None, **trip()}),
    ("currency USD", top(currency="USD")),
    ("currency KRW", top(currency="KRW")),
    ("currency THB", top(currency="THB")),
    ("party 1", top(party=1)),
    ("party 100", top(party=100)),
    ("party 2.0 (an integer in JSON)", top(party=2.0)),
    ("contingency 0", top(contingency=0)),
    ("contingency 1", top(contingency=1)),
    ("contingency 0.15", top(contingency=0.15)),
    ("contingency '0.15'", top(contingency="0.15")),
    ("contingency '1.000000'", top(contingency="1.000000")),
    ("contingency null", top(contingency=None)),
    ("contingency 1e-9 (rounded)", top(contingency=1e-9)),
    ("country name", {"trips": [{"country": "South Korea"}]}),
    ("country synonym", {"trips": [{"country": "Korea"}]}),
    ("country UK", {"trips": [{"country": "UK"}]}),
    ("country Türkiye", {"trips": [{"country": "Türkiye"}]}),
    ("country Turkey", {"trips": [{"country": "Turkey"}]}),
    ("country code TH", {"trips": [{"country": "TH"}]}),
    ("start", trip(start="2026-03-02")),
    ("start leap day", trip(start="2024-02-29")),
    ("start 2000-02-29", trip(start="2000-02-29")),
    ("start null", trip(start=None)),
    ("nights 0", trip(nights=0)),
    ("nights 3650", trip(nights=3650)),
    ("nights 14.0", trip(nights=14.0)),
    ("nights null", trip(nights=None)),
    ("split true", trip(split=True)),
    ("split false", trip(split=False)),
    ("split null", trip(split=None)),
    ("flags", trip(consultation=False, recover_in_country=True, vat_refund=True)),
    ("tiers", trip(accommodation="hostel", food="fine", transport="taxi")),
    ("per-day bounds", trip(meals_per_day=0, rides_per_day=50)),
    ("meals 10", trip(meals_per_day=10)),
    ("sessions 1", line(sessions=1)),
    ("sessions 100", line(sessions=100)),
    ("sessions '3'", line(sessions="3")),
    ("sessions '3-6'", line(sessions="3-6")),
    ("sessions '3–6'", line(sessions="3–6")),
    ("sessions '3 to 6'", line(sessions="3 to 6")),
    ("sessions '3 - 6'", line(sessions="3 - 6")),
    ("sessions '4-4'", line(sessions="4-4")),
    ("sessions null", line(sessions=None)),
    ("units 2", line(units=2)),
    ("units '0.5'", line(units="0.5")),
    ("units '999.9999'", line(units="999.9999")),
    ("units 3.0", line(units=3.0)),
    ("quote '450000 KRW'", line(quote="450000 KRW")),
    ("quote '400000-500000 KRW'", line(quote="400000-500000 KRW")),
    ("quote '400000 – 500000 KRW'", line(quote="400000 – 500000 KRW")),
    ("quote '400 to 500 USD'", line(quote="400 to 500 USD")),
    ("quote '450000KRW'", line(quote="450000KRW")),
    ("quote '12.50 USD'", line(quote="12.50 USD")),
    ("quote '0 KRW'", line(quote="0 KRW")),
    ("quote '5-5 EUR'", line(quote="5-5 EUR")),
    ("quote 12 digits", line(quote="999999999999.9999 KRW")),
    ("quote null", line(quote=None)),
    ("quote_unit syringe", line(quote="300000 KRW", quote_unit="syringe", units="2")),
    ("quote_unit treatment", line(quote="9000000 KRW", quote_unit="treatment")),
    ("quote_unit session", line(quote="1 USD", quote_unit="session")),
    ("quote_unit null", line(quote_unit=None)),
    ("clinic chain", trip(clinic="chain")),
    ("clinic boutique", trip(clinic="boutique")),
    ("clinic international on a line", line(clinic="international")),
    ("clinic null", trip(clinic=None)),
    ("amount '900'", extra()),
    ("amount '0'", extra(amount="0")),
    ("amount 900", extra(amount=900)),
    ("amount 900.0", extra(amount=900.0)),
    ("amount '12.50'", extra(amount="12.50")),
    ("amount 12 digits", extra(amount="999999999999.9999")),
    ("extra currency", extra(currency="EUR", per_person=True)),
    ("name with spaces inside", extra(name="  travel insurance ")),
    ("two trips", {"trips": [{"country": "KR"}, {"country": "Thailand", "nights": 3}]}),
    ("full", json.loads((PLANS / "glass_skin.json").read_text())),
]

INVALID: list[tuple[str, Any]] = [
    ("not an object", ["trips"]),
    ("no trips", {}),
    ("trips empty", {"trips": []}),
    ("trips not a list", {"trips": {"country": "KR"}}),
    ("trip not an object", {"trips": ["KR"]}),
    ("unknown key", top(colour="red")),
    ("unknown trip key", trip(party=2)),
    ("unknown line key", line(price=3)),
    ("$schema not a string", {"$schema": 1, **trip()}),
    ("currency XYZ", top(currency="XYZ")),
    ("currency usd", top(currency="usd")),
    ("currency ' USD'", top(currency=" USD")),
    ("currency 840", top(currency=840)),
    ("party true", top(party=True)),
    ("party '2'", top(party="2")),
    ("party 0", top(party=0)),
    ("party 101", top(party=101)),
    ("party 1.5", top(party=1.5)),
    ("contingency '1.5'", top(contingency="1.5")),
    ("contingency 1.5", top(contingency=1.5)),
    ("contingency -0.1", top(contingency=-0.1)),
    ("contingency '15%'", top(contingency="15%")),
    ("contingency '0.1234567'", top(contingency="0.1234567")),
    ("contingency true", top(contingency=True)),
    ("country ZZ", {"trips": [{"country": "ZZ"}]}),
    ("country Korea lower", {"trips": [{"country": "korea"}]}),
    ("country kr", {"trips": [{"country": "kr"}]}),
    ("country ' KR'", {"trips": [{"country": " KR"}]}),
    ("country EU", {"trips": [{"country": "EU"}]}),
    ("country 410", {"trips": [{"country": 410}]}),
    ("country missing", {"trips": [{"nights": 3}]}),
    ("start 2026-02-30", trip(start="2026-02-30")),
    ("start 2025-02-29", trip(start="2025-02-29")),
    ("start 1900-02-29", trip(start="1900-02-29")),
    ("start 2026-3-2", trip(start="2026-3-2")),
    ("start with time", trip(start="2026-03-02T10:00:00")),
    ("start 1899", trip(start="1899-12-31")),
    ("start 2200", trip(start="2200-01-01")),
    ("start a number", trip(start=20260302)),
    ("nights true", trip(nights=True)),
    ("nights '14'", trip(nights="14")),
    ("nights 14.5", trip(nights=14.5)),
    ("nights -1", trip(nights=-1)),
    ("nights 3651", trip(nights=3651)),
    ("nights 1e300", trip(nights=1e300)),
    ("nights 10**30", trip(nights=10**30)),
    ("split 'yes'", trip(split="yes")),
    ("split 1", trip(split=1)),
    ("consultation 0", trip(consultation=0)),
    ("vat_refund 'false'", trip(vat_refund="false")),
    ("accommodation palace", trip(accommodation="palace")),
    ("accommodation Hotel", trip(accommodation="Hotel")),
    ("food null", trip(food=None)),
    ("meals 11", trip(meals_per_day=11)),
    ("meals '3'", trip(meals_per_day="3")),
    ("rides -1", trip(rides_per_day=-1)),
    ("sessions '0'", line(sessions="0")),
    ("sessions '101'", line(sessions="101")),
    ("sessions 0", line(sessions=0)),
    ("sessions 101", line(sessions=101)),
    ("sessions true", line(sessions=True)),
    ("sessions 2.5", line(sessions=2.5)),
    ("sessions '3-'", line(sessions="3-")),
    ("sessions '03'", line(sessions="03")),
    ("sessions ' 3'", line(sessions=" 3")),
    ("sessions '3\\n'", line(sessions="3\n")),
    ("sessions '٣'", line(sessions="٣")),
    ("sessions [3, 6]", line(sessions=[3, 6])),
    ("sessions object", line(sessions={"low": 3, "high": 6})),
    ("units 0", line(units=0)),
    ("units '0'", line(units="0")),
    ("units '0.00'", line(units="0.00")),
    ("units 0.5", line(units=0.5)),
    ("units '1000'", line(units="1000")),
    ("units -1", line(units=-1)),
    ("treatment blank", trip(treatments=[{"treatment": "   "}])),
    ("treatment missing", trip(treatments=[{"sessions": 3}])),
    ("treatment too long", trip(treatments=[{"treatment": "x" * 201}])),
    ("quote '450000'", line(quote="450000")),
    ("quote '450000 krw'", line(quote="450000 krw")),
    ("quote '450000 XYZ'", line(quote="450000 XYZ")),
    ("quote 'KRW 450000'", line(quote="KRW 450000")),
    ("quote '-5 KRW'", line(quote="-5 KRW")),
    ("quote '1,000 KRW'", line(quote="1,000 KRW")),
    ("quote '₩450,000'", line(quote="₩450,000")),
    ("quote '1e3 KRW'", line(quote="1e3 KRW")),
    ("quote '0450000 KRW'", line(quote="0450000 KRW")),
    ("quote '1.23456 USD'", line(quote="1.23456 USD")),
    ("quote 13 digits", line(quote="1000000000000 KRW")),
    ("quote ' 450000 KRW'", line(quote=" 450000 KRW")),
    ("quote '450000 KRW '", line(quote="450000 KRW ")),
    ("quote '450000 KRW\\n'", line(quote="450000 KRW\n")),
    ("quote '1-2-3 KRW'", line(quote="1-2-3 KRW")),
    ("quote '400000- KRW'", line(quote="400000- KRW")),
    ("quote a number", line(quote=450000)),
    ("quote a list", line(quote=["450000", "KRW"])),
    ("quote_unit without a quote", line(quote_unit="syringe")),
    ("quote_unit with a null quote", line(quote=None, quote_unit="session")),
    ("quote_unit course", line(quote="1 KRW", quote_unit="course")),
    ("quote_unit Session", line(quote="1 KRW", quote_unit="Session")),
    ("clinic Chain", trip(clinic="Chain")),
    ("clinic hospital", line(clinic="hospital")),
    ("clinic true", trip(clinic=True)),
    ("amount 'abc'", extra(amount="abc")),
    ("amount '-5'", extra(amount="-5")),
    ("amount -5", extra(amount=-5)),
    ("amount '1,000'", extra(amount="1,000")),
    ("amount '1e3'", extra(amount="1e3")),
    ("amount '0900'", extra(amount="0900")),
    ("amount '+900'", extra(amount="+900")),
    ("amount ' 900'", extra(amount=" 900")),
    ("amount '12.50000'", extra(amount="12.50000")),
    ("amount 12.5", extra(amount=12.5)),
    ("amount true", extra(amount=True)),
    ("amount 13 digits", extra(amount="1000000000000")),
    ("amount 10**12", extra(amount=10**12)),
    ("amount 'NaN'", extra(amount="NaN")),
    ("amount missing", trip(extras=[{"name": "flight"}])),
    ("name blank", extra(name="")),
    ("name spaces", extra(name=" \t ")),
    ("name a number", extra(name=5)),
    ("per_person 'yes'", extra(per_person="yes")),
    ("extra currency lower", extra(currency="eur")),
    ("nested error deep", {"trips": [{"country": "KR"}, {"country": "TH", "extras": [{"name": "x", "amount": "1"}, {"name": "y", "amount": "x"}]}]}),
    ("51 trips", {"trips": [{"country": "KR"}] * 51}),
]  # fmt: skip


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "$schema" in SCHEMA["properties"]
    json.dumps(SCHEMA)


def test_there_are_enough_cases() -> None:
    assert len(VALID) >= 50
    assert len(INVALID) >= 50


@pytest.mark.parametrize("plan", [p for _, p in VALID], ids=[n for n, _ in VALID])
def test_both_accept(plan: Any) -> None:
    assert VALIDATOR.is_valid(plan), list(VALIDATOR.iter_errors(plan))
    assert agree(plan)


@pytest.mark.parametrize("plan", [p for _, p in INVALID], ids=[n for n, _ in INVALID])
def test_both_refuse(plan: Any) -> None:
    assert not VALIDATOR.is_valid(plan)
    assert not agree(plan)


@pytest.mark.parametrize(
    ("field", "value"),
    [("sessions", "6-3"), ("sessions", "100-1"), ("sessions", "2 to 1"),
     ("quote", "500-400 KRW"), ("quote", "1.5 to 1.25 USD")],
)  # fmt: skip
def test_what_the_schema_cannot_say_is_described_and_refused(field: str, value: str) -> None:
    plan = line(**{field: value})
    schema_ok, ok, message = verdicts(plan)
    assert schema_ok
    assert not ok
    assert BEYOND_SCHEMA.search(message), message
    described = SCHEMA["$defs"]["TreatmentLine"]["properties"][field]["description"]
    assert "the low must not be above the high" in described
    assert "JSON Schema cannot say so" in described


def test_the_example_plans_and_the_readme_plan_are_valid() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    block = readme.split("### Plans", 1)[1].split("```toml\n", 1)[1].split("```", 1)[0]
    tomls = [tomllib.loads(block), tomllib.loads((PLANS / "seoul_co2.toml").read_text())]
    for data in [*tomls, json.loads((PLANS / "glass_skin.json").read_text())]:
        data = json.loads(json.dumps(data, default=str))  # TOML dates as JSON strings
        assert VALIDATOR.is_valid(data), list(VALIDATOR.iter_errors(data))
        assert agree(data)


def test_the_answers_name_the_field() -> None:
    _, _, message = verdicts(INVALID[-2][1])
    assert message == "trips[1].extras[1].amount: amount 'x' is not a decimal number"


# -- generated plans -----------------------------------------------------------------------
# Valid plans built from each field's valid values, then (half the time) one value
# swapped for a wrong one, a key dropped or an unknown key added: so that both answers
# come up often and a disagreement on any one field is found.

json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**20), 10**20),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=6),
)  # fmt: skip
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=4), inner, max_size=2),
    max_leaves=4,
)  # fmt: skip
edges = st.sampled_from(
    [True, False, None, 0, 1, -1, 2.5, 14.0, 100, 101, 3650, 3651, 10**12, 1e300, "", " ", "0",
     "1", "3", "101", "3-6", "6-3", "03", "3-", " 3", "abc", "-5", "1,000", "1e3", "0.5", "1.5",
     "0.1234567", "12.50", "USD", "usd", "XYZ", "KR", "kr", "ZZ", "Korea", "korea", "hotel",
     "Hotel", "2026-03-02", "2026-02-30", "x" * 201, [], {}, [3, 6], {"low": 3, "high": 6},
     "450000 KRW", "400000-500000 KRW", "500-400 KRW", "450000 krw", "1,000 KRW", "session",
     "syringe", "treatment", "course", "chain", "boutique", "international", "Chain"]
)  # fmt: skip
decimal_strings = st.builds(
    lambda whole, frac: f"{whole}.{frac}" if frac else str(whole),
    st.integers(0, 10**12 - 1), st.sampled_from(["", "5", "50", "05", "1234", "12345", "0"]),
)  # fmt: skip


@st.composite
def quotes(draw: st.DrawFn) -> dict[str, Any]:
    """A line's quote fields, or none: an amount or an ordered range, a currency, maybe a
    unit."""
    from tripcost.planmoney import QUOTE_UNITS
    from tripcost.planmoney import currencies as _currencies

    if not draw(st.booleans()):
        return {}
    a, b = sorted(draw(st.lists(decimal_strings.filter(lambda t: len(t.split(".")[-1]) <= 4 or "." not in t),
                                min_size=2, max_size=2)), key=Decimal)  # fmt: skip
    sep = draw(st.sampled_from(["", "-", "–", " to ", " - "]))
    space = draw(st.sampled_from([" ", "", "  "]))
    text = (a if sep == "" else f"{a}{sep}{b}") + space + draw(st.sampled_from(_currencies()))
    unit = {"quote_unit": draw(st.sampled_from(QUOTE_UNITS))} if draw(st.booleans()) else {}
    return {"quote": text, **unit}


@st.composite
def valid_plans(draw: st.DrawFn) -> dict[str, Any]:
    from tripcost import vocab
    from tripcost.places import known_countries, spellings
    from tripcost.planmoney import currencies as _currencies

    def maybe(plan: dict[str, Any], key: str, strategy: st.SearchStrategy[Any]) -> None:
        if draw(st.booleans()):
            plan[key] = draw(strategy)

    def session_text(a: int, b: int, sep: str) -> str:
        return str(a) if sep == "" else f"{min(a, b)}{sep}{max(a, b)}"

    counts = st.integers(1, 100)
    trips = []
    for _ in range(draw(st.integers(1, 3))):
        trip: dict[str, Any] = {
            "country": draw(st.sampled_from(sorted(known_countries()) + sorted(spellings())))
        }
        maybe(
            trip, "start", st.dates(dt.date(1900, 1, 1), dt.date(2199, 12, 31)).map(str) | st.none()
        )
        maybe(trip, "nights", st.integers(0, 3650) | st.none())
        for key in ("consultation", "recover_in_country", "vat_refund"):
            maybe(trip, key, st.booleans())
        maybe(trip, "split", st.booleans() | st.none())
        maybe(trip, "clinic", st.sampled_from(["chain", "boutique", "international"]))
        for c in vocab.LIVING:
            maybe(trip, c.name, st.sampled_from(c.tiers))
            if c.per_day:
                maybe(trip, c.per_day, st.integers(0, c.per_day_max))
        trip["treatments"] = [
            {"treatment": draw(st.text(min_size=1, max_size=8).filter(str.strip)),
             **({"sessions": draw(counts | st.builds(session_text, counts, counts, st.sampled_from(
                 ["", "-", "–", "—", " to ", "to", " - "])) | st.none())} if draw(st.booleans()) else {}),
             **({"units": draw(st.integers(1, 999) | st.sampled_from(["0.5", "2", "0.25", "999.9999"]))}
                if draw(st.booleans()) else {}),
             **draw(quotes()),
             **({"clinic": draw(st.sampled_from(["chain", "boutique", "international"]) | st.none())}
                if draw(st.booleans()) else {})}
            for _ in range(draw(st.integers(0, 2)))
        ]  # fmt: skip
        trip["extras"] = [
            {"name": draw(st.text(min_size=1, max_size=8).filter(str.strip)),
             "amount": draw(st.integers(0, 10**12 - 1) | decimal_strings.filter(lambda t: len(t.split(".")[-1]) <= 4 or "." not in t)),
             **({"currency": draw(st.sampled_from(_currencies()))} if draw(st.booleans()) else {}),
             **({"per_person": draw(st.booleans())} if draw(st.booleans()) else {})}
            for _ in range(draw(st.integers(0, 2)))
        ]  # fmt: skip
        trips.append(trip)
    plan: dict[str, Any] = {"trips": trips}
    maybe(plan, "currency", st.sampled_from(_currencies()))
    maybe(plan, "party", st.integers(1, 100) | st.integers(1, 100).map(float))
    maybe(plan, "contingency", st.floats(0, 1) | st.integers(0, 10**6).map(
        lambda n: str(n // 10**6) if n % 10**6 == 0 else f"0.{n:06d}".rstrip("0")) | st.none())  # fmt: skip
    maybe(plan, "$schema", st.text(max_size=10))
    return plan


def _places(value: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key path in a plan, containers and leaves."""
    out = [at] if at else []
    if isinstance(value, dict):
        for k, v in value.items():
            out += _places(v, (*at, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _places(v, (*at, i))
    return out


@st.composite
def plans(draw: st.DrawFn) -> Any:
    plan = draw(valid_plans())
    if draw(st.booleans()):
        return plan
    path = draw(st.sampled_from(_places(plan)))
    *parent_path, key = path
    parent: Any = plan
    for step in parent_path:
        parent = parent[step]
    how = draw(st.sampled_from(["value", "value", "value", "drop", "unknown"]))
    if how == "drop" and isinstance(parent, dict):
        del parent[key]
    elif how == "unknown" and isinstance(parent, dict):
        parent[draw(st.sampled_from(["colour", "Nights", "", "price", "schema"]))] = draw(
            json_scalars
        )
    else:
        parent[key] = draw(edges | json_values)
    return plan


@settings(
    max_examples=max(FUZZ_EXAMPLES // 3, 100),
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@given(plans())
def test_generated_plans_get_the_same_answer(plan: dict[str, Any]) -> None:
    agree(plan)
