"""A database made before funding was a record of its own keeps its funding details, as fundings.

The migration runs forward, in a database of its own and a process of its own (as an upgrade does): stepping the
suite's database back past earlier migrations depended on what earlier tests had left in it."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from medcoop.devtools.scratch import database_like_the_suites

UPGRADE = """
import json
from decimal import Decimal
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

before = [
    ("activities", "0006_training_pages_and_certificates"),
    ("funding", "0001_initial"),
    ("organizations", "0001_initial"),
    ("core", "0002_load_vocabularies"),  # the kinds of activity an activity refers to
]
executor = MigrationExecutor(connection)
executor.migrate(before)
old = executor.loader.project_state(before).apps
Organization, Activity = old.get_model("organizations", "Organization"), old.get_model("activities", "Activity")
hospital = Organization.objects.create(name="Bệnh viện 108", country="VN", is_member=True)
donor = Organization.objects.create(name="Chính phủ Bỉ", country="BE", owner=hospital)
activity = Activity.objects.create(owner=hospital, kind_id="funding", title="Trung tâm máy gia tốc")
old.get_model("activities", "FundingDetail").objects.create(
    activity=activity, donor=donor, amount=Decimal("13500000"), currency="EUR", equipment="Cyclotron\\n\\nBuồng tổng hợp"
)

executor = MigrationExecutor(connection)
executor.migrate(executor.loader.graph.leaf_nodes())

from medcoop.funding.models import Funding

funding = Funding.objects.get()
print(json.dumps({
    "ids": [funding.owner_id == hospital.pk, funding.donor_id == donor.pk, funding.activity_id == activity.pk],
    "money": [str(funding.amount), funding.currency, funding.title],
    "equipment": list(funding.equipment.values_list("item", flat=True)),
    "found": Funding.objects.search("may gia toc").exists(),
}))
"""


@pytest.mark.django_db
def test_funding_details_become_fundings_with_their_equipment(tmp_path):
    with database_like_the_suites(tmp_path, "medcoop_funding_upgrade") as url:
        env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "medcoop.settings"}
        medcoop = str(Path(sys.executable).parent / "medcoop")
        shell = subprocess.run(
            [medcoop, "shell", "-v0", "-c", UPGRADE], env=env, capture_output=True, text=True, timeout=600
        )
    assert shell.returncode == 0, shell.stderr[-2000:]
    upgraded = json.loads(shell.stdout.strip().splitlines()[-1])
    assert upgraded["ids"] == [True, True, True]
    assert upgraded["money"] == ["13500000.00", "EUR", "Trung tâm máy gia tốc"]
    assert upgraded["equipment"] == ["Cyclotron", "Buồng tổng hợp"]
    assert upgraded["found"]
