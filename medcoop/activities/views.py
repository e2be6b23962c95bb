from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from medcoop.agreements.models import Agreement
from medcoop.core.countries import country_name
from medcoop.core.models import FigureMetric
from medcoop.core.views import RecordDeleteView, RecordFormView, RegistryListView, VisibleDetailView
from medcoop.exports.tables import Column, attachment_response

from . import certificates
from .forms import (
    ActivityFilterForm,
    ActivityForm,
    CohortForm,
    CourseFilterForm,
    CourseForm,
    FigureFormSet,
    PartnerFormSet,
    TraineeFormSet,
)
from .iati import activities_xml
from .models import Activity, Trainee, TrainingCohort, TrainingCourse
from .services import derived_figures, issue_certificate, save_activity, save_cohort, save_course, verify_certificate


def figure_column(metric) -> Column:
    """A metric's figure in an activity's row: a number, or an amount with its currency ("1500.00 EUR")."""

    def value(activity):
        figure = next((f for f in activity.figures.all() if f.metric_id == metric.pk), None)
        if figure is None:
            return ""
        return f"{figure.value:f} {figure.currency}".strip() if metric.is_money else figure.value

    return Column(metric.label_vi, value)


class ActivityListView(RegistryListView):
    model = Activity
    filter_form_class = ActivityFilterForm
    table_template = "activities/_activity_table.html"
    create_url_name = "activity-create"
    sort_fields = {"title": "title", "kind": "kind__position", "start": "start_on", "status": "status"}
    default_sort = "-start"

    def columns_for_export(self) -> list[Column]:
        """The list's columns, then one per figure metric: the sheet import reads the export back (its headers
        are the sheet's, amounts carry their currency)."""
        return [*self.export_columns, *[figure_column(metric) for metric in FigureMetric.objects.all()]]

    export_columns = [
        Column(_("activity code"), lambda a: a.sheet_key),
        Column(_("title"), lambda a: a.title),
        Column(_("kind"), lambda a: a.kind),
        Column(_("owning institution"), lambda a: a.owner),
        Column(_("start"), lambda a: a.start),
        Column(_("end"), lambda a: a.end),
        Column(_("status"), lambda a: a.get_status_display()),
        Column(_("direction"), lambda a: a.get_direction_display()),
        Column(_("place"), lambda a: a.place),
        Column(_("country where it takes place"), lambda a: country_name(a.country) if a.country else ""),
        Column(_("Partners"), lambda a: "; ".join(str(p.organization) for p in a.partners.all())),
        Column(_("agreement reference number"), lambda a: a.agreement.reference if a.agreement else ""),
    ]

    def get(self, request, *args, **kwargs):
        """`?export=iati` gives the listed activities as IATI 2.03 activity XML."""
        if request.GET.get("export") == "iati":
            response = HttpResponse(activities_xml(self.get_queryset()), content_type="application/xml")
            response["Content-Disposition"] = 'attachment; filename="medcoop-iati-activities.xml"'
            return response
        return super().get(request, *args, **kwargs)

    def base_queryset(self):
        return (
            super()
            .base_queryset()
            .select_related("kind", "owner", "agreement")
            .prefetch_related("partners__organization", "figures__metric")
        )


class ActivityDetailView(VisibleDetailView):
    model = Activity
    template_name = "activities/activity_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("kind", "owner", "agreement")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        activity = self.object
        context.update(
            figures=activity.figures.select_related("metric"),
            partners=activity.partners.select_related("organization"),
            cohorts=activity.cohorts.select_related("course").prefetch_related("trainees__institution"),
            derived=derived_figures(activity),
            can_add_cohort=self.request.user.has_perm("activities.add_trainingcohort") and context["can_edit"],
            transfer=getattr(activity, "technology_transfer", None),
            funding=getattr(activity, "funding", None),
            visit=getattr(activity, "visit", None),
        )
        return context


