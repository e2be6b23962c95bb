"""Numbers and dates as a Vietnamese reader reads them: "13,5 triệu", "300.000", "09", "Tháng 10/2017",
"ngày 27/11", "Từ ngày 25/5 tới 2/6/2025". Reading a number or a span is `core.values`'s; this module finds
them in running text."""

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import partial

from medcoop.core.values import NUMBER_IN_TEXT, parse_number


@dataclass(frozen=True)
class Number:
    value: Decimal
    start: int
    end: int


def find_numbers(text: str) -> list[Number]:
    """Every number in the text with its span; ranges ("40 - 50", "1-3", "2,1 đến 4 tỉ", "10 to 15 doctors") are
    left out as not one figure."""
    found = []
    for match in NUMBER_IN_TEXT.finditer(text):
        before, after = text[max(0, match.start() - 8) : match.start()], text[match.end() : match.end() + 8]
        if RANGE_BEFORE.search(before) or RANGE_AFTER.match(after):
            continue
        found.append(Number(parse_number(match.group(1), match.group(3)), match.start(), match.end()))
    return found


RANGE_BEFORE = re.compile(r"\d\s*(?:[-–]|đến|tới|to)\s*$")
RANGE_AFTER = re.compile(r"\s*(?:[-–]|đến|tới|to)\s*\d")


# Counts written in words: "Twenty-seven professors", "two doctors", "hai bác sĩ", "mười lăm chuyên gia".
_EN_UNITS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
_EN_TEENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
             "seventeen": 17, "eighteen": 18, "nineteen": 19}  # fmt: skip
_EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
            "ninety": 90}  # fmt: skip
