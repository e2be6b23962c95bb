"""What a browser is told: the Content-Security-Policy (no inline script), framing, referrer; and Django's
deployment check with production settings."""

import os
import re
import subprocess
import sys

import pytest


@pytest.mark.django_db
def test_pages_forbid_inline_script_framing_and_leaking_the_address(client, users):
    client.force_login(users["coordinator"])
    response = client.get("/dashboard/")
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self'" and policy["default-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_no_page_carries_an_inline_script_or_event_handler(client, users, activity_of_a):
    client.force_login(users["coordinator"])
    for url in (
        "/login/",
        "/dashboard/",
        "/activities/",
        f"/activities/{activity_of_a.pk}/",
        "/activities/new/",
        "/consultations/",
        "/account/api-tokens/",
        "/api/docs",
    ):
        html = client.get(url).content.decode()
        inline = [
            tag for tag in re.findall(r"<script\b[^>]*>", html) if "src=" not in tag and "application/json" not in tag
        ]
        assert not inline, (url, inline)
        assert not re.search(r"\son[a-z]+=", html), url


def test_the_deployment_check_finds_nothing_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "x7" * 40 + "-production-secret-key-for-the-check",
        "ALLOWED_HOSTS": "medcoop.benhvien.vn",
        "MEDCOOP_PATIENT_KEYS": "ZmVybmV0LWtleS1mb3ItdGhlLXR3by1wcm9jZXNzLXQ=",
        "MEDCOOP_DEID_SECRET": "a-deid-secret-for-the-check",
        "MEDCOOP_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "medcoop.settings",
    }
    for test_only in ("MEDCOOP_HTTPS", "DJANGO_ALLOW_ASYNC_UNSAFE"):  # the browser tests set the second
        env.pop(test_only, None)
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def _settings_load(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)",
        ],
        env={**env, "DJANGO_SETTINGS_MODULE": "medcoop.settings"},
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "MEDCOOP_PATIENT_KEYS", "MEDCOOP_DEID_SECRET"])
def test_production_refuses_to_start_without_each_secret(tmp_path, missing):
    env = {k: v for k, v in os.environ.items() if k not in {"MEDCOOP_DEMO", missing}}
    env.update({"DEBUG": "false", "MEDCOOP_DATA_DIR": str(tmp_path), "SECRET_KEY": "s" * 60})
    env.update(
        {"MEDCOOP_PATIENT_KEYS": "ZmVybmV0LWtleS1mb3ItdGhlLXR3by1wcm9jZXNzLXQ=", "MEDCOOP_DEID_SECRET": "d" * 40}
    )
    env.pop(missing)
    result = _settings_load(env)
    assert result.returncode != 0 and "refuses to start" in result.stderr and missing in result.stderr


def test_the_demo_runs_without_debug_pages_and_without_secrets(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "MEDCOOP_PATIENT_KEYS"}}
    result = _settings_load({**env, "MEDCOOP_DEMO": "true", "MEDCOOP_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0 and result.stdout.strip() == "False", result.stderr
