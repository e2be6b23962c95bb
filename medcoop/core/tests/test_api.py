"""The REST API: token or session, the same permission layer as the pages (404 for what one may not see), the
UI's filters, keyset pages, lean fields, and the forms' validation with errors naming the field."""

import json

import pytest
from django.urls import reverse
from openapi_spec_validator import validate

from medcoop.accounts.models import ApiToken
from medcoop.accounts.tokens import create_token
from medcoop.activities.models import Activity


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {create_token(user, 'test')[1]}"}


@pytest.fixture
def records(partner_of_a, agreement_of_a, activity_of_a):
    return {"organizations": partner_of_a, "agreements": agreement_of_a, "activities": activity_of_a}


@pytest.mark.parametrize("kind", ["organizations", "agreements", "activities"])
def test_every_endpoint_hides_another_institutions_records(client, records, coordinator_b, kind):
    record = records[kind]
    headers = bearer(coordinator_b)
    assert client.get(f"/api/{kind}/{record.pk}", **headers).status_code == 404
    assert record.pk not in [item["id"] for item in client.get(f"/api/{kind}/", **headers).json()["items"]]
    if kind != "agreements":
        response = client.patch(
            f"/api/{kind}/{record.pk}", {"title": "x", "name": "x"}, content_type="application/json", **headers
        )
        assert response.status_code == 404


@pytest.mark.parametrize("kind", ["organizations", "agreements", "activities"])
def test_the_owner_reads_its_records(client, records, coordinator_a, kind):
    body = client.get(f"/api/{kind}/{records[kind].pk}", **bearer(coordinator_a)).json()
    assert body["id"] == records[kind].pk


def test_no_token_no_data_and_a_revoked_token_stops_working(client, coordinator_a, records):
    assert client.get("/api/activities/").status_code == 401
    record, token = create_token(coordinator_a, "cron")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert client.get("/api/activities/", **headers).status_code == 200
    assert token not in str(ApiToken.objects.values_list("digest", "prefix"))  # only a hash is kept
    client.force_login(coordinator_a)
    client.post(reverse("api-tokens"), {"revoke": record.pk})
    client.logout()
    assert client.get("/api/activities/", **headers).status_code == 401


def test_the_session_works_for_the_browser(client, coordinator_a, records):
    client.force_login(coordinator_a)
    assert client.get("/api/activities/").json()["items"][0]["id"] == records["activities"].pk


def test_lists_use_the_ui_filters_keyset_pages_and_lean_fields(client, coordinator_a, hospital_a, records):
    from datetime import date

    for n in range(5):
        Activity.objects.create(
            owner=hospital_a, kind_id="conference", title=f"Hội thảo {n}", start_on=date(2019, 1, n + 1)
        )
    headers = bearer(coordinator_a)
    first = client.get("/api/activities/", {"year": 2019, "limit": 3, "fields": "title"}, **headers).json()
    assert [set(item) for item in first["items"]] == [{"id", "title"}] * 3 and first["next"]
    second = client.get("/api/activities/", {"year": 2019, "limit": 3, "after": first["next"]}, **headers).json()
    titles = [i["title"] for i in first["items"] + second["items"]]
    assert sorted(titles) == [f"Hội thảo {n}" for n in range(5)] and second["next"] is None
    assert [i["title"] for i in client.get("/api/activities/", {"q": "hoi thao 3"}, **headers).json()["items"]] == [
        "Hội thảo 3"
    ]


def test_an_activity_is_created_with_figures_and_errors_name_the_field(client, coordinator_a, partner_of_a):
    headers = bearer(coordinator_a)
    payload = {
        "kind": "training",
        "title": "Đào tạo qua API",
        "start": "10/2017",
        "partners": [{"organization": partner_of_a.pk, "role": "implementer"}],
        "figures": [{"metric": "staff_trained", "value": 25}, {"metric": "funding", "value": 5}],
    }
    response = client.post("/api/activities/", payload, content_type="application/json", **headers)
    assert response.status_code == 400
    assert {"field": "figures[1].currency", "message": "Số tiền cần có loại tiền (EUR, USD, VND…)."} in response.json()[
        "errors"
    ]
    assert not Activity.objects.exists()
    payload["figures"][1]["currency"] = "EUR"
    created = client.post("/api/activities/", payload, content_type="application/json", **headers).json()
    activity = Activity.objects.get(pk=created["id"])
    assert (activity.start_precision, activity.figures.count(), activity.partners.count()) == ("month", 2, 1)
    patched = client.patch(
        f"/api/activities/{activity.pk}", {"title": "Đổi tên"}, content_type="application/json", **headers
    ).json()
    assert patched["title"] == "Đổi tên" and len(patched["figures"]) == 2  # PATCH keeps what it does not name


