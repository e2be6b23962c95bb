"""Stage: agreements. Input: the cleaned text, its linked organisations and the page year. Output: one item per
signing the text reports — every party (the home institution included), the kind of document, the date, the
stated length, and for a renewal the agreement it renews.

A signing is a sentence with a signing verb (ký, ký kết, signed, inked) and a document noun (biên bản ghi nhớ,
thỏa thuận, hợp đồng, MOU, contract…). Its parties are the organisations named in it; officials stand for
their institutions (a minister for the ministry, an ambassador for the government); a bare head noun ("Bệnh
viện ký…", "the hospital signed") or a single party stands beside the home institution, the Vietnamese
organisation the article mentions most.
"""

import re
from dataclasses import dataclass, field
from functools import lru_cache

from medcoop.core.text import fold

from .cleaning import is_dateline
from .entities import ENGLISH_HEADS, HEADS, demonyms, looks_foreign
from .gazetteers import find_countries, tokenize
from .numbers import day_only_date, find_date, weekday_date
from .sentences import SENTENCE

SIGNING = re.compile(
    r"(?<!đăng )(?<!thư )\bk[ýí](?:\s+kết)?\b|\b(?:signed|inked|sealed|signing|signs?)\b", re.IGNORECASE
)
# A signing only wished for, planned, announced or discussed as a possibility ("mong muốn ký kết", "sẽ tiến hành kí
# kết", "thảo luận về khả năng ký kết", "the possibility of signing", "hopes to sign",
# "will sign", "is expected to be signed"): no document yet, so no agreement (the annotation conventions: only what
# the text says was signed). The marker stands at most three words before the verb, in the verb's own clause.
PROSPECTIVE = re.compile(
    r"(?:\b(?:sẽ|dự kiến|mong muốn|mong|hy vọng|hi vọng|tiến tới|tiến đến|hướng tới|chuẩn bị|sắp|đề nghị|đề xuất|"
    r"khả năng|việc có thể|possibility\s+of|prospect\s+of|"
    r"will|would|shall|could|(?-i:may|might)|to\s+be|"
    r"(?:hop(?:e|es|ed|ing)|wish(?:es|ed|ing)?|plan(?:s|ned|ning)?|intend(?:s|ed|ing)?|expect(?:s|ed|ing)?|"
    r"aim(?:s|ed|ing)?|want(?:s|ed)?|seek(?:s|ing)?|agree(?:s|d)?|prepar(?:e|es|ed|ing)|set|due|scheduled|slated|"
    r"going|look(?:s|ing)?\s+forward)\s+to)\b)(?:\s+[\w-]+){0,3}?\s+$",
    re.IGNORECASE,
)
CLAUSE_BREAK = re.compile(r"\s*[,;]\s*(?:and\s+|và\s+|while\s+|còn\s+)?|\s+(?:and|và|while|còn)\s+", re.IGNORECASE)
# "have signed a number of agreements", "đã ký nhiều văn bản hợp tác": a summary of past signings, none of them told.
VAGUE_PLURAL = re.compile(
    r"\b(?:a number of|several|many|numerous|various|dozens of|nhiều|một số|hàng loạt)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:agreements|MOUs|MoUs|memorand(?:ums|a)|contracts|documents|thỏa thuận|thoả thuận|biên bản|văn bản|hợp đồng)",
    re.IGNORECASE,
)
# Kí is a spelling of ký as good as the other (the 2018 spelling debate left both in use).
KI = re.compile(r"\bkí\b")
# Document nouns, most specific first, with the kind of agreement they name (agreements.models.AgreementKind).
AGREEMENT_NOUNS = {
    "biên bản ghi nhớ": "mou",
    "bản ghi nhớ": "mou",
    "ghi nhớ": "mou",
    "thỏa thuận": "agreement",
    "thoả thuận": "agreement",
    "nghị định thư": "protocol",
    "hiệp định": "agreement",
    "hợp đồng": "contract",
    "thư ý định": "letter_of_intent",
    "biên bản": "agreement",
    "memorand(?:um|ums|a)": "mou",
    "mous?": "mou",
    "letter of intent": "letter_of_intent",
    "công hàm": "agreement",
    "(?:exchange of )?notes?": "agreement",  # diplomatic notes exchanged (a grant's "signed the note")
    "minutes?": "agreement",
    "protocol": "protocol",
    "contracts?": "contract",
    "agreements?": "agreement",
    "deal": "agreement",
    "documents?": None,
    "văn bản": None,
    "kế hoạch hợp tác": "agreement",  # a signed cooperation plan
}
NOUN = [(re.compile(rf"\b{words}\b", re.IGNORECASE), kind) for words, kind in AGREEMENT_NOUNS.items()]
OTHER = re.compile(
    r"\b(?:[Tt]he other|[Aa]nother|[Tt]he second)\s+(?:agreement|contract|document|MOU)|"
    r"(?:thỏa thuận|hợp đồng|văn bản|biên bản)\s+(?:khác|thứ hai)\b"
)
# "a new memorandum", "biên bản ghi nhớ mới": a document of its own, not the one told before.
NEW_DOCUMENT = re.compile(
    r"\b[Aa]\s+new\s+(?:cooperation\s+)?(?:agreement|contract|memorandum|MOU|MoU)\b|"
    r"\b(?:biên bản ghi nhớ|bản ghi nhớ|thỏa thuận|thoả thuận|hợp đồng)(?:\s+hợp\s+tác)?\s+mới\b"
)
# "The agreement, signed by …", "Biên bản ghi nhớ này …": the document just told, told again.
DEFINITE = re.compile(
    r"^\W*(?:The|This|That|Under the|Under this)\s+(?:agreement|memorandum|MOU|MoU|contract|deal|document)\b|"
    r"\b(?:biên bản ghi nhớ|bản ghi nhớ|thỏa thuận|thoả thuận|hợp đồng|văn bản)\s+(?:hợp tác\s+)?(?:này|nói trên|trên)\b"
)
BOTH_SIDES = re.compile(r"\bhai\s+(?:bên|bệnh viện|đơn vị|trường|nước)\b|\bboth (?:sides|parties)\b", re.I)
RENEWAL = re.compile(
    r"\b(?:tái ký|gia hạn|ký lại|ký tiếp|tiếp tục (?:thực hiện )?ký|ký điều chỉnh|ký sửa đổi|renew(?:ed|al|s|ing)?|"
    r"extend(?:ed|s)?|amend(?:ed|ment|ing|s)?)\b",
    re.IGNORECASE,
)
# Renewing a document is signing it again, even when no signing verb is written ("UMC renewed its MOU").
RENEWING = re.compile(r"\b(?:tái ký|gia hạn|renew(?:ed|al|s|ing)?)\b", re.IGNORECASE)
# A sentence that opens by pointing back at the event just told: it happened on that event's day.
ANAPHORA = re.compile(
    r"^\W*(?:(?:On|At|During|As part of)\s+(?:this|that|the)\s+(?:occasion|event|meeting|session|ceremony|visit|"
    r"working session|talks|trip|programme|program)\b|(?:Cũng\s+)?(?:nhân|trong)\s+dịp\s+(?:này|đó)|Dịp\s+này|"
    r"Tại\s+(?:buổi|lễ|cuộc)\s+(?:làm việc|gặp|tiếp|hội đàm|hội thảo|lễ)|"
    r"Trong\s+(?:buổi|chuyến|khuôn khổ|chương trình)(?:\s+(?:làm việc|thăm|chuyến thăm|chương trình|buổi làm việc))?\b)",
    re.IGNORECASE,
)
# "signed two memorandums", "ký kết 3 biên bản ghi nhớ": as many agreements as the count says.
COUNTED = re.compile(
    r"\b(\d|two|three|four|five|six|hai|ba|bốn|năm|sáu)\s+(?:new\s+|separate\s+|cooperation\s+|bản\s+|văn\s+bản\s+)?"
    r"(?:memorand\w*|MOUs?|MoUs?|agreements?|contracts?|biên bản|thỏa thuận|thoả thuận|hợp đồng)",
    re.IGNORECASE,
)
# "signed memorandums with X": a plural document, one for each party besides X.
PLURAL_DOCUMENT = re.compile(
    r"\b(?:memorand(?:ums|a)|MOUs|MoUs|agreements|contracts)\s+(?:of understanding\s+)?(?:\([^)]*\)\s+)?with\b|"
    r"\bcác\s+(?:biên bản|bản ghi nhớ|thỏa thuận|thoả thuận|hợp đồng|văn bản)\b[^.;]{0,40}?\svới\b"
)
# "renewed it", "gia hạn hợp tác": a renewal of the agreement just told, its document left unsaid.
RENEWED_UNSAID = re.compile(r"\brenew(?:ed|s|ing)?\s+(?:it|them|the deal)\b|\b(?:gia hạn|tái ký)\b", re.IGNORECASE)
# "Biên bản ghi nhớ giữa A với B", "an MOU between A and B": the parties, named where the document is.
BETWEEN = re.compile(r"\b(?:giữa|between)\s+", re.IGNORECASE)
BETWEEN_END = re.compile(
    r"\s+(?:về|trong|nhằm|để|tại|vào|ngày|hôm|nhân|on|in|to|for|at|regarding|aimed|which|who|was|were|has|have|"
    r"will|đã|sẽ|được|diễn|signed|ký)\b|[.;:(\n]|,\s+(?:on|in|at|tại|vào|ngày)\b",
    re.IGNORECASE,
)
BETWEEN_SEPARATOR = re.compile(r"\s+(?:và|với|cùng|and)\s+|\s*,\s*(?:and\s+|và\s+)?", re.IGNORECASE)
PARENT = re.compile(r"\s+(?:trực\s+)?thuộc\s+|\s+under\s+(?:the\s+)?|\s*\((?:thuộc|under)\b", re.IGNORECASE)
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "ten": 10, "một": 1, "hai": 2,
                "ba": 3, "bốn": 4, "năm": 5, "mười": 10}  # fmt: skip
