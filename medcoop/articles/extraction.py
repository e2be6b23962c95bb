"""An article's text → one ArticleExtraction (core/data/extraction.schema.json), offline, by rules.

Every item carries `evidence`: the character span of the cleaned text it came from, so a reviewer sees why.
"""

import csv
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from medcoop.core.text import fold

from . import figures
from .agreements import common_abbreviations, find_agreements
from .cleaning import clean
from .entities import (
    Mention,
    compound_host,
    country_of_name,
    demonyms,
    field_hospital_key,
    find_mentions,
    looks_foreign,
    says_vietnamese,
)
from .gazetteers import city_table, find_countries, tokenize
from .kinds import find_codes, phrases_of, reporting_sentences
from .sentences import PARAGRAPH, SENTENCE

# Where a province list follows a name: "Sở Y tế của 5 tỉnh A, B, C và D" means one office per province.
PROVINCE_LIST = re.compile(
    r"^\s*(?:của\s+)?(?:\d+\s+|các\s+)?(tỉnh|thành phố)\s+((?:[A-ZÀ-Ỹ][^\s,()]*(?:\s+[A-ZÀ-Ỹ]"
    r"[^\s,()]*)*)(?:\s*,\s*|\s+và\s+))+([A-ZÀ-Ỹ][^\s,()]*(?:\s+[A-ZÀ-Ỹ][^\s,()]*)*)"
)


@dataclass
class Organization:
    name: str
    kind: str
    country: str
    aliases: list[str]
    spans: list[tuple[int, int]]
    explicit: bool = False  # its country was stated (in or right after a name), not guessed from context


def extract(text: str) -> dict:
    """The extraction of an already read (decoded, normalised) article text."""
    article = clean(text)
    body = article.text
    organizations = [
        o
        for o in _organizations(body)
        if not _only_attends(body, o)
        and not _only_background(body, o)
        and not _a_common_noun(body, o)
        and not _only_an_owner(body, o)
    ]
    organizations += _agencies(body, organizations)
    agreements, named_parties = find_agreements(body, organizations, _page_year(article), article.published_on)
    organizations += [_party_organization(body, party.name, party.country) for party in named_parties]
    _other_side(agreements, organizations)
    parties = {name for agreement in agreements for name in agreement["parties"]}
    organizations = [o for o in organizations if o.name in parties or not _only_a_venue(body, o)]
    set_aside: list[dict] = []  # amounts stated that are no figure of the cooperation (a scholarship's value)
    found_figures = figures.find_figures(body, set_aside)
    return {
        "title": article.title,
        "published_on": article.published_on,
        "organizations": [_organization_item(o) for o in organizations],
        "countries": _countries(body, organizations),
        "activity_kinds": _activity_kinds(body, agreements, found_figures + set_aside),
        "specialties": _specialties(body),
        "agreements": agreements,
        "figures": found_figures,
        "text": body,
    }


# --- organisations -----------------------------------------------------------------------------------------
# A department written with the organisation it belongs to: "Department of Pediatrics, Lakeside Hospital", "Khoa
# Nhi - Bệnh viện Hải Sơn" is part of that organisation, not another one. (A centre or an institute before a
# comma may be the next name of a list: "Trung tâm A, Bệnh viện B" stays two.)
UNIT_HEAD = re.compile(r"^(?:Department|Division|Faculty|Khoa|Phòng)\b")
UNIT_JOINER = re.compile(r"\s*(?:,|-|–)\s*")
PARENT_KINDS = {"hospital", "university"}


def _units_of_parents(body: str, mentions: list[Mention]) -> dict[int, int]:
    """index of a unit's mention → index of the mention of the organisation it belongs to (right after it)."""
    parents = {}
    for index, (unit, parent) in enumerate(zip(mentions, mentions[1:], strict=False)):
        if (
            UNIT_HEAD.match(unit.name)
            and parent.kind in PARENT_KINDS
            and not UNIT_HEAD.match(parent.name)
            and UNIT_JOINER.fullmatch(body[unit.end : parent.start])
        ):
            parents[index] = index + 1
    return parents


# A news agency or a newspaper reports the cooperation; it takes no part (the annotation conventions).
NEWS_AGENCY = re.compile(r"\b(?:News Agency|Thông tấn xã|Newspaper)\b")


def _bracketed_after(body: str, previous: Mention, mention: Mention) -> bool:
    """The mention stands alone in brackets right after another organisation's name: it says whose that one is."""
    return body[previous.end : mention.start].strip() == "(" and body[mention.end : mention.end + 3].lstrip()[:1] == ")"


def _organizations(body: str) -> list[Organization]:
    found: list[Organization] = []
    mentions = _expand_province_lists(body, find_mentions(body))
    parents = _units_of_parents(body, mentions)
    owner_of: dict[int, Organization] = {}
    for position, mention in enumerate(mentions):
        if _in_credit_line(body, mention.start) or NEWS_AGENCY.search(mention.name):
            continue
        if position and mention.kind == "government" and _bracketed_after(body, mentions[position - 1], mention):
            continue  # "Bệnh viện 199 (Bộ Công an)": the ministry in brackets is whose the hospital is
        if position in parents:
            continue  # the unit joins its organisation below
        renamed = owner_of.get(position - 1) if position and _renames(body, mentions[position - 1], mention) else None
        if renamed is not None:  # "Bệnh viện A (tên cũ là Bệnh viện B)": one hospital, two names
            owner_of[position] = renamed
            renamed.spans.append((mention.start, mention.end))
            if mention.name not in renamed.aliases and fold(mention.name) != fold(renamed.name):
                renamed.aliases.append(mention.name)
            continue
        if INTERNATIONAL.search(mention.name):
            explicit = mention.country = None  # a world body has no country of its own
        else:
            explicit = mention.country or _explicit_country(body, mention)
            mention.country = explicit or _country(body, mention)
        same = next((o for o in found if _same_organization(o, mention)), None)
        if same is None:
            found.append(
                Organization(
                    mention.name,
                    mention.kind,
                    mention.country,
                    list(mention.aliases),
                    [(mention.start, mention.end)],
                    bool(explicit),
                )
            )
            owner_of[position] = found[-1]
            continue
        owner_of[position] = same
        if explicit and not same.explicit:  # a later mention states what the first left to guesswork
            same.country, same.explicit = explicit, True
        same.spans.append((mention.start, mention.end))
        for alias in (mention.name, *mention.aliases):
            if fold(alias) != fold(same.name) and alias not in same.aliases:
                same.aliases.append(alias)
        if len(mention.name) > len(same.name) and fold(same.name) in fold(mention.name):
            if same.kind == "government" or not _country_added(same.name, mention.name):
                same.aliases.remove(mention.name)
                same.aliases.append(same.name)
                same.name = mention.name
        elif same.kind != "government" and _country_added(mention.name, same.name):
            same.aliases.remove(mention.name)  # "Đại học Yonsei Hàn Quốc" first, "Đại học Yonsei" later: the name
            same.aliases.append(same.name)  # is the one without its country
            same.name = mention.name
    for unit, parent in parents.items():
        organization = owner_of.get(parent)
        if organization is not None:
            name = mentions[unit].name
            organization.spans.append((mentions[unit].start, mentions[unit].end))
            if fold(name) != fold(organization.name) and name not in organization.aliases:
                organization.aliases.append(name)
    return _cut_short_merged(body, _owned_by_acronym(_merge_joined_parents(found)))


