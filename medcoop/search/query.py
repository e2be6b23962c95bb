"""Accent-insensitive search over an indexed, folded `search_text` column, ranked, with typos forgiven.

Each searchable model keeps `search_text` (`core.models.SearchableModel`): its title, then the names and
aliases of its owner and partners, then its other words. A query word must start a word of the record
("benh vien k" finds "Bệnh viện K"). The engines' own indexes do the narrowing, not Python: SQLite an FTS5
trigram table kept in step by triggers, PostgreSQL a pg_trgm GIN index (both created by this app's migrations,
`indexes.py`).

- `search(q)` narrows; `by_relevance()` orders: the whole query as whole words first, then as a phrase typed
  so far, then every word whole, then the rest; among equals, the earlier the match (the title comes first),
  the better. One lookup of the index per request: no COUNT beside the rows (lists page without counting).
  A page (`best_first`) ranks only the WINDOW newest matches of a common phrase, found by walking the newest
  rows, and lists older matches after them newest first; a phrase rare among the newest rows is ranked whole.
- `typo_tolerant()` is asked only when the exact search found nothing ("gustav rousy"), the same design on both
  engines: each query word of three letters or more is mapped to the few real words of the table's vocabulary
  close to it (`close_terms`), then the records holding one of them (whole) for every word are found as an
  exact search, closest first. SQLite's vocabulary is its FTS5 word table's (fts5vocab), compared whole in
  Python (within one letter for words of up to four letters, two for longer ones: rapidfuzz's Levenshtein
  distance), the records from the FTS5 word index; PostgreSQL's is `<table>_vocabulary` (kept by triggers),
  whose own trigram index gives the words close by pg_trgm's word similarity (`word <% term`), the records
  from the trigram index of `search_text` (the ministry) or from reading one institution's rows.
"""

