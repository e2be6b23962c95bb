from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from medcoop.agreements.models import Agreement
from medcoop.audit.views import MergesMixin, RecordMergeView
from medcoop.core.listing import JoinedText
from medcoop.core.models import FigureMetric
from medcoop.core.views import RecordDeleteView, RecordFormView, RegistryListView, VisibleDetailView, flash_errors
from medcoop.exports.tables import FORMATS, Column, attachment_response, export_response

from . import certificates
from .duplicates import likely_duplicates
from .forms import (
    ActivityFilterForm,
    ActivityForm,
    CasesForm,
    CohortForm,
    CourseFilterForm,
    CourseForm,
    FigureFormSet,
    MilestoneForm,
    PartnerFormSet,
    StopForm,
    TraineeFormSet,
    TransferFilterForm,
    TransferForm,
    VisitForm,
)
from .iati import activities_xml
from .lists import ACTIVITIES, COURSES, TRANSFERS
from .models import Activity, ActivityPartner, TechnologyTransfer, Trainee, TrainingCohort, TrainingCourse, VisitDetail
from .rules import TRANSFER_PERMS as TRANSFER_STEPS
from .services import (
    allowed_actions,
    derived_figures,
    issue_certificate,
    mastered_in,
    merge_activities,
    record_cases,
    record_milestone,
    resume_transfer,
    save_activity,
    save_cohort,
    save_course,
    save_transfer,
    save_visit,
    stop_transfer,
    undo_activity_merge,
    verify_certificate,
    visit_people,
)


def figure_column(metric) -> Column:
    """A metric's figure in an activity's row: a number, or an amount with its currency ("1500.00 EUR")."""

    def value(activity):
        figure = next((f for f in activity.figures.all() if f.metric_id == metric.pk), None)
        if figure is None:
            return ""
        return f"{figure.value:f} {figure.currency}".strip() if metric.is_money else figure.value

    return Column(metric.label_vi, value)


# What an activity's row on the list page never shows (the export and the API read them).
PAGE_SKIPS = ("search_text", "description", "created_at", "updated_at", "source_url", "source_reference", "aliases")


class ActivityListView(RegistryListView):
    model = Activity
    filter_form_class = ActivityFilterForm
    table_template = "activities/_activity_table.html"
    create_url_name = "activity-create"
    listing = ACTIVITIES
    iati_document = staticmethod(activities_xml)  # `?export=iati`, beside CSV and Excel

    def columns_for_export(self) -> list[Column]:
        """The list's columns, then one per figure metric: the sheet import reads the export back (its headers
        are the sheet's, amounts carry their currency)."""
        return [*super().columns_for_export(), *[figure_column(metric) for metric in FigureMetric.objects.all()]]

    def base_queryset(self):
        """The page's table shows the kind and the partners (read with their organizations in one query, as a
        list); an export (or IATI) also the owner, the agreement and the figures, which the page does not read."""
        queryset = super().base_queryset().select_related("kind")
        if self.request.GET.get("export"):
            return queryset.select_related("owner", "agreement").prefetch_related(
                "partners__organization", "figures__metric"
            )
        # the page's table reads neither the long texts nor the bookkeeping of a row, and of its partners only
        # their names, joined in the row's own query: not reading the rest halves what 50 rows cost
        partners = ActivityPartner.objects.filter(activity=OuterRef("pk")).order_by("pk")
        return queryset.defer(*PAGE_SKIPS).annotate(
            partner_names=JoinedText(partners.values(value=F("organization__name")))
        )


