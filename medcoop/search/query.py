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
  On SQLite the walk asks the FTS5 index for the newest rows' matches (it seeks to them), not LIKE of each row.
- `typo_tolerant()` is asked only when the exact search found nothing ("gustav rousy"): on PostgreSQL, each
  word's trigram word similarity (`<%`, through the same GIN index), newest first; on SQLite, the words of the table's vocabulary within
  one letter (words of up to four letters) or two letters of each query word (rapidfuzz's Levenshtein
  distance), then the records holding one of them for every word (the FTS5 word index), closest first; a
  page ranks the newest candidates only, as `best_first` does, and one institution's rows are tested without
  the index.
"""

import bisect
import json
import operator
from functools import reduce
from typing import NamedTuple

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import BooleanField, F, Func, IntegerField, Max, Q, TextField
from django.db.models.expressions import RawSQL
from django.db.models.lookups import Contains
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from medcoop.core.permissions import VisibleQuerySet
from medcoop.core.text import fold_words

from .apps import WORD_SIMILARITY_THRESHOLD

TRIGRAM = 3
PADDED = 3  # a word's trigrams that hold its padding: "  h", " ho", "al "


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
    _typo_window: "_TypoWindow | None" = None  # SQLite's typo search over many rows (`_typo_page`)

    def _clone(self):
        clone = super()._clone()
        clone._searched, clone._ranked, clone._typo_window = self._searched, self._ranked, self._typo_window
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
            queryset = queryset.filter(pk__in=_fts_rows(self.model, words))
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
        if self.query.is_empty():
            return []
        if self._typo_window is not None and self._ranked:
            return self._typo_page(offset, count)
        words = self.search_words
        if not words or not self._ranked:  # not searched, or sorted by a column the user chose
            return list(self[offset : offset + count])
        base = self._searched[1]._chain()  # the rows the user may see, after the other filters
        base._prefetch_related_lookups = self._prefetch_related_lookups[:]
        base.query.select_related = self.query.select_related
        edge = self._scan_edge()
        scanned = _unindexed_match(base, words)
        recent = scanned.filter(pk__gte=edge[0]) if edge else scanned
        if edge and connections[self.db].vendor == "sqlite":
            # The FTS5 index's matches from the edge on (it seeks there: 1 ms at 100,000), the LIKE tested on them
            # alone: the walk's LIKE over the newest 20,000 rows cost 20-80 ms.
            recent = recent.filter(pk__in=_fts_rows(self.model, words, since=edge[0]))
        window = list(recent.order_by("-pk").values_list("pk", flat=True)[:WINDOW])
        if edge and len(window) < WINDOW:
            if connections[self.db].vendor == "sqlite" and _unknown_word(self.model, words):
                return []  # no record has a word it starts: the index need not read the others' lists
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

    def _scan_edge(self) -> list[int]:
        """Where the walk for the window stops: the key of the SCAN-th newest row the user may see (after the
        other filters), or none when they see fewer (the walk reads them all). Read once per queryset, for the
        page and its typo search.

        On PostgreSQL the planner's estimate of those rows decides, without counting them: one institution's
        rows are read whole; a filtered view of many (a kind, a year) is bounded by the newest rows of the
        table instead (at most REACH × SCAN), since finding its own SCAN-th row walked hundreds of thousands
        of rows (80–110 ms). An estimate that is wrong costs time, never rows: a window that did not fill
        sends the page to the index."""
        if "_edge" not in self.__dict__:
            assert self._searched
            scope = self._searched[1]
            newest, reach = scope.order_by("-pk"), SCAN
            if connections[self.db].vendor == "postgresql":
                seen = _estimated_rows(scope)
                table = self.model._base_manager.db_manager(self.db).all()
                every = _estimated_rows(table)
                if seen <= SCAN:
                    newest, reach = newest.none(), 0
                elif seen < every:
                    newest, reach = table.order_by("-pk"), min(REACH * SCAN, SCAN * every // seen)
            elif not scope.query.where:
                # SQLite, every row: the newest key less SCAN (keys are dense; deleted rows only shorten the
                # walk), one lookup, where stepping over 20,000 rows read each whole (23-26 ms at a million)
                last = scope.aggregate(last=Max("pk"))["last"] or 0
                self.__dict__["_edge"] = [last - SCAN] if last > SCAN else []
                return self.__dict__["_edge"]
            self.__dict__["_edge"] = list(newest.values_list("pk", flat=True)[reach : reach + 1])
        return self.__dict__["_edge"]

    def typo_tolerant(self) -> "SearchQuerySet":
        """The same rows but for the words, matched within a letter or two (closest first); none when no
        word is long enough to judge (three letters)."""
        if not self._searched:
            return self
        words, unsearched = self._searched
        if not [w for w in words if len(w) >= TRIGRAM]:
            return self.none()
        if connections[self.db].vendor == "postgresql":
            found = _similar_on_postgresql(unsearched, words, few=not self._scan_edge())
        else:
            found = _similar_on_sqlite(unsearched, words, self._scan_edge())
        found._prefetch_related_lookups = self._prefetch_related_lookups[:]
        return found

    def _typo_page(self, offset: int, count: int) -> list:
        """`best_first` of SQLite's typo search over many rows: the WINDOW newest candidates among the newest
        SCAN rows (the word index seeks to the edge) ranked closest first, then older candidates newest first.
        Ranking every candidate computed the distance of each: 100,000 at a million activities for a misspelt
        common phrase. Fewer candidates than the window among the newest rows: all are ranked, and they are few."""
        typo = self._typo_window
        base = typo.base._chain()
        base._prefetch_related_lookups = self._prefetch_related_lookups[:]
        base.query.select_related = self.query.select_related
        recent = base.filter(pk__gte=typo.edge, pk__in=_matching(typo.table, typo.match, since=typo.edge))
        window = list(recent.order_by("-pk").values_list("pk", flat=True)[:WINDOW])
        if len(window) < WINDOW:
            return list(self[offset : offset + count])
        rows = []
        if offset < WINDOW:
            ranked = base.filter(pk__in=window).order_by(typo.distance.asc(), "-pk")
            rows = list(ranked[offset : min(offset + count, WINDOW)])
        if offset + count > WINDOW:
            older = self.filter(pk__lt=window[-1]).order_by("-pk")
            rows += list(older[max(0, offset - WINDOW) : offset + count - WINDOW])
        return rows


WINDOW = 500  # the newest matches a page ranks (ten pages of 50)
SCAN = 20_000  # the newest rows read for them before the index is asked instead
REACH = 4  # a filtered view is looked for among at most REACH × SCAN of the table's newest rows


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


def _fts_rows(model, words: list[str], since: int | None = None) -> RawSQL:
    """The rowids SQLite's FTS5 index finds for the words (a superset of `search`'s rows): the trigram table
    when a word has three letters or more, else the word table for the short words whole."""
    indexable = [w for w in words if len(w) >= TRIGRAM]
    table = fts_table(model) if indexable else f"{model._meta.db_table}_words"
    return _matching(table, " AND ".join(_quoted(w) for w in (indexable or words)), since)


def _matching(table: str, match: str, since: int | None = None) -> RawSQL:
    """`SELECT rowid` of an FTS5 table's MATCH; `since`: from that rowid on, to which FTS5 seeks in each
    term's list rather than reading it whole."""
    if since is None:
        return RawSQL(f"SELECT rowid FROM {table} WHERE {table} MATCH %s", [match])
    return RawSQL(f"SELECT rowid FROM {table} WHERE {table} MATCH %s AND rowid >= %s", [match, since])


