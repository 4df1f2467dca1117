"""The monitoring pages as a nurse sees them: the programmes, a caseload, the alert queue, acknowledging an
alert, a patient's page (audited) and recording a set phoned in."""

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from healthhub.core.audit import Actor
from healthhub.core.models import AuditEvent
from healthhub.monitoring import services
from healthhub.monitoring.models import Alert, ObservationSet, Programme
from healthhub.monitoring.scoring import Observations
from tests import factories
from tests.consultations.pages import banners, error_summary, main_text, text_of
from tests.intake.html_checks import assert_accessible_structure

from .conftest import make_patient

NOW = datetime(2026, 11, 3, 9, 0, tzinfo=UTC)
WELL = Observations(respiration_rate=16, spo2=97, on_oxygen=False, systolic_bp=125, pulse=72, consciousness="A",
                    temperature=Decimal("36.8"))
MEDIUM = Observations(respiration_rate=21, spo2=93, on_oxygen=False, systolic_bp=120, pulse=95, consciousness="A",
                      temperature=Decimal("37.5"))
HIGH = Observations(respiration_rate=26, spo2=91, on_oxygen=True, systolic_bp=118, pulse=112, consciousness="A",
                    temperature=Decimal("38.4"))


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def record(enrolment, observations, at):
    return services.record_observations(enrolment, observations, effective_at=at, source="staff", actor=Actor(label="Test nurse"))


def rows_of(response) -> list[str]:
    html = response.content.decode()
    body = html[html.find("<tbody"):html.find("</tbody>")]
    return [text_of("<tr" + row.split("</tr>")[0]) for row in body.split("<tr")[1:]]


def enrol_patient(world, programme=Programme.RESPIRATORY_ADULT, born=date(1950, 6, 1), name="Sam", hub=None, clinician=None,
                  nhs_number="9434765919", **options):
    patient = make_patient(world.practice_a, born, given_name=name, nhs_number=nhs_number)
    clinician = clinician or world.nurse
    return services.enrol(patient, programme, hub=hub or world.hub, clinician=clinician, start_date=date(2026, 11, 2),
                          review_date=date(2026, 11, 16), actor=Actor.staff(clinician), **options)


def test_the_overview_counts_active_patients_and_waiting_alerts_per_programme(world, signed_in, enrol):
    record(enrol(), MEDIUM, NOW - timedelta(minutes=10))
    enrol(Programme.HYPERTENSION, born=date(1960, 1, 1))
    response = signed_in(world.nurse).get(reverse("monitoring:overview"))
    assert response.status_code == 200
    assert rows_of(response) == [
        "Programme Home blood pressure monitoring Active patients 1 Alerts waiting 0",
        "Programme Respiratory virtual ward: adults Active patients 1 Alerts waiting 1",
        "Programme Respiratory virtual ward: children Active patients 0 Alerts waiting 0",
    ]
    assert "1 alert waiting to be acknowledged" in main_text(response)
    assert 'href="/monitoring/programmes/respiratory-adult/"' in response.content.decode()
    assert_accessible_structure(response)


# A programme's caseload ---------------------------------------------------------------------------------------------


def test_the_adult_caseload_shows_each_patient_their_result_and_how_overdue_their_readings_are(world, signed_in):
    medium = enrol_patient(world, name="Mel")
    record(medium, MEDIUM, NOW - timedelta(hours=3))  # NEWS2 5: hourly, so 2 hours overdue
    well = enrol_patient(world, name="Wes")
    record(well, WELL, NOW - timedelta(hours=1))  # NEWS2 0: 12-hourly
    high = enrol_patient(world, name="Hal")
    record(high, HIGH, NOW - timedelta(minutes=30))  # NEWS2 7 or more: 0 hours, so due at once
    enrol_patient(world, name="Nia")  # no readings yet: due since enrolment (now)
    response = signed_in(world.nurse).get(reverse("monitoring:caseload", args=["respiratory-adult"]))
    assert response.status_code == 200
    rows = rows_of(response)
    assert [row.split(" Taylor")[0].removeprefix("Patient ") for row in rows] == ["Mel", "Hal", "Nia", "Wes"]
    assert rows[0] == ("Patient Mel Taylor NHS number 943 476 5919 Last reading Tuesday 3 November 2026 at 6am "
                       "Current result NEWS2 5: medium Next readings Overdue by 2 hours Days on the programme 1")
    assert "NEWS2 11: high" in rows[1] and "Overdue by 30 minutes" in rows[1]
    assert "No readings yet" in rows[2] and "Due now" in rows[2] and "None yet" in rows[2]
    assert "NEWS2 0: no concern" in rows[3] and "Due in 11 hours" in rows[3]
    assert 'class="nhsuk-tag nhsuk-tag--orange">NEWS2 5: medium' in response.content.decode()
    assert f'href="/monitoring/enrolments/{medium.pk}/"' in response.content.decode()
    assert "4 active patients, 2 with readings overdue" in main_text(response)
    assert_accessible_structure(response)


