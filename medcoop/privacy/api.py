"""Consents and the transfer register by API, under the same rules as the pages: the requesting institution's
staff read them, the case's clinician and coordinators record and withdraw consents."""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Router, Schema, Status

from medcoop.consultations.models import ConsultationCase
from medcoop.core.api import ErrorOut, form_errors, keyset_page

from . import services
from .forms import ConsentForm
from .models import Consent, Transfer

router = Router(tags=["data protection"])


class ConsentOut(Schema):
    id: int
    reference: str
    case_id: int
    purpose: str
    countries: list[str]
    given_by: str
    method: str
    given_on: date
    form_reference: str
    withdrawn_on: date | None = None
    withdrawal_reason: str


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


class TransferOut(Schema):
    id: int
    case_id: int
    consent_id: int
    recipient_id: int
    country: str
    sent_at: datetime


class ConsentPage(Schema):
    items: list[ConsentOut]
    next: str | None = None


class TransferPage(Schema):
    items: list[TransferOut]
    next: str | None = None


def as_dict(consent: Consent) -> dict:
    return {
        "id": consent.pk,
        "reference": str(consent),
        "case_id": consent.case_id,
        "purpose": consent.purpose,
        "countries": consent.countries,
        "given_by": consent.given_by,
        "method": consent.method,
        "given_on": consent.given_on,
        "form_reference": consent.form_reference,
        "withdrawn_on": consent.withdrawn_on,
        "withdrawal_reason": consent.withdrawal_reason,
    }


def _keeper(request):
    if not services.keeps_privacy_records(request.auth):
        raise Http404
    return request.auth


@router.get("/consents", response=ConsentPage)
def list_consents(request, after: str | None = None, limit: int = 50):
    rows, next_cursor = keyset_page(Consent.objects.visible_to(_keeper(request)), after, limit)
    return {"items": [as_dict(c) for c in rows], "next": next_cursor}


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


@router.get("/transfers", response=TransferPage)
def list_transfers(request, after: str | None = None, limit: int = 50):
    """The register of cases sent abroad: which case, to whom, in which country, under which consent."""
    rows, next_cursor = keyset_page(Transfer.objects.visible_to(_keeper(request)), after, limit)
    return {
        "items": [
            {
                "id": t.pk,
                "case_id": t.case_id,
                "consent_id": t.consent_id,
                "recipient_id": t.recipient_id,
                "country": t.country,
                "sent_at": t.sent_at,
            }
            for t in rows
        ],
        "next": next_cursor,
    }
