"""Organizations: creating partners for an institution and finding the one a name means."""

from django.db import transaction
from rapidfuzz import fuzz, process

from medcoop.core.services import replace_rows, require_can_save, require_can_write, save_validated
from medcoop.core.text import fold_words
from medcoop.search.documents import refresh_mentions

from .models import Contact, Organization

# Whole-name similarity (rapidfuzz ratio on folded words). A misspelling such as "Pittsburg" / "Pittsburgh"
# scores 97; "Bệnh viện" against "Bệnh viện K" scores 90 and "Bệnh viện Nevers" against it about 70,
# so a match needs 93. Set-based scorers are unsafe here: "bệnh viện" alone would make any two hospitals a subset match.
MATCH_THRESHOLD = 93


def _comparable(name: str) -> str:
    return " ".join(fold_words(name))


@transaction.atomic
def create_partner(user, owner: Organization, **fields) -> Organization:
    """Record a partner organization in an institution's registry."""
    require_can_write(user, owner.pk)
    return save_validated(Organization(owner=owner, is_member=False, **fields))


@transaction.atomic
def save_organization(user, organization: Organization, *, contacts: list[dict] | None = None) -> Organization:
    """Create or update an organization of the user's institution; `contacts` replaces its contacts when given
    (dicts of Contact fields, matched by "pk")."""
    require_can_save(user, organization)
    before = type(organization)._base_manager.filter(pk=organization.pk).values_list("search_text", flat=True).first()
    save_validated(organization)
    if before is not None and before != organization.search_text:
        refresh_mentions(organization)
    if contacts is not None:
        replace_rows("contacts", organization.contacts.all(), contacts, lambda: Contact(organization=organization))
    return organization


class OrganizationMatcher:
    """Finds the organization a written name means among many, built once for a batch: exact folded names,
    English names and aliases in a dict, the rest through one rapidfuzz pass over all labels."""

    def __init__(self, candidates):
        self.by_label: dict[str, Organization] = {}
        for organization in candidates:
            for label in (organization.name, organization.name_en, *organization.aliases):
                if label:
                    self.by_label.setdefault(_comparable(label), organization)
        self.labels = list(self.by_label)

    def match(self, *names: str) -> tuple[Organization | None, float]:
        """The best match for any of the names (a name and its aliases), with its score (0-100)."""
        best: tuple[Organization | None, float] = (None, 0.0)
        for name in names:
            wanted = _comparable(name)
            if wanted in self.by_label:
                return self.by_label[wanted], 100.0
            found = process.extractOne(wanted, self.labels, scorer=fuzz.ratio) if self.labels else None
            if found and found[1] > best[1]:
                best = (self.by_label[found[0]], found[1])
        return best if best[1] >= MATCH_THRESHOLD else (None, best[1])


def match_organization(name: str, candidates) -> tuple[Organization | None, float]:
    """The organization a written name most likely means among `candidates`, with the score (0-100).

    Exact folded matches on name, English name or an alias win outright; otherwise the best fuzzy score
    counts only above MATCH_THRESHOLD.
    """
    return OrganizationMatcher(candidates).match(name)
