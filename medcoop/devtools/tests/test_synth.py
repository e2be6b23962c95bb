"""The benchmarks' synthetic registry (bench/scale.py) must load through the current schema: a column added to a
model without a value here breaks every benchmark at a million, which no other test would notice."""

import pytest

from medcoop.activities.models import Activity
from medcoop.devtools.synth import synthesize

pytestmark = pytest.mark.django_db


def test_synthetic_registry_loads_valid_searchable_activities():
    counts = synthesize(40)

    assert Activity.objects.count() == counts["activities"] == 40
    activity = Activity.objects.order_by("pk").first()
    activity.full_clean()  # every stored value is one the model accepts (aliases a list, dates, kinds)
    word = activity.title.split()[0]
    assert activity in Activity.objects.search(word)
