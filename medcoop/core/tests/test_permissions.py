"""The one permission layer: each role sees what DESIGN.md says, and nothing else answers but 404."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from medcoop.activities.models import Activity
from medcoop.agreements.models import Agreement
from medcoop.conftest import make_user
from medcoop.core.permissions import Role
from medcoop.organizations.models import Organization


@pytest.fixture
def records_of_b(hospital_b, partner_of_b):
    agreement = Agreement.objects.create(owner=hospital_b, title="MOU Đà Nẵng – Mahosot")
    activity = Activity.objects.create(owner=hospital_b, kind_id="training", title="Tập huấn nội soi")
    return {"organization-detail": partner_of_b, "agreement-detail": agreement, "activity-detail": activity}


@pytest.mark.parametrize("route", ["organization-detail", "agreement-detail", "activity-detail"])
def test_coordinator_of_a_gets_404_on_records_of_b(client, coordinator_a, records_of_b, route):
    client.force_login(coordinator_a)
    response = client.get(reverse(route, args=[records_of_b[route].pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("route", ["organization-detail", "agreement-detail", "activity-detail"])
def test_coordinator_of_b_sees_own_records(client, coordinator_b, records_of_b, route):
    client.force_login(coordinator_b)
    response = client.get(reverse(route, args=[records_of_b[route].pk]))
    assert response.status_code == 200
    assert str(records_of_b[route]) in response.content.decode()


@pytest.mark.parametrize("route", ["organization-detail", "agreement-detail", "activity-detail"])
def test_partner_expert_sees_none_of_the_registry(client, users, records_of_b, route):
    client.force_login(users[Role.PARTNER])
    assert client.get(reverse(route, args=[records_of_b[route].pk])).status_code == 404


def test_partner_expert_sees_not_even_their_own_organization(users, partner_of_a):
    partner = users[Role.PARTNER]
    assert partner.organization == partner_of_a
    assert not Organization.objects.visible_to(partner).exists()
    assert not Agreement.objects.visible_to(partner).exists()


def test_anonymous_visitor_is_sent_to_log_in(client, records_of_b):
    response = client.get(reverse("agreement-detail", args=[records_of_b["agreement-detail"].pk]))
    assert response.status_code == 302


@pytest.mark.parametrize("role", [Role.MINISTRY, Role.ADMIN])
def test_ministry_and_admin_read_every_institution(users, records_of_b, role):
    assert Agreement.objects.visible_to(users[role]).filter(pk=records_of_b["agreement-detail"].pk).exists()
    assert not Agreement.objects.editable_by(users[role]).exists()


@pytest.mark.parametrize("role", [Role.CLINICIAN, Role.LEADERSHIP])
def test_clinicians_and_leadership_read_but_do_not_change_their_institution(users, hospital_a, role):
    agreement = Agreement.objects.create(owner=hospital_a, title="MOU A")
    assert list(Agreement.objects.visible_to(users[role])) == [agreement]
    assert not Agreement.objects.editable_by(users[role]).exists()


def test_inactive_user_sees_nothing(hospital_a):
    user = make_user("gone", Role.COORDINATOR, hospital_a)
    user.is_active = False
    assert not Organization.objects.visible_to(user).exists()


def test_partner_cannot_open_the_admin(client, users):
    client.force_login(users[Role.PARTNER])
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.CLINICIAN, Role.LEADERSHIP, Role.MINISTRY])
def test_only_the_admin_role_reads_the_audit_log(client, users, role):
    client.force_login(users[role])
    assert client.get(reverse("admin:core_auditevent_changelist")).status_code == 302  # to the admin's login
    client.force_login(users[Role.ADMIN])
    assert client.get(reverse("admin:core_auditevent_changelist")).status_code == 200


# Where a user's role may be compared: the querysets and predicates that are the permission layer, and User.save.
ROLE_CHECK = re.compile(r"\buser\.role\b\s*(==|!=|in\b|not\b)")
MAY_COMPARE_ROLES = ("/core/permissions.py", "/rules.py", "/authorization.py", "/models.py", "/commands/demo.py")


def test_no_role_is_compared_outside_the_permission_layer():
    root = Path(__file__).resolve().parents[2]
    found = [
        f"{path.relative_to(root)}:{number}"
        for path in sorted(root.rglob("*"))
        if path.suffix in (".py", ".html")
        and "tests" not in path.parts
        and not path.as_posix().endswith(MAY_COMPARE_ROLES)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if ROLE_CHECK.search(line)
    ]
    assert not found, "ask a predicate or has_perm instead: " + ", ".join(found)
