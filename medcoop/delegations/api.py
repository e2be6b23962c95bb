"""Delegations in the API: list and detail through the same permission layer and filters as the pages, and
the flow's steps with the same rules (a step the user may not take answers 404 and changes nothing)."""

from datetime import date
from decimal import Decimal

from django.http import Http404
from ninja import Schema

from medcoop.core.listing import prefetch_rows
from medcoop.core.records_api import add_steps, record_router

from . import authorization as authz
from . import services
from .forms import DelegationFilterForm
from .lists import DELEGATIONS


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


def _readable(user):
    """The delegations the user may see; 404 for one who may not read delegations at all."""
    if not authz.reads(user):
        raise Http404
    return authz.visible(user)


DelegationOut = DELEGATIONS.out_schema("DelegationOut")
router = record_router(
    DELEGATIONS,
    out=DelegationOut,
    tag="delegations",
    name="Delegation",
    filter_form=DelegationFilterForm,
    summary="Delegations with their members (deadline=overdue|soon)",
    visible=_readable,
    read=lambda queryset: queryset.prefetch_related(prefetch_rows("members")),
)


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
    answer=lambda delegation, user: DELEGATIONS.as_dict(delegation, user, detail=True),
)