_COUNT = r"(\d+|" + "|".join(NUMBER_WORDS) + r")"
DURATIONS = [
    re.compile(rf"(?:trong\s+(?:vòng\s+|thời\s+hạn\s+|thời\s+gian\s+)?|thời\s+(?:hạn|gian)\s+(?:là\s+)?|thêm\s+|kéo\s+dài\s+(?:trong\s+)?|giai\s+đoạn\s+|hiệu\s+lực\s+(?:trong\s+)?(?:vòng\s+)?){_COUNT}\s+(năm|tháng)", re.I),
    re.compile(rf"\b{_COUNT}[\s-]+(?:(?:more|additional|further)\s+)?(year|month)s?\b", re.IGNORECASE),
    re.compile(rf"(?:chương\s+trình|dự\s+án)\s+(?:\w+\s+){{0,3}}{_COUNT}\s+(năm|tháng)", re.IGNORECASE),
]  # fmt: skip
# Officials who sign for their institution.
MINISTER = re.compile(r"\b(?:Bộ\s+trưởng|Thứ\s+trưởng)\s+(?!Bộ\b)", re.UNICODE)
ENVOY = re.compile(
    r"\b(?:(?P<adj>[A-Z][a-z]+)\s+Ambassador|Đại\s+sứ\s+(?P<vi>[A-ZÀ-Ỹ][^\s,.]*(?:\s+[A-ZÀ-Ỹ][^\s,.]*)?))"
)
COUNTERPART = re.compile(r"\b(?P<adj>[A-Z][a-z]+)\s+counterpart\b")
BARE_HEAD = re.compile(
    r"(?:^|[,:–-]\s*|\b(?:[Tt]he|[Hh]ai)\s+)(?:[Bb]ệnh viện|Trường|[Nn]hà trường|[Đđ]ơn vị|Viện|Bộ|Sở|[Hh]ospital|"
    r"[Uu]niversity|[Mm]inistry)(?:\s+này)?\s+(?:(?:cũng|also)\s+)?(?:đã\s+|sẽ\s+|has\s+|have\s+)?(?:ký|signed|inked)",
)
# A signing sentence whose subject points back ("It also signed…", "The two sides signed…", "Hai bên đã ký…"):
# it tells the event of the sentence before, and took place on the day that sentence states.
POINTING_SUBJECT = re.compile(
    r"^\W*(?:(?:It|They|Both|The\s+(?:two\s+)?(?:sides|parties|hospitals?|universit(?:y|ies)|institutes?|"
    r"ministr(?:y|ies)|cent(?:re|er)s?|organi[sz]ations?|institutions?))\s+(?:also\s+|then\s+|later\s+)?"
    r"(?:signed|inked|renewed)|(?:Hai|Đôi)\s+bên|Hai\s+(?:bệnh viện|đơn vị|trường|Bộ|viện)|Phía\s+bệnh viện|"
    r"(?:Bệnh viện|Đơn vị|Nhà trường)(?:\s+này)?\s+(?:cũng\s+)?(?:đã\s+)?(?:ký|tái ký|gia hạn))",
)
# An acronym or a run-together name ("IUHW", "VinUni") that a signing sentence names as a party.
ACRONYM = re.compile(r"\b[A-Z][A-Za-z]*[A-Z][A-Za-z]*\b")
MINISTRY_WORDS = ("bo", "ministry")
# Capitalised words that name no party: documents, currencies, and the Vietnamese abbreviations of a state's form
# ("CHLB Đức" is the Federal Republic of Germany, "CHDCND Lào" the Lao People's Democratic Republic).
NOT_PARTIES = {"MOU", "MOA", "ODA", "USD", "VND", "COVID", "CHLB", "CHND", "CHDCND", "CHXHCN", "CHDC", "CHNDTH"}
# Vietnamese places are shortened with a unit and a full stop ("TP.HCM", "Tp. Hồ Chí Minh"), and the largest city
# by its initials alone ("HCM"): a place, no party.
PLACE_ABBREVIATION = re.compile(r"\b(?:TP|Tp|tp|TX|Q|P)\.\s?$")
PLACE_ACRONYMS = {"HCM", "TPHCM", "HN"}
# "khám chữa bệnh (KCB)", "bảo hiểm y tế (BHYT)": lower-case words whose initials spell the bracket are a common
# noun written short, whatever the text does with the short form after.
COMMON_ABBREVIATION = re.compile(r"((?:[a-zà-ỹđ]+\s+){1,5}[a-zà-ỹđ]+)\s*\(([A-ZĐ]{2,6})\)")


