"""The consultation rules: who may move a case from one state to the next, what an expert may write, what a
partner may receive. Views and the API call these; none of them changes a case by hand."""

import io
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medcoop.core import files
from medcoop.core.rules import allowed, is_clinician, is_institution_staff, is_partner_expert

from . import notifications, screening, signals, translation
from .deidentify import (
    DeidentificationError,
    case_date_shift,
    clean_office,
    clean_pdf,
    deidentify_dicom,
    pixel_check_reason,
    strip_photo,
)
from .document_text import held_reason
from .models import (
    STEP_TRANSITION,
    TRANSITIONS,
    Attachment,
    AttachmentKind,
    CaseStatus,
    ConsultationCase,
    Invitation,
    InvitationStatus,
    Opinion,
    Session,
    SessionCase,
    SessionParticipant,
    step_fits_state,
)
from .rules import CASE_PERMS, SESSION_PERMS, WHO, is_invited, is_requester

ACTIONS = {
    "submit": gettext_lazy("submitted"),
    "accept": gettext_lazy("accepted"),
    "decline": gettext_lazy("declined"),
    "reassign": gettext_lazy("re-assigned"),
    "answer": gettext_lazy("answered"),
    "close": gettext_lazy("closed"),
    "cancel": gettext_lazy("cancelled"),
}
# Why a step that does not move the case is refused in the case's present state.
NOT_NOW = {
    "edit": gettext_lazy("Only a draft can be edited; it has been submitted."),
    "attach": gettext_lazy("This case is “%(status)s”: no file can be attached to it any more."),
    "outcome": gettext_lazy("The outcome is recorded once the experts have answered."),
    "consent": gettext_lazy("The case is “%(status)s”: no consent is needed any more."),
}
# Why a step is refused to someone who reads the case but may not take it (yet).
NOT_YET = {"opinion": (is_invited, gettext_lazy("Accept the case before giving your opinion."))}


def allowed_actions(user, case: ConsultationCase) -> list[str]:
    """The steps this user may take on the case now, in the page's order: the page offers exactly these."""
    return allowed(user, CASE_PERMS, case)


def require_step(user, case: ConsultationCase, step: str) -> None:
    """Refuse a step to whoever may not take it on this case (PermissionDenied: the page answers 404), and to
    whoever may, a step the case's state does not allow, with a message naming why; nothing is changed."""
    if not WHO[step](user, case):
        waiting, message = NOT_YET.get(step, (None, ""))
        if waiting is not None and waiting(user, case):
            raise ValidationError(message)
        raise PermissionDenied(_("You may not take this step on this case."))
    if not step_fits_state(case.status, step):
        if step in NOT_NOW:
            raise ValidationError(str(NOT_NOW[step]) % {"status": case.get_status_display()})
        next_status(case, STEP_TRANSITION.get(step, step))


# The steps `perform` takes by name; re-assigning and attaching need a chosen expert or a file and have their own calls.
STEPS = ("submit", "cancel", "close", "accept", "decline", "opinion", "outcome")


@transaction.atomic
def perform(
    user,
    case: ConsultationCase,
    action: str,
    *,
    reason: str = "",
    text: str = "",
    outcome: str = "",
    corrects: int | None = None,
    identifiers_checked: bool = False,
):
    """One of the STEPS on a case, as the page's buttons and the API's actions call it. The texts the other
    side reads (a decline's reason, an opinion, an outcome) are screened for identifiers first."""
    replies = {"decline": ("reason", reason), "opinion": ("text", text), "outcome": ("outcome", outcome)}
    if action in replies and action in allowed_actions(user, case):
        screening.require_clean_reply(user, case, *replies[action], checked=identifiers_checked)
    steps = {
        "submit": lambda: submit(user, case),
        "cancel": lambda: cancel(user, case),
        "close": lambda: close(user, case),
        "accept": lambda: accept(user, case),
        "decline": lambda: decline(user, case, reason),
        "opinion": lambda: submit_opinion(
            user, case, text, corrects=case.opinions.filter(pk=corrects, expert=user).first() if corrects else None
        ),
        "outcome": lambda: record_outcome(user, case, outcome),
    }
    return steps[action]()


def next_status(case: ConsultationCase, action: str) -> str:
    """The state the action leads to, or a clear refusal naming the case's state."""
    try:
        return TRANSITIONS[(case.status, action)]
    except KeyError:
        raise ValidationError(
            _("This case is “%(status)s”: it cannot be %(action)s now.")
            % {"status": case.get_status_display(), "action": ACTIONS[action]}
        ) from None


