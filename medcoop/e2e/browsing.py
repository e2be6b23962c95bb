"""What every browser test does: log in as a demo user (with the second factor), take a screenshot, log out."""

import base64
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
# The machine's network is closed: Chromium must not try to reach Google's services at start.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
DEMO_PASSWORD = "medcoop-demo-2026"


def snap(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def log_in(page, username: str) -> None:
    page.goto("/login/")
    snap(page, "01-login")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)
    if "/account/two-factor/" in page.url:
        give_second_factor(page, username)


def give_second_factor(page, username: str) -> None:
    """What the person does with their authenticator app: on the first login scan the key the page shows (read
    here from the page) and keep the recovery codes; later, type the app's code."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    snap(page, "02-two-factor")
    if page.locator("#totp-secret").count():
        key = base64.b32decode(page.text_content("#totp-secret").strip())
    else:
        device = TOTPDevice.objects.get(user__username=username, confirmed=True)
        key = device.bin_key
        while TOTP(key).t() <= device.last_t:  # a code is accepted once; the app shows the next in a moment
            time.sleep(1)
    page.fill("#id_code", f"{TOTP(key).token():06d}")
    page.click("button[type=submit]")
    if page.locator("#recovery-codes").count():
        assert page.locator("#recovery-codes li").count() == 10
        page.click("a.button.primary")
    page.wait_for_url(lambda url: "/account/two-factor/" not in url)


def open_from_menu(page, url: str) -> None:
    """Go to a page by the menu, as a person does: open the group that holds it (a group of one is a link)."""
    group = page.locator(f".menu-group:has(a[href='{url}'])")
    if group.count():
        group.locator("summary").click()
    page.click(f".menu a[href='{url}']")


def log_out(page) -> None:
    page.click("button >> text=/Đăng xuất|Log out/")
    page.wait_for_url("**/login/")
