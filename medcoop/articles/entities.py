"""Organisation names in Vietnamese (and English) news text, found by the nouns that head them.

A Vietnamese organisation name starts with a head noun — Bệnh viện, Viện, Trung tâm, Đại học, Bộ, Sở,
Tổ chức… — and goes on with capitalised words, digits and short lower-case runs ("Trung tâm ung thư MD
Anderson"), until punctuation, a verb or preposition, or lower-case words that no capitalised word follows.
The country comes from the name itself (a country or city in it), else from the sentence ("… tại Pháp"),
else from the paragraph's heading ("- Nhật Bản: …"), else Vietnam.
"""

import csv
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from .gazetteers import Token, city_table, find_countries, fold_word, is_province, tokenize

# Head nouns, folded, longest first, with the kind of organisation they name. A head that is also an
# ordinary word (bộ, sở, viện…) counts only when written with a capital.
HEADS: list[tuple[tuple[str, ...], str, bool]] = [
    (("truong", "dai", "hoc"), "university", False),
    (("truong", "cao", "dang"), "university", False),
    (("truong", "y"), "university", True),  # "Trường Y Harvard": a medical school
    (
        ("truong", "dh"),
        "university",
        False,
    ),  # "Trường ĐH …": the usual short form of "Trường Đại học"  # a college: "Trường Cao đẳng Y tế …"
    (("benh", "vien"), "hospital", False),
    (("bv",), "hospital", True),  # "BV Nhi đồng 1": the usual short form of "Bệnh viện"
    (("he", "thong", "y", "te"), "hospital", True),
    (("he", "thong", "dai", "hoc"), "university", True),  # a university system: "Hệ thống Đại học …"
    (("he", "thong", "benh", "vien"), "hospital", True),
    (("hiep", "hoi"), "ngo", True),
    (("tong", "hoi"), "ngo", True),  # a general association: "Tổng hội Y học", "Tổng Hội người Việt Nam tại …"
    (("uy", "ban", "nhan", "dan"), "government", True),
    (("ubnd",), "government", True),
    (("quoc", "hoi"), "government", True),
    (("tong", "lanh", "su", "quan"), "government", True),
    (("lanh", "su", "quan"), "government", True),
    (("dai", "su", "quan"), "government", True),
    (("co", "quan"), "government", True),
    (("van", "phong"), "government", True),
    (("ngan", "hang"), "company", False),
    (("phong", "kham"), "hospital", True),
    (("trung", "tam"), "hospital", True),
    (("dai", "hoc"), "university", True),
    (("dh",), "university", True),  # "ĐH Y Dược": the short form of "Đại học"
    (("hoc", "vien"), "university", True),
    (("tong", "cuc"), "government", True),
    (("chinh", "phu"), "government", False),
    (("hai", "quan"), "government", True),
    (("to", "chuc"), "ngo", False),
    (("tap", "doan"), "company", True),
    (("cong", "ty"), "company", True),
    (("vien",), "research_institute", True),
    (("bo",), "government", True),
    (("so",), "government", True),
    (("cuc",), "government", True),
    (("quy",), "ngo", True),
    (("doi",), "government", True),  # a (military or medical) team: "Đội y tế lưu động (Quân khu 9)"
    (("hoi",), "ngo", True),
]
# Heads whose folded form other words share: they count only written so.
EXACT_HEADS = {("doi",): "Đội", ("quy",): "Quỹ", ("bv",): "BV", ("dh",): "ĐH"}  # "Quy Hòa" is a place, "Quỹ" a fund
# A head syllable that with the next one spells an ordinary word: "viện trợ" (aid), "viện phí" (hospital fees).
WORDS_NOT_HEADS = {("vien",): {"trợ", "phí"}, ("truong", "y"): {"tế", "khoa", "dược", "học", "sĩ"}}
# Heads that are also common nouns even when capitalised: a name must go on with a capitalised word.
CAPITAL_AFTER = {("hoi",), ("tong", "hoi"), ("co", "quan"), ("van", "phong"), ("ngan", "hang")}
# An association of the people of a nation goes on in lower case: "Hội người Việt Nam tại …", "Tổng hội người …".
PEOPLE_WORD = "người"
ASSOCIATION_HEADS = {("hoi",), ("tong", "hoi"), ("hiep", "hoi")}
# Words that say when, before a day or another such word: a name ends there ("Bệnh viện A ngày 5/3",
# "… sáng ngày 12", "… năm 2024", "… chiều 3/4").
DATE_WORDS = {"ngày", "tháng", "năm", "sáng", "chiều", "tối", "trưa", "hôm", "đêm"}
# Verbs of reporting, asking and working together, written in lower case: they end a name ("Bộ Y tế đề nghị …").
VERB_PAIRS = {
    tuple(pair.split())
    for pair in (
        "đề nghị",
        "đề xuất",
        "cho biết",
        "bày tỏ",
        "khẳng định",
        "nhấn mạnh",
        "chia sẻ",
        "đánh giá",
        "mong muốn",
        "phát biểu",
        "chào mừng",
        "phối hợp",
        "hỗ trợ",
        "triển khai",
        "tổ chức",
        "cam kết",
        "gửi lời",
        "trân trọng",
    )
}
# A title after "và" opens a person, not a second organisation: "Bệnh viện A và Chủ tịch Hội B".
PERSON_TITLE_PAIRS = {
    tuple(pair.split())
    for pair in (
        "chu tich",
        "giam doc",
        "pho giam",
        "pho chu",
        "tong giam",
        "bo truong",
        "thu truong",
        "dai su",
        "hieu truong",
        "vien truong",
        "truong khoa",
        "truong doan",
        "truong phong",
        "dai dien",
        "lanh dao",
        "tong lanh",
        "lanh su",
    )
}
HEAD_FIRST = {words[0] for words, _kind, _cap in HEADS}
# Words that end a name: verbs, prepositions and determiners that never sit inside one (exact, accents matter:
# "ký" (sign) ends a name, "Hoa kỳ" does not).
STOP = {
    "tại",
    "ở",
    "đã",
    "đang",
    "sẽ",
    "là",
    "được",
    "cùng",
    "với",
    "đến",
    "tới",
    "từ",
    "cho",
    "trong",
    "này",
    "đó",
    "khi",
    "thì",
    "mà",
    "nhằm",
    "có",
    "các",
    "những",
    "hai",
    "ký",
    "trao",  # "… Aijinkai trao tặng 30 suất học bổng": giving is a verb after the name
    "tặng",
    "thực",
    "tiếp",
    "đón",
    "của",
    "vào",
    "sau",
    "trước",
    "theo",
    "như",
    "gồm",
    "giữa",
    "phía",
    "làm",
    "thông",
    "báo",
    "một",
    "do",
    # titles before a person's name end the organisation's name ("Bộ Y tế GS …", "… và ông …")
    "ông",
    "bà",
    "gs",
    "pgs",
    "ts",
    "ths",
    "bs",
    "bsckii",
    "ttnd",
    "ttưt",
}
# Vietnamese family names: after a complete name ("Bộ Y tế"), a family name opens a person's name
# ("Bộ Y tế Nguyễn …"). Written exactly, accents included.
FAMILY_NAMES = {
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Ngô",
    "Văn",
    "Dương",
    "Lý",
    "Đào",
    "Đoàn",
    "Trịnh",
    "Lương",
    "Đinh",
    "Mai",
    "Tạ",
    "Lâm",
    "Hà",
    "Tô",
    "Cao",
    "Chu",
}
# "và" joins two names when what follows opens one of its own (a head, an acronym, a title or a person)
AND_WORDS = {"và", "and"}
LEADER_WORDS = {"lanh", "leaders"}
# Two-syllable words that names write with only the first capitalised ("Bộ Tài chính", "Bệnh viện Đa khoa",
# "Ngân hàng Thế giới"): the second syllable belongs to the name, and the pair counts as one lower-case word.
COMPOUNDS = {
    tuple(pair.split())
    for pair in (
        "tai chinh",
        "da khoa",
        "the gioi",
        "hop tac",
        "co truyen",
        "nghien cuu",
        "ngoai giao",
        "doi ngoai",
        "giao thong",
        "van tai",
        "lao dong",
        "xa hoi",
        "khoa hoc",
        "cong nghe",
        "ke hoach",
        "dau tu",
        "tai nguyen",
        "moi truong",
        "nong nghiep",
        "cong thuong",
        "thong tin",
        "truyen thong",
        "van hoa",
        "the thao",
        "du lich",
        "giao duc",
        "dao tao",
        "quoc te",
        "tu thien",  # charity: "từ" here is no "from"
        "phat trien",
        "kinh te",
        "y te",
        "y hoc",
        "ung buou",
        "nhi dong",
        "phu san",
        "tim mach",
        "chan thuong",
        "chinh hinh",
        "cap cuu",
        "hoi suc",
        "truyen nhiem",
        "nhiet doi",
        "dieu duong",
        "duoc pham",
        "quan y",
        "hau can",
        "ngoai vu",
        "noi vu",
        "tu phap",
        "cong an",
        "quoc phong",
        "suc khoe",
        "cham soc",
        "tu thien",
        "nhan dao",
        "phuc hoi",
        "chuc nang",
        "ky thuat",
        "trung uong",
        "thanh pho",
        "nhan dan",
        "lien hiep",
        "lien minh",
        "chu thap",
        "thap do",
    )
}
# A head followed by these is a title, not an organisation: Bộ trưởng (minister), Viện phó…
TITLES = {"trưởng", "phó", "chính"}  # "Bộ Chính trị" is the Politburo, not a ministry
# Second syllables that complete a capitalised first one at the end of a name: "Bộ Y tế", "Sở Ngoại vụ".
CLOSING_SYLLABLES = {"tế", "vụ", "phòng", "học", "dục", "nghiệp", "cần", "y"}
# "tổ chức Hội nghị…" is the verb "to organise" an event, not an organisation.
EVENTS = {"hội", "lễ", "khóa", "chương", "cuộc", "đại"}
# Lower-case words allowed between a name and its bracketed short form: "Trung tâm … toàn cầu (NCGM)".
MAX_WORDS_BEFORE_BRACKET = 12
# Lower-case words allowed inside a name when a capitalised word follows ("Trung tâm ung thư MD Anderson");
# the syllable right after a capitalised one ("Ung bướu") does not count.
MAX_LOWER_RUN = 2
MAX_NAME_TOKENS = 14
JOINERS = {"-", "–", "&"}
VIETNAMESE_MARKERS = {"viet", "vietnam"}  # "Bệnh viện Việt Đức", "Vietnam-Japan International Hospital"


