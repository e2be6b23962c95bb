from django.core.management.base import BaseCommand, CommandError

from medcoop.backup.archive import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup made by `medcoop backup` into an empty database and file storage."

    def add_arguments(self, parser):
        parser.add_argument("archive")

    def handle(self, *args, archive, **options):
        try:
            manifest = restore(archive)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            f"{archive}: {rows} rows and {len(manifest['files'])} files restored (backup of {manifest['created_at']})"
        )
