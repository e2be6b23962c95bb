"""The articles' list, declared once: the page's table and sorting, the export and the API read it. The text
and the proposal are in the API's answer for one article only (a list reads them deferred)."""

from datetime import datetime

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from medcoop.core.listing import Col, RecordList, badge_column

from .models import Article


def _title_cell(a: Article) -> str:
    """The link names the article as it is known (its title, else its file or address: many have none)."""
    return format_html('<a href="{}">{}</a>', a.get_absolute_url(), a)


def _source_cell(a: Article) -> str:
    return format_html("{}: {}", a.get_source_display(), a.source_name) if a.source_name else a.get_source_display()


ARTICLES = RecordList(
    Article,
    [
        Col("title", _("title"), show=str, sort="title", page=True, html=_title_cell),
        Col("source", _("source"), show=lambda a: a.get_source_display(), page=True, html=_source_cell),
        Col("url", _("web address")),
        Col("published_on", _("published on"), page=True),
        badge_column("status", _("status")),
        Col("owner_id", type=int),
        Col("created_at", _("created at"), type=datetime, sort="created_at", sort_key="read", page=True, export=False),
        Col("text", detail=True),
        Col("extraction", type=dict, detail=True),
    ],
    default_sort="-read",
    page_order=("title", "source", "published_on", "created_at", "status"),
)
