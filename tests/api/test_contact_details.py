"""Patient.telecom and Patient.address: the same contact rules as the web journey.

A landline is enough for phone calls, texts need a mobile, and the hub needs a postcode and
at least one way to contact the patient.
"""

import pytest

from healthhub.consultations.models import ConsultationRequest
from healthhub.notifications.models import OutboxMessage

from .test_submission import issues

PATIENT = "QuestionnaireResponse.contained.ofType(Patient)"


def _patient(resource) -> dict:
    return resource["contained"][0]


def test_a_landline_is_accepted_for_phone_calls_and_gets_no_text(
    world, clients, qr, django_capture_on_commit_callbacks
):
    resource = qr()
    _patient(resource)["telecom"] = [{"system": "phone", "value": "+44 1634 555555", "use": "home"}]
    with django_capture_on_commit_callbacks(execute=True):
        response = clients.hub.submit(resource)
    assert response.status_code == 201, response.json()
    request = ConsultationRequest.objects.get()
    assert request.patient.mobile == "01634555555"
    assert request.contact_by_phone
    assert not OutboxMessage.objects.filter(channel="sms").exists()


def test_a_mobile_is_kept_over_a_landline_so_the_patient_can_get_texts(world, clients, qr):
    resource = qr()
    _patient(resource)["telecom"] = [
        {"system": "phone", "value": "01634 555555", "use": "home"},
        {"system": "phone", "value": "07700 900123", "use": "mobile"},
    ]
    assert clients.hub.submit(resource).status_code == 201
    assert ConsultationRequest.objects.get().patient.mobile == "07700900123"


@pytest.mark.parametrize(
    "telecom",
    [None, [], [{"system": "phone", "value": " "}]],
    ids=["no telecom", "empty telecom", "blank value"],
)
def test_a_patient_with_no_way_to_contact_them_is_refused(world, clients, qr, telecom):
    resource = qr()
    _patient(resource).pop("telecom")
    if telecom is not None:
        _patient(resource)["telecom"] = telecom
    response = clients.hub.submit(resource)
    assert response.status_code == 400
    [issue] = issues(response)
    assert (issue["code"], issue["expression"]) == ("required", [f"{PATIENT}.telecom"])
    assert "way to contact the patient" in issue["diagnostics"]
    assert not ConsultationRequest.objects.exists()


@pytest.mark.parametrize("address", [None, [{"city": "Rochester"}]], ids=["no address", "no postalCode"])
def test_a_patient_with_no_postcode_is_refused(world, clients, qr, address):
    resource = qr()
    _patient(resource).pop("address")
    if address is not None:
        _patient(resource)["address"] = address
    response = clients.hub.submit(resource)
    assert response.status_code == 400
    [issue] = issues(response)
    assert (issue["code"], issue["expression"]) == ("required", [f"{PATIENT}.address"])
    assert "postcode" in issue["diagnostics"]
    assert not ConsultationRequest.objects.exists()


def test_missing_contact_and_postcode_are_reported_together_with_other_problems(world, clients, qr):
    resource = qr()
    for part in ("telecom", "address", "birthDate"):
        _patient(resource).pop(part)
    response = clients.hub.submit(resource)
    assert response.status_code == 400
    expressions = {issue["expression"][0]: issue["code"] for issue in issues(response)}
    assert expressions == {
        f"{PATIENT}.telecom": "required",
        f"{PATIENT}.address": "required",
        f"{PATIENT}.birthDate": "required",
    }
