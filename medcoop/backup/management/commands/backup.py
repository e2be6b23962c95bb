from django.core.management.base import BaseCommand

from medcoop.backup.archive import backup


class Command(BaseCommand):
    help = "Write the database and every stored file into one archive (tar.gz) with a manifest of counts and checksums."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="where to write the backup, e.g. medcoop-2026-12-01.tar.gz")

    def handle(self, *args, archive, **options):
        manifest = backup(archive)
        rows = sum(manifest["counts"].values())
        self.stdout.write(f"{archive}: {rows} rows, {len(manifest['files'])} files")
