"""/api/training/: courses and cohorts with trainees, validated as the pages, refused to other institutions."""

import pytest

from medcoop.activities.models import Trainee, TrainingCohort, TrainingCourse
from medcoop.conftest import make_user
from medcoop.core.permissions import Role
from medcoop.core.tests.test_api import bearer

JSON = "application/json"


@pytest.fixture
def course_of_a(hospital_a):
    return TrainingCourse.objects.create(owner=hospital_a, name="Xạ trị điều biến liều", length_days=60)


def test_a_course_and_a_cohort_with_trainees_through_the_api(client, coordinator_a, activity_of_a):
    headers = bearer(coordinator_a)
    paid = client.post("/api/training/courses", {"name": "Siêu âm tim", "is_free": False}, content_type=JSON, **headers)
    assert paid.status_code == 400 and paid.json()["errors"][0]["field"] == "fee"  # a fee is needed
    made = client.post(
        "/api/training/courses",
        {"name": "Siêu âm tim", "is_free": False, "fee": "1500000", "fee_currency": "VND", "specialty": "cardiology"},
        content_type=JSON,
        **headers,
    )
    assert made.status_code == 201 and made.json()["fee_currency"] == "VND"
    course = made.json()["id"]
    body = {
        "activity": activity_of_a.pk,
        "course": course,
        "name": "Khóa 1",
        "starts_on": "2025-03-01",
        "ends_on": "2025-02-01",
        "trainees": [{"name": "Souksavanh", "country": "LA", "completed": True}],
    }
    refused = client.post("/api/training/cohorts", body, content_type=JSON, **headers)
    assert refused.status_code == 400 and not TrainingCohort.objects.exists()
    body["ends_on"] = "2025-05-30"
    body["trainees"].append({"name": "Nobody", "country": "Atlantis"})
    refused = client.post("/api/training/cohorts", body, content_type=JSON, **headers)
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"].startswith("trainees[1]")
    body["trainees"][1] = {"name": "Trần Minh Đức", "is_staff": True}
    cohort = client.post("/api/training/cohorts", body, content_type=JSON, **headers)
    assert cohort.status_code == 201, cohort.content
    data = cohort.json()
    assert [t["name"] for t in data["trainees"]] == ["Souksavanh", "Trần Minh Đức"]
    lao = data["trainees"][0]
    patch = {"version": data["version"], "trainees": [{**lao, "result": "Giỏi"}]}
    changed = client.patch(f"/api/training/cohorts/{data['id']}", patch, content_type=JSON, **headers)
    assert changed.status_code == 200 and [t["result"] for t in changed.json()["trainees"]] == ["Giỏi"]
    assert Trainee.objects.get().pk == lao["id"]  # the same trainee, updated
    renamed = client.patch(
        f"/api/training/cohorts/{data['id']}", {"name": "Khóa 1 (2025)"}, content_type=JSON, **headers
    )
    assert renamed.status_code == 200 and len(renamed.json()["trainees"]) == 1  # trainees kept when not given
    listed = client.get(f"/api/training/cohorts?course={course}", **headers).json()["items"]
    assert [c["name"] for c in listed] == ["Khóa 1 (2025)"]
    for hostile in ("9" * 25, "0", "-3"):  # no database column holds 10^24: a 400 naming the field, not a 500
        answer = client.get("/api/training/cohorts", {"course": hostile, "activity": 1}, **headers)
        assert answer.status_code == 400 and answer.json()["errors"][0]["field"] == "course", hostile


def test_other_institutions_and_readers_change_nothing(client, coordinator_b, hospital_a, course_of_a, activity_of_a):
    cohort = TrainingCohort.objects.create(activity=activity_of_a, course=course_of_a, name="Khóa 1")
    Trainee.objects.create(cohort=cohort, name="Souksavanh", country="LA")
    reader = make_user("bacsi_a", Role.CLINICIAN, hospital_a)
    for user, sees in ((coordinator_b, False), (reader, True)):
        headers = bearer(user)
        assert client.get(f"/api/training/courses/{course_of_a.pk}", **headers).status_code == (200 if sees else 404)
        assert client.get(f"/api/training/cohorts/{cohort.pk}", **headers).status_code == (200 if sees else 404)
        assert len(client.get("/api/training/cohorts", **headers).json()["items"]) == (1 if sees else 0)
        for url, body in (
            (f"/api/training/courses/{course_of_a.pk}", {"name": "x"}),
            (f"/api/training/cohorts/{cohort.pk}", {"name": "x", "trainees": []}),
        ):
            assert client.patch(url, body, content_type=JSON, **headers).status_code == 404
        made = client.post(
            "/api/training/cohorts",
            {"activity": activity_of_a.pk, "course": course_of_a.pk, "name": "x"},
            content_type=JSON,
            **headers,
        )
        assert made.status_code == 404
    assert TrainingCohort.objects.get().name == "Khóa 1" and Trainee.objects.count() == 1
    assert TrainingCourse.objects.get().name == "Xạ trị điều biến liều"
