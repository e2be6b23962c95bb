"""Funding: the commitment and its transactions saved as a whole, the totals per currency, the pages, the API
and the IATI export."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from lxml import etree
from okfn_iati import enums
from okfn_iati.iati_schema_validator import IatiValidator

from medcoop.conftest import formset_data
from medcoop.core.locking import version_of
from medcoop.core.tests.test_api import bearer
from medcoop.funding.models import Funding, FundingTransaction
from medcoop.funding.services import funding_totals, save_funding


def test_totals_are_committed_disbursed_and_spent_per_currency(coordinator_a, hospital_a, partner_of_a, funding_of_a):
    save_funding(
        coordinator_a,
        Funding(
            owner=hospital_a,
            title="Viện trợ thiết bị",
            donor=partner_of_a,
            instrument="in_kind",
            amount=Decimal("2000000000"),
            currency="VND",
            agreement=funding_of_a.agreement,
        ),
        transactions=[{"kind": "3", "date": date(2025, 7, 1), "amount": Decimal("500000000")}],
    )
    totals = {t.currency: (t.committed, t.disbursed, t.spent) for t in funding_totals(Funding.objects.all())}
    assert totals == {
        "EUR": (Decimal("1500000"), Decimal("1400000"), Decimal("250000")),
        "VND": (Decimal("2000000000"), Decimal("500000000"), Decimal("0")),
    }


def test_commitment_transactions_must_add_up_to_the_commitment_and_nothing_is_kept(coordinator_a, funding_of_a):
    before = list(funding_of_a.transactions.values_list("kind", "amount"))
    with pytest.raises(ValidationError) as error:
        save_funding(
            coordinator_a,
            funding_of_a,
            transactions=[{"kind": "11", "date": date(2025, 6, 1), "amount": Decimal("1000")}],
        )
    assert "1500000" in str(error.value) and "transactions" in error.value.message_dict
    assert list(funding_of_a.transactions.values_list("kind", "amount")) == before


def test_a_funding_hangs_under_the_receiving_institutions_agreement_or_activity(
    coordinator_a, coordinator_b, hospital_a, partner_of_a, activity_of_a
):
    with pytest.raises(ValidationError) as error:
        save_funding(
            coordinator_a,
            Funding(owner=hospital_a, title="x", donor=partner_of_a, amount=1, currency="EUR"),
        )
    assert "agreement" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        save_funding(
            coordinator_b,
            Funding(owner=hospital_a, title="x", donor=partner_of_a, amount=1, currency="EUR", activity=activity_of_a),
        )
    assert not Funding.objects.exists()


def page_post(funding_fields: dict, transactions: list[dict], version: str = "", initial: int = 0) -> dict:
    return {
        **funding_fields,
        "version": version,
        **formset_data("transactions", transactions, initial=initial),
        **formset_data("equipment", []),
    }


def test_the_page_creates_a_funding_with_its_transactions_in_vietnamese_numbers(
    client, coordinator_a, partner_of_a, agreement_of_a
):
    client.force_login(coordinator_a)
    assert client.get(reverse("funding-create"), {"agreement": agreement_of_a.pk}).status_code == 200
    fields = {
        "title": "Tài trợ cyclotron",
        "donor": partner_of_a.pk,
        "instrument": "grant",
        "flow_type": "10",
        "amount": "13.500.000",
        "currency": "EUR",
        "committed_on": "01/06/2025",
        "agreement": agreement_of_a.pk,
    }
    rows = [
        {"kind": "1", "date": "15/09/2025", "amount": "5.000.000"},
        {"kind": "1", "date": "15/03/2026", "amount": "4.500.000,50"},
    ]
    response = client.post(reverse("funding-create"), page_post(fields, rows))
    assert response.status_code == 302, [e for e in response.content.decode().split("\n") if "error" in e]
    funding = Funding.objects.get()
    assert (funding.amount, funding.currency) == (Decimal("13500000"), "EUR")
    assert sorted(funding.transactions.values_list("amount", flat=True)) == [Decimal("4500000.50"), Decimal("5000000")]
    page = client.get(funding.get_absolute_url()).content.decode()
    assert "9.500.000,5" in page  # disbursed, as Vietnamese writes it
    assert "Số tiền giải ngân vượt số tiền cam kết" not in page
    agreement_page = client.get(agreement_of_a.get_absolute_url()).content.decode()
    assert "Tài trợ cyclotron" in agreement_page and "13.500.000" in agreement_page


def test_bad_input_on_the_page_is_a_400_in_vietnamese_and_changes_nothing(client, coordinator_a, funding_of_a):
    client.force_login(coordinator_a)
    fields = {
        "title": funding_of_a.title,
        "donor": funding_of_a.donor_id,
        "instrument": "grant",
        "flow_type": "10",
        "amount": "mười",
        "currency": "XYZ",
        "activity": funding_of_a.activity_id,
    }
    rows = [{"kind": "99", "date": "31/02/2026", "amount": "-5"}]
    response = client.post(
        reverse("funding-edit", args=[funding_of_a.pk]), page_post(fields, rows, version_of(funding_of_a))
    )
    assert response.status_code == 400
    assert FundingTransaction.objects.filter(funding=funding_of_a).count() == 4
    assert Funding.objects.get(pk=funding_of_a.pk).amount == Decimal("1500000")


def test_another_institution_finds_nothing_and_changes_nothing(client, coordinator_b, funding_of_a):
    client.force_login(coordinator_b)
    for name in ("funding-detail", "funding-edit", "funding-delete"):
        assert client.get(reverse(name, args=[funding_of_a.pk])).status_code == 404
    assert client.post(reverse("funding-delete", args=[funding_of_a.pk])).status_code == 404
    listed = client.get(reverse("funding-list"), {"export": "csv"})
    assert "Tài trợ máy xạ trị" not in listed.content.decode("utf-8-sig")
    headers = bearer(coordinator_b)
    assert client.get(f"/api/funding/{funding_of_a.pk}", **headers).status_code == 404
    patched = client.patch(
        f"/api/funding/{funding_of_a.pk}", {"title": "x"}, content_type="application/json", **headers
    )
    assert patched.status_code == 404
    assert Funding.objects.get(pk=funding_of_a.pk).title == "Tài trợ máy xạ trị"


def test_the_list_filters_and_exports(client, coordinator_a, funding_of_a, partner_of_a):
    client.force_login(coordinator_a)
    assert "Tài trợ máy xạ trị" in client.get(reverse("funding-list"), {"currency": "eur"}).content.decode()
    assert "Tài trợ máy xạ trị" not in client.get(reverse("funding-list"), {"instrument": "loan"}).content.decode()
    export = client.get(reverse("funding-list"), {"export": "xlsx", "donor": partner_of_a.pk})
    import io

    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "Tài trợ máy xạ trị" and Decimal(str(rows[1][7])) == Decimal("1400000")


@pytest.mark.parametrize(
    ("list_name", "export", "filters"),
    [
        ("funding-list", "csv", {"donor": "9" * 25}),
        ("funding-list", "iati", {"year": "1850"}),
        ("activity-list", "iati", {"kind": "no-such-kind"}),
    ],
)
def test_an_export_whose_filter_is_refused_gives_no_file_of_every_row(
    client, coordinator_a, funding_of_a, list_name, export, filters
):
    """A stale bookmark's filter would otherwise drop all the filters and export every row as if filtered."""
    client.force_login(coordinator_a)
    answer = client.get(reverse(list_name), {"export": export, "instrument": "grant", **filters})
    assert answer.status_code == 400 and "Content-Disposition" not in answer
    assert "nên chưa xuất gì" in answer.content.decode()


