import pytest

from medcoop.core.countries import country_name, lookup_country


@pytest.mark.parametrize(
    "text, code",
    [
        ("Pháp", "FR"),
        ("Cộng hoà Pháp", "FR"),
        ("France", "FR"),
        ("fr", "FR"),
        ("FRA", "FR"),
        ("Hàn Quốc", "KR"),
        ("Hoa Kỳ", "US"),
        ("hoa ky", "US"),
        ("Lào", "LA"),
        ("Campuchia", "KH"),
        ("Thuỵ Điển", "SE"),
        ("Liên bang Nga", "RU"),
    ],
)
def test_country_names_in_vietnamese_or_english_give_the_code(text, code):
    assert lookup_country(text) == code


def test_unknown_country_gives_none():
    assert lookup_country("Atlantis") is None
    assert lookup_country("XX") is None


def test_countries_are_named_as_vietnamese_readers_expect():
    assert country_name("KR", "vi") == "Hàn Quốc"
    assert country_name("LA", "vi") == "Lào"
    assert country_name("FR", "en") == "France"
