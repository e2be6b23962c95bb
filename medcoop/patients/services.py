"""Patient episodes: saving one with its encrypted identity, moving it along the status board, and reading the
identity — only with the right to, and never without an audit entry."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from medcoop.audit.recording import record
from medcoop.core.models import AuditEvent
from medcoop.core.rules import is_institution_staff
from medcoop.core.services import require_can_save, save_validated

from .models import IDENTITY_FIELDS, EpisodeStatus, IdentityReader, PatientEpisode, Payer

# The status board: where an episode may go from each column.
NEXT_STATUSES = {
    EpisodeStatus.REQUESTED: [EpisodeStatus.ACCEPTED],
    EpisodeStatus.ACCEPTED: [EpisodeStatus.ADMITTED],
    EpisodeStatus.ADMITTED: [EpisodeStatus.DISCHARGED, EpisodeStatus.TRANSFERRED, EpisodeStatus.DECEASED],
    EpisodeStatus.DISCHARGED: [],
    EpisodeStatus.TRANSFERRED: [],
    EpisodeStatus.DECEASED: [],
}


def reads_patients(user) -> bool:
    """The staff of a member institution; partners, the ministry and the administrator count, never read."""
    return is_institution_staff(user)


def allowed_actions(user, episode: PatientEpisode) -> list[EpisodeStatus]:
    """The statuses this user may move the episode to now: the board and the page offer exactly these."""
    if not user.has_perm("patients.change_patientepisode", episode):
        return []
    return [EpisodeStatus(s) for s in NEXT_STATUSES[episode.status]]


@transaction.atomic
def save_episode(user, episode: PatientEpisode, identity: dict | None = None) -> PatientEpisode:
    """Create or update an episode; identity values given (even empty) replace the stored ones."""
    require_can_save(user, episode)
    if identity:
        episode.set_identity(**{k: v for k, v in identity.items() if k in IDENTITY_FIELDS})
    return save_validated(episode, exclude=["code"])


@transaction.atomic
def move(user, episode: PatientEpisode, status: str) -> PatientEpisode:
    require_can_save(user, episode)
    if status not in EpisodeStatus.values:
        raise ValidationError(_("“%(status)s” is not a status of an episode.") % {"status": str(status)[:40]})
    if status not in allowed_actions(user, episode):
        raise ValidationError(
            _("An episode that is “%(current)s” cannot become “%(next)s”.")
            % {"current": episode.get_status_display(), "next": EpisodeStatus(status).label}
        )
    episode.status = status
    episode.save(update_fields=["status", "updated_at"])
    return episode


def can_read_identity(user, episode: PatientEpisode | None = None) -> bool:
    return user.has_perm("patients.read_identity", episode)


def read_identity(user, episode: PatientEpisode) -> dict[str, str]:
    """The decrypted identity for a user who may see the episode and holds the right; the read is audited."""
    if not can_read_identity(user, episode):
        raise PermissionDenied(_("You may not read this patient's identity."))
    record(AuditEvent.Action.READ, episode, label="identity")
    return episode.decrypted_identity()


def identity_readers(user):
    """The colleagues whose right to read identities this user (their institution's leadership) decides."""
    if not user.has_perm("patients.manage_identity_readers"):
        return []
    staff = get_user_model().objects.filter(organization=user.organization, is_active=True).exclude(pk=user.pk)
    return [person for person in staff.order_by("last_name", "first_name") if is_institution_staff(person)]


@transaction.atomic
def set_identity_reader(by, person, reads: bool) -> None:
    """Give or remove a colleague's right to read patients' identities; written to the audit log."""
    if not by.has_perm("patients.grant_identity_access", person):
        raise PermissionDenied(_("Only the institution's leadership gives this right, and not to themselves."))
    had = IdentityReader.objects.filter(user=person).exists()
    if had == reads:
        return
    if reads:
        IdentityReader.objects.create(user=person, granted_by=by)
    else:
        IdentityReader.objects.filter(user=person).delete()
    record(AuditEvent.Action.PERMISSION, person, user=by, changes={"reads_patient_identities": [had, reads]})


@transaction.atomic
def rotate_keys() -> int:
    """Re-encrypt every identity with the newest key; afterwards the old keys can be removed."""
    from . import crypto

    count = 0
    for episode in PatientEpisode.objects.exclude(
        name_token="", identity_number_token="", birth_date_token="", contact_token=""
    ):
        for field in IDENTITY_FIELDS:
            setattr(episode, f"{field}_token", crypto.rotate(getattr(episode, f"{field}_token")))
        episode.save(update_fields=[f"{f}_token" for f in IDENTITY_FIELDS])
        count += 1
    return count


def counts(episodes) -> dict[str, list[tuple]]:
    """Episodes by nationality, specialty, payer and month of admission, for the dashboard and the report."""
    return {
        "country": list(episodes.values_list("nationality").annotate(n=Count("pk")).order_by("-n", "nationality")),
        "specialty": list(episodes.values_list("specialty__label_vi").annotate(n=Count("pk")).order_by("-n")),
        "payer": [
            (Payer(payer).label, n) for payer, n in episodes.values_list("payer").annotate(n=Count("pk")).order_by("-n")
        ],
        "month": list(
            episodes.filter(admitted_on__isnull=False)
            .annotate(month=TruncMonth("admitted_on"))
            .values_list("month")
            .annotate(n=Count("pk"))
            .order_by("month")
        ),
    }
