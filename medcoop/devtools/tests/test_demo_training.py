"""The demo's training and techniques: Huế's free courses for Lao doctors, the Nevers programmes at Uông Bí
with their trainees, Bệnh viện K's techniques from Gustave Roussy; loading twice duplicates nothing."""

from datetime import date

import pytest

from medcoop.activities.models import TechnologyTransfer, Trainee, TrainingCohort, TrainingCourse, TransferStage
from medcoop.activities.reminders import build_digests
from medcoop.devtools.demo import load_demo


@pytest.fixture
def demo(db):
    load_demo()


def test_hue_trains_lao_doctors_for_free_and_uong_bi_its_staff_with_nevers(demo):
    hue = TrainingCourse.objects.filter(owner__code="BVTWH")
    assert hue.count() >= 3 and all(c.is_free and 30 <= c.length_days <= 90 for c in hue)
    lao = Trainee.objects.filter(cohort__course__owner__code="BVTWH")
    assert lao.exists() and set(lao.values_list("country", flat=True)) == {"LA"}
    assert lao.filter(completed=True, verification_code__isnull=False).count() == lao.filter(completed=True).count()
    nevers = TrainingCohort.objects.filter(activity__title="Chương trình đào tạo cùng Bệnh viện Nevers từ 2017")
    assert nevers.count() == 2 and all(t.is_staff for c in nevers for t in c.trainees.all())


def test_k_takes_over_techniques_from_gustave_roussy_one_late(demo):
    k = TechnologyTransfer.objects.filter(owner__code="BVK", source__name="Viện Gustave Roussy")
    assert k.mastered_in(2025).count() == 1 and k.get(mastered_on__year=2025).stage == TransferStage.MASTERED
    late = TechnologyTransfer.objects.overdue(date.today())
    assert late.filter(owner__code="BVK").count() == 1
    digests = build_digests(date.today())
    assert any("SBRT" in line for d in digests for line in d.lines)


def test_loading_the_training_twice_duplicates_nothing(demo):
    def counts():
        return [
            TrainingCourse.objects.count(),
            TrainingCohort.objects.count(),
            Trainee.objects.count(),
            TechnologyTransfer.objects.count(),
            sorted(Trainee.objects.exclude(verification_code=None).values_list("verification_code", flat=True)),
        ]

    before = counts()
    load_demo()
    assert counts() == before
