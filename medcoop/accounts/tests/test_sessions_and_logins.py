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


@pytest.mark.django_db
def test_a_token_beside_another_persons_session_is_the_token_alone(users, coordinator_a):
    """TokenRequestMiddleware: a token refused is a 401 that leaves the session's clock as it was; a token
    accepted writes as its own user (the audit's actor); a token opens no page, so a session still waiting for
    its second factor stays there; the session's own writes keep their CSRF check."""
    import json
    from datetime import timedelta

    from django.utils import timezone

    from medcoop.accounts.models import ApiToken
    from medcoop.accounts.tokens import create_token

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(users["coordinator"])  # password only: the second factor not yet given
    age_session(browser, seen=5 * 60)
    before = dict(browser.session.items())
    revoked, expired = create_token(coordinator_a, "a"), create_token(coordinator_a, "b")
    ApiToken.objects.filter(pk=revoked[0].pk).update(revoked_at=timezone.now())
    ApiToken.objects.filter(pk=expired[0].pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    body = json.dumps({"name": "Viện Pasteur", "country": "FR"})
    events = AuditEvent.objects.count()
    for token in (revoked[1], expired[1], "mc_not-a-token", ""):
        bearer = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
        assert browser.get("/api/organizations/", **bearer).status_code == 401
        assert browser.post("/api/organizations/", body, content_type="application/json", **bearer).status_code in (
            401,
            403,
        )
    assert dict(browser.session.items()) == before and AuditEvent.objects.count() == events

    bearer = {"HTTP_AUTHORIZATION": f"Bearer {create_token(coordinator_a, 'script')[1]}"}
    made = browser.post("/api/organizations/", body, content_type="application/json", **bearer)
    assert made.status_code == 201
    assert AuditEvent.objects.latest("pk").actor == coordinator_a
    page = browser.get("/organizations/", **bearer)
    assert page.status_code == 302 and page["Location"].startswith("/account/two-factor/")

    verified = Client(enforce_csrf_checks=True)
    verified.force_login(users["leadership"])  # a role without a second factor
    assert verified.get("/api/organizations/").status_code == 200
    assert verified.post("/api/organizations/", body, content_type="application/json").status_code == 403
