from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from medcoop.activities.models import Activity
from medcoop.agreements.models import Agreement, AgreementStatus, Commitment, add_months
from medcoop.agreements.reminders import send_reminders
from medcoop.agreements.services import save_agreement

TODAY = date(2026, 11, 23)


def agreement(owner, **fields):
    return Agreement(owner=owner, title=fields.pop("title", "MOU"), **fields)


def save(user, owner, partner, **fields):
    return save_agreement(
        user, agreement(owner, **fields), parties=[{"organization": owner}, {"organization": partner}]
    )


def status_of(item, today=TODAY):
    return Agreement.objects.with_status(today).get(pk=item.pk).derived_status


def test_duration_gives_the_expiry_date():
    assert add_months(date(2017, 3, 1), 60) == date(2022, 2, 28)
    assert add_months(date(2024, 11, 27), 60) == date(2029, 11, 26)


@pytest.mark.parametrize(
    "fields, expected",
    [
        ({}, AgreementStatus.DRAFT),
        ({"signed_on": TODAY + timedelta(days=3)}, AgreementStatus.DRAFT),
        ({"signed_on": date(2024, 1, 1), "effective_from": TODAY + timedelta(days=10)}, AgreementStatus.DRAFT),
        ({"signed_on": date(2024, 1, 1)}, AgreementStatus.ACTIVE),
        ({"signed_on": date(2024, 1, 1), "expires_on": TODAY + timedelta(days=200)}, AgreementStatus.ACTIVE),
        ({"signed_on": date(2024, 1, 1), "expires_on": TODAY + timedelta(days=90)}, AgreementStatus.EXPIRING),
        ({"signed_on": date(2024, 1, 1), "expires_on": TODAY - timedelta(days=1)}, AgreementStatus.EXPIRED),
        ({"signed_on": date(2024, 1, 1), "terminated_on": date(2025, 1, 1)}, AgreementStatus.TERMINATED),
        ({"signed_on": date(2024, 1, 1), "suspended_on": date(2025, 1, 1)}, AgreementStatus.SUSPENDED),
    ],
)
def test_status_is_derived_from_dates_and_acts(coordinator_a, hospital_a, partner_of_a, fields, expected):
    item = save(coordinator_a, hospital_a, partner_of_a, **fields)
    assert status_of(item) == expected


def test_status_property_on_a_single_agreement(coordinator_a, hospital_a, partner_of_a):
    item = save(coordinator_a, hospital_a, partner_of_a, signed_on=date(2020, 1, 1), duration_months=12)
    assert Agreement.objects.get(pk=item.pk).status == AgreementStatus.EXPIRED
    assert item.expires_on == date(2020, 12, 31)


def test_expiry_before_signing_is_refused_and_nothing_saved(coordinator_a, hospital_a, partner_of_a):
    with pytest.raises(ValidationError) as error:
        save(coordinator_a, hospital_a, partner_of_a, signed_on=date(2025, 5, 1), expires_on=date(2025, 1, 1))
    assert error.value.message_dict["expires_on"] == ["Ngày hết hạn phải sau ngày ký."]
    assert not Agreement.objects.exists()


def test_a_party_twice_is_refused(coordinator_a, hospital_a, partner_of_a):
    with pytest.raises(ValidationError) as error:
        save_agreement(
            coordinator_a,
            agreement(hospital_a),
            parties=[{"organization": hospital_a}, {"organization": partner_of_a}, {"organization": partner_of_a}],
        )
    assert "parties[2].organization" in error.value.message_dict
    assert not Agreement.objects.exists()


def test_an_agreement_needs_two_parties(coordinator_a, hospital_a):
    with pytest.raises(ValidationError) as error:
        save_agreement(coordinator_a, agreement(hospital_a), parties=[{"organization": hospital_a}])
    assert "parties" in error.value.message_dict


def test_only_a_party_makes_commitments_and_a_bad_one_saves_nothing(
    coordinator_a, hospital_a, partner_of_a, partner_of_b
):
    with pytest.raises(ValidationError) as error:
        save_agreement(
            coordinator_a,
            agreement(hospital_a, signed_on=date(2025, 1, 1)),
            parties=[{"organization": hospital_a}, {"organization": partner_of_a}],
            commitments=[{"party": partner_of_b, "description": "Gửi chuyên gia"}],
        )
    assert "commitments[0].party" in error.value.message_dict
    assert not Agreement.objects.exists() and not Commitment.objects.exists()


