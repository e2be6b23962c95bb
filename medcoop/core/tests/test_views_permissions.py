"""Every registry page, for every role: a user who must not see a record gets 404, as if it did not exist."""

import pytest
from django.urls import reverse

from medcoop.conftest import make_user
from medcoop.core.permissions import Role

PAGES = {
    "organization-detail": "partner_of_a",
    "organization-edit": "partner_of_a",
    "organization-delete": "partner_of_a",
    "agreement-detail": "agreement_of_a",
    "agreement-edit": "agreement_of_a",
    "agreement-delete": "agreement_of_a",
    "activity-detail": "activity_of_a",
    "activity-edit": "activity_of_a",
    "activity-delete": "activity_of_a",
}
READ_PAGES = {"organization-detail", "agreement-detail", "activity-detail"}
LISTS = ["dashboard", "organization-list", "agreement-list", "activity-list"]
CREATE_PAGES = ["organization-create", "agreement-create", "activity-create"]


@pytest.fixture
def records(partner_of_a, agreement_of_a, activity_of_a):
    return {"partner_of_a": partner_of_a, "agreement_of_a": agreement_of_a, "activity_of_a": activity_of_a}


@pytest.fixture
def people(users, coordinator_b):
    return {**{role.value: user for role, user in users.items()}, "other_coordinator": coordinator_b}


def expected_status(who: str, page: str) -> int:
    """Institution A's staff, the ministry and the admin read A's records; only A's coordinator changes them."""
    if who == "coordinator":
        return 200
    if who in {"clinician", "leadership", "ministry", "admin"} and page in READ_PAGES:
        return 200
    return 404


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(
    "who", ["coordinator", "clinician", "leadership", "partner", "ministry", "admin", "other_coordinator"]
)
def test_record_pages_answer_404_to_whoever_may_not_see_or_change_them(client, records, people, who, page):
    client.force_login(people[who])
    response = client.get(reverse(page, args=[records[PAGES[page]].pk]))
    assert response.status_code == expected_status(who, page)


@pytest.mark.parametrize("page", sorted(set(PAGES) - READ_PAGES))
def test_changes_by_another_institution_are_refused_and_change_nothing(client, records, coordinator_b, page):
    record = records[PAGES[page]]
    client.force_login(coordinator_b)
    response = client.post(reverse(page, args=[record.pk]), {"title": "x", "name": "x"})
    assert response.status_code == 404
    assert str(type(record).objects.get(pk=record.pk)) == str(record)


@pytest.mark.parametrize("page", LISTS + CREATE_PAGES)
def test_anonymous_visitors_are_sent_to_log_in(client, db, page):
    response = client.get(reverse(page))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("page", LISTS)
def test_a_partner_expert_has_no_registry_pages(client, users, page):
    client.force_login(users[Role.PARTNER])
    assert client.get(reverse(page)).status_code == 404


@pytest.mark.parametrize(
    "role, status",
    [(Role.COORDINATOR, 200), (Role.CLINICIAN, 404), (Role.LEADERSHIP, 404), (Role.MINISTRY, 404), (Role.PARTNER, 404)],
)
@pytest.mark.parametrize("page", CREATE_PAGES)
def test_only_a_coordinator_opens_the_create_forms(client, users, role, status, page):
    client.force_login(users[role])
    assert client.get(reverse(page)).status_code == status


def test_lists_show_only_what_the_user_may_see(client, records, hospital_b, partner_of_b, coordinator_b):
    client.force_login(coordinator_b)
    for page, record in [
        ("organization-list", records["partner_of_a"]),
        ("agreement-list", records["agreement_of_a"]),
        ("activity-list", records["activity_of_a"]),
    ]:
        content = client.get(reverse(page)).content.decode()
        assert str(record) not in content
    assert partner_of_b.name in client.get(reverse("organization-list")).content.decode()


def test_an_agreement_of_another_institution_cannot_be_attached_to_a_new_activity(
    client, records, hospital_b, coordinator_b
):
    client.force_login(coordinator_b)
    page = client.get(reverse("activity-create") + f"?agreement={records['agreement_of_a'].pk}").content.decode()
    assert str(records["agreement_of_a"]) not in page


def test_documents_download_only_for_those_who_see_the_agreement(
    client, records, coordinator_b, users, settings, tmp_path
):
    from django.core.files.base import ContentFile

    from medcoop.agreements.models import AgreementDocument

    settings.MEDIA_ROOT = tmp_path
    document = AgreementDocument(agreement=records["agreement_of_a"], title="Bản ký")
    document.file.save("mou.pdf", ContentFile(b"%PDF-1.4\n%test\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"), save=False)
    document.save()
    url = reverse("agreement-document", args=[document.pk])
    client.force_login(coordinator_b)
    assert client.get(url).status_code == 404
    client.force_login(users[Role.PARTNER])
    assert client.get(url).status_code == 404
    client.force_login(users[Role.CLINICIAN])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_deactivated_user_sees_nothing(client, records, hospital_a):
    user = make_user("gone", Role.COORDINATOR, hospital_a)
    client.force_login(user)
    user.is_active = False
    user.save()
    assert client.get(reverse("agreement-detail", args=[records["agreement_of_a"].pk])).status_code == 302
