"""An article's text → one ArticleExtraction (core/data/extraction.schema.json), offline, by rules.

Every item carries `evidence`: the character span of the cleaned text it came from, so a reviewer sees why.
"""

import re
from dataclasses import dataclass

from medcoop.core.text import fold

from . import figures
from .cleaning import clean
from .entities import Mention, country_of_name, find_mentions
from .gazetteers import find_countries, find_keywords, tokenize
from .numbers import find_date

SENTENCE = re.compile(r"[^.!?;\n]+(?:[.!?;]+|$)", re.MULTILINE)
PARAGRAPH = re.compile(r"[^\n]+")
# Where a province list follows a name: "Sở Y tế của 5 tỉnh A, B, C và D" means one office per province.
PROVINCE_LIST = re.compile(
    r"^\s*(?:của\s+)?(?:\d+\s+|các\s+)?(tỉnh|thành phố)\s+((?:[A-ZÀ-Ỹ][^\s,()]*(?:\s+[A-ZÀ-Ỹ]"
    r"[^\s,()]*)*)(?:\s*,\s*|\s+và\s+))+([A-ZÀ-Ỹ][^\s,()]*(?:\s+[A-ZÀ-Ỹ][^\s,()]*)*)"
)
SIGNING = re.compile(r"(?<!đăng )(?<!thư )\bký(?:\s+kết)?\b|\bsigned\b", re.IGNORECASE)
AGREEMENT_NOUNS = {
    "biên bản ghi nhớ": "mou",
    "bản ghi nhớ": "mou",
    "ghi nhớ": "mou",
    "thỏa thuận": "agreement",
    "nghị định thư": "protocol",
    "hiệp định": "agreement",
    "hợp đồng": "contract",
    "memorandum": "mou",
    "agreement": "agreement",
}
DURATION = re.compile(r"(?:trong\s+(?:vòng|thời hạn)\s+|thời hạn\s+)(\d+)\s+(năm|tháng)", re.IGNORECASE)


@dataclass
class Organization:
    name: str
    kind: str
    country: str
    aliases: list[str]
    spans: list[tuple[int, int]]


def extract(text: str) -> dict:
    """The extraction of an already read (decoded, normalised) article text."""
    article = clean(text)
    body = article.text
    organizations = _organizations(body)
    return {
        "title": article.title,
        "published_on": article.published_on,
        "organizations": [_organization_item(o) for o in organizations],
        "countries": _countries(body, organizations),
        "activity_kinds": _keywords("activity_kinds", body) + _patient_care(body),
        "specialties": _keywords("specialties", body),
        "agreements": _agreements(body, organizations, _article_year(article)),
        "figures": figures.find_figures(body),
        "text": body,
    }


# --- organisations -----------------------------------------------------------------------------------------
def _organizations(body: str) -> list[Organization]:
    found: list[Organization] = []
    for mention in _expand_province_lists(body, find_mentions(body)):
        mention.country = mention.country or country_of_name(mention.name) or _context_country(body, mention)
        same = next((o for o in found if _same_organization(o, mention)), None)
        if same is None:
            found.append(
                Organization(
                    mention.name, mention.kind, mention.country, list(mention.aliases), [(mention.start, mention.end)]
                )
            )
            continue
        same.spans.append((mention.start, mention.end))
        for alias in (mention.name, *mention.aliases):
            if fold(alias) != fold(same.name) and alias not in same.aliases:
                same.aliases.append(alias)
        if len(mention.name) > len(same.name) and fold(same.name) in fold(mention.name):
            same.aliases.remove(mention.name)
            same.aliases.append(same.name)
            same.name = mention.name
    return found


def _same_organization(known: Organization, mention: Mention) -> bool:
    """Two mentions name one organisation when one name holds the other, or both end in the same distinctive
    capitalised word after the same head ("Bệnh viện Mahosot" / "Bệnh viện Trung ương Mahosot")."""
    a, b = fold(known.name), fold(mention.name)
    if a == b or (len(a.split()) >= 3 and len(b.split()) >= 3 and (f" {a} " in f" {b} " or f" {b} " in f" {a} ")):
        return True
    a_words, b_words = a.split(), b.split()
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
    sentence = _enclosing(SENTENCE, body, mention.start)
    trailing = re.search(r"\(([^()]+)\)\s*[^()]*$", sentence)
    if trailing:
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


