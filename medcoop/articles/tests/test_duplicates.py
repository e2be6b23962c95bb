"""Re-applying an article the registry already holds, as the institution's own coordinator: its own hospital
is recognised under a shortened name and the activity already recorded is offered for merging, not copied."""

from pathlib import Path

import pytest
from django.urls import reverse

from medcoop.activities.models import Activity
from medcoop.articles import services
from medcoop.articles.reading import read_bytes
from medcoop.devtools.demo import load_demo
from medcoop.organizations.models import Organization

UONG_BI = Path(__file__).resolve().parents[3].parent / "shared" / "articles" / "uong-bi-nevers-mission.txt"


@pytest.fixture
def uong_bi(db):
    if not UONG_BI.exists():
        pytest.skip("the shared articles are not on this machine")
    users = load_demo()
    coordinator = next(u for u in users if u.role == "coordinator" and u.organization.code == "BVUB")
    mission = Activity.objects.get(owner=coordinator.organization, title__contains="tim mạch - lồng ngực")
    return coordinator, mission


def test_reapplying_the_uong_bi_article_merges_into_what_the_hospital_already_has(uong_bi):
    coordinator, mission = uong_bi
    hospital = coordinator.organization
    organizations = Organization.objects.filter(owner=hospital).count()
    activities = Activity.objects.filter(owner=hospital).count()
    partners = set(mission.partners.values_list("organization", flat=True))

    article, _ = services.store_article(coordinator, read_bytes(UONG_BI.read_bytes()))
    matches = [item["match"] and item["match"]["id"] for item in article.extraction["organizations"]]
    assert hospital.pk in matches and None not in matches  # its own hospital, even where the name is cut short
    assert article.extraction["merge_into"]["id"] == mission.pk

    applied = services.apply_article(coordinator, article)

    assert applied.organizations == [] and applied.activities == [] and applied.merged_into == [mission]
    assert Organization.objects.filter(owner=hospital).count() == organizations
    assert Activity.objects.filter(owner=hospital).count() == activities
    mission.refresh_from_db()
    assert set(mission.partners.values_list("organization", flat=True)) == partners  # not itself as a partner
    assert mission.figures.filter(metric="staff_trained", value=660).exists()  # what the article adds
    assert mission.figures.filter(metric="patients_examined").count() == 1  # what it repeats, once


def test_the_review_page_offers_the_existing_activity_and_creating_a_new_one_instead(client, uong_bi):
    coordinator, mission = uong_bi
    article, _ = services.store_article(coordinator, read_bytes(UONG_BI.read_bytes()))
    client.force_login(coordinator)
    page = client.get(reverse("article-detail", args=[article.pk])).content.decode()
    assert "Có thể hoạt động này đã được ghi nhận" in page
    assert f'href="{mission.get_absolute_url()}"' in page
    response = client.get(reverse("article-detail", args=[article.pk]))
    assert response.context["merge_form"]["merge_into"].value() == mission.pk  # proposed, and can be unticked


def _page_post(page, **changes):
    """What the review page sends back as shown (every field with its proposed value), with `changes`."""
    form = page.context["form"]
    data = {}
    for bound in [*form, *page.context["merge_form"]]:
        value = bound.value()
        if isinstance(value, list):
            data[bound.html_name] = [getattr(v, "pk", v) for v in value]
        elif value not in (None, False):
            data[bound.html_name] = value
    for formset in page.context["formsets"].values():
        data.update({bound.html_name: bound.value() for bound in formset.management_form})
        for row in formset.forms:
            for bound in row:
                value = bound.field.prepare_value(bound.value())
                if value not in (None, False, ""):
                    data[bound.html_name] = "on" if value is True else value
    return {**data, **changes}


def test_the_reviewer_may_create_a_new_activity_instead_or_merge_from_the_page(client, uong_bi):
    coordinator, mission = uong_bi
    article, _ = services.store_article(coordinator, read_bytes(UONG_BI.read_bytes()))
    client.force_login(coordinator)
    url = reverse("article-detail", args=[article.pk])
    count = Activity.objects.count()
    response = client.post(url, _page_post(client.get(url), action="apply", merge_into=""))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Activity.objects.count() == count + 1  # as asked: a new one


def test_a_merge_into_another_institutions_activity_is_refused(client, uong_bi, coordinator_a, activity_of_a):
    coordinator, mission = uong_bi
    article, _ = services.store_article(coordinator, read_bytes(UONG_BI.read_bytes()))
    review = {**article.extraction, "merge_into": {"id": activity_of_a.pk}}
    applied = services.apply_article(coordinator, article, review)
    assert applied.merged_into == [] and len(applied.activities) == 1
    assert activity_of_a.figures.count() == 1  # untouched


def test_once_applied_the_page_no_longer_offers_a_merge(client, uong_bi):
    coordinator, mission = uong_bi
    article, _ = services.store_article(coordinator, read_bytes(UONG_BI.read_bytes()))
    services.apply_article(coordinator, article)
    client.force_login(coordinator)
    assert (
        "Có thể hoạt động này đã được ghi nhận"
        not in client.get(reverse("article-detail", args=[article.pk])).content.decode()
    )


def test_an_articles_proposal_follows_a_merge_of_what_it_names_and_its_undo(coordinator_a, partner_of_a):
    from medcoop.conftest import make_partner
    from medcoop.organizations.services import merge_organizations, undo_organization_merge

    from .conftest import ARTICLE

    article, _ = services.store_article(coordinator_a, read_bytes(ARTICLE.encode()))
    applied = services.apply_article(coordinator_a, article)
    nevers = applied.organizations[0]
    kept = make_partner(coordinator_a.organization, "Centre hospitalier de Nevers")
    event = merge_organizations(coordinator_a, kept, nevers)
    article.refresh_from_db()
    assert article.extraction["applied"]["organizations"] == [kept.pk]
    undo_organization_merge(coordinator_a, kept, event)
    article.refresh_from_db()
    assert article.extraction["applied"]["organizations"] == [nevers.pk]