def test_children_are_due_every_4_hours_and_blood_pressure_every_24(world, signed_in):
    child = enrol_patient(world, Programme.RESPIRATORY_CHILD, born=date(2025, 2, 1), name="Kit")
    record(child, Observations(respiration_rate=30, spo2=98), NOW - timedelta(hours=5))
    pressure = enrol_patient(world, Programme.HYPERTENSION, born=date(1960, 1, 1), name="Bea")
    record(pressure, Observations(systolic_bp=182, diastolic_bp=100), NOW - timedelta(hours=20))
    client = signed_in(world.nurse)
    [child_row] = rows_of(client.get(reverse("monitoring:caseload", args=["respiratory-child"])))
    assert "Green" in child_row and "Overdue by 1 hour" in child_row
    [pressure_row] = rows_of(client.get(reverse("monitoring:caseload", args=["hypertension"])))
    assert "182/100: Same day review" in pressure_row and "Due in 4 hours" in pressure_row


def test_an_unknown_programme_is_not_found(world, signed_in):
    assert signed_in(world.nurse).get("/monitoring/programmes/diabetes/").status_code == 404


def test_discharged_patients_and_other_hubs_patients_are_not_on_the_caseload(world, signed_in):
    other_hub = factories.make_hub("OTHER1", "Other Health Hub")
    other_clinician = factories.make_user("other_nurse", "triage_nurse", hub=other_hub)
    enrol_patient(world, name="Far", hub=other_hub, clinician=other_clinician)
    gone = enrol_patient(world, name="Gus")
    services.discharge(gone, "Recovered", Actor.staff(world.nurse))
    enrol_patient(world, name="Ann")
    rows = rows_of(signed_in(world.nurse).get(reverse("monitoring:caseload", args=["respiratory-adult"])))
    assert len(rows) == 1 and "Ann Taylor" in rows[0]


# The alert queue ------------------------------------------------------------------------------------------------------


def test_the_queue_shows_the_most_severe_first_then_the_oldest_with_overdue_and_escalated_labels(world, signed_in, frozen_now):
    frozen_now.move_to(NOW - timedelta(hours=2))
    urgent = record(enrol_patient(world, name="Una"), MEDIUM, NOW - timedelta(hours=2, minutes=5)).alert
    frozen_now.move_to(NOW - timedelta(minutes=40))
    older_emergency = record(enrol_patient(world, name="Eve"), HIGH, NOW - timedelta(minutes=45)).alert
    services.escalate_overdue(NOW - timedelta(minutes=20))  # both past their time by then: escalated
    frozen_now.move_to(NOW - timedelta(minutes=30))
    same_day = record(enrol_patient(world, Programme.HYPERTENSION, born=date(1960, 1, 1), name="Sid"),
                      Observations(systolic_bp=182, diastolic_bp=100), NOW - timedelta(minutes=35)).alert
    frozen_now.move_to(NOW - timedelta(minutes=10))
    newer_emergency = record(enrol_patient(world, name="Ned"), HIGH, NOW - timedelta(minutes=12)).alert
    frozen_now.move_to(NOW)

    response = signed_in(world.nurse).get(reverse("monitoring:alerts"))
    rows = rows_of(response)
    order = [int(pk) for pk in re.findall(r'data-alert="(\d+)"', response.content.decode())]
    assert order == [older_emergency.pk, newer_emergency.pk, urgent.pk, same_day.pk]
    assert rows[0].startswith("Severity Emergency Overdue Escalated Patient Eve Taylor NHS number 943 476 5919 Alert NEWS2 11 (high)")
    assert "Raised 40 minutes ago" in rows[0]
    assert rows[1].startswith("Severity Emergency Patient Ned Taylor") and "Raised 10 minutes ago" in rows[1]
    assert rows[2].startswith("Severity Urgent Overdue Escalated Patient Una Taylor") and "Raised 2 hours ago" in rows[2]
    assert rows[3].startswith("Severity Same day Patient Sid Taylor") and "BP 182/100: same day review" in rows[3]
    assert "4 alerts, 2 past the time to respond." in main_text(response)
    assert "No alerts have been acknowledged in the last 48 hours." in main_text(response)
    assert_accessible_structure(response)


