"""Bearer tokens: who may call the API, and whose data each client sees."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from healthhub.api.models import ApiClient, hash_token
from healthhub.consultations.models import ConsultationRequest
from healthhub.organisations.models import Practice
from tests import factories

from .conftest import FhirClient


def assert_unauthorised(response, invalid_token: bool):
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/fhir+json")
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert ('error="invalid_token"' in response["WWW-Authenticate"]) is invalid_token
    body = response.json()
    assert body["resourceType"] == "OperationOutcome"
    assert body["issue"][0]["code"] == "login"


@pytest.mark.parametrize("path", ["Questionnaire", "Task", "Task/ABCD-EFGH", "QuestionnaireResponse/ABCD-EFGH"])
def test_a_request_without_a_token_is_refused_with_a_bearer_challenge(clients, path):
    assert_unauthorised(clients.anonymous.get(path), invalid_token=False)


def test_a_submission_without_a_token_is_refused_and_makes_nothing(clients, qr):
    assert_unauthorised(clients.anonymous.submit(qr()), invalid_token=False)
    assert not ConsultationRequest.objects.exists()


@pytest.mark.parametrize(
    "authorization",
    [
        "Bearer not-a-real-token-but-the-right-shape",
        "Bearer ",
        "Basic dXNlcjpwYXNz",
        "Bearer \u00e9\u00e9\u00e9",
        "Bearer " + "a" * 500,
    ],
)
def test_a_wrong_token_is_refused(clients, authorization):
    response = clients.anonymous.get("Task", headers={"Authorization": authorization})
    assert_unauthorised(response, invalid_token=True)


def test_the_capability_statement_needs_no_token(clients):
    response = clients.anonymous.get("metadata")
    assert response.status_code == 200
    assert response.json()["resourceType"] == "CapabilityStatement"


def test_a_revoked_client_is_refused_at_once_even_after_its_token_was_cached(clients):
    assert clients.hub.get("Task").status_code == 200  # the lookup is now cached
    clients.hub_model.revoke()
    assert_unauthorised(clients.hub.get("Task"), invalid_token=True)


def test_tokens_are_stored_only_as_hashes(clients):
    stored = ApiClient.objects.get(name="Hub app")
    assert stored.token_hash == hash_token(clients.hub.token)
    assert clients.hub.token not in stored.token_hash


def test_create_api_client_prints_a_working_token_once(world, client):
    out = StringIO()
    call_command("create_api_client", "NHS App (Medway)", "--organisation", "g82106", stdout=out)
    token = out.getvalue().strip().splitlines()[-1]
    registered = ApiClient.objects.get(name="NHS App (Medway)")
    assert registered.organisation_ods_code == "G82106"
    assert registered.token_hash == hash_token(token)
    assert FhirClient(client, token).get("Task").status_code == 200


def test_create_api_client_refuses_an_unknown_organisation_and_a_duplicate_name(world):
    with pytest.raises(CommandError, match="No hub or practice"):
        call_command("create_api_client", "Somebody", "--organisation", "XXXXX", stdout=StringIO())
    call_command("create_api_client", "Twice", "--organisation", world.hub.ods_code, stdout=StringIO())
    with pytest.raises(CommandError, match="already exists"):
        call_command("create_api_client", "Twice", "--organisation", world.hub.ods_code, stdout=StringIO())
    assert ApiClient.objects.filter(name="Twice").count() == 1


def test_revoke_api_client_command_stops_the_token(clients):
    assert clients.practice_a.get("Task").status_code == 200
    call_command("revoke_api_client", "Practice A system", stdout=StringIO())
    assert clients.practice_a.get("Task").status_code == 401


def test_a_client_whose_organisation_has_gone_sees_nothing(world, client):
    orphan = Practice.objects.create(ods_code="G99999", name="CLOSED SURGERY", postcode="ME1 1AA")
    _, token = ApiClient.issue("Closed surgery system", orphan.ods_code)
    orphan.delete()
    assert FhirClient(client, token).get("Task").status_code == 401


def test_a_practice_client_sees_only_its_own_practice(world, clients):
    own = factories.submit(world.practice_a)
    other = factories.submit(world.practice_b)
    assert clients.practice_a.get(f"Task/{own.reference}").status_code == 200
    for path in (f"Task/{other.reference}", f"QuestionnaireResponse/{other.reference}"):
        response = clients.practice_a.get(path)
        assert response.status_code == 404
        assert response.json()["resourceType"] == "OperationOutcome"
    found = clients.practice_a.get("Task").json()
    assert [entry["resource"]["id"] for entry in found["entry"]] == [own.reference]


def test_a_hub_client_sees_the_practices_it_serves_but_not_others(world, clients):
    other_hub = factories.make_hub("OTHER1", "Another hub")
    elsewhere = factories.make_practice("G88888", "ELSEWHERE SURGERY", hub=other_hub)
    ours = [factories.submit(world.practice_a), factories.submit(world.practice_b)]
    theirs = factories.submit(elsewhere)
    found = {entry["resource"]["id"] for entry in clients.hub.get("Task").json()["entry"]}
    assert found == {request.reference for request in ours}
    assert clients.hub.get(f"Task/{theirs.reference}").status_code == 404


def test_a_practice_client_may_not_submit_for_another_practice(world, clients, qr):
    response = clients.practice_a.submit(qr(practice_ods=world.practice_b.ods_code))
    assert response.status_code == 403
    assert response.json()["issue"][0]["code"] == "forbidden"
    assert not world.practice_b.requests.exists()
