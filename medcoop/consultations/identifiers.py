"""Direct identifiers in Vietnamese clinical free text, found before a case leaves the hospital.

Each finding is a span of the text with its kind, so the clinician sees what to remove and why. The patterns
come from the identifiers' own structure: the CCCD (Decree 137/2015: province code, century-and-sex digit, year
of birth, serial), the old 9-digit CMND, the BHYT card (object code, benefit level, province, 10 digits), the
national numbering plan (mobile prefixes, +84), addresses (số nhà, đường, phường/xã, quận/huyện …), record
numbers (mã BN, số bệnh án, PID …), and personal names (family-name list and the words that introduce a person:
bệnh nhân, ông, bà, anh, chị, cháu …). An age or a year of birth is also checked against the case's age band.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int

    @property
    def reason(self):
        return REASONS[self.kind]


REASONS = {
    "cccd": _("citizen identity (CCCD/CMND) number"),
    "bhyt": _("health-insurance (BHYT) card number"),
    "phone": _("telephone number"),
    "email": _("e-mail address"),
    "birth_date": _("full date of birth"),
    "address": _("street address"),
    "record_number": _("medical-record number"),
    "name": _("personal name"),
    "age_band": _("age or year of birth that contradicts the case's age band"),
}
STRUCTURED = ("cccd", "bhyt", "phone", "email", "birth_date", "record_number")

# Province and city codes of the CCCD (Circular 07/2016/TT-BCA, annex): 001–096, not every number is used.
PROVINCE_CODES = {
    *"001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034 035 036 037 038 "
    "040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068 070 072 074 075 077 079 080 082 "
    "083 084 086 087 089 091 092 093 094 095 096".split()
}
# Mobile prefixes of the 2018 numbering plan (Viettel, VinaPhone, MobiFone, Vietnamobile, Gmobile, Itel …).
MOBILE_PREFIXES = {
    *"32 33 34 35 36 37 38 39 52 55 56 58 59 70 76 77 78 79 81 82 83 84 85 86 87 88 89 90 91 92 93 94 96 97 98 "
    "99".split()
}

FAMILY_NAMES = (
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đoàn Đinh Lâm Mai Trịnh Trương "
    "Cao Lương Lưu Tạ Hà Tô Châu Quách Thái Kiều Vương Hứa Triệu Khổng Mạc Tăng La Từ Âu Văn Chu Tôn Thân "
    "Nghiêm Lục Giang Tống Phùng Kim Ông Quan Doãn Hầu Khúc Lã Ninh"
).split()
# Given-name syllables common enough to mark a capitalised sequence as a name even after a family name.
MIDDLE_NAMES = {"Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quốc", "Xuân", "Thu", "Công", "Đình"}
# Words that introduce a person in a clinical note; a capitalised name after them is the person's.
PERSON_WORDS = r"(?:bệnh nhân|bệnh nhi|người bệnh|BN|ông|bà|anh|chị|cháu|em|bé|cô|chú|bác|cụ|mẹ|bố|vợ|chồng|con)"
# Capitalised sequences that look like names but are places, hospitals, or the patient's sex.
NOT_NAMES = {
    "hồ chí minh",
    "phan thiết",
    "phan rang",
    "bà rịa",
    "vũng tàu",
    "trần hưng đạo",
    "lê lợi",
    "hà nội",
    "hà giang",
    "hà tĩnh",
    "hà nam",
    "cao bằng",
    "lâm đồng",
    "kim bảng",
    "thái bình",
    "thái nguyên",
    "giang",
    "nam",
    "nữ",
}

UPPER = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
LOWER = "a-zđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
SYLLABLE = f"[{UPPER}][{LOWER}{UPPER}]*"
CAPITALISED = rf"{SYLLABLE}(?:[ \t]+{SYLLABLE}){{0,3}}"


def _fold(text: str) -> str:
    """Without accents, to match names written without them (NGUYEN VAN AN)."""
    stripped = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return stripped.replace("Đ", "D").replace("đ", "d")


FOLDED_FAMILY = sorted(
    {form for name in FAMILY_NAMES for form in (_fold(name), _fold(name).upper())}, key=len, reverse=True
)

DIGITS = re.compile(r"(?<![\w.,/+-])\+?\d(?:[ .-]?\d){7,13}(?![\w/]|[.,]\d)")
BHYT = re.compile(r"(?<![\w])[A-Z]{2}[ .-]?[1-5][ .-]?\d{2}[ .-]?\d{3}[ .-]?\d{3}[ .-]?\d{4}(?!\w)")
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
DATE = r"(?:\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)\d{2}|ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+(?:19|20)\d{2})"
BIRTH_DATE = re.compile(
    rf"(?i:ngày\s+sinh|sinh\s+ngày|sinh|ns|dob|date of birth)\s*[:.]?\s*(?:ngày\s+)?({DATE.replace('ngày', '(?:ngày)?')})"
)
BIRTH_YEAR = re.compile(r"(?i:sinh\s+năm|năm\s+sinh|sn|ns)\s*[:.]?\s*((?:19|20)\d{2})(?![/\d])")
AGE = re.compile(r"(?<!\w)(\d{1,3})\s*(tuổi|t(?=\b)|tháng\s+tuổi|th(?=\b)|ngày\s+tuổi)", re.IGNORECASE)
RECORD_NUMBER = re.compile(
    r"(?i:mã\s+(?:số\s+)?(?:bn|bệnh\s+nhân|người\s+bệnh|hồ\s+sơ|bệnh\s+án|y\s+tế)|số\s+(?:bệnh\s+án|hồ\s+sơ|"
    r"vào\s+viện|lưu\s+trữ|ba)|sba|pid|mrn|patient\s+id|hồ\s+sơ\s+số)\s*(?:[:#.]|số)?\s*([A-Za-z]{0,4}[-/]?\d[\d/.-]{2,}\w*)"
)
STREET_WORDS = r"(?:số\s+nhà|nhà\s+số|đường|phố|ngõ|ngách|hẻm|kiệt|thôn|ấp|xóm|bản|tổ\s+dân\s+phố|khu\s+phố|tổ)"
AREA_WORDS = r"(?:phường|xã|thị\s+trấn|quận|huyện|thị\s+xã|p\.|q\.)"
ADDRESS = re.compile(
    rf"(?:(?<!\w)(?:số\s+)?\d+[A-Za-z]?(?:/\d+[A-Za-z]?)*,?\s+)?(?<!\w)(?i:{STREET_WORDS})\s+(?:{CAPITALISED}|\d+[A-Za-z]?(?:/\d+)*)"
    rf"|(?<!\w)(?i:{AREA_WORDS})\s*(?:{CAPITALISED}|\d{{1,2}}(?!\d))"
    rf"|(?<![\w/])\d+[A-Za-z]?(?:/\d+[A-Za-z]?)+\s+{CAPITALISED}"
)
CONTEXT_NAME = re.compile(rf"(?<!\w)(?i:{PERSON_WORDS})\s*[:,]?\s+({CAPITALISED})")
FAMILY_NAME = re.compile(rf"(?<![\w])(?:{'|'.join(FOLDED_FAMILY)})(?:[ \t]+{_fold(SYLLABLE)}){{1,3}}(?!\w)", re.UNICODE)


def _syllables(span: str) -> list[str]:
    return span.split()


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _is_cccd(number: str) -> bool:
    """12 digits: province code, century-and-sex digit (0–9), two digits of the year of birth, six serial."""
    return len(number) == 12 and number[:3] in PROVINCE_CODES


def _is_phone(number: str, raw: str) -> bool:
    if number.startswith("84") and (raw.startswith("+") or len(number) in (11, 12)):
        number = "0" + number[2:]
    if len(number) == 10 and number[0] == "0":
        return number[1:3] in MOBILE_PREFIXES
    return len(number) == 11 and number.startswith("02")  # landline: 02 + area code + subscriber number


def _numbers(text: str):
    for match in DIGITS.finditer(text):
        raw = match.group()
        number = _digits(raw)
        if _is_phone(number, raw):
            yield Finding("phone", match.start(), match.end())
        elif _is_cccd(number) or (len(number) == 9 and " " not in raw and "." not in raw):
            yield Finding("cccd", match.start(), match.end())


def _names(text: str):
    for match in CONTEXT_NAME.finditer(text):
        span = match.group(1)
        words = _syllables(span)
        while words and words[-1].lower() in NOT_NAMES:
            words.pop()
        if words and " ".join(words).lower() not in NOT_NAMES and words[0].lower() not in NOT_NAMES:
            start = match.start(1)
            yield Finding("name", start, start + len(" ".join(words)))
    folded = _fold(text)
    for match in FAMILY_NAME.finditer(folded):
        words = text[match.start() : match.end()].split()
        if " ".join(words[:3]).lower() in NOT_NAMES or " ".join(words[:2]).lower() in NOT_NAMES:
            continue
        # Unaccented words are names only in capitals (NGUYEN VAN AN) or with a middle name (Nguyen Van An).
        accented = text[match.start() : match.end()] != match.group()
        if accented or match.group().isupper() or _fold(words[1]) in {_fold(m) for m in MIDDLE_NAMES}:
            yield Finding("name", match.start(), match.end())


def _ages(text: str, age_band: str):
    """Ages and years of birth outside the case's age band: one of the two is wrong, or the text says too much."""
    if not age_band:
        return
    low, high = _band(age_band)
    for match in AGE.finditer(text):
        unit = match.group(2).lower()
        years = int(match.group(1)) / (12 if unit.startswith("th") else 365 if unit.startswith("ng") else 1)
        if not low <= years < high:
            yield Finding("age_band", match.start(), match.end())
    for match in BIRTH_YEAR.finditer(text):
        years = date.today().year - int(match.group(1))
        if not low - 1 <= years < high + 1:
            yield Finding("age_band", match.start(), match.end())


