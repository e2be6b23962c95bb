"""Consultation pages: the case a clinician writes, what an invited expert sees and fetches, the record and the
FHIR export, and 404 for everyone else — through the pages, the file URLs and the documents alike."""

import io
import json
import re
from datetime import timedelta

import docx
import pydicom
import pytest
from django.urls import reverse
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle
from pypdf import PdfReader

from medcoop.conftest import make_user
from medcoop.consultations import services
from medcoop.consultations.models import CaseStatus, ConsultationCase, Session
from medcoop.core.models import AuditEvent, Specialty
from medcoop.core.permissions import Role
from medcoop.privacy.models import Consent
from medcoop.privacy.services import record_consent

from .conftest import make_dicom


@pytest.fixture
def expert(expert):
    """The French expert reads in English, in Paris time."""
    user = expert
    user.time_zone, user.language = "Europe/Paris", "en"
    user.save()
    return user


@pytest.fixture
def answered_case(clinician_a, hospital_a, partner_of_a, expert, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = services.save_case(
        clinician_a,
        ConsultationCase(
            owner=hospital_a,
            specialty=Specialty.objects.get(code="oncology"),
            question="Xạ trị hay phẫu thuật?",
            age_band="40-64",
            sex="female",
            history="U phổi phải 3 cm",
            findings="CT: không di căn",
            question_translated="Radiotherapy or surgery?",
            summary_translated="Woman aged 40-64, right lung tumour of 3 cm, no metastasis on CT.",
        ),
        partners=[partner_of_a],
        translation_checked=True,
    )
    services.invite(clinician_a, case, expert)
    from django.core.files.uploadedfile import SimpleUploadedFile

    services.add_attachment(clinician_a, case, SimpleUploadedFile("ct.dcm", make_dicom()))
    record_consent(clinician_a, case, Consent(given_on=timezone.localdate()))
    services.submit(clinician_a, case)
    services.accept(expert, case)
    services.submit_opinion(expert, case, "Stereotactic radiotherapy is advised.")
    return case


def test_a_clinician_writes_a_case_and_invites_an_expert(client, clinician_a, partner_of_a, expert):
    client.force_login(clinician_a)
    response = client.post(
        reverse("case-create"),
        {
            "specialty": "oncology",
            "urgency": "urgent",
            "partners": [partner_of_a.pk],
            "question": "Hóa trị tiếp?",
            "age_band": "65+",
            "sex": "male",
            "experts": [expert.pk],
            "due_on": "30/12/2026",
            "question_translated": "More chemotherapy?",
            "summary_translated": "Man over 65.",
            "translation_checked": "on",
        },
    )
    case = ConsultationCase.objects.get()
    assert response.status_code == 302 and case.requested_by == clinician_a and case.status == CaseStatus.DRAFT
    assert list(case.invitations.values_list("expert", flat=True)) == [expert.pk]
    refused = client.post(reverse("case-action", args=[case.pk, "submit"]), follow=True)
    assert "Hãy ghi nhận sự đồng ý của người bệnh" in refused.content.decode()
    assert ConsultationCase.objects.get().status == CaseStatus.DRAFT
    assert (
        client.post(
            reverse("consent-create", args=[case.pk]),
            {
                "purpose": "consultation",
                "countries": ["FR"],
                "given_by": "patient",
                "method": "written",
                "given_on": timezone.localdate().strftime("%d/%m/%Y"),
                "informed": "on",
            },
        ).status_code
        == 302
    )
    client.post(reverse("case-action", args=[case.pk, "submit"]))
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED


def test_an_illegal_step_from_the_page_is_explained_and_changes_nothing(client, clinician_a, answered_case):
    client.force_login(clinician_a)
    response = client.post(reverse("case-action", args=[answered_case.pk, "submit"]), follow=True)
    assert "không thể gửi lúc này" in response.content.decode()
    answered_case.refresh_from_db()
    assert answered_case.status == CaseStatus.ANSWERED


def test_the_expert_sees_the_case_and_fetches_only_the_deidentified_file(client, expert, answered_case):
    client.force_login(expert)
    page = client.get(answered_case.get_absolute_url()).content.decode()
    assert "Stereotactic radiotherapy" in page and "U phổi phải" in page
    attachment = answered_case.attachments.get()
    data = b"".join(client.get(reverse("attachment-file", args=[attachment.pk])).streaming_content)
    assert str(pydicom.dcmread(io.BytesIO(data)).PatientName) == "ANONYMOUS"
    reads = AuditEvent.objects.filter(action="read", actor=expert)
    assert {e.model for e in reads} >= {"consultations.ConsultationCase", "consultations.Attachment"}


def test_the_requesting_institution_fetches_the_original(client, clinician_a, answered_case):
    client.force_login(clinician_a)
    attachment = answered_case.attachments.get()
    data = b"".join(client.get(reverse("attachment-file", args=[attachment.pk])).streaming_content)
    assert str(pydicom.dcmread(io.BytesIO(data)).PatientName) == "NGUYEN^VAN^A"


def test_everyone_else_gets_404_on_the_case_its_files_documents_and_sessions(
    client, answered_case, clinician_a, coordinator_a, coordinator_b, users, partner_of_a, expert
):
    session = services.schedule_session(
        coordinator_a,
        Session(owner=answered_case.owner, title="Tumour board", starts_at=timezone.now() + timedelta(days=1)),
        cases=[answered_case],
        participants=[clinician_a, expert],
    )
    other_expert = make_user("expert_other", Role.PARTNER, partner_of_a)
    urls = [
        answered_case.get_absolute_url(),
        reverse("attachment-file", args=[answered_case.attachments.get().pk]),
        reverse("case-document", args=[answered_case.pk, "pdf"]),
        reverse("case-fhir", args=[answered_case.pk]),
        session.get_absolute_url(),
        reverse("session-ics", args=[session.pk]),
    ]
    for outsider in (coordinator_b, other_expert, users[Role.MINISTRY], users[Role.ADMIN]):
        client.force_login(outsider)
        assert [client.get(url).status_code for url in urls] == [404] * len(urls), outsider
        assert client.post(reverse("case-action", args=[answered_case.pk, "close"])).status_code == 404
    client.force_login(other_expert)
    assert not client.get(reverse("case-list")).context["object_list"]


def test_the_consultation_record_opens_back_as_docx_and_pdf_in_both_languages(client, clinician_a, answered_case):
    client.force_login(clinician_a)
    word = docx.Document(io.BytesIO(client.get(reverse("case-document", args=[answered_case.pk, "docx"])).content))
    text = "\n".join(p.text for p in word.paragraphs)
    for heading in (
        "BIÊN BẢN HỘI CHẨN TỪ XA",
        "Thành phần tham dự",
        "Tóm tắt bệnh án",
        "Ý kiến thảo luận",
        "Kết luận và hướng xử trí",
    ):
        assert heading in text
    assert "expert_fr" in text and "Stereotactic radiotherapy" in text
    pdf = PdfReader(
        io.BytesIO(client.get(reverse("case-document", args=[answered_case.pk, "pdf"]) + "?lang=en").content)
    )
    english = "".join(page.extract_text() for page in pdf.pages)
    assert "REMOTE CONSULTATION RECORD" in english and "Conclusions and recommendations" in english


def test_the_session_record_lists_attendance_and_consensus(client, coordinator_a, clinician_a, expert, answered_case):
    session = services.schedule_session(
        coordinator_a,
        Session(owner=answered_case.owner, title="Tumour board", starts_at=timezone.now() + timedelta(days=1)),
        cases=[answered_case],
        participants=[clinician_a, expert],
    )
    client.force_login(coordinator_a)
    client.post(
        session.get_absolute_url(),
        {
            "minutes": "Thảo luận về chỉ định xạ trị.",
            f"attended-{expert.pk}": "on",
            f"consensus-{answered_case.pk}": "Xạ trị lập thể 5 buổi.",
        },
    )
    word = docx.Document(io.BytesIO(client.get(reverse("session-document", args=[session.pk, "docx"])).content))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "Xạ trị lập thể 5 buổi." in text and "Thảo luận về chỉ định xạ trị." in text
    assert "expert_fr — Viện Gustave Roussy (có mặt)" in text and "bacsi_a — Bệnh viện K (vắng mặt)" in text


def test_an_expert_reads_only_their_own_case_of_a_tumour_board(
    client, coordinator_a, clinician_a, expert, answered_case, hospital_a, partner_of_a
):
    """Two cases on one session, the expert invited to one: the page and the record show that one alone."""
    other = services.save_case(
        clinician_a,
        ConsultationCase(
            owner=hospital_a,
            specialty=answered_case.specialty,
            question="Ca khác: u gan, không mời chuyên gia này",
            age_band="65+",
            sex="male",
        ),
        partners=[partner_of_a],
    )
    session = services.schedule_session(
        coordinator_a,
        Session(owner=hospital_a, title="Tumour board", starts_at=timezone.now() + timedelta(days=1)),
        cases=[answered_case, other],
        participants=[clinician_a, expert],
    )
    client.force_login(expert)
    page = client.get(session.get_absolute_url()).content.decode()
    word = docx.Document(io.BytesIO(client.get(reverse("session-document", args=[session.pk, "docx"])).content))
    record_text = "\n".join(p.text for p in word.paragraphs)
    assert answered_case.question_translated in page  # the expert reads English: the agenda is in English
    for text in (page, record_text):
        assert str(answered_case) in text and "u gan" not in text and str(other) not in text
    client.force_login(coordinator_a)
    assert "u gan" in client.get(session.get_absolute_url()).content.decode()


def test_the_fhir_bundle_builds_with_fhir_resources(client, clinician_a, answered_case):
    client.force_login(clinician_a)
    bundle = Bundle.model_validate(json.loads(client.get(reverse("case-fhir", args=[answered_case.pk])).content))
    kinds = sorted(entry.resource.get_resource_type() for entry in bundle.entry)
    assert kinds.count("Communication") == 1 and kinds.count("DocumentReference") == 1
    assert {"ServiceRequest", "Task", "Patient", "Organization", "PractitionerRole"} <= set(kinds)
    patient = next(e.resource for e in bundle.entry if e.resource.get_resource_type() == "Patient")
    assert patient.name is None and patient.birthDate is None
    task = next(e.resource for e in bundle.entry if e.resource.get_resource_type() == "Task")
    assert task.status == "completed"


def test_the_fhir_bundle_builds_with_a_docx_and_an_xlsx_file(client, clinician_a, answered_case):
    from django.core.files.base import ContentFile

    from medcoop.consultations.models import Attachment

    for kind in ("docx", "xlsx"):
        attachment = Attachment(case=answered_case, kind=kind, title=kind.upper())
        attachment.original.save(f"o.{kind}", ContentFile(b"x"), save=False)
        attachment.shared.save(f"s.{kind}", ContentFile(b"x"), save=False)
        attachment.save()
    client.force_login(clinician_a)
    response = client.get(reverse("case-fhir", args=[answered_case.pk]))
    assert response.status_code == 200  # was a KeyError: the content types knew only PDF, images and DICOM
    bundle = Bundle.model_validate(json.loads(response.content))
    assert [e for e in bundle.entry if e.resource.get_resource_type() == "DocumentReference"][-1].resource.content


def test_a_session_shows_its_time_in_each_participants_zone(client, coordinator_a, clinician_a, expert, answered_case):
    start = (timezone.now() + timedelta(days=3)).replace(hour=8, minute=0, second=0, microsecond=0)
    session = services.schedule_session(
        coordinator_a,
        Session(owner=answered_case.owner, title="Tumour board", starts_at=start),
        cases=[answered_case],
        participants=[clinician_a, expert],
    )
    client.force_login(clinician_a)
    assert "15:00 (GMT+7)" in client.get(session.get_absolute_url()).content.decode()  # 08:00 UTC in Hanoi
    assert "15:00 (GMT+7)" in client.get(reverse("session-list")).content.decode()
    client.force_login(expert)
    paris = client.get(session.get_absolute_url()).content.decode()
    assert ("09:00 (GMT+1)" in paris or "10:00 (GMT+2)" in paris) and "Europe/Paris" in paris


def test_a_partner_never_sees_the_original_file_name(client, expert, answered_case):
    client.force_login(expert)
    page = client.get(answered_case.get_absolute_url()).content.decode()
    assert "ct.dcm" not in page and "DICOM 1" in page


def test_a_session_shows_each_reader_only_the_cases_and_people_they_may_know_of(
    client, coordinator_a, clinician_a, expert, answered_case, hospital_a, partner_of_a, mailoutbox
):
    """An expert invited to one case of a tumour board: the page, the record (DOCX and PDF), the .ics they
    download and the one e-mailed to them name no other case, no other case's expert, no session-wide minutes."""
    other_expert = make_user("expert_gan", Role.PARTNER, partner_of_a)
    other = services.save_case(
        clinician_a,
        ConsultationCase(
            owner=hospital_a, specialty=answered_case.specialty, question="U gan?", age_band="65+", sex="male"
        ),
        partners=[partner_of_a],
        experts=[other_expert],
    )
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        session = services.schedule_session(
            coordinator_a,
            Session(owner=hospital_a, title="Tumour board", starts_at=timezone.now() + timedelta(days=1)),
            cases=[answered_case, other],
            participants=[clinician_a, expert, other_expert],
        )
    services.record_session(
        coordinator_a, session, minutes="Bàn về ca u gan và ca phổi.", attended={}, consensus={other.pk: "Mổ gan."}
    )
    client.force_login(expert)
    page = client.get(session.get_absolute_url()).content.decode()
    pdf = client.get(reverse("session-document", args=[session.pk, "pdf"])).content
    pdf_text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    word = docx.Document(io.BytesIO(client.get(reverse("session-document", args=[session.pk, "docx"])).content))
    ics = client.get(reverse("session-ics", args=[session.pk])).content.decode()
    mailed = next(m for m in mailoutbox if m.to == [expert.email]).attachments[0][1]
    mailed = mailed.decode() if isinstance(mailed, bytes) else mailed
    docx_text = "\n".join(p.text for p in word.paragraphs)
    for shown in (page, pdf_text, docx_text, ics, mailed):
        assert str(answered_case) in shown or answered_case.question in shown
        for hidden in (str(other), "U gan", "Mổ gan", "Bàn về ca u gan", other_expert.email, "expert_gan"):
            assert hidden not in shown, hidden
    client.force_login(coordinator_a)
    page = client.get(session.get_absolute_url()).content.decode()
    assert "expert_gan" in page and "Mổ gan" in page


def _form_field(page, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]+)"', page.content.decode())[1]


