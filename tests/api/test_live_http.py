"""A FHIR round trip over real HTTP, as a front end would make it."""

import httpx
import pytest

from healthhub.api.models import ApiClient

from .conftest import questionnaire_response

pytestmark = pytest.mark.django_db(transaction=True)


def test_submit_then_follow_the_location_to_the_task_over_http(world, live_server):
    _, token = ApiClient.issue("Live app", world.hub.ods_code)
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/fhir+json"}
    with httpx.Client(base_url=f"{live_server.url}/fhir/r4/", headers=headers, timeout=10) as fhir:
        assert fhir.get("metadata").json()["resourceType"] == "CapabilityStatement"
        created = fhir.post(
            "QuestionnaireResponse",
            json=questionnaire_response(),
            headers={"Content-Type": "application/fhir+json", "Idempotency-Key": "live-1"},
        )
        assert created.status_code == 201
        task = fhir.get(created.headers["Location"]).json()
        assert task["resourceType"] == "Task" and task["status"] == "requested"
        assert task["focus"]["reference"] == f"QuestionnaireResponse/{created.json()['id']}"
        retry = fhir.post(
            "QuestionnaireResponse",
            json=questionnaire_response(),
            headers={"Content-Type": "application/fhir+json", "Idempotency-Key": "live-1"},
        )
        assert retry.status_code == 200 and retry.headers["Location"] == created.headers["Location"]
        search = fhir.get("Task", params={"patient.identifier": "https://fhir.nhs.uk/Id/nhs-number|9434765919"}).json()
        assert search["total"] == 1
        unauthorised = httpx.get(f"{live_server.url}/fhir/r4/Task", timeout=10)
        assert unauthorised.status_code == 401 and unauthorised.headers["WWW-Authenticate"].startswith("Bearer")
