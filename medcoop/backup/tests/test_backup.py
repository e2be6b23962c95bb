"""`medcoop backup` and `medcoop restore`: a backup of the demo with a patient, a DICOM attachment and an agreement
document is restored by the installed command into an empty database (of the suite's engine) and storage, where every record and file
is found again; a damaged backup or a database in use is refused and left as it was."""

import contextlib
import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils.dateparse import parse_datetime

from medcoop.backup.archive import EXCLUDED_APPS, EXCLUDED_MODELS, BackupError, restore
from medcoop.consultations import services as consultations
from medcoop.consultations.models import ConsultationCase
from medcoop.consultations.tests.conftest import make_dicom
from medcoop.core.models import User
from medcoop.devtools.demo import load_demo
from medcoop.devtools.scratch import database_like_the_suites
from medcoop.organizations.models import Organization
from medcoop.patients.models import PatientEpisode
from medcoop.patients.services import save_episode

MEDCOOP = str(Path(sys.executable).parent / "medcoop")
PATIENT_NAME = "Nguyễn Thị Hoà Bình"


@pytest.fixture
def archive(db, tmp_path, settings):
    """The demo plus a patient with an identity and a DICOM file, backed up by the command."""
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo()
    case = ConsultationCase.objects.get(question__startswith="U phổi phải giai đoạn IIA")  # the answered one
    consultations.add_attachment(case.requested_by, case, SimpleUploadedFile("ct.dcm", make_dicom()))
    coordinator = User.objects.get(username="dieuphoi")
    save_episode(
        coordinator,
        PatientEpisode(owner=coordinator.organization, nationality="LA"),
        identity={"name": PATIENT_NAME, "identity_number": "LA-998877"},
    )
    path = tmp_path / "medcoop.tar.gz"
    call_command("backup", str(path), stdout=io.StringIO())
    return path


@pytest.fixture
def target(tmp_path):
    """Makes an empty database (of the suite's engine) and file storage for a restore: name → environment."""
    with contextlib.ExitStack() as stack:

        def make(name: str) -> dict:
            url = stack.enter_context(database_like_the_suites(tmp_path, f"medcoop_{name}"))
            return {
                **os.environ,
                "DATABASE_URL": url,
                "MEDIA_ROOT": str(tmp_path / f"{name}-media"),
                "DJANGO_SETTINGS_MODULE": "medcoop.settings",
            }

        yield make


