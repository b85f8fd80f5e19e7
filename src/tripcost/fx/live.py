"""Live rates through forex-python: opt-in, one deadline, checked against the ECB."""

from __future__ import annotations

import datetime as dt
import math
import os
import threading
import time
from collections.abc import Mapping
from decimal import Decimal

from tripcost.counts import brief
from tripcost.errors import RatesUnavailable, TripcostError
from tripcost.fx.rates import Rate, RateSource, as_date, figure, identity, rate_source
from tripcost.money import EXACT, parse_amount, validate_currency

__all__ = ["MAX_TIMEOUT", "PLAUSIBLE", "LiveRates"]

#: The longest deadline accepted, in seconds.
MAX_TIMEOUT = 60.0
#: A live rate further than this from the embedded ECB rate is refused: one more than
#: 1.5 times the other, whichever way the pair is asked.
PLAUSIBLE = Decimal("0.5")
_HINT = "use the embedded rates (the default) or give a fixed rate such as USD/KRW=1450"


class LiveRates:
    """Live rates through forex-python, opt-in, behind one hard deadline.

    * **One deadline.** ``timeout`` seconds (default 4) cover every request this
      object makes, counted from its first request: a slow mirror cannot make a
      command wait longer, however many currencies it needs. forex-python has no
      timeout of its own, so each request runs in a daemon thread that is
      abandoned at the deadline. ``requests`` counts the requests made.
    * **Each base once.** A reply holds every rate of its base currency; it is
      kept, so asking USD/KRW and then USD/THB makes one request. A failed base is
      not asked again.
    * **Plausible or refused.** A live rate more than 1.5 times above or below the embedded
      ECB rate for the same pair (and date) is refused, naming both figures,
      unless ``accept_implausible=True``; a currency the ECB does not publish
      cannot be checked and is taken as given.

    Any failure (no network, a bad reply, the deadline, an implausible rate)
    raises `RatesUnavailable` (exit code 3) naming the cause. A timeout that is
    not above 0 and at most 60 seconds is a `TripcostError` (exit code 2).
    ``url`` (or the environment variable ``TRIPCOST_LIVE_RATES_URL``) points it
    at a mirror of the API instead of forex-python's own.
    """

    def __init__(
        self,
        timeout: float = 4.0,
        *,
        url: str | None = None,
        accept_implausible: bool = False,
        reference: RateSource | None = None,
    ) -> None:
        if (
            isinstance(timeout, bool)
            or not isinstance(timeout, int | float)
            or not 0 < timeout <= MAX_TIMEOUT  # before isfinite: 10**400 is no float
            or not math.isfinite(timeout)
        ):
            msg = f"timeout {brief(timeout)} must be a number of seconds above 0 and at most 60"
            raise TripcostError(msg)
        if url is not None and not isinstance(url, str):
            raise TripcostError(f"url {url!r} is not the address of a forex-python mirror")
        if not isinstance(accept_implausible, bool):
            raise TripcostError(f"accept_implausible {accept_implausible!r} is not True or False")
        if reference is not None:
            reference = rate_source(reference, what="reference")
        self.timeout = float(timeout)
        # a mirror of the forex-python API (and, in tests, a server on this machine)
        self.url = url or os.environ.get("TRIPCOST_LIVE_RATES_URL") or None
        # the rate line names the mirror, whether given here or by the environment
        self.source = f"live rate (forex-python{', ' + self.url if self.url else ''})"
        self.accept_implausible = accept_implausible
        self._reference = reference
        self.requests = 0
        self._lock = threading.Lock()
        self._deadline: float | None = None
        self._tables: dict[tuple[str, dt.date | None], Mapping[str, object]] = {}
        self._failed: dict[tuple[str, dt.date | None], str] = {}

    @property
    def cache_key(self) -> None:
        """Live answers change: never cached."""
        return None

    def _fetch(self, base: str, on: dt.date | None) -> object:
        """Every rate of ``base`` on ``on`` (None: latest), as forex-python returns them."""
        from forex_python.converter import CurrencyRates

        client = CurrencyRates(force_decimal=True)
        if self.url is not None:
            url = self.url if self.url.endswith("/") else self.url + "/"
            client._source_url = lambda: url
        return client.get_rates(base, on)

    def _late(self, base: str, quote: str, what: str) -> str:
        return (
            f"{self.source}: no answer for {base}/{quote} within {self.timeout:g} s "
            f"({what}; one deadline covers all live rates, {self.requests} "
            f"request{'s' if self.requests != 1 else ''} made); {_HINT}"
        )

    def _table(self, base: str, quote: str, on: dt.date | None) -> Mapping[str, object]:
        key = (base, on)
        with self._lock:
            if key in self._tables:
                return self._tables[key]
            if key in self._failed:
                raise RatesUnavailable(self._failed[key])
            now = time.monotonic()
            if self._deadline is None:
                self._deadline = now + self.timeout
            remaining = self._deadline - now
            if remaining <= 0:
                raise RatesUnavailable(self._late(base, quote, "the deadline had passed"))
            self.requests += 1
            box: dict[str, object] = {}

            def work() -> None:
                try:
                    box["value"] = self._fetch(base, on)
                except BaseException as exc:  # reported below, by type and message
                    box["error"] = f"{type(exc).__name__}: {exc}"

            thread = threading.Thread(target=work, name="tripcost-live-rate", daemon=True)
            thread.start()
            thread.join(remaining)
            if thread.is_alive():
                msg = self._late(base, quote, "the deadline passed during this request")
                self._failed[key] = msg
                raise RatesUnavailable(msg)
            if "error" in box:
                msg = f"{self.source}: {base}/{quote} failed ({box['error']}); {_HINT}"
                self._failed[key] = msg
                raise RatesUnavailable(msg)
            table = box.get("value")
            if not isinstance(table, Mapping):
                msg = f"{self.source}: the reply for {base} is not a table of rates; {_HINT}"
                self._failed[key] = msg
                raise RatesUnavailable(msg)
            self._tables[key] = table
            return table

    def rate(self, base: str, quote: str, on: dt.date | None = None) -> Rate:
        base, quote, on = validate_currency(base), validate_currency(quote), as_date(on)
        if base == quote:
            return identity(base, on, self.source)
        raw = self._table(base, quote, on).get(quote)
        if raw is None:
            msg = f"{self.source}: the reply for {base} has no {quote} rate; {_HINT}"
            raise RatesUnavailable(msg)
        try:
            value = parse_amount(
                raw if isinstance(raw, Decimal | int) and not isinstance(raw, bool) else str(raw),
                what=f"live rate {base}/{quote}",
            )
        except TripcostError as exc:
            msg = f"{self.source}: {base}/{quote} returned {raw!r}; {_HINT}"
            raise RatesUnavailable(msg) from exc
        if value <= 0:
            msg = f"{self.source}: {base}/{quote} returned {value}; {_HINT}"
            raise RatesUnavailable(msg)
        source = self._check(base, quote, value, on)
        return Rate(base, quote, value, on or dt.date.today(), source, on)

    def _check(self, base: str, quote: str, value: Decimal, on: dt.date | None) -> str:
        """The rate's source name, after comparing ``value`` with the embedded rate."""
        if self._reference is None:
            from tripcost.fx.ecb import default_rates

            self._reference = default_rates()
        try:
            ref = self._reference.rate(base, quote, on)
        except TripcostError:  # the ECB does not publish one of them: nothing to compare
            return self.source
        # the larger of the two ratios: the same for a pair and its inverse (2600 against
        # 1333 KRW a dollar is 1.95 times it whichever way the pair is asked)
        ratio = max(EXACT.divide(value, ref.value), EXACT.divide(ref.value, value))
        if EXACT.subtract(ratio, 1) <= PLAUSIBLE:
            return self.source
        times = f"{EXACT.quantize(ratio, Decimal('0.01')):,f}"
        way = "above" if value > ref.value else "below"
        if self.accept_implausible:
            return f"{self.source}, {times} times {way} the ECB rate (accepted)"
        msg = (
            f"{self.source}: 1 {base} = {figure(value)} {quote} is {times} times {way} the "
            f"embedded ECB rate of {ref.date.isoformat()}, 1 {base} = {figure(ref.value)} "
            f"{quote} (more than 1.5 times either way is refused); check the mirror, {_HINT}, "
            "or accept implausible live rates explicitly (--accept-implausible-rates; "
            "LiveRates(accept_implausible=True))"
        )
        raise RatesUnavailable(msg)
