"""Countries: ISO 3166-1 alpha-2 codes, named in Vietnamese for display and matched in either language.

Names come from `pycountry` (English, and its Vietnamese catalogue) and from `data/countries_vi.csv`, which
holds the names Vietnamese writers actually use ("Hàn Quốc", not pycountry's "Cộng hoà Nam Hàn").
"""

import csv
import gettext
from functools import cache
from pathlib import Path

import pycountry
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


def is_country(code: str) -> bool:
    return bool(code) and pycountry.countries.get(alpha_2=code.upper()) is not None


def country_name(code: str, language: str | None = None) -> str:
    """The country's name in the given (or active) language; the code itself if unknown."""
    country = pycountry.countries.get(alpha_2=code.upper()) if code else None
    if country is None:
        return code or ""
    if (language or get_language() or "vi").startswith("vi"):
        usual = _usual_vietnamese().get(country.alpha_2)
        return usual[0] if usual else _vi_catalogue().gettext(country.name)
    return getattr(country, "common_name", country.name)


@cache
def country_choices() -> list[tuple[str, str]]:
    """Choices for a country field: code with its Vietnamese name, sorted by that name."""
    return sorted(((c.alpha_2, country_name(c.alpha_2, "vi")) for c in pycountry.countries), key=lambda p: fold(p[1]))


@cache
def _names_by_fold() -> dict[str, str]:
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for name in (
            country.name,
            getattr(country, "common_name", ""),
            getattr(country, "official_name", ""),
            _vi_catalogue().gettext(country.name),
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
    if len(text) == 3 and (country := pycountry.countries.get(alpha_3=text.upper())):
        return country.alpha_2
    return _names_by_fold().get(fold(text))
