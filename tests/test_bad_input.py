"""The bad-input matrix: every mistake gets a clear error naming the value and where.

Library cases state the input, the `TripcostError` subclass and a fragment of the
message; command-line cases also state the exit code, and check that stderr has one
line of error and no traceback. Files are written under a temporary folder.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import http.server
import json
import os
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar

import pytest

from tripcost import (
    Catalog,
    CatalogError,
    CurrencyError,
    DataFileError,
    EmbeddedRates,
    FixedRates,
    LiveRates,
    Money,
    NoPriceError,
    Plan,
    PlanError,
    Range,
    RangeError,
    RateNotFound,
    RatesUnavailable,
    Trip,
    TripcostError,
    UnknownCountry,
    UnknownTreatment,
    compare_plan,
    compare_treatments,
    convert,
    estimate,
    load_catalog,
    load_plan,
    schedule,
)
from tripcost.errors import OutputError
from tripcost.files import read_limited, write_output
from tripcost.fx import parse_rate_option
from tripcost.plan import parse_count, parse_plan
from tripcost.resolve.load import catalog_from_prices

S0 = "000_25cb10808c4daa40.txt"
HEADER = "country,treatment,wording,unit,currency,low,high,open_ended,approximate,statistic,note,source,source_date,quote"
QUOTE = '"**Fractional CO2**       | Deep Boxcar, Rolling, Ice Pick (adjunct) | 5-7 days of peeling/redness | $300 - $700"'
GOOD = f"KR,fractional-co2,Fractional CO2,session,USD,300,700,false,false,range,,{S0},2026-01-01,{QUOTE}"
FIXED = FixedRates({"USD/KRW": "1450"})
FIX_ARGS = ["--rate", "USD/KRW=1450"]
TRIP_PLAN = {"trips": [{"country": "KR", "nights": 7, "split": True,
                        "treatments": [{"treatment": "co2", "sessions": 1}]}]}  # fmt: skip


def prices(tmp: Path, text: str | bytes) -> Path:
    p = tmp / "prices.csv"
    if isinstance(text, bytes):
        p.write_bytes(text)
    else:
        p.write_text(text, encoding="utf-8")
    return p


def row(**changes: str) -> str:
    cells = dict(zip(HEADER.split(","), GOOD.replace(QUOTE, "Q").split(","), strict=True))
    cells.update(changes)
    return (
        ",".join(cells.values()).replace(",Q", "," + QUOTE)
        if cells["quote"] == "Q"
        else ",".join(cells.values())
    )


def csv_case(text: str | bytes) -> Callable[[Path], object]:
    return lambda tmp: load_catalog(prices(tmp, text))


def plan_file(name: str, text: str) -> Callable[[Path], object]:
    def run(tmp: Path) -> object:
        p = tmp / name
        p.write_text(text, encoding="utf-8")
        return load_plan(p)

    return run


def plan_estimate(data: dict[str, Any]) -> Callable[[Path], object]:
    return lambda tmp: estimate(data, rates=FIXED)


TRIP = '[[trips]]\ncountry = "KR"\n'
TREAT = TRIP + '[[trips.treatments]]\ntreatment = "co2"\nsessions = {}\n'


def big_file(tmp: Path) -> object:
    p = tmp / "prices.csv"
    with p.open("w", encoding="utf-8") as fh:
        fh.write(HEADER + "\n")
        line = (GOOD + "\n").encode()
        fh.write((GOOD + "\n") * (50 * 2**20 // len(line) + 1))
    started = time.monotonic()
    try:
        return load_catalog(p)
    finally:
        assert time.monotonic() - started < 5  # refused before it is parsed


class _Mirror(http.server.BaseHTTPRequestHandler):
    """A forex-python mirror on loopback: /implausible/ says 1 USD = 0.000001 KRW;
    /slow-SECONDS/ answers plausible rates for the base asked, after SECONDS."""

    seen: ClassVar[list[str]] = []
    PER_EUR: ClassVar[dict[str, float]] = {
        "EUR": 1,
        "USD": 1.1,
        "KRW": 1500,
        "THB": 38,
        "GBP": 0.85,
    }

    def do_GET(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        mode = url.path.strip("/").split("/")[0]
        base = urllib.parse.parse_qs(url.query).get("base", ["USD"])[0]
        self.seen.append(url.path)
        if mode == "implausible":
            rates = {"KRW": 0.000001} if base == "USD" else {"USD": 1000000}
        else:
            time.sleep(float(mode.removeprefix("slow-")))
            rates = {c: v / self.PER_EUR[base] for c, v in self.PER_EUR.items() if c != base}
        body = json.dumps({"base": base, "rates": rates}).encode()
        self.send_response(200)
        self.end_headers()
        with contextlib.suppress(OSError):
            self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


_MIRROR: list[str] = []


def mirror(path: str) -> str:
    """The address of ``path`` on a mirror started once for the whole module."""
    if not _MIRROR:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Mirror)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        _MIRROR.append(f"http://127.0.0.1:{server.server_address[1]}")
    return f"{_MIRROR[0]}/{path}/"


def slow_mirror_one_deadline(tmp: Path) -> object:
    """Each reply takes 1.5 s, the deadline is 1 s for all requests of the object:
    the first request is cut, and no other request is made afterwards."""
    live = LiveRates(timeout=1, url=mirror("slow-1.5") + tmp.name)
    with pytest.raises(
        RatesUnavailable, match=r"no answer for USD/KRW within 1 s \(the deadline passed during"
    ):
        live.rate("USD", "KRW")
    for base in ["KRW", "GBP", "EUR"]:
        with pytest.raises(RatesUnavailable, match=r"the deadline had passed"):
            live.rate(base, "USD")
    assert live.requests == 1
    assert sum(1 for p in _Mirror.seen if f"/{tmp.name}/" in p) == 1
    return live.rate("THB", "USD")


def each_base_once(tmp: Path) -> object:
    live = LiveRates(timeout=5, url=mirror("slow-0") + tmp.name)
    for base, quote in [
        ("USD", "KRW"),
        ("USD", "THB"),
        ("KRW", "USD"),
        ("USD", "GBP"),
        ("KRW", "THB"),
    ]:
        assert live.rate(base, quote).value > 0
    assert live.requests == 2
    assert sum(1 for p in _Mirror.seen if f"/{tmp.name}/" in p) == 2
    return live.rate("USD", "VND")


def fifo(tmp: Path) -> Path:
    p = tmp / "fifo"
    if not p.exists():
        os.mkfifo(p)
    return p


def sized(tmp: Path, size: int) -> Path:
    p = tmp / "big.toml"
    with p.open("wb") as fh:
        fh.truncate(size)  # sparse: large without writing it
    return p


def link(tmp: Path, to: Path) -> Path:
    p = tmp / "out.csv"
    p.symlink_to(to)
    return p


API_CASES: list[tuple[str, Callable[[Path], object], type[TripcostError], str]] = [
    # -- prices CSV ---------------------------------------------------------------
    (
        "csv-missing-column",
        csv_case(HEADER.replace(",quote", "") + "\n"),
        DataFileError,
        "prices.csv line 1: missing column(s) quote",
    ),
    (
        "csv-extra-column",
        csv_case(HEADER + ",colour\n" + GOOD + ",red\n"),
        DataFileError,
        "prices.csv line 1: unknown column(s) 'colour'",
    ),
    ("csv-empty", csv_case(""), DataFileError, "prices.csv is empty: expected a header line"),
    (
        "csv-header-only",
        csv_case(HEADER + "\n"),
        DataFileError,
        "prices.csv has a header but no rows",
    ),
    (
        "csv-text-in-number",
        csv_case(HEADER + "\n" + row(low="cheap") + "\n"),
        DataFileError,
        "prices.csv line 2, column 'low': 'cheap' is not a plain decimal number",
    ),
    (
        "csv-thousands",
        csv_case(HEADER + "\n" + row(low='"1,000"', high="2000") + "\n"),
        DataFileError,
        "column 'low': '1,000' is not a plain decimal number; write it without thousands separators",
    ),
    (
        "csv-tilde",
        csv_case(HEADER + "\n" + row(low="~230") + "\n"),
        DataFileError,
        "column 'low': '~230' is not a plain decimal number; write the number and set approximate=true",
    ),
    (
        "csv-plus",
        csv_case(HEADER + "\n" + row(high="700+") + "\n"),
        DataFileError,
        "column 'high': '700+' is not a plain decimal number; write the number and set open_ended=true",
    ),
    (
        "csv-negative",
        csv_case(HEADER + "\n" + row(low="-300") + "\n"),
        DataFileError,
        "column 'low': '-300' is negative",
    ),
    (
        "csv-low-above-high",
        csv_case(HEADER + "\n" + row(low="9000", high="5000") + "\n"),
        DataFileError,
        "prices.csv line 2: low 9000 > high 5000",
    ),
    (
        "csv-nan",
        csv_case(HEADER + "\n" + row(high="NaN") + "\n"),
        DataFileError,
        "column 'high': 'NaN' is not a plain decimal number",
    ),
    (
        "csv-inf",
        csv_case(HEADER + "\n" + row(high="inf") + "\n"),
        DataFileError,
        "column 'high': 'inf' is not a plain decimal number",
    ),
    (
        "csv-unknown-currency",
        csv_case(HEADER + "\n" + row(currency="XYZ") + "\n"),
        DataFileError,
        "column 'currency': currency 'XYZ' is not an ISO 4217 currency code",
    ),
    (
        "csv-lowercase-currency",
        csv_case(HEADER + "\n" + row(currency="usd") + "\n"),
        DataFileError,
        "column 'currency': currency 'usd' is not an ISO 4217 code",
    ),
    (
        "csv-unknown-country",
        csv_case(HEADER + "\n" + row(country="ZZ") + "\n"),
        DataFileError,
        "column 'country': 'ZZ' is not an ISO 3166 country code",
    ),
    (
        "csv-country-name",
        csv_case(HEADER + "\n" + row(country="Korea") + "\n"),
        DataFileError,
        "column 'country': 'Korea' is not an ISO 3166 alpha-2 country code",
    ),
    (
        "csv-duplicate-row",
        csv_case(HEADER + "\n" + GOOD + "\n" + GOOD + "\n"),
        DataFileError,
        "prices.csv line 3: duplicate of line 2 (fractional-co2, KR)",
    ),
    (
        "csv-quote-not-in-source",
        csv_case(HEADER + "\n" + GOOD.replace("$300 - $700", "$300 - $799") + "\n"),
        DataFileError,
        "prices.csv line 2: the quote '**Fractional CO2**",
    ),
    (
        "csv-non-utf8",
        csv_case(
            (HEADER + "\n").encode()
            + GOOD.encode().replace(b"Fractional CO2,", b"Fr\xe4ctional CO2,")
        ),
        DataFileError,
        "prices.csv line 2: byte 0xe4 is not UTF-8",
    ),
    ("csv-50MB", big_file, DataFileError, "is larger than 10 MiB, the limit"),
    (
        "csv-unknown-treatment",
        csv_case(HEADER + "\n" + GOOD.replace("fractional-co2", "fractional-c02") + "\n"),
        DataFileError,
        "line 2, column 'treatment': unknown treatment 'fractional-c02'; did you mean fractional-co2?",
    ),
    (
        "csv-unknown-unit",
        csv_case(HEADER + "\n" + row(unit="jar") + "\n"),
        DataFileError,
        "column 'unit': 'jar' is not one of 'session', 'syringe', 'treatment' or 'visit'",
    ),
    (
        "csv-bad-flag",
        csv_case(HEADER + "\n" + row(open_ended="maybe") + "\n"),
        DataFileError,
        "column 'open_ended': 'maybe' is not true or false",
    ),
    (
        "csv-cell-count",
        csv_case(HEADER + "\n" + GOOD + ",extra\n"),
        DataFileError,
        "prices.csv line 2: 15 cells, the header has 14",
    ),
    (
        "csv-tampered-figures",
        csv_case(HEADER + "\n" + GOOD.replace(",300,700,", ",1,2,") + "\n"),
        DataFileError,
        "prices.csv line 2: low 1 is not a number the quote states",
    ),
    (
        "csv-bad-date",
        csv_case(HEADER + "\n" + row(source_date="July 2025") + "\n"),
        DataFileError,
        "column 'source_date': 'July 2025' is not a date",
    ),
    ("csv-nul", csv_case(HEADER + "\n\x00\n"), DataFileError, "prices.csv contains NUL bytes"),
    (
        "csv-unclosed-quote",
        csv_case(HEADER + '\nKR,"fractional-co2\n'),
        DataFileError,
        "prices.csv line 2: unexpected end of data (a quoted cell is never closed)",
    ),
    (
        "csv-missing-file",
        lambda tmp: load_catalog(tmp / "nope.csv"),
        DataFileError,
        "nope.csv not found",
    ),
    (
        "csv-text-entry",
        lambda tmp: catalog_from_prices(HEADER + "\n" + row(low="abc") + "\n", "mine.csv"),
        DataFileError,
        "mine.csv line 2, column 'low': 'abc'",
    ),
    # -- plan files ------------------------------------------------------------------
    (
        "plan-invalid-toml",
        plan_file("p.toml", '[[trips]]\ncountry = "KR\n'),
        PlanError,
        "invalid TOML: ",
    ),
    (
        "plan-invalid-json",
        plan_file("p.json", '{"trips": [\n{"country": "KR",}]}'),
        PlanError,
        "p.json line 2, column 18: invalid JSON: Expecting property name",
    ),
    (
        "plan-unknown-key",
        plan_file("p.toml", TRIP + "colour = 1\n"),
        PlanError,
        "p.toml line 3: trips[0].colour: unknown key",
    ),
    (
        "plan-wrong-type",
        plan_file("p.toml", TRIP + 'nights = "two"\n'),
        PlanError,
        "trips[0].nights: Input should be a valid integer",
    ),
    (
        "plan-missing-trips",
        plan_file("p.toml", "party = 1\n"),
        PlanError,
        "p.toml: trips: required key is missing",
    ),
    (
        "plan-missing-country",
        plan_file("p.toml", "[[trips]]\nnights = 3\n"),
        PlanError,
        "trips[0].country: required key is missing",
    ),
    (
        "plan-sessions-0",
        plan_file("p.toml", TREAT.format(0)),
        PlanError,
        "trips[0].treatments[0].sessions: sessions 0 must be at least 1",
    ),
    (
        "plan-sessions-negative",
        plan_file("p.toml", TREAT.format(-1)),
        PlanError,
        "sessions -1 must be at least 1",
    ),
    (
        "plan-sessions-6-3",
        plan_file("p.toml", TREAT.format('"6-3"')),
        PlanError,
        "sessions '6-3' is an impossible range: 6 > 3",
    ),
    (
        "plan-sessions-3-",
        plan_file("p.toml", TREAT.format('"3-"')),
        PlanError,
        "sessions '3-' is not a whole number or a range like '3-6'",
    ),
    (
        "plan-sessions-huge",
        plan_file("p.toml", TREAT.format(10**12)),
        PlanError,
        "sessions 1000000000000 is more than 100",
    ),
    (
        "plan-unknown-tier",
        plan_file("p.toml", TRIP + 'accommodation = "palace"\n'),
        PlanError,
        "trips[0].accommodation: Input should be 'hostel', 'hotel' or 'luxury' (got 'palace')",
    ),
    (
        "plan-party-0",
        plan_file("p.toml", "party = 0\n" + TRIP),
        PlanError,
        "p.toml line 1: party: Input should be greater than or equal to 1 (got 0)",
    ),
    (
        "plan-nights-negative",
        plan_file("p.toml", TRIP + "nights = -3\n"),
        PlanError,
        "trips[0].nights: Input should be greater than or equal to 0 (got -3)",
    ),
    (
        "plan-json-list",
        plan_file("p.json", "[]"),
        PlanError,
        "a plan is a table of keys (currency, party, trips), not a list",
    ),
    (
        "plan-bad-currency",
        plan_file("p.toml", 'currency = "EURO"\n' + TRIP),
        PlanError,
        "currency: currency 'EURO' is not an ISO 4217 code",
    ),
    (
        "plan-negative-extra",
        plan_file("p.toml", TRIP + '[[trips.extras]]\nname = "flight"\namount = "-900"\n'),
        PlanError,
        "trips[0].extras[0].amount: amount '-900' is negative",
    ),
    (
        "plan-contingency",
        plan_file("p.toml", "contingency = 2\n" + TRIP),
        PlanError,
        "contingency: Input should be less than or equal to 1",
    ),
    (
        "plan-extension",
        plan_file("p.yaml", "trips: []"),
        PlanError,
        "a plan file ends in .toml or .json, not '.yaml'",
    ),
    (
        "plan-missing-file",
        lambda tmp: load_plan(tmp / "none.toml"),
        PlanError,
        "none.toml: no such file",
    ),
    (
        "plan-unknown-treatment",
        plan_estimate({"trips": [{"country": "KR", "treatments": [{"treatment": "fraxl"}]}]}),
        UnknownTreatment,
        "trips[0].treatments[0].treatment: unknown treatment 'fraxl'; did you mean fraxel?",
    ),
    (
        "plan-country-without-price",
        plan_estimate(
            {"trips": [{"country": "CA", "treatments": [{"treatment": "dermal-filler"}]}]}
        ),
        NoPriceError,
        "trips[0].treatments[0]: no per-session price for dermal-filler in CA",
    ),
    (
        "plan-country-without-data",
        plan_estimate({"trips": [{"country": "JP", "treatments": [{"treatment": "co2"}]}]}),
        UnknownCountry,
        "trips[0].country: no data for country JP (Japan)",
    ),
    (
        "plan-too-many-sessions",
        plan_estimate(
            {
                "trips": [
                    {
                        "country": "KR",
                        "nights": 7,
                        "treatments": [{"treatment": "co2", "sessions": 5}],
                    }
                ]
            }
        ),
        PlanError,
        "trips[0]: 5 sessions of fractional-co2, spaced at least 28 days apart, need at least 112 nights; the trip has 7",
    ),
    (
        "plan-unsupported-currency",
        plan_estimate(
            {
                "currency": "VND",
                "trips": [
                    {
                        "country": "KR",
                        "nights": 0,
                        "treatments": [{"treatment": "co2", "sessions": 1}],
                    }
                ],
            }
        ),
        RateNotFound,
        "no fixed rate leads from USD to VND",
    ),
    (
        "plan-text-entry",
        lambda tmp: parse_plan('{"party": "two", "trips": [{"country": "KR"}]}', "json", "inline"),
        PlanError,
        "inline line 1: party: Input should be a valid integer",
    ),
    (
        "plan-json-5000-digits",
        plan_file("p.json", '{"trips": [{"country": "KR", "nights": ' + "9" * 5000 + "}]}"),
        PlanError,
        "p.json line 1: trips[0].nights: Input should be less than or equal to 3650 (got a number of 5000 digits)",
    ),
    (
        "plan-json-huge-exponent",
        plan_file("p.json", '{"party": 1e999999, "trips": [{"country": "KR"}]}'),
        PlanError,
        "p.json line 1: party: Input should be less than or equal to 100 (got 1E+999999)",
    ),
    # -- round 3: TOML values shown as TOML writes them, never a Python repr
    (
        "plan-toml-datetime-start",
        plan_file("p.toml", TRIP + "start = 2026-03-02T10:00:00\n"),
        PlanError,
        "p.toml line 3: trips[0].start: Input should be a date, not a date and time "
        "(got 2026-03-02T10:00:00)",
    ),
    (
        "plan-toml-date-too-early",
        plan_file("p.toml", TRIP + "start = 1899-12-31\n"),
        PlanError,
        "p.toml line 3: trips[0].start: Input should be a real date from 1900 to 2199, "
        "like 2026-03-02 (got 1899-12-31)",
    ),
    (
        "plan-toml-time-start",
        plan_file("p.toml", TRIP + "start = 10:00:00\n"),
        PlanError,
        "like 2026-03-02 (got 10:00:00)",
    ),
    (
        "plan-toml-offset-datetime-as-text",
        plan_file("p.toml", TREAT.replace('"co2"', "2026-01-01T10:00:00+02:00").format(1)),
        PlanError,
        "trips[0].treatments[0].treatment: Input should be a string "
        "(got 2026-01-01T10:00:00+02:00)",
    ),
    (
        "plan-toml-5000-digits",
        plan_file("p.toml", TRIP + "nights = " + "9" * 5000 + "\n"),
        PlanError,
        "p.toml line 3: trips[0].nights: a number of 5000 digits is too large",
    ),
    (
        "plan-json-duplicate-key",
        plan_file("p.json", '{"trips": [{"country": "KR",\n"country": "TH"}]}'),
        PlanError,
        "p.json line 2: trips[0].country: duplicate key",
    ),
    (
        "plan-toml-duplicate-key",
        plan_file("p.toml", TRIP + 'country = "TH"\n'),
        PlanError,
        "p.toml line 3: trips[0].country: duplicate key",
    ),
    (
        "plan-json-nan",
        plan_file("p.json", '{"contingency": NaN, "trips": [{"country": "KR"}]}'),
        PlanError,
        "p.json line 1: contingency: NaN is not a JSON number",
    ),
    (
        "plan-country-lower-case-name",
        plan_file("p.toml", '[[trips]]\ncountry = "korea"\n'),
        PlanError,
        "p.toml line 2: trips[0].country: country 'korea' is not spelled as listed; did you mean 'Korea' or KR?",
    ),
    (
        "plan-mapping-bool-nights",
        plan_estimate({"trips": [{"country": "KR", "nights": True}]}),
        PlanError,
        "trips[0].nights: Input should be a valid integer, not a boolean (got True)",
    ),
    (
        "plan-mapping-float-amount",
        plan_estimate({"trips": [{"country": "KR", "extras": [{"name": "x", "amount": 12.5}]}]}),
        PlanError,
        "trips[0].extras[0].amount: amount 12.5 has a fraction: write it as a string, like '12.50'",
    ),
    (
        "plan-mapping-string-party",
        plan_estimate({"party": "2", "trips": [{"country": "KR"}]}),
        PlanError,
        "party: Input should be a valid integer, not a string (got '2')",
    ),
    (
        "plan-model-validate",
        lambda tmp: Plan.model_validate({"trips": [{"country": "KR", "split": "yes"}]}),
        PlanError,
        "trips[0].split: Input should be true or false, not a string (got 'yes')",
    ),
    (
        "plan-not-a-plan",
        lambda tmp: load_plan(42),  # type: ignore[arg-type]
        PlanError,
        "a plan is a Plan, a mapping or the path of a .toml or .json file, not int",
    ),
    # -- amounts and rates -------------------------------------------------------------
    (
        "money-float",
        lambda tmp: Money(12.5, "USD"),
        RangeError,
        "amount 12.5 is a float; pass a Decimal, an int or a string such as '12.5'",
    ),  # type: ignore[arg-type]
    (
        "money-mixed",
        lambda tmp: Money(1, "USD") + Money(1, "KRW"),
        CurrencyError,
        "cannot add USD and KRW: convert one first",
    ),
    (
        "money-unknown-currency",
        lambda tmp: Money(1, "ABC"),
        CurrencyError,
        "currency 'ABC' is not an ISO 4217 currency code",
    ),
    (
        "money-separator",
        lambda tmp: Money("1,000", "USD"),
        RangeError,
        "amount '1,000' is not a plain decimal number",
    ),
    (
        "range-low-above-high",
        lambda tmp: Range.of(9000, 5000, "USD"),
        RangeError,
        "impossible range: low 9000 USD > high 5000 USD",
    ),
    (
        "range-negative",
        lambda tmp: Range.of(-1, 5, "USD"),
        RangeError,
        "negative price -1 USD in a range",
    ),
    (
        "rate-unsupported",
        lambda tmp: convert(Money(1, "USD"), "VND"),
        CurrencyError,
        "VND has no embedded ECB rate; supported:",
    ),
    (
        "rate-before-first",
        lambda tmp: EmbeddedRates().rate("EUR", "KRW", dt.date(1990, 1, 1)),
        RateNotFound,
        "KRW has no rate for 1990-01-01: the ECB history starts on 1999-01-04",
    ),
    (
        "rate-zero",
        lambda tmp: FixedRates({"USD/KRW": "0"}),
        CurrencyError,
        "rate USD/KRW=0 must be greater than zero",
    ),
    (
        "rate-negative",
        lambda tmp: FixedRates({"USD/KRW": "-1450"}),
        CurrencyError,
        "rate USD/KRW=-1450 must be greater than zero",
    ),
    (
        "rate-option-malformed",
        lambda tmp: parse_rate_option("USD:KRW=1450"),
        CurrencyError,
        "rate pair 'USD:KRW' is not of the form BASE/QUOTE",
    ),
    (
        "rate-option-no-value",
        lambda tmp: parse_rate_option("USD/KRW"),
        CurrencyError,
        "--rate 'USD/KRW' is not of the form BASE/QUOTE=VALUE",
    ),
    (
        "rate-option-text",
        lambda tmp: parse_rate_option("USD/KRW=lots"),
        RangeError,
        "rate USD/KRW 'lots' is not a decimal number",
    ),
    (
        "count-text",
        lambda tmp: parse_count("three"),
        PlanError,
        "sessions 'three' is not a whole number or a range like '3-6'",
    ),
    (
        "write-missing-folder",
        lambda tmp: write_output(tmp / "no" / "x.csv", "a"),
        OutputError,
        "the folder",
    ),
    ("write-into-folder", lambda tmp: write_output(tmp, "a"), OutputError, "it is a folder"),
    # -- round 2: conflicting rates ---------------------------------------------------------
    (
        "rate-pair-twice",
        lambda tmp: FixedRates([("USD/KRW", "1450"), ("USD/KRW", "1")]),
        CurrencyError,
        "rate USD/KRW is given twice: USD/KRW=1450 and USD/KRW=1; give it once",
    ),
    (
        "rate-option-twice",
        lambda tmp: FixedRates.from_options(["USD/KRW=1450", "EUR/USD=1.1", "USD/KRW=1"]),
        CurrencyError,
        "rate USD/KRW is given twice: USD/KRW=1450 and USD/KRW=1; give it once",
    ),
    (
        "rate-inverse-disagrees",
        lambda tmp: FixedRates({"USD/KRW": "1450", "KRW/USD": "1"}),
        CurrencyError,
        "rates USD/KRW=1450 and KRW/USD=1 disagree: USD/KRW=1450 gives KRW/USD=0.000689655; give one of them",
    ),
    (
        "rate-option-inverse-disagrees",
        lambda tmp: FixedRates.from_options(["KRW/USD=0.0007", "USD/KRW=1450"]),
        CurrencyError,
        "rates KRW/USD=0.0007 and USD/KRW=1450 disagree",
    ),
    (
        "rate-triangle-disagrees",
        lambda tmp: FixedRates.from_options(["USD/KRW=1450", "EUR/USD=1.1", "EUR/KRW=1000"]),
        CurrencyError,
        "rate EUR/KRW=1000 disagrees with EUR/USD=1.1 and USD/KRW=1450, which give EUR/KRW=1,595",
    ),
    (
        "rate-option-string-not-list",
        lambda tmp: FixedRates("USD/KRW=1450"),  # type: ignore[arg-type]
        CurrencyError,
        "FixedRates takes a mapping or (pair, value) pairs, not 'USD/KRW=1450'",
    ),
    (
        "rate-option-float",
        lambda tmp: FixedRates([("USD/KRW", 1450.5)]),
        RangeError,
        "rate USD/KRW 1450.5 is a float",
    ),
    # -- round 2: live mirrors and timeouts ------------------------------------------------
    (
        "live-timeout-0",
        lambda tmp: LiveRates(timeout=0),
        TripcostError,
        "timeout 0 must be a number of seconds above 0 and at most 60",
    ),
    (
        "live-timeout-negative",
        lambda tmp: LiveRates(timeout=-4),
        TripcostError,
        "timeout -4 must be",
    ),
    (
        "live-timeout-nan",
        lambda tmp: LiveRates(timeout=float("nan")),
        TripcostError,
        "timeout nan must be",
    ),
    (
        "live-timeout-inf",
        lambda tmp: LiveRates(timeout=float("inf")),
        TripcostError,
        "timeout inf must be",
    ),
    ("live-timeout-61", lambda tmp: LiveRates(timeout=61), TripcostError, "timeout 61 must be"),
    ("live-timeout-text", lambda tmp: LiveRates(timeout="4"), TripcostError, "timeout '4' must be"),  # type: ignore[arg-type]
    (
        "live-implausible",
        lambda tmp: LiveRates(timeout=5, url=mirror("implausible")).rate("USD", "KRW"),
        RatesUnavailable,
        "1 USD = 0.000001 KRW is 1,",
    ),
    (
        "live-implausible-inverse",
        lambda tmp: LiveRates(timeout=5, url=mirror("implausible")).rate("KRW", "USD"),
        RatesUnavailable,
        "1 KRW = 1,000,000 USD is",
    ),
    (
        "live-slow-mirror-one-deadline",
        slow_mirror_one_deadline,
        RatesUnavailable,
        "no answer for THB/USD within 1 s (the deadline had passed; one deadline covers all live rates, 1 request made)",
    ),
    ("live-each-base-once", each_base_once, RatesUnavailable, "the reply for USD has no VND rate"),
    # -- round 2: absurd amounts -------------------------------------------------------------
    (
        "amount-5000-digits",
        lambda tmp: Money("9" * 5000, "USD"),
        RangeError,
        "(5002 characters) is too large",
    ),
    (
        "amount-huge-int",
        lambda tmp: Money(10**5000, "USD"),
        RangeError,
        "amount (an integer of about 5,001 digits) is too large",
    ),
    (
        "amount-huge-exponent",
        lambda tmp: Money("1e999999", "USD"),
        RangeError,
        "amount '1e999999' is too large",
    ),
    (
        "amount-tiny-exponent",
        lambda tmp: Money("1e-999999", "USD"),
        RangeError,
        "amount '1e-999999' has more than 100 decimal places",
    ),
    (
        "amount-arabic-digits",
        lambda tmp: Money("٣٠٠", "USD"),
        RangeError,
        "amount '٣٠٠' is not a plain decimal number",
    ),
    (
        "amount-sum-overflow",
        lambda tmp: Money("9e14", "USD") + Money("9e14", "USD"),
        RangeError,
        "900000000000000 + 900000000000000 USD = 1800000000000000 is too large",
    ),
    (
        "amount-scale-overflow",
        lambda tmp: Range.of(1, "1e14", "USD").scale(1000),
        RangeError,
        "is too large (limit 1,000,000,000,000,000)",
    ),
    (
        "count-absurd",
        lambda tmp: Range.of(1, 2, "USD").scale(10**20),
        RangeError,
        "count 100000000000000000000 is too large",
    ),
    (
        "amount-too-fine",
        lambda tmp: Money("1e-60", "USD") * Decimal("1e-60"),
        RangeError,
        "has more than 100 decimal places; tripcost does not round money silently",
    ),
    (
        "amount-times-nan",
        lambda tmp: Money(1, "USD") * Decimal("NaN"),
        RangeError,
        "cannot multiply 1 USD by Decimal('NaN')",
    ),
    (
        "convert-impossible-date",
        lambda tmp: convert(Money(1, "USD"), "KRW", on="2025-02-30"),
        TripcostError,
        "on '2025-02-30' is not a date like 2025-07-17",
    ),
    # -- round 2: files in and out ------------------------------------------------------------
    (
        "read-dev-zero",
        lambda tmp: read_limited("/dev/zero", 1 << 20, "plan file", error=PlanError),
        PlanError,
        "plan file /dev/zero is a character device, not a regular file",
    ),
    (
        "read-fifo",
        lambda tmp: read_limited(fifo(tmp), 1 << 20, "plan file"),
        TripcostError,
        "fifo is a FIFO (named pipe), not a regular file",
    ),
    (
        "read-folder",
        lambda tmp: read_limited(tmp, 1 << 20, "catalog file"),
        TripcostError,
        "is a folder, not a regular file",
    ),
    (
        "read-too-large",
        lambda tmp: read_limited(sized(tmp, 2 << 20), 1 << 20, "plan file"),
        TripcostError,
        "big.toml is larger than 1 MiB, the limit",
    ),
    (
        "write-fifo",
        lambda tmp: write_output(fifo(tmp), "a"),
        OutputError,
        "fifo: it is a FIFO (named pipe), not a regular file; use - for stdout",
    ),
    (
        "write-device",
        lambda tmp: write_output("/dev/null", "a"),
        OutputError,
        "cannot write /dev/null: it is a character device",
    ),
    ("write-output-folder", lambda tmp: write_output(tmp, "a"), OutputError, "it is a folder"),
    (
        "write-output-missing-folder",
        lambda tmp: write_output(tmp / "no" / "x.csv", "a"),
        OutputError,
        "the folder",
    ),
    (
        "write-link-to-fifo",
        lambda tmp: write_output(link(tmp, fifo(tmp)), "a"),
        OutputError,
        "out.csv: it is a FIFO",
    ),
]


API_CASES += [
    ("plan-path-empty", lambda tmp: load_plan(""), PlanError, "a plan file's path is empty ('')"),
    ("plan-path-blank", lambda tmp: estimate(" "), PlanError, "a plan file's path is empty (' ')"),
    (
        "write-blank-path",
        lambda tmp: write_output(" ", "a"),
        OutputError,
        "cannot write to an empty path (' '); use - for stdout",
    ),
]


# -- round 3: public names fed values of the wrong type ----------------------------------

_CAT = load_catalog()
_DATED = {"trips": [{"country": "KR", "start": "2026-03-02", "nights": 7}]}
API_CASES += [
    (
        "compare-sessions-nan",
        lambda tmp: compare_treatments(["co2"], sessions=Decimal("NaN"), rates=FIXED),
        PlanError,
        "sessions NaN is not a whole number or a range like '3-6'",
    ),
    (
        "estimate-rates-int",
        lambda tmp: estimate(TRIP_PLAN, rates=1),  # type: ignore[arg-type]
        TripcostError,
        "rates 1 is not a source of exchange rates: give EmbeddedRates(), FixedRates(",
    ),
    (
        "compare-plan-countries-int",
        lambda tmp: compare_plan(TRIP_PLAN, countries=1, rates=FIXED),  # type: ignore[arg-type]
        PlanError,
        "countries 1 is not a list of names, like ['KR', 'TH']",
    ),
    (
        "compare-plan-countries-str",
        lambda tmp: compare_plan(TRIP_PLAN, countries="KR", rates=FIXED),
        PlanError,
        "countries 'KR' is one name; give a list of them",
    ),
    (
        "schedule-today-datetime",
        lambda tmp: schedule(_DATED, today=dt.datetime(2026, 1, 1, 10)),  # type: ignore[arg-type]
        TripcostError,
        "today 2026-01-01T10:00:00 is a date and time; give a date like 2025-07-17",
    ),
    (
        "schedule-today-impossible",
        lambda tmp: schedule(_DATED, today="2026-02-30"),
        TripcostError,
        "today '2026-02-30' is not a date like 2025-07-17",
    ),
    (
        "rate-on-int",
        lambda tmp: EmbeddedRates().rate("USD", "KRW", 1),  # type: ignore[arg-type]
        TripcostError,
        "on 1 is not a date like 2025-07-17",
    ),
    (
        "frame-on-int",
        lambda tmp: _CAT.frame("prices", currency="USD", on=1),  # type: ignore[arg-type]
        TripcostError,
        "on 1 is not a date",
    ),
    (
        "frame-rates-int",
        lambda tmp: _CAT.frame("prices", currency="USD", rates=1),  # type: ignore[arg-type]
        TripcostError,
        "rates 1 is not a source of exchange rates",
    ),
    (
        "fact-list",
        lambda tmp: _CAT.fact("co2", []),  # type: ignore[arg-type]
        CatalogError,
        "fact [] is not a name",
    ),
    (
        "living-list",
        lambda tmp: _CAT.living("KR", [], "hotel"),  # type: ignore[arg-type]
        CatalogError,
        "category [] is not a name",
    ),
    (
        "convert-none",
        lambda tmp: convert(None, "KRW"),  # type: ignore[arg-type]
        RangeError,
        "convert takes a Money amount, not None",
    ),
    (
        "live-timeout-huge",
        lambda tmp: LiveRates(timeout=10**400),
        TripcostError,
        "timeout a number of 401 digits must be a number of seconds above 0 and at most 60",
    ),
    (
        "catalog-path-too-long",
        lambda tmp: load_catalog("a" * 100_000),
        DataFileError,
        "cannot read aaaaaaaaaa",
    ),
    (
        "catalog-of-none",
        lambda tmp: Catalog(None),  # type: ignore[arg-type]
        CatalogError,
        "a Catalog is built from Tables (use load_catalog), not None",
    ),
    (
        "plan-json-of-none",
        lambda tmp: Plan.model_validate_json(None),  # type: ignore[arg-type]
        PlanError,
        "model_validate_json reads the text of a JSON plan, not a NoneType",
    ),
]


# -- round 3: text that is not valid Unicode (a lone surrogate) in every string field ----

BAD = "x\ud800"
_FULL_LINE = {"treatment": "co2", "sessions": 1, "units": 1, "quote": "5 KRW",
              "quote_unit": "session", "clinic": "chain"}  # fmt: skip
_FULL_TRIP = {"country": "KR", "start": "2026-03-02", "clinic": "chain", "accommodation": "hotel",
              "food": "street", "transport": "public", "treatments": [_FULL_LINE],
              "extras": [{"name": "flight", "amount": "900", "currency": "USD"}]}  # fmt: skip
_SURROGATE_FIELDS = [
    "$schema", "currency", "contingency", "trips[0].country", "trips[0].start",
    "trips[0].clinic", "trips[0].accommodation", "trips[0].food", "trips[0].transport",
    "trips[0].treatments[0].treatment", "trips[0].treatments[0].sessions",
    "trips[0].treatments[0].units", "trips[0].treatments[0].quote",
    "trips[0].treatments[0].quote_unit", "trips[0].treatments[0].clinic",
    "trips[0].extras[0].name", "trips[0].extras[0].amount", "trips[0].extras[0].currency",
]  # fmt: skip


def with_surrogate(field: str) -> dict[str, Any]:
    """A full plan with ``field`` (a path as errors write it) set to text holding a lone
    surrogate."""
    plan: dict[str, Any] = json.loads(json.dumps({"trips": [_FULL_TRIP]}))
    *parents, last = field.replace("[", ".").replace("]", "").split(".")
    node: Any = plan
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    node[last] = BAD
    return plan


def test_the_full_plan_is_valid() -> None:
    """The surrogate cases below differ from a valid plan in that one field only."""
    assert Plan.model_validate(json.loads(json.dumps({"trips": [_FULL_TRIP]})))


API_CASES += [
    (
        f"surrogate-{field}",
        lambda tmp, field=field: Plan.model_validate(with_surrogate(field)),
        PlanError,
        f"{field}: Input should be valid Unicode text: '\\ud800' at character 2 is a lone "
        "surrogate (got 'x\\ud800')",
    )
    for field in _SURROGATE_FIELDS
]
API_CASES += [
    (
        "surrogate-json-escape",
        plan_file(
            "p.json",
            '{"trips":[{"country":"KR","nights":1,"treatments":'
            '[{"treatment":"co2\\ud800","sessions":1}]}]}',
        ),
        PlanError,
        "p.json line 1: trips[0].treatments[0].treatment: Input should be valid Unicode text",
    ),
    (
        "surrogate-estimate",
        lambda tmp: estimate(with_surrogate("trips[0].treatments[0].treatment"), rates=FIXED),
        PlanError,
        "trips[0].treatments[0].treatment: Input should be valid Unicode text",
    ),
    (
        "surrogate-compare-plan",
        lambda tmp: compare_plan(with_surrogate("trips[0].extras[0].name"), rates=FIXED),
        PlanError,
        "trips[0].extras[0].name: Input should be valid Unicode text",
    ),
    (
        "surrogate-trip",
        lambda tmp: Trip(country="KR", extras=[{"name": BAD, "amount": 1}]),
        PlanError,
        "extras[0].name: Input should be valid Unicode text",
    ),
    (
        "surrogate-key",
        lambda tmp: Plan.model_validate({"trips": [{"country": "KR", BAD: 1}]}),
        PlanError,
        "(got 'x\\ud800')",
    ),
]


@pytest.mark.parametrize(
    ("case", "run", "error", "fragment"), API_CASES, ids=[c[0] for c in API_CASES]
)
def test_library_refuses_with_a_clear_error(
    tmp_path: Path,
    case: str,
    run: Callable[[Path], object],
    error: type[TripcostError],
    fragment: str,
) -> None:
    with pytest.raises(error) as err:
        run(tmp_path)
    assert isinstance(err.value, TripcostError)
    assert fragment in str(err.value), str(err.value)


EXIT_CODES = {
    "live-timeout-0": 2, "live-timeout-nan": 2, "live-timeout-inf": 2, "live-timeout-61": 2,
    "live-implausible": 3, "live-slow-mirror-one-deadline": 3, "rate-inverse-disagrees": 2,
    "rate-pair-twice": 2, "read-dev-zero": 2, "write-fifo": 2,
}  # fmt: skip


@pytest.mark.parametrize(("case", "code"), EXIT_CODES.items())
def test_each_mistake_has_its_exit_code(tmp_path: Path, case: str, code: int) -> None:
    run = next(c[1] for c in API_CASES if c[0] == case)
    with pytest.raises(TripcostError) as err:
        run(tmp_path)
    assert err.value.exit_code == code
    assert isinstance(err.value, RatesUnavailable) == (code == 3)


HOSTILE_CONTEXTS = [
    {"prec": 3},
    {"rounding": decimal.ROUND_DOWN},
    {"traps": [decimal.Inexact]},
    {"traps": [decimal.Rounded]},
    {"traps": [decimal.FloatOperation, decimal.Clamped, decimal.Inexact], "prec": 1},
    {"rounding": decimal.ROUND_FLOOR, "capitals": 0},
    {"Emax": 5, "Emin": -5},
]


def _money_and_rates() -> list[str]:
    day = dt.date(2025, 7, 17)
    krw = FIXED.rate("USD", "KRW")
    work: list[object] = [
        Range.of("300", "700", "USD").convert(krw).scale((3, 6)),
        FIXED.rate("KRW", "USD"),
        FixedRates({"USD/KRW": "1450", "EUR/USD": "1.1"}).rate("KRW", "EUR"),
        EmbeddedRates().rate("USD", "KRW", day),
        EmbeddedRates().rate("THB", "USD", day).describe(),
        convert(Money("869000", "KRW"), "USD", rates=FIXED),
        convert(Money("869000", "KRW"), "USD", on=day).rounded(),
        Range.of("-0", "0", "USD"),
        Range.of("0.125", "17445.79310344827586206896551726", "USD").rounded(),
        Range.of("299.995", "700.005", "USD").midpoint(),
        sum([Money("0.10", "USD"), Money("0.20", "USD"), Money("1E3", "USD")]),
        -Money("0.00", "USD"),
        Money("12.345", "KRW") - Money("12.345", "KRW"),
    ]
    return [f"{x!r} | {x}" for x in work]


@pytest.mark.parametrize("context", HOSTILE_CONTEXTS, ids=lambda c: ",".join(map(str, c)))
def test_money_and_rates_ignore_the_callers_context(context: dict[str, Any]) -> None:
    expected = _money_and_rates()
    assert "Range(Money('0', 'USD'), Money('0', 'USD')) | 0.00 USD" in expected
    assert "Money('0.00', 'USD') | 0.00 USD" in expected  # -0.00 is 0.00
    with decimal.localcontext(**context):
        assert _money_and_rates() == expected


def test_a_date_far_in_the_future_states_its_staleness() -> None:
    rates = EmbeddedRates()
    r = rates.rate("USD", "KRW", dt.date(2035, 1, 1))
    assert r.date == rates.last_date
    assert r.age_days == (dt.date(2035, 1, 1) - rates.last_date).days
    assert f"({r.age_days} days before the date asked for)" in r.describe()
    # an undated lira figure is converted at the rate of the day asked (the last one known)
    est = estimate({"trips": [{"country": "TR", "start": "2035-01-01", "nights": 1, "consultation": False,
                               "accommodation": "hotel", "meals_per_day": 0, "rides_per_day": 0}]})  # fmt: skip
    assert any(
        f.kind == "stale_rate" and "days before the date asked for" in f.message for f in est.flags
    )
    assert any(f.kind == "old_price" and "states TRY with no date" in f.message for f in est.flags)
    assert est.total.low.amount > Decimal(0)


# -- the command line, as real processes ------------------------------------------------


def cli(
    args: list[str], tmp: Path, env: dict[str, str] | None = None
) -> tuple[int, str, str, float]:
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "tripcost", *args], capture_output=True, text=True, timeout=60,
        cwd=tmp, env={**os.environ, **(env or {})}, check=False,
    )  # fmt: skip
    return proc.returncode, proc.stdout, proc.stderr, time.monotonic() - started


def files(tmp: Path) -> None:
    (tmp / "bad.toml").write_text(TRIP + "nights = -3\n", encoding="utf-8")
    (tmp / "broken.json").write_text('{"trips": [', encoding="utf-8")
    (tmp / "prices.csv").write_text(HEADER + "\n" + row(low="~230") + "\n", encoding="utf-8")
    (tmp / "tampered.csv").write_text(HEADER + "\n" + row(low="1", high="2") + "\n", "utf-8")
    (tmp / "digits.json").write_text(
        '{"trips": [{"country": "KR", "nights": ' + "9" * 5000 + "}]}", encoding="utf-8"
    )
    (tmp / "dup.json").write_text('{"party": 1, "party": 2, "trips": []}', encoding="utf-8")
    (tmp / "empty-catalog").mkdir()
    (tmp / "misnamed").mkdir()
    (tmp / "misnamed" / "price.csv").write_text(HEADER + "\n", encoding="utf-8")
    (tmp / "a-folder").mkdir()
    (tmp / "surrogate.json").write_text(
        '{"trips":[{"country":"KR","nights":1,"treatments":[{"treatment":"co2\\ud800",'
        '"sessions":1}]}]}',
        encoding="utf-8",
    )
    os.mkfifo(tmp / "fifo.toml")
    os.mkfifo(tmp / "out.fifo")


CLI_CASES: list[tuple[str, list[str], int, str]] = [
    # -- round 2: every user mistake is 2, with a one-line message
    (
        "timeout-0",
        ["compare", "co2", "--rates", "live", "--timeout", "0"],
        2,
        "argument --timeout: '0' must be more than 0 and at most 60 seconds",
    ),
    (
        "timeout-nan",
        ["compare", "co2", "--timeout", "nan"],
        2,
        "argument --timeout: 'nan' must be more than 0 and at most 60 seconds",
    ),
    (
        "timeout-inf",
        ["convert", "1", "USD", "KRW", "--timeout", "inf"],
        2,
        "argument --timeout: 'inf' must be more than 0 and at most 60 seconds",
    ),
    (
        "timeout-word",
        ["compare", "co2", "--timeout", "soon"],
        2,
        "argument --timeout: 'soon' is not a number of seconds",
    ),
    (
        "rates-conflict",
        ["compare", "co2", "--rate", "USD/KRW=1450", "--rate", "USD/KRW=1"],
        2,
        "USD/KRW",
    ),
    (
        "rates-inverse-conflict",
        ["convert", "1", "USD", "KRW", "--rate", "USD/KRW=1450", "--rate", "KRW/USD=1"],
        2,
        "KRW/USD",
    ),
    (
        "countries-empty",
        ["compare", "co2", "--countries", ""],
        2,
        "--countries '' names no country",
    ),
    (
        "countries-commas",
        ["compare", "co2", "--countries", ", ,"],
        2,
        "--countries ', ,' names no country",
    ),
    ("home-empty", ["compare", "co2", "--home", ""], 2, "--home is empty"),
    (
        "party-1000",
        ["compare", "co2", "--nights", "3", "--party", "1000"],
        2,
        "argument --party: 1000 is not between 1 and 100",
    ),
    (
        "nights-huge",
        ["compare", "co2", "--nights", "99999999999999999999"],
        2,
        "argument --nights: 99999999999999999999 is not between 0 and 3650",
    ),
    (
        "nights-word",
        ["compare", "co2", "--nights", "ten"],
        2,
        "argument --nights: 'ten' is not a whole number",
    ),
    (
        "meals-negative",
        ["compare", "co2", "--nights", "3", "--meals-per-day", "-1"],
        2,
        "argument --meals-per-day: -1 is not between 0 and 10",
    ),
    ("sessions-huge", ["compare", "co2", "--sessions", "1-1000"], 2, "is more than 100"),
    (
        "extra-without-nights",
        ["compare", "co2", "--extra", "flight=900"],
        2,
        "--extra is paid once a stay: give --nights",
    ),
    (
        "extra-malformed",
        ["compare", "co2", "--nights", "7", "--extra", "flight"],
        2,
        "--extra 'flight' is not of the form NAME=AMOUNT[:CUR]",
    ),
    (
        "extra-currency",
        ["compare", "co2", "--nights", "7", "--extra", "flight=900:XYZ"],
        2,
        "currency 'XYZ'",
    ),
    ("plan-digits", ["estimate", "digits.json"], 2, "trips[0].nights"),
    ("plan-duplicate-key", ["estimate", "dup.json"], 2, "party"),
    ("plan-fifo", ["estimate", "fifo.toml"], 2, "is a FIFO"),
    ("plan-dev-zero", ["estimate", "/dev/zero"], 2, "a plan file ends in .toml or .json"),
    ("plan-folder", ["estimate", "a-folder"], 2, "a plan file ends in .toml or .json"),
    (
        "catalog-empty-folder",
        ["compare", "co2", "--catalog", "empty-catalog"],
        2,
        "holds none of the data files (prices.csv, living.csv",
    ),
    (
        "catalog-misnamed",
        ["compare", "co2", "--catalog", "misnamed"],
        2,
        "holds none of the data files",
    ),
    (
        "catalog-tampered",
        ["compare", "co2", "--catalog", "tampered.csv"],
        2,
        "low 1 is not a number the quote states",
    ),
    (
        "catalog-fifo",
        ["compare", "co2", "--catalog", "out.fifo"],
        2,
        "out.fifo is neither a data file nor a folder of data files",
    ),
    ("output-folder", ["countries", "--output", "a-folder"], 2, "it is a folder"),
    ("output-fifo", ["countries", "--output", "out.fifo"], 2, "not a regular file"),
    ("output-device", ["countries", "--output", "/dev/null"], 2, "not a regular file"),
    ("output-empty", ["countries", "--output", ""], 2, "argument --output: '' is empty"),
    ("calendar-no-start", ["calendar", "bad.toml"], 2, "trips[0].nights"),
    (
        "convert-future-format",
        ["convert", "1", "USD", "KRW", "--on", "2025-02-30"],
        2,
        "--on '2025-02-30' is not a date",
    ),
    # -- round 3: undecodable bytes in arguments (Linux passes them as lone surrogates)
    (
        "surrogate-plan-json",
        ["estimate", "surrogate.json"],
        2,
        "surrogate.json line 1: trips[0].treatments[0].treatment: Input should be valid Unicode",
    ),
    ("surrogate-treatment", ["compare", "co2\udcff"], 2, "unknown treatment 'co2\\udcff'"),
    ("surrogate-country", ["compare", "co2", "--countries", "K\udcff"], 2, "unknown country"),
    ("surrogate-currency", ["compare", "co2", "--currency", "U\udcffD"], 2, "currency 'U\\udcffD'"),
    (
        "surrogate-extra-name",
        ["compare", "co2", "--nights", "3", "--extra", "fl\udcffight=900"],
        2,
        "--extra 'fl\\udcffight=900': name: Input should be valid Unicode text",
    ),
    ("surrogate-sessions", ["compare", "co2", "--sessions", "3\udcff"], 2, "--sessions '3\\udcff'"),
    ("surrogate-quote", ["compare", "co2", "--quote", "KR:co2=1\udcff:KRW"], 2, "--quote"),
    ("surrogate-amount", ["convert", "1\udcff", "USD", "KRW"], 2, "amount '1\\udcff'"),
    ("surrogate-date", ["convert", "1", "USD", "KRW", "--on", "2025\udcff"], 2, "--on"),
    ("surrogate-locale", ["countries", "--locale", "en\udcff"], 2, "unknown locale"),
    ("surrogate-command", ["co\udcffmpare"], 2, "invalid choice"),
    ("surrogate-plan-missing", ["estimate", "p\udcff.toml"], 2, "no such file"),
    ("surrogate-catalog", ["compare", "co2", "--catalog", "c\udcff"], 2, "not found"),
    # -- the first round
    ("unknown-command", ["frobnicate"], 2, "invalid choice: 'frobnicate'"),
    (
        "unknown-option",
        ["compare", "co2", "--colour", "red"],
        2,
        "unrecognized arguments: --colour red",
    ),
    ("missing-argument", ["convert", "100", "USD"], 2, "the following arguments are required: TO"),
    ("no-command", [], 2, "the following arguments are required: COMMAND"),
    (
        "unknown-treatment",
        ["compare", "fraxl"],
        2,
        "unknown treatment 'fraxl'; did you mean fraxel?",
    ),
    (
        "unknown-country",
        ["compare", "co2", "--countries", "KR,Atlantis"],
        2,
        "unknown country 'Atlantis'",
    ),
    (
        "unknown-home",
        ["compare", "laser-resurfacing", "--home", "Narnia"],
        2,
        "unknown country 'Narnia'",
    ),
    ("bad-sessions", ["compare", "co2", "--sessions", "0"], 2, "--sessions '0' must be at least 1"),
    (
        "bad-party",
        ["compare", "co2", "--nights", "3", "--party", "0"],
        2,
        "argument --party: 0 is not between 1 and 100",
    ),
    ("bad-format", ["compare", "co2", "--format", "xml"], 2, "invalid choice: 'xml'"),
    (
        "bad-rate",
        ["compare", "co2", "--rate", "USD-KRW=1450"],
        2,
        "rate pair 'USD-KRW' is not of the form BASE/QUOTE",
    ),
    (
        "bad-amount",
        ["convert", "1,000", "USD", "KRW"],
        2,
        "amount '1,000' is not a plain decimal number",
    ),
    (
        "bad-date",
        ["convert", "1", "USD", "KRW", "--on", "31/12/2025"],
        2,
        "--on '31/12/2025' is not a date like 2025-07-17",
    ),
    (
        "bad-plan",
        ["estimate", "bad.toml"],
        2,
        "bad.toml line 3: trips[0].nights: Input should be greater than or equal to 0 (got -3)",
    ),
    ("broken-json", ["estimate", "broken.json"], 2, "broken.json line 1, column 12: invalid JSON"),
    (
        "bad-catalog",
        ["compare", "co2", "--catalog", "prices.csv"],
        2,
        "prices.csv line 2, column 'low': '~230' is not a plain decimal number",
    ),
    (
        "output-missing-folder",
        ["countries", "--output", "nowhere/x.csv"],
        2,
        "cannot write nowhere/x.csv: the folder nowhere does not exist",
    ),
    ("live-no-network", ["convert", "10", "USD", "KRW", "--rates", "live"], 3, "USD/KRW failed"),
    (
        "live-no-network-compare",
        ["compare", "co2", "--rates", "live"],
        3,
        "live rate (forex-python, http://127.0.0.1:9/): ",  # the mirror the test gives
    ),
]


@pytest.mark.parametrize(
    ("case", "args", "code", "fragment"), CLI_CASES, ids=[c[0] for c in CLI_CASES]
)
def test_command_line_mistakes(
    tmp_path: Path, case: str, args: list[str], code: int, fragment: str
) -> None:
    files(tmp_path)
    # live rates go to a closed port on this machine: the same failure as no network
    got, out, err, took = cli(args, tmp_path, {"TRIPCOST_LIVE_RATES_URL": "http://127.0.0.1:9/"})
    assert got == code, err
    assert fragment in err, err
    assert "Traceback" not in err
    assert out == ""
    del took  # never a wall-clock assertion: a hang would fail subprocess.run's own timeout


def _own_inputs(tmp: Path) -> None:
    plan = TREAT.replace(TRIP, TRIP + "start = 2026-03-02\nnights = 3\n").format(1)
    (tmp / "self.toml").write_text(plan, encoding="utf-8")
    (tmp / "link.toml").symlink_to("self.toml")
    (tmp / "mycat").mkdir()
    (tmp / "mycat" / "prices.csv").write_text(HEADER + "\n" + row(source="notes.txt") + "\n")
    (tmp / "mycat" / "notes.txt").write_text(QUOTE.strip('"') + "\n", encoding="utf-8")
    (tmp / "one.csv").write_text(HEADER + "\n" + GOOD + "\n", encoding="utf-8")
    (tmp / "out").symlink_to("mycat/prices.csv")


OWN_INPUTS = [
    (["estimate", "self.toml", "--output", "self.toml"], "self.toml", "the plan self.toml"),
    (["estimate", "self.toml", "--output", "./link.toml"], "self.toml", "the plan self.toml"),
    (["estimate", "link.toml", "--output", "self.toml"], "self.toml", "the plan link.toml"),
    (["calendar", "self.toml", "--format", "ics", "--output", "self.toml"], "self.toml",
     "the plan self.toml"),
    (["compare", "co2", "--catalog", "mycat", "--output", "mycat/prices.csv"],
     "mycat/prices.csv", "the catalog file mycat/prices.csv"),
    (["compare", "co2", "--catalog", "mycat", "--output", "out"], "mycat/prices.csv",
     "the catalog file mycat/prices.csv"),
    (["countries", "--catalog", "mycat", "--output", "mycat/notes.txt"], "mycat/notes.txt",
     "the catalog's source mycat/notes.txt"),
    (["estimate", "self.toml", "--catalog", "one.csv", "--output", "one.csv"], "one.csv",
     "the catalog one.csv"),
    (["sources", "--catalog", "one.csv", "--output", "one.csv"], "one.csv", "the catalog one.csv"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "kept", "named"), OWN_INPUTS, ids=lambda v: str(v)[:40])
def test_output_never_replaces_what_the_command_reads(
    tmp_path: Path, args: list[str], kept: str, named: str
) -> None:
    _own_inputs(tmp_path)
    before = (tmp_path / kept).read_bytes()
    got, out, err, _ = cli([*args, *FIX_ARGS] if args[0] == "estimate" else args, tmp_path)
    assert (got, out) == (2, ""), err
    output = args[args.index("--output") + 1]
    assert err == (f"tripcost: error: --output {output} would replace {named}, which this "
                   "command reads; write the output to another file\n")  # fmt: skip
    assert (tmp_path / kept).read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "link.toml", "mycat", "one.csv", "out", "self.toml"]  # fmt: skip


def test_the_embedded_data_is_an_input_too(capsys: pytest.CaptureFixture[str]) -> None:
    from importlib import resources

    from tripcost.cli import main

    target = Path(str(resources.files("tripcost").joinpath("data", "prices.csv")))
    before = target.read_bytes()
    assert main(["countries", "--format", "csv", "--output", str(target)]) == 2
    assert "would replace the embedded data file" in capsys.readouterr().err
    assert target.read_bytes() == before


def test_an_output_beside_the_inputs_is_written(tmp_path: Path) -> None:
    _own_inputs(tmp_path)
    got, _, err, _ = cli(["estimate", "self.toml", "--catalog", "mycat", "--output",
                          "mycat/estimate.txt", *FIX_ARGS], tmp_path)  # fmt: skip
    assert (got, err) == (0, "")
    assert (tmp_path / "mycat" / "estimate.txt").read_text("utf-8").startswith("self.toml · USD")


def test_a_file_name_that_is_not_utf8_is_written_escaped(tmp_path: Path) -> None:
    """A plan named with an undecodable byte is read, and the title that names it is
    written with the byte escaped (a lone surrogate cannot be written as UTF-8)."""
    plan = tmp_path / "p\udcff.toml"
    plan.write_text(TREAT.replace(TRIP, TRIP + "nights = 3\n").format(1), encoding="utf-8")
    got, out, err, _ = cli(["estimate", plan.name, *FIX_ARGS, "--output", "o.txt"], tmp_path)
    assert (got, out, err) == (0, "", "")
    assert (tmp_path / "o.txt").read_text("utf-8").startswith("p\\udcff.toml · USD\n")


@pytest.mark.parametrize(
    "args",
    [
        ["convert", "1000", "KRW", "USD"],
        ["compare", "rejuran", "--countries", "KR"],
        ["estimate", str(Path(__file__).parent / "plans" / "seoul_co2.toml")],
    ],
    ids=lambda a: a[0],
)
def test_an_implausible_live_rate_can_be_accepted_on_the_command_line(
    tmp_path: Path, args: list[str]
) -> None:
    """Refused (3) by default, naming the flag; with --accept-implausible-rates, used, and
    the rate's source says how far it is from the ECB rate."""
    env = {"TRIPCOST_LIVE_RATES_URL": mirror("implausible") + tmp_path.name}
    got, out, err, _ = cli([*args, "--rates", "live"], tmp_path, env)
    assert (got, out) == (3, "")
    assert "1 KRW = 1,000,000 USD is" in err
    assert "--accept-implausible-rates" in err
    got, out, err, _ = cli([*args, "--rates", "live", "--accept-implausible-rates"], tmp_path, env)
    assert (got, err) == (0, "")
    assert "1 USD = 0.000001 KRW" not in out  # shown the larger side up
    assert "1 KRW = 1,000,000.00 USD" in out
    assert "times above the ECB rate (accepted)" in out


