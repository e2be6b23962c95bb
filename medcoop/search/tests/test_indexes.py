"""The search indexes come from migrations, for each engine: every searchable table has one after `migrate`;
a table that lost it (SQLite rebuilds tables to alter them) is named by the `search.W001` check, and the
migration step `RestoreSearchIndex` puts it back, filled, and changes nothing where it is already complete."""

import io

from django.core.management import call_command
from django.db import connection

from medcoop.conftest import make_partner
from medcoop.organizations.models import Organization
from medcoop.search.checks import search_indexes_present
from medcoop.search.indexes import RestoreSearchIndex, drop_search_index, index_present, searchable_models


def schema() -> list:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT type, name, sql FROM sqlite_master WHERE name LIKE '%fts%' OR name LIKE '%words%' "
                "OR name LIKE '%vocabulary' ORDER BY name"
            )
        else:
            cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE '%search_trgm' ORDER BY 1")
        return cursor.fetchall()


def restore(app_label: str, model_name: str) -> None:
    """Run the migration step as `migrate` does, against the current schema (inside the test's transaction,
    where SQLite's schema editor may not open: the step uses only its connection)."""
    from types import SimpleNamespace

    from django.apps import apps
    from django.db.migrations.state import ProjectState

    state = ProjectState.from_apps(apps)
    editor = SimpleNamespace(connection=connection)
    if connection.vendor == "postgresql":  # the test's rows' deferred checks, which CREATE INDEX may not follow
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    RestoreSearchIndex(app_label, model_name).database_forwards(app_label, editor, state, state)


def test_every_searchable_table_has_its_index_from_the_migration(db):
    from django.db.migrations.loader import MigrationLoader

    migrations = MigrationLoader(None, ignore_no_migrations=True).disk_migrations.values()
    made = {
        (op.app_label, op.model_name) for m in migrations for op in m.operations if isinstance(op, RestoreSearchIndex)
    }
    assert made == {(m._meta.app_label, m.__name__) for m in searchable_models()}
    assert all(index_present(connection, m._meta.db_table) for m in searchable_models())
    assert search_indexes_present(databases=["default"]) == []


def test_the_migration_step_is_a_no_op_where_the_index_is_complete(hospital_a):
    before = schema()
    restore("organizations", "Organization")
    assert schema() == before
    assert Organization.objects.search("benh vien k").get() == hospital_a


def test_a_lost_index_is_named_and_restored_filled(hospital_a):
    make_partner(hospital_a, "Viện Gustave Roussy")
    drop_search_index(connection, "organizations_organization")
    errors = search_indexes_present(databases=["default"])
    assert [e.id for e in errors] == ["search.W001"]
    assert 'RestoreSearchIndex("organizations", "Organization")' in errors[0].hint
    restore("organizations", "Organization")
    assert search_indexes_present(databases=["default"]) == []
    assert Organization.objects.search("gustave roussy").get().name == "Viện Gustave Roussy"
    make_partner(hospital_a, "Hôpital Necker")
    assert Organization.objects.search("necker").count() == 1


def test_no_signal_creates_indexes_after_migrate(db):
    """The DDL lives in migrations: nothing listens to post_migrate to make it."""
    from django.db.models.signals import post_migrate

    receivers = [r[1]() for r in post_migrate.receivers]
    assert not [r for r in receivers if r is not None and "search" in getattr(r, "__module__", "")]
    call_command("check", "--database", "default")


# What a database migrated before the search app had: the index the old post_migrate hook made (SQLite's
# trigram table and its triggers alone, no word table; PostgreSQL's same GIN index).
OLD_SQLITE = [
    "CREATE VIRTUAL TABLE {t}_fts USING fts5(search_text, content='{t}', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER {t}_fts_ai AFTER INSERT ON {t} BEGIN "
    "INSERT INTO {t}_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER {t}_fts_ad AFTER DELETE ON {t} BEGIN "
    "INSERT INTO {t}_fts({t}_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER {t}_fts_au AFTER UPDATE OF search_text ON {t} BEGIN "
    "INSERT INTO {t}_fts({t}_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO {t}_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "INSERT INTO {t}_fts({t}_fts) VALUES ('rebuild')",
]


def test_an_existing_database_ends_as_a_fresh_one(hospital_a, partner_of_a):
    fresh = schema()
    table = "organizations_organization"
    drop_search_index(connection, table)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for statement in OLD_SQLITE:
                cursor.execute(statement.format(t=table))
        else:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"CREATE INDEX {table}_search_trgm ON {table} USING gin (search_text gin_trgm_ops)")
    restore("organizations", "Organization")
    assert schema() == fresh
    assert Organization.objects.search("gustav rousy").typo_tolerant().get() == partner_of_a


def test_reindex_puts_the_owners_and_partners_names_into_older_records(coordinator_a, hospital_a, partner_of_a):
    from datetime import date

    from medcoop.activities.models import Activity
    from medcoop.activities.services import save_activity

    activity = save_activity(
        coordinator_a,
        Activity(owner=hospital_a, kind_id="training", title="Tập huấn", start_on=date(2025, 1, 1)),
        partners=[{"organization": partner_of_a, "role": "host"}],
    )
    Activity.objects.filter(pk=activity.pk).update(search_text=" tap huan ")  # as written before the names
    assert not Activity.objects.search("gustave roussy").exists()
    call_command("reindex_search", stdout=io.StringIO())
    assert Activity.objects.search("gustave roussy").get() == activity
