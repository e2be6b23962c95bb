"""Figures an article reports — "660 lượt nhân viên y tế được đào tạo", "13,5 triệu Euro", "gần 7000 bệnh
nhân" — read from the words around each number, as a reader would."""

import re

from medcoop.core.values import CURRENCY_AFTER_NUMBER, currency_code

from .entities import demonyms
from .numbers import find_day_spans, find_number_words, find_numbers

PEOPLE = (
    r"(?:lượt\s+)?(?:nhân viên y tế|nhân viên|cán bộ(?: y tế)?|y,? bác s[ỹĩ]|bác s[ỹĩ]|học viên|kỹ sư|kỹ thuật viên|"
    r"điều dưỡng|(?:health(?:care)? workers|medical (?:staff|workers)|staff members|doctors|physicians|nurses|"
    r"technicians|midwives|trainees|learners|students)\b)"
)
# English counts put up to two words between the number and the patients ("500 poor Cambodian patients")
PATIENTS = r"(?:lượt\s+)?(?:bệnh nhân|người bệnh|ca bệnh|ca điều trị|(?:(?!of\b|from\b)[A-Za-z-]+\s+){0,2}?patients)"
APPROX = r"(?:khoảng|hơn|gần|trên|about|some|over|more than|nearly|around|approximately|almost)"
# A team's members, English ones with up to two words that qualify them ("seven Japanese heart surgeons")
TEAM = (
    r"\s*(?:thành viên|bác s[ĩỹ]|chuyên gia|giáo sư|y tá|nha s[ĩỹ]|tình nguyện viên|"
    r"(?:(?!of\b|from\b|and\b)[A-Za-z-]+\s+){0,2}?(?:surgeons|doctors|physicians|dentists|an(?:a|ae)esthetists|"
    r"an(?:a|ae)esthesiologists|p(?:a|ae)ediatricians|cardiologists|experts|specialists|members|professors|nurses|"
    r"volunteers)\b)"
)
# the operations when surgery is the last activity named before "cho/for" ("18 surgeries and examinations for
# some 80 children": those are examined)
SURGERY = (
    rf"(?:phẫu thuật|mổ|operat\w*|surger\w*|surgical\s+\w+)(?:(?!khám|examin|check)[^.;]){{0,60}}(?:cho|for|on)\s*"
    rf"{APPROX}?\s*$"
)
# Training, or taking part in a course or class ("participated in the courses", "sau khóa học")
TRAINING = re.compile(
    r"đào tạo|tập huấn|bồi dưỡng|huấn luyện|trained|training|khóa học|khoá học|lớp học|\bcourses?\b|\bclass(?:es)?\b",
    re.IGNORECASE,
)
FOREIGN_TEAM = (
    r"\s*(?P<nationality>US|U\.S\.|UK|[A-Z][a-z]+)\s+(?:doctors|surgeons|physicians|experts|specialists|nurses|"
    r"volunteers|professors)\b"
)
TEAM_ABBREVIATIONS = {"US": "US", "U.S.": "US", "UK": "GB"}
RECEIVING = r"(?:đón|tiếp nhận|tiếp đón|receiv(?:ed|es|ing)|welcom(?:ed|es|ing)|host(?:ed|s|ing))\b[^.;]{0,30}$"
# Volunteers and experts who come to work at the hospital: "tiếp nhận 5 tình nguyện viên", "sent 02
# volunteers to work at the hospital" (the hospital the article is about; "sang" would be going abroad).
VOLUNTEERS = r"\s*(?:lượt\s+)?(?:tình nguyện viên|chuyên gia|(?:[A-Z][\w-]*\s+)?(?:volunteers|experts|specialists))\b"
TO_WORK_HERE = re.compile(
    r"^[^.;]{0,40}?\b(?:to work (?:at|in) (?:the|our) (?:hospital|institute|centre|center)|"
    r"(?<!sang )(?:đến|về|đang) làm việc (?:tại|ở) (?:bệnh viện|viện|trung tâm))",
    re.IGNORECASE,
)
TO_VIETNAM = re.compile(
    r"^[^.;]{0,30}?\b(?:travel(?:l)?ed|came|flew|arrived|đã sang|sang|đã đến|đến)\s+(?:to\s+|in\s+)?"
    r"(?:Vietnam|Viet Nam|Việt Nam|Hanoi|Ha Noi|Hà Nội|Ho Chi Minh City|HCMC|HCM City|TP\.?\s?HCM|Da Nang|Đà Nẵng|"
    r"Hue|Huế|Can Tho|Cần Thơ|Hai Phong|Hải Phòng)\b",
)
# Doctors counted as the subject of the surgery or examination they come to do: "khoảng 27 bác sỹ … sẽ
# tiến hành phẫu thuật", "12 surgeons will operate on …".
CLINICAL_VERB = re.compile(
    r"^[^.;]{0,120}?(?:\bsẽ\s+(?:tiến hành\s+|thực hiện\s+)?(?:phẫu thuật|khám|mổ)|"
    r"\bwill\s+(?:perform|conduct|carry out|operate|examine|treat))",
    re.IGNORECASE,
)