def compound_host(tokens) -> str | None:
    """The first country of a two-country compound in a name ("Bệnh viện Hữu nghị Lào - Việt Nam", "Việt -
    Đức"): the host comes first, so the name is of that country."""
    if not any(t.text in JOINERS for t in tokens):
        return None
    countries = find_countries(tokens)
    if not countries:
        return None
    code, _first, last = countries[0]
    if last + 1 < len(tokens) and tokens[last].text in JOINERS:
        following = tokens[last + 1]
        if following.folded.split("-")[0] in VIETNAMESE_MARKERS or any(c[1] == last + 1 for c in countries):
            return code
    return None


def says_vietnamese(tokens) -> bool:
    """A name with "Việt" or "Vietnam" in it is a Vietnamese one. Of a two-country compound the host comes
    first ("Vietnam-Japan …" is Vietnamese, "Hội Khmer-Việt Nam" Cambodian)."""
    return any(t.folded.split("-")[0] in VIETNAMESE_MARKERS for t in tokens)


RESEARCH_WORDS = {"nghien", "research", "xa"}


@dataclass
class Mention:
    name: str
    start: int
    end: int
    kind: str
    country: str | None = None
    aliases: list[str] = field(default_factory=list)
    generic: bool = False  # "associations of Japan and Korea": a head and a country, no name of its own


def _head_at(tokens: list[Token], index: int) -> tuple[int, str] | None:
    """(length in tokens, kind) of a head noun starting at `index`."""
    if index >= len(tokens) or tokens[index].folded not in HEAD_FIRST:
        return None
    for words, kind, needs_capital in HEADS:
        window = tokens[index : index + len(words)]
        if tuple(t.folded for t in window) == words and (not needs_capital or window[0].text[:1].isupper()):
            if words in EXACT_HEADS and window[0].text != EXACT_HEADS[words]:
                continue  # "Đối ngoại" folds like "Đội"
            return len(words), kind
    return None


def _name_end(tokens: list[Token], start: int, head_words: tuple[str, ...]) -> int:
    """Index after the last token of the name whose head ends just before `start`."""
    end, position, lower_run = start, start, 0
    while position < len(tokens) and position - start < MAX_NAME_TOKENS:
        token = tokens[position]
        if token.text in JOINERS and position + 1 < len(tokens) and tokens[position + 1].capitalized:
            following = _head_at(tokens, position + 1)
            if following and tuple(t.folded for t in tokens[position + 1 : position + 1 + following[0]]) == head_words:
                break  # "Bệnh viện A - Bệnh viện B…": two names side by side
            position += 1
            continue
        if token.text == "." and tokens[position - 1].text in ABBREVIATED_UNITS and position + 1 < len(tokens):
            position += 1  # "UBND TP.Cần Thơ"
            continue
        if token.text == "." and _initial_inside_name(tokens, position):
            position += 1  # "Quỹ Lawrence S. Ting", "Bệnh viện St. Mary": an initial's or "St."'s full stop
            continue
        if token.text == "," and head_words == ("bo",) and _field_list_follows(tokens, position):
            position += 1  # "Bộ Kinh tế, Lao động và Y tế bang …": one ministry of several fields
            continue
        if token.text.lower() == "tại" and (
            _seat_follows(tokens, start, end, position)
            or (head_words in ENVOY_HEADS and position + 1 < len(tokens) and tokens[position + 1].capitalized)
        ):
            position += 1  # "Đại sứ quán Việt Nam tại Campuchia": an envoy's seat belongs to its name
            continue
        if not token.is_word or _stops(tokens, position) or _opens_other_name(tokens, position, start):
            break
        previous = tokens[position - 1]
        if (
            position > start
            and _head_at(tokens, position)
            and not previous.capitalized
            and previous.text not in JOINERS
        ):
            break  # a new name begins ("… và Bệnh viện B", "… thành lập Trung tâm C")
        if token.capitalized:
            end, lower_run = position + 1, 0
        elif tokens[position - 1].capitalized and tokens[position - 1].is_word and position > start:
            if (
                token.text in CLOSING_SYLLABLES
                or (previous.folded, token.folded) in COMPOUNDS
                or find_countries(tokens[position - 1 : position + 1])
            ):
                end = position + 1  # "Bộ Y tế", "Bộ Tài chính", "Hoa kỳ", "Trung quốc"
        elif (previous.folded, token.folded) in COMPOUNDS:  # "cổ truyền" is one word of the run
            if end == position:
                end = position + 1  # "Hội Chữ thập đỏ": the compound goes on from the name's last word
        else:
            lower_run += 1
            if lower_run > MAX_LOWER_RUN:
                break
        position += 1
    while (
        end + 1 < len(tokens)
        and tokens[end].text.islower()
        and (tokens[end].folded, tokens[end + 1].folded) in NAME_MODIFIERS
        and tokens[end].start - tokens[end - 1].end <= 1
    ):
        end += 2  # "Trường Đại học Y tế công cộng", "Trường ĐH Sức khỏe tổng hợp": a lower-case modifier ends the name
    return _cut_after_country(tokens, start, end)


# Lower-case words that Vietnamese names end with (general, public, central, international, multi-field).
NAME_MODIFIERS = {("tong", "hop"), ("cong", "cong"), ("trung", "uong"), ("quoc", "te"), ("da", "khoa")}


ABBREVIATED_UNITS = {"TP", "Tp", "Q", "P", "TX"}


def _stops(tokens: list[Token], position: int) -> bool:
    """A stop word ends a name, unless it is the first syllable of a two-syllable word ("từ thiện")."""
    word = tokens[position].text
    following = tokens[position + 1] if position + 1 < len(tokens) else None
    if following is not None and word.islower():
        if word in DATE_WORDS and (following.text[:1].isdigit() or following.text.lower() in DATE_WORDS):
            return True  # "… Bạch Mai ngày 5/3": the date, not the name, goes on
        if (word, following.text) in VERB_PAIRS:
            return True
    if word.lower() not in STOP:
        return False
    return following is None or (tokens[position].folded, following.folded) not in COMPOUNDS


# Latin abbreviations that stand inside foreign names, written with a full stop: Saint, Mount.
NAME_ABBREVIATIONS = {"st", "mt"}


def _initial_inside_name(tokens: list[Token], position: int) -> bool:
    """A full stop right after one capital letter (an initial) or "St"/"Mt", with a capitalised word after a
    space, abbreviates inside a name; Vietnamese words are never written so ("… tại Mỹ. Bệnh viện …")."""
    previous, after = tokens[position - 1], tokens[position + 1] if position + 1 < len(tokens) else None
    if after is None or not after.capitalized or previous.end != tokens[position].start:
        return False
    word = previous.text
    initial = len(word) == 1 and word.isascii() and word.isupper()
    return (initial or word.lower() in NAME_ABBREVIATIONS) and _head_at(tokens, position + 1) is None


