"""The annual report's sections on techniques newly mastered (and training), opened back from DOCX and XLSX
and checked against the records."""

import io
from datetime import date

import docx
import openpyxl
import pytest

from medcoop.activities.models import TechnologyTransfer
from medcoop.dashboard.services import Scope
from medcoop.reports.documents import report_docx, report_xlsx
from medcoop.reports.services import build_report


@pytest.fixture
def techniques(hospital_a, hospital_b, partner_of_a, partner_of_b):
    def made(owner, name, mastered, source):
        return TechnologyTransfer.objects.create(
            owner=owner,
            technique=name,
            source=source,
            specialty_id="oncology",
            taught_on=date(2024, 1, 5),
            first_supervised_on=date(2024, 2, 5),
            first_independent_on=date(2024, 3, 5),
            mastered_on=mastered,
            independent_cases=25,
        )

    return [
        made(hospital_a, "Xạ phẫu định vị thân", date(2025, 4, 2), partner_of_a),
        made(hospital_a, "Nội soi phế quản siêu âm", date(2024, 11, 2), partner_of_a),  # the year before
        made(hospital_a, "Sinh thiết hạch cửa", None, partner_of_a),  # not mastered yet
        made(hospital_b, "Can thiệp mạch não", date(2025, 6, 1), partner_of_b),  # another institution
    ]


def test_the_techniques_newly_mastered_are_those_the_records_say(techniques, hospital_a):
    report = build_report(Scope(None, hospital_a), 2025)
    expected = list(
        TechnologyTransfer.objects.filter(owner=hospital_a, mastered_on__year=2025).values_list("technique", flat=True)
    )
    assert [row.technique for row in report.techniques] == expected == ["Xạ phẫu định vị thân"]
    document = docx.Document(io.BytesIO(report_docx(report, "vi")))
    summary = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert summary["Kỹ thuật mới làm chủ"] == "1"
    table = next(t for t in document.tables[1:] if len(t.rows) > 1 and t.rows[1].cells[0].text == expected[0])
    assert [c.text for c in table.rows[1].cells] == [
        "Xạ phẫu định vị thân",
        "Ung bướu / ung thư",
        "Viện Gustave Roussy",
        "02/04/2025",
        "25",
    ]
    assert len(table.rows) == 2
    book = openpyxl.load_workbook(io.BytesIO(report_xlsx(report, "vi")))
    rows = list(book["Kỹ thuật"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[3].date(), r[4]) for r in rows] == [("Xạ phẫu định vị thân", date(2025, 4, 2), 25)]
    everyone = build_report(Scope(None), 2025)
    assert {row.technique for row in everyone.techniques} == {"Xạ phẫu định vị thân", "Can thiệp mạch não"}


@pytest.fixture
def cohorts(hospital_a, hospital_b, activity_of_a):
    from medcoop.activities.models import Activity, Trainee, TrainingCohort, TrainingCourse

    course = TrainingCourse.objects.create(owner=hospital_a, name="Nội soi tiêu hóa cho bác sĩ Lào", length_days=90)
    this_year = TrainingCohort.objects.create(
        activity=activity_of_a, course=course, name="Khóa 1", starts_on=date(2025, 2, 1)
    )
    last_year = TrainingCohort.objects.create(
        activity=activity_of_a, course=course, name="Khóa 0", starts_on=date(2024, 2, 1)
    )
    people = [
        (this_year, "Souksavanh", False, "LA", True),
        (this_year, "Bounmy", False, "LA", True),
        (this_year, "Sokha", False, "KH", False),  # not completed
        (this_year, "Trần Đức", True, "", True),
        (last_year, "Khamla", False, "LA", True),
    ]
    for cohort, name, staff, country, completed in people:
        Trainee.objects.create(cohort=cohort, name=name, is_staff=staff, country=country, completed=completed)
    other = Activity.objects.create(owner=hospital_b, kind_id="training", title="B", start_on=date(2025, 1, 1))
    course_b = TrainingCourse.objects.create(owner=hospital_b, name="Khóa B")
    cohort_b = TrainingCohort.objects.create(activity=other, course=course_b, starts_on=date(2025, 3, 1))
    Trainee.objects.create(cohort=cohort_b, name="Người B", country="LA", completed=True)


def test_the_training_section_counts_what_the_records_hold(cohorts, hospital_a):
    from medcoop.activities.models import Trainee

    report = build_report(Scope(None, hospital_a), 2025)
    done = Trainee.objects.filter(cohort__activity__owner=hospital_a, cohort__starts_on__year=2025, completed=True)
    training = report.training
    assert training.programmes == 1 and training.completed == done.count() == 3
    assert training.staff_trained == done.filter(is_staff=True).count() == 1
    assert training.foreign_trainees == 2 and training.foreign_by_country == [("LA", 2)]
    assert training.courses == [("Nội soi tiêu hóa cho bác sĩ Lào", 1, 4, 3, 2)]
    book = openpyxl.load_workbook(io.BytesIO(report_xlsx(report, "vi")))
    summary = {row[0]: row[1] for row in book["Tổng hợp"].iter_rows(values_only=True) if row and row[0]}
    assert summary["Học viên nước ngoài đã hoàn thành"] == 2
    assert summary["Nhân viên được đào tạo (theo hồ sơ đào tạo)"] == 1
    assert list(book["Đào tạo"].iter_rows(min_row=2, values_only=True)) == [
        ("Nội soi tiêu hóa cho bác sĩ Lào", 1, 4, 3, 2)
    ]
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(report_docx(report, "vi"))).paragraphs)
    assert "VI. Đào tạo" in text and "Lào: 2" in text
    assert build_report(Scope(None), 2025).training.foreign_trainees == 3  # every institution's
