import io
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from medcoop.accounts.services import demo_authenticator, needs_two_factor, new_recovery_codes
from medcoop.devtools.demo import load_demo
from medcoop.devtools.demo_data import DEMO_PASSWORD


class Command(BaseCommand):
    help = _("Create the database, load the demo registry and one user per role, then start the server.")

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help=_("Load the demo and stop."))
        parser.add_argument("address", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, no_serve=False, address="127.0.0.1:8000", **options):
        call_command("migrate", interactive=False, verbosity=0)
        users = load_demo()
        self.stdout.write(_("Demo users (password: %(password)s):") % {"password": DEMO_PASSWORD})
        for user in users:
            where = user.organization.name if user.organization else "—"
            self.stdout.write(f"  {user.username:<14} {user.get_full_name():<18} {user.get_role_display():<22} {where}")
        self.stdout.write(
            _(
                "Two-factor for coordinators, partners and the administrator: add the key to an "
                "authenticator app, or use a recovery code once."
            )
        )
        for user in users:
            if needs_two_factor(user):
                key, codes = demo_authenticator(user), new_recovery_codes(user)[:2]
                self.stdout.write(f"  {user.username:<14} {key}  {' '.join(codes)}")
        if settings.EMAIL_BACKEND.endswith("filebased.EmailBackend"):
            self.stdout.write(
                _("E-mails are written to %(folder)s, one file each.") % {"folder": settings.EMAIL_FILE_PATH}
            )
        if not no_serve:
            self.stdout.write(_("Open http://%(address)s/ and log in as one of them.") % {"address": address})
            # Nothing else is printed: no static-files warning (the folder exists), no runserver banner (its
            # errors, a port in use for one, still go to stderr).
            Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
            call_command("runserver", address, use_reloader=False, stdout=io.StringIO())