def _country_added(short: str, long_: str) -> bool:
    """ "Đại học Yonsei Hàn Quốc" is "Đại học Yonsei" with its country after it (the country says where it is)."""
    if not long_.startswith(short) or len(long_) <= len(short):
        return False
    rest = tokenize(long_[len(short) :].strip(" ,-–()"))
    found = find_countries(rest)
    return bool(rest) and len(found) == 1 and found[0][1] == 0 and found[0][2] == len(rest)


def _owned_by_acronym(found: list[Organization]) -> list[Organization]:
    """ "IUHW Mita Hospital": a name that opens with another organisation's acronym belongs to it, and is where
    it is, whatever the nearest place in the text says (a romanised Japanese or Korean name is no Vietnamese one)."""
    acronyms = {n: o for o in found for n in (o.name, *o.aliases) if n.isupper() and len(n) >= 3 and o.country}
    if not acronyms:
        return found
    for organization in found:
        first = organization.name.split()[0]
        owner = acronyms.get(first)
        if owner is not None and owner is not organization and len(organization.name.split()) > 1:
            organization.country, organization.explicit = owner.country, True
    return found


def _cut_short_merged(body: str, found: list[Organization]) -> list[Organization]:
    """A name the page cuts off at its very end ("… và Chủ tịch Viện An") is the start of a name found whole."""
    end = len(body.rstrip())
    kept = []
    for organization in found:
        last = max(e for _s, e in organization.spans)
        whole = next(
            (o for o in found if o is not organization and fold(o.name).startswith(fold(organization.name) + " ")),
            None,
        )
        rest = body[last:end].split()
        cut_off = len(rest) <= 2 and all(w.islower() for w in rest)  # "… Viện An ninh" and the page ends
        if whole is not None and len(organization.spans) == 1 and cut_off:
            whole.spans.append(organization.spans[0])
            continue
        kept.append(organization)
    return kept


# Words between two names that make the second a former or a later name of the first.
RENAMING = re.compile(
    r"\s*[(,–-]?\s*(?:tên cũ(?: là)?|tên gọi cũ(?: là)?|trước đây là|trước kia là|tiền thân là|nay là|"
    r"formerly(?: known as| called)?|previously(?: known as| called)?|former(?:ly)? named|now called|renamed)\s*:?\s*",
    re.IGNORECASE,
)


def _renames(body: str, first: Mention, second: Mention) -> bool:
    return bool(RENAMING.fullmatch(body[first.end : second.start]))


def _merge_joined_parents(found: list[Organization]) -> list[Organization]:
    """ "Viện Tim mạch Quốc gia - Bệnh viện Hải Sơn" beside "Bệnh viện Hải Sơn": a unit named with its
    organisation after a dash or a comma is that organisation, under the longer name."""
    dropped: list[Organization] = []
    parents = [(o, fold(o.name)) for o in found if o.kind in PARENT_KINDS]
    for organization in found:
        folded = fold(organization.name)
        if not any(joiner in folded for joiner in (" - ", " – ", ", ")):
            continue
        joined = next(
            (
                o
                for o, name in parents
                if o is not organization
                and o not in dropped
                and any(folded.endswith(f"{joiner} {name}") for joiner in (" -", " –", ","))
            ),
            None,
        )
        if joined is None:
            continue
        aliases = [joined.name, *joined.aliases, *organization.aliases]
        joined.name, joined.spans = organization.name, joined.spans + organization.spans
        joined.aliases = list(dict.fromkeys(a for a in aliases if fold(a) != folded))
        dropped.append(organization)
    return [o for o in found if o not in dropped]


AGENCIES = Path(__file__).parent / "data" / "agencies.csv"


@cache
def agencies() -> dict[str, dict]:
    """Development and trade agencies known by their acronym (JICA, KOICA…): acronym → name, country, kind."""
    with AGENCIES.open(encoding="utf-8") as handle:
        return {row["acronym"]: row for row in csv.DictReader(handle)}


def _agencies(body: str, found: list[Organization]) -> list[Organization]:
    """Known agencies the text names by acronym alone, unless an organisation found already goes by it."""
    known = {fold(n) for o in found for n in (o.name, *o.aliases)}
    added = []
    for acronym, agency in agencies().items():
        if acronym not in body:
            continue
        spans = [(m.start(), m.end()) for m in re.finditer(rf"(?<![\w-]){re.escape(acronym)}(?![\w-])", body)]
        if not spans or fold(acronym) in known or fold(agency["name"]) in known:
            continue
        added.append(Organization(acronym, agency["kind"], agency["country"] or None, [], spans))
    return added


ENVOY_HEADS = re.compile(
    r"^(?:Đại sứ quán|Tổng lãnh sự quán|Lãnh sự quán|Embassy|Consulate)|\b(?:Embassy|Consulate)$", re.IGNORECASE
)
ATTENDING = re.compile(r"\b(?:tham dự|có mặt|chứng kiến|dự lễ|attend\w*|witness\w*|present at)\b", re.IGNORECASE)


def _a_common_noun(body: str, organization: Organization) -> bool:
    """ "các tổ chức phi chính phủ nước ngoài (PCPNN)" … "Tổ chức PCPNN": a category written short is no body."""
    last = organization.name.split()[-1]
    return last.isupper() and last in common_abbreviations(body) and len(organization.name.split()) <= 3


def _only_attends(body: str, organization: Organization) -> bool:
    """An embassy or consulate that only attends or witnesses is no party (the annotation conventions); one
    that organises or meets is."""
    if not ENVOY_HEADS.search(organization.name):
        return False
    sentences = {_enclosing(SENTENCE, body, start) for start, _end in organization.spans}
    return all(ATTENDING.search(sentence) for sentence in sentences)


