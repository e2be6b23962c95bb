"""Accent-insensitive search over an indexed, folded `search_text` column, ranked, with typos forgiven.

Each searchable model keeps `search_text` (`core.models.SearchableModel`): its title, then the names and
aliases of its owner and partners, then its other words. A query word must start a word of the record
("benh vien k" finds "Bệnh viện K"). The engines' own indexes do the narrowing, not Python: SQLite an FTS5
trigram table kept in step by triggers, PostgreSQL a pg_trgm GIN index (both created by this app's migrations,
`indexes.py`).

- `search(q)` narrows; `by_relevance()` orders: the whole query as whole words first, then as a phrase typed
  so far, then every word whole, then the rest; among equals, the earlier the match (the title comes first),
  the better. One lookup of the index per request: no COUNT beside the rows (lists page without counting).
- `typo_tolerant()` is asked only when the exact search found nothing ("gustav rousy"): on PostgreSQL, each
  word's trigram word similarity (`<%`, through the same GIN index), newest first; on SQLite, the words of the table's vocabulary within
  one letter (words of up to four letters) or two letters of each query word (rapidfuzz's Levenshtein
  distance), then the records holding one of them for every word (the FTS5 word index), closest first.
"""

from django.db import connections
from django.db.models import BooleanField, IntegerField
from django.db.models.expressions import RawSQL
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from medcoop.core.permissions import VisibleQuerySet
from medcoop.core.text import fold_words

TRIGRAM = 3


def fts_table(model) -> str:
    return f"{model._meta.db_table}_fts"


def _column(model) -> str:
    return f'"{model._meta.db_table}"."search_text"'


def typo_distance(word: str) -> int:
    """Letters a typed word may have wrong and still find: one in a short word, two in a longer one."""
    return 1 if len(word) <= 4 else 2


class SearchQuerySet(VisibleQuerySet):
    """The queryset of a searchable registry model: `visible_to(user).search(q)`."""

    _searched: tuple[list[str], "SearchQuerySet"] | None = None

    def _clone(self):
        clone = super()._clone()
        clone._searched = self._searched
        return clone

    @property
    def search_words(self) -> list[str]:
        """The folded words this queryset was searched for (none when it was not)."""
        return self._searched[0] if self._searched else []

    def search(self, query: str) -> "SearchQuerySet":
        """Rows whose words start with every word of the query, accents and case ignored. A query of only
        one- and two-letter words ("k", "y te") matches them as whole words: a letter starts too many words to
        mean anything, and whole short words are what the indexes can find (trigrams on PostgreSQL, the word
        table on SQLite) rather than a scan of every record."""
        words = fold_words(query or "")
        if not words:
            return self
        queryset = self
        indexable = [w for w in words if len(w) >= TRIGRAM]
        whole = not indexable
        if connections[self.db].vendor == "sqlite":
            table = fts_table(self.model) if indexable else f"{self.model._meta.db_table}_words"
            match = " AND ".join(_quoted(w) for w in (indexable or words))
            queryset = queryset.filter(pk__in=RawSQL(f"SELECT rowid FROM {table} WHERE {table} MATCH %s", [match]))
        for word in words:
            queryset = queryset.filter(search_text__contains=f" {word} " if whole else f" {word}")
        queryset._searched = (words, self)
        return queryset

    def by_relevance(self) -> "SearchQuerySet":
        """The searched rows, best match first (see the module's docstring); unsearched rows are unchanged."""
        words = self.search_words
        if not words:
            return self
        column, phrase = _column(self.model), " ".join(words)
        whole = " AND ".join(f"{column} LIKE %s" for _ in words)
        tier = RawSQL(
            f"CASE WHEN {column} LIKE %s THEN 0 WHEN {column} LIKE %s THEN 1 WHEN {whole} THEN 2 ELSE 3 END",
            [f"% {phrase} %", f"% {phrase}%", *(f"% {w} %" for w in words)],
            output_field=IntegerField(),
        )
        position = "instr" if connections[self.db].vendor == "sqlite" else "strpos"
        place = RawSQL(f"{position}({column}, %s)", [f" {phrase}"], output_field=IntegerField())
        return self.order_by(tier.asc(), place.asc(), "-pk")

    def typo_tolerant(self) -> "SearchQuerySet":
        """The same rows but for the words, matched within a letter or two (closest first); none when no
        word is long enough to judge (three letters)."""
        if not self._searched:
            return self
        words, unsearched = self._searched
        if not [w for w in words if len(w) >= TRIGRAM]:
            return self.none()
        if connections[self.db].vendor == "postgresql":
            found = _similar_on_postgresql(unsearched, words)
        else:
            found = _similar_on_sqlite(unsearched, words)
        found._prefetch_related_lookups = self._prefetch_related_lookups[:]
        return found