_VI_UNITS = {"hai": 2, "ba": 3, "bốn": 4, "năm": 5, "lăm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9}
ENGLISH_COUNT = re.compile(
    rf"\b(?:({'|'.join(_EN_TENS)})(?:[- ]({'|'.join(_EN_UNITS)}|one))?|({'|'.join(_EN_TEENS)})|({'|'.join(_EN_UNITS)}))\b",
    re.IGNORECASE,
)
VIETNAMESE_COUNT = re.compile(
    r"(?<![\w])(?:(hai|ba|bốn|năm|sáu|bảy|tám|chín)\s+mươi(?:\s+(mốt|hai|ba|bốn|tư|lăm|sáu|bảy|tám|chín))?|"
    r"mười(?:\s+(một|hai|ba|bốn|lăm|sáu|bảy|tám|chín))?|(hai|ba|bốn|sáu|bảy|tám|chín))(?![\w])",
    re.IGNORECASE,
)


# "a dozen doctors" is twelve; "dozens of", "hàng chục", "hàng trăm", "hundreds of" say no number and give none.
DOZEN = re.compile(r"\b(?:a|one)\s+dozen\b(?!\s+or\b)", re.IGNORECASE)
# "a hundred", "three hundred", "hai trăm": whole hundreds in words ("hàng trăm" is no count)
HUNDREDS = re.compile(
    rf"\b(?:(a|one|{'|'.join(_EN_UNITS)})\s+hundred|(?<!hàng )(một|{'|'.join(_VI_UNITS)})\s+trăm)\b"
    r"(?!\s+(?:and|linh|lẻ|lẽ|mươi|thousand|nghìn|ngàn|\w+\s+mươi)\b)",
    re.IGNORECASE,
)


def find_number_words(text: str) -> list[Number]:
    """Counts from two to ninety-nine written in English or Vietnamese words ("năm" alone, also "year", is left
    out), a dozen and whole hundreds; whether one counts anything is for the words after it to say."""
    lowered = text.lower()  # the rarer patterns are tried only where their word occurs
    found = [Number(Decimal(12), m.start(), m.end()) for m in DOZEN.finditer(text)] if "dozen" in lowered else []
    for match in HUNDREDS.finditer(text) if "trăm" in lowered or "hundred" in lowered else ():
        unit = (match[1] or match[2]).lower()
        found.append(Number(Decimal(100 * ({"a": 1, "one": 1, "một": 1} | _EN_UNITS | _VI_UNITS)[unit]), *match.span()))
    hundreds = [(n.start, n.end) for n in found]
    part = partial(_part_of_a_larger_number, text)
    for match in ENGLISH_COUNT.finditer(text):
        tens, unit, teen, single = (g.lower() if g else None for g in match.groups())
        value = _EN_TENS.get(tens or "", 0) + ({"one": 1} | _EN_UNITS).get(unit or "", 0) if tens else None
        value = value or _EN_TEENS.get(teen or "") or _EN_UNITS.get(single or "")
        if value and not any(s <= match.start() < e for s, e in hundreds) and not part(match):
            found.append(Number(Decimal(value), match.start(), match.end()))
    vi_more = {"mốt": 1, "một": 1, "tư": 4} | _VI_UNITS
    for match in VIETNAMESE_COUNT.finditer(text):
        tens, after_tens, after_ten, single = (g.lower() if g else None for g in match.groups())
        if tens:
            value = _VI_UNITS[tens] * 10 + vi_more.get(after_tens or "", 0)
        elif single:
            value = _VI_UNITS[single]
        else:
            value = 10 + vi_more.get(after_ten or "", 0)
        if any(s <= match.start() < e for s, e in hundreds) or part(match):
            continue
        found.append(Number(Decimal(value), match.start(), match.end()))
    return sorted(found, key=lambda n: n.start)


LARGER_AFTER = re.compile(r"\s+(?:trăm|nghìn|ngàn|triệu|tỷ|tỉ|hundred|thousand|million|billion)\b", re.IGNORECASE)
LARGER_BEFORE = re.compile(r"\b(?:trăm|nghìn|ngàn|hundred|thousand)\s+(?:and\s+|linh\s+|lẻ\s+)?$", re.IGNORECASE)


def _part_of_a_larger_number(text: str, match: re.Match) -> bool:
    """ "ba" in "ba trăm năm mươi", "twenty" in "one hundred and twenty": a piece of a number read otherwise."""
    return bool(
        LARGER_AFTER.match(text, match.end()) or LARGER_BEFORE.search(text[max(0, match.start() - 16) : match.start()])
    )


# --- dates -------------------------------------------------------------------------------------------------
# "tháng 2/1993", also glued to the word before it as scraped pages often leave it ("đã ký từtháng 2/1993")
MONTH_YEAR = re.compile(r"(?:\b|(?<=[a-zà-ỹ]))tháng\s+(\d{1,2})\s*(?:/|năm)\s*(\d{4})\b", re.IGNORECASE)
DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})([/.-])(\d{1,2})\2(\d{4})\b")  # "23/11/2024", "23-11-2024", "23.11.2024"
YEAR_FIRST = re.compile(r"\b((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})\b")  # "2019/5/31", as East Asian pages write it
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
# "năm 2019", "in early 2019", "được ký kết và triển khai từ 2019", "since 2019"
YEAR = re.compile(
    r"\b(?:năm|từ|since|in(?:\s+(?:early|late|mid-?))?)\s+((?:19|20)\d{2})\b(?!\s*(?:-|–|đến|tới|to)\s*(?:năm\s+)?\d{4})",
    re.IGNORECASE,
)  # not the first year of a period ("giai đoạn từ 2012 đến 2015")
SPAN = re.compile(  # "từ ngày 25/5 tới 2/6/2025", "Từ ngày 8.11 đến 14.11"
    r"\btừ\s+(?:ngày\s+)?(\d{1,2})[/.](\d{1,2})(?:[/.](\d{4}))?\s+(?:tới|đến|-|–)\s+(?:hết\s+)?(?:ngày\s+)?"
    r"(\d{1,2})[/.](\d{1,2})(?:[/.](\d{4}))?(?![/.]?\d)",
    re.IGNORECASE,
)


def _valid(year: int, month: int, day: int = 1) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return 1900 <= year <= 2100


MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_MONTH_INITIALS = "".join(sorted({name[0] for name in MONTHS}))  # a cheap first test before the names
# "July 15, 2020", "15 July 2020", "on November 23" (year from the article)
ENGLISH_DATE = re.compile(
    rf"\b(?:({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?|(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH})\.?"
    rf"(?:,?\s+(\d{{4}}))?)\b",
    re.IGNORECASE,
)
# "ngày 23/9", "sáng 23-9", "chiều 5.6" without a year: news opens with the part of the day as often as "ngày"
DAY_MONTH = re.compile(
    r"\b(?:ngày|sáng|chiều|tối|trưa|đêm|hôm)\s+(\d{1,2})([/.-])(\d{1,2})\b(?![/.-]\d)", re.IGNORECASE
)
# The written-out Vietnamese date: "ngày 18 tháng 7 năm 2023", "ngày 5 tháng 11" (year from the article)
WORDED_DATE = re.compile(r"\bngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s*(?:năm|,|/)\s*(\d{4}))?\b", re.IGNORECASE)
# A date that belongs to a document cited by its number ("công văn số 2035/BYT-QT ngày 10/4/2023", "Decision
# No. 12/QD-BYT dated …"): the day the document was issued, not the day of the event told.
DOCUMENT_NUMBER = re.compile(
    r"(?:\b\d+(?:/[\w.-]+)+|\b(?:số|No\.?)\s*\d+[\w./-]*)\s*,?\s*(?:ngày|dated|of|on)?\s*$", re.IGNORECASE
)


