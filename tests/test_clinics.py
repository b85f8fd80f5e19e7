"""The kind of clinic: 004's "Average Price Point" as a half of the range, by hand."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strategies import long_amounts
from tripcost import FixedRates, estimate, load_catalog
from tripcost.money import exact
from tripcost.rules.costs import half
from tripcost.vocab import CLINIC_TYPES, PRICE_POINTS, Clinic, FlagKind

FIXED = FixedRates({"USD/KRW": "1450"})
SEED = "004_d65572b616b5df97.txt"


def line_of(clinic: dict[str, Any], treatment: dict[str, Any], country: str = "KR") -> Any:
    plan = {"trips": [{"country": country, "nights": 0, "consultation": False, **clinic,
                       "treatments": [{"sessions": 1, **treatment}]}]}  # fmt: skip
    est = estimate(plan, rates=FIXED)
    return est.lines[0], est.flags


# -- the rule ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("low", "high", "upper", "expected"),
    [
        ("300", "700", False, ("300", "500")),  # (300 + 700) / 2 = 500
        ("300", "700", True, ("500", "700")),
        ("39", "300", False, ("39", "169.5")),  # (39 + 300) / 2 = 169.5
        ("400", "400", True, ("400", "400")),  # one figure: both halves are it
        ("0.01", "0.02", False, ("0.01", "0.015")),
    ],
)
def test_the_halves_split_at_the_midpoint(
    low: str, high: str, upper: bool, expected: tuple[str, str]
) -> None:
    with exact():
        got = half(Decimal(low), Decimal(high), upper)
    assert got == (Decimal(expected[0]), Decimal(expected[1]))


def test_the_same_rule_on_float64_arrays() -> None:
    low, high = np.array([300.0, 39.0]), np.array([700.0, 300.0])
    lo, hi = half(low, high, upper=False)
    assert lo.tolist() == [300.0, 39.0]
    assert hi.tolist() == [500.0, 169.5]
    lo, hi = half(low, high, upper=True)
    assert lo.tolist() == [500.0, 169.5]
    assert hi.tolist() == [700.0, 300.0]


# -- the data ------------------------------------------------------------------------------


def test_the_rules_quote_the_table_row_of_each_kind() -> None:
    cat = load_catalog()
    for kind in Clinic:
        (row,) = cat.rule(f"clinic_{kind}", "KR")
        assert row.source == SEED
        assert row.low is None
        assert row.high is None
        assert row.quote.startswith(CLINIC_TYPES[kind])
        stated = [p for p in PRICE_POINTS if row.quote.endswith(p)]
        assert stated == (["Mid-low"] if kind is Clinic.CHAIN else ["Mid-high"])


# -- an estimate ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "unit_low", "unit_high"),
    [
        # 000: CO2 "$300 - $700"; midpoint (300 + 700) / 2 = 500
        ("chain", 300, 500),  # "Mid-low": the lower half
        ("boutique", 500, 700),  # "Mid-high": the upper half
        ("international", 500, 700),
        (None, 300, 700),  # no kind: the whole range, as before
    ],
)
def test_a_trip_clinic_takes_its_half(kind: str | None, unit_low: int, unit_high: int) -> None:
    trip = {"clinic": kind} if kind else {}
    line, flags = line_of(trip, {"treatment": "fractional-co2"})
    assert (line.unit_low.amount, line.unit_high.amount) == (unit_low, unit_high)
    said = [f.message for f in flags if "Average Price Point" in f.message]
    if kind is None:
        assert not said
        return
    point = "Mid-low" if kind == "chain" else "Mid-high"
    side = "lower" if kind == "chain" else "upper"
    assert [f.kind for f in flags if f.message in said] == [FlagKind.ASSUMPTION]
    assert said == [
        f"fractional-co2: {CLINIC_TYPES[Clinic(kind)]}: the {side} half of the range, "
        f"{unit_low}.00–{unit_high}.00 USD of 300.00–700.00 USD, as {SEED} rates its "
        f"'Average Price Point' '{point}' (an interpretation: no source states this figure)"
    ]
    assert SEED in [s.ref for s in line.sources]
    assert f"({point!r})" in line.note


def test_a_line_says_otherwise_than_its_trip() -> None:
    line, _ = line_of({"clinic": "chain"}, {"treatment": "fractional-co2", "clinic": "boutique"})
    assert (line.unit_low.amount, line.unit_high.amount) == (500, 700)


def test_an_open_ended_high_stays_open_in_the_upper_half_only() -> None:
    # 000: filler "$400 - $1000+ per syringe", one syringe a session; midpoint 700
    lower, _ = line_of({"clinic": "chain"}, {"treatment": "dermal-filler", "units": 1})
    upper, _ = line_of({"clinic": "boutique"}, {"treatment": "dermal-filler", "units": 1})
    assert (lower.unit_low.amount, lower.unit_high.amount, lower.open_ended) == (400, 700, False)
    assert (upper.unit_low.amount, upper.unit_high.amount, upper.open_ended) == (700, 1000, True)


def test_a_quote_is_not_narrowed() -> None:
    line, flags = line_of({"clinic": "chain"}, {"treatment": "fractional-co2",
                                                "quote": "400-600 USD"})  # fmt: skip
    assert (line.unit_low.amount, line.unit_high.amount) == (400, 600)
    assert not [f for f in flags if "Average Price Point" in f.message]


def test_a_country_no_source_places_keeps_the_whole_range_and_says_so() -> None:
    # US fractional-co2: the catalog's range; 004 speaks of Korea's clinics only
    whole, _ = line_of({}, {"treatment": "fractional-co2"}, country="US")
    line, flags = line_of({"clinic": "chain"}, {"treatment": "fractional-co2"}, country="US")
    assert (line.unit_low, line.unit_high) == (whole.unit_low, whole.unit_high)
    assert (
        "fractional-co2: no source says where a clinic of this kind (Large Chain Clinic) "
        "prices in US; the whole range is used"
    ) in [f.message for f in flags]


# -- invariants ----------------------------------------------------------------------------


@given(long_amounts(), long_amounts())
def test_the_halves_meet_at_the_midpoint_and_cover_the_range(a: Decimal, b: Decimal) -> None:
    low, high = min(a, b), max(a, b)
    with exact():
        lo_half, up_half = half(low, high, False), half(low, high, True)
        assert lo_half[1] == up_half[0]  # they meet
        assert lo_half[1] * 2 == low + high  # at the midpoint, exactly
    assert (lo_half[0], up_half[1]) == (low, high)  # and cover the range
    assert low <= lo_half[1] <= high
    floats = half(np.array([float(low)]), np.array([float(high)]), upper=False)
    assert floats[1][0] == pytest.approx(float(lo_half[1]), rel=1e-12)


TREATMENTS_IN_KR = ["fractional-co2", "rejuran", "pico-toning", "dermal-filler", "subcision"]


@settings(max_examples=20)
@given(st.sampled_from(TREATMENTS_IN_KR), st.integers(1, 6), st.sampled_from(["USD", "KRW"]))
def test_chain_and_boutique_split_the_whole_range(slug: str, sessions: int, cur: str) -> None:
    def unit(kind: str | None) -> tuple[Decimal, Decimal]:
        plan = {"currency": cur, "trips": [{
            "country": "KR", "nights": 0, "consultation": False, "split": True,
            **({"clinic": kind} if kind else {}),
            "treatments": [{"treatment": slug, "sessions": sessions}]}]}  # fmt: skip
        ln = estimate(plan, rates=FIXED).lines[0]
        return ln.amount_low.amount, ln.amount_high.amount

    whole, chain, boutique = unit(None), unit("chain"), unit("boutique")
    assert chain[0] == whole[0]
    assert chain[1] == boutique[0]
    assert boutique[1] == whole[1]
    assert unit("international") == boutique
