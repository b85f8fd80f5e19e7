"""The calendar: dates worked out by hand from the seeds' facts, and the estimate's stays
and nights, scenario by scenario, over random plans."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import event as seen
from hypothesis import given
from hypothesis import strategies as st

from tripcost import estimate, load_catalog
from tripcost.calendar import Calendar, Event, EventKind, schedule
from tripcost.errors import PlanError, TripcostError
from tripcost.fx import FixedRates
from tripcost.plan import Plan

PLANS = Path(__file__).parent / "plans"
CAT = load_catalog()
RATES = FixedRates({"USD/KRW": "1450"})
TODAY = dt.date(2026, 1, 5)
D = dt.date


def dates(cal: Calendar, what: str) -> tuple[dt.date, dt.date]:
    e = event(cal, what)
    return e.earliest, e.latest


def event(cal: Calendar, what: str) -> Event:
    found = [e for e in cal.events if e.what == what]
    assert len(found) == 1, (what, [e.what for e in cal.events])
    return found[0]


@pytest.fixture(scope="module")
def seoul() -> Calendar:
    return schedule(PLANS / "seoul_co2.toml", catalog=CAT, rates=RATES, today=TODAY)


# tests/plans/seoul_co2.toml: start 2026-03-02, stays of 14 nights, split allowed;
# fractional CO2 3-6 sessions, "typically spaced 4-8 weeks apart" (000: 28-56 days);
# subcision 3 sessions "spaced a month apart" (001: 28-31 days).
# A 14-night stay holds 14 // 28 + 1 = 1 session of each, so every stay holds one.
#   low  (3 sessions, 28 days): stays on days 0, 28, 56
#   fast (6 sessions, 28 days): the 4th-6th CO2 sessions on days 84, 112, 140
#   high (6 sessions, 56 days): days 0, 56, 112, 168, 224, 280
# 2026-03-02 + 28 = 03-30, + 56 = 04-27, + 84 = 05-25, + 112 = 06-22, + 140 = 07-20,
# + 168 = 08-17, + 224 = 10-12, + 280 = 12-07.
SEOUL = [
    # 001: "appointments should be booked 2-4 weeks ahead": 03-02 - 28 and - 14 days
    ("book by (stay 1)", D(2026, 2, 2), D(2026, 2, 16)),
    # 001: "a typical processing time of 12-14 days": 03-02 - 14 and - 12 days
    ("apply for the visa by (stay 1)", D(2026, 2, 16), D(2026, 2, 18)),
    ("arrival (stay 1)", D(2026, 3, 2), D(2026, 3, 2)),
    ("fractional-co2 session 1", D(2026, 3, 2), D(2026, 3, 2)),
    # 000: "5-7+ days" of downtime: 03-02 + 5 and + 7 (or later)
    ("fractional-co2 session 1: downtime ends", D(2026, 3, 7), D(2026, 3, 9)),
    # 000: subcision "2-5 days": 03-02 + 2 and + 5
    ("subcision session 1: downtime ends", D(2026, 3, 4), D(2026, 3, 7)),
    ("departure (stay 1)", D(2026, 3, 16), D(2026, 3, 16)),  # 03-02 + 14 nights
    # the next stay: 28 days after the first session at the earliest, 56 at the latest
    ("arrival (stay 2)", D(2026, 3, 30), D(2026, 4, 27)),
    ("book by (stay 2)", D(2026, 3, 2), D(2026, 4, 13)),  # 03-30 - 28, 04-27 - 14
    ("departure (stay 2)", D(2026, 4, 13), D(2026, 5, 11)),  # + 14 nights
    ("fractional-co2 session 3", D(2026, 4, 27), D(2026, 6, 22)),  # days 56 and 112
    # subcision shares the stays, so its 3rd session falls with CO2's
    ("subcision session 3", D(2026, 4, 27), D(2026, 6, 22)),
    ("departure (stay 3)", D(2026, 5, 11), D(2026, 7, 6)),
    # only if the course needs a 4th session: day 84 at 4 weeks, day 168 at 8
    ("fractional-co2 session 4", D(2026, 5, 25), D(2026, 8, 17)),
    ("fractional-co2 session 6", D(2026, 7, 20), D(2026, 12, 7)),  # days 140 and 280
    ("departure (stay 6)", D(2026, 8, 3), D(2026, 12, 21)),  # + 14 nights
]


@pytest.mark.parametrize(("what", "earliest", "latest"), SEOUL, ids=[w for w, _, _ in SEOUL])
def test_seoul_dates_by_hand(
    seoul: Calendar, what: str, earliest: dt.date, latest: dt.date
) -> None:
    assert dates(seoul, what) == (earliest, latest)


def test_seoul_conditions_and_sources(seoul: Calendar) -> None:
    assert seoul.trips[0].stays == (3, 6)  # 3 sessions in 3 stays, 6 in 6
    assert seoul.trips[0].nights == (42, 84)  # 14 nights a stay
    assert event(seoul, "fractional-co2 session 3").condition == ""
    assert event(seoul, "fractional-co2 session 4").condition == "if 4+ sessions (of 3-6)"
    assert event(seoul, "arrival (stay 4)").condition == "if 4+ stays"
    visa = event(seoul, "apply for the visa by (stay 1)")
    assert visa.condition == "if your passport needs a visa"
    assert visa.basis == "visa_processing: 12-14 days (001_d4dca57880d3696d.txt)"
    assert visa.sources[0].quote.endswith("a typical processing time of 12-14 days.")
    down = event(seoul, "fractional-co2 session 1: downtime ends")
    assert down.open_ended
    assert down.basis == "downtime 5-7+ days (000_25cb10808c4daa40.txt)"
    session = event(seoul, "fractional-co2 session 2")
    assert session.basis == "spacing 28-56 days (000_25cb10808c4daa40.txt)"
    assert "typically spaced 4-8 weeks apart" in session.sources[0].quote
    assert [e.kind for e in seoul.events[:3]] == [
        EventKind.BOOK_BY, EventKind.VISA_BY, EventKind.ARRIVAL,
    ]  # fmt: skip
    assert list(seoul.events) == sorted(seoul.events, key=lambda e: (e.earliest, e.latest))
    assert seoul.flags == tuple(f for f in seoul.flags if f.kind != "deadline")  # 2026-01-05


def test_no_nights_split_for_the_visa_with_recovery() -> None:
    # microneedling: 6 sessions "spaced about a month apart" (001: 28-31 days), downtime
    # 2-5 days (000), no nights given, split allowed, recovering in the country.
    # low: 6 at 28 days need 140 nights > 90 (002: "valid up to 90 days"), so a stay
    #   holds 90 // 28 + 1 = 4: days 0, 28, 56, 84, then 84 + 2 days' downtime = day 86;
    #   the next stay 4 × 28 = 112 days after arrival: sessions 112, 140; leaves 140 + 2
    # high: 6 at 31 days, 90 // 31 + 1 = 3 a stay: 0, 31, 62, leaves 62 + 5 = 67;
    #   the next arrives 3 × 31 = 93: sessions 93, 124, 155; leaves 155 + 5 = 160
    plan = {"trips": [{"country": "KR", "start": "2026-05-01", "split": True,
                       "recover_in_country": True, "consultation": False,
                       "treatments": [{"treatment": "microneedling", "sessions": 6}]}]}  # fmt: skip
    cal = schedule(plan, catalog=CAT, rates=RATES, today=TODAY)
    start = D(2026, 5, 1)
    after = [start + dt.timedelta(days=n) for n in (86, 67, 112, 93, 142, 160)]
    assert dates(cal, "departure (stay 1)") == (after[1], after[0])
    assert dates(cal, "arrival (stay 2)") == (after[3], after[2])
    assert dates(cal, "departure (stay 2)") == (after[4], after[5])
    assert dates(cal, "microneedling session 4") == (D(2026, 7, 24), D(2026, 8, 2))  # 84, 93
    # nights: low 86 + 30 = 116, high 67 + 67 = 134: the estimate's
    assert cal.trips[0].nights == (116, 134)
    assert estimate(plan, catalog=CAT, rates=RATES).trips[0].nights == (116, 134)


def test_a_trip_without_a_start_is_refused() -> None:
    with pytest.raises(PlanError) as err:
        schedule(PLANS / "glass_skin.json", catalog=CAT, rates=RATES, today=TODAY)
    assert str(err.value) == (
        "trips[0].start: the calendar dates every event from the trip's start; "
        "give one, like start = 2026-03-02"
    )


def test_the_calendar_is_immutable(seoul: Calendar) -> None:
    with pytest.raises(AttributeError):
        seoul.events[0].earliest = TODAY  # type: ignore[misc]
    assert isinstance(seoul.events, tuple)


def test_several_trips_each_from_its_start() -> None:
    plan = Plan.model_validate({"trips": [
        {"country": "KR", "start": "2026-03-02", "nights": 7,
         "treatments": [{"treatment": "rejuran", "sessions": 1}]},
        {"country": "KR", "start": "2026-09-01", "nights": 7,
         "treatments": [{"treatment": "rejuran", "sessions": 1}]},
    ]})  # fmt: skip
    cal = schedule(plan, catalog=CAT, rates=RATES, today=TODAY)
    arrivals = [(e.trip, e.earliest) for e in cal.events if e.kind == EventKind.ARRIVAL]
    assert arrivals == [(1, D(2026, 3, 2)), (2, D(2026, 9, 1))]
    assert len({e.key for e in cal.events}) == len(cal.events)


SLUGS = sorted(t.slug for t in CAT.treatments(country="KR"))


@st.composite
def plans(draw: st.DrawFn) -> dict[str, Any]:
    trips = []
    for _ in range(draw(st.integers(1, 2))):
        lines = []
        for _ in range(draw(st.integers(0, 3))):
            lo = draw(st.integers(1, 6))
            hi = draw(st.integers(lo, 8))
            lines.append({"treatment": draw(st.sampled_from(SLUGS)), "sessions": f"{lo}-{hi}"})
        trips.append({
            "country": "KR", "start": draw(st.dates(D(2025, 1, 1), D(2027, 12, 31))).isoformat(),
            "nights": draw(st.one_of(st.none(), st.integers(0, 120))),
            "split": draw(st.booleans()), "recover_in_country": draw(st.booleans()),
            "vat_refund": draw(st.booleans()), "consultation": False, "treatments": lines,
        })  # fmt: skip
    return {"trips": trips}


@given(plans())
def test_stays_and_nights_are_the_estimates(plan: dict[str, Any]) -> None:
    """The calendar's stays and nights (its low and high layouts) are the estimate's, and
    every dated stay follows from the layout: arrivals in order, one stay after another."""
    try:
        est = estimate(plan, catalog=CAT, rates=RATES)
    except TripcostError as exc:
        seen(f"refused: {type(exc).__name__}")
        with pytest.raises(type(exc)):
            schedule(plan, catalog=CAT, rates=RATES, today=TODAY)
        return
    cal = schedule(plan, catalog=CAT, rates=RATES, today=TODAY)
    seen("split" if any(t.stays[1] > 1 for t in cal.trips) else "one stay")
    assert len(cal.trips) == len(est.trips)
    for got, want in zip(cal.trips, est.trips, strict=True):
        assert (got.stays, got.nights) == (want.trips, want.nights)
        for lay in (got.low, got.high, got.fast):
            for a, b in zip(lay.stays, lay.stays[1:], strict=False):
                assert a.departure < b.arrival
            for v in lay.visits:
                stay = lay.stays[v.stay - 1]
                assert stay.arrival <= v.day <= stay.departure
        arrivals = [e for e in cal.events if e.trip == got.index and e.kind == EventKind.ARRIVAL]
        assert len(arrivals) == got.stays[1]
        assert all(e.earliest <= e.latest for e in cal.events)
    assert len({e.key for e in cal.events}) == len(cal.events)  # one UID per event


def test_a_session_that_moves_to_a_later_stay_says_so() -> None:
    """3-4 CO2 sessions from 2026-04-06, no nights: at 4 weeks session 3 is in stay 1, at
    8 weeks it needs stay 2 (the 90-day visa); the calendar lists it once, in stay 1,
    with its window across both, and says it may be in stay 2."""
    plan = {"trips": [{"country": "KR", "start": "2026-04-06", "consultation": False,
                       "treatments": [{"treatment": "fractional-co2", "sessions": "3-4"}]}]}  # fmt: skip
    cal = schedule(plan, rates=FixedRates({"USD/KRW": "1450"}), today=dt.date(2026, 1, 1))
    (third,) = [e for e in cal.events if e.kind == "session" and e.number == 3]
    assert (third.stay, third.earliest, third.latest) == (
        1,
        dt.date(2026, 6, 1),
        dt.date(2026, 7, 27),
    )
    assert "in stay 1 to 2" in third.condition
    (first,) = [e for e in cal.events if e.kind == "session" and e.number == 1]
    assert "stay" not in first.condition
