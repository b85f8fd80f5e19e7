"""The outputs as programs read them: JSON against its published schema, flat CSV cells,
no Python repr anywhere, `Estimate.to_dict()` equal to what the command line prints."""

from __future__ import annotations

import copy
import csv
import io
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tripcost import FixedRates, estimate
from tripcost.cli import COMMANDS, main
from tripcost.money import currency_digits

PLANS = Path(__file__).parent / "plans"
#: a fixed rate for every currency the catalog prices in (so nothing depends on today)
PAIRS = {"USD/KRW": "1450", "USD/GBP": "0.75", "USD/CAD": "1.4", "USD/AUD": "1.5",
         "USD/SGD": "1.3", "USD/INR": "85", "USD/THB": "35", "USD/TRY": "40", "USD/MXN": "18",
         "EUR/USD": "1.1", "USD/KWD": "0.31"}  # fmt: skip
RATES = [x for pair, v in PAIRS.items() for x in ("--rate", f"{pair}={v}")]

#: two trips, a party of two, a refund, a contingency, extras in two currencies
TWO_TRIPS = {
    "currency": "USD", "party": 2, "contingency": "0.1",
    "trips": [
        {"country": "KR", "start": "2026-03-02", "nights": 10, "split": True, "vat_refund": True,
         "treatments": [{"treatment": "pico-toning", "sessions": "2-4"},
                        {"treatment": "rejuran", "sessions": 2}],
         "extras": [{"name": "flight", "amount": "900", "currency": "USD", "per_person": True},
                    {"name": "sim card", "amount": "30000", "currency": "KRW"}]},
        {"country": "TH", "nights": 7, "accommodation": "luxury", "food": "fine",
         "treatments": [{"treatment": "laser-resurfacing", "sessions": 1}]},
    ],
}  # fmt: skip


@pytest.fixture(scope="module")
def plan_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("plans")
    two = folder / "two_trips.json"
    two.write_text(json.dumps(TWO_TRIPS), encoding="utf-8")
    return {"seoul": PLANS / "seoul_co2.toml", "glass": PLANS / "glass_skin.json", "two": two}


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    code = main(args)
    out, err = capsys.readouterr()
    assert (code, err) == (0, ""), err
    return out


def schema(name: str, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(run(["schema", name], capsys))
    jsonschema.Draft202012Validator.check_schema(doc)
    return doc


def validator(name: str, capsys: pytest.CaptureFixture[str]) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema(name, capsys))


# -- the schemas ---------------------------------------------------------------------------

ESTIMATES = [
    ("seoul", []), ("seoul", ["--currency", "KRW"]), ("glass", []),
    ("glass", ["--currency", "USD"]), ("two", []), ("two", ["--currency", "EUR"]),
    ("two", ["--currency", "KWD"]), ("two", ["--currency", "KRW"]),
]  # fmt: skip

COMPARISONS = [
    ["compare", "fractional-co2"],
    ["compare", "laser-resurfacing", "--currency", "KRW"],
    ["compare", "dermal-filler", "--sessions", "3-6", "--nights", "7", "--home", "US"],
    ["compare", "pico-toning", "--policy", "each", "--currency", "EUR"],
    ["compare", "subcision", "--policy", "each", "--nights", "7", "--home", "GB"],
    ["compare", "dermal-filler", "--unit", "syringe"],
    ["compare", "stem-cell", "--unit", "treatment", "--home", "US"],
    ["compare", "laser-resurfacing", "tca-cross", "--home", "US", "--sessions", "2"],
    ["compare", "rejuran", "--countries", "KR,TH", "--nights", "5", "--extra", "flight=900",
     "--party", "2", "--currency", "KWD"],
]  # fmt: skip


