"""Visits and missions: members and hosts are the delegation's people records, the report of results gives
the visit's programme and outcomes, and the visit page changes only the owner's records."""

from datetime import date

from django.urls import reverse

from medcoop.activities.models import VisitDetail
from medcoop.conftest import formset_data
from medcoop.core.locking import version_of
from medcoop.delegations import services
from medcoop.delegations.models import Member
from medcoop.delegations.tests.test_outcomes_and_import import decided


def test_hosts_are_people_records_apart_from_the_members(mission_of_a, coordinator_a):
    services.save_delegation(
        coordinator_a, mission_of_a, hosts=[{"name": "Nguyễn Thị Lan", "position": "Trưởng khoa Xạ trị"}]
    )
    assert [m.name for m in mission_of_a.members.all()] == ["Claire Martin", "Paul Durand"]  # hosts not counted
    assert [h.name for h in mission_of_a.host_people] == ["Nguyễn Thị Lan"]
    services.save_delegation(coordinator_a, mission_of_a, members=[{"name": "Claire Martin"}])
    assert mission_of_a.host_people.count() == 1 and Member.everyone.count() == 2


def test_the_mission_s_report_gives_a_visit_with_its_people(client, mission_of_a, coordinator_a, coordinator_b):
    mission_of_a.description = "Ngày 1: khảo sát; ngày 2–5: hướng dẫn lập kế hoạch xạ trị."
    services.save_delegation(
        coordinator_a, mission_of_a, hosts=[{"name": "Nguyễn Thị Lan", "department": "Khoa Xạ trị"}]
    )
    decided(coordinator_a, mission_of_a)
    services.record_report(coordinator_a, mission_of_a, on=date(2026, 4, 20), results="Đã hướng dẫn 12 ca.")
    visit = VisitDetail.objects.get(delegation=mission_of_a)
    assert visit.activity == mission_of_a.activity and visit.outcomes == "Đã hướng dẫn 12 ca."
    client.force_login(coordinator_a)
    page = client.get(visit.activity.get_absolute_url()).content.decode()
    assert "Claire Martin" in page and "Nguyễn Thị Lan" in page and "hướng dẫn lập kế hoạch" in page
    url = reverse("visit-edit", args=[visit.activity_id])
    client.force_login(coordinator_b)
    assert client.get(url).status_code == 404
    assert client.post(url, {"programme": "x", "version": version_of(visit)}).status_code == 404
    client.force_login(coordinator_a)
    sent = client.post(
        url,
        {
            "delegation": mission_of_a.pk,
            "programme": "Chương trình mới",
            "outcomes": "Tốt",
            "version": version_of(visit),
        },
    )
    assert sent.status_code == 302
    visit.refresh_from_db()
    assert visit.programme == "Chương trình mới" and visit.delegation == mission_of_a


def test_the_delegation_page_edits_hosts(client, trip_of_a, coordinator_a):
    client.force_login(coordinator_a)
    members = list(trip_of_a.members.values("pk", "name", "position", "department", "rank"))
    data = {
        "kind": trip_of_a.kind,
        "purpose": trip_of_a.purpose,
        "title": trip_of_a.title,
        "country": "FR",
        "place": trip_of_a.place,
        "partner": trip_of_a.partner_id,
        "start_on": "09/03/2026",
        "end_on": "20/03/2026",
        "funding": trip_of_a.funding,
        "currency": "VND",
        "version": version_of(trip_of_a),
        **formset_data("members", members, initial=len(members)),
        **formset_data("hosts", [{"name": "Dr. Éric Deutsch", "position": "Head of radiotherapy"}]),
    }
    answer = client.post(reverse("delegation-edit", args=[trip_of_a.pk]), data)
    assert answer.status_code == 302, answer.content.decode()[:3000]
    assert [h.name for h in trip_of_a.host_people] == ["Dr. Éric Deutsch"] and trip_of_a.members.count() == 2
    assert "Dr. Éric Deutsch" in client.get(trip_of_a.get_absolute_url()).content.decode()