def _quoted(text: str) -> str:
    return '"{}"'.format(text.replace('"', '""'))


def _similar_on_postgresql(queryset, words: list[str]):
    """Each word of three letters or more close to a word of the record (`<%`, the GIN index), shorter ones
    as typed; newest first (ordering by the phrase's similarity computes it for every candidate: 2.7 s for
    40,000 at 100,000 activities)."""
    column = _column(queryset.model)
    for word in words:
        if len(word) >= TRIGRAM:
            queryset = queryset.filter(RawSQL(f"%s <%% {column}", [word], output_field=BooleanField()))
        else:
            queryset = queryset.filter(search_text__contains=f" {word}")
    return queryset.order_by("-pk")


def _similar_on_sqlite(queryset, words: list[str]):
    """Each query word's close words from the table's vocabulary (fts5vocab, cached per registry version),
    then the records holding a close word for every query word, through the FTS5 word index; the closest
    first (the sum of the distances of the words they hold)."""
    vocabulary = _vocabulary(queryset.model, queryset.db)
    clauses, rank, params = [], [], []
    column = _column(queryset.model)
    for word in words:
        if len(word) < TRIGRAM:
            clauses.append(f"{_quoted(word)}*")
            continue
        close = _close_words(word, vocabulary)
        if not close:
            return queryset.none()
        clauses.append("(" + " OR ".join(_quoted(term) for term, _ in close) + ")")
        rank.append("CASE " + " ".join(f"WHEN {column} LIKE %s THEN {d}" for _, d in close) + " ELSE 9 END")
        params += [f"% {term} %" for term, _ in close]
    table = f"{queryset.model._meta.db_table}_words"
    found = queryset.filter(pk__in=RawSQL(f"SELECT rowid FROM {table} WHERE {table} MATCH %s", [" AND ".join(clauses)]))
    distance = RawSQL(" + ".join(rank) or "0", params, output_field=IntegerField())
    return found.order_by(distance.asc(), "-pk")


CLOSE_WORDS = 30


def _close_words(word: str, vocabulary: list[str]) -> list[tuple[str, int]]:
    """Words of the vocabulary within the typo distance of `word`, whole or as the start of a longer word
    ("gustav" → gustave), nearest first, at most CLOSE_WORDS."""
    allowed = typo_distance(word)
    best: dict[str, int] = {}
    starts = [term[: len(word)] for term in vocabulary]
    for choices in (vocabulary, starts):
        for _, distance, index in process.extract(
            word, choices, scorer=Levenshtein.distance, score_cutoff=allowed, limit=None
        ):
            term = vocabulary[index]
            best[term] = min(distance, best.get(term, distance))
    return sorted(best.items(), key=lambda item: (item[1], item[0]))[:CLOSE_WORDS]


def _vocabulary(model, using: str) -> list[str]:
    from django.core.cache import cache

    from medcoop.core.freshness import registry_version

    table = model._meta.db_table
    key = f"search-vocabulary:{registry_version()}:{table}"
    vocabulary = cache.get(key)
    if vocabulary is None:
        with connections[using].cursor() as cursor:
            cursor.execute(f"SELECT term FROM {table}_vocabulary")
            vocabulary = [row[0] for row in cursor.fetchall()]
        cache.set(key, vocabulary, timeout=300)
    return vocabulary