# Words just before a name that make it background: a source of statistics ("according to the Ministry of …"), or
# a person's former post ("a former deputy head of the … department of X", "nguyên Giám đốc Bệnh viện X").
# Also a parent named to say whose a partner is ("… trực thuộc Đại học X", "an university under Y", "a member of
# Z") and the institutions of a person's career ("graduated from …", "studied and worked at …", "từng công tác
# tại …", "tốt nghiệp …"): the conventions leave both out.
BACKGROUND_BEFORE = re.compile(
    r"(?:\baccording to\b[^.;]{0,60}?|\bformer\b[^.;,]{0,60}?\bof(?: the)?|\bnguyên (?:Giám đốc|Phó Giám đốc|Trưởng khoa|"
    r"Phó Trưởng khoa|Viện trưởng|Hiệu trưởng|Chủ tịch)(?: [^.;,]{0,40}?)?|\btrực thuộc|\(\s*thuộc|\bthuộc|\bis (?:a |an )?(?:member|part) of"
    r"(?: the)?|\b(?:a |an )?(?:member|subsidiary|affiliate) of(?: the)?|\bunder the (?:umbrella|auspices) of(?: the)?|\bunder (?:the )?(?:[A-Z]\w+ )?(?:conglomerate|group|"
    r"corporation)|\bgraduated (?:from|at)(?: the)?|\bstudied (?:and worked )?(?:at|in)(?: the)?|\bhad worked at(?: the)?|"
    r"\btốt nghiệp(?: tại)?|\btừng (?:học|học tập|làm việc|công tác|tu nghiệp)(?: và (?:làm việc|công tác))? tại)\s*$",
    re.IGNORECASE,
)
BACKGROUND_CUES = ("former", "according", "nguyên", "thuộc", "member", "part of", "subsidiary", "affiliate", "under",
                   "graduated", "studied", "worked at", "tốt nghiệp", "từng")  # fmt: skip


# A ministry or authority named only as whose the institutions are: "2 bệnh viện tuyến cuối của Bộ Y tế",
# "the hospitals of the Ministry of Health" (a partner's parent, the annotation conventions).
OWNER_BEFORE = re.compile(
    r"(?:\b(?:bệnh viện|trường|viện|cơ sở|đơn vị)\b(?: [^.;,()]{0,30}?)? của|"
    r"\b(?:hospitals|universities|institutes|facilities|units) (?:run by|of|under)(?: the)?)\s*$",
    re.IGNORECASE,
)


def _only_an_owner(body: str, organization: Organization) -> bool:
    if organization.kind != "government":
        return False
    return all(OWNER_BEFORE.search(body[max(0, s - 60) : s]) for s, _e in organization.spans)


def _only_background(body: str, organization: Organization) -> bool:
    """Every mention of the organisation is a source of statistics, a person's former post or career, or a
    partner's parent."""
    lowered = body.lower()
    if not any(cue in lowered for cue in BACKGROUND_CUES):
        return False
    return all(BACKGROUND_BEFORE.search(body[max(0, s - 90) : s]) for s, _e in organization.spans)


def _other_side(agreements: list[dict], organizations: list[Organization]) -> None:
    """An agreement has two sides: where the signing names one, the other is the article's only organisation of
    another country ("A memorandum … was signed in Tokyo" on TH Group's page with ITEC the one Japanese body)."""
    for agreement in agreements:
        if len(agreement["parties"]) != 1:
            continue
        own = next((o for o in organizations if o.name == agreement["parties"][0]), None)
        if own is None or own.country is None:
            continue
        others = [o for o in organizations if o.country not in (None, own.country)]
        if len(others) == 1:
            agreement["parties"].append(others[0].name)


# Where an envoy is only the place of an event: "tại trụ sở Đại sứ quán …", "held at the Embassy of …".
VENUE_BEFORE = re.compile(
    r"(?:\btại(?: trụ sở| trụ sở của)?|\b(?:held|took place|hosted) at(?: the)?)\s*$", re.IGNORECASE
)


def _only_a_venue(body: str, organization: Organization) -> bool:
    """An embassy or consulate every mention of which says where something took place, and that signs nothing."""
    if not ENVOY_HEADS.search(organization.name):
        return False
    return all(VENUE_BEFORE.search(body[max(0, s - 30) : s]) for s, _e in organization.spans)


def _in_credit_line(body: str, position: int) -> bool:
    """The news source's credit ("(H.V., Sở Ngoại vụ TPHCM)", "Nguồn: …") names no party."""
    start = body.rfind("\n", 0, position) + 1
    end = body.find("\n", position)
    line = body[start : len(body) if end == -1 else end].strip()
    return bool(re.fullmatch(r"\([^()]{2,80}\)", line) or re.match(r"(?:Nguồn|Source)\s*:", line, re.IGNORECASE))


def _expand_initials(short: str, long_: str) -> str:
    """ "benh vien twqd 108" against "benh vien trung uong quan doi 108": the acronym's words written out, when
    some run of the longer name's words has exactly its initials."""
    long_words = long_.split()
    out = []
    for word in short.split():
        if len(word) >= 2 and not word.isdigit():
            for i in range(len(long_words)):
                run = long_words[i : i + len(word)]
                # Vietnamese acronyms write "Ư" as W: "TWQĐ" is Trung ương Quân đội
                if len(run) == len(word) and "".join(w[0] for w in run) in (word, word.replace("w", "u")):
                    out.append(" ".join(run))
                    break
            else:
                out.append(word)
        else:
            out.append(word)
    return " ".join(out)


DASH = re.compile(r"\s*[-–]\s*")  # "Phong – Da liễu" and "Phong-Da liễu" are one name
FIELD_BEFORE_HEAD = re.compile(r"^((?:[a-z]+ ){1,2})(ministry|department)$")


def _of_order(folded: str) -> str:
    """English writes a ministry's field before or after it: "health ministry" is "ministry of health"."""
    match = FIELD_BEFORE_HEAD.match(folded)
    return f"{match[2]} of {match[1].strip()}" if match else folded


ENVOY_NAME = re.compile(
    r"^(?:The\s+)?(?:(?P<adj>[A-Z][a-z]+)\s+)?(?P<head>Embassy|Consulate General|Consulate)(?:\s+of\s+(?:the\s+)?(?P<of>[^,()]+?))?(?:\s+in\s+.*)?$"
)