class ActivityFormView(RecordFormView):
    model = Activity
    form_class = ActivityForm
    formset_classes = {"partners": PartnerFormSet, "figures": FigureFormSet}

    def new_object(self):
        """A new activity; opened from an agreement's page, it starts under that agreement with its partners."""
        activity = super().new_object()
        agreement_id = self.request.GET.get("agreement", "")
        if agreement_id.isdigit():
            activity.agreement = Agreement.objects.editable_by(self.request.user).filter(pk=agreement_id).first()
        return activity

    def new_rows(self, prefix):
        """Under an agreement, the other parties are the likely partners."""
        if prefix == "partners" and self.object.agreement:
            return [
                {"organization": p.organization_id, "role": "participant"}
                for p in self.object.agreement.parties.exclude(organization=self.object.owner)
            ]
        return []

    def existing_rows(self, prefix):
        if prefix == "partners":
            return list(self.object.partners.values("organization", "role"))
        return list(self.object.figures.values("metric", "value", "currency", "period_start", "period_end", "note"))

    def save(self, form, rows):
        return save_activity(
            self.request.user,
            form.instance,
            partners=rows["partners"],
            figures=rows["figures"],
            specialties=form.cleaned_data["specialties"],
        )


class ActivityDeleteView(RecordDeleteView):
    model = Activity
    success_url_name = "activity-list"


class CourseListView(RegistryListView):
    model = TrainingCourse
    filter_form_class = CourseFilterForm
    table_template = "activities/_course_table.html"
    create_url_name = "course-create"
    sort_fields = {"name": "name", "specialty": "specialty__position", "length": "length_days"}
    default_sort = "name"
    export_columns = [
        Column(_("name"), lambda c: c.name),
        Column(_("specialty"), lambda c: c.specialty or ""),
        Column(_("length (days)"), lambda c: c.length_days),
        Column(_("free of charge"), lambda c: _("Yes") if c.is_free else _("No")),
        Column(_("fee"), lambda c: c.fee),
        Column(_("fee currency"), lambda c: c.fee_currency),
        Column(_("language of teaching"), lambda c: c.language),
        Column(_("owning institution"), lambda c: c.owner),
    ]

    def base_queryset(self):
        return super().base_queryset().select_related("specialty", "owner")


class CourseDetailView(VisibleDetailView):
    model = TrainingCourse
    template_name = "activities/course_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cohorts"] = (
            TrainingCohort.objects.visible_to(self.request.user)
            .filter(course=self.object)
            .select_related("activity")
            .prefetch_related("trainees")
        )
        return context


class CourseFormView(RecordFormView):
    model = TrainingCourse
    form_class = CourseForm

    def save(self, form, rows):
        return save_course(self.request.user, form.instance)


class CourseDeleteView(RecordDeleteView):
    model = TrainingCourse
    success_url_name = "course-list"


class CohortFormView(RecordFormView):
    """A cohort with its trainees on one page, under the training activity that reports it."""

    model = TrainingCohort
    form_class = CohortForm
    formset_classes = {"trainees": TraineeFormSet}

    def get_object(self):
        user = self.request.user
        if "pk" in self.kwargs:
            return get_object_or_404(TrainingCohort.objects.editable_by(user), pk=self.kwargs["pk"])
        activity = get_object_or_404(Activity.objects.editable_by(user), pk=self.kwargs["activity_pk"])
        if not user.has_perm("activities.add_trainingcohort"):
            raise Http404
        return TrainingCohort(activity=activity)

    def existing_rows(self, prefix):
        return list(
            self.object.trainees.values(
                "pk", "name", "is_staff", "country", "institution", "institution_name", "completed", "result"
            )
        )

    def save(self, form, rows):
        return save_cohort(self.request.user, form.instance, trainees=rows["trainees"])


def _trainee_for(user, pk) -> Trainee:
    """A trainee the user may change: the certificate is issued by the trainee's institution only."""
    return get_object_or_404(
        Trainee.objects.editable_by(user).select_related("cohort__course", "cohort__activity__owner"), pk=pk
    )


@login_required
def trainee_certificate(request, pk):
    """The bilingual certificate of a completed trainee as PDF; its code is made the first time."""
    trainee = _trainee_for(request.user, pk)
    try:
        issue_certificate(request.user, trainee)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(trainee.cohort.get_absolute_url())
    return attachment_response(
        certificates.certificate_pdf(trainee), "application/pdf", f"certificate-{trainee.pk}.pdf"
    )


def verify(request, code=""):
    """Public: does this certificate code exist? Shows only the trainee's name, the course and the date."""
    code = (code or request.GET.get("code", "")).strip()
    trainee = verify_certificate(code)
    return TemplateResponse(
        request,
        "activities/verify.html",
        {"code": code, "trainee": trainee},
        status=200 if trainee or not code else 404,
    )
