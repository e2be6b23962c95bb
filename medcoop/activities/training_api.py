"""/api/training/: the course catalogue and cohorts with their trainees, through the same forms, querysets and
services as the pages. A trainee's certificate code is not given out here: the certificate carries it."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import Router, Schema, Status

from medcoop.core.api import (
    ErrorOut,
    RecordId,
    form_data,
    form_errors,
    keyset_page,
    lister,
    validation_errors,
    visible_or_404,
)
from medcoop.core.locking import save_at_version
from medcoop.core.records_api import add_list, refuse_unknown_parameters

from .forms import CohortForm, CourseFilterForm, CourseForm, TraineeRowForm
from .lists import COHORTS, COURSES, TraineeIO
from .models import Activity, TrainingCohort, TrainingCourse
from .services import save_cohort, save_course

router = Router(tags=["training"])


CourseOut = COURSES.out_schema("CourseOut")


class CourseIn(Schema):
    name: str | None = None
    specialty: str | None = None
    length_days: int | None = None
    is_free: bool | None = None
    fee: Decimal | None = None
    fee_currency: str | None = None
    language: str | None = None
    version: str | None = None


CohortOut = COHORTS.out_schema("CohortOut")


class CohortPage(Schema):
    items: list[CohortOut]  # type: ignore[valid-type]  # made from the declaration
    next: str | None = None


class CohortIn(Schema):
    activity: int | None = None
    course: int | None = None
    name: str | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    place: str | None = None
    trainers: str | None = None
    trainees: list[TraineeIO] | None = None
    version: str | None = None


def course_dict(course: TrainingCourse) -> dict:
    return COURSES.as_dict(course)


def cohort_dict(cohort: TrainingCohort) -> dict:
    return COHORTS.as_dict(cohort)


def _refused(errors: list[dict]) -> Status:
    return Status(400, {"message": errors[0]["message"], "errors": errors})


def _form(form_class, instance, given: dict, user, dates=()):
    data = form_data(form_class, instance, given)
    for name in dates:  # the forms read dd/mm/yyyy; the API speaks ISO dates
        if isinstance(data.get(name), date):
            data[name] = data[name].strftime("%d/%m/%Y")
    return form_class(data, instance=instance, user=user)


# --- courses ------------------------------------------------------------------------------------------------


add_list(
    router,
    out=CourseOut,
    filter_form=CourseFilterForm,
    name="Course",
    summary="The catalogue the user may see, with the filters of the course list",
    rows=lambda request: TrainingCourse.objects.visible_to(lister(TrainingCourse, request.auth)),
    item=lambda course, request: course_dict(course),
    path="/courses",
)


@router.get("/courses/{pk}", response=CourseOut, exclude_unset=True)
def get_course(request, pk: int):
    return course_dict(visible_or_404(TrainingCourse, request.auth, pk))


def _save_course(request, course: TrainingCourse, payload: CourseIn):
    given = payload.dict(exclude_unset=True)
    form = _form(CourseForm, course, {k: v for k, v in given.items() if k != "version"}, request.auth)
    if not form.is_valid():
        return _refused(form_errors(form))
    try:
        return save_at_version(form.instance, given.get("version"), lambda: save_course(request.auth, form.instance))
    except ValidationError as error:
        return Status(400, validation_errors(error))
    except PermissionDenied:
        raise Http404 from None


@router.post("/courses", response={201: CourseOut, 400: ErrorOut})
def create_course(request, payload: CourseIn):
    if not request.auth.has_perm("activities.add_trainingcourse"):
        raise Http404
    result = _save_course(request, TrainingCourse(owner=request.auth.organization), payload)
    return result if isinstance(result, Status) else Status(201, course_dict(result))


@router.patch("/courses/{pk}", response={200: CourseOut, 400: ErrorOut})
def update_course(request, pk: int, payload: CourseIn):
    course = TrainingCourse.objects.editable_by(request.auth).filter(pk=pk).first()
    if course is None:
        raise Http404
    result = _save_course(request, course, payload)
    return result if isinstance(result, Status) else Status(200, course_dict(result))


# --- cohorts and their trainees -----------------------------------------------------------------------------


@router.get("/cohorts", response=CohortPage, exclude_unset=True)
def list_cohorts(
    request, course: RecordId | None = None, activity: RecordId | None = None, after: str | None = None, limit: int = 50
):
    """Cohorts the user may see, with their trainees; `course` or `activity` narrows them."""
    refuse_unknown_parameters(request, {"course", "activity", "after", "limit"})
    queryset = TrainingCohort.objects.visible_to(lister(TrainingCohort, request.auth)).prefetch_related("trainees")
    if course:
        queryset = queryset.filter(course_id=course)
    if activity:
        queryset = queryset.filter(activity_id=activity)
    rows, next_cursor = keyset_page(queryset, after, limit)
    return {"items": [cohort_dict(c) for c in rows], "next": next_cursor}


@router.get("/cohorts/{pk}", response=CohortOut, exclude_unset=True)
def get_cohort(request, pk: int):
    return cohort_dict(visible_or_404(TrainingCohort, request.auth, pk))


def _trainee_rows(items, user) -> tuple[list[dict], list[dict]]:
    rows, errors = [], []
    for index, item in enumerate(items or []):
        given = item.dict()
        pk = given.pop("id", None)
        given.pop("certified_on", None)
        form = TraineeRowForm({k: "" if v is None else v for k, v in given.items() if v is not False}, user=user)
        if form.is_valid():
            rows.append({"pk": pk, **{k: v for k, v in form.cleaned_data.items() if k not in ("pk", "DELETE")}})
        errors += form_errors(form, f"trainees[{index}].")
    return rows, errors


def _save_cohort(request, cohort: TrainingCohort, payload: CohortIn):
    given = payload.dict(exclude_unset=True)
    form = _form(
        CohortForm,
        cohort,
        {k: v for k, v in given.items() if k not in ("version", "trainees", "activity")},
        request.auth,
        dates=("starts_on", "ends_on"),
    )
    trainees, trainee_errors = _trainee_rows(payload.trainees, request.auth)
    errors = (form_errors(form) if not form.is_valid() else []) + trainee_errors
    if errors:
        return _refused(errors)
    if "trainees" not in given:
        trainees = [
            {"pk": t.pk, **{f: getattr(t, f) for f in TraineeRowForm._meta.fields}} for t in cohort.trainees.all()
        ]
    try:
        return save_at_version(
            form.instance,
            given.get("version"),
            lambda: save_cohort(request.auth, form.instance, trainees=trainees),
        )
    except ValidationError as error:
        return Status(400, validation_errors(error))
    except PermissionDenied:
        raise Http404 from None


@router.post("/cohorts", response={201: CohortOut, 400: ErrorOut})
def create_cohort(request, payload: CohortIn):
    """A cohort under one of the user's training activities, with its trainees."""
    activity = Activity.objects.editable_by(request.auth).filter(pk=payload.activity or 0).first()
    if activity is None or not request.auth.has_perm("activities.add_trainingcohort"):
        raise Http404
    result = _save_cohort(request, TrainingCohort(activity=activity), payload)
    return result if isinstance(result, Status) else Status(201, cohort_dict(result))


@router.patch("/cohorts/{pk}", response={200: CohortOut, 400: ErrorOut})
def update_cohort(request, pk: int, payload: CohortIn):
    """Change a cohort; `trainees`, when given, replace its trainees (a row with an `id` updates that one)."""
    cohort = TrainingCohort.objects.editable_by(request.auth).filter(pk=pk).first()
    if cohort is None:
        raise Http404
    result = _save_cohort(request, cohort, payload)
    return result if isinstance(result, Status) else Status(200, cohort_dict(result))
