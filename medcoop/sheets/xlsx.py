"""The first sheet of an XLSX workbook as a stream of rows, read straight from its XML with lxml's iterparse
(entities never resolved, no DTD or network; check_office_zip has refused any part declaring entities).
openpyxl's read-only mode spends about four times as long per cell, and scans a sheet written without its
dimension once more just to size it; defusedxml's pure-Python parser takes twice as long as lxml. Values come
out as openpyxl gives them (numbers as int or float, dates by their cell's number format as datetimes, shared
and inline strings, booleans); a formula or a merged cell refuses the sheet. The workbook's parts are read
from the bytes on each pass; only the shared strings are held."""

import io
import zipfile
from collections.abc import Iterator
from functools import cache

from lxml import etree
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel, from_ISO8601

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIPS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PACKAGE_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
ROW, CELL, VALUE, FORMULA, INLINE = f"{MAIN}row", f"{MAIN}c", f"{MAIN}v", f"{MAIN}f", f"{MAIN}is"
TEXT, RUN, MERGE, DIMENSION = f"{MAIN}t", f"{MAIN}r", f"{MAIN}mergeCell", f"{MAIN}dimension"
DIGITS = "0123456789"
SAFE = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}


def iterparse(part, events: tuple, tag=None):
    return etree.iterparse(part, events=events, tag=tag, **SAFE)


def parse(part):
    return etree.parse(part, etree.XMLParser(**SAFE))


class Formula(Exception):
    """A cell holds a formula (its coordinate in args[0])."""


class Merged(Exception):
    """The sheet has merged cells (their ranges in args[0])."""


class Workbook:
    """What the rows need from the workbook's other parts, read once: where the first sheet is, its shared
    strings, which cell styles are dates, and the date system."""

    def __init__(self, data: bytes):
        self.data = data
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            book = parse(archive.open("xl/workbook.xml")).getroot()
            self.path = _first_sheet(archive, book)
            properties = book.find(f"{MAIN}workbookPr")
            mac = properties is not None and properties.get("date1904", "").lower() in ("1", "true")
            self.epoch = CALENDAR_MAC_1904 if mac else CALENDAR_WINDOWS_1900
            self.strings = _shared_strings(archive) if "xl/sharedStrings.xml" in names else []
            self.dates, self.durations = _date_styles(archive) if "xl/styles.xml" in names else (set(), set())
            if self.path not in names:
                raise KeyError(self.path)

    def size(self) -> int | None:
        """The sheet's row count as its <dimension> declares it (before its rows), None if it does not."""
        with zipfile.ZipFile(io.BytesIO(self.data)) as archive, archive.open(self.path) as part:
            for _event, element in iterparse(part, ("start",)):
                if element.tag == DIMENSION:
                    last = element.get("ref", "").rpartition(":")[2]
                    digits = last.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
                    return int(digits) if digits.isdigit() else None
                if element.tag == ROW:
                    return None
        return None

    def rows(self) -> Iterator[tuple[int, list]]:
        """(row number, values) in order; raises Formula at a formula and, after the last row, Merged if the
        sheet merges cells (the ranges come after the rows in the XML)."""
        merged, number = [], 0
        with zipfile.ZipFile(io.BytesIO(self.data)) as archive, archive.open(self.path) as part:
            for _event, element in iterparse(part, ("end",), (ROW, MERGE)):
                if element.tag == ROW:
                    number = int(element.get("r") or number + 1)
                    yield number, self._values(element)
                    element.clear()
                    while element.getprevious() is not None:  # rows already read are dropped
                        del element.getparent()[0]
                elif element.tag == MERGE:
                    merged.append(element.get("ref", ""))
        if merged:
            raise Merged(merged)

    def _values(self, row) -> list:
        values: list = []
        for cell in row.iterchildren(CELL):
            reference = cell.get("r")
            column = _column(reference.rstrip(DIGITS)) if reference else len(values) + 1
            value = inline = None
            valued = False
            for child in cell:  # a cell's parts in one pass (usually just its <v>); the first of each counts
                tag = child.tag
                if tag == VALUE and not valued:
                    value, valued = child.text, True
                elif tag == FORMULA:
                    raise Formula(reference or f"#{column}")
                elif tag == INLINE and inline is None:
                    inline = child
            if column > len(values) + 1:
                values += [None] * (column - 1 - len(values))
            values.append(self._value(cell, value or None, inline))
        return values

    def _value(self, cell, value: str | None, inline):
        """A cell's value from its type, its <v> text and its inline string."""
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            return None if inline is None else _text(inline)
        if value is None:
            return None
        if kind == "n":
            number = float(value) if any(c in value for c in ".eE") else int(value)
            style = int(cell.get("s") or 0)
            if style in self.dates:
                return from_excel(number, self.epoch, timedelta=style in self.durations)
            return number
        if kind == "s":
            return self.strings[int(value)]
        if kind == "b":
            return bool(int(value))
        if kind == "d":
            return from_ISO8601(value)
        return value  # "str" and "e" (an error such as #N/A), as written


@cache
def _column(letters: str) -> int:
    return column_index_from_string(letters)


def _first_sheet(archive: zipfile.ZipFile, book) -> str:
    sheets = book.find(f"{MAIN}sheets")
    first = sheets[0].get(f"{RELATIONSHIPS}id") if sheets is not None and len(sheets) else None
    relationships = parse(archive.open("xl/_rels/workbook.xml.rels")).getroot()
    targets = {
        rel.get("Id"): rel.get("Target", "") for rel in relationships.iter(f"{PACKAGE_RELATIONSHIPS}Relationship")
    }
    target = targets.get(first, "")
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


def _text(element) -> str:
    """A string item's text: plain, or its rich-text runs joined (phonetic guides left out)."""
    plain = element.find(TEXT)
    if plain is not None:
        return plain.text or ""
    return "".join(run.findtext(TEXT) or "" for run in element.iter(RUN))


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    strings = []
    with archive.open("xl/sharedStrings.xml") as part:
        for _event, element in iterparse(part, ("end",), f"{MAIN}si"):
            strings.append(_text(element))
            element.clear()
    return strings


def _date_styles(archive: zipfile.ZipFile) -> tuple[set[int], set[int]]:
    """The cell styles (their index in cellXfs) whose number format is a date, and those of them a duration."""
    styles = parse(archive.open("xl/styles.xml")).getroot()
    formats = dict(BUILTIN_FORMATS)
    for custom in styles.iter(f"{MAIN}numFmt"):
        formats[int(custom.get("numFmtId", -1))] = custom.get("formatCode", "")
    cells = styles.find(f"{MAIN}cellXfs")
    dates, durations = set(), set()
    for index, style in enumerate(cells.iterchildren(f"{MAIN}xf") if cells is not None else []):
        code = formats.get(int(style.get("numFmtId", 0)), "")
        if code and is_date_format(code):
            dates.add(index)
            if is_timedelta_format(code):
                durations.add(index)
    return dates, durations
