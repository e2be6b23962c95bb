"""schemathesis reads /api/openapi.json and sends each operation requests generated from it — valid, odd and
invalid — as a coordinator with a record of each kind to find. No answer may be a server error, and every
answer must match the schema the document promises."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from medcoop.accounts.tokens import create_token

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


@pytest.fixture
def token(coordinator_a, activity_of_a):
    """A coordinator's token. The WSGI app is called directly, so — as Django's test client does — its
    end-of-request signal must not close the test's database connection (PostgreSQL would lose the test's
    transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield create_token(coordinator_a, "schemathesis")[1]
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_error_and_answers_match_the_document(case, token):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"},
        checks=[not_a_server_error, response_schema_conformance, status_code_conformance],
    )