def _band(age_band: str) -> tuple[float, float]:
    if age_band.endswith("+"):
        return float(age_band[:-1]), 200.0
    low, high = age_band.split("-")
    return float(low), float(high) + 1


def scan(text: str, *, age_band: str = "") -> list[Finding]:
    """Every identifier in the text, earliest first; overlapping findings keep the longest."""
    text = unicodedata.normalize("NFC", text or "")
    found = [Finding("bhyt", m.start(), m.end()) for m in BHYT.finditer(text)]
    found += [Finding("email", m.start(), m.end()) for m in EMAIL.finditer(text)]
    found += [Finding("birth_date", m.start(1), m.end(1)) for m in BIRTH_DATE.finditer(text)]
    found += [Finding("record_number", m.start(1), m.end(1)) for m in RECORD_NUMBER.finditer(text)]
    found += list(_numbers(text))
    found += [Finding("address", m.start(), m.end()) for m in ADDRESS.finditer(text)]
    found += list(_names(text))
    found += list(_ages(text, age_band))
    return _without_overlaps(found)


# When two findings overlap, the more specific kind wins over a longer but vaguer one.
PRIORITY = {kind: rank for rank, kind in enumerate(("email", "bhyt", "record_number", "birth_date", "cccd", "phone"))}


def _without_overlaps(found: list[Finding]) -> list[Finding]:
    kept: list[Finding] = []
    for finding in sorted(found, key=lambda f: (PRIORITY.get(f.kind, 99), -(f.end - f.start), f.start)):
        if all(finding.end <= other.start or finding.start >= other.end for other in kept):
            kept.append(finding)
    return sorted(kept, key=lambda f: f.start)


def redact(text: str, *, mark: str = "***") -> str:
    """The text with every identifier replaced by a mark: for descriptors that must be cleaned, not refused."""
    text = unicodedata.normalize("NFC", text or "")
    for finding in reversed(scan(text)):
        text = text[: finding.start] + mark + text[finding.end :]
    return text


def segments(text: str, findings: list[Finding]) -> list[tuple[str, Finding | None]]:
    """The text cut into plain pieces and found spans, for a page to highlight each span with its reason."""
    text = unicodedata.normalize("NFC", text or "")
    pieces, position = [], 0
    for finding in findings:
        if finding.start > position:
            pieces.append((text[position : finding.start], None))
        pieces.append((text[finding.start : finding.end], finding))
        position = finding.end
    if position < len(text):
        pieces.append((text[position:], None))
    return pieces
