"""Delegation pages: thin views over `services`, every permission asked of `authorization`."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from medcoop.activities.models import TechnologyTransfer
from medcoop.agreements.models import Agreement
from medcoop.core.forms import show_service_errors
from medcoop.core.uploads import accepts_upload
from medcoop.core.views import RecordFormView, RegistryListView, VisibleDetailView, flash_errors
from medcoop.exports.tables import XLSX, attachment_response

from . import authorization as authz
from . import letters, periodic, services
from .forms import (
    ApprovalRuleFormSet,
    DecisionForm,
    DelegationFilterForm,
    DelegationForm,
    HostFormSet,
    MemberFormSet,
    PeriodForm,
    PlanApprovalForm,
    PlanForm,
    PlanItemFormSet,
    ReportForm,
    StepForm,
    TemplateUploadForm,
)
from .lists import DELEGATIONS
from .models import AnnualPlan, ApprovalRule, Delegation, LetterKind, LetterTemplate
from .services import DEFAULT_CHAIN

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _reader(request):
    if not (request.user.is_authenticated and authz.reads(request.user)):
        raise Http404


class DelegationListView(RegistryListView):
    model = Delegation
    filter_form_class = DelegationFilterForm
    table_template = "delegations/_delegation_table.html"
    create_url_name = "delegation-create"
    listing = DELEGATIONS

    def allows(self, user) -> bool:
        return authz.reads(user)

    def base_queryset(self):
        return authz.visible(self.request.user).select_related("owner", "partner")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_create"] = authz.can_create(self.request.user)
        return context


class DelegationDetailView(VisibleDetailView):
    model = Delegation
    template_name = "delegations/delegation_detail.html"

    def allows(self, user) -> bool:
        return authz.reads(user)

    def get_queryset(self):
        return authz.visible(self.request.user).select_related("owner", "partner", "agreement", "activity")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        delegation, user = self.object, self.request.user
        actions = authz.actions_for(user, delegation)
        context.update(
            actions=actions,
            can_edit=actions["edit"],
            members=delegation.members.all(),
            hosts=delegation.host_people,
            steps=delegation.steps.select_related("decided_by"),
            current_step=authz.current_step(delegation),
            deadlines=services.deadlines(delegation),
            warnings=services.warnings(delegation),
            permit_problems=dict((m.pk, p) for m, p in services.permit_problems(delegation)),
            letter_kinds=LetterKind.choices,
            step_form=StepForm(),
            decision_form=DecisionForm(),
            report_form=ReportForm(initial={"report_on": timezone.localdate(), "create_activity": True}),
            transfers=TechnologyTransfer.objects.visible_to(user).filter(delegation=delegation),
            drafted_agreement=Agreement.objects.visible_to(user).filter(pk=delegation.drafted_agreement_id).first(),
        )
        return context


class DelegationFormView(RecordFormView):
    model = Delegation
    form_class = DelegationForm
    formset_classes = {"members": MemberFormSet, "hosts": HostFormSet}
    template_name = "core/record_form.html"

    def allows(self, user) -> bool:
        return authz.reads(user)

    def get_object(self):
        if "pk" in self.kwargs:
            delegation = get_object_or_404(authz.editable(self.request.user), pk=self.kwargs["pk"])
            if not authz.can_edit(self.request.user, delegation):
                raise Http404
            return delegation
        if not authz.can_create(self.request.user):
            raise Http404
        return self.new_object()

    def build(self):
        """A POST without the hosts' rows (a form of before hosts, a script) keeps the hosts stored."""
        form, formsets = super().build()
        if self.request.method == "POST" and "hosts-TOTAL_FORMS" not in self.request.POST:
            formsets.pop("hosts")
        return form, formsets

    def existing_rows(self, prefix):
        if prefix == "hosts":
            return list(self.object.host_people.values("pk", "name", "position", "department"))
        fields = [f for f in MemberFormSet.form.base_fields if f not in ("identity_number", "DELETE")]
        return list(self.object.members.values(*fields))

    def save(self, form, rows):
        return services.save_delegation(
            self.request.user, form.instance, members=rows["members"], hosts=rows.get("hosts")
        )


def _delegation(request, pk) -> Delegation:
    _reader(request)
    return get_object_or_404(authz.visible(request.user), pk=pk)


