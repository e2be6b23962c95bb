"""Consultations by API: the same cases as the pages show, the same steps with the same refusals, audited reads."""

from django.urls import reverse

from medcoop.conftest import make_user
from medcoop.consultations.models import CaseStatus, ConsultationCase
from medcoop.core.models import AuditEvent
from medcoop.core.permissions import Role
from medcoop.core.tests.test_api import bearer


def test_another_institution_another_expert_and_the_ministry_get_404(
    client, draft, clinician_a, expert, coordinator_b, partner_of_a
):
    client.post(f"/api/consultations/{draft.pk}/submit", {}, content_type="application/json", **bearer(clinician_a))
    colleague = make_user("expert_fr2", Role.PARTNER, partner_of_a)
    for user in (coordinator_b, colleague, make_user("boyte", Role.MINISTRY, None)):
        headers = bearer(user)
        assert client.get(f"/api/consultations/{draft.pk}", **headers).status_code == 404
        assert client.get("/api/consultations/", **headers).json().get("items", []) == []
        assert (
            client.post(
                f"/api/consultations/{draft.pk}/accept", {}, content_type="application/json", **headers
            ).status_code
            == 404
        )
    assert client.get(f"/api/consultations/{draft.pk}", **bearer(expert)).json()["reference"] == str(draft)


def test_a_case_is_written_submitted_and_answered_through_the_api(client, clinician_a, expert, partner_of_a):
    created = client.post(
        "/api/consultations/",
        {
            "specialty": "oncology",
            "urgency": "urgent",
            "partners": [partner_of_a.pk],
            "experts": [expert.pk],
            "question": "Hóa trị tiếp?",
            "age_band": "65+",
            "sex": "male",
            "due_on": "2026-12-30",
        },
        content_type="application/json",
        **bearer(clinician_a),
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert client.get(f"/api/consultations/{pk}", **bearer(expert)).status_code == 404  # a draft is not shared
    too_early = client.post(
        f"/api/consultations/{pk}/close", {}, content_type="application/json", **bearer(clinician_a)
    )
    assert too_early.status_code == 400 and "Dự thảo" in too_early.json()["message"]
    no_consent = client.post(
        f"/api/consultations/{pk}/submit", {}, content_type="application/json", **bearer(clinician_a)
    )
    assert no_consent.status_code == 400 and "đồng ý" in no_consent.json()["message"]
    consent = client.post(
        f"/api/privacy/cases/{pk}/consents",
        {"given_on": "2026-11-30", "informed": True},
        content_type="application/json",
        **bearer(clinician_a),
    )
    assert consent.status_code == 201 and consent.json()["countries"] == ["FR"], consent.content
    untranslated = client.post(
        f"/api/consultations/{pk}/submit", {}, content_type="application/json", **bearer(clinician_a)
    )
    assert untranslated.status_code == 400 and "tiếng Anh" in untranslated.json()["message"]
    english = {
        "question_translated": "More chemotherapy?",
        "summary_translated": "Man over 65.",
        "translation_checked": True,
    }
    patched = client.patch(f"/api/consultations/{pk}", english, content_type="application/json", **bearer(clinician_a))
    assert patched.status_code == 200 and patched.json()["translation_checked_by"] == clinician_a.pk, patched.content
    for user, step, body in [
        (clinician_a, "submit", {}),
        (expert, "accept", {}),
        (expert, "opinion", {"text": "Nên hóa trị thêm 2 chu kỳ."}),
    ]:
        response = client.post(f"/api/consultations/{pk}/{step}", body, content_type="application/json", **bearer(user))
        assert response.status_code == 200, (step, response.content)
    body = client.get(f"/api/consultations/{pk}", **bearer(clinician_a)).json()
    assert body["status"] == CaseStatus.ANSWERED and body["opinions"][0]["text"] == "Nên hóa trị thêm 2 chu kỳ."
    assert AuditEvent.objects.filter(action=AuditEvent.Action.READ, object_id=str(pk), actor=clinician_a).exists()


def test_a_bad_case_is_refused_with_the_field_at_fault(client, clinician_a, expert):
    response = client.post(
        "/api/consultations/",
        {"specialty": "oncology", "age_band": "65+", "sex": "male"},
        content_type="application/json",
        **bearer(clinician_a),
    )
    assert response.status_code == 400
    assert "question" in [error["field"] for error in response.json()["errors"]]
    assert not ConsultationCase.objects.exists()
    assert client.post("/api/consultations/", {}, content_type="application/json", **bearer(expert)).status_code == 404


def test_an_id_no_database_could_hold_is_refused_as_bad_input(client, clinician_a, partner_of_a):
    """Found by the API fuzzer: a 22-digit expert id reached SQLite's query and answered 500 (the page's form too)."""
    response = client.post(
        "/api/consultations/",
        {
            "specialty": "oncology",
            "partners": [partner_of_a.pk],
            "experts": [2**70],
            "question": "?",
            "age_band": "65+",
            "sex": "male",
        },
        content_type="application/json",
        **bearer(clinician_a),
    )
    assert response.status_code == 400 and "experts" in response.json()["errors"][0]["field"]
    assert not ConsultationCase.objects.exists()
    client.force_login(clinician_a)
    page = client.post(
        reverse("case-create"),
        {
            "specialty": "oncology",
            "partners": [str(2**70)],
            "question": "?",
            "age_band": "65+",
            "sex": "male",
            "experts": [str(2**70)],
        },
    )
    assert page.status_code == 400 and "experts" in page.context["form"].errors


def test_a_refused_fields_parameter_reads_nothing_and_audits_no_read(client, draft, clinician_a, expert):
    """`?fields=` naming no field of the case was dropped, the case read and its read audited: now the 400
    comes first, and what the expert sent is not written anywhere."""
    client.post(f"/api/consultations/{draft.pk}/submit", {}, content_type="application/json", **bearer(clinician_a))
    reads = AuditEvent.objects.filter(action=AuditEvent.Action.READ).count()
    response = client.get(f"/api/consultations/{draft.pk}", {"fields": "history,patient_name"}, **bearer(expert))
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "fields"
    assert "U phổi" not in response.content.decode()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.READ).count() == reads
    asked = client.get(f"/api/consultations/{draft.pk}", {"fields": "history"}, **bearer(expert)).json()
    assert asked == {"id": draft.pk, "history": "U phổi phải"}  # the expert reads it on the page too
    assert AuditEvent.objects.filter(action=AuditEvent.Action.READ).count() == reads + 1
