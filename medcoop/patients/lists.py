"""The patient episodes' list, declared once: the page's table and sorting, the export and the API read it.
Never the identity: only the pseudonymous code and clinical facts are columns, so none of the three can show
it."""

from datetime import date, datetime

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from medcoop.core.countries import country_name
from medcoop.core.listing import Col, RecordList, badge_column, specialty_column, title_column
from medcoop.core.locking import version_of

from .models import PatientEpisode


def _diagnosis_cell(e: PatientEpisode) -> str:
    return format_html('<span title="{}">{}</span>', e.diagnosis_title, e.diagnosis)


EPISODES = RecordList(
    PatientEpisode,
    [
        title_column("code", _("pseudonymous code")),
        Col("owner_id", type=int),
        Col("nationality", _("nationality"), show=lambda e: country_name(e.nationality), sort="nationality", page=True),
        Col("home_region", _("home province or region")),
        Col("referring_institution_id", type=int),
        Col("receiving_department", _("receiving department")),
        specialty_column(sortable=False),
        Col("diagnosis", _("diagnosis (ICD-10)"), page=True, html=_diagnosis_cell),
        Col("admitted_on", _("admitted on"), type=date, sort="admitted_on", sort_key="admitted", page=True),
        Col("discharged_on", _("discharged on"), type=date),
        Col("outcome"),
        Col("payer", _("payer"), show=lambda e: e.get_payer_display(), page=True),
        Col("agreement_id", type=int),
        # the sheet import's consent column, so an exported list imports back onto the same episodes
        Col(
            "consent_to_share",
            _("consent to share"),
            show=lambda e: _("yes") if e.consent_to_share else _("no"),
            type=bool,
        ),
        badge_column("status", _("status")),
        Col("updated_at", type=datetime),
        Col("version", api=version_of),
    ],
    default_sort="-admitted",
    page_order=("code", "nationality", "specialty", "diagnosis", "payer", "admitted_on", "status"),
)
