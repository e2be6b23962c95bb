"""A large sheet is read as a stream and written a chunk at a time, yet stays all or nothing: rows are written
before the last is read, and a bad last row rolls every one of them back, naming its row."""

import pytest

from medcoop.activities.models import Activity
from medcoop.core.models import AuditEvent
from medcoop.sheets import importer
from medcoop.sheets.importer import import_sheet, plan_import
from medcoop.sheets.workbook import Sheet, SheetError, read_sheet

from .test_import import ACTIVITY_HEADERS

ROWS = 300


def csv_sheet(last_title: str) -> bytes:
    rows = [f"HD-{n:04d},Khóa đào tạo số {n},Đào tạo / tập huấn,03/2024,2024,,Pháp,{n % 40 + 1},," for n in range(ROWS)]
    rows[-1] = f"HD-LAST,{last_title},Đào tạo / tập huấn,03/2024,2024,,Pháp,1.500,,"
    return ("\n".join([",".join(ACTIVITY_HEADERS), *rows]) + "\n").encode()


def watched(sheet: Sheet, seen: list) -> Sheet:
    """The sheet, noting for each row read how many activities were already stored (inside the import's
    transaction)."""

    def rows():
        for number, values in sheet.rows:
            seen.append((number, Activity.objects.count()))
            yield number, values

    return Sheet(sheet.headers, rows, sheet.size)


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(importer, "BATCH", 50)


def test_a_bad_last_row_rolls_back_the_chunks_already_written_and_is_named(coordinator_a, small_chunks):
    seen, audited = [], AuditEvent.objects.count()
    with pytest.raises(SheetError) as refused:
        import_sheet(coordinator_a, "activities", watched(read_sheet(csv_sheet(""), "hd.csv"), seen), "vi")
    assert "Dòng 301" in str(refused.value) and "Tiêu đề" in str(refused.value)
    # written as read, not after the whole sheet: the chunks before the one being read and the one read ahead of
    # it (whose stored records are looked up before the chunk before is written)
    assert seen[-1][0] == ROWS + 1 and seen[-1][1] >= ROWS - 2 * 50
    assert not Activity.objects.exists() and AuditEvent.objects.count() == audited


def test_a_good_sheet_imports_whole_and_its_preview_keeps_only_the_rows_it_shows(coordinator_a, small_chunks):
    sheet = read_sheet(csv_sheet("Khóa cuối"), "hd.csv")
    preview = plan_import(coordinator_a, "activities", sheet, "vi", keep=20)
    assert (len(preview.rows), preview.creates, preview.errors) == (20, ROWS, [])
    assert not Activity.objects.exists()
    assert import_sheet(coordinator_a, "activities", sheet, "vi").creates == ROWS
    assert Activity.objects.count() == ROWS
    assert Activity.objects.get(title="Khóa cuối").figures.get().value == 1500  # "1.500" in a Vietnamese sheet


def test_a_chunked_import_is_searchable_and_counted_as_a_fresh_index_and_count_say(coordinator_a, small_chunks):
    """The chunks' rows indexed in one statement per chunk (SQLite) and written beside the next chunk's check
    (PostgreSQL) end as the triggers and a recount would have them: every imported row found by its own
    words, the index whole (FTS5's own check against the stored texts), the insert trigger back for later
    writes, and the dashboard's counters equal to a fresh count."""
    from django.db import connection

    from medcoop.dashboard import counters
    from medcoop.search.indexes import index_present

    table = Activity._meta.db_table
    import_sheet(coordinator_a, "activities", read_sheet(csv_sheet("Khóa cuối cùng"), "hd.csv"), "vi")
    assert Activity.objects.count() == ROWS
    assert index_present(connection, table)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for fts in (f"{table}_fts", f"{table}_words"):
                cursor.execute(f"INSERT INTO {fts}({fts}, rank) VALUES ('integrity-check', 1)")
    for title in ("Khóa đào tạo số 7", "Khóa đào tạo số 123", "Khóa đào tạo số 298", "Khóa cuối cùng"):
        found = Activity.objects.search(title)
        assert title in {a.title for a in found}, title
    assert counters.differences() == 0
    # A record written afterwards, one at a time, is indexed by the trigger again.
    later = Activity.objects.get(title="Khóa cuối cùng")
    later.pk, later.source_reference, later.title = None, "", "Hội thảo sau cùng"
    later.save()
    assert {a.title for a in Activity.objects.search("Hội thảo sau cùng")} == {"Hội thảo sau cùng"}
    assert counters.differences() == 0


@pytest.fixture
def overlapped(monkeypatch):
    """Chunks written on the writer's thread on this engine too (PostgreSQL's way; SQLite writes in turn)."""
    monkeypatch.setattr(importer, "OVERLAPPED", {"sqlite", "postgresql"})


def test_a_write_failing_on_the_writers_thread_fails_the_import_and_writes_nothing(
    coordinator_a, small_chunks, overlapped, monkeypatch
):
    from django.db import connection

    written, write = [], importer._write

    def failing(kind, rows, using="default"):
        written.append(len(rows))
        if len(written) == 3:
            raise RuntimeError("the disk is full")
        write(kind, rows, using)

    monkeypatch.setattr(importer, "_write", failing)
    audited = AuditEvent.objects.count()
    with pytest.raises(RuntimeError, match="the disk is full"):
        import_sheet(coordinator_a, "activities", read_sheet(csv_sheet("Khóa cuối"), "hd.csv"), "vi")
    assert len(written) == 3  # the import stopped at the failed write
    assert not Activity.objects.exists() and AuditEvent.objects.count() == audited
    assert not connection.allow_thread_sharing  # the connection is the importing thread's alone again


def test_an_overlapped_import_writes_every_chunk_once(coordinator_a, small_chunks, overlapped):
    from medcoop.dashboard import counters

    assert import_sheet(coordinator_a, "activities", read_sheet(csv_sheet("Khóa cuối"), "hd.csv"), "vi").creates == ROWS
    assert Activity.objects.count() == ROWS and Activity.objects.values("source_reference").distinct().count() == ROWS
    assert {a.title for a in Activity.objects.search("Khóa cuối")} == {"Khóa cuối"}
    assert counters.differences() == 0
