"""Enrolling from a request, the SpO2 target, discharge, and the patient's readings link and page."""

import re
from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse

from healthhub.clinical.deadlines import LONDON
from healthhub.core.audit import Actor
from healthhub.core.models import AuditEvent
from healthhub.monitoring import services
from healthhub.monitoring.models import Alert, Enrolment, Goal, ObservationSet, Programme
from healthhub.notifications.models import OutboxMessage
from tests import factories


@pytest.fixture
def hypertension(enrol):
    return enrol(Programme.HYPERTENSION, born=date(1958, 4, 2))


def _secret_sent(client, enrolment) -> str:
    client.post(reverse("monitoring:reading_link", args=[enrolment.pk]))
    text = OutboxMessage.objects.filter(reference=f"enrolment-{enrolment.pk}-link").latest("id").body
    return re.search(r"/monitoring/readings/([^/]+)/", text).group(1)


def test_a_nurse_enrols_the_patient_of_a_request(world, signed_in):
    request = factories.submit(world.practice_a)
    client = signed_in(world.nurse)
    url = reverse("monitoring:enrol") + f"?request={request.reference}"
    page = client.get(url).content.decode()
    assert "Alex Smith" in page and "943 476 5919" in page
    response = client.post(url, {"programme": "hypertension", "clinician": world.gp.pk, "start_date": "2026-11-02",
                                 "review_date": "2026-11-16"})
    enrolment = Enrolment.objects.get()
    assert response["Location"] == reverse("monitoring:enrolment", args=[enrolment.pk])
    assert (enrolment.patient, enrolment.source_request, enrolment.responsible_clinician) == (request.patient, request, world.gp)
    assert AuditEvent.objects.filter(action="monitoring.enrol", actor=world.nurse).exists()


def test_enrolling_explains_what_is_wrong(world, signed_in):
    request = factories.submit(world.practice_a)  # the patient was born in 1980: not a child
    client = signed_in(world.nurse)
    url = reverse("monitoring:enrol") + f"?request={request.reference}"
    missing = client.post(url, {"start_date": "2026-11-02", "review_date": "2026-11-01"}).content.decode()
    assert "There is a problem" in missing and "Choose a programme" in missing and "Choose the responsible clinician" in missing
    too_old = client.post(url, {"programme": "respiratory-child", "clinician": world.nurse.pk, "start_date": "2026-11-02",
                                "review_date": "2026-11-16"}).content.decode()
    assert "aged under 5" in too_old
    assert not Enrolment.objects.exists()


def test_without_a_request_the_page_asks_for_its_reference_and_another_practices_staff_cannot_use_it(world, signed_in):
    assert "Request reference" in signed_in(world.hub_admin).get(reverse("monitoring:enrol")).content.decode()
    other_hub = factories.make_hub("OTHER1", "Other Hub")
    other = factories.submit(factories.make_practice("Y01234", "ELSEWHERE SURGERY", hub=other_hub))
    assert signed_in(world.nurse).get(reverse("monitoring:enrol") + f"?request={other.reference}").status_code == 404


def test_setting_the_target_of_88_to_92_is_audited_and_checked(world, signed_in, enrol):
    enrolment = enrol()
    client = signed_in(world.gp)
    url = reverse("monitoring:spo2_target", args=[enrolment.pk])
    assert "There is a problem" in client.post(url, {"low": "92", "high": "88"}).content.decode()
    assert client.post(url, {"low": "88", "high": "92"})["Location"] == reverse("monitoring:enrolment", args=[enrolment.pk])
    assert (Goal.objects.get().low, Goal.objects.get().high) == (88, 92)
    assert services.current_spo2_target(enrolment) == (88, 92)
    assert AuditEvent.objects.filter(action="monitoring.goal", actor=world.gp).count() == 1


def test_discharge_needs_a_reason_and_ends_monitoring(world, signed_in, hypertension):
    client = signed_in(world.nurse)
    url = reverse("monitoring:discharge", args=[hypertension.pk])
    assert "Enter the reason for discharge" in client.post(url, {"reason": " "}).content.decode()
    assert client.post(url, {"reason": "Home readings complete"})["Location"] == reverse("monitoring:caseload", args=["hypertension"])
    hypertension.refresh_from_db()
    assert not hypertension.is_active and hypertension.discharge_reason == "Home readings complete"


def test_the_readings_link_is_texted_and_only_its_hash_kept(world, signed_in, hypertension):
    client = signed_in(world.hub_admin)
    secret = _secret_sent(client, hypertension)
    hypertension.refresh_from_db()
    assert secret not in hypertension.reading_link_hash and hypertension.reading_link_hash == services.hash_secret(secret)
    text = OutboxMessage.objects.get(channel="sms")
    assert text.recipient == "07700900123" and "999" in text.body
    assert "Taylor" not in text.reference


@pytest.mark.parametrize("programme, born", [(Programme.RESPIRATORY_ADULT, date(1950, 6, 1)),
                                              (Programme.RESPIRATORY_CHILD, date(2025, 6, 1))])
