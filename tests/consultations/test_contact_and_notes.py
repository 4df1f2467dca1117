"""Contact attempts (with messages to the patient through the outbox) and notes."""

import re
from datetime import datetime

import pytest

from healthhub.consultations.models import ContactAttempt, Note
from healthhub.core.models import AuditEvent
from healthhub.notifications.models import OutboxMessage
from tests import factories
from tests.intake.html_checks import assert_accessible_structure

from .conftest import LONDON
from .pages import banners, error_summary, main_text

ATTEMPT = {"channel": "sms", "result": "sent", "at_day": "10", "at_month": "3", "at_year": "2026", "at_time": "10am",
           "message": "Please call the surgery on 01634 000000 about your request."}


def url(request, action: str) -> str:
    return f"/hub/requests/{request.reference}/{action}/"


def test_the_form_starts_at_now(world, signed_in, make_request, clock):
    request = make_request()
    form = signed_in(world.hub_admin).get(url(request, "contact"))
    html = form.content.decode()
    for field, value in (("at_day", "10"), ("at_month", "3"), ("at_year", "2026"), ("at_time", "10:00")):
        assert re.search(rf'id="{field}" name="{field}" type="text"[^>]* value="{value}"', html), field
    assert "07700900123" in main_text(form)  # where a text would go
    assert_accessible_structure(form)


def test_a_text_message_attempt_is_recorded_and_sent_through_the_outbox(world, signed_in, make_request, clock):
    request = make_request()
    outbox_before = OutboxMessage.objects.count()  # the confirmation of the request itself

    response = signed_in(world.hub_admin).post(url(request, "contact"), ATTEMPT, follow=True)

    attempt = ContactAttempt.objects.get()
    assert (attempt.channel, attempt.result, attempt.by) == ("sms", "sent", world.hub_admin)
    assert attempt.at == datetime(2026, 3, 10, 10, 0, tzinfo=LONDON)
    message = OutboxMessage.objects.order_by("id").last()
    assert OutboxMessage.objects.count() == outbox_before + 1
    assert (message.channel, message.recipient, message.body) == ("sms", "07700900123", ATTEMPT["message"])
    assert request.reference not in message.reference and "Smith" not in message.reference
    assert banners(response) == ["Success Contact attempt recorded. The text message will be sent to the patient."]
    assert AuditEvent.objects.filter(action="request.contact_attempt", actor=world.hub_admin).exists()


def test_a_phone_call_with_notes_sends_nothing(world, signed_in, make_request, clock):
    request = make_request()
    before = OutboxMessage.objects.count()
    signed_in(world.nurse).post(url(request, "contact"), {**ATTEMPT, "channel": "phone", "result": "spoke", "message": "Advised rest"})
    assert ContactAttempt.objects.get().message == "Advised rest"
    assert OutboxMessage.objects.count() == before


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"channel": ""}, "Select how you tried to contact the patient"),
        ({"result": "maybe"}, "Select what happened from the list"),
        ({"at_time": "25:00"}, "Enter the time of the attempt, for example 14:30 or 2:30pm"),
        ({"at_time": "14"}, "Enter the time of the attempt"),
        ({"at_day": "31", "at_month": "2"}, "Enter the date of the attempt as a real date"),
        ({"at_time": "11:00"}, "The time of the attempt must be now or in the past"),
        ({"at_day": "9", "at_time": "9:00"}, "The time of the attempt must be after the request was received"),
    ],
)
def test_a_bad_attempt_is_explained_and_not_recorded(world, signed_in, make_request, clock, change, error):
    request = make_request()
    response = signed_in(world.nurse).post(url(request, "contact"), {**ATTEMPT, **change})
    assert response.status_code == 200
    assert error in error_summary(response)
    assert_accessible_structure(response)
    assert not ContactAttempt.objects.exists()