RANGE_START = re.compile(r"(?<![\d/.])\d{1,2}\s*(?:-|–|đến|tới)\s*$")


def _of_a_document(text: str, position: int) -> bool:
    return bool(DOCUMENT_NUMBER.search(text[max(0, position - 40) : position]))


def find_date(text: str, year: int | None = None) -> str | None:
    """The most precise date written in a clause, as YYYY-MM-DD, YYYY-MM or YYYY. A day and month without a
    year ("ngày 27/11", "on November 23") takes `year` (the article's), else gives None."""
    given = year
    for pattern, build in (
        (DAY_MONTH_YEAR, lambda m: (int(m[4]), int(m[3]), int(m[1]))),
        (ISO_DATE, lambda m: (int(m[1]), int(m[2]), int(m[3]))),
        (YEAR_FIRST, lambda m: (int(m[1]), int(m[2]), int(m[3]))),
        (WORDED_DATE, lambda m: (int(m[3]) if m[3] else (given or 0), int(m[2]), int(m[1]))),
        (ENGLISH_DATE, partial(_english, year=given)),
    ):
        for match in pattern.finditer(text):
            if _of_a_document(text, match.start()) or RANGE_START.search(
                text[max(0, match.start() - 12) : match.start()]
            ):
                continue  # a document's date, or the last day of a range ("12 - 15/9/2021": some day of it)
            year, month, day = build(match)
            if _valid(year, month, day):
                return f"{year:04d}-{month:02d}-{day:02d}"
    for match in MONTH_YEAR.finditer(text):
        if _valid(int(match[2]), int(match[1])) and not _of_a_document(text, match.start()):
            return f"{int(match[2]):04d}-{int(match[1]):02d}"
    for match in MONTH_ALONE.finditer(text):  # "in November 2024", "tháng 10 vừa qua" (the year given)
        month = int(match[3]) if match[3] else MONTHS[(match[1] or match[4]).lower()]
        stated = match[2] or match[5]
        year = int(stated) if stated else given
        if year and _valid(year, month) and not _of_a_document(text, match.start()):
            return f"{year:04d}-{month:02d}"
    year_match = YEAR.search(text)
    if year_match and _valid(int(year_match[1]), 1):
        return year_match[1]
    for match in DAY_MONTH.finditer(text):
        if given and _valid(given, int(match[3]), int(match[1])) and not _of_a_document(text, match.start()):
            return f"{given:04d}-{int(match[3]):02d}-{int(match[1]):02d}"
    for match in DAY_RANGE.finditer(text):  # "từ ngày 26 - 29/6": some day of that month
        stated = re.match(r"/(\d{4})", text[match.end() : match.end() + 5])
        year = int(stated[1]) if stated else given
        if year and _valid(year, int(match[4])):
            return f"{year:04d}-{int(match[4]):02d}"
    return None


WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
            "hai": 0, "ba": 1, "tư": 2, "năm": 3, "sáu": 4, "bảy": 5, "chủ nhật": 6}  # fmt: skip
WEEKDAY = re.compile(
    r"\b(?:on|last|this|past)\s+(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|"
    r"\b(?:vào\s+|sáng\s+|chiều\s+|tối\s+|trưa\s+)(?:thứ\s+(hai|ba|tư|năm|sáu|bảy)|(chủ nhật))\b(?!\s*(?:,\s*)?(?:ngày\s+)?\d)",
    re.IGNORECASE,
)


# "yesterday", "hôm qua", "today", "sáng nay": a day counted from the page's date
RELATIVE_DAY = re.compile(
    r"\b(?:(yesterday)|(today|this morning|this afternoon)|(hôm qua)|(hôm nay|sáng nay|chiều nay|trưa nay|tối nay))\b",
    re.IGNORECASE,
)


