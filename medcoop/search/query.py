"""Accent-insensitive search over an indexed, folded `search_text` column, ranked, with typos forgiven.

Each searchable model keeps `search_text` (`core.models.SearchableModel`): its title, then the names and
aliases of its owner and partners, then its other words. A query word must start a word of the record
("benh vien k" finds "Bệnh viện K"). The engines' own indexes do the narrowing, not Python: SQLite an FTS5
trigram table kept in step by triggers, PostgreSQL a pg_trgm GIN index (both created by this app's migrations,
`indexes.py`).

- `search(q)` narrows; `by_relevance()` orders: the whole query as whole words first, then as a phrase typed
  so far, then every word whole, then the rest; among equals, the earlier the match (the title comes first),
  the better. One lookup of the index per request: no COUNT beside the rows (lists page without counting).
  A page (`best_first`) ranks only the WINDOW newest matches of a common phrase, found among the newest SCAN
  rows, and lists older matches after them newest first; a phrase rare among the newest rows is ranked whole.
  PostgreSQL walks those rows along the key with an unindexed test; SQLite asks its FTS5 index for their
  matches (`rowid >=` the edge, to which it seeks), the edge over every row being the newest key less SCAN. A
  query word that starts no word of the table's vocabulary finds nothing at once (`_unknown_word`).
- `typo_tolerant()` is asked only when the exact search found nothing ("gustav rousy"), the same design on both
  engines: each query word of three letters or more, numbers aside (looked for as typed: "lan 2023" is not
  "lan 2024"), is mapped to the few real words of the table's vocabulary close to it (`close_terms`), then the
  records holding one of them (whole) for every word are found as an exact search, closest first. SQLite's
  vocabulary is its FTS5 word table's (fts5vocab, read once per registry version and cached), compared whole in
  Python (within one letter for words of up to four letters, two for longer ones: rapidfuzz's Levenshtein
  distance); PostgreSQL's is `<table>_vocabulary` (kept by triggers), whose own trigram index gives the words
  close by pg_trgm's word similarity (`word <% term`). The records: one institution's rows are read and tested
  without an index on both engines; over more rows PostgreSQL asks the trigram index of `search_text` (or walks
  the newest rows when they hold many), SQLite the FTS5 word index, and its page ranks only the WINDOW newest
  candidates, as `best_first` does (`_typo_page`).
- `newest_first()` gives the API's keyset pages of a search or of its typo search, newest first, read as a page
  reads them: one institution's rows whole, else the matches among the newest rows (PostgreSQL's walk,
  SQLite's FTS5 lookup from the bound), and the whole index only for a search too rare for them.
"""

