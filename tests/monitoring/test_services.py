"""Enrol, set a target, record observations (scored at once, alerts raised), acknowledge, discharge."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine

from healthhub.core.audit import Actor
from healthhub.core.models import AuditEvent
from healthhub.monitoring import services
from healthhub.monitoring.models import Alert, ObservationSet, Programme
from healthhub.monitoring.scoring import InvalidObservations, Observations
from healthhub.notifications.models import OutboxMessage

from .conftest import make_patient

NOW = datetime(2026, 11, 3, 9, 0, tzinfo=UTC)
WELL = Observations(respiration_rate=16, spo2=97, on_oxygen=False, systolic_bp=125, pulse=72, consciousness="A",
                    temperature=Decimal("36.8"))
# The UK Core example set: NEWS2 5 (medium) by the RCP chart.
UK_CORE_SET = Observations(respiration_rate=21, spo2=93, on_oxygen=False, systolic_bp=120, pulse=95, consciousness="A",
                           temperature=Decimal("37.5"))


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def record(enrolment, observations, at=NOW - timedelta(minutes=10), actor=None, source="staff"):
    return services.record_observations(enrolment, observations, effective_at=at, source=source,
                                        actor=actor or Actor(label="Test nurse"))


def test_a_well_adult_is_scored_and_raises_no_alert(enrol):
    recorded = record(enrol(), WELL)
    stored = ObservationSet.objects.get()
    assert (stored.score_kind, stored.score_total, stored.result, stored.scale) == ("news2", 0, "none", 1)
    assert stored.rule_version.startswith("rcp-news2")
    assert recorded.alert is None and not Alert.objects.exists()


def test_the_uk_core_set_scores_5_and_raises_an_urgent_alert_due_within_the_hour(enrol):
    recorded = record(enrol(), UK_CORE_SET)
    assert (recorded.observation_set.score_total, recorded.observation_set.result) == (5, "medium")
    alert = recorded.alert
    assert (alert.severity, alert.respond_by - alert.raised_at) == ("urgent", timedelta(hours=1))
    assert alert.summary == "NEWS2 5 (medium)"
    assert recorded.observation_set.sub_scores["temperature"] == 0


def test_news2_of_7_or_more_is_an_emergency(enrol):
    signs = Observations(respiration_rate=26, spo2=91, on_oxygen=True, systolic_bp=118, pulse=112, consciousness="A",
                         temperature=Decimal("38.4"))
    alert = record(enrol(), signs).alert
    assert alert.severity == "emergency" and alert.respond_by - alert.raised_at == timedelta(minutes=15)


def test_a_target_of_88_to_92_switches_news2_to_scale_2(enrol):
    enrolment = enrol()
    on_air_at_90 = Observations(**(WELL.__dict__ | {"spo2": 90}))
    assert record(enrolment, on_air_at_90, at=NOW - timedelta(hours=2)).observation_set.sub_scores["spo2"] == 3
    services.set_spo2_target(enrolment, 88, 92, Actor(label="Dr G"))
    scored = record(enrolment, on_air_at_90).observation_set
    assert (scored.scale, scored.sub_scores["spo2"]) == (2, 0)


def test_an_incomplete_or_implausible_adult_set_is_refused_naming_each_field_and_nothing_is_stored(enrolment_adult):
    with pytest.raises(InvalidObservations) as refused:
        record(enrolment_adult, Observations(respiration_rate=300, spo2=97, on_oxygen=False, systolic_bp=125, pulse=72,
                                             consciousness="A"))
    assert set(refused.value.errors) == {"respiration_rate", "temperature"}
    assert "between 1 and 80" in refused.value.errors["respiration_rate"]
    assert not ObservationSet.objects.exists() and not AuditEvent.objects.filter(action="monitoring.observations").exists()


@pytest.fixture
def enrolment_adult(enrol):
    return enrol()


def test_a_second_set_at_the_same_moment_is_refused(enrolment_adult):
    record(enrolment_adult, WELL)
    with pytest.raises(services.ObservationSetExists):
        record(enrolment_adult, UK_CORE_SET)
    assert ObservationSet.objects.count() == 1 and not Alert.objects.exists()


def test_observations_from_the_future_are_refused(enrolment_adult):
    with pytest.raises(services.MonitoringError, match="future"):
        record(enrolment_adult, WELL, at=NOW + timedelta(hours=1))


def test_a_child_on_the_ward_is_rated_by_age_and_a_red_sign_is_an_emergency(enrol):
    enrolment = enrol(Programme.RESPIRATORY_CHILD, born=date(2026, 6, 20), bronchiolitis=True)  # 4 months old
    recorded = record(enrolment, Observations(respiration_rate=55, spo2=96, pulse=150, signs={"grunting": True}))
    stored = recorded.observation_set
    assert (stored.score_kind, stored.result) == ("child", "red")
    assert recorded.alert.severity == "emergency" and "grunting" in recorded.alert.summary.lower()


def test_a_childs_amber_sign_is_urgent_and_a_well_child_raises_nothing(enrol):
    enrolment = enrol(Programme.RESPIRATORY_CHILD, born=date(2025, 2, 1))  # 21 months old
    assert record(enrolment, Observations(respiration_rate=45), at=NOW - timedelta(hours=1)).alert.severity == "urgent"
    assert record(enrolment, Observations(respiration_rate=30, spo2=98)).alert is None


def test_a_blood_pressure_of_180_is_a_same_day_review_and_with_chest_pain_an_emergency(enrol):
    enrolment = enrol(Programme.HYPERTENSION, born=date(1960, 1, 1))
    same_day = record(enrolment, Observations(systolic_bp=182, diastolic_bp=100), at=NOW - timedelta(hours=1)).alert
    assert (same_day.severity, same_day.summary) == ("same-day", "BP 182/100: same day review")
    emergency = record(enrolment, Observations(systolic_bp=185, diastolic_bp=100, signs={"symptoms": ["chest_pain"]})).alert
    assert emergency.severity == "emergency"


def test_a_blood_pressure_reading_with_the_numbers_the_wrong_way_round_is_refused(enrol):
    enrolment = enrol(Programme.HYPERTENSION, born=date(1960, 1, 1))
    with pytest.raises(InvalidObservations) as refused:
        record(enrolment, Observations(systolic_bp=80, diastolic_bp=120))
    assert "systolic_bp" in refused.value.errors


@pytest.mark.parametrize(
    ("programme", "born", "words"),
    [
        (Programme.RESPIRATORY_ADULT, date(2012, 1, 1), "at least 16"),
        (Programme.RESPIRATORY_CHILD, date(2020, 1, 1), "under 5"),
        (Programme.HYPERTENSION, date(2010, 1, 1), "at least 18"),
    ],
)
def test_each_programme_is_for_its_own_ages(world, programme, born, words):
    patient = make_patient(world.practice_a, born)
    with pytest.raises(services.MonitoringError, match=words):
        services.enrol(patient, programme, hub=world.hub, clinician=world.nurse, start_date=date(2026, 11, 2),
                       review_date=date(2026, 11, 9), actor=Actor.staff(world.nurse))


def test_one_active_enrolment_per_programme_and_a_clinician_of_the_hub_responsible(world, enrolment_adult):
    with pytest.raises(services.MonitoringError, match="already enrolled"):
        services.enrol(enrolment_adult.patient, Programme.RESPIRATORY_ADULT, hub=world.hub, clinician=world.nurse,
                       start_date=date(2026, 11, 2), review_date=date(2026, 11, 9), actor=Actor.staff(world.nurse))
    with pytest.raises(services.MonitoringError, match="clinician of this hub"):
        services.enrol(enrolment_adult.patient, Programme.HYPERTENSION, hub=world.hub, clinician=world.hub_admin,
                       start_date=date(2026, 11, 2), review_date=date(2026, 11, 9), actor=Actor.staff(world.nurse))


def test_acknowledging_records_who_when_and_what_and_happens_once(world, enrolment_adult):
    alert = record(enrolment_adult, UK_CORE_SET).alert
    with pytest.raises(services.MonitoringError, match="why no action"):
        services.acknowledge(alert, "no-action", "  ", Actor.staff(world.nurse))
    acknowledged = services.acknowledge(alert, "advice", "Advised to use inhaler; recheck in an hour", Actor.staff(world.nurse))
    assert (acknowledged.acknowledged_by, acknowledged.acknowledged_at, acknowledged.action) == (world.nurse, NOW, "advice")
    with pytest.raises(services.MonitoringError, match="already acknowledged"):
        services.acknowledge(alert, "visit", "", Actor.staff(world.gp))
    assert AuditEvent.objects.filter(action="monitoring.alert.acknowledge").count() == 1


def test_alerts_not_acknowledged_in_time_are_escalated_once(enrolment_adult):
    alert = record(enrolment_adult, UK_CORE_SET).alert
    assert services.escalate_overdue(NOW + timedelta(minutes=59)) == 0
    assert services.escalate_overdue(NOW + timedelta(minutes=61)) == 1
    assert services.escalate_overdue(NOW + timedelta(minutes=90)) == 0
    alert.refresh_from_db()
    assert alert.escalated_at == NOW + timedelta(minutes=61)


def test_a_discharged_patient_takes_no_more_observations_and_can_be_enrolled_again(world, enrolment_adult):
    services.discharge(enrolment_adult, "Recovered: observations normal for 48 hours", Actor.staff(world.nurse))
    with pytest.raises(services.NotEnrolled):
        record(enrolment_adult, WELL)
    again = services.enrol(enrolment_adult.patient, Programme.RESPIRATORY_ADULT, hub=world.hub, clinician=world.nurse,
                           start_date=date(2026, 11, 3), review_date=date(2026, 11, 10), actor=Actor.staff(world.nurse))
    assert again.is_active


def test_observation_sets_cannot_be_changed(enrolment_adult):
    stored = record(enrolment_adult, WELL).observation_set
    stored.pulse = 140
    with pytest.raises(ValueError, match="cannot be changed"):
        stored.save()
    with pytest.raises(ValueError):
        ObservationSet.objects.update(pulse=140)


def test_an_implausible_pulse_with_a_blood_pressure_reading_is_refused(enrol):
    enrolment = enrol(Programme.HYPERTENSION, born=date(1960, 1, 1))
    with pytest.raises(InvalidObservations) as refused:
        record(enrolment, Observations(systolic_bp=130, diastolic_bp=80, pulse=400))
    assert set(refused.value.errors) == {"pulse"}


def test_a_temperature_is_recorded_and_scored_to_the_tenth_of_a_degree(enrolment_adult):
    stored = record(enrolment_adult, Observations(**(WELL.__dict__ | {"temperature": Decimal("38.05")}))).observation_set
    assert stored.temperature == Decimal("38.1") and stored.sub_scores["temperature"] == 1
    stored.refresh_from_db()
    assert stored.temperature == Decimal("38.1")


def test_an_escalated_alert_emails_the_responsible_clinician_without_patient_details(world, enrolment_adult):
    world.nurse.email = "nina@hub.example"
    world.nurse.save()
    record(enrolment_adult, UK_CORE_SET)
    services.escalate_overdue(NOW + timedelta(minutes=61))
    email = OutboxMessage.objects.get(channel="email")
    assert email.recipient == "nina@hub.example" and "not been acknowledged in time" in email.body
    assert "Taylor" not in email.body and "943" not in email.body
    assert AuditEvent.objects.filter(action="monitoring.alert.escalate").count() == 1


def test_a_patient_whose_reading_is_due_gets_one_reminder_per_day(world, enrol):
    enrolment = enrol(Programme.HYPERTENSION, born=date(1960, 1, 1))
    services.send_reading_link(enrolment, lambda secret: f"https://hub.example/{secret}", Actor(label="Test nurse"))
    record(enrolment, Observations(systolic_bp=132, diastolic_bp=84), at=NOW - timedelta(hours=20))
    assert services.send_due_reminders(NOW) == 0  # the last reading is not a day old yet
    assert services.send_due_reminders(NOW + timedelta(hours=5)) == 1
    assert services.send_due_reminders(NOW + timedelta(hours=6)) == 0  # reminded already today
    reminder = OutboxMessage.objects.get(reference=f"enrolment-{enrolment.pk}-reminder")
    assert reminder.recipient == "07700900123" and "blood pressure reading" in reminder.body
    assert services.send_due_reminders(NOW + timedelta(hours=30)) == 1
    services.discharge(enrolment, "Readings complete", Actor(label="Test nurse"))
    assert services.send_due_reminders(NOW + timedelta(hours=60)) == 0


def test_patients_without_a_link_get_no_reminders_on_any_programme(enrol, enrolment_adult):
    enrol(Programme.HYPERTENSION, born=date(1960, 1, 1))  # no readings link sent, like the adult on the ward
    enrol(Programme.RESPIRATORY_CHILD, born=date(2025, 6, 1))
    assert services.send_due_reminders(NOW + timedelta(days=3)) == 0


def test_the_checks_command_escalates_and_reminds(enrolment_adult):
    from io import StringIO

    from django.core.management import call_command

    record(enrolment_adult, UK_CORE_SET)
    output = StringIO()
    with time_machine.travel(NOW + timedelta(hours=2), tick=False):
        call_command("monitoring_checks", stdout=output)
    assert output.getvalue().strip() == "Escalated 1 alert(s); sent 0 reminder(s)."
