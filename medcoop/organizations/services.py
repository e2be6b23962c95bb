"""Organizations: creating partners for an institution and finding the one a name means."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from medcoop.audit.merging import merge_records, undo_merge
from medcoop.core.services import replace_rows, require_can_save, require_can_write, save_validated
from medcoop.search.documents import refresh_mentions

from .duplicates import (
    IDENTIFIER_FIELDS,
    MATCH_THRESHOLD,
    OrganizationMatcher,
    comparable,
    likely_duplicates,
    match_organization,
)
from .models import Contact, Organization

__all__ = [
    "MATCH_THRESHOLD",
    "OrganizationMatcher",
    "create_partner",
    "likely_duplicates",
    "match_organization",
    "merge_organizations",
    "save_organization",
    "undo_organization_merge",
]


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


def _require_merge(user, *organizations) -> None:
    for organization in organizations:
        if not user.has_perm("organizations.merge_organization", organization):
            raise PermissionDenied(_("You may not merge these organizations."))


@transaction.atomic
def merge_organizations(user, keep: Organization, merged: Organization):
    """Merge a duplicate into the organization kept: every reference moves to it (agreements' parties,
    activities' partners, contacts, delegations, cases…, see audit.merging), the merged one's names become its
    aliases, its notes and identifiers fill what the kept one lacks, and the merged one is deleted. Returns the
    audit entry, from which the merge is undone."""
    _require_merge(user, keep, merged)
    if merged.is_member:
        raise ValidationError(_("A member institution cannot be merged into another organization."))
    if merged.owner_id not in (keep.owner_id, keep.pk):
        raise ValidationError(_("Only organizations of one institution's registry can be merged."))
    known = {comparable(keep.name), comparable(keep.name_en)}
    aliases = list(keep.aliases)
    for name in (merged.name, merged.name_en, *merged.aliases):
        if name and comparable(name) not in known | {comparable(a) for a in aliases}:
            aliases.append(name)
    changes: dict[str, object] = {"aliases": aliases}
    if merged.notes and merged.notes not in keep.notes:
        changes["notes"] = "\n\n".join(part for part in (keep.notes, merged.notes) if part)
    for name in ("name_en", "website", "city", "province_code", *IDENTIFIER_FIELDS):
        if not getattr(keep, name) and getattr(merged, name):
            changes[name] = getattr(merged, name)
    return merge_records(keep, merged, kept_changes=changes)


@transaction.atomic
def undo_organization_merge(user, keep: Organization, event) -> Organization:
    """Undo a merge into `keep`: the merged organization comes back with its references."""
    _require_merge(user, keep)
    return undo_merge(keep, event)
