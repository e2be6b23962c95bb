"""The audit log a data-protection officer signs: a whole day of MedCoop's work through the pages and the API
leaves in it who did what to which record, and none of the clinical text, identities, file names or
de-identification parameters written that day; every clinical model has decided, field by field, what the log
may keep."""

import csv
import io
import json
from urllib.parse import unquote_plus

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from medcoop.audit.recording import _SKIPPED_FIELDS, _is_free_text, acting_as, private_fields
from medcoop.conftest import make_user
from medcoop.consultations.models import ClinicalQuerySet, ConsultationCase, Session
from medcoop.consultations.services import record_session, schedule_session
from medcoop.consultations.tests.conftest import make_dicom
from medcoop.core.models import AuditEvent
from medcoop.core.permissions import Role
from medcoop.core.tests.test_api import bearer
from medcoop.patients.models import PatientEpisode
from medcoop.patients.tests.test_patients import grant_identity_right

CASE_TEXT = {
    "question": "Xạ trị định vị hay phẫu thuật thùy dưới?",
    "history": "Hút thuốc 30 bao-năm, ho ra máu từ tháng 8",
    "findings": "Khối mờ thùy dưới phổi phải 28 mm",
    "question_translated": "Stereotactic radiotherapy or lower lobectomy?",
    "summary_translated": "Thirty pack-years, haemoptysis since August, right lower lobe mass of 28 mm",
}
FINDINGS_BY_API = "Sinh thiết xuyên thành ngực: ung thư biểu mô tuyến"
TREATMENT_BY_API = "Carboplatin kèm pemetrexed chu kỳ 2"
FILE_NAME = "Nguyen Van Sau CT nguc.dcm"
FILE_TITLE = "Phim chụp của ông Nguyễn Văn Sáu"
FORM_NUMBER = "PĐY-2026-7781"
OPINION = "Khuyên xạ trị định vị thân 54 Gy chia 3 lần"
OUTCOME = "Đã xạ trị, khối u nhỏ lại còn 9 mm"
MINUTES = "Hội đồng thảo luận khối u phổi phải của người bệnh"
CONSENSUS = "Thống nhất xạ trị định vị, tái khám sau 3 tháng"
IDENTITY = {
    "name": "Trần Thị Hoa Mai",
    "identity_number": "079165004321",
    "birth_date": "12/03/1971",
    "contact": "+84 912 345 678",
}
EPISODE_TEXT = {"home_region": "Móng Cái, Quảng Ninh", "outcome": "Ổn định, chuyển tuyến tỉnh"}
EPISODE_OUTCOME_BY_API = "Ra viện, hẹn tái khám khoa ung bướu"


@pytest.fixture
def clinician_a(hospital_a):
    return make_user("bacsi_a", Role.CLINICIAN, hospital_a)


@pytest.fixture
def expert(partner_of_a):
    return make_user("expert_fr", Role.PARTNER, partner_of_a)


def _ok(response, status=(200, 201, 302)):
    assert response.status_code in status, response.content.decode()[:1500]
    return response


