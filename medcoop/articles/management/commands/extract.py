"""`medcoop extract FILE`: one ArticleExtraction JSON object on stdout, nothing else; problems on stderr."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from medcoop.articles.command_line import extract_file
from medcoop.articles.reading import ReadError


class Command(BaseCommand):
    help = "Print the cooperation records an article reports, as one ArticleExtraction JSON object."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--with-text", action="store_true", help="include the cleaned text the spans refer to")

    def handle(self, *args, file: Path, with_text: bool, **options):
        try:
            line = extract_file(file, with_text)
        except (OSError, ReadError) as error:
            raise CommandError(f"{file}: {error}") from error
        sys.stdout.write(line)
