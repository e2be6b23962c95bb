"""Consent to sending a case abroad: no consent, no sending; the consent names the countries; each sending is
registered; a withdrawal ends the experts' access; only the requesting institution sees any of it."""

import io
import re
from datetime import timedelta

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from medcoop.conftest import make_partner, make_user
from medcoop.consultations import services as consultations
from medcoop.consultations.models import CaseStatus, ConsultationCase
from medcoop.core.models import AuditEvent, Specialty
from medcoop.core.permissions import Role
from medcoop.core.tests.test_api import bearer
from medcoop.privacy import services
from medcoop.privacy.models import Consent, Transfer


@pytest.fixture
def bare_case(clinician_a, hospital_a, partner_of_a, expert):
    """A draft with an expert invited and no consent yet."""
    case = consultations.save_case(
        clinician_a,
        ConsultationCase(
            owner=hospital_a,
            specialty=Specialty.objects.get(code="cardiology"),
            question="Thay van hay sửa van?",
            age_band="65+",
            sex="male",
            question_translated="Valve replacement or repair?",
            summary_translated="Man over 65.",
        ),
        partners=[partner_of_a],
        translation_checked=True,
    )
    consultations.invite(clinician_a, case, expert)
    return case


def consent(**fields) -> Consent:
    return Consent(given_on=fields.pop("given_on", timezone.localdate()), **fields)


def test_a_case_is_not_sent_without_the_patients_consent(bare_case, clinician_a):
    with pytest.raises(ValidationError) as refused:
        consultations.submit(clinician_a, bare_case)
    assert "ghi nhận sự đồng ý của người bệnh" in str(refused.value)
    assert ConsultationCase.objects.get().status == CaseStatus.DRAFT and not Transfer.objects.exists()
    services.record_consent(clinician_a, bare_case, consent(form_reference="PĐY-7"))
    consultations.submit(clinician_a, bare_case)
    transfer = Transfer.objects.get()
    assert (transfer.case, transfer.country, transfer.sent_by, transfer.consent.form_reference) == (
        bare_case,
        "FR",
        clinician_a,
        "PĐY-7",
    )


def test_the_consent_must_name_every_partners_country(bare_case, clinician_a, hospital_a, partner_of_a):
    services.record_consent(clinician_a, bare_case, consent())
    charite = make_partner(hospital_a, "Charité", "DE")
    consultations.save_case(clinician_a, bare_case, partners=[partner_of_a, charite])
    with pytest.raises(ValidationError) as refused:
        consultations.submit(clinician_a, bare_case)
    assert "nhưng không gồm Đức" in str(refused.value)
    newer = services.record_consent(clinician_a, bare_case, consent())
    assert newer.countries == ["DE", "FR"]
    consultations.submit(clinician_a, bare_case)
    assert sorted(Transfer.objects.values_list("country", "consent")) == [("DE", newer.pk), ("FR", newer.pk)]


def test_re_assigning_needs_the_consent_and_registers_nothing_twice(
    draft, clinician_a, coordinator_a, expert, partner_of_a
):
    consultations.submit(clinician_a, draft)
    consultations.decline(expert, draft, "Không đúng chuyên môn")
    services.withdraw_consent(clinician_a, draft.consents.get(), "Người bệnh đổi ý")
    draft.refresh_from_db()
    assert draft.status == CaseStatus.CANCELLED  # declined and not answered: the withdrawal cancels it
    assert Transfer.objects.count() == 1


def test_a_withdrawal_cancels_an_unanswered_case_and_ends_the_experts_access(client, draft, clinician_a, expert):
    consultations.submit(clinician_a, draft)
    consultations.accept(expert, draft)
    client.force_login(expert)
    assert client.get(draft.get_absolute_url()).status_code == 200
    client.force_login(clinician_a)
    given = draft.consents.get()
    response = client.post(reverse("consent-withdraw", args=[given.pk]), {"reason": "Gia đình không đồng ý nữa"})
    assert response.status_code == 302
    draft.refresh_from_db()
    given.refresh_from_db()
    assert draft.status == CaseStatus.CANCELLED and given.withdrawn_on == timezone.localdate()
    assert given.withdrawn_by == clinician_a and given.withdrawal_reason == "Gia đình không đồng ý nữa"
    client.force_login(expert)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(f"/api/consultations/{draft.pk}", **bearer(expert)).status_code == 404
    assert Transfer.objects.filter(case=draft).exists()  # what was sent stays on the register
    assert list(AuditEvent.objects.filter(action=AuditEvent.Action.CONSENT).values_list("changes", flat=True)) == [
        {"withdrawn": [None, timezone.localdate().isoformat()]},
        {"given": [None, given.given_on.isoformat()], "countries": [None, ["FR"]]},
    ]
    with pytest.raises(ValidationError) as again:
        services.withdraw_consent(clinician_a, given, "")
    assert "đã được rút lại" in str(again.value)


