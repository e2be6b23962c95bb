"""Keeping `search_text` true when the names it carries change elsewhere."""

from django.db.models import Q

from .indexes import searchable_models

BATCH = 500


def refresh_mentions(organization) -> int:
    """Rewrite the search text of every record that carries the organization's names (as owner, partner,
    party), after it was renamed or given aliases; the number of records rewritten."""
    rewritten = 0
    for model in searchable_models():
        if not model.search_organizations or model is type(organization):
            continue
        mentions = Q()
        for path in model.search_organizations:
            mentions |= Q(**{path: organization})
        changed = []
        for record in model._base_manager.filter(mentions).distinct().iterator(chunk_size=BATCH):
            document = record.search_document()
            if document != record.search_text:
                record.search_text = document
                changed.append(record)
        model._base_manager.bulk_update(changed, ["search_text"], batch_size=BATCH)
        rewritten += len(changed)
    return rewritten