# (metric, pattern on the words after the number, pattern the words before must match, or None)
RULES = [
    ("success_rate", r"\s*%", r"thành công|success"),
    ("training_programs", r"\s*(?:chương trình|khóa|khoá)\s+(?:đào tạo|tập huấn)", None),
    ("staff_sent_abroad", rf"\s*{PEOPLE}[^.;]{{0,30}}?được cử đi (?:học|đào tạo|tu nghiệp)", None),
    # "sent 45 doctors to study in France": own staff sent to learn (experts sent "to work" are experts)
    (
        "staff_sent_abroad",
        rf"\s*{PEOPLE}[^.;]{{0,20}}?\b(?:to (?:study|train|be trained)|for training)\b",
        r"\b(?:sent|sending|sends)\s*$",
    ),
    ("experts_sent", rf"\s*{PEOPLE}[^.;]{{0,40}}?(?:sang|đi) làm chuyên gia", r"\bcử\s*$"),
    # "cử 6 bác sĩ sang Nhật Bản học tập": own staff sent abroad to learn
    (
        "staff_sent_abroad",
        rf"\s*{PEOPLE}[^.;]{{0,40}}?\b(?:sang|đi)\b[^.;]{{0,30}}?\b(?:học tập|học|đào tạo|tu nghiệp|thực tập)\b",
        r"\bcử\s*(?:khoảng|hơn|gần|trên)?\s*$",
    ),
    ("experts_received", r"\s*(?:lượt\s+)?chuyên gia", r"(?:đón|tiếp nhận|tiếp đón)\b[^.;]{0,30}$"),
    (
        "team",
        TEAM,
        r"(?:gồm|tham gia của|bao gồm|consisting of|comprising|with|of|brought|brings|bringing)\s*"
        r"(?:khoảng|hơn|gần|trên|about|some|nearly|more than|over)?\s*$",
    ),
    # "Dr Rossi and seven of his colleagues", "bác sĩ Lâm cùng 7 đồng nghiệp": the team is the named one and N more
    (
        "team_and_leader",
        r"\s+(?:(?:of\s+(?:his|her|their)\s+)?colleagues|(?:người\s+)?đồng nghiệp)\b",
        r"\b(?:Dr|Prof|Professor|Mr|Ms|Mrs|bác sĩ|bác sỹ|giáo sư|BS|GS|TS)\.?\s+[A-ZÀ-Ỹ][\w'’-]*(?:\s+[A-ZÀ-Ỹ][\w'’-]*){0,3}"
        r"\s+(?:and|cùng|và)\s*$",
    ),
    # health workers counted by a foreign nationality ("four US doctors", "ba bác sĩ Nhật Bản" is the team rule's):
    # a team of that country, received (or sent, "sang"/"sent"); the nationality is checked in _counted
    ("foreign_team", FOREIGN_TEAM, None),
    ("experts_received", VOLUNTEERS, RECEIVING),
    # "will assign three doctors to work at the clinic": a partner's staff placed to work
    ("experts_received", rf"\s*{PEOPLE}[^.;]{{0,20}}?\bto work (?:at|in|with)\b", r"\bassign(?:s|ed)?\s*$"),
    ("volunteers", VOLUNTEERS, None),
    ("clinical_team", TEAM, None),
    # "25 nurses travelled to Hanoi", "14 bác sĩ đã sang Việt Nam": a team that comes to Vietnam
    ("travelling_team", TEAM, None),
    ("students_received", r"\s*(?:students|trainees|interns)\b", RECEIVING),
    # students placed at the partner: "21 sinh viên … thực tập … tại Tập đoàn X", "27 sinh viên đang học tập, làm
    # việc tại Nhật", "12 nursing students interning at X"
    (
        "students_received",
        r"\s*(?:lượt\s+)?(?:sinh viên|học viên|(?:[a-z-]+\s+)?students)\b[^.;]{0,60}?\b(?:thực tập|học tập|làm việc|"
        r"interning|studying|training|placed|doing (?:their )?internships?)\b[^.;]{0,40}?\b(?:tại|ở|at|in)\b",
        None,
    ),
    # fellows are trainees by what the word means: "nine Westland Award (WA) fellows"
    ("fellows", r"\s*(?:[A-Z][\w-]*\s+|\([A-Z]{2,8}\)\s+){0,4}fellows\b", None),
    ("staff_trained", rf"\s*{PEOPLE}", None),
    ("students_received", r"\s*(?:lượt\s+)?sinh viên", r"(?:tiếp nhận|đón|nhận|đào tạo cho)\b[^.;]{0,30}$"),
    ("partner_count", r"\s*(?:quốc gia|nước|đối tác)\b", r"(?:với|cùng)\s+(?:trên|hơn|gần|khoảng)?\s*$"),
    # partners counted as a total: "cooperated with nine partners", "4 trường đại học gồm: A, B…", "3 trường ĐH y
    # của Việt Nam sẽ hợp tác với …" (a count of institutions that a list or a cooperation follows)
    ("partner_count", r"\s*(?:partners|partner (?:institutions|hospitals|universities))\b", r"\bwith\s*$"),
    (
        "partner_count",
        r"\s*(?:trường|bệnh viện|viện)\b[^.;:]{0,40}?(?:\bgồm|\bbao gồm|\blà)?\s*:",
        None,
    ),
    ("partner_count", r"\s*trường\s+(?:đại học|ĐH|Đại học)\b[^.;]{0,30}?\b(?:sẽ\s+)?hợp tác với\b", None),
    # a count of institutions that a list of names follows: "3 bệnh viện tuyến tỉnh của Bộ Y tế là Bệnh viện A,
    # B và C", "three hospitals, namely A, B and C"
    (
        "partner_count",
        r"\s*(?:trường|bệnh viện|viện)\b[^.;:]{0,40}?\blà\s+(?:các\s+)?[A-ZĐ][^.;]{0,120}?(?:,|\svà\s)",
        None,
    ),
    (
        "partner_count",
        r"\s*(?:hospitals|universities|institutes|institutions|partners)\b,?\s+namely\s+[A-Z][^.;]{0,120}?(?:,|\sand\s)",
        None,
    ),
    ("procedures_performed", r"\s*(?:lượt\s+)?ca\s+(?:can thiệp|phẫu thuật|ghép|mổ|thủ thuật)", None),
    ("procedures_performed", r"\s*(?:trường hợp|ca)[^.;]{0,15}(?:ghép|phẫu thuật|mổ|can thiệp)", None),
    # the cases counted by who had them, in the passive: "12 trường hợp người bệnh ở tỉnh X đã được mổ"
    (
        "procedures_performed",
        r"\s*(?:trường hợp|ca)\b[^.;]{0,40}?\b(?:đã\s+|sẽ\s+)?được\s+(?:ghép|phẫu thuật|mổ|can thiệp)",
        None,
    ),
    ("procedures_performed", rf"\s*(?:{PATIENTS}|trẻ em|trẻ|children|people)", SURGERY),
    # "some 7,000 cancer surgeries", "120 heart operations": English counts procedures by their own noun
    (
        "procedures_performed",
        r"\s*(?:[a-z-]+\s+){0,2}(?:surgeries|operations|procedures|interventions|transplants)\b",
        None,
    ),
    # "29 trẻ được phẫu thuật", "40 patients were operated on", "70 children will be given free operations", "61
    # patients got free surgical operations": the operations, counted by who had them
    (
        "procedures_performed",
        rf"\s*(?:{PATIENTS}|trẻ em|trẻ|em|children|people)[^.;,]{{0,60}}?\b(?:(?:được|đã được|sẽ được)\s+(?:phẫu thuật|mổ)|"
        r"(?:were|have been|had been|will be|are)\s+(?:operated|given\s+(?:free\s+)?(?:surgery|surgeries|operations))|"
        r"(?:got|received|underwent|had|will receive|will undergo)\s+(?:free\s+)?(?:surgical\s+)?"
        r"(?:surgery|surgeries|operations))",
        None,
    ),
    # English puts any number of words that describe them between the count and the people operated on ("surgery
    # for 40 poor rural cleft lip and palate children")
    ("procedures_performed", r"\s*(?:[A-Za-z'’-]+\s+){1,7}?(?:children|patients|people)\b", SURGERY),
    ("patients_examined", rf"\s*{PATIENTS}[^.;,]{{0,20}}được khám", None),
    (
        "patients_examined",
        r"\s*(?:patients|people|children|residents|villagers)[^.;,]{0,20}?\b(?:have been|were|had been|will be|are)\s+"
        r"(?:examined|screened|checked)",
        None,
    ),
    (
        "patients_examined",
        r"\s*(?:lượt\s+)?(?:người|bệnh nhân|bà con|đồng bào|trẻ em|trẻ|patients|people|children|residents|villagers|"
        r"đối tượng)",
        r"khám|examin|\bexams?\b|screen|check-?ups?\b",
    ),
    ("patients_treated", rf"\s*{PATIENTS}", None),
    ("patients_treated", r"\s*(?:[a-z-]+\s+){0,2}cases\b", r"\btreat\w*\s+(?:" + APPROX + r"\s+)?$"),
    ("duration_days", r"\s*ngày\s+(?:công tác|làm việc)", None),
]
COMPILED = [
    (metric, re.compile(after, re.IGNORECASE), re.compile(before, re.IGNORECASE) if before else None)
    for metric, after, before in RULES
]


