"""An episode of a Lao patient received by institution A, with an identity to protect."""

import pytest

from medcoop.patients import services
from medcoop.patients.models import PatientEpisode

NAME = "Souksavanh Phommachanh"


@pytest.fixture
def episode(coordinator_a, hospital_a):
    return services.save_episode(
        coordinator_a,
        PatientEpisode(
            owner=hospital_a,
            nationality="LA",
            home_region="Savannakhet",
            diagnosis="c341",
            payer="protocol",
            specialty_id="oncology",
        ),
        {"name": NAME, "identity_number": "LA-123456", "birth_date": "04/07/1965"},
    )
