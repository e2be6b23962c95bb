"""Technique transfer in a real browser: Bệnh viện K's coordinator records a technique Gustave Roussy hands
over, takes it milestone by milestone to "mastered", and finds it in the year's list of techniques mastered."""

from django.utils import timezone

from .browsing import log_in, open_from_menu, snap

TECHNIQUE = "Xạ trị hướng dẫn bằng hình ảnh (IGRT)"


def test_a_technique_followed_to_mastered(page):
    from playwright.sync_api import expect

    year = timezone.localdate().year
    log_in(page, "dieuphoi")
    open_from_menu(page, "/activities/techniques/")
    page.click("text=Thêm mới")
    page.fill("#id_technique", TECHNIQUE)
    page.select_option("#id_specialty", "oncology")
    page.select_option("#id_source", label="Viện Gustave Roussy")
    page.fill("#id_experts", "Chuyên gia vật lý xạ trị Viện Gustave Roussy")
    page.fill("#id_taught_planned_on", f"01/02/{year}")
    page.fill("#id_mastered_planned_on", f"30/11/{year}")
    page.click("form.record-form button[type=submit]")
    expect(page.locator("#stage")).to_have_text("Dự kiến")
    for day, stage in (
        ("03/02", "Đã được hướng dẫn"),
        ("10/03", "Ca đầu tiên có giám sát"),
        ("05/05", "Ca độc lập đầu tiên"),
    ):
        page.fill("#milestone-form #id_on", f"{day}/{year}")
        page.click("#milestone-form button")
        expect(page.locator("#stage")).to_have_text(stage)
    page.fill("#cases-form #id_cases", "18")
    page.click("#cases-form button")
    expect(page.locator("#cases")).to_have_text("18")
    page.fill("#milestone-form #id_on", f"20/10/{year}")
    page.click("#milestone-form button")
    expect(page.locator("#stage")).to_have_text("Đã làm chủ")
    expect(page.locator("#milestone-form")).to_have_count(0)
    expect(page.locator("#milestones")).to_contain_text(f"20/10/{year}")
    snap(page, "technique-mastered")
    page.goto(f"/activities/techniques/mastered/?year={year}")
    row = page.locator("#mastered tr", has_text=TECHNIQUE)
    expect(row).to_contain_text("Viện Gustave Roussy")
    expect(row).to_contain_text("18")
