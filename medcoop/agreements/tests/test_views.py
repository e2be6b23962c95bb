"""The agreement pages: lists by status and partner, the detail a coordinator checks, and the form with its
parties and commitments saved as one."""

from datetime import date

from django.urls import reverse

from medcoop.agreements.models import Agreement, Commitment
from medcoop.agreements.services import save_agreement
from medcoop.conftest import formset_data, make_partner
from medcoop.core.locking import version_of


def titles(response) -> list[str]:
    return [a.title for a in response.context["object_list"]]


def test_filters_by_status_partner_country_year_and_search(
    client, coordinator_a, hospital_a, partner_of_a, agreement_of_a
):
    lao = make_partner(hospital_a, "Bệnh viện Mahosot", "LA")
    old = save_agreement(
        coordinator_a,
        Agreement(owner=hospital_a, title="Thỏa thuận cũ với Lào", signed_on=date(2015, 1, 1), duration_months=36),
        parties=[{"organization": hospital_a}, {"organization": lao}],
    )
    client.force_login(coordinator_a)
    url = reverse("agreement-list")
    assert titles(client.get(url, {"status": "expired"})) == [old.title]
    assert titles(client.get(url, {"status": "active"})) == [agreement_of_a.title]
    assert titles(client.get(url, {"partner": lao.pk})) == [old.title]
    assert titles(client.get(url, {"country": "FR"})) == [agreement_of_a.title]
    assert titles(client.get(url, {"year": 2015})) == [old.title]
    assert titles(client.get(url, {"q": "thoa thuan cu"})) == [old.title]
    assert titles(client.get(url, {"sort": "signed"})) == [old.title, agreement_of_a.title]


def test_the_detail_shows_parties_status_commitments_and_activities(
    client, coordinator_a, agreement_of_a, activity_of_a
):
    client.force_login(coordinator_a)
    page = client.get(agreement_of_a.get_absolute_url()).content.decode()
    for text in (
        "Viện Gustave Roussy",
        "Đang hiệu lực",
        "27/11/2024",
        "26/11/2029",
        "Hội chẩn hằng tháng",
        "Quá hạn",
        activity_of_a.title,
    ):
        assert text in page


def test_the_renewal_chain_links_both_ways(client, coordinator_a, hospital_a, partner_of_a, agreement_of_a):
    renewal = save_agreement(
        coordinator_a,
        Agreement(owner=hospital_a, title="Gia hạn 2029", signed_on=date(2029, 11, 1), renews=agreement_of_a),
        parties=[{"organization": hospital_a}, {"organization": partner_of_a}],
    )
    client.force_login(coordinator_a)
    assert agreement_of_a.title in client.get(renewal.get_absolute_url()).content.decode()
    assert renewal.get_absolute_url() in client.get(agreement_of_a.get_absolute_url()).content.decode()


def agreement_post(parties, commitments=(), parties_initial=0, commitments_initial=0, **fields):
    return {
        "title": "MOU với Viện Tim",
        "kind": "mou",
        "level": "institution",
        "signed_on": "01/03/2025",
        "duration_months": "60",
        **fields,
        **formset_data("parties", list(parties), parties_initial),
        **formset_data("commitments", list(commitments), commitments_initial),
    }


def test_a_coordinator_records_an_agreement_with_parties_and_a_commitment(
    client, coordinator_a, hospital_a, partner_of_a
):
    client.force_login(coordinator_a)
    assert client.get(reverse("agreement-create")).context["formsets"]["parties"].initial == [
        {"organization": hospital_a.pk}
    ]
    response = client.post(
        reverse("agreement-create"),
        agreement_post(
            [{"organization": hospital_a.pk}, {"organization": partner_of_a.pk, "signatory_name": "GS. Martin"}],
            [
                {
                    "party": partner_of_a.pk,
                    "description": "Gửi hai chuyên gia",
                    "due_on": "30/06/2025",
                    "status": "pending",
                }
            ],
        ),
    )
    agreement = Agreement.objects.get(title="MOU với Viện Tim")
    assert response.status_code == 302
    assert agreement.owner == hospital_a and agreement.expires_on == date(2030, 2, 28)
    assert agreement.parties.get(organization=partner_of_a).signatory_name == "GS. Martin"
    assert agreement.commitments.get().due_on == date(2025, 6, 30)


def test_one_party_is_refused_in_vietnamese_and_nothing_is_saved(client, coordinator_a, hospital_a):
    client.force_login(coordinator_a)
    response = client.post(reverse("agreement-create"), agreement_post([{"organization": hospital_a.pk}]))
    assert response.status_code == 400
    assert "Thỏa thuận cần ít nhất hai bên." in response.content.decode()
    assert not Agreement.objects.exists()


def test_a_commitment_by_a_non_party_is_shown_on_its_row_and_nothing_is_saved(
    client, coordinator_a, hospital_a, partner_of_a
):
    outsider = make_partner(hospital_a, "Không phải một bên", "DE")
    client.force_login(coordinator_a)
    response = client.post(
        reverse("agreement-create"),
        agreement_post(
            [{"organization": hospital_a.pk}, {"organization": partner_of_a.pk}],
            [{"party": outsider.pk, "description": "Hứa suông", "status": "pending"}],
        ),
    )
    assert response.status_code == 400
    row = response.context["formsets"]["commitments"].forms[0]
    assert row.errors["party"] == ["Chỉ các bên của thỏa thuận mới có cam kết theo thỏa thuận đó."]
    assert not Agreement.objects.exists()


def test_a_bad_date_is_explained_in_vietnamese(client, coordinator_a, hospital_a, partner_of_a):
    client.force_login(coordinator_a)
    response = client.post(
        reverse("agreement-create"),
        agreement_post([{"organization": hospital_a.pk}, {"organization": partner_of_a.pk}], signed_on="31/02/2025"),
    )
    assert response.status_code == 400
    assert response.context["form"].errors["signed_on"] == ["Ngày “31/02/2025” không có trên lịch."]


def test_marking_a_commitment_kept_updates_it_in_place(client, coordinator_a, hospital_a, partner_of_a, agreement_of_a):
    commitment = agreement_of_a.commitments.get()
    client.force_login(coordinator_a)
    data = agreement_post(
        [{"organization": hospital_a.pk}, {"organization": partner_of_a.pk}],
        [
            {
                "pk": commitment.pk,
                "party": partner_of_a.pk,
                "description": commitment.description,
                "due_on": "31/03/2025",
                "status": "done",
                "done_on": "15/03/2025",
            }
        ],
        2,
        1,
        title=agreement_of_a.title,
        signed_on="27/11/2024",
        version=version_of(agreement_of_a),
    )
    response = client.post(reverse("agreement-edit", args=[agreement_of_a.pk]), data)
    assert response.status_code == 302
    assert list(Commitment.objects.values_list("pk", "status", "done_on")) == [
        (commitment.pk, "done", date(2025, 3, 15))
    ]
