"""Every bad input gets an NHS-style error: the summary at the top, the message by the field."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError

from healthhub.consultations.intake import validation
from healthhub.consultations.intake.validation import DateProblem
from healthhub.consultations.models import ConsultationRequest
from healthhub.notifications.models import OutboxMessage
from tests.intake.html_checks import assert_accessible_structure
from tests.intake.journey import CONTACT, MEDICAL_ANSWERS, PATIENT, Patient


@pytest.fixture
def at_details(world, client):
    patient = Patient(client, world.practice_a.ods_code)
    patient.choose("medical")
    patient.pass_emergency_screen()
    patient.answer_questions(MEDICAL_ANSWERS)
    patient.post("who-for/", {"for_whom": "myself"})
    return patient


def _assert_error_page(response, field: str, message: str) -> None:
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert f'<a href="#{field}"' in page  # the error summary links to the field
    assert page.count(message) == 2  # once in the summary, once by the field
    assert_accessible_structure(response)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"nhs_number": "9434765918"}, "nhs_number", "Enter a valid NHS number"),
        ({"nhs_number": "12345"}, "nhs_number", "Enter an NHS number with 10 digits"),
        ({"dob_day": "1", "dob_month": "1", "dob_year": "2030"}, "dob_day", "Date of birth must be today or in the past"),
        ({"dob_day": "31", "dob_month": "2", "dob_year": "1980"}, "dob_day", "Date of birth must be a real date"),
        ({"dob_day": "1", "dob_month": "1", "dob_year": "1899"}, "dob_year", "Date of birth must be in or after 1900"),
        ({"dob_month": ""}, "dob_month", "Date of birth must include a month"),
        ({"dob_day": "", "dob_month": "", "dob_year": ""}, "dob_day", "Enter your date of birth"),
        ({"postcode": "ME2 1N"}, "postcode", "Enter a full UK postcode"),
        ({"postcode": ""}, "postcode", "Enter your postcode"),
        ({"given_name": ""}, "given_name", "Enter your first name"),
    ],
)
def test_bad_patient_details_are_refused_with_a_clear_error(at_details, change, field, message):
    with time_machine.travel(date(2026, 6, 1), tick=False):
        response = at_details.post("details/", {**PATIENT, **change})
    _assert_error_page(response, field, message)
    assert at_details.client.session["intake_draft"]["patient"] == {}


def test_only_the_wrong_part_of_a_date_is_highlighted(at_details):
    response = at_details.post("details/", {**PATIENT, "dob_month": ""})
    page = response.content.decode()
    month_input = page[page.index('id="dob_month"') - 400:page.index('id="dob_month"')]
    day_input = page[page.index('id="dob_day"') - 400:page.index('id="dob_day"')]
    assert "nhsuk-input--error" in month_input
    assert "nhsuk-input--error" not in day_input


def test_details_for_someone_else_are_asked_about_them(world, client):
    patient = Patient(client, world.practice_a.ods_code)
    patient.choose("admin")
    patient.answer_questions({"topic": "letter", "description": "School letter"})
    patient.say_who_for({"proxy_name": "Sam", "proxy_relationship": "Parent"})
    response = patient.post("details/", {**PATIENT, "given_name": "", "postcode": ""})
    assert "Enter their first name" in response.content.decode()
    assert "Enter their postcode" in response.content.decode()


@pytest.fixture
def at_contact(at_details):
    at_details.post("details/", PATIENT)
    return at_details


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"channels": ["text"], "mobile": ""}, "mobile", "Enter a mobile number to get text messages"),
        ({"channels": ["phone"], "mobile": ""}, "mobile", "Enter a phone number so we can call you"),
        ({"channels": ["email"], "email": ""}, "email", "Enter an email address to get emails"),
        ({"mobile": "01634 123456"}, "mobile", "Text messages can only go to a mobile"),
        ({"channels": ["phone"], "mobile": "12345"}, "mobile", "Enter a UK phone number"),
        ({"channels": ["phone"], "mobile": "0800 123 4567"}, "mobile", "Enter a UK phone number"),
        ({"channels": ["email"], "email": "alex-at-example"}, "email", "Enter an email address in the correct format"),
        ({"channels": []}, "channels", "Select how we can contact you"),
    ],
)
def test_bad_contact_details_are_refused_with_a_clear_error(at_contact, change, field, message):
    response = at_contact.post("contact/", {**CONTACT, **change})
    _assert_error_page(response, field, message)
    assert at_contact.client.session["intake_draft"]["contact"] == {}


def test_nothing_is_stored_while_details_have_errors(at_contact):
    at_contact.post("contact/", {**CONTACT, "mobile": ""})
    assert not ConsultationRequest.objects.exists()


@pytest.mark.parametrize("typed", ["01634 555555", "+44 1634 555555", "020 7946 0000", "0300 123 4567"])
def test_a_landline_is_accepted_when_only_phone_calls_are_wanted(at_contact, typed):
    response = at_contact.post("contact/", {"channels": ["phone"], "mobile": typed, "email": ""})
    assert response.status_code == 302
    stored = at_contact.client.session["intake_draft"]["contact"]["mobile"]
    assert stored == "".join(typed.replace("+44", "0").split())


def test_a_landline_only_patient_sends_a_request_and_gets_no_text(at_contact):
    at_contact.post("contact/", {"channels": ["phone"], "mobile": "01634 555555", "email": ""})
    check = at_contact.client.get(at_contact.url("check-answers/")).content.decode()
    assert "Phone number" in check and "01634 555555" in check
    at_contact.submit()
    request = ConsultationRequest.objects.get()
    assert request.patient.mobile == "01634555555"
    assert request.contact_by_phone and not request.contact_by_sms
    assert not OutboxMessage.objects.filter(channel="sms").exists()


def test_a_landline_is_refused_for_text_messages_and_the_page_says_why(at_contact):
    response = at_contact.post("contact/", {"channels": ["text", "phone"], "mobile": "01634 555555", "email": ""})
    _assert_error_page(response, "mobile", "Text messages can only go to a mobile")
    assert "Enter a UK mobile number, like 07700 900 982, or untick text message" in response.content.decode()


def test_the_nhs_number_is_shown_3_3_4_on_check_answers(at_contact):
    at_contact.post("contact/", CONTACT)
    assert "943 476 5919" in at_contact.client.get(at_contact.url("check-answers/")).content.decode()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("me2 1np", "ME2 1NP"), ("ME21NP", "ME2 1NP"), (" sw1a  1aa ", "SW1A 1AA"), ("EC1A1BB", "EC1A 1BB"), ("GIR0AA", "GIR 0AA")],
)
def test_postcodes_are_stored_the_standard_way(typed, stored):
    assert validation.clean_postcode(typed) == stored


@pytest.mark.parametrize("typed", ["ME2", "12345", "ME2 1NPP", "M 1AA"])
def test_postcodes_that_are_not_uk_postcodes_are_refused(typed):
    with pytest.raises(ValidationError):
        validation.clean_postcode(typed)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("07700 900123", "07700900123"), ("+44 7700 900123", "07700900123"), ("(07700) 900-123", "07700900123"), ("", "")],
)
def test_uk_mobile_numbers_are_accepted_in_the_ways_people_write_them(typed, stored):
    assert validation.clean_mobile(typed) == stored


@pytest.mark.parametrize("typed", ["01634 123456", "0770090012", "+33 612345678", "077009001234", "+4407700900123"])
def test_numbers_that_are_not_uk_mobiles_are_refused(typed):
    with pytest.raises(ValidationError):
        validation.clean_mobile(typed)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("01634 555555", "01634555555"), ("+44 (1634) 555-555", "01634555555"), ("016977 3456", "0169773456"),
        ("020 7946 0000", "02079460000"), ("0300 123 4567", "03001234567"), ("07700 900123", "07700900123"), ("", ""),
    ],
)
def test_uk_phone_numbers_landline_or_mobile_are_accepted(typed, stored):
    assert validation.clean_uk_phone(typed) == stored


@pytest.mark.parametrize("typed", ["0800 123 4567", "0909 123 4567", "01634 5555", "+33 612345678", "1634 555555"])
def test_numbers_nobody_could_be_called_back_on_are_refused(typed):
    with pytest.raises(ValidationError):
        validation.clean_uk_phone(typed)


def test_only_mobiles_can_get_text_messages():
    assert validation.is_uk_mobile("07700900123")
    assert not validation.is_uk_mobile("01634555555")
    assert not validation.is_uk_mobile("")


def test_a_date_of_birth_today_is_allowed_and_tomorrow_is_not():
    today = date(2026, 3, 10)
    assert validation.parse_date_of_birth("10", "3", "2026", today) == today
    assert isinstance(validation.parse_date_of_birth("11", "3", "2026", today), DateProblem)


def test_a_two_digit_year_is_refused():
    problem = validation.parse_date_of_birth("1", "1", "80", date(2026, 1, 1))
    assert problem == DateProblem("Year must include 4 numbers", ("year",))