def test_alerts_acknowledged_in_the_last_48_hours_show_who_when_and_what(world, signed_in, frozen_now):
    frozen_now.move_to(NOW - timedelta(days=3))
    old = record(enrol_patient(world, name="Old"), MEDIUM, NOW - timedelta(days=3, minutes=5)).alert
    services.acknowledge(old, "advice", "Advised", Actor.staff(world.gp))
    frozen_now.move_to(NOW - timedelta(hours=1))
    recent = record(enrol_patient(world, name="Ria"), MEDIUM, NOW - timedelta(hours=1, minutes=5)).alert
    services.acknowledge(recent, "visit", "Visit at 2pm", Actor.staff(world.gp))
    frozen_now.move_to(NOW)
    response = signed_in(world.nurse).get(reverse("monitoring:alerts"))
    rows = rows_of(response)
    assert len(rows) == 1 and "Ria Taylor" in rows[0]
    assert rows[0].endswith("Acknowledged Visit arranged by Gp Tester, Tuesday 3 November 2026 at 8am Visit at 2pm")
    assert "There are no alerts waiting." in main_text(response)


# Acknowledging an alert -----------------------------------------------------------------------------------------------


@pytest.fixture
def alert(world):
    return record(enrol_patient(world, name="Ali"), MEDIUM, NOW - timedelta(minutes=5)).alert


def test_a_nurse_acknowledges_an_alert_and_returns_to_the_queue_with_a_banner(world, signed_in, alert):
    client = signed_in(world.nurse)
    url = reverse("monitoring:acknowledge_alert", args=[alert.pk])
    page = client.get(url)
    assert "NEWS2 5 (medium)" in main_text(page) and "Urgent clinical review within the hour" in main_text(page)
    assert_accessible_structure(page)
    response = client.post(url, {"action": "advice", "note": "Advised to rest; recheck in an hour"}, follow=True)
    assert response.redirect_chain == [(reverse("monitoring:alerts"), 302)]
    assert banners(response) == ["Success Alert acknowledged for Ali Taylor: Advice given to the patient"]
    alert.refresh_from_db()
    assert (alert.acknowledged_by, alert.action, alert.action_note) == (world.nurse, "advice", "Advised to rest; recheck in an hour")


def test_no_action_without_a_note_is_refused_on_the_note_field(world, signed_in, alert):
    response = signed_in(world.nurse).post(reverse("monitoring:acknowledge_alert", args=[alert.pk]), {"action": "no-action", "note": " "})
    assert response.status_code == 200
    assert error_summary(response).endswith("There is a problem Say why no action is needed")
    assert 'href="#note"' in response.content.decode() and 'id="note-error"' in response.content.decode()
    assert_accessible_structure(response)
    alert.refresh_from_db()
    assert alert.acknowledged_at is None


def test_choosing_nothing_is_refused(world, signed_in, alert):
    response = signed_in(world.nurse).post(reverse("monitoring:acknowledge_alert", args=[alert.pk]), {"note": "x"})
    assert error_summary(response).endswith("There is a problem Select what you did about the alert")


def test_a_second_acknowledgement_is_refused_saying_who_got_there_first(world, signed_in, alert):
    client = signed_in(world.nurse)
    form = client.get(reverse("monitoring:acknowledge_alert", args=[alert.pk]))
    assert 'name="action"' in form.content.decode()
    services.acknowledge(alert, "visit", "", Actor.staff(world.gp))
    response = client.post(reverse("monitoring:acknowledge_alert", args=[alert.pk]), {"action": "advice", "note": "Advised"})
    assert response.status_code == 200
    assert error_summary(response).endswith("There is a problem Someone has already acknowledged this alert")
    assert "Acknowledged by Gp Tester on Tuesday 3 November 2026 at 9am: Visit arranged." in main_text(response)
    alert.refresh_from_db()
    assert (alert.acknowledged_by, alert.action) == (world.gp, "visit")
    assert AuditEvent.objects.filter(action="monitoring.alert.acknowledge").count() == 1