def _unindexed_contains(text: str) -> Contains:
    return Contains(_Unindexed(F("search_text")), text)


def _unindexed_match(queryset, words: list[str]):
    """The search's conditions (`search`) written so that no index answers them (`search_text || ''`): each is
    tested on the rows another path (the primary key's order, an institution's rows) reads, rather than
    intersected with a trigram lookup that reads every match of each word (80–220 ms for a common one).
    Expressions, not raw SQL: a search used as a subquery (a transfer's recipient) names the table by alias."""
    whole = all(len(w) < TRIGRAM for w in words)
    for word in words:
        queryset = queryset.filter(Contains(_Unindexed(F("search_text")), f" {word} " if whole else f" {word}"))
    return queryset


class _Unindexed(Func):
    """A text the same as its column's, which no index of the column answers."""

    template = "(%(expressions)s || '')"
    output_field = TextField()


def _escaped(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _quoted(text: str) -> str:
    return '"{}"'.format(text.replace('"', '""'))


def _similar_on_postgresql(queryset, words: list[str], few: bool = False):
    """Each word of three letters or more close to a word of the record (`<%`, the GIN index), shorter ones
    as typed; newest first (ordering by the phrase's similarity computes it for every candidate: 2.7 s for
    40,000 at 100,000 activities).

    `few`: the user sees at most SCAN rows (one institution's), which are read and tested without the index:
    intersected with the institution's rows, the trigram lookup read 200,000 candidates (240–370 ms at a
    million). See `_close_on_each_row` for the test."""
    column = _column(queryset.model)
    if few:
        queryset = queryset.filter(_close_on_each_row(column, words))
    for word in words:
        if len(word) < TRIGRAM:
            queryset = queryset.filter(search_text__contains=f" {word}")
        elif not few:
            queryset = queryset.filter(RawSQL(f"%s <%% {column}", [word], output_field=BooleanField()))
    if few:
        # Newest first, but not along the primary key's index: the planner, unable to price the test, walked
        # the whole table's newest rows for the institution's (460 ms); its own rows are few to sort.
        key = f'"{queryset.model._meta.db_table}"."{queryset.model._meta.pk.column}"'
        return queryset.order_by(RawSQL(f"{key} + 0", [], output_field=IntegerField()).desc())
    return queryset.order_by("-pk")


def _close_on_each_row(column: str, words: list[str]) -> RawSQL:
    """One condition testing the words in the order written (a CASE: the planner would put the cheapest first),
    the longest first, on a row's text without the index. The similarity (`<%`, which splits the whole text into
    trigrams at each call) is the costly part, so it is skipped where it cannot hold or need not be asked: a word
    found as typed is close; and a word with enough distinct inner trigrams ("hopital": hop, opi, pit, ita, tal)
    needs one of them in the text when its three padded trigrams ("  h", " ho", "al ") are too few of its trigrams
    for the similarity threshold on their own (at 0.4: words of five distinct inner trigrams or more).
    pg_trgm's word similarity is the share of the word's trigrams found in the text's closest extent."""
    tested = f"({column} || '')"
    checks, params = [], []
    for word in sorted((w for w in words if len(w) >= TRIGRAM), key=len, reverse=True):
        inner = sorted({word[i : i + TRIGRAM] for i in range(len(word) - TRIGRAM + 1)})
        check = f"%s <%% {tested}"
        params_of = [word]
        if WORD_SIMILARITY_THRESHOLD * (len(inner) + PADDED) > PADDED:
            check = "(" + " OR ".join(f"{tested} LIKE %s ESCAPE '\\'" for _ in inner) + f") AND {check}"
            params_of = [f"%{_escaped(t)}%" for t in inner] + params_of
        checks.append(f"WHEN NOT ({tested} LIKE %s ESCAPE '\\' OR ({check})) THEN false")
        params += [f"% {_escaped(word)}%", *params_of]
    return RawSQL(f"CASE {' '.join(checks)} ELSE true END", params, output_field=BooleanField())


class _TypoWindow(NamedTuple):
    base: "SearchQuerySet"  # the rows the user may see, after the other filters
    table: str  # the FTS5 word table
    match: str  # its MATCH expression: a close word for every query word
    distance: RawSQL  # the order: the sum of the distances of the close words a record holds
    edge: int  # the key of the SCAN-th newest row the user may see


def _similar_on_sqlite(queryset, words: list[str], edge: list[int]):
    """Each query word's close words from the table's vocabulary (fts5vocab, cached per registry version),
    then the records holding a close word for every query word, the closest first (the sum of the distances
    of the words they hold).

    `edge` (`_scan_edge`): the user sees more than SCAN rows, found through the FTS5 word index; a page
    (`best_first`) ranks only the newest candidates (`_typo_page`). No edge (one institution's rows): the rows
    are tested for the close words without the index, whose lookup read every candidate in the registry
    (127-200 ms at 100,000 activities)."""
    vocabulary = _vocabulary(queryset.model, queryset.db)
    clauses, rank, params, tests = [], [], [], []
    column = _column(queryset.model)
    for word in words:
        if len(word) < TRIGRAM or word.isdigit():  # a number is not misspelt into another ("lan 12", "lan 13")
            clauses.append(f"{_quoted(word)}*")
            tests.append([f" {word}"])
            continue
        close = _close_words(word, vocabulary)
        if not close:
            return queryset.none()
        clauses.append("(" + " OR ".join(_quoted(term) for term, _ in close) + ")")
        tests.append([f" {term} " for term, _ in close])
        rank.append("CASE " + " ".join(f"WHEN {column} LIKE %s THEN {d}" for _, d in close) + " ELSE 9 END")
        params += [f"% {term} %" for term, _ in close]
    distance = RawSQL(" + ".join(rank) or "0", params, output_field=IntegerField())
    if not edge:
        found = queryset
        for alternatives in sorted(tests, key=len):  # the fewest first: most rows fail on one test
            found = found.filter(reduce(operator.or_, (Q(_unindexed_contains(text)) for text in alternatives)))
        return found.order_by(distance.asc(), "-pk")
    table, match = f"{queryset.model._meta.db_table}_words", " AND ".join(clauses)
    ranked = queryset.filter(pk__in=_matching(table, match)).order_by(distance.asc(), "-pk")
    ranked._ranked, ranked._typo_window = True, _TypoWindow(queryset, table, match, distance, edge[0])
    return ranked


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


def _unknown_word(model, words: list[str]) -> bool:
    """Whether a query word starts no word of the table, by the vocabulary the typo search read (if it is
    cached: reading it costs 0.4 s of CPU at a million activities). FTS5 reads every phrase of an AND whole:
    a misspelt phrase of common words ("chuan doan hinh anh") cost 31 ms of CPU though "chuan" is in no
    record. Words with a digit are not judged (the vocabulary leaves numbers out)."""
    from django.core.cache import cache

    vocabulary = cache.get(_vocabulary_key(model))
    if vocabulary is None:
        return False
    for word in words:
        if len(word) >= TRIGRAM and word.isascii() and word.isalpha():
            at = bisect.bisect_left(vocabulary, word)
            if at == len(vocabulary) or not vocabulary[at].startswith(word):
                return True
    return False


def _vocabulary_key(model) -> str:
    from medcoop.core.freshness import registry_version

    return f"search-vocabulary:{registry_version()}:{model._meta.db_table}"


def _vocabulary(model, using: str) -> list[str]:
    """The FTS5 word table's words but numbers, in order."""
    from django.core.cache import cache

    table = model._meta.db_table
    key = _vocabulary_key(model)
    vocabulary = cache.get(key)
    if vocabulary is None:
        with connections[using].cursor() as cursor:
            cursor.execute(f"SELECT term FROM {table}_vocabulary")
            # numbers are looked for as typed: they were 99% of the synthetic registry's words
            vocabulary = sorted(row[0] for row in cursor.fetchall() if not row[0].isdigit())
        cache.set(key, vocabulary, timeout=300)
    return vocabulary
