"""The letters a case needs, as DOCX in the layout of Nghị định 30/2020/NĐ-CP: the header with the governing
body and the institution (left) beside the Quốc hiệu and tiêu ngữ (right), số/ký hiệu, place and date, the
title, the body, the members' table, nơi nhận and the signature block.

Each letter is a DOCX template with {{placeholders}}. The defaults are built here; an institution downloads
one, edits it in Word and uploads it back (LetterTemplate), and its own is used from then on. A table row
holding {{tv_ten}} is repeated once per member.
"""

import copy
import io
import re
from datetime import date

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from docx.table import _Row

from medcoop.core.countries import country_name
from medcoop.exports.formatting import plain_number
from medcoop.organizations.provinces import province_name

from .models import Delegation, Kind, LetterKind, LetterTemplate, Purpose

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
QUOC_HIEU_EN = "SOCIALIST REPUBLIC OF VIET NAM"
TIEU_NGU_EN = "Independence - Freedom - Happiness"
PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")
MEMBER_MARK = "{{tv_ten}}"
FONT = "Times New Roman"  # the decree's font, 13–14 pt

# kind → (title, subject line, body paragraphs, recipients); every {{name}} is filled by `fields`.
_VI = {
    LetterKind.REQUEST: (
        "CÔNG VĂN",
        "V/v xin phép {{loai_doan}} {{tieu_de}}",
        [
            "Kính gửi: {{co_quan_chu_quan_day_du}}.",
            "{{don_vi}} trân trọng đề nghị {{co_quan_chu_quan_day_du}} cho phép {{loai_doan}}: {{tieu_de}}, "
            "tại {{dia_diem}}, {{quoc_gia}}, từ ngày {{tu_ngay}} đến ngày {{den_ngay}}.",
            "Mục đích: {{muc_dich}}. Đối tác: {{doi_tac}}. Kinh phí: {{nguon_kinh_phi}}, dự toán {{du_toan}}. "
            "{{ke_hoach}}.",
            "Thành phần đoàn gồm {{so_thanh_vien}} người:",
        ],
        ["Như trên;", "Lưu: VT, HTQT."],
    ),
    LetterKind.SUBMISSION: (
        "TỜ TRÌNH",
        "Về việc {{loai_doan}} {{tieu_de}}",
        [
            "Kính gửi: {{co_quan_chu_quan_day_du}}.",
            "Căn cứ kế hoạch hợp tác quốc tế năm {{nam_ke_hoach}} của {{don_vi}}; {{ke_hoach}}.",
            "{{don_vi}} kính trình {{co_quan_chu_quan_day_du}} xem xét, phê duyệt {{loai_doan}}: {{tieu_de}}, "
            "tại {{dia_diem}}, {{quoc_gia}}, từ ngày {{tu_ngay}} đến ngày {{den_ngay}}; mục đích: {{muc_dich}}; "
            "kinh phí: {{nguon_kinh_phi}}, dự toán {{du_toan}}.",
            "Danh sách thành viên:",
        ],
        ["Như trên;", "Ban Giám đốc;", "Lưu: VT, HTQT."],
    ),
    LetterKind.DECISION: (
        "QUYẾT ĐỊNH",
        "Về việc cử cán bộ đi công tác nước ngoài",
        [
            "GIÁM ĐỐC {{don_vi_hoa}}",
            "Căn cứ các quy định hiện hành về quản lý đoàn ra; căn cứ ý kiến phê duyệt của cấp có thẩm quyền;",
            "QUYẾT ĐỊNH:",
            "Điều 1. Cử các ông/bà có tên dưới đây đi {{quoc_gia}} ({{dia_diem}}) từ ngày {{tu_ngay}} đến ngày "
            "{{den_ngay}} để {{muc_dich_thuong}}: {{tieu_de}}.",
            "Điều 2. Kinh phí chuyến đi: {{nguon_kinh_phi}}. Sau khi về nước, đoàn nộp báo cáo kết quả trước ngày "
            "{{han_bao_cao}}.",
            "Điều 3. Trưởng phòng Hợp tác quốc tế, Trưởng các đơn vị liên quan và các ông/bà có tên trên chịu "
            "trách nhiệm thi hành Quyết định này.",
            "Danh sách cán bộ được cử đi:",
        ],
        ["Như Điều 3;", "{{co_quan_chu_quan_day_du}} (để báo cáo);", "Lưu: VT, HTQT."],
    ),
    LetterKind.INVITATION_VI: (
        "THƯ MỜI",
        "V/v mời đoàn {{doi_tac}} sang làm việc",
        [
            "Kính gửi: {{doi_tac}}.",
            "{{don_vi}} trân trọng kính mời đoàn của Quý cơ quan sang làm việc tại {{dia_diem}}, Việt Nam, từ "
            "ngày {{tu_ngay}} đến ngày {{den_ngay}}, với mục đích: {{muc_dich_thuong}} ({{tieu_de}}).",
            "Thư mời này dùng để làm thủ tục thị thực nhập cảnh Việt Nam cho các thành viên sau:",
        ],
        ["Như trên;", "Cục Quản lý xuất nhập cảnh (để phối hợp);", "Lưu: VT, HTQT."],
    ),
    LetterKind.INVITATION_EN: (
        "LETTER OF INVITATION",
        "Invitation to {{doi_tac_en}}",
        [
            "To: {{doi_tac_en}}.",
            "{{don_vi_en}} is pleased to invite your delegation to visit {{dia_diem}}, Viet Nam, from {{tu_ngay}} "
            "to {{den_ngay}}, for the purpose of {{muc_dich_en}} ({{tieu_de}}).",
            "This letter supports the entry visa applications of the following members:",
        ],
        ["As above;", "Immigration Department (for coordination);", "Archive."],
    ),
    LetterKind.REPORT: (
        "BÁO CÁO",
        "Kết quả {{loai_doan}} {{tieu_de}}",
        [
            "Kính gửi: {{co_quan_chu_quan_day_du}}.",
            "Thực hiện Quyết định số {{so_quyet_dinh}} ngày {{ngay_quyet_dinh}}, đoàn đã {{muc_dich_thuong}} tại "
            "{{dia_diem}}, {{quoc_gia}} từ ngày {{tu_ngay}} đến ngày {{den_ngay}}.",
            "Kết quả: {{ket_qua}}",
            "Kinh phí thực hiện: {{chi_phi_thuc_te}} ({{nguon_kinh_phi}}).",
            "Thành phần đoàn:",
        ],
        ["Như trên;", "Ban Giám đốc;", "Lưu: VT, HTQT."],
    ),
}
MEMBER_COLUMNS = {
    "vi": ["STT", "Họ và tên", "Chức vụ, chức danh", "Đơn vị", "Quốc tịch", "Hộ chiếu có giá trị đến"],
    "en": ["No.", "Full name", "Title", "Organization", "Nationality", "Passport valid until"],
}
MEMBER_CELLS = ["{{tv_stt}}", MEMBER_MARK, "{{tv_chuc_vu}}", "{{tv_don_vi}}", "{{tv_quoc_tich}}", "{{tv_ho_chieu}}"]
KIND_VI = {
    Kind.OUTBOUND: "cử đoàn đi công tác nước ngoài",
    Kind.INBOUND: "đón đoàn nước ngoài vào làm việc",
    Kind.CONFERENCE: "tổ chức hội nghị, hội thảo quốc tế",
    Kind.SIGNING: "ký kết thỏa thuận quốc tế",
}
PURPOSE_VI = {
    Purpose.CONFERENCE: "dự hội nghị, hội thảo",
    Purpose.TRAINING: "tham dự khóa đào tạo",
    Purpose.WORKING_VISIT: "thăm và làm việc",
    Purpose.EXPERT_MISSION: "hỗ trợ chuyên môn, chuyển giao kỹ thuật",
    Purpose.STUDY: "học tập",
    Purpose.SIGNING: "ký kết thỏa thuận hợp tác",
    Purpose.OTHER: "công tác",
}
PURPOSE_EN = {
    Purpose.CONFERENCE: "attending a conference",
    Purpose.TRAINING: "a training course",
    Purpose.WORKING_VISIT: "a working visit",
    Purpose.EXPERT_MISSION: "an expert mission and technical support",
    Purpose.STUDY: "study",
    Purpose.SIGNING: "signing a cooperation agreement",
    Purpose.OTHER: "cooperation",
}
FUNDING_VI = {
    "state_budget": "ngân sách nhà nước",
    "own": "nguồn thu của đơn vị",
    "partner": "đối tác chi trả",
    "project": "dự án, tài trợ",
    "personal": "cá nhân tự túc",
}
GOVERNING_BODY = "BỘ Y TẾ"


