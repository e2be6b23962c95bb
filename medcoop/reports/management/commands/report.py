"""`medcoop report --year YYYY [--institution CODE] --format docx|xlsx --output FILE`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from medcoop.dashboard.services import Scope
from medcoop.organizations.models import Organization
from medcoop.reports.documents import render
from medcoop.reports.services import build_report


class Command(BaseCommand):
    help = "Write the annual international cooperation report of one institution, or of all of them."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--institution", help="code of the member institution; all institutions if left out")
        parser.add_argument("--format", choices=["docx", "xlsx"], default="docx")
        parser.add_argument("--language", choices=["vi", "en"], default="vi")
        parser.add_argument("--output", type=Path, required=True)

    def handle(self, *args, year, institution, format, language, output, **options):
        member = None
        if institution:
            member = Organization.objects.filter(code=institution, is_member=True).first()
            if member is None:
                raise CommandError(f"No member institution with the code {institution!r}.")
        content, _content_type = render(build_report(Scope(None, member), year), format, language)
        output.write_bytes(content)
        self.stdout.write(f"{output} ({len(content)} bytes)")
