"""Property-based tests (hypothesis) of the spreadsheet reader: any bytes, any cell value, and only the
documented errors (SheetError for a file, CellError for a cell) come out."""

import io
from decimal import Decimal

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from medcoop.sheets.cells import CellError, day, number, partial_date
from medcoop.sheets.workbook import SheetError, read_sheet

# Text a spreadsheet can hold (no control characters, which Excel itself refuses).
CELL_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=20)
CELLS = st.none() | CELL_TEXT | st.integers(-(10**9), 10**9) | st.floats(allow_nan=False, allow_infinity=False)


@settings(max_examples=60)
@given(st.binary(max_size=2000), st.sampled_from(["a.xlsx", "a.csv", "a.txt"]))
@example(b"x", "a.csv")  # one column: the delimiter sniffer gave up with csv.Error, found by this test
def test_any_bytes_are_read_or_refused_as_a_sheet_error(data, filename):
    try:
        read_sheet(data, filename)
    except SheetError:
        pass


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(CELLS, min_size=1, max_size=5), min_size=1, max_size=6))
def test_any_workbook_is_read_or_refused_as_a_sheet_error(rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    try:
        sheet = read_sheet(out.getvalue(), "activities.xlsx")
    except SheetError:
        return
    assert sheet is not None


@given(CELLS)
def test_a_cell_is_a_number_or_a_cell_error(value):
    try:
        result = number(value)
    except CellError:
        return
    assert result is None or isinstance(result, Decimal)


@given(CELLS)
def test_a_cell_is_a_date_or_a_cell_error(value):
    for reader in (day, partial_date):
        try:
            reader(value)
        except CellError:
            pass
