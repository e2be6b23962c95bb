"""SQLite's typo search at scale: over many rows a page ranks only the newest candidates (the FTS5 word index
seeks to the newest rows), over one institution's rows the close words are tested on each row without the
index; neither loses a record the index would find."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from medcoop.activities.models import Activity
from medcoop.activities.services import save_activity
from medcoop.conftest import make_partner, make_user
from medcoop.core.permissions import Role
from medcoop.search import query

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 word index")


@pytest.fixture
def clinics(coordinator_a, hospital_a):
    """Oldest first: "khoa" is one letter from the misspelt "khoaa", "kho" two."""
    titles = [f"{'Khoá' if n % 2 == 0 else 'Kho'} xạ trị {n}" for n in range(7)]
    return [
        save_activity(coordinator_a, Activity(owner=hospital_a, kind_id="training", title=title)) for title in titles
    ]


def typo_page(user, q: str, count: int = 10) -> list[str]:
    """What the list's first page shows when the exact search found nothing."""
    found = Activity.objects.visible_to(user).search(q).by_relevance()
    assert found.best_first(0, count) == []
    return [a.title for a in found.typo_tolerant().best_first(0, count)]


def test_many_rows_rank_the_newest_candidates_closest_first_then_the_older_newest_first(
    hospital_a, clinics, monkeypatch
):
    """The ministry sees more than SCAN rows: the window (the four newest candidates) is ranked by distance,
    the older candidates follow newest first, none is lost."""
    monkeypatch.setattr(query, "WINDOW", 4)
    monkeypatch.setattr(query, "SCAN", 4)
    ministry = make_user("ministry", Role.MINISTRY, None)
    assert typo_page(ministry, "khoaa xa") == [
        "Khoá xạ trị 6",
        "Khoá xạ trị 4",
        "Kho xạ trị 5",
        "Kho xạ trị 3",
        "Khoá xạ trị 2",
        "Kho xạ trị 1",
        "Khoá xạ trị 0",
    ]
    assert typo_page(ministry, "khoaa xa", count=3) == ["Khoá xạ trị 6", "Khoá xạ trị 4", "Kho xạ trị 5"]


def test_candidates_rare_among_the_newest_rows_are_all_ranked(coordinator_a, hospital_a, clinics, monkeypatch):
    """Fewer candidates than the window among the newest rows: every candidate is ranked, closest first."""
    for n in range(3):
        save_activity(coordinator_a, Activity(owner=hospital_a, kind_id="training", title=f"Khám sàng lọc {n}"))
    monkeypatch.setattr(query, "WINDOW", 4)
    monkeypatch.setattr(query, "SCAN", 4)
    ministry = make_user("ministry", Role.MINISTRY, None)
    assert typo_page(ministry, "khoaa xa") == [
        "Khoá xạ trị 6",
        "Khoá xạ trị 4",
        "Khoá xạ trị 2",
        "Khoá xạ trị 0",
        "Kho xạ trị 5",
        "Kho xạ trị 3",
        "Kho xạ trị 1",
    ]


def test_the_list_page_shows_the_typo_window(client, hospital_a, clinics, monkeypatch):
    monkeypatch.setattr(query, "WINDOW", 4)
    monkeypatch.setattr(query, "SCAN", 4)
    client.force_login(make_user("ministry", Role.MINISTRY, None))
    page = client.get("/activities/", {"q": "khoaa xa"}).content.decode().split('id="results"')[1]
    titles = [f"{'Khoá' if n % 2 == 0 else 'Kho'} xạ trị {n}" for n in range(7)]
    assert sorted((t for t in titles if t in page), key=page.index) == [titles[n] for n in (6, 4, 5, 3, 2, 1, 0)]


@pytest.mark.parametrize("q", ["hopitel lyonn", "hospics civils", "gustav rousy", "xa trj", "khoaa 2"])
def test_an_institution_typo_search_finds_what_the_index_would(coordinator_a, hospital_a, partner_of_a, clinics, q):
    """One institution's rows tested without the index find the same records, in the same order, as the
    word index finds among them."""
    lyon = make_partner(hospital_a, "Hôpital Lyon Sud")
    for n, partner in enumerate([lyon, make_partner(hospital_a, "Hospices Civils de Lyon"), partner_of_a]):
        save_activity(
            coordinator_a,
            Activity(owner=hospital_a, kind_id="training", title=f"Xạ trị lần {n}"),
            partners=[{"organization": partner, "role": "host"}],
        )
    searched = Activity.objects.visible_to(coordinator_a).search(q)
    words, scope = searched.search_words, searched._searched[1]
    few = list(query._similar_on_sqlite(scope, words, []).values_list("pk", flat=True))
    indexed = list(query._similar_on_sqlite(scope, words, [scope.order_by("pk")[0].pk]).values_list("pk", flat=True))
    assert few and few == indexed


def test_a_word_no_record_starts_skips_the_index_once_the_vocabulary_is_read(hospital_a, clinics, monkeypatch):
    """After a typo search read the vocabulary, a phrase whose word starts no record's word finds nothing
    without the index's whole lists; a word some record starts is still looked up."""
    monkeypatch.setattr(query, "WINDOW", 4)
    monkeypatch.setattr(query, "SCAN", 4)
    ministry = make_user("ministry", Role.MINISTRY, None)
    typo_page(ministry, "khoaa xa")  # reads the vocabulary

    def lookups(q: str) -> tuple[list, list[str]]:
        with CaptureQueriesContext(connection) as captured:
            rows = Activity.objects.visible_to(ministry).search(q).by_relevance().best_first(0, 10)
        whole = [x["sql"] for x in captured.captured_queries if "MATCH" in x["sql"] and "rowid >=" not in x["sql"]]
        return [a.title for a in rows], whole

    assert lookups("khoaa xa") == ([], [])
    titles, whole = lookups("kho xa tri 1")
    assert titles == ["Kho xạ trị 1"] and whole


@pytest.mark.parametrize(("q", "typos", "newest"), [("khoa xa", False, [6, 4]), ("khoaa xa", True, [6, 5])])
def test_the_apis_page_of_a_search_common_among_the_newest_rows_reads_their_matches_only(
    hospital_a, clinics, monkeypatch, q, typos, newest
):
    """The API's keyset page (`newest_first`) of a search, or of its typo search, that the newest rows hold often
    asks FTS5 for their matches alone (`rowid >=`), not for every match in the registry (the whole word index
    for a misspelt phrase: 67-162 ms at a million); a rare one still gets every match, from the whole index."""
    monkeypatch.setattr(query, "SCAN", 4)
    monkeypatch.setattr(query, "SPARSE", 2)
    ministry = make_user("ministry", Role.MINISTRY, None)
    with CaptureQueriesContext(connection) as captured:
        rows = Activity.objects.visible_to(ministry).search(q).newest_first(None, 2, typos=typos)
    assert [a.title for a in rows] == [clinics[n].title for n in newest]
    assert not [x["sql"] for x in captured.captured_queries if "MATCH" in x["sql"] and "rowid >=" not in x["sql"]]
    rows = Activity.objects.visible_to(ministry).search(q).newest_first(clinics[3].pk, 5, typos=typos)
    assert [a.title for a in rows] == [clinics[n].title for n in ([2, 0] if not typos else [2, 1, 0])]