# The metrics a count in words may give: people sent, received or trained (a number word before "bệnh nhân"
# or "ca" is too often a story's example to be a total).
PEOPLE_METRICS = {"experts_received", "experts_sent", "staff_trained", "staff_sent_abroad", "students_received"}


# A figure only wished for ("mong muốn đào tạo 100 bác sĩ", "hopes to treat 500 patients") is none yet: the
# conventions count what the text states as done or concretely planned ("will operate on 40 children" is).
WISH = re.compile(
    r"\b(?:mong muốn|mong|hy vọng|hi vọng|kỳ vọng|ước mong|đề nghị|đề xuất|kiến nghị|"
    r"(?:hop(?:e|es|ed|ing)|wish(?:es|ed|ing)?|would like|want(?:s|ed)?)\s+to|proposed|requested|asked)\b"
    r"(?![^.;]*\b(?:đã|has|have|had)\b)[^.;,]*$",
    re.IGNORECASE,
)


# A number inside a short quoted name ("the “1 Euro for Friends” programme") belongs to the name.
QUOTED = re.compile(r"[\"“]([^\"“”\n]{2,60})[\"”]")
# Money or people for a body outside health care (a kindergarten, a school) are no figure of a medical cooperation.
NOT_HEALTH_RECIPIENT = re.compile(
    r"\b(?:kindergartens?|nursery schools?|primary schools?|trường mầm non|trường mẫu giáo|trường tiểu học)\b",
    re.IGNORECASE,
)


