"""Rows out of an uploaded sheet (XLSX or CSV), checked before any is read: the expected sheet and columns,
no merged cells, no formulas, a size MedCoop can take in one go."""

import csv
import io
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

from medcoop.articles.reading import ReadError, decode
from medcoop.core.files import UnsafeArchive, check_office_zip
from medcoop.core.text import fold, nfc

MAX_ROWS = 200_000


class SheetError(ValueError):
    """The whole file is refused, with a message for the user."""


@dataclass
class Sheet:
    headers: list[str]
    rows: list[tuple[int, list]]  # (row number as the user sees it, cell values)


def header_key(text) -> str:
    return fold(str(text or "")).strip()


def read_sheet(data: bytes, filename: str) -> Sheet:
    if not data:
        raise SheetError(_("The file is empty."))
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data)
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise SheetError(_("This is not an Excel workbook."))
    return _read_csv(data)


def _read_xlsx(data: bytes) -> Sheet:
    """Read-only, streaming: 100,000 rows load in seconds. Merged cells are found in the sheet's XML, which
    the streaming reader does not expose."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        check_office_zip(data)
    except UnsafeArchive as error:
        raise SheetError(str(error)) from error
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (InvalidFileException, KeyError, ValueError, OSError, zipfile.BadZipFile) as error:
        raise SheetError(_("This is not an Excel workbook.")) from error
    try:
        merged = _merged_ranges(data)
    except (KeyError, SyntaxError, ValueError) as error:  # ParseError and defusedxml's refusals among them
        raise SheetError(_("This workbook's XML is malformed; it is refused.")) from error
    if merged:
        raise SheetError(
            _("The sheet has merged cells (%(cells)s): unmerge them first.") % {"cells": ", ".join(merged[:3])}
        )
    sheet = book.worksheets[0]
    if sheet.max_row and sheet.max_row > MAX_ROWS + 1:
        raise SheetError(
            _("The sheet has %(rows)s rows; import at most %(limit)s at a time.")
            % {"rows": sheet.max_row - 1, "limit": MAX_ROWS}
        )
    rows = []
    for number, row in enumerate(sheet.iter_rows(), 1):
        if number > MAX_ROWS + 1:
            raise SheetError(
                _("The sheet has %(rows)s rows; import at most %(limit)s at a time.")
                % {"rows": sheet.max_row - 1 if sheet.max_row else f">{MAX_ROWS}", "limit": MAX_ROWS}
            )
        formulas = [cell.coordinate for cell in row if getattr(cell, "data_type", None) == "f"]
        if formulas:
            raise SheetError(_("Cell %(cell)s holds a formula: paste values only.") % {"cell": formulas[0]})
        rows.append((number, [cell.value for cell in row]))
    book.close()
    return _split(rows)


MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIPS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PACKAGE_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _merged_ranges(data: bytes) -> list[str]:
    """The merged ranges of the workbook's first sheet (the one the importer reads), from its XML parsed with
    defusedxml as a stream: the sheet's rows are never held, only its `<mergeCell ref=…>` elements."""
    from defusedxml.ElementTree import iterparse, parse

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = parse(archive.open("xl/workbook.xml")).getroot().find(f"{MAIN}sheets")
        first = sheets[0].get(f"{RELATIONSHIPS}id") if sheets is not None and len(sheets) else None
        targets = {
            rel.get("Id"): rel.get("Target", "")
            for rel in parse(archive.open("xl/_rels/workbook.xml.rels"))
            .getroot()
            .iter(f"{PACKAGE_RELATIONSHIPS}Relationship")
        }
        target = targets.get(first, "")
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        if path not in archive.namelist():
            return []
        merged = []
        with archive.open(path) as part:
            for _event, element in iterparse(part, events=("end",), forbid_dtd=True):
                if element.tag == f"{MAIN}mergeCell":
                    merged.append(element.get("ref", ""))
                elif element.tag == f"{MAIN}row":
                    element.clear()  # a streamed sheet: rows already read are dropped
    return merged


def _read_csv(data: bytes) -> Sheet:
    try:
        text = nfc(decode(data))
    except ReadError as error:
        raise SheetError(str(error)) from error
    lines = text.splitlines()
    if len(lines) > MAX_ROWS + 1:
        raise SheetError(
            _("The sheet has %(rows)s rows; import at most %(limit)s at a time.")
            % {"rows": len(lines) - 1, "limit": MAX_ROWS}
        )
    return _split(list(enumerate(csv.reader(lines, _dialect(lines[0] if lines else "")), 1)))


def _dialect(header: str):
    """Comma, semicolon (Excel in a Vietnamese locale) or tab, as the header row shows; comma when it cannot
    tell (a one-column sheet)."""
    try:
        return csv.Sniffer().sniff(header, delimiters=",;\t")
    except csv.Error:
        return csv.excel


def _split(rows: list[tuple[int, list]]) -> Sheet:
    rows = [(n, values) for n, values in rows if any(v not in (None, "") for v in values)]
    if not rows:
        raise SheetError(_("The sheet has no rows."))
    headers, body = rows[0][1], rows[1:]
    return Sheet([str(h or "").strip() for h in headers], body)
