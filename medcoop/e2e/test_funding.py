"""Funding in a real browser: the 108 Military Central Hospital's coordinator records a grant in USD with two
disbursements; the dashboard shows what was committed and disbursed per currency beside the demo's Belgian
grant in EUR, and the IATI export carries the transactions, valid against the IATI schema."""

from lxml import etree
from okfn_iati.iati_schema_validator import IatiValidator

from .browsing import log_in, open_from_menu, snap


def test_a_funding_with_two_disbursements_on_the_dashboard_and_in_iati(page):
    from playwright.sync_api import expect

    log_in(page, "dieuphoi108")
    open_from_menu(page, "/funding/")
    page.wait_for_url("**/funding/")
    page.click("text=Thêm mới")
    page.fill("#id_title", "Tài trợ đào tạo y học hạt nhân")
    page.select_option("#id_donor", label="Đại học Y Greifswald")
    page.fill("#id_amount", "2.000.000")
    page.select_option("#id_currency", "USD")
    page.fill("#id_committed_on", "10/01/2025")
    page.select_option("#id_activity", label="Tiếp nhận sinh viên y khoa King's College London")
    for row, (day, amount) in enumerate((("15/03/2025", "1.200.000"), ("20/09/2025", "300.000,50"))):
        page.select_option(f"#id_transactions-{row}-kind", "3")
        page.fill(f"#id_transactions-{row}-date", day)
        page.fill(f"#id_transactions-{row}-amount", amount)
    page.click("form.record-form button[type=submit]")
    page.wait_for_url("**/funding/*/")
    expect(page.locator("#transactions tbody tr")).to_have_count(2)
    snap(page, "funding-detail")

    open_from_menu(page, "/dashboard/")
    flows = page.locator("#funding-flows")
    usd, eur = flows.locator("tr[data-currency=USD]"), flows.locator("tr[data-currency=EUR]")
    expect(usd.locator("[data-total=committed]")).to_have_text("2.000.000")
    expect(usd.locator("[data-total=disbursed]")).to_have_text("1.500.000,5")
    expect(usd.locator("[data-total=spent]")).to_have_text("0")
    expect(eur.locator("[data-total=committed]")).to_have_text("13.500.000")  # the Belgian cyclotron grant
    snap(page, "funding-dashboard")

    xml = page.request.get("/activities/?export=iati").body()
    valid, errors = IatiValidator("2.03").validate_xml(xml.decode("utf-8"))
    assert valid, errors
    moves = [
        (t.findtext("provider-org/narrative"), t.find("transaction-type").get("code"), t.find("value").text)
        for t in etree.fromstring(xml).iter("transaction")
        if t.find("value").get("currency") == "USD"
    ]
    assert moves == [
        ("Đại học Y Greifswald", "11", "2000000.00"),
        ("Đại học Y Greifswald", "3", "1200000.00"),
        ("Đại học Y Greifswald", "3", "300000.50"),
    ]