def _quoted_spans(body: str) -> list[tuple[int, int]]:
    if '"' not in body and "“" not in body:
        return []
    return [m.span(1) for m in QUOTED.finditer(body) if len(m.group(1).split()) <= 8]


def _enclosing_sentence(body: str, position: int) -> str:
    start = max(body.rfind(". ", 0, position), body.rfind("\n", 0, position)) + 1
    ends = [e for e in (body.find(". ", position), body.find("\n", position)) if e != -1]
    return body[start : min(ends) if ends else len(body)]


def find_figures(body: str, set_aside: list[dict] | None = None) -> list[dict]:
    """The figures the text states for the cooperation; amounts of money it states that are no figure of it (one
    person's share, the borrower's counterpart funds, a funder's many-project total) go into `set_aside` when
    given: they still say money is given (the funding kind), as a scholarship of stated value does."""
    found: list[dict] = []
    conversions: set[tuple] = set()
    last_money_end = -100
    titles = _quoted_spans(body)
    outside_health = NOT_HEALTH_RECIPIENT.search(body) is not None  # asked per number only where the words occur
    for number in find_numbers(body):
        after = body[number.end : number.end + 200]
        before = _sentence_before(body, number.start)
        if WISH.search(before) or any(a <= number.start < b for a, b in titles):
            continue
        if outside_health and NOT_HEALTH_RECIPIENT.search(_enclosing_sentence(body, number.start)):
            continue
        figure = _money(number, after, before[-8:])
        if figure and _in_brackets(body, number.start) and number.start - last_money_end < 40:
            conversions.add((figure["value"], figure["currency"]))
            continue  # "450.000 USD (gần 9,6 tỷ đồng)": a conversion, not a second amount
        if figure and not _an_amount_given(before, after):
            if set_aside is not None and GIVING.search(before + after[:60]):  # a scholarship's value, not a cost
                set_aside.append({**figure, "evidence": [{"start": number.start, "end": number.end}]})
            continue
        if figure:
            last_money_end = number.end + 20
        elif _bare_amount(number, after, before):
            figure = {"metric": "funding", "value": _plain(number.value), "currency": None}
        if figure is None and not _in_brackets(body, number.start):
            figure = _counted(number, before, after)
        if figure:
            _add(found, figure, number.start, number.end)
    for number in find_number_words(body):  # "Twenty-seven professors", "hai bác sĩ": people, counted in words
        before = _sentence_before(body, number.start)
        if _in_brackets(body, number.start) or WISH.search(before):
            continue
        figure = _counted(number, before, body[number.end : number.end + 200])
        worded_metrics = PEOPLE_METRICS | {"partner_count"}  # "with nine partners" is a total too
        if figure and (figure["metric"] in worded_metrics or number.value >= 100):  # hundreds are no example
            _add(found, figure, number.start, number.end)
    # a headline's "5.3 mln USD" that the story gives as the conversion of its amount is that conversion
    found = [f for f in found if f["metric"] != "funding" or (f["value"], f.get("currency")) not in conversions]
    days = sorted(find_day_spans(body), reverse=True)
    if days:  # one mission: its whole length, not the days of its schedule
        _add(found, {"metric": "duration_days", "value": days[0][0]}, days[0][1], days[0][2])
    return _without_breakdowns(found)


