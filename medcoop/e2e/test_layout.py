"""Layouts that hold at a laptop's, a small laptop's and a phone's width (issue 23): on every page of the
coordinator's menu and the records a coordinator opens first, the grouped menu fits one line, no card is pushed
wider by what it holds, the page never scrolls sideways and axe-core finds no serious violation at that width;
calendar entries are readable. The 1366 px screenshots of the main pages and the dashboard's at 390 px are the
README's gallery (docs/gallery-*.png)."""

import shutil
from pathlib import Path

from playwright.sync_api import expect

from .browsing import SCREENSHOTS, log_in, snap
from .test_accessibility import AXE, SERIOUS

DOCS = Path(__file__).resolve().parents[2] / "docs"
WIDTHS = (1366, 1024, 390)
# The main pages of the README's gallery (name → how to reach it), beside every other page of the menu.
GALLERY = {
    "dashboard": "/dashboard/",
    "activities": "/activities/",
    "activity": "/activities/ first",
    "agreements": "/agreements/",
    "case": "/consultations/ first",
    "session": "/consultations/sessions/ first",
    "patients": "/patients/board/",
    "report": "/reports/annual/",
}
FIRST_RECORD = "() => document.querySelector('main table tbody a[href]').getAttribute('href')"

# What overflows: a card (or figure) whose content is wider than the card, or a page wider than the window.
OVERFLOWS = """() => {
  const wide = [...document.querySelectorAll('.card, .stat, .chart, .map')]
    .filter((card) => card.scrollWidth > card.clientWidth + 1)
    .map((card) => `${card.className} ${card.id}: ${card.scrollWidth} > ${card.clientWidth}`);
  if (document.documentElement.scrollWidth > window.innerWidth) {
    const out = [...document.body.querySelectorAll('*')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1
      && e.parentElement.getBoundingClientRect().right <= window.innerWidth + 1);
    wide.push(...out.slice(0, 3).map((e) => `page: ${e.tagName}.${e.className} ${e.textContent.slice(0, 30)}`));
  }
  return wide;
}"""
# The menu's headings: how many lines they take, and whether the menu is wider than its place.
MENU = """() => {
  const menu = document.querySelector('.menu');
  const tops = new Set([...menu.querySelectorAll(':scope > details > summary, :scope > a')].map((e) => Math.round(e.getBoundingClientRect().top)));
  const bar = document.querySelector('.topbar');
  return {lines: tops.size, overflow: menu.scrollWidth - menu.clientWidth, bar: bar.offsetHeight};
}"""
EVENT_WIDTHS = (
    "() => [...document.querySelectorAll('.calendar .event')].filter((e) => e.offsetParent).map((e) => e.clientWidth)"
)


def pages_to_check(page) -> dict[str, str]:
    """The gallery's pages and every page of the coordinator's menu (not Django's admin), by name → path."""
    pages = {}
    for name, where in GALLERY.items():
        path, _, first = where.partition(" ")
        if first:
            page.goto(path)
            path = page.evaluate(FIRST_RECORD)
        pages[name] = path
    menu = page.eval_on_selector_all(".menu a[href]", "links => links.map((a) => a.getAttribute('href'))")
    return pages | {url: url for url in menu if not url.startswith("/admin/") and url not in pages.values()}


def test_menu_cards_and_calendar_hold_at_three_widths(page):
    log_in(page, "dieuphoi")
    pages = pages_to_check(page)
    assert len(pages) >= 15, pages  # the gallery and the coordinator's menu
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for name, path in pages.items():
            page.goto(path)
            wide = page.evaluate(OVERFLOWS)
            menu = page.evaluate(MENU)
            page.evaluate(AXE.read_text() + ";0")
            serious = page.evaluate(SERIOUS)
            if (
                wide
                or serious
                or menu["lines"] != 1
                or menu["overflow"] > 0
                or menu["bar"] > (110 if width < 640 else 60)
            ):
                problems.append((width, path, wide, serious, menu))  # menu: brand and account, then the menu
            if width == 1366 and name in GALLERY:
                snap(page, f"gallery-{name}-1366")
        page.goto("/dashboard/")
        assert page.locator("#turnaround table").count(), "the demo's coordinator has turnaround figures"
        snap(page, f"layout-dashboard-{width}")
        events = page.evaluate(EVENT_WIDTHS)
        assert events and min(events) >= 70, (width, events)  # a few words, not "C…"
    # A group opens its pages; opening another closes it (the project's own script, no inline one).
    page.set_viewport_size({"width": 1366, "height": 900})
    page.click(".menu-group summary >> text=/Hợp tác|Registry/")
    page.click(".menu-group[open] a >> text=/Hoạt động|Activities/")
    page.wait_for_url("**/activities/")
    page.click(".menu-group summary >> text=/Báo cáo|Reports/")
    page.click(".menu-group summary >> text=/Hội chẩn|Consultations/")
    expect(page.locator(".menu-group[open]")).to_have_count(1)
    assert problems == [], problems
    for name in GALLERY:
        shutil.copy(SCREENSHOTS / f"gallery-{name}-1366.png", DOCS / f"gallery-{name}-1366.png")
    shutil.copy(SCREENSHOTS / "layout-dashboard-390.png", DOCS / "gallery-dashboard-390.png")
