"""E-mails a consultation sends: invitation, acceptance, decline, opinion, reminders, session invitations.
Each is written in the recipient's language; the session's comes with its .ics file."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _


def _send(user, subject: str, body: str, attachment: tuple | None = None) -> None:
    if not user.email:
        return
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    if attachment:
        message.attach(*attachment)
    message.send(fail_silently=False)


def _link(path: str) -> str:
    return f"{settings.MEDCOOP_BASE_URL.rstrip('/')}{path}"


def _in_language(user, build) -> tuple[str, str]:
    with translation.override(user.language or settings.LANGUAGE_CODE):
        return build()


def invited(invitation) -> None:
    case = invitation.case
    subject, body = _in_language(
        invitation.expert,
        lambda: (
            _("Consultation %(case)s: you are invited") % {"case": case},
            _("%(institution)s asks for your opinion on case %(case)s (%(specialty)s), wanted by %(due)s.\n%(link)s")
            % {
                "institution": case.owner,
                "case": case,
                "specialty": case.specialty,
                "due": case.due_on.strftime("%d/%m/%Y") if case.due_on else "—",
                "link": _link(reverse("case-detail", args=[case.pk])),
            },
        ),
    )
    _send(invitation.expert, subject, body)


def _to_requester(case, subject_text: str, body_text: str) -> None:
    _send(
        case.requested_by,
        *_in_language(
            case.requested_by,
            lambda: (
                subject_text % {"case": case},
                f"{body_text % {'case': case}}\n{_link(reverse('case-detail', args=[case.pk]))}",
            ),
        ),
    )


def accepted(invitation) -> None:
    _to_requester(invitation.case, _("Consultation %(case)s accepted"), _("An expert accepted case %(case)s."))


def declined(invitation) -> None:
    _to_requester(
        invitation.case,
        _("Consultation %(case)s declined"),
        _("An expert declined case %(case)s; a coordinator can invite another expert."),
    )


def answered(opinion) -> None:
    _to_requester(opinion.case, _("Consultation %(case)s: new opinion"), _("An expert answered case %(case)s."))


def due_reminder(case) -> None:
    for invitation in case.invitations.select_related("expert").exclude(status="declined"):
        _send(
            invitation.expert,
            *_in_language(
                invitation.expert,
                lambda: (
                    _("Reminder: consultation %(case)s is due tomorrow") % {"case": case},
                    _link(reverse("case-detail", args=[case.pk])),
                ),
            ),
        )


def session_invitation(session, reminder: bool = False) -> None:
    from .calendar import session_calendar
    from .services import session_as_seen_by  # that module imports this one

    for participant in session.participants.select_related("user"):
        user = participant.user
        ics = session_calendar(session_as_seen_by(session, user))  # each their own: no one else's cases or e-mails
        with translation.override(user.language or settings.LANGUAGE_CODE):
            if session.cancelled_at:
                subject = _("Cancelled: %(title)s") % {"title": session.title}
            elif reminder:
                subject = _("Reminder: %(title)s starts within 24 hours") % {"title": session.title}
            else:
                subject = _("Consultation session: %(title)s") % {"title": session.title}
            body = _link(reverse("session-detail", args=[session.pk]))
        _send(user, subject, body, ("session.ics", ics, "text/calendar"))
