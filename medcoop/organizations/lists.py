"""The organizations' list, declared once: the page's table and sorting, the export and the API read it."""

from datetime import datetime

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from medcoop.core.listing import Col, RecordList
from medcoop.core.locking import version_of

from .models import Organization


def _name_cell(o: Organization) -> str:
    member = format_html(' <span class="badge">{}</span>', _("member")) if o.is_member else ""
    english = format_html('<br><small class="muted">{}</small>', o.name_en) if o.name_en else ""
    return format_html('<a href="{}">{}</a>{}{}', o.get_absolute_url(), o.name, member, english)


ORGANIZATIONS = RecordList(
    Organization,
    [
        Col("name", _("name"), sort="name", page=True, html=_name_cell),
        Col("name_en", _("English name")),
        Col("kind", _("kind"), show=lambda o: o.get_kind_display(), sort="kind", page=True),
        Col("country", _("country"), show=lambda o: o.country_name, sort="country", page=True),
        Col("aliases", _("aliases"), show=lambda o: "; ".join(o.aliases), type=list[str]),
        Col("province", _("province / city"), show=lambda o: o.province_name, api=False),
        Col("city", _("city"), page=True, html=lambda o: o.city or o.province_name),
        Col("is_member", _("member institution"), show=lambda o: _("yes") if o.is_member else "", type=bool),
        Col(
            "owner_id",
            _("owning institution"),
            show=lambda o: o.owner,
            type=int,
            page=True,
            html=lambda o: (o.owner.code or str(o.owner)) if o.owner else "",
        ),
        Col("website", _("website")),
        Col("ror_id", _("ROR ID")),
        Col("iati_org_id", _("IATI organisation identifier")),
        Col("moh_facility_code", _("Ministry of Health facility code")),
        Col("tax_code", _("tax code")),
        Col(
            "updated_at", _("updated at"), type=datetime, sort="updated_at", sort_key="updated", page=True, export=False
        ),
        Col("version", api=version_of),
    ],
    default_sort="name",
)
