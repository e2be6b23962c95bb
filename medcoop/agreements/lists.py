"""The agreements' list, declared once: the page's table and sorting, the export and the API read it."""

from datetime import date

from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from ninja import Schema

from medcoop.core.listing import Col, RecordList, related_rows

from .models import Agreement


class CommitmentOut(Schema):
    party_id: int
    description: str
    due_on: date | None = None
    status: str
    overdue: bool


def _title_cell(a: Agreement) -> str:
    reference = format_html('<br><small class="muted">{}</small>', a.reference) if a.reference else ""
    return format_html('<a href="{}">{}</a>{}', a.get_absolute_url(), a.title, reference)


def _parties(a: Agreement) -> str:
    return "; ".join(str(p.organization) for p in a.parties.all())


def _commitments(a: Agreement) -> list[dict]:
    return [
        {
            "party_id": c.party_id,
            "description": c.description,
            "due_on": c.due_on,
            "status": c.status,
            "overdue": c.is_overdue,
        }
        for c in related_rows(a, "commitments")
    ]


AGREEMENTS = RecordList(
    Agreement,
    [
        Col("title", _("title"), sort="title", page=True, html=_title_cell),
        Col("kind", _("kind"), show=lambda a: a.get_kind_display(), sort="kind", page=True),
        Col("level", _("level"), show=lambda a: a.get_level_display(), api=False),
        Col("reference", _("reference number")),
        Col("owner_id", _("owning institution"), show=lambda a: a.owner, type=int),
        Col(
            "parties",
            _("Parties"),
            show=_parties,
            api=lambda a: [p.organization_id for p in related_rows(a, "parties")],
            type=list[int],
            page=True,
        ),
        Col("signed_on", _("signed on"), type=date, sort="signed_on", sort_key="signed", page=True),
        Col("duration_months", _("duration (months)"), api=False),
        Col("expires_on", _("expires on"), type=date, sort="expires_on", sort_key="expires", page=True),
        Col(
            "status",
            _("status"),
            show=lambda a: a.get_status_display(),
            sort="derived_status",
            page=True,
            html=lambda a: render_to_string("agreements/_status.html", {"agreement": a}),
        ),
        Col("dormant", type=bool),
        Col("commitments", api=_commitments, type=list[CommitmentOut]),
    ],
    default_sort="-signed",
)
