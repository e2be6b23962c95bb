import csv

from django.utils import translation

from medcoop.core.models import ActivityKind, FigureMetric, Specialty
from medcoop.core.vocabulary import DATA_DIR


def codes_in(filename):
    with (DATA_DIR / filename).open(encoding="utf-8") as handle:
        return {row["code"] for row in csv.DictReader(handle)}


def test_migration_loads_every_term_of_every_vocabulary(db):
    assert set(ActivityKind.objects.values_list("code", flat=True)) == codes_in("activity_kinds.csv")
    assert set(Specialty.objects.values_list("code", flat=True)) == codes_in("specialties.csv")
    assert set(FigureMetric.objects.values_list("code", flat=True)) == codes_in("figure_metrics.csv")


def test_labels_follow_the_active_language(db):
    training = ActivityKind.objects.get(code="training")
    with translation.override("vi"):
        assert str(training) == "Đào tạo / tập huấn"
    with translation.override("en"):
        assert str(training) == "Training and courses"


def test_metrics_carry_their_unit(db):
    assert FigureMetric.objects.get(code="funding").unit == "money"
    assert FigureMetric.objects.get(code="staff_trained").unit == "people"
    assert FigureMetric.objects.get(code="duration_days").unit == "days"
