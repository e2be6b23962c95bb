"""The consultation fixtures (a clinician, a French expert, a draft case with the patient's consent), shared
rather than written again: consents are about those cases."""

from medcoop.consultations.tests import conftest as consultation_fixtures

clinician_a = consultation_fixtures.clinician_a
expert = consultation_fixtures.expert
draft = consultation_fixtures.draft
