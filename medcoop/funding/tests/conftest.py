from datetime import date
from decimal import Decimal

import pytest

from medcoop.funding.models import Funding
from medcoop.funding.services import save_funding


@pytest.fixture
def funding_of_a(coordinator_a, hospital_a, partner_of_a, activity_of_a):
    """A 1,5 M EUR grant of A's French partner under A's activity: committed, then paid in two disbursements,
    part of it spent."""
    return save_funding(
        coordinator_a,
        Funding(
            owner=hospital_a,
            title="Tài trợ máy xạ trị",
            donor=partner_of_a,
            amount=Decimal("1500000"),
            currency="EUR",
            committed_on=date(2025, 6, 1),
            activity=activity_of_a,
            agreement=activity_of_a.agreement,
        ),
        transactions=[
            {"kind": "11", "date": date(2025, 6, 1), "amount": Decimal("1500000")},
            {"kind": "1", "date": date(2025, 9, 1), "amount": Decimal("1000000")},
            {"kind": "1", "date": date(2026, 1, 15), "amount": Decimal("400000")},
            {"kind": "4", "date": date(2026, 2, 1), "amount": Decimal("250000")},
        ],
        equipment=[{"item": "Máy gia tốc tuyến tính", "quantity": 1, "value": Decimal("900000")}],
    )
