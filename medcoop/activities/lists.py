"""The activities' list, declared once: the page's table and sorting, the export and the API read it."""

from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from ninja import Schema

from medcoop.core.countries import country_name
from medcoop.core.dates import Precision
from medcoop.core.listing import (
    Col,
    RecordList,
    badge,
    badge_column,
    related_rows,
    specialty_column,
    title_column,
)
from medcoop.core.locking import version_of
from medcoop.core.templatetags.medcoop import num
from medcoop.core.values import decimal_string

from . import services
from .models import Activity, TechnologyTransfer, TrainingCohort, TrainingCourse


class FigureIO(Schema):
    """A figure; its value is a decimal string ("13500000.00"), exact, never a float."""

    id: int | None = None
    metric: str
    value: Decimal
    currency: str | None = None
    period_start: date | None = None
    period_end: date | None = None
    note: str | None = None


class PartnerIO(Schema):
    id: int | None = None
    organization: int
    role: str = "participant"


def _figures(a: Activity) -> list[dict]:
    return [
        {
            "id": f.pk,
            "metric": f.metric_id,
            "value": decimal_string(f.value),
            "currency": f.currency or None,
            "period_start": f.period_start,
            "period_end": f.period_end,
            "note": f.note or None,
        }
        for f in related_rows(a, "figures")
    ]


def _partner_names(a: Activity) -> str:
    """The list page's query joins the names (`partner_names`, views.ActivityListView); an export reads them
    from the prefetched partners."""
    if hasattr(a, "partner_names"):
        return a.partner_names or ""
    return "; ".join(str(p.organization) for p in related_rows(a, "partners"))


def _place(a: Activity) -> str:
    where = country_name(a.country) if a.country else ""
    return ", ".join(part for part in (a.place, where) if part)


ACTIVITIES = RecordList(
    Activity,
    [
        Col("sheet_key", _("activity code"), api=False),
        title_column("title", _("title")),
        Col("aliases", type=list[str]),  # other titles: the API's (search and the duplicate check read them too)
        Col("kind", _("kind"), show=lambda a: a.kind, api=lambda a: a.kind_id, sort="kind__position", page=True),
        Col("owner_id", _("owning institution"), show=lambda a: a.owner, type=int),
        Col("agreement_id", type=int),
        # the page and the export write a partial date as people do ("10/2017"); programs read the ISO date of
        # its first day and how much of it is known ("2017-10-01", "month")
        Col(
            "start",
            _("start"),
            api=lambda a: a.start_on,
            type=date,
            sort="start_on",
            page=True,
            html=lambda a: f"{a.start or ''} – {a.end}" if a.end else str(a.start or ""),
        ),
        Col("start_precision", api=lambda a: a.start_precision if a.start_on else None, type=Precision),
        Col("end", _("end"), api=lambda a: a.end_on, type=date),
        Col("end_precision", api=lambda a: a.end_precision if a.end_on else None, type=Precision),
        badge_column("status", _("status")),
        Col("direction", _("direction"), show=lambda a: a.get_direction_display()),
        Col("place", _("place"), page=True, html=_place),
        Col("country", _("country where it takes place"), show=lambda a: country_name(a.country) if a.country else ""),
        Col(
            "partners",
            _("Partners"),
            show=_partner_names,
            api=lambda a: [
                {"id": p.pk, "organization": p.organization_id, "role": p.role} for p in related_rows(a, "partners")
            ],
            type=list[PartnerIO],
            page=True,
        ),
        Col(
            "agreement_reference",
            _("agreement reference number"),
            show=lambda a: a.agreement.reference if a.agreement else "",
            api=False,
        ),
        Col("provenance"),
        Col("figures", api=_figures, type=list[FigureIO]),
        Col("updated_at", api=lambda a: a.updated_at.date(), type=date),
        Col("version", api=version_of),
    ],
    default_sort="-start",
    page_order=("title", "kind", "start", "partners", "place", "status"),
)


