"""Backup and restore of a whole MedCoop: the database as JSON lines (Django's dumpdata) and every file a
record points to, in one tar archive with a manifest of row counts and file checksums, so that a restore proves
it found every record and file again or changes nothing.

Patient identities stay encrypted in the archive (their Fernet tokens are copied, never decrypted): restoring
them readable needs the same MEDCOOP_PATIENT_KEYS. The archive is still personal data: keep it on encrypted
storage; it is written readable by its owner only."""

import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "medcoop-backup/1"
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
DATABASE, MANIFEST, MEDIA = "database.jsonl", "manifest.json", "media/"
# Rebuilt by migrate (content types, permissions) or short-lived (sessions, login-attempt counters).
EXCLUDED_APPS = {"contenttypes", "sessions", "axes"}
# The dashboard's counters are derived: the triggers count the records again as they are loaded, and a copy of
# the old rows would clash with what they count. They are recounted after the load.
EXCLUDED_MODELS = {"auth.permission", "dashboard.counter"}


class BackupError(Exception):
    """A backup that cannot be restored, or a database a backup cannot go into: nothing was changed."""


def backed_up_models() -> list[type[models.Model]]:
    return [
        m
        for m in apps.get_models()
        if m._meta.app_label not in EXCLUDED_APPS
        and m._meta.label_lower not in EXCLUDED_MODELS
        and m._meta.managed
        and not m._meta.proxy
    ]


def row_counts() -> dict[str, int]:
    return {m._meta.label_lower: m._base_manager.count() for m in backed_up_models()}


def stored_file_names() -> list[str]:
    """Every file a record points to, through the file fields of every model."""
    names = set()
    for model in backed_up_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                names.update(model._base_manager.exclude(**{field.name: ""}).values_list(field.name, flat=True))
    return sorted(names)


def applied_migrations() -> list[list[str]]:
    return sorted([app, name] for app, name in MigrationRecorder(connection).applied_migrations())


def _repeatable_read(outermost: bool) -> None:
    """On PostgreSQL, one snapshot for the whole dump: rows added meanwhile are in neither the dump nor the
    counts. (SQLite's transaction already reads one snapshot; an enclosing transaction keeps its own level.)"""
    if outermost and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")


def backup(path: Path) -> dict:
    """Write the archive at `path`; returns its manifest."""
    path = Path(path)
    with tempfile.TemporaryDirectory() as scratch:
        dump = Path(scratch) / DATABASE
        outermost = not connection.in_atomic_block
        with transaction.atomic():
            _repeatable_read(outermost)
            call_command(
                "dumpdata",
                format="jsonl",
                natural_foreign=True,
                use_base_manager=True,
                exclude=sorted(EXCLUDED_APPS | EXCLUDED_MODELS),
                output=str(dump),
                verbosity=0,
            )
            counts, names, migrations = row_counts(), stored_file_names(), applied_migrations()
        with dump.open("rb") as written:
            dump_digest = _sha256(written)
        with tarfile.open(path, "w:gz") as archive:
            archive.add(dump, DATABASE)
            files = {}
            for name in names:
                with default_storage.open(name, "rb") as stored:
                    data = stored.read()
                files[name] = hashlib.sha256(data).hexdigest()
                _add(archive, MEDIA + name, data)
            manifest = {
                "format": FORMAT,
                "created_at": timezone.now().isoformat(),
                "database": connection.vendor,
                "counts": counts,
                "database_sha256": dump_digest,  # an edited row is refused, like an edited file
                "files": files,
                "migrations": migrations,
            }
            _add(archive, MANIFEST, json.dumps(manifest, indent=1).encode("utf-8"))
    os.chmod(path, 0o600)
    return manifest


def _add(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(data), 0o600, int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def restore(path: Path) -> dict:
    """Bring a backup into an empty database (migrated here if need be) and its files into the storage.

    Everything is checked before anything is written: the manifest, that this code knows every migration the
    backup was made with, each file's checksum, and that the database holds no user yet. The rows are loaded in
    one transaction and counted against the manifest; a difference rolls them all back."""
    try:
        archive = tarfile.open(path, "r:*")
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"{path} is not a MedCoop backup: {error}") from error
    try:
        with archive:
            return _restore_from(archive)
    except (EOFError, zlib.error, tarfile.TarError, OSError) as error:  # cut short or corrupted on the way
        raise BackupError(f"{path} is damaged or truncated and cannot be read ({type(error).__name__}).") from error


