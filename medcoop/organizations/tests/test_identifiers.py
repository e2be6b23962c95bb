"""Organizations' identifiers (ROR ID, IATI organisation identifier, the health ministry's facility code, the
Vietnamese tax code): read into one form by core.values, refused in Vietnamese when malformed, unique in an
institution's registry, and the same through the form, the API and the sheet import."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from medcoop.conftest import make_partner
from medcoop.core.tests.test_api import bearer
from medcoop.core.values import ValueProblem, read_facility_code, read_iati_org_id, read_ror_id, read_tax_code
from medcoop.organizations.models import Organization
from medcoop.organizations.tests.test_views import organization_post
from medcoop.sheets.tests.test_import import run, workbook


@pytest.mark.parametrize(
    ("read", "typed", "stored"),
    [
        (read_ror_id, "https://ror.org/0321G0743", "0321g0743"),  # Gustave Roussy
        (read_ror_id, "052gg0110", "052gg0110"),
        (read_iati_org_id, " XM-DAC-41114 ", "XM-DAC-41114"),
        (read_iati_org_id, "GB-COH-01234567", "GB-COH-01234567"),
        (read_facility_code, "01 929", "01929"),
        (read_tax_code, "0100112437", "0100112437"),  # Vietcombank
        (read_tax_code, "0100112437001", "0100112437-001"),
        (read_tax_code, "", ""),
    ],
)
def test_identifiers_are_read_into_one_form(read, typed, stored):
    assert read(typed) == stored


@pytest.mark.parametrize(
    ("read", "typed"),
    [
        (read_ror_id, "0321g0744"),  # check digits off by one
        (read_ror_id, "0321i0743"),  # no I in ROR's alphabet
        (read_iati_org_id, "VN-MEDCOOP"),
        (read_iati_org_id, "XM-DAC 41114"),
        (read_iati_org_id, "xm-dac-41114"),
        (read_facility_code, "1929"),
        (read_tax_code, "0100112438"),  # wrong check digit
        (read_tax_code, "010011243"),
    ],
)
def test_malformed_identifiers_are_refused_in_vietnamese(read, typed):
    with translation.override("vi"), pytest.raises(ValueProblem) as problem:
        read(typed)
    assert typed in str(problem.value) and ("không" in str(problem.value))


def test_an_identifier_is_unique_in_a_registry_but_blank_is_allowed(hospital_a, hospital_b):
    make_partner(hospital_a, "Gustave Roussy", ror_id="0321g0743")
    make_partner(hospital_a, "Mahosot", "LA")
    make_partner(hospital_a, "Nevers", "FR")  # two blanks are not a clash
    make_partner(hospital_b, "Viện Gustave Roussy", ror_id="https://ror.org/0321g0743")  # another registry
    with pytest.raises(ValidationError) as error:
        make_partner(hospital_a, "IGR", ror_id="0321G0743")
    assert list(error.value.message_dict) == ["ror_id"]
    assert Organization.objects.filter(ror_id="0321g0743").count() == 2


def test_the_form_and_the_detail_page_carry_the_identifiers(client, coordinator_a):
    client.force_login(coordinator_a)
    fields = organization_post("Vietcombank", kind="company", country="VN", tax_code="0100112438")
    response = client.post(reverse("organization-create"), fields)
    assert response.status_code == 400 and "chữ số kiểm tra" in response.content.decode()
    assert not Organization.objects.filter(name="Vietcombank").exists()
    client.post(reverse("organization-create"), {**fields, "tax_code": "0100112437-001", "ror_id": ""})
    organization = Organization.objects.get(name="Vietcombank")
    assert organization.tax_code == "0100112437-001"
    page = client.get(organization.get_absolute_url()).content.decode()
    assert "0100112437-001" in page and "mã số thuế" in page


def test_the_api_reads_and_writes_the_identifiers(client, coordinator_a, partner_of_a):
    url = f"/api/organizations/{partner_of_a.pk}"
    headers = bearer(coordinator_a)
    bad = client.patch(url, {"iati_org_id": "VN MEDCOOP"}, content_type="application/json", **headers)
    assert bad.status_code == 400 and [e["field"] for e in bad.json()["errors"]] == ["iati_org_id"]
    client.patch(url, {"iati_org_id": "FR-RCS-775688823"}, content_type="application/json", **headers)
    assert client.get(url, **headers).json()["iati_org_id"] == "FR-RCS-775688823"


IDENTIFIER_HEADERS = ["Tên", "Quốc gia", "Mã ROR", "Mã số thuế"]


def test_the_sheet_import_reads_identifiers_and_refuses_a_shared_one(coordinator_a):
    plan, _result = run(
        coordinator_a,
        "organizations",
        workbook(IDENTIFIER_HEADERS, [["A", "VN", None, "0100112437"], ["B", "VN", None, "0100112437"]]),
    )
    assert [(number, header) for number, header, _message in plan.errors] == [(3, "")]
    assert not Organization.objects.filter(name__in=["A", "B"]).exists()
    plan, _result = run(coordinator_a, "organizations", workbook(IDENTIFIER_HEADERS, [["A", "VN", "0321g0743", None]]))
    assert plan.errors == [] and Organization.objects.get(name="A").ror_id == "0321g0743"