def test_the_three_schemas_are_draft_2020_12(capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("plan", "estimate", "compare"):
        doc = schema(name, capsys)
        assert doc["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert json.loads(run(["schema"], capsys))["title"] == "tripcost plan"  # the default


@pytest.mark.parametrize(("plan", "extra"), ESTIMATES)
def test_estimate_json_matches_its_schema(
    plan: str, extra: list[str], plan_files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    doc = json.loads(run(["estimate", str(plan_files[plan]), "--format", "json", *extra,
                          *RATES], capsys))  # fmt: skip
    validator("estimate", capsys).validate(doc)
    assert doc["lines"]


@pytest.mark.parametrize("args", COMPARISONS)
def test_compare_json_matches_its_schema(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    rows = json.loads(run([*args, "--format", "json", *RATES], capsys))
    validator("compare", capsys).validate(rows)
    assert rows
    assert len({tuple(r) for r in rows}) == 1  # every row of one comparison has the same keys


def test_the_plans_used_here_match_the_plan_schema(
    plan_files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    v = validator("plan", capsys)
    v.validate(TWO_TRIPS)
    v.validate(json.loads((PLANS / "glass_skin.json").read_text(encoding="utf-8")))


def _estimate_doc(plan_files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> Any:
    return json.loads(run(["estimate", str(plan_files["two"]), "--format", "json", *RATES],
                          capsys))  # fmt: skip


def _set(path: tuple[str | int, ...], value: object) -> Any:
    def change(doc: Any) -> Any:
        doc = copy.deepcopy(doc)
        where = doc
        for key in path[:-1]:
            where = where[key]
        if value is _DROP:
            del where[path[-1]]
        else:
            where[path[-1]] = value
        return doc

    return change


_DROP = object()

WRONG_ESTIMATES = {
    "a count as a string": _set(("lines", 0, "qty_low"), "4"),
    "a count with a fraction": _set(("lines", 0, "qty_high"), 4.5),
    "an amount as a number": _set(("total", "low"), 8082),
    "dollars without cents": _set(("total", "high"), "151"),
    "won with cents": _set(("total", "currency"), "KRW"),  # "8082.00" has no place in won
    "a deposit without its currency": _set(("deposit", "currency"), _DROP),
    "a flag missing": _set(("total", "approximate"), _DROP),
    "a rate as a number": _set(("rates", 0, "rate"), 1450),
    "a rate as a nested object": _set(("rates", 0, "date"), {"year": 2026}),
    "an unknown key": _set(("lines", 0, "colour"), "red"),
    "an unknown flag kind": _set(("flags", 0, "kind"), "whatever"),
}


@pytest.mark.parametrize("case", list(WRONG_ESTIMATES))
def test_a_wrong_estimate_fails_its_schema(
    case: str, plan_files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    doc = _estimate_doc(plan_files, capsys)
    v = validator("estimate", capsys)
    v.validate(doc)
    with pytest.raises(jsonschema.ValidationError):
        v.validate(WRONG_ESTIMATES[case](doc))


WRONG_ROWS = {
    "a count as a string": _set((0, "sessions_low"), "3"),
    "an amount as a number": _set((0, "low"), 110),
    "dollars without cents": _set((0, "trip_low"), "2346"),
    "a saving without its currency": _set((0, "saving_currency"), _DROP),
    "a trip without its flag": _set((0, "trip_approximate"), _DROP),
    "a rates cell as text": _set((0, "rates"), "1 USD = 1450 KRW"),
    "half a group": _set((0, "total_low"), _DROP),
}


@pytest.mark.parametrize("case", list(WRONG_ROWS))
def test_a_wrong_comparison_fails_its_schema(case: str, capsys: pytest.CaptureFixture[str]) -> None:
    rows = json.loads(run([*COMPARISONS[2], "--format", "json", *RATES], capsys))
    rows.sort(key=lambda r: r["low"] is None)  # a priced row first
    v = validator("compare", capsys)
    v.validate(rows)
    with pytest.raises(jsonschema.ValidationError):
        v.validate(WRONG_ROWS[case](rows))


# -- what a program reads ------------------------------------------------------------------

_MONEY_KEYS = ("low", "high", "amount")


def _money_fields(doc: Any, where: str = "") -> Iterator[tuple[str, str, str]]:
    """(where, amount, currency) of every money string, by the naming rule: ``P_low``,
    ``P_high`` and ``P_amount`` are in ``P_currency`` (``currency`` when P is empty)."""
    if isinstance(doc, list):
        for i, item in enumerate(doc):
            yield from _money_fields(item, f"{where}[{i}]")
        return
    if not isinstance(doc, dict):
        return
    for key, value in doc.items():
        head, _, last = key.rpartition("_")
        if (last if head else key) in _MONEY_KEYS and isinstance(value, str):
            cur_key = f"{head}_currency" if head else "currency"
            assert cur_key in doc, f"{where}.{key} has no {cur_key}"
            yield f"{where}.{key}", value, doc[cur_key]
        elif isinstance(value, dict | list) and key != "rates":
            yield from _money_fields(value, f"{where}.{key}")


def _check_money(doc: Any) -> int:
    seen = 0
    for where, amount, cur in _money_fields(doc):
        exponent = Decimal(amount).as_tuple().exponent
        assert exponent == -currency_digits(cur), f"{where} = {amount!r} in {cur}"
        seen += 1
    return seen


@pytest.mark.parametrize("args", COMPARISONS)
def test_every_compare_amount_has_its_currency_and_its_digits(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    rows = json.loads(run([*args, "--format", "json", *RATES], capsys))
    assert _check_money(rows) > 0


@pytest.mark.parametrize(("plan", "extra"), ESTIMATES)
def test_every_estimate_amount_has_its_currency_and_its_digits(
    plan: str, extra: list[str], plan_files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    doc = json.loads(run(["estimate", str(plan_files[plan]), "--format", "json", *extra,
                          *RATES], capsys))  # fmt: skip
    assert _check_money(doc) > 4 * len(doc["lines"])
    for line in doc["lines"]:
        assert type(line["qty_low"]) is int
        assert type(line["qty_high"]) is int


def test_usd_amounts_always_have_two_digits(capsys: pytest.CaptureFixture[str]) -> None:
    rows = json.loads(run(["compare", "laser-resurfacing", "--format", "json", *RATES], capsys))
    th = next(r for r in rows if r["country"] == "TH")
    assert (th["low"], th["high"]) == ("151.00", "500.00")  # not "151" beside "2549.90"
    rows = json.loads(run(["compare", "laser-resurfacing", "--currency", "KRW",
                           "--format", "json", *RATES], capsys))  # fmt: skip
    th = next(r for r in rows if r["country"] == "TH")
    assert (th["low"], th["high"]) == ("218950", "725000")  # won: no minor unit


def test_the_table_marks_match_the_json_flags(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["compare", "subcision", "--countries", "KR", "--nights", "7", "--sessions", "3"]
    table = run([*args, *RATES], capsys)
    (row,) = json.loads(run([*args, "--format", "json", *RATES], capsys))
    # 001 prices Korea's subcision "~$230": the price, course and trip are approximate
    assert row["approximate"] is row["total_approximate"] is row["trip_approximate"] is True
    assert table.count("~$") >= 3


# -- CSV: flat cells, a row's own rate -----------------------------------------------------


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


RATE_COLUMNS = ["rate_base", "rate_quote", "rate", "rate_date", "rate_source"]


def test_compare_csv_rows_carry_their_own_rate(capsys: pytest.CaptureFixture[str]) -> None:
    out = run(["compare", "laser-resurfacing", "--countries", "KR,TH,IN,US", "--format", "csv",
               *RATES], capsys)  # fmt: skip
    rows = {r["country"]: r for r in csv_rows(out)}
    assert list(rows["KR"])[-5:] == RATE_COLUMNS
    # Thailand's price is stated in USD; India's in rupees (1 USD = 85 INR)
    assert [rows["TH"][c] for c in RATE_COLUMNS] == ["", "", "", "", ""]
    assert rows["IN"]["rate_base"] == "INR"
    assert rows["IN"]["rate_quote"] == "USD"
    assert Decimal(rows["IN"]["rate"]) * 85 == pytest.approx(Decimal(1))
    assert rows["IN"]["rate_source"] == "fixed rate (given by the user)"


def test_estimate_csv_lines_carry_their_own_rate(
    plan_files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    out = run(["estimate", str(plan_files["two"]), "--format", "csv", *RATES], capsys)
    rows = csv_rows(out)
    by_item = {(r["country"], r["item"]): r for r in rows}
    assert list(rows[0])[-5:] == RATE_COLUMNS
    assert by_item[("KR", "flight")]["rate"] == ""  # stated in USD, shown in USD
    sim = by_item[("KR", "sim card")]
    assert (sim["rate_base"], sim["rate_quote"], sim["rate_date"]) == ("KRW", "USD", "2026-03-02")
    assert sim["unit_price_low"] == "20.69"  # 30,000 won at 1,450 a dollar
    doc = json.loads(run(["estimate", str(plan_files["two"]), "--format", "json", *RATES], capsys))
    assert len(doc["lines"]) == len(rows)
    for line, row in zip(doc["lines"], rows, strict=True):
        assert row["rate"] == "; ".join(r["rate"] for r in line["rates"])


def _all_outputs(plan: Path) -> Iterator[tuple[list[str], str]]:
    commands = {
        "compare": [["compare", "dermal-filler", "--sessions", "3-6", "--nights", "7",
                     "--home", "US"], ["compare", "pico-toning", "--policy", "each"]],
        "estimate": [["estimate", str(plan)], ["estimate", str(PLANS / "glass_skin.json")]],
        "convert": [["convert", "869000", "KRW", "USD"], ["convert", "5", "USD", "USD"]],
        "treatments": [["treatments"]], "countries": [["countries"]], "sources": [["sources"]],
        "schema": [["schema"], ["schema", "estimate"], ["schema", "compare"]],
        "coverage": [["coverage"]], "calendar": [["calendar", str(PLANS / "seoul_co2.toml")]],
    }  # fmt: skip
    assert set(commands) == set(COMMANDS)  # a new command is added here too
    for variants in commands.values():
        for args in variants:
            for fmt in ("table", "csv", "json", "markdown"):
                rates = RATES if args[0] in ("compare", "estimate", "convert") else []
                yield [*args, "--format", fmt, *rates], fmt


def test_no_python_repr_in_any_output(
    plan_files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    seen = 0
    for args, fmt in _all_outputs(plan_files["two"]):
        out = run(args, capsys)
        for repr_mark in ("Decimal(", "datetime.date(", "{'", "[{", "Money(", "Range("):
            assert repr_mark not in out, (args, repr_mark)
        if fmt == "csv" and args[0] != "schema":  # a schema is JSON in every format
            for row in csv.reader(io.StringIO(out)):
                assert not any(c.startswith(("{", "[")) for c in row), (args, row)
        seen += 1
    assert seen == 4 * 14


# -- Python values -------------------------------------------------------------------------


@pytest.mark.parametrize("plan", ["seoul", "glass", "two"])
@pytest.mark.parametrize("currency", ["USD", "KRW", "EUR"])
def test_to_dict_is_what_the_command_line_prints(
    plan: str, currency: str, plan_files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    printed = json.loads(run(["estimate", str(plan_files[plan]), "--format", "json",
                              "--currency", currency, *RATES], capsys))  # fmt: skip
    est = estimate(plan_files[plan], currency=currency, rates=FixedRates(PAIRS))
    doc = est.to_dict()
    assert json.loads(json.dumps(doc)) == doc  # json.dumps-ready, nothing lost
    assert doc == printed
    assert est.records() == doc["lines"]
    json.dumps(est.records())


def test_str_of_an_estimate_is_its_table(plan_files: dict[str, Path]) -> None:
    est = estimate(plan_files["seoul"], rates=FixedRates(PAIRS))
    text = str(est)
    assert text.startswith("estimate · USD\nTrip  Item")
    assert "TOTAL" in text
    assert "$8,082.00  $28,151.90" in text
    assert "17445.79310344827586" not in text


def test_str_of_a_line_and_a_comparison_row_reads_rounded(plan_files: dict[str, Path]) -> None:
    from tripcost import Count, compare_treatments

    est = estimate(plan_files["seoul"], rates=FixedRates(PAIRS))
    assert str(est.lines[0]) == (
        "fractional-co2: 3–6 sessions × $300.00–$700.00 = $900.00–$4,200.00"
    )
    rows = compare_treatments(["subcision", "pico-toning"], countries=["KR", "US"],
                              sessions=Count(low=3, high=3), rates=FixedRates(PAIRS))  # fmt: skip
    shown = {(r.country, r.treatment): str(r) for r in rows}
    assert shown[("KR", "subcision")] == (
        "KR subcision: ~$150.00–$543.00 per session; course ~$450.00–$1,629.00"
    )
    assert shown[("US", "pico-toning")].startswith("US pico-toning: no price (no per-session")
    assert "E-" not in shown[("KR", "pico-toning")]  # converted won, rounded to cents
