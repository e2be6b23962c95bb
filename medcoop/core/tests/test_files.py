"""Uploads are recognised by content and size, not by their name."""

import io
import zipfile

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from openpyxl import Workbook

from medcoop.core.files import DOCX, PDF, XLSX, shortened_name, sniff_document_type, validate_document


def docx_bytes():
    buffer = io.BytesIO()
    document = Document()
    document.add_paragraph("Biên bản ghi nhớ")
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes():
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    """A one-page PDF written by pikepdf, as a scanner or a word processor would give."""
    document = pikepdf.new()
    document.add_blank_page()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


PDF_BYTES = pdf_bytes()


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("mou.pdf", PDF_BYTES, PDF),
        ("mou.docx", docx_bytes(), DOCX),
        ("plan.xlsx", xlsx_bytes(), XLSX),
    ],
)
def test_real_documents_are_accepted(name, content, expected):
    upload = SimpleUploadedFile(name, content)
    validate_document(upload)
    assert sniff_document_type(upload) == expected


def test_a_file_that_lies_about_its_type_is_refused():
    with pytest.raises(ValidationError, match="Không chấp nhận loại tệp này"):
        validate_document(SimpleUploadedFile("mou.pdf", b"MZ\x90\x00 this is a Windows program"))


def test_a_zip_that_is_not_an_office_file_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.exe", b"x")
    with pytest.raises(ValidationError):
        validate_document(SimpleUploadedFile("mou.docx", buffer.getvalue()))


def test_a_real_type_under_the_wrong_name_is_refused():
    with pytest.raises(ValidationError, match="nhưng nội dung là"):
        validate_document(SimpleUploadedFile("mou.docx", PDF_BYTES))


def test_oversized_and_empty_files_are_refused(settings):
    settings.MEDCOOP_MAX_UPLOAD_BYTES = 1024
    with pytest.raises(ValidationError, match="giới hạn"):
        validate_document(SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * 2048))
    with pytest.raises(ValidationError, match="Tệp rỗng"):
        validate_document(SimpleUploadedFile("empty.pdf", b""))


def test_a_long_name_is_shortened_at_a_word_keeping_its_extension_within_characters_and_bytes():
    assert shortened_name("mou.pdf") == "mou.pdf"
    long = shortened_name("Biên bản ghi nhớ hợp tác đào tạo xạ trị giữa hai bệnh viện năm 2024 bản cuối.docx")
    assert long == "Biên bản ghi nhớ hợp tác đào tạo xạ trị giữa hai bệnh.docx"
    assert len(long) <= 60
    vietnamese = shortened_name("ỗ" * 80 + ".pdf")  # three bytes a letter
    assert vietnamese.endswith(".pdf") and len(vietnamese.encode()) <= 150
    assert shortened_name("C:\\Users\\me\\" + "a" * 90) == "a" * 60  # no folder, no extension to keep
