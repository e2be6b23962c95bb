import unicodedata

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from medcoop.conftest import make_partner
from medcoop.organizations.models import Organization
from medcoop.organizations.provinces import lookup_province, province_choices
from medcoop.organizations.services import create_partner, match_organization


def test_a_member_institution_owns_itself(hospital_a):
    assert hospital_a.owner_id == hospital_a.pk


def test_text_is_stored_nfc_whatever_was_typed(hospital_a):
    typed = unicodedata.normalize("NFD", "Bệnh viện Trung ương Huế")
    partner = make_partner(hospital_a, typed, "VN", aliases=[unicodedata.normalize("NFD", "Huế")])
    partner.refresh_from_db()
    assert partner.name == unicodedata.normalize("NFC", typed)
    assert partner.aliases == ["Huế"]


def test_unknown_country_is_refused_with_a_clear_message(hospital_a):
    with pytest.raises(ValidationError) as error:
        make_partner(hospital_a, "Nowhere Clinic", "XX")
    assert "country" in error.value.message_dict
    assert not Organization.objects.filter(name="Nowhere Clinic").exists()


def test_province_is_only_for_organizations_in_vietnam(hospital_a):
    with pytest.raises(ValidationError) as error:
        make_partner(hospital_a, "Mahosot", "LA", province_code=lookup_province("Hà Nội"))
    assert "province_code" in error.value.message_dict


def test_province_list_is_the_post_2025_one():
    assert len(province_choices()) == 34
    assert lookup_province("Quảng Ninh") and lookup_province("TP Hồ Chí Minh") and lookup_province("ha noi")
    assert lookup_province("Quảng Bình") is None  # merged into Quảng Trị in 2025


def test_a_partner_belongs_to_a_member_institution(hospital_a):
    with pytest.raises(ValidationError) as error:
        Organization(name="Orphan", country="FR").full_clean()
    assert "owner" in error.value.message_dict


def test_only_the_institutions_coordinator_records_its_partners(hospital_a, coordinator_a, coordinator_b):
    partner = create_partner(coordinator_a, hospital_a, name="Bệnh viện Nevers", country="FR")
    assert partner.owner == hospital_a
    with pytest.raises(PermissionDenied):
        create_partner(coordinator_b, hospital_a, name="Bệnh viện Foch", country="FR")


@pytest.mark.parametrize(
    "written, expected",
    [
        ("Gustave Roussy", "Viện Gustave Roussy"),
        ("VIEN GUSTAVE ROUSSY", "Viện Gustave Roussy"),
        ("Viện Gustave-Roussy", "Viện Gustave Roussy"),
        ("Viện Gustave Rousy", "Viện Gustave Roussy"),
        ("Bệnh viện Nevers", None),
        ("Bệnh viện", None),
    ],
)
def test_written_names_match_existing_organizations(partner_of_a, written, expected):
    match, score = match_organization(written, Organization.objects.all())
    assert (match.name if match else None) == expected
