from datetime import date

from ninja import Router, Schema

from medcoop.core.api import filtered, keyset_page, lean, visible_or_404

from .forms import AgreementFilterForm
from .models import Agreement

router = Router(tags=["agreements"])


class CommitmentOut(Schema):
    party_id: int
    description: str
    due_on: date | None = None
    status: str
    overdue: bool


class AgreementOut(Schema):
    id: int
    title: str | None = None
    kind: str | None = None
    reference: str | None = None
    owner_id: int | None = None
    signed_on: date | None = None
    expires_on: date | None = None
    status: str | None = None
    dormant: bool | None = None
    parties: list[int] | None = None
    commitments: list[CommitmentOut] | None = None


class AgreementPage(Schema):
    items: list[AgreementOut]
    next: str | None = None


def as_dict(agreement: Agreement) -> dict:
    return {
        "id": agreement.pk,
        "title": agreement.title,
        "kind": agreement.kind,
        "reference": agreement.reference,
        "owner_id": agreement.owner_id,
        "signed_on": agreement.signed_on,
        "expires_on": agreement.expires_on,
        "status": agreement.status,
        "dormant": agreement.dormant,
        "parties": [p.organization_id for p in agreement.parties.all()],
        "commitments": [
            {
                "party_id": c.party_id,
                "description": c.description,
                "due_on": c.due_on,
                "status": c.status,
                "overdue": c.is_overdue,
            }
            for c in agreement.commitments.all()
        ],
    }


@router.get("", response=AgreementPage, exclude_unset=True)
def list_agreements(
    request,
    q: str = "",
    status: str = "",
    kind: str = "",
    country: str = "",
    partner: str = "",
    specialty: str = "",
    year: str = "",
    after: str | None = None,
    limit: int = 50,
    fields: str | None = None,
):
    """Agreements with their derived status, parties and commitments; the filters of the list page."""
    queryset = filtered(request, Agreement.objects.visible_to(request.auth).with_status(), AgreementFilterForm)
    rows, next_cursor = keyset_page(queryset.prefetch_related("parties", "commitments"), after, limit)
    return {"items": [lean(as_dict(a), fields) for a in rows], "next": next_cursor}


@router.get("/{pk}", response=AgreementOut, exclude_unset=True)
def get_agreement(request, pk: int, fields: str | None = None):
    return lean(as_dict(visible_or_404(Agreement, request.auth, pk)), fields)