def _move(case: ConsultationCase, action: str) -> None:
    case.status = next_status(case, action)
    case.save()


def require_requester(user, case: ConsultationCase) -> None:
    """The requesting clinician, or a coordinator of the requesting institution."""
    if not is_requester(user, case):
        raise PermissionDenied(_("Only the requesting clinician or a coordinator of the institution may do this."))


# --- the case ---------------------------------------------------------------------------------------------
@transaction.atomic
def save_case(
    user, case: ConsultationCase, *, partners=None, experts=(), translation_checked: bool = False
) -> ConsultationCase:
    """Save a case with its partner institutions and the experts to invite, all in one transaction;
    `translation_checked` is the clinician's word that they wrote or checked the texts for foreign partners."""
    require_requester(user, case)
    before = None
    if case.pk is None:
        case.requested_by = user if is_clinician(user) else case.requested_by or user
    else:
        before = ConsultationCase.objects.get(pk=case.pk)
        require_step(user, before, "edit")
    translation.note_check(user, case, before, translation_checked, by_clinician=is_clinician(user))
    case.full_clean(exclude=["date_shift_days"])
    case.save()
    if not case.date_shift_days:
        case.date_shift_days = case_date_shift(case.pk, settings.MEDCOOP_DEID_SECRET)
        case.save(update_fields=["date_shift_days"])
    if partners is not None:
        case.partners.set(partners)
        case.refresh_search_text()
    for expert in experts:
        invite(user, case, expert)
    return case


@transaction.atomic
def invite(user, case: ConsultationCase, expert) -> Invitation:
    """Invite a partner expert; only one working at a partner institution consulted on this case."""
    require_requester(user, case)
    if not is_partner_expert(expert) or not case.partners.filter(pk=expert.organization_id).exists():
        raise ValidationError(
            {
                "expert": _("%(expert)s does not work at a partner institution of this case.")
                % {"expert": expert.display_name}
            }
        )
    invitation, created = Invitation.objects.get_or_create(case=case, expert=expert)
    if not created and invitation.status == InvitationStatus.DECLINED:
        raise ValidationError({"expert": _("This expert declined the case.")})
    if case.status != CaseStatus.DRAFT:
        transaction.on_commit(lambda: notifications.invited(invitation))
    return invitation


@transaction.atomic
def submit(user, case: ConsultationCase) -> ConsultationCase:
    """Send the case to the invited experts: only under the patient's consent, and written to the register."""
    require_step(user, case, "submit")
    if not case.invitations.exists():
        raise ValidationError(_("Invite at least one partner expert before submitting."))
    signals.check_leaving(user, case)  # privacy: the consent in force
    translation.require_translation(case)
    screening.require_screened(case)
    _move(case, "submit")
    case.submitted_at = timezone.now()
    case.save(update_fields=["submitted_at"])
    signals.sent(user, case)  # privacy: the transfer register
    for invitation in case.invitations.all():
        transaction.on_commit(partial(notifications.invited, invitation))
    return case


@transaction.atomic
def accept(expert, case: ConsultationCase) -> ConsultationCase:
    require_step(expert, case, "accept")
    invitation = case.invitations.get(expert=expert)
    _move(case, "accept")
    invitation.status = InvitationStatus.ACCEPTED
    invitation.save()
    transaction.on_commit(lambda: notifications.accepted(invitation))
    return case


@transaction.atomic
def decline(expert, case: ConsultationCase, reason: str) -> ConsultationCase:
    """An expert declines, with a reason, so that the coordinator can invite someone else."""
    require_step(expert, case, "decline")
    invitation = case.invitations.get(expert=expert)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why you decline, so the case can be re-assigned.")})
    still_invited = case.invitations.exclude(pk=invitation.pk).exclude(status=InvitationStatus.DECLINED).exists()
    invitation.status, invitation.decline_reason = InvitationStatus.DECLINED, reason.strip()
    invitation.save()
    if not still_invited:
        _move(case, "decline")
    transaction.on_commit(lambda: notifications.declined(invitation))
    return case


@transaction.atomic
def reassign(user, case: ConsultationCase, expert) -> Invitation:
    require_step(user, case, "reassign")
    signals.check_leaving(user, case)
    invitation = invite(user, case, expert)
    _move(case, "reassign")
    transaction.on_commit(lambda: notifications.invited(invitation))
    return invitation