def weekday_date(text: str, page_date: str | None) -> str | None:
    """ "on Friday", "sáng thứ Sáu", "yesterday", "hôm qua" with no date beside it: news tells the week's events
    by their weekday, so the day is the last such weekday on or before the page's date (which must give its day),
    and yesterday the day before it."""
    if not page_date or not ISO_DATE.fullmatch(page_date):
        return None
    published = date.fromisoformat(page_date)
    relative = RELATIVE_DAY.search(text)
    match = WEEKDAY.search(text)
    if relative and not match:
        back = 1 if (relative[1] or relative[3]) else 0
        return (published - timedelta(days=back)).isoformat()
    if not match:
        return None
    wanted = WEEKDAYS[(match[1] or match[2] or match[3]).lower()]
    return (published - timedelta(days=(published.weekday() - wanted) % 7)).isoformat()


# A day of the month alone: "on the 23rd", "Ngày 23, …", "sáng 23 vừa qua" — the month and year are the page's.
DAY_ONLY = re.compile(
    rf"\bon\s+the\s+(\d{{1,2}})(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?(?:{_MONTH})\b)|"
    r"\b(?:ngày|sáng|chiều|tối|trưa|hôm)\s+(\d{1,2})(?=\s*,|\s+vừa\s+qua\b|\s+(?:tại|ở)\s)",
    re.IGNORECASE,
)


def day_only_date(text: str, page_date: str | None) -> str | None:
    """ "On the 23rd", "Ngày 23, …": the last such day of a month on or before the page's date (this month's
    when the day has come, else last month's), as news tells the days of the week it is published in."""
    match = DAY_ONLY.search(text)
    if not (match and page_date and ISO_DATE.fullmatch(page_date)):
        return None
    published, day = date.fromisoformat(page_date), int(match[1] or match[2])
    year, month = published.year, published.month
    if day > published.day:
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return f"{year:04d}-{month:02d}-{day:02d}" if _valid(year, month, day) else None


# A month without its day: "in November 2024", "in late May", "tháng 10 vừa qua", "vào tháng 10" (a Vietnamese
# month without a year only where nothing follows it that could be one).
MONTH_ALONE = re.compile(
    rf"\b(?:in|during|since|(?:in\s+)?(?:early|late|mid-?))\s+({_MONTH})\b\.?(?:,?\s+(\d{{4}}))?(?!\s*\d)|"
    r"\b(?:vào\s+|trong\s+|đầu\s+|cuối\s+|giữa\s+|^\W*)?tháng\s+(\d{1,2})(?=\s*,|\s+vừa\s+qua\b|\s+(?:này|năm\s+nay)\b)|"
    rf"\b({_MONTH})\s+(\d{{4}})\b",
    re.IGNORECASE,
)


def _english(match: re.Match, year: int | None) -> tuple[int, int, int]:
    month = MONTHS[(match[1] or match[5]).lower()]
    day = int(match[2] or match[4])
    stated = match[3] or match[6]
    return (int(stated) if stated else (year or 0)), month, day


# "26–31/8", "10 - 21/7/2017", "6 đến 17.4": a range of days in one month
DAY_RANGE = re.compile(
    r"(?<![\d/.-])(\d{1,2})\s*(?:(?:-|–|đến|tới|to)\s*(?:ngày\s+)?(\d{1,2})[/.]|(?:đến|tới)\s*(\d{1,2})-)"
    r"(\d{1,2})(?![\d])"
)  # "26–31/8", "6 đến 17.4", "24 đến 26-4", "3 đến ngày 7/5"
# "trong 4 ngày", "a 4-day mission", "for five days" is left to a reader
DAY_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
STATED_DAYS = re.compile(
    r"\b(?:trong(?:\s+vòng)?|kéo dài)\s+(\d{1,2})\s+ngày\b|\b(\d{1,2}|" + "|".join(DAY_WORDS) + r")[- ]days?\b",
    re.IGNORECASE,
)