def _enclosing(pattern: re.Pattern, body: str, position: int) -> str:
    for match in pattern.finditer(body):
        if match.start() <= position < match.end():
            return match.group(0)
    return ""


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
    return list(dict.fromkeys(c for c in codes if c != "VN"))


def _keywords(field: str, body: str) -> list[str]:
    return list(find_keywords(field, tokenize(body)))


PATIENT_CARE = re.compile(
    r"\b(?:tiếp nhận|điều trị cho|khám và điều trị cho|khám, chữa bệnh cho)\s+(?:gần|hơn|"
    r"trên|khoảng|cho\s+)?\s*[\d.,]*\s*(?:triệu\s+|nghìn\s+)?(?:lượt\s+)?(?:bệnh nhân|người bệnh)",
    re.IGNORECASE,
)


def _patient_care(body: str) -> list[str]:
    """Patients received or treated by the institution: care for foreign or referred patients."""
    return ["patient_care"] if PATIENT_CARE.search(body) else []


# --- agreements --------------------------------------------------------------------------------------------
def _article_year(article) -> int | None:
    """The year a day-month date belongs to: the page date's, else the first full date's in the text."""
    if article.published_on:
        return int(article.published_on[:4])
    full = find_date(article.text)
    return int(full[:4]) if full else None


def _parties(body: str, start: int, end: int, organizations: list[Organization]) -> list[str]:
    """The organisations named in the signing sentence; when it names fewer than two, those of its paragraph,
    then the article's most-mentioned Vietnamese organisation (the home institution the story is about)."""
    parties = [o.name for o in organizations if any(start <= s < end for s, _e in o.spans)]
    if len(parties) < 2:
        paragraph_start, paragraph_end = body.rfind("\n", 0, start) + 1, body.find("\n", end)
        paragraph_end = len(body) if paragraph_end == -1 else paragraph_end
        parties += [
            o.name
            for o in organizations
            if o.name not in parties and any(paragraph_start <= s < paragraph_end for s, _e in o.spans)
        ][: 2 - len(parties)]
    others = [o for o in organizations if o.name not in parties and o.country == "VN"]
    if len(parties) < 2 and others:
        parties.append(max(others, key=lambda o: len(o.spans)).name)
    return parties


def _agreements(body: str, organizations: list[Organization], year: int | None) -> list[dict]:
    """One agreement per signing the text reports; mentions of the same kind of document with the same (or no)
    date are one agreement told several times."""
    found: list[dict] = []
    for match in SENTENCE.finditer(body):
        sentence = match.group(0)
        if not SIGNING.search(sentence):
            continue
        lowered = sentence.lower()
        noun = next((kind for words, kind in AGREEMENT_NOUNS.items() if words in lowered), None)
        if noun is None and "hợp tác" not in lowered:
            continue
        signed_on = find_date(sentence, year)
        duration = DURATION.search(sentence)
        months = None
        if duration:
            months = int(duration.group(1)) * (12 if duration.group(2).lower() == "năm" else 1)
        parties = _parties(body, match.start(), match.end(), organizations)
        same = next((a for a in found if _same_agreement(a, noun, signed_on)), None)
        if same:
            same["signed_on"] = same["signed_on"] or signed_on
            same["duration_months"] = same["duration_months"] or months
            same["parties"] += [p for p in parties if p not in same["parties"]]
            same["kind"] = same["kind"] or noun
            continue
        found.append(
            {
                "parties": parties,
                "signed_on": signed_on,
                "duration_months": months,
                "kind": noun,
                "evidence": [{"start": match.start(), "end": match.end()}],
            }
        )
    return found


def _same_agreement(known: dict, noun: str | None, signed_on: str | None) -> bool:
    same_kind = noun is None or known["kind"] is None or known["kind"] == noun
    same_date = not signed_on or not known["signed_on"] or known["signed_on"].startswith(signed_on[:4])
    return same_kind and same_date
