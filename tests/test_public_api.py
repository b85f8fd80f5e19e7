"""Every public callable refuses wrong types with a `TripcostError`, never a bare
TypeError, AttributeError or ValueError from inside the library."""

from __future__ import annotations

import datetime as dt
import inspect
import itertools
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

import tripcost
from tripcost import TripcostError
from tripcost.counts import brief

ROOT = Path(__file__).resolve().parents[1]

WRONG: list[object] = [None, 5, 1.5, True, "x", "", [], {}, b"x", object(), ("KR",)]

#: Value types: immutable records the library builds and returns; their constructors
#: are not an input path (they hold already-checked values). The enums are values too:
#: ``FlagKind("x")`` is Python's lookup of a member by its value, and raises ValueError as
#: every Enum does (`test_enums_are_values` pins that); no tripcost input is read by it.
VALUES = {
    "BreakEven", "Calendar", "CompareRow", "Estimate", "Event", "Fact", "Flag", "Line", "Quote",
    "Rate", "Source", "Treatment", "EventKind", "FlagKind",
}  # fmt: skip
#: Not callables that take input (Catalog's constructor is walked below, with Tables).
SKIP = {"__version__", "RateSource", "plan_schema", "EmbeddedRates", "Catalog"}
ERRORS = {name for name in tripcost.__all__ if name.endswith("Error") or name in
          ("UnknownCountry", "UnknownTreatment", "RateNotFound", "RatesUnavailable")}  # fmt: skip


def callables() -> list[tuple[str, Callable[..., object], int]]:
    out = []
    for name in tripcost.__all__:
        if name in VALUES | SKIP | ERRORS:
            continue
        obj = getattr(tripcost, name)
        assert callable(obj), name
        params = [
            p for p in inspect.signature(obj).parameters.values()
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.name != "self"
            and p.default is p.empty
        ]  # fmt: skip
        out.append((name, obj, max(1, len(params))))
    return out


GOOD_FIRST = {
    "Money": ("10", "USD"), "Range": None, "convert": None, "Count": (1, 2),
}  # fmt: skip


def test_the_walk_covers_every_public_name() -> None:
    walked = {name for name, _, _ in callables()}
    assert walked | VALUES | SKIP | ERRORS == set(tripcost.__all__)
    assert len(walked) >= 20


def _keywords(fn: Callable[..., object]) -> list[str]:
    """The keyword inputs of a callable that takes only keywords (a plan model's fields,
    `scenarios`' axes)."""
    fields = getattr(fn, "model_fields", None)
    if fields is not None:
        return list(fields)
    return ["country", "treatment", "sessions"]


@pytest.mark.parametrize(("name", "fn", "arity"), callables(), ids=lambda v: str(v)[:30])
def test_wrong_types_raise_only_tripcost_errors(
    name: str, fn: Callable[..., object], arity: int
) -> None:
    positional = [
        p for p in inspect.signature(fn).parameters.values()
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.name != "self"
    ]  # fmt: skip
    calls: list[tuple[tuple[object, ...], dict[str, object]]] = []
    if positional:
        calls += [(args, {}) for args in itertools.product(WRONG, repeat=min(arity, 2))]
    else:  # keyword-only: each input in turn gets each wrong value
        calls += [((), {key: bad}) for key in _keywords(fn) for bad in WRONG]
    for args, kwargs in calls:
        try:
            fn(*args, **kwargs)
        except TripcostError:
            continue
        except Exception as exc:
            pytest.fail(f"{name}{args!r}{kwargs!r} raised {type(exc).__name__}: {exc}")


def test_convert_takes_an_iso_date_string() -> None:
    from tripcost import FixedRates, Money

    got = tripcost.convert(Money("1450", "KRW"), "USD", on="2025-07-17",
                           rates=FixedRates({"USD/KRW": "1450"}))  # fmt: skip
    assert got.rounded() == Money("1.00", "USD")
    with pytest.raises(TripcostError, match="2025-02-30"):
        tripcost.convert(Money("1", "USD"), "KRW", on="2025-02-30")