def test_an_organization_is_created_and_a_bad_country_is_refused(client, coordinator_a, hospital_a):
    headers = bearer(coordinator_a)
    bad = client.post(
        "/api/organizations/", {"name": "Viện X", "country": "XX"}, content_type="application/json", **headers
    )
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "country"
    good = client.post(
        "/api/organizations/",
        {"name": "Viện X", "country": "FR", "aliases": ["IX"]},
        content_type="application/json",
        **headers,
    ).json()
    assert good["aliases"] == ["IX"] and good["owner_id"] == hospital_a.pk


def test_the_openapi_document_describes_the_endpoints(client, db):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"/api/organizations/", "/api/agreements/", "/api/activities/", "/api/activities/{pk}"} <= set(paths)
    for kind in ("organizations", "activities"):  # merges and their undo (audit.merge_api)
        assert "post" in paths[f"/api/{kind}/{{pk}}/merge"] and "get" in paths[f"/api/{kind}/{{pk}}/merges"]
        assert "post" in paths[f"/api/{kind}/{{pk}}/merges/{{merge_id}}/undo"]


def _no_repeated_keys(pairs):
    keys = [key for key, _value in pairs]
    assert len(keys) == len(set(keys)), f"repeated keys: {keys}"
    return dict(pairs)


def test_the_openapi_document_is_valid_openapi_with_one_key_per_status(client, db):
    """/api/docs refused the document with 'duplicated mapping key' when 400 came both as 400 and "400"."""
    text = client.get("/api/openapi.json").content.decode()
    document = json.loads(text, object_pairs_hook=_no_repeated_keys)
    validate(document)


def test_an_activity_read_and_sent_back_unchanged_changes_nothing(client, coordinator_a, partner_of_a):
    headers = bearer(coordinator_a)
    payload = {
        "kind": "funding",
        "title": "Tài trợ qua API",
        "partners": [{"organization": partner_of_a.pk, "role": "funder"}],
        "figures": [
            {"metric": "funding", "value": "13500000.50", "currency": "EUR", "period_start": "2024-01-01"},
        ],
    }
    created = client.post("/api/activities/", payload, content_type="application/json", **headers).json()
    assert created["figures"][0]["value"] == "13500000.50"  # money leaves as an exact decimal string
    url = f"/api/activities/{created['id']}"
    read = client.get(url, **headers).json()
    sent = {k: v for k, v in read.items() if k not in ("id", "owner_id", "agreement_id", "provenance", "updated_at")}
    again = client.patch(url, sent, content_type="application/json", **headers).json()
    saved_at = ("version", "updated_at")  # a save is a new version: the client's next edit starts from it
    assert {k: v for k, v in again.items() if k not in saved_at} == {k: v for k, v in read.items() if k not in saved_at}
    figure = Activity.objects.get(pk=created["id"]).figures.get()
    assert (figure.pk, str(figure.period_start)) == (read["figures"][0]["id"], "2024-01-01")


def test_a_tokens_last_use_is_written_once_a_minute_not_on_every_read(client, coordinator_a, records):
    from datetime import timedelta

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    record, token = create_token(coordinator_a, "script")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert client.get("/api/activities/", **headers).status_code == 200
    first = ApiToken.objects.get(pk=record.pk).last_used_at
    assert first is not None
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/activities/", **headers).status_code == 200
    assert not any("UPDATE" in q["sql"] and "core_apitoken" in q["sql"] for q in queries.captured_queries)
    ApiToken.objects.filter(pk=record.pk).update(last_used_at=first - timedelta(minutes=2))
    assert client.get("/api/activities/", **headers).status_code == 200
    assert ApiToken.objects.get(pk=record.pk).last_used_at > first


