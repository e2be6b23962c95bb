"""Rows out of an uploaded sheet (XLSX or CSV), checked before any is read: the expected sheet and columns,
no merged cells, no formulas, a size MedCoop can take in one go."""

import csv
import io
import zipfile
from collections.abc import Callable, Iterator

from django.utils.translation import gettext as _

from medcoop.articles.reading import ReadError, decode
from medcoop.core.files import UnsafeArchive, check_office_zip
from medcoop.core.text import fold, nfc

MAX_ROWS = 200_000


class SheetError(ValueError):
    """The whole file is refused, with a message for the user."""


class Sheet:
    """A sheet's header row and its rows as a stream: each pass over `rows` reads the file again, one row at a
    time, so 100,000 rows are never held at once. (row number as the user sees it, cell values), blank rows
    left out. `size` is how many rows it has, as far as the file tells before it is read (for a progress bar)."""

    def __init__(self, headers: list[str], read: Callable[[], Iterator[tuple[int, list]]], size: int | None):
        self.headers, self._read, self.size = headers, read, size

    @property
    def rows(self) -> Iterator[tuple[int, list]]:
        return self._read()


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


def _too_many(rows) -> SheetError:
    return SheetError(
        _("The sheet has %(rows)s rows; import at most %(limit)s at a time.") % {"rows": rows, "limit": MAX_ROWS}
    )


def _read_xlsx(data: bytes) -> Sheet:
    """Read-only, streaming: the workbook's rows are parsed as they are asked for. Merged cells are found in
    the sheet's XML, which the streaming reader does not expose."""
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
        raise _too_many(sheet.max_row - 1)

    def rows():
        try:
            for number, row in enumerate(sheet.iter_rows(), 1):
                if number > MAX_ROWS + 1:
                    raise _too_many(f">{MAX_ROWS}")
                formulas = [cell.coordinate for cell in row if getattr(cell, "data_type", None) == "f"]
                if formulas:
                    raise SheetError(_("Cell %(cell)s holds a formula: paste values only.") % {"cell": formulas[0]})
                yield number, [cell.value for cell in row]
        except (KeyError, SyntaxError, ValueError, zipfile.BadZipFile) as error:
            if isinstance(error, SheetError):
                raise
            raise SheetError(_("This workbook's XML is malformed; it is refused.")) from error

    return _split(rows, sheet.max_row - 1 if sheet.max_row else None)


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
    """The text is decoded once (a CSV of 100,000 rows is a few MB); its rows are parsed on each pass."""
    try:
        text = nfc(decode(data))
    except ReadError as error:
        raise SheetError(str(error)) from error
    lines = text.count("\n") + (not text.endswith("\n"))
    if lines > MAX_ROWS + 1:
        raise _too_many(lines - 1)
    dialect = _dialect(text[: text.find("\n")] if "\n" in text else text)

    def rows():
        try:
            yield from enumerate(csv.reader(io.StringIO(text, newline=""), dialect), 1)
        except csv.Error as error:
            raise SheetError(_("This CSV file cannot be read.")) from error

    return _split(rows, lines - 1)


def _dialect(header: str):
    """Comma, semicolon (Excel in a Vietnamese locale) or tab, as the header row shows; comma when it cannot
    tell (a one-column sheet)."""
    try:
        return csv.Sniffer().sniff(header, delimiters=",;\t")
    except csv.Error:
        return csv.excel


def _split(read: Callable[[], Iterator[tuple[int, list]]], size: int | None) -> Sheet:
    """The first filled row is the header; the rows after it, blank ones left out, are read on each pass."""

    def filled():
        return ((n, values) for n, values in read() if any(v not in (None, "") for v in values))

    first = next(filled(), None)
    if first is None:
        raise SheetError(_("The sheet has no rows."))

    def body():
        rows = filled()
        next(rows, None)
        return rows

    return Sheet([str(h or "").strip() for h in first[1]], body, size)
