"""Every list the API serves (records_api.add_list), attacked as a client who types or forges its parameters:
a cursor this API never wrote, a page size out of range, `fields=` naming what the answer does not have, an id
no table holds. Each is a clear 400 or 404 naming the parameter, never a 500 and never a silently wrong
answer. Runs on PostgreSQL too (DATABASE_URL), where an out-of-range integer is a DataError. The list pages
likewise, with a page number no page has."""

import base64

import pytest
from django.urls import reverse

from .test_api import bearer

LISTS = [
    "organizations/",
    "agreements/",
    "activities/",
    "techniques/",
    "training/courses",
    "delegations/",
    "funding/",
    "articles/",
    "consultations/",
    "patients/",
    "privacy/consents",
    "privacy/transfers",
]
DETAILS = [name for name in LISTS if name.endswith("/")]  # the lists whose records are read one by one


def cursor(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.fixture
def headers(coordinator_a, activity_of_a):
    return bearer(coordinator_a)


@pytest.mark.parametrize("name", LISTS)
def test_a_cursor_this_api_never_wrote_is_refused_naming_after(client, headers, name):
    """Junk, junk in base64, ids no row has (0, negative, past a bigint) and ids written as int() would read
    them but encode_cursor never does: before, each answered 200 as if from the first page (or 500)."""
    forged = ["garbage", cursor("junk"), cursor("0"), cursor("-5"), cursor(str(2**63)), cursor(str(10**30))]
    forged += [cursor(" 12"), cursor("1_2"), cursor("١٢"), "~" + cursor(str(10**30))]
    for after in forged:
        response = client.get(f"/api/{name}", {"after": after}, **headers)
        assert response.status_code == 400, after
        assert [e["field"] for e in response.json()["errors"]] == ["after"], after


@pytest.mark.parametrize("name", LISTS)
def test_fields_naming_no_field_is_refused_naming_fields(client, headers, name):
    """Before, an unknown name was dropped: a typo answered 200 with bare ids, as if the records had nothing."""
    assert all(set(item) == {"id"} for item in client.get(f"/api/{name}", {"fields": "id"}, **headers).json()["items"])
    for fields in ("unknown", "id,nmae"):
        response = client.get(f"/api/{name}", {"fields": fields}, **headers)
        assert response.status_code == 400, fields
        assert response.json()["errors"][0]["field"] == "fields"
        assert response.json()["message"].startswith("Không có trường: ")
    flood = client.get(f"/api/{name}", {"fields": ",".join(f"x{n}" * 50 for n in range(2000))}, **headers)
    assert flood.status_code == 400 and len(flood.content) < 2000  # what was sent is not all echoed back


@pytest.mark.parametrize("name", [*LISTS, "training/cohorts"])
def test_a_parameter_the_list_does_not_take_is_refused_naming_it(client, headers, name):
    """Before, ignored: a typo or another list's filter answered every row as if filtered, `sort` an order
    the API does not give (nor any order by a clinical field)."""
    for parameter, value in (("yaer", "2019"), ("sort", "history"), ("ordering", "-question")):
        response = client.get(f"/api/{name}", {parameter: value}, **headers)
        assert response.status_code == 400, parameter
        assert response.json()["errors"][0]["field"] == parameter
        assert response.json()["message"].startswith("Không có tham số: ")


@pytest.mark.parametrize(
    "name, fields",
    [
        ("patients/", "name,birth_date,identity_number,contact"),  # the identity is never a field
        ("privacy/consents", "history,question,summary_translated"),  # a consent names its case, no more
        ("privacy/transfers", "history,question,outcome"),
    ],
)
def test_clinical_text_a_list_does_not_carry_cannot_be_asked_for(client, headers, name, fields):
    response = client.get(f"/api/{name}", {"fields": fields}, **headers)
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "fields"


@pytest.mark.parametrize("name", LISTS)
def test_a_page_size_out_of_range_is_bounded_and_a_word_refused(client, headers, name):
    for limit in (0, -1, 10**9, 10**30):
        response = client.get(f"/api/{name}", {"limit": limit}, **headers)
        assert response.status_code == 200 and len(response.json()["items"]) <= 200, limit
    response = client.get(f"/api/{name}", {"limit": "abc"}, **headers)
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "limit"


@pytest.mark.parametrize("name", DETAILS)
def test_an_id_no_table_holds_is_404_and_a_word_400(client, headers, name):
    for pk in (0, -1, 2**63, 10**30):
        assert client.get(f"/api/{name}{pk}", **headers).status_code == 404, pk
    assert client.get(f"/api/{name}abc", **headers).status_code == 400


def test_an_address_under_api_that_is_no_endpoint_answers_404_in_json(client, headers):
    """Before, the site's HTML 404 page: a client parsing the one error format got HTML."""
    for address in ("/api/privacy/consents/1", "/api/privacy/transfers/abc", "/api/nothing/9", "/api/"):
        response = client.get(address, **headers)
        assert response.status_code == 404 and response.json() == {"message": "Không tìm thấy.", "errors": []}, address
    assert client.get("/api/organizations", **headers)["Location"] == "/api/organizations/"  # APPEND_SLASH kept
    # a final slash too many, on the lists whose address has none: redirected there, the query kept
    extra = client.get("/api/privacy/consents/?limit=1", **headers)
    assert (extra.status_code, extra["Location"]) == (301, "/api/privacy/consents?limit=1")
    assert client.get("/api/privacy/consents//", **headers).status_code == 404


def test_a_tokens_write_to_an_address_that_is_no_endpoint_answers_404_in_json(headers):
    """A token's POST to a mistyped address (a final slash too many) met the CSRF check meant for sessions and got
    Django's HTML 403 page: a token's request carries no cookie, and the address changes nothing anyway."""
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    for method, address in (("POST", "/api/organizations/1/"), ("PATCH", "/api/activities/1/"), ("DELETE", "/api/x")):
        response = strict.generic(method, address, "{}", content_type="application/json", **headers)
        assert response.status_code == 404 and response.json()["message"] == "Không tìm thấy.", (method, address)


PAGES = [
    "organization-list",
    "agreement-list",
    "activity-list",
    "technique-list",
    "course-list",
    "delegation-list",
    "funding-list",
    "article-list",
    "case-list",
    "session-list",
    "episode-list",
    "consent-list",
    "transfer-list",
]


@pytest.mark.parametrize("name", PAGES)
def test_a_page_number_no_page_has_shows_the_nearest_page_and_says_so(client, coordinator_a, activity_of_a, name):
    """Before: a 404 saying the user may not open the page (a bookmark of a list since shortened), and on a
    search's pages a 30-digit number reached the database's OFFSET: a 500."""
    client.force_login(coordinator_a)
    pages = [{"page": "abc"}, {"page": "0"}, {"page": "-1"}, {"page": "9" * 30}]
    for asked in [{"page": "2"}, *pages, *({**page, "q": "xa tri"} for page in pages)]:  # a search is uncounted
        response = client.get(reverse(name), asked)
        assert response.status_code == 200, asked
        assert response.context["page_obj"].number == 1, asked
        assert "Không có trang đó: đây là trang 1." in response.content.decode(), asked
    partial = client.get(reverse(name), {"page": "0"}, headers={"HX-Request": "true"})  # search as you type
    assert "Không có trang đó: đây là trang 1." in partial.content.decode()
    assert not list(partial.context["messages"])  # nothing left over for the next page


def test_a_search_with_a_null_character_is_refused_in_vietnamese(client, coordinator_a):
    client.force_login(coordinator_a)
    response = client.get(reverse("activity-list"), {"q": "xa\x00tri"})
    assert "Không được có ký tự rỗng (NUL)." in response.content.decode()


def test_a_filter_value_refused_is_not_repeated_in_the_answer(client, headers):
    """As the schema's refusals never repeat what was sent (it may be clinical), neither do the filters': a
    choice field's "“…” is not one of the choices" sent the value back."""
    secret = "Nguyễn Văn A 1957"
    for name, field in (("consultations/", "status"), ("patients/", "year"), ("activities/", "kind")):
        response = client.get(f"/api/{name}", {field: secret}, **headers)
        assert response.status_code == 400 and secret not in str(response.json()), name
        assert response.json()["errors"] == [
            {"field": field, "message": "Lựa chọn này không có trong danh sách, hãy chọn một mục trong danh sách."}
        ]
