from datetime import date

import pytest

from healthhub.core.audit import Actor
from healthhub.monitoring import services
from healthhub.monitoring.models import Programme
from healthhub.patients.models import Patient


def make_patient(practice, born: date, **overrides) -> Patient:
    values = {"given_name": "Sam", "family_name": "Taylor", "date_of_birth": born, "postcode": "ME2 1NP",
              "nhs_number": "9434765919", "mobile": "07700900123", "practice": practice}
    return Patient.objects.create(**values | overrides)


@pytest.fixture
def enrol(world):
    """enrol(programme, born=...) -> an active enrolment at the test hub, the nurse responsible."""

    def _enrol(programme=Programme.RESPIRATORY_ADULT, born=date(1950, 6, 1), **options):
        patient = make_patient(world.practice_a, born)
        return services.enrol(patient, programme, hub=world.hub, clinician=world.nurse, start_date=date(2026, 11, 2),
                              review_date=date(2026, 11, 16), actor=Actor.staff(world.nurse), **options)

    return _enrol
