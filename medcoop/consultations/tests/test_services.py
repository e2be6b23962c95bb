"""The consultation rules: the state machine, who may be invited, locked opinions, files a partner may get."""

from datetime import timedelta

import pydicom
import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from medcoop.conftest import make_partner, make_user
from medcoop.consultations import services
from medcoop.consultations.calendar import session_calendar
from medcoop.consultations.models import Attachment, CaseStatus, ConsultationCase, Session
from medcoop.core.permissions import Role

from .conftest import make_dicom, make_photo


def test_the_full_cycle_with_notifications(draft, clinician_a, expert, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(clinician_a, draft)
        services.accept(expert, draft)
        opinion = services.submit_opinion(expert, draft, "Nên xạ trị lập thể.")
    assert draft.status == CaseStatus.ANSWERED and draft.first_opinion_at == opinion.submitted_at
    services.record_outcome(clinician_a, draft, "Đã xạ trị, đáp ứng tốt.")
    services.close(clinician_a, draft)
    assert ConsultationCase.objects.get().status == CaseStatus.CLOSED
    assert [m.subject for m in mail.outbox] == [
        f"Hội chẩn {draft}: bạn được mời",
        f"Hội chẩn {draft} đã được nhận",
        f"Hội chẩn {draft}: có ý kiến mới",
    ]
    assert mail.outbox[0].to == [expert.email] and mail.outbox[1].to == [clinician_a.email]


@pytest.mark.parametrize("action", ["accept", "close"])
def test_an_illegal_transition_is_refused_with_a_clear_message(draft, clinician_a, expert, action):
    with pytest.raises((ValidationError, PermissionDenied)) as error:
        services.accept(expert, draft) if action == "accept" else services.close(clinician_a, draft)
    assert "Dự thảo" in str(error.value) and "không thể" in str(error.value)
    assert ConsultationCase.objects.get().status == CaseStatus.DRAFT


def test_an_expert_from_an_institution_not_consulted_cannot_be_invited(draft, clinician_a, hospital_a):
    other = make_user("expert_de", Role.PARTNER, make_partner(hospital_a, "Charité", "DE"))
    with pytest.raises(ValidationError) as error:
        services.invite(clinician_a, draft, other)
    assert "không làm việc tại" in str(error.value)
    assert draft.invitations.count() == 1


def test_a_decline_needs_a_reason_and_lets_the_coordinator_reassign(
    draft, clinician_a, expert, partner_of_a, coordinator_a
):
    services.submit(clinician_a, draft)
    with pytest.raises(ValidationError):
        services.decline(expert, draft, "  ")
    services.decline(expert, draft, "Không đúng chuyên môn")
    assert draft.status == CaseStatus.DECLINED
    assert not ConsultationCase.objects.visible_to(expert).exists()  # a declined case leaves the expert's view
    second = make_user("expert_fr2", Role.PARTNER, partner_of_a)
    services.reassign(coordinator_a, draft, second)
    assert draft.status == CaseStatus.SUBMITTED


def test_a_submitted_opinion_is_locked_and_a_correction_keeps_the_old_one(draft, clinician_a, expert):
    services.submit(clinician_a, draft)
    services.accept(expert, draft)
    first = services.submit_opinion(expert, draft, "Nên phẫu thuật.")
    second = services.submit_opinion(expert, draft, "Sửa lại: nên xạ trị.", corrects=first)
    assert (second.version, second.corrects) == (2, first)
    assert list(services.latest_opinions(draft)) == [second]
    assert draft.opinions.count() == 2
    with pytest.raises(ValidationError):
        services.submit_opinion(expert, draft, "Lần nữa", corrects=first)


def upload(data: bytes, name: str):
    return SimpleUploadedFile(name, data)


def test_dicom_is_deidentified_for_partners_and_the_original_kept(draft, clinician_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    first = services.add_attachment(clinician_a, draft, upload(make_dicom(study_date="20250315"), "ct1.dcm"))
    second = services.add_attachment(clinician_a, draft, upload(make_dicom(study_date="20250320"), "ct2.dcm"))
    original = pydicom.dcmread(first.original.path)
    shared = [pydicom.dcmread(a.shared.path) for a in (first, second)]
    assert str(original.PatientName) == "NGUYEN^VAN^A"
    for ds in shared:
        assert str(ds.PatientName) == "ANONYMOUS" and ds.PatientID == "" and ds.PatientBirthDate == ""
        for keyword in ("PatientAddress", "InstitutionName"):
            assert keyword not in ds
        assert ds.ReferringPhysicianName == ""  # Z in PS3.15 Table E.1-1: present, empty
        assert (0x0009, 0x1010) not in ds
        assert ds.StudyInstanceUID != original.StudyInstanceUID
        assert ds.PatientIdentityRemoved == "YES"
    shifted = [ds.StudyDate for ds in shared]
    assert shifted[0] != "20250315"
    from datetime import datetime

    gap = datetime.strptime(shifted[1], "%Y%m%d") - datetime.strptime(shifted[0], "%Y%m%d")
    assert gap.days == 5  # one shift for the whole case keeps intervals true


@pytest.mark.parametrize("fmt, name", [("JPEG", "anh.jpg"), ("PNG", "anh.png")])
def test_photos_lose_their_exif_and_gps(draft, clinician_a, settings, tmp_path, fmt, name):
    settings.MEDIA_ROOT = tmp_path
    attachment = services.add_attachment(clinician_a, draft, upload(make_photo(fmt), name))
    assert Image.open(attachment.original.path).getexif()
    shared = Image.open(attachment.shared.path)
    assert not shared.getexif() and "exif" not in shared.info
    assert shared.size == (32, 24)


@pytest.mark.parametrize(
    "data, name, message",
    [
        (b"MZ\x90\x00 not really a pdf", "report.pdf", "Chỉ nhận tệp PDF"),
        (b"%PDF-1.4" + b"0" * 2048, "big.pdf", "giới hạn"),
        (b"\x00" * 128 + b"DICM" + b"\x02\x00\x10\x00garbage", "broken.dcm", "DICOM"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_kept(draft, clinician_a, settings, tmp_path, data, name, message):
    settings.MEDIA_ROOT = tmp_path
    settings.MEDCOOP_MAX_UPLOAD_BYTES = 1024
    with pytest.raises(ValidationError) as error:
        services.add_attachment(clinician_a, draft, upload(data, name))
    assert message in str(error.value)
    assert not Attachment.objects.exists() and not list(tmp_path.rglob("*.*"))


def test_sessions_refuse_the_past_and_strangers_and_raise_the_sequence(
    draft, clinician_a, coordinator_a, expert, hospital_a, django_capture_on_commit_callbacks
):
    start = timezone.now() + timedelta(days=2)
    with pytest.raises(ValidationError):
        services.schedule_session(
            coordinator_a,
            Session(owner=hospital_a, title="Hội chẩn u phổi", starts_at=timezone.now() - timedelta(hours=1)),
            cases=[draft],
            participants=[expert],
        )
    stranger = make_user("stranger", Role.PARTNER, None)
    with pytest.raises(ValidationError):
        services.schedule_session(
            coordinator_a,
            Session(owner=hospital_a, title="Hội chẩn", starts_at=start),
            cases=[draft],
            participants=[stranger],
        )
    with django_capture_on_commit_callbacks(execute=True):
        session = services.schedule_session(
            coordinator_a,
            Session(owner=hospital_a, title="Hội chẩn u phổi", starts_at=start),
            cases=[draft],
            participants=[clinician_a, expert],
        )
    from icalendar import Calendar

    first = Calendar.from_ical(session_calendar(services.session_as_seen_by(session, coordinator_a))).walk("VEVENT")[0]
    services.schedule_session(coordinator_a, session, cases=[draft], participants=[clinician_a, expert])
    services.cancel_session(coordinator_a, session)
    cancelled = Calendar.from_ical(session_calendar(services.session_as_seen_by(session, coordinator_a)))
    event = cancelled.walk("VEVENT")[0]
    assert str(event["uid"]) == str(first["uid"]) and int(event["sequence"]) == int(first["sequence"]) + 2
    assert str(cancelled["method"]) == "CANCEL" and str(event["status"]) == "CANCELLED"
    assert (
        str(first["organizer"]) == f"mailto:{django_settings.DEFAULT_FROM_EMAIL}"
        and first["organizer"].params["cn"] == hospital_a.name
    )
    invitation = next(m for m in mail.outbox if m.to == [expert.email])
    assert invitation.attachments[0][0] == "session.ics" and invitation.attachments[0][2] == "text/calendar"


def test_only_the_requesting_side_changes_a_case(draft, coordinator_b, users):
    for user in (coordinator_b, users[Role.LEADERSHIP]):
        with pytest.raises(PermissionDenied):
            services.submit(user, draft)
    assert ConsultationCase.objects.get().status == CaseStatus.DRAFT


def test_reminders_go_out_once_the_day_before_and_within_a_day_of_a_session(
    draft, clinician_a, coordinator_a, expert, hospital_a
):
    from medcoop.consultations.reminders import send_consultation_reminders

    draft.due_on = timezone.localdate() + timedelta(days=1)
    draft.save()
    services.submit(clinician_a, draft)
    services.schedule_session(
        coordinator_a,
        Session(owner=hospital_a, title="Hội chẩn sáng mai", starts_at=timezone.now() + timedelta(hours=20)),
        cases=[draft],
        participants=[clinician_a, expert],
    )
    mail.outbox.clear()
    assert send_consultation_reminders() == 2
    assert send_consultation_reminders() == 0
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == sorted(
        [
            f"Nhắc việc: ca hội chẩn {draft} cần trả lời trước ngày mai",
            "Nhắc việc: Hội chẩn sáng mai bắt đầu trong vòng 24 giờ",
            "Nhắc việc: Hội chẩn sáng mai bắt đầu trong vòng 24 giờ",
        ]
    )


def test_turnaround_gives_median_and_90th_percentile_by_specialty_partner_and_month(
    draft, clinician_a, expert, partner_of_a
):
    from medcoop.consultations.statistics import turnaround

    services.submit(clinician_a, draft)
    services.accept(expert, draft)
    services.submit_opinion(expert, draft, "Ý kiến")
    ConsultationCase.objects.filter(pk=draft.pk).update(first_opinion_at=draft.submitted_at + timedelta(hours=30))
    result = turnaround(ConsultationCase.objects.all())
    assert [(r.label, r.cases, r.median_hours, r.p90_hours) for r in result["partner"]] == [
        (partner_of_a.name, 1, 30.0, 30.0)
    ]
    assert result["specialty"][0].label == "Ung bướu / ung thư"
