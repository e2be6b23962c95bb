from django.core.management.base import BaseCommand

from medcoop.patients.services import rotate_keys


class Command(BaseCommand):
    help = "Re-encrypt every patient identity with the first key of MEDCOOP_PATIENT_KEYS."

    def handle(self, *args, **options):
        self.stdout.write(f"{rotate_keys()} episode(s) re-encrypted with the newest key.")
