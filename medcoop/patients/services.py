"""Patient episodes: saving one with its encrypted identity, moving it along the status board, and reading the
identity — only with the right to, and never without an audit entry."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from medcoop.core.audit import record
from medcoop.core.models import AuditEvent
from medcoop.core.permissions import INSTITUTION_ROLES
from medcoop.core.services import require_can_save, save_validated

from .models import IDENTITY_FIELDS, EpisodeStatus, PatientEpisode, Payer

# The status board: where an episode may go from each column.
NEXT_STATUSES = {
    EpisodeStatus.REQUESTED: [EpisodeStatus.ACCEPTED],
    EpisodeStatus.ACCEPTED: [EpisodeStatus.ADMITTED],
    EpisodeStatus.ADMITTED: [EpisodeStatus.DISCHARGED, EpisodeStatus.TRANSFERRED, EpisodeStatus.DECEASED],
    EpisodeStatus.DISCHARGED: [],
    EpisodeStatus.TRANSFERRED: [],
    EpisodeStatus.DECEASED: [],
}
IDENTITY_RIGHT = "patients.view_patient_identity"


def reads_patients(user) -> bool:
    """The staff of a member institution; partners, the ministry and the administrator count, never read."""
    return user.is_authenticated and user.role in INSTITUTION_ROLES and bool(user.organization_id)


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
    if status not in NEXT_STATUSES[episode.status]:
        raise ValidationError(
            _("An episode that is “%(current)s” cannot become “%(next)s”.")
            % {"current": episode.get_status_display(), "next": EpisodeStatus(status).label}
        )
    episode.status = status
    episode.save(update_fields=["status", "updated_at"])
    return episode


def can_read_identity(user) -> bool:
    return user.is_active and user.has_perm(IDENTITY_RIGHT)


def read_identity(user, episode: PatientEpisode) -> dict[str, str]:
    """The decrypted identity for a user who may see the episode and holds the right; the read is audited."""
    if not PatientEpisode.objects.visible_to(user).filter(pk=episode.pk).exists() or not can_read_identity(user):
        raise PermissionDenied(_("You may not read this patient's identity."))
    record(AuditEvent.Action.READ, episode, label="identity")
    return episode.decrypted_identity()


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
