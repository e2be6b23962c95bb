"""The engines' search indexes, created by this app's migrations (not at every `migrate`).

SQLite: two FTS5 tables over each searchable table's `search_text` (external content, rowid = id) — trigrams
for the search, whole words with their vocabulary (fts5vocab) for the typo search — kept in step by three
triggers. PostgreSQL: the pg_trgm extension and a trigram GIN index on
`search_text`, which answers `LIKE '%word%'`; and the table's vocabulary, `<table>_vocabulary(term)` as on
SQLite: its distinct words of three letters or more (not bare numbers), with a trigram GIN index of its own, kept
by two statement triggers (insert, update) — where the typo search maps a misspelt word to the few real words
close to it (`word <% term` on a table of thousands of words, not on every record's text). A word whose records
are all deleted stays in it (it finds nothing) until `medcoop reindex_search` rebuilds it.

SQLite drops a table's triggers when a migration rebuilds the table (Django's way of altering a column there),
so a later migration that alters a searchable table ends with `RestoreSearchIndex("app_label", "Model")`;
the `search.W001` check names any table whose index is missing.
"""

from contextlib import contextmanager

from django.db import connections
from django.db.migrations.operations.base import Operation

from .query import fts_table

SQLITE_TRIGGERS = 3


def sqlite_statements(table: str) -> list[str]:
    """Two FTS5 tables over the same column: trigrams (any part of a word, what `search` matches) and whole
    words with their vocabulary (what the typo search compares the query's words with)."""
    fts, words = f"{table}_fts", f"{table}_words"

    def each(template: str) -> str:
        return " ".join(template.format(t=t) for t in (fts, words))

    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5(search_text, content='{table}', "
        f"content_rowid='id', tokenize='trigram')",
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {words} USING fts5(search_text, content='{table}', "
        f"content_rowid='id', tokenize='unicode61 remove_diacritics 0', detail='none')",
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {table}_vocabulary USING fts5vocab({words}, 'row')",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ai AFTER INSERT ON {table} BEGIN "
        + each("INSERT INTO {t}(rowid, search_text) VALUES (new.id, new.search_text);")
        + " END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ad AFTER DELETE ON {table} BEGIN "
        + each("INSERT INTO {t}({t}, rowid, search_text) VALUES ('delete', old.id, old.search_text);")
        + " END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_au AFTER UPDATE OF search_text ON {table} BEGIN "
        + each(
            "INSERT INTO {t}({t}, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
            "INSERT INTO {t}(rowid, search_text) VALUES (new.id, new.search_text);"
        )
        + " END",
    ]


SQLITE_TABLES = ("_fts", "_words", "_vocabulary")


def trigram_index(table: str) -> str:
    return f"{table}_search_trgm"


def vocabulary_table(table: str) -> str:
    """The table of a searchable table's distinct words, on both engines (SQLite: an fts5vocab table)."""
    return f"{table}_vocabulary"


# The words a record adds to its table's vocabulary (PostgreSQL): three letters or more (what the typo search
# compares), not bare numbers (the partners' synthetic names carry 50,000 of them, no one misspells).
_NEW_WORDS = (
    "SELECT DISTINCT w FROM {rows}, regexp_split_to_table({rows}.search_text, ' ') AS w "
    "WHERE length(w) >= 3 AND w !~ '^[0-9]+$' ORDER BY w"
)


def postgresql_vocabulary_statements(table: str) -> list[str]:
    """The vocabulary table, its trigram index, and the statement triggers that add a written record's new words
    (sorted, so that two writers wait for each other rather than deadlock on the same words)."""
    vocabulary = vocabulary_table(table)
    add = f"{vocabulary}_add"
    return [
        f"CREATE OR REPLACE FUNCTION {add}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"INSERT INTO {vocabulary} (term) {_NEW_WORDS.format(rows='added')} ON CONFLICT DO NOTHING; "
        "RETURN NULL; END $$",
        f"CREATE OR REPLACE TRIGGER {vocabulary}_ai AFTER INSERT ON {table} REFERENCING NEW TABLE AS added "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {add}()",
        f"CREATE OR REPLACE TRIGGER {vocabulary}_au AFTER UPDATE ON {table} REFERENCING NEW TABLE AS added "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {add}()",
    ]


def _create_postgresql_vocabulary(cursor, table: str) -> None:
    vocabulary = vocabulary_table(table)
    cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [vocabulary])
    existed = cursor.fetchone()[0]
    cursor.execute(f"CREATE TABLE IF NOT EXISTS {vocabulary} (term text PRIMARY KEY)")
    for statement in postgresql_vocabulary_statements(table):
        cursor.execute(statement)
    if not existed:
        cursor.execute(f"INSERT INTO {vocabulary} (term) {_NEW_WORDS.format(rows=table)} ON CONFLICT DO NOTHING")
    cursor.execute(f"CREATE INDEX IF NOT EXISTS {vocabulary}_trgm ON {vocabulary} USING gin (term gin_trgm_ops)")
    if not existed:
        cursor.execute(f"ANALYZE {vocabulary}")


