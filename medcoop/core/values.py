"""One reader per kind of value — number, money with its ISO 4217 currency, partial date, date range, country —
shared by forms, sheets, the API, the article reader and the CLI, so a value means the same whichever way in.

Numbers are read in Vietnamese ("1.500", "13,5", "1.234.567,8") or English ("1,500", "13.5") grouping. Most
values say which by themselves; "1.500" alone does not (1500 in Vietnamese, 1.5 in English), so without a
locale it is refused as ambiguous rather than guessed. Each reader raises ValueProblem with a message for the
user.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import TYPE_CHECKING

import pycountry
from babel import Locale
from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .countries import lookup_country
from .text import nfc

if TYPE_CHECKING:  # dates imports Django's models, which the article reader (numbers, money) does not need
    from .dates import PartialDate

VIETNAMESE, ENGLISH = "vi", "en"
LOCALES = (VIETNAMESE, ENGLISH)
SEPARATORS = {VIETNAMESE: (".", ","), ENGLISH: (",", ".")}  # locale → (grouping, decimal mark)


class ValueProblem(ValueError):
    """A value that cannot be read; its text is the message for the user."""


class AmbiguousNumber(ValueProblem):
    """A number that reads differently in Vietnamese and English grouping ("1.500")."""


# --- numbers ------------------------------------------------------------------------------------------------
MULTIPLIERS = {
    "nghìn": 1_000,
    "ngàn": 1_000,
    "triệu": 1_000_000,
    "tỷ": 1_000_000_000,
    "tỉ": 1_000_000_000,
    "thousand": 1_000,
    "mln": 1_000_000,
    "bn": 1_000_000_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
}
MULTIPLIER_WORDS = "nghìn|ngàn|triệu|tỷ|tỉ|thousand|million|mln|billion|bn"
# A number in running Vietnamese text (the article reader): 13,5 / 300.000 / 1.234.567,8 / 7000 / 09.
# In running text, in either language's usage ("300.000", "100,000", "13,5", "22.5"): a separator before exactly
# three digits groups thousands, one before one or two digits marks decimals. Groups: digits, separator, word.
NUMBER_IN_TEXT = re.compile(
    rf"(?<![\d/.,])(\d{{1,3}}(?:([.,])\d{{3}})(?:\2\d{{3}})*(?:[.,]\d{{1,2}}(?!\d))?|\d+(?:[.,]\d{{1,2}}(?!\d))?)(?![\d/])"
    rf"(?:\s*({MULTIPLIER_WORDS})\b)?",
    re.IGNORECASE,
)
_NUMBER = re.compile(
    rf"^(?P<sign>[-−])?\s*(?P<digits>\d(?:[\d.,]|\s(?=\d))*)(?:\s*(?P<word>{MULTIPLIER_WORDS}))?$", re.IGNORECASE
)
_GROUPED = re.compile(r"^\d{1,3}(?:\.\d{3})+$")


def _separators(digits: str, locale: str | None) -> tuple[str | None, str | None]:
    """(grouping, decimal mark) the digits are written with; AmbiguousNumber when only a locale can tell."""
    marks = [ch for ch in digits if ch in ".,"]
    if not marks:
        return None, None
    if len(set(marks)) == 2:
        decimal = marks[-1]
        return ("," if decimal == "." else "."), decimal
    mark = marks[0]
    if len(marks) > 1:
        return mark, None  # the same mark twice can only group: 1.500.000
    whole, fraction = digits.split(mark)
    if len(fraction) != 3 or whole == "0" or len(whole) > 3:
        return None, mark  # 13,5 / 1.25 / 0,500 / 1500.000 cannot be grouping
    if locale not in LOCALES:
        raise AmbiguousNumber(
            _(
                "“%(value)s” could be %(grouped)s or %(decimal)s: choose the number format (Vietnamese 1.500,5 "
                "or English 1,500.5)."
            )
            % {"value": digits, "grouped": whole + fraction, "decimal": _plain(f"{whole}.{fraction}")}
        )
    grouping, decimal = SEPARATORS[locale]
    return (mark, None) if mark == grouping else (None, mark)


def _plain(text: str) -> str:
    return f"{Decimal(text).normalize():f}"


def number_locale(text: str) -> str | None:
    """The grouping a written number shows by itself ("13,5" → vi, "1,500,000" → en), or None if it does not."""
    match = _NUMBER.match(nfc(str(text or "")))
    if not match:
        return None
    try:
        grouping, decimal = _separators(re.sub(r"\s", "", match["digits"]), None)
    except AmbiguousNumber:
        return None
    if grouping or decimal:
        return VIETNAMESE if grouping in (".", None) and decimal in (",", None) else ENGLISH
    return None


def read_number(value, locale: str | None = None) -> Decimal:
    """A number as written ("1.500", "13,5 triệu", "1,500.25", 7000) → Decimal; ValueProblem if it is not one,
    AmbiguousNumber if only `locale` ("vi" or "en") could tell how it is grouped."""
    if isinstance(value, bool):
        raise ValueProblem(_("“%(value)s” is not a number.") % {"value": value})
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    match = _NUMBER.match(nfc(str(value or "")))
    if not match:
        raise ValueProblem(_("“%(value)s” is not a number.") % {"value": value})
    digits = re.sub(r"\s", "", match["digits"])  # 1 500 000: spaces group too
    grouping, decimal = _separators(digits, locale)
    whole, _mark, fraction = digits.partition(decimal) if decimal else (digits, "", "")
    if grouping and not _GROUPED.match(whole.replace(grouping, ".")):
        raise ValueProblem(_("“%(value)s” is not a number: its digits are grouped wrongly.") % {"value": value})
    try:
        number = Decimal(whole.replace(grouping or "", "") + ("." + fraction if fraction else ""))
    except InvalidOperation as error:
        raise ValueProblem(_("“%(value)s” is not a number.") % {"value": value}) from error
    number *= MULTIPLIERS.get((match["word"] or "").lower(), 1)
    return -number if match["sign"] else number


def parse_number(digits: str, multiplier: str | None = None) -> Decimal:
    """A number as NUMBER_IN_TEXT found it in an article, Vietnamese or English: "13,5" + "triệu" → 13500000,
    "300.000" → 300000, "100,000" → 100000, "22.5" → 22.5 (prose has no sheet locale; the digits after the
    separator tell)."""
    text = re.sub(r"[.,](?=\d{3}(?!\d))", "", digits).replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation as error:
        raise ValueError(digits) from error
    return value * MULTIPLIERS.get((multiplier or "").lower(), 1)


def optional_number(value, locale: str | None = None) -> Decimal | None:
    return None if value is None or (isinstance(value, str) and not value.strip()) else read_number(value, locale)


# --- money --------------------------------------------------------------------------------------------------
# Words and signs people write for a currency (lower case, NFC) to its ISO 4217 code.
CURRENCY_WORDS = [
    (r"vnđ|vnd|đồng|đ|₫", "VND"),
    (r"euros?|eur|€", "EUR"),
    (r"usd|us\$|\$|đô\s*la(?:\s*mỹ)?|đô-la|dollars?", "USD"),
    (r"yên|yen|jpy|¥", "JPY"),
    (r"bảng anh|gbp|£", "GBP"),
    (r"won|krw|₩", "KRW"),
    (r"nhân dân tệ|cny|rmb", "CNY"),
    (r"kíp|kip|lak", "LAK"),
    (r"baht|thb|฿", "THB"),
]
CURRENCY_AFTER_NUMBER = re.compile(
    r"\s*(" + "|".join(f"(?:{pattern})" for pattern, _code in CURRENCY_WORDS) + r")(?!\w)", re.IGNORECASE
)


def currency_code(text: str) -> str | None:
    """ "VNĐ", "đồng", "Euro", "€", "$", "usd" → its ISO 4217 code; an ISO code itself; None if unknown."""
    word = " ".join(nfc(str(text or "")).lower().rstrip(".").split())
    if not word:
        return None
    for pattern, code in CURRENCY_WORDS:
        if re.fullmatch(pattern, word):
            return code
    currency = pycountry.currencies.get(alpha_3=word.upper()) if len(word) == 3 else None
    return currency.alpha_3 if currency else None


@cache
def _currency_names(language: str) -> dict[str, str]:
    return Locale.parse(language).currencies


def currency_name(code: str) -> str:
    """The currency's name in the reader's language, from CLDR (Babel): "Đô la Mỹ", "US Dollar"; pycountry's
    English name where CLDR has none."""
    language = "vi" if (get_language() or "vi").startswith("vi") else "en"
    if name := _currency_names(language).get(code):
        return name
    currency = pycountry.currencies.get(alpha_3=code)
    return currency.name if currency else code


# A choice's label is read when it is shown, in the language of that page: a model field's choices are made into
# the form's once, when the form class is built.
_currency_label = lazy(lambda code: f"{code} — {currency_name(code)}", str)


def currency_choices() -> list[tuple[str, str]]:
    """Every ISO 4217 currency, code first, for a choice field; named in the reader's language."""
    return [(code, _currency_label(code)) for code in sorted(c.alpha_3 for c in pycountry.currencies)]


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str  # ISO 4217, "" when the value did not say