def medcoop(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([MEDCOOP, *args], env=env, capture_output=True, text=True, timeout=300)


def records(jsonl: str) -> dict:
    """Every serialised record by (model, primary key), moments read as moments (one database writes
    "08Z", another "08.000Z" for the same second)."""
    rows = (json.loads(line) for line in jsonl.splitlines() if line.strip())
    return {
        (row["model"], str(row["pk"])): {name: _moment(value) for name, value in row["fields"].items()} for row in rows
    }


def _moment(value):
    if isinstance(value, str) and len(value) >= 20 and value[10:11] == "T" and value.endswith("Z"):
        return parse_datetime(value) or value
    return value


def dump_arguments() -> list[str]:
    return [
        "dumpdata",
        "--format",
        "jsonl",
        "--natural-foreign",
        "--all",
        *[f"--exclude={label}" for label in sorted(EXCLUDED_APPS | EXCLUDED_MODELS)],
    ]


def test_a_restore_into_an_empty_database_finds_every_record_and_file(archive, target, tmp_path, settings):
    env = target("restored")
    restored = medcoop(env, "restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    assert "restored" in restored.stdout

    out = io.StringIO()
    call_command(*dump_arguments(), stdout=out)
    original = records(out.getvalue())
    again = records(medcoop(env, *dump_arguments()).stdout)
    assert again == original  # every record, field for field
    assert {model for model, _ in original} >= {
        "core.user",
        "organizations.organization",
        "agreements.agreement",
        "activities.activity",
        "consultations.consultationcase",
        "consultations.attachment",
        "privacy.consent",
        "privacy.transfer",
        "patients.patientepisode",
        "core.auditevent",
    }

    names = [
        name
        for (model, _), fields in original.items()
        if model == "consultations.attachment"
        for name in (fields["original"], fields["shared"])
    ]
    assert len(names) == 2
    for name in names:
        assert (tmp_path / "restored-media" / name).read_bytes() == (Path(settings.MEDIA_ROOT) / name).read_bytes()

    identity = medcoop(
        env,
        "shell",
        "-v0",
        "-c",
        "from medcoop.patients.models import PatientEpisode as P; print(P.objects.exclude(name_token='').get().decrypted_identity()['name'])",
    )
    assert identity.stdout.strip() == PATIENT_NAME  # the encrypted identity came back whole

    # the dashboard's counters, left out of the backup, are counted again: the same as the original's
    from medcoop.dashboard import counters

    shown = "from medcoop.dashboard import counters; print(sorted((k, str(v)) for k, v in counters.snapshot().items()))"
    recounted = medcoop(env, "shell", "-v0", "-c", shown)
    assert recounted.stdout.strip() == str(sorted((k, str(v)) for k, v in counters.snapshot().items()))
    assert "'kind'" in recounted.stdout


def test_the_backup_keeps_patient_identities_encrypted(archive):
    with tarfile.open(archive) as opened:
        dump = opened.extractfile("database.jsonl").read().decode("utf-8")
        manifest = json.load(opened.extractfile("manifest.json"))
    assert "LA-998877" not in dump and "Hoà Bình" not in dump and "Hòa Bình" not in dump
    assert PatientEpisode.objects.exclude(name_token="").get().name_token in dump  # the demo's have no identity
    assert manifest["counts"]["patients.patientepisode"] == PatientEpisode.objects.count()
    assert oct(os.stat(archive).st_mode & 0o777) == "0o600"


def test_a_database_in_use_is_not_overwritten(archive, target):
    env = target("busy")
    assert medcoop(env, "restore", str(archive)).returncode == 0
    added = medcoop(
        env,
        "shell",
        "-v0",
        "-c",
        "from medcoop.organizations.models import Organization as O; "
        "O.objects.filter(code='BVK').update(name='Đổi tên sau khôi phục')",
    )
    assert added.returncode == 0, added.stderr
    second = medcoop(env, "restore", str(archive))
    assert second.returncode != 0 and "empty database" in second.stderr
    name = medcoop(
        env,
        "shell",
        "-v0",
        "-c",
        "from medcoop.organizations.models import Organization as O; print(O.objects.get(code='BVK').name)",
    )
    assert name.stdout.strip() == "Đổi tên sau khôi phục"


def test_a_damaged_backup_is_refused_and_changes_nothing(archive, target, tmp_path):
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as copy:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.startswith("media/") and member.name.endswith(".dcm"):
                data = data[:-1] + bytes([data[-1] ^ 0xFF])  # one bit-flipped byte in a stored file
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
    env = target("fresh")
    refused = medcoop(env, "restore", str(damaged))
    assert refused.returncode != 0 and "damaged" in refused.stderr
    users = medcoop(
        env,
        "shell",
        "-v0",
        "-c",
        "from django.db import connection; from medcoop.core.models import User; "
        "print(User.objects.count() if 'core_user' in "
        "connection.introspection.table_names() else 0)",
    )
    assert users.stdout.strip() == "0"
    assert not (tmp_path / "fresh-media").exists()
    assert Organization.objects.filter(code="BVK").exists()


def test_an_edited_row_or_a_truncated_archive_is_refused_in_one_line(archive, target, tmp_path):
    edited = tmp_path / "edited.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(edited, "w:gz") as copy:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "database.jsonl":
                data = data.replace("Bệnh viện K".encode(), "Bệnh viện X".encode(), 1)
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
    env = target("fresh")
    refused = medcoop(env, "restore", str(edited))
    assert refused.returncode != 0 and "database.jsonl" in refused.stderr and "edited" in refused.stderr
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    refused = medcoop(env, "restore", str(truncated))
    assert refused.returncode != 0 and "truncated" in refused.stderr and "Traceback" not in refused.stderr


def _archive_of(path: Path, members: list[tuple[str, bytes | None]]) -> Path:
    with tarfile.open(path, "w:gz") as archive:
        for name, data in members:
            info = tarfile.TarInfo(name)
            if data is None:
                info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
                archive.addfile(info)
            else:
                info.size = len(data)
                archive.addfile(info, io.BytesIO(data))
    return path


def test_an_archive_that_expands_past_the_restore_cap_is_refused_from_its_headers(tmp_path, settings, db):
    settings.MEDCOOP_MAX_RESTORE_BYTES = 4 * 1024 * 1024
    bomb = _archive_of(
        tmp_path / "bomb.tar.gz",
        [("manifest.json", b"{}"), ("database.jsonl", b""), ("media/zeros", bytes(8 * 1024 * 1024))],
    )
    assert bomb.stat().st_size < 64 * 1024  # 8 MB of zeros packed small
    with pytest.raises(BackupError, match="MEDCOOP_MAX_RESTORE_BYTES"):
        restore(bomb)


def test_an_archive_with_a_link_or_a_stray_name_is_refused(tmp_path, db):
    for name, data in (("media/link", None), ("../../etc/cron.d/x", b"x")):
        archive = _archive_of(tmp_path / "odd.tar.gz", [("manifest.json", b"{}"), (name, data)])
        with pytest.raises(BackupError, match="no backup holds"):
            restore(archive)
