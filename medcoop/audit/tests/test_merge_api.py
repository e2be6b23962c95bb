"""The API's merges (audit.merge_api): organizations and activities merged and unmerged through the merge page's
services, audited; and, tried as an attacker, every way a user who may not merge, or a merge that must not be,
answers 400 or 404 and changes nothing."""

import pytest

from medcoop.activities.models import Activity, ActivityPartner
from medcoop.conftest import make_partner, make_user
from medcoop.core.models import AuditEvent
from medcoop.core.permissions import Role
from medcoop.core.tests.test_api import bearer
from medcoop.organizations.models import Organization


def post(client, user, url, body=None):
    return client.post(url, body or {}, content_type="application/json", **bearer(user))


def state() -> dict:
    """Every stored organization, activity and partner row, and the audit's merges: what a refused call leaves."""
    return {
        "organizations": list(Organization.objects.order_by("pk").values()),
        "activities": list(Activity.objects.order_by("pk").values()),
        "partners": list(ActivityPartner.objects.order_by("pk").values()),
        "merges": AuditEvent.objects.filter(action__in=["merge", "unmerge"]).count(),
    }


@pytest.fixture
def organization_copy(hospital_a, activity_of_a):
    """A's partner recorded a second time, with an activity's role pointing at the copy."""
    copy = make_partner(hospital_a, "Institut Gustave-Roussy", aliases=["IGR"])
    ActivityPartner.objects.create(activity=activity_of_a, organization=copy, role="funder")
    return copy


@pytest.fixture
def activity_copy(hospital_a, partner_of_a):
    copy = Activity.objects.create(owner=hospital_a, kind_id="training", title="Khóa xạ trị cùng Gustave Roussy")
    ActivityPartner.objects.create(activity=copy, organization=partner_of_a, role="host")
    return copy


def test_an_organization_is_merged_through_the_api_audited_and_undone(
    client, coordinator_a, partner_of_a, organization_copy, activity_of_a
):
    merged = post(
        client, coordinator_a, f"/api/organizations/{partner_of_a.pk}/merge", {"merged": organization_copy.pk}
    )
    assert merged.status_code == 200, merged.json()
    answer = merged.json()
    assert (answer["kept"], answer["merged"]) == (partner_of_a.pk, organization_copy.pk)
    assert not Organization.objects.filter(pk=organization_copy.pk).exists()
    partner_of_a.refresh_from_db()
    assert {"Institut Gustave-Roussy", "IGR"} <= set(partner_of_a.aliases)
    assert ActivityPartner.objects.filter(activity=activity_of_a, organization=partner_of_a, role="funder").exists()
    entry = AuditEvent.objects.get(pk=answer["merge"])
    assert (entry.action, entry.actor, entry.object_id) == ("merge", coordinator_a, str(partner_of_a.pk))
    listed = client.get(f"/api/organizations/{partner_of_a.pk}/merges", **bearer(coordinator_a)).json()
    assert [m["merge"] for m in listed] == [entry.pk]

    undone = post(client, coordinator_a, f"/api/organizations/{partner_of_a.pk}/merges/{entry.pk}/undo")
    assert undone.status_code == 200 and undone.json()["restored"] == organization_copy.pk
    partner_of_a.refresh_from_db()
    assert "IGR" not in partner_of_a.aliases
    assert ActivityPartner.objects.filter(organization=organization_copy.pk, role="funder").exists()
    again = post(client, coordinator_a, f"/api/organizations/{partner_of_a.pk}/merges/{entry.pk}/undo")
    assert again.status_code == 400 and again.json()["message"]
    assert client.get(f"/api/organizations/{partner_of_a.pk}/merges", **bearer(coordinator_a)).json() == []
    assert AuditEvent.objects.filter(action="unmerge", actor=coordinator_a).count() == 1


def test_an_activity_merged_through_the_api_keeps_the_title_and_undo_takes_it_back(
    client, coordinator_a, activity_of_a, activity_copy
):
    merged = post(client, coordinator_a, f"/api/activities/{activity_of_a.pk}/merge", {"merged": activity_copy.pk})
    assert merged.status_code == 200, merged.json()
    activity_of_a.refresh_from_db()
    assert activity_of_a.aliases == ["Khóa xạ trị cùng Gustave Roussy"]
    assert list(Activity.objects.search("khoa xa tri cung gustave")) == [activity_of_a]
    undone = post(client, coordinator_a, f"/api/activities/{activity_of_a.pk}/merges/{merged.json()['merge']}/undo")
    assert undone.status_code == 200
    activity_of_a.refresh_from_db()
    assert activity_of_a.aliases == []
    assert Activity.objects.get(pk=activity_copy.pk).title == "Khóa xạ trị cùng Gustave Roussy"


