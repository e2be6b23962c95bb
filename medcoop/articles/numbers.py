"""Numbers and dates as a Vietnamese reader reads them: "13,5 triệu", "300.000", "09", "Tháng 10/2017",
"ngày 27/11", "Từ ngày 25/5 tới 2/6/2025". Reading a number or a span is `core.values`'s; this module finds
them in running text."""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from medcoop.core.values import NUMBER_IN_TEXT, parse_number, read_date_range


@dataclass(frozen=True)
class Number:
    value: Decimal
    start: int
    end: int


def find_numbers(text: str) -> list[Number]:
    """Every number in the text with its span; ranges ("40 - 50", "1-3") are left out as not one figure."""
    found = []
    for match in NUMBER_IN_TEXT.finditer(text):
        before, after = text[max(0, match.start() - 6) : match.start()], text[match.end() : match.end() + 6]
        if re.search(r"\d\s*[-–]\s*$", before) or re.match(r"\s*[-–]\s*\d", after):
            continue
        found.append(Number(parse_number(match.group(1), match.group(2)), match.start(), match.end()))
    return found


# --- dates -------------------------------------------------------------------------------------------------
MONTH_YEAR = re.compile(r"\btháng\s+(\d{1,2})\s*(?:/|năm)\s*(\d{4})\b", re.IGNORECASE)
DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
YEAR = re.compile(r"\bnăm\s+(\d{4})\b", re.IGNORECASE)
SPAN = re.compile(
    r"\btừ\s+(?:ngày\s+)?(\d{1,2})/(\d{1,2})(?:/(\d{4}))?\s+(?:tới|đến|-|–)\s+(?:ngày\s+)?"
    r"(\d{1,2})/(\d{1,2})/(\d{4})",
    re.IGNORECASE,
)


def _valid(year: int, month: int, day: int = 1) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return 1900 <= year <= 2100


def find_date(text: str) -> str | None:
    """The most precise date written in a clause, as YYYY-MM-DD, YYYY-MM or YYYY; a day and month without a
    year ("ngày 27/11") is not a date one can store, so it gives None."""
    for pattern, build in (
        (DAY_MONTH_YEAR, lambda m: (int(m[3]), int(m[2]), int(m[1]))),
        (ISO_DATE, lambda m: (int(m[1]), int(m[2]), int(m[3]))),
    ):
        for match in pattern.finditer(text):
            year, month, day = build(match)
            if _valid(year, month, day):
                return f"{year:04d}-{month:02d}-{day:02d}"
    for match in MONTH_YEAR.finditer(text):
        if _valid(int(match[2]), int(match[1])):
            return f"{int(match[2]):04d}-{int(match[1]):02d}"
    match = YEAR.search(text)
    return match[1] if match and _valid(int(match[1]), 1) else None


def find_day_spans(text: str) -> list[tuple[int, int, int]]:
    """(days, start, end) for each "từ ngày 25/5 tới 2/6/2025": both days counted, so nine days here."""
    spans = []
    for match in SPAN.finditer(text):
        try:
            first, last = read_date_range(match[0])
        except ValueError:
            continue
        if first.precision == last.precision == "day" and 1900 <= first.value.year and last.value.year <= 2100:
            spans.append(((last.value - first.value).days + 1, match.start(), match.end()))
    return spans