@pytest.mark.parametrize(
    ("channel", "result", "error"),
    [
        ("email", "did_not_attend", '"Did not attend" can only be recorded for a pre-arranged appointment. '
                                    "Select what happened with the email"),
        ("phone", "attended", '"Attended" can only be recorded for a pre-arranged appointment. '
                              "Select what happened with the phone call"),
        ("phone", "sent", '"Message sent, no reply yet" can only be recorded for a text message or an email'),
        ("appointment", "sent", '"Message sent, no reply yet" can only be recorded for a text message or an email'),
        ("sms", "no_answer", '"No answer" can only be recorded for a phone call or a video call'),
        ("email", "voicemail", '"Left a voicemail" can only be recorded for a phone call or a video call'),
        ("appointment", "spoke", '"Spoke to the patient" can only be recorded for a phone call or a video call'),
        ("video", "replied", '"Patient replied" can only be recorded for a text message or an email'),
        ("phone", "replied", '"Patient replied" can only be recorded for a text message or an email'),
    ],
)
def test_a_result_that_cannot_happen_on_that_channel_is_refused(world, signed_in, make_request, clock, channel, result, error):
    request = make_request()
    response = signed_in(world.nurse).post(url(request, "contact"), {**ATTEMPT, "channel": channel, "result": result})
    assert response.status_code == 200
    assert error in error_summary(response)
    assert 'href="#result"' in response.content.decode()
    assert_accessible_structure(response)
    assert not ContactAttempt.objects.exists()


def test_a_missed_appointment_by_email_does_not_unlock_unable_to_contact(world, signed_in, make_request, clock):
    request = make_request()
    client = signed_in(world.nurse)
    client.post(url(request, "contact"), {**ATTEMPT, "channel": "email", "result": "did_not_attend", "message": ""})
    outcome = client.get(url(request, "outcome"))
    assert "The rule is met" not in main_text(outcome)
    assert not ContactAttempt.objects.exists()


@pytest.mark.parametrize(
    ("channel", "result"),
    [("phone", "no_answer"), ("phone", "voicemail"), ("video", "spoke"), ("sms", "replied"), ("email", "replied"),
     ("appointment", "attended"), ("appointment", "did_not_attend")],
)
def test_a_result_that_fits_the_channel_is_recorded(world, signed_in, make_request, clock, channel, result):
    request = make_request()
    response = signed_in(world.nurse).post(url(request, "contact"), {**ATTEMPT, "channel": channel, "result": result, "message": ""})
    assert response.status_code == 302, error_summary(response)
    assert (ContactAttempt.objects.get().channel, ContactAttempt.objects.get().result) == (channel, result)


@pytest.mark.parametrize("channel", ["sms", "email"])
def test_a_sent_message_needs_its_text(world, signed_in, make_request, clock, channel):
    request = make_request()
    before = OutboxMessage.objects.count()
    response = signed_in(world.nurse).post(url(request, "contact"), {**ATTEMPT, "channel": channel, "message": "   "})
    assert "Enter the message to send to the patient" in error_summary(response)
    assert 'href="#message"' in response.content.decode()
    assert not ContactAttempt.objects.exists()
    assert OutboxMessage.objects.count() == before


def test_a_text_cannot_be_sent_to_a_patient_without_a_mobile(world, signed_in, make_request, clock):
    request = make_request(patient=factories.patient_details(mobile="", nhs_number=""))
    response = signed_in(world.nurse).post(url(request, "contact"), ATTEMPT)
    assert "The patient has no mobile number, so this text message cannot be sent" in error_summary(response)
    assert not ContactAttempt.objects.exists()


def test_notes_are_added_and_an_empty_note_is_refused(world, signed_in, make_request, clock):
    request = make_request()
    client = signed_in(world.hub_admin)
    empty = client.post(url(request, "note"), {"text": "   "})
    assert "Enter the note" in error_summary(empty)
    assert_accessible_structure(empty)

    response = client.post(url(request, "note"), {"text": "Patient rang to ask for a call after 3pm"}, follow=True)
    note = Note.objects.get()
    assert (note.author, note.text) == (world.hub_admin, "Patient rang to ask for a call after 3pm")
    assert banners(response) == ["Success Note added"]
    assert "Patient rang to ask for a call after 3pm" in main_text(response)


def test_practice_staff_cannot_add_notes_or_contact_attempts(world, signed_in, make_request, clock):
    request = make_request(practice=world.practice_a)
    client = signed_in(world.practice_a_staff)
    assert client.post(url(request, "note"), {"text": "x"}).status_code == 403
    assert client.post(url(request, "contact"), ATTEMPT).status_code == 403
    assert not Note.objects.exists() and not ContactAttempt.objects.exists()
