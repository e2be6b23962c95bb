"""Delegations: saving a case with its members, the request → approval → decision → report flow, the
deadlines in working days, and what the report of results brings into the registry.

Every change checks `authorization` first and runs in one transaction: a refused or invalid step changes nothing.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from medcoop.audit.recording import record
from medcoop.core.models import AuditEvent, FigureMetric
from medcoop.core.services import replace_rows, require_can_save, save_validated

from . import authorization as authz
from .models import (
    AnnualPlan,
    ApprovalRule,
    ApprovalStep,
    Decision,
    Delegation,
    Kind,
    Level,
    Member,
    PlanStatus,
    Purpose,
    Rank,
    Status,
)
from .workdays import add_working_days, working_days_between


@dataclass(frozen=True)
class Rules:
    """The deadlines of one kind of case, in working days: the file before the start, the decision after the
    file, the report after the end."""

    file_days: int
    decision_days: int
    report_days: int


# Defaults from the rules on trips abroad, delegations received (20 / 7 / 15) and international conferences
# (the permission file 30 days ahead).
RULES = {
    Kind.OUTBOUND: Rules(20, 7, 15),
    Kind.INBOUND: Rules(20, 7, 15),
    Kind.CONFERENCE: Rules(30, 10, 15),
    Kind.SIGNING: Rules(20, 10, 15),
}
WARNING_WORKING_DAYS = 3  # "due soon" this many working days ahead

# The chain when an institution has configured none: department → office → director, and the governing body
# when the case needs it (outside the plan, a leader travelling, a conference or a signing); working days each.
DEFAULT_CHAIN = [
    (Level.DEPARTMENT, 3),
    (Level.INTERNATIONAL_OFFICE, 3),
    (Level.DIRECTOR, 3),
    (Level.GOVERNING_BODY, 7),
]
RANK_ORDER = [Rank.NONE, Rank.DEPARTMENT, Rank.LEADER]


# --- Deadlines -----------------------------------------------------------------------------------------------


def refresh_deadlines(delegation: Delegation) -> None:
    """Compute the three deadlines from the dates, the submission and the kind's rules."""
    rules = RULES[delegation.kind]
    delegation.file_due_on = add_working_days(delegation.start_on, -rules.file_days) if delegation.start_on else None
    delegation.decision_due_on = (
        add_working_days(delegation.submitted_on, rules.decision_days) if delegation.submitted_on else None
    )
    delegation.report_due_on = add_working_days(delegation.end_on, rules.report_days) if delegation.end_on else None


@dataclass(frozen=True)
class Deadline:
    label: str
    due_on: date | None
    done: bool
    state: str  # done, ok, soon, overdue
    working_days_left: int | None


def _deadline(label, due_on, done: bool, today: date) -> Deadline:
    if done or due_on is None:
        return Deadline(str(label), due_on, done, "done" if done else "ok", None)
    left = working_days_between(today, due_on)
    state = "overdue" if due_on < today else "soon" if left <= WARNING_WORKING_DAYS else "ok"
    return Deadline(str(label), due_on, False, state, left)


def deadlines(delegation: Delegation, today: date | None = None) -> list[Deadline]:
    """The file, the decision and the report, each with whether it is done, due soon or missed."""
    today = today or timezone.localdate()
    closed = delegation.status in (Status.REJECTED, Status.CANCELLED)
    return [
        _deadline(_l("File submitted"), delegation.file_due_on, closed or delegation.submitted_on is not None, today),
        _deadline(
            _l("Decision on the request"),
            delegation.decision_due_on,
            closed or delegation.decision_on is not None,
            today,
        ),
        _deadline(_l("Report of results"), delegation.report_due_on, closed or delegation.report_on is not None, today),
    ]


def warnings(delegation: Delegation, today: date | None = None) -> list[str]:
    """What the office must act on: deadlines due soon or missed, and experts who may not practise."""
    lines = []
    for deadline in deadlines(delegation, today):
        if deadline.state == "overdue":
            lines.append(
                _("%(what)s was due on %(date)s.") % {"what": deadline.label, "date": f"{deadline.due_on:%d/%m/%Y}"}
            )
        elif deadline.state == "soon":
            lines.append(
                _("%(what)s is due on %(date)s (%(days)s working days left).")
                % {"what": deadline.label, "date": f"{deadline.due_on:%d/%m/%Y}", "days": deadline.working_days_left}
            )
    lines += [f"{member.name}: {problem}" for member, problem in permit_problems(delegation)]
    return lines


