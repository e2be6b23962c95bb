"""Lists cost the same number of queries for 3 rows as for 30: no query per row (N+1) can come back."""

from datetime import date

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from medcoop.activities.models import Activity
from medcoop.activities.services import save_activity
from medcoop.agreements.models import Agreement
from medcoop.agreements.services import save_agreement
from medcoop.conftest import make_partner
from medcoop.core.models import FigureMetric, Specialty

LISTS = ["organization-list", "agreement-list", "activity-list", "case-list", "episode-list", "article-list"]
API_LISTS = ["/api/organizations/", "/api/agreements/", "/api/activities/"]


def add_records(user, owner, count: int, start: int) -> None:
    metric = FigureMetric.objects.get(code="staff_trained")
    for n in range(start, start + count):
        partner = make_partner(owner, f"Đối tác {n}", "FR")
        save_agreement(
            user,
            Agreement(owner=owner, title=f"Thỏa thuận {n}", signed_on=date(2024, 1, 1)),
            parties=[{"organization": owner}, {"organization": partner}],
            commitments=[{"party": partner, "description": "Cam kết"}],
        )
        save_activity(
            user,
            Activity(owner=owner, kind_id="training", title=f"Hoạt động {n}", start_on=date(2025, 1, 1)),
            partners=[{"organization": partner, "role": "host"}],
            figures=[{"metric": metric, "value": n}],
        )


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", [reverse(name) for name in LISTS] + API_LISTS)
def test_a_list_costs_the_same_for_3_rows_as_for_30(client, coordinator_a, hospital_a, url):
    client.force_login(coordinator_a)
    add_records(coordinator_a, hospital_a, 3, 0)
    few = queries(client, url)
    add_records(coordinator_a, hospital_a, 27, 3)
    assert queries(client, url) == few
    assert few <= 25