def rebuild_vocabulary(connection, table: str) -> None:
    """PostgreSQL's vocabulary of a table made again from its texts: the words no record holds any more go."""
    if connection.vendor != "postgresql":
        return
    vocabulary = vocabulary_table(table)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {vocabulary}")
        cursor.execute(f"INSERT INTO {vocabulary} (term) {_NEW_WORDS.format(rows=table)} ON CONFLICT DO NOTHING")


def drop_vocabulary(connection, table: str) -> None:
    """PostgreSQL's vocabulary of a table, its triggers and function (SQLite's is part of its FTS5 index)."""
    if connection.vendor != "postgresql":
        return
    vocabulary = vocabulary_table(table)
    with connection.cursor() as cursor:
        for suffix in ("ai", "au"):
            cursor.execute(f"DROP TRIGGER IF EXISTS {vocabulary}_{suffix} ON {table}")
        cursor.execute(f"DROP FUNCTION IF EXISTS {vocabulary}_add()")
        cursor.execute(f"DROP TABLE IF EXISTS {vocabulary}")


def create_search_index(connection, table: str) -> None:
    """Create the engine's index for a table's `search_text` if it is missing or incomplete, and fill it. The
    same statements and names as before the index moved into migrations, so an existing database keeps its own."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            if not sqlite_index_complete(cursor, table):
                _drop_sqlite(cursor, table)
                for statement in sqlite_statements(table):
                    cursor.execute(statement)
                for fts in (f"{table}_fts", f"{table}_words"):
                    cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
        elif connection.vendor == "postgresql":
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {trigram_index(table)} ON {table} USING gin (search_text gin_trgm_ops)"
            )
            _create_postgresql_vocabulary(cursor, table)


def drop_search_index(connection, table: str) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            _drop_sqlite(cursor, table)
        elif connection.vendor == "postgresql":
            cursor.execute(f"DROP INDEX IF EXISTS {trigram_index(table)}")
    drop_vocabulary(connection, table)


def _drop_sqlite(cursor, table: str) -> None:
    for suffix in ("ai", "ad", "au"):
        cursor.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{suffix}")
    for suffix in reversed(SQLITE_TABLES):
        cursor.execute(f"DROP TABLE IF EXISTS {table}{suffix}")


def sqlite_index_complete(cursor, table: str) -> bool:
    cursor.execute(
        "SELECT count(*) FROM sqlite_master WHERE type='trigger' AND tbl_name=%s AND name LIKE %s",
        [table, f"{table}_fts_%"],
    )
    triggers = cursor.fetchone()[0]
    names = [f"{table}{suffix}" for suffix in SQLITE_TABLES]
    cursor.execute(f"SELECT count(*) FROM sqlite_master WHERE name IN ({', '.join(['%s'] * len(names))})", names)
    return triggers == SQLITE_TRIGGERS and cursor.fetchone()[0] == len(names)


@contextmanager
def indexed_after_inserts(model, using: str = "default"):
    """Rows inserted in bulk inside this block indexed in one statement per FTS5 table at its end, instead of by
    the insert trigger once per row (SQLite; elsewhere, and where the index is incomplete, the triggers do it
    as always). FTS5 is several times faster fed 2,000 rows at once than 2,000 times a row from a trigger
    (a sheet import's 100,000 activities: seconds of the import). The index ends exactly as the trigger would
    have left it: the block's new rows are those above the table's highest id when it began (ids only grow,
    AUTOINCREMENT), each indexed from its stored search_text. The trigger is dropped for the block and
    created again from its own stored SQL, inside the caller's transaction: no other connection ever sees it
    missing (SQLite has one writer, and readers see only committed schema), and a rollback puts it back."""
    connection = connections[using]
    table = model._meta.db_table
    if connection.vendor != "sqlite":
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError("indexed_after_inserts needs a transaction: the index trigger is dropped inside it")
    trigger = f"{table}_fts_ai"
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = %s", [trigger])
        found = cursor.fetchone()
        if found is None or not sqlite_index_complete(cursor, table):
            found = None
        else:
            cursor.execute(f'SELECT coalesce(max(id), 0) FROM "{table}"')
            highest = cursor.fetchone()[0]
            cursor.execute(f"DROP TRIGGER {trigger}")
    if found is None:
        yield
        return
    try:
        yield
    finally:
        # Also on an error the caller may catch and go on after, inside its transaction: the rows written before
        # it indexed, the trigger back. A transaction marked for rollback is left alone: the rollback (to a
        # point before the trigger was dropped) puts the trigger back itself.
        if not connection.needs_rollback:
            _index_and_restore(connection, table, highest, found[0])


def _index_and_restore(connection, table: str, highest: int, trigger_sql: str) -> None:
    with connection.cursor() as cursor:
        for fts in (f"{table}_fts", f"{table}_words"):
            cursor.execute(
                f'INSERT INTO {fts}(rowid, search_text) SELECT id, search_text FROM "{table}" WHERE id > %s',
                [highest],
            )
        cursor.execute(trigger_sql)


def index_present(connection, table: str) -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            return sqlite_index_complete(cursor, table)
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT 1 FROM pg_indexes WHERE tablename=%s AND indexname=%s", [table, trigram_index(table)]
            )
            if cursor.fetchone() is None:
                return False
            cursor.execute(
                "SELECT count(*) FROM pg_trigger WHERE tgrelid = %s::regclass AND tgname IN (%s, %s)",
                [table, f"{vocabulary_table(table)}_ai", f"{vocabulary_table(table)}_au"],
            )
            return cursor.fetchone()[0] == 2
    return True


def ensure_search_index(model, using: str = "default") -> None:
    """For bulk loads (`medcoop synth`) that drop the index to write faster: put it back and fill it."""
    create_search_index(connections[using], model._meta.db_table)


def searchable_models():
    from django.apps import apps

    from medcoop.core.models import SearchableModel

    return [m for m in apps.get_models() if issubclass(m, SearchableModel) and not m._meta.proxy]


class RestoreSearchIndex(Operation):
    """A migration step: the search index of one model's table, for the engine migrated (a no-op where it is
    already complete). Reversed, it drops the index."""

    reduces_to_sql = False
    reversible = True

    def __init__(self, app_label: str, model_name: str):
        self.app_label, self.model_name = app_label, model_name

    def deconstruct(self):
        return self.__class__.__qualname__, [self.app_label, self.model_name], {}

    def state_forwards(self, app_label, state):
        pass

    def _table(self, from_state) -> str:
        return from_state.apps.get_model(self.app_label, self.model_name)._meta.db_table

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        create_search_index(schema_editor.connection, self._table(to_state))

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        drop_search_index(schema_editor.connection, self._table(from_state))

    def describe(self):
        return f"Search index of {self.app_label}.{self.model_name}"


class AddSearchVocabulary(RestoreSearchIndex):
    """A migration step: PostgreSQL's vocabulary of one model's table (and whatever else of its search index is
    missing), filled from the table; SQLite's came with its FTS5 index. Reversed, it drops only the vocabulary."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        drop_vocabulary(schema_editor.connection, self._table(from_state))

    def describe(self):
        return f"Search vocabulary of {self.app_label}.{self.model_name}"


__all__ = [
    "AddSearchVocabulary",
    "RestoreSearchIndex",
    "vocabulary_table",
    "ensure_search_index",
    "fts_table",
    "index_present",
    "indexed_after_inserts",
    "searchable_models",
]
