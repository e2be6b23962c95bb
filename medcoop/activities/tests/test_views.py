"""The activity pages: the form with figures and partners on one page, lists by year, kind and partner."""

import re
from datetime import date
from decimal import Decimal

from django.urls import reverse

from medcoop.activities.models import Activity, ActivityPartner
from medcoop.conftest import formset_data, make_partner
from medcoop.core.locking import version_of


def activity_post(figures=(), partners=(), **fields):
    return {
        "kind": "funding",
        "title": "Tài trợ máy gia tốc",
        "direction": "inbound",
        "status": "done",
        "start": "2018",
        **fields,
        **formset_data("figures", list(figures)),
        **formset_data("partners", list(partners)),
    }


def test_an_activity_is_saved_with_two_figures_and_a_partner(client, coordinator_a, hospital_a, partner_of_a):
    client.force_login(coordinator_a)
    response = client.post(
        reverse("activity-create"),
        activity_post(
            [
                {"metric": "funding", "value": "13,5", "currency": "EUR", "note": "triệu"},
                {"metric": "experts_received", "value": "4"},
            ],
            [{"organization": partner_of_a.pk, "role": "funder"}],
            start="10/2017",
        ),
    )
    activity = Activity.objects.get()
    assert response.status_code == 302 and response["Location"] == activity.get_absolute_url()
    assert (activity.owner, activity.start_on, activity.start_precision) == (hospital_a, date(2017, 10, 1), "month")
    assert sorted(activity.figures.values_list("metric", "value", "unit", "currency")) == [
        ("experts_received", Decimal("4"), "people", ""),
        ("funding", Decimal("13.5"), "money", "EUR"),
    ]
    assert activity.partners.get().role == "funder"
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "13,5 EUR" in page and "10/2017" in page and "Viện Gustave Roussy" in page


def test_money_without_a_currency_is_refused_on_its_row_and_nothing_is_saved(client, coordinator_a, hospital_a):
    client.force_login(coordinator_a)
    response = client.post(reverse("activity-create"), activity_post([{"metric": "funding", "value": "1000"}]))
    assert response.status_code == 400
    row = response.context["formsets"]["figures"].forms[0]
    assert row.errors["currency"] == ["Số tiền cần có loại tiền (EUR, USD, VND…)."]
    assert not Activity.objects.exists()


def test_an_activity_opened_from_an_agreement_starts_under_it_with_its_partners(
    client, coordinator_a, agreement_of_a, partner_of_a
):
    client.force_login(coordinator_a)
    response = client.get(reverse("activity-create") + f"?agreement={agreement_of_a.pk}")
    assert response.context["form"]["agreement"].value() == agreement_of_a.pk
    assert response.context["formsets"]["partners"].initial == [
        {"organization": partner_of_a.pk, "role": "participant"}
    ]


def test_editing_replaces_the_figures(client, coordinator_a, activity_of_a, partner_of_a, agreement_of_a):
    client.force_login(coordinator_a)
    response = client.post(
        reverse("activity-edit", args=[activity_of_a.pk]),
        activity_post(
            [{"metric": "staff_trained", "value": "700"}],
            [{"organization": partner_of_a.pk, "role": "implementer"}],
            kind="training",
            title=activity_of_a.title,
            agreement=agreement_of_a.pk,
            version=version_of(activity_of_a),
        ),
    )
    assert response.status_code == 302
    assert list(activity_of_a.figures.values_list("value", flat=True)) == [Decimal("700")]


def test_lists_filter_by_year_kind_partner_and_agreement(
    client, coordinator_a, hospital_a, activity_of_a, agreement_of_a, partner_of_a
):
    other = Activity.objects.create(
        owner=hospital_a, kind_id="conference", title="Hội thảo 2019", start_on=date(2019, 5, 1)
    )
    client.force_login(coordinator_a)
    url = reverse("activity-list")

    def titles(**params):
        return [a.title for a in client.get(url, params).context["object_list"]]

    assert titles(year=2019) == [other.title]
    assert titles(kind="training") == [activity_of_a.title]
    assert titles(partner=partner_of_a.pk) == [activity_of_a.title]
    assert titles(agreement=agreement_of_a.pk) == [activity_of_a.title]
    assert titles(country="FR") == [activity_of_a.title]
    assert titles(q="hoi thao") == [other.title]
    assert titles(sort="start") == [other.title, activity_of_a.title]


