"""The cases' list, declared once: the page's table and sorting, the export and the API read it. What is
clinical stays where it was: the export carries the question to the experts, as the page shows it; the
history, the findings and the treatment only the API's answer (to those who take part), the opinions only the
answer for one case."""

from datetime import date, datetime

from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from ninja import Schema

from medcoop.core.listing import Col, RecordList, badge_column, specialty_column
from medcoop.core.locking import version_of
from medcoop.core.templatetags.medcoop import with_zone

from .models import ConsultationCase, Session


class OpinionOut(Schema):
    id: int
    expert_id: int
    version: int
    corrects_id: int | None = None
    text: str
    submitted_at: datetime | None = None


def _case_cell(c: ConsultationCase) -> str:
    """The link to the case, marked when its answer is urgent."""
    link = format_html('<a href="{}">{}</a>', c.get_absolute_url(), c)
    if c.urgency != "urgent":
        return link
    return format_html('{} <span class="badge overdue">{}</span>', link, c.get_urgency_display())


def _opinions(c: ConsultationCase) -> list[dict]:
    return [
        {
            "id": o.pk,
            "expert_id": o.expert_id,
            "version": o.version,
            "corrects_id": o.corrects_id,
            "text": o.text,
            "submitted_at": o.submitted_at,
        }
        for o in c.opinions.all()
    ]


CASES = RecordList(
    ConsultationCase,
    [
        Col("version", api=version_of),
        Col("reference", _("case"), show=str, api=str, page=True, html=_case_cell),
        specialty_column(sortable=False),
        Col("urgency", _("urgency"), show=lambda c: c.get_urgency_display()),
        Col("owner_id", _("requesting institution"), show=lambda c: c.owner, type=int, page=True),
        Col(
            "question",
            _("question to the experts"),
            page=True,
            html=lambda c: Truncator(c.question).words(14, truncate=" …"),
        ),
        Col("due_on", _("answer wanted by"), type=date, sort="due_on", sort_key="due", page=True),
        badge_column("status", _("status")),
        Col("partners", api=lambda c: [p.pk for p in c.partners.all()], type=list[int]),
        Col("agreement_id", type=int),
        Col("age_band"),
        Col("sex"),
        Col("history"),
        Col("findings"),
        Col("current_treatment"),
        Col("translation_language"),
        Col("question_translated"),
        Col("summary_translated"),
        Col("translation_checked_by", api=lambda c: c.translation_checked_by_id, type=int),
        Col("submitted_at", type=datetime),
        Col("first_opinion_at", type=datetime),
        Col("outcome"),
        Col("opinions", api=_opinions, type=list[OpinionOut], detail=True),
    ],
    default_sort="-created",
    extra_sorts={"created": "created_at"},
    page_order=("reference", "specialty", "question", "owner_id", "due_on", "status"),
)


def _session_cell(s: Session) -> str:
    """The link to the session, marked when it was cancelled."""
    link = format_html('<a href="{}">{}</a>', s.get_absolute_url(), s)
    if not s.cancelled_at:
        return link
    return format_html('{} <span class="badge cancelled">{}</span>', link, _("Cancelled"))


# The sessions' list: a page and an export (no API list); the time on the page carries its zone.
SESSIONS = RecordList(
    Session,
    [
        Col("title", _("title"), show=str, sort="title", page=True, html=_session_cell),
        Col(
            "starts_at",
            _("starts at"),
            type=datetime,
            sort="starts_at",
            sort_key="starts",
            page=True,
            html=lambda s: with_zone(s.starts_at),
        ),
        Col("owner_id", _("organising institution"), show=lambda s: s.owner, type=int, page=True),
    ],
    default_sort="-starts",
)
