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


def test_the_articles_agreements_and_partners_are_in_the_demo(demo):
    k_mou = Agreement.objects.get(title__contains="Gustave Roussy")
    assert {p.organization.name for p in k_mou.parties.all()} == {"Bệnh viện K", "Viện Gustave Roussy"}
    lao_mou = Agreement.objects.get(title__contains="5 tỉnh")
    assert lao_mou.parties.count() == 6 and lao_mou.duration_months == 60
    mission = Activity.objects.get(title__contains="tim mạch - lồng ngực")
    assert str(mission.start) == "25/05/2025" and str(mission.end) == "02/06/2025"
    assert Organization.objects.search("benh vien k").filter(code="BVK").exists()


def test_loading_twice_duplicates_nothing(demo):
    counts = [
        Organization.objects.count(),
        Agreement.objects.count(),
        Activity.objects.count(),
        Figure.objects.count(),
        User.objects.count(),
    ]
    load_demo()
    assert counts == [
        Organization.objects.count(),
        Agreement.objects.count(),
        Activity.objects.count(),
        Figure.objects.count(),
        User.objects.count(),
    ]


def test_there_is_a_demo_user_for_every_role(demo):
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)


def test_the_demo_has_an_answered_consultation_the_expert_can_open(demo):
    from medcoop.consultations.models import CaseStatus, ConsultationCase

    expert = User.objects.get(username="chuyengia")
    case = ConsultationCase.objects.visible_to(expert).get()
    assert case.status == CaseStatus.ANSWERED and expert.time_zone == "Europe/Paris"
    load_demo()
    assert ConsultationCase.objects.count() == 1
