"""One Chromium for the whole test session; each test gets a fresh context on the live server with the demo."""

import os
from pathlib import Path

import pytest

from medcoop.core.vocabulary import load_vocabularies
from medcoop.devtools.demo import load_demo

from .browsing import CHROMIUM, CHROMIUM_ARGS


def pytest_collection_modifyitems(config, items):
    """Without Debian's chromium a developer's run skips the browser tests; CI installs it and requires it."""
    if Path(CHROMIUM).exists() or os.environ.get("CI"):
        return
    skip = pytest.mark.skip(reason="Debian's chromium is not installed (CI installs it and requires it)")
    for item in items:
        if item.path.is_relative_to(Path(__file__).parent):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, transactional_db):
    load_vocabularies()  # a live-server test empties the tables after each test, the migration's data too
    load_demo()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    page = context.new_page()
    refused = []  # what the Content-Security-Policy blocked: a page relying on inline script would show here
    page.on("console", lambda message: "Content Security Policy" in message.text and refused.append(message.text))
    yield page
    context.close()
    assert not refused, refused
