"""What a person sees when something is wrong: MedCoop's own pages in the chosen language, 503 with the
database down, no redirect off the site, clinical pages and downloads never cached, a bad status 400."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from medcoop.core.tests.test_api import bearer
from medcoop.patients.models import EpisodeStatus, PatientEpisode


@pytest.fixture
def episode(coordinator_a, hospital_a):
    return PatientEpisode.objects.create(owner=hospital_a, nationality="LA")


def test_a_missing_page_is_medcoops_own_in_vietnamese_or_english(client, coordinator_a):
    client.force_login(coordinator_a)
    page = client.get("/khong-co-trang-nay/")
    html = page.content.decode()
    assert page.status_code == 404 and "Không tìm thấy trang" in html and "URLconf" not in html
    coordinator_a.language = "en"
    coordinator_a.save()
    assert "Page not found" in client.get("/no-such-page/").content.decode()


def test_a_five_megabyte_title_gets_medcoops_too_large_page_not_a_debug_page(client, coordinator_a):
    client.force_login(coordinator_a)
    page = client.post(reverse("activity-create"), {"title": "x" * 5_000_000, "kind": "training"})
    assert page.status_code == 413 and "không lưu gì" in page.content.decode()  # refused before it is read


def test_with_the_database_down_the_user_gets_a_503_page(coordinator_a, monkeypatch):
    client = Client(raise_request_exception=False)
    client.force_login(coordinator_a)

    def down(self):
        raise OperationalError("connection to server at 10.0.0.5 failed: Connection refused")

    monkeypatch.setattr(SessionStore, "load", down)  # the first query of the request, inside the middleware
    page = client.get("/dashboard/")
    html = page.content.decode()
    assert page.status_code == 503 and "Không kết nối được cơ sở dữ liệu" in html and "10.0.0.5" not in html


def test_any_other_failure_gets_the_500_page(coordinator_a, monkeypatch):
    client = Client(raise_request_exception=False)
    client.force_login(coordinator_a)
    monkeypatch.setattr(SessionStore, "load", lambda self: 1 / 0)
    page = client.get("/dashboard/")
    assert page.status_code == 500 and "không thể hoàn tất" in page.content.decode()


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "https:evil.example", "/\\evil.example"]
)
def test_no_redirect_leaves_the_site(client, coordinator_a, episode, target):
    client.force_login(coordinator_a)
    response = client.post(reverse("episode-move", args=[episode.pk]), {"status": "accepted", "next": target})
    assert response.status_code == 302 and response["Location"] == episode.get_absolute_url()
    here = client.post(reverse("episode-move", args=[episode.pk]), {"status": "admitted", "next": "/patients/"})
    assert here["Location"] == "/patients/"


def test_clinical_pages_and_downloads_are_not_stored_and_other_pages_may_be(client, coordinator_a, episode):
    client.force_login(coordinator_a)
    for url in (reverse("episode-list"), episode.get_absolute_url(), "/organizations/?export=csv"):
        assert "no-store" in client.get(url)["Cache-Control"], url
    assert "no-store" in client.get("/api/patients/", **bearer(coordinator_a))["Cache-Control"]
    assert "no-store" not in client.get("/organizations/").get("Cache-Control", "")


def test_an_unknown_status_in_the_api_is_a_400_in_the_projects_shape(client, coordinator_a, episode):
    response = client.post(
        f"/api/patients/{episode.pk}/status",
        {"status": "done"},
        content_type="application/json",
        **bearer(coordinator_a),
    )
    assert response.status_code == 400 and "done" in str(response.json())
    episode.refresh_from_db()
    assert episode.status == EpisodeStatus.REQUESTED
