"""`medcoop rebuild_counters`: count the dashboard's counters afresh from the records, and put back any trigger
that keeps them. For a database restored or loaded by hand, or to check them: `--check` only compares."""

from django.core.management.base import BaseCommand, CommandError

from medcoop.dashboard import counters


class Command(BaseCommand):
    help = "Count the dashboard's counters afresh (and restore their triggers)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Only report whether they match a fresh count.")

    def handle(self, *args, check=False, **options):
        if check:
            wrong = counters.differences()
            if wrong:
                raise CommandError(f"{wrong} counters differ from a fresh count; run rebuild_counters.")
            self.stdout.write("The counters match a fresh count.")
            return
        counters.install()
        counters.rebuild()
        self.stdout.write("Counters rebuilt.")
