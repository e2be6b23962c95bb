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

from . import xlsx

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
    """Streamed (xlsx.Workbook): the rows are parsed as they are asked for. A formula or merged cells refuse
    the sheet when the stream reaches them (merged ranges are listed after the rows), so an import checking
    or writing it as it reads stops and rolls back."""
    try:
        check_office_zip(data)
    except UnsafeArchive as error:
        raise SheetError(str(error)) from error
    try:
        book = xlsx.Workbook(data)
        size = book.size()
    except (KeyError, IndexError, OSError, zipfile.BadZipFile) as error:
        raise SheetError(_("This is not an Excel workbook.")) from error
    except (SyntaxError, ValueError) as error:  # lxml's XMLSyntaxError among them
        raise SheetError(_("This workbook's XML is malformed; it is refused.")) from error
    rows = size - 1 if size else None
    if rows and rows > MAX_ROWS:
        raise _too_many(rows)

    def read():
        try:
            for number, values in book.rows():
                if number > MAX_ROWS + 1:
                    raise _too_many(rows or f">{MAX_ROWS}")
                yield number, values
        except xlsx.Formula as formula:
            raise SheetError(
                _("Cell %(cell)s holds a formula: paste values only.") % {"cell": formula.args[0]}
            ) from None
        except xlsx.Merged as merged:
            cells = ", ".join(merged.args[0][:3])
            raise SheetError(
                _("The sheet has merged cells (%(cells)s): unmerge them first.") % {"cells": cells}
            ) from None
        except (KeyError, IndexError, OverflowError, zipfile.BadZipFile) as error:
            raise SheetError(_("This is not an Excel workbook.")) from error
        except (SyntaxError, ValueError) as error:
            if isinstance(error, SheetError):
                raise
            raise SheetError(_("This workbook's XML is malformed; it is refused.")) from error

    return _split(read, rows)


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

    headers = [str(h or "").strip() for h in first[1]]
    return Sheet(headers, lambda: ((n, _padded(values, len(headers))) for n, values in body()), size)


def _padded(values: list, width: int) -> list:
    """A row as wide as the header row, so a cell's position is its column's."""
    return values + [None] * (width - len(values)) if len(values) < width else values
