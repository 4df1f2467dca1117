"""A practice at capacity pauses medical requests; admin requests stay open."""

import pytest

from healthhub.consultations.models import ConsultationRequest
from healthhub.core.audit import Actor
from healthhub.organisations import services
from healthhub.organisations.models import IntakeStatus
from tests.intake.html_checks import assert_accessible_structure
from tests.intake.journey import ADMIN_ANSWERS, Patient

MESSAGE = "We are very busy today. Call us after 2pm if you need to be seen today."


@pytest.fixture
def paused_practice(world):
    world.practice_a.phone = "01634 222333"
    world.practice_a.save()
    IntakeStatus.objects.create(practice=world.practice_a, medical_paused=True, message=MESSAGE)
    return world.practice_a


def test_the_medical_option_shows_the_message_and_alternatives_and_cannot_be_chosen(paused_practice, client):
    response = client.get("/practice/G82106/request-type/")
    page = response.content.decode()
    assert MESSAGE in page
    assert "111" in page and "pharmacy" in page and "01634 222333" in page
    medical_radio = page[page.index('value="medical"') - 200:page.index('value="medical"') + 60]
    assert "disabled" in medical_radio
    assert_accessible_structure(response)


def test_choosing_medical_anyway_shows_the_paused_page_and_starts_nothing(paused_practice, client):
    response = client.post("/practice/G82106/request-type/", {"request_type": "medical"})
    page = response.content.decode()
    assert "Medical requests are paused" in page and MESSAGE in page
    assert "intake_draft" not in client.session
    assert_accessible_structure(response)


def test_admin_requests_stay_open_while_medical_requests_are_paused(paused_practice, client):
    patient = Patient(client, "G82106")
    patient.choose("admin")
    patient.answer_questions(ADMIN_ANSWERS)
    patient.give_details()
    assert patient.submit()["Location"] == patient.url("request-sent/")
    assert ConsultationRequest.objects.get().request_type == "admin"


def test_a_pause_during_the_journey_stops_the_medical_submit_with_the_paused_page(world, client):
    patient = Patient(client, "G82106")
    patient.medical_up_to_check_answers()
    services.pause_medical_intake(world.practice_a, MESSAGE, _hub_actor(world))

    response = patient.submit()
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert not ConsultationRequest.objects.exists()
    # The rest of the journey shows the pause too, rather than more questions.
    assert MESSAGE in client.get(patient.url("question/topic/")).content.decode()


def test_the_start_page_mentions_the_pause(paused_practice, client):
    page = client.get("/practice/G82106/").content.decode()
    assert "Medical requests are paused at the moment" in page
    assert 'href="/practice/G82106/medical-requests-paused/"' in page
    assert MESSAGE in client.get("/practice/G82106/medical-requests-paused/").content.decode()


def test_the_paused_page_goes_to_the_start_once_intake_reopens(world, client):
    assert client.get("/practice/G82106/medical-requests-paused/")["Location"] == "/practice/G82106/"


def _hub_actor(world):
    return Actor.staff(world.hub_admin)
