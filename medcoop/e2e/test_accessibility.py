"""Accessibility (issue 23): axe-core, installed from the npm registry at set-up (scripts/install-frontend), is
injected into the main pages of every role — the log-in page, each page of the role's menu, the first record of
each list and the forms the role fills in — and finds no serious or critical violation. The menu, the language
switch and the log-out are reached with the keyboard alone."""

from pathlib import Path

from playwright.sync_api import expect

from .browsing import log_in, log_out

AXE = Path(__file__).resolve().parents[2] / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
ROLES = ("dieuphoi", "bacsi", "lanhdao", "chuyengia", "boyte", "quantri")
FORMS = ("/organizations/new/", "/agreements/new/", "/activities/new/", "/consultations/new/", "/patients/new/")
# Violations that matter: what stops a person using a screen reader or the keyboard, or reading the text.
SERIOUS = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ') + ' ' + n.html.slice(0, 80)).join(' | ')}`);
}"""
FIRST_RECORD = (
    "() => { const a = document.querySelector('main table tbody a[href]'); return a && a.getAttribute('href'); }"
)


def violations(page, path: str) -> list[str]:
    if page.goto(path).status != 200:  # a form this role may not open (404) is not one of its pages
        return []
    page.evaluate(AXE.read_text() + ";0")  # through the debugger, so the page's Content-Security-Policy allows it
    return [f"{path} {line}" for line in page.evaluate(SERIOUS)]


def test_main_pages_of_every_role_have_no_serious_violation(page):
    assert AXE.exists(), "run scripts/install-frontend (the README's set-up) to install axe-core"
    found = violations(page, "/login/")
    for username in ROLES:
        log_in(page, username)
        menu = page.eval_on_selector_all(".menu a[href]", "links => links.map((a) => a.getAttribute('href'))")
        pages = [url for url in menu if not url.startswith("/admin/")]  # Django's admin is not MedCoop's page
        for url in list(pages):
            page.goto(url)
            record = page.evaluate(FIRST_RECORD)
            if record and record not in pages:
                pages.append(record)
        for url in pages + list(FORMS):
            found += [f"{username} {line}" for line in violations(page, url)]
        page.goto("/")
        log_out(page)
    assert found == [], "\n".join(found)


def test_menu_and_account_are_reached_by_keyboard(page):
    log_in(page, "dieuphoi")
    page.goto("/dashboard/")
    reached = []
    for _ in range(30):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("() => document.activeElement.textContent.trim()"))
    assert {"Hợp tác", "Đăng xuất", "English"} <= set(reached), reached
    page.focus(".menu-group summary >> text=Hợp tác")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/dashboard/" not in url)


def test_clerk_types_into_specialties_and_icd10(page):
    """A multiple choice shows what is chosen and is searched by typing; the diagnosis is found by words."""
    log_in(page, "dieuphoi")
    page.goto("/activities/new/")
    specialties = page.locator(".field:has(select[name=specialties]) .ts-control input")
    specialties.fill("nhi")
    page.locator(".ts-dropdown .option >> text=Nhi").first.click()
    expect(page.locator(".field:has(select[name=specialties]) .ts-control .item")).to_contain_text("Nhi")
    assert page.locator("select[name=specialties] option:checked").count() == 1
    # Tom Select's own words in the page's language: its remove button and the answer to a search that finds nothing
    assert page.get_attribute(".field:has(select[name=specialties]) .ts-control .item .remove", "title") == "Bỏ chọn"
    specialties.fill("zzqx")
    expect(page.locator(".ts-dropdown .no-results")).to_have_text("Không tìm thấy kết quả")
    page.goto("/patients/new/")
    page.locator(".field:has(input[name=diagnosis]) .ts-control input").fill("malignant bronchus")
    page.locator(".ts-dropdown .option >> text=C34.1").first.click()
    assert page.input_value("input[name=diagnosis]") == "C34.1"