def _field_list_follows(tokens: list[Token], position: int) -> bool:
    """After "Bộ Kinh tế", a comma opens a list of fields when capitalised words and "và" follow."""
    ahead = tokens[position + 1 : position + 7]
    return bool(ahead) and ahead[0].capitalized and any(t.text == "và" for t in ahead)


# An envoy is named with its seat: "Tổng Lãnh sự quán Việt Nam tại Vân Kiều", whatever place that is.
ENVOY_HEADS = {("tong", "lanh", "su", "quan"), ("lanh", "su", "quan"), ("dai", "su", "quan")}


def _seat_follows(tokens: list[Token], start: int, end: int, position: int) -> bool:
    """ "… Việt Nam tại Campuchia": a name that names one country, then "tại" and another country."""
    own = find_countries(tokens[start:end])
    seat = find_countries(tokens[position + 1 : position + 5])
    return bool(own) and bool(seat) and seat[0][1] <= 2 and seat[0][0] != own[0][0]


ADMIN_UNITS = {"tinh", "pho", "quan", "huyen", "xa", "phuong", "thi"}


def _opens_other_name(tokens: list[Token], position: int, start: int) -> bool:
    """At `position` a person's name or a second organisation begins: "… và Bệnh viện B", "… và IUHW",
    "… và ông …", "Bộ Y tế Nguyễn …" (a family name after a lower-case word, not a place after "tỉnh")."""
    token = tokens[position]
    following = tokens[position + 1] if position + 1 < len(tokens) else None
    if token.text.lower() in AND_WORDS and following is not None:
        second = tokens[position + 2].folded if position + 2 < len(tokens) else ""
        return bool(
            _head_at(tokens, position + 1)
            or (following.folded, second) in PERSON_TITLE_PAIRS
            or (following.text.isupper() and len(following.text) > 1)
            or following.text.lower() in STOP
            or following.folded in LEADER_WORDS
            or _person_at(tokens, position + 1)
        )
    previous = tokens[position - 1]
    if position - start < 2 or previous.capitalized or not _person_at(tokens, position):
        return False
    # after "tỉnh"/"thành phố" a place is expected; a three-word name there is still a person's
    return previous.folded not in ADMIN_UNITS or _person_at(tokens, position, words=3)


def _person_at(tokens: list[Token], position: int, words: int = 2) -> bool:
    """A family name followed by capitalised given names."""
    run = tokens[position : position + words]
    return len(run) == words and run[0].text in FAMILY_NAMES and all(t.capitalized and t.is_word for t in run)


def _cut_after_country(tokens: list[Token], start: int, end: int) -> int:
    """ "Bộ Y tế Lào Bounfeng Phoummalaysith": a name ends with the country it names; the capitalised words
    after it are a person's."""
    for _code, _first, last in find_countries(tokens[start:end]):
        last += start
        if (tokens[last - 1].folded, tokens[last].folded if last < len(tokens) else "") in COMPOUNDS:
            continue  # "Lao động" is labour, not Laos
        if last < end and tokens[last].text.lower() == "tại":
            continue  # "… Việt Nam tại Campuchia": the seat follows
        if last < end and tokens[last].text not in JOINERS and tokens[last - 1].text not in JOINERS:
            return last
    return end


def _parenthesised(tokens: list[Token], index: int) -> tuple[str, int] | None:
    """A capitalised "(NCGM)" or "(Facing The World)" at `index`: its text and the index after ")"."""
    if index >= len(tokens) or tokens[index].text != "(":
        return None
    close = next((i for i in range(index + 1, min(index + 8, len(tokens))) if tokens[i].text == ")"), None)
    inner = tokens[index + 1 : close] if close else []
    if inner and all(t.is_word for t in inner) and inner[0].capitalized:
        return " ".join(t.text for t in inner), close + 1
    return None


def find_mentions(text: str) -> list[Mention]:
    """Every organisation name in the text; a name never runs across a line break."""
    mentions, offset = [], 0
    for line in text.split("\n"):
        found = _line_mentions(line)
        found += [e for e in _english_mentions(line) if not any(m.start < e.end and e.start < m.end for m in found)]
        found += [e for e in _bare_mentions(line) if not any(m.start < e.end and e.start < m.end for m in found)]
        found += [e for e in _place_parties(line) if not any(m.start < e.end and e.start < m.end for m in found)]
        found += [e for e in _counted_list(line) if not any(m.start < e.end and e.start < m.end for m in found)]
        found += [e for e in _vi_place_parties(line) if not any(m.start < e.end and e.start < m.end for m in found)]
        found += [e for e in _acronym_mentions(line) if not any(m.start < e.end and e.start < m.end for m in found)]
        field = _field_hospitals(line)
        found = [m for m in found if not any(m.start < f.end and f.start < m.end for f in field)] + field
        mentions += [
            Mention(m.name, m.start + offset, m.end + offset, m.kind, m.country, m.aliases, m.generic)
            for m in sorted(found, key=lambda m: m.start)
        ]
        offset += len(line) + 1
    return _named_over_generic(mentions)


def _named_over_generic(mentions: list[Mention]) -> list[Mention]:
    """ "the friendship associations of Japan and Viet Nam" points at bodies the text names in full elsewhere
    ("Japan - Viet Nam Friendship Association"): a head with only a country after it gives way to a name with
    the same head word and of the same country."""
    named = [m for m in mentions if not m.generic]
    kept = []
    for mention in mentions:
        if mention.generic:
            head = mention.name.split()[0].lower()
            country = country_of_name(mention.name)
            if any(head in n.name.lower().split() and (n.country or country_of_name(n.name)) == country for n in named):
                continue
        kept.append(mention)
    return kept


# English names end in their head noun ("Singapore General Hospital", "Eye & Ear Hospital") or open with it and go on with "of …"
# ("Ministry of Health", "University of Sydney"); capitalised words before the head belong to the name.
ENGLISH_HEADS = {
    "Hospital": "hospital",
    "Medical Center": "hospital",
    "Medical Centre": "hospital",
    "Clinic": "hospital",
    "University": "university",
    "College": "university",
    "Institute": "research_institute",
    "Ministry": "government",
    "Agency": "government",
    "Embassy": "government",
    "Consulate General": "government",
    "Consulate": "government",
    "Department": "government",
    "Government": "government",
    "Foundation": "ngo",
    "Association": "ngo",
    "Fund": "ngo",
    "Initiative": "ngo",  # "… Health Access Initiative": a programme body's usual English head
    "Organisation": "ngo",
    "Organization": "ngo",
    "Corporation": "company",
    "Company": "company",
    "Group": "company",
}
_CAP = r"(?:(?:St|Mt)\.|[A-Z0-9][\w'’&-]*(?:\.\w+)*|[A-Z]{2,})"  # "St. Mary's Hospital": Saint, Mount
# "… Hospital of the Republic of Korea": the state's long name says where the body is; it is no part of its name.
STATE_FORM = r"(?!(?:Republic|Kingdom|Federation|Commonwealth|People's|People’s|Socialist|Democratic)\b)"
ENGLISH_NAME = re.compile(
    rf"((?:(?:{_CAP}|&)\s+){{0,6}})({'|'.join(sorted(ENGLISH_HEADS, key=len, reverse=True))})\b"
    rf"((?:\s+(?:of|for)\s+(?:the\s+)?{STATE_FORM}{_CAP}(?:\s+{_CAP}){{0,5}}|\s+\d{{1,3}}\b)?)"
)
ENGLISH_ENVOYS = {"Embassy", "Consulate General", "Consulate"}
ENGLISH_LEADING = {"The", "A", "An", "This", "That", "Its", "Both", "Vietnam's", "Vietnamese"}


DEMONYMS = Path(__file__).parent / "data" / "demonyms.csv"
# A minister stands for a ministry that signs: "Vietnamese Minister of Finance", "Health Minister".
ENGLISH_MINISTER = re.compile(
    r"\b(?:(?P<adj>[A-Z][a-z]+)\s+)?(?:(?:Acting|Deputy|Vice)\s+)?(?:(?P<field>[A-Z][a-z]+)\s+)?Minister"
    r"(?:\s+of\s+(?P<of>(?:Public\s+|Foreign\s+)?[A-Z][a-z]+))?\b"
)


@cache
@cache
def demonyms() -> dict[str, str]:
    """ "Vietnamese" → VN, "Thai" → TH: the adjectives English puts before a ministry or an envoy."""
    with DEMONYMS.open(encoding="utf-8") as handle:
        return {row["demonym"]: row["code"] for row in csv.DictReader(handle)}


