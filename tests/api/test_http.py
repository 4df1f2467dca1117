"""HTTP behaviour: content negotiation, methods, unknown URLs; every error an OperationOutcome."""

import pytest
from fhir.resources.R4B.operationoutcome import OperationOutcome


def assert_outcome(response, status: int, code: str):
    assert response.status_code == status
    assert response["Content-Type"] == "application/fhir+json; charset=utf-8"
    outcome = OperationOutcome.model_validate(response.json())
    assert outcome.issue[0].code == code
    return outcome


def test_an_unsupported_method_is_a_405_with_allow(clients):
    response = clients.hub.post("metadata", {})
    assert_outcome(response, 405, "not-supported")
    assert response["Allow"] == "GET"
    assert_outcome(clients.hub.client.delete("/fhir/r4/Task/ABCD-EFGH"), 405, "not-supported")


@pytest.mark.parametrize("accept", ["application/fhir+xml", "text/html", "application/json;q=0"])
def test_asking_for_anything_but_json_is_a_406(clients, accept):
    assert_outcome(clients.hub.get("metadata", headers={"Accept": accept}), 406, "not-supported")


@pytest.mark.parametrize(
    "accept",
    [
        "application/fhir+json",
        "application/json",
        "*/*",
        "text/html,application/xhtml+xml,*/*;q=0.8",
        "application/fhir+json; fhirVersion=4.0",
    ],
)
def test_json_and_wildcards_are_acceptable(clients, accept):
    assert clients.hub.get("metadata", headers={"Accept": accept}).status_code == 200


def test_format_overrides_accept(clients):
    assert_outcome(clients.hub.get("metadata", {"_format": "xml"}), 406, "not-supported")
    assert clients.hub.get("metadata", {"_format": "json"}, headers={"Accept": "application/fhir+xml"}).status_code == 200


@pytest.mark.parametrize("path", ["Patient/123", "Task/ABCD-EFGH/_history/1", "metadata/", "", "Encounter"])
def test_unknown_urls_are_a_404_operation_outcome(clients, path):
    response = clients.hub.get(path)
    assert response.status_code == 404
    assert response.json()["resourceType"] == "OperationOutcome"


def test_the_documentation_page_needs_no_token(clients):
    response = clients.anonymous.get("docs")
    assert response.status_code == 200
    assert clients.hub.token not in response.content.decode()