@pytest.mark.parametrize(
    "args",
    [
        ["convert", "1", "USD", "KRW", "--accept-implausible-rates"],
        ["compare", "co2", "--rates", "embedded", "--accept-implausible-rates"],
        ["estimate", "x.toml", "--rates", "live", "--rate", "USD/KRW=1450",
         "--accept-implausible-rates"],
    ],
    ids=lambda a: a[0],
)  # fmt: skip
def test_accepting_implausible_rates_needs_live_rates(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    from tripcost.cli import main

    assert main(args) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("tripcost: error: --accept-implausible-rates applies to live rates only")


def test_live_rates_that_never_answer_fail_within_six_seconds(tmp_path: Path) -> None:
    import socket

    with socket.socket() as server:  # accepts the connection, never replies
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        port = server.getsockname()[1]
        got, _, err, took = cli(["convert", "10", "USD", "KRW", "--rates", "live"], tmp_path,
                                {"TRIPCOST_LIVE_RATES_URL": f"http://127.0.0.1:{port}/"})  # fmt: skip
    assert got == 3
    assert "within 4 s" in err
    del took


def test_output_into_a_read_only_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """As root a chmod cannot make a folder read-only, so the refusal is simulated."""
    from tripcost import files
    from tripcost.cli import main

    real_open = os.open

    def refuse(path: str, flags: int, *args: object) -> int:
        if flags & os.O_CREAT:  # the temporary file beside the target
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(files.os, "open", refuse)
    assert main(["countries", "--output", str(tmp_path / "x.csv")]) == 2
    err = capsys.readouterr().err
    assert err == f"tripcost: error: cannot write {tmp_path / 'x.csv'}: Permission denied\n"
    assert list(tmp_path.iterdir()) == []


def test_the_matrix_is_large_enough() -> None:
    assert len(API_CASES) + len(CLI_CASES) >= 60


def test_ctrl_c_during_start_up_is_130_without_a_traceback(tmp_path: Path) -> None:
    """A Ctrl-C while the command line is still importing (simulated where the import of
    the CLI module happens) ends with 130 and no traceback."""
    script = (
        "import builtins, runpy, sys\n"
        "sys.argv = ['tripcost', 'compare', 'co2']\n"
        "real = builtins.__import__\n"
        "def interrupted(name, *args, **kwargs):\n"
        "    if name == 'tripcost.cli':\n"
        "        raise KeyboardInterrupt\n"
        "    return real(name, *args, **kwargs)\n"
        "builtins.__import__ = interrupted\n"
        "runpy.run_module('tripcost', run_name='__main__')\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60, cwd=tmp_path, check=False)  # fmt: skip
    assert proc.returncode == 130
    assert "Traceback" not in proc.stderr


def _interrupted(command: list[str], tmp: Path, delay: float) -> tuple[int | None, str]:
    """Start ``command`` with ``-X importtime`` (which reports each import as it ends, on
    stderr), wait until the import of ``tripcost.errors`` has ended (the command's own code
    is running, start-up not yet over), wait ``delay`` more, press Ctrl-C."""
    import signal

    proc = subprocess.Popen([sys.executable, "-X", "importtime", *command], cwd=tmp,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    assert proc.stderr is not None
    seen = []
    for line in proc.stderr:
        seen.append(line)
        if line.split("|")[-1].strip() == "tripcost.errors":
            break
    time.sleep(delay)  # not measured: a moment during start-up
    proc.send_signal(signal.SIGINT)
    _, rest = proc.communicate(timeout=60)
    return proc.returncode, "".join(seen) + rest


def _console_script() -> str | None:
    script = Path(sys.executable).parent / "tripcost"
    return str(script) if script.is_file() else None


@pytest.mark.parametrize("delay", [0, 0.005, 0.01, 0.02, 0.04, 0.08])
@pytest.mark.parametrize("how", ["-m", "script"])
def test_ctrl_c_at_any_moment_of_start_up_is_130(tmp_path: Path, how: str, delay: float) -> None:
    """A real Ctrl-C while the command imports what it needs: 130, no traceback."""
    if how == "-m":
        command = ["-m", "tripcost", "compare", "rejuran", "--countries", "KR", *FIX_ARGS]
    else:
        script = _console_script()
        if script is None:
            pytest.skip("the console script is not installed")
        command = [script, "compare", "rejuran", "--countries", "KR", *FIX_ARGS]
    code, err = _interrupted(command, tmp_path, delay)
    assert code == 130, err[-2000:]
    assert "Traceback" not in err
    assert "KeyboardInterrupt" not in err


@pytest.mark.parametrize(
    "module",
    ["typing", "tripcost.cli", "tripcost.errors", "tripcost.cli_parser", "tripcost.vocab",
     "babel", "tripcost.resolve.load", "tripcost.views.listings", "tripcost.cli_inputs"],
)  # fmt: skip
@pytest.mark.parametrize("how", ["-m", "script"])
def test_ctrl_c_as_each_module_of_the_command_is_imported(
    tmp_path: Path, module: str, how: str
) -> None:
    """A real SIGINT, sent by the process to itself just as ``module`` is about to be
    imported by ``python -m tripcost countries`` or the console script ``tripcost
    countries`` (``typing``: inside ``tripcost/__init__``)."""
    script = _console_script()
    if how == "script" and script is None:
        pytest.skip("the console script is not installed")
    start = (
        "sys.orig_argv = [sys.executable, '-m', 'tripcost', 'countries']  # as -m sets it\n"
        "sys.argv = ['-m', 'countries']\n"
        "runpy._run_module_as_main('tripcost')\n"
        if how == "-m"
        else f"sys.argv = [{script!r}, 'countries']\n"
        "with open(sys.argv[0]) as f:\n"
        "    exec(compile(f.read(), sys.argv[0], 'exec'), {'__name__': '__main__'})\n"
    )
    script = (
        "import os, runpy, signal, sys\n"
        f"MODULE = {module!r}\n"
        "if MODULE in sys.modules:\n"
        "    sys.exit(77)\n"
        "class Interrupt:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == MODULE:\n"
        "            os.kill(os.getpid(), signal.SIGINT)\n"
        "sys.meta_path.insert(0, Interrupt())\n" + start
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60, cwd=tmp_path, check=False)  # fmt: skip
    if proc.returncode == 77:
        pytest.skip(f"{module} is imported before tripcost here")
    assert (proc.returncode, proc.stdout) == (130, ""), proc.stderr
    assert "Traceback" not in proc.stderr
    assert "KeyboardInterrupt" not in proc.stderr


def test_a_program_that_imports_tripcost_keeps_its_ctrl_c() -> None:
    script = (
        "import signal, sys\n"
        "import tripcost, tripcost.cli\n"
        "assert signal.getsignal(signal.SIGINT) is signal.default_int_handler\n"
        "assert tripcost.cli.main(['--version']) == 0\n"
        "assert signal.getsignal(signal.SIGINT) is signal.default_int_handler\n"
        "print('kept')\n"
    )
    proc = subprocess.run([sys.executable, "-c", script, "-m", "tripcost"], capture_output=True,
                          text=True, timeout=60, check=False)  # fmt: skip
    assert (proc.returncode, proc.stdout.split()[-1], proc.stderr) == (0, "kept", "")


@pytest.mark.parametrize(
    ("argv", "module"),
    [
        (["python", "-m", "tripcost", "compare"], "tripcost"),
        (["python", "-mtripcost"], "tripcost"),
        (["python", "-Im", "tripcost"], "tripcost"),
        (["python", "-X", "importtime", "-W", "error", "-m", "tripcost"], "tripcost"),
        (["python", "-Ximporttime", "-Wdefault", "-u", "-m", "tripcost"], "tripcost"),
        (["python", "--check-hash-based-pycs", "never", "-m", "tripcost"], "tripcost"),
        (["python", "-m", "pytest", "-m", "tripcost"], "pytest"),
        (["python", "-c", "import tripcost", "-m", "tripcost"], None),
        (["python", "-Sc", "import tripcost"], None),
        (["python", "script.py", "-m", "tripcost"], None),
        (["python", "-", "-m", "tripcost"], None),
        (["python"], None),
    ],
)
def test_the_command_is_told_from_a_program_using_the_library(
    argv: list[str], module: str | None
) -> None:
    import tripcost

    assert tripcost._module_run(argv) == module


def test_ctrl_c_while_running_is_130(tmp_path: Path) -> None:
    import signal

    proc = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from tripcost.cli import main\n"
         "import tripcost.cli as c\n"
         "c.COMMANDS['countries'] = lambda a: (print('ready', flush=True), time.sleep(30))[1]\n"
         "sys.exit(main(['countries']))"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path,
    )  # fmt: skip
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert "Traceback" not in err


def test_a_full_stdout_is_a_one_line_error(tmp_path: Path) -> None:
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "tripcost", "countries"], stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=60, cwd=tmp_path,
                              check=False)  # fmt: skip
    assert proc.returncode == 2
    assert proc.stderr.startswith("tripcost: error:")
    assert len(proc.stderr.strip().splitlines()) == 1
    assert "Traceback" not in proc.stderr


