"""A case whose text identifies the patient is not sent until the text is cleaned or a coordinator lets it go."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from medcoop.consultations import services
from medcoop.consultations.models import CaseStatus
from medcoop.core.models import AuditEvent

HISTORY = "Bệnh nhân Nguyễn Văn An, sinh ngày 12/03/1970, CCCD 001070012345, ĐT 0912345678"


@pytest.fixture
def identified(draft):
    draft.history = HISTORY
    draft.save()
    return draft


def test_a_case_naming_the_patient_is_not_sent(identified, clinician_a):
    with pytest.raises(ValidationError) as refused:
        services.submit(clinician_a, identified)
    identified.refresh_from_db()
    assert identified.status == CaseStatus.DRAFT
    message = " ".join(refused.value.messages)
    assert "CCCD" in message and "001070012345" not in message and "Nguyễn" not in message


def test_an_age_band_contradicting_the_birth_year_is_not_sent(draft, clinician_a):
    draft.age_band, draft.history = "1-15", "sinh năm 1970, u phổi"
    draft.save()
    with pytest.raises(ValidationError):
        services.submit(clinician_a, draft)


def test_an_attachment_title_is_screened(draft, clinician_a, dicom_bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    services.add_attachment(clinician_a, draft, SimpleUploadedFile("ct.dcm", dicom_bytes), "CT của Trần Thị Mai")
    with pytest.raises(ValidationError):
        services.submit(clinician_a, draft)


def test_the_clinician_sees_each_span_marked_with_why(identified, clinician_a, logged_in):
    page = logged_in(clinician_a).get(identified.get_absolute_url()).content.decode()
    assert '<mark class="identifier" title="số căn cước (CCCD/CMND)">001070012345</mark>' in page
    assert page.count('class="identifier"') == 4


def test_a_coordinators_reason_lets_the_findings_go_audited_without_the_text(identified, clinician_a, coordinator_a):
    with pytest.raises(PermissionDenied):
        services.screening.override(clinician_a, identified, "cần thiết")
    with pytest.raises(ValidationError):
        services.screening.override(coordinator_a, identified, "  ")
    services.screening.override(coordinator_a, identified, "Gia đình đồng ý, chuyên gia cần tên để đối chiếu")
    entry = AuditEvent.objects.filter(changes__has_key="identifiers_override").get()
    assert entry.changes["identifiers_override"][1] == {"name": 1, "birth_date": 1, "cccd": 1, "phone": 1}
    assert "001070012345" not in str(AuditEvent.objects.values_list("changes", flat=True).last())
    services.submit(clinician_a, identified)
    assert identified.status == CaseStatus.SUBMITTED


def test_a_text_changed_after_the_override_needs_a_new_one(identified, clinician_a, coordinator_a):
    services.screening.override(coordinator_a, identified, "đã kiểm tra")
    identified.history += ", email an@gmail.com"
    identified.save()
    with pytest.raises(ValidationError):
        services.submit(clinician_a, identified)


def test_a_clinician_posting_the_override_changes_nothing(identified, clinician_a, logged_in):
    logged_in(clinician_a).post(f"/consultations/{identified.pk}/let-identifiers-go/", {"reason": "x"})
    identified.refresh_from_db()
    assert identified.identifiers_override_digest == ""


def test_the_api_answers_a_save_with_what_it_found(client, draft, clinician_a):
    from medcoop.core.tests.test_api import bearer

    saved = client.patch(
        f"/api/consultations/{draft.pk}", {"history": HISTORY}, content_type="application/json", **bearer(clinician_a)
    )
    assert saved.status_code == 200, saved.content
    found = saved.json()["identifiers"]
    assert [(f["kind"], HISTORY[f["start"] : f["end"]]) for f in found][2] == ("cccd", "001070012345")
    refused = client.post(
        f"/api/consultations/{draft.pk}/submit", {}, content_type="application/json", **bearer(clinician_a)
    )
    assert refused.status_code == 400 and "001070012345" not in refused.content.decode()


@pytest.fixture
def accepted(draft, clinician_a, expert):
    services.submit(clinician_a, draft)
    services.accept(expert, draft)
    return draft


def test_an_opinion_naming_the_patient_comes_back_with_its_text_until_its_writer_checks_it(accepted, expert, logged_in):
    from django.urls import reverse

    client = logged_in(expert)
    text = "Đề nghị xạ trị; gọi cho chị Lê Thị Hoa theo số 0912345678 để hẹn."
    url = reverse("case-action", args=[accepted.pk, "opinion"])
    refused = client.post(url, {"text": text})
    page = refused.content.decode()
    assert refused.status_code == 400
    assert "xác định danh tính" in page and "0912345678" in page  # the writer's own text, kept for them
    assert not accepted.opinions.exists()

    assert client.post(url, {"text": text, "identifiers_checked": "on"}).status_code == 302
    assert accepted.opinions.get().text == text
    entry = AuditEvent.objects.filter(changes__has_key="identifiers_checked_in_text").get()
    assert "0912345678" not in str(entry.changes) and "Hoa" not in str(entry.changes)


def test_the_api_refuses_an_identifying_outcome_without_the_check(client, accepted, expert, clinician_a):
    from medcoop.core.tests.test_api import bearer

    services.submit_opinion(expert, accepted, "Xạ trị.")
    url = f"/api/consultations/{accepted.pk}/outcome"
    outcome = {"outcome": "Đã xạ trị, BN Trần Văn Bình, CCCD 001070012345, ổn định."}
    refused = client.post(url, outcome, content_type="application/json", **bearer(clinician_a))
    accepted.refresh_from_db()
    assert refused.status_code == 400 and "001070012345" not in refused.content.decode()
    assert accepted.outcome == ""
    checked = client.post(
        url, outcome | {"identifiers_checked": True}, content_type="application/json", **bearer(clinician_a)
    )
    assert checked.status_code == 200, checked.content