def test_an_administrator_cannot_acknowledge(world, signed_in, alert):
    client = signed_in(world.hub_admin)
    assert client.get(reverse("monitoring:acknowledge_alert", args=[alert.pk])).status_code == 403
    assert client.post(reverse("monitoring:acknowledge_alert", args=[alert.pk]), {"action": "advice"}).status_code == 403
    assert "Acknowledge" not in rows_of(client.get(reverse("monitoring:alerts")))[0]


# A patient's page -------------------------------------------------------------------------------------------------------


def test_the_patient_page_shows_the_enrolment_result_target_charts_table_and_alerts(world, signed_in):
    enrolment = enrol_patient(world, name="Pat")
    record(enrolment, WELL, NOW - timedelta(hours=6))
    alert = record(enrolment, MEDIUM, NOW - timedelta(minutes=80)).alert
    services.set_spo2_target(enrolment, 88, 92, Actor.staff(world.gp))
    response = signed_in(world.nurse).get(reverse("monitoring:enrolment", args=[enrolment.pk]))
    assert response.status_code == 200
    page = main_text(response)
    for words in ("Respiratory virtual ward: adults Pat Taylor", "NHS number 943 476 5919", "Responsible clinician Nurse Tester",
                  "Start date 2 November 2026", "Review date 16 November 2026", "Days on the programme 1",
                  "SpO2 target 88–92%. NEWS2 uses SpO2 scale 2", "Next readings Overdue by 20 minutes",
                  "Alerts NEWS2 5 (medium) Urgent Raised Tuesday 3 November 2026 at 9am Acknowledge this alert"):
        assert words in page
    html = response.content.decode()
    assert html.count('class="hh-chart" role="img"') == 6  # NEWS2 and each of the five measured signs
    assert 'aria-label="NEWS2 score. NEWS2 score: 2 readings from 3 Nov 3am to 3 Nov 7:40am, lowest 0, highest' in html
    assert "<polyline" in html
    rows = rows_of(response)
    assert rows[0].startswith("Taken Tuesday 3 November 2026 at 7:40am Result NEWS2 5: medium")
    assert "SpO2 93% in air" in rows[0] and "Entered by Test nurse (staff (phoned in))" in rows[0]
    assert "Consciousness Alert" in rows[1] and "Temperature 36.8°C" in rows[1]
    assert f'href="/monitoring/alerts/{alert.pk}/acknowledge/"' in html
    for link in ("record_observations", "spo2_target", "discharge"):
        assert reverse(f"monitoring:{link}", args=[enrolment.pk]) in html
    assert reverse("monitoring:reading_link", args=[enrolment.pk]) in html  # ward patients may send their own sets too
    assert_accessible_structure(response)


def test_every_look_at_the_patient_page_is_audited(world, signed_in):
    enrolment = enrol_patient(world)
    client = signed_in(world.gp)
    client.get(reverse("monitoring:enrolment", args=[enrolment.pk]))
    client.get(reverse("monitoring:enrolment", args=[enrolment.pk]))
    views = AuditEvent.objects.filter(action="monitoring.enrolment.view", object_id=str(enrolment.pk))
    assert views.count() == 2
    assert {(view.actor, view.object_type, view.ip_address) for view in views} == {(world.gp, "Enrolment", "127.0.0.1")}


def test_an_administrator_sees_only_the_readings_link_button(world, signed_in):
    enrolment = enrol_patient(world, Programme.HYPERTENSION, born=date(1960, 1, 1))
    html = signed_in(world.hub_admin).get(reverse("monitoring:enrolment", args=[enrolment.pk])).content.decode()
    assert reverse("monitoring:reading_link", args=[enrolment.pk]) in html
    for link in ("record_observations", "spo2_target", "discharge"):
        assert reverse(f"monitoring:{link}", args=[enrolment.pk]) not in html