def permit_problems(delegation: Delegation) -> list[tuple[Member, str]]:
    """Members who practise without a permission, or whose permission ends before the mission does."""
    return [
        (member, problem)
        for member in delegation.members.all()
        if (problem := member.permit_problem(delegation.end_on))
    ]


# --- Saving --------------------------------------------------------------------------------------------------


def _in_plan(delegation: Delegation) -> bool:
    item = delegation.plan_item
    return bool(item and item.plan.status == PlanStatus.APPROVED and item.plan.year == delegation.start_on.year)


@transaction.atomic
def save_delegation(user, delegation: Delegation, *, members: list[dict] | None = None) -> Delegation:
    """Create or update a case with its members (replacing them when given), all or nothing.

    A member row's `identity_number`, when typed, is encrypted; left empty it keeps the stored one.
    """
    require_can_save(user, delegation)
    if delegation.pk:
        authz.require(authz.can_edit(user, delegation))
    if delegation.start_on:
        delegation.in_plan = _in_plan(delegation)
    refresh_deadlines(delegation)
    save_validated(delegation)
    if members is not None:
        replace_rows("members", delegation.members.all(), members, lambda: Member(delegation=delegation))
    return delegation


def read_identity(user, member: Member) -> str:
    """The decrypted passport or identity number, for a user who sees the case and holds the right; audited."""
    authz.require(authz.visible(user).filter(pk=member.delegation_id).exists() and authz.can_read_identity(user))
    record(AuditEvent.Action.READ, member, label="identity")
    return member.decrypted_identity_number()


@transaction.atomic
def rotate_identity_keys() -> int:
    """Re-encrypt every member's number with the newest patient key (`medcoop rotate-patient-keys`), so the
    old key can be dropped."""
    from medcoop.patients import crypto

    count = 0
    for member in Member.objects.exclude(identity_number_token=""):
        member.identity_number_token = crypto.rotate(member.identity_number_token)
        member.save(update_fields=["identity_number_token"])
        count += 1
    return count


# --- The approval chain ---------------------------------------------------------------------------------------


def _highest_rank(delegation: Delegation) -> int:
    ranks = [RANK_ORDER.index(m.rank) for m in delegation.members.all() if m.rank in RANK_ORDER]
    return max(ranks, default=0)


def _needs_governing_body(delegation: Delegation) -> bool:
    return (
        not delegation.in_plan
        or delegation.kind in (Kind.CONFERENCE, Kind.SIGNING)
        or _highest_rank(delegation) >= RANK_ORDER.index(Rank.LEADER)
    )


def _rule_applies(rule: ApprovalRule, delegation: Delegation) -> bool:
    return (
        (not rule.kinds or delegation.kind in rule.kinds)
        and (not rule.fundings or delegation.funding in rule.fundings)
        and (not rule.outside_plan_only or not delegation.in_plan)
        and (not rule.min_rank or _highest_rank(delegation) >= RANK_ORDER.index(rule.min_rank))
    )


def chain_for(delegation: Delegation) -> list[tuple[str, str, int]]:
    """(level, label, working days) of each step this case goes through, by the institution's rules; a step
    without a label is shown by its level, in the reader's language."""
    rules = list(ApprovalRule.objects.filter(owner_id=delegation.owner_id).order_by("position", "pk"))
    if rules:
        return [(r.level, r.label, r.working_days) for r in rules if _rule_applies(r, delegation)]
    return [
        (level, "", days)
        for level, days in DEFAULT_CHAIN
        if level != Level.GOVERNING_BODY or _needs_governing_body(delegation)
    ]