def _without_breakdowns(found: list[dict]) -> list[dict]:
    """Counts that add up under a stated total of the same metric ("2.800 người": 900, 500, 300 per place)
    are its breakdown, not figures of their own. A breakdown follows its total and has two parts at least (one
    smaller count after a larger one is another event's: 150 children in one city, then 90 in another); a smaller
    count told before a larger one (one course's 37, then 300 since the programme began) is a figure of its own."""

    def starts(figure: dict) -> int:
        return figure["evidence"][0]["start"]

    def part_of_a_total(figure: dict) -> bool:
        for total in found:
            if total["metric"] != figure["metric"] or total["value"] <= figure["value"]:
                continue
            if starts(total) > starts(figure):
                continue
            parts = [
                f["value"]
                for f in found
                if f["metric"] == figure["metric"] and f["value"] < total["value"] and starts(f) > starts(total)
            ]
            if len(parts) >= 2 and total["value"] >= sum(parts):  # one smaller count alone is its own event's
                return True
        return False

    return [
        f
        for f in found
        if not (part_of_a_total(f) if f["metric"] != "funding" else _share_of_an_amount(f, found))
        or f["metric"] == "duration_days"
    ]


def _share_of_an_amount(figure: dict, found: list[dict]) -> bool:
    """Amounts of one currency that add up exactly to a larger one stated with them ("JPY2 billion, including
    JPY1.8 billion … and JPY200 million …") are its shares; amounts that merely sum to less are their own."""
    same = [f for f in found if f["metric"] == "funding" and f.get("currency") == figure.get("currency")]
    for total in same:
        parts = [f["value"] for f in same if f["value"] < total["value"]]
        if figure["value"] < total["value"] and len(parts) >= 2 and sum(parts) == total["value"]:
            return True
    return False