def _closed(redirect: str, *args: str, tmp: Path) -> subprocess.CompletedProcess[str]:
    """The command started as a shell starts it with ``redirect`` (``>&-``: stdout closed)."""
    return subprocess.run(["sh", "-c", f'exec "$0" -m tripcost "$@" {redirect}', sys.executable,
                           *args], capture_output=True, text=True, timeout=60, cwd=tmp,
                          check=False)  # fmt: skip


@pytest.mark.parametrize(
    "args", [["countries"], ["--version"], ["--help"], ["compare", "--help"], ["schema"]]
)
def test_a_closed_stdout_is_a_one_line_error(tmp_path: Path, args: list[str]) -> None:
    proc = _closed(">&-", *args, tmp=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr == "tripcost: error: cannot write to stdout: it is closed\n"


def test_help_onto_a_full_stdout_is_a_one_line_error(tmp_path: Path) -> None:
    proc = _closed(">/dev/full", "estimate", "--help", tmp=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr == "tripcost: error: cannot write to stdout: No space left on device\n"


def test_with_stdout_and_stderr_closed_the_exit_code_still_tells(tmp_path: Path) -> None:
    assert _closed(">&- 2>&-", "countries", tmp=tmp_path).returncode == 2
    assert _closed(">&- 2>&-", "compare", "fraxl", tmp=tmp_path).returncode == 2
    # with stderr closed, the error is not printed on stdout instead
    proc = _closed("2>&-", "compare", "fraxl", tmp=tmp_path)
    assert (proc.returncode, proc.stdout) == (2, "")


def test_a_closed_pipe_is_a_one_line_error(tmp_path: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "tripcost", "coverage"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=tmp_path)  # fmt: skip
    assert proc.stdout is not None
    proc.stdout.close()  # like `| head -0`
    _, err = proc.communicate(timeout=60)
    assert "Traceback" not in err.decode()
    assert proc.returncode != 0


def test_ctrl_c_exits_at_once_while_the_command_computes(tmp_path: Path) -> None:
    """While the command imports and computes, Ctrl-C is `tripcost._quit_on_interrupt`
    (exit 130 at once): a KeyboardInterrupt raised inside a class statement came out as
    "RuntimeError: Error calling __set_name__", and one inside the import machinery's
    callback was ignored and the command ended 0. Only writing --output raises, to clean
    up."""
    script = (
        "import runpy, signal, sys\n"
        "sys.orig_argv = [sys.executable, '-m', 'tripcost', 'countries']\n"
        "sys.argv = ['-m', 'countries']\n"
        "import tripcost\n"
        "import tripcost.views.listings as views\n"
        "real = views.countries_output\n"
        "def watched(*args):\n"
        "    quiet = signal.getsignal(signal.SIGINT) is tripcost._quit_on_interrupt\n"
        "    print('quiet while computing:', quiet, file=sys.stderr)\n"
        "    return real(*args)\n"
        "views.countries_output = watched\n"
        "import tripcost.files as files\n"
        "real_write = files.write_output\n"
        "def writing(*args):\n"
        "    raises = signal.getsignal(signal.SIGINT) is signal.default_int_handler\n"
        "    print('raises while writing:', raises, file=sys.stderr)\n"
        "    return real_write(*args)\n"
        "files.write_output = writing\n"
        "runpy._run_module_as_main('tripcost')\n"
    )
    out = tmp_path / "countries.txt"
    script = script.replace("'countries']\n", f"'countries', '--output', {str(out)!r}]\n")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60, cwd=tmp_path, check=False)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "quiet while computing: True" in proc.stderr
    assert "raises while writing: True" in proc.stderr
    assert out.read_text().startswith("Code")
