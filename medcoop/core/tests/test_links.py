"""A record's address written fast is the one Django's reverse writes, under any script prefix."""

import pytest
from django.urls import clear_script_prefix, reverse, set_script_prefix

from medcoop.core.links import record_url


@pytest.mark.parametrize("prefix", ["/", "/medcoop/"])
@pytest.mark.parametrize("name", ["activity-detail", "organization-detail", "agreement-detail"])
def test_record_url_is_reverse(name, prefix):
    set_script_prefix(prefix)
    try:
        for pk in (1, 42, 10**12):
            assert record_url(name, pk) == reverse(name, args=[pk])
    finally:
        clear_script_prefix()
