"""An import killed half-way (SIGKILL, as the OOM killer or a pulled plug would) leaves the database exactly as
it was: the installed command runs on a database of its own (SQLite or PostgreSQL, as the suite), is killed once its progress bar shows rows
written, and the database is then read by a new process."""

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from medcoop.devtools.scratch import database_like_the_suites

from .test_import import ACTIVITY_HEADERS, workbook

MEDCOOP = str(Path(sys.executable).parent / "medcoop")
ROWS = 20_000
SETUP = """
from medcoop.conftest import make_member, make_partner, make_user
member = make_member("BVX", "Bệnh viện X")
make_partner(member, "Viện Gustave Roussy", "FR", aliases=["Gustave Roussy"])
make_user("dieuphoi_x", "coordinator", member)
"""
COUNTS = """
from medcoop.activities.models import Activity, Figure
from medcoop.organizations.models import Organization
from medcoop.core.models import AuditEvent
print(Activity.objects.count(), Figure.objects.count(), Organization.objects.count(), AuditEvent.objects.count())
"""


def medcoop(env, *args):
    return subprocess.run([MEDCOOP, *args], env=env, capture_output=True, text=True, timeout=600, check=True)


def read_until_half_way(process) -> tuple[int, int]:
    """Read the progress bar ("[###...] 2000/20000") until some rows, not all, are written."""
    seen, deadline = b"", time.monotonic() + 300
    while time.monotonic() < deadline:
        chunk = os.read(process.stderr.fileno(), 256)
        if not chunk:
            break
        seen += chunk
        found = re.findall(rb"\] (\d+)/(\d+)", seen)
        if found and 0 < int(found[-1][0]) < int(found[-1][1]):
            return int(found[-1][0]), int(found[-1][1])
    raise AssertionError(f"no progress before the end: {seen[-500:]!r}")


def test_an_import_killed_half_way_leaves_the_database_unchanged(tmp_path):
    sheet = tmp_path / "hoat-dong.xlsx"
    sheet.write_bytes(
        workbook(
            ACTIVITY_HEADERS,
            [
                [
                    f"HD-{n:05d}",
                    f"Khóa đào tạo số {n}",
                    "Đào tạo / tập huấn",
                    "03/2024",
                    "2024",
                    "Gustave Roussy",
                    "Pháp",
                    str(n % 50 + 1),
                    None,
                    None,
                ]
                for n in range(ROWS)
            ],
        )
    )
    with database_like_the_suites(tmp_path, "medcoop_kill") as url:
        env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "medcoop.settings"}
        medcoop(env, "migrate", "-v0")
        medcoop(env, "shell", "-v0", "-c", SETUP)
        before = medcoop(env, "shell", "-v0", "-c", COUNTS).stdout.split()

        process = subprocess.Popen(
            [MEDCOOP, "import_sheet", str(sheet), "--type", "activities", "--as", "dieuphoi_x"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        done, total = read_until_half_way(process)
        process.send_signal(signal.SIGKILL)
        assert process.wait(60) == -signal.SIGKILL  # killed, not finished
        assert 0 < done < total == ROWS

        after = medcoop(env, "shell", "-v0", "-c", COUNTS).stdout.split()
        assert before[:3] == ["0", "0", "2"]  # the member and its partner
        assert after == before  # no activity, figure, organization or audit entry of the import remains
