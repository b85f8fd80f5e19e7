"""What the public functions are given, checked at the door: a catalog, a rate source, a
list of names. Each wrong value is a `TripcostError` naming the argument, never an
AttributeError from deep inside; each None means the default.

>>> names(["KR", "Thailand"], "countries")
['KR', 'Thailand']
>>> names("KR", "countries")
Traceback (most recent call last):
...
tripcost.errors.PlanError: countries 'KR' is one name; give a list of them, like ['KR', 'TH']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from tripcost.errors import CatalogError, PlanError
from tripcost.fx import RateSource, default_rates, rate_source

if TYPE_CHECKING:
    from tripcost.resolve.catalog import Catalog

__all__ = ["catalog", "country", "items", "mapping", "names", "rates"]


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else f"a {type(value).__name__}"


def catalog(value: object) -> Catalog:
    """``value`` if it is a `Catalog`; None: the embedded one."""
    from tripcost.resolve.catalog import Catalog
    from tripcost.resolve.load import load_catalog

    if value is None:
        return load_catalog()
    if isinstance(value, Catalog):
        return value
    raise CatalogError(f"catalog {_shown(value)} is not a Catalog (see load_catalog)")


def country(cat: Catalog, value: str, what: str) -> str:
    """The ISO code of country ``value`` (a code or a name), an unknown one named as
    argument ``what``'s ("home: unknown country 'XX' …")."""
    try:
        return cat.country(value)
    except CatalogError as exc:
        raise type(exc)(f"{what}: {exc}") from None


def rates(value: object) -> RateSource:
    """``value`` if it answers ``rate(base, quote, on)``; None: the embedded ECB rates."""
    return default_rates() if value is None else rate_source(value)


def names(value: object, what: str) -> list[str] | None:
    """A list of names (countries, treatments) as a list of str; None stays None (every
    one). An empty list names none: refused, not read as every one."""
    if value is None:
        return None
    if isinstance(value, str):
        msg = f"{what} {_shown(value)} is one name; give a list of them, like ['KR', 'TH']"
        raise PlanError(msg)
    if not isinstance(value, Iterable) or isinstance(value, bytes | bytearray | dict):
        raise PlanError(f"{what} {_shown(value)} is not a list of names, like ['KR', 'TH']")
    out = list(value)
    for item in out:
        if not isinstance(item, str):
            raise PlanError(f"{what}: {_shown(item)} is not a name, like 'KR'")
    if not out:
        raise PlanError(f"{what} is an empty list: name at least one, or pass None for all")
    return out


def mapping(value: object, what: str) -> None:
    """Refuse anything but a mapping of names (``living={"accommodation": "hostel"}``)
    or None; its values are checked where they are used."""
    if value is not None and not (
        isinstance(value, Mapping) and all(isinstance(k, str) for k in value)
    ):
        raise PlanError(f"{what} {_shown(value)} is not a mapping of names to values")


def items(value: object, what: str) -> None:
    """Refuse anything but a list of values (``extras``), each checked where it is used."""
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise PlanError(f"{what} {_shown(value)} is not a list")
