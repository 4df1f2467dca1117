"""A patient sends a medical request from start to confirmation, one question per page."""

from datetime import date, datetime

import time_machine

from healthhub.clinical.deadlines import LONDON
from healthhub.consultations.models import Channel, ConsultationRequest, Submitter
from tests.intake.html_checks import assert_accessible_structure, back_link
from tests.intake.journey import MEDICAL_ANSWERS, Patient

CHRISTMAS_EVE_2026 = datetime(2026, 12, 24, 10, 0, tzinfo=LONDON)


def test_a_medical_request_goes_from_start_to_confirmation_with_every_answer_stored(world, client):
    patient = Patient(client, world.practice_a.ods_code)
    with time_machine.travel(CHRISTMAS_EVE_2026, tick=False):
        assert client.get(patient.url()).status_code == 200
        assert patient.choose("medical")["Location"] == patient.url("emergency-check/")
        patient.medical_up_to_check_answers()
        check = client.get(patient.url("check-answers/"))
        assert_accessible_structure(check)
        response = patient.submit()
        assert response["Location"] == patient.url("request-sent/")
        confirmation = client.get(response["Location"])

    request = ConsultationRequest.objects.get()
    assert request.practice == world.practice_a
    assert request.request_type == "medical"
    assert request.channel == Channel.WEB and request.submitted_by == Submitter.PATIENT
    assert request.answers == {
        "topic": "new-problem", "description": "Cough for a week,\nworse at night", "duration": "days",
        "outcome-wanted": "Call me back",
    }
    assert request.category == "clinical"
    assert request.intake_record["emergency_screen"] == {"version": "ms-hub-emergency-2025-1", "list": "adult"}
    assert request.summary == "A new symptom or health problem: Cough for a week, worse at night"
    assert (request.patient.given_name, request.patient.family_name) == ("Alex", "Smith")
    assert request.patient.date_of_birth == date(1980, 5, 17)
    assert request.patient.nhs_number == "9434765919"
    assert request.patient.postcode == "ME2 1NP"
    assert request.patient.mobile == "07700900123"
    assert (request.contact_by_sms, request.contact_by_email, request.contact_by_phone) == (True, False, True)
    # Received on Christmas Eve 2026: Christmas Day and the substitute Boxing Day holiday push the reply to Tuesday.
    assert request.deadline == datetime(2026, 12, 29, 18, 30, tzinfo=LONDON)
    page = confirmation.content.decode()
    assert request.reference in page
    assert "We will reply by Tuesday 29 December 2026 at 6:30pm" in page
    assert_accessible_structure(confirmation)
    assert "intake_draft" not in client.session


def test_every_journey_page_has_a_back_link_to_the_page_before(world, client):
    patient = Patient(client, world.practice_a.ods_code)
    patient.choose("medical")
    patient.pass_emergency_screen()
    patient.answer_questions(MEDICAL_ANSWERS)
    patient.give_details(proxy={"proxy_name": "Sam Smith", "proxy_relationship": "Carer"})
    expected_back = {
        "emergency-check/": patient.url("request-type/"),
        "question/topic/": patient.url("emergency-check/"),
        "question/description/": patient.url("question/topic/"),
        "who-for/": patient.url("question/outcome-wanted/"),
        "about-you/": patient.url("who-for/"),
        "details/": patient.url("about-you/"),
        "contact/": patient.url("details/"),
        "check-answers/": patient.url("contact/"),
    }
    for page, back in expected_back.items():
        response = client.get(patient.url(page))
        assert response.status_code == 200, page
        assert back_link(response) == back, page
        assert_accessible_structure(response)


def test_the_questions_come_from_the_questionnaire_definition(world, client):
    patient = Patient(client, world.practice_a.ods_code)
    patient.choose("medical")
    patient.pass_emergency_screen()
    topic = client.get(patient.url("question/topic/")).content.decode()
    assert "What is your request about?" in topic
    assert topic.count('type="radio"') == 6
    description = client.get(patient.url("question/description/"))
    assert description.status_code == 302  # not yet: the topic comes first
    patient.post("question/topic/", {"answer": "tests"})
    page = client.get(patient.url("question/description/")).content.decode()
    assert "<textarea" in page and 'data-maxlength="2000"' in page


