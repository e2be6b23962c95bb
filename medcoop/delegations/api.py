"""Delegations in the API: list and detail through the same permission layer and filters as the pages, and
the flow's steps with the same rules (a step the user may not take answers 404 and changes nothing)."""

from datetime import date
from decimal import Decimal

from django.http import Http404
from ninja import Router, Schema

from medcoop.core.api import lean
from medcoop.core.records_api import add_list, add_steps

from . import authorization as authz
from . import services
from .forms import DelegationFilterForm
from .models import Delegation

router = Router(tags=["delegations"])


class MemberOut(Schema):
    name: str
    position: str
    department: str
    nationality: str
    is_head: bool
    practises: bool
    permit_valid_until: date | None = None


class HostOut(Schema):
    name: str
    position: str
    department: str


class StepOut(Schema):
    position: int
    level: str
    label: str
    decision: str
    comment: str
    decided_on: date | None = None
    due_on: date | None = None


class DelegationOut(Schema):
    id: int
    kind: str | None = None
    purpose: str | None = None
    title: str | None = None
    owner_id: int | None = None
    country: str | None = None
    place: str | None = None
    partner_id: int | None = None
    agreement_id: int | None = None
    activity_id: int | None = None
    start_on: date | None = None
    end_on: date | None = None
    in_plan: bool | None = None
    funding: str | None = None
    estimated_cost: float | None = None
    actual_cost: float | None = None
    currency: str | None = None
    status: str | None = None
    decision_number: str | None = None
    decision_on: date | None = None
    file_due_on: date | None = None
    decision_due_on: date | None = None
    report_due_on: date | None = None
    report_on: date | None = None
    members: list[MemberOut] | None = None
    hosts: list[HostOut] | None = None
    drafted_agreement_id: int | None = None
    technique_ids: list[int] | None = None
    steps: list[StepOut] | None = None
    warnings: list[str] | None = None


class StepIn(Schema):
    approve: bool = True
    comment: str = ""
    number: str = ""
    on: date | None = None
    authority: str = ""
    results: str = ""
    actual_cost: float | None = None
    agreement_title: str = ""
    techniques: list[str] = []


def as_dict(delegation: Delegation, *, detail: bool = False) -> dict:
    money = {
        n: float(getattr(delegation, n)) if getattr(delegation, n) is not None else None
        for n in ("estimated_cost", "actual_cost")
    }
    data = {
        "id": delegation.pk,
        **{
            name: getattr(delegation, name)
            for name in (
                "kind",
                "purpose",
                "title",
                "owner_id",
                "country",
                "place",
                "partner_id",
                "agreement_id",
                "activity_id",
                "start_on",
                "end_on",
                "in_plan",
                "funding",
                "currency",
                "status",
                "decision_number",
                "decision_on",
                "file_due_on",
                "decision_due_on",
                "report_due_on",
                "report_on",
            )
        },
        **money,
        "members": [
            {
                "name": m.name,
                "position": m.position,
                "department": m.department,
                "nationality": m.nationality,
                "is_head": m.is_head,
                "practises": m.practises,
                "permit_valid_until": m.permit_valid_until,
            }
            for m in delegation.members.all()
        ],
    }
    if detail:
        data["hosts"] = [
            {"name": h.name, "position": h.position, "department": h.department} for h in delegation.host_people
        ]
        data["drafted_agreement_id"] = delegation.drafted_agreement_id
        data["technique_ids"] = list(delegation.technique_transfers.order_by("pk").values_list("pk", flat=True))
        data["steps"] = [
            {k: getattr(s, k) for k in ("position", "level", "label", "decision", "comment", "decided_on", "due_on")}
            for s in delegation.steps.all()
        ]
        data["warnings"] = services.warnings(delegation)
    return data


def _readable(request):
    """The delegations the user may see; 404 for one who may not read delegations at all."""
    if not authz.reads(request.auth):
        raise Http404
    return authz.visible(request.auth)


add_list(
    router,
    out=DelegationOut,
    filter_form=DelegationFilterForm,
    name="Delegation",
    summary="Delegations with their members (deadline=overdue|soon)",
    rows=_readable,
    item=lambda delegation, request: as_dict(delegation),
    read=lambda queryset: queryset.prefetch_related("members"),
)


@router.get("/{pk}", response=DelegationOut, exclude_unset=True)
def get_delegation(request, pk: int, fields: str | None = None):
    delegation = authz.visible(request.auth).filter(pk=pk).first()
    if delegation is None:
        raise Http404
    return lean(as_dict(delegation, detail=True), fields)


STEPS = {
    "submit": lambda user, d, p: services.submit(user, d),
    "decide": lambda user, d, p: services.decide_step(user, d, p.approve, p.comment),
    "decision": lambda user, d, p: services.record_decision(user, d, number=p.number, on=p.on, authority=p.authority),
    "report": lambda user, d, p: services.record_report(
        user,
        d,
        on=p.on,
        results=p.results,
        actual_cost=None if p.actual_cost is None else Decimal(str(p.actual_cost)),
        agreement_title=p.agreement_title,
        techniques=p.techniques,
    ),
    "cancel": lambda user, d, p: services.cancel(user, d, p.comment),
}


add_steps(
    router,
    STEPS,
    schema=StepIn,
    out=DelegationOut,
    name="Delegation",
    summary="submit, decide (the current approval step), decision, report, cancel: the page's rules",
    visible=authz.visible,
    answer=lambda delegation, user: as_dict(delegation, detail=True),
)