@lru_cache(maxsize=64)
def common_abbreviations(body: str) -> frozenset[str]:
    found = set()
    if "(" not in body:
        return frozenset()
    for match in COMMON_ABBREVIATION.finditer(body):
        words, short = match.group(1).split(), match.group(2)
        initials = "".join(fold(w)[0] for w in words[-len(short) :]).upper()
        if len(words) >= len(short) and initials == fold(short).upper():
            found.add(short)
    return frozenset(found)


# The words before a place where something happened: "held at …", "signed in …", "tại …".
VENUE_BEFORE = re.compile(r"\b(?:at|in|tại|ở)\s+(?:the\s+)?$", re.IGNORECASE)
NEAR_DATE = 400  # characters before a signing where the day it took place may be written


@dataclass
class Party:
    name: str
    country: str | None = None


@dataclass
class Agreement:
    parties: list[str]
    signed_on: str | None
    duration_months: int | None
    kind: str | None
    spans: list[tuple[int, int]] = field(default_factory=list)
    renews: int | None = None
    date_stated: bool = False  # written in a signing sentence, not borrowed from the sentences around it
    renewal: bool = False
    fresh: bool = False  # "a new memorandum": never the same as one told before it

    def item(self) -> dict:
        item = {
            "parties": self.parties,
            "signed_on": self.signed_on,
            "duration_months": self.duration_months,
            "kind": self.kind,
            "evidence": [{"start": s, "end": e} for s, e in self.spans],
        }
        if self.renews is not None:
            item["renews"] = self.renews
        return item


