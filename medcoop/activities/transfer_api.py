"""/api/techniques/: technique transfers through the same filter form, form, rules and services as the pages."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import Router, Schema, Status

from medcoop.core.api import (
    ErrorOut,
    filtered,
    form_data,
    form_errors,
    keyset_page,
    lean,
    validation_errors,
    visible_or_404,
)
from medcoop.core.locking import save_at_version, version_of

from . import services
from .forms import TransferFilterForm, TransferForm
from .models import TechnologyTransfer

router = Router(tags=["techniques"])
DATES = [f for f, _stage in TechnologyTransfer.MILESTONES] + list(TechnologyTransfer.PLANNED.values())


class TransferOut(Schema):
    id: int
    technique: str | None = None
    specialty: str | None = None
    stage: str | None = None
    owner_id: int | None = None
    source_id: int | None = None
    agreement_id: int | None = None
    activity_id: int | None = None
    delegation_id: int | None = None
    taught_planned_on: date | None = None
    first_supervised_planned_on: date | None = None
    first_independent_planned_on: date | None = None
    mastered_planned_on: date | None = None
    taught_on: date | None = None
    first_supervised_on: date | None = None
    first_independent_on: date | None = None
    mastered_on: date | None = None
    independent_cases: int | None = None
    stopped_on: date | None = None
    actions: list[str] | None = None
    version: str | None = None


class TransferPage(Schema):
    items: list[TransferOut]
    next: str | None = None


class TransferIn(Schema):
    technique: str | None = None
    specialty: str | None = None
    source: int | None = None
    experts: str | None = None
    agreement: int | None = None
    activity: int | None = None
    delegation: int | None = None
    taught_planned_on: date | None = None
    first_supervised_planned_on: date | None = None
    first_independent_planned_on: date | None = None
    mastered_planned_on: date | None = None
    taught_on: date | None = None
    first_supervised_on: date | None = None
    first_independent_on: date | None = None
    mastered_on: date | None = None
    independent_cases: int | None = None
    note: str | None = None
    version: str | None = None


class StepIn(Schema):
    on: date | None = None
    cases: int | None = None
    reason: str = ""


def as_dict(transfer: TechnologyTransfer, user) -> dict:
    return {
        "id": transfer.pk,
        "technique": transfer.technique,
        "specialty": transfer.specialty_id,
        "stage": transfer.stage,
        "owner_id": transfer.owner_id,
        "source_id": transfer.source_id,
        "agreement_id": transfer.agreement_id,
        "activity_id": transfer.activity_id,
        "delegation_id": transfer.delegation_id,
        **{name: getattr(transfer, name) for name in DATES},
        "independent_cases": transfer.independent_cases,
        "stopped_on": transfer.stopped_on,
        "actions": services.allowed_actions(user, transfer),
        "version": version_of(transfer),
    }


@router.get("", response=TransferPage, exclude_unset=True)
def list_transfers(
    request,
    q: str = "",
    stage: str = "",
    specialty: str = "",
    source: str = "",
    mastered_year: str = "",
    overdue: str = "",
    after: str | None = None,
    limit: int = 50,
    fields: str | None = None,
):
    """Technique transfers the user may see; the filters of the list page (`mastered_year=2025` is the year's
    list of techniques newly mastered)."""
    queryset = filtered(request, TechnologyTransfer.objects.visible_to(request.auth), TransferFilterForm)
    rows, next_cursor = keyset_page(queryset, after, limit)
    return {"items": [lean(as_dict(t, request.auth), fields) for t in rows], "next": next_cursor}


@router.get("/{pk}", response=TransferOut, exclude_unset=True)
def get_transfer(request, pk: int, fields: str | None = None):
    return lean(as_dict(visible_or_404(TechnologyTransfer, request.auth, pk), request.auth), fields)


def _save(request, transfer: TechnologyTransfer, payload: TransferIn):
    given = payload.dict(exclude_unset=True)
    data = form_data(TransferForm, transfer, {k: v for k, v in given.items() if k != "version"})
    for name in DATES:  # the form reads dd/mm/yyyy; the API speaks ISO dates
        if isinstance(data.get(name), date):
            data[name] = data[name].strftime("%d/%m/%Y")
    form = TransferForm(data, instance=transfer, user=request.auth)
    if not form.is_valid():
        errors = form_errors(form)
        return Status(400, {"message": errors[0]["message"], "errors": errors})
    try:
        return save_at_version(
            form.instance, given.get("version"), lambda: services.save_transfer(request.auth, form.instance)
        )
    except ValidationError as error:
        return Status(400, validation_errors(error))
    except PermissionDenied:
        raise Http404 from None


@router.post("", response={201: TransferOut, 400: ErrorOut})
def create_transfer(request, payload: TransferIn):
    if not request.auth.has_perm("activities.add_technologytransfer"):
        raise Http404
    result = _save(request, TechnologyTransfer(owner=request.auth.organization), payload)
    return result if isinstance(result, Status) else Status(201, as_dict(result, request.auth))


@router.patch("/{pk}", response={200: TransferOut, 400: ErrorOut})
def update_transfer(request, pk: int, payload: TransferIn):
    transfer = TechnologyTransfer.objects.editable_by(request.auth).filter(pk=pk).first()
    if transfer is None:
        raise Http404
    result = _save(request, transfer, payload)
    return result if isinstance(result, Status) else Status(200, as_dict(result, request.auth))


STEPS = {
    "milestone": lambda user, t, p: services.record_milestone(user, t, p.on, cases=p.cases),
    "cases": lambda user, t, p: services.record_cases(user, t, p.cases),
    "stop": lambda user, t, p: services.stop_transfer(user, t, p.on, p.reason),
    "resume": lambda user, t, p: services.resume_transfer(user, t),
}


@router.post("/{pk}/{step}", response={200: TransferOut, 400: ErrorOut})
def take_step(request, pk: int, step: str, payload: StepIn):
    """milestone (the next one, on a date), cases, stop, resume: the page's rules."""
    transfer = TechnologyTransfer.objects.visible_to(request.auth).filter(pk=pk).first()
    if transfer is None or step not in STEPS:
        raise Http404
    try:
        STEPS[step](request.auth, transfer, payload)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        return Status(400, validation_errors(error))
    return as_dict(transfer, request.auth)
