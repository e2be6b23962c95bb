"""The admin site as an attacker tries it: the administrator's alone; no one raises themselves or anyone else to
superuser, groups or per-user permissions; registry and clinical records are not there; a permission row put in
the database by hand grants nothing."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import NoReverseMatch, reverse

from medcoop.agreements.models import Agreement
from medcoop.core.models import User
from medcoop.core.permissions import Role


def change_form_data(client, user) -> dict:
    """What the admin's change form for this user would post back unchanged."""
    form = client.get(reverse("admin:core_user_change", args=[user.pk])).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if name in form.fields and value is not None}
    data["organization"] = user.organization_id or ""
    data["is_active"] = "on" if user.is_active else ""
    return data


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.CLINICIAN, Role.LEADERSHIP, Role.MINISTRY, Role.PARTNER])
def test_no_role_but_the_administrator_opens_the_admin(client, users, role):
    user = users[role]
    assert not user.is_staff
    client.force_login(user)
    for url in ("/admin/", "/admin/core/user/", "/admin/core/auditevent/"):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], (role, url)


def test_the_administrator_cannot_raise_themselves_nor_change_their_own_role(client, users):
    admin = users[Role.ADMIN]
    client.force_login(admin)
    page = client.get(reverse("admin:core_user_change", args=[admin.pk]))
    assert page.status_code == 200
    fields = page.context["adminform"].form.fields
    assert not {"is_superuser", "groups", "user_permissions", "is_staff", "role"} & set(fields)
    data = change_form_data(client, admin)
    data.update(is_superuser="on", role=Role.COORDINATOR, user_permissions=[Permission.objects.first().pk])
    response = client.post(reverse("admin:core_user_change", args=[admin.pk]), data)
    assert response.status_code == 302
    admin.refresh_from_db()
    assert (admin.role, admin.is_superuser, admin.user_permissions.count()) == (Role.ADMIN, False, 0)


def test_the_administrator_grants_no_one_superuser_groups_or_permissions(client, users):
    clinician = users[Role.CLINICIAN]
    client.force_login(users[Role.ADMIN])
    data = change_form_data(client, clinician)
    data.update(is_superuser="on", is_staff="on", user_permissions=[Permission.objects.first().pk])
    data["role"] = Role.LEADERSHIP  # roles are the administrator's to give
    assert client.post(reverse("admin:core_user_change", args=[clinician.pk]), data).status_code == 302
    clinician = User.objects.get(pk=clinician.pk)
    assert clinician.role == Role.LEADERSHIP
    assert (clinician.is_superuser, clinician.is_staff, clinician.user_permissions.count()) == (False, False, 0)
    assert client.get("/admin/auth/group/").status_code == 404


def test_registry_clinical_records_and_the_identity_right_are_not_on_the_admin_site(client, users):
    client.force_login(users[Role.ADMIN])
    for name in (
        "activities_activity",
        "activities_trainingcourse",
        "agreements_agreement",
        "organizations_organization",
    ):
        with pytest.raises(NoReverseMatch):
            reverse(f"admin:{name}_add")
    for url in ("/admin/activities/activity/add/", "/admin/patients/", "/admin/consultations/"):
        assert client.get(url).status_code == 404, url
    index = client.get("/admin/").content.decode()
    assert "/admin/core/user/" in index and "/admin/accounts/memberinstitution/" in index


def test_a_permission_given_by_hand_in_the_database_grants_nothing(users, hospital_b):
    clinician = users[Role.CLINICIAN]
    agreement = Agreement.objects.create(owner=hospital_b, title="MOU B")
    clinician.user_permissions.add(*Permission.objects.filter(content_type__app_label="agreements"))
    clinician = User.objects.get(pk=clinician.pk)
    assert not clinician.has_perm("agreements.change_agreement", agreement)
    assert not clinician.has_perm("agreements.add_agreement")


def test_member_institutions_settings_are_kept_by_the_administrator(client, users, hospital_a, partner_of_a):
    client.force_login(users[Role.ADMIN])
    listed = client.get("/admin/accounts/memberinstitution/").content.decode()
    assert hospital_a.name in listed and partner_of_a.name not in listed


def test_a_coordinator_adds_no_activity_for_another_hospital_through_the_admin(client, coordinator_a, hospital_b):
    from medcoop.activities.models import Activity

    client.force_login(coordinator_a)
    data = {"owner": hospital_b.pk, "kind": "training", "title": "Khóa học giả", "start_on": "01/05/2025"}
    response = client.post("/admin/activities/activity/add/", data)
    assert response.status_code in (302, 404) and not Activity.objects.exists()
