"""The text a partner would read in an attached document — each PDF page, the body, tables, headers and footers
of a DOCX, the cells of an XLSX — screened for identifiers before the file is shared.

Cleaning a file's metadata (deidentify.py) leaves its pages as they are: a discharge letter carries the
patient's name in its first line. Such a file is held back, like a DICOM image with burned-in text, until a
person of the requesting side checks it; so is a PDF with no text layer (a scan), whose words no offline
reader here can see. The reason kept on the attachment names kinds and pages, never what was found."""

import io

from django.utils.translation import gettext as _

from medcoop.consultations.identifiers import REASONS, scan

from .models import AttachmentKind

MAX_TEXT = 2_000_000  # characters read from one file: past this, the rest is not screened and the file is held


def document_parts(kind: str, data: bytes) -> list[tuple[int, str]]:
    """(page or part number from 1, its text) of a PDF, DOCX or XLSX; [] for other kinds."""
    reader = {AttachmentKind.PDF: _pdf_pages, AttachmentKind.DOCX: _docx_parts, AttachmentKind.XLSX: _xlsx_sheets}
    return reader[kind](data) if kind in reader else []


def _pdf_pages(data: bytes) -> list[tuple[int, str]]:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        pages = PdfReader(io.BytesIO(data)).pages
        return [(number, page.extract_text() or "") for number, page in enumerate(pages, 1)]
    except (PyPdfError, ValueError, KeyError, TypeError, RecursionError):
        return [(1, "")]  # unreadable text: held as a scan would be


def _docx_parts(data: bytes) -> list[tuple[int, str]]:
    import docx

    document = docx.Document(io.BytesIO(data))
    body = [p.text for p in document.paragraphs]
    body += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    margins = [
        p.text for section in document.sections for part in (section.header, section.footer) for p in part.paragraphs
    ]
    return [(1, "\n".join(margins + body))]


def _xlsx_sheets(data: bytes) -> list[tuple[int, str]]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    sheets = []
    for number, sheet in enumerate(book.worksheets, 1):
        values = (str(value) for row in sheet.iter_rows(values_only=True) for value in row if value is not None)
        sheets.append((number, "\n".join(values)))
    book.close()
    return sheets


def document_findings(parts: list[tuple[int, str]], age_band: str = "") -> list[tuple[int, str, list]]:
    """(part number, its text, its findings) for each part where the screening found something."""
    return [(number, text, found) for number, text in parts if (found := scan(text[:MAX_TEXT], age_band=age_band))]


def held_reason(kind: str, data: bytes, age_band: str = "") -> str:
    """Why a person must read the document before a partner does, or "" when its text shows nothing."""
    parts = document_parts(kind, data)
    if not parts:
        return ""
    if kind == AttachmentKind.PDF and not any(text.strip() for _number, text in parts):
        return _("This PDF has no text to check (a scan?): read it before the partners do.")
    if sum(len(text) for _number, text in parts) > MAX_TEXT:
        return _("This document is too long to be checked whole: read it before the partners do.")
    found = document_findings(parts, age_band)
    if not found:
        return ""
    kinds = sorted({str(REASONS[f.kind]) for _number, _text, findings in found for f in findings})
    where = ", ".join(str(number) for number, _text, _findings in found[:10])
    return _("The document's text may identify the patient (%(kinds)s; page or sheet %(where)s).") % {
        "kinds": "; ".join(kinds),
        "where": where,
    }
