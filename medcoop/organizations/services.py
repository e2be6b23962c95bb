"""Organizations: creating partners for an institution and finding the one a name means."""
from django.db import transaction
from rapidfuzz import fuzz, process

from medcoop.core.services import require_can_write, save_validated
from medcoop.core.text import fold

from .models import Organization

# Measured on the demo registry: true aliases ("Gustave Roussy" / "Viện Gustave Roussy") score ≥ 90 with
# token_set_ratio; distinct hospitals that share "Bệnh viện ... Trung ương" stay below 88.
MATCH_THRESHOLD = 90


@transaction.atomic
def create_partner(user, owner: Organization, **fields) -> Organization:
    """Record a partner organization in an institution's registry."""
    require_can_write(user, owner.pk)
    return save_validated(Organization(owner=owner, is_member=False, **fields))


def match_organization(name: str, candidates) -> tuple[Organization | None, float]:
    """The organization a written name most likely means among `candidates`, with the score (0-100).

    Exact folded matches on name, English name or an alias win outright; otherwise the best fuzzy score
    counts only above MATCH_THRESHOLD.
    """
    wanted = fold(name).strip()
    choices = {}
    for organization in candidates:
        for label in (organization.name, organization.name_en, *organization.aliases):
            if label:
                if fold(label).strip() == wanted:
                    return organization, 100.0
                choices[(organization.pk, label)] = fold(label)
    if not choices:
        return None, 0.0
    best = process.extractOne(wanted, choices, scorer=fuzz.token_set_ratio)
    if best is None or best[1] < MATCH_THRESHOLD:
        return None, best[1] if best else 0.0
    by_pk = {o.pk: o for o in candidates}
    return by_pk[best[2][0]], best[1]