# Amounts that are not what the cooperation gives (the conventions): one person's share ("giá trị mỗi suất học
# bổng", "1.000 USD/người", "per student"), the borrower's own counterpart funds ("vốn đối ứng", "Vietnam will
# contribute"), and a funder's total over many projects ("loans totalling $161 million … for 17 projects").
PER_PERSON_BEFORE = re.compile(
    r"(?:giá trị|trị giá)\s+(?:của\s+)?(?:mỗi\s+|một\s+)?(?:suất\s+)?học bổng|"
    r"\bmỗi\s+(?:suất|người|sinh viên|học viên|ca|em|trẻ|bệnh nhân|gia đình|hộ)\b[^.;]*$|"
    r"\b(?:each|a|one|per)\s+(?:scholarship|student|person|trainee|fellowship|patient|child|case|operation|"
    r"family)\b[^.;,]*$|"
    r"vốn đối ứng|counterpart (?:fund|funding|contribution)|"
    r"\b(?:Vietnam|Viet Nam|the Vietnamese side|phía Việt Nam|Việt Nam)\s+(?:will\s+|sẽ\s+)?(?:contribut\w*|đóng góp|bố trí)",
    re.IGNORECASE,
)
PER_PERSON_AFTER = re.compile(
    r"^[^.;,(]{0,25}?(?:/\s*(?:người|sinh viên|học viên|suất|student|person)|\b(?:per|each|mỗi)\s+"
    r"(?:person|student|trainee|người|sinh viên|học viên)\b)|"
    r"^[^.;]{0,40}?\b(?:for|cho)\s+(?:\d+|[a-z]+)\s+(?:projects|dự án)\b",
    re.IGNORECASE,
)


GIVING = re.compile(
    r"học bổng|scholarship|fellowship|tài trợ|viện trợ|cho vay|khoản vay|\bgrant|donat|sponsor|\bfund|\bloan",
    re.IGNORECASE,
)


def _an_amount_given(before: str, after: str) -> bool:
    return not (PER_PERSON_BEFORE.search(before) or PER_PERSON_AFTER.search(after))


FUNDING_WORDS = re.compile(
    r"\b(?:tài trợ|viện trợ|vốn|ODA|cho vay|khoản vay|chi phí|kinh phí|grant|loan|fund\w*|cost|invest\w*)\b",
    re.IGNORECASE,
)


def _bare_amount(number, after: str, before: str) -> bool:
    """ "khoảng 35 triệu" in a sentence about money, with no currency and no counted noun after it."""
    scaled = number.value >= 1_000_000 or re.match(r"\s*(?:triệu|tỷ|tỉ|million|billion)", after)
    ends = re.match(r"\s*(?:triệu|tỷ|tỉ|million|billion)?\s*(?:[,.;)]|$)", after)
    return bool(scaled and ends and FUNDING_WORDS.search(before))


# English currency names the shared reader does not know ("505 million Japanese yen", "2 billion won")
CURRENCY_NAMES = {"japanese yen": "JPY", "yen": "JPY", "korean won": "KRW", "won": "KRW", "euros": "EUR",
                  "us dollars": "USD", "dollars": "USD", "pounds": "GBP"}  # fmt: skip
CURRENCY_WORDS = re.compile(
    r"\s*(?:million\s+|billion\s+|mln\s+|bn\s+)?(" + "|".join(CURRENCY_NAMES) + r")\b", re.IGNORECASE
)
# Words that make "đồng" another word: đồng nghiệp (colleague), đồng bào (compatriot), đồng hương, đồng chí…
COMPOUND_OF_DONG = re.compile(r"\s+(?:nghiệp|bào|hương|chí|đội|minh|hành|ruộng|bằng|tác giả|thời|tâm|lòng)\b")
SYMBOL_BEFORE = {"$": "USD", "€": "EUR", "¥": "JPY", "₩": "KRW", "£": "GBP"}
# An ISO 4217 code written before the amount, joined to it or not: "JPY2 billion", "USD 450,000".
ISO_CODE_BEFORE = re.compile(r"(?<![A-Za-z])([A-Z]{3}) ?$")