def find_agreements(
    body: str, organizations: list, page_year: int | None, page_date: str | None = None
) -> tuple[list[dict], list[Party]]:
    """The agreements the text reports, and the parties it names only by acronym (new organisations)."""
    found: list[Agreement] = []
    new_parties: list[Party] = []
    home = _home(organizations)
    body = KI.sub("ký", body) if "kí" in body else body  # the same length: every offset stays the text's
    for start, end in _clauses(body):
        sentence = body[start:end]
        signing = SIGNING.search(sentence)
        if not (signing or RENEWING.search(sentence) or (found and RENEWED_UNSAID.search(sentence))):
            continue
        nouns = [kind for pattern, kind in NOUN if pattern.search(sentence)]
        noun = next((kind for kind in nouns if kind), None)
        if not (signing or (noun and RENEWING.search(sentence)) or (found and RENEWED_UNSAID.search(sentence))):
            continue
        unsaid = bool(found and RENEWED_UNSAID.search(sentence))
        if not nouns and unsaid:
            nouns = [found[-1].kind]
            noun = noun or found[-1].kind
        if not nouns and "hợp tác" not in sentence.lower():
            continue
        stated = (
            find_date(sentence, _year_near(body, start, page_year))
            or weekday_date(sentence, page_date)
            or day_only_date(sentence, page_date)
        )
        signed_on = (
            stated
            or _date_before(body, start, page_year)
            or _date_pointed_at(body, start, page_year)
            or _date_of_the_sentence_before(body, start, page_year)
        )
        if unsaid and not signing and not _names_one(organizations, start, end):
            parties = list(found[-1].parties)  # "… and renewed it in 2024": the agreement just told
        else:
            parties = _between(body, start, end, organizations, new_parties) or _parties(
                body, start, end, organizations, home, new_parties
            )
        months = duration_months(sentence, int(signed_on[:4]) if signed_on else None)
        renewal = bool(RENEWAL.search(sentence))
        other = bool(OTHER.search(sentence))
        fresh = bool(NEW_DOCUMENT.search(sentence))
        if other and found and len(parties) < 3:  # "the other agreement was signed with X": the first's partner
            parties += [p for p in found[0].parties if p not in parties and _country(p, organizations) != "VN"]
        same = None
        if renewal and not other:  # the renewal told again ("this renewed MOU…"), not the first signing
            same = next((a for a in found if a.renewal and _same_agreement(a, None, signed_on, parties)), None)
        if not (renewal or other or fresh):
            same = next((a for a in found if _same_agreement(a, noun, signed_on, parties)), None)
            if (
                same is None
                and found
                and (len(parties) < 2 or BOTH_SIDES.search(sentence) or DEFINITE.search(sentence))
            ):
                last = found[-1]  # "hai bệnh viện đã ký kết…": the signing just told, told again
                kind = None if DEFINITE.search(sentence) else noun  # "the agreement" names whichever was told
                same = last if _same_agreement(last, kind, signed_on, []) else None
        if same:
            if stated and not same.date_stated:  # the day a signing sentence states beats one borrowed
                same.signed_on, same.date_stated = stated, True
            same.signed_on = same.signed_on or signed_on
            same.duration_months = same.duration_months or months
            same.parties += [p for p in parties if p not in same.parties]
            same.kind = same.kind or noun
            same.spans.append((start, end))
            continue
        agreement = Agreement(parties, signed_on, months, noun, [(start, end)], date_stated=bool(stated))
        agreement.renewal, agreement.fresh = renewal, fresh
        if renewal:
            first = next((i for i, a in enumerate(found) if set(a.parties) & set(parties)), None)
            if first is not None:
                agreement.renews = first
        found += _several(agreement, sentence, organizations)
    found = _without_one_sided(found)
    _durations_nearby(body, found)
    if len(found) == 1 and found[0].duration_months is None:
        found[0].duration_months = _programme_length(body)
    return [a.item() for a in found], new_parties


def _clauses(body: str):
    """(start, end) of each stretch of text that may tell one signing: a sentence, less any clause that only
    plans or wishes for a signing ("… and will sign another next year"), and split where a clause renews what
    the one before signed ("signed it in 2019 and renewed it in 2024"). A sentence whose every signing is
    only planned gives nothing."""
    for match in SENTENCE.finditer(body):
        start, end = match.span()
        sentence = match.group(0)
        verbs = [*SIGNING.finditer(sentence), *RENEWING.finditer(sentence)]
        if not verbs:
            continue  # no signing or renewing word: nothing the agreements stage reads (the common case)
        verbs.sort(key=lambda m: m.start())
        done = [m for m in verbs if not _prospective(sentence, m.start())]
        if not done or VAGUE_PLURAL.search(sentence):
            continue
        if done:
            later = next((m for m in verbs if m.start() > done[0].start() and _prospective(sentence, m.start())), None)
            if later is not None:  # cut the planned clause off: its partner signed nothing yet
                breaks = [b for b in CLAUSE_BREAK.finditer(sentence, done[0].end(), later.start())]
                if breaks:
                    end = start + breaks[-1].start()
                    sentence = body[start:end]
            renewing = next(
                (
                    m
                    for m in RENEWING.finditer(sentence)
                    if m.start() > done[0].end() and SIGNING.match(sentence, done[0].start())
                ),
                None,
            )
            breaks = [b for b in CLAUSE_BREAK.finditer(sentence, done[0].end(), renewing.start())] if renewing else []
            if breaks and not RENEWAL.search(sentence, 0, breaks[-1].start()):
                yield start, start + breaks[-1].start()
                yield start + breaks[-1].end(), end
                continue
        yield start, end


def _prospective(sentence: str, position: int) -> bool:
    """A signing verb at `position` that is only wished for, planned or announced, within its own clause."""
    before = sentence[max(0, position - 60) : position]
    clause = CLAUSE_BREAK.split(before)[-1] if before.strip() else before
    return bool(PROSPECTIVE.search(" " + clause))


def _names_one(organizations: list, start: int, end: int) -> bool:
    return any(start <= s < end for o in organizations for s, _e in o.spans)


def _several(agreement: Agreement, sentence: str, organizations: list) -> list[Agreement]:
    """One signing sentence that tells several documents: "signed two memorandums" gives two agreements (one
    for each party besides the common partner when the parties are one more than the count); "A, B and C
    signed memorandums with X" gives one for each of A, B and C with X."""
    counted = COUNTED.search(sentence)
    count = 0
    if counted:
        word = counted.group(1).lower()
        count = int(word) if word.isdigit() else NUMBER_WORDS.get(word, {"sáu": 6}.get(word, 0))
    parties = agreement.parties
    plural = bool(PLURAL_DOCUMENT.search(sentence)) and len(parties) >= 3
    if count < 2 and not plural:
        return [agreement]
    if plural or len(parties) == count + 1:
        partner = _common_partner(sentence, parties, organizations)
        if partner is not None:
            others = [p for p in parties if p != partner]
            return [_copy(agreement, [other, partner]) for other in others]
    return [_copy(agreement, list(parties)) for _ in range(max(count, 1))]


def _common_partner(sentence: str, parties: list[str], organizations: list) -> str | None:
    """The party every document of a plural signing shares: the one named after "with"/"với", else the one
    whose country differs from all the others'."""
    folded = sentence.lower()
    marker = max(folded.rfind(" with "), folded.rfind(" với "))
    if marker >= 0:  # the side of "with" that names one party shares it with every party of the other
        after = [p for p in parties if sentence.find(p, marker) >= 0]
        before = [p for p in parties if p not in after]
        if len(after) == 1 or len(before) == 1:
            return after[0] if len(after) == 1 else before[0]
    countries = [_country(p, organizations) for p in parties]
    for party, country in zip(parties, countries, strict=True):
        rest = {c for c in countries if c != country}
        if countries.count(country) == 1 and len(rest) == 1:
            return party
    return None


