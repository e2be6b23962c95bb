import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from medcoop.delegations import letters
from medcoop.delegations.models import LetterKind, LetterTemplate


def _text(document) -> str:
    return "\n".join(p.text for p in letters._paragraphs(document))


def _open(content: bytes):
    return Document(io.BytesIO(content))


def _no_identity(member):
    return ""


@pytest.mark.parametrize("kind", [k for k in LetterKind.values if k not in ("invitation_vi", "invitation_en")])
def test_each_letter_of_a_trip_has_the_administrative_header_and_its_fields(trip_of_a, kind):
    trip_of_a.reference, trip_of_a.decision_number, trip_of_a.decision_on = (
        "12/BVA-HTQT",
        "215/QĐ-BVA",
        date(2026, 1, 20),
    )
    trip_of_a.results = "Hoàn thành khóa học"
    document = _open(letters.render(trip_of_a, kind, today=date(2026, 1, 6), read_identity=_no_identity))
    text = _text(document)
    header = document.tables[0].rows[0].cells
    assert header[1].paragraphs[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert header[1].paragraphs[1].text == "Độc lập - Tự do - Hạnh phúc" and header[1].paragraphs[1].runs[0].underline
    number = "215/QĐ-BVA" if kind == "decision" else "12/BVA-HTQT"
    assert f"Số: {number}" in header[0].text and "BỆNH VIỆN K" in header[0].text
    assert header[1].paragraphs[2].text == "Hà Nội, ngày 06 tháng 01 năm 2026"
    assert "Nơi nhận:" in text and "{{" not in text
    assert "09/03/2026" in text and "20/03/2026" in text
    members = document.tables[1]
    assert [row.cells[1].text for row in members.rows] == ["Họ và tên", "Trần Văn Minh", "Lê Thị Hoa"]
    assert members.rows[2].cells[2].text == "Trưởng khoa"
    title = {"request": "CÔNG VĂN", "submission": "TỜ TRÌNH", "decision": "QUYẾT ĐỊNH", "report": "BÁO CÁO"}[kind]
    assert title in [p.text for p in document.paragraphs]
    if kind == "decision":
        assert "10/04/2026" in text  # the report of results is due 15 working days after the return
    if kind == "report":
        assert "215/QĐ-BVA" in text and "Hoàn thành khóa học" in text


def test_the_visa_invitation_in_both_languages_lists_the_foreign_members(mission_of_a):
    vietnamese = _open(
        letters.render(mission_of_a, "invitation_vi", today=date(2026, 3, 2), read_identity=_no_identity)
    )
    assert "THƯ MỜI" in _text(vietnamese) and "Pháp" in _text(vietnamese)
    english = _open(
        letters.render(mission_of_a, "invitation_en", today=date(2026, 3, 2), read_identity=lambda m: "19FR12345")
    )
    header = english.tables[0].rows[0].cells[1]
    assert header.paragraphs[0].text == "SOCIALIST REPUBLIC OF VIET NAM"
    assert "Independence - Freedom - Happiness" in header.text
    rows = english.tables[1].rows
    assert [r.cells[1].text for r in rows[1:]] == ["Claire Martin", "Paul Durand"]
    assert rows[1].cells[5].text == "19FR12345" and rows[1].cells[4].text == "Pháp"
    assert "LETTER OF INVITATION" in _text(english) and "06/04/2026" in _text(english)


def test_an_institution_letter_template_replaces_the_default(trip_of_a, hospital_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    own = letters.default_template("request")
    own.add_paragraph("Đầu mối liên hệ: Phòng HTQT, {{don_vi}}")
    buffer = io.BytesIO()
    own.save(buffer)
    LetterTemplate.objects.create(
        owner=hospital_a, kind="request", file=SimpleUploadedFile("mau.docx", buffer.getvalue())
    )
    text = _text(_open(letters.render(trip_of_a, "request", today=date(2026, 1, 6), read_identity=_no_identity)))
    assert "Đầu mối liên hệ: Phòng HTQT, Bệnh viện K" in text
