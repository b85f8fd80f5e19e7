"""Money and Range: exact arithmetic, honest flags, clear refusals."""

from __future__ import annotations

import decimal
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, Decimal, localcontext

import pytest
from hypothesis import given
from hypothesis import strategies as st

from strategies import amounts, contexts, count_ranges, counts, long_amounts, money, ranges
from tripcost import CurrencyError, FixedRates, Money, Range, RangeError, Source
from tripcost.amounts import COMMON_CURRENCIES
from tripcost.fx import Rate
from tripcost.money import EXACT, exact


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
    assert str(luxury) == "200.00+ USD"  # str() rounds to the minor unit


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


# -- bounds: what Money refuses, so that what it accepts is exact ---------------------


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (10**15, "amount 1000000000000000 is too large (limit 1,000,000,000,000,000)"),
        ("-1e15", "amount '-1e15' is too large (limit 1,000,000,000,000,000)"),
        ("0." + "0" * 100 + "1", "has more than 100 decimal places"),
        (
            "1" * 5000,
            "amount '111111111111111111111111111111111111111… (5002 characters) is too large",
        ),
        ("1e-999999999999", "amount '1e-999999999999' has more than 100 decimal places"),
        ("1000+", "amount '1000+' is not a plain decimal number"),  # "or more" is a flag
        ("+5", "amount '+5' is not a plain decimal number"),
        ("١٢٣", "amount '١٢٣' is not a plain decimal number"),  # Arabic-Indic digits
        ("１２３", "amount '１２３' is not a plain decimal number"),  # full-width digits
    ],
)
def test_amounts_outside_the_bounds_are_refused(amount: object, message: str) -> None:
    with pytest.raises(RangeError) as err:
        Money(amount, "USD")  # type: ignore[arg-type]
    assert message in str(err.value)


@pytest.mark.parametrize("text", ["1e5", "1E5", "1e+5", "1E+5", "100000", "100000.00"])
def test_an_exponent_is_read_with_or_without_its_sign(text: str) -> None:
    """str(Decimal("1E+5")) is "1E+5": what Python writes, tripcost reads back."""
    assert Money(text, "USD").amount == 100000


def test_amounts_at_the_bounds_are_kept_exactly() -> None:
    top = Money("999999999999999." + "9" * 100, "USD")  # 115 digits
    assert len(top.amount.as_tuple().digits) == 115
    assert (top - top).amount == 0
    assert (top + Money("-0." + "0" * 99 + "1", "USD")).amount == Decimal(
        "999999999999999." + "9" * 99 + "8"
    )


@pytest.mark.parametrize(
    ("run", "message"),
    [
        (
            lambda: Money("900000000000000", "USD") + Money("100000000000000", "USD"),
            "900000000000000 + 100000000000000 USD = 1000000000000000 is too large",
        ),
        (
            lambda: Money("-900000000000000", "USD") - Money("100000000000000", "USD"),
            "is too large",
        ),
        (
            lambda: Money("1000000", "KRW") * 10**9,
            "1000000 × 1000000000 KRW = 1000000000000000 is too large",
        ),
        (
            lambda: Money("0." + "0" * 59 + "1", "USD") * Decimal("0." + "0" * 49 + "1"),
            "has more than 100 decimal places; tripcost does not round money silently",
        ),
        (
            lambda: Money("1." + "1" * 99, "USD") * Decimal("1." + "1" * 199),
            "needs more than 230 digits; tripcost does not round money silently",
        ),
        (lambda: Money(1, "USD") * Decimal("NaN"), "cannot multiply 1 USD by Decimal('NaN')"),
        (lambda: Money(1, "USD") * Decimal("-Infinity"), "cannot multiply 1 USD by"),
    ],
)
def test_arithmetic_that_would_leave_the_bounds_is_refused(run: object, message: str) -> None:
    with pytest.raises(RangeError) as err:
        run()  # type: ignore[operator]
    assert message in str(err.value)


def test_the_old_60_digit_context_rounded_sums_silently() -> None:
    # 15 digits before the point and 50 after: the old 60-digit context lost the end
    a = Money("123456789012345." + "1" * 50, "USD")
    b = Money("0." + "0" * 49 + "1", "USD")
    assert (a + b).amount == Decimal("123456789012345." + "1" * 49 + "2")
    assert ((a + b) - a) == b


