"""Where the catalog's rows come from: the embedded data files, a user's file or text.

Every row is validated (`tripcost.resolve.rows`), every quote is checked against its
source where the source is at hand (the seed documents and the recorded public pages
ship with the package), and the tables are checked against each other (every treatment
a row names exists; no duplicate rows). The embedded tables are parsed once per process.
"""

from __future__ import annotations

import csv
import difflib
import io
import os
import re
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from tripcost.errors import DataFileError
from tripcost.files import read_limited
from tripcost.resolve.catalog import Catalog, Tables
from tripcost.resolve.rows import (
    MAX_FILE_BYTES,
    FactRow,
    LivingRow,
    NoDataRow,
    PriceRow,
    Row,
    RuleRow,
    SourceRow,
    TreatmentRow,
    read_rows,
)

__all__ = ["FILES", "catalog_from_prices", "load_catalog"]

FILES: dict[str, tuple[str, type[Row]]] = {
    "prices": ("prices.csv", PriceRow),
    "living": ("living.csv", LivingRow),
    "facts": ("facts.csv", FactRow),
    "treatments": ("treatments.csv", TreatmentRow),
    "rules": ("rules.csv", RuleRow),
    "no_data": ("no_data.csv", NoDataRow),
    "sources": ("sources.csv", SourceRow),
}
SOURCED_FILES = ("living_costs_sourced.csv", "rules_sourced.csv", "prices_sourced.csv")


def _embedded() -> Traversable:
    return resources.files("tripcost").joinpath("data")


WORDS = {
    "free": Decimal(0), "none": Decimal(0), "a month": Decimal(1), "one": Decimal(1),
    "two": Decimal(2), "three": Decimal(3), "four": Decimal(4), "five": Decimal(5),
    "no downtime": Decimal(0),
}  # fmt: skip


_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_WORD = re.compile(r"\b(" + "|".join(re.escape(w) for w in WORDS) + r")\b", re.IGNORECASE)


def numbers_in(quote: str) -> set[Decimal]:
    """Every number a quote states ('₩300,000' -> 300000, '$1,000+' -> 1000, 'Free' -> 0)."""
    found = {Decimal(n.replace(",", "")) for n in _NUMBER.findall(quote)}
    found |= {WORDS[w.lower()] for w in _WORD.findall(quote)}
    return found


