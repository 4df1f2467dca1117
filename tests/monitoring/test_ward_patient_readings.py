"""Patients on the respiratory virtual wards (or a child's parent or carer) send their own observation
sets through the texted link: scored at once, with an alert and the 999 advice where the score needs it."""

import re
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from healthhub.clinical.deadlines import LONDON
from healthhub.core.audit import Actor
from healthhub.monitoring import services
from healthhub.monitoring.models import Alert, ObservationSet, Programme
from healthhub.monitoring.patient_views import PARENT_SIGN_WORDS
from healthhub.monitoring.presenters import CHILD_SIGN_LABELS
from healthhub.monitoring.scoring import CHILD_SIGNS
from healthhub.notifications.models import OutboxMessage

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=LONDON)
WELL = {"respiration_rate": "16", "spo2": "97", "on_oxygen": "air", "systolic_bp": "125", "pulse": "72", "consciousness": "A",
        "temperature": "36.8"}
# RR 25 scores 3, SpO2 91 scores 3, pulse 95 scores 1: NEWS2 7, high.
NEWS2_7 = WELL | {"respiration_rate": "25", "spo2": "91", "pulse": "95", "temperature": "37.5", "systolic_bp": "120"}
# The DOMAIN.md UK Core example: NEWS2 5, medium.
NEWS2_5 = WELL | {"respiration_rate": "21", "spo2": "93", "pulse": "95", "temperature": "37.5", "systolic_bp": "120"}


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def _link(enrolment) -> str:
    secrets: list[str] = []
    services.send_reading_link(enrolment, lambda secret: secrets.append(secret) or "https://hub.example/", Actor(label="Test nurse"))
    return reverse("monitoring:patient_readings", args=secrets)


def _when(minutes_ago: int) -> dict:
    at = NOW - timedelta(minutes=minutes_ago)
    return {"taken_day": at.day, "taken_month": at.month, "taken_year": at.year, "taken_time": f"{at:%H:%M}"}


@pytest.fixture
def adult(enrol):
    return enrol(Programme.RESPIRATORY_ADULT, born=date(1950, 6, 1))


@pytest.fixture
def child(enrol):
    return enrol(Programme.RESPIRATORY_CHILD, born=date(2025, 6, 1))


def test_the_page_greets_the_adult_by_first_name_only_in_their_own_words_with_now_filled_in(client, adult):
    page = client.get(_link(adult)).content.decode()
    assert "Hello Sam" in page and "Taylor" not in page and "943" not in page
    for words in ("Your breathing rate (breaths in one minute)", "Your oxygen level (SpO2) from the finger probe",
                  "Are you using oxygen?", "Your pulse", "Your temperature", "Your blood pressure top number",
                  "I feel as alert as usual", "I feel more confused or drowsy than usual"):
        assert words in page
    assert "Unresponsive" not in page and "Voice" not in page
    for name, now in (("taken_day", "24"), ("taken_month", "11"), ("taken_year", "2026"), ("taken_time", "10:00")):
        assert re.search(rf'id="{name}" name="{name}" type="text"[^>]* value="{now}"', page)


def test_an_adult_sends_a_full_set_and_it_is_scored_with_news2_as_from_the_patient(client, adult):
    page = client.post(_link(adult), WELL | _when(5)).content.decode()
    assert "Thank you, Sam: we have your observations" in page and "Call 999" not in page
    stored = ObservationSet.objects.get()
    assert (stored.source, stored.score_kind, stored.score_total, stored.result) == ("patient", "news2", 0, "none")
    assert stored.effective_at == NOW - timedelta(minutes=5)
    assert stored.entered_by is None and stored.entered_by_label == f"Patient (readings link, enrolment {adult.pk})"
    assert not Alert.objects.exists()


def test_a_set_scoring_7_tells_the_patient_to_call_999_and_raises_an_emergency_alert(client, adult):
    page = client.post(_link(adult), NEWS2_7 | _when(1)).content.decode()
    assert re.search(r"<strong>Call 999 now[^<]*</strong>", page)
    stored = ObservationSet.objects.get()
    assert (stored.score_total, stored.result) == (7, "high")
    assert Alert.objects.get().severity == "emergency"


def test_a_set_scoring_5_says_a_nurse_will_call_within_the_hour(client, adult):
    page = client.post(_link(adult), NEWS2_5 | _when(1)).content.decode()
    assert "A nurse from the hub will call you within the hour. If you get worse, call 999" in page and "Call 999 now" not in page
    assert (ObservationSet.objects.get().score_total, Alert.objects.get().severity) == (5, "urgent")