def test_a_blank_optional_answer_is_not_stored(world, client):
    patient = Patient(client, world.practice_a.ods_code)
    patient.choose("medical")
    patient.pass_emergency_screen()
    patient.answer_questions({**MEDICAL_ANSWERS, "outcome-wanted": ""})
    patient.give_details()
    patient.submit()
    assert "outcome-wanted" not in ConsultationRequest.objects.get().answers


def test_a_missing_required_answer_shows_the_questionnaires_error(world, client):
    patient = Patient(client, world.practice_a.ods_code)
    patient.choose("medical")
    patient.pass_emergency_screen()
    response = patient.post("question/topic/", {})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: What is your request about?" in page
    assert "Select what your request is about" in page
    assert_accessible_structure(response)


def test_a_patient_cannot_skip_the_emergency_screen_by_typing_an_address(world, client):
    patient = Patient(client, world.practice_a.ods_code)
    patient.choose("medical")
    response = client.get(patient.url("question/topic/"))
    assert response["Location"] == patient.url("emergency-check/")
    response = patient.post("check-answers/", {"idempotency_key": patient.idempotency_key()})
    assert response["Location"] == patient.url("emergency-check/")
    assert not ConsultationRequest.objects.exists()


def test_journey_pages_without_a_started_request_go_to_the_start_page(world, client):
    patient = Patient(client, world.practice_a.ods_code)
    assert client.get(patient.url("question/topic/"))["Location"] == patient.url()
    assert client.get(patient.url("check-answers/"))["Location"] == patient.url()


def test_change_links_return_to_check_answers_after_editing(world, client):
    patient = Patient(client, world.practice_a.ods_code)
    patient.medical_up_to_check_answers()
    check = client.get(patient.url("check-answers/")).content.decode()
    change_duration = patient.url("question/duration/") + "?from=check"
    assert f'href="{change_duration}"' in check
    assert back_link(client.get(change_duration)) == patient.url("check-answers/")
    response = client.post(change_duration, {"answer": "months"})
    assert response["Location"] == patient.url("check-answers/")
    assert "Months or longer" in client.get(patient.url("check-answers/")).content.decode()


def test_someone_else_can_send_a_request_for_the_patient(world, client):
    patient = Patient(client, world.practice_a.ods_code)
    patient.choose("medical")
    patient.pass_emergency_screen()
    patient.answer_questions(MEDICAL_ANSWERS)
    patient.give_details(proxy={"proxy_name": "Sam Smith", "proxy_relationship": "Carer"})
    check = client.get(patient.url("check-answers/")).content.decode()
    assert "Their details" in check and "Sam Smith" in check
    patient.submit()
    request = ConsultationRequest.objects.get()
    assert request.submitted_by == Submitter.PROXY
    assert (request.submitter_name, request.submitter_relationship) == ("Sam Smith", "Carer")
    assert request.patient.given_name == "Alex"


def test_someone_else_must_give_their_name_and_relationship(world, client):
    patient = Patient(client, world.practice_a.ods_code)
    patient.choose("admin")
    patient.answer_questions({"topic": "letter", "description": "A letter for school"})
    assert patient.post("who-for/", {"for_whom": "someone-else"})["Location"] == patient.url("about-you/")
    response = patient.post("about-you/", {"proxy_name": "", "proxy_relationship": ""})
    page = response.content.decode()
    assert "Enter your full name" in page
    assert "Enter your relationship to the person, for example parent or carer" in page
    assert_accessible_structure(response)


def test_choosing_myself_after_someone_else_forgets_the_proxy(world, client):
    patient = Patient(client, world.practice_a.ods_code)
    patient.admin_up_to_check_answers()
    patient.say_who_for({"proxy_name": "Sam Smith", "proxy_relationship": "Carer"})
    patient.say_who_for()
    patient.submit()
    request = ConsultationRequest.objects.get()
    assert request.submitted_by == Submitter.PATIENT and request.submitter_name == ""
