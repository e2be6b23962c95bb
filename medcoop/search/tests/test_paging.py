"""A search costs one lookup of the index: no count beside its rows, pages turned with "Trang sau" /
"Trang trước", the API's pages unchanged; typos are looked for only when nothing matched exactly."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from medcoop.accounts.tokens import create_token
from medcoop.activities.models import Activity
from medcoop.activities.services import save_activity
from medcoop.activities.views import ActivityListView
from medcoop.conftest import make_partner, make_user
from medcoop.core.forms import year_choices
from medcoop.core.permissions import Role
from medcoop.organizations.services import save_organization
from medcoop.search import query


@pytest.fixture
def trainings(coordinator_a, hospital_a, partner_of_a):
    return [
        save_activity(
            coordinator_a,
            Activity(owner=hospital_a, kind_id="training", title=f"Tập huấn xạ trị {n}", start_on=date(2020 + n, 1, 1)),
            partners=[{"organization": partner_of_a, "role": "participant"}],
        )
        for n in range(3)
    ]


def searches(captured) -> list[str]:
    """The queries that look the search index up (not those that merely read the column)."""
    return [q["sql"] for q in captured.captured_queries if '"search_text" LIKE' in q["sql"] or "_fts" in q["sql"]]


@pytest.mark.parametrize("role", [Role.CLINICIAN, Role.MINISTRY])
def test_a_search_page_looks_the_index_up_once_and_counts_nothing(client, hospital_a, trainings, role):
    client.force_login(make_user("reader", role, hospital_a if role == Role.CLINICIAN else None))
    with CaptureQueriesContext(connection) as captured:
        page = client.get("/activities/", {"q": "xa tri"}).content.decode()
    assert "Tập huấn xạ trị 0" in page
    assert len(searches(captured)) == 1
    assert not [sql for sql in searches(captured) if "COUNT(" in sql.upper()]


def test_search_pages_turn_without_a_total(client, coordinator_a, trainings, monkeypatch):
    monkeypatch.setattr(ActivityListView, "paginate_by", 2)
    client.force_login(coordinator_a)
    first = client.get("/activities/", {"q": "xa tri"}).content.decode()
    assert "Trang sau" in first and "Trang trước" not in first
    assert "Trang 1" in first and "Trang 1 /" not in first
    second = client.get("/activities/", {"q": "xa tri", "page": 2}).content.decode()
    assert "Trang trước" in second and "Trang sau" not in second
    shown = [t.title for t in trainings if t.title in first + second]
    assert sorted(shown) == sorted(t.title for t in trainings)
    last = client.get("/activities/", {"q": "xa tri", "page": "last"})  # uncounted: no last page to go to
    assert last.status_code == 200 and "Không có trang đó: đây là trang 1." in last.content.decode()


def test_a_list_without_a_search_still_counts(client, coordinator_a, trainings):
    client.force_login(coordinator_a)
    assert "3 bản ghi" in client.get("/activities/").content.decode()


def test_an_explicit_sort_wins_over_relevance(client, coordinator_a, trainings):
    client.force_login(coordinator_a)
    page = client.get("/activities/", {"q": "xa tri", "sort": "-start"}).content.decode()
    positions = [page.index(t.title) for t in trainings]
    assert positions == sorted(positions, reverse=True)


def test_the_api_finds_typos_and_keeps_its_page_shape(client, coordinator_a, trainings):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(coordinator_a, 'test')[1]}"}
    body = client.get("/api/activities/", {"q": "gustav rousy", "limit": 2}, **headers).json()
    assert set(body) == {"items", "next"}
    assert [item["title"] for item in body["items"]] == ["Tập huấn xạ trị 2", "Tập huấn xạ trị 1"]
    rest = client.get("/api/activities/", {"q": "gustav rousy", "limit": 2, "after": body["next"]}, **headers).json()
    assert [item["title"] for item in rest["items"]] == ["Tập huấn xạ trị 0"] and rest["next"] is None
    exact = client.get("/api/activities/", {"q": "xa tri", "limit": 2}, **headers).json()
    more = client.get("/api/activities/", {"q": "xa tri", "limit": 2, "after": exact["next"]}, **headers).json()
    assert [item["title"] for item in more["items"]] == ["Tập huấn xạ trị 0"] and more["next"] is None


def test_a_renamed_partner_is_found_by_its_new_name(client, coordinator_a, partner_of_a, trainings):
    partner_of_a.name, partner_of_a.aliases = "Institut Gustave-Roussy Villejuif", []
    save_organization(coordinator_a, partner_of_a)
    found = Activity.objects.visible_to(coordinator_a).search("villejuif")
    assert set(found.values_list("title", flat=True)) == {t.title for t in trainings}


def test_a_nonsense_query_finds_nothing_even_forgiving_typos(client, coordinator_a, trainings):
    client.force_login(coordinator_a)
    page = client.get("/activities/", {"q": "qqqzzzxx"}).content.decode()
    assert "Tập huấn" not in page.split('id="results"')[1]


def test_another_institution_finds_nothing_of_a_by_its_names(client, coordinator_b, trainings):
    client.force_login(coordinator_b)
    for q in ("benh vien k", "gustave roussy", "gustav rousy"):
        assert "Tập huấn xạ trị" not in client.get("/activities/", {"q": q}).content.decode()


def test_the_year_filter_reads_its_bounds_from_an_index(coordinator_a, trainings):
    """Two lookups at the two ends of the owner/start index, not one MIN/MAX scan of the table."""
    with CaptureQueriesContext(connection) as captured:
        choices = year_choices(Activity.objects.visible_to(coordinator_a), "start_on")
    assert [value for value, _ in choices[1:]] == ["2022", "2021", "2020"]
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            if connection.vendor == "sqlite":
                cursor.execute(f"EXPLAIN QUERY PLAN {query['sql']}")
                plan = " ".join(str(row) for row in cursor.fetchall())
                assert "INDEX" in plan and "TEMP B-TREE" not in plan, plan
            else:
                # A test table is tiny, so the planner may as well sort one owner's few rows: with scans and sorts
                # priced out, the plan shows whether the query can be answered from the index's two ends at all.
                cursor.execute("SET LOCAL enable_seqscan = off")
                cursor.execute("SET LOCAL enable_sort = off")
                cursor.execute(f"EXPLAIN {query['sql']}")
                plan = " ".join(row[0] for row in cursor.fetchall())
                assert "Index" in plan and "Sort" not in plan, plan


def test_new_partner_rows_are_in_the_search_text(coordinator_a, hospital_a):
    partner = make_partner(hospital_a, "Hospices Civils de Lyon")
    activity = save_activity(
        coordinator_a,
        Activity(owner=hospital_a, kind_id="training", title="Chuyến thăm"),
        partners=[{"organization": partner, "role": "host"}],
    )
    assert " hospices civils de lyon " in activity.search_text
    assert Activity.objects.search("hospices lyon").get() == activity


def test_imported_activities_are_found_by_their_owners_name(coordinator_a, partner_of_a):
    """A sheet import writes in bulk, with no query per row: the owner it holds goes into the search text."""
    from medcoop.sheets.tests.test_import import ACTIVITY_HEADERS, activity_rows, run, workbook

    run(coordinator_a, "activities", workbook(ACTIVITY_HEADERS, activity_rows()))
    found = Activity.objects.visible_to(coordinator_a).search("benh vien k")
    assert set(found.values_list("title", flat=True)) == {"Đào tạo can thiệp tim mạch", "Tài trợ máy gia tốc"}


def ranked_pages(client, q: str) -> list[str]:
    """The titles of every page of a search, in the order shown (two rows a page)."""
    shown, number = [], 1
    while True:
        page = client.get("/activities/", {"q": q, "page": number}).content.decode().split('id="results"')[1]
        titles = sorted(re.findall(r"Xạ trị [^<]*|Khoá xạ trị [^<]*|Khám [^<]*", page), key=page.index)
        shown += titles
        if "Trang sau" not in page:
            return shown
        number += 1


@pytest.fixture
def radiotherapy(coordinator_a, hospital_a):
    """Six matches of "xa tri", oldest first; the first and fourth have the phrase first in their title."""
    titles = ["Xạ trị nhi 0", "Khoá xạ trị 1", "Khoá xạ trị 2", "Xạ trị người lớn 3", "Khoá xạ trị 4", "Khoá xạ trị 5"]
    return [
        save_activity(coordinator_a, Activity(owner=hospital_a, kind_id="training", title=title)) for title in titles
    ]


def test_a_common_phrase_ranks_its_newest_matches_then_lists_the_rest_newest_first(
    client, coordinator_a, radiotherapy, monkeypatch
):
    """More matches than the window: the window's best first (the fourth, whose title starts with the phrase),
    then the window's others newest first, then the older matches newest first; each once, none lost."""
    monkeypatch.setattr(ActivityListView, "paginate_by", 2)
    monkeypatch.setattr(query, "WINDOW", 4)
    client.force_login(coordinator_a)
    assert ranked_pages(client, "xa tri") == [
        "Xạ trị người lớn 3",
        "Khoá xạ trị 5",
        "Khoá xạ trị 4",
        "Khoá xạ trị 2",
        "Khoá xạ trị 1",
        "Xạ trị nhi 0",
    ]


