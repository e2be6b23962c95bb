"""Daily reminders to coordinators: agreements expiring in 90 and 30 days, overdue commitments, dormant
agreements. Each reminder is sent once (keyed in SentReminder), so running the command daily is safe."""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from medcoop.core.models import SentReminder, User
from medcoop.core.permissions import Role
from medcoop.organizations.models import Organization

from .models import Agreement, AgreementStatus, Commitment


@dataclass
class Digest:
    institution: Organization
    lines: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)

    def add(self, key: str, line: str) -> None:
        self.keys.append(key)
        self.lines.append(line)

    def without(self, sent: set[str]) -> "Digest":
        """The same digest less the reminders already sent."""
        kept = [(k, line) for k, line in zip(self.keys, self.lines, strict=True) if k not in sent]
        return Digest(self.institution, [line for _k, line in kept], [k for k, _line in kept])


def _expiry_threshold(expires_on: date, today: date) -> int | None:
    days_left = (expires_on - today).days
    passed = [days for days in sorted(settings.MEDCOOP_EXPIRY_WARNING_DAYS) if days_left <= days]
    return passed[0] if passed and days_left >= 0 else None


def build_digests(today: date) -> list[Digest]:
    digests = {}
    in_force = [AgreementStatus.ACTIVE, AgreementStatus.EXPIRING]
    agreements = Agreement.objects.with_status(today).select_related("owner").filter(derived_status__in=in_force)
    for agreement in agreements:
        digest = digests.setdefault(agreement.owner_id, Digest(agreement.owner))
        threshold = agreement.expires_on and _expiry_threshold(agreement.expires_on, today)
        if threshold:
            digest.add(
                f"agreement:{agreement.pk}:expires:{agreement.expires_on}:{threshold}",
                _("Agreement “%(title)s” expires on %(date)s (within %(days)s days).")
                % {"title": agreement.title, "date": agreement.expires_on.strftime("%d/%m/%Y"), "days": threshold},
            )
        if agreement.is_dormant:
            digest.add(
                f"agreement:{agreement.pk}:dormant:{today:%Y-%m}",
                _("Agreement “%(title)s” has had no activity for 12 months.") % {"title": agreement.title},
            )
    for commitment in Commitment.objects.overdue(today).select_related("agreement__owner", "party"):
        owner = commitment.agreement.owner
        digests.setdefault(owner.pk, Digest(owner)).add(
            f"commitment:{commitment.pk}:overdue:{commitment.due_on}",
            _("Commitment of %(party)s under “%(title)s” was due on %(date)s: %(what)s")
            % {
                "party": commitment.party,
                "title": commitment.agreement.title,
                "date": commitment.due_on.strftime("%d/%m/%Y"),
                "what": commitment.description,
            },
        )
    return unsent(list(digests.values()))


def unsent(candidates: list[Digest]) -> list[Digest]:
    """The digests less the reminders already sent, and without the ones left empty."""
    all_keys = [key for digest in candidates for key in digest.keys]
    sent = set(SentReminder.objects.filter(key__in=all_keys).values_list("key", flat=True))
    return [digest for digest in (d.without(sent) for d in candidates) if digest.lines]


def send_reminders(today: date | None = None) -> int:
    """Send each institution's coordinators the reminders not sent before; returns how many e-mails left."""
    return send_digests(build_digests(today or timezone.localdate()))


def send_digests(digests: list[Digest]) -> int:
    """One e-mail per institution to its coordinators, each reminder marked sent with it."""
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for digest in digests:
            recipients = list(
                User.objects.filter(organization=digest.institution, role=Role.COORDINATOR, is_active=True)
                .exclude(email="")
                .values_list("email", flat=True)
            )
            if not recipients:
                continue
            with transaction.atomic():
                SentReminder.objects.bulk_create([SentReminder(key=k) for k in digest.keys])
                send_mail(
                    _("MedCoop reminders for %(institution)s") % {"institution": digest.institution},
                    "\n".join(f"- {line}" for line in digest.lines),
                    None,
                    recipients,
                )
            sent += 1
    return sent
