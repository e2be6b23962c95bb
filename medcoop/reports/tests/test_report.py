"""The annual report: opened back from DOCX and XLSX, its numbers checked against the database."""

import io
from datetime import date
from decimal import Decimal

import docx
import openpyxl
import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.urls import reverse

from medcoop.activities.models import Activity, Figure
from medcoop.activities.services import save_activity
from medcoop.conftest import capture_on_commit_callbacks
from medcoop.core.models import FigureMetric
from medcoop.core.permissions import Role
from medcoop.dashboard.services import Scope
from medcoop.patients.models import PatientEpisode
from medcoop.reports.services import build_report, year_activities


@pytest.fixture
def year_of_work(coordinator_a, hospital_a, partner_of_a, partner_of_b, coordinator_b, hospital_b, activity_of_a):
    metric = {m.code: m for m in FigureMetric.objects.all()}
    save_activity(
        coordinator_a,
        Activity(owner=hospital_a, kind_id="funding", title="Tài trợ máy xạ trị", start_on=date(2025, 6, 1)),
        partners=[{"organization": partner_of_a, "role": "funder"}],
        figures=[{"metric": metric["funding"], "value": 1_500_000, "currency": "EUR"}],
    )
    save_activity(
        coordinator_a,
        Activity(owner=hospital_a, kind_id="training", title="Lớp học năm trước", start_on=date(2024, 3, 1)),
        partners=[{"organization": partner_of_a, "role": "host"}],
        figures=[{"metric": metric["staff_trained"], "value": 99}],
    )
    save_activity(
        coordinator_b,
        Activity(owner=hospital_b, kind_id="expert_exchange", title="Chuyên gia Lào", start_on=date(2025, 8, 1)),
        partners=[{"organization": partner_of_b, "role": "participant"}],
        figures=[{"metric": metric["experts_received"], "value": 4}],
    )
    PatientEpisode.objects.create(owner=hospital_a, nationality="LA", admitted_on=date(2025, 2, 1))
    PatientEpisode.objects.create(owner=hospital_a, nationality="KH", admitted_on=date(2025, 3, 1))


def staff_trained_in(year, owner=None) -> Decimal:
    activities = year_activities(Scope(None, owner), year)
    return Figure.objects.filter(activity__in=activities, metric="staff_trained").aggregate(t=Sum("value"))["t"]


def test_the_word_report_of_one_institution_matches_the_database(tmp_path, year_of_work, hospital_a):
    output = tmp_path / "report.docx"
    call_command("report", "--year", "2025", "--institution", "BVA", "--format", "docx", "--output", str(output))
    document = docx.Document(str(output))
    text = "\n".join(p.text for p in document.paragraphs)
    summary = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert "Báo cáo công tác hợp tác quốc tế năm 2025" in text and "Bệnh viện K" in text
    assert summary["Nhân viên y tế được đào tạo"] == str(int(staff_trained_in(2025, hospital_a))) == "660"
    assert summary["Kinh phí tài trợ (EUR)"] == "1500000"
    assert summary["Người bệnh nước ngoài và chuyển tuyến"] == "2"
    assert "Lớp học năm trước" not in text and "Chuyên gia Lào" not in text  # another year, another institution
    assert "Châu Âu" in text and "Pháp" in text and "Tài trợ máy xạ trị" in text
    assert any(shape.type is not None for shape in document.inline_shapes)  # the chart


def prepared(client, fmt: str, language: str) -> bytes:
    """Ask for the report as the page does, follow to the job's page, and download the file it hands over."""
    with capture_on_commit_callbacks(execute=True):
        asked = client.post(reverse("annual-report"), {"year": 2025, "format": fmt, "language": language})
    job_page = client.get(asked.url)
    assert job_page.status_code == 200 and "Tải về" in job_page.content.decode()
    return b"".join(client.get(reverse("job-output", args=[job_page.context["job"].pk])).streaming_content)


def test_the_ministry_report_in_excel_covers_every_institution(client, year_of_work, users):
    client.force_login(users[Role.MINISTRY])
    book = openpyxl.load_workbook(io.BytesIO(prepared(client, "xlsx", "vi")))
    summary = {row[0]: row[1] for row in book["Tổng hợp"].iter_rows(values_only=True) if row and row[0]}
    assert summary["Chuyên gia nước ngoài đến"] == 4 and summary["Nhân viên y tế được đào tạo"] == 660
    assert summary["Người bệnh nước ngoài và chuyển tuyến"] == 2  # counted, though the ministry reads no episode
    countries = {row[1] for row in book["Theo quốc gia"].iter_rows(min_row=2, values_only=True)}
    assert {"Pháp", "Lào"} <= countries
    assert book["Tổng hợp"]._charts


def test_an_institution_reports_only_on_itself(client, year_of_work, coordinator_b):
    client.force_login(coordinator_b)
    book = openpyxl.load_workbook(io.BytesIO(prepared(client, "xlsx", "en")))
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True) if row and row[0]}
    assert summary["Staff trained"] == 0 and summary["Experts received"] == 4


def test_a_partner_cannot_ask_for_a_report(client, users):
    client.force_login(users[Role.PARTNER])
    assert client.post(reverse("annual-report"), {"year": 2025, "format": "docx", "language": "vi"}).status_code == 404


def test_the_report_groups_partners_by_region_and_country(year_of_work):
    report = build_report(Scope(None), 2025)
    regions = {key: [c.code for c in countries] for key, _label, countries in report.regions}
    assert regions == {"neighbours": ["LA"], "europe": ["FR"]}


def test_a_partner_named_like_a_formula_is_text_in_the_excel_report(client, year_of_work, partner_of_a, users):
    partner_of_a.name = '=HYPERLINK("http://evil.example","Mở")'
    partner_of_a.save()
    client.force_login(users[Role.MINISTRY])
    book = openpyxl.load_workbook(io.BytesIO(prepared(client, "xlsx", "vi")))
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c for c in cells if c.data_type == "f"]
    partner = [c for c in cells if "HYPERLINK" in str(c.value)]
    assert partner and {(c.value, c.data_type) for c in partner} == {("'" + partner_of_a.name, "s")}
    summary = {row[0]: row[1] for row in book["Tổng hợp"].iter_rows(values_only=True) if row and row[0]}
    assert summary["Chuyên gia nước ngoài đến"] == 4  # figures stay numbers
