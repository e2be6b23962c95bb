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
    # Only the users, their keys and where the e-mails went: no raw message, no base64 subject.
    assert "Subject:" not in result.stdout and "=?utf-8?" not in result.stdout
    assert str(tmp_path / "mail") in result.stdout and not result.stderr.strip()
    remind = subprocess.run([command, "remind"], env=env, capture_output=True, text=True, timeout=120)
    assert remind.returncode == 0, remind.stderr
    assert "Subject:" in "".join(mail.read_text() for mail in (tmp_path / "mail").glob("*.log"))  # as files
    served = served_demo(command, env)
    assert '"GET /login/ HTTP/1.1" 200' in served and "dieuphoi" in served  # it served, after the users
    assert "Django version" not in served and "Warning" not in served and "development server" not in served


def served_demo(command: str, env: dict) -> str:
    """What `medcoop demo ADDRESS` prints (both streams) until it answers a request."""
    import socket
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [command, "demo", f"127.0.0.1:{port}"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=2)  # noqa: S310 (our own server)
                break
            except OSError:
                time.sleep(0.5)
    finally:
        server.terminate()
    return server.communicate(timeout=30)[0]


HELP_OF_EVERY_COMMAND = """
import io, sys
from contextlib import redirect_stdout
from django.core.management import ManagementUtility, get_commands
failed = []
for name, app in sorted(get_commands().items()):
    if not app.startswith("medcoop"):
        continue
    out = io.StringIO()
    try:
        with redirect_stdout(out):
            ManagementUtility(["medcoop", name, "--help"]).execute()
    except SystemExit as stop:
        if stop.code:
            failed.append(name)
    except Exception as error:
        failed.append(f"{name}: {error}")
    else:
        failed.append(f"{name}: --help did not exit")
print("FAILED", failed)
"""


def test_every_command_answers_help_before_migrate(tmp_path):
    """A new machine runs `medcoop import_sheet --help` before any database exists."""
    env = {**os.environ, "MEDCOOP_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "medcoop.settings"}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + HELP_OF_EVERY_COMMAND],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "FAILED []" in result.stdout, result.stdout[-2000:]
    assert not list(tmp_path.glob("*.sqlite3*")) or (tmp_path / "medcoop.sqlite3").stat().st_size == 0
