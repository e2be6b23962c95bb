"""The demo registry holds what the five articles report, and loading it twice duplicates nothing."""

from decimal import Decimal

import pytest

from medcoop.activities.models import Activity, Figure
from medcoop.agreements.models import Agreement
from medcoop.core.models import User
from medcoop.core.permissions import Role
from medcoop.devtools.demo import load_demo
from medcoop.organizations.models import Organization


@pytest.fixture
def demo(db):
    load_demo()


def figure_values(metric, currency=""):
    return set(Figure.objects.filter(metric_id=metric, currency=currency).values_list("value", flat=True))


def test_the_articles_figures_are_in_the_demo(demo):
    assert Decimal(660) in figure_values("staff_trained")
    assert Decimal(975) in figure_values("patients_treated")
    assert Decimal(7000) in figure_values("patients_treated")
    assert Decimal(13500000) in figure_values("funding", "EUR")
    assert Decimal(9) in figure_values("duration_days")


def test_the_belgian_cyclotron_grant_is_a_funding_with_its_disbursements(demo):
    from medcoop.funding.models import Funding
    from medcoop.funding.services import funding_totals

    grant = Funding.objects.get(donor__name="Chính phủ Vương quốc Bỉ")
    assert (grant.owner.code, grant.amount, grant.currency) == ("BV108", Decimal(13500000), "EUR")
    assert grant.transactions.filter(kind="1").count() >= 2
    [totals] = funding_totals(Funding.objects.filter(pk=grant.pk))
    assert (totals.committed, totals.disbursed) == (Decimal(13500000), Decimal(13500000))


def test_the_articles_agreements_and_partners_are_in_the_demo(demo):
    k_mou = Agreement.objects.get(title__contains="Gustave Roussy")
    assert {p.organization.name for p in k_mou.parties.all()} == {"Bệnh viện K", "Viện Gustave Roussy"}
    lao_mou = Agreement.objects.get(title__contains="5 tỉnh")
    assert lao_mou.parties.count() == 6 and lao_mou.duration_months == 60
    mission = Activity.objects.get(title__contains="tim mạch - lồng ngực")
    assert str(mission.start) == "25/05/2025" and str(mission.end) == "02/06/2025"
    assert Organization.objects.search("benh vien k").filter(code="BVK").exists()


def test_loading_twice_duplicates_nothing(demo):
    from medcoop.articles.models import Article
    from medcoop.consultations.models import ConsultationCase, Session
    from medcoop.patients.models import PatientEpisode

    models = [Organization, Agreement, Activity, Figure, User, ConsultationCase, Session, PatientEpisode, Article]
    counts = [model.objects.count() for model in models]
    load_demo()
    assert counts == [model.objects.count() for model in models]


def test_there_is_a_demo_user_for_every_role(demo):
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)


def test_the_demo_has_an_answered_consultation_the_expert_can_open(demo):
    from medcoop.consultations.models import CaseStatus, ConsultationCase

    expert = User.objects.get(username="chuyengia")
    seen = ConsultationCase.objects.visible_to(expert)
    case = seen.get(question__startswith="U phổi phải giai đoạn IIA")
    assert case.status == CaseStatus.ANSWERED and expert.time_zone == "Europe/Paris"
    assert not seen.filter(status=CaseStatus.DRAFT).exists()  # a draft is not shared


def test_a_fresh_demo_fills_every_dashboard_card_of_bệnh_viện_k(demo, client):
    """Issue 23: a year for the main demo user — figures, charts and lists on every card, nothing empty."""
    from medcoop.articles.models import Article, ArticleStatus
    from medcoop.consultations.models import ConsultationCase, Session
    from medcoop.patients.models import PatientEpisode

    client.force_login(User.objects.get(username="dieuphoi"))
    response = client.get("/dashboard/")
    page = response.content.decode()
    context = response.context
    counts = context["agreement_counts"]
    assert all(counts[status] >= 1 for status in ("active", "expiring", "expired", "dormant")), counts
    totals = dict((metric.code, total) for metric, total in context["figure_totals"])
    assert {"staff_trained", "patients_treated", "experts_received"} <= set(totals)
    assert all(total > 0 for total in totals.values()) and dict(context["funding"]).get("EUR", 0) > 0
    assert "<svg" in str(context["kind_chart"]) and "<svg" in str(context["year_chart"])
    assert dict(context["countries"]).get("FR")
    assert 'id="patient-counts"' in page and 'id="turnaround"' in page
    assert any(day["events"] for month in context["months"] for week in month["weeks"] for day in week)
    assert context["upcoming"] and 'class="empty"' not in page.split('id="upcoming"')[1].split("</ul>")[0]
    k = Organization.objects.get(code="BVK")
    kinds = set(Activity.objects.filter(owner=k).values_list("kind", flat=True))
    assert len(kinds) >= 12  # every kind of the vocabulary but the ones other institutions report
    assert set(ConsultationCase.objects.filter(owner=k).values_list("status", flat=True)) >= {
        "draft",
        "submitted",
        "accepted",
        "answered",
        "closed",
    }
    assert Session.objects.filter(owner=k).exists()
    assert set(PatientEpisode.objects.filter(owner=k).values_list("status", flat=True)) >= {
        "requested",
        "accepted",
        "admitted",
        "discharged",
    }
    assert set(Article.objects.filter(owner=k).values_list("status", flat=True)) == {
        ArticleStatus.APPLIED,
        ArticleStatus.NEW,
    }
