import io
from datetime import date

import pytest
from docx import Document
from openpyxl import load_workbook

from medcoop.core.permissions import Role
from medcoop.delegations import services
from medcoop.delegations.models import Delegation, Status


def test_the_list_filters_and_exports(logged_in, coordinator_a, trip_of_a, mission_of_a):
    client = logged_in(coordinator_a)
    page = client.get("/delegations/?kind=outbound")
    assert page.status_code == 200 and "Khóa đào tạo xạ trị" in page.text and "Chuyên gia Gustave" not in page.text
    found = client.get("/delegations/?q=khoa+dao+tao")  # accents ignored
    assert [d.pk for d in found.context["object_list"]] == [trip_of_a.pk]
    assert client.get("/delegations/?deadline=overdue&year=abc").status_code == 200
    export = client.get("/delegations/?export=xlsx")
    rows = list(load_workbook(io.BytesIO(export.content)).active.values)
    assert len(rows) == 3 and "Claire Martin" not in str(rows)


def test_the_detail_offers_the_allowed_steps_and_the_flow_runs_by_post(logged_in, coordinator_a, trip_of_a):
    client = logged_in(coordinator_a)
    assert "submit-file" in client.get(trip_of_a.get_absolute_url()).text
    client.post(f"/delegations/{trip_of_a.pk}/step/submit/")
    trip_of_a.refresh_from_db()
    assert trip_of_a.status == Status.SUBMITTED
    refused = client.post(f"/delegations/{trip_of_a.pk}/step/decide/", {"approve": "0", "comment": ""}, follow=True)
    assert "Hãy ghi lý do không đồng ý." in refused.text
    for _ in range(4):
        client.post(f"/delegations/{trip_of_a.pk}/step/decide/", {"approve": "1", "comment": "OK"})
    trip_of_a.refresh_from_db()
    assert trip_of_a.status == Status.APPROVED
    today = f"{trip_of_a.submitted_on:%d/%m/%Y}"
    client.post(f"/delegations/{trip_of_a.pk}/step/decision/", {"decision_number": "215/QĐ-BVA", "decision_on": today})
    letter = client.get(f"/delegations/{trip_of_a.pk}/letters/decision.docx")
    document = Document(io.BytesIO(letter.content))
    assert "Số: 215/QĐ-BVA" in document.tables[0].rows[0].cells[0].text
    assert "Trần Văn Minh" in "".join(c.text for r in document.tables[1].rows for c in r.cells)


@pytest.mark.parametrize(
    "url",
    [
        "/delegations/{pk}/",
        "/delegations/{pk}/edit/",
        "/delegations/{pk}/letters/request.docx",
        "/delegations/{pk}/members/{member}/identity/",
    ],
)
def test_another_institution_gets_404(logged_in, coordinator_b, trip_of_a, url):
    client = logged_in(coordinator_b)
    member = trip_of_a.members.first().pk
    assert client.get(url.format(pk=trip_of_a.pk, member=member)).status_code == 404


@pytest.mark.parametrize("step", ["submit", "decide", "decision", "report", "cancel"])
def test_another_institution_changes_nothing(logged_in, coordinator_b, trip_of_a, step):
    response = logged_in(coordinator_b).post(f"/delegations/{trip_of_a.pk}/step/{step}/", {"approve": "1"})
    assert response.status_code == 404
    assert Delegation.objects.get(pk=trip_of_a.pk).status == Status.DRAFT
    assert not trip_of_a.steps.exists()


def test_readers_who_may_not_act_see_no_buttons_and_are_refused(logged_in, users, trip_of_a, coordinator_a):
    services.submit(coordinator_a, trip_of_a)
    clinician = logged_in(users[Role.CLINICIAN])
    page = clinician.get(trip_of_a.get_absolute_url())
    assert page.status_code == 200 and "decide-form" not in page.text
    assert clinician.post(f"/delegations/{trip_of_a.pk}/step/decide/", {"approve": "1"}).status_code == 404
    assert clinician.get(f"/delegations/{trip_of_a.pk}/members/1/identity/").status_code == 404
    partner = logged_in(users[Role.PARTNER])
    assert partner.get("/delegations/").status_code == 404
    assert partner.get(trip_of_a.get_absolute_url()).status_code == 404
    assert not trip_of_a.steps.exclude(decision="pending").exists()


