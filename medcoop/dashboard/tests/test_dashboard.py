"""The dashboard counts what its reader may see: one institution's work, or all of it for the ministry."""

import re
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from medcoop.activities.models import Activity
from medcoop.activities.services import save_activity
from medcoop.core.models import FigureMetric
from medcoop.core.permissions import Role
from medcoop.dashboard.services import Scope, calendar_months, upcoming_visits


def add_activity(user, owner, partner, metric, value, currency="", **fields):
    return save_activity(
        user,
        Activity(
            owner=owner,
            kind_id=fields.pop("kind", "training"),
            title=fields.pop("title", f"{metric} {value}"),
            **fields,
        ),
        partners=[{"organization": partner, "role": "participant"}],
        figures=[{"metric": FigureMetric.objects.get(code=metric), "value": value, "currency": currency}],
    )


def test_an_institution_sees_its_own_counts_and_totals(
    client, coordinator_a, hospital_a, partner_of_a, activity_of_a, coordinator_b, hospital_b, partner_of_b
):
    add_activity(coordinator_a, hospital_a, partner_of_a, "funding", 13500000, "EUR", kind="funding")
    add_activity(coordinator_b, hospital_b, partner_of_b, "staff_trained", 5)
    client.force_login(coordinator_a)
    response = client.get(reverse("dashboard"))
    context = response.context
    assert context["agreement_counts"]["active"] == 1
    assert [c.description for c in context["overdue"]] == ["Hội chẩn hằng tháng"]
    assert dict((m.code, v) for m, v in context["figure_totals"])["staff_trained"] == 660
    assert context["funding"] == [("EUR", 13500000)]
    assert context["countries"] == [("FR", 1)]
    page = response.content.decode()
    assert "13.500.000 EUR" in page and 'data-metric="staff_trained"><div class="value">660<' in page
    assert "<svg" in page and 'href="/dashboard/world.svg#fr"' in page


def test_the_ministry_sees_every_institution_and_can_narrow_to_one(
    client, users, hospital_a, activity_of_a, coordinator_b, hospital_b, partner_of_b
):
    add_activity(coordinator_b, hospital_b, partner_of_b, "staff_trained", 5)
    client.force_login(users[Role.MINISTRY])
    totals = dict((m.code, v) for m, v in client.get(reverse("dashboard")).context["figure_totals"])
    assert totals["staff_trained"] == 665
    narrowed = client.get(reverse("dashboard"), {"institution": hospital_b.pk}).context
    assert dict((m.code, v) for m, v in narrowed["figure_totals"])["staff_trained"] == 5
    assert narrowed["countries"] == [("LA", 1)]


def test_a_coordinator_cannot_widen_the_dashboard_to_another_institution(
    client, coordinator_b, hospital_a, activity_of_a
):
    client.force_login(coordinator_b)
    context = client.get(reverse("dashboard"), {"institution": hospital_a.pk}).context
    assert dict((m.code, v) for m, v in context["figure_totals"])["staff_trained"] == 0


def test_the_calendar_shows_each_day_of_an_upcoming_mission(coordinator_a, hospital_a, partner_of_a):
    today = timezone.localdate()
    mission = add_activity(
        coordinator_a,
        hospital_a,
        partner_of_a,
        "experts_received",
        3,
        kind="expert_exchange",
        title="Đoàn phẫu thuật tim",
        status="planned",
        start_on=today + timedelta(days=3),
        end_on=today + timedelta(days=11),
    )
    add_activity(
        coordinator_a,
        hospital_a,
        partner_of_a,
        "staff_trained",
        1,
        kind="research",
        title="Nghiên cứu, không phải chuyến đi",
        start_on=today + timedelta(days=3),
    )
    visits = list(upcoming_visits(Scope(coordinator_a)))
    assert visits == [mission]
    days = [
        day["date"]
        for month in calendar_months(visits, today)
        for week in month["weeks"]
        for day in week
        if day["in_month"] and mission in day["events"]
    ]
    assert days == [today + timedelta(days=n) for n in range(3, 12)]