def _minister_mentions(line: str) -> list[Mention]:
    mentions = []
    for match in ENGLISH_MINISTER.finditer(line):
        adj, field_word, of = match.group("adj"), match.group("field"), match.group("of")
        if adj and adj not in demonyms() and not field_word:
            adj, field_word = None, adj if adj not in {"Acting", "Deputy", "Vice", "Prime"} else None
        if "Prime" in (adj, field_word) or not (field_word or of):
            continue
        country = demonyms().get(adj or "")
        name = f"Ministry of {of or field_word}"
        mentions.append(Mention(name, match.start(), match.end(), "government", country))
    return mentions


def _plural(head: str) -> str:
    """English plural of a head noun: "University" → "Universities", "Medical Center" → "Medical Centers"."""
    *first, last = head.split()
    last = last[:-1] + "ies" if last.endswith("y") and last[-2:-1] not in "aeiou" else last + "s"
    return " ".join([*first, last])


PLURAL_HEADS = {_plural(head).lower(): head for head in ENGLISH_HEADS}
_PLURAL = "|".join(re.escape(p) for p in sorted(PLURAL_HEADS, key=len, reverse=True))
_ITEM = rf"{_CAP}(?:\s+{_CAP}){{0,4}}"
_ITEMS = rf"{_ITEM}(?:\s*,\s*{_ITEM})*\s*,?\s+(?:and|&)\s+{_ITEM}"
# One plural head shared by a list of names: "the universities of Ajou, Yonsei and Korea", "the hospitals
# Bach Mai, Cho Ray and Hue", "Bach Mai and Cho Ray hospitals". Each name is an organisation of its own.
# The head may be capitalised or not ("hospitals", "Hospitals"); the names must be.
HEAD_THEN_LIST = re.compile(rf"\b(?P<head>(?i:{_PLURAL}))\s+(?P<of>(?:of|for)\s+)?(?P<items>{_ITEMS})")
LIST_THEN_HEAD = re.compile(rf"(?P<items>{_ITEMS})\s+(?P<head>(?i:{_PLURAL}))\b")
_LIST_ITEM = re.compile(_ITEM)


def _list_mentions(line: str) -> list[Mention]:
    """The names of a list after (or before) one plural head noun, each named with the head in the singular:
    "universities of A and B" → "University of A", "University of B"; "hospitals A and B" → "A Hospital"…"""
    mentions = []
    for pattern in (HEAD_THEN_LIST, LIST_THEN_HEAD):
        for match in pattern.finditer(line):
            head = PLURAL_HEADS[match.group("head").lower()]
            of = (match.groupdict().get("of") or "").strip()
            start = match.start("items")
            for item in _LIST_ITEM.finditer(match.group("items")):
                leading = re.match(rf"(?:(?:{'|'.join(ENGLISH_LEADING)})\s+)*", item.group(0)).end()
                words = item.group(0)[leading:]
                if not words:
                    continue
                name = f"{head} {of} {words}" if of else f"{words} {head}"
                first = start + item.start() + leading
                item_tokens = tokenize(words)
                countries = find_countries(item_tokens)
                generic = bool(countries) and countries[0][1] == 0 and countries[-1][2] == len(item_tokens)
                mentions.append(Mention(name, first, first + len(words), ENGLISH_HEADS[head], generic=generic))
    return mentions


FOLDED_FAMILY_NAMES = {fold_word(name) for name in FAMILY_NAMES}


def _of_country(continuation: str) -> str | None:
    """The country an "of …" after a head names ("of the Republic of Korea", "of Japan"), if it is one."""
    words = re.match(r"\s+(?:of|for)\s+(?:the\s+)?(.{0,60})", continuation)
    if not words:
        return None
    tokens = tokenize(words.group(1))
    found = find_countries(tokens)
    if not found or not all(t.folded in STATE_WORDS for t in tokens[: found[0][1]]):
        return None
    return found[0][0]


# Words of a state's long form before its name: "the Republic of Korea", "the Kingdom of Thailand".
STATE_WORDS = {"republic", "of", "kingdom", "people", "people's", "peoples", "federal", "socialist", "democratic"}


def _cut_at_person(name: str, head_end: int) -> str:
    """ "Department of Health Tran Van Binh": the words of an "of" name end where a Vietnamese family name
    opens a person's name (a family name and capitalised given names)."""
    words = name[head_end:].split(" ")
    for index in range(2, len(words) - 1):
        if fold_word(words[index]) in FOLDED_FAMILY_NAMES and words[index + 1][:1].isupper():
            return name[:head_end] + " ".join(words[:index])
    return name


def _place_possessive(words: list[str], index: int) -> str | None:
    """A possessive that owns the name after it (a place's, "Japan’s", "Viet Nam’s", "Seoul's", or one with
    more words of the name after it, "RoK’s Lakeside University Hospital"): its country, or "owner". One right
    before the head is part of the name ("Children’s Hospital", "St Mary's Hospital")."""
    word = words[index]
    if _possessive_stem(word) is None:
        return None
    if index == len(words) - 1 and not _possessive_place(words, index):
        return None  # right before the head: "Children’s Hospital"
    return _possessive_place(words, index) or "owner"


def _possessive_stem(word: str) -> str | None:
    """ "Japan’s" → "Japan", "Laos’" → "Laos" (a name ending in s takes the apostrophe alone); else None."""
    if word.endswith(("’s", "'s")):
        return word[:-2]
    if word.endswith(("s’", "s'")) and len(word) > 2:
        return word[:-1]
    return None


def _possessive_place(words: list[str], index: int) -> str | None:
    word = words[index]
    stem = _possessive_stem(word)
    if stem is None:
        return None
    cut = len(word) - len(stem)
    for text in (" ".join(words[max(index - 1, 0) : index + 1])[:-cut], stem):
        countries = find_countries(tokenize(text))
        if countries and countries[-1][2] == len(tokenize(text)):
            return countries[-1][0]
    return city_table().get(fold_word(stem)) if stem.isascii() else None


def _english_mentions(line: str) -> list[Mention]:
    """English organisation names on one line, with a bracketed acronym after them as an alias."""
    mentions = _minister_mentions(line) + _list_mentions(line)
    for match in ENGLISH_NAME.finditer(line):
        before = match.group(1).split()
        country = None
        owner = next((i for i in range(len(before)) if _place_possessive(before, i)), None)
        if owner is not None:  # "Thailand’s Rajavithi Hospital": the owner's country, not part of the name
            country = _possessive_place(before, owner)
            before = before[owner + 1 :]
        while before and (before[0] in ENGLISH_LEADING or before[0] == "&" or before[0].endswith("-based")):
            before = before[1:]
        if not before and not match.group(3):
            continue  # a bare "Hospital" or "Ministry" is a common noun
        place = f"{fold_word(before[0])} {fold_word(before[1])}" if len(before) > 1 else ""
        province = bool(place) and (is_province(place) or city_table().get(place) == "VN")  # "Thai Binh …"
        if country is None and before and before[0] in demonyms() and not province:
            country = demonyms()[before[0]]  # "Japanese Embassy", "Thai Ministry of Public Health"
        start = match.start(2) - len(" ".join(before)) - (1 if before else 0)
        end = match.end()
        located = _of_country(line[match.start(3) :]) if match.group(3) else None
        if located and match.group(2) in ENGLISH_ENVOYS:  # "Consulate General of Japan in Westport": a state's
            country = located  # envoy is named by its state and its seat
            seat = re.match(rf"\s+in\s+{_CAP}(?:\s+{_CAP}){{0,3}}", line[end:])
            end += seat.end() if seat else 0
        elif match.group(2) in ENGLISH_ENVOYS and not match.group(3):
            seat = re.match(rf"\s+in\s+{_CAP}(?:\s+{_CAP}){{0,2}}(?![\w'’-])", line[end:])
            if seat and find_countries(tokenize(seat.group(0)[seat.group(0).index("in") + 2 :])):
                end += seat.end()  # "Japanese Embassy in Vietnam": an envoy is named with its seat
        elif located:  # "… University Hospital of the Republic of Korea": where it is, not its name
            if not before:
                continue
            end, country = match.end(2), located
        if match.group(3).lstrip().startswith(("of ", "for ")) and not located:
            joined = _joined_part_end(line, end)
            if joined is not None:  # "University of Health and Welfare", "Institute of Hematology - Blood …"
                end = joined
                country = _of_country(line[end:]) or country
        if not match.group(3) and match.group(2) in CITY_AFTER_HEADS:
            city = CITY_AFTER.match(line, end)
            code = city_table().get(fold_word(city.group(1))) if city else None
            if code and code != "VN":  # "University Hospital Leipzig": a foreign city after its head names it
                end, country = city.end(1), country or code
        start = _bilateral_start(line, start)
        name = _cut_at_person(line[start:end].strip(), len(match.group(2)) + start - match.start(2))
        aliases = []
        bracket = re.match(r"\s*\(([A-Z][A-Za-z-]{1,12})\)", line[match.end() :]) or re.match(
            r"\s*\(([A-Z][A-Za-z-]{1,12})\)",
            line[start + len(name) :],  # after "… of Health and Welfare"
        )
        if bracket:
            aliases.append(bracket.group(1))
        kind = ENGLISH_HEADS[match.group(2)]
        mentions.append(Mention(name, start, start + len(name), kind, country, aliases))
    return mentions


