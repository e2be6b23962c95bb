"""Training in a real browser: Bệnh viện K's coordinator adds a course to the catalogue, runs a cohort of it
under an activity with a Lao doctor and a member of staff, marks completion, downloads the certificate and
checks its code on the public verification page."""

import io
from pathlib import Path

from pypdf import PdfReader

from .browsing import log_in, open_from_menu, snap

LAO_DOCTOR = "Souksavanh Phommachanh"


def test_a_course_a_cohort_a_certificate_and_its_verification(page):
    from playwright.sync_api import expect

    log_in(page, "dieuphoi")
    open_from_menu(page, "/activities/courses/")
    page.wait_for_url("**/activities/courses/")
    page.click("text=Thêm mới")
    page.fill("#id_name", "Xạ trị điều biến liều cho bác sĩ Lào")
    page.select_option("#id_specialty", "oncology")
    page.fill("#id_length_days", "60")
    page.fill("#id_language", "Tiếng Việt, tiếng Anh")
    page.click("form.record-form button[type=submit]")
    page.wait_for_url("**/activities/courses/*/")
    expect(page.locator("h1")).to_have_text("Xạ trị điều biến liều cho bác sĩ Lào")

    page.goto("/activities/?q=hướng dẫn xạ trị")
    page.click("#results >> text=Chuyên gia Gustave Roussy sang hướng dẫn xạ trị")
    page.click("text=Thêm lớp")
    page.select_option("#id_course", label="Xạ trị điều biến liều cho bác sĩ Lào")
    page.fill("#id_name", "Khóa 1")
    page.fill("#id_starts_on", "01/03/2025")
    page.fill("#id_ends_on", "30/04/2025")
    page.fill("#id_place", "Bệnh viện K, Hà Nội")
    page.fill("#id_trainers", "Chuyên gia Viện Gustave Roussy")
    page.fill("#id_trainees-0-name", LAO_DOCTOR)
    page.select_option("#id_trainees-0-country", "LA")
    page.fill("#id_trainees-0-institution_name", "Bệnh viện Mittaphab")
    page.fill("#id_trainees-1-name", "Trần Minh Đức")
    page.check("#id_trainees-1-is_staff")
    page.click("form.record-form button[type=submit]")
    cohort = page.locator("section.cohort")
    expect(cohort).to_contain_text(LAO_DOCTOR)
    expect(cohort).to_contain_text("Bệnh viện Mittaphab")
    expect(cohort).to_contain_text("Trần Minh Đức")

    cohort.locator("text=Sửa lớp").click()
    page.check("#id_trainees-0-completed")
    page.fill("#id_trainees-0-result", "Giỏi")
    page.click("form.record-form button[type=submit]")
    row = page.locator("section.cohort tr", has_text=LAO_DOCTOR)
    expect(row).to_contain_text("Giỏi")
    snap(page, "training-cohort")
    with page.expect_download() as download:
        row.locator("text=Giấy chứng nhận (PDF)").click()
    pdf = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    text = pdf.pages[0].extract_text()
    assert LAO_DOCTOR in text and "GIẤY CHỨNG NHẬN" in text and "Xạ trị điều biến liều" in text
    code = text.split("Verification code:")[1].split()[0]

    page.goto("/verify/")
    page.fill("#code", code)
    page.click("button >> text=Xác thực")
    expect(page.locator("[role=status]")).to_contain_text(LAO_DOCTOR)
    expect(page.locator("[role=status]")).to_contain_text("30/04/2025")
    snap(page, "training-verify")
    page.fill("#code", code + "x")
    page.click("button >> text=Xác thực")
    expect(page.locator("[role=alert]")).to_have_text("Không có chứng nhận nào mang mã này.")
