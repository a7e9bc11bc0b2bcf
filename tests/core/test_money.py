"""The money module: exact decimals, explicit exponents, Babel display."""
from decimal import Decimal

import pytest

from portal import money


@pytest.mark.parametrize("currency, amount, minor", [
    ("XOF", Decimal("1500"), 1500), ("RWF", Decimal("7"), 7), ("USD", Decimal("12.34"), 1234),
    ("KWD", Decimal("1.005"), 1005), ("LBP", Decimal("1.50"), 150),
])
def test_minor_units_round_trip(currency, amount, minor):
    assert money.to_minor(amount, currency) == minor
    assert money.from_minor(minor, currency) == amount


@pytest.mark.parametrize("currency, amount", [("XOF", "1.5"), ("USD", "0.001"), ("KWD", "0.0001")])
def test_amounts_finer_than_the_currency_are_refused(currency, amount):
    with pytest.raises(money.MoneyError):
        money.to_minor(amount, currency)


def test_floats_are_refused():
    with pytest.raises(money.MoneyError):
        money.parse(0.1)


@pytest.mark.parametrize("text", ["abc", "NaN", "Infinity", "", "1e"])
def test_unreadable_text_is_refused(text):
    with pytest.raises(money.MoneyError):
        money.parse(text)


def test_negative_typed_amounts_are_refused():
    with pytest.raises(money.MoneyError):
        money.minor_from_text("-1", "USD")


def test_grouping_separators_are_accepted():
    assert money.minor_from_text("1,500.25", "USD") == 150025


def test_rounding_is_explicit_bankers_rounding():
    assert money.round_to_currency("0.125", "USD") == Decimal("0.12")
    assert money.round_to_currency("0.135", "USD") == Decimal("0.14")


@pytest.mark.parametrize("locale, currency, amount, shown", [
    ("en", "USD", "1234.5", "$1,234.50"),
    ("fr", "USD", "1234.5", "1\u202f234,50\u00a0$US"),
    ("ar", "USD", "1234.5", "\u200f1,234.50\u00a0US$"),
    ("sw", "XOF", "1234", "F\u202fCFA\u00a01,234"),
    ("pt", "KWD", "1234.5", "KWD\u00a01.234,500"),
    ("es", "USD", "1234.5", "1.234,50\u00a0US$"),
])
def test_display_uses_babel_in_the_locale_with_iso_decimals(locale, currency, amount, shown):
    assert money.format_amount(Decimal(amount), currency, locale) == shown


@pytest.mark.parametrize("text, locale, value", [
    ("1,5", "fr", Decimal("1.5")), ("5 000,50", "fr", Decimal("5000.50")), ("1.234,5", "pt", Decimal("1234.5")),
    ("5000.50", "fr", Decimal("5000.50")), ("1,234.50", "en", Decimal("1234.50")), ("٥٠٠٠", "ar", Decimal("5000")),
])
def test_typed_amounts_are_read_in_the_readers_locale(text, locale, value):
    assert money.parse(text, locale) == value


@pytest.mark.parametrize("text", ["1,5", "1e-999999999", "1e30", "12.3.4"])
def test_ambiguous_or_absurd_amounts_are_refused_without_a_locale(text):
    with pytest.raises(money.MoneyError):
        money.to_minor(text, "USD")


from hypothesis import given, strategies as st  # noqa: E402


@given(st.integers(min_value=-10**12, max_value=10**12), st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=12).filter(sum))
def test_split_always_sums_exactly_and_is_fair(total, weights):
    parts = money.split(total, weights)
    assert sum(parts) == total and len(parts) == len(weights)
    for part, weight in zip(parts, weights):
        exact = Decimal(total) * weight / sum(weights)
        assert abs(Decimal(part) - exact) < 1


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from(["XOF", "USD", "KWD", "EUR", "JPY"]),
       st.sampled_from(["XOF", "USD", "KWD", "RWF"]), st.decimals(min_value="0.0001", max_value="5000", places=6))
def test_conversion_is_within_half_a_minor_unit(amount, source, target, rate):
    exact = money.from_minor(amount, source) * rate
    if exact >= money.LIMIT:  # absurd results are refused rather than converted
        with pytest.raises(money.MoneyError):
            money.convert(amount, source, target, rate)
        return
    converted = money.convert(amount, source, target, rate)
    assert abs(money.from_minor(converted, target) - exact) <= Decimal(1).scaleb(-money.exponent(target)) / 2


@pytest.mark.parametrize("text, locale, value", [
    ("1.500", "es", Decimal("1500")), ("12.345", "pt", Decimal("12345")), ("1.500.000", "es", Decimal("1500000")),
    ("1.50", "es", Decimal("1.50")), ("1.500", "en", Decimal("1.500")),
])
def test_dots_are_read_as_the_reader_writes_them(text, locale, value):
    assert money.parse(text, locale) == value


def test_a_dot_group_is_refused_where_it_could_mean_either():
    with pytest.raises(money.MoneyError):
        money.parse("1.500", "fr")