import json

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import F, Func, IntegerField, Q, Value
from django.db.models.expressions import RawSQL
from django.db.models.lookups import GreaterThan
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
    _ranked = False  # ordered by `by_relevance` (and not reordered since)

    def _clone(self):
        clone = super()._clone()
        clone._searched, clone._ranked = self._searched, self._ranked
        return clone

    def order_by(self, *field_names) -> "SearchQuerySet":
        ordered = super().order_by(*field_names)
        ordered._ranked = False
        return ordered

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
        if connections[self.db].vendor == "postgresql" and not whole:
            # The trigram index is asked for each long word's own trigrams ("%chuan%": chu, hua, uan), not for
            # those of a word's start ("% chuan%" adds "  c" and " ch", held by nearly every row, whose posting
            # lists were most of the lookup: 110 → 32 ms for a misspelt phrase at a million); whether each word
            # starts a word of the record is then tested on the rows found (`_unindexed_match`).
            for word in indexable:
                queryset = queryset.filter(search_text__contains=word)
            queryset = _unindexed_match(queryset, words)
        else:
            for word in words:
                queryset = queryset.filter(search_text__contains=f" {word} " if whole else f" {word}")
        queryset._searched = (words, self)
        return queryset

    def by_relevance(self) -> "SearchQuerySet":
        """The searched rows, best match first (see the module's docstring); unsearched rows are unchanged. Every
        match is ranked: what an export of a search lists. A page asks `best_first`, which ranks fewer."""
        words = self.search_words
        if not words:
            return self
        ranked = self.order_by(*_relevance(self.model, self.db, words))
        ranked._ranked = True
        return ranked

    def best_first(self, offset: int, count: int) -> list:
        """Rows `offset` to `offset + count` of the search, best first, without ranking every match of a common
        phrase (ranking the 100,000 matches of "ghep tang" at a million activities read each of them: 0.3–1.7 s).

        The newest rows of what the user may see (after the other filters), at most SCAN of them, are read in
        the primary key's order for the WINDOW newest matches; the plain (unindexed) LIKE makes that a walk of
        the newest rows that stops at the WINDOW-th match, not a trigram lookup. Then:

        - the window filled: the phrase is common; its WINDOW newest matches are ranked (a page of them), and
          beyond them the matches follow newest first;
        - the user sees no more than SCAN rows (one institution's): the window holds every match, ranked;
        - else the phrase is rare among the newest rows: every match is ranked, found through the index (the
          request's one lookup of it), and there are few.
        """
        words = self.search_words
        if not words or not self._ranked:  # not searched, or sorted by a column the user chose
            return list(self[offset : offset + count])
        if self._unknown_word():
            return []
        base = self._searched[1]._chain()  # the rows the user may see, after the other filters
        base._prefetch_related_lookups = self._prefetch_related_lookups[:]
        base.query.select_related = self.query.select_related
        edge = self._scan_edge()
        scanned = _unindexed_match(base, words)
        recent = scanned.filter(pk__gte=edge[0]) if edge else scanned
        window = list(recent.order_by("-pk").values_list("pk", flat=True)[:WINDOW])
        if edge and len(window) < WINDOW:
            return list(self.by_relevance()[offset : offset + count])
        rows = []
        if offset < len(window):
            ranked = base.filter(pk__in=window).order_by(*_relevance(self.model, self.db, words))
            rows = list(ranked[offset : min(offset + count, len(window))])
        beyond = offset + count - len(window)
        if len(window) == WINDOW and beyond > 0:
            older = self.filter(pk__lt=window[-1]).order_by("-pk")
            rows += list(older[max(0, offset - WINDOW) : offset + count - WINDOW])
        return rows

    def _unknown_word(self) -> bool:
        """Whether a word of the query starts no word of the table's vocabulary (PostgreSQL), so that the search
        finds nothing, known from the vocabulary's trigram index (about a millisecond) rather than from a walk of
        the newest rows and a lookup of the records' index (90 ms for a misspelt phrase at a million). Words of
        fewer than three letters and bare numbers are not in the vocabulary, and are not asked. The vocabulary
        holds every word of every record (and perhaps words no record holds any more): never a false "unknown"."""
        if "_unknown" not in self.__dict__:
            words = [w for w in self.search_words if len(w) >= TRIGRAM and not w.isdigit()]
            unknown = False
            if words and connections[self.db].vendor == "postgresql":
                table = f"{self.model._meta.db_table}_vocabulary"
                asked = ", ".join(f"EXISTS (SELECT 1 FROM {table} WHERE term LIKE %s)" for _ in words)
                with connections[self.db].cursor() as cursor:
                    cursor.execute(f"SELECT {asked}", [f"{_escaped(w)}%" for w in words])
                    unknown = not all(cursor.fetchone())
            self.__dict__["_unknown"] = unknown
        return self.__dict__["_unknown"]

    def _scan_edge(self, rows: int | None = None) -> list[int]:
        """Where the walk for the window stops: the key of the SCAN-th (or `rows`-th) newest row the user may see
        (after the other filters), or none when they see at most SCAN (the walk reads them all). Read once per
        queryset and `rows`, for the page and its typo search.

        On PostgreSQL the planner's estimate of those rows decides, without counting them: one institution's
        rows are read whole; a filtered view of many (a kind, a year) is bounded by the newest rows of the
        table instead (at most REACH × `rows`), since finding its own SCAN-th row walked hundreds of thousands
        of rows (80–110 ms). An estimate that is wrong costs time, never rows: a window that did not fill
        sends the page to the index."""
        rows = rows or SCAN  # read when called: the tests set a smaller SCAN
        if f"_edge{rows}" not in self.__dict__:
            assert self._searched
            scope = self._searched[1]
            newest, reach = scope.order_by("-pk"), rows
            if connections[self.db].vendor == "postgresql":
                seen, every = self._estimates()
                table = self.model._base_manager.db_manager(self.db).all()
                if seen <= SCAN:
                    newest, reach = newest.none(), 0
                elif seen < every:
                    newest, reach = table.order_by("-pk"), min(REACH * rows, rows * every // seen)
            self.__dict__[f"_edge{rows}"] = list(newest.values_list("pk", flat=True)[reach : reach + 1])
        return self.__dict__[f"_edge{rows}"]

    def _estimates(self) -> tuple[int, int]:
        """The planner's estimates of the rows the user may see (after the other filters) and of the table's
        (PostgreSQL), asked once per queryset."""
        if "_estimates_of" not in self.__dict__:
            table = self.model._base_manager.db_manager(self.db).all()
            self.__dict__["_estimates_of"] = (_estimated_rows(self._searched[1]), _estimated_rows(table))
        return self.__dict__["_estimates_of"]

    def typo_tolerant(self) -> "SearchQuerySet":
        """The same rows but for the words, each matched by the real words close to it (`close_terms`), closest
        first (one institution's rows) or newest first (more); none when no word is long enough to judge (three
        letters). On PostgreSQL a view of more than SCAN rows gives the matches among its newest SCAN rows when
        they hold DENSE of them or more (a list shows the first page of a typo search, the API pages it through
        `newest_first`), else every match, through the index (they are few)."""
        if not self._searched:
            return self
        words, unsearched = self._searched
        if not [w for w in words if len(w) >= TRIGRAM]:
            return self.none()
        if connections[self.db].vendor == "postgresql":
            edge, close = self._scan_edge(), close_terms(self.model, self.db, words)
            if close is None:
                found = unsearched.none()
            elif not edge:
                found = _similar_on_postgresql(unsearched, words, FEW, close=close)
            else:
                # Bounded: unbounded, the planner (which cannot price the test, and guesses one row) scanned
                # the table and sorted its 50,000 matches (2.5 s) rather than walk it.
                walk = _similar_on_postgresql(unsearched, words, WALK, close=close).filter(pk__gte=edge[0])
                dense = len(walk.values_list("pk", flat=True)[:DENSE]) == DENSE
                found = walk if dense else _similar_on_postgresql(unsearched, words, INDEX, close=close)
        else:
            found = _similar_on_sqlite(unsearched, words)
        found._prefetch_related_lookups = self._prefetch_related_lookups[:]
        return found

    def newest_first(self, after: int | None, count: int, typos: bool = False) -> list:
        """At most `count` rows of the search (or of its typo search) newest first, below the key `after`: the
        API's keyset pages, at no more cost than the page's. An institution's rows are read whole and tested
        (sorted by key, not walked along the whole table's key index); on PostgreSQL a larger view first walks
        its newest rows (at most SCAN, from the top or from `after`) with the unindexed test, which answers a
        common search by itself, and asks the index only when that walk found too few (the search is rare).
        The keys found are then read as this queryset reads its rows (its deferred fields, annotations and
        prefetches), by key."""
        words = self.search_words
        if not words:
            found = self.filter(pk__lt=after) if after else self
            return list(found.order_by("-pk")[:count])
        keys = self._newest_keys(after, count, typos)
        if not keys:
            return []
        shaped = self._chain()
        shaped.query.where = self._searched[1].query.where.clone()  # the other filters, not the search's
        return list(shaped.filter(pk__in=keys).order_by("-pk"))

    def _newest_keys(self, after: int | None, count: int, typos: bool) -> list[int]:
        words, base = self._searched
        if not typos and self._unknown_word():
            return []
        if connections[self.db].vendor != "postgresql":
            found = self.typo_tolerant() if typos else self
            found = found.filter(pk__lt=after) if after else found
            return list(found.order_by("-pk").values_list("pk", flat=True)[:count])

        close = close_terms(self.model, self.db, words) if typos else None
        if typos and close is None:
            return []

        def form(mode: str):
            if typos:
                return _similar_on_postgresql(base, words, mode, ranked=False, close=close)
            if mode == INDEX:
                return self.order_by("-pk")
            return _unindexed_match(base, words).order_by(_newest(base.model) if mode == FEW else "-pk")

        def keys(queryset) -> list[int]:
            queryset = queryset.filter(pk__lt=after) if after else queryset
            return list(queryset.values_list("pk", flat=True)[:count])

        if self._estimates()[0] <= SCAN:  # what `_scan_edge` decides, without finding the edge
            return keys(form(FEW))
        # The walk reads as many of the newest rows as hold `count` matches of a search found in one row in
        # SPARSE (at most SCAN); a rarer one is few enough for the index (a rare phrase paid the whole walk).
        reach = min(SCAN, count * SPARSE)
        bound = max(1, after - reach) if after else self._scan_edge(reach)[0]
        found = keys(form(WALK).filter(pk__gte=bound))
        return found if len(found) == count else keys(form(INDEX))


WINDOW = 500  # the newest matches a page ranks (ten pages of 50)
SCAN = 20_000  # the newest rows read for them before the index is asked instead
REACH = 4  # a filtered view is looked for among at most REACH × SCAN of the table's newest rows
SPARSE = 100  # the API walks the newest rows for a search found in at least one row in SPARSE
DENSE = 201  # matches among the newest SCAN rows from which a typo search walks them (an API page and one)
FEW, WALK, INDEX = "few", "walk", "index"  # how the typo search reads: an institution's rows, the newest, the index


def _newest(model) -> RawSQL:
    """Newest first, but not along the primary key's index: for one institution's rows, few to sort, which the
    planner, unable to price the search's test, read by walking the whole table's newest rows (460 ms)."""
    key = f'"{model._meta.db_table}"."{model._meta.pk.column}"'
    return RawSQL(f"{key} + 0", [], output_field=IntegerField()).desc()


def _estimated_rows(queryset) -> int:
    """The planner's estimate of a queryset's rows (PostgreSQL): no count, only its statistics."""
    try:
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # `none()`: a user who may see nothing
        return 0
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def _relevance(model, using: str, words: list[str]) -> list:
    """The order of `by_relevance`: the match's tier, then its place in the text, then the newest."""
    column, phrase = _column(model), " ".join(words)
    whole = " AND ".join(f"{column} LIKE %s" for _ in words)
    tier = RawSQL(
        f"CASE WHEN {column} LIKE %s THEN 0 WHEN {column} LIKE %s THEN 1 WHEN {whole} THEN 2 ELSE 3 END",
        [f"% {phrase} %", f"% {phrase}%", *(f"% {w} %" for w in words)],
        output_field=IntegerField(),
    )
    position = "instr" if connections[using].vendor == "sqlite" else "strpos"
    place = RawSQL(f"{position}({column}, %s)", [f" {phrase}"], output_field=IntegerField())
    return [tier.asc(), place.asc(), "-pk"]


def _unindexed_match(queryset, words: list[str]):
    """The search's conditions (`search`) written so that no index answers them (`_holds`): each is tested on
    the rows another path (the primary key's order, an institution's rows) reads, rather than intersected with a
    trigram lookup that reads every match of each word (80–220 ms for a common one). Expressions, not raw SQL: a
    search used as a subquery (a transfer's recipient) names the table by alias."""
    whole = all(len(w) < TRIGRAM for w in words)
    for word in words:
        queryset = queryset.filter(_holds(f" {word} " if whole else f" {word}"))
    return queryset


def _holds(text: str) -> GreaterThan:
    """`search_text` holds `text`, tested on the row, which no index answers: the position of the text in the
    column (`strpos`, SQLite's `instr`), about twice as fast as the LIKE of a copy of the column that it replaced
    (`(search_text || '') LIKE`: 45 → 19 ms for a walk of 20,000 rows at a million)."""
    return GreaterThan(_Position(F("search_text"), Value(text)), 0)


class _Position(Func):
    """Where a text starts in another (1 for the first letter), or 0 when it is not in it."""

    function = "strpos"
    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="instr", **extra_context)