def test_missing_and_implausible_values_are_named_on_their_fields_and_nothing_is_stored(client, adult):
    url = _link(adult)
    page = client.post(url, WELL | _when(1) | {"respiration_rate": "300", "temperature": ""}).content.decode()
    assert "There is a problem" in page
    assert "Respiration rate must be between 1 and 80 breaths per minute" in page and "Enter your temperature" in page
    assert 'href="#respiration_rate"' in page and 'href="#temperature"' in page
    not_a_number = client.post(url, WELL | _when(1) | {"pulse": "fast"}).content.decode()
    assert "Enter the pulse as a whole number" in not_a_number
    assert not ObservationSet.objects.exists() and not Alert.objects.exists()


def test_a_patient_cannot_report_a_level_of_consciousness_only_someone_else_could_find(client, adult):
    page = client.post(_link(adult), WELL | _when(1) | {"consciousness": "U"}).content.decode()
    assert "Select whether you feel as alert as usual, or more confused or drowsy" in page
    assert not ObservationSet.objects.exists()


def test_a_set_from_the_future_is_refused_on_the_time(client, adult):
    at = NOW + timedelta(hours=1)
    page = client.post(_link(adult), WELL | {"taken_day": at.day, "taken_month": at.month, "taken_year": at.year,
                                             "taken_time": f"{at:%H:%M}"}).content.decode()
    assert "must be now or in the past" in page and 'href="#taken_time"' in page
    assert not ObservationSet.objects.exists()


def test_a_parent_sends_a_childs_set_with_a_sign_and_a_red_one_says_call_999(client, child):
    url = _link(child)
    page = client.get(url).content.decode()
    for words in ("Your child&#39;s breathing rate", "Your child&#39;s oxygen level", "Your child&#39;s heart rate",
                  "Your child&#39;s temperature", "How much they are feeding compared with usual (%)", *PARENT_SIGN_WORDS.values()):
        assert words in page
    assert "Capillary refill" not in page and "capillary_refill_seconds" not in page and "Taylor" not in page
    sent = client.post(url, _when(2) | {"respiration_rate": "38", "spo2": "97", "on_oxygen": "air", "pulse": "120",
                                        "temperature": "37.2", "feeding_percent_of_usual": "90", "signs": ["grunting"]})
    assert re.search(r"<strong>Call 999 now[^<]*</strong>", sent.content.decode())
    stored = ObservationSet.objects.get()
    assert (stored.source, stored.score_kind, stored.result) == ("patient", "child", "red")
    assert stored.signs == {"grunting": True, "feeding_percent_of_usual": 90}
    assert Alert.objects.get().severity == "emergency"


def test_a_childs_set_with_no_warning_signs_just_says_thank_you(client, child):
    page = client.post(_link(child), _when(2) | {"respiration_rate": "30", "spo2": "98", "on_oxygen": "air"}).content.decode()
    assert "Thank you: we have Sam's observations" in page and "Call 999 now" not in page and "within the hour" not in page
    assert ObservationSet.objects.get().result == "green" and not Alert.objects.exists()


def test_every_childs_sign_has_words_for_the_parent_unlike_the_staff_wording():
    assert list(PARENT_SIGN_WORDS) == list(CHILD_SIGNS)
    assert all(PARENT_SIGN_WORDS[name] != CHILD_SIGN_LABELS[name] for name in CHILD_SIGNS)


def test_a_ward_patient_with_a_link_is_reminded_after_12_hours_without_a_set(client, adult):
    url = _link(adult)
    client.post(url, WELL | _when(0))
    assert services.send_due_reminders(NOW + timedelta(hours=11, minutes=59)) == 0
    assert services.send_due_reminders(NOW + timedelta(hours=12, minutes=1)) == 1
    assert services.send_due_reminders(NOW + timedelta(hours=13)) == 0  # reminded already
    reminder = OutboxMessage.objects.get(reference=f"enrolment-{adult.pk}-reminder")
    assert "time to send your readings" in reminder.body and "blood pressure" not in reminder.body
    assert reminder.recipient == "07700900123"


@override_settings(PUBLIC_FORM_RATE_LIMIT=10_000)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rate=st.integers(-10**6, 0) | st.integers(81, 10**6))
def test_any_breathing_rate_outside_1_to_80_is_refused_and_stores_nothing(client, adult, rate):
    page = client.post(_link(adult), WELL | _when(1) | {"respiration_rate": str(rate)}).content.decode()
    assert "Respiration rate must be between 1 and 80" in page
    assert not ObservationSet.objects.exists()