# A military field hospital is named by its level and number, in lower case and with its state around it:
# "Ruritania's level-2 field hospital No. 7", "the level-1 field hospital of the Ruritanian navy", "Bệnh viện dã
# chiến cấp 2 số 9 của Việt Nam". Its state is the owner before it or the "of"/"của" after it.
_LEVEL = r"(?:\d|one|two|three)"
FIELD_HOSPITAL = re.compile(
    rf"(?:(?P<owner>[A-Z][\w]+(?:\s+[A-Z][\w]+)?)[’']s\s+)?"
    rf"(?P<core>[Ll]evel[- ]{_LEVEL}\s+field\s+hospital(?:\s+(?:No\.|number)\s?(?P<no>\d+))?)"
    rf"(?P<of>\s+of\s+(?:the\s+)?(?P<state>[A-Z][\w]+(?:\s+[A-Z][\w]+)?)(?:\s+(?:navy|army|air force))?)?"
    rf"|(?P<vi>[Bb]ệnh viện dã chiến cấp\s?{_LEVEL}(?:\s+số\s+(?P<vino>\d+))?)"
    rf"(?P<vof>\s+(?:của|thuộc)\s+(?P<vistate>[A-ZĐ]\w*(?:\s+[A-ZĐ]\w*){{0,2}}))?"
)


@lru_cache(maxsize=512)
def field_hospital_key(name: str) -> tuple[str, str] | None:
    """(level, number) of a field hospital's name, to tell one unit from another."""
    if "field hospital" not in name and "dã chiến" not in name:
        return None
    match = FIELD_HOSPITAL.search(name)
    if match is None:
        return None
    level = re.search(r"(?:level[- ]|cấp\s?)(\w+)", name, re.IGNORECASE)
    return (level.group(1) if level else "", match.group("no") or match.group("vino") or "")


def _state_of(words: str | None) -> str | None:
    if not words:
        return None
    tokens = tokenize(words)
    found = find_countries(tokens)
    if found and found[0][1] == 0:
        return found[0][0]
    return demonyms().get(words.split()[0])


def _field_hospitals(line: str) -> list[Mention]:
    if "field hospital" not in line and "dã chiến" not in line:
        return []
    mentions = []
    for match in FIELD_HOSPITAL.finditer(line):
        country = (
            _state_of(match.group("owner")) or _state_of(match.group("state")) or _state_of(match.group("vistate"))
        )
        start, end = match.start(), match.end()
        if match.group("owner") and not _state_of(match.group("owner")):
            start = match.start("core")  # "Colonel Raj's …": a person's, not a state's
        if match.group("of") and not _state_of(match.group("state")):
            end = match.end("core")
        if match.group("vof") and not _state_of(match.group("vistate")):
            end = match.end("vi")
        mentions.append(Mention(line[start:end], start, end, "hospital", country))
    return mentions


# A name of two countries joined by a dash with spaces ("Laos – Vietnam Hospital", "Japan - Viet Nam
# Friendship Association"): the capitalised run stops at the dash, the name goes back over the first country.
BILATERAL_BEFORE = re.compile(r"((?:[A-Z][\w'’]*\s+){0,2}[A-Z][\w'’]*)\s*[-–]\s*$")


def _bilateral_start(line: str, start: int) -> int:
    joined = BILATERAL_BEFORE.search(line[:start])
    if joined is None:
        return start
    first, second = tokenize(joined.group(1)), tokenize(line[start : start + 40])
    before, after = find_countries(first), find_countries(second)
    if before and after and before[-1][2] == len(first) and after[0][1] == 0:
        return joined.start(1) + line[joined.start(1) :].index(first[before[-1][1]].text)
    # short forms and adjectives: "Lao - Viet Hospital", "Khmer – Viet Clinic"
    last = joined.group(1).split()[-1]
    opening = line[start:].split()[0] if line[start:].split() else ""
    if _country_word(last) and _country_word(opening):
        return start - len(line[:start]) + line[:start].rindex(last)
    return start


SHORT_FORMS = {"Viet": "VN", "Lao": "LA", "Khmer": "KH"}


def _country_word(word: str) -> bool:
    return word in SHORT_FORMS or word in demonyms() or bool(find_countries(tokenize(word)))


# German and other names put their city after the head ("Universitätsklinikum Leipzig" is "University Hospital
# Leipzig"); one capitalised word that the gazetteer knows as a foreign city, with no capitalised word after it.
CITY_AFTER_HEADS = {"Hospital", "Medical Center", "Medical Centre", "Clinic", "University"}
CITY_AFTER = re.compile(r"\s+([A-Z][a-zäöüé]{2,})(?![\w'’-])(?!\s+[A-Z(])")


# An "of"/"for" name goes on through "and", "&" or a dash when capitalised words follow that are no name of their
# own: "University of Health and Welfare", "Hospital for Children and Women", "Institute of Hematology - Blood
# Transfusion"; not "Ministry of Health and Bach Mai Hospital" (a head of its own), "… and Japan" (a country), nor
# a run that goes on into more capitalised words.
JOINED_PART = re.compile(rf"\s+(?:and|&|-|–)\s+(?!the\b|The\b)({_CAP}(?:\s+{_CAP}){{0,3}})(?![\w'’&-])(?!\s+[A-Z])")
HEAD_WORDS = {word for head in ENGLISH_HEADS for word in head.split()}


def _joined_part_end(line: str, end: int) -> int | None:
    joined = JOINED_PART.match(line, end)
    if joined is None:
        return None
    words = joined.group(1).split()
    if any(w in HEAD_WORDS or _possessive_stem(w) is not None or (w.isupper() and len(w) > 1) for w in words):
        return None  # a head or an acronym ("… and JICA") opens a name of its own
    tokens = tokenize(joined.group(1))
    found = find_countries(tokens)
    if (found and found[0][1] == 0) or city_table().get(" ".join(t.folded for t in tokens if t.is_word)):
        return None
    return joined.end()


def _line_mentions(text: str) -> list[Mention]:
    tokens = tokenize(text)
    mentions, index = [], 0
    while index < len(tokens):
        head = _head_at(tokens, index)
        if head is None:
            index += 1
            continue
        size, kind = head
        after = tokens[index + size] if index + size < len(tokens) else None
        lower_head = not tokens[index].text[:1].isupper()
        head_words = tuple(t.folded for t in tokens[index : index + size])
        people = (
            head_words in ASSOCIATION_HEADS
            and after is not None
            and after.text == PEOPLE_WORD
            and index + size + 1 < len(tokens)
            and tokens[index + size + 1].capitalized
        ) or (  # "Hội hữu nghị Việt Nam - Nhật Bản": a friendship association goes on in lower case too
            head_words in ASSOCIATION_HEADS
            and after is not None
            and after.text.lower() == "hữu"
            and index + size + 2 < len(tokens)
            and tokens[index + size + 1].text.lower() == "nghị"
            and tokens[index + size + 2].capitalized
        )
        if head_words in CAPITAL_AFTER and not (after and after.capitalized) and not people:
            index += size  # "Hội nghị", "Cơ quan chức năng": events and common nouns
            continue
        if after is not None and _person_at(tokens, index + size):
            index += size  # "Chính phủ Nguyễn …": a title before a person's name
            continue
        if lower_head and index and _counted(tokens, index - 1):
            index += size  # "5 trường Đại học Y Dược gồm: …": a counted category, the names follow
            continue
        if after is not None and after.text.lower() in WORDS_NOT_HEADS.get(head_words, ()):
            index += size  # "Viện trợ" is aid, not an institute (and still ends a name before it)
            continue
        if (
            after is None
            or after.text.lower() in TITLES
            or (lower_head and (not after.capitalized or after.text.lower() in EVENTS))
        ) and not (people and not lower_head):
            index += size  # a title ("Bộ trưởng"), a common noun ("bệnh viện hàng đầu"), a verb ("tổ chức Hội nghị")
            continue
        name_start = index + size
        if _head_abbreviation(tokens, name_start):
            name_start += 3  # "Trường đại học (ĐH) Y Dược …": the bracket gives the head's short form, the name goes on
        end = _name_end(tokens, name_start, tuple(t.folded for t in tokens[index : index + size]))
        aliases = []
        bracketed = _bracketed_name_end(tokens, end)
        if bracketed is not None:
            end = bracketed  # "Trung tâm … toàn cầu (NCGM)": the short form vouches for the words before it
        elif end == index + size:  # a bare head is no name
            index += size
            continue
        bracket = _parenthesised(tokens, end)
        if bracket:
            aliases.append(bracket[0])
        elif kind in GENERIC_KINDS and _only_a_country(tokens, index + size, end):
            index = end  # "Bệnh viện Hàn Quốc chăm sóc …": a Korean hospital, no hospital's name
            continue
        if lower_head and head_words in ROLE_HEADS and looks_foreign(tokens[index + size].text):
            index += size  # "tổ chức Facing the World": a role word before a foreign name is not part of it
        name = text[tokens[index].start : tokens[end - 1].end]
        if kind == "hospital" and tokens[index].folded == "trung" and _any_folded(tokens[index:end], RESEARCH_WORDS):
            kind = "research_institute"
        located = None
        if kind != "government" and any(t.text.lower() == "tại" for t in tokens[index:end]):
            located = country_of_name(name)  # "Tổng Hội người Việt Nam tại Hàn Quốc" is where it sits
        mentions.append(Mention(name, tokens[index].start, tokens[end - 1].end, kind, located, aliases=aliases))
        index = end
    return mentions


