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


def test_the_export_uses_recorded_identifiers_and_lists_the_organisations_without_one(
    client, coordinator_a, hospital_a, partner_of_a, activity_of_a
):
    from medcoop.activities.iati import activities_xml

    hospital_a.iati_org_id = "VN-COA-0100112437"
    hospital_a.save()
    xml = activities_xml(Activity.objects.filter(owner=hospital_a))
    valid, errors = IatiValidator("2.03").validate_xml(xml.decode("utf-8"))
    assert valid, errors
    root = etree.fromstring(xml)
    assert b"VN-MEDCOOP" not in xml
    assert root.find(".//reporting-org").get("ref") == "VN-COA-0100112437"
    assert root.find(".//iati-identifier").text == f"VN-COA-0100112437-{activity_of_a.pk}"
    partners = [e for e in root.iter("participating-org") if e.get("role") != "2"]
    assert partners and all(e.get("ref") is None for e in partners)
    comment = next(node for node in root if isinstance(node, etree._Comment))
    assert "Viện Gustave Roussy" in comment.text and "Bệnh viện K" not in comment.text
    partner_of_a.iati_org_id = "FR-RCS-775688823"
    partner_of_a.save()
    xml = activities_xml(Activity.objects.filter(owner=hospital_a))
    assert b"<!--" not in xml and b'ref="FR-RCS-775688823"' in xml