def test_delete_asks_then_deletes(client, coordinator_a, activity_of_a):
    client.force_login(coordinator_a)
    url = reverse("activity-delete", args=[activity_of_a.pk])
    assert activity_of_a.title in client.get(url).content.decode()
    assert Activity.objects.filter(pk=activity_of_a.pk).exists()
    assert client.post(url).status_code == 302
    assert not Activity.objects.filter(pk=activity_of_a.pk).exists()


def test_a_long_list_counts_up_to_the_cap_and_says_so(client, coordinator_a, hospital_a, monkeypatch):
    from medcoop.core.views import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "COUNT_CAP", 3)
    Activity.objects.bulk_create(
        Activity(owner=hospital_a, kind_id=kind, title=f"{kind} {n}")
        for n, kind in enumerate(["conference"] * 5 + ["training"] * 2)
    )
    client.force_login(coordinator_a)
    page = client.get(reverse("activity-list")).content.decode()
    assert "Hơn 3 bản ghi" in page and "7 bản ghi" not in page
    assert "2 bản ghi" in client.get(reverse("activity-list"), {"kind": "training"}).content.decode()


def test_the_year_filter_offers_a_new_activitys_year_at_once(client, coordinator_a, hospital_a, activity_of_a):
    """The years are cached per registry version: a saved activity in a new year shows on the next list."""
    client.force_login(coordinator_a)
    assert '<option value="2009">' not in client.get(reverse("activity-list")).content.decode()
    Activity.objects.create(owner=hospital_a, kind_id="training", title="Khóa học cũ", start_on=date(2009, 3, 1))
    assert '<option value="2009">' in client.get(reverse("activity-list")).content.decode()


def test_a_visit_s_details_are_added_from_the_activity_s_page(client, coordinator_a, coordinator_b, activity_of_a):
    """An expert exchange without visit details yet: its page's "Edit the visit" opens the form and saves them
    (the permission to add them reads the owner through the activity, as visit details have no owner of
    their own), for the owner's coordinator only."""
    from medcoop.activities.models import Activity, VisitDetail

    Activity.objects.filter(pk=activity_of_a.pk).update(kind_id="expert_exchange")
    url = reverse("visit-edit", args=[activity_of_a.pk])
    client.force_login(coordinator_b)
    assert client.get(url).status_code == 404
    client.force_login(coordinator_a)
    assert url in client.get(activity_of_a.get_absolute_url()).content.decode()
    assert client.get(url).status_code == 200
    assert client.post(url, {"programme": "Ngày 1: khảo sát", "outcomes": ""}).status_code == 302
    assert VisitDetail.objects.get(activity=activity_of_a).programme == "Ngày 1: khảo sát"


def test_a_new_cohort_s_cancel_link_leads_back_to_its_activity(client, coordinator_a, activity_of_a):
    """The form's "Cancel" on a new record went up one level (".."): from /activities/1/cohorts/new/ to
    /activities/1/cohorts/, an address that does not exist."""
    client.force_login(coordinator_a)
    page = client.get(reverse("cohort-create", args=[activity_of_a.pk])).content.decode()
    assert f'<a href="{activity_of_a.get_absolute_url()}">Hủy</a>' in page


def test_the_list_shows_each_activity_partners_in_their_order(logged_in, coordinator_a, hospital_a, activity_of_a):
    """The page's query joins the partner names (no prefetch): both partners in the order they were added,
    none for an activity without partners; a filter through the partners still counts each activity once."""
    first = activity_of_a.partners.get().organization
    ActivityPartner.objects.create(activity=activity_of_a, organization=make_partner(hospital_a, "Đại học Kyoto", "JP"))
    Activity.objects.create(owner=hospital_a, kind_id="training", title="Tập huấn nội bộ")
    client = logged_in(coordinator_a)
    page = client.get(reverse("activity-list")).content.decode()
    rows = [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in re.findall(r"<tr>(.*?)</tr>", page, re.S)[1:]]
    partners = {re.sub(r"<[^>]+>", "", cells[0]): cells[3] for cells in rows}
    assert partners == {"Đào tạo xạ trị": f"{first.name}; Đại học Kyoto", "Tập huấn nội bộ": ""}
    filtered = client.get(reverse("activity-list"), {"country": "JP"}).content.decode()
    assert "1 bản ghi" in filtered and "Đào tạo xạ trị" in filtered