def _copy(agreement: Agreement, parties: list[str]) -> Agreement:
    return Agreement(
        parties,
        agreement.signed_on,
        agreement.duration_months,
        agreement.kind,
        list(agreement.spans),
        agreement.renews,
        agreement.date_stated,
        agreement.renewal,
        agreement.fresh,
    )


def _without_one_sided(found: list[Agreement]) -> list[Agreement]:
    """A signing told with one party only (a headline: "X signs deal with Korean partners") is the signing
    a later sentence tells with all its parties, when one names that party."""
    kept = []
    for agreement in found:
        if len(agreement.parties) == 1:
            fuller = next(
                (
                    a
                    for a in found
                    if len(a.parties) >= 2
                    and set(agreement.parties) <= set(a.parties)
                    and not (a.fresh and a.spans[0] > agreement.spans[0])
                    and _same_agreement(a, None, agreement.signed_on, [])
                ),
                None,
            )
            if fuller is not None:
                fuller.spans = sorted(fuller.spans + agreement.spans)
                fuller.signed_on = fuller.signed_on or agreement.signed_on
                continue
        kept.append(agreement)
    if len(kept) == len(found):
        return found
    index = {id(a): i for i, a in enumerate(kept)}
    for agreement in kept:  # a renewal still points at the agreement it renews, now numbered anew
        if agreement.renews is not None:
            renewed = found[agreement.renews]
            agreement.renews = index.get(id(renewed))
    return kept


def _between(body: str, start: int, end: int, organizations: list, new_parties: list[Party]) -> list[str]:
    """The parties a signing sentence names after "giữa"/"between", when it names at least two: each name as
    the organisations found give it, or as written when it opens with a capital; "A thuộc B" / "A under B"
    names A, B being its parent. Bodies the sentence names elsewhere (a ministry that approved) are no party."""
    sentence = body[start:end]
    opening = BETWEEN.search(sentence)
    if not opening:
        return []
    spans = sorted((s - start, e - start, o.name) for o in organizations for s, e in o.spans if start <= s and e <= end)

    def inside(position: int) -> bool:
        return any(s < position < e for s, e, _n in spans)

    phrase_start = opening.end()
    phrase_end = len(sentence)
    for stop in BETWEEN_END.finditer(sentence, phrase_start):
        if not inside(stop.start()) and not inside(stop.end() - 1):
            phrase_end = stop.start()
            break
    both = _both_countries(sentence, phrase_start, organizations) or _two_countries_named(
        sentence, phrase_start, phrase_end, organizations
    )
    if both:
        for name, country in both:  # ours is the organisation found when the text names it without the country
            ours = country == "VN" and any(name.startswith(o.name + " ") and o.country == "VN" for o in organizations)
            if all(p.name != name for p in new_parties) and not _is_known(name, organizations) and not ours:
                new_parties.append(Party(name, country))
        return [name for name, _country in both]
    pieces, piece_start = [], phrase_start
    for separator in BETWEEN_SEPARATOR.finditer(sentence, phrase_start, phrase_end):
        if not inside(separator.start()) and not inside(separator.end() - 1):
            pieces.append((piece_start, separator.start()))
            piece_start = separator.end()
    pieces.append((piece_start, phrase_end))
    parties: list[str] = []
    for piece_start, piece_end in pieces:
        parent = next((m for m in PARENT.finditer(sentence, piece_start, piece_end) if not inside(m.start())), None)
        if parent:
            piece_end = parent.start()
        named = [n for s, e, n in spans if piece_start <= s and e <= piece_end]
        if named:
            parties.append(max(named, key=len))
            continue
        words = re.sub(r"^(?:the|các|hai)\s+", "", sentence[piece_start:piece_end].strip(" ,"), flags=re.IGNORECASE)
        if not (len(words.split()) >= 2 and words[:1].isupper() and _names_an_organization(words)):
            return []  # a person, a title or a country between: the phrase does not list the parties
        parties.append(words)
        if all(p.name != words for p in new_parties) and not _is_known(words, organizations):
            new_parties.append(Party(words))
    parties = list(dict.fromkeys(parties))
    return parties if len(parties) >= 2 else []


# "giữa Bộ Quốc phòng hai nước", "between the health ministries of the two countries": one such body of each
# country, ours and the one partner country the sentence names.
TWO_COUNTRIES = re.compile(
    r"((?:Bộ|Chính phủ)\s[^,.;()]{2,30}?)\s+(?:của\s+)?hai\s+nước\b|"
    r"(?:the\s+)?(?:(\w+)\s+ministries|governments)\s+of\s+the\s+two\s+countries\b|"
    r"(?:the\s+)?two\s+countries['’]?\s+(?:(\w+)\s+ministries|governments)\b",
    re.IGNORECASE,
)


def _both_countries(sentence: str, position: int, organizations: list) -> list[tuple[str, str]]:
    match = TWO_COUNTRIES.match(sentence, position)
    if not match:
        return []
    tokens = tokenize(sentence)
    named = [(code, tokens[first].start, tokens[last - 1].end) for code, first, last in find_countries(tokens)]
    foreign = {code: sentence[a:b] for code, a, b in named if code != "VN"}
    if len(foreign) != 1:
        return []
    code, country = next(iter(foreign.items()))
    if match[1]:
        body = match[1].strip()
        return [(f"{body} Việt Nam", "VN"), (f"{body} {country}", code)]
    field = (match[2] or match[3] or "").capitalize()
    body = f"Ministry of {field}" if field else "Government"
    return [(f"Vietnamese {body}", "VN"), (f"{country} {body}", code)]