class _QuoteChecker:
    """Checks that a row's numbers are in its quote and its quote is verbatim in its
    source: a seed document, a recorded public page, or (for a user's catalog) a text
    file beside the catalog. A source that cannot be read is an error for the embedded
    data; for a user's catalog the row is kept and its source listed as unverified."""

    def __init__(
        self, beside: Path | None = None, reference: dict[str, list[Row]] | None = None
    ) -> None:
        self.seeds = resources.files("tripcost").joinpath("seeds")
        self.beside = beside
        self.unverified: set[str] = set()
        self._texts: dict[str, str] = {}
        self._addresses: dict[str, list[tuple[str, str]]] | None = None
        self._dates: dict[str, str] | None = None
        # a user's rows that cite a quote the embedded data cites must say what it says
        self._cited: dict[tuple[type[Row], str, str], list[Row]] = defaultdict(list)
        for rows in (reference or {}).values():
            for r in rows:
                ref, quote = getattr(r, "source", None), getattr(r, "quote", None)
                if isinstance(ref, str) and isinstance(quote, str):
                    self._cited[(type(r), ref, quote)].append(r)

    def _text(self, name: str) -> str | None:
        if name not in self._texts:
            text = ""
            for folder in (self.beside, self.seeds):
                f = folder.joinpath(name) if folder is not None else None
                if f is not None and f.is_file():
                    text = f.read_bytes().decode("utf-8", errors="replace")
                    break
            self._texts[name] = text
        return self._texts[name] or None

    def addresses(self) -> dict[str, list[tuple[str, str]]]:
        """Each recorded address: (what it is recorded to say, its date) of every record."""
        if self._addresses is None:
            found: dict[str, list[tuple[str, str]]] = defaultdict(list)
            folder = self.seeds.joinpath("data-sources")
            for name in SOURCED_FILES:
                f = folder.joinpath(name)
                if f.is_file():
                    for rec in csv.DictReader(io.StringIO(f.read_text(encoding="utf-8"))):
                        found[rec["source_url"]].append((rec["quote"], rec["source_date"]))
            self._addresses = dict(found)
        return self._addresses

    def seed_dates(self) -> dict[str, str]:
        """Each seed document's date, as the embedded sources.csv records it."""
        if self._dates is None:
            f = _embedded().joinpath("sources.csv")
            recs = csv.DictReader(io.StringIO(f.read_text(encoding="utf-8")))
            self._dates = {r["source"]: r["date"] for r in recs}
        return self._dates

    def __call__(self, row: Row) -> None:
        ref, quote = getattr(row, "source", None), getattr(row, "quote", None)
        if not isinstance(ref, str) or not isinstance(quote, str):
            return
        if len(quote.strip()) < MIN_QUOTE or not any(c.isalpha() for c in quote):
            raise ValueError(
                f"the quote {quote!r} is a fragment: a quote is the source's own words "
                f"around its figures (at least {MIN_QUOTE} characters)"
            )
        self._in_source(ref, quote, getattr(row, "source_date", None))
        stated = numbers_in(quote)
        for column in ("low", "high"):
            value = getattr(row, column, None)
            if isinstance(value, Decimal) and value not in stated:
                raise ValueError(f"{column} {value} is not a number the quote states")
        currency = getattr(row, "currency", None)
        if isinstance(currency, str) and currency:
            check_marks(quote, currency)
        self._as_cited(row, ref, quote)

    def _as_cited(self, row: Row, ref: str, quote: str) -> None:
        """A user's row citing a quote the embedded data cites says what that row says."""
        cited = self._cited.get((type(row), ref, quote))
        if not cited:
            return
        mine = _facts_of(row)
        if any(_facts_of(r) == mine for r in cited):
            return
        first = cited[0]
        differ = [k for k, v in _facts_of(first).items() if mine.get(k) != v]
        told = ", ".join(f"{k} {getattr(first, k)}" for k in differ)
        raise ValueError(
            f"the embedded catalog cites this quote of {ref} (line {first.line}) with {told}; "
            f"this row says {', '.join(f'{k} {getattr(row, k)}' for k in differ)}"
        )

    def _in_source(self, ref: str, quote: str, date: object) -> None:
        if re.match(r"^https?://", ref):
            records = self.addresses().get(ref)
            if records is None:
                self._unknown(ref, "an address with no recorded copy")
                return
            said = [d for q, d in records if quote in q]
            if not said:
                msg = f"the quote {quote[:60]!r} is not in what {ref} is recorded to say"
                raise ValueError(msg)
            if isinstance(date, str) and date not in said:
                raise ValueError(f"source_date {date} is not the date {ref} is recorded "
                                 f"with ({said[0]})")  # fmt: skip
            return
        known = self.seed_dates().get(ref)
        if known is not None and isinstance(date, str) and date != known:
            raise ValueError(f"source_date {date} is not {ref}'s date ({known}, sources.csv)")
        text = self._text(ref) if re.match(r"^[\w.\-]+$", ref) else None
        if text is None:
            self._unknown(ref, "neither a seed file in seeds/ nor a file beside the catalog")
        elif quote not in text:
            msg = f"the quote {quote[:60]!r} is not in {ref} (quotes must be verbatim)"
            raise ValueError(msg)

    def _unknown(self, ref: str, what: str) -> None:
        if self.beside is None:
            raise ValueError(f"source {ref!r} is {what}")
        self.unverified.add(ref)


