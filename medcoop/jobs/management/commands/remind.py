from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from medcoop.core.dates import PartialDate
from medcoop.jobs.reminders import send_all


class Command(BaseCommand):
    help = _(
        "E-mail coordinators about expiring agreements, overdue commitments and dormant agreements, and "
        "experts and participants about consultations due tomorrow and sessions within 24 hours, and "
        "about delegations whose file, decision or report of results is due soon or late."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help=_("Pretend today is this date (dd/mm/yyyy), for a catch-up run."))

    def handle(self, *args, today=None, **options):
        day = PartialDate.parse(today).value if today else None
        count = send_all(day)
        self.stdout.write(_("%(count)s reminder e-mail(s) sent.") % {"count": count})
