"""Rates the user gives, in market notation, checked for conflicts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Mapping
from decimal import Decimal

from tripcost.errors import CurrencyError, RateNotFound
from tripcost.fx.rates import (
    ONE,
    Rate,
    as_date,
    derived,
    figure,
    inverse,
    parse_pair,
    parse_rate_option,
)
from tripcost.money import EXACT, parse_amount, validate_currency

__all__ = ["AGREEMENT", "FixedRates"]

#: Two given rates that describe the same exchange (a pair and its inverse, or a
#: pair and a path through other pairs) must agree this closely: 1 part in 1000.
AGREEMENT = Decimal("0.001")

Amount = Decimal | int | str


class FixedRates:
    """Rates the user gives: ``FixedRates({"USD/KRW": "1450"})`` is 1 USD = 1450 KRW.

    ``rates`` is a mapping or an iterable of ``(pair, value)``, so the same pair can
    come twice, as ``--rate`` options can; `from_options` takes the option strings.
    A given pair comes back exactly; inverses and crosses through the given pairs
    are derived (rounded to 28 significant digits).

    Conflicts are refused, never settled by order: the same pair twice with two
    values, or a pair that disagrees with its inverse or with a path through the
    other given pairs by more than 1 part in 1000 (`AGREEMENT`).

    >>> FixedRates([("USD/KRW", "1450"), ("KRW/USD", "1")])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    tripcost.errors.CurrencyError: rates USD/KRW=1450 and KRW/USD=1 disagree: ... one of them
    """

    def __init__(
        self,
        rates: Mapping[str, Amount] | Iterable[tuple[str, Amount]],
        *,
        as_of: dt.date | None = None,
        source: str = "fixed rate (given by the user)",
    ) -> None:
        self.source = source
        self.as_of = as_date(as_of, what="as_of")
        if isinstance(rates, str | bytes):
            msg = (
                f"FixedRates takes a mapping or (pair, value) pairs, not {rates!r}; "
                "for --rate strings use FixedRates.from_options"
            )
            raise CurrencyError(msg)
        if isinstance(rates, Mapping):
            items = list(rates.items())
        elif isinstance(rates, Iterable):
            items = list(rates)
        else:
            msg = f"FixedRates takes a mapping like {{'USD/KRW': '1450'}}, not {rates!r}"
            raise CurrencyError(msg)
        if not items:
            raise CurrencyError("FixedRates needs at least one rate, like {'USD/KRW': '1450'}")
        # given[(base, quote)] = (value, as written)
        self._given: dict[tuple[str, str], tuple[Decimal, str]] = {}
        self._graph: dict[str, dict[str, Decimal]] = {}
        for item in items:
            if not isinstance(item, tuple) or len(item) != 2:
                raise CurrencyError(f"a fixed rate is a (pair, value) pair, not {item!r}")
            self._add(*item)
        for (base, quote), (value, _) in self._given.items():
            self._graph.setdefault(base, {})[quote] = value
            if (quote, base) not in self._given:
                self._graph.setdefault(quote, {})[base] = inverse(value)

    @classmethod
    def from_options(
        cls,
        options: Iterable[str],
        *,
        as_of: dt.date | None = None,
        source: str = "fixed rate (given by the user)",
    ) -> FixedRates:
        """Rates from ``--rate`` option strings: ``["USD/KRW=1450", "EUR/USD=1.08"]``."""
        if isinstance(options, str):
            options = [options]
        if not isinstance(options, Iterable):
            raise CurrencyError(f"rate options {options!r} are not a list like ['USD/KRW=1450']")
        return cls([parse_rate_option(o) for o in options], as_of=as_of, source=source)

    def _add(self, pair: str, value: Amount) -> None:
        base, quote = parse_pair(pair)
        amount = parse_amount(value, what=f"rate {pair}")
        if amount <= 0:
            msg = f"rate {pair}={value} must be greater than zero"
            raise CurrencyError(msg)
        written = f"{base}/{quote}={EXACT.to_sci_string(amount)}"
        if (base, quote) in self._given:
            old, old_written = self._given[(base, quote)]
            if old != amount:
                msg = (
                    f"rate {base}/{quote} is given twice: {old_written} and {written}; give it once"
                )
                raise CurrencyError(msg)
            return
        path = self._path(base, quote)
        if path is not None:
            implied, steps = path
            ratio = _apart(implied, amount)
            if ratio > AGREEMENT:
                if len(steps) == 1 and steps[0][0] == (quote, base):
                    msg = (
                        f"rates {steps[0][1]} and {written} disagree: {steps[0][1]} gives "
                        f"{base}/{quote}={figure(implied)}; give one of them"
                    )
                else:
                    names = " and ".join(s[1] for s in steps)
                    msg = (
                        f"rate {written} disagrees with {names}, which give "
                        f"{base}/{quote}={figure(implied)}; give rates that agree"
                    )
                raise CurrencyError(msg)
        self._given[(base, quote)] = (amount, written)

    def _path(
        self, base: str, quote: str
    ) -> tuple[Decimal, list[tuple[tuple[str, str], str]]] | None:
        """The rate from ``base`` to ``quote`` through the pairs given so far, with the
        given pairs it used, or None if they do not connect."""
        edges: dict[str, list[tuple[str, Decimal, tuple[str, str], str]]] = {}
        for (b, q), (v, written) in self._given.items():
            edges.setdefault(b, []).append((q, v, (b, q), written))
            edges.setdefault(q, []).append((b, inverse(v), (b, q), written))
        back: dict[str, tuple[str, Decimal, tuple[str, str], str]] = {}
        frontier, seen = [base], {base}
        while frontier and quote not in seen:
            nxt = []
            for code in frontier:
                for other, step, given, written in edges.get(code, []):
                    if other not in seen:
                        seen.add(other)
                        back[other] = (code, step, given, written)
                        nxt.append(other)
            frontier = nxt
        if quote not in seen:
            return None
        value, steps, code = ONE, [], quote
        while code != base:
            prev, step, given, written = back[code]
            value = EXACT.multiply(value, step)
            steps.append((given, written))
            code = prev
        return derived(value), steps[::-1]

    @property
    def cache_key(self) -> Hashable:
        """Equal for FixedRates with the same pairs, values, date and source name."""
        pairs = tuple(sorted((b, q, v) for (b, q), (v, _) in self._given.items()))
        return ("FixedRates", pairs, self.as_of, self.source)

    def currencies(self) -> frozenset[str]:
        return frozenset(self._graph)

    def rate(self, base: str, quote: str, on: dt.date | None = None) -> Rate:
        base, quote, on = validate_currency(base), validate_currency(quote), as_date(on)
        day = self.as_of or on or dt.date.today()
        if base == quote:
            return Rate(base, quote, ONE, day, self.source, on)
        # breadth-first search through the given pairs
        frontier: list[tuple[str, Decimal]] = [(base, ONE)]
        seen = {base}
        depth = 0
        while frontier:
            depth += 1
            nxt: list[tuple[str, Decimal]] = []
            for code, value in frontier:
                for other, step in self._graph.get(code, {}).items():
                    if other in seen:
                        continue
                    total = EXACT.multiply(value, step)
                    if other == quote:  # a given rate comes back exactly, a path is rounded
                        total = total if depth == 1 else derived(total)
                        return Rate(base, quote, total, day, self.source, on)
                    seen.add(other)
                    nxt.append((other, total))
            frontier = nxt
        given = ", ".join(sorted(f"{b}/{q}" for b in self._graph for q in self._graph[b] if b < q))
        msg = f"no fixed rate leads from {base} to {quote} (given: {given})"
        raise RateNotFound(msg)


def _apart(a: Decimal, b: Decimal) -> Decimal:
    """How far apart two positive rates are: |a / b - 1|."""
    return EXACT.divide(EXACT.subtract(a, b), b).copy_abs()
