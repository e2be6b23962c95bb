"""The importer by API: a text in, the proposal out, applied once; another institution's articles answer 404."""

from medcoop.activities.models import Activity
from medcoop.articles.models import Article, ArticleStatus
from medcoop.core.tests.test_api import bearer

from .conftest import ARTICLE


def test_a_text_is_read_proposed_and_applied_once(client, coordinator_a, partner_of_a):
    headers = bearer(coordinator_a)
    created = client.post("/api/articles/", {"text": ARTICLE}, content_type="application/json", **headers)
    assert created.status_code == 201
    body = created.json()
    assert "Viện Gustave Roussy" in [o["name"] for o in body["extraction"]["organizations"]]
    again = client.post("/api/articles/", {"text": ARTICLE}, content_type="application/json", **headers)
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    applied = client.post(f"/api/articles/{body['id']}/apply", **headers).json()
    assert len(applied["activities"]) == 1 and Activity.objects.filter(pk=applied["activities"][0]).exists()
    assert client.post(f"/api/articles/{body['id']}/apply", **headers).json()["activities"] == []


def test_another_institution_gets_404_and_bad_input_is_refused(client, coordinator_a, coordinator_b, site):
    created = client.post(
        "/api/articles/", {"text": ARTICLE}, content_type="application/json", **bearer(coordinator_a)
    ).json()
    headers = bearer(coordinator_b)
    assert client.get(f"/api/articles/{created['id']}", **headers).status_code == 404
    assert client.post(f"/api/articles/{created['id']}/apply", **headers).status_code == 404
    assert client.get("/api/articles/", **headers).json()["items"] == []
    empty = client.post("/api/articles/", {"url": f"{site}/empty"}, content_type="application/json", **headers)
    assert empty.status_code == 400 and empty.json()["errors"][0]["field"] == "url"
    assert client.post("/api/articles/", {}, content_type="application/json", **headers).status_code == 400
    assert Article.objects.count() == 1


def test_an_article_is_rejected_by_api_through_the_pages_rule(client, coordinator_a, coordinator_b):
    created = client.post(
        "/api/articles/", {"text": ARTICLE}, content_type="application/json", **bearer(coordinator_a)
    ).json()
    url = f"/api/articles/{created['id']}/reject"
    assert client.post(url, **bearer(coordinator_b)).status_code == 404
    assert Article.objects.get(pk=created["id"]).status == ArticleStatus.NEW
    rejected = client.post(url, **bearer(coordinator_a))
    assert rejected.status_code == 200 and rejected.json()["status"] == ArticleStatus.REJECTED
    again = client.post(f"/api/articles/{created['id']}/apply", **bearer(coordinator_a))
    assert again.status_code == 400 and Activity.objects.count() == 0
    assert client.post(url, **bearer(coordinator_a)).status_code == 400


def test_an_applied_article_cannot_be_rejected_by_api(client, coordinator_a):
    created = client.post(
        "/api/articles/", {"text": ARTICLE}, content_type="application/json", **bearer(coordinator_a)
    ).json()
    client.post(f"/api/articles/{created['id']}/apply", **bearer(coordinator_a))
    refused = client.post(f"/api/articles/{created['id']}/reject", **bearer(coordinator_a))
    assert refused.status_code == 400 and "không thể duyệt, áp dụng hay từ chối nữa" in refused.json()["message"]
    assert Article.objects.get(pk=created["id"]).status == ArticleStatus.APPLIED
