"""Technique transfer: the milestones one after another, reminders when one is overdue, the year's list of
techniques newly mastered, and every way in refused to those who may not take it."""

import io
from datetime import date, timedelta

import openpyxl
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from medcoop.activities import services
from medcoop.activities.models import TechnologyTransfer, TransferStage
from medcoop.activities.reminders import send_transfer_reminders
from medcoop.conftest import make_user
from medcoop.core.locking import version_of
from medcoop.core.permissions import Role
from medcoop.core.tests.test_api import bearer


@pytest.fixture
def transfer_of_a(coordinator_a, hospital_a, partner_of_a, activity_of_a):
    return services.save_transfer(
        coordinator_a,
        TechnologyTransfer(
            owner=hospital_a,
            technique="Xạ trị điều biến liều (IMRT)",
            specialty_id="oncology",
            source=partner_of_a,
            experts="Dr. Claire Martin",
            activity=activity_of_a,
            taught_planned_on=date(2025, 3, 1),
            first_supervised_planned_on=date(2025, 4, 1),
            mastered_planned_on=date(2025, 12, 1),
        ),
    )


def test_milestones_are_recorded_one_after_another_until_mastered(coordinator_a, transfer_of_a):
    transfer = transfer_of_a
    assert services.allowed_actions(coordinator_a, transfer) == ["milestone", "stop"]
    services.record_milestone(coordinator_a, transfer, date(2025, 3, 5))
    with pytest.raises(ValidationError):  # before the one it follows: nothing changes
        services.record_milestone(coordinator_a, transfer, date(2025, 3, 1))
    transfer.refresh_from_db()
    assert transfer.stage == TransferStage.TAUGHT and transfer.first_supervised_on is None
    with pytest.raises(ValidationError):
        services.record_milestone(coordinator_a, transfer, timezone.localdate() + timedelta(days=1))
    services.record_milestone(coordinator_a, transfer, date(2025, 4, 2))
    services.record_milestone(coordinator_a, transfer, date(2025, 6, 1))
    assert transfer.stage == TransferStage.FIRST_INDEPENDENT and transfer.independent_cases == 1
    assert "cases" in services.allowed_actions(coordinator_a, transfer)
    services.record_cases(coordinator_a, transfer, 12)
    with pytest.raises(ValidationError):
        services.record_cases(coordinator_a, transfer, 3)
    services.record_milestone(coordinator_a, transfer, date(2025, 11, 20))
    transfer.refresh_from_db()
    assert transfer.stage == TransferStage.MASTERED and transfer.independent_cases == 12
    assert services.allowed_actions(coordinator_a, transfer) == ["cases"]
    with pytest.raises(PermissionDenied):
        services.record_milestone(coordinator_a, transfer, date(2025, 12, 1))


def test_an_overdue_milestone_is_reminded_once_without_the_experts(coordinator_a, transfer_of_a):
    coordinator_a.email = "coord_a@example.org"
    coordinator_a.save()
    services.record_milestone(coordinator_a, transfer_of_a, date(2025, 3, 5))
    assert send_transfer_reminders(date(2025, 3, 20)) == 0  # the next one is planned for April
    assert send_transfer_reminders(date(2025, 4, 10)) == 1
    body = mail.outbox[0].body
    assert "Xạ trị điều biến liều (IMRT)" in body and "01/04/2025" in body and "Claire Martin" not in body
    assert send_transfer_reminders(date(2025, 4, 11)) == 0
    services.stop_transfer(coordinator_a, transfer_of_a, date(2025, 4, 12))
    assert not TechnologyTransfer.objects.overdue(date(2026, 1, 1)).exists()


def test_links_to_another_institutions_records_are_refused(coordinator_a, hospital_a, coordinator_b, hospital_b):
    from medcoop.agreements.models import Agreement

    foreign = Agreement.objects.create(owner=hospital_b, title="MOU B")
    with pytest.raises(ValidationError) as error:
        services.save_transfer(coordinator_a, TechnologyTransfer(owner=hospital_a, technique="X", agreement=foreign))
    assert "agreement" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        services.save_transfer(coordinator_b, TechnologyTransfer(owner=hospital_a, technique="X"))
    assert not TechnologyTransfer.objects.exists()