def test_every_error_class_is_public() -> None:
    """Each error the library raises can be caught by its public name."""
    from tripcost import errors

    assert set(errors.__all__) <= set(tripcost.__all__)
    for name in errors.__all__:
        assert getattr(tripcost, name) is getattr(errors, name)
        assert issubclass(getattr(tripcost, name), TripcostError)


def test_the_extras_list_each_requirement_once() -> None:
    import re
    import tomllib
    from pathlib import Path

    meta = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text("utf-8"))
    groups = {"dependencies": meta["project"]["dependencies"],
              **meta["project"]["optional-dependencies"]}  # fmt: skip
    for group, reqs in groups.items():
        names = [re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0].lower() for r in reqs]
        assert len(names) == len(set(names)), f"{group} lists {names}"


# -- every input of every public function and method, one wrong value at a time -----------

PLAN = {"trips": [{"country": "KR", "start": "2026-03-02", "nights": 7, "consultation": False,
                   "treatments": [{"treatment": "fractional-co2", "sessions": 1}]}]}  # fmt: skip
#: WRONG, and values of a right type that are wrong here
WRONG_TOO: list[object] = [*WRONG, 0, -1, 10**400, float("nan"), Decimal("NaN"), "2026-02-30",
                           dt.datetime(2026, 1, 1, 10), ["KR", 1], {"x": object()}]  # fmt: skip


