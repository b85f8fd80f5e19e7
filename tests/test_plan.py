"""Plans: the file format is a user contract; bad plans fail with the field named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from tripcost import Plan, PlanError, load_plan, plan_schema
from tripcost.plan import Count, TreatmentLine, Trip, as_plan, parse_count

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
    plan = Plan.model_validate({"trips": [{"country": "KR"}]})
    trip = plan.trips[0]
    assert (plan.currency, plan.party, plan.contingency, trip.country) == ("USD", 1, None, "KR")
    assert (trip.consultation, trip.split, trip.recover_in_country) == (True, None, False)
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
            "plan.toml line 3: trips[0].nights: Input should be a valid integer, not a string (got 'many')",
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
            "plan.toml line 2: trips[0].country: unknown country 'ZZ' (not an ISO 3166 code or a country name)",
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
        ('{"trips": [{"country": "KR", "party": 2}]}', " line 1: trips[0].party: unknown key"),
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


def test_model_validate_raises_plan_errors_naming_the_field() -> None:
    with pytest.raises(PlanError) as err:
        Plan.model_validate({"trips": [{"country": "KR", "nights": -1}]})
    assert str(err.value) == "trips[0].nights: Input should be greater than or equal to 0 (got -1)"
    assert not isinstance(err.value, ValidationError)


# -- only PlanErrors, whatever the plan comes as -------------------------------------------


def test_constructors_raise_plan_errors_naming_the_field() -> None:
    with pytest.raises(PlanError) as err:
        Trip(country="KR", nights="many")
    assert str(err.value) == "nights: Input should be a valid integer, not a string (got 'many')"
    with pytest.raises(PlanError) as err:
        TreatmentLine.model_validate({"treatment": "co2", "sessions": "6-3"})
    assert str(err.value) == "sessions: sessions '6-3' is an impossible range: 6 > 3"
    with pytest.raises(PlanError, match=r"^\(top level\): Input should be a valid dictionary"):
        Plan.model_validate([1, 2])


def test_nested_models_report_the_whole_path() -> None:
    data = {
        "trips": [
            {"country": "KR"},
            {"country": "TH", "treatments": [{"treatment": "co2", "units": 0}]},
        ]
    }
    with pytest.raises(PlanError) as err:
        as_plan(data)
    assert str(err.value) == "trips[1].treatments[0].units: units 0 must be more than 0"


def test_as_plan_and_load_plan_take_a_plan_a_mapping_or_a_path(tmp_path: Path) -> None:
    from_path = as_plan(PLANS / "seoul_co2.toml")
    assert as_plan(str(PLANS / "seoul_co2.toml")) == from_path
    assert load_plan(from_path) is from_path
    assert as_plan(from_path.model_dump(by_alias=True)) == from_path
    assert load_plan({"trips": [{"country": "KR"}]}).trips[0].country == "KR"
    with pytest.raises(PlanError, match=r"nope\.toml: no such file"):
        as_plan(tmp_path / "nope.toml")
    (tmp_path / "folder.json").mkdir()
    with pytest.raises(PlanError, match=r"folder\.json: is a folder, not a plan file"):
        as_plan(tmp_path / "folder.json")
    with pytest.raises(
        PlanError, match=r"a plan file ends in \.toml or \.json, and its name has no extension"
    ):
        as_plan("README")


@pytest.mark.parametrize(
    ("value", "kind"), [([{"trips": []}], "list"), (3, "int"), (None, "NoneType"), (b"{}", "bytes")]
)
def test_as_plan_refuses_other_things(value: object, kind: str) -> None:
    with pytest.raises(PlanError) as err:
        as_plan(value)  # type: ignore[arg-type]
    assert (
        str(err.value)
        == f"a plan is a Plan, a mapping or the path of a .toml or .json file, not {kind}"
    )


def test_a_dumped_plan_reads_back_as_the_same_plan() -> None:
    plan = load_plan(PLANS / "seoul_co2.toml")
    assert Plan.model_validate(plan.model_dump()) == plan
    assert Plan.model_validate(json.loads(plan.model_dump_json())) == plan
    assert Plan.model_validate_json(plan.model_dump_json()) == plan


def test_many_problems_are_cut_short() -> None:
    data = {"trips": [{"country": "KR", **{f"k{i}": i for i in range(30)}}]}
    with pytest.raises(PlanError) as err:
        as_plan(data)
    lines = str(err.value).splitlines()
    assert lines[0] == "trips[0].k0: unknown key"
    assert lines[-1] == "… and 10 more problems"
    assert len(lines) == 21


# -- country names -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "code"),
    [("KR", "KR"), ("Korea", "KR"), ("South Korea", "KR"), ("UK", "GB"), ("United Kingdom", "GB"),
     ("USA", "US"), ("America", "US"), ("Turkey", "TR"), ("Türkiye", "TR"), ("Thailand", "TH")],
)  # fmt: skip
def test_country_names_become_codes(typed: str, code: str) -> None:
    assert as_plan({"trips": [{"country": typed}]}).trips[0].country == code


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("korea", "country 'korea' is not spelled as listed; did you mean 'Korea' or KR?"),
        ("kr", "country 'kr' is not spelled as listed; did you mean KR?"),
        (" KR", "country ' KR' is not spelled as listed; did you mean KR?"),
        (
            "Koreaa",
            "unknown country 'Koreaa' (not an ISO 3166 code or a country name); did you mean 'Korea' (KR)?",
        ),
        ("ZZ", "unknown country 'ZZ' (not an ISO 3166 code or a country name)"),
        (82, "country 82 is not a country code or name (like KR or 'South Korea')"),
    ],
)
def test_country_spellings_the_schema_does_not_list(typed: object, message: str) -> None:
    with pytest.raises(PlanError) as err:
        as_plan({"trips": [{"country": typed}]})
    assert str(err.value) == f"trips[0].country: {message}"


# -- the vocabulary ------------------------------------------------------------------------


def test_trip_has_one_field_per_living_category_and_per_day_count() -> None:
    from tripcost import vocab

    living = {c.name for c in vocab.LIVING} | {c.per_day for c in vocab.LIVING if c.per_day}
    fields = set(Trip.model_fields)
    assert living <= fields
    assert fields - living == {"country", "start", "nights", "consultation", "split",
                               "recover_in_country", "vat_refund", "clinic", "treatments", "extras"}  # fmt: skip
    trip = as_plan({"trips": [{"country": "KR"}]}).trips[0]
    for c in vocab.LIVING:
        assert getattr(trip, c.name) == c.default
        if c.per_day:
            assert getattr(trip, c.per_day) == c.per_day_default
    props = plan_schema()["$defs"]["Trip"]["properties"]
    for c in vocab.LIVING:
        assert props[c.name]["enum"] == list(c.tiers)
        assert props[c.name]["default"] == c.default
        if c.per_day:
            assert (props[c.per_day]["maximum"], props[c.per_day]["default"]) == (
                c.per_day_max,
                c.per_day_default,
            )


def test_a_tier_added_to_the_table_is_accepted_and_published(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import dataclasses

    import jsonschema

    from tripcost import vocab

    data = {"trips": [{"country": "KR", "accommodation": "capsule", "meals_per_day": 12}]}
    with pytest.raises(PlanError, match="Input should be 'hostel', 'hotel' or 'luxury'"):
        as_plan(data)
    table = tuple(
        dataclasses.replace(c, tiers=(*c.tiers, "capsule"), default="capsule")
        if c.name == "accommodation"
        else dataclasses.replace(c, per_day_max=12, per_day_default=4)
        if c.name == "food"
        else c
        for c in vocab.LIVING
    )
    monkeypatch.setattr(vocab, "LIVING", table)
    trip = as_plan(data).trips[0]
    assert (trip.accommodation, trip.meals_per_day) == ("capsule", 12)
    assert as_plan({"trips": [{"country": "KR"}]}).trips[0].accommodation == "capsule"
    assert as_plan({"trips": [{"country": "KR"}]}).trips[0].meals_per_day == 4
    schema = plan_schema()
    trip_schema = schema["$defs"]["Trip"]["properties"]
    assert trip_schema["accommodation"]["enum"] == ["hostel", "hotel", "luxury", "capsule"]
    assert trip_schema["accommodation"]["default"] == "capsule"
    assert trip_schema["meals_per_day"]["maximum"] == 12
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
    with pytest.raises(PlanError, match="'hostel', 'hotel', 'luxury' or 'capsule'"):
        as_plan({"trips": [{"country": "KR", "accommodation": "palace"}]})


# -- split -----------------------------------------------------------------------------------


def test_split_is_true_false_or_left_to_tripcost() -> None:
    for value in (True, False, None):
        assert as_plan({"trips": [{"country": "KR", "split": value}]}).trips[0].split is value
    described = plan_schema()["$defs"]["Trip"]["properties"]["split"]
    assert described["default"] is None
    assert "tripcost decides" in described["description"]


# -- files: duplicates, absurd numbers, sizes ---------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("plan.json", '{"trips": [{"country": "KR",\n "nights": 3,\n "nights": 4}]}',
         "plan.json line 3: trips[0].nights: duplicate key"),
        ("plan.json", '{"trips": [{"country": "KR"}, {"country": "TH", "extras": [\n{"name": "a", "name": "b", "amount": 1}]}]}',
         "plan.json line 2: trips[1].extras[0].name: duplicate key"),
        ("plan.json", '{"party": 1,\n"party": 1, "trips": [{"country": "KR"}]}',
         "plan.json line 2: party: duplicate key"),
        ("plan.toml", '[[trips]]\ncountry = "KR"\nnights = 3\nnights = 4\n',
         "plan.toml line 4: trips[0].nights: duplicate key"),
        ("plan.toml", 'currency = "USD"\ncurrency = "KRW"\n[[trips]]\ncountry = "KR"\n',
         "plan.toml line 2: currency: duplicate key"),
        ("plan.toml", '[[trips]]\ncountry = "KR"\n[[trips]]\ncountry = "TH"\n[[trips.extras]]\nname = "a"\nname = "b"\n',
         "plan.toml line 7: trips[1].extras[0].name: duplicate key"),
        ("plan.json", '{"trips": [{"country": "KR", "nights": ' + "1" * 5000 + "}]}",
         "plan.json line 1: trips[0].nights: Input should be less than or equal to 3650 (got a number of 5000 digits)"),
        ("plan.json", '{"trips": [{"country": "KR", "nights": 1e999999}]}',
         "plan.json line 1: trips[0].nights: Input should be less than or equal to 3650 (got 1E+999999)"),
        ("plan.json", '{"trips": [{"country": "KR", "extras": [{"name": "x", "amount": -1e999999}]}]}',
         "plan.json line 1: trips[0].extras[0].amount: amount -1E+999999 is negative"),
        ("plan.json", '{"party": 1e-999999, "trips": [{"country": "KR"}]}',
         "plan.json line 1: party: Input should be a valid integer, got a number with a fraction (got 1E-999999)"),
        ("plan.json", '{"trips": [{"country": "KR", "nights": NaN}]}',
         "plan.json line 1: trips[0].nights: NaN is not a JSON number"),
        ("plan.json", '{"trips": [{"country": "KR", "treatments": [{"treatment": "co2", "sessions": -Infinity}]}]}',
         "plan.json line 1: trips[0].treatments[0].sessions: -Infinity is not a JSON number"),
        ("plan.toml", '[[trips]]\ncountry = "KR"\nnights = ' + "1" * 5000 + "\n",
         "plan.toml line 3: trips[0].nights: a number of 5000 digits is too large"),
        ("plan.toml", '[[trips]]\ncountry = "KR"\nnights = 1e999999\n',
         "plan.toml line 3: trips[0].nights: Input should be less than or equal to 3650 (got 1E+999999)"),
        ("plan.toml", '[[trips]]\ncountry = "KR"\nnights = inf\n',
         "plan.toml line 3: trips[0].nights: Input should be a finite number (got Infinity)"),
        ("plan.toml", 'contingency = nan\n[[trips]]\ncountry = "KR"\n',
         "plan.toml line 1: contingency: Input should be a finite number (got NaN)"),
        ("plan.toml", '[[trips]]\ncountry = "KR"\nstart = 2026-03-02T10:00:00\n',
         "plan.toml line 3: trips[0].start: Input should be a date, not a date and time (got 2026-03-02T10:00:00)"),
        ("plan.toml", '[[trips]]\ncountry = "KR"\n[[trips]]\ncountry = "TH"\nnights = -1\n',
         "plan.toml line 5: trips[1].nights: Input should be greater than or equal to 0 (got -1)"),
    ],
)  # fmt: skip
def test_plan_files_with_duplicates_and_absurd_numbers(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    with pytest.raises(PlanError) as err:
        load_plan(write(tmp_path, name, text))
    assert str(err.value) == f"{tmp_path}/{message}"


def test_plan_files_over_a_mebibyte_are_refused(tmp_path: Path) -> None:
    text = '{"trips": [{"country": "KR"}]}' + " " * (1024 * 1024)
    with pytest.raises(PlanError) as err:
        load_plan(write(tmp_path, "big.json", text))
    assert str(err.value) == f"plan file {tmp_path}/big.json is larger than 1 MiB, the limit"


def test_a_json_schema_key_is_allowed_and_ignored(tmp_path: Path) -> None:
    text = '{"$schema": "https://example.org/plan.json", "trips": [{"country": "KR"}]}'
    plan = load_plan(write(tmp_path, "plan.json", text))
    assert plan == as_plan({"trips": [{"country": "KR"}]})
    assert "$schema" not in plan.model_dump(by_alias=True)
    with pytest.raises(
        PlanError, match=r"plan.json line 1: \$schema: Input should be a string \(got 1\)"
    ):
        load_plan(write(tmp_path, "plan.json", '{"$schema": 1, "trips": [{"country": "KR"}]}'))


def test_counts_are_whole_numbers_low_to_high() -> None:
    assert Count(3, 6) == Count(low=3, high=6)
    assert str(Count(3, 6)) == "3-6"
    assert str(Count(4, 4)) == "4"
    with pytest.raises(PlanError, match=r"^Count\(6, 3\) is an impossible range: 6 > 3$"):
        Count(low=6, high=3)
    with pytest.raises(PlanError, match=r"^Count low True is not a whole number$"):
        Count(low=True, high=3)
    with pytest.raises(PlanError, match=r"^Count high '3' is not a whole number$"):
        Count(low=1, high="3")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "fmt", "path", "line"),
    [
        ("a = 1\n", "toml", "a", 1),
        ("a = 1\n", "toml", "party", None),
        ("a = 1\n", "toml", "x[abc]", None),
        ("a = 1\n", "toml", "", None),
        ("[[trips]]\nx = [{a = 1}]\n", "toml", "trips[0].x[0].a", 2),
        ('{"a": 1,\n"b": {"c": [1, 2]}}', "json", "b.c[1]", 2),
        ('{"a": 1}', "json", "b.c[0]", None),
        ('{"a[b": 1}', "json", "a[b", 1),
    ],
)
def test_the_line_of_a_field(text: str, fmt: str, path: str, line: int | None) -> None:
    from tripcost.planfile import line_of

    assert line_of(text, fmt, path) == line


def test_quoted_toml_keys_are_read_with_their_escapes(tmp_path: Path) -> None:
    text = '"\\u00e9" = 1\n[[trips]]\n"country" = "KR"\n\'nights\' = -1\n'
    with pytest.raises(PlanError) as err:
        load_plan(write(tmp_path, "plan.toml", text))
    assert str(err.value).splitlines() == [
        f"{tmp_path}/plan.toml line 4: trips[0].nights: Input should be greater than or equal to 0 (got -1)",
        f"{tmp_path}/plan.toml line 1: é: unknown key",
    ]


def test_line_of_an_item_of_a_list_is_its_first_field() -> None:
    """An error about a whole trip ("trips[1]: …") points at the trip, not at "trips"."""
    from tripcost.planfile import line_of

    text = ('{\n  "trips": [\n    {"country": "KR"},\n    {"country": "TH",\n'
            '     "nights": 2}\n  ]\n}\n')  # fmt: skip
    assert line_of(text, "json", "trips[1]") == 4
    assert line_of(text, "json", "trips[1].nights") == 5
    toml = '[[trips]]\ncountry = "KR"\n\n[[trips]]\ncountry = "TH"\n[[trips.treatments]]\ntreatment = "x"\n'
    assert line_of(toml, "toml", "trips[1]") == 5
    assert line_of(toml, "toml", "trips[1].treatments[0]") == 7
    assert line_of(toml, "toml", "trips[1].start") == 5  # not set: the trip it is missing from
