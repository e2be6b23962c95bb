"""The settings' environment is typed: a value that does not read stops the start, naming its variable."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from medcoop import environment as env


@pytest.mark.parametrize(
    ("name", "value", "read"),
    [
        ("CONN_MAX_AGE", "sixty", lambda: env.whole("CONN_MAX_AGE", 0)),
        ("DEBUG", "maybe", lambda: env.flag("DEBUG", False)),
    ],
)
def test_a_value_that_does_not_read_names_its_variable(monkeypatch, name, value, read):
    monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=name):
        read()


def test_values_read_as_their_type(monkeypatch):
    monkeypatch.setenv("MEDCOOP_FETCH_ALLOWED_NETWORKS", " 10.0.0.0/8, ,192.168.0.0/16 ")
    monkeypatch.setenv("MEDCOOP_HTTPS", "Yes")
    monkeypatch.setenv("CONN_MAX_AGE", "60")
    assert env.items("MEDCOOP_FETCH_ALLOWED_NETWORKS") == ["10.0.0.0/8", "192.168.0.0/16"]
    assert env.flag("MEDCOOP_HTTPS", False) is True
    assert env.whole("CONN_MAX_AGE", 0) == 60


def test_production_refuses_to_start_without_its_secrets(monkeypatch):
    monkeypatch.delenv("MEDCOOP_DEID_SECRET", raising=False)
    monkeypatch.setenv("SECRET_KEY", "s")
    with pytest.raises(ImproperlyConfigured, match="MEDCOOP_DEID_SECRET"):
        env.require_secrets(True, ("SECRET_KEY", "MEDCOOP_DEID_SECRET"))
    env.require_secrets(False, ("SECRET_KEY", "MEDCOOP_DEID_SECRET"))  # development and the demo start as they are


@pytest.mark.parametrize("value", ["-30", "4000000"])
def test_a_token_lifetime_outside_its_bounds_stops_the_start(value):
    """MEDCOOP_API_TOKEN_DAYS=-30 made every new token expired at birth; 4000000 (beyond year 9999) made the
    tokens page a 500 on every token created. The settings, read in a process of their own, refuse both."""
    import os
    import subprocess
    import sys

    environ = {**os.environ, "MEDCOOP_API_TOKEN_DAYS": value}
    read = subprocess.run(
        [sys.executable, "-c", "import medcoop.settings"], env=environ, capture_output=True, text=True
    )
    assert read.returncode != 0 and "MEDCOOP_API_TOKEN_DAYS must be between 0 and 36500" in read.stderr