class ActivityDetailView(MergesMixin, VisibleDetailView):
    model = Activity
    template_name = "activities/activity_detail.html"

    def get_queryset(self):
        """The activity with what its page shows of it in the same query (its visit's details) or one more (its
        specialties, asked twice by the template)."""
        return (
            super().get_queryset().select_related("kind", "owner", "agreement", "visit").prefetch_related("specialties")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        activity = self.object
        cohorts = list(activity.cohorts.select_related("course").prefetch_related("trainees__institution"))
        context.update(
            figures=activity.figures.select_related("metric"),
            partners=activity.partners.select_related("organization"),
            cohorts=cohorts,
            derived=derived_figures(activity, cohorts),
            can_add_cohort=self.request.user.has_perm("activities.add_trainingcohort") and context["can_edit"],
            transfers=TechnologyTransfer.objects.visible_to(self.request.user).filter(activity=activity),
            visit=getattr(activity, "visit", None),
        )
        context["visit_kinds"] = VisitDetail.KINDS
        if context["visit"]:
            context["visit_members"], context["visit_hosts"] = visit_people(context["visit"])
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

    def duplicates(self, form, rows):
        partners = {row["organization"].pk for row in rows["partners"] if row.get("organization")}
        specialties = {s.pk for s in form.cleaned_data["specialties"]}
        return likely_duplicates(form.instance, partners, specialties)

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
    listing = COURSES

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

    def cancel_url(self) -> str:
        return self.object.get_absolute_url() if self.object.pk else self.object.activity.get_absolute_url()

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
        flash_errors(request, error)
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


class ActivityMergeView(RecordMergeView):
    model = Activity
    merge = merge_activities
    undo = undo_activity_merge

    def likely(self, keep):
        partners = set(keep.partners.values_list("organization_id", flat=True))
        specialties = set(keep.specialties.values_list("code", flat=True))
        return [d.record for d in likely_duplicates(keep, partners, specialties)]


# --- Technique transfer -----------------------------------------------------------------------------------


def _milestones(transfer) -> list[dict]:
    """Each milestone with its planned and reached dates, for the page and the exports."""
    today = timezone.localdate()
    late = set(transfer.overdue_milestones(today))
    return [
        {
            "label": stage.label,
            "planned": getattr(transfer, TechnologyTransfer.PLANNED[field]),
            "reached": getattr(transfer, field),
            "overdue": stage in late,
        }
        for field, stage in TechnologyTransfer.MILESTONES
    ]


class TransferListView(RegistryListView):
    model = TechnologyTransfer
    filter_form_class = TransferFilterForm
    table_template = "activities/_transfer_table.html"
    create_url_name = "technique-create"
    listing = TRANSFERS

    def base_queryset(self):
        return super().base_queryset().select_related("specialty", "source", "owner")


# The delegation app stands above this one: its model is reached through the link, not imported.
Delegation = TechnologyTransfer._meta.get_field("delegation").related_model


class TransferDetailView(VisibleDetailView):
    model = TechnologyTransfer
    template_name = "activities/transfer_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("specialty", "source", "owner", "agreement", "activity")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        transfer = self.object
        context.update(
            milestones=_milestones(transfer),
            actions=allowed_actions(self.request.user, transfer),
            next_label=dict(TechnologyTransfer.MILESTONES).get(transfer.next_milestone),
            milestone_form=MilestoneForm(initial={"on": timezone.localdate()}),
            cases_form=CasesForm(initial={"cases": transfer.independent_cases}),
            stop_form=StopForm(),
            delegation=transfer.delegation
            if transfer.delegation_id
            and Delegation.objects.visible_to(self.request.user).filter(pk=transfer.delegation_id).exists()
            else None,
        )
        return context


class TransferFormView(RecordFormView):
    model = TechnologyTransfer
    form_class = TransferForm

    def new_object(self):
        """A new transfer; opened from an agreement's, an activity's or a delegation's page, linked to it."""
        transfer = super().new_object()
        user = self.request.user
        for name, model in (("agreement", Agreement), ("activity", Activity), ("delegation", Delegation)):
            wanted = self.request.GET.get(name, "")
            if wanted.isdigit():
                setattr(transfer, name, model.objects.editable_by(user).filter(pk=wanted).first())
        if transfer.activity and not transfer.agreement:
            transfer.agreement = transfer.activity.agreement
        return transfer

    def save(self, form, rows):
        return save_transfer(self.request.user, form.instance)


class TransferDeleteView(RecordDeleteView):
    model = TechnologyTransfer
    success_url_name = "technique-list"


@require_POST
@login_required
def transfer_step(request, pk, name):
    """The detail page's steps: the next milestone, the independent cases, stop, resume. A step the user may not
    take answers 404 and changes nothing; a bad date or count is said on the page, nothing changed."""
    transfer = get_object_or_404(TechnologyTransfer.objects.visible_to(request.user), pk=pk)
    user = request.user
    forms_of = {"milestone": MilestoneForm, "cases": CasesForm, "stop": StopForm}
    if name not in TRANSFER_STEPS or name not in allowed_actions(user, transfer):
        raise Http404
    try:
        data = {}
        if name in forms_of:
            form = forms_of[name](request.POST)
            if not form.is_valid():
                raise ValidationError([e for errors in form.errors.values() for e in errors])
            data = form.cleaned_data
        if name == "milestone":
            record_milestone(user, transfer, data["on"], cases=data["cases"])
        elif name == "cases":
            record_cases(user, transfer, data["cases"])
        elif name == "stop":
            stop_transfer(user, transfer, data["on"], data["reason"])
        else:
            resume_transfer(user, transfer)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Saved “%(record)s”.") % {"record": transfer})
    return redirect(transfer.get_absolute_url())


MASTERED_COLUMNS = [
    Column(_("technique"), lambda t: t.technique),
    Column(_("specialty"), lambda t: t.specialty or ""),
    Column(_("transferred by"), lambda t: t.source or ""),
    Column(_("mastered on"), lambda t: t.mastered_on),
    Column(_("independent cases done"), lambda t: t.independent_cases),
    Column(_("owning institution"), lambda t: t.owner),
]


@login_required
def transfers_mastered(request):
    """The techniques newly mastered in a year, as hospitals report them; `?export=csv|xlsx` for the file."""
    if not request.user.has_perm("activities.view_technologytransfer"):
        raise Http404
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        year = today.year
    if not 1900 <= year <= 2200:
        year = today.year
    rows = mastered_in(TechnologyTransfer.objects.visible_to(request.user), year)
    fmt = request.GET.get("export")
    if fmt in FORMATS:
        return export_response(rows, MASTERED_COLUMNS, fmt, str(_("techniques mastered %(year)s") % {"year": year}))
    return TemplateResponse(
        request,
        "activities/transfers_mastered.html",
        {"year": year, "rows": rows, "years": range(today.year, today.year - 15, -1)},
    )


class VisitFormView(RecordFormView):
    """The visit details of an activity (one per activity): programme, outcomes, the delegation of its people."""

    model = VisitDetail
    form_class = VisitForm

    def get_object(self):
        user = self.request.user
        activity = get_object_or_404(Activity.objects.editable_by(user), pk=self.kwargs["activity_pk"])
        visit = VisitDetail.objects.filter(activity=activity).first()
        if visit is None and not user.has_perm("activities.add_visitdetail", VisitDetail(activity=activity)):
            raise Http404
        return visit or VisitDetail(activity=activity)

    def save(self, form, rows):
        return save_visit(self.request.user, form.instance)
