from datetime import date

import pytest
from django.core.exceptions import ValidationError

from medcoop.core.dates import PartialDate


@pytest.mark.parametrize(
    "text, value, shown, last_day",
    [
        ("25/05/2025", date(2025, 5, 25), "25/05/2025", date(2025, 5, 25)),
        ("2025-05-25", date(2025, 5, 25), "25/05/2025", date(2025, 5, 25)),
        ("10/2017", date(2017, 10, 1), "10/2017", date(2017, 10, 31)),
        ("2024-02", date(2024, 2, 1), "02/2024", date(2024, 2, 29)),
        ("2017", date(2017, 1, 1), "2017", date(2017, 12, 31)),
    ],
)
def test_partial_dates_read_and_print_as_written(text, value, shown, last_day):
    partial = PartialDate.parse(text)
    assert partial.value == value
    assert str(partial) == shown
    assert partial.last_day == last_day


@pytest.mark.parametrize("text", ["31/02/2025", "13/2020", "next year", ""])
def test_impossible_dates_are_refused_with_a_reason(text):
    with pytest.raises(ValueError):
        PartialDate.parse(text)


def test_a_well_written_day_that_does_not_exist_is_named_as_such():
    from django.utils import translation

    from medcoop.core.forms import PartialDateField

    with translation.override("vi"), pytest.raises(ValidationError) as error:
        PartialDateField().clean("31/02/2025")
    assert error.value.messages == ["Ngày “31/02/2025” không có trên lịch."]
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        PartialDateField().clean("31-02")
    assert "dd/mm/yyyy" in error.value.messages[0]