def test_a_childs_page_charts_breathing_heart_rate_spo2_and_temperature(world, signed_in):
    enrolment = enrol_patient(world, Programme.RESPIRATORY_CHILD, born=date(2025, 2, 1), name="Kit")
    record(enrolment, Observations(respiration_rate=45, spo2=94, on_oxygen=False, pulse=120, temperature=Decimal("38.2"),
                                   signs={"nasal_flaring": True, "feeding_percent_of_usual": 60}), NOW - timedelta(hours=1))
    response = signed_in(world.nurse).get(reverse("monitoring:enrolment", args=[enrolment.pk]))
    html = response.content.decode()
    assert [label.split(".")[0] for label in re.findall(r'class="hh-chart" role="img" aria-label="([^"]+)"', html)] == [
        "Breathing rate", "Heart rate", "Oxygen saturation (SpO2)", "Temperature"]
    [row] = rows_of(response)
    assert "Rating Amber: review" in row and "Signs Nasal flaring; Feeding 60% of usual" in row
    assert reverse("monitoring:spo2_target", args=[enrolment.pk]) not in html


def _sitting(enrolment, day: int, hour: int, readings):
    for minute, (systolic, diastolic) in enumerate(readings):
        taken = datetime(2026, 11, day, hour, minute * 2, tzinfo=UTC)
        record(enrolment, Observations(systolic_bp=systolic, diastolic_bp=diastolic), taken)


def test_the_home_average_appears_once_there_are_4_days_after_day_1(world, signed_in, frozen_now):
    frozen_now.move_to(datetime(2026, 11, 9, 9, 0, tzinfo=UTC))
    enrolment = enrol_patient(world, Programme.HYPERTENSION, born=date(1960, 1, 1), name="Bea")
    _sitting(enrolment, 2, 7, [(148, 92), (146, 90)])
    _sitting(enrolment, 2, 19, [(150, 94), (148, 92)])
    for day in (3, 4, 5):
        _sitting(enrolment, day, 7, [(140, 88), (138, 86)])
        _sitting(enrolment, day, 19, [(142, 90), (140, 88)])
    client = signed_in(world.nurse)
    url = reverse("monitoring:enrolment", args=[enrolment.pk])
    assert "No average yet: 1 more day of readings needed." in main_text(client.get(url))
    _sitting(enrolment, 6, 7, [(140, 88), (138, 86)])
    _sitting(enrolment, 6, 19, [(142, 90), (140, 88)])
    response = client.get(url)
    page = main_text(response)
    assert "Average 140.0/88.0 mmHg" in page
    assert "Readings used 16 readings over 4 days (the first day's 4 discarded)" in page
    assert "Stage (home readings) Stage 1 hypertension" in page and "At target No" in page
    assert "Home blood pressure target Below 135/85 mmHg (NICE NG136 home target" in page
    html = response.content.decode()
    assert html.count('class="hh-chart" role="img"') == 1
    assert "Systolic: dashed line" not in page and "Systolic: solid line; Diastolic: dashed line" in page
    assert "Target systolic below 135: dotted green line" in page


def test_a_clinicians_personal_target_replaces_nice_s(world, signed_in):
    enrolment = enrol_patient(world, Programme.HYPERTENSION, born=date(1960, 1, 1))
    type(enrolment).objects.filter(pk=enrolment.pk).update(bp_target_systolic=130, bp_target_diastolic=80)
    page = main_text(signed_in(world.nurse).get(reverse("monitoring:enrolment", args=[enrolment.pk])))
    assert "Below 130/80 mmHg (personal target set by a clinician)" in page
    assert "No average yet: 5 more days of readings needed." in page


def test_another_hubs_enrolment_and_alert_are_not_found(world, client):
    other_hub = factories.make_hub("OTHER1", "Other Health Hub")
    other_clinician = factories.make_user("other_nurse", "triage_nurse", hub=other_hub)
    enrolment = enrol_patient(world)
    alert = record(enrolment, MEDIUM, NOW - timedelta(minutes=5)).alert
    factories.sign_in(client, other_clinician)
    assert client.get(reverse("monitoring:enrolment", args=[enrolment.pk])).status_code == 404
    assert client.get(reverse("monitoring:record_observations", args=[enrolment.pk])).status_code == 404
    assert client.post(reverse("monitoring:record_observations", args=[enrolment.pk]), {"respiration_rate": "16"}).status_code == 404
    assert client.get(reverse("monitoring:acknowledge_alert", args=[alert.pk])).status_code == 404
    assert "There are no alerts waiting." in main_text(client.get(reverse("monitoring:alerts")))
    assert not AuditEvent.objects.filter(action="monitoring.enrolment.view").exists()
    assert ObservationSet.objects.count() == 1


