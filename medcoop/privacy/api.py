"""Consents and the transfer register by API, under the same rules as the pages: the requesting institution's
staff read them, the case's clinician and coordinators record and withdraw consents."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Router, Schema, Status

from medcoop.consultations.models import ConsultationCase
from medcoop.core.api import ErrorOut, form_errors
from medcoop.core.records_api import add_list

from . import services
from .forms import ConsentFilterForm, ConsentForm, TransferFilterForm
from .lists import CONSENTS, TRANSFERS
from .models import Consent, Transfer

router = Router(tags=["data protection"])


ConsentOut = CONSENTS.out_schema("ConsentOut")
TransferOut = TRANSFERS.out_schema("CrossBorderTransferOut")


class ConsentIn(Schema):
    purpose: str = "consultation"
    countries: list[str] = []
    given_by: str = "patient"
    method: str = "written"
    given_on: date
    form_reference: str = ""
    informed: bool = False


class WithdrawalIn(Schema):
    reason: str = ""


def as_dict(consent: Consent) -> dict:
    return CONSENTS.as_dict(consent)


def _keeper(request):
    if not services.keeps_privacy_records(request.auth):
        raise Http404
    return request.auth


add_list(
    router,
    out=ConsentOut,
    filter_form=ConsentFilterForm,
    name="Consent",
    summary="The consents of the institution's cases, newest first",
    rows=lambda request: Consent.objects.visible_to(_keeper(request)),
    item=lambda consent, request: as_dict(consent),
    path="/consents",
)


@router.post("/cases/{case_pk}/consents", response={201: ConsentOut, 400: ErrorOut})
def record_consent(request, case_pk: int, payload: ConsentIn):
    """The patient's consent for a case; the case is sent abroad only under one in force."""
    case = ConsultationCase.objects.editable_by(_keeper(request)).filter(pk=case_pk).first()
    if case is None:
        raise Http404
    form = ConsentForm({**payload.dict(), "given_on": payload.given_on.isoformat()}, case=case)
    if not form.is_valid():
        errors = form_errors(form)
        return Status(400, {"message": errors[0]["message"], "errors": errors})
    return Status(201, as_dict(services.record_consent(request.auth, case, form.instance)))


@router.post("/consents/{pk}/withdraw", response={200: ConsentOut, 400: ErrorOut})
def withdraw_consent(request, pk: int, payload: WithdrawalIn):
    consent = Consent.objects.visible_to(_keeper(request)).filter(pk=pk).select_related("case").first()
    if consent is None:
        raise Http404
    try:
        return as_dict(services.withdraw_consent(request.auth, consent, payload.reason))
    except PermissionDenied:
        raise Http404 from None


add_list(
    router,
    out=TransferOut,
    filter_form=TransferFilterForm,
    name="CrossBorderTransfer",
    summary="The register of cases sent abroad: which case, to whom, in which country, under which consent",
    rows=lambda request: Transfer.objects.visible_to(_keeper(request)),
    item=lambda transfer, request: TRANSFERS.as_dict(transfer),
    path="/transfers",
)
