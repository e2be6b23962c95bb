"""After the trip, the report of results drafts an agreement and techniques to transfer, linked back to the
case; and delegations with their members come in by spreadsheet, as drafts, all or nothing."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from medcoop.activities.models import TechnologyTransfer
from medcoop.agreements.models import Agreement, AgreementStatus
from medcoop.delegations import services
from medcoop.delegations.models import Delegation, Member, Status
from medcoop.sheets.importer import apply_plan, plan_import
from medcoop.sheets.tests.test_import import workbook
from medcoop.sheets.workbook import read_sheet


def decided(user, delegation):
    services.submit(user, delegation, today=date(2026, 1, 5))
    while delegation.status == Status.SUBMITTED:
        services.decide_step(user, delegation, True)
    services.record_decision(user, delegation, number="88/QĐ-BVA", on=date(2026, 1, 20))
    return delegation


def test_the_report_drafts_an_agreement_and_techniques_linked_back(mission_of_a, coordinator_a, partner_of_a):
    decided(coordinator_a, mission_of_a)
    services.record_report(
        coordinator_a,
        mission_of_a,
        on=date(2026, 4, 20),
        results="Chuyển giao kỹ thuật xạ trị; đề xuất ký thỏa thuận hợp tác 5 năm.",
        agreement_title="Thỏa thuận hợp tác xạ trị 2026–2031",
        techniques=["Xạ trị điều biến thể tích (VMAT)", "  ", "Xạ phẫu định vị thân (SBRT)"],
    )
    mission_of_a.refresh_from_db()
    agreement = mission_of_a.drafted_agreement
    assert agreement.owner == mission_of_a.owner and agreement.status == AgreementStatus.DRAFT
    assert set(agreement.parties.values_list("organization", flat=True)) == {mission_of_a.owner_id, partner_of_a.pk}
    transfers = TechnologyTransfer.objects.filter(delegation=mission_of_a).order_by("technique")
    assert [t.technique for t in transfers] == ["Xạ phẫu định vị thân (SBRT)", "Xạ trị điều biến thể tích (VMAT)"]
    first = transfers[0]
    assert (first.source, first.agreement, first.activity) == (partner_of_a, agreement, mission_of_a.activity)
    assert "Claire Martin (Prof.)" in first.experts


def test_without_a_partner_nothing_is_drafted_and_nothing_changes(trip_of_a, coordinator_a):
    decided(coordinator_a, trip_of_a)
    Delegation.objects.filter(pk=trip_of_a.pk).update(partner=None)
    trip_of_a.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.record_report(coordinator_a, trip_of_a, on=date(2026, 3, 30), results="Xong", techniques=["IMRT"])
    assert "partner" in error.value.message_dict
    trip_of_a.refresh_from_db()
    assert trip_of_a.status == Status.DECIDED and not TechnologyTransfer.objects.exists()
    assert not Agreement.objects.filter(title__contains="Xong").exists()


def test_the_report_form_drafts_them_and_the_page_links_them(client, mission_of_a, coordinator_a, coordinator_b):
    decided(coordinator_a, mission_of_a)
    url = reverse("delegation-step", args=[mission_of_a.pk, "report"])
    data = {"report_on": "2026-04-20", "results": "Tốt", "techniques": "Xạ trị VMAT\n", "agreement_title": ""}
    client.force_login(coordinator_b)
    assert client.post(url, data).status_code == 404
    assert not TechnologyTransfer.objects.exists()
    client.force_login(coordinator_a)
    client.post(url, data)
    transfer = TechnologyTransfer.objects.get()
    page = client.get(mission_of_a.get_absolute_url()).content.decode()
    assert transfer.get_absolute_url() in page
    assert mission_of_a.get_absolute_url() in client.get(transfer.get_absolute_url()).content.decode()


HEADERS = [
    "Số/ký hiệu",
    "Tên đoàn",
    "Loại",
    "Mục đích",
    "Quốc gia",
    "Nơi đến hoặc đơn vị đón",
    "Đối tác",
    "Từ ngày",
    "Đến ngày",
    "Nguồn kinh phí",
    "Kinh phí dự kiến",
    "Thành viên",
]
ROW = [
    "12/BVA-HTQT",
    "Đoàn học tập tại Gustave Roussy",
    "đoàn ra",
    "Học tập",
    "Pháp",
    "Villejuif",
    "Gustave Roussy",
    "09/03/2026",
    "20/03/2026",
    "Đối tác",
    "120.000.000",
    "Trần Văn Minh (Bác sĩ, Khoa Xạ trị); Lê Thị Hoa (Trưởng khoa)",
]


def sheet(rows):
    return read_sheet(workbook(HEADERS, rows), "doan.xlsx")


def test_delegations_and_their_members_are_imported_as_drafts(coordinator_a, partner_of_a):
    plan = plan_import(coordinator_a, "delegations", sheet([ROW]), "vi")
    assert plan.errors == []
    assert apply_plan(coordinator_a, plan) == (1, 0)
    trip = Delegation.objects.get()
    assert (trip.kind, trip.purpose, trip.partner, trip.status) == ("outbound", "study", partner_of_a, Status.DRAFT)
    assert trip.estimated_cost == 120_000_000 and trip.file_due_on and trip.report_due_on
    members = list(trip.members.values_list("name", "position", "department", "is_head"))
    assert members == [("Trần Văn Minh", "Bác sĩ", "Khoa Xạ trị", True), ("Lê Thị Hoa", "Trưởng khoa", "", False)]
    Member.objects.filter(name="Trần Văn Minh").update(permit_number="GP-1")
    again = ROW[:11] + ["Trần Văn Minh (Bác sĩ chính, Khoa Xạ trị); Phạm Văn Nam (Kỹ sư)"]
    assert apply_plan(coordinator_a, plan_import(coordinator_a, "delegations", sheet([again]), "vi")) == (0, 1)
    kept = trip.members.get(name="Trần Văn Minh")
    assert kept.position == "Bác sĩ chính" and kept.permit_number == "GP-1"  # the same person, updated
    assert set(trip.members.values_list("name", flat=True)) == {"Trần Văn Minh", "Phạm Văn Nam"}
    services.submit(coordinator_a, trip, today=date(2026, 1, 5))
    errors = plan_import(coordinator_a, "delegations", sheet([ROW]), "vi").errors
    assert errors and "đã được gửi" in errors[0][2]


def test_a_bad_delegation_row_stops_the_sheet(coordinator_a, partner_of_a):
    backwards = ["14/BVA-HTQT", *ROW[1:7], "20/03/2026", "09/03/2026", *ROW[9:]]
    nameless = ["15/BVA-HTQT", *ROW[1:11], "(Bác sĩ)"]
    unknown = ["13/BVA-HTQT", "Đoàn", "Du lịch", "", "Pháp", "", "Không có", "01/02/2026", "05/02/2026", "", "", ""]
    plan = plan_import(coordinator_a, "delegations", sheet([ROW, backwards, nameless, unknown]), "vi")
    by_row = {}
    for row, header, message in plan.errors:
        by_row.setdefault(row, []).append((header, message))
    assert sorted(by_row) == [3, 4, 5]
    assert "ngày bắt đầu" in by_row[3][0][1]
    assert "không có tên" in by_row[4][0][1]
    assert {header for header, _m in by_row[5]} == {"Loại"}
    assert not Delegation.objects.exists()


def test_the_api_reports_results_with_their_outcomes(client, mission_of_a, coordinator_a, coordinator_b):
    from medcoop.core.tests.test_api import bearer

    decided(coordinator_a, mission_of_a)
    services.save_delegation(coordinator_a, mission_of_a, hosts=[{"name": "Nguyễn Thị Lan"}])
    body = {"on": "2026-04-20", "results": "Tốt", "agreement_title": "Thỏa thuận xạ trị", "techniques": ["VMAT"]}
    url = f"/api/delegations/{mission_of_a.pk}/report"
    assert client.post(url, body, content_type="application/json", **bearer(coordinator_b)).status_code == 404
    assert not TechnologyTransfer.objects.exists()
    answer = client.post(url, body, content_type="application/json", **bearer(coordinator_a))
    assert answer.status_code == 200, answer.content
    detail = client.get(f"/api/delegations/{mission_of_a.pk}", **bearer(coordinator_a)).json()
    assert detail["hosts"] == [{"name": "Nguyễn Thị Lan", "position": "", "department": ""}]
    assert detail["technique_ids"] == [TechnologyTransfer.objects.get(technique="VMAT").pk]
    assert Agreement.objects.get(pk=detail["drafted_agreement_id"]).title == "Thỏa thuận xạ trị"
