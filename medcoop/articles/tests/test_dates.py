"""Dates as written in Vietnamese and English; a day and month without a year take the article's year."""

from medcoop.articles.numbers import find_date


def test_english_dates_with_and_without_a_year():
    assert find_date("The two sides signed it on March 4, 2021.") == "2021-03-04"
    assert find_date("They met on 9 October 2019 in the capital.") == "2019-10-09"
    assert find_date("The deal was inked on November 3.", 2024) == "2024-11-03"
    assert find_date("The deal was inked on November 3.") is None


def test_vietnamese_day_month_takes_the_given_year():
    assert find_date("Hai bên ký kết vào ngày 12/8 tại Hà Nội.", 2022) == "2022-08-12"
    assert find_date("Hai bên ký kết vào ngày 12/8 tại Hà Nội.") is None
