"""Accent-insensitive search over an indexed, folded `search_text` column.

Each searchable model keeps `search_text` (see `text.search_document`). A query word must start a word of
the record ("benh vien k" finds "Bệnh viện K"). The engines' own indexes do the narrowing, not Python:
SQLite an FTS5 trigram table kept in step by triggers, PostgreSQL a pg_trgm GIN index.
"""

from django.db import connections, models
from django.db.models.expressions import RawSQL

from .permissions import VisibleQuerySet
from .text import fold_words, search_document

TRIGRAM = 3


def fts_table(model) -> str:
    return f"{model._meta.db_table}_fts"


class SearchQuerySet(VisibleQuerySet):
    """The queryset of a searchable registry model: `visible_to(user).search(q)`."""

    def search(self, query: str) -> "SearchQuerySet":
        """Rows whose words start with every word of the query, accents and case ignored."""
        words = fold_words(query or "")
        if not words:
            return self
        queryset = self
        indexable = [w for w in words if len(w) >= TRIGRAM]
        if indexable and connections[self.db].vendor == "sqlite":
            match = " AND ".join('"{}"'.format(w.replace('"', '""')) for w in indexable)
            table = fts_table(self.model)
            queryset = queryset.filter(pk__in=RawSQL(f"SELECT rowid FROM {table} WHERE {table} MATCH %s", [match]))
        for word in words:
            queryset = queryset.filter(search_text__contains=f" {word}")
        return queryset


def _sqlite_statements(model) -> list[str]:
    table, fts = model._meta.db_table, fts_table(model)
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5(search_text, content='{table}', "
        f"content_rowid='id', tokenize='trigram')",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ai AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, search_text) VALUES (new.id, new.search_text); END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ad AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, search_text) VALUES ('delete', old.id, old.search_text); END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_au AFTER UPDATE OF search_text ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
        f"INSERT INTO {fts}(rowid, search_text) VALUES (new.id, new.search_text); END",
    ]


def ensure_search_index(model, using: str = "default") -> None:
    """Create the engine's index for the model's search_text if it is missing, and fill it.

    Runs after every migrate: SQLite drops triggers when a migration rebuilds a table, so they are checked
    each time rather than created once by a migration.
    """
    connection = connections[using]
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE type='trigger' AND tbl_name=%s", [table])
            complete = cursor.fetchone()[0] == 3
            if not complete:
                cursor.execute(f"DROP TABLE IF EXISTS {fts_table(model)}")
                for statement in _sqlite_statements(model):
                    cursor.execute(statement)
                cursor.execute(f"INSERT INTO {fts_table(model)}({fts_table(model)}) VALUES ('rebuild')")
        elif connection.vendor == "postgresql":
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {table}_search_trgm ON {table} USING gin (search_text gin_trgm_ops)"
            )


def searchable_models():
    from django.apps import apps

    return [m for m in apps.get_models() if issubclass(m, SearchableModel)]


def ensure_search_indexes(using: str = "default", **_kwargs) -> None:
    for model in searchable_models():
        ensure_search_index(model, using)


class SearchableModel(models.Model):
    """A model with a folded, indexed `search_text` built from `search_parts()` on every save."""

    search_text = models.TextField(editable=False, default="")

    class Meta:
        abstract = True

    def search_parts(self) -> list[str]:
        raise NotImplementedError

    def save(self, *args, **kwargs):

        self.search_text = search_document(*self.search_parts())
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)
