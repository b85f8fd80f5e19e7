"""The errors tripcost raises: one base class and a few precise subclasses.

Every message names the offending value and where it came from (a file and
line for data files, a field for plans), so a user can fix the input.
"""

from __future__ import annotations

__all__ = [
    "CatalogError",
    "CurrencyError",
    "DataFileError",
    "NoPriceError",
    "OutputError",
    "PlanError",
    "RangeError",
    "RateNotFound",
    "RatesUnavailable",
    "TripcostError",
    "UnknownCountry",
    "UnknownTreatment",
]


class TripcostError(Exception):
    """Base class of every error tripcost raises on purpose."""

    exit_code: int = 2


class CurrencyError(TripcostError, ValueError):
    """An unknown or unsupported currency code, or two currencies mixed."""


class RangeError(TripcostError, ValueError):
    """An impossible amount or range: low above high, a negative price, NaN, a float."""


class RateNotFound(TripcostError, LookupError):
    """No rate for a currency on a date (before its first published rate, say)."""


class RatesUnavailable(TripcostError):
    """A rate source could not answer (live rates with no network, a bad reply)."""

    exit_code = 3


class CatalogError(TripcostError):
    """The catalog cannot answer a question."""


class DataFileError(CatalogError, ValueError):
    """A data file is malformed; the message names the file, line, column and value."""


class UnknownTreatment(CatalogError, LookupError):
    """A treatment name the catalog does not know; the message lists the closest ones."""


class UnknownCountry(CatalogError, LookupError):
    """A country code the catalog does not know; the message lists the closest ones."""


class NoPriceError(CatalogError, LookupError):
    """The catalog has no price for this treatment in this country (or no living cost)."""


class OutputError(TripcostError):
    """The output cannot be written: a missing or read-only folder, a full disk, a closed
    pipe, or a path that is not a regular file (a FIFO, a device, a folder)."""


class PlanError(TripcostError, ValueError):
    """A plan that cannot be read or cannot happen; the message names the field."""