#: A quote is at least this long: the source's words around a figure, not a fragment.
MIN_QUOTE = 10
#: How a quote may write each currency: symbols (found anywhere), then codes and words
#: (found as words, any case; a code glued to its figure, '50BHT', counts).
MARKS = {
    "USD": ("$", "USD", "dollar"), "CAD": ("$", "CAD", "C$"), "AUD": ("$", "AUD", "A$"),
    "SGD": ("$", "SGD", "S$"), "NZD": ("$", "NZD"), "HKD": ("$", "HKD"),
    "MXN": ("$", "MXN", "M$", "peso"),
    "KRW": ("₩", "KRW", "won"), "GBP": ("£", "GBP", "pound"), "EUR": ("€", "EUR", "euro"),
    "INR": ("₹", "INR", "Rs", "rupee"), "THB": ("฿", "THB", "BHT", "baht"),
    "TRY": ("₺", "TRY", "TL", "lira"), "JPY": ("¥", "JPY", "yen"),
}  # fmt: skip


def _pattern(marks: tuple[str, ...]) -> re.Pattern[str]:
    words = "|".join(re.escape(m) for m in marks if m.isalpha())
    symbols = "|".join(re.escape(m) for m in marks if not m.isalpha())
    found = [f"(?<![A-Za-z])(?:{words})(?:e?s)?(?![A-Za-z])"] if words else []
    return re.compile("|".join(found + ([symbols] if symbols else [])), re.IGNORECASE)


_MARKED = {currency: _pattern(marks) for currency, marks in MARKS.items()}


def check_marks(quote: str, currency: str) -> None:
    """Where a quote writes currencies (``MARKS``), one of them is the row's ``currency``."""
    own = _MARKED.get(currency)
    if own is None or own.search(quote):
        return
    named = sorted(c for c, pattern in _MARKED.items() if pattern.search(quote))
    if named:
        raise ValueError(f"the quote writes {', '.join(named)}, not {currency}")


def _facts_of(row: Row) -> dict[str, object]:
    """What a row says, apart from where it stands and how it is worded."""
    return {k: v for k, v in row.as_dict().items() if k not in ("line", "wording", "note")}


def _read(where: Traversable | Path, table: str, checker: _QuoteChecker, label: str) -> list[Row]:
    fname, model = FILES[table]
    f = where.joinpath(fname) if not (isinstance(where, Path) and where.is_file()) else where
    try:
        if isinstance(f, Path):  # a user's file: a regular file, read no further than the limit
            data = read_limited(f, MAX_FILE_BYTES, "data file", error=DataFileError)
        else:
            data = f.read_bytes()
    except FileNotFoundError:
        raise DataFileError(f"{label}{fname} not found") from None
    except OSError as exc:
        raise DataFileError(f"cannot read {label}{fname}: {exc.strerror or exc}") from None
    check = checker if table in ("prices", "living", "facts", "rules") else None
    name = str(f) if isinstance(f, Path) else fname
    return list(read_rows(data, model, name, check=check))


_CACHE: Catalog | None = None
_EMBEDDED: dict[str, list[Row]] | None = None


def _embedded_tables() -> dict[str, list[Row]]:
    """Every embedded table, parsed and validated once per process."""
    global _EMBEDDED
    if _EMBEDDED is None:
        emb, checker = _embedded(), _QuoteChecker()
        _EMBEDDED = {table: _read(emb, table, checker, "embedded ") for table in FILES}
    return _EMBEDDED


def _build(
    tables: dict[str, list[Row]], origin: str, prices_name: str, unverified: Iterable[str] = ()
) -> Catalog:
    cat = Catalog(
        Tables(
            prices=tuple(tables["prices"]),  # type: ignore[arg-type]
            living=tuple(tables["living"]),  # type: ignore[arg-type]
            facts=tuple(tables["facts"]),  # type: ignore[arg-type]
            treatments=tuple(tables["treatments"]),  # type: ignore[arg-type]
            rules=tuple(tables["rules"]),  # type: ignore[arg-type]
            no_data=tuple(tables["no_data"]),  # type: ignore[arg-type]
            sources=tuple(tables["sources"]),  # type: ignore[arg-type]
        ),
        origin=origin,
        unverified=frozenset(unverified),
    )
    _cross_check(cat, prices_name)
    return cat