@lru_cache(maxsize=4096)
def _envoy_key(name: str) -> tuple[str, str] | None:
    """(head, country) of an English envoy's name, "Japanese Embassy" or "Embassy of Japan" alike."""
    if "Embassy" not in name and "Consulate" not in name:
        return None
    match = ENVOY_NAME.match(name)
    if match is None:
        return None
    if match.group("adj"):
        code = demonyms().get(match.group("adj"))
    else:
        found = find_countries(tokenize(match.group("of") or ""))
        code = found[0][0] if found else None
    return (match.group("head"), code) if code else None


# Short and long forms of the same words, as Vietnamese and English write them (language, not any article): the
# heads "Trường Đại học", "Trường ĐH", "Đại học", "ĐH" are one head, "Y khoa" and "Y" both say medicine ("Trường
# Y" is a medical school: "Trường Đại học Y"), "BV" is "Bệnh viện", "TP.HCM"/"TPHCM" is "Thành phố Hồ Chí Minh",
# "St." is "Saint".
KEY_FORMS = (
    (re.compile(r"^(?:truong )?(?:dai hoc|dh) y khoa\b"), "dai hoc y"),
    (re.compile(r"^(?:truong )?(?:dai hoc|dh)\b"), "dai hoc"),
    (re.compile(r"^truong y\b"), "dai hoc y"),
    (re.compile(r"^bv\b"), "benh vien"),
    (re.compile(r"\btp\.? ?hcm\b|\bthanh pho hcm\b|\btp\.? ho chi minh\b"), "thanh pho ho chi minh"),
    (re.compile(r"\bst\. "), "saint "),
)


@lru_cache(maxsize=4096)
def _name_key(name: str) -> str:
    key = DASH.sub(" - ", fold(name))
    for pattern, form in KEY_FORMS:
        key = pattern.sub(form, key)
    return _of_order(key)


FUNCTION_KEY_WORDS = {"of", "the", "at", "for", "in", "-"}


def _content_words(key: str) -> frozenset[str]:
    return frozenset(w for w in key.split() if w not in FUNCTION_KEY_WORDS)


# A hospital's unit number: three digits or more ("Bệnh viện 108", "103 Military Hospital"); one or two digits
# also number districts and branches ("Bệnh viện Quận 1", "Nhi đồng 1"), so they do not count.
UNIT_NUMBER = re.compile(r"(?<![\d.,/])\d{3,}(?![\d.,/])")


BRANCH_TAIL = re.compile(
    r"^\s*(?:(?:of|in)\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3}\s+(?:Province|City|District)|"
    r"(?:tỉnh|thành phố|TP\.?|huyện|quận)\s+[A-ZĐ]\w*(?:\s+[A-ZĐ]\w*){0,3})$"
)


def _branch_of(longer: str, shorter: str) -> bool:
    """ "Hội Hữu nghị X tỉnh Hà Nam" and "… Association of Ha Nam Province": the body of one province."""
    key_long, key_short = fold(longer), fold(shorter)
    if not key_long.startswith(key_short) or key_long == key_short:
        return False
    if country_of_name(shorter) is None:
        return False  # a national body names its nation; "Sở Y tế" is the short form of "Sở Y tế tỉnh X"
    return bool(BRANCH_TAIL.match(longer[len(shorter) :])) if longer.startswith(shorter) else False


@lru_cache(maxsize=512)
def _host_of(name: str) -> str | None:
    return compound_host(tokenize(name))


def _same_organization(known: Organization, mention: Mention) -> bool:
    """Two mentions name one organisation when one name holds the other, one is the other with an acronym
    ("Bệnh viện TWQĐ 108"), or both end in the same distinctive capitalised word after the same head
    ("Bệnh viện Mahosot" / "Bệnh viện Trung ương Mahosot")."""
    if _branch_of(known.name, mention.name) or _branch_of(mention.name, known.name):
        return False  # "X Friendship Association of Ha Nam Province" is a provincial branch of X, not X
    hosts = _host_of(known.name), _host_of(mention.name)
    if hosts[0] and hosts[1] and hosts[0] != hosts[1]:
        return False  # "Viet Nam - Japan Friendship Association" and "Japan - Viet Nam …": one on each side
    units = field_hospital_key(known.name), field_hospital_key(mention.name)
    if units[0] or units[1]:  # field hospitals: one unit is one level and number of one state
        return units[0] == units[1] and known.country == mention.country
    envoy = _envoy_key(known.name)
    if envoy is not None and envoy == _envoy_key(mention.name):
        return True  # "Australian Embassy" is the "Embassy of Australia"
    if mention.name.isupper() and mention.name in known.aliases:
        return True  # "JCPF" alone, after "Hội … Nhật Bản (JCPF)"
    if known.name.isupper() and known.name in mention.aliases:
        return True  # "USAID" first, then "Cơ quan … Hoa Kỳ (USAID)"
    if known.kind == mention.kind == "hospital" and known.country == mention.country:
        numbers = set(UNIT_NUMBER.findall(known.name)) & set(UNIT_NUMBER.findall(mention.name))
        if numbers:
            return True  # "103 Central Hospital", "Hospital 103": a unit number names one hospital in one country
    a, b = _name_key(known.name), _name_key(mention.name)
    if any(w.isupper() and len(w) > 1 for w in (known.name + " " + mention.name).split()):
        if _expand_initials(a, b) == b or _expand_initials(b, a) == a:
            return True
    if a == b or (len(a.split()) >= 3 and len(b.split()) >= 3 and (f" {a} " in f" {b} " or f" {b} " in f" {a} ")):
        return True
    a_set, b_set = _content_words(a), _content_words(b)
    if len(a_set) >= 3 and a_set == b_set:
        return True  # "Medical Center of Mainz University" is the "Mainz University Medical Center"
    if min(len(a_set), len(b_set)) >= 4 and (a_set < b_set or b_set < a_set) and (known.name + mention.name).isascii():
        return True  # "University Medical Center of Johannes Gutenberg University Mainz" holds all four words
    a_words, b_words = a.split(), b.split()
    short, long_ = sorted((a_words, b_words), key=len)
    if len(short) >= 2 and short[-1].isdigit() and long_[-len(short) :] == short:
        return True  # "Hospital 108" is "Central Military Hospital 108": a number names one unit
    return (
        a_words[:2] == b_words[:2]
        and a_words[-1] == b_words[-1]
        and len(a_words[-1]) > 3
        and mention.name.split()[-1][:1].isupper()
    )


