"""Reading articles in, proposing records, and applying the reviewed proposal exactly once."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from medcoop.activities.models import Activity
from medcoop.agreements.models import Agreement
from medcoop.articles import services
from medcoop.articles.models import Article, ArticleStatus
from medcoop.articles.reading import ReadError, read_bytes
from medcoop.core.permissions import Role
from medcoop.organizations.models import Organization

from .conftest import ARTICLE


def store(user, text=ARTICLE):
    return services.store_article(user, read_bytes(text.encode("utf-8")))


def test_an_article_is_kept_with_its_proposal_and_known_partners_are_matched(coordinator_a, partner_of_a):
    article, created = store(coordinator_a)
    assert created and article.status == ArticleStatus.NEW
    matches = {o["name"]: o["match"] for o in article.extraction["organizations"]}
    assert matches["Viện Gustave Roussy"]["id"] == partner_of_a.pk
    assert matches["Bệnh viện K"]["id"] == coordinator_a.organization_id
    assert matches["Bệnh viện Nevers"] is None


def test_the_same_article_with_old_style_tone_marks_is_the_same_article(coordinator_a):
    first, _ = store(coordinator_a)
    again, created = store(coordinator_a, ARTICLE.replace("hòa", "hoà") + "\n")
    assert not created and again.pk == first.pk
    assert Article.objects.count() == 1


def test_applying_creates_records_with_provenance_and_twice_creates_nothing(coordinator_a, partner_of_a, hospital_a):
    article, _ = store(coordinator_a)
    applied = services.apply_article(coordinator_a, article)
    nevers = Organization.objects.get(name="Bệnh viện Nevers")
    assert applied.organizations == [nevers] and nevers.owner == hospital_a and nevers.country == "FR"
    assert f"#{article.pk}" in nevers.notes
    agreement = Agreement.objects.get()
    assert set(agreement.parties.values_list("organization", flat=True)) == {hospital_a.pk, partner_of_a.pk}
    assert agreement.signed_on.isoformat() == "2024-10-01"
    activity = Activity.objects.get()
    assert activity.provenance == "article" and activity.source_reference == f"article #{article.pk}"
    assert {(f.metric_id, int(f.value), f.currency) for f in activity.figures.all()} == {
        ("staff_trained", 25, ""),
        ("funding", 1_200_000, "EUR"),
    }
    assert all(f.note.startswith(f"article #{article.pk}, ") for f in activity.figures.all())
    article.refresh_from_db()
    assert article.status == ArticleStatus.APPLIED
    counts = (Organization.objects.count(), Agreement.objects.count(), Activity.objects.count())
    again, created = store(coordinator_a)
    assert not created
    assert services.apply_article(coordinator_a, again).activities == []
    assert (Organization.objects.count(), Agreement.objects.count(), Activity.objects.count()) == counts


def test_a_reviewer_can_drop_items_before_applying(coordinator_a, partner_of_a):
    article, _ = store(coordinator_a)
    review = dict(article.extraction)
    review["organizations"] = [{**o, "include": o["name"] != "Bệnh viện Nevers"} for o in review["organizations"]]
    review["figures"] = [f for f in review["figures"] if f["metric"] != "funding"]
    services.apply_article(coordinator_a, article, review)
    assert not Organization.objects.filter(name="Bệnh viện Nevers").exists()
    assert list(Activity.objects.get().figures.values_list("metric", flat=True)) == ["staff_trained"]


def test_a_failure_while_applying_leaves_nothing_behind(coordinator_a, partner_of_a):
    article, _ = store(coordinator_a)
    review = dict(article.extraction)
    review["figures"] = [{"metric": "funding", "value": 5, "currency": ""}]  # money without a currency
    with pytest.raises(ValidationError):
        services.apply_article(coordinator_a, article, review)
    assert not Organization.objects.filter(name="Bệnh viện Nevers").exists()
    assert not Activity.objects.exists() and not Agreement.objects.exists()
    article.refresh_from_db()
    assert article.status == ArticleStatus.NEW


def test_only_a_coordinator_reads_articles_in(users):
    with pytest.raises(PermissionDenied):
        store(users[Role.CLINICIAN])
    assert not Article.objects.exists()


def test_a_web_page_is_fetched_and_its_menu_left_out(site):
    read = services.fetch_url(f"{site}/news")
    assert "Gustave Roussy" in read.text and "Trang chủ" not in read.text


@pytest.mark.parametrize(
    "path, message", [("/slow", "Không tải được trang"), ("/big", "lớn hơn"), ("/empty", "Không tìm thấy nội dung")]
)
def test_a_page_that_cannot_be_read_gives_a_clear_message(site, settings, path, message):
    settings.MEDCOOP_MAX_ARTICLE_BYTES = 1_000_000
    settings.MEDCOOP_FETCH_SECONDS = 0.5
    with pytest.raises(ReadError) as error:
        services.fetch_url(f"{site}{path}")
    assert message in str(error.value)


@pytest.mark.parametrize("host", ["127.0.0.1", "0x7f000001", "2130706433"])
def test_the_importer_does_not_fetch_an_address_inside_the_network(site, settings, host):
    settings.MEDCOOP_FETCH_ALLOWED_NETWORKS = []  # as in production
    port = site.rsplit(":", 1)[1]
    with pytest.raises(ReadError, match="mạng nội bộ"):
        services.fetch_url(f"http://{host}:{port}/news")