def test_a_case_create_page_sent_twice_makes_one_case(client, clinician_a, partner_of_a):
    client.force_login(clinician_a)
    token = _form_field(client.get(reverse("case-create")), "form_token")
    data = {
        "specialty": "oncology",
        "urgency": "routine",
        "partners": [partner_of_a.pk],
        "question": "Hóa trị tiếp?",
        "age_band": "65+",
        "sex": "male",
        "form_token": token,
    }
    first, second = client.post(reverse("case-create"), data), client.post(reverse("case-create"), data)
    case = ConsultationCase.objects.get()
    assert first.status_code == second.status_code == 302 and second["Location"] == case.get_absolute_url()


def _session_post(case, coordinator, **fields):
    starts = (timezone.localtime() + timedelta(days=2)).strftime("%d/%m/%Y %H:%M")
    return {
        "title": "Hội chẩn u bướu",
        "starts_at": starts,
        "duration_minutes": "60",
        "cases": [case.pk],
        "participants": [coordinator.pk],
        **fields,
    }


def test_a_session_create_page_sent_twice_makes_one_session(client, coordinator_a, answered_case):
    client.force_login(coordinator_a)
    token = _form_field(client.get(reverse("session-create")), "form_token")
    data = _session_post(answered_case, coordinator_a, form_token=token)
    first, second = client.post(reverse("session-create"), data), client.post(reverse("session-create"), data)
    session = Session.objects.get()
    assert first.status_code == second.status_code == 302 and second["Location"] == session.get_absolute_url()