# Recording a set phoned in -------------------------------------------------------------------------------------------

TAKEN = {"taken_day": "3", "taken_month": "11", "taken_year": "2026", "taken_time": "8:50am"}
ADULT_FORM = {"respiration_rate": "21", "spo2": "93", "on_oxygen": "air", "systolic_bp": "120", "pulse": "95",
              "consciousness": "A", "temperature": "37.5"}


def test_recording_an_adults_set_scores_it_raises_the_alert_and_says_so(world, signed_in):
    enrolment = enrol_patient(world)
    client = signed_in(world.nurse)
    page = client.get(reverse("monitoring:record_observations", args=[enrolment.pk]))
    assert 'name="taken_time" type="text" value="09:00"' in page.content.decode() or 'value="09:00"' in page.content.decode()
    assert_accessible_structure(page)
    response = client.post(reverse("monitoring:record_observations", args=[enrolment.pk]), ADULT_FORM | TAKEN, follow=True)
    assert response.redirect_chain == [(reverse("monitoring:enrolment", args=[enrolment.pk]), 302)]
    assert banners(response) == ["Success Observations recorded. Result: NEWS2 5: medium. An urgent alert has been raised: "
                                 "respond by Tuesday 3 November 2026 at 10am."]
    stored = ObservationSet.objects.get()
    assert (stored.effective_at, stored.source, stored.entered_by, stored.temperature) == (
        datetime(2026, 11, 3, 8, 50, tzinfo=UTC), "staff", world.nurse, Decimal("37.5"))
    assert Alert.objects.get().severity == "urgent"


def test_a_well_set_says_no_alert_was_raised(world, signed_in):
    enrolment = enrol_patient(world)
    form = ADULT_FORM | TAKEN | {"respiration_rate": "16", "spo2": "97", "pulse": "72", "temperature": "36.8", "systolic_bp": "125"}
    response = signed_in(world.nurse).post(reverse("monitoring:record_observations", args=[enrolment.pk]), form, follow=True)
    assert banners(response) == ["Success Observations recorded. Result: NEWS2 0: no concern. No alert was raised."]


def test_an_implausible_adult_value_is_shown_on_its_field_and_nothing_is_stored(world, signed_in):
    enrolment = enrol_patient(world)
    form = ADULT_FORM | TAKEN | {"respiration_rate": "300", "temperature": ""}
    response = signed_in(world.nurse).post(reverse("monitoring:record_observations", args=[enrolment.pk]), form)
    assert response.status_code == 200
    summary = error_summary(response)
    assert "Respiration rate must be between 1 and 80 breaths per minute" in summary and "Enter the temperature" in summary
    html = response.content.decode()
    assert 'href="#respiration_rate"' in html and 'id="respiration_rate-error"' in html and 'id="temperature-error"' in html
    assert 'value="300"' in html  # what was typed is kept
    assert_accessible_structure(response)
    assert not ObservationSet.objects.exists() and not AuditEvent.objects.filter(action="monitoring.observations").exists()


def test_words_where_a_number_belongs_and_a_time_in_the_future_are_refused(world, signed_in):
    enrolment = enrol_patient(world)
    form = ADULT_FORM | TAKEN | {"pulse": "fast", "taken_time": "11:30"}
    response = signed_in(world.nurse).post(reverse("monitoring:record_observations", args=[enrolment.pk]), form)
    summary = error_summary(response)
    assert "Enter the pulse as a whole number" in summary and "must be now or in the past" in summary
    assert not ObservationSet.objects.exists()


def test_a_second_set_at_the_same_time_is_refused_on_the_time(world, signed_in):
    enrolment = enrol_patient(world)
    record(enrolment, WELL, datetime(2026, 11, 3, 8, 50, tzinfo=UTC))
    response = signed_in(world.nurse).post(reverse("monitoring:record_observations", args=[enrolment.pk]), ADULT_FORM | TAKEN)
    assert "already recorded for this patient" in error_summary(response) and 'href="#taken_time"' in response.content.decode()
    assert ObservationSet.objects.count() == 1