def _act(request, delegation, action) -> HttpResponse:
    """Run a step; refused → 404 and nothing changed, invalid → the message, back on the page."""
    try:
        action()
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Saved “%(record)s”.") % {"record": delegation})
    return redirect(delegation.get_absolute_url())


def _form_or_error(request, form_class):
    form = form_class(request.POST)
    if not form.is_valid():
        raise ValidationError([e for errors in form.errors.values() for e in errors])
    return form.cleaned_data


@require_POST
def step(request, pk, name):
    """The detail page's buttons: submit, decide the current step, record the decision or the report, cancel."""
    delegation = _delegation(request, pk)
    user = request.user

    def run():
        if name == "submit":
            services.submit(user, delegation)
        elif name == "decide":
            data = _form_or_error(request, StepForm)
            services.decide_step(user, delegation, data["approve"], data["comment"])
        elif name == "decision":
            data = _form_or_error(request, DecisionForm)
            services.record_decision(
                user,
                delegation,
                number=data["decision_number"],
                on=data["decision_on"],
                authority=data["decision_authority"],
            )
        elif name == "report":
            data = _form_or_error(request, ReportForm)
            services.record_report(
                user,
                delegation,
                on=data["report_on"],
                results=data["results"],
                actual_cost=data["actual_cost"],
                create_activity=data["create_activity"],
                agreement_title=data["agreement_title"],
                techniques=data["techniques"],
            )
        elif name == "cancel":
            services.cancel(user, delegation, request.POST.get("reason", ""))
        else:
            raise PermissionDenied

    return _act(request, delegation, run)


def letter(request, pk, kind):
    """A letter of the case as DOCX, from the institution's template."""
    delegation = _delegation(request, pk)
    if kind not in LetterKind.values or not authz.can_write_letters(request.user, delegation):
        raise Http404

    def identity(member):
        return services.read_identity(request.user, member) if authz.can_read_identity(request.user) else ""

    content = letters.render(delegation, kind, today=timezone.localdate(), read_identity=identity)
    return attachment_response(content, DOCX, f"{kind}-{delegation.pk}.docx")


def identity(request, pk, member_pk):
    """A member's passport or identity number, for the few who hold the right; the read is audited."""
    delegation = _delegation(request, pk)
    member = get_object_or_404(delegation.members, pk=member_pk)
    try:
        number = services.read_identity(request.user, member)
    except PermissionDenied:
        raise Http404 from None
    return HttpResponse(number, content_type="text/plain; charset=utf-8")


def overdue(request):
    """The cases whose file, decision or report is late."""
    _reader(request)
    return TemplateResponse(
        request,
        "delegations/overdue.html",
        {"overdue": services.overdue(request.user), "soon": services.due_soon(request.user)},
    )


def plans(request):
    _reader(request)
    institution = request.user.organization_id
    return TemplateResponse(
        request,
        "delegations/plans.html",
        {
            "plans": authz.visible_plans(request.user).select_related("owner").prefetch_related("items"),
            "can_create": bool(institution and authz.can_manage_institution(request.user, institution)),
        },
    )


