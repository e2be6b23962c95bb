"""Activities: saving one with its partners, figures and specialties as a whole; training courses, cohorts
with their trainees, certificates and the figures the training records give."""

import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from medcoop.audit.merging import merge_records, undo_merge
from medcoop.core.models import FigureMetric
from medcoop.core.rules import allowed
from medcoop.core.services import replace_rows, require_can_save, require_can_write, save_validated
from medcoop.core.text import fold

from .duplicates import likely_duplicates  # noqa: F401 - the activities' duplicate check, asked from here too
from .models import (
    Activity,
    ActivityPartner,
    Figure,
    TechnologyTransfer,
    Trainee,
    TrainingCohort,
    TrainingCourse,
    VisitDetail,
)
from .rules import TRANSFER_PERMS


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
        activity.refresh_search_text()
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


def derived_figures(activity: Activity, cohorts=None) -> list[DerivedFigure]:
    """What the training records of an activity say (trainees completed → staff trained; cohorts → training
    programmes), beside the figure typed for the same metric, so the page can warn where they differ.
    `cohorts`: the activity's cohorts when the caller has read them already (its page lists them)."""
    if cohorts is None:
        cohorts = activity.cohorts.all()
    if not cohorts:
        return []
    counts = {
        "staff_trained": Trainee.objects.filter(cohort__activity=activity, completed=True).count(),
        "training_programs": len(cohorts),
    }
    typed = dict(
        activity.figures.filter(metric__in=counts)
        .values("metric")
        .annotate(total=Sum("value"))
        .values_list("metric", "total")
    )
    labels = {metric.pk: str(metric) for metric in FigureMetric.objects.filter(pk__in=counts)}
    return [DerivedFigure(code, labels.get(code, code), count, typed.get(code)) for code, count in counts.items()]


# What the kept activity takes from the merged one when it has none of its own.
MERGE_FILLS = (
    "start_on",
    "start_precision",
    "end_on",
    "end_precision",
    "place",
    "country",
    "agreement",
    "description",
    "source_url",
    "source_reference",
)


def _require_merge(user, *activities) -> None:
    for activity in activities:
        if not user.has_perm("activities.merge_activity", activity):
            raise PermissionDenied(_("You may not merge these activities."))


def _repeated_figure(row, keep) -> bool:
    """A figure the kept activity already reports (same metric, value, currency and period) is not doubled."""
    return (
        isinstance(row, Figure)
        and keep.figures.filter(
            metric_id=row.metric_id,
            value=row.value,
            currency=row.currency,
            period_start=row.period_start,
            period_end=row.period_end,
        ).exists()
    )


def _titles_kept(keep: Activity, merged: Activity) -> list[str]:
    """The kept activity's other titles with the merged one's title and other titles, each once (as folded), so
    search and the duplicate check still find the kept activity by the title the merged one had."""
    known = {fold(keep.title)} | {fold(a) for a in keep.aliases}
    aliases = list(keep.aliases)
    for title in (merged.title, *merged.aliases):
        if title and fold(title) not in known:
            aliases.append(title)
            known.add(fold(title))
    return aliases


@transaction.atomic
def merge_activities(user, keep: Activity, merged: Activity):
    """Merge a duplicate activity into the one kept: its partners, figures (those not already reported),
    specialties, cohorts, delegations… move to it (audit.merging), its title becomes one of the kept one's other
    titles, its dates, place and source fill what the kept one lacks, and it is deleted. Returns the audit entry, from which the merge is undone."""
    _require_merge(user, keep, merged)
    if keep.owner_id != merged.owner_id:
        raise ValidationError(_("Only activities of one institution can be merged."))
    changes: dict[str, object] = {"aliases": _titles_kept(keep, merged)}
    for name in MERGE_FILLS:
        if name.endswith("_precision"):
            continue
        if not getattr(keep, name) and getattr(merged, name):
            changes[name] = getattr(merged, name)
            if name.endswith("_on"):
                precision = name.replace("_on", "_precision")
                changes[precision] = getattr(merged, precision)
    return merge_records(keep, merged, kept_changes=changes, repeats=_repeated_figure)


@transaction.atomic
def undo_activity_merge(user, keep: Activity, event) -> Activity:
    """Undo a merge into `keep`: the merged activity comes back with its partners, figures and the rest."""
    _require_merge(user, keep)
    return undo_merge(keep, event)


