"""The national deployment's shape: two stateless app processes (gunicorn, production settings) on two loopback
ports, sharing one PostgreSQL and one Redis. A record written through one is read through the other."""

import json
import os
import urllib.request

import pytest

from medcoop.devtools.scratch import app_environment, prepare, reachable, scratch_database, serving


@pytest.fixture
def deployment(tmp_path):
    if not (reachable(5432) and reachable(6379)):
        if os.environ.get("CI"):
            pytest.fail("CI must have PostgreSQL on 5432 and Redis on 6379")
        pytest.skip("needs PostgreSQL on 5432 and Redis on 6379")
    with scratch_database("medcoop_two") as url:
        env = app_environment(
            url, str(tmp_path), REDIS_URL="redis://127.0.0.1:6379/0", CACHE_PREFIX=url.rsplit("/", 1)[-1]
        )
        token = prepare(env, SETUP)[-1]
        with serving(env) as first, serving(env) as second:
            yield (first, second), token


SETUP = """
from medcoop.core.models import User
from medcoop.accounts.tokens import create_token
from medcoop.organizations.models import Organization
member = Organization.objects.create(name="Bệnh viện K", code="BVK", country="VN", is_member=True)
user = User.objects.create_user("dieuphoi", role="coordinator", organization=member)
print(create_token(user, "two-processes")[1])
"""


def call(url: str, token: str, body: dict | None = None, method: str = "GET") -> tuple[int, str]:
    request = urllib.request.Request(
        url,
        method=method,
        data=json.dumps(body).encode() if body else None,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read().decode()


def test_a_write_on_one_process_is_read_on_the_other(deployment):
    (first, second), token = deployment
    status, body = call(f"{first}/api/organizations/", token, {"name": "Viện Gustave Roussy", "country": "FR"}, "POST")
    assert status == 201
    created = json.loads(body)["id"]
    assert json.loads(call(f"{second}/api/organizations/{created}", token)[1])["name"] == "Viện Gustave Roussy"
    status, body = call(
        f"{first}/api/activities/",
        token,
        {
            "kind": "training",
            "title": "Đào tạo",
            "start": "2025",
            "partners": [{"organization": created}],
            "figures": [{"metric": "staff_trained", "value": 660}],
        },
        "POST",
    )
    assert status == 201
    assert json.loads(call(f"{second}/api/activities/", token)[1])["items"][0]["figures"][0]["value"] == "660.00"
    css = urllib.request.urlopen(f"{second}/static/core/medcoop.css", timeout=10)
    assert css.status == 200  # WhiteNoise serves the static files; no nginx needed in front for them
