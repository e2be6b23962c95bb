"""Spreadsheet import: all rows or none, errors by row and column in Vietnamese, re-import updates by key."""

import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from medcoop.activities.models import Activity
from medcoop.conftest import capture_on_commit_callbacks
from medcoop.organizations.models import Organization
from medcoop.patients.models import PatientEpisode
from medcoop.sheets.importer import apply_plan, plan_import
from medcoop.sheets.workbook import SheetError, read_sheet

ACTIVITY_HEADERS = [
    "Mã hoạt động",
    "Tiêu đề",
    "Loại hoạt động",
    "Bắt đầu",
    "Kết thúc",
    "Đối tác",
    "Quốc gia",
    "Nhân viên y tế được đào tạo",
    "Kinh phí tài trợ",
    "Loại tiền",
]


def workbook(headers, rows, *, merge=None, formula=None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    if formula:
        sheet[formula] = "=1+1"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def activity_rows(trained="660"):
    return [
        [
            "HD-01",
            "Đào tạo can thiệp tim mạch",
            "Đào tạo / tập huấn",
            "10/2017",
            "2019",
            "Gustave Roussy",
            "Pháp",
            trained,
            None,
            None,
        ],
        [
            "HD-02",
            "Tài trợ máy gia tốc",
            "funding",
            datetime(2018, 3, 1),
            None,
            "Viện Gustave Roussy",
            "FR",
            None,
            "13,5",
            "EUR",
        ],
    ]


def run(user, slug, data, name="sheet.xlsx"):
    plan = plan_import(user, slug, read_sheet(data, name))
    return plan, (apply_plan(user, plan) if not plan.errors else None)


def test_activities_are_imported_with_figures_and_reimporting_updates_them(coordinator_a, partner_of_a):
    plan, result = run(coordinator_a, "activities", workbook(ACTIVITY_HEADERS, activity_rows()))
    assert result == (2, 0)
    training = Activity.objects.get(title="Đào tạo can thiệp tim mạch")
    assert (training.start_on.isoformat(), training.start_precision, str(training.end)) == (
        "2017-10-01",
        "month",
        "2019",
    )
    assert training.provenance == "spreadsheet" and training.country == "FR"
    assert list(training.figures.values_list("metric", "value")) == [("staff_trained", Decimal("660"))]
    assert list(training.partners.values_list("organization", flat=True)) == [partner_of_a.pk]
    grant = Activity.objects.get(title="Tài trợ máy gia tốc")
    assert grant.start_on.isoformat() == "2018-03-01"  # an Excel date cell
    assert list(grant.figures.values_list("value", "currency")) == [(Decimal("13.5"), "EUR")]
    grant_written = Activity.objects.get(title="Tài trợ máy gia tốc").updated_at
    figure, partner = training.figures.get(), training.partners.get()
    training.figures.update(period_start="2018-01-01")  # what the sheet does not carry, set on the page
    training.partners.update(role="funder")
    plan, result = run(coordinator_a, "activities", workbook(ACTIVITY_HEADERS, activity_rows(trained="700")))
    assert result == (0, 1) and Activity.objects.count() == 2  # only the changed row is rewritten
    assert Activity.objects.get(title="Tài trợ máy gia tốc").updated_at == grant_written
    # The figure and the partner are updated in place (core.services.replace_rows_in_bulk), not recreated.
    assert list(training.figures.values_list("pk", "value", "period_start")) == [
        (figure.pk, Decimal("700"), date(2018, 1, 1))
    ]
    assert list(training.partners.values_list("pk", "role")) == [(partner.pk, "funder")]


def test_any_bad_row_stops_everything_and_is_named_by_row_and_column(client, coordinator_a, partner_of_a):
    rows = activity_rows() + [
        ["HD-03", "", "Hội thảo", "31/02/2020", None, "Không có", "Atlantis", None, None, None],
        ["HD-01", "Lặp mã", "training", None, None, None, None, None, None, None],
    ]
    plan = plan_import(coordinator_a, "activities", read_sheet(workbook(ACTIVITY_HEADERS, rows), "a.xlsx"))
    errors = {(number, header) for number, header, _message in plan.errors}
    assert {(4, "Tiêu đề"), (4, "Loại hoạt động"), (4, "Bắt đầu"), (4, "Quốc gia"), (5, "Mã hoạt động")} <= errors
    assert any("Atlantis" in message for _n, _h, message in plan.errors)
    with pytest.raises(SheetError):
        apply_plan(coordinator_a, plan)
    assert not Activity.objects.exists()
    client.force_login(coordinator_a)
    upload = io.BytesIO(workbook(ACTIVITY_HEADERS, rows))
    upload.name = "hoat-dong.xlsx"
    page = client.post(reverse("sheet-upload"), {"kind": "activities", "file": upload})
    assert page.status_code == 400 and "Ô này phải được điền." in page.content.decode()
    errors_book = openpyxl.load_workbook(io.BytesIO(client.get(reverse("sheet-errors")).content)).active
    last_column = [row[-1] for row in errors_book.iter_rows(values_only=True)]
    assert last_column[0] == "Lỗi" and last_column[1] is None and "Tiêu đề" in last_column[3]
    assert not Activity.objects.exists()


def test_the_upload_previews_then_imports(client, coordinator_a, partner_of_a):
    client.force_login(coordinator_a)
    upload = io.BytesIO(workbook(ACTIVITY_HEADERS, activity_rows()))
    upload.name = "hoat-dong.xlsx"
    preview = client.post(reverse("sheet-upload"), {"kind": "activities", "file": upload})
    assert "2 mới, 0 cập nhật." in preview.content.decode() and not Activity.objects.exists()
    with capture_on_commit_callbacks():
        asked = client.post(reverse("sheet-confirm"))
    job_page = client.get(asked.url).content.decode()
    assert Activity.objects.count() == 2
    assert "Đã nhập: 2 mới, 0 cập nhật." in job_page


@pytest.mark.parametrize(
    "data, name, message",
    [
        (workbook(["Tên", "Quốc gia"], [["Viện A", "FR"]]), "x.xlsx", "Thiếu cột"),
        (workbook(ACTIVITY_HEADERS, activity_rows(), merge="A2:B2"), "x.xlsx", "ô được gộp"),
        (workbook(ACTIVITY_HEADERS, activity_rows(), formula="H2"), "x.xlsx", "công thức"),
        (b"not a workbook", "x.xlsx", "không phải là tệp Excel"),
    ],
)
def test_wrong_sheets_are_refused_with_a_clear_message(coordinator_a, partner_of_a, data, name, message):
    with pytest.raises(SheetError) as error:
        plan_import(coordinator_a, "activities", read_sheet(data, name))
    assert message in str(error.value)


def test_a_million_rows_are_refused_before_they_are_read(coordinator_a):
    data = ("Tên,Quốc gia\n" + "Viện A,FR\n" * 1_000_000).encode()
    with pytest.raises(SheetError) as error:
        read_sheet(data, "x.csv")
    assert "1000000" in str(error.value).replace(".", "")


def test_a_cp1258_csv_of_organizations_with_country_names(coordinator_a, hospital_a):
    from medcoop.articles.tests.test_extraction import windows_1258

    text = "Tên;Loại;Quốc gia;Tên khác\nBệnh viện Mahosot;Bệnh viện;Lào;Mahosot\nĐại học Lyon;university;France;\n"
    plan, result = run(coordinator_a, "organizations", windows_1258(text), "to-chuc.csv")
    assert result == (2, 0), plan.errors
    assert dict(Organization.objects.filter(owner=hospital_a, is_member=False).values_list("name", "country")) == {
        "Bệnh viện Mahosot": "LA",
        "Đại học Lyon": "FR",
    }


def test_episodes_need_a_real_icd10_code_and_the_patients_consent(coordinator_a):
    headers = ["Mã người bệnh", "Quốc tịch", "Chẩn đoán ICD-10", "Ngày vào viện", "Đồng ý chia sẻ"]
    rows = [
        ["BN-1", "Lào", "C34.1", "2025-02-03", "có"],
        ["BN-2", "Campuchia", "Z99.99", "03/02/2025", "có"],
        ["BN-3", "Lào", "I21.0", "03/02/2025", "không"],
    ]
    plan, result = run(coordinator_a, "episodes", workbook(headers, rows))
    assert result is None and not PatientEpisode.objects.exists()
    messages = {number: message for number, _header, message in plan.errors}
    assert "không phải là mã ICD-10" in messages[3] and "chưa đồng ý" in messages[4]
    plan, result = run(coordinator_a, "episodes", workbook(headers, rows[:1]))
    assert result == (1, 0) and PatientEpisode.objects.get().admitted_on.isoformat() == "2025-02-03"


def test_templates_carry_vietnamese_headers_and_the_allowed_codes(client, coordinator_a):
    client.force_login(coordinator_a)
    book = openpyxl.load_workbook(io.BytesIO(client.get(reverse("sheet-template", args=["activities"])).content))
    headers = [c.value for c in book.worksheets[0][1]]
    assert headers[:3] == ["Mã hoạt động", "Tiêu đề", "Loại hoạt động"] and "Nhân viên y tế được đào tạo" in headers
    codes = list(book.worksheets[1].iter_rows(values_only=True))
    assert ("Loại hoạt động", "training", "Đào tạo / tập huấn") in codes and ("Quốc gia", "LA", "Lào") in codes


def test_the_command_imports_with_a_progress_bar(tmp_path, coordinator_a, partner_of_a, capsys):
    path = tmp_path / "hoat-dong.xlsx"
    path.write_bytes(workbook(ACTIVITY_HEADERS, activity_rows()))
    call_command("import_sheet", str(path), "--type", "activities", "--as", coordinator_a.username)
    captured = capsys.readouterr()
    assert captured.out.strip() == "2 created, 0 updated" and "2/2" in captured.err


VIETNAMESE_FIGURES = [
    ["HD-11", "Đào tạo A", "Đào tạo / tập huấn", "2024", None, "Gustave Roussy", "Pháp", "1.500", None, None],
    ["HD-12", "Tài trợ B", "funding", "2024", None, "Gustave Roussy", "Pháp", None, "13,5 triệu", "Euro"],
    ["HD-13", "Tài trợ C", "funding", "2024", None, "Gustave Roussy", "Pháp", None, "300.000 VNĐ", None],
]


def test_vietnamese_figures_import_as_written_in_a_vietnamese_sheet(coordinator_a, partner_of_a):
    data = workbook(ACTIVITY_HEADERS, VIETNAMESE_FIGURES)
    plan = plan_import(coordinator_a, "activities", read_sheet(data, "sheet.xlsx"), "vi")
    assert plan.errors == []
    apply_plan(coordinator_a, plan)
    figures = {
        a.source_reference: [(f.value, f.currency) for f in a.figures.all()]
        for a in Activity.objects.filter(owner=coordinator_a.organization)
    }
    assert figures == {
        "sheet:HD-11": [(1500, "")],
        "sheet:HD-12": [(13_500_000, "EUR")],
        "sheet:HD-13": [(300_000, "VND")],
    }


def test_an_ambiguous_number_is_flagged_not_guessed_when_the_sheet_locale_is_unknown(coordinator_a, partner_of_a):
    plan, result = run(coordinator_a, "activities", workbook(ACTIVITY_HEADERS, VIETNAMESE_FIGURES[:1]))
    assert result is None and Activity.objects.count() == 0
    assert [(number, header) for number, header, _message in plan.errors] == [(2, "Nhân viên y tế được đào tạo")]


def test_the_error_sheet_returns_formula_like_cells_as_text_and_numbers_as_numbers(client, coordinator_a):
    import csv

    hostile = "=HYPERLINK(A9)"
    out = io.StringIO()
    csv.writer(out).writerows(
        [ACTIVITY_HEADERS, ["HD-09", hostile, "khong-co", "", "", "", "", "-5", "", ""], ["@SUM(A1)"] + [""] * 9]
    )
    text = out.getvalue()
    upload = io.BytesIO(text.encode("utf-8"))
    upload.name = "hoat-dong.csv"
    client.force_login(coordinator_a)
    assert client.post(reverse("sheet-upload"), {"kind": "activities", "file": upload}).status_code == 400
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(reverse("sheet-errors")).content)).active
    cells = {c.coordinate: c for row in sheet.iter_rows() for c in row if c.value is not None}
    assert (cells["B2"].value, cells["B2"].data_type) == ("'" + hostile, "s")
    assert (cells["A3"].value, cells["A3"].data_type) == ("'@SUM(A1)", "s")
    assert cells["H2"].value == "-5"  # a signed number the user typed is given back as typed
    assert not [c for c in cells.values() if c.data_type == "f"]


def test_a_value_repeated_down_a_column_is_read_once_yet_each_row_gets_its_own_result(coordinator_a, partner_of_a):
    """Readers remember each distinct cell value (importer._remembered): a bad value is an error on every row
    that holds it, and equal values of different types (the number 660, the text "660") each read as written."""
    rows = [
        [f"HD-{n}", f"Hoạt động {n}", "training", "10/2017", None, "Gustave Roussy", country, trained, None, None]
        for n, (country, trained) in enumerate(
            [("Pháp", 660), ("Atlantis", "660"), ("Pháp", "1500"), ("Atlantis", 660.0), ("FR", 660)]
        )
    ]
    plan = plan_import(coordinator_a, "activities", read_sheet(workbook(ACTIVITY_HEADERS, rows), "a.xlsx"))
    assert [(number, header) for number, header, _message in plan.errors if header == "Quốc gia"] == [
        (3, "Quốc gia"),
        (5, "Quốc gia"),
    ]
    assert all("Atlantis" in message for _n, header, message in plan.errors if header == "Quốc gia")
    figures = {row.number: row.children["figures"][0].value for row in plan.rows if not row.errors and row.children}
    assert figures == {2: Decimal("660"), 4: Decimal("1500"), 6: Decimal("660")}