def test_trailing_zeros_beyond_100_places_are_not_a_loss() -> None:
    m = Money("0." + "0" * 59 + "1", "USD") * Decimal("0." + "0" * 39 + "10")  # 1E-101, scaled
    assert m.amount == Decimal("1E-100")


def test_chained_conversions_stay_exact() -> None:
    rates = FixedRates({"USD/KRW": "1450", "EUR/USD": "1.1", "USD/THB": "35"})
    m = Money("869000", "KRW")
    for to in ["USD", "EUR", "THB"]:
        rate = rates.rate(m.currency, to)
        before, m = m, m.convert(rate)
        assert m.amount == EXACT.multiply(before.amount, rate.value)


# -- negative zero, str and repr -----------------------------------------------------------


@pytest.mark.parametrize("text", ["-0", "-0.00", "-0E3", "-0E-200", "0E5"])
def test_negative_zero_becomes_zero(text: str) -> None:
    m = Money(text, "USD")
    assert not m.amount.is_signed()
    assert "-" not in repr(m)
    assert "-" not in str(m)
    assert str(Range.of(text, "0", "USD")) == "0.00 USD"


def test_no_operation_gives_negative_zero() -> None:
    five = Money(5, "USD")
    with localcontext(rounding=decimal.ROUND_FLOOR):  # where 5 - 5 is -0
        assert str(five - five) == "0.00 USD"
        assert str(-Money(0, "USD")) == "0.00 USD"
        assert str(Money("-0.001", "USD").rounded()) == "0.00 USD"
        assert str(Money("-0.4", "KRW")) == "0 KRW"
        assert str(Money(0, "USD") * -3) == "0.00 USD"


@pytest.mark.parametrize(
    ("amount", "currency", "shown", "exact"),
    [
        ("1234.565", "USD", "1234.57 USD", "Money('1234.565', 'USD')"),
        ("1234.5", "KRW", "1235 KRW", "Money('1234.5', 'KRW')"),
        ("17445.79310344827586206896551726", "USD", "17445.79 USD", None),
        ("1E3", "USD", "1000.00 USD", "Money('1000', 'USD')"),
        ("1e5", "USD", "100000.00 USD", "Money('100000', 'USD')"),
        ("1E-7", "USD", "0.00 USD", "Money('0.0000001', 'USD')"),
        ("0.1235", "BHD", "0.124 BHD", None),  # three minor digits
    ],
)
def test_str_is_rounded_to_the_minor_unit_and_repr_is_exact(
    amount: str, currency: str, shown: str, exact: str | None
) -> None:
    m = Money(amount, currency)
    assert str(m) == shown
    assert m.amount == Decimal(amount)
    if exact:
        assert repr(m) == exact


def test_range_str_and_rounded() -> None:
    src = Source("001.txt")
    r = Range.of("0.125", "17445.79310344827586", "USD", open_ended=True, sources=[src])
    assert str(r) == "0.13–17445.79+ USD"
    assert repr(r) == (
        "Range(Money('0.125', 'USD'), Money('17445.79310344827586', 'USD'), open_ended=True)"
    )
    rounded = r.rounded()
    assert rounded == Range.of("0.13", "17445.79", "USD", open_ended=True)
    assert rounded.sources == (src,)
    assert r.rounded(ROUND_DOWN).low.amount == Decimal("0.12")
    assert str(Range.of("1234.5", "1234.5", "KRW", approximate=True)) == "~1235 KRW"  # one figure
    assert str(Range.of("1234.5", "1236", "KRW", approximate=True)) == "~1235–1236 KRW"


def test_error_messages_keep_every_digit() -> None:
    with pytest.raises(RangeError, match=r"low 9000\.005 USD > high 9000\.001 USD"):
        Range.of("9000.005", "9000.001", "USD")


# -- the decimal context is tripcost's own -------------------------------------------


def test_exact_runs_a_block_in_tripcosts_context() -> None:
    with localcontext(prec=3, rounding=ROUND_DOWN, traps=[decimal.Inexact]) as outer:
        with exact() as ctx:
            assert Decimal("1234.5678") * 2 == Decimal("2469.1356")
            assert (ctx.prec, ctx.rounding) == (230, ROUND_HALF_EVEN)
            assert len((Decimal(1) / 3).as_tuple().digits) == 230
        assert decimal.getcontext() is outer  # the caller's context is back


