"""A funding under an agreement alone reaches IATI as an activity of its own, valid against the schema; one under
an activity stays with that activity, so no money is reported twice."""

from datetime import date
from decimal import Decimal

from django.urls import reverse
from lxml import etree
from okfn_iati.iati_schema_validator import IatiValidator

from medcoop.funding.models import Funding
from medcoop.funding.services import save_funding


def test_a_grant_under_an_agreement_alone_is_an_iati_activity_of_its_own(
    logged_in, coordinator_a, coordinator_b, hospital_a, partner_of_a, agreement_of_a, funding_of_a
):
    save_funding(
        coordinator_a,
        Funding(
            owner=hospital_a,
            title="Tài trợ chương trình đào tạo",
            donor=partner_of_a,
            amount=Decimal("13500000"),
            currency="EUR",
            committed_on=date(2025, 3, 1),
            agreement=agreement_of_a,
        ),
        transactions=[{"kind": "1", "date": date(2025, 4, 1), "amount": Decimal("2000000")}],
    )
    client = logged_in(coordinator_a)
    assert "export=iati" in client.get(reverse("funding-list")).content.decode()  # offered beside CSV and Excel
    xml = client.get(reverse("funding-list"), {"export": "iati"}).content
    valid, errors = IatiValidator("2.03").validate_xml(xml.decode("utf-8"))
    assert valid, errors
    root = etree.fromstring(xml)
    (activity,) = root.findall("iati-activity")  # the grant under the activity is in the activities' export
    assert activity.findtext("title/narrative") == "Tài trợ chương trình đào tạo"
    roles = {(org.findtext("narrative"), org.get("role")) for org in activity.iter("participating-org")}
    assert roles == {(hospital_a.name, "2"), (partner_of_a.name, "1")}
    moves = [(t.find("transaction-type").get("code"), t.findtext("value")) for t in activity.iter("transaction")]
    assert moves == [("11", "13500000.00"), ("1", "2000000.00")]  # the commitment, then the disbursement
    assert "IATI" in xml.decode() and hospital_a.name in root.xpath("//comment()")[0].text  # no identifier yet

    other = logged_in(coordinator_b).get(reverse("funding-list"), {"export": "iati"}).content
    assert etree.fromstring(other).findall("iati-activity") == []  # another institution's funding is not theirs


def test_odd_text_still_gives_valid_xml_naming_only_the_users_organizations(
    logged_in, coordinator_a, partner_of_a, partner_of_b, funding_of_a
):
    """A title pasted with a control character, a partner named with dashes ("--" ends an XML comment): the
    export is still parsed and valid, and its warning names no other institution's partner."""
    from medcoop.activities.models import Activity
    from medcoop.organizations.models import Organization

    Organization.objects.filter(pk=partner_of_a.pk).update(name="Gustave Roussy --- Villejuif")
    Activity.objects.filter(pk=funding_of_a.activity_id).update(title="Đào tạo\x0b xạ trị\x01")
    Funding.objects.filter(pk=funding_of_a.pk).update(activity=None, title="Tài trợ\x0c máy")
    client = logged_in(coordinator_a)
    for list_name in ("funding-list", "activity-list"):
        xml = client.get(reverse(list_name), {"export": "iati"}).content
        valid, errors = IatiValidator("2.03").validate_xml(xml.decode("utf-8"))
        assert valid, (list_name, errors)
        (warning,) = etree.fromstring(xml).xpath("//comment()")
        assert "Gustave Roussy - Villejuif" in warning.text and partner_of_b.name not in warning.text
    titles = [t.text for t in etree.fromstring(xml).iter("narrative")]
    assert "Đào tạo xạ trị" in titles
