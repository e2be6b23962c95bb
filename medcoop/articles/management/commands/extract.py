"""`medcoop extract FILE`: one ArticleExtraction JSON object on stdout, nothing else; problems on stderr."""

import argparse
import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from medcoop.articles.extraction import extract
from medcoop.articles.reading import ReadError, read_bytes


def extract_file(file: Path, with_text: bool = False) -> str:
    """The JSON line `medcoop extract` prints for one article file."""
    read = read_bytes(file.read_bytes(), file.name)
    extraction = extract(read.text)
    if not with_text:
        extraction.pop("text")
    return json.dumps(extraction, ensure_ascii=False) + "\n"


def quick(words: list[str]) -> bool:
    """`medcoop extract FILE` without starting Django's apps (most of its 1.5 s budget): True when it printed
    the extraction; on any problem False, and the full command runs to report it the usual way."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("file", type=Path)
    parser.add_argument("--with-text", action="store_true")
    try:
        args, rest = parser.parse_known_args(words)
        if rest:
            return False
        line = extract_file(args.file, args.with_text)
    except Exception:  # noqa: BLE001 - the full command reports it
        return False
    sys.stdout.write(line)
    return True


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