def load_catalog(path: str | Path | None = None) -> Catalog:
    """The catalog: embedded (``path=None``), or with a user's own data.

    ``path`` may be a prices CSV with the same columns as ``data/prices.csv`` (the
    other tables stay embedded), or a folder holding any of the data files by their
    usual names. Every row is validated as the embedded data is: errors name file, line
    and column; each number must be in its quote, and each quote in its source (a seed
    document, a recorded public page, or a text file beside the catalog). A row whose
    source cannot be read is kept, and its source listed in ``Catalog.unverified``.
    """
    global _CACHE
    if path is not None and not isinstance(path, str | os.PathLike):
        raise DataFileError(f"a catalog path is a str or a path, not {path!r}")
    if path is None:
        if _CACHE is None:
            _CACHE = _build(_embedded_tables(), "embedded", "prices.csv")
        return _CACHE
    user = Path(path)
    try:
        exists = user.exists()
    except OSError as exc:  # a name too long for the file system, say
        shown = str(user) if len(str(user)) <= 80 else f"{str(user)[:60]}…"
        raise DataFileError(f"cannot read {shown}: {exc.strerror or exc}") from None
    if not exists:
        raise DataFileError(f"{user} not found")
    tables = dict(_embedded_tables())
    if user.is_file():
        checker = _QuoteChecker(user.parent, tables)
        tables["prices"] = _read(user, "prices", checker, "")
        return _build(tables, str(user), str(user), checker.unverified)
    if not user.is_dir():
        raise DataFileError(f"{user} is neither a data file nor a folder of data files")
    found = [t for t, (fname, _) in FILES.items() if user.joinpath(fname).is_file()]
    if not found:
        names = ", ".join(fname for fname, _ in FILES.values())
        raise DataFileError(f"{user} holds none of the data files ({names})")
    checker = _QuoteChecker(user, tables)
    for table in found:
        tables[table] = _read(user, table, checker, f"{user}/")
    return _build(tables, str(user), str(user / "prices.csv"), checker.unverified)


def catalog_from_prices(data: str | bytes, name: str = "prices.csv") -> Catalog:
    """A catalog whose prices are parsed from ``data`` (the text of a prices CSV); the
    other tables stay embedded. Errors name ``name`` and the line; sources that are
    neither seeds nor recorded pages are listed as unverified."""
    if not isinstance(data, str | bytes) or not isinstance(name, str):
        raise DataFileError(f"catalog_from_prices takes the text of a prices CSV, not {data!r}")
    tables = dict(_embedded_tables())
    beside = Path(name).parent if Path(name).parent.is_dir() else Path(".")
    checker = _QuoteChecker(beside, tables)
    tables["prices"] = list(read_rows(data, PriceRow, name, check=checker))
    return _build(tables, name, name, checker.unverified)


def _cross_check(cat: Catalog, pname: str) -> None:
    """Every treatment a row names exists; no duplicate rows; parents exist."""
    slugs = {t.slug for t in cat.tables.treatments}
    named: list[tuple[str, int, str]] = [(r.treatment, r.line, pname) for r in cat.prices]
    named += [(r.treatment, r.line, "facts.csv") for r in cat.facts]
    named += [(r.treatment, r.line, "no_data.csv") for r in cat.no_data]
    for slug, line, fname in named:
        if slug not in slugs:
            close = difflib.get_close_matches(slug, sorted(slugs), 3)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            msg = f"{fname} line {line}, column 'treatment': unknown treatment {slug!r}{hint}"
            raise DataFileError(msg)
    for t in cat.tables.treatments:
        for p in t.parents:
            if p not in slugs or p == t.slug:
                raise DataFileError(f"treatments.csv line {t.line}: unknown parent {p!r}")
    seen: dict[tuple[object, ...], int] = {}
    for r in cat.prices:
        key = (r.country, r.treatment, r.unit, r.currency, r.low, r.high, r.statistic,
               r.source, r.quote)  # fmt: skip
        if key in seen:
            msg = (
                f"{pname} line {r.line}: duplicate of line {seen[key]} ({r.treatment}, {r.country})"
            )
            raise DataFileError(msg)
        seen[key] = r.line
    if len(slugs) != len(cat.tables.treatments):
        raise DataFileError("treatments.csv: a slug is listed twice")