# The same range with the month written out: "từ 24 đến 26 tháng 4", "March 25-29", "25 to 29 March".
WORDED_DAY_RANGES = (
    (re.compile(r"(?<![\d/.])(?<!tháng )(\d{1,2})\s*(?:-|–|đến|tới)\s*(?:ngày\s+)?(\d{1,2})\s+tháng\s+(\d{1,2})\b", re.I), (1, 2, 3)),
    (
        re.compile(
            rf"\b(?=[{_MONTH_INITIALS}])({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\s*(?:-|–|to|through|until)\s*(\d{{1,2}})(?:st|nd|rd|th)?\b"
            rf"(?!\s*(?:{_MONTH})\b)(?![/.:]\d)",
            re.IGNORECASE,
        ),
        (2, 3, 1),
    ),
    (
        re.compile(
            rf"(?<![\d/.])(\d{{1,2}})(?:st|nd|rd|th)?\s*(?:-|–|to|through|until)\s*(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH})\b",
            re.IGNORECASE,
        ),
        (1, 2, 3),
    ),
    (  # "between 3 and 7 March", "between March 3 and 7"
        re.compile(rf"\bbetween\s+(\d{{1,2}})(?:st|nd|rd|th)?\s+and\s+(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH})\b", re.I),
        (1, 2, 3),
    ),
    (
        re.compile(rf"\bbetween\s+({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\s+and\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*(?:{_MONTH})\b)", re.I),
        (2, 3, 1),
    ),
)  # fmt: skip


# Both ends written out with their months: "từ ngày 25 tháng 7 đến ngày 28 tháng 7 năm 2016" (a month before a
# range is no day of it), "between November 22 and November 27".
FULL_WORDED_SPAN = re.compile(
    r"(?<![\d/.])(?P<d1>\d{1,2})\s+tháng\s+(?P<m1>\d{1,2})(?:\s+năm\s+(?P<y1>\d{4}))?\s*(?:-|–|đến|tới)\s*"
    r"(?:ngày\s+)?(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})(?:\s+năm\s+(?P<y2>\d{4}))?",
    re.IGNORECASE,
)
BETWEEN_MONTH_DAYS = re.compile(
    rf"\bbetween\s+(?P<m1>{_MONTH})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+and\s+(?P<m2>{_MONTH})\.?\s+"
    rf"(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\b",
    re.IGNORECASE,
)


def _month_number(word: str) -> int:
    return int(word) if word.isdigit() else MONTHS[word.lower().rstrip(".")]


def find_day_spans(text: str) -> list[tuple[int, int, int]]:
    """(days, start, end) for each "từ ngày 25/5 tới 2/6/2025" (both days counted, so nine days here), each
    "26–31/8" or "March 25-29" within one month, and each stated "trong 4 ngày" / "4-day"."""
    spans = []
    for match in DAY_RANGE.finditer(text):
        first, last, month = int(match[1]), int(match[2] or match[3]), int(match[4])
        if 1 <= first < last <= 31 and 1 <= month <= 12:
            spans.append((last - first + 1, match.start(), match.end()))
    between = "between" in text.lower()
    for pattern, (first_group, last_group, month_group) in WORDED_DAY_RANGES:
        if pattern.pattern.startswith(r"\bbetween") and not between:
            continue  # "between 3 and 7 March": tried only where the word is
        for match in pattern.finditer(text):
            first, last = int(match[first_group]), int(match[last_group])
            if 1 <= first < last <= 31 and 1 <= _month_number(match[month_group]) <= 12:
                spans.append((last - first + 1, match.start(), match.end()))
    for match in FULL_WORDED_SPAN.finditer(text):  # "từ ngày 25 tháng 7 đến ngày 28 tháng 7 năm 2016"
        year = int(match["y2"] or match["y1"] or 2001)
        try:
            begin = date(int(match["y1"] or year), int(match["m1"]), int(match["d1"]))
            finish = date(year, int(match["m2"]), int(match["d2"]))
        except ValueError:
            continue
        if begin <= finish and (finish - begin).days < 366:
            spans.append(((finish - begin).days + 1, match.start(), match.end()))
    if between:
        for match in BETWEEN_MONTH_DAYS.finditer(text):  # "between November 22 and November 27"
            if match["m1"].lower() == match["m2"].lower() and 1 <= int(match["d1"]) < int(match["d2"]) <= 31:
                spans.append((int(match["d2"]) - int(match["d1"]) + 1, match.start(), match.end()))
    for match in STATED_DAYS.finditer(text):
        count = match[1] or match[2]
        spans.append((int(count) if count.isdigit() else DAY_WORDS[count.lower()], match.start(), match.end()))
    for match in SPAN.finditer(text):  # a span without its year: a common year, unless it names 29/2
        leap = "29/2" in match.group(0).replace("29/02", "29/2")
        last_year = int(match[6] or match[3] or (2000 if leap else 2001))
        try:
            begin = date(int(match[3] or last_year), int(match[2]), int(match[1]))
            finish = date(last_year, int(match[5]), int(match[4]))
        except ValueError:
            continue
        if begin <= finish and 1900 <= begin.year and finish.year <= 2100:
            spans.append(((finish - begin).days + 1, match.start(), match.end()))
    spans += _opened_and_closed(text)
    for match in ENGLISH_SPAN.finditer(text):  # "from March 30 to April 2", "30 March – 2 April 2024"
        try:
            begin = date(
                int(match["year"] or 2000),
                MONTHS[(match["m1"] or match["m1b"]).lower()],
                int(match["d1"] or match["d1b"]),
            )
            finish = date(
                int(match["year"] or 2000),
                MONTHS[(match["m2"] or match["m2b"]).lower()],
                int(match["d2"] or match["d2b"]),
            )
        except ValueError:
            continue
        if begin < finish and begin.month != finish.month:
            spans.append(((finish - begin).days + 1, match.start(), match.end()))
    return spans


