"""`search.W001`: a searchable table without its engine's index (a later migration rebuilt it on SQLite).

A warning, not an error: `migrate` runs the database checks before migrating, and an error would stop the very
migration (`RestoreSearchIndex`) that puts the index back."""

from django.core.checks import Tags, Warning, register
from django.db import connections

from .indexes import index_present, searchable_models


@register(Tags.database)
def search_indexes_present(app_configs=None, databases=None, **kwargs):
    errors = []
    for alias in databases or []:
        connection = connections[alias]
        tables = set(connection.introspection.table_names())
        for model in searchable_models():
            table = model._meta.db_table
            if table in tables and not index_present(connection, table):
                errors.append(
                    Warning(
                        f"{table} has lost its search index (a migration rebuilt the table).",
                        hint=f'End that migration with medcoop.search.indexes.RestoreSearchIndex("'
                        f'{model._meta.app_label}", "{model.__name__}").',
                        id="search.W001",
                    )
                )
    return errors
