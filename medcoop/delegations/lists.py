"""The delegations' list, declared once: the page's table and sorting, the export and the API read it."""

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from ninja import Schema

from medcoop.core.countries import country_name
from medcoop.core.listing import Col, RecordList, badge_column, related_rows, title_column

from . import services
from .models import Delegation


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


MEMBER_FIELDS = ("name", "position", "department", "nationality", "is_head", "practises", "permit_valid_until")
STEP_FIELDS = ("position", "level", "label", "decision", "comment", "decided_on", "due_on")


def _day(value) -> str:
    return date_format(value, "d/m/Y") if value else ""


def _money(name: str):
    """A cost for programs: a number (the API has always sent delegations' costs so)."""
    return lambda d: float(getattr(d, name)) if getattr(d, name) is not None else None


def _detail(name: str, value, type_) -> Col:
    return Col(name, api=value, type=type_, detail=True)


DELEGATIONS = RecordList(
    Delegation,
    [
        title_column("title", _("title")),
        Col("kind", _("kind"), show=lambda d: d.get_kind_display(), sort="kind", page=True),
        Col("purpose", _("purpose"), show=lambda d: d.get_purpose_display()),
        Col("owner_id", _("owning institution"), show=lambda d: d.owner, type=int),
        Col("country", _("country"), show=lambda d: country_name(d.country), page=True),
        Col("place", _("destination or host")),
        Col("partner_id", type=int),
        Col("agreement_id", type=int),
        Col("activity_id", type=int),
        Col(
            "start_on",
            _("from"),
            type=date,
            sort="start_on",
            sort_key="start",
            page=True,
            html=lambda d: f"{_day(d.start_on)} – {_day(d.end_on)}",
        ),
        Col("end_on", _("until"), type=date),
        Col(
            "in_plan", _("in the annual plan"), show=lambda d: _("Yes") if d.in_plan else _("No"), type=bool, page=True
        ),
        Col("funding", _("funding source"), show=lambda d: d.get_funding_display()),
        Col("estimated_cost", _("estimated cost"), api=_money("estimated_cost"), type=float),
        Col("actual_cost", _("actual cost"), api=_money("actual_cost"), type=float),
        Col("currency"),
        badge_column("status", _("status")),
        Col("decision_number", _("decision number")),
        Col("decision_on", type=date),
        Col("file_due_on", type=date),
        Col("decision_due_on", type=date),
        Col(
            "report_due_on",
            _("report due on"),
            type=date,
            sort="report_due_on",
            sort_key="report",
            page=True,
            html=lambda d: _day(d.report_due_on),
        ),
        Col("report_on", type=date),
        Col(
            "members",
            _("members"),
            show=lambda d: d.members.count(),
            api=lambda d: [{k: getattr(m, k) for k in MEMBER_FIELDS} for m in related_rows(d, "members")],
            type=list[MemberOut],
        ),
        _detail(
            "hosts", lambda d: [{k: getattr(h, k) for k in HostOut.model_fields} for h in d.host_people], list[HostOut]
        ),
        _detail("drafted_agreement_id", lambda d: d.drafted_agreement_id, int),
        _detail(
            "technique_ids",
            lambda d: list(d.technique_transfers.order_by("pk").values_list("pk", flat=True)),
            list[int],
        ),
        _detail("steps", lambda d: [{k: getattr(s, k) for k in STEP_FIELDS} for s in d.steps.all()], list[StepOut]),
        _detail("warnings", services.warnings, list[str]),
    ],
    default_sort="-start",
    page_order=("title", "kind", "start_on", "country", "in_plan", "status", "report_due_on"),
)