_MONEY = re.compile(r"^(?P<before>[^\d\s-]*)\s*(?P<number>[-−]?\d.*?)\s*(?P<after>[^\d]*)$")


def read_money(value, locale: str | None = None) -> Money:
    """ "300.000 VNĐ", "13,5 triệu Euro", "€ 1,500.50", 1500 → Money; the currency is "" when none is written."""
    if not isinstance(value, str):
        return Money(read_number(value, locale), "")
    text = nfc(value)
    match = _MONEY.match(text)
    if not match:
        raise ValueProblem(_("“%(value)s” is not an amount of money.") % {"value": value})
    number, after = match["number"], match["after"].strip()
    word = re.match(rf"^({MULTIPLIER_WORDS})\b\s*(.*)$", after, re.IGNORECASE)
    if word:
        number, after = f"{number} {word[1]}", word[2]
    written = (match["before"].strip(), after.strip())
    currency = ""
    for part in written:
        if part:
            code = currency_code(part)
            if code is None or (currency and code != currency):
                raise ValueProblem(
                    _("“%(value)s”: unknown currency “%(currency)s”.") % {"value": value, "currency": part}
                )
            currency = code
    return Money(read_number(number, locale), currency)


def decimal_string(value: Decimal | None) -> str | None:
    """An amount as the API gives it: a decimal string, exact (never a float), "13500000.00"."""
    return None if value is None else f"{Decimal(value):f}"


