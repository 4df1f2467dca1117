"""Hub staff, and practice staff for their own practice, enter a request for a caller on one page."""

import re

import pytest

from healthhub.consultations.models import Channel, ConsultationRequest, Submitter
from healthhub.core.models import AuditEvent
from healthhub.notifications.models import OutboxMessage
from healthhub.organisations.models import IntakeStatus
from tests.intake.html_checks import assert_accessible_structure

CALLER_REQUEST = {
    "practice": "G82203", "request_type": "medical", "emergency_checked": "yes", "medical_topic": "ongoing-condition",
    "medical_duration": "weeks", "description": "Asthma worse since last month", "caller_is_patient": "no",
    "caller_name": "Jo Smith", "caller_relationship": "Daughter",
    "given_name": "Pat", "family_name": "Smith", "dob_day": "3", "dob_month": "4", "dob_year": "1941",
    "nhs_number": "4010232137", "postcode": "ME3 9AB", "channels": ["phone"], "mobile": "07700 900456", "email": "",
    "idempotency_key": "staff-test-key-1",
}


def test_hub_staff_enter_a_request_for_a_caller(world, signed_in):
    client = signed_in(world.hub_admin)
    page = client.get("/practice/for_caller/")
    assert page.status_code == 200
    assert_accessible_structure(page)

    response = client.post("/practice/for_caller/", CALLER_REQUEST)
    request = ConsultationRequest.objects.get()
    assert response["Location"] == f"/practice/for_caller/{request.reference}/"
    assert request.channel == Channel.STAFF
    assert request.submitted_by == Submitter.STAFF
    assert request.entered_by == world.hub_admin
    assert request.practice == world.practice_b
    assert (request.submitter_name, request.submitter_relationship) == ("Jo Smith", "Daughter")
    assert request.answers == {"topic": "ongoing-condition", "description": "Asthma worse since last month", "duration": "weeks"}
    assert request.category == "clinical"
    assert request.patient.nhs_number == "4010232137" and request.patient.mobile == "07700900456"
    assert request.contact_by_phone and not request.contact_by_sms
    submit_audit = AuditEvent.objects.get(action="request.submit")
    assert submit_audit.actor == world.hub_admin and submit_audit.detail == {"channel": "staff"}


def test_a_caller_with_only_a_landline_can_ask_for_a_phone_call(world, signed_in):
    client = signed_in(world.hub_admin)
    response = client.post("/practice/for_caller/", {**CALLER_REQUEST, "mobile": "01634 555555"})
    assert response.status_code == 302
    request = ConsultationRequest.objects.get()
    assert request.patient.mobile == "01634555555"
    assert request.contact_by_phone and not request.contact_by_sms
    assert not OutboxMessage.objects.filter(channel="sms").exists()


def test_the_confirmation_shows_the_reference_and_links_to_the_request(world, signed_in):
    client = signed_in(world.nurse)
    response = client.post("/practice/for_caller/", CALLER_REQUEST, follow=True)
    request = ConsultationRequest.objects.get()
    page = response.content.decode()
    assert request.reference in page
    assert f'/hub/requests/{request.reference}/"' in page
    assert AuditEvent.objects.filter(action="request.view", object_id=str(request.pk), actor=world.nurse).exists()
    assert_accessible_structure(response)


def test_posting_the_same_form_twice_makes_one_request(world, signed_in):
    client = signed_in(world.hub_admin)
    first = client.post("/practice/for_caller/", CALLER_REQUEST)
    second = client.post("/practice/for_caller/", CALLER_REQUEST)
    assert ConsultationRequest.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_the_caller_being_the_patient_needs_no_caller_name(world, signed_in):
    client = signed_in(world.hub_admin)
    data = {**CALLER_REQUEST, "caller_is_patient": "yes", "caller_name": "", "caller_relationship": ""}
    client.post("/practice/for_caller/", data)
    assert ConsultationRequest.objects.get().submitter_name == ""