def test_pages_create_follow_and_list_the_year_s_mastered(client, coordinator_a, activity_of_a, partner_of_a):
    client.force_login(coordinator_a)
    form = client.get(reverse("technique-create") + f"?activity={activity_of_a.pk}")
    assert form.status_code == 200
    sent = client.post(
        reverse("technique-create") + f"?activity={activity_of_a.pk}",
        {
            "technique": "Phẫu thuật nội soi lồng ngực",
            "specialty": "oncology",
            "source": partner_of_a.pk,
            "activity": activity_of_a.pk,
            "taught_on": "02/01/2025",
            "taught_planned_on": "01/06/2025",
            "mastered_planned_on": "01/01/2025",  # mastered planned before taught: refused
            "independent_cases": "0",
            "form_token": form.context["form_token"],
        },
    )
    assert sent.status_code == 400 and not TechnologyTransfer.objects.exists()
    sent = client.post(
        reverse("technique-create"),
        {
            "technique": "Phẫu thuật nội soi lồng ngực",
            "specialty": "oncology",
            "source": partner_of_a.pk,
            "activity": activity_of_a.pk,
            "taught_on": "02/01/2025",
            "independent_cases": "0",
            "form_token": form.context["form_token"],
        },
    )
    transfer = TechnologyTransfer.objects.get()
    assert sent.status_code == 302 and transfer.activity == activity_of_a and transfer.agreement is None
    step = reverse("technique-step", args=[transfer.pk, "milestone"])
    assert client.post(step, {"on": "31/02/2025"}).status_code == 302  # a day that does not exist: said, nothing
    transfer.refresh_from_db()
    assert transfer.first_supervised_on is None
    for day in ("10/02/2025", "10/03/2025", "15/10/2025"):
        client.post(step, {"on": day, "cases": "7"})
    transfer.refresh_from_db()
    assert transfer.stage == TransferStage.MASTERED and transfer.mastered_on == date(2025, 10, 15)
    detail = client.get(transfer.get_absolute_url()).content.decode()
    assert "15/10/2025" in detail and "milestone-form" not in detail
    assert "Phẫu thuật nội soi lồng ngực" in client.get(activity_of_a.get_absolute_url()).content.decode()
    listed = client.get(reverse("technique-list"), {"stage": "mastered"})
    assert list(listed.context["object_list"]) == [transfer]
    assert not client.get(reverse("technique-list"), {"stage": "taught"}).context["object_list"]
    page = client.get(reverse("techniques-mastered"), {"year": "2025"}).content.decode()
    assert "Phẫu thuật nội soi lồng ngực" in page
    assert (
        "Phẫu thuật nội soi lồng ngực"
        not in client.get(reverse("techniques-mastered"), {"year": "2024"}).content.decode()
    )
    assert client.get(reverse("techniques-mastered"), {"year": "abc"}).status_code == 200
    export = client.get(reverse("techniques-mastered"), {"year": "2025", "export": "xlsx"})
    rows = list(openpyxl.load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == "Phẫu thuật nội soi lồng ngực" and rows[1][4] == 7


def test_others_are_refused_every_way_in_and_nothing_changes(client, transfer_of_a, coordinator_b, hospital_a):
    before = version_of(transfer_of_a)
    reader = make_user("bacsi_a", Role.CLINICIAN, hospital_a)
    today = timezone.localdate()
    TechnologyTransfer.objects.create(
        owner=hospital_a, technique="Xạ phẫu Gamma Knife", taught_on=today, mastered_on=today
    )
    for user, sees in ((coordinator_b, False), (reader, True)):
        client.force_login(user)
        assert client.get(transfer_of_a.get_absolute_url()).status_code == (200 if sees else 404)
        assert client.get(reverse("technique-edit", args=[transfer_of_a.pk])).status_code == 404
        for step in ("milestone", "stop", "cases", "resume", "nonsense"):
            url = reverse("technique-step", args=[transfer_of_a.pk, step])
            assert client.post(url, {"on": "05/03/2025", "cases": "3"}).status_code == 404
            api = client.post(
                f"/api/techniques/{transfer_of_a.pk}/{step}",
                {"on": "2025-03-05"},
                content_type="application/json",
                **bearer(user),
            )
            assert api.status_code == 404
        assert client.post(reverse("technique-delete", args=[transfer_of_a.pk])).status_code == 404
        patch = client.patch(
            f"/api/techniques/{transfer_of_a.pk}", {"technique": "x"}, content_type="application/json", **bearer(user)
        )
        assert patch.status_code == 404
        listed = client.get("/api/techniques/", **bearer(user)).json()["items"]
        assert (transfer_of_a.pk in [t["id"] for t in listed]) is sees
        mastered = client.get(reverse("techniques-mastered"), {"export": "csv"}).content.decode()
        assert ("Gamma Knife" in mastered) is sees
    transfer_of_a.refresh_from_db()
    assert version_of(transfer_of_a) == before and transfer_of_a.taught_on is None


def test_the_api_takes_a_transfer_through_its_steps(client, coordinator_a, partner_of_a):
    headers = bearer(coordinator_a)
    made = client.post(
        "/api/techniques/",
        {"technique": "Ghép tế bào gốc", "source": partner_of_a.pk, "taught_planned_on": "2025-01-10"},
        content_type="application/json",
        **headers,
    )
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    bad = client.post(f"/api/techniques/{pk}/milestone", {}, content_type="application/json", **headers)
    assert bad.status_code == 400 and bad.json()["message"]
    done = client.post(
        f"/api/techniques/{pk}/milestone", {"on": "2025-01-12"}, content_type="application/json", **headers
    )
    assert done.json()["stage"] == "taught" and done.json()["actions"] == ["milestone", "stop"]
    assert client.get("/api/techniques/?stage=taught", **headers).json()["items"][0]["id"] == pk


def test_the_agreement_page_lists_its_techniques(client, coordinator_a, coordinator_b, agreement_of_a, hospital_a):
    services.save_transfer(
        coordinator_a, TechnologyTransfer(owner=hospital_a, technique="Nội soi siêu âm", agreement=agreement_of_a)
    )
    client.force_login(coordinator_a)
    page = client.get(agreement_of_a.get_absolute_url()).content.decode()
    assert "Nội soi siêu âm" in page and f"?agreement={agreement_of_a.pk}" in page
    new = client.get(reverse("technique-create"), {"agreement": agreement_of_a.pk})
    assert new.context["form"].initial.get("agreement") == agreement_of_a.pk or new.context["form"].instance.agreement
    client.force_login(coordinator_b)
    assert (
        client.get(reverse("technique-create"), {"agreement": agreement_of_a.pk}).context["form"].instance.agreement
        is None
    )
