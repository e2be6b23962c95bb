"""A database made before funding was a record of its own keeps its funding details, as fundings."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("activities", "0006_training_pages_and_certificates"),
    ("funding", "0001_initial"),
    ("organizations", "0001_initial"),
]


@pytest.mark.skip(
    reason="passes alone, but in the whole suite stepping back past activities 0006 hits a foreign key left by "
    "earlier tests and breaks the tests after it; to be made independent of the suite's order (issue 22 note)"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_funding_details_become_fundings_with_their_equipment():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Organization, Activity = old.get_model("organizations", "Organization"), old.get_model("activities", "Activity")
    hospital = Organization.objects.create(name="Bệnh viện 108", country="VN", is_member=True)
    donor = Organization.objects.create(name="Chính phủ Bỉ", country="BE", owner=hospital)
    activity = Activity.objects.create(owner=hospital, kind_id="funding", title="Trung tâm máy gia tốc")
    old.get_model("activities", "FundingDetail").objects.create(
        activity=activity,
        donor=donor,
        amount=Decimal("13500000"),
        currency="EUR",
        equipment="Cyclotron\n\nBuồng tổng hợp",
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    from medcoop.funding.models import Funding

    funding = Funding.objects.get()
    assert (funding.owner_id, funding.donor_id, funding.activity_id) == (hospital.pk, donor.pk, activity.pk)
    assert (funding.amount, funding.currency, funding.title) == (Decimal("13500000"), "EUR", "Trung tâm máy gia tốc")
    assert list(funding.equipment.values_list("item", flat=True)) == ["Cyclotron", "Buồng tổng hợp"]
    assert Funding.objects.search("may gia toc").exists()