@transaction.atomic
def submit(user, delegation: Delegation, today: date | None = None) -> Delegation:
    """Send the file up the chain: its steps are made from the rules, each with its working-day deadline."""
    authz.require(authz.can_submit(user, delegation))
    if delegation.kind in (Kind.OUTBOUND, Kind.INBOUND) and not delegation.members.exists():
        raise ValidationError(_("Name the delegation's members before submitting the file."))
    today = today or timezone.localdate()
    delegation.in_plan = _in_plan(delegation)
    chain = chain_for(delegation)
    if not chain:
        raise ValidationError(_("No approval step applies to this case: check the institution's approval rules."))
    due = today
    for position, (level, label, days) in enumerate(chain):
        due = add_working_days(due, days)
        ApprovalStep.objects.create(delegation=delegation, position=position, level=level, label=label, due_on=due)
    delegation.status, delegation.submitted_on = Status.SUBMITTED, today
    refresh_deadlines(delegation)
    delegation.save()
    return delegation


@transaction.atomic
def decide_step(user, delegation: Delegation, approve: bool, comment: str = "", today: date | None = None):
    """Record the current step's answer; a refusal closes the case, the last approval awaits the decision."""
    step = authz.current_step(delegation)
    authz.require(authz.can_decide_step(user, step))
    if not approve and not comment.strip():
        raise ValidationError({"comment": _("Say why the request is refused.")})
    step.decision = Decision.APPROVED if approve else Decision.REJECTED
    step.comment, step.decided_on, step.decided_by = comment.strip(), today or timezone.localdate(), user
    step.save()
    if not approve:
        delegation.status = Status.REJECTED
    elif not delegation.steps.filter(decision=Decision.PENDING).exists():
        delegation.status = Status.APPROVED
    delegation.save()
    return step


@transaction.atomic
def record_decision(user, delegation: Delegation, *, number: str, on: date, authority: str = "") -> Delegation:
    """The decision (quyết định cử đi công tác, or the permission) with its number and date."""
    authz.require(authz.can_record_decision(user, delegation))
    errors = {}
    if not number.strip():
        errors["decision_number"] = _("Enter the decision's number.")
    if on is None:
        errors["decision_on"] = _("Enter the decision's date.")
    elif delegation.submitted_on and on < delegation.submitted_on:
        errors["decision_on"] = _("The decision comes before the file was submitted.")
    if errors:
        raise ValidationError(errors)
    delegation.decision_number, delegation.decision_on = number.strip(), on
    delegation.decision_authority = authority.strip()
    delegation.status = Status.DECIDED
    delegation.save()
    return delegation


ACTIVITY_KINDS = {
    Purpose.CONFERENCE: "conference",
    Purpose.TRAINING: "training",
    Purpose.EXPERT_MISSION: "expert_exchange",
    Purpose.STUDY: "training",
    Purpose.SIGNING: "agreement",
}


@transaction.atomic
def record_report(
    user,
    delegation: Delegation,
    *,
    on: date,
    results: str,
    actual_cost: Decimal | None = None,
    create_activity: bool = True,
    figures: list[dict] | None = None,
) -> Delegation:
    """The report of results after the event; its outcome becomes an activity of the registry (with the
    people sent or received and the days, and any figures given) linked back to the case."""
    authz.require(authz.can_report(user, delegation))
    errors = {}
    if not results.strip():
        errors["results"] = _("Write the results.")
    if on is None:
        errors["report_on"] = _("Enter the report's date.")
    elif on < delegation.end_on:
        errors["report_on"] = _("The report comes after the return.")
    if errors:
        raise ValidationError(errors)
    delegation.report_on, delegation.results = on, results.strip()
    if actual_cost is not None:
        delegation.actual_cost = actual_cost
    if create_activity and delegation.activity_id is None:
        delegation.activity = _activity_from(user, delegation, figures or [])
    delegation.status = Status.REPORTED
    delegation.save()
    return delegation


