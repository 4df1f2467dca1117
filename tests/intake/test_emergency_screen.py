"""The emergency screen comes before any medical question and stops the journey on a yes."""

import json

from healthhub.consultations.intake import emergency
from healthhub.consultations.models import ConsultationRequest
from healthhub.patients.models import Patient as PatientRecord
from tests.intake.html_checks import assert_accessible_structure
from tests.intake.journey import MEDICAL_ANSWERS, PATIENT, Patient

CONTENT = json.loads(emergency.CONTENT_FILE.read_text())


def test_a_yes_stops_the_journey_with_999_advice_and_stores_nothing(world, client):
    patient = Patient(client, world.practice_a.ods_code)
    patient.choose("medical")
    patient.post("emergency-check/child/", {"group": "adult"})
    response = patient.post("emergency-check/", {"answer": "yes"})
    assert response["Location"] == patient.url("get-help-now/")

    stop = client.get(response["Location"])
    page = stop.content.decode()
    assert "Call 999 or go to A&amp;E now" in page
    assert "111" in page
    assert_accessible_structure(stop)
    assert not ConsultationRequest.objects.exists()
    assert not PatientRecord.objects.exists()
    assert "intake_draft" not in client.session
    # The journey cannot carry on past the stop.
    assert client.get(patient.url("question/topic/"))["Location"] == patient.url()


def test_the_adult_list_comes_from_the_clinical_content_file(world, client):
    patient = Patient(client, world.practice_a.ods_code)
    patient.choose("medical")
    patient.post("emergency-check/child/", {"group": "adult"})
    response = client.get(patient.url("emergency-check/"))
    page = response.content.decode()
    for symptom in CONTENT["adult"]:
        assert symptom in page
    assert CONTENT["child"][0] not in page
    assert_accessible_structure(response)


def test_a_request_about_a_child_gets_the_child_list(world, client):
    patient = Patient(client, world.practice_a.ods_code)
    patient.choose("medical")
    group_page = client.get(patient.url("emergency-check/"), follow=True)
    assert "Is this request about a child under 16?" in group_page.content.decode()
    assert_accessible_structure(group_page)
    patient.post("emergency-check/child/", {"group": "child"})
    page = client.get(patient.url("emergency-check/")).content.decode()
    for symptom in CONTENT["child"]:
        assert symptom in page
    assert CONTENT["adult"][0] not in page


def test_not_answering_the_screen_is_an_error(world, client):
    patient = Patient(client, world.practice_a.ods_code)
    patient.choose("medical")
    patient.post("emergency-check/child/", {"group": "adult"})
    response = patient.post("emergency-check/", {})
    assert "Select yes if any of these apply" in response.content.decode()
    assert_accessible_structure(response)


def test_a_child_screened_with_the_adult_list_is_screened_again_with_the_child_list(world, client):
    patient = Patient(client, world.practice_a.ods_code)
    patient.choose("medical")
    patient.pass_emergency_screen("adult")
    patient.answer_questions(MEDICAL_ANSWERS)
    patient.say_who_for({"proxy_name": "Sam Smith", "proxy_relationship": "Parent"})
    response = patient.post("details/", {**PATIENT, "dob_year": "2019"})
    assert response["Location"] == patient.url("emergency-check/")
    page = client.get(response["Location"]).content.decode()
    assert CONTENT["child"][0] in page
    assert "shows the request is about a child" in page
    # Until the child list is answered, check answers is out of reach.
    assert client.get(patient.url("check-answers/"))["Location"] == patient.url("emergency-check/")
    assert patient.post("emergency-check/", {"answer": "no"})["Location"] == patient.url("contact/")


def test_the_screen_version_is_the_content_files(world):
    assert emergency.screen().version == CONTENT["version"]
    assert emergency.screen().child_age_limit == CONTENT["child_age_limit"]
