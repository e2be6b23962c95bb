"""Training pages: the course catalogue, cohorts with their trainees, certificates that anyone can verify,
and the figures the records give beside the typed ones."""

import io
from datetime import date

import pytest
from django.urls import reverse
from pypdf import PdfReader

from medcoop.activities.models import Trainee, TrainingCohort, TrainingCourse
from medcoop.conftest import formset_data
from medcoop.core.locking import version_of
from medcoop.core.permissions import Role


@pytest.fixture
def course_of_a(hospital_a):
    return TrainingCourse.objects.create(owner=hospital_a, name="Xạ trị điều biến liều", length_days=60)


def cohort_post(course, trainees, initial=0, **fields):
    return {
        "course": course.pk,
        "name": "Khóa 1",
        "starts_on": "2025-03-01",
        "ends_on": "2025-05-30",
        "place": "Hà Nội",
        "trainers": "Dr. Martin (Gustave Roussy)",
        **fields,
        **formset_data("trainees", trainees, initial),
    }


LAO_DOCTOR = {"name": "Souksavanh Phommachanh", "country": "LA", "institution_name": "Bệnh viện Mittaphab"}


@pytest.fixture
def cohort_of_a(client, coordinator_a, activity_of_a, course_of_a):
    client.force_login(coordinator_a)
    rows = [{**LAO_DOCTOR, "completed": "on", "result": "Giỏi"}, {"name": "Nguyễn Văn An", "is_staff": "on"}]
    response = client.post(reverse("cohort-create", args=[activity_of_a.pk]), cohort_post(course_of_a, rows))
    assert response.status_code == 302
    return TrainingCohort.objects.get()


def test_a_course_is_created_listed_and_exported(client, coordinator_a, hospital_a):
    client.force_login(coordinator_a)
    response = client.post(
        reverse("course-create"),
        {"name": "Nội soi tiêu hóa", "length_days": "30", "fee": "1500000", "fee_currency": "VND", "language": "vi"},
    )
    course = TrainingCourse.objects.get()
    assert response.status_code == 302 and response["Location"] == course.get_absolute_url()
    assert (course.owner, course.is_free, course.fee) == (hospital_a, False, 1_500_000)
    assert "Nội soi tiêu hóa" in client.get(reverse("course-list") + "?q=noi soi").content.decode()
    assert "Nội soi tiêu hóa" in client.get(reverse("course-list") + "?is_free=false").content.decode()
    assert "Nội soi tiêu hóa" not in client.get(reverse("course-list") + "?is_free=true").content.decode()
    export = client.get(reverse("course-list") + "?export=csv").content.decode("utf-8-sig")
    assert "Nội soi tiêu hóa" in export and "VND" in export


def test_a_paid_course_without_its_fee_is_refused(client, coordinator_a):
    client.force_login(coordinator_a)
    response = client.post(reverse("course-create"), {"name": "Khóa có phí"})
    assert response.status_code == 400 and not TrainingCourse.objects.exists()


def test_the_activity_page_shows_its_cohort_with_its_trainees(client, cohort_of_a):
    trainee = Trainee.objects.get(name=LAO_DOCTOR["name"])
    assert (trainee.country, trainee.completed, trainee.result) == ("LA", True, "Giỏi")
    assert Trainee.objects.get(name="Nguyễn Văn An").is_staff
    page = client.get(cohort_of_a.activity.get_absolute_url()).content.decode()
    assert LAO_DOCTOR["name"] in page and "Bệnh viện Mittaphab" in page and "Nguyễn Văn An" in page
    assert reverse("trainee-certificate", args=[trainee.pk]) in page


def test_editing_a_cohort_marks_completion_and_keeps_the_certificate_code(client, coordinator_a, cohort_of_a):
    lao, staff = Trainee.objects.get(name=LAO_DOCTOR["name"]), Trainee.objects.get(name="Nguyễn Văn An")
    client.get(reverse("trainee-certificate", args=[lao.pk]))
    code = Trainee.objects.get(pk=lao.pk).verification_code
    rows = [
        {"pk": lao.pk, **LAO_DOCTOR, "completed": "on"},
        {"pk": staff.pk, "name": staff.name, "is_staff": "on", "completed": "on", "result": "Khá"},
    ]
    response = client.post(
        reverse("cohort-edit", args=[cohort_of_a.pk]),
        cohort_post(cohort_of_a.course, rows, initial=2, version=version_of(cohort_of_a)),
    )
    assert response.status_code == 302
    assert Trainee.objects.get(pk=lao.pk).verification_code == code
    assert Trainee.objects.get(pk=staff.pk).completed


