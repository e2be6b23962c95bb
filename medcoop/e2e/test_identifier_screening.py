"""In a real browser: a case typed with the patient's name, birth date, CCCD and telephone is marked span by span
and not sent; a coordinator lets it go with a reason, and then it is sent."""

from playwright.sync_api import expect

from .browsing import log_in, log_out, snap

HISTORY = "Bệnh nhân Nguyễn Văn An, sinh ngày 12/03/1970, CCCD 001070012345, ĐT 0912345678"


def test_a_case_naming_the_patient_is_marked_held_and_let_go_by_a_coordinator(page):
    log_in(page, "bacsi")
    page.goto("/consultations/new/")
    page.select_option("#id_specialty", "oncology")
    page.check("text=Viện Gustave Roussy")
    page.check("text=Claire Martin")
    page.fill("#id_question", "Phẫu thuật hay xạ trị?")
    page.select_option("#id_age_band", "40-64")
    page.select_option("#id_sex", "male")
    page.fill("#id_history", HISTORY)
    page.fill("#id_question_translated", "Surgery or radiotherapy?")
    page.fill("#id_summary_translated", "Man aged 40-64.")
    page.check("#id_translation_checked")
    page.click("button[type=submit] >> text=Lưu")
    expect(page.locator(".message").first).to_be_visible()
    marks = page.locator("#identifiers mark.identifier")
    expect(marks).to_have_count(4)
    expect(page.locator("#identifiers")).to_contain_text("(số căn cước (CCCD/CMND))")
    snap(page, "16-case-identifiers-marked")
    page.click("a >> text=Ghi nhận đồng ý của người bệnh")
    page.fill("#id_form_reference", "PĐY-2030-017")
    page.check("#id_informed")
    page.click("button[type=submit] >> text=Lưu")
    page.click("button >> text=Gửi chuyên gia")
    expect(page.locator(".message.error")).to_contain_text("xóa thông tin nhận dạng")
    expect(page.locator(".message.error")).not_to_contain_text("001070012345")
    expect(page.locator("h1")).to_contain_text("Dự thảo")
    case_url = page.url
    log_out(page)

    log_in(page, "dieuphoi")
    page.goto(case_url)
    page.fill("#id_override_reason", "Người bệnh yêu cầu chuyên gia đối chiếu hồ sơ gốc")
    page.click("button >> text=Cho phép gửi")
    expect(page.locator("#identifiers")).to_contain_text("Người bệnh yêu cầu chuyên gia đối chiếu")
    page.click("button >> text=Gửi chuyên gia")
    expect(page.locator("h1")).to_contain_text("Đã gửi")