def _activity_from(user, delegation: Delegation, figures: list[dict]):
    from medcoop.activities.models import Activity, ActivityStatus, Direction
    from medcoop.activities.services import save_activity

    kind = ACTIVITY_KINDS.get(delegation.purpose, "delegation_visit")
    if delegation.kind == Kind.CONFERENCE:
        kind = "conference"
    outbound = delegation.kind == Kind.OUTBOUND
    people = delegation.members.count()
    counted = [
        ("experts_sent" if outbound else "experts_received", people),
        ("duration_days", (delegation.end_on - delegation.start_on).days + 1),
    ]
    metrics = FigureMetric.objects.in_bulk([code for code, _n in counted], field_name="code")
    rows = [{"metric": metrics[code], "value": value} for code, value in counted if code in metrics and value]
    activity = Activity(
        owner=delegation.owner,
        kind_id=kind,
        title=delegation.title,
        agreement=delegation.agreement,
        start_on=delegation.start_on,
        end_on=delegation.end_on,
        status=ActivityStatus.DONE,
        direction=Direction.OUTBOUND if outbound else Direction.INBOUND,
        place=delegation.place,
        country=delegation.country,
        description=delegation.results,
    )
    partners = [{"organization": delegation.partner, "role": "host" if outbound else "participant"}]
    return save_activity(user, activity, partners=partners if delegation.partner else [], figures=rows + figures)


@transaction.atomic
def cancel(user, delegation: Delegation, reason: str = "") -> Delegation:
    authz.require(authz.can_cancel(user, delegation))
    delegation.status = Status.CANCELLED
    if reason.strip():
        delegation.description = f"{delegation.description}\n{_('Cancelled')}: {reason.strip()}".strip()
    delegation.save()
    return delegation


# --- The annual plan -----------------------------------------------------------------------------------------


@transaction.atomic
def save_plan(user, plan: AnnualPlan, items: list[dict]) -> AnnualPlan:
    """A plan with its items, replaced as a whole; an approved plan is changed only by a new approval."""
    from .models import PlanItem

    require_can_save(user, plan)
    if plan.pk and AnnualPlan.objects.get(pk=plan.pk).is_approved:
        raise ValidationError(_("The plan is approved: it can no longer be changed."))
    save_validated(plan)
    replace_rows("plan_items", plan.items.all(), items, lambda: PlanItem(plan=plan))
    return plan


MAX_WORKING_DAYS = 60


@transaction.atomic
def save_approval_chain(user, institution_id: int, rules: list[dict]) -> list[ApprovalRule]:
    """The institution's approval chain replaced as a whole by its coordinator: the steps cases submitted from
    now on go through (a case already submitted keeps the steps it was given). An empty chain means the
    default one."""
    authz.require(authz.can_manage_institution(user, institution_id))
    for index, rule in enumerate(rules):
        if not 0 < rule.get("working_days", 0) <= MAX_WORKING_DAYS:
            raise ValidationError(
                {
                    f"rules[{index}].working_days": _("Give between 1 and %(max)s working days.")
                    % {"max": MAX_WORKING_DAYS}
                }
            )
    existing = ApprovalRule.objects.filter(owner_id=institution_id)
    replace_rows("rules", existing, rules, lambda: ApprovalRule(owner_id=institution_id))
    return list(existing.order_by("position", "pk"))


@transaction.atomic
def approve_plan(user, plan: AnnualPlan, *, on: date, by: str, number: str = "") -> AnnualPlan:
    """The plan approved as a whole; the cases of its items count as in plan from now on."""
    authz.require(authz.can_manage_institution(user, plan.owner_id))
    if plan.is_approved:
        raise ValidationError(_("The plan is already approved."))
    if not plan.items.exists():
        raise ValidationError(_("An empty plan cannot be approved."))
    plan.status, plan.approved_on, plan.approved_by, plan.decision_number = PlanStatus.APPROVED, on, by, number
    plan.save()
    for delegation in Delegation.objects.filter(plan_item__plan=plan, status=Status.DRAFT):
        delegation.in_plan = _in_plan(delegation)
        delegation.save(update_fields=["in_plan", "updated_at"])
    return plan


def overdue(user, today: date | None = None):
    """The cases whose file, decision or report is late, visible to the user."""
    today = today or timezone.localdate()
    return authz.visible(user).overdue(today).select_related("owner").order_by("report_due_on", "start_on")


def soon_until(today: date) -> date:
    """The last day a deadline counts as "due soon" rather than far off."""
    return add_working_days(today, WARNING_WORKING_DAYS)


def due_soon(user, today: date | None = None):
    today = today or timezone.localdate()
    return authz.visible(user).due_soon(today, soon_until(today))