@pytest.fixture
def day(client, clinician_a, coordinator_a, expert, partner_of_a, users, settings, tmp_path):
    """A day of work: a case written on its page and completed through the API, a DICOM file named after the
    patient, a consent, the submission, the expert's acceptance and opinion through the API, a session with its
    minutes, the outcome; a foreign patient's episode with an identity, edited on its page and through the API,
    its identity read. Returns what must be in the log (the case, the episode) and the texts that must not."""
    settings.MEDIA_ROOT = tmp_path
    start = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    client.force_login(clinician_a)
    _ok(
        client.post(
            reverse("case-create"),
            {
                "specialty": "oncology",
                "urgency": "routine",
                "partners": [partner_of_a.pk],
                "age_band": "40-64",
                "sex": "male",
                "experts": [expert.pk],
                "translation_checked": "on",
                **CASE_TEXT,
            },
        )
    )
    case = ConsultationCase.objects.get()
    api, api_clinician, api_expert = Client(), bearer(clinician_a), bearer(expert)  # no session: the token alone
    _ok(
        api.patch(
            f"/api/consultations/{case.pk}",
            {"findings": FINDINGS_BY_API, "current_treatment": TREATMENT_BY_API},
            content_type="application/json",
            **api_clinician,
        )
    )
    upload = SimpleUploadedFile(FILE_NAME, make_dicom(patient_name="NGUYEN^VAN^SAU"))
    _ok(client.post(reverse("case-action", args=[case.pk, "attach"]), {"file": upload, "title": FILE_TITLE}))
    assert case.attachments.count() == 1
    _ok(
        client.post(
            reverse("consent-create", args=[case.pk]),
            {
                "purpose": "consultation",
                "countries": [partner_of_a.country],
                "given_by": "patient",
                "method": "written",
                "given_on": timezone.localdate().strftime("%d/%m/%Y"),
                "form_reference": FORM_NUMBER,
                "informed": "on",
            },
        )
    )
    # The file's title names the patient: the screening holds the case until a coordinator lets it go.
    client.force_login(coordinator_a)
    reason = {"reason": "Tên trên tiêu đề tệp chỉ ở bệnh viện; tệp gửi đi đã khử định danh"}
    _ok(client.post(reverse("case-action", args=[case.pk, "let-identifiers-go"]), reason))
    client.force_login(clinician_a)
    _ok(client.post(reverse("case-action", args=[case.pk, "submit"])))
    assert ConsultationCase.objects.get(pk=case.pk).status == "submitted"
    step = {"content_type": "application/json", **api_expert}
    _ok(api.post(f"/api/consultations/{case.pk}/accept", {}, **step))
    _ok(api.post(f"/api/consultations/{case.pk}/opinion", {"text": OPINION}, **step))
    _ok(api.get(f"/api/consultations/{case.pk}", **api_expert))
    client.force_login(expert)
    _ok(client.get(reverse("attachment-file", args=[case.attachments.get().pk])))
    client.force_login(clinician_a)
    _ok(client.get(reverse("attachment-file", args=[case.attachments.get().pk])))
    _ok(client.post(reverse("case-action", args=[case.pk, "outcome"]), {"outcome": OUTCOME}))

    with acting_as(coordinator_a):
        session = Session(owner=case.owner, title="Hội chẩn u phổi", starts_at=timezone.now() + timezone.timedelta(1))
        schedule_session(coordinator_a, session, cases=[case], participants=[clinician_a, expert])
        record_session(coordinator_a, session, minutes=MINUTES, attended={}, consensus={case.pk: CONSENSUS})

    client.force_login(coordinator_a)
    episode_form = {
        "nationality": "VN",
        "receiving_department": "Khoa Ung bướu",
        "specialty": "oncology",
        "diagnosis": "C34.1",
        "admitted_on": "01/12/2026",
        "payer": "self_pay",
        **EPISODE_TEXT,
        **IDENTITY,
    }
    _ok(client.post(reverse("episode-create"), episode_form))
    episode = PatientEpisode.objects.get()
    _ok(
        client.post(
            reverse("episode-edit", args=[episode.pk]),
            {**episode_form, "version": _version(client, episode), "contact": "+84 987 000 111"},
        )
    )
    _ok(
        api.patch(
            f"/api/patients/{episode.pk}",
            {"outcome": EPISODE_OUTCOME_BY_API},
            content_type="application/json",
            **bearer(coordinator_a),
        )
    )
    client.force_login(grant_identity_right(users["clinician"]))
    assert IDENTITY["name"] in _ok(client.post(episode.get_absolute_url(), {"action": "identity"})).content.decode()
    case.refresh_from_db()
    secrets = [
        *CASE_TEXT.values(),
        *IDENTITY.values(),
        *EPISODE_TEXT.values(),
        FINDINGS_BY_API,
        TREATMENT_BY_API,
        FILE_NAME,
        FILE_NAME.rsplit(".", 1)[0],
        FILE_TITLE,
        FORM_NUMBER,
        OPINION,
        OUTCOME,
        MINUTES,
        CONSENSUS,
        EPISODE_OUTCOME_BY_API,
        "+84 987 000 111",
        "NGUYEN^VAN^SAU",
    ]
    return {"case": case, "episode": episode, "secrets": secrets, "events": AuditEvent.objects.filter(pk__gt=start)}


def _version(client, episode) -> str:
    """The version the edit page hands out, as the browser would send it back."""
    import re

    page = client.get(reverse("episode-edit", args=[episode.pk])).content.decode()
    found = re.search(r'name="version" value="([^"]+)"', page)
    return found[1] if found else ""


