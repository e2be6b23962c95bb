"""The consents' and the transfers' lists, declared once: the page's table and sorting, the export (and the
register's sheets) and the API read them. Neither holds clinical text: the case is named by its reference."""

from datetime import date, datetime

from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from medcoop.core.listing import Col, RecordList
from medcoop.core.templatetags.medcoop import num, with_zone

from .models import Consent, Transfer


def _case_cell(row) -> str:
    return format_html('<a href="{}">{}</a>', row.case.get_absolute_url(), row.case)


def _withdrawn_cell(c: Consent) -> str:
    if c.withdrawn_on:
        return format_html('<span class="badge cancelled">{}</span>', date_format(c.withdrawn_on, "SHORT_DATE_FORMAT"))
    return format_html('<span class="badge active">{}</span>', gettext("In force"))


def _consent_cell(t: Transfer) -> str:
    """The consent the case went under, marked when it was withdrawn since."""
    if not t.consent.withdrawn_on:
        return str(t.consent)
    withdrawn = date_format(t.consent.withdrawn_on, "SHORT_DATE_FORMAT")
    return format_html('{} <span class="badge cancelled">{} {}</span>', t.consent, gettext("Withdrawn"), withdrawn)


def _data_sent(t: Transfer) -> str:
    return _("De-identified case summary and %(files)s de-identified files") % {"files": t.files}


# the case a consent or a transfer is of: its reference, linking to its page
CASE = Col(
    "case_id",
    _("case"),
    show=lambda row: row.case,
    type=int,
    sort="case_id",
    sort_key="case",
    page=True,
    html=_case_cell,
)

CONSENTS = RecordList(
    Consent,
    [
        Col("reference", _("consent"), show=str, api=str, page=True),
        CASE,
        Col("purpose", _("purpose"), show=lambda c: c.get_purpose_display(), page=True),
        Col("countries", _("countries the data may go to"), show=lambda c: c.country_names, type=list[str], page=True),
        Col("given_by", _("given by"), show=lambda c: c.get_given_by_display()),
        Col("method", _("form of consent"), show=lambda c: c.get_method_display()),
        Col("given_on", _("given on"), type=date, sort="given_on", sort_key="given", page=True),
        Col("form_reference", _("form number")),
        Col(
            "withdrawn_on",
            _("withdrawn on"),
            type=date,
            sort="withdrawn_on",
            sort_key="withdrawn",
            page=True,
            html=_withdrawn_cell,
        ),
        Col("withdrawal_reason", _("reason for withdrawal")),
    ],
    default_sort="-given",
)

TRANSFERS = RecordList(
    Transfer,
    [
        Col(
            "sent_at",
            _("sent at"),
            type=datetime,
            sort="sent_at",
            sort_key="sent",
            page=True,
            html=lambda t: with_zone(t.sent_at),
        ),
        CASE,
        Col("recipient_id", _("recipient"), show=lambda t: t.recipient, type=int, page=True),
        Col("country", _("country"), show=lambda t: t.country_name, sort="country", page=True),
        Col("purpose", _("purpose"), show=lambda t: t.consent.get_purpose_display(), api=False),
        Col("consent_id", _("consent"), show=lambda t: t.consent, type=int, page=True, html=_consent_cell),
        Col("files", _("attachments"), api=False, export=False, page=True, html=lambda t: num(t.files)),
        Col("data_sent", _("data sent"), show=_data_sent, api=False),
        Col("sent_by", _("sent by"), show=lambda t: t.sent_by.display_name, api=False),
    ],
    default_sort="-sent",
)
