from datetime import timedelta

from django.utils import timezone
from icalendar import Calendar

from medcoop.dashboard.feed import user_calendar
from medcoop.delegations import services
from medcoop.delegations.models import Status


def test_the_api_lists_and_takes_steps_with_the_pages_rules(logged_in, coordinator_a, coordinator_b, trip_of_a):
    client = logged_in(coordinator_a)
    items = client.get("/api/delegations/?kind=outbound").json()["items"]
    assert [i["title"] for i in items] == [trip_of_a.title] and len(items[0]["members"]) == 2
    assert "identity_number_token" not in str(items)
    assert (
        client.post(f"/api/delegations/{trip_of_a.pk}/submit", {}, content_type="application/json").status_code == 200
    )
    refused = client.post(
        f"/api/delegations/{trip_of_a.pk}/decide", {"approve": False}, content_type="application/json"
    )
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "comment"
    other = logged_in(coordinator_b)
    assert other.get(f"/api/delegations/{trip_of_a.pk}").status_code == 404
    assert other.post(f"/api/delegations/{trip_of_a.pk}/cancel", {}, content_type="application/json").status_code == 404
    assert other.get("/api/delegations/").json()["items"] == []
    trip_of_a.refresh_from_db()
    assert trip_of_a.status == Status.SUBMITTED


def test_the_dashboard_calendar_and_the_feed_show_delegations(logged_in, coordinator_a, coordinator_b, trip_of_a):
    today = timezone.localdate()
    trip_of_a.start_on, trip_of_a.end_on = today + timedelta(days=3), today + timedelta(days=5)
    services.save_delegation(coordinator_a, trip_of_a)
    page = logged_in(coordinator_a).get("/dashboard/")
    assert trip_of_a.get_absolute_url() in page.text and "upcoming-delegations" in page.text
    events = Calendar.from_ical(user_calendar(coordinator_a)).walk("VEVENT")
    assert f"delegation-{trip_of_a.pk}@medcoop" in [str(e["uid"]) for e in events]
    assert not [e for e in Calendar.from_ical(user_calendar(coordinator_b)).walk("VEVENT") if "delegation" in e["uid"]]
    assert trip_of_a.get_absolute_url() not in logged_in(coordinator_b).get("/dashboard/").text
