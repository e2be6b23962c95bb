"""Consultation pages for the requesting clinician, the coordinator and the invited partner expert. Every case,
attachment and session opened is written to the audit log."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from medcoop.core.audit import record
from medcoop.core.exports import Column
from medcoop.core.forms import FilterForm, show_service_errors
from medcoop.core.locking import save_at_version, version_of
from medcoop.core.models import AuditEvent
from medcoop.core.permissions import Role
from medcoop.core.views import RegistryListView
from medcoop.privacy.models import Consent

from . import documents, fhir, services
from .calendar import session_calendar
from .forms import (
    AttachmentForm,
    CaseFilterForm,
    CaseForm,
    DeclineForm,
    OpinionForm,
    OutcomeForm,
    ReassignForm,
    SessionForm,
)
from .models import Attachment, ConsultationCase, Session
from .services import starts_cases, takes_part


class CaseListView(RegistryListView):
    model = ConsultationCase
    filter_form_class = CaseFilterForm
    table_template = "consultations/_case_table.html"
    create_url_name = "case-create"
    sort_fields = {"created": "created_at", "due": "due_on", "status": "status"}
    default_sort = "-created"
    export_columns = [
        Column(gettext_lazy("case"), str),
        Column(gettext_lazy("specialty"), lambda c: c.specialty),
        Column(gettext_lazy("urgency"), lambda c: c.get_urgency_display()),
        Column(gettext_lazy("requesting institution"), lambda c: c.owner),
        Column(gettext_lazy("question to the experts"), lambda c: c.question),
        Column(gettext_lazy("answer wanted by"), lambda c: c.due_on),
        Column(gettext_lazy("status"), lambda c: c.get_status_display()),
    ]

    def allows(self, user) -> bool:
        return takes_part(user)

    def base_queryset(self):
        return super().base_queryset().select_related("specialty", "owner", "requested_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_create"] = starts_cases(self.request.user)
        return context


def visible_case(request, pk) -> ConsultationCase:
    case = get_object_or_404(ConsultationCase.objects.visible_to(request.user), pk=pk)
    return case


@login_required
def case_form(request, pk=None):
    """Create a case, or edit it while it is a draft, with the experts to invite."""
    if not starts_cases(request.user):
        raise Http404
    if pk is None:
        case = ConsultationCase(owner=request.user.organization, requested_by=request.user)
    else:
        case = get_object_or_404(ConsultationCase.objects.editable_by(request.user), pk=pk)
    form = CaseForm(request.POST or None, instance=case, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            save_at_version(
                case,
                request.POST.get("version"),
                lambda: services.save_case_and_invite(
                    request.user, case, partners=form.cleaned_data["partners"], experts=form.cleaned_data["experts"]
                ),
            )
        except ValidationError as error:
            show_service_errors(error, form, {})
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("Saved “%(record)s”.") % {"record": form.instance})
            return redirect(form.instance)
    current = ConsultationCase.objects.filter(pk=case.pk).first() if case.pk else None
    return render(
        request,
        "consultations/case_form.html",
        {"form": form, "case": case, "version": version_of(current) if current else ""},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def case_detail(request, pk):
    if not takes_part(request.user):
        raise Http404
    case = visible_case(request, pk)
    record(AuditEvent.Action.READ, case)
    user = request.user
    invitation = case.invitations.filter(expert=user).first() if user.role == Role.PARTNER else None
    return render(
        request,
        "consultations/case_detail.html",
        {
            "case": case,
            "object": case,
            "invitation": invitation,
            "is_requester": ConsultationCase.objects.editable_by(user).filter(pk=case.pk).exists(),
            "is_coordinator": user.role == Role.COORDINATOR,
            "opinions": case.opinions.select_related("expert", "expert__organization", "corrects"),
            "invitations": case.invitations.select_related("expert", "expert__organization"),
            "attachments": case.attachments.all(),
            "consents": Consent.objects.visible_to(user).filter(case=case),
            "sessions": Session.objects.visible_to(user).filter(agenda__case=case).distinct(),
            "decline_form": DeclineForm(),
            "opinion_form": OpinionForm(),
            "outcome_form": OutcomeForm(initial={"outcome": case.outcome}),
            "attachment_form": AttachmentForm(),
            "reassign_form": ReassignForm(case=case),
            "my_opinion": services.latest_opinions(case).filter(expert=user).first() if invitation else None,
        },
    )


@require_POST
@login_required
def case_action(request, pk, action):
    """One step of the case: every rule is in services; a refusal comes back as a message."""
    if not takes_part(request.user):
        raise Http404
    case = visible_case(request, pk)
    user, data = request.user, request.POST
    steps = {
        "reassign": lambda: services.reassign(user, case, _reassigned_expert(case, data)),
        "attach": lambda: _attach(request, case),
    }
    if action not in steps and action not in services.STEPS:
        raise Http404
    try:
        if action in steps:
            steps[action]()
        else:
            services.perform(
                user,
                case,
                action,
                reason=data.get("reason", ""),
                text=data.get("text", ""),
                outcome=data.get("outcome", ""),
                corrects=data.get("corrects") or None,
            )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    except PermissionDenied:
        raise Http404 from None  # a step this user may not take on the case, as for any page they may not use
    else:
        messages.success(request, _("Done."))
    return redirect(case)


def _reassigned_expert(case, data):
    form = ReassignForm(data, case=case)
    if not form.is_valid():
        raise ValidationError(_("Choose an expert to invite."))
    return form.cleaned_data["expert"]


def _attach(request, case):
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        raise ValidationError(_("Choose a file to attach."))
    services.add_attachment(request.user, case, form.cleaned_data["file"], form.cleaned_data["title"])


@login_required
def attachment_file(request, pk):
    """The file a user may fetch — for a partner, only the de-identified copy — and an audit entry."""
    if not takes_part(request.user):
        raise Http404
    attachment = get_object_or_404(Attachment.objects.visible_to(request.user), pk=pk)
    record(AuditEvent.Action.READ, attachment)
    stored = services.file_for(request.user, attachment)
    # Named by case and number, not as uploaded: the uploaded name may be the patient's, and would travel on in
    # the downloads folder and in the audit log's export entry.
    extension = stored.name.rsplit(".", 1)[-1] if "." in stored.name.rsplit("/", 1)[-1] else attachment.kind
    name = f"{attachment.case}-{attachment.pk}.{extension}"
    return FileResponse(stored.open("rb"), as_attachment=True, filename=name)


@login_required
def case_document(request, pk, fmt):
    """The consultation record (Biên bản hội chẩn) as DOCX or PDF, in Vietnamese or English; or the FHIR Bundle."""
    if not takes_part(request.user):
        raise Http404
    case = visible_case(request, pk)
    record(AuditEvent.Action.READ, case, label="record")
    language = "en" if request.GET.get("lang") == "en" else "vi"
    if fmt not in ("docx", "pdf", "fhir"):
        raise Http404
    if fmt == "fhir":
        return HttpResponse(fhir.case_bundle(case).model_dump_json(indent=2), content_type="application/fhir+json")
    content, content_type = documents.case_record(case, fmt, language)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="bien-ban-hoi-chan-{case.pk}-{language}.{fmt}"'
    return response


# --- sessions ---------------------------------------------------------------------------------------------
class SessionListView(RegistryListView):
    model = Session
    filter_form_class = FilterForm
    table_template = "consultations/_session_table.html"
    create_url_name = "session-create"
    sort_fields = {"starts": "starts_at", "title": "title"}
    default_sort = "-starts"
    export_columns = [
        Column(gettext_lazy("title"), str),
        Column(gettext_lazy("starts at"), lambda s: s.starts_at),
        Column(gettext_lazy("organising institution"), lambda s: s.owner),
    ]

    def allows(self, user) -> bool:
        return takes_part(user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_create"] = self.request.user.role == Role.COORDINATOR
        return context


@login_required
def session_form(request, pk=None):
    if request.user.role != Role.COORDINATOR or not request.user.organization_id:
        raise Http404
    session = (
        get_object_or_404(Session.objects.editable_by(request.user), pk=pk)
        if pk
        else Session(owner=request.user.organization)
    )
    form = SessionForm(request.POST or None, instance=session, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.schedule_session(
                request.user,
                form.instance,
                cases=list(form.cleaned_data["cases"]),
                participants=list(form.cleaned_data["participants"]),
            )
        except ValidationError as error:
            show_service_errors(error, form, {})
        else:
            messages.success(request, _("Saved “%(record)s”.") % {"record": form.instance})
            return redirect(form.instance)
    return render(
        request,
        "consultations/session_form.html",
        {"form": form, "session": session},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def session_detail(request, pk):
    if not takes_part(request.user):
        raise Http404
    session = get_object_or_404(Session.objects.visible_to(request.user), pk=pk)
    record(AuditEvent.Action.READ, session)
    editable = Session.objects.editable_by(request.user).filter(pk=pk).exists()
    if request.method == "POST" and editable:
        if request.POST.get("action") == "cancel":
            services.cancel_session(request.user, session)
        else:
            services.record_session(
                request.user,
                session,
                minutes=request.POST.get("minutes", ""),
                attended={p.user_id: f"attended-{p.user_id}" in request.POST for p in session.participants.all()},
                consensus={i.case_id: request.POST.get(f"consensus-{i.case_id}", "") for i in session.agenda.all()},
            )
        messages.success(request, _("Done."))
        return redirect(session)
    return render(
        request,
        "consultations/session_detail.html",
        {
            "session": session,
            "editable": editable,
            "agenda": services.visible_agenda(session, request.user),
            "participants": session.participants.select_related("user", "user__organization"),
        },
    )


@login_required
def session_document(request, pk, fmt):
    """The session's record (Biên bản hội chẩn): participants, agenda, minutes and consensus per case."""
    if not takes_part(request.user) or fmt not in ("docx", "pdf"):
        raise Http404
    session = get_object_or_404(Session.objects.visible_to(request.user), pk=pk)
    record(AuditEvent.Action.READ, session, label="record")
    language = "en" if request.GET.get("lang") == "en" else "vi"
    content, content_type = documents.session_record(
        session, services.visible_agenda(session, request.user), fmt, language
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="bien-ban-phien-hoi-chan-{session.pk}-{language}.{fmt}"'
    return response


@login_required
def session_calendar_file(request, pk):
    if not takes_part(request.user):
        raise Http404
    session = get_object_or_404(Session.objects.visible_to(request.user), pk=pk)
    response = HttpResponse(session_calendar(session), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="hoi-chan-{session.pk}.ics"'
    return response
