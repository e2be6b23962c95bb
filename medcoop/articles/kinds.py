"""Stage: activity kinds and specialties. Input: the cleaned text (and the agreements found). Output: the codes
of the vocabularies (core/data/activity_kinds.csv, specialties.csv) whose keyword phrases (data/keywords.csv,
from the vocabularies' meanings and their Vietnamese and English synonyms) the text uses where it reports
something done or planned.

A phrase counts in a sentence that reports an event (an event word: ký, tổ chức, phẫu thuật, đào tạo, tiếp
nhận, trao tặng, signed, trained, donated…); a biography or background sentence ("tốt nghiệp", "sinh năm",
"graduated", "was founded") counts for nothing.
"""

import re
from functools import cache, lru_cache

from .gazetteers import find_keywords, keyword_table, tokenize
from .sentences import SENTENCE

EVENT_WORDS = re.compile(
    r"\b(?:"
    + "|".join(
        re.escape(w)
        for w in (
        "ký", "tổ chức", "phẫu thuật", "mổ", "đào tạo", "tập huấn", "tiếp nhận", "trao tặng", "tặng", "hỗ trợ",
        "tài trợ", "viện trợ", "cho vay", "khám", "chữa", "điều trị", "thăm", "làm việc", "tiếp", "đón",
        "cử", "sang", "đến", "thực hiện", "triển khai", "chuyển giao", "hợp tác", "trao đổi", "phối hợp",
        "nghiên cứu", "hội chẩn", "giải ngân", "cung cấp", "xây dựng", "thống nhất", "đề nghị", "mong muốn",
        "sẽ", "đã", "signed", "sign", "trained", "train", "training", "donated", "donate", "organised",
        "organized", "held", "hold", "performed", "perform", "operated", "operate", "examined", "treated",
        "sent", "send", "dispatch", "visited", "visit", "received", "provided", "provide", "funded", "fund",
        "loan", "support", "cooperat", "exchange", "will", "agreed", "transfer", "share", "attend",
            "tiến hành", "nhận", "trao", "gặp", "giao lưu", "tham gia", "tham dự", "dự kiến", "kế hoạch", "mời",
            "giúp", "kết nối", "hoàn thành", "bàn giao", "khai mạc", "cấp", "duy trì", "mở", "took place", "met",
            "meet", "launch", "open", "help", "grant", "offer", "include", "cover", "gồm", "bao gồm",
            "exchanging", "sharing", "building", "developing", "strengthen", "welcomed", "took part",
            "participated",
        )
    )
    + r")",
    re.IGNORECASE,
)  # fmt: skip
# Accents matter: "tặng" (give) is an event, "tầng" (floor) is not.
BACKGROUND = re.compile(
    r"\b(?:tốt nghiệp|sinh năm|sinh ngày|nguyên quán|được thành lập năm|thành lập năm|graduated|was born|"
    r"was founded|established in|founded in|obtained (?:his|her))\b"
    # one person's own experience or career is a biography: "… hơn 20 năm kinh nghiệm trong …", "… có kinh
    # nghiệm giảng dạy …", "with 30 years of experience in …", "over her career"
    r"|\b(?:năm kinh nghiệm|có kinh nghiệm|years of experience|(?:his|her) career)\b"
    # what an institution is or is strong in describes it, not the cooperation: "X là một bệnh viện lớn với
    # thế mạnh về …", "X is an international non-profit organization dedicated to …"
    # (the noun in lower case: "… là Bệnh viện Sông Lam, …" names the hospitals of a list, it describes none)
    r"|\b(?:là (?:một )?(?:trong những )?(?-i:bệnh viện|tổ chức|cơ sở|trường)|thế mạnh|"
    r"is (?:an?|one of the) (?:[\w-]+ ){0,3}(?:organi[sz]ation|hospital|charity|foundation|university)s?|"
    # what a person is: "Dr Lee is a noted surgery specialist now working at …"
    r"is (?:an?|one of the) (?:[\w-]+ ){0,3}(?:expert|specialist|professor|surgeon|physician)s?\b[^.;]{0,40}?"
    r"\b(?:serving|working|who)\b)\b",
    re.IGNORECASE,
)
# A wish or a hope is not something done, agreed or planned: "… bày tỏ mong muốn …", "… hy vọng …".
WISH = re.compile(r"\b(?:mong muốn|hy vọng|hi vọng|kỳ vọng|hoped|hopes|hope|wished|wishes)\b", re.IGNORECASE)
# An English proposal or what could be reports nothing done, agreed or planned: "He proposed adding …",
# "alumni could help with …", "She expressed a wish to work together …" ("As proposed by the
# embassy, the meeting took place …" tells what was done).
PROPOSAL = re.compile(
    r"\b(?:(?<!as )proposed|(?<!as )suggested|could|expressed (?:a|her|his|their) (?:desire|willingness|wish))\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=16)
def reporting_sentences(body: str, events: bool = True) -> tuple[tuple[int, str], ...]:
    """(offset, text) of the sentences that are no biography or background and, with `events`, report an
    event (remembered: the kinds, the fields and the transfers ask for the same article's)."""
    kept = []
    for match in SENTENCE.finditer(body):
        text = match.group(0)
        if BACKGROUND.search(text):
            continue
        if events and PROPOSAL.search(text):
            continue
        if not events or EVENT_WORDS.search(text):
            kept.append((match.start(), text))
    return tuple(kept)


# A list of the professions a team or a course takes in names no field: "doctors and nurses" is who, not nursing.
PROFESSIONS = re.compile(
    r"\b(?:doctors|physicians|surgeons|bác sĩ|bác sỹ)\s*(?:,|and|và)\s*(?:nurses|y tá|điều dưỡng)\b|"
    r"\b(?:nurses|y tá|điều dưỡng)\s*(?:,|and|và)\s*(?:doctors|physicians|bác sĩ|bác sỹ)\b",
    re.IGNORECASE,
)


# A meeting that reviews a project or a year ("hội nghị tổng kết", "hội nghị sơ kết", "a review meeting") is no
# conference or seminar of the cooperation: it is the occasion an article reports.
REVIEW_MEETING = re.compile(r"\b[Hh]ội nghị (?:tổng kết|sơ kết)\b|\breview meeting\b")
# Once the text names such a meeting, a bare "hội nghị" ("phát biểu tại hội nghị") is that meeting again; a
# scientific or international one ("hội nghị khoa học", "hội nghị quốc tế") is still a conference.
THAT_MEETING = re.compile(r"\b[Hh]ội nghị\b(?!\s+(?:khoa học|quốc tế|chuyên đề|chuyên ngành|thường niên))")

# "Free of"/"free from" something is without it ("keep people free of disease"), not free of charge.
FREE_OF = re.compile(r"\bfree\s+(?:of|from)\b(?!\s+(?:charge|cost|any charge)\b)", re.IGNORECASE)

# "Tập đoàn" (a corporation) is one word: its second syllable is no "đoàn" (team) of "đoàn y tế".
ONE_WORD = re.compile(r"\b[Tt]ập đoàn\b")
# Former students ("cựu sinh viên", "alumni") who attend are no students placed with a partner.
ALUMNI = re.compile(r"\bcựu sinh viên\b|\bformer students\b", re.IGNORECASE)
# A headline's verb "eyes" ("Hanoi eyes stronger ties") looks at something: no eyes, no ophthalmology.
EYES_VERB = re.compile(r"\b([A-Z][\w.]*) eyes(?= [a-z])")


def find_codes(field: str, body: str) -> list[str]:
    """The codes of `field` whose phrases occur in reporting sentences, in order of first use. A specialty
    needs no event word of its own: the fields an agreement or a programme lists stand in lists."""
    codes: dict[str, int] = {}
    review = field == "activity_kinds" and REVIEW_MEETING.search(body)
    for offset, text in reporting_sentences(body, events=field == "activity_kinds"):
        text = ONE_WORD.sub(lambda m: " " * len(m.group(0)), text)
        if field == "activity_kinds":
            text = FREE_OF.sub(lambda m: " " * len(m.group(0)), text)
            text = REVIEW_MEETING.sub(lambda m: " " * len(m.group(0)), text)
            if review:
                text = THAT_MEETING.sub(lambda m: " " * len(m.group(0)), text)
            text = ALUMNI.sub(lambda m: " " * len(m.group(0)), text)
        if field == "specialties":
            text = PROFESSIONS.sub(lambda m: " " * len(m.group(0)), text)
            text = EYES_VERB.sub(lambda m: m.group(1) + " " * (len(m.group(0)) - len(m.group(1))), text)
        for code, (start, _end) in find_keywords(field, tokenize(text)).items():
            codes.setdefault(code, offset + start)
    return sorted(codes, key=codes.get)


def phrases_of(field: str, body: str, code: str) -> set[str]:
    """The folded phrases that gave `code` in the reporting sentences: which words a kind rests on."""
    phrases = _phrases_by_code(field).get(code, ())
    found = set()
    for _offset, text in reporting_sentences(body, events=field == "activity_kinds"):
        words = f" {' '.join(t.folded for t in tokenize(text) if t.is_word)} "
        found.update(phrase for phrase in phrases if f" {phrase} " in words)
    return found


@cache
def _phrases_by_code(field: str) -> dict[str, tuple[str, ...]]:
    by_code: dict[str, list[str]] = {}
    for phrase, code in keyword_table()[field].items():
        by_code.setdefault(code, []).append(" ".join(phrase))
    return {code: tuple(phrases) for code, phrases in by_code.items()}
