"""Workbooks MedCoop hands out: the template of a sheet kind (its Vietnamese headers and a sheet of the codes
each coded column accepts) and a rejected sheet returned with an error column."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from medcoop.core.countries import country_choices
from medcoop.exports.tables import safe_row

from .importer import Plan
from .kinds import SheetKind

BOLD = Font(bold=True)
ERROR_FILL = PatternFill("solid", fgColor="FDECEA")


def _save(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def template(kind: SheetKind) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = str(kind.label)[:31]
    columns = kind.columns + (kind.extra_columns() if kind.extra_columns else [])
    sheet.append(safe_row(c.header for c in columns))
    for cell, column in zip(sheet[1], columns, strict=True):
        cell.font = BOLD
        sheet.column_dimensions[cell.column_letter].width = max(14, len(column.header) + 2)
    codes = book.create_sheet(_("Allowed codes")[:31])
    codes.append(safe_row([_("column"), _("code"), _("label")]))
    for header, choices in {**kind.codes, "Quốc gia": country_choices()}.items():
        for code, label in choices:
            codes.append(safe_row([header, code, str(label)]))
    return _save(book)


def rejected(plan: Plan) -> bytes:
    """The sheet as it came (read again as a stream), each row with an error listing what is wrong with it, by
    column."""
    book = Workbook()
    sheet = book.active
    sheet.append(safe_row([*plan.sheet.headers, _("Errors")]))
    sheet.cell(1, len(plan.sheet.headers) + 1).font = BOLD
    errors: dict[int, list[str]] = {}
    for number, header, text in plan.errors:
        errors.setdefault(number, []).append(f"{header}: {text}" if header else text)
    for number, values in plan.sheet.rows:
        message = "; ".join(errors.get(number, []))
        sheet.append(safe_row([*values, message]))
        if message:
            sheet.cell(sheet.max_row, len(plan.sheet.headers) + 1).fill = ERROR_FILL
    return _save(book)