def test_the_api_creates_with_transactions_and_reports_errors_by_row(
    client, coordinator_a, partner_of_a, activity_of_a
):
    headers = bearer(coordinator_a)
    body = {
        "title": "Khoản vay ODA",
        "donor": partner_of_a.pk,
        "instrument": "loan",
        "amount": "2000000",
        "currency": "USD",
        "activity": activity_of_a.pk,
        "transactions": [{"kind": "1", "date": "2025-10-01", "amount": "750000"}],
    }
    created = client.post("/api/funding/", body, content_type="application/json", **headers)
    assert created.status_code == 201, created.content
    totals = created.json()["totals"]
    assert totals["currency"] == "USD"
    assert [totals[k] for k in ("committed", "disbursed", "spent")] == ["2000000.00", "750000.00", "0.00"]
    bad = {**body, "transactions": [{"kind": "99", "date": "2025-10-01", "amount": "-1"}]}
    refused = client.post("/api/funding/", bad, content_type="application/json", **headers)
    assert refused.status_code == 400
    assert {e["field"] for e in refused.json()["errors"]} >= {"transactions[0].kind", "transactions[0].amount"}
    assert Funding.objects.count() == 1


def test_the_iati_export_carries_the_transactions_and_is_valid(client, coordinator_a, funding_of_a):
    client.force_login(coordinator_a)
    xml = client.get(reverse("activity-list"), {"export": "iati"}).content
    valid, errors = IatiValidator("2.03").validate_xml(xml.decode("utf-8"))
    assert valid, errors
    root = etree.fromstring(xml)
    moves = [
        (t.find("transaction-type").get("code"), t.find("value").text, t.find("value").get("currency"))
        for t in root.iter("transaction")
    ]
    assert moves == [
        ("11", "1500000.00", "EUR"),
        ("1", "1000000.00", "EUR"),
        ("1", "400000.00", "EUR"),
        ("4", "250000.00", "EUR"),
    ]
    assert {t.get("code") for t in root.iter("transaction-type")} <= {str(m.value) for m in enums.TransactionType}
    assert {t.get("code") for t in root.iter("finance-type")} <= {str(m.value) for m in enums.FinanceType}
    assert {t.get("code") for t in root.iter("flow-type")} <= {str(m.value) for m in enums.FlowType}


