"""`medcoop extract FILE`: one ArticleExtraction JSON object on stdout, nothing else; problems on stderr."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from medcoop.articles.extraction import extract
from medcoop.articles.reading import ReadError, read_bytes


class Command(BaseCommand):
    help = "Print the cooperation records an article reports, as one ArticleExtraction JSON object."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--with-text", action="store_true", help="include the cleaned text the spans refer to")

    def handle(self, *args, file: Path, with_text: bool, **options):
        try:
            read = read_bytes(file.read_bytes(), file.name)
        except (OSError, ReadError) as error:
            raise CommandError(f"{file}: {error}") from error
        extraction = extract(read.text)
        if not with_text:
            extraction.pop("text")
        sys.stdout.write(json.dumps(extraction, ensure_ascii=False) + "\n")