COUNT_WORDS = {"hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười"}


def _counted(tokens: list[Token], index: int) -> bool:
    """A count right before a head: a small number (not a year or a day after a date word) or a number word."""
    word = tokens[index].text
    if word in COUNT_WORDS:
        return not (index and tokens[index - 1].text.lower() in DATE_WORDS)
    return word.isdigit() and len(word) <= 3 and not (index and tokens[index - 1].text.lower() in DATE_WORDS)


def _head_abbreviation(tokens: list[Token], index: int) -> bool:
    """ "(ĐH)", "(BV)" right after a head and before the capitalised rest of the name."""
    return (
        index + 3 < len(tokens)
        and tokens[index].text == "("
        and tokens[index + 2].text == ")"
        and tokens[index + 1].text.isupper()
        and len(tokens[index + 1].text) <= 4
        and tokens[index + 3].capitalized
    )


# Heads that, written in lower case, only say what a foreign name that follows is ("tổ chức Global Care").
ROLE_HEADS = {("to", "chuc")}


# Heads of institutions that a bare country after them only describes ("một bệnh viện Hàn Quốc"); a government,
# an envoy or an association is named by its country ("Chính phủ Nhật Bản", "Đại sứ quán Pháp").
GENERIC_KINDS = {"hospital", "university", "company"}


def _only_a_country(tokens: list[Token], start: int, end: int) -> bool:
    """The words after the head are one country's name and nothing else."""
    countries = find_countries(tokens[start:end])
    return len(countries) == 1 and countries[0][1] == 0 and countries[0][2] == end - start


def _bracketed_name_end(tokens: list[Token], start: int) -> int | None:
    """Where words from `start` run into a bracketed capitalised short form, the index of "(": lower-case words,
    and capitalised ones that open no person's name nor a second organisation ("Hội Khe hở môi vòm miệng Nhật Bản
    (JCPF)")."""
    capitalised = False
    for position in range(start, min(start + MAX_WORDS_BEFORE_BRACKET + 1, len(tokens))):
        token = tokens[position]
        if token.text == "(":
            found = position > start and _parenthesised(tokens, position)
            if not found or (capitalised and not tokens[position + 1].text.isupper()):
                return None  # after capitalised words only an acronym vouches for the run
            return position
        and_name = token.text.lower() in AND_WORDS and position + 1 < len(tokens) and tokens[position + 1].capitalized
        if not token.is_word or _stops(tokens, position) or and_name:
            return None  # "… và Bệnh viện B (BVB)": the bracket names B
        if token.capitalized:
            if _head_at(tokens, position) or _person_at(tokens, position):
                return None
            capitalised = True
    return None


def _any_folded(tokens: list[Token], words: set[str]) -> bool:
    return any(t.folded in words for t in tokens)


VIETNAMESE_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?"
)


def looks_foreign(word: str) -> bool:
    """A word no Vietnamese syllable spells ("Murashko", "Gareth", "Roussy"); accented words are Vietnamese."""
    folded = tokenize(word)[0].folded if tokenize(word) else ""
    if not folded or folded != word.lower() and not word.isascii():
        return False
    return not all(VIETNAMESE_SYLLABLE.fullmatch(part) for part in re.split(r"[-'’]", folded) if part)


def country_of_name(name: str) -> str | None:
    """The country a name itself gives: Vietnamese when it says "Việt", else a country or city in it."""
    tokens = tokenize(name)
    host = compound_host(tokens)
    if host:
        return host
    seat = next((i for i, t in enumerate(tokens) if t.text.lower() == "tại"), None)
    if seat is not None and _head_at(list(tokens), 0) and _head_at(list(tokens), 0)[1] != "government":
        located = find_countries(tokens[seat + 1 :])  # "Hội người Việt Nam tại Hàn Quốc" is in Korea; an
        if located and located[0][1] == 0:  # envoy "… Việt Nam tại Campuchia" is of the state it represents
            return located[0][0]
    if says_vietnamese(tokens):
        return "VN"
    countries = find_countries(tokens)
    if countries:
        return countries[-1][0]
    cities = city_table()
    for token in reversed(tokens):
        if token.capitalized and token.is_word and token.text.isascii() and not token.text.isdigit():
            code = cities.get(token.folded)
            if code:
                return code
    return None


# --- names with no head noun -------------------------------------------------------------------------------
# A name the rules know no head of ("Lotushand", "Smiles Across the Sea") is still an organisation where the text
# says what it is: a country in brackets right after it ("Lotushand (Mỹ)"), a type noun before it ("UK charity
# Smiles Across the Sea"), or an apposition or a copula with one ("X, a non-profit organization", "X is a charity").
_UPPER = "A-ZÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝĂĐĨŨƠƯẠ-Ỹ"
_RUN_WORD = rf"[{_UPPER}][\w'’&.-]*"
NAME_RUN = rf"{_RUN_WORD}(?:\s+(?:(?:the|of|for|de|du)\s+)?{_RUN_WORD}){{0,5}}"
TYPE_NOUNS = {
    "organization": "ngo",
    "organisation": "ngo",
    "charity": "ngo",
    "foundation": "ngo",
    "ngo": "ngo",
    "non-profit": "ngo",
    "nonprofit": "ngo",
    "company": "company",
    "firm": "company",
    "corporation": "company",
    "group": "company",
    "hospital": "hospital",
    "tổ chức": "ngo",
    "công ty": "company",
    "bệnh viện": "hospital",
}
_TYPE = "|".join(sorted((re.escape(t) for t in TYPE_NOUNS), key=len, reverse=True))
BRACKETED_COUNTRY = re.compile(rf"(?<![\w'’&.-])(?P<name>{NAME_RUN})\s+\((?P<country>[^()]{{2,30}})\)")
_ENGLISH_TYPE = "|".join(sorted((re.escape(t) for t in TYPE_NOUNS if t.isascii()), key=len, reverse=True))
# (Vietnamese "tổ chức" before a name is also the verb "to organise": the head-noun rules read it.)
TYPE_BEFORE = re.compile(rf"\b(?P<type>(?:{_ENGLISH_TYPE}))\s+(?P<name>{NAME_RUN})")
TYPE_AFTER = re.compile(
    rf"(?<![\w'’&.-])(?P<name>{NAME_RUN})(?:,\s+(?:an?|một)|\s+(?:is|là)(?:\s+(?:an?|một))?)\s+"
    rf"(?:[\w-]+\s+){{0,3}}?(?P<type>{_TYPE})\b"
)
# Words before a run that make it a person's name or a place's, not an organisation's.
PERSON_OR_PLACE_BEFORE = {
    "ông", "bà", "anh", "chị", "sĩ", "sỹ", "sư", "trưởng", "tướng", "sứ", "tịch", "đốc", "khanh", "mr", "mrs", "ms",
    "dr", "prof", "tỉnh", "phố", "huyện", "bang", "vùng", "quận", "xã", "tại", "ở", "city", "province", "state",
    "of", "in", "at", "to",
}  # fmt: skip
LEADING_FUNCTION_WORDS = {"The", "A", "An", "Theo", "Tại", "Với", "Ngoài", "Đoàn", "Các", "Những", "Hôm"}


# A name of capitalised words written with its head in lower case: "the Bach Mai hospital", "Lakeview Jesaeng
# hospital", "Cho Ray – Phnom Penh hospital" (not a nationality's or a country's: "a Japanese hospital").
_DASHED_RUN = rf"{_RUN_WORD}(?:(?:\s+|\s*[-–]\s*){_RUN_WORD}){{1,5}}"
LOWER_HEAD = re.compile(rf"(?<![\w'’&.-])(?P<name>{_DASHED_RUN}\s+(?P<type>hospital|university))\b(?!\s+[A-Z])")


