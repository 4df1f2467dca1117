"""Enrolling a patient who has not sent the hub a request: their details, then the enrolment."""

from datetime import date
from html import unescape

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from healthhub.core.models import AuditEvent
from healthhub.monitoring.direct_enrolment_forms import DirectEnrolForm
from healthhub.monitoring.models import Enrolment
from healthhub.organisations.models import Practice
from healthhub.patients.models import Patient
from tests import factories

from .conftest import make_patient

URL = reverse("monitoring:enrol_new_patient")


def _posted(world, **overrides) -> dict:
    values = {
        "given_name": "Priya", "family_name": "Shah", "dob_day": "3", "dob_month": "7", "dob_year": "1961",
        "nhs_number": "943 476 5919", "postcode": "me2 1np", "mobile": "+44 7700 900 456", "practice": world.practice_b.pk,
        "programme": "hypertension", "clinician": world.gp.pk, "start_date": "2026-11-02", "review_date": "2026-11-16",
    }
    return values | overrides


def _text(response) -> str:
    return unescape(response.content.decode())


def _modulus_11_check_digit(nine_digits: str) -> int | None:
    """NHS Data Dictionary: weights 10 down to 2; 11 minus the remainder, 11 becoming 0 and 10 never valid."""
    remainder = sum(int(digit) * weight for digit, weight in zip(nine_digits, range(10, 1, -1), strict=True)) % 11
    check = 11 - remainder
    return 0 if check == 11 else None if check == 10 else check


def test_a_nurse_enrols_a_new_patient_with_the_details_and_practice_given(world, signed_in):
    response = signed_in(world.nurse).post(URL, _posted(world))
    enrolment = Enrolment.objects.select_related("patient").get()
    assert response["Location"] == reverse("monitoring:enrolment", args=[enrolment.pk])
    patient = enrolment.patient
    assert (patient.given_name, patient.family_name, patient.date_of_birth, patient.nhs_number, patient.postcode,
            patient.mobile, patient.practice) == ("Priya", "Shah", date(1961, 7, 3), "9434765919", "ME2 1NP", "07700900456",
                                                  world.practice_b)
    assert (enrolment.programme, enrolment.responsible_clinician, enrolment.source_request) == ("hypertension", world.gp, None)
    assert AuditEvent.objects.filter(action="monitoring.enrol", actor=world.nurse).exists()
    banner = _text(signed_in(world.nurse).get(response["Location"]))
    assert "Priya Shah is enrolled in Home blood pressure monitoring" in banner


def test_the_page_offers_only_the_practices_the_hub_serves(world, signed_in):
    page = _text(signed_in(world.hub_admin).get(URL))
    assert "Riverside Medical Practice (G82106)" in page and "Court View Surgery (G82203)" in page
    assert "G82002" not in page


def test_the_page_is_linked_from_enrolling_from_a_request(world, signed_in):
    assert f'href="{URL}"' in _text(signed_in(world.nurse).get(reverse("monitoring:enrol")))


def test_a_patient_with_the_same_nhs_number_birth_date_and_last_name_is_reused_not_duplicated(world, signed_in):
    existing = make_patient(world.practice_a, date(1961, 7, 3), given_name="Priya", family_name="Shah")
    signed_in(world.nurse).post(URL, _posted(world, family_name="SHAH"))
    assert Patient.objects.count() == 1
    assert Enrolment.objects.get().patient == existing
    existing.refresh_from_db()
    assert (existing.practice, existing.mobile) == (world.practice_b, "07700900456")


def test_a_different_last_name_with_the_same_nhs_number_makes_a_new_record(world, signed_in):
    make_patient(world.practice_a, date(1961, 7, 3), family_name="Jones")
    signed_in(world.nurse).post(URL, _posted(world))
    assert Patient.objects.count() == 2
    assert Enrolment.objects.get().patient.family_name == "Shah"


@pytest.mark.parametrize(("overrides", "message"), [
    ({"nhs_number": "943 476 5918"}, "Enter a valid NHS number: check the digits are right"),
    ({"dob_year": "2099"}, "Date of birth must be today or in the past"),
    ({"programme": ""}, "Choose a programme"),
    ({"postcode": "ME2"}, "Enter a full UK postcode, like LS1 4AP"),
    ({"mobile": "01632 960 001"}, "Enter a UK mobile number, like 07700 900 982 or +44 7700 900 982"),
    ({"given_name": ""}, "Enter the patient's first name"),
    ({"practice": ""}, "Select the patient's GP surgery"),
])
def test_bad_input_is_explained_in_the_error_summary_and_nothing_is_stored(world, signed_in, overrides, message):
    response = signed_in(world.nurse).post(URL, _posted(world, **overrides))
    page = _text(response)
    assert response.status_code == 200
    assert "There is a problem" in page and message in page
    assert not Patient.objects.exists() and not Enrolment.objects.exists()


def test_a_practice_of_another_hub_cannot_be_chosen(world, signed_in):
    elsewhere = factories.make_practice("Y01234", "ELSEWHERE SURGERY", hub=factories.make_hub("OTHER1", "Other Hub"))
    for practice in (elsewhere, world.unserved):
        page = _text(signed_in(world.nurse).post(URL, _posted(world, practice=practice.pk)))
        assert "There is a problem" in page and "Select the patient's GP surgery" in page
    assert not Patient.objects.exists() and not Enrolment.objects.exists()


def test_a_child_too_old_for_the_childrens_ward_is_refused_with_the_reason_and_no_record_is_left(world, signed_in):
    posted = _posted(world, dob_day="1", dob_month="9", dob_year="2015", programme="respiratory-child")
    page = _text(signed_in(world.nurse).post(URL, posted))
    assert "There is a problem" in page
    assert "Respiratory virtual ward: children is for people aged under 5; this patient is 11" in page
    assert not Patient.objects.exists() and not Enrolment.objects.exists()


def test_a_refused_enrolment_leaves_an_existing_patients_details_unchanged(world, signed_in, enrol):
    already = enrol(programme="hypertension", born=date(1961, 7, 3))
    patient = already.patient
    posted = _posted(world, given_name="Sam", family_name="Taylor", mobile="07700900999")
    page = _text(signed_in(world.nurse).post(URL, posted))
    assert "This patient is already enrolled in Home blood pressure monitoring" in page
    patient.refresh_from_db()
    assert (patient.mobile, patient.practice) == ("07700900123", world.practice_a)
    assert Enrolment.objects.count() == 1


def test_practice_staff_and_analysts_are_refused_and_nothing_is_stored(world, signed_in):
    for user in (world.practice_a_staff, world.icb_analyst):
        client = signed_in(user)
        assert client.get(URL).status_code == 403
        assert client.post(URL, _posted(world)).status_code == 403
    assert not Patient.objects.exists() and not Enrolment.objects.exists()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(digits=st.text(alphabet="0123456789", min_size=10, max_size=10))
def test_an_nhs_number_is_accepted_exactly_when_its_modulus_11_check_digit_matches(world, digits):
    form = DirectEnrolForm(_posted(world, nhs_number=digits), hub=world.hub, practices=Practice.objects.filter(hub=world.hub))
    expected_valid = _modulus_11_check_digit(digits[:9]) == int(digits[9])
    assert form.is_valid() is expected_valid
    if expected_valid:
        assert form.patient_details().nhs_number == digits