def _expand_province_lists(body: str, mentions: list[Mention]) -> list[Mention]:
    expanded = []
    for mention in mentions:
        match = PROVINCE_LIST.match(body[mention.end : mention.end + 300])
        if not match:
            expanded.append(mention)
            continue
        listed = body[mention.end : mention.end + match.end()]
        unit = match.group(1)
        names = re.split(r"\s*,\s*|\s+và\s+", listed[listed.index(unit) + len(unit) :].strip())
        for name in filter(None, names):
            offset = mention.end + listed.index(name)
            expanded.append(Mention(f"{mention.name} {unit} {name}", offset, offset + len(name), mention.kind))
    return expanded


# English words that name what an institution is, not where: no sign of a foreign name.
ENGLISH_NAME_WORDS = (
    set(
        "ministry health medical military general central national international public service services company "
        "hospital hospitals centre center university institute science sciences technology research development "
        "cooperation children child pediatrics paediatrics clinic government finance defence defense foreign affairs "
        "education training fund foundation association department agency group corporation trade investment "
        "people people's army provincial city municipal state federal regional district traditional medicine "
        "oncology cancer heart eye women maternity obstetrics nursing pharmacy dental college school faculty "
        "office embassy programme program project better prosperity friendship joint stock the of and for".split()
    )
    | {  # and the English words of the vocabularies' fields and of the institutions that work in them
        word
        for label in csv.DictReader(
            (Path(__file__).parents[1] / "core" / "data" / "specialties.csv").open(encoding="utf-8")
        )
        for word in re.findall(r"[a-z]+", label["label_en"].lower())
    }
    | set(
        "tropical disease diseases lung lungs blood transfusion hematology haematology tuberculosis welfare hygiene "
        "epidemiology nutrition geriatrics psychiatric mental dentistry stomatology kidney transport".split()
    )
)


# A name that says "world" names an international body ("Ngân hàng Thế giới", "Tổ chức Y tế Thế giới", "World
# Bank", "World Health Organization"), not a charity called "Smiles Across the World".
INTERNATIONAL = re.compile(
    r"\b[A-ZĐ]\w*(?:\s+\w+)*\s+Thế giới$|^(?:The\s+)?World\s+[A-Z]|\bLiên [Hh]ợp [Qq]uốc\b|\bUnited Nations\b"
)


def _explicit_country(body: str, mention: Mention) -> str | None:
    """A country the text states for this mention: in its name, or right after it ("… tại Pháp", "(Lào)",
    "… in Osaka City")."""
    tokens = tokenize(mention.name)
    host = compound_host(tokens)
    if host:
        return host
    own = _own_state(mention, tokens)
    if own:
        return own
    if says_vietnamese(tokens):
        return "VN"
    countries = find_countries(tokens)
    return countries[-1][0] if countries else (_country_after(body, mention) or _list_seat(body, mention))


# "two hospitals in Da Nang – a Heart Hospital and an Eye Hospital", "ba bệnh viện tại
# Nhật Bản: A, B và C": a place said of a counted head is where each name of the list after it is.
LIST_SEAT = re.compile(
    r"\b(?:hospitals|universities|clinics|institutes|centres|centers|bệnh viện|trường|viện)\s+(?:in|at|tại|ở)\s+"
    r"(?:the\s+)?([^,.;:–—()\n-]{2,40}?)\s*[–—:-]\s+"
)


def _list_seat(body: str, mention: Mention) -> str | None:
    before = body[max(0, mention.start - 120) : mention.start]
    seat = next(reversed(list(LIST_SEAT.finditer(before))), None)  # the nearest one
    if seat is None or re.search(r"[.;!?\n]", before[seat.end() :]) or len(before) - seat.end() > 60:
        return None
    tokens = tokenize(seat.group(1))
    countries = find_countries(tokens)
    if countries and countries[0][1] == 0:
        return countries[0][0]
    return _leading_city(tokens)


def _own_state(mention: Mention, tokens) -> str | None:
    """ "Cơ quan Phát triển Quốc tế Hoa Kỳ tại Việt Nam": a government body (an agency, an envoy) named with its
    state and then its seat is of its state, as envoys are (the annotation conventions)."""
    if mention.kind != "government":
        return None
    seat = next((i for i, t in enumerate(tokens) if t.text.lower() in ("tại", "in")), None)
    if seat is None:
        return None
    before = find_countries(tokens[:seat])
    return before[-1][0] if before else None


def _country(body: str, mention: Mention) -> str | None:
    """The country of the nearest explicit mention: the name's own country word ("Việt", "Lào"), one right
    after it ("… tại Pháp", "(Trung Quốc)"), a city in the name whose country the article names, then for a
    name in foreign words the nearest foreign country the text names (sentence, paragraph, article)."""
    tokens = tokenize(mention.name)
    host = compound_host(tokens)
    if host:
        return host
    if says_vietnamese(tokens):
        return "VN"
    countries = find_countries(tokens)
    if countries:
        return countries[-1][0]
    near = _country_after(body, mention)
    if near:
        return near
    city = _city_country(tokens)
    if city and (city == "VN" or city in _article_countries(body) or city in _demonym_countries(body)):
        return city  # "University of Melbourne" where the text says "Australia" or "Australian"
    words = [
        t.text for t in tokens if t.text[:1].isupper() and not t.text.isupper() and t.folded not in ENGLISH_NAME_WORDS
    ]
    if not any(c != "VN" for c in _article_countries(body)):
        for word in words:  # a foreign city in the name, and the article names no foreign country: the city's
            code = city_table().get(fold(word)) if looks_foreign(word) else None
            if code:
                return code
    if any(looks_foreign(w) for w in words):
        foreign = _nearest_foreign(body, mention.start, mention.end)
        if foreign:
            return foreign
    return _context_country(body, mention)


def _country_after(body: str, mention: Mention) -> str | None:
    after = body[mention.end : mention.end + 60]
    near = re.match(
        r"\s*(?:\(|,?\s*(?:(?:(?:is|are|which is|that is)\s+)?(?:based|headquartered|có trụ sở)\s+(?:at|in|tại|ở)|"
        r"tại|ở|thuộc|của|in|of|from|under|-|–)\s+(?:the\s+)?)([^,.;()\n]+)",
        after,
    )  # "… (Pháp)", "… tại Pháp", "… in Osaka City", "… based at Perth Medical School", "X is based in Perth"
    if near:
        tokens = tokenize(near.group(1))
        countries = find_countries(tokens)
        if countries and countries[0][1] == 0:
            return countries[0][0]
        city = _leading_city(tokens)
        if city:
            return city
    parent = PARENT_BRACKET.match(after)
    if parent:  # "Trường … (thuộc Đại học Kestrel, Úc)": where its parent is, it is
        countries = find_countries(tokenize(parent.group(1)))
        if len({code for code, _first, _last in countries}) == 1:
            return countries[0][0]
    return _apposed_country(after)


