"""Likely duplicates of an activity, and merging two into one with an undo from the audit trail."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from medcoop.activities.duplicates import likely_duplicates
from medcoop.activities.models import Activity, ActivityPartner, Figure
from medcoop.activities.services import merge_activities, save_activity, undo_activity_merge
from medcoop.audit.merging import merges_of
from medcoop.conftest import make_partner
from medcoop.core.models import FigureMetric


def proposed(owner, title, start=None, end=None, kind="training"):
    return Activity(owner=owner, kind_id=kind, title=title, start_on=start, end_on=end)


def test_the_same_partner_with_overlapping_dates_is_a_likely_duplicate(hospital_a, partner_of_a, activity_of_a):
    same = proposed(hospital_a, "Khóa đào tạo xạ trị", date(2025, 3, 1), date(2025, 3, 5))
    assert [d.record for d in likely_duplicates(same, {partner_of_a.pk})] == [activity_of_a]
    undated = proposed(hospital_a, "Đào tạo xạ trị cùng Gustave Roussy")
    assert [d.record for d in likely_duplicates(undated, {partner_of_a.pk})] == [activity_of_a]


def test_other_years_or_other_partners_are_not_duplicates(hospital_a, partner_of_a, activity_of_a):
    later = proposed(hospital_a, "Đào tạo xạ trị", date(2027, 3, 1))
    assert likely_duplicates(later, {partner_of_a.pk}) == []
    nevers = make_partner(hospital_a, "Bệnh viện Nevers")
    assert likely_duplicates(proposed(hospital_a, "Đào tạo xạ trị", date(2025, 3, 1)), {nevers.pk}) == []
    assert likely_duplicates(activity_of_a, {partner_of_a.pk}) == []  # not its own duplicate


def _rows_of(*activities) -> dict:
    """Each activity's specialties, partner rows and figure rows, by id: what a merge moves and its undo restores."""
    return {
        a.pk: (
            set(Activity.objects.get(pk=a.pk).specialties.values_list("code", flat=True)),
            set(ActivityPartner.objects.filter(activity=a.pk).values_list("pk", "organization", "role")),
            set(Figure.objects.filter(activity=a.pk).values_list("pk", "metric", "value")),
        )
        for a in activities
    }


def test_merging_activities_moves_partners_and_figures_and_undo_restores_them(
    coordinator_a, hospital_a, partner_of_a, activity_of_a
):
    nevers = make_partner(hospital_a, "Bệnh viện Nevers")
    staff = FigureMetric.objects.get(code="staff_trained")
    copy = save_activity(
        coordinator_a,
        Activity(owner=hospital_a, kind_id="training", title="Bản sao", place="Hà Nội", source_reference="article #7"),
        partners=[{"organization": partner_of_a, "role": "implementer"}, {"organization": nevers, "role": "host"}],
        figures=[
            {"metric": staff, "value": 660},
            {"metric": FigureMetric.objects.get(code="training_programs"), "value": 7},
        ],
    )
    copy.specialties.set(["oncology", "cardiology"])
    activity_of_a.specialties.set(["oncology"])
    before = _rows_of(activity_of_a, copy)
    event = merge_activities(coordinator_a, activity_of_a, copy)
    activity_of_a.refresh_from_db()
    assert not Activity.objects.filter(pk=copy.pk).exists()
    assert set(activity_of_a.partners.values_list("organization", "role")) == {
        (partner_of_a.pk, "implementer"),
        (nevers.pk, "host"),
    }
    assert sorted(activity_of_a.figures.values_list("metric", flat=True)) == ["staff_trained", "training_programs"]
    assert activity_of_a.place == "Hà Nội" and activity_of_a.start_on == date(2025, 3, 1)
    assert set(activity_of_a.specialties.values_list("code", flat=True)) == {"oncology", "cardiology"}

    restored = undo_activity_merge(coordinator_a, activity_of_a, event)
    activity_of_a.refresh_from_db()
    assert restored.pk == copy.pk and activity_of_a.place == ""
    after = _rows_of(activity_of_a, copy)
    assert after == before and merges_of(activity_of_a) == []


def test_who_may_not_merge_activities_changes_nothing(users, coordinator_b, hospital_a, activity_of_a):
    copy = Activity.objects.create(owner=hospital_a, kind_id="training", title="Bản sao")
    for user in [coordinator_b, *[u for role, u in users.items() if role != "coordinator"]]:
        with pytest.raises(PermissionDenied):
            merge_activities(user, activity_of_a, copy)
    assert Activity.objects.filter(pk__in=[copy.pk, activity_of_a.pk]).count() == 2
    assert ActivityPartner.objects.filter(activity=activity_of_a).count() == 1