# A mission's start and end told apart: "From June 4, the team … . … will last until June 17." (within a few
# sentences, no other date between), "Từ ngày 4/6, đoàn … . Chương trình kéo dài đến ngày 17/6."
OPENED = re.compile(
    rf"\b(?:[Ff]rom|[Ss]ince|[Ss]tarting)\s+(?:(?P<m>{_MONTH})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?|(?P<d2>\d{{1,2}})\s+"
    rf"(?P<m2>{_MONTH}))\b(?!\s*(?:-|–|to|through|until|till)\s*(?:\d|(?:{_MONTH})\b))|"
    r"\b[Tt]ừ\s+ngày\s+(?P<vd>\d{1,2})[/.](?P<vm>\d{1,2})\b(?![/.]\d)(?!\s*(?:-|–|đến|tới)\s*(?:ngày\s+)?\d)",
    re.IGNORECASE,
)
CLOSED = re.compile(
    rf"\b(?:until|till|through|to)\s+(?:(?P<m>{_MONTH})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?|(?P<d2>\d{{1,2}})\s+"
    rf"(?P<m2>{_MONTH}))\b|"
    r"\b(?:đến|tới|kéo dài đến|kết thúc vào|kết thúc)\s+(?:hết\s+)?ngày\s+(?P<vd>\d{1,2})[/.](?P<vm>\d{1,2})\b",
    re.IGNORECASE,
)


def _day_of(match: re.Match) -> tuple[int, int]:
    if match["vd"]:
        return int(match["vm"]), int(match["vd"])
    return MONTHS[(match["m"] or match["m2"]).lower()], int(match["d"] or match["d2"])


def _opened_and_closed(text: str) -> list[tuple[int, int, int]]:
    found = []
    for opened in OPENED.finditer(text):
        closed = CLOSED.search(text, opened.end(), opened.end() + 400)
        if closed is None or ENGLISH_DATE.search(text, opened.end(), closed.start()):
            continue
        between = text[opened.end() : closed.start()]
        if re.search(r"\d{1,2}[/.]\d{1,2}", between) or "\n\n" in between:
            continue  # another date told between, or another story
        try:
            (m1, d1), (m2, d2) = _day_of(opened), _day_of(closed)
            begin, finish = date(2001, m1, d1), date(2001, m2, d2)
        except ValueError:
            continue
        if begin < finish and (finish - begin).days < 120:
            found.append(((finish - begin).days + 1, opened.start(), closed.end()))
    return found


_TO = r"\s*(?:-|–|to|through|until|till)\s*"
ENGLISH_SPAN = re.compile(
    rf"\b(?:(?=[{_MONTH_INITIALS}])(?P<m1>{_MONTH})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?{_TO}(?P<m2>{_MONTH})\.?\s+(?P<d2>\d{{1,2}})"
    rf"(?:st|nd|rd|th)?|(?P<d1b>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1b>{_MONTH}){_TO}(?P<d2b>\d{{1,2}})(?:st|nd|rd|th)?\s+"
    rf"(?P<m2b>{_MONTH}))\b(?:,?\s+(?P<year>\d{{4}}))?",
    re.IGNORECASE,
)
