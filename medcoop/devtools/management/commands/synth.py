from django.core.management.base import BaseCommand

from medcoop.devtools.synth import synthesize


class Command(BaseCommand):
    help = "Fill the database with synthetic cooperation data: N activities across 500 institutions."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, required=True, help="number of activities")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, scale, seed, **options):
        counts = synthesize(scale, seed)
        self.stdout.write(", ".join(f"{value} {name}" for name, value in counts.items()))