def _stage_cell(t: TechnologyTransfer) -> str:
    stage = badge("stage")(t)
    if t.stopped_on:
        return format_html("{} · {}", stage, _("stopped"))
    if t.overdue_milestones(timezone.localdate()):  # the template's call without a day never showed it
        return format_html('{} <span class="badge overdue">{}</span>', stage, _("milestone overdue"))
    return stage


def _milestone(name: str, label, **page) -> Col:
    """A milestone reached: exported, in the API, and (mastered) on the page as a day."""
    return Col(
        name,
        label,
        type=date,
        html=lambda t: date_format(getattr(t, name), "d/m/Y") if getattr(t, name) else "",
        **page,
    )


TRANSFERS = RecordList(
    TechnologyTransfer,
    [
        title_column("technique", _("technique")),
        specialty_column(),
        Col("source_id", _("transferred by"), show=lambda t: t.source or "", type=int, page=True),
        Col("owner_id", _("owning institution"), show=lambda t: t.owner, type=int),
        Col("stage", _("stage"), show=lambda t: t.get_stage_display(), page=True, html=_stage_cell),
        Col("agreement_id", type=int),
        Col("activity_id", type=int),
        Col("delegation_id", type=int),
        *[Col(planned, type=date) for planned in TechnologyTransfer.PLANNED.values()],
        _milestone("taught_on", _("taught on")),
        _milestone("first_supervised_on", _("first supervised case on")),
        _milestone("first_independent_on", _("first independent case on")),
        _milestone("mastered_on", _("mastered on"), sort="mastered_on", sort_key="mastered", page=True),
        Col(
            "independent_cases",
            _("independent cases done"),
            type=int,
            page=True,
            html=lambda t: num(t.independent_cases),
            css="num",
        ),
        Col("stopped_on", type=date),
        Col("actions", api=lambda t, user: services.allowed_actions(user, t), user=True, type=list[str]),
        Col("version", api=version_of),
    ],
    default_sort="technique",
)


def _fee_cell(c: TrainingCourse) -> str:
    return str(_("free of charge")) if c.is_free else f"{num(c.fee)} {c.fee_currency}"


COURSES = RecordList(
    TrainingCourse,
    [
        title_column("name", _("name")),
        specialty_column(),
        Col(
            "length_days",
            _("length (days)"),
            type=int,
            sort="length_days",
            sort_key="length",
            page=True,
            html=lambda c: "" if c.length_days is None else num(c.length_days),
            css="num",
        ),
        Col("is_free", _("free of charge"), show=lambda c: _("Yes") if c.is_free else _("No"), type=bool),
        Col("fee", _("fee"), type=Decimal, page=True, html=_fee_cell),
        Col("fee_currency", _("fee currency"), api=lambda c: c.fee_currency or None),
        Col("language", _("language of teaching"), page=True),
        Col("owner_id", _("owning institution"), show=lambda c: c.owner, type=int),
        Col("version", api=version_of),
    ],
    default_sort="name",
)


def _trainees(cohort: TrainingCohort) -> list[dict]:
    """A cohort's trainees; the certificate's date only once it is issued, its code never (the certificate
    carries it)."""
    return [
        {
            "id": t.pk,
            "name": t.name,
            "is_staff": t.is_staff,
            "country": t.country or None,
            "institution": t.institution_id,
            "institution_name": t.institution_name or None,
            "completed": t.completed,
            "result": t.result or None,
            "certified_on": t.certificate_on if t.verification_code else None,
        }
        for t in cohort.trainees.all()
    ]


class TraineeIO(Schema):
    id: int | None = None
    name: str
    is_staff: bool = False
    country: str | None = None
    institution: int | None = None
    institution_name: str | None = None
    completed: bool = False
    result: str | None = None
    certified_on: date | None = None


# The cohorts have no list page of their own (a course's and an activity's pages show theirs): the API's fields
COHORTS = RecordList(
    TrainingCohort,
    [
        Col("activity_id", type=int),
        Col("course_id", type=int),
        Col("name"),
        Col("starts_on", type=date),
        Col("ends_on", type=date),
        Col("place"),
        Col("trainers"),
        Col("trainees", api=_trainees, type=list[TraineeIO]),
        Col("version", api=version_of),
    ],
)