# --- dates --------------------------------------------------------------------------------------------------
def read_partial_date(value) -> "PartialDate | None":
    """dd/mm/yyyy, mm/yyyy, yyyy, their ISO forms, or a date → PartialDate; None for an empty value."""
    from .dates import PartialDate

    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return PartialDate(value.date())
    if isinstance(value, date):
        return PartialDate(value)
    try:
        return PartialDate.parse(nfc(str(value)))
    except ValueError as error:
        raise ValueProblem(
            _("“%(value)s” is not a date: write dd/mm/yyyy, mm/yyyy or yyyy.") % {"value": value}
        ) from error


def read_day(value) -> date | None:
    """A whole date (dd/mm/yyyy, ISO or a date); a month or a year alone is not one."""
    partial = read_partial_date(value)
    if partial is not None and partial.precision != "day":
        raise ValueProblem(_("“%(value)s” is not a date: write dd/mm/yyyy.") % {"value": value})
    return partial.value if partial else None


_RANGE = re.compile(
    r"^(?:từ\s+)?(?:ngày\s+)?(?P<start>[\d/.-]+?)\s*(?:–|—|-|tới|đến|to|until)\s*(?:ngày\s+)?(?P<end>[\d/.-]+)$",
    re.IGNORECASE,
)


def read_date_range(value) -> "tuple[PartialDate | None, PartialDate | None]":
    """ "25/5 – 2/6/2025", "Từ ngày 25/5 tới 2/6/2025", "2017 - 2019", "10/2017" → (start, end); a start
    without its year takes the end's. The end may not come before the start."""
    text = nfc(str(value or ""))
    if not text:
        return None, None
    match = _RANGE.match(text)
    if not match:
        single = read_partial_date(text)
        return single, single
    end = read_partial_date(match["end"])
    start_text = match["start"]
    if re.fullmatch(r"\d{1,2}/\d{1,2}", start_text):
        start_text = f"{start_text}/{end.value.year}"
    start = read_partial_date(start_text)
    if end.last_day < start.value:
        raise ValueProblem(_("“%(value)s”: the end comes before the start.") % {"value": value})
    return start, end


