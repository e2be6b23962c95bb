"""`medcoop import_articles PATH... --as USER`: read many articles (files or folders), keep each with its
proposal for review. A file that cannot be read is reported and the next one is still imported."""

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from medcoop.articles.models import ArticleSource
from medcoop.articles.reading import ReadError, read_bytes
from medcoop.articles.services import matcher_for, store_article
from medcoop.audit.recording import acting_as
from medcoop.core.models import User

SUFFIXES = {".txt", ".html", ".htm", ".docx"}


def article_files(paths: list[Path]) -> list[Path]:
    files = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
        else:
            files.append(path)
    return files


class Command(BaseCommand):
    help = "Import news articles for review: files (.txt, .html, .docx) or folders of them."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument(
            "--as",
            dest="username",
            required=True,
            help="the coordinator whose institution the articles are read in for",
        )

    def handle(self, *args, paths, username, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        files = article_files(paths)
        matcher = matcher_for(user.organization) if user.organization else None
        counts = {"new": 0, "known": 0, "failed": 0}
        with acting_as(user):
            for number, path in enumerate(files, 1):
                outcome = self.import_one(user, path, matcher)
                counts[outcome.split(":")[0]] += 1
                self.stderr.write(f"[{number}/{len(files)}] {self.bar(number, len(files))} {path.name}: {outcome}")
        self.stdout.write(f"{counts['new']} new, {counts['known']} already imported, {counts['failed']} failed")
        if counts["failed"] and not counts["new"] and not counts["known"]:
            raise CommandError("No article could be imported.")

    def import_one(self, user, path: Path, matcher) -> str:
        try:
            read = read_bytes(path.read_bytes(), path.name)
            _article, created = store_article(
                user, read, source=ArticleSource.FILE, source_name=path.name, matcher=matcher
            )
        except (OSError, ReadError, PermissionDenied) as error:
            return f"failed: {error or 'permission denied'}"
        return "new" if created else "known"

    @staticmethod
    def bar(done: int, total: int, width: int = 20) -> str:
        filled = round(width * done / total) if total else width
        return "[" + "#" * filled + "." * (width - filled) + "]"
