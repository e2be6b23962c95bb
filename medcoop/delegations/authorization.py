"""Who may do what with delegations: the one home of these rules. Pages, templates (through `actions_for`),
the API, exports, reports, reminders and calendars all ask here; nothing else compares roles.

Built on the registry's `visible_to` / `editable_by` querysets: a user who cannot see a case gets 404
everywhere, and a coordinator changes only their own institution's cases.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from medcoop.core.permissions import Role, can_create_for, reads_registry
from medcoop.core.rules import has_role, is_institution_staff, is_leadership, is_superuser

from .models import AnnualPlan, ApprovalStep, Decision, Delegation, Level, Status

IDENTITY_RIGHT = "delegations.view_member_identity"
# Steps the institution's leadership decides itself; the governing body's step is the ministry's.
LEADERSHIP_LEVELS = {Level.DEPARTMENT, Level.DIRECTOR}
OPEN_STATUSES = {Status.DRAFT, Status.SUBMITTED, Status.APPROVED, Status.DECIDED}


def reads(user) -> bool:
    """Whether the user opens delegation pages at all (partner experts do not)."""
    return reads_registry(user)


def visible(user):
    return Delegation.objects.visible_to(user)


def editable(user):
    return Delegation.objects.editable_by(user)


def visible_plans(user):
    return AnnualPlan.objects.visible_to(user)


def can_create(user) -> bool:
    return bool(user.is_authenticated and user.organization_id and can_create_for(user, user.organization_id))


def _may_change(user, delegation: Delegation) -> bool:
    return editable(user).filter(pk=delegation.pk).exists()


def can_edit(user, delegation: Delegation) -> bool:
    return delegation.status in OPEN_STATUSES and _may_change(user, delegation)


def can_submit(user, delegation: Delegation) -> bool:
    return delegation.status == Status.DRAFT and _may_change(user, delegation)


def current_step(delegation: Delegation) -> ApprovalStep | None:
    if delegation.status != Status.SUBMITTED:
        return None
    return delegation.steps.filter(decision=Decision.PENDING).order_by("position").first()


def can_decide_step(user, step: ApprovalStep | None) -> bool:
    """The coordinator records any step's answer (the paper signed upstairs); the institution's leadership
    decides the department's and the director's steps; the ministry decides the governing body's."""
    if step is None or not user.is_authenticated or not user.is_active:
        return False
    delegation = step.delegation
    if _may_change(user, delegation):
        return True
    if is_leadership(user) and step.level in LEADERSHIP_LEVELS:
        return user.organization_id == delegation.owner_id
    return step.level == Level.GOVERNING_BODY and has_role(Role.MINISTRY)(user)


def can_record_decision(user, delegation: Delegation) -> bool:
    return delegation.status == Status.APPROVED and _may_change(user, delegation)


def can_report(user, delegation: Delegation) -> bool:
    return delegation.status == Status.DECIDED and _may_change(user, delegation)


def can_cancel(user, delegation: Delegation) -> bool:
    return delegation.status in OPEN_STATUSES and _may_change(user, delegation)


def can_read_identity(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm(IDENTITY_RIGHT))


def can_write_letters(user, delegation: Delegation) -> bool:
    """Letters carry the members' names: the institution's own staff, not the ministry's read-only view."""
    return is_superuser(user) or (is_institution_staff(user) and user.organization_id == delegation.owner_id)


def can_manage_institution(user, institution_id) -> bool:
    """Plans, approval rules and letter templates: the institution's coordinator."""
    return can_create_for(user, institution_id)


def actions_for(user, delegation: Delegation) -> dict[str, bool]:
    """What the detail page offers this user; the views check the same predicates again on POST."""
    return {
        "edit": can_edit(user, delegation),
        "submit": can_submit(user, delegation),
        "decide": can_decide_step(user, current_step(delegation)),
        "record_decision": can_record_decision(user, delegation),
        "report": can_report(user, delegation),
        "cancel": can_cancel(user, delegation),
        "letters": can_write_letters(user, delegation),
        "identity": can_read_identity(user),
    }


def require(allowed: bool) -> None:
    """Refuse what a predicate denied; views answer 404, the API 404 too."""
    if not allowed:
        raise PermissionDenied(_("You may not do this with this delegation."))
