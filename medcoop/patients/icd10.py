"""ICD-10 (WHO 2019) categories and subcategories, from data/icd10.csv (see scripts/make_icd10_csv.py)."""

import csv
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from medcoop.core.text import fold

DATA = Path(__file__).parent / "data" / "icd10.csv"


@cache
def icd10_titles() -> dict[str, str]:
    with DATA.open(encoding="utf-8") as handle:
        return {row["code"]: row["title"] for row in csv.DictReader(handle)}


def normalize_code(code: str) -> str:
    """ "c341" or "C34.1" → "C34.1"."""
    code = (code or "").strip().upper().replace(" ", "")
    if len(code) > 3 and "." not in code:
        code = f"{code[:3]}.{code[3:]}"
    return code


def validate_icd10(code: str) -> None:
    if normalize_code(code) not in icd10_titles():
        raise ValidationError(_("“%(code)s” is not an ICD-10 code.") % {"code": code})


@cache
def _folded() -> list[tuple[str, str, str]]:
    return [(code, title, fold(f"{code} {code.replace('.', '')} {title}")) for code, title in icd10_titles().items()]


def search_icd10(query: str, limit: int = 20) -> list[tuple[str, str]]:
    """The codes whose code or title holds every word of `query`, without accents or case ("c34", "lung
    malignant", "C34.1"); codes that start with the query come first, then in the classification's order."""
    words = fold(query).split()
    if not words:
        return []
    head = normalize_code(query)
    found = [(code, title) for code, title, text in _folded() if all(word in text for word in words)]
    found.sort(key=lambda item: not item[0].startswith(head))
    return found[:limit]
