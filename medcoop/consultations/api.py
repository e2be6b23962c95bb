"""Remote consultations by API: the de-identified case, its opinions, and the same steps as the page's buttons.
Reading a case is audited exactly as on the page."""

from datetime import date

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Router, Schema, Status

from medcoop.audit.recording import record
from medcoop.core.api import (
    ErrorOut,
    asked_fields,
    form_data,
    form_errors,
    lean,
    validation_errors,
    visible_or_404,
)
from medcoop.core.locking import save_at_version
from medcoop.core.models import AuditEvent
from medcoop.core.records_api import add_list

from . import screening, services
from .forms import CaseFilterForm, CaseForm
from .lists import CASES
from .models import ConsultationCase

router = Router(tags=["consultations"])


class IdentifierOut(Schema):
    """A span of a case's text that identifies the patient (consultations.screening): where, what, and why."""

    where: str
    kind: str
    reason: str
    start: int
    end: int


class CaseOut(CASES.out_schema("CaseFields")):  # type: ignore[misc]  # made from the declaration
    """A case as the list declares it; a saved one's answer adds what the screening found in it."""

    identifiers: list[IdentifierOut] | None = None


class CaseIn(Schema):
    version: str | None = None
    specialty: str | None = None
    urgency: str | None = None
    partners: list[int] | None = None
    experts: list[int] | None = None
    agreement: int | None = None
    question: str | None = None
    age_band: str | None = None
    sex: str | None = None
    history: str | None = None
    findings: str | None = None
    current_treatment: str | None = None
    translation_language: str | None = None
    question_translated: str | None = None
    summary_translated: str | None = None
    translation_checked: bool = False  # the clinician wrote or checked the translated texts
    due_on: date | None = None


class StepIn(Schema):
    reason: str = ""
    text: str = ""
    outcome: str = ""
    corrects: int | None = None
    identifiers_checked: bool = False  # the writer checked that what the screening found is not the patient's


def identifiers(case: ConsultationCase) -> list[dict]:
    """What the scan found in the saved case: the client must remove it before the case can be submitted."""
    return [
        {"where": item["where"], "kind": f.kind, "reason": str(f.reason), "start": f.start, "end": f.end}
        for item in screening.screen(case)
        for f in item["findings"]
    ]


def as_dict(case: ConsultationCase, *, opinions: bool = False) -> dict:
    """The case as the list declares it; `opinions`: one case's answer, with its opinions."""
    return CASES.as_dict(case, detail=opinions)


def _taking_part(request):
    if not request.auth.has_perm("consultations"):
        raise Http404
    return request.auth


add_list(
    router,
    out=CaseOut,
    filter_form=CaseFilterForm,
    name="Case",
    summary="Cases the user takes part in: their institution's, or for a partner expert the cases they are invited to",
    rows=lambda request: ConsultationCase.objects.visible_to(_taking_part(request)),
    item=lambda case, request: as_dict(case),
    read=lambda queryset: queryset.prefetch_related("partners"),
)


@router.get("/{pk}", response=CaseOut, exclude_unset=True)
def get_case(request, pk: int, fields: str | None = None):
    """One case with its opinions; the read is written to the audit log."""
    wanted = asked_fields(fields, CaseOut)  # refused before the read is audited
    case = visible_or_404(ConsultationCase, _taking_part(request), pk)
    record(AuditEvent.Action.READ, case, user=request.auth)
    return lean(as_dict(case, opinions=True), wanted)


def _save(request, case: ConsultationCase, payload: CaseIn):
    form = CaseForm(form_data(CaseForm, case, payload.dict(exclude_unset=True)), instance=case, user=request.auth)
    if not form.is_valid():
        errors = form_errors(form)
        return Status(400, {"message": errors[0]["message"], "errors": errors})
    try:
        save_at_version(
            form.instance,
            payload.version,
            lambda: services.save_case(
                request.auth,
                form.instance,
                partners=form.cleaned_data["partners"],
                experts=form.cleaned_data["experts"],
                translation_checked=form.cleaned_data["translation_checked"],
            ),
        )
    except ValidationError as error:
        return Status(400, validation_errors(error))
    return form.instance


@router.post("", response={201: CaseOut, 400: ErrorOut})
def create_case(request, payload: CaseIn):
    """A draft case of the user's institution with the partner institutions and experts to consult."""
    if not request.auth.has_perm("consultations.add_consultationcase"):
        raise Http404
    result = _save(request, ConsultationCase(owner=request.auth.organization, requested_by=request.auth), payload)
    return result if isinstance(result, Status) else Status(201, as_dict(result) | {"identifiers": identifiers(result)})


@router.patch("/{pk}", response={200: CaseOut, 400: ErrorOut})
def update_case(request, pk: int, payload: CaseIn):
    case = ConsultationCase.objects.editable_by(request.auth).filter(pk=pk).first()
    if case is None:
        raise Http404
    result = _save(request, case, payload)
    return result if isinstance(result, Status) else Status(200, as_dict(result) | {"identifiers": identifiers(result)})


@router.post("/{pk}/{step}", response={200: CaseOut, 400: ErrorOut})
def take_step(request, pk: int, step: str, payload: StepIn):
    """submit, cancel, close (the requester); accept, decline with a reason, opinion with a text (the invited
    expert); outcome. A step the case's state does not allow answers 400 with the reason."""
    case = visible_or_404(ConsultationCase, _taking_part(request), pk)
    if step not in services.STEPS:
        raise Http404
    services.perform(request.auth, case, step, **payload.dict())
    case.refresh_from_db()
    return as_dict(case, opinions=True)
