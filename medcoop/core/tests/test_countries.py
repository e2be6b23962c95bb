import pytest

from medcoop.core.countries import country_choices, country_name, lookup_country


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


def test_names_come_from_cldr_not_phonetic_transliterations():
    """pycountry's Vietnamese catalogue said "A Phú Hãn" and "Ai-xợ-bai-gianh"; CLDR says what readers say."""
    assert country_name("AF", "vi") == "Afghanistan"
    assert country_name("AZ", "vi") == "Azerbaijan"
    assert country_name("MK", "vi") == "Bắc Macedonia"
    assert country_name("MK", "en") == "North Macedonia"
    assert country_name("IR", "vi") == "Iran"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_choice_is_named_in_the_readers_language_and_read_back_to_its_code(language):
    choices = country_choices(language)
    assert len(choices) > 240
    assert not any("-xợ-" in name or "Phú Hãn" in name for _code, name in choices)
    assert all(lookup_country(name) == code for code, name in choices)
    assert (dict(choices)["DE"] == "Đức") if language == "vi" else (dict(choices)["DE"] == "Germany")
