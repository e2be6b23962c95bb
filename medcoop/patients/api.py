"""Patient episodes by API: the pseudonymous record only. The identity can be written (it is stored encrypted)
but is never returned: reading it is a page action with its own right and audit entry."""

from datetime import date

from django.http import Http404
from ninja import Schema

from medcoop.audit.recording import record
from medcoop.core.api import ErrorOut
from medcoop.core.models import AuditEvent
from medcoop.core.records_api import Writes, record_router

from . import services
from .forms import EpisodeFilterForm, EpisodeForm
from .lists import EPISODES
from .models import PatientEpisode


class EpisodeIn(Schema):
    version: str | None = None
    nationality: str | None = None
    home_region: str | None = None
    referring_institution: int | None = None
    receiving_department: str | None = None
    specialty: str | None = None
    diagnosis: str | None = None
    admitted_on: date | None = None
    discharged_on: date | None = None
    outcome: str | None = None
    payer: str | None = None
    agreement: int | None = None
    consent_to_share: bool | None = None
    # Write-only, stored encrypted; never part of a response.
    name: str | None = None
    identity_number: str | None = None
    birth_date: str | None = None
    contact: str | None = None


class StatusIn(Schema):
    status: str


EpisodeOut = EPISODES.out_schema("EpisodeOut")
router = record_router(
    EPISODES,
    out=EpisodeOut,
    tag="patient episodes",
    name="Episode",
    filter_form=EpisodeFilterForm,
    summary="Episodes of the user's institution, newest first",
    on_read=lambda episode, user: record(AuditEvent.Action.READ, episode),  # as on its page
    writes=Writes(
        form=EpisodeForm,
        schema=EpisodeIn,
        save=lambda user, form, rows, given: services.save_episode(user, form.instance, form.identity()),
        may_create=services.reads_patients,
    ),
)


def _editable(request, pk: int) -> PatientEpisode:
    episode = PatientEpisode.objects.editable_by(request.auth).filter(pk=pk).first()
    if episode is None:
        raise Http404
    return episode


@router.post("/{pk}/status", response={200: EpisodeOut, 400: ErrorOut})
def move_episode(request, pk: int, payload: StatusIn):
    """One step along the status board (requested → accepted → admitted → discharged…), forward only."""
    return EPISODES.as_dict(services.move(request.auth, _editable(request, pk), payload.status))