import bisect
import contextlib
import json
import operator
from functools import reduce
from typing import NamedTuple

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import BooleanField, F, Func, IntegerField, Max, Q, Value
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
        the primary key's order for the WINDOW newest matches: on PostgreSQL the unindexed test (`_holds`) makes
        that a walk of the newest rows that stops at the WINDOW-th match, not a trigram lookup; on SQLite the
        FTS5 index gives the matches from the edge on (it seeks there: 1 ms at 100,000, where the walk's test of
        20,000 rows cost 20-80 ms), tested on those alone. SQLite's typo search over many rows pages through
        `_typo_page`. Then:

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
        if self._unknown_word():
            return []
        base = self._searched[1]._chain()  # the rows the user may see, after the other filters
        base._prefetch_related_lookups = self._prefetch_related_lookups[:]
        base.query.select_related = self.query.select_related
        edge = self._scan_edge()
        scanned = _unindexed_match(base, words)
        recent = scanned.filter(pk__gte=edge[0]) if edge else scanned
        if edge and connections[self.db].vendor == "sqlite":
            recent = recent.filter(pk__in=_fts_rows(self.model, words, since=edge[0]))
        window = list(recent.order_by("-pk").values_list("pk", flat=True)[:WINDOW])
        if edge and len(window) < WINDOW:
            return list(self.by_relevance()[offset : offset + count])
        rows = []
        if offset < len(window):
            ranked = base.filter(_KeysIn(window)).order_by(*_relevance(self.model, self.db, words))
            rows = list(ranked[offset : min(offset + count, len(window))])
        beyond = offset + count - len(window)
        if len(window) == WINDOW and beyond > 0:
            older = self.filter(pk__lt=window[-1]).order_by("-pk")
            rows += list(older[max(0, offset - WINDOW) : offset + count - WINDOW])
        return rows

    def _unknown_word(self) -> bool:
        """Whether a word of the query starts no word of the table's vocabulary, so that the search finds
        nothing, known without a lookup of the records' index (90 ms for a misspelt phrase at a million on
        PostgreSQL; on SQLite FTS5 reads every phrase of an AND whole: 31 ms of CPU for "chuan doan hinh anh",
        though "chuan" is in no record). PostgreSQL asks its vocabulary's trigram index (about a millisecond);
        SQLite looks in the vocabulary the typo search read (`_vocabulary`), only if it is cached (reading it
        costs 0.4 s of CPU at a million activities), and judges only words of letters alone (its vocabulary is
        the FTS5 tokenizer's, which splits at anything else). Words of fewer than three letters and numbers are
        in neither vocabulary, and are not asked. A vocabulary holds every word of every record (PostgreSQL's
        perhaps words no record holds any more): never a false "unknown"."""
        if "_unknown" not in self.__dict__:
            words = [w for w in self.search_words if _misspellable(w)]
            unknown = False
            if words and connections[self.db].vendor == "postgresql":
                table = f"{self.model._meta.db_table}_vocabulary"
                asked = ", ".join(f"EXISTS (SELECT 1 FROM {table} WHERE term LIKE %s)" for _ in words)
                with connections[self.db].cursor() as cursor:
                    cursor.execute(f"SELECT {asked}", [f"{_escaped(w)}%" for w in words])
                    unknown = not all(cursor.fetchone())
            elif words:
                from django.core.cache import cache

                vocabulary = cache.get(_vocabulary_key(self.model))
                judged = [w for w in words if w.isascii() and w.isalpha()] if vocabulary is not None else []
                unknown = any(not _starts_a_word(w, vocabulary) for w in judged)
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
        sends the page to the index. On SQLite, over every row, the edge is the newest key less `rows` (keys
        are dense; deleted rows only shorten the walk): one lookup, where stepping over 20,000 rows read each
        whole (23-26 ms at a million)."""
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
            elif not scope.query.where:
                last = scope.aggregate(last=Max("pk"))["last"] or 0
                self.__dict__[f"_edge{rows}"] = [last - rows] if last > rows else []
                return self.__dict__[f"_edge{rows}"]
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
        first (one institution's rows; SQLite: any rows) or newest first (PostgreSQL, more); none when no word
        can be misspelt (three letters or more, not a number). On PostgreSQL a view of more than SCAN rows gives
        the matches among its newest SCAN rows when they hold DENSE of them or more (a list shows the first page
        of a typo search, the API pages it through `newest_first`), else every match, through the index (they
        are few). On SQLite a page of a view of more than SCAN rows ranks only the newest candidates
        (`_typo_page`)."""
        if not self._searched:
            return self
        words, unsearched = self._searched
        if not [w for w in words if _misspellable(w)]:
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
            ranked = base.filter(_KeysIn(window)).order_by(typo.distance.asc(), "-pk")
            rows = list(ranked[offset : min(offset + count, WINDOW)])
        if offset + count > WINDOW:
            older = self.filter(pk__lt=window[-1]).order_by("-pk")
            rows += list(older[max(0, offset - WINDOW) : offset + count - WINDOW])
        return rows

    def newest_first(self, after: int | None, count: int, typos: bool = False) -> list:
        """At most `count` rows of the search (or of its typo search) newest first, below the key `after`: the
        API's keyset pages, at no more cost than the page's. A query word no record starts finds nothing at
        once (`_unknown_word`). An institution's rows are read whole and tested (on PostgreSQL sorted by key,
        not walked along the whole table's key index); a larger view first looks among its newest rows (as many
        as hold `count` matches of a search found in one row in SPARSE, at most SCAN, from the top or from
        `after`), which answers a common search by itself, and asks the whole index only when they held too few
        (the search is rare). PostgreSQL walks those rows with the unindexed test; SQLite asks its FTS5 index
        for their matches (`rowid >=` the bound: the trigram table for the search, the word table for its typo
        search). The keys found are then read as this queryset reads its rows (its deferred fields, annotations
        and prefetches), by key."""
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
            return self._newest_keys_on_sqlite(after, count, typos)

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

    def _newest_keys_on_sqlite(self, after: int | None, count: int, typos: bool) -> list[int]:
        words, base = self._searched
        found = self.typo_tolerant() if typos else self

        def keys(queryset) -> list[int]:
            queryset = queryset.filter(pk__lt=after) if after else queryset
            return list(queryset.order_by("-pk").values_list("pk", flat=True)[:count])

        if found.query.is_empty():
            return []
        if not self._scan_edge():  # one institution's rows, read whole and tested, as the page reads them
            return keys(found if typos else _unindexed_match(base, words))
        reach = min(SCAN, count * SPARSE)
        bound = max(1, after - reach) if after else self._scan_edge(reach)[0]
        if typos:
            typo = found._typo_window
            walk = typo.base.filter(pk__gte=bound, pk__in=_matching(typo.table, typo.match, since=bound))
        else:
            walk = _unindexed_match(base, words).filter(pk__gte=bound, pk__in=_fts_rows(self.model, words, bound))
        walked = keys(walk)
        return walked if len(walked) == count else keys(found)


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
    """The planner's estimate of a queryset's rows (PostgreSQL): no count, only its statistics. Kept in the
    process per registry version (`_ESTIMATES`): the statistics move only as rows change, and asking twice per
    search (the user's rows, the table's) cost more CPU than the query that follows."""
    from medcoop.core.freshness import registry_version

    try:
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # `none()`: a user who may see nothing
        return 0
    key = (queryset.db, registry_version(), sql, tuple(params))
    estimate = _ESTIMATES.get(key)
    if estimate is None:
        with connections[queryset.db].cursor() as cursor:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
        if isinstance(plan, str):
            plan = json.loads(plan)
        estimate = int(plan[0]["Plan"]["Plan Rows"])
        if len(_ESTIMATES) >= 1024:  # bounded: the oldest out first
            # runserver's threads share the dict: another may have taken the same oldest out, or be adding one
            with contextlib.suppress(RuntimeError, StopIteration):
                _ESTIMATES.pop(next(iter(_ESTIMATES)), None)
        _ESTIMATES[key] = estimate
    return estimate