def test_another_institutions_coordinator_cannot_save(coordinator_b, hospital_a, partner_of_a):
    with pytest.raises(PermissionDenied):
        save(coordinator_b, hospital_a, partner_of_a, signed_on=date(2025, 1, 1))


def test_overdue_commitments(coordinator_a, hospital_a, partner_of_a):
    item = save_agreement(
        coordinator_a,
        agreement(hospital_a, signed_on=date(2025, 1, 1)),
        parties=[{"organization": hospital_a}, {"organization": partner_of_a}],
        commitments=[
            {"party": partner_of_a, "description": "Hội chẩn hằng tháng", "due_on": TODAY - timedelta(days=1)},
            {"party": hospital_a, "description": "Cử bác sĩ", "due_on": TODAY, "status": "done"},
        ],
    )
    assert [c.description for c in Commitment.objects.overdue(TODAY)] == ["Hội chẩn hằng tháng"]
    assert item.commitments.get(status="done").done_on is not None


def test_an_agreement_without_activity_for_12_months_is_dormant(coordinator_a, hospital_a, partner_of_a):
    item = save(coordinator_a, hospital_a, partner_of_a, signed_on=date(2023, 1, 1))
    assert Agreement.objects.dormant(TODAY).filter(pk=item.pk).exists()
    Activity.objects.create(
        owner=hospital_a, kind_id="training", title="Tập huấn", agreement=item, start_on=TODAY - timedelta(days=30)
    )
    assert not Agreement.objects.dormant(TODAY).filter(pk=item.pk).exists()


def test_a_newly_signed_agreement_is_not_dormant(coordinator_a, hospital_a, partner_of_a):
    item = save(coordinator_a, hospital_a, partner_of_a, signed_on=TODAY - timedelta(days=40))
    assert not Agreement.objects.dormant(TODAY).filter(pk=item.pk).exists()


def test_renewal_chain(coordinator_a, hospital_a, partner_of_a):
    first = save(coordinator_a, hospital_a, partner_of_a, title="MOU 2017", signed_on=date(2017, 1, 1))
    second = save(coordinator_a, hospital_a, partner_of_a, title="MOU 2022", signed_on=date(2022, 1, 1), renews=first)
    assert [a.title for a in second.renewal_chain()] == ["MOU 2017", "MOU 2022"]


def test_reminders_reach_coordinators_once(coordinator_a, hospital_a, partner_of_a):
    save(
        coordinator_a,
        hospital_a,
        partner_of_a,
        title="MOU sắp hết hạn",
        signed_on=date(2025, 1, 1),
        expires_on=TODAY + timedelta(days=60),
    )
    assert send_reminders(TODAY) == 1
    assert mail.outbox[0].to == ["coord_a@example.org"]
    assert "MOU sắp hết hạn" in mail.outbox[0].body and "90" in mail.outbox[0].body
    assert send_reminders(TODAY) == 0  # safe to run daily
    assert send_reminders(TODAY + timedelta(days=31)) == 1  # the 30-day warning is its own reminder
    assert "30" in mail.outbox[1].body


def test_saving_the_parties_again_updates_them_in_place(coordinator_a, hospital_a, partner_of_a, agreement_of_a):
    """Parties go through core.services.replace_rows like every record's rows: matched by id, or without one by
    organization, so a party keeps its id and what the save does not name; one left out is removed."""
    from medcoop.conftest import make_partner

    ours, theirs = (
        agreement_of_a.parties.get(organization=hospital_a),
        agreement_of_a.parties.get(organization=partner_of_a),
    )
    theirs.signatory_name = "GS. Fabrice Barlesi"
    theirs.save()
    other = make_partner(hospital_a, "Bệnh viện Nevers")
    save_agreement(
        coordinator_a,
        agreement_of_a,
        parties=[{"organization": hospital_a}, {"pk": theirs.pk, "organization": other}],
    )
    assert list(agreement_of_a.parties.order_by("pk").values_list("pk", "organization", "signatory_name")) == [
        (ours.pk, hospital_a.pk, ""),
        (theirs.pk, other.pk, "GS. Fabrice Barlesi"),
    ]
