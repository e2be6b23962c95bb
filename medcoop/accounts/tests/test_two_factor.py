"""TOTP two-factor for the admin, coordinator and partner roles, with one-time recovery codes."""

import re

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from medcoop.core.models import AuditEvent

PASSWORD = "pw-for-tests-1"


def app_code(device: TOTPDevice) -> str:
    """What the authenticator app shows now, computed from the same secret."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def password_login(user) -> Client:
    browser = Client()
    assert browser.post("/login/", {"username": user.username, "password": PASSWORD}).status_code == 302
    return browser


def recovery_codes_on(response) -> list[str]:
    return re.findall(r"<li><code>(\w+)</code></li>", response.content.decode())


def set_up_authenticator(user) -> tuple[Client, TOTPDevice, list[str]]:
    """Log in with the password and confirm an authenticator: the browser, the device and the recovery codes."""
    browser = password_login(user)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=False)
    codes = recovery_codes_on(browser.post("/account/two-factor/", {"code": app_code(device)}))
    device.refresh_from_db()
    return browser, device, codes


@pytest.mark.django_db
def test_a_coordinator_sets_up_an_authenticator_before_reaching_any_page(coordinator_a):
    browser = password_login(coordinator_a)
    response = browser.get("/dashboard/")
    assert response.status_code == 302 and response["Location"].startswith("/account/two-factor/")

    setup = browser.get(response["Location"])
    assert "<svg" in setup.content.decode() and "totp-secret" in setup.content.decode()
    device = TOTPDevice.objects.get(user=coordinator_a, confirmed=False)

    wrong = browser.post("/account/two-factor/", {"code": "000000" if app_code(device) != "000000" else "111111"})
    assert "Mã không đúng" in wrong.content.decode()
    assert browser.get("/dashboard/").status_code == 302

    confirmed = browser.post("/account/two-factor/", {"code": app_code(device), "next": "/dashboard/"})
    codes = recovery_codes_on(confirmed)
    assert len(codes) == 10
    assert browser.get("/dashboard/").status_code == 200
    assert AuditEvent.objects.filter(action="two_factor", actor=coordinator_a).exists()


@pytest.mark.django_db
def test_a_recovery_code_works_once_in_place_of_the_app(coordinator_a):
    _browser, _device, codes = set_up_authenticator(coordinator_a)

    again = password_login(coordinator_a)
    assert "<svg" not in again.get("/account/two-factor/").content.decode()  # no new secret once set up
    assert again.post("/account/two-factor/", {"code": codes[0], "next": "/dashboard/"})["Location"] == "/dashboard/"
    assert again.get("/dashboard/").status_code == 200

    third = password_login(coordinator_a)
    assert "Mã không đúng" in third.post("/account/two-factor/", {"code": codes[0]}).content.decode()
    assert third.get("/dashboard/").status_code == 302
    assert AuditEvent.objects.filter(action="login_failed", actor=coordinator_a).exists()


@pytest.mark.django_db
def test_roles_that_only_read_log_in_with_the_password_alone(users):
    assert password_login(users["clinician"]).get("/dashboard/").status_code == 200
    assert password_login(users["ministry"]).get("/dashboard/").status_code == 200
    for role in ("coordinator", "partner", "admin"):
        assert password_login(users[role]).get("/consultations/").status_code == 302, role


@pytest.mark.django_db
def test_the_api_answers_401_to_a_session_without_the_second_factor(coordinator_a):
    response = password_login(coordinator_a).get("/api/activities/")
    assert response.status_code == 401 and response.json()["message"]


@pytest.mark.django_db
def test_the_next_address_cannot_send_the_user_to_another_site(coordinator_a):
    browser = password_login(coordinator_a)
    device = TOTPDevice.objects.create(user=coordinator_a, name="phone", confirmed=True)
    response = browser.post("/account/two-factor/", {"code": app_code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/"


def wait_out_throttling(user) -> None:
    """django-otp refuses even a right code for a moment after a wrong one; the test does not sleep it out."""
    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user=user).update(throttling_failure_count=0, throttling_failure_timestamp=None)


@pytest.mark.django_db
def test_a_verified_user_makes_new_recovery_codes_with_the_apps_code(coordinator_a):
    browser, device, first = set_up_authenticator(coordinator_a)
    assert "/account/recovery-codes/" in browser.get("/account/api-tokens/").content.decode()  # linked
    page = browser.get("/account/recovery-codes/").content.decode()
    assert "Còn 10 mã khôi phục" in page

    refused = browser.post("/account/recovery-codes/", {"code": first[1]})  # a recovery code is not enough
    assert refused.status_code == 400 and "Mã không đúng" in refused.content.decode()
    device.last_t = -1  # the app's code of this time step was already used for the set-up
    device.save()
    wait_out_throttling(coordinator_a)
    renewed = browser.post("/account/recovery-codes/", {"code": app_code(device)})
    second = recovery_codes_on(renewed)
    assert len(second) == 10 and not set(second) & set(first)
    assert AuditEvent.objects.filter(action="two_factor", changes__has_key="recovery codes").exists()

    again = password_login(coordinator_a)
    assert "Mã không đúng" in again.post("/account/two-factor/", {"code": first[2]}).content.decode()  # old: void
    wait_out_throttling(coordinator_a)
    assert again.post("/account/two-factor/", {"code": second[0], "next": "/"}).status_code == 302


@pytest.mark.django_db
def test_without_an_authenticator_there_is_no_recovery_page(client, users):
    client.force_login(users["clinician"])
    assert client.get("/account/recovery-codes/").status_code == 404