_ESTIMATES: dict[tuple, int] = {}


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


class _KeysIn(Func):
    """`pk IN (…)` of a window's 500 keys as one parameter (an array on PostgreSQL, a JSON list SQLite reads
    with json_each): Django's `pk__in` prepares and writes each key, 5,000 calls of Python for a window."""

    output_field = BooleanField()

    def __init__(self, keys):
        super().__init__(F("pk"))
        self.keys = [int(key) for key in keys]

    def as_postgresql(self, compiler, connection, **extra):
        column, params = compiler.compile(self.source_expressions[0])
        return f"{column} = ANY(%s)", (*params, self.keys)

    def as_sqlite(self, compiler, connection, **extra):
        column, params = compiler.compile(self.source_expressions[0])
        return f"{column} IN (SELECT value FROM json_each(%s))", (*params, json.dumps(self.keys))


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


def _misspellable(word: str) -> bool:
    """Whether a query word may be a typo of another (`close_terms`): three letters or more, and not a number,
    which is looked for as typed ("lan 12" is not "lan 13"; numbers are left out of both engines' vocabularies,
    99% of the synthetic registry's words)."""
    return len(word) >= TRIGRAM and not word.isdigit()


def close_terms(model, using: str, words: list[str]) -> dict[str, list[tuple[str, int]]] | None:
    """Each query word that may be misspelt (`_misspellable`) mapped to at most CLOSE_WORDS real words of the
    table's vocabulary close to it, each with its distance (letters changed, to the whole word or to its start),
    nearest first; None when a word has none, or when no word may be misspelt (nothing for a typo search to
    find that the exact search did not). The other words are searched as typed. Each engine keeps its
    measure of closeness: SQLite the typo distance over the whole vocabulary (`_close_words` over `_vocabulary`:
    fts5vocab, cached per registry version); PostgreSQL pg_trgm's word similarity, as before the vocabulary
    (`word <% term`, at `apps.WORD_SIMILARITY_THRESHOLD`), through the vocabulary's own trigram index, one query
    for every word: thousands of words, not every record's text."""
    long = [w for w in dict.fromkeys(words) if _misspellable(w)]
    if not long:
        return None
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
    """The records holding, for each word that may be misspelt, one of its close real words (`close_terms`) as
    a whole word, and the other words as typed: an exact search of a few words, no similarity computed on the
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
        if word not in close:
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


class _TypoWindow(NamedTuple):
    base: "SearchQuerySet"  # the rows the user may see, after the other filters
    table: str  # the FTS5 word table
    match: str  # its MATCH expression: a close word for every query word
    distance: RawSQL  # the order: the sum of the distances of the close words a record holds
    edge: int  # the key of the SCAN-th newest row the user may see


def _similar_on_sqlite(queryset, words: list[str], edge: list[int]):
    """The records holding, for each word that may be misspelt, one of its close real words (`close_terms`) as
    a whole word, and the other words as typed, the closest first (the sum of the distances of the words they
    hold).

    `edge` (`_scan_edge`): the user sees more than SCAN rows, found through the FTS5 word index; a page
    (`best_first`) ranks only the newest candidates (`_typo_page`). No edge (one institution's rows): the rows
    are tested for the close words without the index (`_holds`), whose lookup read every candidate in the
    registry (127-200 ms at 100,000 activities), the word with the fewest close words first: most rows fail on
    one test."""
    close = close_terms(queryset.model, queryset.db, words)
    if close is None:
        return queryset.none()
    clauses, rank, params, tests = [], [], [], []
    column = _column(queryset.model)
    for word in words:
        if word not in close:
            clauses.append(f"{_quoted(word)}*")
            tests.append([f" {word}"])
            continue
        terms = close[word]
        clauses.append("(" + " OR ".join(_quoted(term) for term, _ in terms) + ")")
        tests.append([f" {term} " for term, _ in terms])
        rank.append("CASE " + " ".join(f"WHEN {column} LIKE %s THEN {d}" for _, d in terms) + " ELSE 9 END")
        params += [f"% {term} %" for term, _ in terms]
    distance = RawSQL(" + ".join(rank) or "0", params, output_field=IntegerField())
    if not edge:
        found = queryset
        for alternatives in sorted(tests, key=len):
            found = found.filter(reduce(operator.or_, (Q(_holds(text)) for text in alternatives)))
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


def _starts_a_word(word: str, vocabulary: list[str]) -> bool:
    """Whether `word` starts a word of a sorted vocabulary."""
    at = bisect.bisect_left(vocabulary, word)
    return at < len(vocabulary) and vocabulary[at].startswith(word)


def _vocabulary_key(model) -> str:
    from medcoop.core.freshness import registry_version

    return f"search-vocabulary:{registry_version()}:{model._meta.db_table}"


def _vocabulary(model, using: str) -> list[str]:
    """SQLite's vocabulary of a table: its FTS5 word table's words but numbers, in order (`_unknown_word` looks
    a word's start up in it), cached per registry version."""
    from django.core.cache import cache

    key = _vocabulary_key(model)
    vocabulary = cache.get(key)
    if vocabulary is None:
        with connections[using].cursor() as cursor:
            cursor.execute(f"SELECT term FROM {model._meta.db_table}_vocabulary")
            vocabulary = sorted(row[0] for row in cursor.fetchall() if not row[0].isdigit())
        cache.set(key, vocabulary, timeout=300)
    return vocabulary
