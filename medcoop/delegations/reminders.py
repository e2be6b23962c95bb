"""Daily reminders to coordinators about their delegations, through the agreements' digest e-mail: a file,
decision or report of results due within a few working days or already late, and missions whose experts'
permissions to practise do not cover them. Each is sent once (SentReminder), so a daily run is safe. Members
are not named: the e-mail says what to open, the page says who."""

from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from medcoop.agreements.reminders import Digest, send_digests, unsent

from .models import Delegation, Status
from .services import deadlines, permit_problems, soon_until

PERMIT_CHECK_DAYS = 30  # missions starting within this many days have their permissions checked


def build_digests(today: date) -> list[Digest]:
    digests: dict[int, Digest] = {}
    due = Delegation.objects.due_soon(today, soon_until(today)) | Delegation.objects.overdue(today)
    for delegation in due.select_related("owner").distinct():
        for deadline in deadlines(delegation, today):
            if deadline.state not in ("soon", "overdue"):
                continue
            line = (
                _("“%(title)s”: %(what)s was due on %(date)s.")
                if deadline.state == "overdue"
                else _("“%(title)s”: %(what)s is due on %(date)s.")
            )
            digests.setdefault(delegation.owner_id, Digest(delegation.owner)).add(
                f"delegation:{delegation.pk}:{deadline.label}:{deadline.due_on}:{deadline.state}",
                line % {"title": delegation.title, "what": deadline.label, "date": f"{deadline.due_on:%d/%m/%Y}"},
            )
    starting = Delegation.objects.filter(
        status__in=[Status.SUBMITTED, Status.APPROVED, Status.DECIDED],
        start_on__gte=today,
        start_on__lte=today + timedelta(days=PERMIT_CHECK_DAYS),
        members__practises=True,
    ).distinct()
    for delegation in starting.select_related("owner"):
        problems = permit_problems(delegation)
        if problems:
            digests.setdefault(delegation.owner_id, Digest(delegation.owner)).add(
                f"delegation:{delegation.pk}:permits:{len(problems)}:{delegation.end_on}",
                _(
                    "“%(title)s”: %(count)s member(s) may not practise for the whole mission (permission missing or expiring)."
                )
                % {"title": delegation.title, "count": len(problems)},
            )
    return unsent(list(digests.values()))


def send_delegation_reminders(today: date | None = None) -> int:
    return send_digests(build_digests(today or timezone.localdate()))
