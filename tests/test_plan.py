"""Plans: the file format is a user contract; bad plans fail with the field named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from tripcost import Plan, PlanError, load_plan, plan_schema
from tripcost.plan import Count, parse_count

PLANS = Path(__file__).parent / "plans"


def test_the_issue_example_loads_from_toml() -> None:
    plan = load_plan(PLANS / "seoul_co2.toml")
    trip = plan.trips[0]
    assert (plan.currency, plan.party, trip.country, trip.nights) == ("USD", 1, "KR", 14)
    assert trip.start is not None
    assert trip.start.isoformat() == "2026-03-02"
    assert [t.treatment for t in trip.treatments] == ["fractional-co2", "subcision"]
    assert trip.treatments[0].sessions == Count(low=3, high=6)
    assert trip.treatments[1].sessions == Count(low=3, high=3)
    assert trip.extras[0].per_person
    assert str(trip.extras[0].amount) == "900"


def test_json_and_python_give_the_same_plan() -> None:
    from_file = load_plan(PLANS / "glass_skin.json")
    from_dict = Plan.model_validate(json.loads((PLANS / "glass_skin.json").read_text()))
    assert from_file == from_dict
    assert from_file.party == 2
    assert from_file.currency == "KRW"


def test_defaults() -> None:
    plan = Plan.model_validate({"trips": [{"country": "kr"}]})
    trip = plan.trips[0]
    assert (plan.currency, plan.party, trip.country) == ("USD", 1, "KR")
    assert (trip.consultation, trip.split, trip.recover_in_country) == (True, False, False)
    assert (trip.accommodation, trip.food, trip.transport) == ("hotel", "casual", "public")
    assert (trip.meals_per_day, trip.rides_per_day, trip.nights) == (3, 2, None)


def test_schema_is_json_schema_of_the_contract() -> None:
    schema = plan_schema()
    assert schema["title"] == "tripcost plan"
    assert {"currency", "party", "trips", "contingency"} <= set(schema["properties"])
    trip = schema["$defs"]["Trip"]["properties"]
    assert {"country", "start", "nights", "consultation", "split", "recover_in_country",
            "accommodation", "food", "meals_per_day", "transport", "rides_per_day",
            "treatments", "extras", "vat_refund"} <= set(trip)  # fmt: skip
    json.dumps(schema)  # serialisable


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (3, (3, 3)),
        ("3", (3, 3)),
        ("3-6", (3, 6)),
        ("3–6", (3, 6)),
        (" 3 - 6 ", (3, 6)),
        ("3 to 6", (3, 6)),
        ((3, 6), (3, 6)),
        ({"low": 2, "high": 4}, (2, 4)),
    ],
)
def test_session_counts(value: object, expected: tuple[int, int]) -> None:
    assert parse_count(value).as_tuple() == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (0, "sessions 0 must be at least 1"),
        (-1, "sessions -1 must be at least 1"),
        ("6-3", "sessions '6-3' is an impossible range: 6 > 3"),
        ("3-", "sessions '3-' is not a whole number or a range like '3-6'"),
        (10**12, "sessions 1000000000000 is more than 100"),
        ("many", "sessions 'many' is not a whole number or a range like '3-6'"),
        (2.5, "sessions 2.5 is not a whole number or a range like '3-6'"),
        (True, "sessions True is not a number or a range like '3-6'"),
    ],
)
def test_bad_session_counts(value: object, message: str) -> None:
    with pytest.raises(ValueError) as err:  # noqa: PT011 - the whole text is checked below
        parse_count(value)
    assert str(err.value) == message


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


BASE = '[[trips]]\ncountry = "KR"\n'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (BASE + "colour = 1\n", "plan.toml line 3: trips[0].colour: unknown key"),
        (
            "party = 0\n" + BASE,
            "plan.toml line 1: party: Input should be greater than or equal to 1 (got 0)",
        ),
        (
            BASE + "nights = -2\n",
            "plan.toml line 3: trips[0].nights: Input should be greater than or equal to 0 (got -2)",
        ),
        (
            BASE + 'nights = "many"\n',
            "plan.toml line 3: trips[0].nights: Input should be a valid integer, unable to parse string as an integer (got 'many')",
        ),
        (
            BASE + 'accommodation = "palace"\n',
            "plan.toml line 3: trips[0].accommodation: Input should be 'hostel', 'hotel' or 'luxury' (got 'palace')",
        ),
        (
            BASE + '[[trips.treatments]]\ntreatment = "co2"\nsessions = "6-3"\n',
            "plan.toml line 5: trips[0].treatments[0].sessions: sessions '6-3' is an impossible range: 6 > 3",
        ),
        (
            BASE + '[[trips.treatments]]\ntreatment = "co2"\nsessions = 0\n',
            "plan.toml line 5: trips[0].treatments[0].sessions: sessions 0 must be at least 1",
        ),
        (
            'currency = "XYZ"\n' + BASE,
            "plan.toml line 1: currency: currency 'XYZ' is not an ISO 4217 currency code",
        ),
        ("[[trips]]\nnights = 3\n", "plan.toml: trips[0].country: required key is missing"),
        ("party = 1\n", "plan.toml: trips: required key is missing"),
        (
            '[[trips]]\ncountry = "ZZ"\n',
            "plan.toml line 2: trips[0].country: 'ZZ' is not an ISO 3166 country code",
        ),
        (
            BASE + '[[trips.extras]]\nname = "flight"\namount = "-5"\n',
            "plan.toml line 5: trips[0].extras[0].amount: amount '-5' is negative",
        ),
        (
            BASE + '[[trips.extras]]\nname = "flight"\namount = "1,000"\n',
            "plan.toml line 5: trips[0].extras[0].amount: amount '1,000' is not a plain decimal number (like 1000 or 12.50)",
        ),
    ],
)
def test_bad_toml_plans_name_file_line_and_field(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, "plan.toml", text)
    with pytest.raises(PlanError) as err:
        load_plan(path)
    assert str(err.value) == f"{tmp_path}/{message}"


def test_invalid_toml_says_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "plan.toml", '[[trips]]\ncountry = "KR\n')
    with pytest.raises(PlanError) as err:
        load_plan(path)
    assert str(err.value).startswith(f"{path}: invalid TOML: ")
    assert "(at line 2, column" in str(err.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '{"trips": [{"country": "KR",}]}',
            " line 1, column 29: invalid JSON: Expecting property name enclosed in double quotes",
        ),
        (
            '{\n"trips": [\n{"country": "KR"}\n]\n',
            " line 5, column 1: invalid JSON: Expecting ',' delimiter",
        ),
        ("[1, 2]", ": a plan is a table of keys (currency, party, trips), not a list"),
        ('{"trips": [{"country": "KR", "party": 2}]}', ": trips[0].party: unknown key"),
    ],
)
def test_bad_json_plans(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, "plan.json", text)
    with pytest.raises(PlanError) as err:
        load_plan(path)
    assert str(err.value).startswith(f"{path}{message}"), str(err.value)


def test_wrong_extension_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PlanError, match=r"a plan file ends in \.toml or \.json, not '\.yaml'"):
        load_plan(write(tmp_path, "plan.yaml", "trips: []"))
    with pytest.raises(PlanError, match="no such file"):
        load_plan(tmp_path / "nope.toml")


def test_model_validate_raises_pydantic_errors_as_usual() -> None:
    with pytest.raises(ValidationError):
        Plan.model_validate({"trips": [{"country": "KR", "nights": -1}]})
