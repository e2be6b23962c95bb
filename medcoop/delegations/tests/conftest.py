"""A draft trip abroad and an inbound expert mission of institution A, shared by the delegation tests."""

from datetime import date

import pytest

from medcoop.delegations.models import Delegation, Kind, Purpose, Rank
from medcoop.delegations.services import save_delegation


@pytest.fixture
def trip_of_a(coordinator_a, hospital_a, partner_of_a):
    """Two doctors of A to a course in France after Tết 2026, outside any plan."""
    return save_delegation(
        coordinator_a,
        Delegation(
            owner=hospital_a,
            kind=Kind.OUTBOUND,
            purpose=Purpose.TRAINING,
            title="Khóa đào tạo xạ trị tại Gustave Roussy",
            country="FR",
            place="Villejuif",
            partner=partner_of_a,
            start_on=date(2026, 3, 9),
            end_on=date(2026, 3, 20),
            funding="partner",
            estimated_cost=120_000_000,
        ),
        members=[
            {"name": "Trần Văn Minh", "position": "Bác sĩ", "department": "Khoa Xạ trị", "rank": Rank.NONE},
            {"name": "Lê Thị Hoa", "position": "Trưởng khoa", "department": "Khoa Xạ trị", "rank": Rank.DEPARTMENT},
        ],
    )


@pytest.fixture
def mission_of_a(coordinator_a, hospital_a, partner_of_a):
    """Two French radiotherapy experts at A, one operating with a permission that ends too soon."""
    return save_delegation(
        coordinator_a,
        Delegation(
            owner=hospital_a,
            kind=Kind.INBOUND,
            purpose=Purpose.EXPERT_MISSION,
            title="Chuyên gia Gustave Roussy hướng dẫn xạ trị",
            country="FR",
            place="Bệnh viện K, Hà Nội",
            partner=partner_of_a,
            start_on=date(2026, 4, 6),
            end_on=date(2026, 4, 10),
            funding="partner",
        ),
        members=[
            {
                "name": "Claire Martin",
                "position": "Prof.",
                "department": "Gustave Roussy",
                "nationality": "FR",
                "identity_number": "19FR12345",
                "practises": True,
                "permit_number": "GP-123/BYT",
                "permit_issuer": "Bộ Y tế",
                "permit_scope": "Xạ trị",
                "permit_valid_until": date(2026, 4, 8),
            },
            {"name": "Paul Durand", "position": "Physicist", "nationality": "FR"},
        ],
    )
