"""The typo search through each table's vocabulary (its distinct words): a misspelt word is mapped to the few real
words close to it, then the records are searched for those words; the vocabulary follows what is written
(PostgreSQL: statement triggers; SQLite: the FTS5 word table); the API reads a search's pages as the list does."""

from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.state import ProjectState
from django.test.utils import CaptureQueriesContext

from medcoop.accounts.tokens import create_token
from medcoop.activities.models import Activity
from medcoop.activities.services import save_activity
from medcoop.conftest import make_partner, make_user
from medcoop.core.api import encode_cursor
from medcoop.core.permissions import Role
from medcoop.search import query
from medcoop.search.indexes import AddSearchVocabulary, index_present

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's vocabulary table")


@pytest.fixture
def two_institutions(coordinator_a, coordinator_b, hospital_a, hospital_b, partner_of_a):
    """Each institution has one activity with Gustave Roussy, and one other."""
    partner_of_b = make_partner(hospital_b, "Viện Gustave Roussy")
    own = {}
    for coordinator, hospital, partner, code in (
        (coordinator_a, hospital_a, partner_of_a, "A"),
        (coordinator_b, hospital_b, partner_of_b, "B"),
    ):
        own[code] = save_activity(
            coordinator,
            Activity(owner=hospital, kind_id="training", title=f"Đào tạo xạ trị {code}"),
            partners=[{"organization": partner, "role": "host"}],
        )
        save_activity(coordinator, Activity(owner=hospital, kind_id="training", title=f"Khám nhãn khoa {code}"))
    return own


def api(client, user, **params) -> dict:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(user, 'test')[1]}"}
    return client.get("/api/activities/", params, **headers).json()


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.CLINICIAN])
@pytest.mark.parametrize("q", ["gustav rousy", "dao tao xa trj", "nhan khao"])
def test_an_institutions_misspelt_search_finds_its_record_and_nothing_of_another(
    client, hospital_a, two_institutions, role, q
):
    user = make_user(f"reader_{role}", role, hospital_a)
    client.force_login(user)
    results = client.get("/activities/", {"q": q}).content.decode().split('id="results"')[1]
    wanted = "Khám nhãn khoa A" if q == "nhan khao" else "Đào tạo xạ trị A"
    assert wanted in results
    assert " B<" not in results and "xạ trị B" not in results and "nhãn khoa B" not in results
    body = api(client, user, q=q)
    assert [item["title"] for item in body["items"]] == [wanted]


@pytest.mark.parametrize("dense", [True, False])
def test_the_ministrys_misspelt_search_finds_every_institutions_record(client, two_institutions, monkeypatch, dense):
    """Through the walk of the newest rows (a typo found often) or through the index (seldom), the same rows."""
    monkeypatch.setattr(query, "SCAN", 1)  # the ministry sees more than SCAN rows: not one institution's path
    monkeypatch.setattr(query, "_estimated_rows", lambda rows: rows.count())
    monkeypatch.setattr(query, "DENSE", 1 if dense else 50)
    ministry = make_user("ministry", Role.MINISTRY, None)
    found = Activity.objects.visible_to(ministry).search("gustav rousy").typo_tolerant()
    expected = {two_institutions["A"].pk, two_institutions["B"].pk}
    if dense and connection.vendor == "postgresql":  # the matches among the newest rows walked: the newest
        assert set(found.values_list("pk", flat=True)) == {max(expected)}
    else:
        assert set(found.values_list("pk", flat=True)) == expected
    pages, after = [], None
    while True:
        body = api(client, ministry, q="gustav rousy", limit=1, **({"after": after} if after else {}))
        pages += [item["id"] for item in body["items"]]
        if not (after := body["next"]):
            break
    assert pages == sorted(expected, reverse=True)


@pytest.mark.parametrize("scan", [1, 20_000])
def test_the_apis_search_pages_are_every_match_newest_first(client, coordinator_a, hospital_a, monkeypatch, scan):
    """Read as the list page reads a search (the newest rows walked, then the index; or one institution's rows
    whole), the API's pages still hold every match once, newest first, whichever way they were found."""
    monkeypatch.setattr(query, "SCAN", scan)
    monkeypatch.setattr(query, "_estimated_rows", lambda rows: rows.count())
    titles = ["Xạ trị 0", "Khám 1", "Xạ trị 2", "Xạ trị 3", "Khám 4", "Xạ trị 5"]
    made = [save_activity(coordinator_a, Activity(owner=hospital_a, kind_id="training", title=t)) for t in titles]
    for q, expected in (("xa tri", [0, 2, 3, 5]), ("xa trj", [0, 2, 3, 5]), ("kham", [1, 4])):
        pages, after = [], None
        while True:
            body = api(client, coordinator_a, q=q, limit=1, **({"after": after} if after else {}))
            pages += [item["id"] for item in body["items"]]
            if not (after := body["next"]):
                break
        assert pages == [made[n].pk for n in reversed(expected)], q