def test_the_activity_form_and_api_show_the_likely_duplicate_before_saving(
    client, coordinator_a, hospital_a, partner_of_a, activity_of_a
):
    from django.urls import reverse

    from medcoop.accounts.tokens import create_token
    from medcoop.conftest import formset_data

    client.force_login(coordinator_a)
    url = reverse("activity-create")
    token = client.get(url).context["form_token"]
    data = {
        "kind": "training",
        "title": "Đào tạo xạ trị",
        "start": "01/03/2025",
        "status": "done",
        "direction": "inbound",
        "form_token": token,
        **formset_data("partners", [{"organization": partner_of_a.pk, "role": "implementer"}]),
        **formset_data("figures", []),
    }
    shown = client.post(url, data)
    assert shown.status_code == 400 and activity_of_a.get_absolute_url() in shown.content.decode()
    assert Activity.objects.count() == 1
    assert client.post(url, {**data, "save_anyway": "1"}).status_code == 302
    assert Activity.objects.count() == 2

    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(coordinator_a, 'test')[1]}"}
    body = {
        "kind": "training",
        "title": "Đào tạo xạ trị",
        "start": "03/2025",
        "partners": [{"organization": partner_of_a.pk, "role": "implementer"}],
    }
    refused = client.post("/api/activities/", body, content_type="application/json", **headers)
    assert refused.status_code == 409 and activity_of_a.pk in [d["id"] for d in refused.json()["duplicates"]]
    assert Activity.objects.count() == 2
    body["confirm_duplicates"] = True
    assert client.post("/api/activities/", body, content_type="application/json", **headers).status_code == 201


def test_the_activity_merge_page_merges_a_likely_duplicate(
    client, coordinator_a, hospital_a, partner_of_a, activity_of_a
):
    from django.urls import reverse

    copy = save_activity(
        coordinator_a,
        Activity(owner=hospital_a, kind_id="training", title="Đào tạo xạ trị", start_on=date(2025, 3, 1)),
        partners=[{"organization": partner_of_a, "role": "implementer"}],
    )
    client.force_login(coordinator_a)
    url = reverse("activity-merge", args=[activity_of_a.pk])
    assert url in client.get(activity_of_a.get_absolute_url()).content.decode()
    assert copy in client.get(url).context["likely"]
    assert client.post(url, {"merged": copy.pk}).status_code == 302
    assert not Activity.objects.filter(pk=copy.pk).exists()


def test_a_merged_activitys_title_stays_with_the_kept_one_until_the_merge_is_undone(
    client, coordinator_a, hospital_a, partner_of_a, activity_of_a
):
    copy = save_activity(
        coordinator_a,
        Activity(owner=hospital_a, kind_id="conference", title="Hội thảo ung thư phổi Lyon"),
        partners=[{"organization": partner_of_a, "role": "host"}],
    )
    # recorded again under the old title: without it, the kept activity would not be proposed (another title)
    again = proposed(hospital_a, "Hội thảo ung thư phổi tại Lyon", date(2025, 3, 1), kind="conference")
    partners = {partner_of_a.pk, make_partner(hospital_a, "Bệnh viện Nevers").pk}
    assert activity_of_a not in [d.record for d in likely_duplicates(again, partners)]
    event = merge_activities(coordinator_a, activity_of_a, copy)
    activity_of_a.refresh_from_db()
    assert activity_of_a.aliases == ["Hội thảo ung thư phổi Lyon"] and activity_of_a.title == "Đào tạo xạ trị"
    assert list(Activity.objects.search("hoi thao ung thu phoi")) == [activity_of_a]
    assert [d.record for d in likely_duplicates(again, partners)] == [activity_of_a]
    client.force_login(coordinator_a)
    assert "Hội thảo ung thư phổi Lyon" in client.get(activity_of_a.get_absolute_url()).content.decode()

    undo_activity_merge(coordinator_a, activity_of_a, event)
    activity_of_a.refresh_from_db()
    assert activity_of_a.aliases == []
    assert list(Activity.objects.search("hoi thao ung thu phoi")) == [Activity.objects.get(pk=copy.pk)]
    assert activity_of_a not in [d.record for d in likely_duplicates(again, partners)]