def test_what_the_schema_refuses_is_answered_in_the_readers_language_naming_the_field(
    client, coordinator_a, partner_of_a
):
    """pydantic's English text (and the value sent, which may be clinical) never reaches the reader."""
    secret = "Nguyễn Văn A 1957"
    payload = {
        "title": "Hội thảo",
        "partners": [{"organization": secret}],
        "figures": [{"metric": "staff_trained", "value": secret, "period_start": secret}],
    }

    def refusals():
        headers = bearer(coordinator_a)
        query = client.get("/api/activities/", {"limit": secret}, **headers)
        body = client.post("/api/activities/", payload, content_type="application/json", **headers)
        unreadable = client.post("/api/activities/", "{" + secret, content_type="application/json", **headers)
        assert {query.status_code, body.status_code, unreadable.status_code} == {400}
        assert secret not in (query.content + body.content + unreadable.content).decode()
        return query.json(), {e["field"]: e["message"] for e in body.json()["errors"]}, unreadable.json()

    query, body, unreadable = refusals()
    assert query["errors"] == [{"field": "limit", "message": "Nhập một số nguyên."}]
    cursor = client.get("/api/activities/", {"after": "%%%"}, **bearer(coordinator_a)).json()["errors"][0]
    assert cursor["field"] == "after" and cursor["message"].startswith("Không phải con trỏ trang")
    assert body == {
        "partners[0].organization": "Nhập một số nguyên.",
        "figures[0].value": "Nhập một số.",
        "figures[0].period_start": "Nhập ngày theo dạng YYYY-MM-DD (ISO 8601).",
    }
    assert unreadable["message"] == "Không đọc được nội dung yêu cầu: hãy gửi JSON."
    coordinator_a.language = "en"
    coordinator_a.save()
    query, body, unreadable = refusals()
    assert query["message"] == "Enter a whole number." and body["figures[0].period_start"].startswith("Enter a date")
    assert unreadable["message"] == "The request body could not be read: send JSON."


def test_activities_dates_are_iso_with_their_precision_in_the_api_and_as_typed_on_the_page(client, coordinator_a):
    headers = bearer(coordinator_a)
    payload = {"kind": "conference", "title": "Hội nghị hai năm", "start": "10/2017", "end": "2018"}
    created = client.post("/api/activities/", payload, content_type="application/json", **headers).json()
    dates = {k: created[k] for k in ("start", "start_precision", "end", "end_precision")}
    assert dates == {"start": "2017-10-01", "start_precision": "month", "end": "2018-01-01", "end_precision": "year"}
    url = f"/api/activities/{created['id']}"
    client.patch(url, dates, content_type="application/json", **headers)  # sent back, the precision stays
    activity = Activity.objects.get(pk=created["id"])
    assert (str(activity.start), str(activity.end)) == ("10/2017", "2018")
    day = client.patch(
        url, {"start": "2017-10-05", "start_precision": "day"}, content_type="application/json", **headers
    )
    assert (day.json()["start"], day.json()["start_precision"]) == ("2017-10-05", "day")
    client.force_login(coordinator_a)
    assert "05/10/2017 – 2018" in client.get(reverse("activity-list")).content.decode()
    exported = client.get(reverse("activity-list"), {"export": "csv"}).content.decode("utf-8-sig")
    assert "05/10/2017" in exported and "2017-10-05" not in exported


def test_an_activitys_other_titles_are_read_and_written_as_a_list_of_texts(client, coordinator_a):
    import unicodedata

    headers = bearer(coordinator_a)
    payload = {"kind": "conference", "title": "Hội nghị Ung thư", "aliases": ["Hội thảo cũ", 5]}
    refused = client.post("/api/activities/", payload, content_type="application/json", **headers)
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "aliases[1]"
    assert not Activity.objects.exists()
    payload["aliases"] = [unicodedata.normalize("NFD", " Hội thảo cũ "), "", "Hội thảo cũ"]
    created = client.post("/api/activities/", payload, content_type="application/json", **headers).json()
    assert created["aliases"] == ["Hội thảo cũ"]  # stored NFC, trimmed, blanks and repeats dropped
    assert Activity.objects.get().aliases == ["Hội thảo cũ"]
    found = client.get("/api/activities/", {"q": "hoi thao cu"}, **headers).json()["items"]
    assert [item["id"] for item in found] == [created["id"]]
    too_long = client.patch(
        f"/api/activities/{created['id']}", {"aliases": ["x" * 401]}, content_type="application/json", **headers
    )
    assert too_long.status_code == 400 and too_long.json()["errors"][0]["field"] == "aliases"
    assert client.get(f"/api/activities/{created['id']}", **headers).json()["aliases"] == ["Hội thảo cũ"]