@pytest.mark.parametrize("scan", [1, 20_000])
def test_a_number_beside_a_misspelt_word_is_looked_for_as_typed(client, coordinator_a, hospital_a, monkeypatch, scan):
    """Numbers are not misspelt into others (both engines, `close_terms`): "xa trj 2023" finds the 2023 course
    and not the 2024 one, on the page and in the API, over many rows or one institution's. (Left out of the
    vocabulary, a number made PostgreSQL's typo search find nothing; SQLite's found 2024 too.)"""
    monkeypatch.setattr(query, "SCAN", scan)
    monkeypatch.setattr(query, "_estimated_rows", lambda rows: rows.count())
    made = {
        year: save_activity(coordinator_a, Activity(owner=hospital_a, kind_id="training", title=f"Xạ trị {year}"))
        for year in (2023, 2024)
    }
    ministry = make_user("ministry", Role.MINISTRY, None)
    for user in (ministry, coordinator_a):
        searched = Activity.objects.visible_to(user).search("xa trj 2023").by_relevance()
        assert searched.best_first(0, 51) == []
        assert [a.pk for a in searched.typo_tolerant().best_first(0, 51)] == [made[2023].pk]
        assert [item["id"] for item in api(client, user, q="xa trj 2023")["items"]] == [made[2023].pk]
    assert not Activity.objects.search("2023").typo_tolerant().exists()  # nothing to misspell


def test_a_cursor_from_another_list_is_only_a_starting_id(client, coordinator_b, two_institutions):
    """A cursor names an id and nothing else: one taken from another list (here the id of another institution's
    record) starts this list below it, among the user's own rows, and tells nothing of the row it names."""
    cursor = encode_cursor(two_institutions["A"].pk + 100)
    for params in ({}, {"q": "xa tri"}, {"q": "gustav rousy"}):
        body = api(client, coordinator_b, after=cursor, **params)
        assert all(item["title"].endswith(" B") for item in body["items"])
        assert body["items"] or params == {"q": "gustav rousy"}  # a later page of an exact search: no typos
        typos = api(client, coordinator_b, after="~" + cursor, **params)  # a typo search's cursor on any list
        assert all(item["title"].endswith(" B") for item in typos["items"])


@postgresql_only
def test_the_vocabulary_follows_inserts_and_updates(coordinator_a, hospital_a):
    def vocabulary() -> set[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT term FROM activities_activity_vocabulary")
            return {row[0] for row in cursor.fetchall()}

    activity = save_activity(coordinator_a, Activity(owner=hospital_a, kind_id="training", title="Tập huấn phẫu thuật"))
    assert {"phau", "thuat"} <= vocabulary()
    activity.title = "Tập huấn nội soi 2025"
    save_activity(coordinator_a, activity)
    assert {"noi", "soi"} <= vocabulary() and "2025" not in vocabulary()
    assert Activity.objects.search("noi soy").typo_tolerant().get() == activity


@postgresql_only
def test_a_word_no_record_starts_makes_the_search_empty_without_the_records_index(coordinator_a, two_institutions):
    ministry = make_user("ministry", Role.MINISTRY, None)
    searched = Activity.objects.visible_to(ministry).search("xa trix").by_relevance()
    with CaptureQueriesContext(connection) as captured:
        assert searched.best_first(0, 51) == []
    assert not [q for q in captured.captured_queries if "search_text" in q["sql"]]
    begun = Activity.objects.visible_to(ministry).search("dao ta xa tr").by_relevance()  # words begun, not wrong
    assert {a.pk for a in begun.best_first(0, 51)} == {two_institutions["A"].pk, two_institutions["B"].pk}


@postgresql_only
def test_the_vocabulary_migration_step_is_reversible(coordinator_a, hospital_a):
    save_activity(coordinator_a, Activity(owner=hospital_a, kind_id="training", title="Khám nhãn khoa"))
    state, editor = ProjectState.from_apps(apps), SimpleNamespace(connection=connection)
    step = AddSearchVocabulary("activities", "Activity")
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    step.database_backwards("search", editor, state, state)
    assert not index_present(connection, "activities_activity")
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('activities_activity_vocabulary')")
        assert cursor.fetchone()[0] is None
    step.database_forwards("search", editor, state, state)
    assert index_present(connection, "activities_activity")
    assert Activity.objects.search("nhan khao").typo_tolerant().get().title == "Khám nhãn khoa"


@postgresql_only
def test_reindexing_drops_the_words_no_record_holds(coordinator_a, hospital_a):
    import io

    from django.core.management import call_command

    activity = save_activity(coordinator_a, Activity(owner=hospital_a, kind_id="training", title="Khám nhãn khoa"))
    activity.title = "Khám tim mạch"
    save_activity(coordinator_a, activity)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM activities_activity_vocabulary WHERE term = 'nhan'")
        assert cursor.fetchone()[0] == 1  # the triggers only add
        call_command("reindex_search", stdout=io.StringIO())
        cursor.execute("SELECT term FROM activities_activity_vocabulary WHERE term IN ('nhan', 'mach')")
        assert [row[0] for row in cursor.fetchall()] == ["mach"]
