from django.core.management.base import BaseCommand

from medcoop.delegations.services import rotate_identity_keys
from medcoop.patients.services import rotate_keys


class Command(BaseCommand):
    help = (
        "Re-encrypt every patient identity and delegation member's passport number with the first key of "
        "MEDCOOP_PATIENT_KEYS."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{rotate_keys()} episode(s) re-encrypted with the newest key.")
        self.stdout.write(f"{rotate_identity_keys()} delegation member(s) re-encrypted with the newest key.")
