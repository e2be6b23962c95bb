"""Throwaway PostgreSQL databases and production-like app processes, for the benchmarks and the deployment
test: a database is made on the server and dropped afterwards even if the work failed or left connections
open; a process runs gunicorn on a free loopback port."""

import contextlib
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse

SERVER = "postgres://postgres@127.0.0.1:5432/postgres"


@contextlib.contextmanager
def scratch_database(prefix: str, server: str = SERVER):
    """Yields the new database's URL, on the same server as `server` (the URL of a database to connect to)."""
    import psycopg

    name = f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
        try:
            yield urlparse(server)._replace(path=f"/{name}").geturl()
        finally:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@contextlib.contextmanager
def database_like_the_suites(folder: Path, prefix: str):
    """An empty database of the engine the test suite runs on, for a process of its own: a scratch PostgreSQL
    database, or a SQLite file in `folder`. Yields its URL."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with scratch_database(prefix) as url:
            yield url
    else:
        yield f"sqlite:///{Path(folder) / prefix}.sqlite3"


# A valid Fernet key for throwaway deployments only; real ones set MEDCOOP_PATIENT_KEYS of their own.
SCRATCH_PATIENT_KEY = "ZmVybmV0LWtleS1mb3ItdGhlLXR3by1wcm9jZXNzLXQ="


def app_environment(database_url: str, data_dir: str, **extra: str) -> dict:
    """The environment of a production-like app process on loopback (DEBUG off, its own secret, plain HTTP
    since no proxy terminates TLS in front of it)."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "MEDCOOP_DATA_DIR": data_dir,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECRET_KEY": uuid.uuid4().hex * 2,
        "MEDCOOP_PATIENT_KEYS": SCRATCH_PATIENT_KEY,
        "MEDCOOP_DEID_SECRET": uuid.uuid4().hex,
        "DJANGO_SETTINGS_MODULE": "medcoop.settings",
        "MEDCOOP_HTTPS": "false",
        **extra,
    }


def prepare(env: dict, setup: str) -> list[str]:
    """Migrate, collect the static files and run `setup` (Python, in `medcoop shell`); its printed lines."""
    medcoop = str(_bin("medcoop"))
    subprocess.run([medcoop, "migrate", "-v0"], env=env, check=True)
    subprocess.run([medcoop, "collectstatic", "--noinput", "-v0"], env=env, check=True)
    return (
        subprocess.run([medcoop, "shell", "-c", setup], env=env, check=True, capture_output=True, text=True)
        .stdout.strip()
        .splitlines()
    )


@contextlib.contextmanager
def serving(env: dict, workers: int = 1):
    """gunicorn with `workers` processes on a free loopback port; yields its base URL once it answers."""
    port = _free_port()
    server = subprocess.Popen(
        [
            str(_bin("gunicorn")),
            "medcoop.wsgi:application",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(workers),
            "--log-level",
            "warning",
        ],
        env=env,
    )
    try:
        for _ in range(100):
            if reachable(port):
                break
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(10)


def reachable(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _bin(name: str) -> Path:
    return Path(sys.executable).parent / name
