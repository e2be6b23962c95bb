"""Consultation pages for the requesting clinician, the coordinator and the invited partner expert. Every case,
attachment and session opened is written to the audit log."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from medcoop.audit.recording import record
from medcoop.core.forms import FilterForm, show_service_errors
from medcoop.core.models import AuditEvent
from medcoop.core.uploads import accepts_upload
from medcoop.core.views import RegistryListView, flash_errors, form_guard, repeated_create, save_from_page

from . import documents, fhir, review, screening, services, translation
from .calendar import session_calendar
from .forms import (
    AttachmentForm,
    CaseFilterForm,
    CaseForm,
    DeclineForm,
    OpinionForm,
    OutcomeForm,
    PixelCheckForm,
    ReassignForm,
    SessionForm,
    TextCheckForm,
)
from .lists import CASES, SESSIONS
from .models import Attachment, AttachmentKind, ConsultationCase, Session, numbered
from .rules import starts_cases, takes_part


class CaseListView(RegistryListView):
    model = ConsultationCase
    filter_form_class = CaseFilterForm
    table_template = "consultations/_case_table.html"
    create_url_name = "case-create"
    listing = CASES

    def base_queryset(self):
        return super().base_queryset().select_related("specialty", "owner", "requested_by")


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
    if repeat := repeated_create(request, case):
        return repeat
    form = CaseForm(request.POST or None, instance=case, user=request.user)
    if request.method == "POST":
        try:
            saved = save_from_page(
                request,
                case,
                lambda: services.save_case(
                    request.user,
                    case,
                    partners=form.cleaned_data["partners"],
                    experts=form.cleaned_data["experts"],
                    translation_checked=form.cleaned_data["translation_checked"],
                ),
                valid=form.is_valid(),
            )
        except ValidationError as error:
            show_service_errors(error, form, {})
        except PermissionDenied:
            raise Http404 from None
        else:
            if saved:
                messages.success(request, _("Saved “%(record)s”.") % {"record": saved})
                if screening.screen(saved):
                    messages.warning(
                        request, _("The text identifies the patient: remove what is marked before sending.")
                    )
                return redirect(saved)
    return render(
        request,
        "consultations/case_form.html",
        {"form": form, "case": case, **form_guard(request, case)},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def case_detail(request, pk):
    if not takes_part(request.user):
        raise Http404
    return case_page(request, visible_case(request, pk))


def case_page(request, case, status: int = 200, **forms):
    """The case as this user may see it, with the forms of the steps they may take (`forms` replaces one that
    comes back with its errors)."""
    record(AuditEvent.Action.READ, case)
    user = request.user
    actions = services.allowed_actions(user, case)
    screened = screening.screen(case) if "submit" in actions else []
    return render(
        request,
        "consultations/case_detail.html",
        {
            "case": case,
            "object": case,
            "is_requester": ConsultationCase.objects.editable_by(user).filter(pk=case.pk).exists(),
            "actions": actions,
            "screened": screened,
            "translated": translation.reads_translation(case, get_language()),
            "translation_missing": translation.missing(case) if "submit" in actions else [],
            "overridden": screened and screening.is_overridden(case, screened),
            "may_let_identifiers_go": user.has_perm("consultations.let_identifiers_go", case),
            "opinions": case.opinions.select_related("expert", "expert__organization", "corrects"),
            "invitations": case.invitations.select_related("expert", "expert__organization"),
            # a held-back file is not even named to a partner, nor counted in the untitled files' numbers
            "attachments": numbered(case.attachments.visible_to(user)),
            "consents": [
                (consent, consent.allowed_actions(user))  # privacy.Consent, by the reverse relation
                for consent in case.consents.visible_to(user)
            ],
            "sessions": Session.objects.visible_to(user).filter(agenda__case=case).distinct(),
            "decline_form": DeclineForm(),
            "opinion_form": OpinionForm(),
            "outcome_form": OutcomeForm(initial={"outcome": case.outcome}),
            "attachment_form": AttachmentForm(),
            "reassign_form": ReassignForm(case=case),
            "my_opinion": services.latest_opinions(case).filter(expert=user).first() if "opinion" in actions else None,
            **forms,
        },
        status=status,
    )


# The steps whose text the other side reads, and the form that carries it back when it is refused.
REPLY_FORMS = {
    "decline": ("decline_form", DeclineForm),
    "opinion": ("opinion_form", OpinionForm),
    "outcome": ("outcome_form", OutcomeForm),
}


@accepts_upload("MEDCOOP_MAX_UPLOAD_BYTES")  # the "attach" step
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
        "let-identifiers-go": lambda: screening.override(user, case, data.get("reason", "")),
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
                identifiers_checked=data.get("identifiers_checked") == "on",
            )
    except ValidationError as error:
        if action in REPLY_FORMS and hasattr(error, "error_dict"):  # the text itself: shown again with the error
            name, form_class = REPLY_FORMS[action]
            form = form_class(data, offer_check=True)
            form.is_valid()
            form.add_error(None, error)
            return case_page(request, case, status=400, **{name: form})
        flash_errors(request, error)
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
def attachment_check(request, pk):
    """A held-back file: for a DICOM image its size and a rectangle to black out, for a document what its text
    may reveal; then the release."""
    attachment = get_object_or_404(Attachment.objects.visible_to(request.user), pk=pk)
    if not ConsultationCase.objects.editable_by(request.user).filter(pk=attachment.case_id).exists():
        raise Http404
    image = attachment.kind == AttachmentKind.DICOM
    form = (PixelCheckForm if image else TextCheckForm)(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review.release(request.user, attachment, form.cleaned_data["rectangle"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Released to the partners."))
            return redirect(attachment.case)
    held = bool(attachment.held_reason)
    return render(
        request,
        "consultations/attachment_check.html",
        {
            "attachment": attachment,
            "form": form,
            "image": image,
            "size": review.image_size(attachment) if held and image else None,
            "findings": review.text_findings(attachment) if held and not image else [],
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def attachment_preview(request, pk):
    """The held-back image's first frame as a PNG, for the requesting side only."""
    attachment = get_object_or_404(Attachment.objects.visible_to(request.user), pk=pk)
    if not ConsultationCase.objects.editable_by(request.user).filter(pk=attachment.case_id).exists():
        raise Http404
    png = review.preview_png(attachment) if attachment.kind == AttachmentKind.DICOM else None
    if png is None:
        raise Http404
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "no-store"
    return response


