"""Countries: ISO 3166-1 alpha-2 codes, named for display from CLDR (Babel) in the reader's language and
matched in either language.

Display names are CLDR's ("Hàn Quốc", "Bắc Macedonia"; pycountry's Vietnamese catalogue is a phonetic
transliteration: "A Phú Hãn"). Matching also knows pycountry's English names and `data/countries_vi.csv`, the
other names Vietnamese writers use ("Ý", "Đông Timor", "Nam Hàn").
"""

import csv
import gettext
from functools import cache
from pathlib import Path

import pycountry
from babel import Locale
from django.utils.translation import get_language

from .text import fold

_DATA = Path(__file__).parent / "data" / "countries_vi.csv"


@cache
def _vi_catalogue() -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["vi"], fallback=True)


@cache
def _usual_vietnamese() -> dict[str, tuple[str, list[str]]]:
    with _DATA.open(encoding="utf-8") as handle:
        return {
            row["code"]: (row["name_vi"], [a for a in row["aliases"].split("|") if a]) for row in csv.DictReader(handle)
        }


@cache
def _alpha_2_codes() -> frozenset[str]:
    return frozenset(country.alpha_2.upper() for country in pycountry.countries)


def is_country(code: str) -> bool:
    """Whether `code` is an ISO 3166-1 alpha-2 code (any case): a set lookup, as a sheet import asks it of each
    of 100,000 rows (pycountry's own lookup took a few microseconds each)."""
    return bool(code) and code.upper() in _alpha_2_codes()


def _language(language: str | None) -> str:
    return "en" if not (language or get_language() or "vi").startswith("vi") else "vi"


@cache
def _cldr_names(language: str) -> dict[str, str]:
    return Locale.parse(language).territories


def country_name(code: str, language: str | None = None) -> str:
    """The country's name in the given (or active) language, from CLDR; the code itself if unknown."""
    country = pycountry.countries.get(alpha_2=code.upper()) if code else None
    if country is None:
        return code or ""
    return _cldr_names(_language(language)).get(country.alpha_2) or getattr(country, "common_name", country.name)


@cache
def _choices(language: str) -> list[tuple[str, str]]:
    return sorted(
        ((c.alpha_2, country_name(c.alpha_2, language)) for c in pycountry.countries), key=lambda p: fold(p[1])
    )


def country_choices(language: str | None = None) -> list[tuple[str, str]]:
    """Choices for a country field: code with its name in the given (or active) language, sorted by name."""
    return _choices(_language(language))


@cache
def _names_by_fold() -> dict[str, str]:
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for name in (
            country.name,
            getattr(country, "common_name", ""),
            getattr(country, "official_name", ""),
            _vi_catalogue().gettext(country.name),
            _cldr_names("vi").get(country.alpha_2, ""),
            _cldr_names("en").get(country.alpha_2, ""),
        ):
            if name:
                names.setdefault(fold(name), country.alpha_2)
    for code, (name_vi, aliases) in _usual_vietnamese().items():
        for name in (name_vi, *aliases):
            names[fold(name)] = code
    return names


def country_names() -> dict[str, str]:
    """Every known country name, folded, to its code: the gazetteer that matching and imports use."""
    return _names_by_fold()


def lookup_country(text: str) -> str | None:
    """A code, a Vietnamese or an English country name → its alpha-2 code, or None."""
    text = (text or "").strip()
    if len(text) == 2 and is_country(text):
        return text.upper()
    if code := _names_by_fold().get(fold(text)):
        return code  # before alpha-3 codes: "Nga" is Russia, not NGA (Nigeria)
    country = pycountry.countries.get(alpha_3=text.upper()) if len(text) == 3 else None
    return country.alpha_2 if country else None


def language_name(code: str, language: str | None = None) -> str:
    """A language's name (ISO 639-1 code) in the given (or active) language, from CLDR: "fr" → "Tiếng Pháp"."""
    name = Locale.parse(_language(language)).languages.get(code, code)
    return name[:1].upper() + name[1:]
