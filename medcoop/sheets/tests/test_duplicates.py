"""The sheet importer's check report flags new rows that likely repeat a recorded organization or activity."""

from django.urls import reverse

from medcoop.sheets.importer import plan_import
from medcoop.sheets.workbook import read_sheet

from .test_import import ACTIVITY_HEADERS, workbook


def test_new_rows_that_likely_repeat_a_record_are_flagged(client, coordinator_a, partner_of_a, activity_of_a):
    organizations = "Tên;Loại;Quốc gia;Tên khác\nVIEN GUSTAVE ROUSSY;Bệnh viện;Pháp;\nĐại học Lyon;university;France;\n"
    plan = plan_import(coordinator_a, "organizations", read_sheet(organizations.encode(), "to-chuc.csv"))
    assert not plan.errors
    assert [(number, [d.record for d in found]) for number, found in plan.duplicates] == [(2, [partner_of_a])]

    row = ["HD-09", "Đào tạo xạ trị", "training", "03/2025", None, "Gustave Roussy", "FR", "12", None, None]
    plan = plan_import(coordinator_a, "activities", read_sheet(workbook(ACTIVITY_HEADERS, [row]), "hd.xlsx"))
    assert not plan.errors and [[d.record for d in found] for _, found in plan.duplicates] == [[activity_of_a]]

    client.force_login(coordinator_a)
    upload = client.post(
        reverse("sheet-upload"),
        {"kind": "activities", "file": _file(workbook(ACTIVITY_HEADERS, [row]), "hd.xlsx")},
    )
    assert activity_of_a.get_absolute_url() in upload.content.decode()


def _file(data, name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_the_command_names_the_rows_that_may_repeat_a_record(tmp_path, coordinator_a, partner_of_a, capsys):
    from django.core.management import call_command

    sheet = tmp_path / "to-chuc.csv"
    sheet.write_text("Tên;Loại;Quốc gia;Tên khác\nVIEN GUSTAVE ROUSSY;Bệnh viện;Pháp;\n", encoding="utf-8")
    call_command("import_sheet", str(sheet), "--type", "organizations", "--as", coordinator_a.username)
    assert f"row 2 may repeat: Viện Gustave Roussy (#{partner_of_a.pk})" in capsys.readouterr().err