def test_exact_is_also_a_decorator() -> None:
    @exact()
    def third() -> Decimal:
        return Decimal(1) / 3

    with localcontext(prec=2):
        assert third() == EXACT.divide(1, 3)
        assert decimal.getcontext().prec == 2
    assert third() == third()  # the decorator can be entered again


def test_known_currencies_are_iso_codes() -> None:
    from babel.numbers import is_currency

    assert all(is_currency(code) for code in COMMON_CURRENCIES)
    from tripcost.planmoney import currencies  # a plan accepts them all, as babel lists them

    assert set(currencies()) >= COMMON_CURRENCIES


def _money_work(a: Range, b: Range, n: int, m: Money, rate: Rate) -> list[str]:
    """Everything Money and Range compute, as text (repr is exact, str is rounded)."""
    out: list[object] = [
        a + b,
        sum([a, b, a]),
        a.scale(n),
        a.scale((n, n + 3)),
        a.scale("0.15"),
        a.convert(rate),
        a.midpoint(),
        a.rounded(),
        b.rounded(ROUND_DOWN),
        Range.envelope([a, b]),
        m - a.high,
        -m,
        m * Decimal("1.0825"),
        m.convert(rate),
        m.rounded(),
        Money(str(m.amount), "KRW"),
        a.low <= b.high,
        a.contains(m) if m.currency == a.currency else None,
    ]
    return [f"{x!r} | {x}" for x in out]


@given(
    st.tuples(long_amounts(10**10), long_amounts(10**10)),
    st.tuples(long_amounts(10**10), long_amounts(10**10)),
    counts,
    long_amounts(10**10),
    st.decimals(min_value=Decimal("0.0001"), max_value=10**4, places=4),
    contexts(),
)
def test_money_results_do_not_depend_on_the_callers_context(
    ab: tuple[Decimal, Decimal],
    cd: tuple[Decimal, Decimal],
    n: int,
    amount: Decimal,
    value: Decimal,
    ctx: decimal.Context,
) -> None:
    import datetime as dt

    a = Range.of(min(ab), max(ab), "USD", open_ended=True)
    b = Range.of(min(cd), max(cd), "USD", approximate=True)
    m = Money(amount, "USD")
    rate = Rate("USD", "KRW", FixedRates({"USD/KRW": value}).rate("KRW", "USD").inverse().value,
                dt.date(2025, 7, 17), "test")  # fmt: skip
    expected = _money_work(a, b, n, m, rate)
    with localcontext(ctx):
        got = _money_work(a, b, n, m, rate)
    assert got == expected
    # and the work is real: a sum really sums, a conversion really converts
    assert (a + b).low.amount == EXACT.add(a.low.amount, b.low.amount)
    assert m.convert(rate).currency == "KRW"


@st.composite
def any_money(draw: st.DrawFn) -> Money:
    """Any amount Money accepts: up to 115 digits, exponents from -100 to 14, either sign."""
    exponent = draw(st.integers(min_value=-100, max_value=14))
    digits = draw(st.integers(min_value=1, max_value=min(115, 15 - exponent)))
    coefficient = draw(st.integers(min_value=0, max_value=10**digits - 1))
    sign = draw(st.sampled_from(["", "-"]))
    text = draw(
        st.sampled_from([f"{sign}{coefficient}E{exponent}", f"{sign}{coefficient}e{exponent}"])
    )
    return Money(text, draw(st.sampled_from(["USD", "KRW", "BHD"])))


@given(any_money(), contexts())
def test_repr_round_trips(m: Money, ctx: decimal.Context) -> None:
    with localcontext(ctx):
        text = repr(m)
        back = eval(text, {"Money": Money, "Range": Range})
    assert back == m
    assert back.amount == m.amount
    # plain notation: what parse_amount takes, and the same text again
    assert "E" not in text.upper().replace("MONEY", "")
    assert repr(back) == text
    r = Range(m, m) if m.amount >= 0 else Range(-m, -m)
    assert eval(repr(r), {"Money": Money, "Range": Range}) == r
