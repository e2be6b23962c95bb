"""The vocabularies are data migrations: an edit of core/data/*.csv reaches a database made by an earlier release."""

import importlib
import pkgutil

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from medcoop.core import migrations as core_migrations
from medcoop.core.models import Specialty
from medcoop.core.vocabulary import digest, read_rows


def test_every_edit_of_the_vocabulary_files_comes_with_a_migration():
    recorded = [
        module.VOCABULARY_DIGEST
        for info in sorted(pkgutil.iter_modules(core_migrations.__path__), key=lambda info: info.name)
        if hasattr(module := importlib.import_module(f"medcoop.core.migrations.{info.name}"), "VOCABULARY_DIGEST")
    ]
    assert recorded and recorded[-1] == digest(), (
        "core/data/*.csv changed: add a core migration running vocabulary.sync_vocabularies, with "
        f'VOCABULARY_DIGEST = "{digest()}" (see 0011_vocabularies_sync.py)'
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_later_vocabulary_edit_reaches_an_existing_database():
    MigrationExecutor(connection).migrate([("core", "0010_api_token_moves_to_accounts")])
    # The database as an earlier release left it: a term the files added since is missing, a label is outdated.
    Specialty.objects.filter(code="transplant").delete()
    Specialty.objects.filter(code="oncology").update(label_vi="Ung thư (nhãn cũ)")

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    expected = {row["code"]: row["label_vi"] for row in read_rows("specialties.csv")}
    assert Specialty.objects.get(code="oncology").label_vi == expected["oncology"]
    assert Specialty.objects.get(code="transplant").label_vi == expected["transplant"]
