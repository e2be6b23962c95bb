"""`medcoop worker`: runs queued background work (imports, reports) and queues the reminders every hour.
Run one or more beside the app processes when MEDCOOP_TASKS=database."""

import time
from datetime import timedelta

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from medcoop.jobs import services
from medcoop.jobs.models import Job, JobKind

REMINDER_EVERY = timedelta(hours=1)


class Command(BaseCommand):
    help = _("Run queued background work, and queue the reminders every hour.")

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help=_("Run what is queued now, then stop."))
        parser.add_argument("--interval", type=float, default=1.0, help=_("Seconds between looks at the queue."))

    def handle(self, *args, once=False, interval=1.0, **options):
        while True:
            queue_reminders_if_due()
            call_command("db_worker", batch=True, interval=0, startup_delay=False, verbosity=0)
            if once:
                return
            time.sleep(interval)


def queue_reminders_if_due() -> Job | None:
    """One reminders job an hour, however many workers run: the newest one says when the last was queued."""
    last = Job.objects.filter(kind=JobKind.REMINDERS).order_by("-created_at").first()
    if last and timezone.now() - last.created_at < REMINDER_EVERY:
        return None
    return services.start(None, JobKind.REMINDERS, _("Reminders"))
