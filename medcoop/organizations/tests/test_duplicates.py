"""Likely duplicates of an organization, and merging two into one with an undo from the audit trail."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from medcoop.activities.models import ActivityPartner
from medcoop.agreements.models import AgreementParty
from medcoop.audit.merging import merges_of
from medcoop.conftest import make_partner
from medcoop.core.models import AuditEvent
from medcoop.organizations.duplicates import likely_duplicates
from medcoop.organizations.models import Organization
from medcoop.organizations.provinces import lookup_province
from medcoop.organizations.services import match_organization, merge_organizations, undo_organization_merge


def test_a_name_without_its_locality_means_the_institution(hospital_a):
    uong_bi = make_partner(hospital_a, "Bệnh viện Việt Nam - Thụy Điển Uông Bí", "VN")
    make_partner(hospital_a, "Bệnh viện Đa khoa Quảng Ninh", "VN")
    assert match_organization("Bệnh viện Việt Nam - Thuỵ Điển", Organization.objects.all())[0] == uong_bi
    # Only a kind of body and a locality names no one: "Bệnh viện Đa khoa" is not the Quảng Ninh hospital.
    assert match_organization("Bệnh viện Đa khoa", Organization.objects.all())[0] is None
    assert match_organization("Bệnh viện Việt Nam", Organization.objects.all())[0] is None


def test_a_locality_prefix_fitting_two_organizations_matches_neither(hospital_a):
    make_partner(hospital_a, "Bệnh viện Hữu nghị Việt Đức Hà Nội", "VN")
    make_partner(hospital_a, "Bệnh viện Hữu nghị Việt Đức Huế", "VN", province_code=lookup_province("Huế"))
    assert match_organization("Bệnh viện Hữu nghị Việt Đức", Organization.objects.all())[0] is None


def test_in_its_own_registry_a_shortened_name_fitting_the_institution_and_a_partner_means_the_institution(db):
    from medcoop.conftest import make_member
    from medcoop.organizations.duplicates import OrganizationMatcher

    home = make_member("VD", "Bệnh viện Hữu nghị Việt Đức Hà Nội")
    make_partner(home, "Bệnh viện Hữu nghị Việt Đức Huế", "VN", province_code=lookup_province("Huế"))
    matcher = OrganizationMatcher(Organization.objects.filter(owner=home), home=home)
    assert matcher.match("Bệnh viện Hữu nghị Việt Đức")[0] == home


def test_likely_duplicates_by_folded_name_alias_and_similarity(hospital_a, partner_of_a):
    other = make_partner(hospital_a, "Bệnh viện Nevers", aliases=["CH Nevers"])
    new = Organization(owner=hospital_a, name="VIEN GUSTAVE ROUSSY", country="FR")
    assert [d.record for d in likely_duplicates(new)] == [partner_of_a]
    assert [d.record for d in likely_duplicates(Organization(owner=hospital_a, name="ch nevers"))] == [other]
    typo = likely_duplicates(Organization(owner=hospital_a, name="Bệnh viện Never", aliases=[]))
    assert [d.record for d in typo] == [other] and typo[0].score < 100
    assert likely_duplicates(Organization(owner=hospital_a, name="Bệnh viện Foch")) == []
    assert likely_duplicates(other) == []  # a record is not its own duplicate


def test_other_institutions_registries_are_not_compared(hospital_b, partner_of_a):
    assert likely_duplicates(Organization(owner=hospital_b, name="Viện Gustave Roussy")) == []


def _references(organization):
    return (
        set(ActivityPartner.objects.filter(organization=organization).values_list("pk", "activity_id", "role")),
        set(AgreementParty.objects.filter(organization=organization).values_list("pk", "agreement_id")),
        set(organization.contacts.values_list("pk", flat=True)),
    )


def test_merging_moves_every_reference_keeps_the_name_and_undo_restores_it(
    coordinator_a, hospital_a, partner_of_a, activity_of_a
):
    copy = make_partner(hospital_a, "Institut Gustave-Roussy", aliases=["IGR"], notes="Từ bài báo #3.")
    copy.contacts.create(name="Người liên hệ", role="focal_point", email="x@example.fr")
    ActivityPartner.objects.create(activity=activity_of_a, organization=copy, role="implementer")  # a repeat
    ActivityPartner.objects.create(activity=activity_of_a, organization=copy, role="funder")
    AgreementParty.objects.create(agreement=activity_of_a.agreement, organization=copy)  # also a repeat
    before_kept, before_copy = _references(partner_of_a), _references(copy)
    aliases_before = list(partner_of_a.aliases)

    event = merge_organizations(coordinator_a, partner_of_a, copy)

    assert not Organization.objects.filter(pk=copy.pk).exists()
    partner_of_a.refresh_from_db()
    assert partner_of_a.aliases == [*aliases_before, "Institut Gustave-Roussy", "IGR"]
    assert "Từ bài báo #3." in partner_of_a.notes
    roles = set(ActivityPartner.objects.filter(organization=partner_of_a).values_list("role", flat=True))
    assert roles == {"implementer", "funder"}
    assert AgreementParty.objects.filter(agreement=activity_of_a.agreement, organization=partner_of_a).count() == 1
    assert partner_of_a.contacts.filter(name="Người liên hệ").exists()
    assert event.action == "merge" and "x@example.fr" not in str(event.changes)
    assert merges_of(partner_of_a) == [event]

    restored = undo_organization_merge(coordinator_a, partner_of_a, event)

    assert restored.pk == copy.pk and restored.name == "Institut Gustave-Roussy" and restored.aliases == ["IGR"]
    partner_of_a.refresh_from_db()
    assert partner_of_a.aliases == aliases_before and partner_of_a.notes == ""
    assert (_references(partner_of_a), _references(restored)) == (before_kept, before_copy)
    assert merges_of(partner_of_a) == []
    with pytest.raises(ValidationError):
        undo_organization_merge(coordinator_a, partner_of_a, event)
    assert AuditEvent.objects.filter(action="unmerge", object_id=str(partner_of_a.pk)).count() == 1


def test_a_partner_recorded_twice_for_the_institution_itself_merges_into_it(coordinator_a, hospital_a):
    copy = make_partner(hospital_a, "Bệnh viện K Hà Nội", "VN")
    merge_organizations(coordinator_a, hospital_a, copy)
    hospital_a.refresh_from_db()
    assert "Bệnh viện K Hà Nội" in hospital_a.aliases and hospital_a.is_member


def test_who_may_not_merge_changes_nothing(users, coordinator_b, hospital_a, partner_of_a):
    copy = make_partner(hospital_a, "Institut Gustave-Roussy")
    for user in [coordinator_b, *[u for role, u in users.items() if role != "coordinator"]]:
        with pytest.raises(PermissionDenied):
            merge_organizations(user, partner_of_a, copy)
    with pytest.raises(ValidationError):
        merge_organizations(users["coordinator"], copy, hospital_a)  # a member institution is never merged away
    assert Organization.objects.filter(pk__in=[copy.pk, partner_of_a.pk, hospital_a.pk]).count() == 3
    assert not AuditEvent.objects.filter(action="merge").exists()


def test_the_merge_page_merges_and_its_undo_button_restores(client, coordinator_a, hospital_a, partner_of_a):
    copy = make_partner(hospital_a, "Vien Gustave Roussy")  # typed without its accents
    client.force_login(coordinator_a)
    detail = client.get(partner_of_a.get_absolute_url()).content.decode()
    url = reverse("organization-merge", args=[partner_of_a.pk])
    assert url in detail
    page = client.get(url)
    assert page.status_code == 200 and copy in page.context["likely"]
    assert client.post(url, {"merged": copy.pk}).status_code == 302
    assert not Organization.objects.filter(pk=copy.pk).exists()
    event = AuditEvent.objects.get(action="merge")
    assert f'value="{event.pk}"' in client.get(partner_of_a.get_absolute_url()).content.decode()
    assert client.post(url, {"undo": event.pk}).status_code == 302
    assert Organization.objects.filter(pk=copy.pk, name="Vien Gustave Roussy").exists()


def test_the_merge_page_is_not_found_for_whoever_may_not_merge(client, users, coordinator_b, hospital_a, partner_of_a):
    copy = make_partner(hospital_a, "Institut Gustave-Roussy")
    url = reverse("organization-merge", args=[partner_of_a.pk])
    for user in [coordinator_b, *[u for role, u in users.items() if role != "coordinator"]]:
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"merged": copy.pk}).status_code == 404
        assert "organization-merge" not in client.get(partner_of_a.get_absolute_url()).content.decode()
    client.force_login(users["coordinator"])
    other = make_partner(coordinator_b.organization, "Bệnh viện Foch")
    assert client.post(url, {"merged": other.pk}).status_code == 404  # not a record of this registry
    assert Organization.objects.filter(pk__in=[copy.pk, other.pk]).count() == 2
    assert not AuditEvent.objects.filter(action="merge").exists()


def _form(name, **fields):
    from medcoop.conftest import formset_data

    return {"name": name, "kind": "hospital", "country": "FR", "aliases": "", **fields, **formset_data("contacts", [])}


def test_the_create_form_shows_the_likely_duplicate_and_saves_only_when_confirmed(
    client, coordinator_a, hospital_a, partner_of_a
):
    client.force_login(coordinator_a)
    url = reverse("organization-create")
    token = client.get(url).context["form_token"]
    first = client.post(url, _form("Vien Gustave Roussy", form_token=token))
    assert first.status_code == 400
    page = first.content.decode()
    assert partner_of_a.get_absolute_url() in page and 'name="save_anyway"' in page
    assert not Organization.objects.filter(name="Vien Gustave Roussy").exists()
    confirmed = client.post(url, _form("Vien Gustave Roussy", form_token=token, save_anyway="1"))
    assert confirmed.status_code == 302
    assert Organization.objects.filter(name="Vien Gustave Roussy").count() == 1


def test_submitting_the_organization_form_twice_creates_one_organization(client, coordinator_a, hospital_a):
    client.force_login(coordinator_a)
    url = reverse("organization-create")
    page = client.get(url)
    token = page.context["form_token"]
    assert f'name="form_token" value="{token}"' in page.content.decode()
    first = client.post(url, _form("Bệnh viện Foch", form_token=token))
    again = client.post(url, _form("Bệnh viện Foch", form_token=token))
    created = Organization.objects.get(name="Bệnh viện Foch")
    assert first["Location"] == again["Location"] == created.get_absolute_url()


def test_the_edit_form_offers_to_merge_into_the_likely_duplicate(client, coordinator_a, hospital_a, partner_of_a):
    from medcoop.core.locking import version_of

    copy = make_partner(hospital_a, "Bệnh viện Foch")
    client.force_login(coordinator_a)
    response = client.post(
        reverse("organization-edit", args=[copy.pk]), _form("Gustave Roussy", version=version_of(copy))
    )
    assert response.status_code == 400
    merge = reverse("organization-merge", args=[partner_of_a.pk]) + f"?merged={copy.pk}"
    assert merge in response.content.decode()
    assert Organization.objects.get(pk=copy.pk).name == "Bệnh viện Foch"
    assert client.get(merge).context["preselected"] == copy.pk


def test_the_api_answers_409_with_the_likely_duplicates_unless_confirmed(client, coordinator_a, partner_of_a):
    from medcoop.accounts.tokens import create_token

    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(coordinator_a, 'test')[1]}"}
    body = {"name": "VIEN GUSTAVE ROUSSY", "country": "FR"}
    refused = client.post("/api/organizations/", body, content_type="application/json", **headers)
    assert refused.status_code == 409
    assert [d["id"] for d in refused.json()["duplicates"]] == [partner_of_a.pk]
    assert not Organization.objects.filter(name="VIEN GUSTAVE ROUSSY").exists()
    body["confirm_duplicates"] = True
    assert client.post("/api/organizations/", body, content_type="application/json", **headers).status_code == 201
    assert Organization.objects.filter(name="VIEN GUSTAVE ROUSSY").count() == 1


def test_a_patient_referred_by_the_duplicate_moves_and_nothing_clinical_enters_the_audit(coordinator_a, hospital_a):
    from medcoop.patients.models import PatientEpisode
    from medcoop.patients.services import save_episode

    kept = make_partner(hospital_a, "Bệnh viện Mahosot", "LA")
    copy = make_partner(hospital_a, "Mahosot Hospital", "LA")
    episode = save_episode(
        coordinator_a,
        PatientEpisode(
            owner=hospital_a, nationality="LA", home_region="Savannakhet", diagnosis="C34.1", referring_institution=copy
        ),
        {"name": "Souksavanh Phommachanh", "identity_number": "LA-123456", "birth_date": "04/07/1965"},
    )
    event = merge_organizations(coordinator_a, kept, copy)
    assert PatientEpisode.objects.get(pk=episode.pk).referring_institution == kept
    logged = str(event.changes)
    assert not [text for text in ("Souksavanh", "Savannakhet", "C34", "LA-123456") if text in logged]
    undo_organization_merge(coordinator_a, kept, event)
    assert PatientEpisode.objects.get(pk=episode.pk).referring_institution_id == copy.pk


def test_an_undo_that_would_clash_with_a_later_record_is_refused_and_changes_nothing(
    coordinator_a, hospital_a, partner_of_a, activity_of_a
):
    copy = make_partner(hospital_a, "Vien Gustave Roussy", code="vgr")
    ActivityPartner.objects.create(activity=activity_of_a, organization=copy, role="funder")
    event = merge_organizations(coordinator_a, partner_of_a, copy)
    make_partner(hospital_a, "Đối tác mới", code="vgr")  # the code is free again, and taken
    with pytest.raises(ValidationError) as error:
        undo_organization_merge(coordinator_a, partner_of_a, event)
    assert "Không thể khôi phục" in error.value.messages[0] or "cannot be put back" in error.value.messages[0]
    assert not Organization.objects.filter(pk=copy.pk).exists()
    assert ActivityPartner.objects.get(activity=activity_of_a, role="funder").organization == partner_of_a
    assert merges_of(partner_of_a) == [event]