def choice_queries(client, url) -> list[str]:
    """The queries of a page that read a filter's options (kinds, specialties, countries, partners)."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200

    def options(sql: str) -> bool:
        table = sql.split(" FROM ", 1)[1].split()[0] if " FROM " in sql else ""
        if table in ('"core_activitykind"', '"core_specialty"') or "SELECT DISTINCT" in sql:
            return True  # the vocabularies, the distinct countries
        return table == '"organizations_organization"' and '"is_member" = false' in sql.replace("False", "false")

    return [q["sql"] for q in captured.captured_queries if options(q["sql"])]


@pytest.mark.parametrize("name", ["activity-list", "organization-list"])
def test_a_lists_filter_options_are_read_once_per_registry_version(client, coordinator_a, hospital_a, name):
    client.force_login(coordinator_a)
    add_records(coordinator_a, hospital_a, 3, 0)
    url = reverse(name)
    assert choice_queries(client, url)  # the first page reads them
    page = client.get(url).content.decode()
    assert choice_queries(client, url) == []  # the next pages take them from the cache
    assert "Đối tác 2" in page or "FR" in page  # and still offer them
    add_records(coordinator_a, hospital_a, 1, 3)  # a change: the options are read afresh, with the new one
    assert choice_queries(client, url)
    assert "Đối tác 3" in client.get(url).content.decode()


def test_the_api_list_reads_no_filter_options(client, coordinator_a, hospital_a):
    from medcoop.accounts.tokens import create_token

    add_records(coordinator_a, hospital_a, 3, 0)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(coordinator_a, 'script')[1]}"}
    assert client.get("/api/activities/", **headers).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/api/activities/", **headers).status_code == 200
    sql = [q["sql"] for q in captured.captured_queries]
    assert not any("core_activitykind" in q or "core_specialty" in q for q in sql)
    assert not any(q.lstrip().startswith("UPDATE") for q in sql)  # nor writes the token's last use again
    assert len(sql) <= 5  # token and user, the page's rows and their nested rows


def test_an_api_request_naming_a_token_reads_no_session(client, coordinator_a, hospital_a):
    """A token's call beside a session's cookie (a browser's script) is the token's alone: no session, user or
    second factor read for it, and a token refused is a 401, not the session's answer. Without a token the
    session still answers."""
    from medcoop.accounts.tokens import create_token

    add_records(coordinator_a, hospital_a, 3, 0)
    client.force_login(coordinator_a)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(coordinator_a, 'script')[1]}"}
    assert client.get("/api/activities/", **headers).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        answer = client.get("/api/activities/", **headers)
    assert answer.status_code == 200 and len(answer.json()["items"]) == 3
    tables = " ".join(q["sql"] for q in captured.captured_queries)
    assert "django_session" not in tables and "otp_" not in tables and len(captured) <= 4
    assert client.get("/api/activities/", HTTP_AUTHORIZATION="Bearer mc_not-a-token").status_code == 401
    assert client.get("/api/activities/", HTTP_AUTHORIZATION="bearer mc_not-a-token").status_code == 401
    assert len(client.get("/api/activities/").json()["items"]) == 3  # the session's own call


def test_past_300_partners_the_partner_filter_is_a_box_for_the_number(client, coordinator_a, hospital_a):
    from medcoop.core.forms import MAX_SELECT_OPTIONS
    from medcoop.organizations.models import Organization

    add_records(coordinator_a, hospital_a, 1, 0)
    client.force_login(coordinator_a)
    page = client.get(reverse("activity-list")).content.decode()
    assert '<select name="partner"' in page
    Organization.objects.bulk_create(
        Organization(owner=hospital_a, name=f"Bệnh viện đối tác {n}", country="LA") for n in range(MAX_SELECT_OPTIONS)
    )
    from medcoop.core.freshness import registry_changed

    registry_changed(owner=hospital_a.pk)  # bulk writes send no signals
    page = client.get(reverse("activity-list")).content.decode()
    assert '<select name="partner"' not in page and 'name="partner" placeholder="ID"' in page
    partner = Activity.objects.get().partners.get().organization
    filtered = client.get(reverse("activity-list"), {"partner": partner.pk}).content.decode()
    assert "Hoạt động 0" in filtered


def test_an_activitys_page_asks_nothing_twice(client, coordinator_a, hospital_a):
    """Its buttons, merges and funding section ask "may change" once; its user's institution comes with the
    user; the funding totals are added from the fundings listed."""
    add_records(coordinator_a, hospital_a, 1, 0)
    activity = Activity.objects.get()
    activity.specialties.set(Specialty.objects.all()[:2])  # shown twice by the template, read once
    client.force_login(coordinator_a)
    with CaptureQueriesContext(connection) as captured:
        page = client.get(activity.get_absolute_url())
    assert page.status_code == 200 and activity.title in page.content.decode()
    sql = [q["sql"] for q in captured.captured_queries]
    assert len(sql) == len(set(sql)), [q for q in sql if sql.count(q) > 1]
    assert len(sql) <= 12


def test_the_benchmarks_timing_header_counts_each_query_and_its_fetching(client, settings, users, activity_of_a):
    """bench/scale.py reads Server-Timing: every query of the page is counted, the SQL time (with the rows'
    fetching, which SQLite does after `execute`) is within the application's, and the thread's CPU is given."""
    import re

    settings.MIDDLEWARE = ["medcoop.core.middleware.ServerTimingMiddleware", *settings.MIDDLEWARE]
    client.force_login(users["ministry"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("activity-list"))
    header = response["Server-Timing"]
    app, sql, count, cpu = re.fullmatch(
        r'app;dur=([\d.]+), sql;dur=([\d.]+);desc="(\d+) queries", cpu;dur=([\d.]+)', header
    ).groups()
    assert int(count) == len(queries.captured_queries) and 0 < float(sql) <= float(app) and float(cpu) > 0
    assert "Đào tạo xạ trị" in response.content.decode()
    assert "make_cursor" not in vars(connections["default"])  # the connection's own cursors again
