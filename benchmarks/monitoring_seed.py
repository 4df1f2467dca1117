"""Patients on the adult respiratory virtual ward, for the observation ingestion benchmark.

Each run starts from no observations: an earlier run's sets and alerts are removed (TRUNCATE:
the models refuse deletion, as clinical records should), so the `{{MOMENT}}`s of a new run
cannot collide with an old one's.
"""

from datetime import date

from django.db import connection
from django.utils import timezone

from healthhub.accounts.models import Role, User
from healthhub.monitoring.models import Enrolment, Programme
from healthhub.organisations.models import Hub
from healthhub.patients.models import Patient

WARD_SIZE = 1_000
ADULTS_BORN_BY = date(1990, 1, 1)


def ward(size: int = WARD_SIZE) -> list[tuple[str, int]]:
    """(NHS number, enrolment id) of `size` adults on the hub's adult respiratory ward (enrolling them if need be)."""
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE monitoring_alert, monitoring_observationset")
    enrolled = _enrolled(size)
    if len(enrolled) >= size:
        return enrolled
    hub = Hub.objects.get()
    clinician = User.objects.filter(hub=hub, role=Role.TRIAGE_NURSE).order_by("username").first()
    candidates = (Patient.objects.filter(date_of_birth__lte=ADULTS_BORN_BY).exclude(nhs_number="")
                  .exclude(enrolments__programme=Programme.RESPIRATORY_ADULT).order_by("id")[:size - len(enrolled)])
    today = timezone.localdate()
    Enrolment.objects.bulk_create(
        Enrolment(patient=patient, hub=hub, programme=Programme.RESPIRATORY_ADULT, responsible_clinician=clinician,
                  start_date=today, review_date=today, enrolled_by_label="Benchmark seed")
        for patient in candidates
    )
    return _enrolled(size)


def _enrolled(size: int) -> list[tuple[str, int]]:
    return list(Enrolment.objects.active().filter(programme=Programme.RESPIRATORY_ADULT).order_by("id")
                .values_list("patient__nhs_number", "id")[:size])