def test_recording_a_childs_set_with_a_red_sign_raises_an_emergency(world, signed_in):
    enrolment = enrol_patient(world, Programme.RESPIRATORY_CHILD, born=date(2025, 2, 1))
    client = signed_in(world.nurse)
    page = client.get(reverse("monitoring:record_observations", args=[enrolment.pk])).content.decode()
    assert "Grunting" in page and "Pale, mottled or blue skin" in page and 'name="consciousness"' not in page
    form = TAKEN | {"respiration_rate": "45", "spo2": "96", "on_oxygen": "air", "pulse": "130", "temperature": "37.9",
                    "capillary_refill_seconds": "2", "feeding_percent_of_usual": "80", "signs": ["grunting"]}
    response = client.post(reverse("monitoring:record_observations", args=[enrolment.pk]), form, follow=True)
    assert banners(response)[0].startswith("Success Observations recorded. Result: Red: escalate now. An emergency alert has been raised")
    stored = ObservationSet.objects.get()
    assert stored.signs == {"grunting": True, "capillary_refill_seconds": "2", "feeding_percent_of_usual": 80}
    assert stored.on_oxygen is False and stored.pulse == 130


def test_an_implausible_childs_heart_rate_is_shown_on_its_field(world, signed_in):
    enrolment = enrol_patient(world, Programme.RESPIRATORY_CHILD, born=date(2025, 2, 1))
    form = TAKEN | {"respiration_rate": "45", "pulse": "400", "capillary_refill_seconds": "12"}
    response = signed_in(world.nurse).post(reverse("monitoring:record_observations", args=[enrolment.pk]), form)
    summary = error_summary(response)
    assert "Heart rate 400 beats/min is outside the plausible range" in summary and "Capillary refill time 12 seconds" in summary
    assert 'id="pulse-error"' in response.content.decode() and 'id="capillary_refill_seconds-error"' in response.content.decode()
    assert not ObservationSet.objects.exists()


def test_recording_a_blood_pressure_with_chest_pain_is_an_emergency(world, signed_in):
    enrolment = enrol_patient(world, Programme.HYPERTENSION, born=date(1960, 1, 1))
    client = signed_in(world.nurse)
    assert "Signs of heart failure, such as new breathlessness or swollen ankles" in main_text(
        client.get(reverse("monitoring:record_observations", args=[enrolment.pk])))
    form = TAKEN | {"systolic_bp": "185", "diastolic_bp": "100", "pulse": "80", "symptoms": ["chest_pain"]}
    response = client.post(reverse("monitoring:record_observations", args=[enrolment.pk]), form, follow=True)
    assert banners(response)[0].startswith("Success Observations recorded. Result: 185/100: Emergency. An emergency alert")
    assert ObservationSet.objects.get().signs == {"symptoms": ["chest_pain"]}


def test_a_blood_pressure_the_wrong_way_round_or_an_implausible_pulse_is_refused(world, signed_in):
    enrolment = enrol_patient(world, Programme.HYPERTENSION, born=date(1960, 1, 1))
    form = TAKEN | {"systolic_bp": "80", "diastolic_bp": "120", "pulse": "900"}
    response = signed_in(world.nurse).post(reverse("monitoring:record_observations", args=[enrolment.pk]), form)
    summary = error_summary(response)
    assert "Pulse must be between 20 and 250" in summary
    assert 'id="pulse-error"' in response.content.decode()
    assert not ObservationSet.objects.exists()
    response = signed_in(world.nurse).post(reverse("monitoring:record_observations", args=[enrolment.pk]), form | {"pulse": ""})
    assert "must be higher than the bottom number" in error_summary(response) and 'id="systolic_bp-error"' in response.content.decode()
    assert not ObservationSet.objects.exists()


def test_an_administrator_cannot_record_observations(world, signed_in):
    enrolment = enrol_patient(world)
    client = signed_in(world.hub_admin)
    assert client.get(reverse("monitoring:record_observations", args=[enrolment.pk])).status_code == 403
    assert client.post(reverse("monitoring:record_observations", args=[enrolment.pk]), ADULT_FORM | TAKEN).status_code == 403
    assert not ObservationSet.objects.exists()
