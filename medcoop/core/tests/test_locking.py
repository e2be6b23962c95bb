"""No lost update, no double create: a save based on a version someone else has saved over is refused, saying
what changed meanwhile, and writes nothing; a create form sent twice makes one record."""

import re

from django.test import Client
from django.urls import reverse

from medcoop.agreements.models import Agreement
from medcoop.agreements.tests.test_views import agreement_post
from medcoop.conftest import TwoFactorClient, make_user
from medcoop.core.permissions import Role
from medcoop.core.tests.test_api import bearer


def _edit_page(client, agreement):
    page = client.get(reverse("agreement-edit", args=[agreement.pk])).content.decode()
    return re.search(r'name="version" value="([^"]+)"', page)[1]


def _parties(hospital_a, partner_of_a):
    return [{"organization": hospital_a.pk}, {"organization": partner_of_a.pk}]


def _edit(agreement, hospital_a, partner_of_a, version, **fields):
    return agreement_post(
        _parties(hospital_a, partner_of_a), [], 2, 0, signed_on="27/11/2024", version=version, **fields
    )


def test_two_people_editing_the_same_agreement_the_second_is_told_and_nothing_is_lost(
    client, coordinator_a, hospital_a, partner_of_a, agreement_of_a
):
    colleague = TwoFactorClient()
    colleague.force_login(make_user("coord_a2", Role.COORDINATOR, hospital_a))
    client.force_login(coordinator_a)
    mine, theirs = _edit_page(client, agreement_of_a), _edit_page(colleague, agreement_of_a)
    assert mine == theirs
    url = reverse("agreement-edit", args=[agreement_of_a.pk])
    first = client.post(url, _edit(agreement_of_a, hospital_a, partner_of_a, mine, title="MOU đã sửa tên"))
    assert first.status_code == 302
    second = colleague.post(
        url, _edit(agreement_of_a, hospital_a, partner_of_a, theirs, title=agreement_of_a.title, summary="Tóm tắt")
    )
    assert second.status_code == 400
    page = second.content.decode()
    assert "Người khác đã lưu hồ sơ này" in page and "Tiêu đề" in page
    agreement_of_a.refresh_from_db()
    assert agreement_of_a.title == "MOU đã sửa tên" and agreement_of_a.summary == ""
    # Having seen the message, the page carries the new version: saving again is a choice, and it works.
    again = colleague.post(
        url,
        _edit(agreement_of_a, hospital_a, partner_of_a, _edit_page(colleague, agreement_of_a), summary="Tóm tắt"),
    )
    assert again.status_code == 302


def test_a_create_form_sent_twice_makes_one_record(client, coordinator_a, hospital_a, partner_of_a):
    client.force_login(coordinator_a)
    page = client.get(reverse("agreement-create")).content.decode()
    token = re.search(r'name="form_token" value="([^"]+)"', page)[1]
    data = agreement_post(_parties(hospital_a, partner_of_a), form_token=token)
    first = client.post(reverse("agreement-create"), data)
    second = client.post(reverse("agreement-create"), data)
    agreement = Agreement.objects.get(title="MOU với Viện Tim")
    assert first.status_code == second.status_code == 302
    assert second["Location"] == agreement.get_absolute_url()
    assert Agreement.objects.filter(title="MOU với Viện Tim").count() == 1


def test_a_create_refused_for_bad_input_can_be_sent_again_corrected(client, coordinator_a, hospital_a, partner_of_a):
    client.force_login(coordinator_a)
    page = client.get(reverse("agreement-create")).content.decode()
    token = re.search(r'name="form_token" value="([^"]+)"', page)[1]
    bad = client.post(
        reverse("agreement-create"), agreement_post(_parties(hospital_a, partner_of_a), title="", form_token=token)
    )
    assert bad.status_code == 400
    good = client.post(
        reverse("agreement-create"), agreement_post(_parties(hospital_a, partner_of_a), form_token=token)
    )
    assert good.status_code == 302 and Agreement.objects.filter(title="MOU với Viện Tim").count() == 1


def test_an_api_patch_with_a_stale_version_is_refused_and_changes_nothing(coordinator_a, activity_of_a):
    api, headers = Client(), {"content_type": "application/json", **bearer(coordinator_a)}
    version = api.get(f"/api/activities/{activity_of_a.pk}", **bearer(coordinator_a)).json()["version"]
    first = api.patch(f"/api/activities/{activity_of_a.pk}", {"title": "Đổi tên", "version": version}, **headers)
    assert first.status_code == 200 and first.json()["version"] != version
    stale = api.patch(f"/api/activities/{activity_of_a.pk}", {"place": "Huế", "version": version}, **headers)
    assert stale.status_code == 400
    assert "Người khác đã lưu hồ sơ này" in stale.json()["message"]
    activity_of_a.refresh_from_db()
    assert activity_of_a.title == "Đổi tên" and activity_of_a.place == ""


