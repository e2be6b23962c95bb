"""`medcoop import_sheet FILE --type activities --as USER`: all rows or none, with a progress bar."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from medcoop.audit.recording import acting_as
from medcoop.core.models import User
from medcoop.core.values import LOCALES
from medcoop.sheets.importer import RowErrors, import_sheet
from medcoop.sheets.kinds import sheet_kinds
from medcoop.sheets.workbook import SheetError, read_sheet


class Command(BaseCommand):
    help = "Import organizations, agreements, activities or patient episodes from an XLSX or CSV sheet."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        # Not argparse choices: the kinds are built from vocabularies in the database, which `--help` must not
        # need (it answers before `migrate`).
        parser.add_argument(
            "--type", dest="slug", required=True, help="organizations, agreements, activities, episodes"
        )
        parser.add_argument("--as", dest="username", required=True)
        parser.add_argument(
            "--locale",
            choices=LOCALES,
            help="How the sheet groups numbers: vi (1.500 = 1500, 13,5) or en (1,500 = 1500, 13.5). Without it, "
            "a number only the locale can settle is reported as an error.",
        )

    def handle(self, *args, file, slug, username, locale=None, **options):
        if slug not in sheet_kinds():
            raise CommandError(f"--type must be one of: {', '.join(sheet_kinds())}.")
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        try:
            sheet = read_sheet(file.read_bytes(), file.name)
            with acting_as(user):
                plan = import_sheet(user, slug, sheet, locale, progress=self.progress)
        except RowErrors as error:
            for number, header, message in error.errors[:50]:
                self.stderr.write(f"row {number}, {header or '-'}: {message}")
            raise CommandError(f"{len(error.errors)} error(s); nothing was imported.") from error
        except (OSError, SheetError) as error:
            raise CommandError(f"{file}: {error}") from error
        for number, duplicates in plan.duplicates[:50]:
            self.stderr.write(
                f"row {number} may repeat: {'; '.join(f'{d.record} (#{d.record.pk})' for d in duplicates)}"
            )
        self.stderr.write("")
        self.stdout.write(f"{plan.creates} created, {plan.updates} updated")

    def progress(self, done: int, total: int) -> None:
        filled = round(30 * done / total) if total else 30
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{total}")
