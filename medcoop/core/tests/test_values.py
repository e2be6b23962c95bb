"""One reader per kind of value: a number reads the same written in Vietnamese or English grouping, "1.500"
alone is refused as ambiguous rather than guessed, money keeps its ISO 4217 currency."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medcoop.core.values import (
    AmbiguousNumber,
    ValueProblem,
    currency_code,
    decimal_string,
    number_locale,
    read_date_range,
    read_money,
    read_number,
)

AMOUNTS = st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False, allow_infinity=False)


def written(amount: Decimal, locale: str) -> str:
    """An amount as an office in that locale writes it: 1.234.567,89 or 1,234,567.89."""
    text = f"{amount:,.2f}"
    return text.translate(str.maketrans(",.", ".,")) if locale == "vi" else text


@settings(max_examples=50)
@given(AMOUNTS, st.sampled_from(["vi", "en"]))
def test_a_grouped_number_reads_back_as_itself_in_its_locale_and_without_one(amount, locale):
    assert read_number(written(amount, locale), locale) == amount
    assert read_number(written(amount, locale)) == amount  # two decimals say which grouping it is
    assert number_locale(written(amount, locale)) in (locale, None)


@settings(max_examples=30)
@given(st.integers(1, 999), st.integers(0, 999))
def test_one_group_of_three_digits_is_ambiguous_without_a_locale(whole, fraction):
    for mark in ".,":
        text = f"{whole}{mark}{fraction:03d}"
        with pytest.raises(AmbiguousNumber):
            read_number(text)
        assert read_number(text, "vi") == (
            whole * 1000 + fraction if mark == "." else Decimal(f"{whole}.{fraction:03d}")
        )


@pytest.mark.parametrize(
    ("text", "locale", "value"),
    [
        ("1.500", "vi", 1500),
        ("1,500", "en", 1500),
        ("13,5 triệu", None, 13_500_000),
        ("300.000", "vi", 300_000),
        ("1.234.567,8", None, Decimal("1234567.8")),
        ("1 500 000", None, 1_500_000),
        ("09", None, 9),
    ],
)
def test_numbers_as_offices_write_them(text, locale, value):
    assert read_number(text, locale) == value


@pytest.mark.parametrize("text", ["", "abc", "1.50.000", "1,2,3"])
def test_what_is_not_a_number_is_refused(text):
    with pytest.raises(ValueProblem):
        read_number(text)


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [("300.000 VNĐ", 300_000, "VND"), ("13,5 triệu Euro", 13_500_000, "EUR"), ("$20", 20, "USD"), ("5 đồng", 5, "VND")],
)
def test_money_keeps_its_currency_as_an_iso_code(text, amount, currency):
    money = read_money(text, "vi")
    assert (money.amount, money.currency) == (amount, currency)


def test_what_people_write_for_a_currency_is_its_iso_code():
    assert [currency_code(t) for t in ["VNĐ", "đ", "đồng", "Euro", "€", "$", "usd", "JPY", "xyz"]] == [
        "VND",
        "VND",
        "VND",
        "EUR",
        "EUR",
        "USD",
        "USD",
        "JPY",
        None,
    ]
    with pytest.raises(ValueProblem):
        read_money("100 XYZ")


def test_money_leaves_as_an_exact_decimal_string():
    assert decimal_string(Decimal("13500000.00")) == "13500000.00"


def test_a_date_range_as_written():
    start, end = read_date_range("Từ ngày 25/5 tới 2/6/2025")
    assert (str(start), str(end)) == ("25/05/2025", "02/06/2025")
    with pytest.raises(ValueProblem):
        read_date_range("2019 - 2017")


def test_currencies_are_named_in_the_reader_s_language(client, coordinator_a):
    """The currency choices (ISO 4217 codes) read in Vietnamese on the Vietnamese pages, in English on the
    English ones: pycountry's English names showed on every page ("NZD — New Zealand Dollar")."""
    from django.urls import reverse
    from django.utils import translation

    from medcoop.core.values import currency_choices

    labels = dict(currency_choices())
    with translation.override("vi"):
        assert str(labels["EUR"]) == "EUR — Euro" and str(labels["USD"]) == "USD — Đô la Mỹ"
    with translation.override("en"):
        assert str(labels["USD"]) == "USD — US Dollar"
    client.force_login(coordinator_a)
    page = client.get(reverse("activity-create")).content.decode()
    assert "Đô la Mỹ" in page and "US Dollar" not in page