def _money(number, after: str, before: str = "") -> dict | None:
    """An amount with its currency after it ("13,5 triệu Euro") or its symbol before it ("$90,000")."""
    symbol = before.rstrip()[-1:]
    if symbol in SYMBOL_BEFORE:
        return {"metric": "funding", "value": _plain(number.value), "currency": SYMBOL_BEFORE[symbol]}
    code_before = ISO_CODE_BEFORE.search(before)
    if code_before and currency_code(code_before[1]):
        return {"metric": "funding", "value": _plain(number.value), "currency": currency_code(code_before[1])}
    written = CURRENCY_AFTER_NUMBER.match(after)
    if written is not None and COMPOUND_OF_DONG.match(after, written.end()) and written[1].lower() == "đồng":
        return None  # "7 đồng nghiệp", "500 đồng bào": colleagues and compatriots, not dong
    if written is None:
        worded = CURRENCY_WORDS.match(after)
        if worded:
            code = next(c for word, c in CURRENCY_NAMES.items() if worded[1].lower().startswith(word))
            return {"metric": "funding", "value": _plain(number.value), "currency": code}
        return None
    return {"metric": "funding", "value": _plain(number.value), "currency": currency_code(written[1])}


def _counted(number, before: str, after: str) -> dict | None:
    for metric, after_pattern, before_pattern in COMPILED:
        counted = after_pattern.match(after)
        if not counted:
            continue
        if before_pattern and not before_pattern.search(before):
            continue
        if metric == "volunteers":  # counted with no verb of receiving: only when they come to work here
            if not TO_WORK_HERE.match(after[counted.end() :]):
                continue
            metric = "experts_received"
        if metric == "foreign_team":
            nationality = counted.group("nationality")
            if (TEAM_ABBREVIATIONS.get(nationality) or demonyms().get(nationality, "VN")) == "VN":
                continue
            metric = "team"
        if metric == "clinical_team":
            if TRAINING.search(before) or not CLINICAL_VERB.match(after):
                continue
            metric = "team"
        if metric == "fellows":
            return {"metric": "staff_trained", "value": _plain(number.value)}
        if metric == "travelling_team":
            if not TO_VIETNAM.match(after[counted.end() :]):
                continue
            metric = "experts_received"
        if metric == "team_and_leader":
            return {"metric": _team_metric(before, after), "value": _plain(number.value) + 1}
        if metric == "team":  # a team's members: sent when it goes abroad ("sang"), else received
            metric = _team_metric(before, after)
        if metric == "staff_trained" and not (TRAINING.search(before) or TRAINING.search(after[:100])):
            continue
        return {"metric": metric, "value": _plain(number.value)}
    return None


def _team_metric(before: str, after: str) -> str:
    going = re.search(r"\bsang\b|\bcử\b|\bsent\b", before + after, re.IGNORECASE)
    return "experts_sent" if going else "experts_received"


def _sentence_before(body: str, position: int) -> str:
    start = max(body.rfind(mark, 0, position) for mark in ".;!?\n")
    return body[start + 1 : position]


def _in_brackets(body: str, position: int) -> bool:
    """A count in an aside "(09 tháng … cho 01 học viên …)" qualifies the sentence; it is not a figure (an
    amount of money is, wherever it stands: "(tài trợ 13,5 triệu Euro)")."""
    opening, closing = body.rfind("(", 0, position), body.rfind(")", 0, position)
    return opening > closing and body.find(")", position) != -1 and "\n" not in body[opening:position]


def _plain(value):
    return int(value) if value == value.to_integral_value() else float(value)


def _add(found: list[dict], figure: dict, start: int, end: int) -> None:
    if any(f["metric"] == figure["metric"] and f["value"] == figure["value"] for f in found):
        return
    found.append({**figure, "evidence": [{"start": start, "end": end}]})