def test_a_session_edited_on_a_stale_page_or_without_a_version_is_refused(client, coordinator_a, answered_case):
    session = services.schedule_session(
        coordinator_a,
        Session(owner=answered_case.owner, title="Tumour board", starts_at=timezone.now() + timedelta(days=1)),
        cases=[answered_case],
        participants=[coordinator_a],
    )
    client.force_login(coordinator_a)
    url = reverse("session-edit", args=[session.pk])
    version = _form_field(client.get(url), "version")
    session.meeting_url = "https://meet.example.org/hoi-chan"
    session.save()
    stale = client.post(url, _session_post(answered_case, coordinator_a, title="Đổi tên", version=version))
    assert stale.status_code == 400 and "Người khác đã lưu hồ sơ này" in stale.content.decode()
    missing = client.post(url, _session_post(answered_case, coordinator_a, title="Đổi tên"))
    assert missing.status_code == 400 and "không cho biết phiên bản" in missing.content.decode()
    session.refresh_from_db()
    assert session.title == "Tumour board"
    fresh = _form_field(client.get(url), "version")
    assert (
        client.post(url, _session_post(answered_case, coordinator_a, title="Đổi tên", version=fresh)).status_code == 302
    )


def test_a_sessions_page_offers_its_allowed_steps_and_a_forged_one_changes_nothing(
    client, coordinator_a, clinician_a, answered_case
):
    session = services.schedule_session(
        coordinator_a,
        Session(owner=answered_case.owner, title="Tumour board", starts_at=timezone.now() + timedelta(days=1)),
        cases=[answered_case],
        participants=[coordinator_a],
    )
    url = reverse("session-detail", args=[session.pk])
    client.force_login(clinician_a)
    assert 'value="cancel"' not in client.get(url).content.decode()
    assert client.post(url, {"action": "cancel"}).status_code == 404
    assert client.post(url, {"minutes": "Biên bản giả"}).status_code == 404
    client.force_login(coordinator_a)
    page = client.get(url).content.decode()
    assert 'value="cancel"' in page and 'name="minutes"' in page and reverse("session-edit", args=[session.pk]) in page
    client.post(url, {"action": "cancel"})
    session.refresh_from_db()
    cancelled = session.cancelled_at, session.sequence
    page = client.get(url).content.decode()
    assert 'value="cancel"' not in page and 'name="minutes"' not in page
    assert reverse("session-edit", args=[session.pk]) not in page
    refused = client.post(url, {"minutes": "Biên bản sau khi hủy"}, follow=True)
    assert "đã bị hủy" in refused.content.decode()
    client.post(url, {"action": "cancel"})
    edit = reverse("session-edit", args=[session.pk])
    forged = client.post(
        edit, _session_post(answered_case, coordinator_a, version=_form_field(client.get(edit), "version"))
    )
    assert forged.status_code == 400 and "đã bị hủy" in forged.content.decode()
    session.refresh_from_db()
    assert (
        (session.cancelled_at, session.sequence) == cancelled
        and session.minutes == ""
        and session.title == "Tumour board"
    )


def test_the_sessions_list_and_its_export_read_one_declaration(client, coordinator_a, clinician_a, answered_case):
    start = (timezone.now() + timedelta(days=3)).replace(hour=8, minute=0, second=0, microsecond=0)
    for title in ("Tumour board B", "Tumour board A"):
        services.schedule_session(
            coordinator_a,
            Session(owner=answered_case.owner, title=title, starts_at=start),
            cases=[answered_case],
            participants=[clinician_a],
        )
    client.force_login(clinician_a)
    page = client.get(reverse("session-list"), {"sort": "title"}).content.decode()
    assert page.index("Tumour board A") < page.index("Tumour board B")
    rows = client.get(reverse("session-list"), {"export": "csv", "sort": "title"}).content.decode("utf-8-sig")
    header, first, second = rows.splitlines()[:3]
    assert header.split(",") == ["Tiêu đề", "Bắt đầu lúc", "Đơn vị tổ chức"]
    assert first.startswith("Tumour board A,") and answered_case.owner.name in first
