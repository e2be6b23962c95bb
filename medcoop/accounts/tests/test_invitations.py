"""Partner experts are invited by e-mail with a link that works once and expires; they never see the user list."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from medcoop.accounts.models import Invitation
from medcoop.core.models import User
from medcoop.core.permissions import Role


def invite(client, partner, email="claire.martin@gustaveroussy.fr"):
    response = client.post("/account/invitations/", {"organization": partner.pk, "email": email})
    link = re.search(r"https?://\S+/invitations/(\S+)/", mail.outbox[-1].body)
    return response, link.group(0).split("/invitations/")[0] and f"/invitations/{link.group(1)}/"


@pytest.mark.django_db
def test_an_invited_expert_joins_once_as_a_partner_of_that_organization(client, coordinator_a, partner_of_a):
    client.force_login(coordinator_a)
    response, link = invite(client, partner_of_a)
    assert response.status_code == 302 and mail.outbox[-1].to == ["claire.martin@gustaveroussy.fr"]
    assert link.split("/")[-2] not in str(Invitation.objects.values_list("digest", flat=True))  # only its hash kept

    client.logout()
    joined = client.post(
        link, {"first_name": "Claire", "last_name": "Martin", "username": "cmartin", "password": "tumour-board-2026!"}
    )
    assert joined["Location"] == "/account/two-factor/"
    expert = User.objects.get(username="cmartin")
    assert (expert.role, expert.organization, expert.email) == (
        Role.PARTNER,
        partner_of_a,
        "claire.martin@gustaveroussy.fr",
    )

    client.logout()
    reused = client.get(link)
    assert reused.status_code == 410 and "đã được dùng hoặc đã hết hạn" in reused.content.decode()


@pytest.mark.django_db
def test_an_expired_link_is_refused_and_makes_no_account(client, coordinator_a, partner_of_a):
    client.force_login(coordinator_a)
    _response, link = invite(client, partner_of_a)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    client.logout()
    response = client.post(link, {"username": "late", "password": "tumour-board-2026!"})
    assert response.status_code == 410 and not User.objects.filter(username="late").exists()


@pytest.mark.django_db
def test_a_weak_password_is_refused_on_its_field(client, coordinator_a, partner_of_a):
    client.force_login(coordinator_a)
    _response, link = invite(client, partner_of_a)
    client.logout()
    response = client.post(link, {"username": "cmartin", "password": "123"})
    assert response.status_code == 200 and not User.objects.filter(username="cmartin").exists()
    assert "Mật khẩu" in response.content.decode() or "mật khẩu" in response.content.decode()


@pytest.mark.django_db
def test_a_coordinator_invites_only_for_their_own_institutions_partners(client, coordinator_b, partner_of_a):
    client.force_login(coordinator_b)
    response = client.post("/account/invitations/", {"organization": partner_of_a.pk, "email": "x@example.org"})
    assert response.status_code == 200 and not Invitation.objects.exists() and not mail.outbox


@pytest.mark.django_db
def test_only_coordinators_open_the_invitations_page(client, users):
    for role in ("clinician", "leadership", "partner", "ministry"):
        client.force_login(users[role])
        assert client.get("/account/invitations/").status_code == 404, role


@pytest.mark.django_db
def test_another_institutions_invitations_are_not_listed(client, coordinator_a, coordinator_b, partner_of_a):
    client.force_login(coordinator_a)
    invite(client, partner_of_a, "secret.expert@example.org")
    assert "secret.expert" in client.get("/account/invitations/").content.decode()
    client.force_login(coordinator_b)
    assert "secret.expert" not in client.get("/account/invitations/").content.decode()


@pytest.mark.django_db
def test_a_partner_expert_cannot_see_the_user_list(client, users):
    client.force_login(users["partner"])
    for url in ("/admin/core/user/", "/admin/"):
        response = client.get(url)
        assert response.status_code in (302, 403, 404) and "clinician" not in response.content.decode()
    assert client.get("/api/users/").status_code == 404