# "Hiệp định hợp tác y dược giữa Việt Nam và Pháp": an agreement between two countries, in an article whose
# Vietnamese side is a ministry, is that ministry's and its counterpart's (the conventions: the ministries for a
# government-level text).
COUNTRY_PAIR = re.compile(
    r"\s*(?:the\s+)?([A-ZÀ-Ỹ][\w\s-]{1,30}?)\s+(?:và|and|với|with)\s+([A-ZÀ-Ỹ][\w\s-]{1,30}?)\s*$"
)


def _two_countries_named(sentence: str, start: int, end: int, organizations: list) -> list[tuple[str, str]]:
    pair = COUNTRY_PAIR.fullmatch(sentence, start, end)
    if not pair:
        return []
    tokens = tokenize(sentence[pair.start(1) : pair.end(2)])  # read together: "Pháp" after "và" is the country
    found = find_countries(tokens)
    covered = sum(last - first for _code, first, last in found)
    if len(found) != 2 or covered != sum(1 for t in tokens if t.is_word) - 1:
        return []  # each side is a country and nothing more
    codes = [code for code, _first, _last in found]
    if "VN" not in codes or len(set(codes)) != 2:
        return []
    ministries = [o for o in organizations if o.country == "VN" and fold(o.name).split()[:1] in (["bo"], ["ministry"])]
    if not ministries:
        return []
    ours = max(ministries, key=lambda o: len(o.spans))
    foreign_group = 1 if codes[0] != "VN" else 2
    base = _without_country(ours.name)
    theirs = (
        f"{base} {pair[foreign_group].strip()}"
        if fold(base).startswith("bo")
        else f"{pair[foreign_group].strip()} {base}"
    )
    return [(ours.name, "VN"), (theirs, codes[foreign_group - 1])]


def _names_an_organization(words: str) -> bool:
    """Words that open with a Vietnamese head noun ("Viện …", "Bệnh viện …") or hold an English one."""
    folded = fold(words).split()
    if any(tuple(folded[: len(head)]) == head for head, _kind, _capital in HEADS):
        return True
    return any(re.search(rf"\b{re.escape(head)}\b", words) for head in ENGLISH_HEADS)


def _date_pointed_at(body: str, position: int, page_year: int | None) -> str | None:
    """ "On this occasion, the two hospitals signed…", "Nhân dịp này, …": the day of the event the sentences
    just before tell, with the year the article gives a day-month."""
    sentence = SENTENCE.search(body, position)
    if not sentence:
        return None
    previous = [s for s in SENTENCE.finditer(body, max(0, position - NEAR_DATE), position) if s.end() <= position]
    pointing = (
        ANAPHORA.search(sentence.group(0))
        or (  # "Tại buổi Hội đàm, … . Phương hướng …, hai bên ký …"
            previous and ANAPHORA.search(previous[-1].group(0)) and "\n" not in body[previous[-1].end() : position]
        )
    )
    if not pointing:
        return None
    for before in reversed(list(SENTENCE.finditer(body, 0, position))):
        if is_dateline(before.group(0)):
            continue
        date = find_date(before.group(0), _year_near(body, before.start(), page_year))
        if date:
            return date
    return None


# A validity given by its years: "thỏa thuận giai đoạn 2024–2029", "the MOU for the 2025-2030 period",
# "có hiệu lực đến năm 2028" / "valid until 2028" (counted from the signing's year).
PERIOD = re.compile(
    r"(?:giai\s+đoạn|period|for|cho|từ\s+năm|from)\s+(?:the\s+)?((?:19|20)\d{2})\s*(?:-|–|đến|tới|to)\s*(?:năm\s+)?"
    r"((?:19|20)\d{2})\b",
    re.IGNORECASE,
)
VALID_UNTIL = re.compile(
    r"(?:hiệu\s+lực|giá\s+trị|valid|effective|in\s+force|runs?|lasts?|kéo\s+dài|thực\s+hiện)\s+(?:\w+\s+){0,3}?(?:đến|tới|until|till|through|to)\s+(?:hết\s+)?"
    r"(?:năm\s+)?((?:19|20)\d{2})\b",
    re.IGNORECASE,
)
DOCUMENT_WORDS = re.compile(
    r"(?:ghi nhớ|thỏa thuận|thoả thuận|hợp đồng|hiệp định|kế hoạch hợp tác|memorandum|mou|agreement|contract)",
    re.IGNORECASE,
)


def duration_months(text: str, signed_year: int | None = None) -> int | None:
    """A stated validity or programme length: "trong vòng 5 năm", "a 5-year project", "three years", the
    document's "giai đoạn 2024–2029", or "có hiệu lực đến năm 2028" from the year it was signed."""
    for period in PERIOD.finditer(text):
        first, last = int(period[1]), int(period[2])
        opening = max(text.rfind("“", 0, period.start()), text.rfind('"', 0, period.start()))
        titled = opening >= 0 and not re.search(r"[”\"]", text[opening + 1 : period.start()])
        near = text[max(0, (opening if titled else period.start()) - 60) : period.start() if not titled else opening]
        if 0 < last - first <= 20 and DOCUMENT_WORDS.search(near):
            return (last - first) * 12
    until = VALID_UNTIL.search(text)
    if until and signed_year and 0 < int(until[1]) - signed_year <= 20:
        return (int(until[1]) - signed_year) * 12
    for pattern in DURATIONS:
        match = pattern.search(text)
        if match:
            count = match.group(1).lower()
            number = int(count) if count.isdigit() else NUMBER_WORDS[count]
            return number * (12 if match.group(2).lower() in ("năm", "year") else 1)
    return None


