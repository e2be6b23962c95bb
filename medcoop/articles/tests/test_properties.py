"""Property-based tests (hypothesis) of the extractor and its number and date readers: any text gives an
extraction with the schema's required fields, never an exception."""

import json
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medcoop.articles.extraction import extract
from medcoop.articles.numbers import find_date, find_numbers, parse_number

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "core" / "data" / "extraction.schema.json").read_text())
WORDS = st.sampled_from(
    [
        "Bệnh viện",
        "Chợ Rẫy",
        "ký kết",
        "biên bản ghi nhớ",
        "Pháp",
        "Lào",
        "đào tạo",
        "660",
        "13,5 triệu EUR",
        "ngày 27/11/2024",
        "chuyên gia",
        "người",
        "ca",
        "(",
        ")",
        ".",
        ",",
        "Viện",
        "Hà Nội",
        "năm 2017",
        "1.000",
        "tỷ đồng",
        "\n",
        "–",
        "Đại học",
        "Vientiane",
    ]
)
ARTICLE = st.lists(WORDS, max_size=60).map(" ".join) | st.text(max_size=300)


@settings(max_examples=80, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(ARTICLE)
def test_any_text_gives_an_extraction_with_the_required_fields(text):
    result = extract(text)
    assert set(SCHEMA["required"]) <= set(result)
    for figure in result.get("figures", []):
        assert isinstance(figure["value"], (int, float))


@given(st.text(max_size=200))
def test_numbers_and_dates_are_found_in_any_text_without_error(text):
    for number in find_numbers(text):
        assert isinstance(number.value, Decimal) and 0 <= number.start < number.end <= len(text)
    found = find_date(text)
    assert found is None or len(found) == 10


@given(st.text(alphabet="0123456789.,", min_size=1, max_size=15))
def test_a_number_is_read_or_refused_as_a_value_error(digits):
    try:
        assert isinstance(parse_number(digits), Decimal)
    except ValueError:
        pass
