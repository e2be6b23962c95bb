"""Who may do what with consultations: each step of a case, its files and opinions, and sessions, as a named
permission (`user.has_perm("consultations.attach_file", case)`) that the page's buttons, the services' checks and
the API ask alike. A permission holds when the user stands in the right relation to the record (`WHO`) and the
record is in a state where the step leads somewhere (models.step_fits_state)."""

import rules

from medcoop.core.rules import is_clinician, is_coordinator, is_institution_staff, is_partner_expert, readable

from .models import ConsultationCase, InvitationStatus, Session, step_fits_state


@rules.predicate
def takes_part(user):
    """Institution staff and partner experts use consultations; the ministry and the administrator do not."""
    return is_institution_staff(user) or is_partner_expert(user)


starts_cases = (is_clinician | is_coordinator) & is_institution_staff


@rules.predicate
def is_requester(user, case):
    """The requesting clinician, or a coordinator of the requesting institution (of a new case: its owner)."""
    if case.pk is None:
        return starts_cases(user) and user.organization_id == case.owner_id
    return ConsultationCase.objects.editable_by(user).filter(pk=case.pk).exists()


def _invitation_in(*statuses):
    @rules.predicate(name=f"invitation_in:{'/'.join(statuses)}")
    def predicate(user, case):
        return is_partner_expert(user) and case.invitations.filter(expert=user, status__in=statuses).exists()

    return predicate


is_invited = _invitation_in(InvitationStatus.INVITED)
is_invited_or_accepted = _invitation_in(InvitationStatus.INVITED, InvitationStatus.ACCEPTED)
has_accepted = _invitation_in(InvitationStatus.ACCEPTED)

# The relation each step asks of the user; the state is models' table's.
WHO = {
    "edit": is_requester,
    "submit": is_requester,
    "attach": is_requester,
    "consent": is_requester,
    "reassign": is_requester,
    "outcome": is_requester,
    "close": is_requester,
    "cancel": is_requester,
    "accept": is_invited,
    "decline": is_invited_or_accepted,
    "opinion": has_accepted,
}
# Step → the permission's name, in the order the case page offers them.
CASE_PERMS = {
    "edit": "consultations.change_consultationcase",
    "submit": "consultations.submit_case",
    "attach": "consultations.attach_file",
    "consent": "consultations.record_consent",
    "reassign": "consultations.reassign_case",
    "outcome": "consultations.record_outcome",
    "close": "consultations.close_case",
    "cancel": "consultations.cancel_case",
    "accept": "consultations.accept_case",
    "decline": "consultations.decline_case",
    "opinion": "consultations.post_opinion",
}


def _in_state_for(step: str):
    return rules.predicate(lambda user, case: step_fits_state(case.status, step), name=f"state_for:{step}")


for _step, _perm in CASE_PERMS.items():
    rules.add_perm(_perm, takes_part & WHO[_step] & _in_state_for(_step))

# Letting identifiers the screening found go out with a case: a coordinator's judgement, on a case not yet sent.
rules.add_perm("consultations.let_identifiers_go", takes_part & is_coordinator & is_requester & _in_state_for("submit"))
rules.add_perm("consultations", takes_part)
rules.add_perm("consultations.view_consultationcase", takes_part & readable)
rules.add_perm("consultations.add_consultationcase", starts_cases)
rules.add_perm("consultations.view_attachment", takes_part & readable)

# Sessions: organised by a coordinator of the institution; read by its staff and the participants invited.
is_organiser = rules.predicate(
    lambda user, session: (
        session is None
        or (session.pk is None and is_coordinator(user) and user.organization_id == session.owner_id)
        or Session.objects.editable_by(user).filter(pk=session.pk).exists()
    )
)
rules.add_perm("consultations.view_session", takes_part & readable)
rules.add_perm("consultations.add_session", is_coordinator)
rules.add_perm("consultations.change_session", is_coordinator & is_organiser)
# A session's steps, in the page's order: a cancelled session is neither rescheduled, recorded nor cancelled again.
not_cancelled = rules.predicate(lambda user, session: not session.cancelled_at)
SESSION_PERMS = {
    "edit": "consultations.reschedule_session",
    "record": "consultations.record_session",
    "cancel": "consultations.cancel_session",
}
for _perm in SESSION_PERMS.values():
    rules.add_perm(_perm, is_coordinator & is_organiser & not_cancelled)
