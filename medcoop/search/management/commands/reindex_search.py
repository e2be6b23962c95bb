"""`medcoop reindex_search`: rewrite every record's `search_text` from what it says today.

Run once on a database made before the search text carried the names of each record's owner and partners
(or after changing what a model's `search_parts` holds); the engines' indexes follow through their triggers
(SQLite) or by themselves (PostgreSQL). PostgreSQL's vocabularies are then rebuilt from the texts, which drops
the words no record holds any more (the triggers only add)."""

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from medcoop.search.indexes import rebuild_vocabulary, searchable_models

BATCH = 500


class Command(BaseCommand):
    help = "Rewrite the search text of every searchable record."

    def handle(self, *args, **options):
        for model in searchable_models():
            changed, rewritten = [], 0
            for record in model._base_manager.order_by("pk").iterator(chunk_size=BATCH):
                document = record.search_document()
                if document != record.search_text:
                    record.search_text = document
                    changed.append(record)
                if len(changed) == BATCH:
                    model._base_manager.bulk_update(changed, ["search_text"])
                    rewritten, changed = rewritten + len(changed), []
            model._base_manager.bulk_update(changed, ["search_text"])
            rewritten += len(changed)
            with transaction.atomic():
                rebuild_vocabulary(connection, model._meta.db_table)
            self.stdout.write(f"{model._meta.label}: {rewritten}")
