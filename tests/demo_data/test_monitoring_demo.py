"""The demo's remote monitoring: patients on every programme, scored readings and alerts, made by the services."""

from datetime import date, timedelta

import pytest
import time_machine

from healthhub.accounts.models import User
from healthhub.clinical.blood_pressure import BpReading, Setting, Stage, hbpm_average, stage
from healthhub.core.audit import Actor
from healthhub.core.demo.monitoring import DEMO_LABEL
from healthhub.core.demo.staff import CLINICIAN_SHARES
from healthhub.core.models import AuditEvent
from healthhub.monitoring import services
from healthhub.monitoring.models import Alert, Enrolment, Goal, ObservationSet, Programme
from healthhub.organisations.models import Practice
from healthhub.patients.age import age_in_months, age_in_years
from healthhub.patients.models import Patient

from .conftest import NOW, run_demo


@pytest.fixture
def demo(reference_data):
    return run_demo("--weeks", "1")


def demo_enrolments():
    return Enrolment.objects.filter(enrolled_by_label=DEMO_LABEL).select_related("patient", "responsible_clinician")


def counts() -> dict[str, int]:
    return {"enrolments": demo_enrolments().count(), "sets": ObservationSet.objects.count(), "alerts": Alert.objects.count(),
            "goals": Goal.objects.count(), "patients": Patient.objects.count()}


def test_each_programme_has_active_patients_of_its_ages_enrolled_in_the_last_two_weeks_by_hub_clinicians(demo):
    enrolments = list(demo_enrolments())
    assert 10 <= len(enrolments) <= 14
    for programme in Programme:
        assert any(enrolment.is_active for enrolment in enrolments if enrolment.programme == programme), programme
    for enrolment in enrolments:
        assert NOW - timedelta(days=14) <= enrolment.enrolled_at < NOW
        assert enrolment.responsible_clinician.username in CLINICIAN_SHARES
        assert enrolment.patient.practice.hub_id == enrolment.hub_id
        age = age_in_years(enrolment.patient.date_of_birth, enrolment.start_date)
        if enrolment.programme == Programme.RESPIRATORY_CHILD:
            assert age < 5 and enrolment.patient.nhs_number.startswith("999")
        else:
            assert age >= (16 if enrolment.programme == Programme.RESPIRATORY_ADULT else 18)
            assert enrolment.patient.requests.exists()  # one of the demo's own patients


def test_some_enrolments_came_from_an_earlier_request_of_the_same_patient(demo):
    from_requests = [enrolment for enrolment in demo_enrolments() if enrolment.source_request_id]
    assert from_requests
    for enrolment in from_requests:
        assert enrolment.source_request.patient_id == enrolment.patient_id
        assert enrolment.source_request.received_at < enrolment.enrolled_at


def test_every_set_is_scored_with_its_rule_version_taken_in_the_past_and_audited(demo):
    sets = list(ObservationSet.objects.select_related("enrolment"))
    assert len(sets) > 150
    for observation_set in sets:
        assert observation_set.rule_version and observation_set.result
        assert observation_set.enrolment.enrolled_at < observation_set.effective_at <= observation_set.received_at <= NOW
        if observation_set.score_kind == "news2":
            assert observation_set.score_total is not None and observation_set.sub_scores
    assert AuditEvent.objects.filter(action="monitoring.observations").count() == len(sets)
    for enrolment in demo_enrolments():
        assert enrolment.observation_sets.count() >= 5, enrolment


def test_adults_deteriorate_to_news2_5_to_7_and_one_is_scored_on_scale_2(demo):
    adult_sets = ObservationSet.objects.filter(enrolment__programme=Programme.RESPIRATORY_ADULT)
    assert set(adult_sets.filter(score_total__gte=5).values_list("score_total", flat=True)) == {5, 6, 7}
    on_scale_2 = set(adult_sets.filter(scale=2).values_list("enrolment", flat=True))
    target = Goal.objects.get()
    assert on_scale_2 == {target.enrolment_id} and (target.low, target.high) == (88, 92)
    assert not adult_sets.filter(enrolment=target.enrolment_id, scale=1).exists()  # the target was set on enrolment


def test_children_have_amber_sets_and_one_red(demo):
    results = list(ObservationSet.objects.filter(enrolment__programme=Programme.RESPIRATORY_CHILD).values_list("result", flat=True))
    assert results.count("red") == 1 and results.count("amber") == 2
    for enrolment in demo_enrolments().filter(programme=Programme.RESPIRATORY_CHILD):
        assert age_in_months(enrolment.patient.date_of_birth, NOW.date()) < 60


def test_home_blood_pressure_averages_at_stage_1_and_one_reading_of_180_or_more(demo):
    stages = []
    for enrolment in demo_enrolments().filter(programme=Programme.HYPERTENSION):
        readings = [BpReading(reading.effective_at, reading.systolic_bp, reading.diastolic_bp)
                    for reading in enrolment.observation_sets.all()]
        average = hbpm_average(readings)
        assert average is not None and average.days_used >= 4
        stages.append(stage(average.systolic, average.diastolic, Setting.HOME))
    assert stages.count(Stage.STAGE_1) >= len(stages) - 1 and len(stages) >= 3
    very_high = ObservationSet.objects.filter(enrolment__programme=Programme.HYPERTENSION, systolic_bp__gte=180)
    assert very_high.count() == 1 and very_high.get().alert.severity == "same-day"


def test_alerts_are_open_and_acknowledged_one_overdue_and_a_patient_discharged(demo):
    alerts = Alert.objects.all()
    assert alerts.unacknowledged().exists()
    assert alerts.overdue(NOW).count() == 1
    assert alerts.filter(severity__in=["emergency", "urgent"]).exists()
    acknowledged = list(alerts.filter(acknowledged_at__isnull=False).select_related("acknowledged_by"))
    assert len(acknowledged) >= 3
    for alert in acknowledged:
        assert alert.acknowledged_by.username in CLINICIAN_SHARES and alert.action and alert.action_note
        assert alert.raised_at < alert.acknowledged_at < NOW
    discharged = demo_enrolments().get(discharged_at__isnull=False)
    assert discharged.discharge_reason and discharged.discharged_at > discharged.observation_sets.first().effective_at
    assert "Remote monitoring: 12 patients" in demo and "1 of them overdue" in demo


def test_loading_again_replaces_the_demo_monitoring_and_keeps_real_enrolments(demo):
    first = counts()
    first_results = sorted(ObservationSet.objects.values_list("effective_at", "result"))
    nurse = User.objects.get(username="nurse.nina")
    practice = Practice.objects.filter(hub__isnull=False).first()
    patient = Patient.objects.create(given_name="Sam", family_name="Taylor", date_of_birth=date(1950, 6, 1), postcode="ME2 1NP",
                                     practice=practice)
    with time_machine.travel(NOW, tick=False):
        real = services.enrol(patient, Programme.HYPERTENSION, hub=nurse.hub, clinician=nurse, start_date=NOW.date(),
                              review_date=NOW.date() + timedelta(days=7), actor=Actor.staff(nurse))

    run_demo("--weeks", "1")

    assert counts() == {**first, "patients": first["patients"] + 1}  # the real patient is kept, and nothing doubles
    assert sorted(ObservationSet.objects.values_list("effective_at", "result")) == first_results  # same seed, same day
    assert Enrolment.objects.filter(pk=real.pk).exists()
