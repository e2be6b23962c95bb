"""Every list exports what it shows: the same filters, all pages, labels instead of codes."""

import csv
import io
from datetime import date

import openpyxl
from django.urls import reverse

from medcoop.activities.models import Activity
from medcoop.core.permissions import Role
from medcoop.patients.models import PatientEpisode


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_activity_list_exports_its_filtered_rows_with_labels(client, coordinator_a, hospital_a, activity_of_a):
    Activity.objects.create(owner=hospital_a, kind_id="conference", title="Hội thảo 2019", start_on=date(2019, 5, 1))
    client.force_login(coordinator_a)
    rows = csv_rows(client.get(reverse("activity-list"), {"year": 2025, "export": "csv"}))
    assert rows[0][:3] == ["Tiêu đề", "Loại", "Đơn vị quản lý"]
    assert [r[0] for r in rows[1:]] == [activity_of_a.title]
    assert rows[1][1] == "Đào tạo / tập huấn" and "Viện Gustave Roussy" in rows[1][9]
    assert "660" in rows[1][10]


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
