"""The `medcoop` console script, run as an installed user would run it."""

import os
import subprocess
import sys
from pathlib import Path


def test_demo_builds_a_fresh_sqlite_database_and_lists_users(tmp_path):
    command = str(Path(sys.executable).parent / "medcoop")  # installed beside the interpreter running the tests
    env = {**os.environ, "MEDCOOP_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run([command, "demo", "--no-serve"], env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "medcoop.sqlite3").exists()
    assert "dieuphoi" in result.stdout and "chuyengia" in result.stdout
    remind = subprocess.run([command, "remind"], env=env, capture_output=True, text=True, timeout=120)
    assert remind.returncode == 0, remind.stderr
    assert "Subject:" in remind.stdout  # console e-mail backend prints the reminders
