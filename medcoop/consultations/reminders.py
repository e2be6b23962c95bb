"""Consultation reminders, sent once each (keyed in SentReminder): to invited experts the day before a case's
answer is due, and to every participant in the 24 hours before a session."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from medcoop.core.models import SentReminder

from . import notifications
from .models import CaseStatus, ConsultationCase, Session


def _once(key: str, send) -> int:
    with transaction.atomic():
        _reminder, created = SentReminder.objects.get_or_create(key=key)
        if created:
            send()
    return int(created)


def send_consultation_reminders(now: datetime | None = None) -> int:
    now = now or timezone.now()
    tomorrow = timezone.localtime(now).date() + timedelta(days=1)
    sent = 0
    for case in ConsultationCase.objects.filter(
        due_on=tomorrow, status__in=[CaseStatus.SUBMITTED, CaseStatus.ACCEPTED]
    ):
        sent += _once(
            f"case-due:{case.pk}:{case.due_on.isoformat()}", lambda case=case: notifications.due_reminder(case)
        )
    for session in Session.objects.filter(
        cancelled_at__isnull=True, starts_at__gt=now, starts_at__lte=now + timedelta(hours=24)
    ):
        sent += _once(
            f"session:{session.pk}:{session.starts_at.isoformat()}",
            lambda session=session: notifications.session_invitation(session, reminder=True),
        )
    return sent