def test_the_period_report_counts_the_records(logged_in, coordinator_a, trip_of_a, mission_of_a, users):
    services.submit(coordinator_a, trip_of_a, today=date(2026, 1, 5))
    services.submit(coordinator_a, mission_of_a, today=date(2026, 3, 2))
    client = logged_in(coordinator_a)
    page = client.get("/delegations/report/?year=2026&half=1")
    assert page.context["report"].totals == (1, 1) and page.context["report"].people == 4
    assert page.context["report"].by_country == [("Pháp", 1, 1)]
    book = load_workbook(io.BytesIO(client.get("/delegations/report/?year=2026&half=1&format=xlsx").content))
    trips = list(book.worksheets[0].values)
    assert len(trips) == 3 and "Lê Thị Hoa, Trưởng khoa, Khoa Xạ trị" in trips[1][9]
    assert sorted(list(book.worksheets[2].values)[1:]) == [
        ("Chuyên gia hỗ trợ chuyên môn", 0, 1),
        ("Khóa đào tạo", 1, 0),
    ]
    document = Document(io.BytesIO(client.get("/delegations/report/?year=2026&half=1&format=docx").content))
    assert document.paragraphs[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert len(document.tables[-1].rows) == 3
    # Another institution's coordinator counts none of them; the ministry counts them all.
    assert logged_in(users[Role.MINISTRY]).get("/delegations/report/?year=2026").context["report"].totals == (1, 1)


def test_the_report_of_another_institution_counts_nothing(logged_in, coordinator_b, trip_of_a, coordinator_a):
    services.submit(coordinator_a, trip_of_a, today=date(2026, 1, 5))
    assert logged_in(coordinator_b).get("/delegations/report/?year=2026").context["report"].totals == (0, 0)


def test_the_form_creates_a_case_with_members(logged_in, coordinator_a, partner_of_a):
    from medcoop.conftest import formset_data

    data = {
        "kind": "outbound",
        "purpose": "conference",
        "title": "Hội nghị ESTRO 2026",
        "country": "AT",
        "place": "Viên",
        "start_on": "02/05/2026",
        "end_on": "06/05/2026",
        "funding": "own",
        "currency": "VND",
        "estimated_cost": "85.000.000",
        **formset_data("members", [{"name": "Nguyễn Văn An", "position": "Bác sĩ", "rank": "none"}]),
    }
    response = logged_in(coordinator_a).post("/delegations/new/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    created = Delegation.objects.get(title="Hội nghị ESTRO 2026")
    assert created.estimated_cost == 85_000_000 and created.members.get().name == "Nguyễn Văn An"


def test_editing_a_mission_keeps_the_encrypted_number_and_never_shows_it(logged_in, coordinator_a, mission_of_a):
    client = logged_in(coordinator_a)
    page = client.get(f"/delegations/{mission_of_a.pk}/edit/")
    assert page.status_code == 200 and "Claire Martin" in page.text and "19FR12345" not in page.text
    token = mission_of_a.members.get(name="Claire Martin").identity_number_token
    assert token and token not in page.text


def test_an_agreement_shows_it_awaits_permission_to_sign_then_the_decision(
    logged_in, coordinator_a, hospital_a, agreement_of_a
):
    signing = services.save_delegation(
        coordinator_a,
        Delegation(
            owner=hospital_a,
            kind="signing",
            purpose="signing",
            title="Xin phép ký thỏa thuận",
            country="FR",
            agreement=agreement_of_a,
            start_on=date(2026, 5, 4),
            end_on=date(2026, 5, 4),
        ),
    )
    client = logged_in(coordinator_a)
    assert "Chờ cấp phép ký kết" not in client.get(agreement_of_a.get_absolute_url()).text  # a draft is not asked
    services.submit(coordinator_a, signing)
    assert "Chờ cấp phép ký kết" in client.get(agreement_of_a.get_absolute_url()).text
    while signing.status == Status.SUBMITTED:
        services.decide_step(coordinator_a, signing, True)
    services.record_decision(coordinator_a, signing, number="88/BYT-HTQT", on=signing.submitted_on, authority="Bộ Y tế")
    page = client.get(agreement_of_a.get_absolute_url()).text
    assert "Đã được phép ký kết" in page and "88/BYT-HTQT" in page and "Bộ Y tế" in page


def test_the_annual_report_counts_delegations(coordinator_a, trip_of_a, mission_of_a, hospital_b):
    from medcoop.dashboard.services import Scope
    from medcoop.reports.documents import summary_rows
    from medcoop.reports.services import build_report

    services.submit(coordinator_a, trip_of_a, today=date(2026, 1, 5))
    report = build_report(Scope(coordinator_a), 2026)
    assert report.delegations == (1, 0)  # the mission is still a draft
    assert ("Đoàn ra", "1") in summary_rows(report)
    assert build_report(Scope(coordinator_a, hospital_b), 2026).delegations == (0, 0)


def test_a_decision_date_is_typed_dd_mm_yyyy_and_a_day_the_calendar_lacks_is_named():
    from medcoop.delegations.forms import DecisionForm, PlanApprovalForm, ReportForm

    assert DecisionForm({"decision_number": "12/QĐ", "decision_on": "05/03/2026"}).is_valid()
    for form, name in ((DecisionForm, "decision_on"), (ReportForm, "report_on"), (PlanApprovalForm, "approved_on")):
        errors = form({name: "31/02/2025"}).errors[name]
        assert errors == ["Ngày “31/02/2025” không có trên lịch."], errors