def test_an_organization_patch_with_a_stale_version_is_refused(coordinator_a, partner_of_a):
    api, headers = Client(), {"content_type": "application/json", **bearer(coordinator_a)}
    url = f"/api/organizations/{partner_of_a.pk}"
    version = api.get(url, **bearer(coordinator_a)).json()["version"]
    assert api.patch(url, {"city": "Villejuif", "version": version}, **headers).status_code == 200
    stale = api.patch(url, {"name": "Tên khác", "version": version}, **headers)
    assert stale.status_code == 400 and "Thành phố" in stale.json()["message"]
    partner_of_a.refresh_from_db()
    assert partner_of_a.name == "Viện Gustave Roussy" and partner_of_a.city == "Villejuif"


def test_a_draft_case_edited_on_a_stale_page_is_refused(client, coordinator_a, hospital_a, partner_of_a):
    from medcoop.consultations import services
    from medcoop.consultations.models import ConsultationCase

    clinician = make_user("bacsi_lock", Role.CLINICIAN, hospital_a)
    case = services.save_case(
        clinician,
        ConsultationCase(owner=hospital_a, specialty_id="oncology", question="Xạ trị?", age_band="40-64", sex="male"),
        partners=[partner_of_a],
    )
    client.force_login(clinician)
    page = client.get(reverse("case-edit", args=[case.pk])).content.decode()
    version = re.search(r'name="version" value="([^"]+)"', page)[1]
    case.findings = "Điều phối viên đã bổ sung"
    services.save_case(coordinator_a, case)
    data = {"specialty": "oncology", "urgency": "routine", "partners": [partner_of_a.pk], "question": "Phẫu thuật?"}
    stale = client.post(
        reverse("case-edit", args=[case.pk]), {**data, "age_band": "40-64", "sex": "male", "version": version}
    )
    assert stale.status_code == 400 and "Người khác đã lưu hồ sơ này" in stale.content.decode()
    case.refresh_from_db()
    assert case.question == "Xạ trị?"


def test_an_edit_page_post_without_a_version_is_refused_like_a_stale_one(
    client, coordinator_a, hospital_a, partner_of_a, agreement_of_a
):
    client.force_login(coordinator_a)
    url = reverse("agreement-edit", args=[agreement_of_a.pk])
    refused = client.post(url, _edit(agreement_of_a, hospital_a, partner_of_a, "", title="MOU không phiên bản"))
    assert refused.status_code == 400 and "không cho biết phiên bản" in refused.content.decode()
    agreement_of_a.refresh_from_db()
    assert agreement_of_a.title != "MOU không phiên bản"


def test_a_case_edit_post_without_a_version_is_refused(client, hospital_a, partner_of_a):
    from medcoop.consultations import services
    from medcoop.consultations.models import ConsultationCase

    clinician = make_user("bacsi_nover", Role.CLINICIAN, hospital_a)
    case = services.save_case(
        clinician,
        ConsultationCase(owner=hospital_a, specialty_id="oncology", question="Xạ trị?", age_band="40-64", sex="male"),
        partners=[partner_of_a],
    )
    client.force_login(clinician)
    data = {"specialty": "oncology", "urgency": "routine", "partners": [partner_of_a.pk], "question": "Phẫu thuật?"}
    refused = client.post(reverse("case-edit", args=[case.pk]), {**data, "age_band": "40-64", "sex": "male"})
    assert refused.status_code == 400 and "không cho biết phiên bản" in refused.content.decode()
    case.refresh_from_db()
    assert case.question == "Xạ trị?"


def test_an_api_patch_without_a_version_is_accepted_but_a_stale_one_is_not(coordinator_a, activity_of_a):
    api, headers = Client(), {"content_type": "application/json", **bearer(coordinator_a)}
    url = f"/api/activities/{activity_of_a.pk}"
    stale = api.get(url, **bearer(coordinator_a)).json()["version"]
    assert api.patch(url, {"title": "Không phiên bản"}, **headers).status_code == 200
    assert api.patch(url, {"place": "Huế", "version": stale}, **headers).status_code == 400
    activity_of_a.refresh_from_db()
    assert activity_of_a.title == "Không phiên bản" and activity_of_a.place == ""
