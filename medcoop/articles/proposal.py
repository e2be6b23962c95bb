"""The activity an article reports, proposed for the review page: title, kind, dates (from the span of days the
text gives), direction and place. Read from the words of the language (a range of days, "sang/tại/đến + a
country", "đón/tiếp đoàn"), never from one article's wording; the reviewer corrects what is wrong."""

import re
from datetime import date

from medcoop.core.countries import lookup_country
from medcoop.core.text import fold

from .numbers import DAY_RANGE, find_date

HOME = "VN"
# "sang Lào", "tại Nhật Bản", "to Laos", "in France": where our team goes; two or three words name a country
GOING = re.compile(r"\b(?:sang|tại|đến|tới|to|in|at)\s+((?:[A-ZĐ][\wÀ-ỹ]*\s*){1,3})")
# a delegation received at home: "đón đoàn", "tiếp đoàn", "tiếp đón", "welcomed", "received a delegation"
RECEIVING = re.compile(r"\b(?:don doan|tiep doan|tiep don|welcomed|received a delegation|hosted)\b")


def _going_to(text: str) -> str | None:
    """The first foreign country the text says someone goes to or is at."""
    for match in GOING.finditer(text):
        words = match[1].split()
        for size in range(len(words), 0, -1):
            code = lookup_country(" ".join(words[:size]))
            if code and code != HOME:
                return code
    return None


def _dates(text: str, published: str) -> tuple[date | None, date | None]:
    """The first span of days ("25 - 29/3", "10–21/7/2017"), else the first date written; a year taken from the
    article's date ("2025-03-30", "2025") or the nearest full date."""
    stated_year = re.match(r"(\d{4})", published or "")
    written = find_date(text, int(stated_year[1]) if stated_year else None)
    year = int(stated_year[1]) if stated_year else (int(written[:4]) if written else None)
    for match in DAY_RANGE.finditer(text):
        tail = text[match.end() : match.end() + 5]
        stated = re.match(r"/(\d{4})", tail)
        span_year = int(stated[1]) if stated else year
        if span_year is None:
            continue
        try:
            month = int(match[4])  # "25 - 29/3", "24 đến 26-4": first day, last day (either form), month
            return date(span_year, month, int(match[1])), date(span_year, month, int(match[2] or match[3]))
        except ValueError:
            continue
    if written and len(written) == 10:
        day = date.fromisoformat(written)
        return day, None
    return None, None


def propose_activity(article) -> dict:
    """The activity of an article, as the review form's initial values; a saved review's own values win."""
    extraction = article.extraction or {}
    if saved := extraction.get("activity"):
        return dict(saved)
    text = article.text or ""
    kinds = [k for k in extraction.get("activity_kinds", []) if k != "agreement"] or extraction.get(
        "activity_kinds", []
    )
    start_on, end_on = _dates(text, article.published_on)
    country = _going_to(text)
    foreign = [c for c in extraction.get("countries", []) if c != HOME]
    if RECEIVING.search(fold(text)) or (not country and foreign):
        direction, country = "inbound", ""
    else:
        direction = "outbound" if country else "inbound"
    return {
        "title": (extraction.get("title") or article.title or "")[:400],
        "kind": kinds[0] if kinds else "",
        "start_on": start_on.isoformat() if start_on else "",
        "end_on": end_on.isoformat() if end_on else "",
        "direction": direction,
        "country": country or "",
        "place": "",
    }