def _bare_mentions(line: str) -> list[Mention]:
    mentions = []
    patterns = [BRACKETED_COUNTRY, TYPE_BEFORE, TYPE_AFTER]
    if " hospital" in line or " university" in line:
        patterns.append(LOWER_HEAD)
    for pattern in patterns:
        for match in pattern.finditer(line):
            start, name = match.start("name"), match.group("name")
            words = name.split()
            while words and words[0] in LEADING_FUNCTION_WORDS:
                start += len(words[0]) + 1
                words = words[1:]
            name = " ".join(words).rstrip(".")
            if not name or not _could_be_organisation(line, start, name):
                continue
            if len(words) == 1 and not name.isupper() and not looks_foreign(name):
                continue  # "Đây là tổ chức …", "Đều là bệnh viện …": one Vietnamese word opens the sentence
            country = None
            if pattern is BRACKETED_COUNTRY:
                inner = tokenize(match.group("country"))
                found = find_countries(inner)
                if not found or found[0][1] != 0 or found[-1][2] != len(inner):
                    continue
                country, kind = found[0][0], "ngo"
            elif pattern is LOWER_HEAD:
                run = tokenize(name.rsplit(" ", 1)[0])
                if any(t.text in demonyms() for t in run) or (find_countries(run) and find_countries(run)[0][1] == 0):
                    continue
                kind = "hospital" if match.group("type") == "hospital" else "university"
            else:
                kind = TYPE_NOUNS[match.group("type").lower()]
                if pattern is TYPE_BEFORE:
                    if match.group("type") != match.group("type").lower():
                        continue  # "Hospital X" is a name of its own, not a type noun before one
                    country = _country_before(line[: match.start()])
            mentions.append(Mention(name, start, start + len(name), kind, country))
    unique: list[Mention] = []
    for mention in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if not any(u.start < mention.end and mention.start < u.end for u in unique):
            unique.append(mention)
    return unique


def _could_be_organisation(line: str, start: int, name: str) -> bool:
    """Not a person's name (after a title or with a Vietnamese family name first), nor a place's."""
    previous = line[:start].split()
    if previous and (previous[-1].lower().rstrip(".") in PERSON_OR_PLACE_BEFORE or previous[-1].endswith(",")):
        return False
    if previous and previous[-1].lower() in AND_WORDS:
        return False  # the next item of a list whose kind was said before it ("… Salavan và Attapu (Lào)")
    tokens = tokenize(name)
    if not tokens or _person_at(list(tokens), 0) or len(name) < 3:
        return False
    words = [t for t in tokens if t.is_word]
    if find_countries(tokens) and find_countries(tokens)[0][1] == 0:
        return False  # "Nhật Bản (Tokyo)", "Japan’s …"
    return not (len(words) <= 2 and city_table().get(" ".join(t.folded for t in words)))


def _country_before(text: str) -> str | None:
    """ "UK charity …", "a Korean company …": a country or a nationality right before the type noun."""
    words = text.split()[-2:]
    if not words:
        return None
    code = demonyms().get(words[-1])
    if code:
        return code
    found = find_countries(tokenize(" ".join(words)))
    return found[-1][0] if found and found[-1][2] == len(tokenize(" ".join(words))) else None


# A province or a city that acts is a party (its government): "Westland’s Kanora province sponsored …", "… joined
# hands with Westland’s Kanora province", "The city of Hai Duong signed …". One only named as a place is not.
_PLACE_WORDS = r"(?:[A-Z][\w-]*\s+){0,2}[A-Z][\w-]*"
ENGLISH_PLACE = re.compile(
    rf"(?P<before>\b\w+\s+)?(?:(?P<owner>[A-Z][\w-]*(?:’s|'s))\s+)?"
    rf"(?:(?P<name>{_PLACE_WORDS})\s+(?P<unit>province|city|prefecture)|(?P<unit2>city|province|prefecture)\s+of\s+"
    rf"(?P<name2>{_PLACE_WORDS}))\b(?P<after>\s+\w+)?"
)
LOCATED_BEFORE = re.compile(r"\b(?:in|at|from|near)\s+(?:the\s+)?(?:[a-z]+\s+)?$")
ACTING_AFTER = {"also", "will", "has", "have", "signed", "sponsored", "joined", "provided", "sent", "donated", "agreed"}
PARTNER_BEFORE = {"with", "between", "and", "by"}


# Two places that sign, with no "city" or "province" after them: "Hai Duong and Okayama signed a memorandum",
# "Hanoi, Osaka ink health deal". Each is its government when the gazetteer knows it as a city or a province.
PLACES_SIGN = re.compile(
    r"(?<![\w'’-])(?P<a>[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,2})(?:,\s*|\s+(?:and|&)\s+)(?P<b>[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,2})"
    r"\s+(?:signed|sign|ink|inked|agreed|agree)\b"
)


def _place_code(words: str) -> str | None:
    if words.split()[0] in ENGLISH_LEADING or find_countries(tokenize(words)):
        return None  # states are no cities; "The …" opens no place's name
    key = " ".join(fold_word(w) for w in words.split())
    return city_table().get(key) or ("VN" if is_province(key) else None)


def _signing_places(line: str) -> list[Mention]:
    mentions = []
    for match in PLACES_SIGN.finditer(line):
        codes = [_place_code(match.group(g)) for g in ("a", "b")]
        if not all(codes):
            continue
        for group, code in zip(("a", "b"), codes, strict=True):
            mentions.append(Mention(match.group(group), match.start(group), match.end(group), "government", code))
    return mentions


def _place_parties(line: str) -> list[Mention]:
    mentions = _signing_places(line) if (" sign" in line or " ink" in line or " agree" in line) else []
    if not any(unit in line for unit in ("province", "city", "prefecture")):
        return mentions
    for match in ENGLISH_PLACE.finditer(line):
        place, unit = match.group("name") or match.group("name2"), match.group("unit") or match.group("unit2")
        if place.split()[0] in ENGLISH_LEADING or place.split()[0] in demonyms():
            continue
        before = (match.group("before") or "").strip().lower()
        after = (match.group("after") or "").strip().lower()
        if LOCATED_BEFORE.search(line[: match.start("name") if match.group("name") else match.start("unit2")]):
            continue  # "… hospitals in the central province of X have received": where they are, not who acts
        if not (after in ACTING_AFTER or (before in PARTNER_BEFORE and after in {"to", "and", "on", "in", "for"})):
            continue
        country = _possessive_place([match.group("owner")], 0) if match.group("owner") else None
        start = match.start("name") if match.group("name") else match.start("unit2")
        end = match.end("unit") if match.group("name") else match.end("name2")
        mentions.append(Mention(f"{place} {unit.lower()}", start, end, "government", country))
    return mentions


# A counted head noun before a list names one organisation per item: "3 bệnh viện của Nhật Bản là A, B và C",
# "8 trường đại học (Trường đại học A, B, C)". Items the head does not open take it: "B" → "Trường đại học B".
_VI_ITEM = rf"[{_UPPER}0-9][\w'’.-]*(?:\s+[{_UPPER}0-9][\w'’.-]*){{0,4}}"
COUNTED_LIST = re.compile(
    rf"(?:\b\d+|\b(?:hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|các))\s+"
    rf"(?P<head>trường đại học|đại học|bệnh viện|học viện|viện|trung tâm|tổ chức|trường)\s+"
    rf"(?:của\s+(?P<country>[^,():]{{2,30}}?)\s+)?(?:là|gồm có|gồm|:|\()\s*"
    rf"(?P<items>{_VI_ITEM}(?:\s*(?:,|và)\s*{_VI_ITEM})+)",
    re.IGNORECASE,
)


def _counted_list(line: str) -> list[Mention]:
    mentions = []
    for match in COUNTED_LIST.finditer(line):
        head = match.group("head").lower()
        words = tuple(fold_word(w) for w in head.split())
        kind = next((k for h, k, _cap in HEADS if h == words), "other")
        country = None
        if match.group("country"):
            found = find_countries(tokenize(match.group("country")))
            country = found[0][0] if found else None
        start = match.start("items")
        for item in re.finditer(_VI_ITEM, match.group("items")):
            text = item.group(0).rstrip(".-’'")
            if fold_word(text.split()[0]) == words[0] or text.split()[0].lower() == "và":
                continue  # an item with its own head is a name the head-noun rules read
            first = start + item.start()
            name = f"{head[:1].upper()}{head[1:]} {text}"
            mentions.append(Mention(name, first, first + len(text), kind, country))
    return mentions