def _durations_nearby(body: str, found: list[Agreement]) -> None:
    """A length stated in the sentence right after a signing ("the contract will cover a three year period")."""
    signings = {start for a in found for start, _end in a.spans}
    for agreement in found:
        if agreement.duration_months is not None:
            continue
        last = agreement.spans[-1][1]
        following = SENTENCE.search(body, last)
        if following and following.start() in signings:
            continue  # the next sentence tells a signing of its own (a renewal "for three years")
        if (
            following
            and following.start() - last < 4
            and re.search(
                r"\b(?:contract|agreement|MOU|MoU|memorandum|hợp đồng|thỏa thuận|thoả thuận|"
                r"văn bản|biên bản|dự án|project|programme)\b",
                following.group(0),
                re.IGNORECASE,
            )
        ):
            year = int(agreement.signed_on[:4]) if agreement.signed_on else None
            agreement.duration_months = duration_months(following.group(0), year)


PROGRAMME = re.compile(r"\b(?:chương trình|dự án|programme|program|project)\b", re.IGNORECASE)


def _programme_length(body: str) -> int | None:
    """The length the article states for the programme or project an agreement sets up."""
    for sentence in SENTENCE.finditer(body):
        if PROGRAMME.search(sentence.group(0)):
            months = duration_months(sentence.group(0))
            if months:
                return months
    return None


def _country(name: str, organizations: list) -> str | None:
    return next((o.country for o in organizations if o.name == name), None)


def _home(organizations: list):
    vietnamese = [o for o in organizations if o.country == "VN"]
    return max(vietnamese, key=lambda o: len(o.spans)) if vietnamese else None


BACKGROUND_YEAR = re.compile(
    r"\b(?:establish(?:ed)?|founded|set up|created|born|started its work|began|since|thành lập|ra đời|sinh năm|"
    r"bắt đầu|kể từ)\b"
    r"[^.;\d]{0,12}$",
    re.IGNORECASE,
)


def _year_near(body: str, position: int, page_year: int | None) -> int | None:
    """The year a day-month date takes: the page date's, else the nearest full date's — never a year that
    dates another signing (that sentence's own date) or that sits in a document's number ("64/2021/NĐ-CP")."""
    if page_year:
        return page_year
    best = None
    own = next((m for m in SENTENCE.finditer(body) if m.start() <= position < max(m.end(), m.start() + 1)), None)
    for match in re.finditer(r"(?<!/)\b(?:19|20)\d{2}\b(?!/)", body):
        if BACKGROUND_YEAR.search(body[max(0, match.start() - 30) : match.start()]):
            continue  # "Established in 1981", "thành lập năm 1994": when a partner began, no event's year
        sentence = next(
            (m for m in SENTENCE.finditer(body, max(0, match.start() - 600)) if m.end() > match.start()), None
        )
        if sentence and own and sentence.start() != own.start() and SIGNING.search(sentence.group(0)):
            continue
        distance = abs(match.start() - position)
        if best is None or distance < best[0]:
            best = (distance, int(match.group(0)))
    return best[1] if best else None


def _date_before(body: str, position: int, page_year: int | None) -> str | None:
    """A signing told without its day ("the two hospitals signed…") took place on the day the sentences just
    before it name, when one of them opens with a full date ("Ngày 23/9/2023, tại …")."""
    window = body[max(0, position - NEAR_DATE) : position]
    for sentence in reversed(list(SENTENCE.finditer(window))):
        if is_dateline(sentence.group(0)):
            continue  # the page's own date: when it was published, not when anything was signed
        opening = sentence.group(0).strip()[:30]
        date = find_date(opening)
        if date and len(date) == 10:
            return date
    return None


def _date_of_the_sentence_before(body: str, position: int, page_year: int | None) -> str | None:
    """ "… visited Bach Mai Hospital on June 5. It also signed an MOU …": a signing whose subject points back
    took place on the day the sentence right before it (in the same paragraph) states, wherever it states it."""
    sentence = SENTENCE.search(body, position)
    if not (sentence and POINTING_SUBJECT.search(sentence.group(0))):
        return None
    previous = [s for s in SENTENCE.finditer(body, max(0, position - NEAR_DATE), position) if s.end() <= position]
    if not previous or "\n" in body[previous[-1].start() : position].strip() or is_dateline(previous[-1].group(0)):
        return None
    if SIGNING.search(previous[-1].group(0)):
        return None  # a signing of its own: its date is that agreement's, and the two were told apart
    date = find_date(previous[-1].group(0), _year_near(body, previous[-1].start(), page_year))
    return date if date and len(date) == 10 else None


def _parties(body: str, start: int, end: int, organizations: list, home, new_parties: list[Party]) -> list[str]:
    sentence = body[start:end]
    quoted = _quoted_titles(sentence)
    parties = [
        o.name
        for o in organizations
        if any(start <= s < end and not any(a <= s - start < b for a, b in quoted) for s, _e in o.spans)
        and not _only_as_a_parent(body, o, organizations, start, end)
    ]
    for party in _officials(sentence, organizations):
        if party.name not in parties:
            parties.append(party.name)
        if party.country and all(p.name != party.name for p in new_parties):
            new_parties.append(party)  # named only through its official: a new organisation
    if len(parties) < 2:
        spans = [(s - start, e - start) for o in organizations for s, e in o.spans if start <= s < end]
        for acronym in ACRONYM.finditer(sentence):
            word = acronym.group(0)
            if len(word) < 3 or any(s <= acronym.start() < e for s, e in spans) or _is_known(word, organizations):
                if _is_known(word, organizations):
                    parties += [n for n in _known(word, organizations) if n not in parties]
                continue
            if word.upper() in NOT_PARTIES or find_countries(tokenize(word)):
                continue
            if PLACE_ABBREVIATION.search(sentence[: acronym.start()]) or word in PLACE_ACRONYMS:
                continue  # "TP.HCM": a city's short name, no party
            if word in common_abbreviations(body):
                continue  # "khám chữa bệnh (KCB)": the short form of a common noun
            if VENUE_BEFORE.search(sentence[: acronym.start()]):
                continue  # "held at InterContinental …": where it took place, not who signed
            if not sentence[: acronym.start()].strip() and re.match(r"\s*[,(]", sentence[acronym.end() :]):
                continue  # "HANOI, Vietnam –", "HANOI (VNA)": the dateline opening the text
            if re.match(r"\s*[–-]", sentence[acronym.end() :]) and not sentence[: acronym.start()].strip():
                continue  # "VGP – …": the news source's credit opening the text
            if word in parties:
                continue
            parties.append(word)
            if all(p.name != word for p in new_parties):
                new_parties.append(Party(word))
    two_sides = BOTH_SIDES.search(sentence)
    if two_sides and len(parties) < 2:  # "hai bên/hai bệnh viện ký …": our side and the visiting partner
        hospitals = "bệnh viện" in two_sides.group(0).lower()
        ours = _principal(organizations, foreign=False, hospitals=hospitals) or home
        theirs = _principal(organizations, foreign=True, hospitals=hospitals)
        parties += [o.name for o in (ours, theirs) if o is not None and o.name not in parties]
    if home and home.name not in parties and (len(parties) < 2 or BARE_HEAD.search(sentence)):
        parties.append(home.name)
    if len(parties) < 2:
        paragraph_start, paragraph_end = body.rfind("\n", 0, start) + 1, body.find("\n", end)
        paragraph_end = len(body) if paragraph_end == -1 else paragraph_end
        parties += [
            o.name
            for o in organizations
            if o.name not in parties and any(paragraph_start <= s < paragraph_end for s, _e in o.spans)
        ][: 2 - len(parties)]
    return list(dict.fromkeys(parties))


