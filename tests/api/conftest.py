"""FHIR API fixtures: registered clients for the hub and for practice A, and a valid submission."""

import json
from types import SimpleNamespace

import pytest

from healthhub.api.models import ApiClient
from healthhub.api.questionnaire_resources import canonical
from healthhub.consultations.questionnaires import MEDICAL

BASE = "/fhir/r4/"
NHS_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number"
ODS_SYSTEM = "https://fhir.nhs.uk/Id/ods-organization-code"
VALID_NHS_NUMBER = "9434765919"
EMERGENCY_SCREEN = "emergency-screen"


def questionnaire_response(
    practice_ods="G82106", nhs_number=VALID_NHS_NUMBER, questionnaire=MEDICAL, answers=None, emergency_screen=False
) -> dict:
    """A valid medical-request submission for practice A, as an NHS App-style front end would send it.

    `answers` are the clinical answers; a medical request first answers the emergency screen
    (`emergency_screen`: False for "no", True for "yes", None to leave it out).
    """
    if answers is None:
        answers = (
            [
                ("topic", {"valueCoding": {"code": "new-problem"}}),
                ("description", {"valueString": "Cough for a week"}),
                ("duration", {"valueCoding": {"code": "days"}}),
            ]
            if questionnaire is MEDICAL
            else [("topic", {"valueCoding": {"code": "fit-note"}}), ("description", {"valueString": "Fit note for 1 to 5 May"})]
        )
    patient = {
        "resourceType": "Patient",
        "id": "patient",
        "name": [{"use": "official", "given": ["Alex"], "family": "Smith"}],
        "birthDate": "1980-05-17",
        "telecom": [
            {"system": "phone", "value": "07700 900123", "use": "mobile"},
            {"system": "email", "value": "alex@example.com"},
        ],
        "address": [{"postalCode": "ME2 1NP"}],
        "generalPractitioner": [{"identifier": {"system": ODS_SYSTEM, "value": practice_ods}}],
    }
    if questionnaire is MEDICAL and emergency_screen is not None:
        answers = [(EMERGENCY_SCREEN, {"valueBoolean": emergency_screen}), *answers]
    if nhs_number:
        patient["identifier"] = [{"system": NHS_SYSTEM, "value": nhs_number}]
    return {
        "resourceType": "QuestionnaireResponse",
        "contained": [patient],
        "questionnaire": canonical(questionnaire),
        "status": "completed",
        "subject": {"reference": "#patient"},
        "item": [{"linkId": link_id, "answer": [answer]} for link_id, answer in answers],
    }


class FhirClient:
    """The Django test client speaking FHIR JSON with a bearer token."""

    def __init__(self, client, token: str | None):
        self.client = client
        self.token = token

    def _headers(self, headers):
        headers = dict(headers or {})
        if self.token is not None:
            headers.setdefault("Authorization", f"Bearer {self.token}")
        return headers

    def get(self, path: str, params=None, headers=None):
        return self.client.get(BASE + path, params or {}, headers=self._headers(headers))

    def post(self, path: str, resource, headers=None, content_type="application/fhir+json"):
        body = resource if isinstance(resource, (str, bytes)) else json.dumps(resource)
        return self.client.post(BASE + path, body, content_type=content_type, headers=self._headers(headers))

    def submit(self, resource=None, **headers):
        return self.post("QuestionnaireResponse", resource or questionnaire_response(), headers=headers)


@pytest.fixture
def clients(world, client):
    """FHIR clients: the hub's, practice A's, one revoked, and one with no token."""
    hub_client, hub_token = ApiClient.issue("Hub app", world.hub.ods_code)
    practice_client, practice_token = ApiClient.issue("Practice A system", world.practice_a.ods_code)
    return SimpleNamespace(
        hub=FhirClient(client, hub_token),
        practice_a=FhirClient(client, practice_token),
        anonymous=FhirClient(client, None),
        hub_model=hub_client,
        practice_a_model=practice_client,
    )


@pytest.fixture
def qr():
    """qr(**changes) -> a fresh valid submission to change and send."""
    return questionnaire_response


@pytest.fixture
def enrolled(world):
    """enrolled(programme, nhs_number=..., born=...) -> an active enrolment at the test hub for a patient of practice A."""
    from datetime import date

    from healthhub.core.audit import Actor
    from healthhub.monitoring import services
    from healthhub.patients.models import Patient

    def _enrolled(programme="respiratory-adult", nhs_number=VALID_NHS_NUMBER, born=date(1950, 6, 1)):
        patient = Patient.objects.create(given_name="Sam", family_name="Taylor", date_of_birth=born, postcode="ME2 1NP",
                                         nhs_number=nhs_number, mobile="07700900123", practice=world.practice_a)
        return services.enrol(patient, programme, hub=world.hub, clinician=world.nurse, start_date=date(2026, 11, 2),
                              review_date=date(2026, 11, 16), actor=Actor.staff(world.nurse))

    return _enrolled


@pytest.fixture
def other_hub_client(world, client):
    """A FHIR client of another hub, which serves none of the test world's practices."""
    from tests import factories

    hub = factories.make_hub("OTHHUB", "Another Health Hub")
    _, token = ApiClient.issue("Other hub app", hub.ods_code)
    return FhirClient(client, token)