def _run(paragraph, text: str, *, bold=False, italic=False, underline=False, size=13):
    run = paragraph.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    run.font.name, run.font.size = FONT, Pt(size)
    return run


def _centered(cell_or_doc, text: str, **style):
    paragraph = cell_or_doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(paragraph, text, **style)
    return paragraph


def default_template(kind: str) -> Document:
    """The shipped template of one letter, with its placeholders."""
    english = kind == LetterKind.INVITATION_EN
    title, subject, body, recipients = _VI[kind]
    document = Document()
    for section in document.sections:  # A4, margins of the decree (top 2 cm, left 3 cm, right 1.5 cm)
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.top_margin = section.bottom_margin = Cm(2)
        section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    header = document.add_table(rows=1, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = header.rows[0].cells
    left.paragraphs[0].text = ""
    _run(left.paragraphs[0], "{{co_quan_chu_quan}}", size=12)
    left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _centered(left, "{{don_vi_hoa}}" if not english else "{{don_vi_en}}", bold=True, size=12)
    number = "{{so_quyet_dinh}}" if kind == LetterKind.DECISION else "{{so_ky_hieu}}"
    _centered(left, ("No.: " if english else "Số: ") + number, size=12)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(right.paragraphs[0], QUOC_HIEU_EN if english else QUOC_HIEU, bold=True, size=12)
    _centered(right, TIEU_NGU_EN if english else TIEU_NGU, bold=True, underline=True)
    _centered(
        right, "{{dia_danh}}, {{ngay_thang_nam_en}}" if english else "{{dia_danh}}, {{ngay_thang_nam}}", italic=True
    )
    _centered(document, title, bold=True, size=14)
    _centered(document, subject, bold=True)
    for text in body:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.first_line_indent = Cm(1)
        _run(paragraph, text, bold=text.isupper())
    columns = MEMBER_COLUMNS["en" if english else "vi"]
    members = document.add_table(rows=2, cols=len(columns))
    members.style = "Table Grid"
    for index, (heading, placeholder) in enumerate(zip(columns, MEMBER_CELLS, strict=True)):
        _run(members.rows[0].cells[index].paragraphs[0], heading, bold=True, size=12)
        _run(members.rows[1].cells[index].paragraphs[0], placeholder, size=12)
    signature = document.add_table(rows=1, cols=2)
    place, sign = signature.rows[0].cells
    _run(place.paragraphs[0], "Recipients:" if english else "Nơi nhận:", bold=True, italic=True, size=12)
    for line in recipients:
        _run(place.add_paragraph(), f"- {line}", size=11)
    sign.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(sign.paragraphs[0], "{{chuc_vu_ky}}", bold=True)
    _centered(sign, "(Signature and seal)" if english else "(Ký, ghi rõ họ tên, đóng dấu)", italic=True, size=12)
    return document


def _date_vi(day: date | None) -> str:
    return f"ngày {day:%d} tháng {day:%m} năm {day:%Y}" if day else "ngày … tháng … năm …"


def fields(delegation: Delegation, today: date) -> dict[str, str]:
    """The placeholders' values for one case."""
    owner, partner = delegation.owner, delegation.partner
    code = owner.code or "HTQT"
    place = province_name(owner.province_code).removeprefix("Thành phố ").removeprefix("Tỉnh ") or "Hà Nội"
    cost = delegation.estimated_cost
    actual = delegation.actual_cost
    plan = "Chuyến đi nằm trong kế hoạch năm đã được phê duyệt" if delegation.in_plan else "Ngoài kế hoạch năm"
    return {
        "co_quan_chu_quan": "" if owner.kind == "government" else GOVERNING_BODY,
        "co_quan_chu_quan_day_du": "Bộ Y tế" if owner.kind != "government" else "Thủ tướng Chính phủ",
        "don_vi": owner.name,
        "don_vi_hoa": owner.name.upper(),
        "don_vi_en": owner.name_en or owner.name,
        "so_ky_hieu": delegation.reference or f"…/{code}-HTQT",
        "dia_danh": place,
        "ngay_thang_nam": _date_vi(today),
        "ngay_thang_nam_en": f"{today:%d/%m/%Y}",
        "loai_doan": KIND_VI[delegation.kind],
        "tieu_de": delegation.title,
        "dia_diem": delegation.place or "",
        "quoc_gia": country_name(delegation.country, "vi") if delegation.country else "",
        "tu_ngay": f"{delegation.start_on:%d/%m/%Y}",
        "den_ngay": f"{delegation.end_on:%d/%m/%Y}",
        "muc_dich": delegation.get_purpose_display(),
        "muc_dich_thuong": PURPOSE_VI[delegation.purpose],
        "muc_dich_en": PURPOSE_EN[delegation.purpose],
        "doi_tac": str(partner) if partner else "",
        "doi_tac_en": (partner.name_en or partner.name) if partner else "",
        "nguon_kinh_phi": FUNDING_VI[delegation.funding],
        "du_toan": f"{plain_number(cost)} {delegation.currency}" if cost is not None else "—",
        "chi_phi_thuc_te": f"{plain_number(actual)} {delegation.currency}" if actual is not None else "—",
        "ke_hoach": plan,
        "nam_ke_hoach": str(delegation.start_on.year),
        "so_thanh_vien": str(delegation.members.count()),
        "so_quyet_dinh": delegation.decision_number or "…",
        "ngay_quyet_dinh": f"{delegation.decision_on:%d/%m/%Y}" if delegation.decision_on else "…",
        "han_bao_cao": f"{delegation.report_due_on:%d/%m/%Y}" if delegation.report_due_on else "…",
        "ket_qua": delegation.results,
        "chuc_vu_ky": "GIÁM ĐỐC" if delegation.kind != Kind.SIGNING else "THỦ TRƯỞNG ĐƠN VỊ",
    }


def member_fields(delegation: Delegation, read_identity) -> list[dict[str, str]]:
    """One row per member; the passport number only through `read_identity` (which checks and audits)."""
    rows = []
    for index, member in enumerate(delegation.members.all(), start=1):
        passport = read_identity(member) if member.has_identity_number else ""
        valid = f"{member.passport_valid_until:%d/%m/%Y}" if member.passport_valid_until else ""
        rows.append(
            {
                "tv_stt": str(index),
                "tv_ten": member.name,
                "tv_chuc_vu": member.position,
                "tv_don_vi": member.department,
                "tv_quoc_tich": country_name(member.nationality, "vi") if member.nationality else "Việt Nam",
                "tv_ho_chieu": " · ".join(p for p in (passport, valid) if p),
            }
        )
    return rows


def _fill(paragraph, values: dict[str, str]) -> None:
    """Replace the placeholders of a paragraph; Word splits text into runs, so the text is joined into the
    first run that holds a placeholder's start (its formatting is kept) when one spans runs."""
    if "{{" not in paragraph.text:
        return
    for run in paragraph.runs:
        if "{{" in run.text and PLACEHOLDER.search(run.text):
            run.text = PLACEHOLDER.sub(lambda m: values.get(m[1], m[0]), run.text)
    if "{{" in paragraph.text and paragraph.runs:
        text = PLACEHOLDER.sub(lambda m: values.get(m[1], m[0]), paragraph.text)
        paragraph.runs[0].text = text
        for run in paragraph.runs[1:]:
            run.text = ""


def _paragraphs(container):
    yield from container.paragraphs
    for table in container.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from _paragraphs(cell)


def _repeat_member_rows(document, rows: list[dict[str, str]]) -> None:
    """The table row holding {{tv_ten}} becomes one row per member."""
    for table in document.tables:
        for row in list(table.rows):
            if MEMBER_MARK not in "".join(cell.text for cell in row.cells):
                continue
            for values in rows:
                copied = copy.deepcopy(row._tr)
                row._tr.addprevious(copied)
                for cell in _Row(copied, table).cells:
                    for paragraph in cell.paragraphs:
                        _fill(paragraph, values)
            row._tr.getparent().remove(row._tr)


def template_for(delegation: Delegation, kind: str) -> Document:
    stored = LetterTemplate.objects.filter(owner_id=delegation.owner_id, kind=kind).first()
    if stored is None:
        return default_template(kind)
    with stored.file.open("rb") as handle:
        return Document(io.BytesIO(handle.read()))


def render(delegation: Delegation, kind: str, *, today: date, read_identity) -> bytes:
    """The letter as DOCX bytes, from the institution's template or the default."""
    document = template_for(delegation, kind)
    _repeat_member_rows(document, member_fields(delegation, read_identity))
    values = fields(delegation, today)
    for paragraph in _paragraphs(document):
        _fill(paragraph, values)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def check_template(upload) -> None:
    """Refuse a file python-docx cannot open, before it replaces a working template."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    try:
        Document(upload)
    except Exception as error:  # python-docx raises zipfile, KeyError or lxml errors for a bad file
        raise ValidationError(_("This file is not a Word document (.docx).")) from error
    finally:
        upload.seek(0)


def template_bytes(kind: str) -> bytes:
    out = io.BytesIO()
    default_template(kind).save(out)
    return out.getvalue()
