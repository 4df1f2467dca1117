"""CapabilityStatement and Questionnaires: valid FHIR, and the same questions the website asks."""

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.capabilitystatement import CapabilityStatement
from fhir.resources.R4B.questionnaire import Questionnaire

from healthhub.consultations.questionnaires import ADMIN, MEDICAL, QUESTIONNAIRE_VERSION


def test_the_capability_statement_is_valid_and_lists_what_is_served(clients):
    response = clients.anonymous.get("metadata")
    assert response["Content-Type"] == "application/fhir+json; charset=utf-8"
    statement = CapabilityStatement.model_validate(response.json())
    assert statement.fhirVersion == "4.0.1"
    assert statement.implementation.url == "http://testserver/fhir/r4/"
    served = {resource.type: {i.code for i in resource.interaction} for resource in statement.rest[0].resource}
    assert served == {
        "Questionnaire": {"read", "search-type"},
        "QuestionnaireResponse": {"create", "read"},
        "Task": {"read", "search-type"},
        "EpisodeOfCare": {"create", "read"},
        "Goal": {"create", "read"},
        "Observation": {"create", "read", "search-type"},
    }
    assert {interaction.code for interaction in statement.rest[0].interaction} == {"transaction", "batch"}
    task = next(resource for resource in statement.rest[0].resource if resource.type == "Task")
    assert {"status", "owner", "patient"} <= {param.name for param in task.searchParam}


def _by_id(bundle: dict) -> dict:
    return {entry["resource"]["id"]: entry["resource"] for entry in bundle["entry"]}


def test_the_questionnaire_search_returns_both_intake_questionnaires(clients):
    body = clients.hub.get("Questionnaire").json()
    Bundle.model_validate(body)
    assert body["type"] == "searchset" and body["total"] == 2
    assert set(_by_id(body)) == {"medical-request", "admin-request"}
    assert body["entry"][0]["fullUrl"].startswith("http://testserver/fhir/r4/Questionnaire/")


@pytest.mark.parametrize("definition", [MEDICAL, ADMIN], ids=["medical", "admin"])
def test_each_questionnaire_asks_exactly_what_the_web_journey_asks(clients, definition):
    response = clients.hub.get(f"Questionnaire/{definition.slug}")
    assert response.status_code == 200
    resource = response.json()
    Questionnaire.model_validate(resource)
    assert resource["url"] == definition.url
    assert resource["version"] == QUESTIONNAIRE_VERSION
    assert resource["title"] == definition.title
    items = [item for item in resource["item"] if item["linkId"] != "emergency-screen"]  # the screen: test_emergency_screen
    assert [item["linkId"] for item in items] == [question.link_id for question in definition.questions]
    for item, question in zip(items, definition.questions, strict=True):
        assert item["text"] == question.text
        assert item["required"] is question.required
        assert item["type"] == question.kind
        codes = [option["valueCoding"]["code"] for option in item.get("answerOption", [])]
        assert codes == [option.code for option in question.options]
        labels = [option["valueCoding"]["display"] for option in item.get("answerOption", [])]
        assert labels == [option.label for option in question.options]
        assert item.get("maxLength", 0) == question.max_length
        hints = [child["text"] for child in item.get("item", []) if child["type"] == "display"]
        assert hints == ([question.hint] if question.hint else [])


def test_the_questionnaire_search_filters_by_canonical_url(clients):
    body = clients.hub.get("Questionnaire", {"url": ADMIN.url}).json()
    assert list(_by_id(body)) == ["admin-request"]


def test_an_unknown_questionnaire_is_a_404_operation_outcome(clients):
    response = clients.hub.get("Questionnaire/travel-vaccines")
    assert response.status_code == 404
    assert response.json()["issue"][0]["code"] == "not-found"


def test_the_openapi_schema_is_generated_without_a_token(clients):
    response = clients.anonymous.get("openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/fhir/r4/metadata", "/fhir/r4/QuestionnaireResponse", "/fhir/r4/Task", "/fhir/r4/Task/{task_id}"} <= set(paths)
    assert "requestBody" in paths["/fhir/r4/QuestionnaireResponse"]["post"]