def test_another_institutions_coordinator_finds_nothing_and_changes_nothing(
    client, coordinator_b, cohort_of_a, course_of_a
):
    trainee = Trainee.objects.get(name=LAO_DOCTOR["name"])
    client.force_login(coordinator_b)
    for url in (
        reverse("course-detail", args=[course_of_a.pk]),
        reverse("course-edit", args=[course_of_a.pk]),
        reverse("cohort-edit", args=[cohort_of_a.pk]),
        reverse("cohort-create", args=[cohort_of_a.activity_id]),
        reverse("trainee-certificate", args=[trainee.pk]),
    ):
        assert client.get(url).status_code == 404, url
    rows = [{"pk": trainee.pk, "name": "Đổi tên"}]
    posted = client.post(reverse("cohort-edit", args=[cohort_of_a.pk]), cohort_post(course_of_a, rows, initial=1))
    assert posted.status_code == 404
    assert client.post(reverse("course-edit", args=[course_of_a.pk]), {"name": "X"}).status_code == 404
    assert course_of_a.get_absolute_url() not in client.get(reverse("course-list")).content.decode()
    assert TrainingCourse.objects.get().name == course_of_a.name
    assert Trainee.objects.filter(cohort=cohort_of_a).count() == 2
    assert not Trainee.objects.get(pk=trainee.pk).verification_code


def test_the_bilingual_certificate_carries_the_name_and_a_code_that_verifies(client, cohort_of_a):
    trainee = Trainee.objects.get(name=LAO_DOCTOR["name"])
    response = client.get(reverse("trainee-certificate", args=[trainee.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    trainee.refresh_from_db()
    assert len(trainee.verification_code) >= 16 and trainee.certificate_on == date(2025, 5, 30)
    for expected in (trainee.name, trainee.verification_code, "GIẤY CHỨNG NHẬN", "CERTIFICATE", "Xạ trị"):
        assert expected in text, expected
    client.logout()
    page = client.get(reverse("certificate-verify", args=[trainee.verification_code]))
    assert page.status_code == 200
    html = page.content.decode()
    assert trainee.name in html and "Xạ trị điều biến liều" in html and "30/05/2025" in html
    assert "Mittaphab" not in html and "Giỏi" not in html


def test_an_unknown_code_says_so(client, cohort_of_a):
    response = client.get(reverse("certificate-lookup") + "?code=khong-co-ma-nay")
    assert response.status_code == 404 and "Không có chứng nhận nào mang mã này." in response.content.decode()


def test_a_trainee_who_did_not_complete_gets_no_certificate(client, cohort_of_a):
    staff = Trainee.objects.get(name="Nguyễn Văn An")
    response = client.get(reverse("trainee-certificate", args=[staff.pk]))
    assert response.status_code == 302
    assert not Trainee.objects.get(pk=staff.pk).verification_code


def test_a_typed_figure_the_records_disagree_with_is_flagged(client, cohort_of_a):
    """The activity reports 660 staff trained; its one cohort has one trainee who completed."""
    page = client.get(cohort_of_a.activity.get_absolute_url()).content.decode()
    assert "được nhập là 660, nhưng hồ sơ đào tạo cho 1" in page


def test_a_trainees_home_institution_is_one_the_coordinator_knows(
    client, coordinator_a, activity_of_a, course_of_a, partner_of_a, partner_of_b
):
    client.force_login(coordinator_a)
    url = reverse("cohort-create", args=[activity_of_a.pk])
    refused = client.post(url, cohort_post(course_of_a, [{"name": "Jean Dupont", "institution": partner_of_b.pk}]))
    assert refused.status_code == 400 and not TrainingCohort.objects.exists()
    client.post(url, cohort_post(course_of_a, [{"name": "Jean Dupont", "institution": partner_of_a.pk}]))
    assert Trainee.objects.get().institution == partner_of_a
    assert str(partner_of_a) in client.get(activity_of_a.get_absolute_url()).content.decode()


def test_readers_who_may_not_change_see_the_cohort_but_issue_no_certificate(client, users, cohort_of_a, course_of_a):
    trainee = Trainee.objects.get(name=LAO_DOCTOR["name"])
    for role in (Role.CLINICIAN, Role.MINISTRY):
        client.force_login(users[role])
        assert client.get(course_of_a.get_absolute_url()).status_code == 200
        page = client.get(cohort_of_a.activity.get_absolute_url()).content.decode()
        assert trainee.name in page and reverse("trainee-certificate", args=[trainee.pk]) not in page
        assert client.get(reverse("trainee-certificate", args=[trainee.pk])).status_code == 404
        assert client.get(reverse("cohort-edit", args=[cohort_of_a.pk])).status_code == 404
    client.force_login(users[Role.PARTNER])
    assert client.get(course_of_a.get_absolute_url()).status_code == 404
    assert not Trainee.objects.get(pk=trainee.pk).verification_code
