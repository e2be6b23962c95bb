"""Accent-insensitive search over an indexed, folded `search_text` column, ranked, with typos forgiven.

Each searchable model keeps `search_text` (`core.models.SearchableModel`): its title, then the names and
aliases of its owner and partners, then its other words. A query word must start a word of the record
("benh vien k" finds "Bệnh viện K"). The engines' own indexes do the narrowing, not Python: SQLite an FTS5
trigram table kept in step by triggers, PostgreSQL a pg_trgm GIN index (both created by this app's migrations,
`indexes.py`).

- `search(q)` narrows; `by_relevance()` orders: the whole query as whole words first, then as a phrase typed
  so far, then every word whole, then the rest; among equals, the earlier the match (the title comes first),
  the better. One lookup of the index per request: no COUNT beside the rows (lists page without counting).
- `typo_tolerant()` is asked only when the exact search found nothing ("gustav rousy"): PostgreSQL's trigram
  word similarity (`<%`, through the same GIN index); on SQLite, the records sharing most of the query's
  trigrams (the FTS5 index, by bm25), kept when each query word is within one letter (words of up to four
  letters) or two letters of a word of the record (rapidfuzz's Levenshtein distance), closest first.
"""

from django.db import connections
from django.db.models import BooleanField, Case, FloatField, IntegerField, Value, When
from django.db.models.expressions import RawSQL
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from medcoop.core.permissions import VisibleQuerySet
from medcoop.core.text import fold_words

TRIGRAM = 3
TYPO_CANDIDATES = 1000


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
        """Rows whose words start with every word of the query, accents and case ignored."""
        words = fold_words(query or "")
        if not words:
            return self
        queryset = self
        indexable = [w for w in words if len(w) >= TRIGRAM]
        if indexable and connections[self.db].vendor == "sqlite":
            match = " AND ".join(_quoted(w) for w in indexable)
            table = fts_table(self.model)
            queryset = queryset.filter(pk__in=RawSQL(f"SELECT rowid FROM {table} WHERE {table} MATCH %s", [match]))
        for word in words:
            queryset = queryset.filter(search_text__contains=f" {word}")
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
        longer = [w for w in words if len(w) >= TRIGRAM]
        if not longer:
            return self.none()
        if connections[self.db].vendor == "postgresql":
            found = _similar_on_postgresql(unsearched, words)
        else:
            found = _similar_on_sqlite(unsearched, words, longer)
        found._prefetch_related_lookups = self._prefetch_related_lookups[:]
        return found


def _quoted(text: str) -> str:
    return '"{}"'.format(text.replace('"', '""'))


def _similar_on_postgresql(queryset, words: list[str]):
    column, phrase = _column(queryset.model), " ".join(words)
    similar = RawSQL(f"%s <%% {column}", [phrase], output_field=BooleanField())
    closeness = RawSQL(f"word_similarity(%s, {column})", [phrase], output_field=FloatField())
    return queryset.filter(similar).order_by(closeness.desc(), "-pk")


def _similar_on_sqlite(queryset, words: list[str], longer: list[str]):
    """Candidates from the FTS5 trigram index (the records sharing most of the query's trigrams, by bm25),
    judged by edit distance in Python, closest first."""
    table = fts_table(queryset.model)
    trigrams = {w[i : i + TRIGRAM] for w in longer for i in range(len(w) - TRIGRAM + 1)}
    match = " OR ".join(_quoted(t) for t in sorted(trigrams))
    candidates = queryset.filter(
        pk__in=RawSQL(
            f"SELECT rowid FROM {table} WHERE {table} MATCH %s ORDER BY rank LIMIT {TYPO_CANDIDATES}", [match]
        )
    ).values_list("pk", "search_text")
    scored = []
    for pk, text in candidates:
        distance = _distance(words, text.split())
        if distance is not None:
            scored.append((distance, -pk))
    ranked = [-negative for _, negative in sorted(scored)]
    if not ranked:
        return queryset.none()
    order = Case(*(When(pk=pk, then=Value(n)) for n, pk in enumerate(ranked)), output_field=IntegerField())
    return queryset.filter(pk__in=ranked).order_by(order)


def _distance(words: list[str], document: list[str]) -> int | None:
    """The sum over the query's words of the distance to the closest word (or word start) of the record, or
    None when a word is further than it may be."""
    total = 0
    for word in words:
        allowed = typo_distance(word) if len(word) >= TRIGRAM else 0
        forms = {*document, *(w[: len(word)] for w in document)}
        best = process.extractOne(word, forms, scorer=Levenshtein.distance, score_cutoff=allowed)
        if best is None:
            return None
        total += best[1]
    return total
