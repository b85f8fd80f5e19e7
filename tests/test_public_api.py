"""Every public callable refuses wrong types with a `TripcostError`, never a bare
TypeError, AttributeError or ValueError from inside the library."""

from __future__ import annotations

import inspect
import itertools
from collections.abc import Callable

import pytest

import tripcost
from tripcost import TripcostError

WRONG: list[object] = [None, 5, 1.5, True, "x", "", [], {}, b"x", object(), ("KR",)]

#: Value types: immutable records the library builds and returns; their constructors
#: are not an input path (they hold already-checked values).
VALUES = {
    "BreakEven", "Calendar", "CompareRow", "Estimate", "Event", "Fact", "Flag", "Line", "Quote",
    "Rate", "Source", "Treatment", "Catalog",
}  # fmt: skip
#: Not callables that take input.
SKIP = {"__version__", "FlagKind", "EventKind", "RateSource", "plan_schema", "EmbeddedRates"}
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
