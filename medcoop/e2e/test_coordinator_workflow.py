"""A coordinator's day in a real browser (Debian's Chromium driven by Playwright) on the demo registry.

Screenshots of the main pages are written to test-artifacts/screenshots/ for a person to look at.
"""

import re

from .browsing import log_in, log_out, open_from_menu, snap


def stat(page, metric: str) -> str:
    return page.locator(f'#figure-totals [data-metric="{metric}"] .value').inner_text()


def test_a_coordinator_finds_an_agreement_records_an_activity_and_sees_it_counted(page):
    from playwright.sync_api import expect

    log_in(page, "dieuphoi")
    expect(page.locator("h1")).to_contain_text("Bệnh viện K")
    trained_before = int(stat(page, "staff_trained").replace(".", ""))
    received_before = int(stat(page, "experts_received").replace(".", ""))
    snap(page, "02-dashboard")

    # Search as you type, without accents: the list narrows in place and the URL can be shared.
    open_from_menu(page, "/organizations/")
    page.wait_for_url("**/organizations/")
    page.wait_for_load_state()  # htmx binds the search box once the page has loaded
    page.fill("input[name=q]", "benh vien k")
    expect(page.locator("#results tbody tr")).to_have_count(1)
    expect(page.locator("#results")).to_contain_text("Bệnh viện K")
    expect(page).to_have_url(re.compile(r"/organizations/\?q=benh(\+|%20)vien(\+|%20)k$"))
    snap(page, "03-organizations-search")

    page.click("#results >> text=Bệnh viện K")
    page.click("text=Biên bản ghi nhớ hợp tác Bệnh viện K – Viện Gustave Roussy")
    expect(page.locator("h1")).to_contain_text("Gustave Roussy")
    expect(page.locator("body")).to_contain_text("Đang hiệu lực")
    snap(page, "04-agreement")

    page.click("text=Thêm hoạt động theo thỏa thuận này")
    page.select_option("#id_kind", "training")
    page.fill("#id_title", "Tập huấn xạ trị điều biến liều cùng Gustave Roussy")
    page.fill("#id_start", "15/01/2027")
    page.select_option("#id_figures-0-metric", "staff_trained")
    page.fill("#id_figures-0-value", "25")
    page.select_option("#id_figures-1-metric", "experts_received")
    page.fill("#id_figures-1-value", "2")
    snap(page, "05-activity-form")
    page.click("button[type=submit] >> text=Lưu")
    expect(page.locator("h1")).to_contain_text("Tập huấn xạ trị điều biến liều")
    expect(page.locator("body")).to_contain_text("Viện Gustave Roussy")
    snap(page, "06-activity")

    open_from_menu(page, "/dashboard/")
    assert int(stat(page, "staff_trained").replace(".", "")) == trained_before + 25
    assert int(stat(page, "experts_received").replace(".", "")) == received_before + 2
    snap(page, "07-dashboard-after")

    page.click("text=English")
    expect(page.locator("h1")).to_contain_text("Dashboard")
    expect(page.locator("#figure-totals")).to_contain_text("Staff trained")
    snap(page, "08-dashboard-english")
    page.click("text=Tiếng Việt")
    expect(page.locator("h1")).to_contain_text("Tổng quan")


def test_a_bad_figure_is_explained_on_its_row_in_vietnamese(page):
    from playwright.sync_api import expect

    log_in(page, "dieuphoi")
    page.goto("/activities/new/")
    page.select_option("#id_kind", "funding")
    page.fill("#id_title", "Tài trợ thiết bị")
    page.select_option("#id_figures-0-metric", "funding")
    page.fill("#id_figures-0-value", "1000")
    page.click("button[type=submit] >> text=Lưu")
    expect(page.locator(".row .field.invalid")).to_contain_text("Số tiền cần có loại tiền")
    snap(page, "09-activity-form-error")


def test_the_ministry_sees_every_institution_and_a_phone_can_read_it(page):
    from playwright.sync_api import expect

    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "boyte")
    expect(page.locator("h1")).to_contain_text("Tất cả các đơn vị")
    expect(page.locator("#partner-countries")).to_contain_text("Lào")
    snap(page, "10-dashboard-ministry-phone")

    # The API's interactive docs read the OpenAPI document without a parser error.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/api/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("MedCoop API")
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    expect(page.locator(".swagger-ui .errors-wrapper")).to_have_count(0)


