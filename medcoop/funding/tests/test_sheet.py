"""Funding from a sheet: each row a commitment matched to the donor by name, re-imported by its reference; a bad
row stops the whole sheet, named by row and column."""

from datetime import date
from decimal import Decimal

from medcoop.funding.models import Funding
from medcoop.sheets.importer import apply_plan, plan_import
from medcoop.sheets.tests.test_import import workbook
from medcoop.sheets.workbook import read_sheet

HEADERS = ["Mã tài trợ", "Tên khoản tài trợ", "Nhà tài trợ", "Hình thức", "Nguồn vốn", "Số tiền cam kết", "Loại tiền"]
HEADERS += ["Ngày cam kết", "Số hiệu thỏa thuận"]


def plan(user, rows):
    return plan_import(user, "funding", read_sheet(workbook(HEADERS, rows), "tai-tro.xlsx"), "vi")


def test_fundings_are_imported_and_reimporting_updates_them(coordinator_a, partner_of_a, agreement_of_a):
    agreement_of_a.reference = "01/2024/TTQT"
    agreement_of_a.save()
    row = ["GR-2024-7", "Tài trợ xạ trị", "Gustave Roussy", "Viện trợ không hoàn lại", "10", "13,5 triệu Euro"]
    row += [None, "01/06/2025", "01/2024/TTQT"]
    assert apply_plan(coordinator_a, plan(coordinator_a, [row])) == (1, 0)
    funding = Funding.objects.get()
    assert (funding.donor, funding.amount, funding.currency, funding.instrument) == (
        partner_of_a,
        Decimal("13500000"),
        "EUR",
        "grant",
    )
    assert (funding.committed_on, funding.agreement, funding.flow_type) == (date(2025, 6, 1), agreement_of_a, "10")
    row[5] = "14.000.000"
    row[6] = "EUR"
    assert apply_plan(coordinator_a, plan(coordinator_a, [row])) == (0, 1)
    assert Funding.objects.get().amount == Decimal("14000000")


def test_a_bad_row_is_named_and_nothing_is_imported(coordinator_a, partner_of_a, agreement_of_a):
    rows = [
        ["GR-1", "Tài trợ", "Không ai", "Viện trợ không hoàn lại", None, "1.000", None, None, "01/2024/TTQT"],
        ["GR-2", "Tài trợ", "Gustave Roussy", "Quà", None, "mười", "XYZ", "31/02/2025", None],
    ]
    checked = plan(coordinator_a, rows)
    errors = {(number, header) for number, header, _message in checked.errors}
    assert {(3, "Hình thức"), (3, "Số tiền cam kết"), (3, "Loại tiền"), (3, "Ngày cam kết")} <= errors
    assert any("Không ai" in message for _n, _h, message in checked.errors)
    assert not Funding.objects.exists()


def test_the_funding_template_carries_its_headers_and_codes(client, coordinator_a):
    import io

    import openpyxl
    from django.urls import reverse

    client.force_login(coordinator_a)
    book = openpyxl.load_workbook(io.BytesIO(client.get(reverse("sheet-template", args=["funding"])).content))
    assert [c.value for c in book.worksheets[0][1]][:3] == ["Mã tài trợ", "Tên khoản tài trợ", "Nhà tài trợ"]
    codes = list(book.worksheets[1].iter_rows(values_only=True))
    assert ("Hình thức", "in_kind", "Hiện vật (trang thiết bị, hàng hóa)") in codes
    assert ("Nguồn vốn", "10", "Hỗ trợ phát triển chính thức (ODA)") in codes