def test_activities_by_kind_and_year_are_charted(client, coordinator_a, hospital_a, partner_of_a, activity_of_a):
    add_activity(coordinator_a, hospital_a, partner_of_a, "staff_trained", 1, start_on=date(2019, 1, 1))
    client.force_login(coordinator_a)
    context = client.get(reverse("dashboard")).context
    assert "<svg" in context["kind_chart"] and "2019" in context["year_chart"] and "2025" in context["year_chart"]


def test_the_world_map_is_served_from_the_installed_package(client, coordinator_a):
    client.force_login(coordinator_a)
    response = client.get(reverse("world-map"))
    body = response.content.decode()
    assert response["Content-Type"] == "image/svg+xml"
    assert '<g id="fr">' in body and '<g id="la">' in body
    assert re.findall(r'(?:href|src)="https?:', body) == []  # nothing for the browser to fetch


def test_each_user_has_a_revocable_calendar_feed_of_missions_and_sessions(
    client, coordinator_a, hospital_a, partner_of_a, coordinator_b
):
    from icalendar import Calendar

    from medcoop.dashboard.models import CalendarFeed

    today = timezone.localdate()
    add_activity(
        coordinator_a,
        hospital_a,
        partner_of_a,
        "experts_received",
        3,
        kind="expert_exchange",
        title="Đoàn phẫu thuật tim",
        status="planned",
        start_on=today + timedelta(days=3),
        end_on=today + timedelta(days=5),
    )
    client.force_login(coordinator_a)
    client.post(reverse("calendar-feed-reset"))
    feed = CalendarFeed.objects.get(user=coordinator_a)
    client.logout()
    url = reverse("calendar-feed", args=[feed.token])
    events = Calendar.from_ical(client.get(url).content).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Đoàn phẫu thuật tim (Trao đổi chuyên gia / cán bộ)"]
    assert events[0]["dtend"].dt - events[0]["dtstart"].dt == timedelta(days=3)
    other = CalendarFeed.objects.create(user=coordinator_b)
    assert not Calendar.from_ical(client.get(reverse("calendar-feed", args=[other.token])).content).walk("VEVENT")
    client.force_login(coordinator_a)
    client.post(reverse("calendar-feed-reset"))
    client.logout()
    assert client.get(url).status_code == 404


def test_the_counts_are_cached_until_the_registry_changes(
    client, coordinator_a, hospital_a, partner_of_a, activity_of_a, django_assert_max_num_queries
):
    client.force_login(coordinator_a)

    def staff_trained():
        totals = dict(client.get(reverse("dashboard")).context["figure_totals"])
        return next(value for metric, value in totals.items() if metric.code == "staff_trained")

    assert staff_trained() == 660
    with django_assert_max_num_queries(8):  # session, user, feed, the kinds for the chart: no counting
        assert staff_trained() == 660
    add_activity(coordinator_a, hospital_a, partner_of_a, "staff_trained", 40)
    assert staff_trained() == 700


def test_a_write_at_one_hospital_does_not_recount_anothers_dashboard(
    client,
    coordinator_a,
    coordinator_b,
    hospital_a,
    hospital_b,
    partner_of_a,
    partner_of_b,
    activity_of_a,
    django_assert_max_num_queries,
):
    from medcoop.core.models import User

    ministry = User.objects.create_user("boyte_cache", password="x", role=Role.MINISTRY)

    def staff_trained(user):
        client.force_login(user)
        totals = dict(client.get(reverse("dashboard")).context["figure_totals"])
        return next((value for metric, value in totals.items() if metric.code == "staff_trained"), 0)

    assert staff_trained(coordinator_a) == 660
    before = staff_trained(ministry)
    add_activity(coordinator_b, hospital_b, partner_of_b, "staff_trained", 40)  # at hospital B
    client.force_login(coordinator_a)
    with django_assert_max_num_queries(8):  # A's figures come from the cache: B's write is not A's
        totals = dict(client.get(reverse("dashboard")).context["figure_totals"])
    assert next(value for metric, value in totals.items() if metric.code == "staff_trained") == 660
    assert staff_trained(ministry) == before + 40  # the ministry counts every hospital: renewed
    add_activity(coordinator_a, hospital_a, partner_of_a, "staff_trained", 5)
    assert staff_trained(coordinator_a) == 665