def _escaped(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _quoted(text: str) -> str:
    return '"{}"'.format(text.replace('"', '""'))


def close_terms(model, using: str, words: list[str]) -> dict[str, list[tuple[str, int]]] | None:
    """Each query word of three letters or more mapped to at most CLOSE_WORDS real words of the table's vocabulary
    close to it, each with its distance (letters changed, to the whole word or to its start), nearest first; None
    when a word has none. Each engine keeps its measure of closeness: SQLite the typo distance over the whole
    vocabulary (`_close_words`: fts5vocab, cached per registry version); PostgreSQL pg_trgm's word similarity,
    as before the vocabulary (`word <% term`, at `apps.WORD_SIMILARITY_THRESHOLD`), through the vocabulary's own
    trigram index, one query for every word: thousands of words, not every record's text."""
    long = [w for w in dict.fromkeys(words) if len(w) >= TRIGRAM]
    if connections[using].vendor != "postgresql":
        vocabulary = _vocabulary(model, using)
        close = {w: _close_words(w, vocabulary) for w in long}
        return close if all(close.values()) else None
    candidates: dict[str, list[tuple[str, float]]] = {w: [] for w in long}
    table = f"{model._meta.db_table}_vocabulary"
    union = " UNION ALL ".join(
        f"SELECT %s, term, word_similarity(%s, term) FROM {table} WHERE %s <%% term" for _ in long
    )
    with connections[using].cursor() as cursor:
        cursor.execute(union, [p for w in long for p in (w, w, w)])
        for word, term, similarity in cursor.fetchall():
            candidates[word].append((term, similarity))
    close = {}
    for word, found in candidates.items():
        scored = [(_distance(word, term), -similarity, term) for term, similarity in found]
        close[word] = [(term, distance) for distance, _, term in sorted(scored)[:CLOSE_WORDS]]
    return close if all(close.values()) else None


def _distance(word: str, term: str) -> int:
    """Letters changed between a query word and a term, whole or its start ("gustav" → gustave: 0)."""
    return min(Levenshtein.distance(word, term), Levenshtein.distance(word, term[: len(word)]))


def _similar_on_postgresql(queryset, words: list[str], mode: str = INDEX, ranked: bool = True, close=None):
    """The records holding, for each word of three letters or more, one of its close real words (`close_terms`)
    as a whole word, and shorter words as typed: an exact search of a few words, no similarity computed on the
    records' texts (which cost 70–220 ms over one institution's 2,100 rows at a million).

    `mode` INDEX: through the trigram index (each close word's own trigrams, then the whole-word test on the
    rows found), newest first. WALK: the same test without the index, newest first along the key (the caller
    bounds the walk). FEW: the user sees at most SCAN rows (one institution's), read and tested without the
    index (intersected with the institution's rows, a lookup reads every match in the registry), the closest
    first (the sum of the distances of the words they hold) unless not `ranked`, then the newest. `close`: the
    words' close terms when already looked up."""
    close = close or close_terms(queryset.model, queryset.db, words)
    if close is None:
        return queryset.none()
    rank, params = [], []
    column = _column(queryset.model)
    for word in words:
        if len(word) < TRIGRAM:
            pattern = f" {word}"
            indexed = mode == INDEX
            queryset = queryset.filter(Q(search_text__contains=pattern) if indexed else _holds(pattern))
            continue
        terms = close[word]
        whole = Q()
        for term, _ in terms:
            whole |= Q(_holds(f" {term} "))
        if mode == INDEX:
            indexed = Q()
            for term, _ in terms:
                indexed |= Q(search_text__contains=term)
            queryset = queryset.filter(indexed)
        queryset = queryset.filter(whole)
        rank.append("CASE " + " ".join(f"WHEN {column} LIKE %s THEN {d}" for _, d in terms) + " ELSE 9 END")
        params += [f"% {_escaped(term)} %" for term, _ in terms]
    if mode == FEW:
        if not ranked:
            return queryset.order_by(_newest(queryset.model))
        distance = RawSQL(" + ".join(rank) or "0", params, output_field=IntegerField())
        return queryset.order_by(distance.asc(), _newest(queryset.model))
    return queryset.order_by("-pk")


def _similar_on_sqlite(queryset, words: list[str]):
    """Each query word's close words from the table's vocabulary (`close_terms`), then the records holding a
    close word for every query word, through the FTS5 word index; the closest first (the sum of the distances
    of the words they hold)."""
    close = close_terms(queryset.model, queryset.db, words)
    if close is None:
        return queryset.none()
    clauses, rank, params = [], [], []
    column = _column(queryset.model)
    for word in words:
        if len(word) < TRIGRAM:
            clauses.append(f"{_quoted(word)}*")
            continue
        terms = close[word]
        clauses.append("(" + " OR ".join(_quoted(term) for term, _ in terms) + ")")
        rank.append("CASE " + " ".join(f"WHEN {column} LIKE %s THEN {d}" for _, d in terms) + " ELSE 9 END")
        params += [f"% {term} %" for term, _ in terms]
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
