"""The checks on a calendar's dates: each a flag that names its source."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from tripcost import load_catalog
from tripcost.calendar import Calendar, schedule
from tripcost.fx import FixedRates

PLANS = Path(__file__).parent / "plans"
CAT = load_catalog()
RATES = FixedRates({"USD/KRW": "1450"})
VISA_QUOTE = "'Most international patients need a medical visa (C-3-3), valid up to 90 days.'"
BOOK_QUOTE = "'appointments should be booked 2-4 weeks ahead'"
VAT_END = "https://medinkorea.com/korea-cosmetic-surgery-vat-refund-2026/"


def cal(plan: dict[str, Any] | Path, today: dt.date = dt.date(2026, 1, 5)) -> Calendar:
    return schedule(plan, catalog=CAT, rates=RATES, today=today)


def flags(c: Calendar, kind: str) -> list[str]:
    return [f.message for f in c.flags if f.kind == kind]


def trip(**kw: Any) -> dict[str, Any]:
    return {"trips": [{"country": "KR", "consultation": False, **kw}]}


def test_a_stay_beyond_the_visa() -> None:
    # 6 microneedling sessions 28-31 days apart in one stay (split = false): 140-155 nights
    c = cal(trip(start="2026-05-01", split=False,
                 treatments=[{"treatment": "microneedling", "sessions": 6}]))  # fmt: skip
    assert flags(c, "visa") == [
        "stay 1 (arriving 2026-05-01) lasts up to 155 nights, longer than the 90 days a "
        f"medical visa allows (002_1f6f43bd7de01586.txt: {VISA_QUOTE}); allow split stays "
        "(split = true), or give nights"
    ]
    # with nights given (and too many of them), the advice is fewer nights
    given = cal(trip(start="2026-05-01", nights=120, split=True,
                     treatments=[{"treatment": "microneedling", "sessions": 2}]))  # fmt: skip
    assert flags(given, "visa")[0].endswith(
        "give at most 90 nights a stay (split = true spreads the sessions)"
    )


def test_split_stays_fit_the_visa() -> None:
    plan = trip(start="2026-05-01", split=True,
                treatments=[{"treatment": "microneedling", "sessions": 6}])  # fmt: skip
    assert flags(cal(plan), "visa") == []


def test_downtime_past_departure() -> None:
    # 3 nights; fractional CO2's downtime is 5-7+ days (000): it ends 05-06 to 05-08
    plan = trip(start="2026-05-01", nights=3,
                treatments=[{"treatment": "fractional-co2", "sessions": 1}])  # fmt: skip
    (msg,) = flags(cal(plan), "downtime")
    assert msg.startswith(
        "downtime runs past the departure after fractional-co2 session 1 (to 2026-05-08): "
        "fractional-co2 5-7+ days (000_25cb10808c4daa40.txt) (000_25cb10808c4daa40.txt: "
    )
    assert msg.endswith("set recover_in_country = true to stay for it, or plan to recover at home")
    assert flags(cal({**plan, "trips": [{**plan["trips"][0], "nights": 7}]}), "downtime") == []
    recovering = {**plan["trips"][0], "recover_in_country": True}
    assert flags(cal({"trips": [recovering]}), "downtime") == []


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (dt.date(2026, 1, 5), []),
        (dt.date(2026, 2, 2), []),  # the earliest book-by day itself
        (dt.date(2026, 2, 10), [
            "book by (stay 1): today (2026-02-10) is inside the window; act by 2026-02-16: "
            f"booking_lead_time: 2-4 weeks (001_d4dca57880d3696d.txt) "
            f"(001_d4dca57880d3696d.txt: {BOOK_QUOTE})"
        ]),
        (dt.date(2026, 2, 17), [
            "book by (stay 1): the last day was 2026-02-16, before today (2026-02-17): "
            f"booking_lead_time: 2-4 weeks (001_d4dca57880d3696d.txt) "
            f"(001_d4dca57880d3696d.txt: {BOOK_QUOTE})",
            "apply for the visa by (stay 1) (if your passport needs a visa): today "
            "(2026-02-17) is inside the window; act by 2026-02-18: visa_processing: 12-14 "
            "days (001_d4dca57880d3696d.txt) (001_d4dca57880d3696d.txt: 'A medical visa is "
            "required, with clear documentation and a typical processing time of 12-14 days.')",
        ]),
    ],
)  # fmt: skip
def test_deadlines_against_today(today: dt.date, expected: list[str]) -> None:
    assert flags(cal(PLANS / "seoul_co2.toml", today), "deadline") == expected


def test_a_refund_rule_not_in_force_on_a_session_date() -> None:
    # rejuran 3 sessions from 2025-10-01, 28-56 days apart: the 3rd on 2025-11-26 at the
    # earliest, 2026-01-21 at the latest; the special provision ran through 2025-12-31
    plan = trip(start="2025-10-01", nights=7, split=True, vat_refund=True,
                treatments=[{"treatment": "rejuran", "sessions": 3}])  # fmt: skip
    c = cal(plan, dt.date(2025, 9, 1))
    (msg,) = flags(c, "vat_refund")
    assert msg.startswith(
        f"VAT refund not in force for 1 of 3 sessions (on 2026-01-21): {VAT_END} (2026-05-21) "
        "says it ran through 2025-12-31"
    )
    # "depart within three months from the date of cosmetic surgery": 2025-10-01 + 3 months
    by = next(e for e in c.events if e.what == "depart by for the VAT refund (stay 1)")
    assert (by.earliest, by.latest) == (dt.date(2026, 1, 1), dt.date(2026, 1, 1))
    assert (
        by.sources[0].quote
        == "Persons who depart within three months from the date of cosmetic surgery"
    )


def test_a_stay_that_departs_after_the_refund_deadline() -> None:
    plan = trip(start="2025-06-02", nights=100, vat_refund=True,
                treatments=[{"treatment": "rejuran", "sessions": 1}])  # fmt: skip
    # 2025-06-02 + 3 months = 2025-09-02; + 100 nights = 2025-09-10
    assert flags(cal(plan, dt.date(2025, 1, 1)), "vat_refund") == [
        "stay 1 may depart on 2025-09-10, after 2025-09-02: vat_refund_departure_window: 3 "
        "months after the procedure (https://english.visitkorea.or.kr/enu/ATR/MK_ENG_1_1.jsp"
        "?CID=2755181&cid=2756596: 'Persons who depart within three months from the date of "
        "cosmetic surgery')"
    ]


def test_no_refund_event_without_vat_refund() -> None:
    c = cal(PLANS / "seoul_co2.toml")
    assert not [e for e in c.events if e.kind == "refund_depart_by"]
    assert flags(c, "vat_refund") == []


def test_a_country_without_booking_or_visa_rules_says_so() -> None:
    plan = {"trips": [{"country": "TH", "start": "2026-03-02", "nights": 7,
                       "treatments": [{"treatment": "laser-resurfacing", "sessions": 1}]}]}  # fmt: skip
    c = schedule(plan, catalog=CAT, rates=FixedRates({"USD/THB": "35"}), today=dt.date(2026, 1, 5))
    assert flags(c, "missing") == [
        "no booking lead time for TH in the catalog; no book-by date",
        "no visa processing time for TH in the catalog; no visa apply-by date",
    ]
    assert [e.kind for e in c.events][:2] == ["arrival", "session"]
