"""Resolve for the bulk path: the catalog's prices and facts as lookup arrays.

`sweep` prices millions of scenarios with the rule core on arrays; it needs each
(country, treatment) price, each (country, tier) living cost, each treatment's spacing
and stay, and each country's consultation fee and visa limit, in the display currency.
They come from the same queries the exact path makes (`Catalog.price`, `Catalog.living`,
`Catalog.fact`, `Catalog.rule`), converted once to float64. A rate that cannot be had
is remembered as a message and raised only if a row needs that cell.

Tables are cached by value: the catalog's content digest, the currency and the rate
source's `cache_key` (a source without one is never cached), so equal inputs share a
table across calls and across Dask workers, and a new rate table is never confused
with an old one.
"""

from __future__ import annotations

import itertools
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tripcost import vocab
from tripcost.errors import CurrencyError, NoPriceError, RateNotFound, RatesUnavailable
from tripcost.fx import RateSource
from tripcost.money import currency_digits
from tripcost.ranges import Range
from tripcost.resolve.catalog import Catalog
from tripcost.resolve.plans import living_gap

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Floats = npt.NDArray[np.float64]
    Ints = npt.NDArray[np.int64]

__all__ = ["PriceTables", "price_tables"]

_RATE_ERRORS = (RateNotFound, CurrencyError, RatesUnavailable)


@dataclass(frozen=True)
class PriceTables:
    """Lookup arrays for one catalog, display currency and rate source.

    ``price`` is [4, countries, treatments] (low, high, open-ended, approximate; NaN low:
    no price), ``living[category]`` is [4, countries, tiers], ``consultation`` [4,
    countries] (NaN: no fee), ``spacing`` and ``stay`` [2, treatments] in days (low,
    high), ``visa`` [countries] in days (0: no limit). ``errors`` maps a cell that needs
    a rate the source could not give to (error class name, message); ``digits`` are the
    display currency's.
    """

    countries: tuple[str, ...]
    treatments: tuple[str, ...]
    price: Floats
    price_missing: tuple[tuple[str, ...], ...]
    spacing: Ints
    stay: Ints
    living: dict[str, Floats]
    living_missing: dict[str, tuple[tuple[str, ...], ...]]
    tiers: dict[str, tuple[str, ...]]
    consultation: Floats
    visa: Ints
    errors: dict[tuple[str, int, int], tuple[type[Exception], str]]
    digits: int  # of the display currency: amounts are rounded to these


def _cells(r: Range) -> tuple[float, float, float, float]:
    return (float(r.low.amount), float(r.high.amount), float(r.open_ended), float(r.approximate))


def _build(cat: Catalog, currency: str, rates: RateSource) -> PriceTables:
    import numpy as np

    countries = tuple(cat.countries())
    treatments = tuple(t.slug for t in cat.treatments())
    errors: dict[tuple[str, int, int], tuple[type[Exception], str]] = {}
    price = np.full((4, len(countries), len(treatments)), np.nan)
    price[2:] = 0.0
    missing = [["" for _ in treatments] for _ in countries]
    for (i, c), (j, t) in itertools.product(enumerate(countries), enumerate(treatments)):
        try:
            price[:, i, j] = _cells(cat.price(t, c, currency=currency, rates=rates))
        except NoPriceError as exc:
            missing[i][j] = str(exc)
        except _RATE_ERRORS as exc:
            errors[("treatment", i, j)] = (type(exc), str(exc))
    spacing = np.zeros((2, len(treatments)), dtype=np.int64)
    stay = np.zeros((2, len(treatments)), dtype=np.int64)
    for j, t in enumerate(treatments):
        for days, name in ((spacing, "spacing"), (stay, "stay")):
            f = cat.fact(t, name)
            if f is not None:
                days[:, j] = (f.low, f.high)
    living: dict[str, Floats] = {}
    living_missing: dict[str, tuple[tuple[str, ...], ...]] = {}
    tiers: dict[str, tuple[str, ...]] = {}
    for category in vocab.living():
        tiers[category.name] = category.tiers
        arr = np.full((4, len(countries), len(category.tiers)), np.nan)
        arr[2:] = 0.0
        miss = [["" for _ in category.tiers] for _ in countries]
        for (i, c), (k, tier) in itertools.product(enumerate(countries), enumerate(category.tiers)):
            try:
                arr[:, i, k] = _cells(
                    cat.living(c, category.name, tier, currency=currency, rates=rates)
                )
            except NoPriceError as exc:
                miss[i][k] = living_gap(exc)
            except _RATE_ERRORS as exc:
                errors[(category.name, i, k)] = (type(exc), str(exc))
        living[category.name] = arr
        living_missing[category.name] = tuple(tuple(m) for m in miss)
    consultation = np.full((4, len(countries)), np.nan)
    consultation[2:] = 0.0
    visa = np.zeros(len(countries), dtype=np.int64)
    for i, c in enumerate(countries):
        try:
            fee = cat.price("consultation", c, unit="visit", currency=currency, rates=rates)
            consultation[:, i] = _cells(fee)
        except NoPriceError:
            pass
        except _RATE_ERRORS as exc:
            errors[("consultation", i, 0)] = (type(exc), str(exc))
        rows = cat.rule("medical_visa_validity", c)
        if rows and rows[0].high is not None:
            visa[i] = int(rows[0].high)
    return PriceTables(
        countries, treatments, price, tuple(tuple(m) for m in missing), spacing, stay,
        living, living_missing, tiers, consultation, visa, errors, currency_digits(currency),
    )  # fmt: skip


_CACHE: OrderedDict[tuple[object, ...], PriceTables] = OrderedDict()
_CACHE_SIZE = 16


def price_tables(cat: Catalog, currency: str, rates: RateSource) -> PriceTables:
    """The tables for ``cat`` in ``currency`` at ``rates``, cached by value."""
    rkey = getattr(rates, "cache_key", None)
    if rkey is None:
        return _build(cat, currency, rates)
    tiers = tuple((c.name, c.tiers) for c in vocab.living())
    key = (cat.key, currency, rkey, tiers)
    found = _CACHE.get(key)
    if found is None:
        found = _build(cat, currency, rates)
        _CACHE[key] = found
        if len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    else:
        _CACHE.move_to_end(key)
    return found