def test_a_phrase_rare_among_the_newest_rows_ranks_every_match(
    client, coordinator_a, hospital_a, radiotherapy, monkeypatch
):
    """The newest rows read (SCAN) hold fewer matches than the window: every match is ranked, the oldest of the
    two best among them too."""
    for n in range(3):
        save_activity(coordinator_a, Activity(owner=hospital_a, kind_id="training", title=f"Khám sàng lọc {n}"))
    monkeypatch.setattr(ActivityListView, "paginate_by", 2)
    monkeypatch.setattr(query, "WINDOW", 4)
    monkeypatch.setattr(query, "SCAN", 3)
    monkeypatch.setattr(query, "_estimated_rows", lambda rows: rows.count())  # PostgreSQL's, exact here
    client.force_login(coordinator_a)
    assert ranked_pages(client, "xa tri") == [
        "Xạ trị người lớn 3",
        "Xạ trị nhi 0",
        "Khoá xạ trị 5",
        "Khoá xạ trị 4",
        "Khoá xạ trị 2",
        "Khoá xạ trị 1",
    ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's trigram similarity")
@pytest.mark.parametrize("q", ["hopitel lyonn", "hospitall civils", "gustav rousy", "xa trj"])
def test_an_institution_typo_search_finds_what_the_index_would(coordinator_a, hospital_a, partner_of_a, q):
    """Read without the index (one institution's rows), skipping the similarity where it cannot hold, the typo
    search finds the same records as through the index."""
    lyon = make_partner(hospital_a, "Hôpital Lyon Sud")
    for n, partner in enumerate([lyon, make_partner(hospital_a, "Hospices Civils de Lyon"), partner_of_a]):
        save_activity(
            coordinator_a,
            Activity(owner=hospital_a, kind_id="training", title=f"Xạ trị lần {n}"),
            partners=[{"organization": partner, "role": "host"}],
        )
    searched = Activity.objects.visible_to(coordinator_a).search(q)
    words, scope = searched.search_words, searched._searched[1]
    few = set(query._similar_on_postgresql(scope, words, query.FEW).values_list("pk", flat=True))
    assert few and few == set(query._similar_on_postgresql(scope, words, query.INDEX).values_list("pk", flat=True))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the planner's estimates are PostgreSQL's")
def test_a_planner_estimate_is_kept_when_another_thread_took_the_oldest_out_first(db, monkeypatch):
    """`medcoop serve` is runserver, one thread a request, all sharing the estimates: with the dict full (it fills
    as each write moves the registry's version), two searches taking the same oldest entry out raised KeyError
    (the search's 500) in the second."""

    class TakenOutMeanwhile(dict):
        def __delitem__(self, key):
            dict.__delitem__(self, key)  # another thread, a moment before
            dict.__delitem__(self, key)

    monkeypatch.setattr(query, "_ESTIMATES", TakenOutMeanwhile({("old", n): 0 for n in range(1024)}))
    assert query._estimated_rows(Activity.objects.all()) >= 0
    assert len(query._ESTIMATES) == 1024
