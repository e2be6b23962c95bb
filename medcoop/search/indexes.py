"""The engines' search indexes, created by this app's migrations (not at every `migrate`).

SQLite: two FTS5 tables over each searchable table's `search_text` (external content, rowid = id) — trigrams
for the search, whole words with their vocabulary (fts5vocab) for the typo search — kept in step by three
triggers. PostgreSQL: the pg_trgm extension and a trigram GIN index on
`search_text`, which answers `LIKE '% word%'` and the typo search's `<%` alike.

SQLite drops a table's triggers when a migration rebuilds the table (Django's way of altering a column there),
so a later migration that alters a searchable table ends with `RestoreSearchIndex("app_label", "Model")`;
the `search.W001` check names any table whose index is missing.
"""

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


def drop_search_index(connection, table: str) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            _drop_sqlite(cursor, table)
        elif connection.vendor == "postgresql":
            cursor.execute(f"DROP INDEX IF EXISTS {trigram_index(table)}")


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


def index_present(connection, table: str) -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            return sqlite_index_complete(cursor, table)
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT 1 FROM pg_indexes WHERE tablename=%s AND indexname=%s", [table, trigram_index(table)]
            )
            return cursor.fetchone() is not None
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


__all__ = ["RestoreSearchIndex", "ensure_search_index", "fts_table", "index_present", "searchable_models"]