def test_an_admin_request_for_a_caller(world, signed_in):
    client = signed_in(world.hub_admin)
    data = {**CALLER_REQUEST, "request_type": "admin", "admin_topic": "fit-note", "emergency_checked": ""}
    client.post("/practice/for_caller/", data)
    request = ConsultationRequest.objects.get()
    assert request.request_type == "admin" and request.category == "administration"
    assert request.answers == {"topic": "fit-note", "description": "Asthma worse since last month"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"emergency_checked": ""}, "Confirm you have checked the patient has none of the emergency symptoms"),
        ({"medical_topic": ""}, "Select what the medical request is about"),
        ({"caller_name": ""}, "Enter the caller&#39;s full name"),
        ({"nhs_number": "9434765918"}, "Enter a valid NHS number"),
        ({"postcode": "NOT A POSTCODE"}, "Enter a full UK postcode"),
        ({"dob_year": "2090"}, "Date of birth must be today or in the past"),
        ({"channels": ["text"], "mobile": ""}, "Enter a mobile number to get text messages"),
        ({"channels": ["text"], "mobile": "01634 555555"}, "Text messages can only go to a mobile"),
        ({"channels": ["phone"], "mobile": ""}, "Enter a phone number so we can call you"),
        ({"given_name": ""}, "Enter the patient&#39;s first name"),
        ({"practice": "G82002"}, "Select the patient&#39;s GP surgery"),
    ],
)
def test_bad_input_is_refused_with_a_clear_error(world, signed_in, change, message):
    client = signed_in(world.hub_admin)
    response = client.post("/practice/for_caller/", {**CALLER_REQUEST, **change})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in page and message in page
    assert not ConsultationRequest.objects.exists()
    assert_accessible_structure(response)


def test_staff_can_enter_a_medical_request_while_online_medical_requests_are_paused(world, signed_in):
    IntakeStatus.objects.create(practice=world.practice_b, medical_paused=True, message="Busy")
    client = signed_in(world.hub_admin)
    assert "cannot send medical requests online" in client.get("/practice/for_caller/").content.decode()
    client.post("/practice/for_caller/", CALLER_REQUEST)
    assert ConsultationRequest.objects.get().request_type == "medical"


def test_icb_analysts_cannot_enter_requests_for_callers(world, signed_in):
    client = signed_in(world.icb_analyst)
    assert client.get("/practice/for_caller/").status_code == 403
    assert client.post("/practice/for_caller/", CALLER_REQUEST).status_code == 403
    assert not ConsultationRequest.objects.exists()


def _practice_options(response) -> list[tuple[str, bool]]:
    html = response.content.decode()
    select = html[html.find('<select class="nhsuk-select'):]
    select = select[:select.find("</select>")]
    return [(value, bool(selected)) for selected, value in
            re.findall(r'<option(?=[^>]*?(\sselected))?[^>]*value="([^"]*)"', select)]


def test_practice_staff_enter_a_request_for_their_own_practice(world, signed_in):
    client = signed_in(world.practice_a_staff)
    page = client.get("/practice/for_caller/")
    assert page.status_code == 200
    assert _practice_options(page) == [("G82106", True)]  # their practice, already chosen
    assert_accessible_structure(page)

    response = client.post("/practice/for_caller/", {**CALLER_REQUEST, "practice": "G82106"}, follow=True)
    request = ConsultationRequest.objects.get()
    assert response.redirect_chain[0][0] == f"/practice/for_caller/{request.reference}/"
    assert response.status_code == 200 and request.reference in response.content.decode()
    assert (request.practice, request.entered_by, request.channel) == (world.practice_a, world.practice_a_staff, Channel.STAFF)


@pytest.mark.parametrize("other_practice", ["G82203", "G82002"])
def test_practice_staff_cannot_enter_a_request_for_another_practice(world, signed_in, other_practice):
    client = signed_in(world.practice_a_staff)
    response = client.post("/practice/for_caller/", {**CALLER_REQUEST, "practice": other_practice})
    assert response.status_code == 200
    assert "Select the patient&#39;s GP surgery" in response.content.decode()
    assert not ConsultationRequest.objects.exists()


def test_hub_staff_choose_from_every_practice_their_hub_serves(world, signed_in):
    page = signed_in(world.nurse).get("/practice/for_caller/")
    assert _practice_options(page) == [("", False), ("G82203", False), ("G82106", False)]  # by name


def test_practice_staff_cannot_see_the_confirmation_of_another_practices_request(world, signed_in):
    signed_in(world.hub_admin).post("/practice/for_caller/", CALLER_REQUEST)  # for practice B
    request = ConsultationRequest.objects.get()
    assert signed_in(world.practice_a_staff).get(f"/practice/for_caller/{request.reference}/").status_code == 404
    assert signed_in(world.practice_b_staff).get(f"/practice/for_caller/{request.reference}/").status_code == 200


def test_signed_out_visitors_are_sent_to_sign_in(world, client):
    response = client.get("/practice/for_caller/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/sign-in/")


def test_the_confirmation_of_another_hubs_request_is_not_found(world, signed_in):
    from tests import factories

    other_hub = factories.make_hub("OTHER1", "Another Hub")
    other_practice = factories.make_practice("G99001", "ELSEWHERE SURGERY", hub=other_hub)
    request = factories.submit(other_practice)
    client = signed_in(world.hub_admin)
    assert client.get(f"/practice/for_caller/{request.reference}/").status_code == 404
