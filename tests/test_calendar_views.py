"""A calendar's outputs: the command in every format, and an .ics file read back."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest

from tripcost import load_catalog
from tripcost.calendar import schedule
from tripcost.cli import main
from tripcost.fx import FixedRates
from tripcost.views.calendar import calendar_ics, uid

PLANS = Path(__file__).parent / "plans"
SEOUL = str(PLANS / "seoul_co2.toml")
TODAY = ["--today", "2026-01-05"]


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_ics_read_back_by_the_library(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["calendar", SEOUL, *TODAY, "--format", "ics"], capsys)
    assert code == 0
    parsed = icalendar.Calendar.from_ical(out)
    events = {str(e["summary"]): e for e in parsed.walk("VEVENT")}
    arrival = events["arrival (stay 1)"]
    assert arrival.decoded("dtstart") == dt.date(2026, 3, 2)
    assert arrival.decoded("dtend") == dt.date(2026, 3, 3)  # one all-day event
    # the next stay: a range of days, 28 to 56 days after the first session (the end is
    # exclusive: the day after the latest)
    second = events["arrival (stay 2)"]
    assert (second.decoded("dtstart"), second.decoded("dtend")) == (
        dt.date(2026, 3, 30), dt.date(2026, 4, 28),
    )  # fmt: skip
    book = events["book by (stay 1)"]
    assert (book.decoded("dtstart"), book.decoded("dtend")) == (
        dt.date(2026, 2, 2), dt.date(2026, 2, 17),
    )  # fmt: skip
    assert "001_d4dca57880d3696d.txt" in str(book["description"])
    later = events["fractional-co2 session 4 (if 4+ sessions (of 3-6))"]
    assert later.decoded("dtstart") == dt.date(2026, 5, 25)
    uids = [str(e["uid"]) for e in parsed.walk("VEVENT")]
    assert len(uids) == len(set(uids)) == len(events)


def test_uids_are_stable_for_a_plan_and_its_edits() -> None:
    cat, rates = load_catalog(), FixedRates({"USD/KRW": "1450"})
    one = schedule(SEOUL, catalog=cat, rates=rates, today=dt.date(2026, 1, 5))
    again = schedule(SEOUL, catalog=cat, rates=rates, today=dt.date(2026, 1, 5))
    later = schedule(SEOUL, catalog=cat, rates=rates, today=dt.date(2026, 2, 1))
    assert calendar_ics(one) == calendar_ics(again)  # byte for byte
    assert [uid(one, e) for e in one.events] == [uid(later, e) for e in later.events]
    assert uid(one, one.events[0]).startswith("t1-s1-book_by.")
    # moved a week later, with other nights and party: the same events, updated
    trip = one.plan.trips[0]
    moved = one.plan.model_copy(
        update={
            "party": 2,
            "trips": [
                trip.model_copy(
                    update={
                        "start": trip.start + dt.timedelta(days=7) if trip.start else None,
                        "nights": 21,
                    }
                )
            ],
        }
    )
    edited = schedule(moved, catalog=cat, rates=rates, today=dt.date(2026, 1, 5))
    assert edited.events[0].earliest != one.events[0].earliest
    assert uid(edited, edited.events[0]) == uid(one, one.events[0])
    # another treatment: another plan, other events
    line = trip.treatments[0].model_copy(update={"treatment": "erbium-yag"})
    other = one.plan.model_copy(update={"trips": [trip.model_copy(update={"treatments": [line]})]})
    changed = schedule(other, catalog=cat, rates=rates, today=dt.date(2026, 1, 5))
    assert uid(changed, changed.events[0]) != uid(one, one.events[0])


def test_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["calendar", SEOUL, *TODAY], capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"{SEOUL} · calendar"
    assert lines[1].split() == ["Date", "Trip", "Stay", "Event", "When", "Basis"]
    assert re.split(r"\s{2,}", lines[3]) == [
        "2026-02-02 – 2026-02-16", "1", "1", "book by (stay 1)", "always",
        "booking_lead_time: 2-4 weeks (001_d4dca57880d3696d.txt)",
    ]  # fmt: skip
    assert (
        "Trip 1 (KR) from 2026-03-02: 3–6 stays, 42–84 nights (as the estimate counts them)" in out
    )
    assert "[schedule] trip 1: split into 3–6 trips: 14 nights a trip, as planned" in out


def test_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["calendar", SEOUL, *TODAY, "--format", "json"], capsys)
    assert code == 0
    doc = json.loads(out)
    assert doc["today"] == "2026-01-05"
    assert doc["trips"] == [{"trip": 1, "country": "KR", "start": "2026-03-02", "stays_low": 3,
                             "stays_high": 6, "nights_low": 42, "nights_high": 84}]  # fmt: skip
    first = doc["events"][0]
    assert {k: first[k] for k in ("kind", "event", "earliest", "latest", "sources")} == {
        "kind": "book_by", "event": "book by (stay 1)", "earliest": "2026-02-02",
        "latest": "2026-02-16", "sources": ["001_d4dca57880d3696d.txt"],
    }  # fmt: skip


def test_csv_and_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["calendar", SEOUL, *TODAY, "--format", "csv"], capsys)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    arrival = next(r for r in rows if r["event"] == "arrival (stay 2)")
    assert (arrival["earliest"], arrival["latest"], arrival["stay"]) == (
        "2026-03-30", "2026-04-27", "2",
    )  # fmt: skip
    code, out, _ = run(["calendar", SEOUL, *TODAY, "--format", "markdown"], capsys)
    assert code == 0
    assert "| 2026-03-02 | 1 | 1 | arrival (stay 1) | always | the plan's start |" in out


def test_errors(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["calendar", str(PLANS / "glass_skin.json")], capsys)
    assert code == 2
    assert err == (
        f"tripcost: error: {PLANS / 'glass_skin.json'} line 6: trips[0].start: the calendar dates "
        "every event from the trip's "
        "start; give one, like start = 2026-03-02\n"
    )
    code, _, err = run(["calendar", SEOUL, "--today", "soon"], capsys)
    assert code == 2
    assert "argument --today: 'soon' is not a date like 2026-01-05" in err
    code, _, err = run(["estimate", SEOUL, "--format", "ics"], capsys)
    assert code == 2  # only the calendar writes iCalendar


def test_ics_to_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "trip.ics"
    code, out, _ = run(["calendar", SEOUL, *TODAY, "--format", "ics", "--output", str(target)],
                       capsys)  # fmt: skip
    assert (code, out) == (0, "")
    parsed = icalendar.Calendar.from_ical(target.read_bytes())
    assert len(parsed.walk("VEVENT")) > 10


def test_import_does_not_load_icalendar() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", "import sys, tripcost; from tripcost import cli, calendar; "
         "print('icalendar' in sys.modules, 'pandas' in sys.modules, 'numpy' in sys.modules)"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert proc.stdout.strip() == "False False False"