def test_a_token_expires_when_its_maker_chose_and_the_page_says_when(client, coordinator_a, settings):
    from datetime import timedelta

    from django.utils import timezone

    settings.MEDCOOP_API_TOKEN_DAYS = 90
    client.force_login(coordinator_a)
    page = client.get(reverse("api-tokens")).content.decode()
    assert '<option value="90" selected>' in page  # the setting's lifetime is offered first
    client.post(reverse("api-tokens"), {"name": "báo cáo", "days": "30"})
    made = ApiToken.objects.get(user=coordinator_a)
    assert timedelta(days=29) < made.expires_at - timezone.now() <= timedelta(days=30)
    assert client.post(reverse("api-tokens"), {"name": "x", "days": "7000"}).status_code == 200
    assert ApiToken.objects.count() == 1  # a lifetime the page does not offer makes no token
    client.logout()

    record, token = create_token(coordinator_a, "cron", days=30)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert client.get("/api/activities/", **headers).status_code == 200
    ApiToken.objects.filter(pk=record.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    expired = client.get("/api/activities/", **headers)
    assert (
        expired.status_code == 401 and expired.json()["message"] == "Không có mã truy cập hoặc phiên đăng nhập hợp lệ."
    )
    client.force_login(coordinator_a)
    page = client.get(reverse("api-tokens")).content.decode()
    assert f'name="revoke" value="{record.pk}"' not in page and "<td>hết hạn</td>" in page
    assert "<td>không bao giờ</td>" not in page  # each token shows when it expires
    create_token(coordinator_a, "forever")
    assert "<td>không bao giờ</td>" in client.get(reverse("api-tokens")).content.decode()


def test_every_api_list_answers_what_django_ninja_would(client, records, coordinator_a, monkeypatch):
    """The lists' answers checked by the plain models made from their schemas are, byte for byte, those
    django-ninja's own check writes: for every list of the API, whole and with lean fields."""
    from medcoop.core import records_api

    headers = bearer(coordinator_a)
    schema = client.get("/api/openapi.json", **headers).json()
    lists = [
        path for path, ops in schema["paths"].items() if ops.get("get", {}).get("operationId", "").startswith("list_")
    ]
    assert "/api/activities/" in lists and len(lists) > 5
    for path in lists:
        for query in ("", "?fields=id,title,partners"):
            monkeypatch.setattr(records_api, "FAST_ANSWERS", True)
            fast = client.get(path + query, **headers)
            monkeypatch.setattr(records_api, "FAST_ANSWERS", False)
            slow = client.get(path + query, **headers)
            assert (fast.status_code, fast["Content-Type"], fast.content) == (
                slow.status_code,
                slow["Content-Type"],
                slow.content,
            ), path + query
    assert client.get("/api/activities/", **headers).json()["items"][0]["partners"]  # nested rows compared too


def test_the_demo_registrys_lists_answer_what_django_ninja_would_for_every_role(db, client, monkeypatch):
    """The lists' JSON, written from the declarations' dicts without validating them, is django-ninja's, byte for
    byte, on a registry holding every kind of record (cases, episodes, consents, delegations, fundings,
    techniques, courses, cohorts, articles), as each of the demo's users reads it (clinical fields and rows
    per role and institution), whole and with lean fields in another order."""
    from medcoop.core import records_api
    from medcoop.core.models import User
    from medcoop.devtools.demo import load_demo

    load_demo()
    schema = client.get("/api/openapi.json", **bearer(User.objects.filter(is_active=True).first())).json()
    lists = [p for p, ops in schema["paths"].items() if ops.get("get", {}).get("operationId", "").startswith("list_")]
    compared = 0
    for user in User.objects.filter(is_active=True).order_by("pk"):
        headers = bearer(user)
        for path in lists:
            for query in ("", "?fields=version,partners,id", "?limit=2"):
                monkeypatch.setattr(records_api, "FAST_ANSWERS", True)
                fast = client.get(path + query, **headers)
                monkeypatch.setattr(records_api, "FAST_ANSWERS", False)
                slow = client.get(path + query, **headers)
                assert (fast.status_code, fast.content) == (slow.status_code, slow.content), (user.role, path + query)
                compared += fast.status_code == 200 and bool(fast.json()["items"])
    assert compared > 20


def test_a_method_an_endpoint_does_not_take_and_a_choice_outside_the_list_answer_in_the_readers_language(
    client, coordinator_a, activity_of_a
):
    """DELETE on a record (the API deletes nothing) answered django-ninja's English 'Method not allowed' as
    HTML; a precision outside day/month/year listed the choices joined by an English 'or'."""
    headers = bearer(coordinator_a)
    refused = client.delete(f"/api/activities/{activity_of_a.pk}", **headers)
    assert refused.status_code == 405 and "PATCH" in refused["Allow"] and "DELETE" not in refused["Allow"]
    assert refused.json() == {"message": "Địa chỉ này không nhận phương thức DELETE.", "errors": []}
    week = {"kind": "conference", "title": "Hội nghị", "start": "2020-01-01", "start_precision": "week"}
    answer = client.post("/api/activities/", week, content_type="application/json", **headers).json()
    assert answer["errors"] == [{"field": "start_precision", "message": "Chọn một trong: 'day', 'month', 'year'."}]