@transaction.atomic
def submit_opinion(expert, case: ConsultationCase, text: str, *, corrects: Opinion | None = None) -> Opinion:
    """Write an opinion; once submitted it is locked. A correction is a new version beside the old one."""
    require_step(expert, case, "opinion")
    if not (text or "").strip():
        raise ValidationError({"text": _("Write the opinion.")})
    if corrects is not None:
        if corrects.case_id != case.pk or corrects.expert_id != expert.pk or hasattr(corrects, "correction"):
            raise ValidationError(_("Only your own latest opinion on this case can be corrected."))
    now = timezone.now()
    opinion = Opinion.objects.create(
        case=case,
        expert=expert,
        text=text.strip(),
        submitted_at=now,
        corrects=corrects,
        version=corrects.version + 1 if corrects else 1,
    )
    _move(case, "answer")
    if case.first_opinion_at is None:
        case.first_opinion_at = now
        case.save(update_fields=["first_opinion_at"])
    transaction.on_commit(lambda: notifications.answered(opinion))
    return opinion


@transaction.atomic
def close(user, case: ConsultationCase) -> ConsultationCase:
    require_step(user, case, "close")
    _move(case, "close")
    return case


@transaction.atomic
def cancel(user, case: ConsultationCase) -> ConsultationCase:
    require_step(user, case, "cancel")
    _move(case, "cancel")
    return case


@transaction.atomic
def record_outcome(user, case: ConsultationCase, outcome: str) -> ConsultationCase:
    """What became of the patient after the advice; recorded by the requesting side once advice was given."""
    require_step(user, case, "outcome")
    case.outcome = outcome.strip()
    case.save(update_fields=["outcome", "updated_at"])
    return case


def latest_opinions(case: ConsultationCase):
    """Each expert's current opinion: the versions no later one corrects."""
    return case.opinions.filter(correction__isnull=True).select_related("expert", "expert__organization")


# --- attachments ------------------------------------------------------------------------------------------
def attachment_kind(data: bytes) -> str | None:
    """PDF, JPEG, PNG or DICOM, told by content; None for anything else."""
    if data.startswith(b"%PDF-"):
        return AttachmentKind.PDF
    if data.startswith(b"\xff\xd8\xff"):
        return AttachmentKind.JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return AttachmentKind.PNG
    if data[128:132] == b"DICM":
        return AttachmentKind.DICOM
    if data.startswith(b"PK\x03\x04"):
        return {files.DOCX: AttachmentKind.DOCX, files.XLSX: AttachmentKind.XLSX}.get(
            files.sniff_document_type(io.BytesIO(data)) or ""
        )
    return None


def shareable_copy(case: ConsultationCase, kind: str, data: bytes) -> bytes:
    if kind == AttachmentKind.DICOM:
        return deidentify_dicom(
            data, date_shift_days=case.date_shift_days, uid_salt=f"{settings.MEDCOOP_DEID_SECRET}:{case.pk}"
        )
    if kind in (AttachmentKind.JPEG, AttachmentKind.PNG):
        return strip_photo(data)
    if kind == AttachmentKind.PDF:
        return clean_pdf(data)
    return clean_office(data)


@transaction.atomic
def add_attachment(user, case: ConsultationCase, upload, title: str = "") -> Attachment:
    """Keep a file only once it passed every check: size, type by content, and de-identification; only while
    the case is open (not on a closed, declined or cancelled one)."""
    require_step(user, case, "attach")
    limit = settings.MEDCOOP_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )
    data = upload.read()
    kind = attachment_kind(data)
    if kind is None:
        raise ValidationError(
            _("Only PDF, DOCX, XLSX, JPEG, PNG and DICOM files are accepted, whatever the file is called.")
        )
    try:
        shared = shareable_copy(case, kind, data)
    except DeidentificationError as error:
        raise ValidationError(str(error)) from error
    # A file name may carry the patient's name: untitled, a file is named by its kind and its number among the
    # files its reader sees (models.numbered), and the stored files by kind alone (the name would sit on disk,
    # in backups and in the audit's paths).
    attachment = Attachment(case=case, kind=kind, title=title, size=len(data), uploaded_by=user)
    reason = pixel_check_reason(shared) if kind == AttachmentKind.DICOM else held_reason(kind, shared, case.age_band)
    attachment.held_reason = reason[: Attachment._meta.get_field("held_reason").max_length]
    extension = AttachmentKind(kind).extension
    attachment.original.save(f"original.{extension}", ContentFile(data), save=False)
    attachment.shared.save(f"deid-{case.pk}.{extension}", ContentFile(shared), save=False)
    attachment.save()
    return attachment


def file_for(user, attachment: Attachment):
    """The file this user may fetch: the original for the requesting institution, else the de-identified copy."""
    if is_institution_staff(user) and user.organization_id == attachment.case.owner_id:
        return attachment.original
    return attachment.shared


