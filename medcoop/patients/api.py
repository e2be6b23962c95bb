"""Patient episodes by API: the pseudonymous record only. The identity can be written (it is stored encrypted)
but is never returned: reading it is a page action with its own right and audit entry."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Router, Schema, Status

from medcoop.audit.recording import record
from medcoop.core.api import (
    ErrorOut,
    form_data,
    form_errors,
    lean,
    validation_errors,
    visible_or_404,
)
from medcoop.core.locking import save_at_version, version_of
from medcoop.core.models import AuditEvent
from medcoop.core.records_api import add_list

from . import services
from .forms import EpisodeFilterForm, EpisodeForm
from .models import PatientEpisode

router = Router(tags=["patient episodes"])


class EpisodeOut(Schema):
    id: int
    code: str | None = None
    owner_id: int | None = None
    nationality: str | None = None
    home_region: str | None = None
    referring_institution_id: int | None = None
    receiving_department: str | None = None
    specialty: str | None = None
    diagnosis: str | None = None
    admitted_on: date | None = None
    discharged_on: date | None = None
    outcome: str | None = None
    payer: str | None = None
    agreement_id: int | None = None
    consent_to_share: bool | None = None
    status: str | None = None
    updated_at: datetime | None = None
    version: str | None = None


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


def as_dict(episode: PatientEpisode) -> dict:
    return {
        "id": episode.pk,
        "code": episode.code,
        "owner_id": episode.owner_id,
        "nationality": episode.nationality,
        "home_region": episode.home_region,
        "referring_institution_id": episode.referring_institution_id,
        "receiving_department": episode.receiving_department,
        "specialty": episode.specialty_id,
        "diagnosis": episode.diagnosis,
        "admitted_on": episode.admitted_on,
        "discharged_on": episode.discharged_on,
        "outcome": episode.outcome,
        "payer": episode.payer,
        "agreement_id": episode.agreement_id,
        "consent_to_share": episode.consent_to_share,
        "status": episode.status,
        "updated_at": episode.updated_at,
        "version": version_of(episode),
    }


add_list(
    router,
    out=EpisodeOut,
    filter_form=EpisodeFilterForm,
    name="Episode",
    summary="Episodes of the user's institution, newest first",
    rows=lambda request: PatientEpisode.objects.visible_to(request.auth),
    item=lambda episode, request: as_dict(episode),
)


@router.get("/{pk}", response=EpisodeOut, exclude_unset=True)
def get_episode(request, pk: int, fields: str | None = None):
    """One episode; the read is written to the audit log, as on its page."""
    episode = visible_or_404(PatientEpisode, request.auth, pk)
    record(AuditEvent.Action.READ, episode)
    return lean(as_dict(episode), fields)


def _save(request, episode: PatientEpisode, payload: EpisodeIn):
    form = EpisodeForm(
        form_data(EpisodeForm, episode, payload.dict(exclude_unset=True)), instance=episode, user=request.auth
    )
    if not form.is_valid():
        errors = form_errors(form)
        return Status(400, {"message": errors[0]["message"], "errors": errors})
    try:
        return save_at_version(
            form.instance,
            payload.version,
            lambda: services.save_episode(request.auth, form.instance, form.identity()),
        )
    except ValidationError as error:
        return Status(400, validation_errors(error))


@router.post("", response={201: EpisodeOut, 400: ErrorOut})
def create_episode(request, payload: EpisodeIn):
    """An episode received by the user's institution, validated as the form does."""
    if not services.reads_patients(request.auth):
        raise Http404
    result = _save(request, PatientEpisode(owner=request.auth.organization), payload)
    return result if isinstance(result, Status) else Status(201, as_dict(result))


def _editable(request, pk: int) -> PatientEpisode:
    episode = PatientEpisode.objects.editable_by(request.auth).filter(pk=pk).first()
    if episode is None:
        raise Http404
    return episode


@router.patch("/{pk}", response={200: EpisodeOut, 400: ErrorOut})
def update_episode(request, pk: int, payload: EpisodeIn):
    result = _save(request, _editable(request, pk), payload)
    return result if isinstance(result, Status) else Status(200, as_dict(result))


@router.post("/{pk}/status", response={200: EpisodeOut, 400: ErrorOut})
def move_episode(request, pk: int, payload: StatusIn):
    """One step along the status board (requested → accepted → admitted → discharged…), forward only."""
    return as_dict(services.move(request.auth, _editable(request, pk), payload.status))
