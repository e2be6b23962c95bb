"""Dates and signings from the language (held-out set G): a day-month written with a full stop and its year
elsewhere in the text, ranges written out in full, a signing only discussed as a possibility. The sentences are
our own, never an article's."""

import pytest

from medcoop.articles.extraction import extract
from medcoop.articles.numbers import find_day_spans
from medcoop.articles.sentences import sentences

TWO_SIGNINGS = """Bệnh viện thành phố hội nhập

Cuối năm 2024, ngành y tế thành phố đẩy mạnh hợp tác quốc tế.

Ngày 26.11, BV Nhi đồng 1 đã ký biên bản ghi nhớ hợp tác với Bệnh viện Nhi Westmere (Anh).

Tiếp đó, ngày 4.12, BV An Phú ký biên bản ghi nhớ với Bệnh viện Kestrel (Úc)."""


def test_a_full_stop_between_digits_ends_no_sentence():
    assert [text for _, text in sentences("Ngày 26.11, bệnh viện đón 1.200 người. Hôm sau đoàn về.")] == [
        "Ngày 26.11, bệnh viện đón 1.200 người.",
        " Hôm sau đoàn về.",
    ]


def test_day_month_dates_with_a_full_stop_take_the_year_the_text_gives():
    found = extract(TWO_SIGNINGS)["agreements"]
    assert [(a["parties"], a["signed_on"]) for a in found] == [
        (["BV Nhi đồng 1", "Bệnh viện Nhi Westmere"], "2024-11-26"),
        (["BV An Phú", "Bệnh viện Kestrel"], "2024-12-04"),
    ]


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("Từ ngày 25 tháng 7 đến ngày 28 tháng 7 năm 2016, trường tổ chức khóa học.", 4),
        ("Khóa học diễn ra từ ngày 30 tháng 6 đến ngày 2 tháng 7.", 3),
        ("The surgeons will operate between November 22 and November 27.", 6),
    ],
)
def test_ranges_with_both_months_written_out(text, days):
    assert [span[0] for span in find_day_spans(text)] == [days]


def test_a_month_before_a_range_is_no_day_of_it():
    assert 22 not in [span[0] for span in find_day_spans("ngày 25 tháng 7 đến ngày 28 tháng 7")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Hai bên đã thảo luận về khả năng kí kết biên bản ghi nhớ giữa Bệnh viện Sông Lam và Bệnh viện Kanto.",
        "The two sides discussed the possibility of signing an MOU between Song Lam Hospital and Kanto Hospital.",
    ],
)
def test_a_signing_discussed_as_a_possibility_is_no_agreement(sentence):
    assert extract("Tin hợp tác\n\n" + sentence)["agreements"] == []
