"""Page furniture out, article in: what a news page wraps around the story must never become a record.

Lists of related, other or most-read news end an article: the text is cut at their heading. Photo captions,
image placeholders, share buttons and table borders are dropped line by line.
"""

import re
from dataclasses import dataclass

from medcoop.core.text import fold_words

from .numbers import find_date

# Headings that open a block of links to other stories (folded, so accents and case do not matter).
FURNITURE_HEADINGS = {
    "tin tuc khac",
    "tin khac",
    "tin bai lien quan",
    "cac tin bai khac",
    "tin lien quan",
    "bai viet lien quan",
    "tin cung chuyen muc",
    "cung chuyen muc",
    "doc nhieu",
    "xem nhieu",
    "doc them",
    "xem them",
    "tin moi",
    "tin moi nhat",
    "tin noi bat",
    "co the ban quan tam",
    "ban co the quan tam",
    "multimedia",
    "chia se",
    "tags",
    "tu khoa",
    "binh luan",
    "related news",
    "related articles",
    "more news",
    "most read",
    "read more",
    "see also",
    "share",
}
CAPTION = re.compile(
    r"(\(\s*)?(Ảnh|Photo|Nguồn ảnh|Ảnh minh họa)\s*:|"
    # who stands where in the picture: "Lee (left) and Pham …", "Ông A (thứ hai từ trái) …"
    r"\((?:left|right|center|centre|L|R|C|from left|from right|second (?:left|right|from (?:left|right))|"
    r"bên trái|bên phải|giữa|đứng giữa|thứ \w+ từ (?:trái|phải)|từ trái sang|trái|phải)\)",
    re.IGNORECASE,
)
# A news agency's sign-off, alone on its line: "VNA/VNP", "Source: VNA", "Nguồn: TTXVN".
SIGN_OFF = re.compile(r"(?:(?:Source|Nguồn|Theo)\s*:?\s*)?[–-]?\s*(?:VNA|VNS|TTXVN|VNA/VNP|TTXVN/Vietnam\+)\s*[./]*")
IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
# "Follow us" blocks: a line that is only a social network's or an app store's label ("Zalo:", "Tiktok: @x",
# "Android:"). Two of them within four lines end the story; the short lines that announce them ("Theo dõi chúng
# tôi tại:", a rule of dashes) go with them.
SOCIAL = re.compile(
    r"(?:android|ios|app store|google play|facebook|fanpage|youtube|zalo|tiktok|twitter|instagram|linkedin|"
    r"telegram)\s*:?\s*\S{0,60}",
    re.IGNORECASE,
)
RULE = re.compile(r"[-—–_=*~.]{3,}")
MIN_TITLE_WORDS = 4


@dataclass(frozen=True)
class CleanArticle:
    title: str
    text: str
    published_on: str | None


def is_furniture_heading(line: str) -> bool:
    words = fold_words(line)
    return 0 < len(words) <= 6 and " ".join(words) in FURNITURE_HEADINGS


def _follow_block(lines: list[str], index: int) -> bool:
    if not SOCIAL.fullmatch(lines[index].strip()):
        return False
    return sum(bool(SOCIAL.fullmatch(line.strip())) for line in lines[index + 1 : index + 4]) >= 1


def clean_line(line: str) -> str:
    """A line without image placeholders and table borders; empty when the line is a caption."""
    line = IMAGE.sub("", line).strip().strip("|").strip()
    if CAPTION.search(line):
        return ""
    return line


def clean(text: str) -> CleanArticle:
    lines = text.split("\n")
    kept: list[str] = []
    for index, raw in enumerate(lines):
        if index > 1 and (is_furniture_heading(raw) or SIGN_OFF.fullmatch(raw.strip())):
            break  # a news agency's sign-off on a line of its own ends the story; teasers of others follow
        if index > 1 and _follow_block(lines, index):
            for _ in range(3):  # the announcement of the block ("… tại:", "Ứng dụng X", a rule of dashes)
                if not kept or not (kept[-1].endswith(":") or RULE.fullmatch(kept[-1]) or len(kept[-1].split()) <= 4):
                    break
                kept.pop()
            break
        line = clean_line(raw)
        if line:
            kept.append(line)
    title = next((line for line in kept if len(fold_words(line)) >= MIN_TITLE_WORDS and not _is_meta(line)), "")
    published = next((d for line in kept[:8] if _is_meta(line) and (d := find_date(line))), None)
    return CleanArticle(title, "\n".join(kept), published)


# A line that opens with an ISO date ("date 2025-09-13 Video Podcast …"): prose never writes its dates so, so
# the words after it are the page's menu or headline, however many.
DATELINE = re.compile(r"^\s*(?:date\s+)?\d{4}-\d{2}-\d{2}\b", re.IGNORECASE)


def is_dateline(line: str) -> bool:
    """A line of the page that gives its date (or a date and its menu), not a sentence of the story."""
    return _is_meta(line.strip())


def _is_meta(line: str) -> bool:
    """A dateline or category line ("12:40 | 13/09/2025", "date 2025-09-13 ..."), not prose."""
    if DATELINE.match(line):
        return True
    return (
        bool(re.search(r"\d{1,2}:\d{2}|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{4}\b", line))
        and len(fold_words(line)) <= 8
    )
