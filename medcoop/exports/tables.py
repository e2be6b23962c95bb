"""Lists exported as they are shown: the same filters, every page, labels rather than codes, in CSV (UTF-8
with BOM, so Excel opens Vietnamese right) or XLSX."""

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import capfirst

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class Column:
    label: str
    value: Callable


# A cell a spreadsheet would run as a formula (CSV/formula injection, OWASP): "=HYPERLINK(...)", "@SUM(...)",
# "-2+3+cmd|' /C calc'!A0". Text that is only a signed number ("-1.500", "+84 912 345 678") cannot call
# anything and is left as typed.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SIGNED_NUMBER = re.compile(r"[+-][\d\s.,]+")


def safe_cell(value):
    """What every CSV and XLSX cell MedCoop writes goes through: text that would start a formula gets a leading
    apostrophe, so it is shown, never run; numbers, dates and other text are unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _SIGNED_NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_row(values) -> list:
    return [safe_cell(v) for v in values]


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime):  # a moment: in the institution's time zone, with the time
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return local.strftime("%d/%m/%Y %H:%M")
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return value if isinstance(value, (int, float)) else str(value)


def table(rows, columns: list[Column]) -> list[list]:
    header = safe_row(capfirst(str(c.label)) for c in columns)
    return [header] + [safe_row(_cell(c.value(row)) for c in columns) for row in rows]


def xlsx_bytes(sheets: list[tuple[str, list[list]]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for title, data in sheets:
        sheet = book.create_sheet(title[:31])
        for row in data:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def attachment_response(content: bytes, content_type: str, filename: str) -> HttpResponse:
    """A file handed over under its name: lists, reports, letters, certificates."""
    response = HttpResponse(content, content_type=content_type)
    # RFC 6266's filename* carries a Vietnamese name ("hoạt động.xlsx") that every browser decodes.
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def export_response(rows, columns: list[Column], fmt: str, name: str) -> HttpResponse:
    data = table(rows, columns)
    if fmt == "csv":
        out = io.StringIO()
        out.write("\ufeff")
        csv.writer(out).writerows(data)
        return attachment_response(out.getvalue().encode("utf-8"), CSV, f"{name}.csv")
    return attachment_response(xlsx_bytes([(name, data)]), XLSX, f"{name}.xlsx")


def workbook_response(sheets: list[tuple[str, object, list[Column]]], name: str) -> HttpResponse:
    """Several tables, one sheet each (title, rows, columns), in one XLSX file."""
    return attachment_response(
        xlsx_bytes([(title, table(rows, columns)) for title, rows, columns in sheets]), XLSX, f"{name}.xlsx"
    )
