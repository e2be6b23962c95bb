"""IATI 2.03 export: valid against the IATI schema, every code in its IATI codelist."""

from datetime import date

from django.urls import reverse
from lxml import etree
from okfn_iati import enums
from okfn_iati.iati_schema_validator import IatiValidator

from medcoop.activities.models import Activity
from medcoop.activities.services import save_activity
from medcoop.core.models import FigureMetric


def codes(enum) -> set[str]:
    return {str(member.value) for member in enum}


def test_activities_export_as_valid_iati_with_codes_from_the_codelists(
    client, coordinator_a, hospital_a, partner_of_a, activity_of_a
):
    save_activity(
        coordinator_a,
        Activity(
            owner=hospital_a, kind_id="funding", title="Tài trợ máy xạ trị", start_on=date(2025, 6, 1), status="ongoing"
        ),
        partners=[{"organization": partner_of_a, "role": "funder"}],
        figures=[{"metric": FigureMetric.objects.get(code="funding"), "value": 1500000, "currency": "EUR"}],
    )
    client.force_login(coordinator_a)
    xml = client.get(reverse("activity-list"), {"export": "iati"}).content
    valid, errors = IatiValidator("2.03").validate_xml(xml.decode("utf-8"))
    assert valid, errors
    root = etree.fromstring(xml)
    assert len(root.findall("iati-activity")) == 2
    assert {e.get("role") for e in root.iter("participating-org")} <= codes(enums.OrganisationRole)
    assert {e.get("type") for e in root.iter("participating-org")} <= codes(enums.OrganisationType)
    assert {e.get("code") for e in root.iter("activity-status")} <= codes(enums.ActivityStatus)
    assert {e.get("type") for e in root.iter("activity-date")} <= codes(enums.ActivityDateType)
    assert {e.get("code") for e in root.iter("sector")} <= {m.name for m in enums.SectorCategory}
    assert {e.get("code") for e in root.iter("transaction-type")} == {"1"}
    funding = root.find(".//transaction/value")
    assert (funding.get("currency"), funding.text) == ("EUR", "1500000.00")
    actual = [a.get("value") for a in root.iter("actual")]
    assert "660" in actual  # staff trained, a result of the training
