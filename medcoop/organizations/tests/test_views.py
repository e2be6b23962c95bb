"""The organization pages a coordinator uses: search, filters, sorting, pages, and editing with contacts."""

import unicodedata

from django.urls import reverse

from medcoop.conftest import formset_data, make_partner
from medcoop.core.locking import version_of
from medcoop.organizations.models import Organization


def names_listed(response) -> list[str]:
    return [o.name for o in response.context["object_list"]]


def test_search_ignores_accents_and_answers_htmx_with_the_results_only(client, coordinator_a, hospital_a, partner_of_a):
    client.force_login(coordinator_a)
    response = client.get(reverse("organization-list"), {"q": "benh vien k"})
    assert names_listed(response) == ["Bệnh viện K"]
    partial = client.get(reverse("organization-list"), {"q": "gustave"}, HTTP_HX_REQUEST="true")
    assert names_listed(partial) == ["Viện Gustave Roussy"]
    assert "<html" not in partial.content.decode()


def test_filters_and_sorting_live_in_the_url(client, coordinator_a, hospital_a, partner_of_a):
    make_partner(hospital_a, "Bệnh viện Mahosot", "LA")
    client.force_login(coordinator_a)
    assert names_listed(client.get(reverse("organization-list"), {"country": "LA"})) == ["Bệnh viện Mahosot"]
    assert names_listed(client.get(reverse("organization-list"), {"membership": "member"})) == ["Bệnh viện K"]
    ascending = names_listed(client.get(reverse("organization-list"), {"sort": "name"}))
    assert names_listed(client.get(reverse("organization-list"), {"sort": "-name"})) == ascending[::-1]
    page = client.get(reverse("organization-list"), {"country": "LA", "sort": "name"}).content.decode()
    assert "country=LA" in page and "sort=-name" in page  # the header keeps the filter and flips the order


def test_fifty_rows_a_page(client, coordinator_a, hospital_a):
    for number in range(60):
        make_partner(hospital_a, f"Đối tác {number:02d}")
    client.force_login(coordinator_a)
    first = client.get(reverse("organization-list"))
    assert len(first.context["object_list"]) == 50
    second = client.get(reverse("organization-list"), {"page": 2})
    assert len(second.context["object_list"]) == 11  # 60 partners and the institution itself
    assert not set(names_listed(first)) & set(names_listed(second))


def organization_post(name, contacts=(), initial=0, **fields):
    return {
        "name": name,
        "kind": "hospital",
        "country": "FR",
        "aliases": "",
        **fields,
        **formset_data("contacts", list(contacts), initial),
    }


def test_a_coordinator_adds_a_partner_with_a_contact_normalised_to_nfc(client, coordinator_a, hospital_a):
    client.force_login(coordinator_a)
    decomposed = unicodedata.normalize("NFD", "Viện Tim Paris")
    response = client.post(
        reverse("organization-create"),
        organization_post(
            decomposed, [{"name": "Lê Văn A", "role": "focal_point", "email": "a@example.fr"}], aliases="Tim Paris\nIHP"
        ),
    )
    partner = Organization.objects.get(name="Viện Tim Paris")
    assert response.status_code == 302 and response["Location"] == partner.get_absolute_url()
    assert partner.owner == hospital_a and not partner.is_member
    assert partner.aliases == ["Tim Paris", "IHP"]
    assert list(partner.contacts.values_list("name", flat=True)) == ["Lê Văn A"]
    page = client.get(partner.get_absolute_url()).content.decode()
    assert "Lê Văn A" in page and "a@example.fr" in page


def test_a_bad_contact_is_shown_in_vietnamese_and_nothing_is_saved(client, coordinator_a, hospital_a):
    client.force_login(coordinator_a)
    response = client.post(
        reverse("organization-create"),
        organization_post("Viện Tim Paris", [{"name": "Lê Văn A", "role": "focal_point", "email": "not-an-address"}]),
    )
    assert response.status_code == 400
    assert "Nhập địa chỉ email." in response.content.decode()
    assert not Organization.objects.filter(name="Viện Tim Paris").exists()


def test_editing_keeps_a_contact_and_removing_one_deletes_it(client, coordinator_a, hospital_a, partner_of_a):
    kept = partner_of_a.contacts.create(name="Người ở lại", role="focal_point")
    dropped = partner_of_a.contacts.create(name="Người rời đi", role="backup")
    client.force_login(coordinator_a)
    rows = [
        {"pk": kept.pk, "name": "Người ở lại", "role": "signatory"},
        {"pk": dropped.pk, "name": "Người rời đi", "role": "backup", "DELETE": "on"},
    ]
    response = client.post(
        reverse("organization-edit", args=[partner_of_a.pk]),
        organization_post(
            partner_of_a.name, rows, initial=2, aliases="Gustave Roussy", version=version_of(partner_of_a)
        ),
    )
    assert response.status_code == 302
    assert list(partner_of_a.contacts.values_list("pk", "role")) == [(kept.pk, "signatory")]


def test_delete_asks_first_and_refuses_an_organization_still_in_use(
    client, coordinator_a, hospital_a, partner_of_a, agreement_of_a
):
    client.force_login(coordinator_a)
    url = reverse("organization-delete", args=[partner_of_a.pk])
    assert "Xóa" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 400
    assert "vẫn đang được dùng" in response.content.decode()
    assert Organization.objects.filter(pk=partner_of_a.pk).exists()
    unused = make_partner(hospital_a, "Đối tác chưa dùng")
    assert client.post(reverse("organization-delete", args=[unused.pk])).status_code == 302
    assert not Organization.objects.filter(pk=unused.pk).exists()


def test_the_detail_page_lists_agreements_activities_and_contacts(
    client, coordinator_a, partner_of_a, agreement_of_a, activity_of_a
):
    partner_of_a.contacts.create(name="Dr. Dupont", role="signatory")
    client.force_login(coordinator_a)
    page = client.get(partner_of_a.get_absolute_url()).content.decode()
    for text in (agreement_of_a.title, activity_of_a.title, "Dr. Dupont", "Pháp"):
        assert text in page


def test_an_empty_organization_gets_one_message_per_field_and_a_contact_has_a_job_title(client, coordinator_a):
    client.force_login(coordinator_a)
    response = client.post(reverse("organization-create"), organization_post("", kind="", country=""))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {field: len(messages) for field, messages in errors.items()} == {"name": 1, "kind": 1, "country": 1}
    page = response.content.decode()
    assert "alpha-2" not in page  # no technical second error
    assert "chức danh" in page and "tiêu đề" not in page


def test_every_select_offers_the_same_empty_choice(client, coordinator_a):
    client.force_login(coordinator_a)
    page = client.get(reverse("organization-create")).content.decode()
    assert "---------" not in page
    assert '<option value="" selected>—</option>' in page  # the parent (a model choice) and the kind alike