def _only_as_a_parent(body: str, organization, organizations: list, start: int, end: int) -> bool:
    """ "Bệnh viện 199 (Bộ Công an)", "Hospital 30 (Ministry of Defence)": a body in brackets right after another
    organisation is the one it belongs to, no party of the signing, where the sentence names it only so."""
    ends = {e for o in organizations if o is not organization for _s, e in o.spans}
    inside = [(s, e) for s, e in organization.spans if start <= s < end]
    return bool(inside) and all(
        any(start <= x <= s and re.fullmatch(r"\s*\(\s*", body[x:s]) for x in ends)
        and body[e : e + 2].lstrip().startswith(")")
        for s, e in inside
    )


def _principal(organizations: list, foreign: bool, hospitals: bool):
    """The organisation of one side the article names most (a hospital when "hai bệnh viện" signed)."""
    side = [o for o in organizations if (o.country not in ("VN", None)) == foreign]
    if hospitals:
        side = [o for o in side if o.kind == "hospital"] or side
    return max(side, key=lambda o: len(o.spans)) if side else None


QUOTED = re.compile(r"[“\"]([^”\"]{6,})[”\"]")


def _quoted_titles(sentence: str) -> list[tuple[int, int]]:
    """Spans of a document's or programme's title in quotation marks ("kế hoạch “Nâng cao … tại Bệnh viện X”"):
    an organisation named inside is what the document is about, not one who signs it."""
    return [(m.start(), m.end()) for m in QUOTED.finditer(sentence)]


def _is_known(word: str, organizations: list) -> bool:
    return bool(_known(word, organizations))


def _known(word: str, organizations: list) -> list[str]:
    return [o.name for o in organizations if word in o.aliases or o.name == word]


def _officials(sentence: str, organizations: list) -> list[str]:
    """Institutions signing through an official: a minister named without the ministry stands for the
    ministry of their side (a foreign-looking name: the foreign ministry); an ambassador or a counterpart
    for the government or ministry of their country."""
    names: list[Party] = []
    ministries = [o for o in organizations if fold(o.name).split()[:1][0] in MINISTRY_WORDS]
    for match in MINISTER.finditer(sentence):
        person = sentence[match.end() : match.end() + 40].split()
        foreign = bool(person) and looks_foreign(person[0])
        side = [o for o in ministries if (o.country not in ("VN", None)) == foreign]
        other = [o for o in ministries if (o.country not in ("VN", None)) != foreign]
        if side:
            names.append(Party(max(side, key=lambda o: len(o.spans)).name))
        elif other and not foreign:  # "Bộ trưởng Đào … và Bộ trưởng Murashko": the same ministry, ours
            counterpart = max(other, key=lambda o: len(o.spans))
            names.append(Party(_without_country(counterpart.name), "VN"))
    for match in ENVOY.finditer(sentence):
        if match.group("adj"):
            code = demonyms().get(match.group("adj"))
        else:
            countries = find_countries(tokenize(match.group("vi")))
            code = countries[0][0] if countries else None
        governments = [o for o in organizations if o.country == code and o.kind == "government"]
        if code and governments:
            chosen = max(governments, key=lambda o: ("overnment" in o.name or "phủ" in o.name, len(o.spans)))
            names.append(Party(chosen.name))
    for match in COUNTERPART.finditer(sentence):
        code = demonyms().get(match.group("adj"))
        side = [o for o in ministries if o.country == code]
        named = [o for o in ministries if o.country != code]
        if side:
            names.append(Party(side[0].name))
        elif code and named:  # "Vietnamese Health Minister … and her Thai counterpart"
            names.append(Party(f"{match.group('adj')} {_without_country(named[0].name)}", code))
    return names


def _without_country(name: str) -> str:
    """ "Bộ Y tế Liên bang Nga" → "Bộ Y tế": a ministry's name without the country that ends it."""
    tokens = tokenize(name)
    countries = find_countries(tokens)
    if not countries:
        return name
    first = countries[0][1]
    while first > 1 and tokens[first - 1].folded in {"lien", "bang", "cong", "hoa", "vuong", "quoc"}:
        first -= 1
    return name[: tokens[first].start].strip() if first > 1 else name


def _same_agreement(known: Agreement, noun: str | None, signed_on: str | None, parties: list[str]) -> bool:
    same_kind = noun is None or known.kind is None or known.kind == noun
    same_date = not signed_on or not known.signed_on or known.signed_on.startswith(signed_on[:4])
    same_parties = not parties or not known.parties or bool(set(parties) & set(known.parties))
    return same_kind and same_date and same_parties