def test_a_day_of_work_leaves_no_clinical_text_identity_or_file_name_in_the_log(day, clinician_a, expert):
    case, episode = day["case"], day["episode"]
    events = list(AuditEvent.objects.all())
    for event in events:
        row = f"{event.object_repr} {json.dumps(event.changes, ensure_ascii=False)}"
        for secret in day["secrets"]:
            assert secret not in row, (event.action, event.model, row)
        assert event.changes.get("date_shift_days") in (None, ["***", "***"], [None, "***"], [0, "***"]), row
    shift = case.date_shift_days
    assert shift
    case_rows = [e for e in events if e.model == "consultations.ConsultationCase"]
    assert not any(str(shift) in json.dumps(e.changes) for e in case_rows)
    # The log still says what happened to which record, and who did it — through the API too.
    updates = [e for e in case_rows if e.action == "update"]
    api_edit = next(e for e in updates if "current_treatment" in e.changes)
    assert api_edit.actor == clinician_a and api_edit.changes["current_treatment"] == ["", "***"]
    opinion = AuditEvent.objects.get(model="consultations.Opinion", action="create")
    assert opinion.actor == expert and opinion.changes["text"] == [None, "***"]
    assert AuditEvent.objects.filter(model="consultations.Invitation", action="update", actor=expert).exists()
    assert not day["events"].filter(action__in=["create", "update", "delete"], actor=None).exists()
    # Reads of the clinical records and of the identity stay in the log.
    reads = AuditEvent.objects.filter(action="read")
    assert reads.filter(model="consultations.ConsultationCase", actor=expert).exists()
    assert reads.filter(model="consultations.Attachment").count() == 2
    assert reads.filter(model="patients.PatientEpisode", object_repr=f"{episode.code} · identity").count() == 1
    exports = AuditEvent.objects.filter(action="export", model="").values_list("object_repr", flat=True)
    assert f"{case}-{case.attachments.get().pk}.dcm" in exports


def test_the_audit_export_holds_none_of_it_either(day, client, users):
    client.force_login(users["admin"])
    response = _ok(client.get("/audit/export/?format=csv"))
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) > 20 and any(str(day["case"]) in row for row in rows)
    for secret in day["secrets"]:
        assert secret not in text, secret


def _clinical_models():
    return [
        m
        for m in apps.get_models()
        if isinstance(m._default_manager.get_queryset(), ClinicalQuerySet) and not m._meta.abstract
    ]


def test_every_clinical_model_decides_for_each_free_text_field_what_the_log_keeps():
    """A new text field on a clinical model fails here until it is declared private or safe (and until then it
    is kept out of the log anyway)."""
    models = _clinical_models()
    assert {m._meta.label for m in models} >= {
        "consultations.ConsultationCase",
        "consultations.Attachment",
        "patients.PatientEpisode",
        "privacy.Consent",
    }
    for model in models:
        public = getattr(model, "audit_public", None)
        assert public is not None, f"{model._meta.label} declares no audit_public"
        private = set(getattr(model, "audit_private", ()))
        names = {f.name for f in model._meta.concrete_fields}
        assert (private | set(public)) <= names, model._meta.label
        for field in model._meta.concrete_fields:
            if _is_free_text(field) and field.name not in _SKIPPED_FIELDS:
                assert (field.name in private) != (field.name in public), f"{model._meta.label}.{field.name}"


def test_an_undeclared_text_field_of_a_clinical_model_is_masked_by_default():
    class Model:
        audit_public = ()
        _meta = ConsultationCase._meta

    assert {"question", "history", "findings"} <= private_fields(Model)


def test_a_record_named_after_a_private_value_is_logged_by_kind_and_number(coordinator_a, hospital_a, activity_of_a):
    from medcoop.activities.models import Trainee, TrainingCohort, TrainingCourse

    with acting_as(coordinator_a):
        course = TrainingCourse.objects.create(owner=hospital_a, name="Xạ trị điều biến liều")
        cohort = TrainingCohort.objects.create(activity=activity_of_a, course=course, name="Khóa 1")
        trainee = Trainee.objects.create(cohort=cohort, name="Lê Văn Tám", certificate_number="CC-889")
    event = AuditEvent.objects.get(model="activities.Trainee")
    assert event.object_repr == f"{Trainee._meta.verbose_name} #{trainee.pk}"
    assert "Lê Văn Tám" not in json.dumps(event.changes, ensure_ascii=False)
    assert "CC-889" not in json.dumps(event.changes)


def test_an_export_is_logged_with_its_filters_but_not_the_words_searched(client, clinician_a):
    """The export's address was logged whole: a clinician's search of the cases for a finding, or of the
    episodes for a patient's name (in the search box or any parameter), went into the log as typed."""
    client.force_login(clinician_a)
    _ok(client.get(reverse("case-list"), {"export": "csv", "q": CASE_TEXT["findings"], "status": "draft"}))
    _ok(client.get(reverse("episode-list"), {"export": "xlsx", "q": "Mai", "patient": IDENTITY["name"]}))
    addresses = {unquote_plus(e.changes["address"][1]) for e in AuditEvent.objects.filter(action="export")}
    assert addresses == {
        f"{reverse('case-list')}?export=csv&q=***&status=draft",
        f"{reverse('episode-list')}?export=xlsx&q=***&patient=***",
    }
