"""Activities: saving one with its partners, figures and specialties as a whole; training courses, cohorts
with their trainees, certificates and the figures the training records give."""

import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from medcoop.core.models import FigureMetric
from medcoop.core.services import replace_rows, require_can_save, require_can_write, save_validated

from .models import Activity, ActivityPartner, Figure, Trainee, TrainingCohort, TrainingCourse


@transaction.atomic
def save_activity(
    user, activity: Activity, *, partners: list[dict] | None = None, figures: list[dict] | None = None, specialties=None
) -> Activity:
    """Create or update an activity; `partners` and `figures` replace the existing ones when given (a row with
    the "pk" of an existing one updates it, so its id and history stay; see core.services.replace_rows).

    Everything is validated in one transaction: a bad figure leaves no activity behind.
    """
    require_can_save(user, activity)
    save_validated(activity)
    if specialties is not None:
        activity.specialties.set(specialties)
    if partners is not None:
        replace_rows("partners", activity.partners.all(), partners, lambda: ActivityPartner(activity=activity))
    if figures is not None:
        rows = [{"unit": fields["metric"].unit, **fields} for fields in figures]
        replace_rows("figures", activity.figures.all(), rows, lambda: Figure(activity=activity))
    return activity


@transaction.atomic
def save_course(user, course: TrainingCourse) -> TrainingCourse:
    """Create or update a course of the user's institution's catalogue."""
    require_can_save(user, course)
    return save_validated(course)


@transaction.atomic
def save_cohort(user, cohort: TrainingCohort, *, trainees: list[dict]) -> TrainingCohort:
    """Create or update a cohort with its trainees as a whole; a trainee row with a `pk` is updated (keeping
    its certificate code), rows left out are removed. The activity and the course must be the user's own."""
    require_can_write(user, cohort.activity.owner_id)
    require_can_write(user, cohort.course.owner_id)
    if cohort.pk:
        require_can_write(user, TrainingCohort.objects.get(pk=cohort.pk).activity.owner_id)
    save_validated(cohort)
    replace_rows("trainees", cohort.trainees.all(), trainees, lambda: Trainee(cohort=cohort))
    return cohort


@transaction.atomic
def issue_certificate(user, trainee: Trainee) -> Trainee:
    """Give a completed trainee their certificate: an unguessable verification code, kept, and its date."""
    require_can_write(user, trainee.cohort.activity.owner_id)
    if not trainee.completed:
        raise ValidationError(_("A certificate is given only to a trainee who completed the course."))
    if not trainee.verification_code:
        trainee.verification_code = secrets.token_urlsafe(12)
        trainee.certificate_on = trainee.certificate_on or trainee.cohort.ends_on or timezone.localdate()
        trainee.save(update_fields=["verification_code", "certificate_on"])
    return trainee


def verify_certificate(code: str) -> Trainee | None:
    """The completed trainee a certificate code belongs to, or None."""
    if not code:
        return None
    return (
        Trainee.objects.filter(verification_code=code, completed=True)
        .select_related("cohort__course", "cohort__activity")
        .first()
    )


@dataclass
class DerivedFigure:
    metric: str
    label: str
    derived: int
    typed: Decimal | None

    @property
    def disagrees(self) -> bool:
        return self.typed is not None and self.typed != self.derived


def derived_figures(activity: Activity) -> list[DerivedFigure]:
    """What the training records of an activity say (trainees completed → staff trained; cohorts → training
    programmes), beside the figure typed for the same metric, so the page can warn where they differ."""
    cohorts = activity.cohorts.all()
    if not cohorts.exists():
        return []
    counts = {
        "staff_trained": Trainee.objects.filter(cohort__activity=activity, completed=True).count(),
        "training_programs": cohorts.count(),
    }
    typed = dict(
        activity.figures.filter(metric__in=counts)
        .values("metric")
        .annotate(total=Sum("value"))
        .values_list("metric", "total")
    )
    labels = {metric.pk: str(metric) for metric in FigureMetric.objects.filter(pk__in=counts)}
    return [DerivedFigure(code, labels.get(code, code), count, typed.get(code)) for code, count in counts.items()]