def test_the_annual_report_gives_funding_by_donor_and_currency_of_the_year(
    coordinator_a, hospital_a, partner_of_a, funding_of_a
):
    """2025: 1,5 M EUR committed and 1 M disbursed; the January 2026 disbursement and the spending are 2026's."""
    import io

    import openpyxl

    from medcoop.dashboard.services import Scope
    from medcoop.reports.documents import report_xlsx
    from medcoop.reports.services import build_report

    for year, expected in (
        (2025, ["Viện Gustave Roussy", "EUR", 1500000, 1000000, 0]),
        (2026, ["Viện Gustave Roussy", "EUR", 0, 400000, 250000]),
    ):
        report = build_report(Scope(coordinator_a, hospital_a), year)
        sheet = openpyxl.load_workbook(io.BytesIO(report_xlsx(report, "vi")))["Kinh phí tài trợ"]
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0] == ("nhà tài trợ", "loại tiền", "đã cam kết", "đã giải ngân", "đã chi")
        assert [[rows[1][0], rows[1][1], *map(Decimal, map(str, rows[1][2:]))]] == [
            [expected[0], expected[1], *map(Decimal, expected[2:])]
        ], year
        assert len(rows) == 2


def test_the_dashboard_shows_a_new_disbursement_at_once_and_the_change_is_audited(client, coordinator_a, funding_of_a):
    from medcoop.core.models import AuditEvent

    client.force_login(coordinator_a)
    [eur] = client.get(reverse("dashboard")).context["funding_flows"]
    assert (eur.committed, eur.disbursed, eur.spent) == (1500000, 1400000, 250000)
    rows = list(funding_of_a.transactions.values("pk", "kind", "date", "amount", "description"))
    save_funding(
        coordinator_a, funding_of_a, transactions=[*rows, {"kind": "1", "date": date(2026, 4, 1), "amount": 100000}]
    )
    [eur] = client.get(reverse("dashboard")).context["funding_flows"]
    assert eur.disbursed == 1500000
    activity_page = client.get(funding_of_a.activity.get_absolute_url()).content.decode()
    assert 'data-total="disbursed">1.500.000<' in activity_page and "Thêm khoản tài trợ" in activity_page
    assert AuditEvent.objects.filter(model="funding.FundingTransaction", action="create").count() == 5
    assert "Số tiền giải ngân vượt số tiền cam kết" not in client.get(funding_of_a.get_absolute_url()).content.decode()
    save_funding(coordinator_a, funding_of_a, transactions=[{"kind": "1", "date": date(2026, 5, 1), "amount": 1600000}])
    assert "Số tiền giải ngân vượt số tiền cam kết" in client.get(funding_of_a.get_absolute_url()).content.decode()


def test_bad_addresses_answer_without_a_500(client, coordinator_a, funding_of_a):
    client.force_login(coordinator_a)
    for query in ({"year": "abc"}, {"donor": "x"}, {"currency": "EURO!"}, {"sort": "nope"}, {"page": "999"}):
        assert client.get(reverse("funding-list"), query).status_code in (200, 404), query
    assert client.get(reverse("funding-create"), {"agreement": "abc", "activity": "99999"}).status_code == 200
    assert client.get(reverse("funding-create"), {"activity": "9" * 30}).status_code == 200
    assert client.get(reverse("funding-list"), {"activity": "9" * 30}).status_code == 200
    headers = bearer(coordinator_a)
    assert client.get("/api/funding/?year=abc", **headers).status_code == 400
    body = {"title": "x", "transactions": [{"kind": "1", "date": "hôm qua", "amount": "1"}]}
    sent = client.patch(f"/api/funding/{funding_of_a.pk}", body, content_type="application/json", **headers)
    assert sent.status_code == 400
    assert Funding.objects.get(pk=funding_of_a.pk).title == "Tài trợ máy xạ trị"


def test_a_reader_who_does_not_write_sees_the_funding_but_cannot_add_or_change_one(
    client, hospital_a, funding_of_a, partner_of_a
):
    from medcoop.conftest import make_user
    from medcoop.core.permissions import Role

    client.force_login(make_user("lanhdao_a", Role.LEADERSHIP, hospital_a))
    assert client.get(funding_of_a.get_absolute_url()).status_code == 200
    assert "Thêm khoản tài trợ" not in client.get(funding_of_a.activity.get_absolute_url()).content.decode()
    assert client.get(reverse("funding-create")).status_code == 404
    fields = {
        "title": "x",
        "donor": partner_of_a.pk,
        "amount": "1",
        "currency": "EUR",
        "activity": funding_of_a.activity_id,
    }
    assert client.post(reverse("funding-create"), page_post(fields, [])).status_code == 404
    assert Funding.objects.count() == 1


@pytest.mark.parametrize("q", ["xa tri", "xa trj"])
def test_the_apis_search_answers_with_the_lists_own_reading(client, coordinator_a, funding_of_a, q):
    """A search's keys are found apart (`SearchQuerySet.newest_first`), then read as the list reads its rows:
    with what `with_flows()` adds (disbursed), for the exact search and for the one forgiving a typo."""
    body = client.get("/api/funding/", {"q": q}, **bearer(coordinator_a)).json()
    assert [item["title"] for item in body["items"]] == ["Tài trợ máy xạ trị"]
    assert body["items"][0]["totals"]["disbursed"] == "1400000.00"
