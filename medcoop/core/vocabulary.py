"""The controlled vocabularies shipped in `core/data/`: the one source of truth, brought to every database by data
migrations. Each edit of a file comes with a migration that runs `sync_vocabularies` and records the files'
`digest()` (a test fails until it does), so an existing database receives the added and changed terms."""

import csv
import hashlib
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


def read_rows(name: str) -> list[dict]:
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def load_vocabularies(apps=None) -> None:
    """Create or update every term from the CSV files; safe to run again after a file changes."""
    from django.apps import apps as global_apps

    apps = apps or global_apps
    tables = {
        "ActivityKind": ("activity_kinds.csv", ["label_vi", "label_en", "definition"]),
        "Specialty": ("specialties.csv", ["label_vi", "label_en"]),
        "FigureMetric": ("figure_metrics.csv", ["label_vi", "label_en", "unit", "meaning"]),
    }
    for model_name, (filename, columns) in tables.items():
        model = apps.get_model("core", model_name)
        for position, row in enumerate(read_rows(filename)):
            defaults = {column: row[column] for column in columns}
            model.objects.update_or_create(code=row["code"], defaults={**defaults, "position": position})


def digest() -> str:
    """The vocabulary files' SHA-256, which the latest vocabulary migration records as VOCABULARY_DIGEST."""
    sha = hashlib.sha256()
    for path in sorted(DATA_DIR.glob("*.csv")):
        sha.update(path.name.encode() + b"\0" + path.read_bytes())
    return sha.hexdigest()


def sync_vocabularies(apps, schema_editor) -> None:
    """A data migration's operation: add the new terms and update the changed ones (none is deleted: records
    point at them)."""
    load_vocabularies(apps)
