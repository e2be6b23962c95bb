from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from medcoop.activities.models import Activity, Figure, TechnologyTransfer, TransferStage
from medcoop.activities.services import save_activity
from medcoop.core.dates import PartialDate
from medcoop.core.models import FigureMetric


def metric(code):
    return FigureMetric.objects.get(code=code)


def new_activity(owner, **fields):
    return Activity(
        owner=owner, kind_id=fields.pop("kind_id", "training"), title=fields.pop("title", "Tập huấn"), **fields
    )


def test_activity_with_partners_and_figures(coordinator_a, hospital_a, partner_of_a):
    activity = save_activity(
        coordinator_a,
        new_activity(hospital_a, start_on=date(2017, 1, 1), start_precision="year"),
        partners=[{"organization": partner_of_a, "role": "implementer"}],
        figures=[
            {"metric": metric("staff_trained"), "value": Decimal(660)},
            {"metric": metric("funding"), "value": Decimal("13500000"), "currency": "eur"},
        ],
    )
    figures = {f.metric_id: f for f in activity.figures.all()}
    assert figures["staff_trained"].unit == "people" and figures["staff_trained"].value == 660
    assert figures["funding"].currency == "EUR"
    assert str(figures["funding"]).endswith("13500000 EUR")
    assert str(activity.start) == "2017"


def test_money_without_a_currency_saves_nothing(coordinator_a, hospital_a):
    with pytest.raises(ValidationError) as error:
        save_activity(
            coordinator_a, new_activity(hospital_a), figures=[{"metric": metric("funding"), "value": Decimal(1000)}]
        )
    assert "figures[0].currency" in error.value.message_dict
    assert not Activity.objects.exists() and not Figure.objects.exists()


def test_a_figure_without_a_unit_is_refused(coordinator_a, hospital_a):
    with pytest.raises(ValidationError) as error:
        save_activity(
            coordinator_a,
            new_activity(hospital_a),
            figures=[{"metric": metric("staff_trained"), "value": Decimal(5), "unit": ""}],
        )
    assert "figures[0].unit" in error.value.message_dict
    assert not Activity.objects.exists()


def test_a_figure_in_the_wrong_unit_or_currency_is_refused(coordinator_a, hospital_a):
    with pytest.raises(ValidationError) as error:
        save_activity(
            coordinator_a,
            new_activity(hospital_a),
            figures=[{"metric": metric("staff_trained"), "value": Decimal(5), "unit": "days"}],
        )
    assert "figures[0].unit" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        save_activity(
            coordinator_a,
            new_activity(hospital_a),
            figures=[{"metric": metric("funding"), "value": Decimal(5), "currency": "XYZ"}],
        )
    assert "figures[0].currency" in error.value.message_dict


def test_dates_out_of_order_are_refused(coordinator_a, hospital_a):
    with pytest.raises(ValidationError) as error:
        save_activity(coordinator_a, new_activity(hospital_a, start_on=date(2025, 6, 2), end_on=date(2025, 5, 25)))
    assert "end_on" in error.value.message_dict


def test_partial_end_date_covers_its_whole_period(coordinator_a, hospital_a):
    start, end = PartialDate.parse("15/03/2019"), PartialDate.parse("2019")
    activity = save_activity(
        coordinator_a,
        new_activity(
            hospital_a,
            start_on=start.value,
            start_precision=start.precision,
            end_on=end.value,
            end_precision=end.precision,
        ),
    )
    assert str(activity.end) == "2019"


def test_unknown_activity_kind_is_refused(coordinator_a, hospital_a):
    with pytest.raises(ValidationError) as error:
        save_activity(coordinator_a, new_activity(hospital_a, kind_id="picnic"))
    assert "kind" in error.value.message_dict


def test_agreement_of_another_institution_is_refused(coordinator_a, hospital_a, hospital_b):
    from medcoop.agreements.models import Agreement

    foreign = Agreement.objects.create(owner=hospital_b, title="MOU B")
    with pytest.raises(ValidationError) as error:
        save_activity(coordinator_a, new_activity(hospital_a, agreement=foreign))
    assert "agreement" in error.value.message_dict


def test_technology_transfer_stage_follows_milestones(coordinator_a, hospital_a, partner_of_a):
    activity = save_activity(coordinator_a, new_activity(hospital_a, kind_id="technology_transfer"))
    transfer = TechnologyTransfer(
        owner=hospital_a,
        activity=activity,
        technique="Can thiệp nội soi tiêu hóa",
        source=partner_of_a,
        taught_on=date(2025, 5, 26),
    )
    transfer.full_clean()
    assert transfer.stage == TransferStage.TAUGHT
    transfer.first_supervised_on, transfer.first_independent_on = date(2025, 6, 10), date(2025, 9, 1)
    transfer.independent_cases, transfer.mastered_on = 12, date(2026, 1, 15)
    transfer.full_clean()
    assert transfer.stage == TransferStage.MASTERED
    transfer.first_supervised_on = date(2025, 5, 1)
    with pytest.raises(ValidationError):
        transfer.full_clean()