# --- sessions ---------------------------------------------------------------------------------------------
def require_organiser(user, session: Session) -> None:
    if not user.has_perm("consultations.change_session", session):
        raise PermissionDenied(_("Only a coordinator of the institution organises sessions."))


def allowed_session_actions(user, session: Session) -> list[str]:
    """The steps this user may take on the session now (edit, record, cancel): the pages offer exactly these."""
    return allowed(user, SESSION_PERMS, session)


def require_session_step(user, session: Session, step: str) -> None:
    """Refuse a step to whoever does not organise the session (PermissionDenied: 404), and to the organiser a
    step a cancelled session no longer allows, with a message; nothing is changed."""
    require_organiser(user, session)
    if session.pk and step not in allowed_session_actions(user, session):
        raise ValidationError(_("This session has been cancelled: it can no longer be changed, recorded or cancelled."))


@transaction.atomic
def schedule_session(user, session: Session, *, cases, participants) -> Session:
    """Put cases on a session's agenda with its participants; a change raises the calendar SEQUENCE."""
    require_session_step(user, session, "edit")
    if session.starts_at and session.starts_at <= timezone.now():
        raise ValidationError({"starts_at": _("A session cannot start in the past.")})
    foreign = [c for c in cases if c.owner_id != session.owner_id]
    if foreign:
        raise ValidationError({"cases": _("A session can only discuss its own institution's cases.")})
    invited = Invitation.objects.filter(case__in=cases).exclude(status=InvitationStatus.DECLINED)
    for person in participants:
        if is_partner_expert(person):
            may_join = invited.filter(expert=person).exists()
        else:
            may_join = is_institution_staff(person) and person.organization_id == session.owner_id
        if not may_join:
            raise ValidationError(
                {
                    "participants": _(
                        "%(person)s is neither staff of the institution nor an expert invited to one of these cases."
                    )
                    % {"person": person.display_name}
                }
            )
    if session.pk:
        session.sequence += 1
    session.full_clean(exclude=["uid"])
    session.save()
    session.agenda.exclude(case__in=cases).delete()
    for position, case in enumerate(cases):
        SessionCase.objects.update_or_create(session=session, case=case, defaults={"position": position})
    session.participants.exclude(user__in=participants).delete()
    for person in participants:
        SessionParticipant.objects.get_or_create(session=session, user=person)
    transaction.on_commit(lambda: notifications.session_invitation(session))
    return session


def visible_agenda(session: Session, user):
    """The session's cases this user may read: an expert invited to one case of a tumour board sees that one,
    not the others discussed at the same session (on the page and in the record alike)."""
    return session.agenda.filter(case__in=ConsultationCase.objects.visible_to(user)).select_related(
        "case", "case__specialty"
    )


@dataclass
class SessionAsSeen:
    """What one reader is shown of a session — on its page, in its record (DOCX/PDF), its .ics and its e-mail:
    the agenda items, consensus and participants of the cases they may read, and the minutes (which speak of
    every case) only if they may read every case on the agenda."""

    session: Session
    agenda: list
    participants: list
    minutes: str


def session_as_seen_by(session: Session, user) -> SessionAsSeen:
    agenda = list(visible_agenda(session, user))
    whole = len(agenda) == session.agenda.count()
    participants: Iterable[SessionParticipant] = session.participants.select_related(
        "user", "user__organization"
    ).order_by("pk")
    if not whole:
        experts = Invitation.objects.filter(case__in=[item.case_id for item in agenda]).exclude(
            status=InvitationStatus.DECLINED
        )
        participants = [
            p
            for p in participants
            if not is_partner_expert(p.user) or experts.filter(expert_id=p.user_id).exists() or p.user_id == user.pk
        ]
    return SessionAsSeen(session, agenda, list(participants), session.minutes if whole else "")


@transaction.atomic
def cancel_session(user, session: Session) -> Session:
    require_session_step(user, session, "cancel")
    session.cancelled_at = timezone.now()
    session.sequence += 1
    session.save()
    transaction.on_commit(lambda: notifications.session_invitation(session))
    return session


@transaction.atomic
def record_session(user, session: Session, *, minutes: str, attended: dict, consensus: dict) -> Session:
    """Minutes, who attended (user pk → bool) and the consensus per case (case pk → text)."""
    require_session_step(user, session, "record")
    session.minutes = minutes
    session.save()
    for participant in session.participants.all():
        if participant.user_id in attended:
            participant.attended = attended[participant.user_id]
            participant.save()
    for item in session.agenda.all():
        if item.case_id in consensus:
            item.consensus = consensus[item.case_id]
            item.save()
    return session
