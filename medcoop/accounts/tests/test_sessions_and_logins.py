"""Sessions end after 30 minutes idle or 12 hours in all; logins are throttled per account and per address;
passwords are hashed with Argon2."""

import time

import pytest
from django.contrib.auth.hashers import check_password, make_password
from django.test import Client, override_settings

from medcoop import settings as production
from medcoop.accounts.middleware import SEEN, STARTED
from medcoop.core.models import AuditEvent

PASSWORD = "pw-for-tests-1"


def age_session(client, **seconds_ago):
    session = client.session
    now = time.time()
    for key, ago in seconds_ago.items():
        session[{"started": STARTED, "seen": SEEN}[key]] = now - ago
    session.save()


@pytest.mark.django_db
def test_a_session_ends_after_thirty_minutes_without_a_request(client, users):
    client.force_login(users["clinician"])
    assert client.get("/dashboard/").status_code == 200
    age_session(client, seen=29 * 60)
    assert client.get("/dashboard/").status_code == 200
    age_session(client, seen=31 * 60)
    response = client.get("/dashboard/", follow=True)
    assert response.redirect_chain[0][0].startswith("/login/")
    assert "Phiên làm việc đã hết" in response.content.decode()
    assert AuditEvent.objects.filter(action="session_ended", actor=users["clinician"]).exists()


@pytest.mark.django_db
def test_a_session_ends_twelve_hours_after_the_login_even_when_busy(client, users):
    client.force_login(users["clinician"])
    client.get("/dashboard/")
    age_session(client, started=11 * 3600, seen=10)
    assert client.get("/dashboard/").status_code == 200
    age_session(client, started=12 * 3600 + 60, seen=10)
    assert client.get("/dashboard/")["Location"].startswith("/login/")


def fail(username: str, address: str) -> None:
    Client(REMOTE_ADDR=address).post("/login/", {"username": username, "password": "wrong password"})


def login(username: str, address: str):
    return Client(REMOTE_ADDR=address).post("/login/", {"username": username, "password": PASSWORD})


@pytest.mark.django_db
def test_five_failed_logins_lock_the_account_from_any_address(users):
    for _ in range(5):
        fail("clinician", "10.0.0.1")
    refused = login("clinician", "10.0.0.2")
    assert refused.status_code == 429
    assert "15 phút" in refused.content.decode()
    assert login("leader", "10.0.0.2").status_code == 302  # other accounts from that address still log in


@pytest.mark.django_db
def test_five_failed_logins_lock_the_address_whatever_the_account(users):
    for username in ["a1", "a2", "a3", "a4", "a5"]:
        fail(username, "10.0.0.9")
    assert login("leader", "10.0.0.9").status_code == 429
    assert login("leader", "10.0.0.10").status_code == 302
    assert AuditEvent.objects.filter(action="login_failed").count() >= 5


@pytest.mark.django_db
def test_fewer_failures_than_the_limit_do_not_lock(users):
    for _ in range(4):
        fail("clinician", "10.0.0.1")
    assert login("clinician", "10.0.0.1").status_code == 302


def test_passwords_are_hashed_with_argon2id():
    with override_settings(PASSWORD_HASHERS=production.PASSWORD_HASHERS):
        hashed = make_password("mật khẩu bệnh viện")
        assert hashed.startswith("argon2$argon2id$")
        assert check_password("mật khẩu bệnh viện", hashed)
