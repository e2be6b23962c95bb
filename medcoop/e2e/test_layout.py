"""Layouts that hold at a laptop's, a small laptop's and a phone's width (issue 23): the grouped menu fits one line,
no card is pushed wider by what it holds, the page never scrolls sideways, and calendar entries are readable.
The 1366 px and 390 px screenshots are the README's gallery (docs/gallery-*.png)."""

import shutil
from pathlib import Path

from playwright.sync_api import expect

from .browsing import SCREENSHOTS, log_in, snap

DOCS = Path(__file__).resolve().parents[2] / "docs"
WIDTHS = (1366, 1024, 390)
PAGES = ("/dashboard/", "/activities/", "/consultations/sessions/")

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


def test_menu_cards_and_calendar_hold_at_three_widths(page):
    log_in(page, "dieuphoi")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for path in PAGES:
            page.goto(path)
            wide = page.evaluate(OVERFLOWS)
            assert wide == [], (width, path, wide)
            menu = page.evaluate(MENU)
            assert menu["lines"] == 1 and menu["overflow"] <= 0, (width, path, menu)
            assert menu["bar"] <= (110 if width < 640 else 60), (width, path, menu)  # brand and account, then menu
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
    for width in (1366, 390):
        shutil.copy(SCREENSHOTS / f"layout-dashboard-{width}.png", DOCS / f"gallery-dashboard-{width}.png")
