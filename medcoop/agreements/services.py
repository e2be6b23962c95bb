"""Agreements: saving one with its parties and commitments as a whole, and what the office must chase."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from medcoop.core.files import shortened_name
from medcoop.core.services import replace_rows, require_can_save, save_validated

from .models import Agreement, AgreementDocument, AgreementParty, AgreementStatus, Commitment, document_title

MIN_PARTIES = 2


def check_parties(parties: list[dict]) -> None:
    """Two or more parties, none twice."""
    if len(parties) < MIN_PARTIES:
        raise ValidationError({"parties": _("An agreement needs at least two parties.")})
    seen = set()
    for index, party in enumerate(parties):
        organization = party["organization"]
        if organization.pk in seen:
            raise ValidationError(
                {
                    f"parties[{index}].organization": _("“%(name)s” is already a party to this agreement.")
                    % {"name": organization}
                }
            )
        seen.add(organization.pk)


@transaction.atomic
def save_agreement(
    user,
    agreement: Agreement,
    *,
    parties: list[dict] | None = None,
    commitments: list[dict] | None = None,
    scope=None,
    specialties=None,
) -> Agreement:
    """Create or update an agreement with its parties and commitments; all of it or, on any error, none.

    `parties` replaces the parties when given (dicts of AgreementParty fields, matched by "pk" or, without one,
    by organization); `commitments` replaces the commitments when given (dicts of Commitment fields, matched by
    "pk"). Both through core.services.replace_rows, as every record's rows.
    """
    require_can_save(user, agreement)
    if parties is not None:
        check_parties(parties)
    save_validated(agreement)
    if scope is not None:
        agreement.scope.set(scope)
    if specialties is not None:
        agreement.specialties.set(specialties)
    if parties is not None:
        replace_rows(
            "parties",
            agreement.parties.all(),
            parties,
            lambda: AgreementParty(agreement=agreement),
            key=("organization",),
        )
        agreement.refresh_search_text()
    if commitments is not None:
        replace_rows("commitments", agreement.commitments.all(), commitments, lambda: Commitment(agreement=agreement))
    return agreement


def add_document(user, agreement: Agreement, *, file, kind: str, title: str = "") -> AgreementDocument:
    """Keep a file with an agreement (its signed copy, an annex, minutes): whoever may change the agreement may
    add one, and its type, size and content are checked (core.files.validate_document) before it is kept."""
    require_can_save(user, agreement)
    # Untitled, it is named as uploaded: the stored name has spaces made "_", some signs dropped, and a suffix
    # when the name is taken ("mou_zqHXkLj.pdf"), which is not what the coordinator kept. A long name is kept
    # shortened (its extension too) where it is stored, whole (up to a title's length) as its title.
    title = title.strip() or document_title(file.name)
    file.name = shortened_name(file.name)
    return save_validated(AgreementDocument(agreement=agreement, kind=kind, title=title, file=file))


@transaction.atomic
def delete_document(user, document: AgreementDocument) -> None:
    """Remove a kept file, the record first and the stored file once the record is gone."""
    require_can_save(user, document.agreement)
    stored = document.file
    document.delete()
    transaction.on_commit(lambda: stored.delete(save=False))


def expiring_within(queryset, days: int, today: date | None = None):
    """Agreements in force that expire in the next `days` days."""
    today = today or timezone.localdate()
    return queryset.with_status(today).filter(
        derived_status__in=[AgreementStatus.ACTIVE, AgreementStatus.EXPIRING],
        expires_on__gte=today,
        expires_on__lte=today + timedelta(days=days),
    )