def _good_calls() -> dict[str, tuple[Callable[..., object], tuple[object, ...], dict[str, object]]]:
    """A call that works, for every public callable and method that takes input."""
    from tripcost import analysis

    fixed = tripcost.FixedRates({"USD/KRW": "1450", "USD/THB": "35", "USD/GBP": "0.75"})
    cat = tripcost.load_catalog()
    live = tripcost.LiveRates(timeout=1, url="http://127.0.0.1:9/")  # closed: unavailable
    r = {"rates": fixed}
    return {
        "estimate": (tripcost.estimate, (PLAN,), {"currency": "KRW", **r, "catalog": cat}),
        "compare_plan": (tripcost.compare_plan, (PLAN, ["KR", "GB"], "GB"),
                         {"currency": "USD", **r, "catalog": cat}),
        "break_even": (tripcost.break_even, (PLAN, "GB"),
                       {"currency": "USD", **r, "catalog": cat, "max_sessions": 3}),
        "compare_treatments": (tripcost.compare_treatments, (["rejuran"],),
                               {"countries": ["KR", "TH"], "currency": "USD", "sessions": 2,
                                "nights": 7, "living": {"accommodation": "hostel"},
                                "extras": [], "home": "TH", "each": False, "unit": None,
                                "quotes": ["KR:rejuran=450000:KRW"], **r, "catalog": cat}),
        "convert": (tripcost.convert, (tripcost.Money("1", "USD"), "KRW"),
                    {"on": "2025-07-17", **r}),
        "schedule": (tripcost.schedule, (PLAN,), {"catalog": cat, **r, "today": "2026-01-05"}),
        "load_plan": (tripcost.load_plan, (PLAN,), {}),
        "load_catalog": (tripcost.load_catalog, (None,), {}),
        "catalog_from_prices": (tripcost.catalog_from_prices,
                                ((ROOT / "data" / "prices.csv").read_text("utf-8"), "p.csv"),
                                {}),
        "fx_sensitivity": (analysis.fx_sensitivity, (PLAN, ["0", "0.1"]),
                           {"base": "USD", "quote": "KRW", "currency": "USD", **r,
                            "catalog": cat}),
        "rates_over_time": (analysis.rates_over_time, (PLAN, [dt.date(2025, 7, 17)]),
                            {"base": "USD", "quote": "KRW", "currency": "USD", "catalog": cat}),
        "Catalog": (tripcost.Catalog, (cat.tables,), {"origin": "x", "unverified": frozenset()}),
        "Catalog.treatments": (cat.treatments, (), {"country": "KR", "category": "laser"}),
        "Catalog.treatment": (cat.treatment, ("co2",), {}),
        "Catalog.ancestors": (cat.ancestors, ("fractional-co2",), {}),
        "Catalog.priced_in": (cat.priced_in, ("fractional-co2",), {}),
        "Catalog.country": (cat.country, ("Korea",), {}),
        "Catalog.is_seed": (cat.is_seed, ("000_25cb10808c4daa40.txt",), {}),
        "Catalog.quotes": (cat.quotes, ("co2", "KR"),
                           {"unit": "session", "syringes": 1, "currency": "KRW", **r,
                            "on": dt.date(2025, 7, 17)}),
        "Catalog.price": (cat.price, ("co2", "KR"),
                          {"unit": "session", "syringes": 1, "currency": "KRW", **r,
                           "on": dt.date(2025, 7, 17)}),
        "Catalog.prices_each": (cat.prices_each, ("co2", "KR"),
                                {"unit": "session", "syringes": 1, "currency": "KRW", **r,
                                 "on": dt.date(2025, 7, 17)}),
        "Catalog.has_price": (cat.has_price, ("co2", "KR", "session"), {}),
        "Catalog.living": (cat.living, ("KR", "accommodation", "hotel"),
                           {"currency": "USD", **r, "on": dt.date(2025, 7, 17)}),
        "Catalog.living_each": (cat.living_each, ("KR", "accommodation", "hotel"), {}),
        "Catalog.fact": (cat.fact, ("co2", "sessions"), {}),
        "Catalog.rule": (cat.rule, ("visa", "KR"), {}),
        "Catalog.frame": (cat.frame, ("living",),
                          {"currency": "USD", "rates": tripcost.EmbeddedRates(),
                           "on": dt.date(2025, 7, 17)}),
        "FixedRates": (tripcost.FixedRates, ({"USD/KRW": "1450"},),
                       {"as_of": dt.date(2025, 7, 17), "source": "mine"}),
        "FixedRates.from_options": (tripcost.FixedRates.from_options, (["USD/KRW=1450"],),
                                    {"as_of": dt.date(2025, 7, 17), "source": "mine"}),
        "FixedRates.rate": (fixed.rate, ("USD", "KRW", dt.date(2025, 7, 17)), {}),
        "EmbeddedRates.rate": (tripcost.EmbeddedRates().rate, ("USD", "KRW", "2025-07-17"), {}),
        "EmbeddedRates.per_eur": (tripcost.EmbeddedRates().per_eur, ("USD", None), {}),
        "LiveRates": (tripcost.LiveRates, (2,),
                      {"url": "http://127.0.0.1:9/", "accept_implausible": True,
                       "reference": fixed}),
        "LiveRates.rate": (live.rate, ("USD", "USD", dt.date(2025, 7, 17)), {}),
        "Plan.model_validate": (tripcost.Plan.model_validate, (PLAN,), {}),
        "Plan.model_validate_json": (tripcost.Plan.model_validate_json,
                                     (json.dumps(PLAN),), {}),
        "Money": (tripcost.Money, ("1", "USD"), {}),
        "Range.of": (tripcost.Range.of, ("1", "2", "USD"), {}),
        "Count": (tripcost.Count, (1, 2), {}),
        "ClinicQuote.parse": (tripcost.ClinicQuote.parse, ("KR:rejuran=450000:KRW",), {}),
    }  # fmt: skip


def _inputs(fn: Callable[..., object], args: tuple[object, ...]) -> list[str | int]:
    """Each input of ``fn``: positions of ``args``, then every named parameter besides."""
    params = [p for p in inspect.signature(fn).parameters.values()
              if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]  # fmt: skip
    positional = [p.name for p in params if p.kind != p.KEYWORD_ONLY][: len(args)]
    return [*range(len(args)), *(p.name for p in params if p.name not in positional)]


GOOD = _good_calls()


def test_the_good_calls_work() -> None:
    for name, (fn, args, kwargs) in GOOD.items():
        if name == "LiveRates.rate":
            continue  # no network in tests: the wrong values are refused before any request
        fn(*args, **kwargs)


