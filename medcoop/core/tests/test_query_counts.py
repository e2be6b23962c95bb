"""Lists cost the same number of queries for 3 rows as for 30: no query per row (N+1) can come back."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from medcoop.activities.models import Activity
from medcoop.activities.services import save_activity
from medcoop.agreements.models import Agreement
from medcoop.agreements.services import save_agreement
from medcoop.conftest import make_partner
from medcoop.core.models import FigureMetric

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
