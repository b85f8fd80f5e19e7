"""Money and Range: exact arithmetic, honest flags, clear refusals."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from strategies import amounts, count_ranges, counts, money, ranges
from tripcost import CurrencyError, FixedRates, Money, Range, RangeError, Source


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("869000", "KRW", Decimal("869000")),
        (598, "USD", Decimal("598")),
        (Decimal("12.50"), "USD", Decimal("12.50")),
        ("-5", "USD", Decimal("-5")),  # a refund is a deduction
    ],
)
def test_money_accepts_exact_inputs(amount: object, currency: str, expected: Decimal) -> None:
    m = Money(amount, currency)  # type: ignore[arg-type]
    assert m.amount == expected
    assert isinstance(m.amount, Decimal)
    assert m.currency == currency


@pytest.mark.parametrize(
    ("amount", "fragment"),
    [
        (1.5, "amount 1.5 is a float; pass a Decimal, an int or a string such as '1.5'"),
        ("1,000", "amount '1,000' is not a plain decimal number"),
        ("~230", "amount '~230' is not a plain decimal number"),
        ("1000+", "amount '1000+' is not a plain decimal number"),
        ("NaN", "amount 'NaN' is not a plain decimal number"),
        ("inf", "amount 'inf' is not a plain decimal number"),
        (Decimal("NaN"), "amount Decimal('NaN') is not finite"),
        (Decimal("Infinity"), "amount Decimal('Infinity') is not finite"),
        ("", "amount '' is not a plain decimal number"),
        ("abc", "amount 'abc' is not a decimal number"),
        (True, "amount True is a boolean, not an amount"),
        (None, "amount None (NoneType) is not a Decimal, int or decimal string"),
        ("1e20", "amount '1e20' is too large"),
    ],
)
def test_money_refuses_inexact_or_malformed(amount: object, fragment: str) -> None:
    with pytest.raises(RangeError) as err:
        Money(amount, "USD")  # type: ignore[arg-type]
    assert fragment in str(err.value)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("usd", "currency 'usd' is not an ISO 4217 code (three capital letters, like USD or KRW)"),
        ("ABC", "currency 'ABC' is not an ISO 4217 currency code"),
        ("US", "currency 'US' is not an ISO 4217 code (three capital letters, like USD or KRW)"),
        (840, "currency 840 is not an ISO 4217 code (three capital letters, like USD or KRW)"),
    ],
)
def test_unknown_currency_is_refused(code: object, message: str) -> None:
    with pytest.raises(CurrencyError) as err:
        Money(1, code)  # type: ignore[arg-type]
    assert str(err.value) == message


def test_mixed_currencies_raise() -> None:
    with pytest.raises(CurrencyError, match="cannot add USD and KRW: convert one first"):
        Money(1, "USD") + Money(1, "KRW")
    with pytest.raises(CurrencyError, match="cannot compare USD and KRW"):
        _ = Money(1, "USD") < Money(1, "KRW")
    with pytest.raises(CurrencyError, match="range bounds in two currencies"):
        Range(Money(1, "USD"), Money(2, "KRW"))


def test_sum_and_multiplication() -> None:
    assert sum([Money("0.10", "USD"), Money("0.20", "USD")]) == Money("0.30", "USD")
    assert Money(300, "USD") * 3 == Money(900, "USD")
    with pytest.raises(TypeError):
        Money(300, "USD") * 1.5  # type: ignore[operator]


def test_money_is_immutable() -> None:
    m = Money(1, "USD")
    with pytest.raises(AttributeError):
        m.amount = Decimal(2)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("amount", "currency", "shown"),
    [
        ("1234.5", "KRW", "1235"),  # KRW has no minor unit
        ("1234.565", "USD", "1234.57"),  # half up, not banker's rounding
        ("0.005", "USD", "0.01"),
        ("7", "JPY", "7"),
    ],
)
def test_rounding_is_only_to_currency_digits(amount: str, currency: str, shown: str) -> None:
    assert str(Money(amount, currency).rounded().amount) == shown
    assert Money(amount, currency).amount == Decimal(amount)  # the original stays exact


def test_range_examples_from_the_seeds() -> None:
    # "3-6 sessions, typically spaced 4-8 weeks apart" × "$300 - $700" per session
    total = Range.of(300, 700, "USD").scale((3, 6))
    assert total == Range.of(900, 4200, "USD")
    # "$400 - $1000+ per syringe", two syringes: still "or more"
    filler = Range.of(400, 1000, "USD", open_ended=True).scale(2)
    assert (filler.low.amount, filler.high.amount, filler.open_ended) == (800, 2000, True)
    # "$200+ (luxury)": low 200, high 200, open-ended
    luxury = Range.of(200, 200, "USD", open_ended=True)
    assert str(luxury) == "200–200+ USD"


@pytest.mark.parametrize(
    ("low", "high", "message"),
    [
        (9000, 5000, "impossible range: low 9000 USD > high 5000 USD"),
        (-1, 5, "negative price -1 USD in a range"),
    ],
)
def test_impossible_ranges_raise(low: int, high: int, message: str) -> None:
    with pytest.raises(RangeError) as err:
        Range.of(low, high, "USD")
    assert str(err.value) == message


def test_envelope_lists_every_source_and_keeps_open_end() -> None:
    a = Range.of(110, 600, "USD", sources=[Source("001.txt")])
    b = Range.of(400, 1000, "USD", open_ended=True, sources=[Source("000.txt")])
    env = Range.envelope([a, b])
    assert (env.low.amount, env.high.amount, env.open_ended) == (110, 1000, True)
    assert [s.ref for s in env.sources] == ["001.txt", "000.txt"]


def test_convert_is_exact_not_rounded() -> None:
    rate = FixedRates({"USD/KRW": "1453.18"}).rate("USD", "KRW")
    assert Money("598", "USD").convert(rate) == Money("869001.64", "KRW")
    assert Money("598", "USD").convert(rate).rounded() == Money("869002", "KRW")


# -- properties ---------------------------------------------------------------------


@given(ranges(), ranges())
def test_addition_is_commutative_and_keeps_order(a: Range, b: Range) -> None:
    assert a + b == b + a
    s = a + b
    assert s.low <= s.high
    assert s.open_ended == (a.open_ended or b.open_ended)


@given(ranges(), ranges(), ranges())
def test_addition_is_associative(a: Range, b: Range, c: Range) -> None:
    assert (a + b) + c == a + (b + c)


@given(st.lists(ranges(), min_size=1, max_size=8), st.randoms())
def test_sum_is_order_independent(items: list[Range], rnd: object) -> None:
    shuffled = list(items)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert sum(items) == sum(shuffled)
    assert sum(items).low.amount == sum(r.low.amount for r in items)  # and it really sums


@given(ranges(), count_ranges())
def test_scaling_keeps_low_le_high(r: Range, c: tuple[int, int]) -> None:
    s = r.scale(c)
    assert s.low <= s.high
    assert s.low.amount == r.low.amount * c[0]
    assert s.high.amount == r.high.amount * c[1]


@given(ranges(), counts, counts)
def test_scaling_is_monotone(r: Range, m: int, n: int) -> None:
    small, big = sorted((m, n))
    assert r.scale(small).low <= r.scale(big).low
    assert r.scale(small).high <= r.scale(big).high


@given(ranges(), st.integers(min_value=1, max_value=50))
def test_open_ended_operand_gives_open_ended_result(r: Range, n: int) -> None:
    opened = r.with_flags(open_ended=True)
    assert opened.scale(n).open_ended
    assert (opened + Range.of(1, 2, "USD")).open_ended
    assert Range.envelope([opened, Range.of(0, 1, "USD")]).open_ended


@given(st.lists(ranges(), min_size=1, max_size=6))
def test_envelope_contains_every_member(items: list[Range]) -> None:
    env = Range.envelope(items)
    for r in items:
        assert env.low <= r.low
        assert r.high <= env.high


@given(amounts(), amounts())
def test_midpoint_lies_between(a: Decimal, b: Decimal) -> None:
    r = Range.of(min(a, b), max(a, b), "USD")
    assert r.low <= r.midpoint() <= r.high


@given(money("USD"))
def test_rounding_moves_by_at_most_half_a_minor_unit(m: Money) -> None:
    assert abs(m.rounded().amount - m.amount) <= Decimal("0.005")


def test_long_amounts_keep_every_digit_in_negation_and_comparison() -> None:
    long = Money("1234567.123456789012345678901234567", "USD")  # 34 digits, as conversions give
    assert (-long).amount == Decimal("-1234567.123456789012345678901234567")
    nearly = Money("1234567.123456789012345678901234566", "USD")
    assert nearly < long
    assert not long <= nearly