def test_an_answered_case_keeps_its_answer_but_the_expert_loses_access(draft, clinician_a, expert):
    consultations.submit(clinician_a, draft)
    consultations.accept(expert, draft)
    consultations.submit_opinion(expert, draft, "Nên sinh thiết.")
    services.withdraw_consent(clinician_a, draft.consents.get(), "")
    draft.refresh_from_db()
    assert draft.status == CaseStatus.ANSWERED and draft.opinions.count() == 1
    assert not ConsultationCase.objects.visible_to(expert).exists()
    assert ConsultationCase.objects.visible_to(clinician_a).get() == draft


def test_the_form_needs_the_patient_informed_and_a_date_not_in_the_future(client, bare_case, clinician_a):
    client.force_login(clinician_a)
    url = reverse("consent-create", args=[bare_case.pk])
    form = {
        "purpose": "consultation",
        "countries": ["FR"],
        "given_by": "patient",
        "method": "written",
        "given_on": timezone.localdate().strftime("%d/%m/%Y"),
    }
    uninformed = client.post(url, form)
    assert uninformed.status_code == 400 and "informed" in uninformed.context["form"].errors
    tomorrow = (timezone.localdate() + timedelta(days=1)).strftime("%d/%m/%Y")
    future = client.post(url, {**form, "given_on": tomorrow, "informed": "on"})
    assert future.status_code == 400 and "tương lai" in future.content.decode()
    assert not Consent.objects.exists()
    page = client.get(url).content.decode()
    assert 'value="FR"' in page and "checked" in page  # the case's partner country is offered ticked


def test_the_register_holds_processing_transfers_and_consents(client, draft, clinician_a, coordinator_b):
    consultations.submit(clinician_a, draft)
    client.force_login(clinician_a)
    response = client.get(reverse("privacy-register"))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Hoạt động xử lý", "Chuyển dữ liệu ra nước ngoài", "Sự đồng ý"]
    processing = {row[0]: row for row in book["Hoạt động xử lý"].iter_rows(min_row=2, values_only=True)}
    assert processing["Hội chẩn từ xa"][6] == "Pháp"  # the countries cases actually went to
    header, transfer = list(book["Chuyển dữ liệu ra nước ngoài"].iter_rows(values_only=True))
    assert transfer[1:4] == (str(draft), "Viện Gustave Roussy", "Pháp")
    sent = timezone.localtime(Transfer.objects.get().sent_at)  # in Vietnam's time, not the server's UTC
    assert transfer[0] == sent.strftime("%d/%m/%Y %H:%M")
    assert [row[0] for row in book["Sự đồng ý"].iter_rows(min_row=2, values_only=True)] == [str(draft.consents.get())]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT, actor=clinician_a).exists()

    client.force_login(coordinator_b)  # another institution's register names none of A's cases
    other = openpyxl.load_workbook(io.BytesIO(client.get(reverse("privacy-register")).content))
    assert other["Chuyển dữ liệu ra nước ngoài"].max_row == 1 and other["Sự đồng ý"].max_row == 1


