from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = _("Apply pending migrations and start the web server.")

    def add_arguments(self, parser):
        parser.add_argument("address", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, address="127.0.0.1:8000", **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("runserver", address, use_reloader=False)