# A Vietnamese province's or city's government that acts: its delegation ("đoàn cán bộ thành phố Westburg") or its
# authorities ("chính quyền tỉnh Khammon"); a place named only as a place is none.
VI_PLACE_PARTY = re.compile(
    rf"\b(?:(?P<delegation>[Đđ]oàn (?:cán bộ|công tác|đại biểu|lãnh đạo)\s+(?:của\s+)?)|(?P<authority>chính quyền)\s+)"
    rf"(?P<unit>thành phố|tỉnh|bang)\s+(?P<name>[{_UPPER}][\w-]*(?:\s+[{_UPPER}][\w-]*){{0,2}})"
)


def _vi_place_parties(line: str) -> list[Mention]:
    if "oàn " not in line and "chính quyền" not in line:
        return []
    mentions = []
    for match in VI_PLACE_PARTY.finditer(line):
        start = match.start("authority") if match.group("authority") else match.start("unit")
        name = line[start : match.end("name")]
        aliases = [f"{match.group('unit')} {match.group('name')}"] if match.group("authority") else []
        mentions.append(Mention(name, start, match.end("name"), "government", aliases=aliases))
    return mentions


# --- a bare acronym that acts, lower-case words before an English head, local authorities ------------------
# An acronym is an organisation where the text gives it a leader ("ITEC President …", "Chủ tịch JCPF") or says
# what it is ("ITEC is the first … firm in Japan", "ABC là một tổ chức …"). The type noun gives its kind.
_ACRONYM = r"(?P<acr>[A-Z]{3,6})"
ACRONYM_LEADER = re.compile(
    rf"(?<![\w-]){_ACRONYM}\s+(?:President|Chairman|Chairwoman|Chairperson|CEO|Director|Vice President|"
    rf"Secretary-General|Director-General|chairman|president)\b|"
    rf"\b(?:Chủ tịch|Giám đốc|Tổng giám đốc|Tổng Giám đốc|President|Chairman|CEO|Director) (?:điều hành |of (?:the )?)?"
    rf"(?P<acr2>[A-Z]{{3,6}})(?![\w-])"
)
ACRONYM_IS = re.compile(
    rf"(?<![\w-]){_ACRONYM}\s+(?:is|was|là)\s+(?:the|a|an|một)?\s*(?P<what>[^.;]{{0,80}})\b"
    r"(?P<type>firm|company|corporation|group|hospital|university|organi[sz]ation|agency|foundation|institute|"
    r"charity|association|NGO|tổ chức|công ty|tập đoàn|bệnh viện|trường|viện|quỹ|hiệp hội)\b(?P<rest>[^.;]{0,40})"
)
# A lower-case English head noun, then an acronym in brackets: the acronym names the body the lower-case words
# describe ("the medical research organisation (MRRO)"); no capitalised name stands before it to vouch for.
ACRONYM_AFTER_HEAD = re.compile(
    r"\b[a-z]+\s+(?P<type>organi[sz]ation|association|foundation|agency|institute|society|council|fund|"
    r"company|corporation)\s+\((?P<acr>[A-Z]{3,6})\)"
)
ACRONYM_KINDS = {
    "firm": "company",
    "company": "company",
    "corporation": "company",
    "group": "company",
    "công ty": "company",
    "tập đoàn": "company",
    "hospital": "hospital",
    "bệnh viện": "hospital",
    "university": "university",
    "trường": "university",
    "agency": "government",
    "institute": "research_institute",
    "viện": "research_institute",
}
# Capitals that are no organisation: documents, currencies, a news agency's credit, a state's form, titles.
NOT_ORGANISATIONS = {
    "MOU", "MOA", "ODA", "USD", "VND", "JPY", "EUR", "KRW", "COVID", "CHLB", "CHND", "CHDCND", "CHXHCN", "VNA",
    "TTXVN", "VNS", "VGP", "PGS", "BSCKII", "THS", "UBND", "HIV", "AIDS", "GMT", "CEO", "PHOTO", "ENT", "ICU",
}  # fmt: skip
# Lower-case words before an English head: "Samdec Techo young voluntary doctors’ association"; function words
# never stand there ("Vietnam and the association").
LOWER_ENGLISH_HEADS = {"association": "ngo", "foundation": "ngo", "society": "ngo", "club": "ngo", "union": "ngo"}
FUNCTION_WORDS = {
    "and", "the", "of", "with", "by", "for", "to", "in", "at", "from", "is", "are", "was", "were", "will", "has",
    "have", "a", "an", "its", "their", "this", "that", "on", "as", "or", "said", "also",
}  # fmt: skip
LOWER_HEAD_NAME = re.compile(
    r"(?<![\w'’-])(?P<caps>(?:[A-Z][\w'’-]*\s+){1,4})(?P<lower>(?:[a-z]+\s+){0,3}[a-z]+(?:s['’]|['’]s)?)\s+"
    r"(?P<head>association|foundation|society|club|union)\b"
)
# A name followed by a lower-case role noun, which is not part of it: "the Smile Bridge organisation".
ROLE_AFTER_NAME = re.compile(r"(?<![\w'’-])(?P<name>(?:[A-Z][\w'’-]*\s+){1,4})(?:organisation|organization|charity)\b")
# Local authorities that act: "Chabar Ampov district authorities", "the Westland provincial government".
AUTHORITIES = re.compile(
    r"(?<![\w'’-])(?P<name>(?:[A-Z][\w'’-]*\s+){1,3}(?:district|provincial|province|city|municipal|commune|"
    r"prefectural|county)\s+(?:authorities|government|administration))\b"
)


def _acronym_mentions(line: str) -> list[Mention]:
    """Acronyms that act, English names with lower-case words before their head, and local authorities."""
    mentions: list[Mention] = []
    if re.search(r"[A-Z]{3}", line):
        for match in ACRONYM_LEADER.finditer(line):
            group = "acr" if match.group("acr") else "acr2"
            mentions.append(Mention(match.group(group), match.start(group), match.end(group), "other"))
        for match in ACRONYM_AFTER_HEAD.finditer(line):  # "… research organisation (MRRO)"
            kind = ACRONYM_KINDS.get(match.group("type").lower(), "ngo")
            mentions.append(Mention(match.group("acr"), match.start("acr"), match.end("acr"), kind))
        for match in ACRONYM_IS.finditer(line):
            kind = ACRONYM_KINDS.get(match.group("type").lower(), "ngo")
            located = re.search(r"\b(?:in|of|tại|của)\s+((?:[A-Z]\w+\s*){1,3})", match.group("rest"))
            country = None
            if located:
                places = find_countries(tokenize(located.group(1)))
                country = places[0][0] if places else None
            mentions.append(Mention(match.group("acr"), match.start("acr"), match.end("acr"), kind, country))
        mentions = [
            m
            for m in mentions
            if m.name not in NOT_ORGANISATIONS and not find_countries(tokenize(m.name)) and not is_province(m.name)
        ]
    lowered = line.lower()
    if any(head in lowered for head in LOWER_ENGLISH_HEADS):
        for match in LOWER_HEAD_NAME.finditer(line):
            words = match.group("lower").split()
            caps = match.group("caps").split()
            while caps and caps[0] in ENGLISH_LEADING:
                caps = caps[1:]
            if not caps or any(w.rstrip("'’s") in FUNCTION_WORDS or w in FUNCTION_WORDS for w in words):
                continue
            if match.group("head") != match.group("head").lower() or not words:
                continue
            start = (
                match.end("caps") - len(match.group("caps").lstrip())
                if len(caps) == len(match.group("caps").split())
                else match.start("caps") + match.group("caps").index(caps[0])
            )
            mentions.append(
                Mention(line[start : match.end()], start, match.end(), LOWER_ENGLISH_HEADS[match.group("head")])
            )
    if " organisation" in line or " organization" in line or " charity" in line:
        for match in ROLE_AFTER_NAME.finditer(line):
            words = match.group("name").split()
            while words and words[0] in ENGLISH_LEADING:
                words = words[1:]
            if not words or any(w in demonyms() or w in FUNCTION_WORDS or re.search(r"-[a-z]", w) for w in words):
                continue  # "a Japanese charity", "a UK-based charity": a nationality or a seat, no name
            if find_countries(tokenize(" ".join(words))):
                continue  # "the Westland charity": a place, no name
            name = " ".join(words)
            start = match.end("name") - len(match.group("name")) + match.group("name").index(words[0])
            mentions.append(Mention(name, start, start + len(name), "ngo"))
    if "authorities" in line or "government" in line or "administration" in line:
        for match in AUTHORITIES.finditer(line):
            words = match.group("name").split()
            if words[0] in ENGLISH_LEADING or words[0] in demonyms():
                continue  # "the Vietnamese provincial government": no place's name
            name = " ".join(words)
            start = match.end("name") - len(name)
            mentions.append(Mention(name, start, match.end("name"), "government"))
    return mentions