# --- countries ----------------------------------------------------------------------------------------------
def read_country(value) -> str:
    """A code, a Vietnamese or an English country name → its ISO 3166-1 alpha-2 code."""
    code = lookup_country(nfc(str(value or "")))
    if not code:
        raise ValueProblem(_("Unknown country “%(value)s”.") % {"value": value})
    return code


# --- organization identifiers -------------------------------------------------------------------------------
# Each reader takes what a person types or pastes (a URL, spaces, lower case) and gives the one stored form, or
# raises ValueProblem. An empty value is "" (no identifier).
_CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"
_ROR = re.compile(r"^(?:https?://)?(?:www\.)?(?:ror\.org/)?(0[0-9a-hjkmnp-tv-z]{6}\d{2})/?$")
# IATI org-id guidance: the registration agency's prefix (a country code, or XI/XM for international lists,
# then the list's code: XM-DAC, GB-COH, US-EIN, VN-...) and the identifier in that list; no spaces or "/".
_IATI_ORG_ID = re.compile(r"^(?:X[IM]|[A-Z]{2})-[A-Z0-9]{2,}-[A-Za-z0-9][A-Za-z0-9._-]*$")
# The health ministry's register of facilities (mã cơ sở khám chữa bệnh): the province's two digits, then three.
_FACILITY_CODE = re.compile(r"^\d{5}$")
_TAX_CODE = re.compile(r"^(\d{10})(?:-?(\d{3}))?$")
_TAX_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


def _identifier_text(value) -> str:
    return "".join(nfc(str(value or "")).split())


def read_ror_id(value) -> str:
    """ "https://ror.org/0321g0743" or "0321G0743" → "0321g0743"; its last two digits are the ISO 7064
    MOD 97-10 checksum of the seven before, as ROR computes it."""
    text = _identifier_text(value).lower()
    if not text:
        return ""
    match = _ROR.match(text)
    if not match:
        raise ValueProblem(
            _("“%(value)s” is not a ROR ID: it is 9 characters starting with 0, e.g. 0321g0743.") % {"value": value}
        )
    ror = match[1]
    number = 0
    for character in ror[:7]:
        number = number * 32 + _CROCKFORD.index(character)
    if int(ror[7:]) != 98 - (number * 100) % 97:
        raise ValueProblem(_("“%(value)s” is not a ROR ID: its check digits do not match.") % {"value": value})
    return ror


def read_iati_org_id(value) -> str:
    """An IATI organisation identifier, "XM-DAC-41114" or "GB-COH-01234567": the registration agency's prefix
    and the organisation's identifier in that agency's list."""
    text = nfc(str(value or "")).strip()
    if not text:
        return ""
    if not _IATI_ORG_ID.match(text):
        raise ValueProblem(
            _(
                "“%(value)s” is not an IATI organisation identifier: write the registration agency's prefix "
                "and the organisation's number, e.g. XM-DAC-41114 or GB-COH-01234567, without spaces."
            )
            % {"value": value}
        )
    return text


def read_facility_code(value) -> str:
    """The health ministry's facility code: five digits (the province's two, then three)."""
    text = _identifier_text(value)
    if not text:
        return ""
    if not _FACILITY_CODE.match(text):
        raise ValueProblem(
            _("“%(value)s” is not a facility code of the Ministry of Health: it has five digits, e.g. 01929.")
            % {"value": value}
        )
    return text


def read_tax_code(value) -> str:
    """A Vietnamese tax code (mã số thuế): ten digits, the tenth a check digit, or thirteen for a branch,
    written "0100112437-001"."""
    text = _identifier_text(value)
    if not text:
        return ""
    match = _TAX_CODE.match(text)
    if not match:
        raise ValueProblem(
            _("“%(value)s” is not a tax code: it has 10 digits, or 13 written 0100112437-001.") % {"value": value}
        )
    digits = match[1]
    check = 10 - sum(int(d) * w for d, w in zip(digits, _TAX_WEIGHTS, strict=False)) % 11
    if check != int(digits[9]):
        raise ValueProblem(_("“%(value)s” is not a tax code: its check digit does not match.") % {"value": value})
    return f"{digits}-{match[2]}" if match[2] else digits


# Organization's identifier fields and their readers; other apps (duplicates, sheets, the API) take the names
# from here.
ORGANIZATION_IDENTIFIERS = {
    "ror_id": read_ror_id,
    "iati_org_id": read_iati_org_id,
    "moh_facility_code": read_facility_code,
    "tax_code": read_tax_code,
}