@pytest.mark.parametrize("kind", ["organizations", "activities"])
def test_who_may_not_merge_gets_404_from_the_api_and_nothing_changes(
    client, users, coordinator_a, coordinator_b, partner_of_a, organization_copy, activity_of_a, activity_copy, kind
):
    keep, merged = (partner_of_a, organization_copy) if kind == "organizations" else (activity_of_a, activity_copy)
    outsiders = [coordinator_b, *[user for role, user in users.items() if role != Role.COORDINATOR]]
    for user in outsiders:  # another institution, clinician, leadership, partner expert, ministry, administrator
        answer = post(client, user, f"/api/{kind}/{keep.pk}/merge", {"merged": merged.pk})
        assert answer.status_code in (403, 404), (user.role, answer.status_code)
        assert client.get(f"/api/{kind}/{keep.pk}/merges", **bearer(user)).status_code in (403, 404)
    assert Organization.objects.filter(pk=organization_copy.pk).exists()
    assert Activity.objects.filter(pk=activity_copy.pk).exists()
    assert not AuditEvent.objects.filter(action="merge").exists()

    entry = post(client, coordinator_a, f"/api/{kind}/{keep.pk}/merge", {"merged": merged.pk}).json()["merge"]
    before = state()
    for user in outsiders:  # nor undo A's merge
        answer = post(client, user, f"/api/{kind}/{keep.pk}/merges/{entry}/undo")
        assert answer.status_code in (403, 404), (user.role, answer.status_code)
    assert state() == before
    colleague = make_user("coord2", Role.COORDINATOR, coordinator_a.organization)  # the same rule as the page
    assert post(client, colleague, f"/api/{kind}/{keep.pk}/merges/{entry}/undo").status_code == 200


def test_merges_that_must_not_be_are_refused_and_change_nothing(
    client,
    admin_user,
    coordinator_a,
    hospital_a,
    hospital_b,
    partner_of_a,
    partner_of_b,
    organization_copy,
    activity_of_a,
    activity_copy,
):
    activity_of_b = Activity.objects.create(owner=hospital_b, kind_id="training", title="Đào tạo xạ trị")
    org_url, activity_url = f"/api/organizations/{partner_of_a.pk}", f"/api/activities/{activity_of_a.pk}"
    before = state()
    itself = post(client, coordinator_a, f"{org_url}/merge", {"merged": partner_of_a.pk})
    assert itself.status_code == 400 and itself.json()["message"]
    assert post(client, coordinator_a, f"{activity_url}/merge", {"merged": activity_of_a.pk}).status_code == 400
    # another institution's partner, either way round
    assert post(client, coordinator_a, f"{org_url}/merge", {"merged": partner_of_b.pk}).status_code == 404
    assert (
        post(
            client, coordinator_a, f"/api/organizations/{partner_of_b.pk}/merge", {"merged": partner_of_a.pk}
        ).status_code
        == 404
    )
    # no token: 401; a superuser (who may change every record) still merges only within one registry
    assert (
        client.post(f"{org_url}/merge", {"merged": organization_copy.pk}, content_type="application/json").status_code
        == 401
    )
    assert post(client, admin_user, f"{org_url}/merge", {"merged": partner_of_b.pk}).status_code == 400
    assert post(client, admin_user, f"{activity_url}/merge", {"merged": activity_of_b.pk}).status_code == 400
    # the institution itself is never merged away into a partner
    member = post(client, coordinator_a, f"{org_url}/merge", {"merged": hospital_a.pk})
    assert member.status_code == 400 and member.json()["message"]
    assert state() == before
    # an activity's id sent as the organization merged: only organizations are looked up there
    unrelated = activity_copy
    while Organization.objects.filter(pk=unrelated.pk).exists():
        unrelated = Activity.objects.create(owner=hospital_a, kind_id="training", title="Một hoạt động khác")
    before = state()
    assert post(client, coordinator_a, f"{org_url}/merge", {"merged": unrelated.pk}).status_code == 404
    # a body the schema refuses, and an undo of an entry that is not a merge into this record
    assert post(client, coordinator_a, f"{org_url}/merge", {"merged": "tất cả"}).status_code == 400
    entry = AuditEvent.objects.filter(model="organizations.Organization").order_by("pk").first()
    assert post(client, coordinator_a, f"{org_url}/merges/{entry.pk}/undo").status_code == 404
    assert state() == before

    first = post(client, coordinator_a, f"{org_url}/merge", {"merged": organization_copy.pk})
    assert first.status_code == 200
    twice = post(client, coordinator_a, f"{org_url}/merge", {"merged": organization_copy.pk})
    assert twice.status_code == 404
    other_record = post(client, coordinator_a, f"{activity_url}/merges/{first.json()['merge']}/undo")
    assert other_record.status_code == 404  # an organization's merge is not undone from an activity
    assert AuditEvent.objects.filter(action="merge").count() == 1
    assert not AuditEvent.objects.filter(action="unmerge").exists()


def test_a_duplicate_merged_meanwhile_is_not_merged_again(coordinator_a, partner_of_a, organization_copy):
    """The merge page opened twice: the second merge holds a copy already merged, and refuses."""
    from django.core.exceptions import PermissionDenied, ValidationError

    from medcoop.organizations.services import merge_organizations

    stale = Organization.objects.get(pk=organization_copy.pk)
    merge_organizations(coordinator_a, partner_of_a, organization_copy)
    before = state()
    with pytest.raises((ValidationError, PermissionDenied)):
        merge_organizations(coordinator_a, partner_of_a, stale)
    assert state() == before