def test_a_coordinator_reads_in_an_article_reviews_and_applies_it(page):
    from playwright.sync_api import expect

    log_in(page, "dieuphoi")
    open_from_menu(page, "/articles/")
    page.click("text=Thêm mới")
    page.fill(
        "#id_text",
        "Bệnh viện K hợp tác với Bệnh viện Đại học Leipzig\nTháng 3/2026, Bệnh viện K ký biên bản "
        "ghi nhớ với Bệnh viện Đại học Leipzig tại Đức. Bệnh viện Đại học Leipzig đã đào tạo cho "
        "18 lượt bác sĩ xạ trị của Bệnh viện K.",
    )
    page.click("button[type=submit] >> text=Đọc bài báo")
    expect(page.locator(".text mark.organizations").first).to_contain_text("Bệnh viện")
    expect(page.locator(".text mark.figures")).to_have_text("18")
    snap(page, "11-article-review")
    page.click("button[value=apply]")
    expect(page.locator(".message.success")).to_contain_text("Đã áp dụng: 1 tổ chức mới, 1 thỏa thuận, 1 hoạt động")
    page.goto("/organizations/?q=leipzig")
    expect(page.locator("#results tbody tr")).to_have_count(1)


def test_a_consultation_from_request_to_closing_with_a_french_expert(page, tmp_path):
    """A Vietnamese clinician asks, the French expert answers in English, the coordinator holds a session."""
    from playwright.sync_api import expect

    from medcoop.consultations.tests.conftest import make_dicom

    scan = tmp_path / "ct-phoi.dcm"
    scan.write_bytes(make_dicom())

    log_in(page, "bacsi")
    open_from_menu(page, "/consultations/")
    page.click("text=Thêm mới")
    page.select_option("#id_specialty", "oncology")
    page.select_option("#id_urgency", "urgent")
    page.check("text=Viện Gustave Roussy")
    page.check("text=Claire Martin")
    page.fill("#id_question", "Nốt phổi 1,5 cm sau điều trị: sinh thiết hay theo dõi?")
    page.select_option("#id_age_band", "65+")
    page.select_option("#id_sex", "male")
    page.fill("#id_findings", "CT ngực: nốt đặc 1,5 cm thùy dưới trái.")
    # Gustave Roussy's experts do not read Vietnamese: the clinician writes the question and summary in English
    page.fill("#id_question_translated", "Lung nodule of 1.5 cm after treatment: biopsy or follow-up?")
    page.fill("#id_summary_translated", "Man over 65. Chest CT: solid 1.5 cm nodule in the left lower lobe.")
    page.check("#id_translation_checked")
    page.click("button[type=submit] >> text=Lưu")
    expect(page.locator("h1")).to_contain_text("Dự thảo")
    page.set_input_files("#id_file", str(scan))
    page.click("button >> text=Đính kèm")
    expect(page.locator("body")).to_contain_text("DICOM 1")
    page.click("button >> text=Gửi chuyên gia")
    expect(page.locator(".message.error")).to_contain_text("đồng ý của người bệnh")  # not without consent
    expect(page.locator("h1")).to_contain_text("Dự thảo")
    page.click("a >> text=Ghi nhận đồng ý của người bệnh")
    expect(page.locator("input[name=countries][value=FR]")).to_be_checked()
    page.fill("#id_form_reference", "PĐY-2030-001")
    page.check("#id_informed")
    page.click("button[type=submit] >> text=Lưu")
    expect(page.locator("body")).to_contain_text("Còn hiệu lực")
    page.click("button >> text=Gửi chuyên gia")
    expect(page.locator("h1")).to_contain_text("Đã gửi")
    case_url = page.url
    snap(page, "12-consultation-submitted")
    log_out(page)

    log_in(page, "chuyengia")
    page.click("text=English")
    page.goto(case_url)
    expect(page.locator("#translated")).to_contain_text("nodule in the left lower lobe")  # in her language
    page.click("button >> text=Accept the case")
    page.fill("#id_text", "A CT-guided biopsy is advised before any treatment decision.")
    page.click("button >> text=Submit the opinion")
    expect(page.locator(".opinion")).to_contain_text("CT-guided biopsy")
    snap(page, "13-consultation-expert")
    log_out(page)

    log_in(page, "dieuphoi")
    page.goto("/consultations/sessions/new/")
    page.fill("#id_title", "Hội chẩn u phổi với Gustave Roussy")
    page.fill("#id_starts_at", "15/12/2030 15:00")
    page.fill("#id_meeting_url", "https://meet.example.org/tumour-board")
    page.check("#id_cases >> text=sinh thiết hay theo dõi")
    page.check("#id_participants >> text=Claire Martin")
    page.check("#id_participants >> text=Trần Văn Minh")
    page.click("button[type=submit] >> text=/Lưu|Save/")
    expect(page.locator("#session-time")).to_contain_text("15/12/2030 15:00")
    snap(page, "14-consultation-session")
    log_out(page)

    log_in(page, "bacsi")
    page.click("text=Tiếng Việt") if page.locator("button >> text=Tiếng Việt").count() else None
    page.goto(case_url)
    page.fill("#id_outcome", "Đã sinh thiết: viêm lao, điều trị nội khoa.")
    page.click("form[action$='/outcome/'] button")
    page.click("button >> text=Đóng ca")
    expect(page.locator("h1")).to_contain_text("Đã đóng")
    snap(page, "15-consultation-closed")
