"""Funding through the API: the list page's filters, the page's forms for validation, the same service."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Router, Schema, Status

from medcoop.core.api import (
    ErrorOut,
    filtered,
    form_data,
    form_errors,
    keyset_page,
    lean,
    nested_rows,
    validation_errors,
)
from medcoop.core.locking import save_at_version, version_of
from medcoop.core.permissions import writes_registry
from medcoop.core.values import decimal_string

from .forms import EquipmentRowForm, FundingFilterForm, FundingForm, TransactionRowForm
from .models import Funding
from .services import save_funding

router = Router(tags=["funding"])


class TransactionIO(Schema):
    """A transaction; `kind` is the IATI TransactionType code ("11", "3", "4"…), `amount` a decimal string."""

    id: int | None = None
    kind: str
    date: date
    amount: Decimal
    description: str | None = None


class EquipmentIO(Schema):
    id: int | None = None
    item: str
    quantity: int = 1
    value: Decimal | None = None
    handed_over_on: date | None = None


class TotalsOut(Schema):
    """What the funding says in its currency: committed, disbursed (incoming funds, disbursements), spent."""

    currency: str
    committed: Decimal
    disbursed: Decimal
    spent: Decimal


class FundingOut(Schema):
    id: int
    title: str | None = None
    owner_id: int | None = None
    donor_id: int | None = None
    instrument: str | None = None
    flow_type: str | None = None
    amount: Decimal | None = None
    currency: str | None = None
    committed_on: date | None = None
    agreement_id: int | None = None
    activity_id: int | None = None
    reference: str | None = None
    purpose: str | None = None
    transactions: list[TransactionIO] | None = None
    equipment: list[EquipmentIO] | None = None
    totals: TotalsOut | None = None
    version: str | None = None


class FundingPage(Schema):
    items: list[FundingOut]
    next: str | None = None


class FundingIn(Schema):
    title: str | None = None
    donor: int | None = None
    instrument: str | None = None
    flow_type: str | None = None
    amount: Decimal | None = None
    currency: str | None = None
    committed_on: date | None = None
    agreement: int | None = None
    activity: int | None = None
    reference: str | None = None
    purpose: str | None = None
    transactions: list[TransactionIO] | None = None
    equipment: list[EquipmentIO] | None = None
    version: str | None = None


def as_dict(funding: Funding) -> dict:
    """A funding read `with_flows` (its disbursed and spent), its transactions and equipment prefetched."""
    return {
        "id": funding.pk,
        "title": funding.title,
        "owner_id": funding.owner_id,
        "donor_id": funding.donor_id,
        "instrument": funding.instrument,
        "flow_type": funding.flow_type,
        "amount": decimal_string(funding.amount),
        "currency": funding.currency,
        "committed_on": funding.committed_on,
        "agreement_id": funding.agreement_id,
        "activity_id": funding.activity_id,
        "reference": funding.reference,
        "purpose": funding.purpose,
        "transactions": [
            {
                "id": t.pk,
                "kind": t.kind,
                "date": t.date,
                "amount": decimal_string(t.amount),
                "description": t.description or None,
            }
            for t in funding.transactions.all()
        ],
        "equipment": [
            {
                "id": e.pk,
                "item": e.item,
                "quantity": e.quantity,
                "value": decimal_string(e.value) if e.value is not None else None,
                "handed_over_on": e.handed_over_on,
            }
            for e in funding.equipment.all()
        ],
        "totals": {
            "currency": funding.currency,
            "committed": decimal_string(funding.amount),
            "disbursed": decimal_string(funding.disbursed),  # type: ignore[attr-defined]  # annotated by with_totals()
            "spent": decimal_string(funding.spent),  # type: ignore[attr-defined]
        },
        "version": version_of(funding),
    }


@router.get("", response=FundingPage, exclude_unset=True)
def list_funding(
    request,
    q: str = "",
    donor: str = "",
    instrument: str = "",
    flow_type: str = "",
    currency: str = "",
    agreement: str = "",
    activity: str = "",
    year: str = "",
    after: str | None = None,
    limit: int = 50,
    fields: str | None = None,
):
    """Fundings with their transactions and equipment; the filters of the list page."""
    queryset = filtered(request, Funding.objects.visible_to(request.auth), FundingFilterForm)
    rows, next_cursor = keyset_page(readable(queryset), after, limit)
    return {"items": [lean(as_dict(f), fields) for f in rows], "next": next_cursor}


@router.get("/{pk}", response=FundingOut, exclude_unset=True)
def get_funding(request, pk: int, fields: str | None = None):
    found = readable(Funding.objects.visible_to(request.auth).filter(pk=pk)).first()
    if found is None:
        raise Http404
    return lean(as_dict(found), fields)


def readable(queryset):
    return queryset.with_flows().prefetch_related("transactions", "equipment")


CLEARABLE = ("description", "value", "handed_over_on")  # what a transaction or an item may have emptied
NESTED = ("transactions", "equipment")


def _save(request, funding: Funding, payload: FundingIn):
    given = payload.dict(exclude_unset=True)
    data = form_data(FundingForm, funding, {k: v for k, v in given.items() if k not in NESTED})
    form = FundingForm(data, instance=funding, user=request.auth)
    transactions, transaction_errors = nested_rows(
        TransactionRowForm, payload.transactions, request.auth, "transactions", CLEARABLE
    )
    equipment, equipment_errors = nested_rows(EquipmentRowForm, payload.equipment, request.auth, "equipment", CLEARABLE)
    errors = (form_errors(form) if not form.is_valid() else []) + transaction_errors + equipment_errors
    if errors:
        return Status(400, {"message": errors[0]["message"], "errors": errors})
    try:
        saved = save_at_version(
            form.instance,
            given.get("version"),
            lambda: save_funding(
                request.auth,
                form.instance,
                transactions=transactions if "transactions" in given else None,
                equipment=equipment if "equipment" in given else None,
            ),
        )
    except ValidationError as error:
        return Status(400, validation_errors(error))
    return saved


@router.post("", response={201: FundingOut, 400: ErrorOut})
def create_funding(request, payload: FundingIn):
    """A funding received by the user's institution, validated as the form does."""
    if not writes_registry(request.auth):
        raise Http404
    result = _save(request, Funding(owner=request.auth.organization), payload)
    return result if isinstance(result, Status) else Status(201, as_dict(readable(Funding.objects).get(pk=result.pk)))


@router.patch("/{pk}", response={200: FundingOut, 400: ErrorOut})
def update_funding(request, pk: int, payload: FundingIn):
    funding = Funding.objects.editable_by(request.auth).filter(pk=pk).first()
    if funding is None:
        raise Http404
    result = _save(request, funding, payload)
    return result if isinstance(result, Status) else Status(200, as_dict(readable(Funding.objects).get(pk=result.pk)))