def test_a_ward_patient_or_a_childs_parent_gets_a_link_too(world, signed_in, enrol, programme, born):
    enrolment = enrol(programme, born=born)
    response = signed_in(world.nurse).post(reverse("monitoring:reading_link", args=[enrolment.pk]), follow=True)
    assert "A readings link has been texted to the patient" in response.content.decode()
    text = OutboxMessage.objects.get(reference=f"enrolment-{enrolment.pk}-link")
    secret = re.search(r"/monitoring/readings/([^/]+)/", text.body).group(1)
    enrolment.refresh_from_db()
    assert text.recipient == "07700900123" and enrolment.reading_link_hash == services.hash_secret(secret)


@time_machine.travel(datetime(2026, 11, 24, 10, 0, tzinfo=LONDON), tick=False)
def test_the_patient_sends_a_reading_through_the_link_and_a_high_one_raises_an_alert(world, signed_in, client, hypertension):
    secret = _secret_sent(signed_in(world.nurse), hypertension)
    client.logout()
    url = reverse("monitoring:patient_readings", args=[secret])
    page = client.get(url).content.decode()
    assert "Hello Sam" in page and "Taylor" not in page and "943" not in page
    well = client.post(url, {"systolic_bp": "132", "diastolic_bp": "84", "pulse": "70"}).content.decode()
    assert "we have your reading" in well and not Alert.objects.exists()
    high = client.post(url, {"systolic_bp": "186", "diastolic_bp": "112", "taken_time": "09:55"}).content.decode()
    assert "A clinician from the hub will contact you today" in high
    stored = ObservationSet.objects.get(systolic_bp=186)
    assert (stored.source, stored.result, stored.effective_at) == ("patient", "same-day-review",
                                                                    datetime(2026, 11, 24, 9, 55, tzinfo=LONDON))
    assert Alert.objects.get().severity == "same-day"


def test_the_patient_page_checks_the_numbers(world, signed_in, client, hypertension):
    secret = _secret_sent(signed_in(world.nurse), hypertension)
    url = reverse("monitoring:patient_readings", args=[secret])
    page = client.post(url, {"systolic_bp": "80", "diastolic_bp": "120", "pulse": "abc"}).content.decode()
    assert "There is a problem" in page
    assert "must be higher than the bottom number" in page and "Enter your pulse as a whole number" in page
    assert not ObservationSet.objects.exists()


def test_an_old_replaced_or_discharged_link_is_not_found(world, signed_in, client, hypertension):
    nurse = signed_in(world.nurse)
    first = _secret_sent(nurse, hypertension)
    second = _secret_sent(nurse, hypertension)
    assert client.get(reverse("monitoring:patient_readings", args=[first])).status_code == 404
    assert client.get(reverse("monitoring:patient_readings", args=[second])).status_code == 200
    services.discharge(hypertension, "Readings complete", Actor.staff(world.nurse))
    assert client.get(reverse("monitoring:patient_readings", args=[second])).status_code == 404
    assert client.get(reverse("monitoring:patient_readings", args=["not-a-link"])).status_code == 404


def test_the_request_page_offers_enrolment_to_hub_staff_only(world, signed_in):
    request = factories.submit(world.practice_a)
    link = f"/monitoring/enrol/?request={request.reference}"
    assert link in signed_in(world.nurse).get(reverse("consultations:request_detail", args=[request.reference])).content.decode()
    assert link not in signed_in(world.practice_a_staff).get(
        reverse("consultations:request_detail", args=[request.reference])).content.decode()


def test_a_clinician_sets_a_personal_home_target_and_can_go_back_to_nice(world, signed_in, hypertension):
    client = signed_in(world.gp)
    url = reverse("monitoring:bp_target", args=[hypertension.pk])
    assert "Enter both numbers" in client.post(url, {"systolic": "130"}).content.decode()
    assert "must be higher than the bottom number" in client.post(url, {"systolic": "90", "diastolic": "95"}).content.decode()
    assert client.post(url, {"systolic": "130", "diastolic": "80"})["Location"] == reverse("monitoring:enrolment", args=[hypertension.pk])
    page = client.get(reverse("monitoring:enrolment", args=[hypertension.pk])).content.decode()
    assert "Below 130/80 mmHg (personal target set by a clinician)" in page
    client.post(url, {"systolic": "", "diastolic": ""})
    hypertension.refresh_from_db()
    assert (hypertension.bp_target_systolic, hypertension.bp_target_diastolic) == (None, None)
    assert AuditEvent.objects.filter(action="monitoring.bp_target").count() == 2


def test_the_ward_has_no_blood_pressure_target_page_and_administrators_cannot_set_one(world, signed_in, enrol, hypertension):
    assert signed_in(world.nurse).get(reverse("monitoring:bp_target", args=[enrol().pk])).status_code == 404
    assert signed_in(world.hub_admin).get(reverse("monitoring:bp_target", args=[hypertension.pk])).status_code == 403