@pytest.mark.parametrize("role", ["other_institution", "expert", "ministry", "admin"])
def test_no_one_outside_the_requesting_institution_sees_or_changes_a_consent(
    client, draft, clinician_a, expert, coordinator_b, role
):
    consultations.submit(clinician_a, draft)
    given = draft.consents.get()
    user = {
        "other_institution": coordinator_b,
        "expert": expert,
        "ministry": make_user("boyte", Role.MINISTRY, None),
        "admin": make_user("quantri", Role.ADMIN, None),
    }[role]
    client.force_login(user)
    list_page = client.get(reverse("consent-list"))
    assert list_page.status_code == 404 or str(given) not in list_page.content.decode()
    assert client.get(reverse("consent-create", args=[draft.pk])).status_code == 404
    assert client.post(reverse("consent-withdraw", args=[given.pk]), {"reason": "x"}).status_code == 404
    assert client.get("/api/privacy/consents", **bearer(user)).json().get("items", []) == []
    assert (
        client.post(
            f"/api/privacy/consents/{given.pk}/withdraw", {}, content_type="application/json", **bearer(user)
        ).status_code
        == 404
    )
    given.refresh_from_db()
    assert given.in_force


def test_the_lists_show_the_institutions_consents_and_transfers(client, draft, clinician_a):
    consultations.submit(clinician_a, draft)
    given = draft.consents.get()
    client.force_login(clinician_a)
    assert str(given) in client.get(reverse("consent-list")).content.decode()
    assert str(given) not in client.get(reverse("consent-list"), {"state": "withdrawn"}).content.decode()
    assert str(given) in client.get(reverse("consent-list"), {"q": str(draft)}).content.decode()
    transfers = client.get(reverse("transfer-list"), {"country": "FR"}).content.decode()
    assert "Viện Gustave Roussy" in transfers and str(draft) in transfers
    exported = client.get(reverse("transfer-list"), {"export": "xlsx"})
    rows = list(openpyxl.load_workbook(io.BytesIO(exported.content)).active.iter_rows(values_only=True))
    assert rows[1][1:4] == (str(draft), "Viện Gustave Roussy", "Pháp")


def test_a_form_number_like_a_formula_is_text_in_the_register(client, bare_case, clinician_a):
    services.record_consent(clinician_a, bare_case, consent(form_reference='=HYPERLINK("http://x","y")'))
    client.force_login(clinician_a)
    book = openpyxl.load_workbook(io.BytesIO(client.get(reverse("privacy-register")).content))
    header, row = [list(r) for r in book["Sự đồng ý"].iter_rows()]
    form_number = row[7]
    assert form_number.value == '\'=HYPERLINK("http://x","y")' and form_number.data_type == "s"


def test_a_consent_form_sent_twice_records_one_consent(client, bare_case, clinician_a):
    client.force_login(clinician_a)
    url = reverse("consent-create", args=[bare_case.pk])
    token = re.search(r'name="form_token" value="([^"]+)"', client.get(url).content.decode())[1]
    form = {
        "purpose": "consultation",
        "countries": ["FR"],
        "given_by": "patient",
        "method": "written",
        "given_on": timezone.localdate().strftime("%d/%m/%Y"),
        "informed": "on",
        "form_token": token,
    }
    first, second = client.post(url, form), client.post(url, form)
    assert first.status_code == second.status_code == 302 and second["Location"] == bare_case.get_absolute_url()
    assert Consent.objects.filter(case=bare_case).count() == 1


def test_the_case_page_offers_withdrawal_only_while_allowed_and_a_forged_one_changes_nothing(
    client, draft, clinician_a, coordinator_b
):
    consent = draft.consents.get()
    withdraw = reverse("consent-withdraw", args=[consent.pk])
    client.force_login(clinician_a)
    assert withdraw in client.get(draft.get_absolute_url()).content.decode()
    assert client.post(withdraw, {"reason": "Người bệnh đổi ý"}).status_code == 302
    consent.refresh_from_db()
    withdrawn = consent.withdrawn_on, consent.withdrawal_reason
    assert withdraw not in client.get(draft.get_absolute_url()).content.decode()
    assert "không còn hiệu lực" in client.get(withdraw, follow=True).content.decode()
    again = client.post(withdraw, {"reason": "Lần hai"})
    assert again.status_code == 400 and "đã được rút" in again.content.decode()
    client.force_login(coordinator_b)
    assert client.post(withdraw, {"reason": "Bệnh viện khác"}).status_code == 404
    consent.refresh_from_db()
    assert (consent.withdrawn_on, consent.withdrawal_reason) == withdrawn