def test_the_walk_covers_every_function_that_takes_input() -> None:
    walked = {name.split(".")[0] for name in GOOD}
    takes_input = {n for n, _, _ in callables()} - {
        "Range",
        "Extra",
        "Trip",
        "TreatmentLine",
        "ClinicQuote",
        "scenarios",
        "sweep",
    }
    assert takes_input <= walked | {"load_plan"}, takes_input - walked


@pytest.mark.parametrize("name", sorted(GOOD))
def test_each_input_refuses_wrong_values_with_tripcost_errors(name: str) -> None:
    fn, args, kwargs = GOOD[name]
    failures = []
    for where in _inputs(fn, args):
        for bad in WRONG_TOO:
            a, k = list(args), dict(kwargs)
            if isinstance(where, int):
                a[where] = bad
            else:
                k[where] = bad
            try:
                fn(*a, **k)
            except TripcostError:
                continue
            except Exception as exc:
                failures.append(f"{name} {where}={brief(bad)}: {type(exc).__name__}: {exc}"[:200])
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("name", ["EventKind", "FlagKind"])
def test_enums_are_values(name: str) -> None:
    """Each member is found by its value; anything else is the Enum protocol's ValueError."""
    kind = getattr(tripcost, name)
    assert all(kind(member.value) is member for member in kind)
    for bad in WRONG:
        with pytest.raises(ValueError, match="is not a valid"):
            kind(bad)


def test_sessions_are_read_as_plans_read_them() -> None:
    """compare_treatments takes sessions in every form a plan takes them."""
    fixed = tripcost.FixedRates({"USD/KRW": "1450"})

    def totals(sessions: object) -> list[object]:
        rows = tripcost.compare_treatments(["co2"], countries=["KR"], sessions=sessions,
                                           rates=fixed)  # type: ignore[arg-type]  # fmt: skip
        return [r.total for r in rows]

    expected = totals(tripcost.Count(3, 6))
    assert expected[0] is not None
    assert totals((3, 6)) == totals("3-6") == totals("3 to 6") == expected
    assert totals(2) == totals("2") == totals(tripcost.Count(2, 2))
    with pytest.raises(TripcostError, match="must be at least 1"):
        totals(0)


def test_schedule_takes_an_iso_date_string_for_today() -> None:
    plan = {"trips": [{"country": "KR", "start": "2026-03-02", "nights": 7}]}
    by_text = tripcost.schedule(plan, today="2026-01-05")
    assert by_text == tripcost.schedule(plan, today=dt.date(2026, 1, 5))
    assert by_text.today == dt.date(2026, 1, 5)


def test_the_analysis_frames_take_a_plan_as_estimate_does() -> None:
    from tripcost import analysis

    fixed = tripcost.FixedRates({"USD/KRW": "1450"})
    path = ROOT / "tests" / "plans" / "seoul_co2.toml"
    by_path = analysis.fx_sensitivity(path, ["0", "0.1"], rates=fixed)
    by_plan = analysis.fx_sensitivity(tripcost.load_plan(path), ["0", "0.1"], rates=fixed)
    assert by_path.equals(by_plan)
    by_mapping = analysis.rates_over_time(PLAN, ["2025-07-17", dt.date(2025, 7, 18)])
    assert list(by_mapping["date"]) == [dt.date(2025, 7, 17), dt.date(2025, 7, 18)]


@pytest.mark.parametrize(
    "call",
    [
        lambda: tripcost.FixedRates({"USD/KRW": "1450"}, as_of="soon"),  # was kept, failed later
        lambda: tripcost.compare_treatments(["co2"], unit="x"),  # was 'no per-x price'
        lambda: tripcost.compare_treatments(["co2"], unit=1),
        lambda: tripcost.Count(-1, -1),  # was accepted
    ],
)
def test_more_wrong_inputs_found_by_a_tester_are_refused_at_the_door(
    call: Callable[[], object],
) -> None:
    with pytest.raises(tripcost.TripcostError):
        call()
