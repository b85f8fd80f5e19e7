"""Fuzzing every parser: whatever comes in, the only exceptions are TripcostErrors.

Each parser gets arbitrary text and structurally valid but wrong input; under CI each
runs FUZZ_EXAMPLES (10,000) cases. Another seed: ``pytest --hypothesis-seed=N``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FUZZ_EXAMPLES
from tripcost import FixedRates, Money, Range, TripcostError, estimate
from tripcost.fx import parse_rate_option
from tripcost.money import parse_amount
from tripcost.plan import parse_count, parse_plan
from tripcost.resolve.load import catalog_from_prices

FUZZ = settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
RATES = FixedRates({"USD/KRW": "1450", "USD/THB": "35", "USD/GBP": "0.75", "EUR/USD": "1.1"})
S0 = "000_25cb10808c4daa40.txt"
QUOTE = "**Fractional CO2**       | Deep Boxcar, Rolling, Ice Pick (adjunct) | 5-7 days of peeling/redness | $300 - $700"
COLUMNS = ["country", "treatment", "wording", "unit", "currency", "low", "high", "open_ended",
           "approximate", "statistic", "note", "source", "source_date", "quote"]  # fmt: skip


def tolerant(fn: Callable[[], object]) -> object:
    """Run ``fn``; a TripcostError is an answer, anything else fails the test."""
    try:
        return fn()
    except TripcostError as exc:
        if not str(exc):
            raise AssertionError(f"{type(exc).__name__} without a message") from exc
        return None


# -- strategies --------------------------------------------------------------------

numbers = st.one_of(
    st.integers(-(10**6), 10**16).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(repr),
    st.sampled_from(["1,000", "~230", "1000+", "1e400", "0x10", " 12 ", "", "-0", "1_000", "٣"]),
)
words = st.text(max_size=12)
cells: dict[str, st.SearchStrategy[str]] = {
    "country": st.one_of(st.sampled_from(["KR", "US", "TH", "ZZ", "kr", "XK", "EU", ""]), words),
    "treatment": st.one_of(
        st.sampled_from(["fractional-co2", "rejuran", "Fractional CO2", "co2", ""]), words
    ),
    "wording": words,
    "unit": st.one_of(
        st.sampled_from(["session", "syringe", "treatment", "visit", "night"]), words
    ),
    "currency": st.one_of(st.sampled_from(["USD", "KRW", "usd", "XYZ", "XTS", ""]), words),
    "low": numbers,
    "high": numbers,
    "open_ended": st.one_of(st.sampled_from(["true", "false", "yes", "maybe", ""]), words),
    "approximate": st.one_of(st.sampled_from(["true", "false", "1", "0"]), words),
    "statistic": st.one_of(st.sampled_from(["range", "average", "median"]), words),
    "note": words,
    "source": st.one_of(
        st.sampled_from([S0, "https://example.org/x", "nope.txt", "../etc/passwd", ""]), words
    ),
    "source_date": st.one_of(st.sampled_from(["2026-01-01", "undated", "2024-06", "July"]), words),
    "quote": st.one_of(st.just(QUOTE), st.just("$300 - $700"), words),
}


@st.composite
def price_files(draw: st.DrawFn) -> str:
    header = list(COLUMNS)
    if draw(st.booleans()):
        header = draw(st.permutations(header))
    if draw(st.integers(0, 9)) == 0:
        header.pop(draw(st.integers(0, len(header) - 1)))
    if draw(st.integers(0, 9)) == 0:
        header.append(draw(words))
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for _ in range(draw(st.integers(0, 4))):
        w.writerow([draw(cells.get(col, words)) for col in header])
    return buf.getvalue()


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**13, 10**13), st.floats(allow_nan=False),
    st.text(max_size=10), st.dates(),
)  # fmt: skip


@st.composite
def plan_dicts(draw: st.DrawFn) -> dict[str, Any]:
    def maybe(valid: st.SearchStrategy[Any]) -> Any:
        return draw(st.one_of(valid, scalars) if draw(st.integers(0, 4)) == 0 else valid)

    treatment = st.fixed_dictionaries(
        {"treatment": st.sampled_from(["co2", "rejuran", "dermal-filler", "stem-cell", "fraxl", "laser-resurfacing"])},
        optional={"sessions": st.one_of(st.integers(-2, 12), st.sampled_from(["3-6", "6-3", "1", "3-", "2 to 4"])),
                  "units": st.one_of(st.integers(-1, 3), st.sampled_from(["2", "0.5", "x"]))},
    )  # fmt: skip
    extra = st.fixed_dictionaries(
        {"name": st.text(max_size=8), "amount": st.one_of(numbers, st.integers(-5, 5000))},
        optional={"currency": st.sampled_from(["USD", "KRW", "EUR", "XTS", "usd"]), "per_person": st.booleans()},
    )  # fmt: skip
    trip: dict[str, Any] = {
        "country": maybe(st.sampled_from(["KR", "TH", "US", "CA", "GB", "JP", "UK"]))
    }
    optional = {
        "start": st.dates(dt.date(1990, 1, 1), dt.date(2040, 1, 1)),
        "nights": st.integers(-3, 200),
        "consultation": st.booleans(),
        "split": st.booleans(),
        "recover_in_country": st.booleans(),
        "vat_refund": st.booleans(),
        "accommodation": st.sampled_from(["hostel", "hotel", "luxury", "palace"]),
        "food": st.sampled_from(["street", "casual", "fine"]),
        "transport": st.sampled_from(["public", "taxi", "rocket"]),
        "meals_per_day": st.integers(-1, 12),
        "rides_per_day": st.integers(-1, 60),
        "treatments": st.lists(treatment, max_size=3),
        "extras": st.lists(extra, max_size=2),
    }
    for key, strategy in optional.items():
        if draw(st.booleans()):
            trip[key] = maybe(strategy)
    plan: dict[str, Any] = {"trips": [trip]}
    for key, strategy in {"currency": st.sampled_from(["USD", "KRW", "THB", "VND", "usd"]),
                          "party": st.integers(-1, 5),
                          "contingency": st.sampled_from([0, 0.15, 2, "0.1", -1])}.items():  # fmt: skip
        if draw(st.booleans()):
            plan[key] = maybe(strategy)
    if draw(st.integers(0, 9)) == 0:
        plan[draw(st.text(max_size=6))] = draw(scalars)
    return plan


def toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return repr(v) if v == v and v not in (float("inf"), float("-inf")) else "nan"
    if isinstance(v, dt.date):
        return v.isoformat()
    if v is None:
        return '""'
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return (
            "{" + ", ".join(f"{json.dumps(str(k))} = {toml_value(x)}" for k, x in v.items()) + "}"
        )
    return json.dumps(str(v))


def to_toml(plan: dict[str, Any]) -> str:
    trips = plan.get("trips")
    tables = isinstance(trips, list) and all(isinstance(t, dict) for t in trips)
    lines = [f"{json.dumps(k)} = {toml_value(v)}" for k, v in plan.items()
             if k != "trips" or not tables]  # fmt: skip
    for trip in trips if tables else []:  # type: ignore[union-attr]
        lines.append("[[trips]]")
        lines += [f"{json.dumps(k)} = {toml_value(v)}" for k, v in trip.items()]
    return "\n".join(lines) + "\n"


def price_the(plan: Any) -> None:
    if plan is not None:
        tolerant(lambda: estimate(plan, rates=RATES))


# -- the parsers -----------------------------------------------------------------------


@FUZZ
@given(st.one_of(st.text(), st.binary()))
def test_fuzz_prices_csv_arbitrary(data: str | bytes) -> None:
    tolerant(lambda: catalog_from_prices(data, "fuzz.csv"))


@FUZZ
@given(price_files())
def test_fuzz_prices_csv_structured(text: str) -> None:
    cat = tolerant(lambda: catalog_from_prices(text, "fuzz.csv"))
    if cat is not None:
        for r in cat.prices:  # type: ignore[attr-defined]
            assert 0 <= r.low <= r.high


@FUZZ
@given(st.one_of(st.text(), plan_dicts().map(to_toml)))
def test_fuzz_plan_toml(text: str) -> None:
    price_the(tolerant(lambda: parse_plan(text, "toml", "fuzz.toml")))


@FUZZ
@given(st.one_of(st.text(), plan_dicts().map(lambda d: json.dumps(d, default=str))))
def test_fuzz_plan_json(text: str) -> None:
    price_the(tolerant(lambda: parse_plan(text, "json", "fuzz.json")))


@FUZZ
@given(st.one_of(st.text(), st.integers(), st.floats(), st.tuples(st.integers(), st.integers()),
                 st.builds(lambda a, b, s: f"{a}{s}{b}", st.integers(-5, 200), st.integers(-5, 200),
                           st.sampled_from(["-", "–", " to ", "--", "-+", ""]))))  # fmt: skip
def test_fuzz_session_ranges(value: object) -> None:
    count = tolerant(lambda: parse_count(value))
    if count is not None:
        assert 1 <= count.low <= count.high <= 100  # type: ignore[attr-defined]


@FUZZ
@given(st.one_of(st.text(), numbers, st.floats(), st.integers(), st.decimals(), st.none(), st.booleans()),
       st.sampled_from(["USD", "KRW", "usd", "XXX", "€", ""]))  # fmt: skip
def test_fuzz_amounts(value: Any, currency: str) -> None:
    amount = tolerant(lambda: parse_amount(value))
    if amount is not None:
        assert isinstance(amount, Decimal)
        assert amount.is_finite()
    money = tolerant(lambda: Money(value, currency))
    if money is not None:
        tolerant(lambda: Range(money, money))  # type: ignore[arg-type]


@FUZZ
@given(st.one_of(
    st.text(),
    st.builds(lambda b, q, v: f"{b}/{q}={v}", st.sampled_from(["USD", "KRW", "usd", "XYZ", ""]),
              st.sampled_from(["KRW", "USD", "EUR", "", "KRW/USD"]), numbers),
))  # fmt: skip
def test_fuzz_rate_option(text: str) -> None:
    parsed = tolerant(lambda: parse_rate_option(text))
    if parsed is not None:
        pair, value = parsed  # type: ignore[misc]
        rates = FixedRates({pair: value})
        base, quote = pair.split("/")
        assert rates.rate(base, quote).value == value


# -- plans as mappings and as text with absurd numbers ---------------------------------------

json_leaves = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(-(10**60), 10**60),
    st.floats(), st.decimals(), st.text(max_size=8), st.dates(),
    st.sampled_from(["3-6", "6-3", "KR", "Korea", "korea", "USD", "900", "0.15", "2026-02-30"]),
)  # fmt: skip
json_trees = st.recursive(
    json_leaves,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3),
    max_leaves=8,
)  # fmt: skip


@FUZZ
@given(
    plan_dicts() | json_trees.map(lambda t: {"trips": [t]}) | json_trees.map(lambda t: {"trips": t})
)
def test_fuzz_plan_mappings(data: dict[str, Any]) -> None:
    from tripcost.plan import as_plan

    plan = tolerant(lambda: as_plan(data))
    if plan is not None:
        assert as_plan(plan.model_dump(by_alias=True)) == plan  # type: ignore[attr-defined]
        # JSON out and back in (warnings are errors here: a serializer warning fails)
        assert type(plan).model_validate_json(plan.model_dump_json(by_alias=True)) == plan  # type: ignore[attr-defined]


numerals = st.one_of(
    st.integers(1, 6000).map(lambda n: "9" * n),
    st.builds(lambda m, e: f"{m}e{e}", st.sampled_from(["1", "-1", "0.5", "9" * 50]),
              st.integers(-(10**7), 10**7)),
    st.builds(lambda a, b: f"{a}.{b}", st.integers(0, 99), st.integers(1, 3000).map(lambda n: "0" * n + "1")),
)  # fmt: skip
number_fields = st.sampled_from(
    ["party", "contingency", "nights", "meals_per_day", "sessions", "units", "amount"]
)


@FUZZ
@given(numerals, number_fields, st.sampled_from(["json", "toml"]))
def test_fuzz_plan_absurd_numbers(number: str, field: str, fmt: str) -> None:
    where = {"party": "top", "contingency": "top", "nights": "trip", "meals_per_day": "trip",
             "sessions": "line", "units": "line", "amount": "extra"}[field]  # fmt: skip
    if fmt == "json":
        inner = {"top": "", "trip": f', "{field}": N', "line": "", "extra": ""}[where]
        line = f', "treatments": [{{"treatment": "co2", "{field}": N}}]' if where == "line" else ""
        extra = ', "extras": [{"name": "x", "amount": N}]' if where == "extra" else ""
        head = f'"{field}": N, ' if where == "top" else ""
        text = "{" + head + '"trips": [{"country": "KR"' + inner + line + extra + "}]}"
    else:
        head = f"{field} = N\n" if where == "top" else ""
        trip = f"{field} = N\n" if where == "trip" else ""
        line = f'[[trips.treatments]]\ntreatment = "co2"\n{field} = N\n' if where == "line" else ""
        extra = '[[trips.extras]]\nname = "x"\namount = N\n' if where == "extra" else ""
        text = head + '[[trips]]\ncountry = "KR"\n' + trip + line + extra
    text = text.replace("N", number)
    try:
        parse_plan(text, fmt, "p")
    except TripcostError as exc:
        first = str(exc).splitlines()[0]
        assert len(first) < 300, first
        assert field in first or "invalid TOML" in first, first
