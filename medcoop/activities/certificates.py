"""A trainee's certificate of completion: one A4 landscape page in Vietnamese and English (fpdf2 with the
DejaVu font the consultation records use, so Vietnamese prints right), with its verification code and the
address where anyone can check it."""

from django.conf import settings
from django.urls import reverse
from fpdf import FPDF

from medcoop.exports.pdf import FONT_DIR


def _lines(trainee) -> list[tuple[str, int, str]]:
    cohort = trainee.cohort
    course = cohort.course
    issued = trainee.certificate_on.strftime("%d/%m/%Y") if trainee.certificate_on else ""
    period = " – ".join(d.strftime("%d/%m/%Y") for d in (cohort.starts_on, cohort.ends_on) if d)
    verify_path = reverse("certificate-verify", args=[trainee.verification_code])
    return [
        ("B", 13, str(cohort.activity.owner)),
        ("B", 22, "GIẤY CHỨNG NHẬN"),
        ("", 13, "CERTIFICATE OF COMPLETION"),
        ("", 12, "Chứng nhận / This is to certify that"),
        ("B", 20, trainee.name),
        ("", 12, "đã hoàn thành khóa đào tạo / has completed the course"),
        ("B", 16, course.name),
        ("", 11, period + (f" · {cohort.place}" if cohort.place else "")),
        ("", 11, f"Kết quả / Result: {trainee.result}" if trainee.result else ""),
        ("", 11, f"Ngày cấp / Issued on: {issued}"),
        ("", 10, f"Mã xác thực / Verification code: {trainee.verification_code}"),
        ("", 9, settings.MEDCOOP_BASE_URL.rstrip("/") + verify_path),
    ]


def certificate_pdf(trainee) -> bytes:
    """The certificate as PDF bytes; the trainee must already have a verification code."""
    pdf = FPDF(orientation="L", format="A4")
    pdf.set_margins(20, 20, 20)
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.add_page()
    pdf.set_line_width(1)
    pdf.rect(10, 10, pdf.w - 20, pdf.h - 20)
    pdf.ln(8)
    for style, size, text in _lines(trainee):
        if not text:
            continue
        pdf.set_font("DejaVu", style, size)
        pdf.multi_cell(0, size * 0.6, text, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(size * 0.25)
    return bytes(pdf.output())
