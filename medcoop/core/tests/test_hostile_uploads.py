"""Hostile Office files (generated here): a truncated DOCX, a billion-laughs DOCX and a zip-bomb XLSX get a
clear Vietnamese message at every upload they can reach, never a 500, and memory stays bounded."""

import io
import struct
import tracemalloc
import zipfile

import docx
import pytest
from django.urls import reverse

from medcoop.articles.models import Article

LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
    + b"".join(
        b'<!ENTITY %c "&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;">' % ((c,) + (c - 1,) * 10) for c in range(98, 108)
    )
    + b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
    b"<w:t>&k;</w:t></w:r></w:p></w:body></w:document>"
)


def word_file() -> bytes:
    out = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Bệnh viện K hợp tác với Viện Gustave Roussy. " * 20)
    document.save(out)
    return out.getvalue()


def broken_deflate(part: str, at: int, mask: int) -> bytes:
    """word_file() with bits `mask` of one byte flipped, `at` bytes into `part`'s compressed data: zipfile
    raises zlib.error (not BadZipFile) when it expands that part. At the first byte of [Content_Types].xml
    (mask 2: an invalid deflate block type) the upload fuzz of the article importer found a 500; 2002 bytes into
    word/styles.xml the part's prolog still reads and only python-docx's full read meets the damage."""
    data = bytearray(word_file())
    member = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(part)
    name_length, extra_length = struct.unpack_from("<HH", data, member.header_offset + 26)  # the local header's
    start = member.header_offset + 30 + name_length + extra_length
    data[start + at] ^= mask
    return bytes(data)


def billion_laughs() -> bytes:
    source, out = zipfile.ZipFile(io.BytesIO(word_file())), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for item in source.infolist():
            bomb.writestr(item, LAUGHS if item.filename == "word/document.xml" else source.read(item))
    return out.getvalue()


def zip_bomb_xlsx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("[Content_Types].xml", "<Types/>")
        bomb.writestr("xl/workbook.xml", "<workbook/>")
        bomb.writestr("xl/worksheets/sheet1.xml", b"<" + b" " * 30_000_000 + b"/>")  # 30 MB of blanks, ~30 KB
    return out.getvalue()


HOSTILE = {
    "truncated.docx": (lambda: word_file()[:3000], "hỏng"),
    "laughs.docx": (billion_laughs, "thực thể"),
    "bomb.docx": (zip_bomb_xlsx, "bom nén"),
    "random.docx": (lambda: b"PK\x03\x04" + bytes(range(256)) * 20, "hỏng"),
    "deflate.docx": (lambda: broken_deflate("[Content_Types].xml", 0, 2), "hỏng"),
    "deep-deflate.docx": (lambda: broken_deflate("word/styles.xml", 2002, 1), "hỏng"),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_word_file_gets_a_clear_message_at_the_article_importer(client, coordinator_a, name):
    make, message = HOSTILE[name]
    upload = io.BytesIO(make())
    upload.name = name
    client.force_login(coordinator_a)
    page = client.post(reverse("article-create"), {"file": upload})
    assert page.status_code in (200, 400) and message in page.content.decode()
    assert not Article.objects.exists()


@pytest.mark.parametrize("data", [zip_bomb_xlsx, lambda: zip_bomb_xlsx()[:20_000], billion_laughs])
def test_a_hostile_workbook_gets_a_clear_message_at_the_sheet_import(client, coordinator_a, data):
    client.force_login(coordinator_a)
    upload = io.BytesIO(data())
    upload.name = "bang.xlsx"
    tracemalloc.start()
    page = client.post(reverse("sheet-upload"), {"kind": "organizations", "file": upload})
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    html = page.content.decode()
    assert page.status_code == 400 and ("bị từ chối" in html or "hỏng" in html)
    assert peak < 20 * 1024 * 1024  # the 30 MB member is never expanded


def test_a_sheet_past_its_size_cap_is_refused_before_it_is_read(client, coordinator_a, settings):
    settings.MEDCOOP_MAX_SHEET_BYTES = 1000
    upload = io.BytesIO(b"a,b\n" * 1000)
    upload.name = "bang.csv"
    client.force_login(coordinator_a)
    page = client.post(reverse("sheet-upload"), {"kind": "organizations", "file": upload})
    assert page.status_code == 200 and "giới hạn" in page.content.decode()
