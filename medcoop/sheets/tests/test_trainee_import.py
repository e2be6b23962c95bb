"""The trainee sheet: rows matched to the institution's cohorts, all or nothing, errors in Vietnamese by row;
a re-import updates by the trainee code and keeps a certificate already issued."""

import pytest

from medcoop.activities.models import Trainee, TrainingCohort, TrainingCourse
from medcoop.activities.services import issue_certificate
from medcoop.sheets.importer import apply_plan, plan_import
from medcoop.sheets.tests.test_import import workbook
from medcoop.sheets.workbook import SheetError, read_sheet

HEADERS = [
    "Mã học viên",
    "Họ và tên",
    "Khóa học",
    "Lớp",
    "Cán bộ của đơn vị",
    "Quốc tịch",
    "Đơn vị công tác",
    "Hoàn thành",
    "Kết quả",
]
ROWS = [
    [
        "HV-01",
        "Souksavanh Phommachanh",
        "Xạ trị điều biến liều",
        "Khóa 1",
        "",
        "Lào",
        "Bệnh viện Mittaphab",
        "có",
        "Giỏi",
    ],
    ["HV-02", "Trần Minh Đức", "xa tri dieu bien lieu", "khoa 1", "có", "", "", "không", ""],
]


@pytest.fixture
def cohort(hospital_a, activity_of_a):
    course = TrainingCourse.objects.create(owner=hospital_a, name="Xạ trị điều biến liều", length_days=60)
    return TrainingCohort.objects.create(activity=activity_of_a, course=course, name="Khóa 1")


def sheet(rows):
    return read_sheet(workbook(HEADERS, rows), "hoc-vien.xlsx")


def test_trainees_are_imported_into_their_cohort_and_updated_by_code(coordinator_a, cohort):
    plan = plan_import(coordinator_a, "trainees", sheet(ROWS))
    assert plan.errors == []
    assert apply_plan(coordinator_a, plan) == (2, 0)
    lao = Trainee.objects.get(reference="HV-01")
    assert (lao.cohort, lao.country, lao.completed, lao.is_staff) == (cohort, "LA", True, False)
    assert Trainee.objects.get(reference="HV-02").is_staff
    issue_certificate(coordinator_a, lao)
    again = [ROWS[0][:8] + ["Xuất sắc"], ROWS[1][:7] + ["có", "Khá"]]
    assert apply_plan(coordinator_a, plan_import(coordinator_a, "trainees", sheet(again))) == (0, 2)
    lao.refresh_from_db()
    assert lao.result == "Xuất sắc" and lao.verification_code and Trainee.objects.count() == 2
    undone = [ROWS[0][:7] + ["không", ""]]
    errors = plan_import(coordinator_a, "trainees", sheet(undone)).errors
    assert errors and "chứng nhận" in errors[0][2]


def test_a_bad_row_stops_the_whole_sheet_with_vietnamese_messages(coordinator_a, cohort):
    rows = [
        ROWS[0],
        ["HV-02", "Nguyễn Văn A", "Khóa không có", "Khóa 1", "", "", "", "", ""],
        ["HV-03", "", "Xạ trị điều biến liều", "Khóa 1", "", "Atlantis", "", "có lẽ", ""],
        ["HV-01", "Trùng mã", "Xạ trị điều biến liều", "Khóa 1", "", "", "", "", ""],
    ]
    plan = plan_import(coordinator_a, "trainees", sheet(rows))
    by_row = {}
    for row, header, message in plan.errors:
        by_row.setdefault(row, []).append((header, message))
    assert sorted(by_row) == [3, 4, 5]
    assert "Khóa không có" in by_row[3][0][1]
    assert {h for h, _m in by_row[4]} == {"Họ và tên", "Quốc tịch", "Hoàn thành"}
    assert "dòng 2" in by_row[5][0][1].lower()
    with pytest.raises(SheetError):
        apply_plan(coordinator_a, plan)
    assert not Trainee.objects.exists()


def test_another_institution_cannot_import_into_a_cohort_of_a(coordinator_b, cohort):
    plan = plan_import(coordinator_b, "trainees", sheet(ROWS))
    assert len(plan.errors) == 2 and not Trainee.objects.exists()


@pytest.mark.parametrize("slug", ["trainees", "delegations"])
def test_the_new_kinds_have_a_template_to_fill(client, coordinator_a, slug):
    import io

    import openpyxl
    from django.urls import reverse

    from medcoop.sheets.kinds import sheet_kinds

    client.force_login(coordinator_a)
    answer = client.get(reverse("sheet-template", args=[slug]))
    headers = next(openpyxl.load_workbook(io.BytesIO(answer.content)).active.iter_rows(values_only=True))
    assert [c.header for c in sheet_kinds()[slug].columns] == [h for h in headers if h][
        : len(sheet_kinds()[slug].columns)
    ]
