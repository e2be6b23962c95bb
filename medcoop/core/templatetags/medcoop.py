"""Template helpers for how MedCoop shows things: numbers with the reader's separators, countries by name,
and sortable column headers that keep the list's filters."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from medcoop.core.countries import country_name

register = template.Library()


@register.filter
def num(value):
    """13500000.00 → "13.500.000" in Vietnamese, "13,500,000" in English; 13.5 → "13,5"."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value)).normalize()
    except InvalidOperation:
        return value
    places = max(0, -number.as_tuple().exponent)
    return formats.number_format(number, decimal_pos=places, use_l10n=True, force_grouping=True)


@register.inclusion_tag("core/_record_table.html", takes_context=True)
def record_table(context, declaration: str, rows):
    """A list's table from its declaration (`core.listing.RecordList`, named by its dotted path): the page
    shows the columns the export and the API read from the same place. Sortable when the list page sorts."""
    columns = import_string(declaration).page_columns()
    shown = {"columns": columns, "body": table_body(columns, rows), "request": context.get("request")}
    if "sort" in context:
        shown["sort"] = context["sort"]
    return shown


def table_body(columns, rows) -> str:
    """The table's rows, written here rather than by a loop of template tags: 50 rows of 6 cells through the
    template engine cost more than the page's SQL. Each cell is `Col.cell` (escaped)."""
    opening = [format_html('<td class="{}">', column.css) if column.css else "<td>" for column in columns]
    return mark_safe(  # noqa: S308 - the cells are escaped by Col.cell, the classes by format_html
        "".join(
            "\n<tr>"
            + "".join(f"{td}{column.cell(row)}</td>" for td, column in zip(opening, columns, strict=True))
            + "</tr>\n"
            for row in rows
        )
    )


@register.filter
def country(code):
    return country_name(code)


@register.filter
def with_zone(moment):
    """A moment in the reader's time zone, saying which: "02/12/2026 15:00 (GMT+7)", so a partner abroad knows
    the time is their own."""
    if not moment:
        return ""
    local = timezone.localtime(moment)
    offset = int(local.utcoffset().total_seconds() // 60)
    hours, minutes = divmod(abs(offset), 60)
    zone = f"GMT{'+' if offset >= 0 else '-'}{hours}" + (f":{minutes:02d}" if minutes else "") if offset else "GMT"
    return f"{formats.date_format(local, 'SHORT_DATETIME_FORMAT')} ({zone})"


@register.simple_tag(takes_context=True)
def sort_header(context, key: str, label: str):
    """A column header linking to the list sorted by `key`, reversed when it is already sorted so."""
    if "sort" not in context:  # the same table shown on a detail page, not sortable there
        return label
    request = context["request"]
    current = context.get("sort", "")
    descending = current == key
    params = request.GET.copy()
    params["sort"] = f"-{key}" if descending else key
    params.pop("page", None)
    arrow = {key: " ▲", f"-{key}": " ▼"}.get(current, "")
    # aria-sort belongs to a column header, not a link: a screen reader hears the order in words instead
    state = {key: _("sorted ascending"), f"-{key}": _("sorted descending")}.get(current)
    spoken = format_html(' <span class="sr-only">({})</span>', state) if state else ""
    return format_html(
        '<a href="?{}">{}<span aria-hidden="true">{}</span>{}</a>', params.urlencode(), label, arrow, spoken
    )
