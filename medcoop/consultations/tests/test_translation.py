"""A case for partners who do not read Vietnamese (issue 23): the question and clinical summary in their language,
written or checked by the clinician, required before sending, shown to the expert in their language, in the
record and the FHIR bundle, screened for identifiers and kept out of the audit log; and the consent refusal
names what the consent in force does not cover."""

import io
import json
from datetime import timedelta

import docx
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from medcoop.consultations import screening, services
from medcoop.consultations.models import CaseStatus, ConsultationCase, Session
from medcoop.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def untranslated(case, **changes):
    ConsultationCase.objects.filter(pk=case.pk).update(
        question_translated="", summary_translated="", translation_checked_by=None, **changes
    )
    case.refresh_from_db()
    return case


def test_a_case_for_a_foreign_partner_is_not_sent_without_the_checked_english_texts(draft, clinician_a):
    untranslated(draft)
    with pytest.raises(ValidationError) as refused:
        services.submit(clinician_a, draft)
    message = refused.value.messages[0]
    assert message.startswith("Chuyên gia của Viện Gustave Roussy không đọc được tiếng Việt")
    assert "câu hỏi bằng tiếng Anh" in message and "xác nhận của bác sĩ" in message
    assert ConsultationCase.objects.get(pk=draft.pk).status == CaseStatus.DRAFT
    draft.question_translated, draft.summary_translated = "Surgery or radiotherapy?", "Woman, 40-64."
    services.save_case(clinician_a, draft)  # written, not yet vouched for
    assert "xác nhận của bác sĩ" in str(pytest.raises(ValidationError, services.submit, clinician_a, draft).value)
    services.save_case(clinician_a, draft, translation_checked=True)
    assert services.submit(clinician_a, draft).status == CaseStatus.SUBMITTED


def test_a_changed_translation_needs_a_new_check_and_stays_out_of_the_audit_log(draft, clinician_a):
    assert draft.translation_checked_by == clinician_a
    draft.summary_translated = "Woman aged 40-64, right lung tumour, never smoked."
    services.save_case(clinician_a, draft)
    assert ConsultationCase.objects.get(pk=draft.pk).translation_checked_by is None
    logged = json.dumps([e.changes for e in AuditEvent.objects.all()], ensure_ascii=False)
    assert "never smoked" not in logged and "Radiotherapy or surgery" not in logged


def test_the_english_texts_are_screened_for_identifiers_like_the_vietnamese(draft, clinician_a):
    draft.summary_translated = "Call the patient on 0912 345 678."
    services.save_case(clinician_a, draft, translation_checked=True)
    assert [item["where"] for item in screening.screen(draft)] == ["tóm tắt lâm sàng bằng ngôn ngữ của đối tác"]
    with pytest.raises(ValidationError):
        screening.require_screened(draft)


def test_the_expert_reads_the_case_in_english_and_the_clinician_in_vietnamese(client, draft, clinician_a, expert):
    services.submit(clinician_a, draft)
    expert.language = "en"
    expert.save()
    client.force_login(expert)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert '<div lang="en" id="translated">' in page and "Radiotherapy or surgery?" in page
    assert page.index("Radiotherapy or surgery?") < page.index("Xạ trị hay phẫu thuật?")  # the original below
    client.force_login(clinician_a)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert 'id="translated"' not in page and page.index("Xạ trị hay phẫu thuật?") < page.index("Radiotherapy")


def record_text(client, url: str) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(client.get(url).content)).paragraphs)


def narrative(client, case) -> str:
    bundle = client.get(reverse("case-fhir", args=[case.pk])).json()
    return next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "ServiceRequest")


def test_each_reader_gets_the_record_and_the_fhir_narrative_in_their_language(
    client, draft, clinician_a, expert, coordinator_a
):
    """The French expert, her interface in English, opens the case's and the session's records back: English
    labels, the English question and summary, no Vietnamese question or history; the clinician the Vietnamese."""
    services.submit(clinician_a, draft)
    session = services.schedule_session(
        coordinator_a,
        Session(owner=draft.owner, title="Tumour board", starts_at=timezone.now() + timedelta(days=1)),
        cases=[draft],
        participants=[clinician_a, expert],
    )
    expert.language = "en"
    expert.save()
    client.force_login(expert)
    case_record = record_text(client, reverse("case-document", args=[draft.pk, "docx"]))
    assert "REMOTE CONSULTATION RECORD" in case_record and "2. Case summary" in case_record
    assert "Question: Radiotherapy or surgery?" in case_record
    assert "Clinical summary: Woman aged 40-64 with a right lung tumour." in case_record
    session_record = record_text(client, reverse("session-document", args=[session.pk, "docx"]))
    assert f"{draft} — Oncology: Radiotherapy or surgery?" in session_record
    for text in (case_record, session_record):
        assert "Xạ trị hay phẫu thuật?" not in text and "U phổi phải" not in text and "Vấn đề" not in text
    request = narrative(client, draft)
    assert 'lang="en"' in request["text"]["div"] and "Question: Radiotherapy or surgery?" in request["text"]["div"]
    assert "Xạ trị hay phẫu thuật?" not in request["text"]["div"]
    english = [n for n in request["note"] if n.get("extension")]
    assert english[0]["text"] == "Question: Radiotherapy or surgery?"
    assert english[0]["extension"][0]["valueCode"] == "en"
    # The same expert may still ask for the Vietnamese record, and the clinician reads it by default.
    assert "Vấn đề cần hội chẩn: Xạ trị hay phẫu thuật?" in record_text(
        client, reverse("case-document", args=[draft.pk, "docx"]) + "?lang=vi"
    )
    client.force_login(clinician_a)
    case_record = record_text(client, reverse("case-document", args=[draft.pk, "docx"]))
    assert "BIÊN BẢN HỘI CHẨN TỪ XA" in case_record and "Vấn đề cần hội chẩn: Xạ trị hay phẫu thuật?" in case_record
    assert "Câu hỏi (Tiếng Anh): Radiotherapy or surgery?" in case_record  # what was sent, beside the original
    session_record = record_text(client, reverse("session-document", args=[session.pk, "docx"]))
    assert f"{draft} — Ung bướu / ung thư: Xạ trị hay phẫu thuật?" in session_record
    assert "Xạ trị hay phẫu thuật?" in narrative(client, draft)["text"]["div"]


def test_the_consent_refusal_names_what_the_consent_in_force_does_not_cover(draft, clinician_a):
    consent = draft.consents.get()
    consent.purpose = "teaching"
    consent.save()
    with pytest.raises(ValidationError) as refused:
        services.submit(clinician_a, draft)
    day = timezone.localdate().strftime("%d/%m/%Y")
    assert f"Sự đồng ý đang có hiệu lực, ngày {day}, là cho mục đích “" in refused.value.messages[0]
    consent.purpose, consent.countries = "consultation", ["JP"]
    consent.save()
    with pytest.raises(ValidationError) as refused:
        services.submit(clinician_a, draft)
    assert refused.value.messages[0].startswith(f"Sự đồng ý ngày {day} cho phép gửi đến Nhật Bản nhưng không gồm Pháp")
    consent.countries, consent.withdrawn_on = ["FR"], timezone.localdate()
    consent.save()
    with pytest.raises(ValidationError) as refused:
        services.submit(clinician_a, draft)
    assert f"đã bị rút lại ngày {day}" in refused.value.messages[0]
    assert ConsultationCase.objects.get(pk=draft.pk).status == CaseStatus.DRAFT