def record_language(request) -> str:
    """A record is in its reader's language (their interface's) unless they ask for the other one (?lang=)."""
    asked = request.GET.get("lang", "")
    return asked if asked in ("vi", "en") else ("en" if (get_language() or "vi").startswith("en") else "vi")


@login_required
def case_document(request, pk, fmt):
    """The consultation record (Biên bản hội chẩn) as DOCX or PDF, in Vietnamese or English; or the FHIR Bundle."""
    if not takes_part(request.user):
        raise Http404
    case = visible_case(request, pk)
    record(AuditEvent.Action.READ, case, label="record")
    language = record_language(request)
    if fmt not in ("docx", "pdf", "fhir"):
        raise Http404
    if fmt == "fhir":
        return HttpResponse(
            fhir.case_bundle(case, request.user, language).model_dump_json(indent=2),
            content_type="application/fhir+json",
        )
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
    listing = SESSIONS

    def base_queryset(self):
        return super().base_queryset().select_related("owner")


@login_required
def session_form(request, pk=None):
    if not request.user.has_perm("consultations.add_session"):
        raise Http404
    session = (
        get_object_or_404(Session.objects.editable_by(request.user), pk=pk)
        if pk
        else Session(owner=request.user.organization)
    )
    if repeat := repeated_create(request, session):
        return repeat
    form = SessionForm(request.POST or None, instance=session, user=request.user)
    if request.method == "POST":
        try:
            saved = save_from_page(
                request,
                session,
                lambda: services.schedule_session(
                    request.user,
                    form.instance,
                    cases=list(form.cleaned_data["cases"]),
                    participants=list(form.cleaned_data["participants"]),
                ),
                valid=form.is_valid(),
            )
        except ValidationError as error:
            show_service_errors(error, form, {})
        except PermissionDenied:
            raise Http404 from None
        else:
            if saved:
                messages.success(request, _("Saved “%(record)s”.") % {"record": saved})
                return redirect(saved)
    return render(
        request,
        "consultations/session_form.html",
        {"form": form, "session": session, **form_guard(request, session)},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def session_detail(request, pk):
    if not takes_part(request.user):
        raise Http404
    session = get_object_or_404(Session.objects.visible_to(request.user), pk=pk)
    record(AuditEvent.Action.READ, session)
    if request.method == "POST":
        return session_step(request, session)
    seen = services.session_as_seen_by(session, request.user)
    return render(
        request,
        "consultations/session_detail.html",
        {
            "session": session,
            "actions": services.allowed_session_actions(request.user, session),
            "agenda": seen.agenda,
            "participants": seen.participants,
            "minutes": seen.minutes,
        },
    )


def session_step(request, session: Session):
    """Cancel or record the session: every rule is in services; 404 to whoever does not organise it, a message
    to the organiser when the session no longer allows the step."""
    try:
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
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Done."))
    return redirect(session)


@login_required
def session_document(request, pk, fmt):
    """The session's record (Biên bản hội chẩn): participants, agenda, minutes and consensus per case."""
    if not takes_part(request.user) or fmt not in ("docx", "pdf"):
        raise Http404
    session = get_object_or_404(Session.objects.visible_to(request.user), pk=pk)
    record(AuditEvent.Action.READ, session, label="record")
    language = record_language(request)
    content, content_type = documents.session_record(services.session_as_seen_by(session, request.user), fmt, language)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="bien-ban-phien-hoi-chan-{session.pk}-{language}.{fmt}"'
    return response


@login_required
def session_calendar_file(request, pk):
    if not takes_part(request.user):
        raise Http404
    session = get_object_or_404(Session.objects.visible_to(request.user), pk=pk)
    calendar = session_calendar(services.session_as_seen_by(session, request.user))
    response = HttpResponse(calendar, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="hoi-chan-{session.pk}.ics"'
    return response