def _restore_from(archive: tarfile.TarFile) -> dict:
    _check_members(archive)
    manifest = _manifest(archive)
    files = manifest["files"]
    _verify_files(archive, files)
    if _sha256(archive.extractfile(DATABASE)) != manifest.get("database_sha256"):
        raise BackupError(f"The database dump {DATABASE} is damaged or was edited (its checksum differs).")
    call_command("migrate", interactive=False, verbosity=0)
    _require_known_migrations(manifest)
    user_model = apps.get_model("core", "User")
    if user_model._base_manager.exists():
        raise BackupError("The database already holds users: a backup is restored into an empty database.")
    clashes = [name for name in files if default_storage.exists(name)]
    if clashes:
        raise BackupError(f"The file storage already holds {clashes[0]}: restore into an empty storage.")
    with tempfile.TemporaryDirectory() as scratch, transaction.atomic():
        dump = Path(scratch) / DATABASE
        with dump.open("wb") as copy:
            shutil.copyfileobj(archive.extractfile(DATABASE), copy)
        call_command("loaddata", str(dump), verbosity=0)
        call_command("rebuild_counters", verbosity=0)  # by name: the dashboard is a layer above this one
        found = row_counts()
        missing = {
            label: (count, found.get(label)) for label, count in manifest["counts"].items() if found.get(label) != count
        }
        if missing:
            raise BackupError(f"Rows differ from the backup's count (expected, found): {missing}")
    for name in files:  # checked above; streamed one by one, never all held in memory
        if default_storage.save(name, File(archive.extractfile(MEDIA + name))) != name:
            raise BackupError(f"The storage renamed {name}: restore into an empty storage.")
    return manifest


def _check_members(archive: tarfile.TarFile) -> None:
    """Refuse, from the archive's headers alone, what no MedCoop backup holds: links, devices, unknown names, a
    manifest past MAX_MANIFEST_BYTES, or members adding up past MEDCOOP_MAX_RESTORE_BYTES (a small archive that
    expands to fill the disk). It stops at the first header past the cap, before expanding any more."""
    limit, total = settings.MEDCOOP_MAX_RESTORE_BYTES, 0
    for member in archive:
        if not member.isfile() or not (member.name in (MANIFEST, DATABASE) or member.name.startswith(MEDIA)):
            raise BackupError(f"Not a MedCoop backup: it holds {member.name!r}, which no backup holds.")
        if member.name == MANIFEST and member.size > MAX_MANIFEST_BYTES:
            raise BackupError(f"The manifest is {member.size} bytes; a MedCoop manifest is far smaller.")
        total += member.size
        if total > limit:
            raise BackupError(
                f"The backup expands past {limit} bytes (MEDCOOP_MAX_RESTORE_BYTES); raise it to restore this one."
            )


def _manifest(archive: tarfile.TarFile) -> dict:
    try:
        manifest = json.load(archive.extractfile(MANIFEST))
        archive.getmember(DATABASE)
    except (KeyError, ValueError, AttributeError) as error:
        raise BackupError(f"Not a MedCoop backup (no readable {MANIFEST} or {DATABASE}).") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}; this MedCoop reads {FORMAT}.")
    return manifest


def _verify_files(archive: tarfile.TarFile, files: dict[str, str]) -> None:
    """Each file of the backup read back against its checksum, in chunks; names are never taken as paths to
    write to."""
    for name, digest in files.items():
        try:
            stream = archive.extractfile(MEDIA + name)
        except KeyError:
            stream = None
        if stream is None:
            raise BackupError(f"The backup lacks the file {name}.")
        if _sha256(stream) != digest:
            raise BackupError(f"The file {name} is damaged (its checksum differs).")


def _sha256(stream) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(1 << 20), b""):
        digest.update(chunk)
    return digest.hexdigest()


def _require_known_migrations(manifest: dict) -> None:
    known = {tuple(item) for item in applied_migrations()}
    unknown = [f"{app}.{name}" for app, name in manifest["migrations"] if (app, name) not in known]
    if unknown:
        raise BackupError(
            f"The backup was made by a newer MedCoop (migrations {', '.join(unknown[:3])}): upgrade before restoring."
        )
