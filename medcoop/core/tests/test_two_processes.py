"""The national deployment's shape: two stateless app processes (gunicorn, production settings) on two loopback
ports, sharing one PostgreSQL and one Redis. A record written through one is read through the other."""
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import psycopg
import pytest

SERVER = "postgres://postgres@127.0.0.1:5432"
VENV_BIN = Path(sys.executable).parent


def reachable(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def deployment(tmp_path):
    if not (reachable(5432) and reachable(6379)):
        if os.environ.get("CI"):
            pytest.fail("CI must have PostgreSQL on 5432 and Redis on 6379")
        pytest.skip("needs PostgreSQL on 5432 and Redis on 6379")
    name = f"medcoop_two_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(f"{SERVER}/postgres", autocommit=True)
    admin.execute(f"CREATE DATABASE {name}")
    env = {**os.environ, "DATABASE_URL": f"{SERVER}/{name}", "REDIS_URL": "redis://127.0.0.1:6379/0",
           "CACHE_PREFIX": name, "DEBUG": "false", "SECRET_KEY": uuid.uuid4().hex * 2,
           "ALLOWED_HOSTS": "127.0.0.1", "MEDCOOP_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "medcoop.settings",
           "MEDCOOP_PATIENT_KEYS": "ZmVybmV0LWtleS1mb3ItdGhlLXR3by1wcm9jZXNzLXQ="}
    medcoop = str(VENV_BIN / "medcoop")
    subprocess.run([medcoop, "migrate", "-v0"], env=env, check=True)
    subprocess.run([medcoop, "collectstatic", "--noinput", "-v0"], env=env, check=True)
    token = subprocess.run([medcoop, "shell", "-c", SETUP], env=env, check=True, capture_output=True,
                           text=True).stdout.strip().splitlines()[-1]
    ports = [free_port(), free_port()]
    servers = [subprocess.Popen([str(VENV_BIN / "gunicorn"), "medcoop.wsgi:application", "-b", f"127.0.0.1:{port}",
                                 "-w", "1", "--log-level", "warning"], env=env) for port in ports]
    try:
        for port in ports:
            for _ in range(100):
                if reachable(port):
                    break
                time.sleep(0.1)
        yield [f"http://127.0.0.1:{port}" for port in ports], token
    finally:
        for server in servers:
            server.terminate()
            server.wait(10)
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


SETUP = """
from medcoop.core.models import User
from medcoop.core.tokens import create_token
from medcoop.organizations.models import Organization
member = Organization.objects.create(name="Bệnh viện K", code="BVK", country="VN", is_member=True)
user = User.objects.create_user("dieuphoi", role="coordinator", organization=member)
print(create_token(user, "two-processes")[1])
"""


def call(url: str, token: str, body: dict | None = None, method: str = "GET") -> tuple[int, str]:
    request = urllib.request.Request(url, method=method, data=json.dumps(body).encode() if body else None,
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read().decode()


def test_a_write_on_one_process_is_read_on_the_other(deployment):
    (first, second), token = deployment
    status, body = call(f"{first}/api/organizations/", token, {"name": "Viện Gustave Roussy", "country": "FR"}, "POST")
    assert status == 201
    created = json.loads(body)["id"]
    assert json.loads(call(f"{second}/api/organizations/{created}", token)[1])["name"] == "Viện Gustave Roussy"
    status, body = call(f"{first}/api/activities/", token, {
        "kind": "training", "title": "Đào tạo", "start": "2025", "partners": [{"organization": created}],
        "figures": [{"metric": "staff_trained", "value": 660}]}, "POST")
    assert status == 201
    assert json.loads(call(f"{second}/api/activities/", token)[1])["items"][0]["figures"][0]["value"] == 660
    css = urllib.request.urlopen(f"{second}/static/core/medcoop.css", timeout=10)
    assert css.status == 200  # WhiteNoise serves the static files; no nginx needed in front for them