PARENT_BRACKET = re.compile(r"\s*\(\s*(?:thuộc|trực thuộc|part of|of)\s+([^()\n]{2,60})\)")


PLACE_WORDS = {"city", "province", "prefecture", "county"}


def _leading_city(tokens) -> str | None:
    """ "… in Osaka City", "… tại Osaka": the country of a city named right after a name (one or two
    capitalised words written in Latin letters; "City" or "Province" after it is no part of the key)."""
    words = []
    for token in tokens:
        if not (token.is_word and token.capitalized and token.text.isascii() and not token.text.isdigit()):
            break
        words.append(token.folded)
    while words and words[-1] in PLACE_WORDS:
        words.pop()
    for size in (3, 2, 1):  # "Ho Chi Minh City" is three words before "City"
        if len(words) >= size:
            code = city_table().get(" ".join(words[:size]))
            if code:
                return code
    pair = [t.text for t in tokens[:2] if t.is_word and t.capitalized]
    return city_table().vietnamese(" ".join(pair)) if len(pair) == 2 else None


LIST_WORDS = {"và", "and", "hoặc", "or", ","}


def _apposed_country(after: str) -> str | None:
    """ "Bệnh viện A, Trung Quốc đã …": a country set off by a comma right after a name is the name's, unless
    it opens a list of countries ("…, Lào và Campuchia")."""
    apposed = re.match(r",\s*([^,.;()\n]+)", after)
    if not apposed:
        return None
    tokens = tokenize(apposed.group(1))
    countries = find_countries(tokens)
    if not countries or countries[0][1] != 0:
        return None
    following = tokens[countries[0][2]] if countries[0][2] < len(tokens) else None
    return None if following is not None and following.text.lower() in LIST_WORDS else countries[0][0]


def _city_country(tokens) -> str | None:
    cities = city_table()
    # the words of a name's type are no town's ("University" and "Medical" are also names of places)
    words = [
        t
        for t in tokens
        if t.capitalized
        and t.is_word
        and not t.text.isdigit()
        and not (t.text.isascii() and t.folded in ENGLISH_NAME_WORDS)
    ]
    for size in (2, 1):
        for index in range(len(words) - size, -1, -1):
            run = words[index : index + size]
            if size == 2 and run[1].start - run[0].end > 1:
                continue
            if all(t.text.isascii() for t in run):
                code = cities.get(" ".join(t.folded for t in run))
            else:  # folded, "Phụ Sản" would be Busan's "Phu San": Vietnamese names are matched exactly
                code = cities.vietnamese(" ".join(t.text for t in run)) if size == 2 else None
            if code:
                return code
    return None


