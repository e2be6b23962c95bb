"""Delegations in a real browser: a coordinator takes a trip abroad from its request through every approval to
the decision letter, the trip and the report of results, and an inbound mission from its invitation letter to
the activity it produces. The detail page's screenshot is the README's (docs/delegations.png)."""

import io
import shutil
from datetime import timedelta
from pathlib import Path

from django.utils import timezone
from docx import Document

from .browsing import SCREENSHOTS, log_in, open_from_menu, snap

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _day(offset: int) -> str:
    return f"{timezone.localdate() + timedelta(days=offset):%d/%m/%Y}"


def _new_case(tab, *, kind, purpose, title, country, member, position, nationality=""):
    """A case typed on the form, dated in the recent past so its report of results can follow."""
    tab.goto("/delegations/new/")
    tab.select_option("#id_kind", kind)
    tab.select_option("#id_purpose", purpose)
    tab.fill("#id_title", title)
    tab.select_option("#id_country", country)
    tab.fill("#id_start_on", _day(-12))
    tab.fill("#id_end_on", _day(-8))
    tab.fill("#id_estimated_cost", "85.000.000")
    tab.fill("#id_members-0-name", member)
    tab.fill("#id_members-0-position", position)
    if nationality:
        tab.select_option("#id_members-0-nationality", nationality)
    tab.click("form.record-form button[type=submit]")
    tab.wait_for_url("**/delegations/*/")


def _through_the_chain_to_the_decision(tab, expect, number: str) -> None:
    tab.click("#submit-file")
    expect(tab.locator("#status")).to_have_text("Chờ phê duyệt")
    steps = tab.locator("#steps tr").count()
    assert steps == 4  # outside any plan: department, office, director and the governing body
    for _ in range(steps):
        tab.fill("#decide-form textarea", "Đồng ý")
        tab.click("#decide-form button")
        tab.wait_for_load_state()
    expect(tab.locator("#status")).to_have_text("Đã duyệt, chờ quyết định")
    tab.fill("#decision-form input[name=decision_number]", number)
    tab.fill("#decision-form input[name=decision_on]", _day(0))
    tab.click("#decision-form button")
    expect(tab.locator("#decision")).to_contain_text(number)


def _letter(tab, kind: str) -> Document:
    with tab.expect_download() as download:
        tab.click(f'#letters a[href$="/{kind}.docx"]')
    return Document(io.BytesIO(Path(download.value.path()).read_bytes()))


def _report(tab, expect, results: str) -> None:
    tab.fill("#report-form textarea", results)
    tab.click("#report-form button")
    expect(tab.locator("#status")).to_have_text("Đã báo cáo kết quả")


def test_a_trip_abroad_and_an_inbound_mission_from_request_to_report(page):
    from playwright.sync_api import expect

    log_in(page, "dieuphoi")
    open_from_menu(page, "/delegations/")
    page.wait_for_url("**/delegations/")
    expect(page.locator("#results")).to_contain_text("Đón chuyên gia Gustave Roussy hướng dẫn xạ trị")

    # Đoàn ra: a training course in France, outside the plan, so up to the governing body.
    _new_case(
        page,
        kind="outbound",
        purpose="training",
        title="Khóa đào tạo xạ trị lập thể tại Pháp",
        country="FR",
        member="Trần Văn Minh",
        position="Bác sĩ",
    )
    expect(page.locator("#warnings")).to_be_visible()  # the file is late: its deadline has passed
    request = _letter(page, "request")
    assert request.tables[0].rows[0].cells[1].paragraphs[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    _through_the_chain_to_the_decision(page, expect, "215/QĐ-BVK")
    decision = _letter(page, "decision")
    assert "Số: 215/QĐ-BVK" in decision.tables[0].rows[0].cells[0].text
    assert decision.tables[1].rows[1].cells[1].text == "Trần Văn Minh"
    snap(page, "20-delegation-decided")
    _report(page, expect, "Hoàn thành khóa đào tạo; đề xuất triển khai kỹ thuật xạ trị lập thể.")
    snap(page, "21-delegation-reported")
    DOCS.mkdir(exist_ok=True)
    shutil.copy(SCREENSHOTS / "21-delegation-reported.png", DOCS / "delegations.png")

    # Đoàn vào: a French expert mission, its visa invitation in English, then the activity it produced.
    _new_case(
        page,
        kind="inbound",
        purpose="expert_mission",
        title="Chuyên gia Pháp hướng dẫn xạ trị nhi",
        country="FR",
        member="Claire Martin",
        position="Prof.",
        nationality="FR",
    )
    invitation = _letter(page, "invitation_en")
    assert invitation.tables[0].rows[0].cells[1].paragraphs[0].text == "SOCIALIST REPUBLIC OF VIET NAM"
    assert invitation.tables[1].rows[1].cells[1].text == "Claire Martin"
    _through_the_chain_to_the_decision(page, expect, "216/QĐ-BVK")
    _report(page, expect, "Hướng dẫn 12 ca xạ trị nhi.")
    page.click("#activity-link")
    expect(page.locator("h1")).to_contain_text("Chuyên gia Pháp hướng dẫn xạ trị nhi")
    expect(page.locator("body")).to_contain_text("Chuyên gia nước ngoài đến")