@transaction.atomic
def add_to_activity(
    user,
    activity: Activity,
    *,
    partners=(),
    figures: tuple | list[dict] = (),
    specialties=(),
    fills: dict | None = None,
) -> Activity:
    """What another report of the same activity adds to it (an article re-read, a sheet): partners it does not
    list yet, figures it does not report yet (same metric and value), specialties, and the fields it leaves
    empty (`fills`). Nothing it already holds is changed."""
    require_can_save(user, activity)
    fills = fills or {}
    for name, value in fills.items():
        if value not in (None, "") and not getattr(activity, name):
            setattr(activity, name, value)
            if name.endswith("_on") and f"{name[:-3]}_precision" in fills:
                setattr(activity, f"{name[:-3]}_precision", fills[f"{name[:-3]}_precision"])
    save_validated(activity)
    listed = set(activity.partners.values_list("organization_id", flat=True))
    for organization in partners:
        if organization.pk not in listed:
            listed.add(organization.pk)
            save_validated(ActivityPartner(activity=activity, organization=organization, role="participant"))
    reported = {(metric, value) for metric, value in activity.figures.values_list("metric_id", "value")}
    for fields in figures:
        if (fields["metric"].pk, Decimal(str(fields["value"]))) not in reported:
            save_validated(Figure(activity=activity, unit=fields["metric"].unit, **fields))
    activity.specialties.add(*specialties)
    return activity


# --- Technique transfer -----------------------------------------------------------------------------------


def allowed_actions(user, transfer: TechnologyTransfer) -> list[str]:
    """The steps this user may take on the transfer now (activities.rules.TRANSFER_PERMS): the page offers these
    and the step view checks them again."""
    return allowed(user, TRANSFER_PERMS, transfer)


def _require_step(user, transfer: TechnologyTransfer, step: str) -> None:
    if step not in allowed_actions(user, transfer):
        raise PermissionDenied(_("You may not do this with this technique transfer."))


@transaction.atomic
def save_transfer(user, transfer: TechnologyTransfer) -> TechnologyTransfer:
    """Create or update a technique transfer of the user's institution, its links checked as the same owner's."""
    require_can_save(user, transfer)
    return save_validated(transfer)


@transaction.atomic
def record_milestone(user, transfer: TechnologyTransfer, on, *, cases: int | None = None) -> TechnologyTransfer:
    """The next milestone reached on `on` (taught → first supervised → first independent → mastered); a later
    one cannot be skipped to, nor dated before the one it follows."""
    _require_step(user, transfer, "milestone")
    if on is None:
        raise ValidationError({"on": _("Enter the date the milestone was reached.")})
    if on > timezone.localdate():
        raise ValidationError({"on": _("A milestone is recorded once reached: the date is in the future.")})
    field = transfer.next_milestone
    if field is None:
        raise ValidationError(_("Every milestone is already reached."))
    setattr(transfer, field, on)
    if cases is not None and transfer.first_independent_on:  # counted once the team works alone
        transfer.independent_cases = cases
    if field == "first_independent_on" and not transfer.independent_cases:
        transfer.independent_cases = 1
    try:
        return save_validated(transfer)
    except ValidationError as error:
        raise ValidationError({"on": error.messages}) from error


@transaction.atomic
def record_cases(user, transfer: TechnologyTransfer, count: int) -> TechnologyTransfer:
    """How many cases the team has done alone so far (it only grows)."""
    _require_step(user, transfer, "cases")
    if count is None or count < transfer.independent_cases:
        raise ValidationError(
            {"cases": _("The count of independent cases cannot go below %(n)s.") % {"n": transfer.independent_cases}}
        )
    transfer.independent_cases = count
    return save_validated(transfer)


@transaction.atomic
def stop_transfer(user, transfer: TechnologyTransfer, on, reason: str = "") -> TechnologyTransfer:
    """The transfer given up before mastery: no reminder is sent for it any more."""
    _require_step(user, transfer, "stop")
    transfer.stopped_on = on or timezone.localdate()
    if reason.strip():
        transfer.note = f"{transfer.note}\n{_('Stopped')}: {reason.strip()}".strip()
    return save_validated(transfer)


@transaction.atomic
def resume_transfer(user, transfer: TechnologyTransfer) -> TechnologyTransfer:
    _require_step(user, transfer, "resume")
    transfer.stopped_on = None
    return save_validated(transfer)


def mastered_in(queryset, year: int):
    """The techniques newly mastered in a year, as hospitals report them: by specialty, then name."""
    return (
        queryset.mastered_in(year)
        .select_related("specialty", "source", "owner")
        .order_by("specialty__position", "technique", "pk")
    )


# --- Visits and missions ------------------------------------------------------------------------------------


@transaction.atomic
def save_visit(user, visit: VisitDetail) -> VisitDetail:
    """A visit's programme and outcomes, and the delegation whose members and hosts are its people; the
    activity and the delegation must be the user's institution's."""
    require_can_write(user, visit.activity.owner_id)
    if visit.pk:
        require_can_write(user, VisitDetail.objects.get(pk=visit.pk).activity.owner_id)
    return save_validated(visit)


def visit_people(visit: VisitDetail) -> tuple[list, list]:
    """(members, hosts) of a visit: its delegation's people records, or none."""
    delegation = visit.delegation if visit.delegation_id else None
    if delegation is None:
        return [], []
    return list(delegation.members.all()), list(delegation.host_people)