@lru_cache(maxsize=16)
def _demonym_countries(body: str) -> frozenset[str]:
    """The countries the text names by their adjective ("Australian Award fellows", "Japanese experts")."""
    table = demonyms()
    return frozenset(
        {table[w] for w in re.findall(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)?", body) if w in table}
        | {table[w] for w in re.findall(r"\b[A-Z][a-z]+", body) if w in table}
    )


@lru_cache(maxsize=4)
def _article_countries(body: str) -> list[str]:
    return [code for code, _first, _last in find_countries(tokenize(body))]


def _nearest_foreign(body: str, position: int, end: int | None = None) -> str | None:
    """The foreign country named nearest to `position`: in its sentence, then its paragraph, then the one the
    article names most."""
    for pattern in (SENTENCE, PARAGRAPH):
        offset, text = _enclosing_span(pattern, body, position)
        found = [
            (abs(start + offset - position), code)
            for start, code in _countries_in(text)
            if code != "VN"
            and not _owned_bracket(text, start, position - offset, None if end is None else end - offset)
        ]
        if found:
            return min(found)[1]
    codes = [c for start, c in _countries_in(body) if c != "VN" and not _owned_bracket(body, start, position, end)]
    return max(set(codes), key=codes.count) if codes else None


def _owned_bracket(text: str, start: int, position: int, own_end: int | None = None) -> bool:
    """ "… với Trường Y Duke-NUS (Singapore)": a country alone in brackets right after a capitalised name, after
    the mention at `position` (which ends at `own_end`), says where that other name is, not where the mention is."""
    if start <= position or start < 2 or text[start - 1] != "(":
        return False
    if own_end is not None and not text[own_end : start - 1].strip():
        return False  # the mention's own bracket
    close = text.find(")", start)
    return (
        close != -1
        and close - start <= 60
        and text[start - 2 : start - 1] == " "
        and text[start - 3 : start - 2].isalnum()
    )


def _context_country(body: str, mention: Mention) -> str:
    """Where the name says nothing: a country right after it ("… tại Pháp", "(Lào)"), else the country its
    paragraph opens with ("- Nhật Bản: …"), else Vietnam. Government offices with no country in their
    name are Vietnamese."""
    if mention.kind == "government":
        return "VN"
    after = body[mention.end : mention.end + 60]
    near = re.match(r"\s*(?:\(|,?\s*(?:tại|ở|thuộc|của|-|–)\s+)([^,.;()\n]+)", after)
    if near:
        countries = find_countries(tokenize(near.group(1)))
        if countries and countries[0][1] == 0:
            return countries[0][0]
    offset, sentence = _enclosing_span(SENTENCE, body, mention.start)
    trailing = re.search(r"\(([^()]+)\)\s*[^()]*$", sentence)
    if trailing and not _owned_bracket(sentence, trailing.start(1), mention.start - offset, mention.end - offset):
        countries = find_countries(tokenize(trailing.group(1)))
        if countries and len(countries) == 1:
            return countries[0][0]
    paragraph = _enclosing(PARAGRAPH, body, mention.start)
    lead = re.match(r"\s*[-•*]?\s*([^:\n]{2,60}):", paragraph)
    if lead:
        countries = [c for c in find_countries(tokenize(lead.group(1))) if c[0] != "VN"]
        if countries:
            return countries[0][0]
    return "VN"


@lru_cache(maxsize=1024)
def _countries_in(text: str) -> tuple[tuple[int, str], ...]:
    tokens = tokenize(text)
    return tuple((tokens[first].start, code) for code, first, _last in find_countries(tokens))


@lru_cache(maxsize=8)
def _spans(pattern: re.Pattern, body: str) -> tuple[tuple[int, int], ...]:
    return tuple((m.start(), m.end()) for m in pattern.finditer(body))


def _enclosing_span(pattern: re.Pattern, body: str, position: int) -> tuple[int, str]:
    for start, end in _spans(pattern, body):
        if start <= position < end:
            return start, body[start:end]
    return -1, ""


def _enclosing(pattern: re.Pattern, body: str, position: int) -> str:
    return _enclosing_span(pattern, body, position)[1]


def _organization_item(organization: Organization) -> dict:
    item = {
        "name": organization.name,
        "country": organization.country,
        "kind": organization.kind,
        "evidence": [{"start": s, "end": e} for s, e in organization.spans],
    }
    if organization.aliases:
        item["aliases"] = organization.aliases
    return item


# --- countries, kinds, specialties --------------------------------------------------------------------------
def _countries(body: str, organizations: list[Organization]) -> list[str]:
    """Foreign countries taking part: those of foreign partners, and those the text names outside the names
    of Vietnamese organisations ("Bệnh viện Việt Nam - Thụy Điển" is no Swedish partner)."""
    vietnamese_spans = [s for o in organizations if o.country == "VN" for s in o.spans]
    codes = [o.country for o in organizations if o.country not in ("VN", None)]
    tokens = tokenize(body)
    for code, first, _last in find_countries(tokens):
        start = tokens[first].start
        if not any(s <= start < e for s, e in vietnamese_spans):
            codes.append(code)
    for match in FOREIGN_TEAM.finditer(body):  # "four US doctors", "Japanese surgeons": a team of that country
        code = TEAM_ABBREVIATIONS.get(match.group(1)) or demonyms().get(match.group(1))
        if code:
            codes.append(code)
    return list(dict.fromkeys(c for c in codes if c != "VN"))


# Health workers named by their nationality take part for their country, even when no organisation is named.
FOREIGN_TEAM = re.compile(
    r"\b(US|U\.S\.|UK|[A-Z][a-z]+)\s+(?:doctors|surgeons|physicians|experts|specialists|nurses|volunteers|"
    r"medical (?:team|experts|volunteers))\b"
)
TEAM_ABBREVIATIONS = {"US": "US", "U.S.": "US", "UK": "GB"}


ORTHOPAEDIC = re.compile(r"chấn thương chỉnh hình|thay khớp|orthop", re.IGNORECASE)


def _specialties(body: str) -> list[str]:
    """Specialties the keywords find; "chỉnh hình" of a cleft is maxillofacial surgery, not orthopaedics."""
    codes = find_codes("specialties", body)
    if "maxillofacial" in codes and "orthopedics" in codes and not ORTHOPAEDIC.search(body):
        codes.remove("orthopedics")
    return codes


# A technology, a technique or a system transferred, the words between: "transferring new medical technology",
# "transfer the telemedicine system to …", "transfer of advanced techniques".
TRANSFER = re.compile(
    r"\btransfer(?:s|red|ring)?\s+(?:of\s+)?(?:[\w-]+\s+){0,3}?(?:technolog(?:y|ies)|techniques?|systems?)\b",
    re.IGNORECASE,
)


# Trainees or students exchanged are placed at the partner: "exchanging experts and trainees", "exchange of interns".
TRAINEE_EXCHANGE = re.compile(
    r"\bexchang\w*\s+(?:of\s+)?(?:[\w-]+\s+(?:and|&)\s+)?(?:trainees|students|interns|residents)\b", re.IGNORECASE
)


def _student_exchange(body: str) -> list[str]:
    if "xchang" not in body:
        return []
    return ["student_exchange"] if any(TRAINEE_EXCHANGE.search(t) for _o, t in reporting_sentences(body)) else []


def _technology_transfer(body: str) -> list[str]:
    if "ransfer" not in body:
        return []
    return ["technology_transfer"] if any(TRANSFER.search(t) for _o, t in reporting_sentences(body)) else []


def _activity_kinds(body: str, agreements: list[dict], found_figures: list[dict]) -> list[str]:
    """Kinds the keywords find; `agreement` only where the agreements stage found a signing (an MOU merely
    planned is none); `funding` also where the figures stage found an amount given."""
    kinds = [k for k in _keywords("activity_kinds", body) + _patient_care(body) if k != "agreement"]
    kinds += [k for k in _technology_transfer(body) + _student_exchange(body) if k not in kinds]
    team = any(f["metric"] in ("experts_received", "experts_sent") for f in found_figures)
    kinds = _team_visit(body, kinds, team)
    kinds = _experts_who_talk(body, kinds)
    if "expert_exchange" not in kinds and (_foreign_team_at_work(body) or _staff_exchanged(body)):
        kinds.append("expert_exchange")
    if any(f["metric"] == "funding" for f in found_figures) and "funding" not in kinds:
        kinds.append("funding")
    # experts counted as received or sent are an exchange of experts ("four US doctors", "cử 5 chuyên gia")
    if (
        any(f["metric"] in ("experts_received", "experts_sent") for f in found_figures)
        and "expert_exchange" not in kinds
    ):
        kinds.append("expert_exchange")
    return kinds + (["agreement"] if agreements else [])


# Words that say only that someone travelled: the trip of a team that examines or operates is that team's work.
GENERIC_VISIT = {"visit", "visited", "working visit", "chuyen cong tac", "chuyen tham"}


def _team_visit(body: str, kinds: list[str], counted_team: bool = False) -> list[str]:
    """A visiting (or sent) team that examines, operates or teaches is an expert exchange, not a delegation visit (the
    annotation conventions), when nothing but a word of travel gave the visit."""
    teaches = counted_team and "training" in kinds  # "20 nurses travelled … and taught"
    if "delegation_visit" not in kinds or not ({"joint_clinical_work", "humanitarian"} & set(kinds) or teaches):
        return kinds
    if not phrases_of("activity_kinds", body, "delegation_visit") <= GENERIC_VISIT:
        return kinds
    kinds = [k for k in kinds if k != "delegation_visit"]
    return kinds if "expert_exchange" in kinds else [*kinds, "expert_exchange"]


# Words that name experts and nothing they do: "đoàn chuyên gia", "the experts".
BARE_EXPERTS = {"chuyen gia", "expert", "experts"}
# What experts do when they work, not talk: operate, examine, transfer a technique (a course is a topic talked of).
EXPERT_WORK = {"joint_clinical_work", "humanitarian", "technology_transfer", "teleconsultation"}


# Foreign health workers who work beside the hospital's own: "Korean radiologists will work with doctors at …".
FOREIGN_WORKERS = re.compile(
    r"\b(US|U\.S\.|UK|[A-Z][a-z]+)\s+(?:[a-z]+\s+){0,2}?(?:doctors|surgeons|physicians|experts|specialists|nurses|"
    r"radiologists|pathologists|cardiologists|an(?:a|ae)esthetists|professors)\b[^.;]{0,80}?\b(?:work(?:s|ed|ing)? "
    r"(?:with|alongside)|assist\w*|operat\w*|examin\w*|teach\w*|train\w*|coach\w*)\b"
)


# Staff exchanged with words between the verb and them: "exchanging nursing students and staff",
# "trao đổi giảng viên, sinh viên và cán bộ".
STAFF_EXCHANGE = re.compile(
    r"\bexchang(?:e|es|ed|ing)\s+(?:of\s+)?(?:[\w-]+,?\s+){0,6}?(?:staff|lecturers|faculty|experts|doctors)\b|"
    r"\btrao đổi\s+(?:[^\s.;]+,?\s+){0,5}?(?:cán bộ|chuyên gia|giảng viên|bác sĩ)\b",
    re.IGNORECASE,
)


def _staff_exchanged(body: str) -> bool:
    return any(STAFF_EXCHANGE.search(text) for _offset, text in reporting_sentences(body))


def _foreign_team_at_work(body: str) -> bool:
    """Health workers named by a foreign nationality who work, operate or teach here are an expert exchange."""
    for _offset, text in reporting_sentences(body):
        for match in FOREIGN_WORKERS.finditer(text):
            code = TEAM_ABBREVIATIONS.get(match.group(1)) or demonyms().get(match.group(1), "VN")
            if code != "VN":
                return True
    return False


def _experts_who_talk(body: str, kinds: list[str]) -> list[str]:
    """A team of experts that comes to a working session and does nothing else the text names is a delegation
    visit, not an expert exchange (the annotation conventions: "đoàn chuyên gia" at a working session)."""
    if "expert_exchange" not in kinds or "delegation_visit" not in kinds or EXPERT_WORK & set(kinds):
        return kinds
    if not phrases_of("activity_kinds", body, "expert_exchange") <= BARE_EXPERTS:
        return kinds
    return [k for k in kinds if k != "expert_exchange"]


def _keywords(field: str, body: str) -> list[str]:
    return find_codes(field, body)


PATIENT_CARE = re.compile(
    # patients that a partner refers: "receives patients referred by …", "admits the patients transferred from …"
    r"\b(?:receiv|admit|accept)\w*\s+(?:[\w-]+\s+){0,2}?patients\s+(?:sent|referred|transferred)\b|"
    r"\b(?:tiếp nhận|điều trị cho|khám và điều trị cho|khám, chữa bệnh cho)\s+(?:gần|hơn|"
    r"trên|khoảng|cho\s+)?\s*[\d.,]*\s*(?:triệu\s+|nghìn\s+)?(?:lượt\s+)?(?:bệnh nhân|người bệnh)",
    re.IGNORECASE,
)


# Care given to the people of a partner country ("khám bệnh cho nhân dân Lào") or a patient sent abroad for
# treatment ("sang Hàn Quốc phẫu thuật", "sent to Japan for treatment"); the Vietnamese who live in the partner
# country are its people too ("chăm sóc sức khỏe cho người Việt Nam tại Đức").
CARE_FOR_PEOPLE = re.compile(
    r"(?:khám|chữa|điều trị|chăm sóc|treat|examin|care)\w*[^.;]{0,60}?\b(?:(?:cho|for)\s+)?(?:khoảng\s+|hơn\s+|about\s+)?"
    r"[\d.,]*\s*(?:nhân dân|người dân|công dân|bà con|bệnh nhân|người bệnh|người Việt(?: Nam)?|patients?|people|"
    r"citizens?)\b([^.;]{0,50})",
    re.IGNORECASE,
)
# The people of a partner country cared for, in the passive: "40 công dân Campuchia đã được phẫu thuật",
# "bệnh nhân nước bạn Lào được điều trị", "patients from Laos were treated".
CARED_FOR = re.compile(
    r"\b(?:công dân|nhân dân|người dân|bệnh nhân|người bệnh|patients from|citizens of)\s+([^.;]{1,30}?)\s+"
    r"(?:đã\s+|sẽ\s+)?(?:được|were|are|have been|had been|will be)\s+(?:khám|chữa|điều trị|ghép|phẫu thuật|mổ|"
    r"treated|examined|operated|given)",
    re.IGNORECASE,
)
REFERRAL = re.compile(
    r"\b(?:sang|to)\s+([A-ZÀ-Ỹ][^\s,.;]*(?:\s+[A-ZÀ-Ỹ][^\s,.;]*)?)\s+(?:để\s+|for\s+)?(?:phẫu thuật|điều trị|"
    r"chữa bệnh|treatment|surgery)",
)


# Care for patients named by a partner's nationality: "free care for 200 Westland patients", "a clinic for Japanese
# citizens".
FOREIGN_PATIENTS = re.compile(r"\b([A-Z][a-z]+)\s+(?:patients?|citizens|nationals|residents|expats|expatriates)\b")
CARE_WORDS = re.compile(r"\b(?:care|healthcare|health-care|treat\w*|examin\w*|check-?ups?|clinics?|surger\w*)\b", re.I)


def _patient_care(body: str) -> list[str]:
    """Patients received or treated by the institution: care for foreign or referred patients."""
    if PATIENT_CARE.search(body):
        return ["patient_care"]
    for match in FOREIGN_PATIENTS.finditer(body):
        if demonyms().get(match.group(1), "VN") != "VN" and CARE_WORDS.search(
            _enclosing(SENTENCE, body, match.start())
        ):
            return ["patient_care"]
    for pattern in (CARE_FOR_PEOPLE, REFERRAL, CARED_FOR):
        for match in pattern.finditer(body):
            if any(code != "VN" for code, _f, _l in find_countries(tokenize(match.group(1)))):
                return ["patient_care"]
    return []


# --- agreements --------------------------------------------------------------------------------------------
def _page_year(article) -> int | None:
    return int(article.published_on[:4]) if article.published_on else None


def _party_organization(body: str, name: str, country: str | None = None) -> Organization:
    """A party the signing names only by its acronym ("IUHW") or through its official ("Bộ trưởng …"), with
    every place the text names it."""
    spans = [(m.start(), m.end()) for m in re.finditer(rf"\b{re.escape(name)}\b", body)]
    if not spans:
        return Organization(name, "government", country, [], [])
    kind = "government" if fold(name).split()[0] in ("bo", "ministry") or "Ministry" in name else "other"
    mention = Mention(name, spans[0][0], spans[0][1], kind)
    return Organization(name, kind, country or country_of_name(name) or _context_country(body, mention), [], spans)