def plan(request, pk):
    _reader(request)
    record = get_object_or_404(authz.visible_plans(request.user), pk=pk)
    can_manage = authz.can_manage_institution(request.user, record.owner_id)
    form = PlanApprovalForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise Http404
        if form.is_valid():
            try:
                services.approve_plan(
                    request.user,
                    record,
                    on=form.cleaned_data["approved_on"],
                    by=form.cleaned_data["approved_by"],
                    number=form.cleaned_data["decision_number"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The plan is approved."))
                return redirect(record.get_absolute_url())
    return TemplateResponse(
        request,
        "delegations/plan_detail.html",
        {"plan": record, "items": record.items.all(), "can_manage": can_manage, "form": form},
        status=400 if form.errors else 200,
    )


class PlanFormView(RecordFormView):
    model = AnnualPlan
    form_class = PlanForm
    formset_classes = {"plan_items": PlanItemFormSet}

    def allows(self, user) -> bool:
        return authz.reads(user)

    def get_object(self):
        if "pk" in self.kwargs:
            return get_object_or_404(AnnualPlan.objects.editable_by(self.request.user), pk=self.kwargs["pk"])
        institution = self.request.user.organization_id
        if not (institution and authz.can_manage_institution(self.request.user, institution)):
            raise Http404
        return self.new_object()

    def existing_rows(self, prefix):
        return list(self.object.items.values("pk", "kind", "purpose", "title", "country", "month", "people", "funding"))

    def save(self, form, rows):
        return services.save_plan(self.request.user, form.instance, rows["plan_items"])


def approval_chain(request):
    """The institution's approval chain: read by its staff, replaced as a whole by its coordinator."""
    _reader(request)
    institution = request.user.organization_id
    if not institution:
        raise Http404
    rules = ApprovalRule.objects.filter(owner_id=institution).order_by("position", "pk")
    if not authz.can_manage_institution(request.user, institution):
        if request.method == "POST":
            raise Http404
        return TemplateResponse(request, "delegations/approval_chain.html", {"rules": rules, "default": DEFAULT_CHAIN})
    fields = ["pk", "position", "level", "label", "kinds", "fundings", "outside_plan_only", "min_rank", "working_days"]
    formset = ApprovalRuleFormSet(
        request.POST or None, initial=list(rules.values(*fields)), prefix="rules", user=request.user
    )
    errors = forms.Form(request.POST or None)
    if request.method == "POST" and formset.is_valid() and errors.is_valid():
        try:
            services.save_approval_chain(request.user, institution, formset.rows())
        except ValidationError as error:
            show_service_errors(error, errors, {"rules": formset})
        else:
            messages.success(request, _("Approval chain saved: cases submitted from now on follow it."))
            return redirect("delegation-approval-chain")
    return TemplateResponse(
        request,
        "delegations/approval_chain.html",
        {"rules": rules, "default": DEFAULT_CHAIN, "formset": formset, "errors": errors},
        status=400 if request.method == "POST" else 200,
    )


@accepts_upload("MEDCOOP_MAX_UPLOAD_BYTES")
def templates(request):
    """The institution's letter templates: download the default or its own, upload a new one."""
    _reader(request)
    institution = request.user.organization_id
    if not (institution and authz.can_manage_institution(request.user, institution)):
        raise Http404
    form = TemplateUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            letters.check_template(form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error)
        else:
            stored = LetterTemplate.objects.filter(owner_id=institution, kind=form.cleaned_data["kind"]).first()
            stored = stored or LetterTemplate(owner_id=institution, kind=form.cleaned_data["kind"])
            stored.file = form.cleaned_data["file"]
            stored.save()
            messages.success(request, _("Template saved."))
            return redirect("delegation-templates")
    own = {t.kind: t for t in LetterTemplate.objects.filter(owner_id=institution)}
    return TemplateResponse(
        request,
        "delegations/templates.html",
        {"form": form, "kinds": [(k, label, own.get(k)) for k, label in LetterKind.choices]},
        status=400 if form.errors else 200,
    )


def template_download(request, kind):
    """The template to edit in Word: the institution's own, else the default."""
    _reader(request)
    institution = request.user.organization_id
    if kind not in LetterKind.values or not (institution and authz.can_manage_institution(request.user, institution)):
        raise Http404
    own = LetterTemplate.objects.filter(owner_id=institution, kind=kind).first()
    content = own.file.read() if own else letters.template_bytes(kind)
    return attachment_response(content, DOCX, f"mau-{kind}.docx")


def period_report(request):
    """The periodic report of delegations to the governing body, as a page, DOCX or XLSX."""
    _reader(request)
    form = PeriodForm(request.GET or {"year": timezone.localdate().year, "half": 0})
    if not form.is_valid():
        return TemplateResponse(request, "delegations/period_report.html", {"form": form}, status=400)
    report = periodic.build(request.user, form.cleaned_data["year"], form.cleaned_data["half"])
    fmt = request.GET.get("format")
    if fmt == "docx":
        return attachment_response(periodic.as_docx(report), DOCX, f"bao-cao-doan-ra-doan-vao-{report.slug}.docx")
    if fmt == "xlsx":
        return attachment_response(periodic.as_xlsx(report), XLSX, f"bao-cao-doan-ra-doan-vao-{report.slug}.xlsx")
    return TemplateResponse(request, "delegations/period_report.html", {"form": form, "report": report})
