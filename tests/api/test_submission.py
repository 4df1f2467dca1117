"""POST QuestionnaireResponse: a submission becomes a request, tracked by a Task."""

from datetime import datetime

import pytest
import time_machine
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from fhir.resources.R4B.task import Task

from healthhub.api.models import ApiClient
from healthhub.clinical.deadlines import LONDON, response_deadline
from healthhub.consultations import services
from healthhub.consultations.models import ConsultationRequest
from healthhub.consultations.questionnaires import ADMIN
from healthhub.core.models import AuditEvent
from healthhub.notifications.models import OutboxMessage
from healthhub.organisations.models import IntakeStatus
from tests import factories

from .conftest import NHS_SYSTEM, FhirClient

MONDAY_MORNING = datetime(2025, 1, 6, 10, 0, tzinfo=LONDON)


def issues(response) -> list[dict]:
    body = response.json()
    assert body["resourceType"] == "OperationOutcome"
    return body["issue"]


def test_a_submission_round_trip_creates_the_request_and_a_task(world, clients, qr):
    with time_machine.travel(MONDAY_MORNING, tick=False):
        response = clients.hub.submit(qr())
        assert response.status_code == 201
        request = ConsultationRequest.objects.get()
        assert response["Location"] == f"http://testserver/fhir/r4/Task/{request.reference}"
        assert response["Content-Location"] == f"http://testserver/fhir/r4/QuestionnaireResponse/{request.reference}"
        created = QuestionnaireResponse.model_validate(response.json())
        assert created.id == request.reference

        task = clients.hub.client.get(response["Location"], headers={"Authorization": f"Bearer {clients.hub.token}"}).json()

    Task.model_validate(task)
    assert task["id"] == request.reference
    assert task["identifier"][0]["value"] == request.reference
    assert task["status"] == "requested"
    assert task["intent"] == "order"
    assert task["focus"] == {"reference": f"QuestionnaireResponse/{request.reference}"}
    assert task["for"]["identifier"] == {"system": NHS_SYSTEM, "value": "9434765919"}
    assert task["owner"]["identifier"]["value"] == world.hub.ods_code
    assert "businessStatus" not in task
    deadline = response_deadline(MONDAY_MORNING, services.deadline_rule())
    assert datetime.fromisoformat(task["restriction"]["period"]["end"]) == deadline
    assert deadline == datetime(2025, 1, 7, 18, 30, tzinfo=LONDON)  # one working day: Tuesday, end of core hours
    assert datetime.fromisoformat(task["authoredOn"]) == MONDAY_MORNING
    assert datetime.fromisoformat(task["lastModified"]) == MONDAY_MORNING

    assert request.practice == world.practice_a
    assert request.channel == "api"
    assert (request.request_type, request.category) == ("medical", "clinical")
    assert request.answers == {"topic": "new-problem", "description": "Cough for a week", "duration": "days"}
    assert request.summary.startswith("A new symptom or health problem: Cough")
    assert (request.patient.nhs_number, request.patient.mobile, request.patient.postcode) == (
        "9434765919",
        "07700900123",
        "ME2 1NP",
    )
    assert request.contact_by_sms and request.contact_by_email
    submitted = AuditEvent.objects.get(action="request.submit")
    assert submitted.actor_label == "API client Hub app (MSHUB1)" and submitted.actor is None
    assert AuditEvent.objects.filter(action="fhir.task.read", object_id=str(request.pk)).count() == 1


def test_the_stored_questionnaire_response_reads_back_with_the_same_answers(world, clients, qr):
    reference = clients.hub.submit(qr()).json()["id"]
    body = clients.hub.get(f"QuestionnaireResponse/{reference}").json()
    QuestionnaireResponse.model_validate(body)
    answers = {item["linkId"]: item["answer"][0] for item in body["item"]}
    assert answers["topic"]["valueCoding"]["code"] == "new-problem"
    assert answers["description"] == {"valueString": "Cough for a week"}
    patient = body["contained"][0]
    assert patient["identifier"][0]["value"] == "9434765919"
    assert patient["generalPractitioner"][0]["identifier"]["value"] == "G82106"
    assert AuditEvent.objects.filter(action="fhir.questionnaire_response.read").count() == 1


def test_an_admin_request_uses_the_admin_questionnaire(world, clients, qr):
    assert clients.hub.submit(qr(questionnaire=ADMIN)).status_code == 201
    request = ConsultationRequest.objects.get()
    assert (request.request_type, request.category) == ("admin", "administration")


def test_the_patient_gets_a_confirmation_text_after_commit(world, clients, qr, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reference = clients.hub.submit(qr()).json()["id"]
    texts = OutboxMessage.objects.filter(channel="sms", recipient="07700900123")
    assert texts.count() == 1 and reference in texts.get().body
    assert "9434765919" not in texts.get().reference and "Smith" not in texts.get().reference


def test_a_retry_with_the_same_idempotency_key_returns_the_same_request(world, clients, qr):
    first = clients.hub.post("QuestionnaireResponse", qr(), headers={"Idempotency-Key": "retry-1"})
    again = clients.hub.post("QuestionnaireResponse", qr(), headers={"Idempotency-Key": "retry-1"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert again["Location"] == first["Location"]
    assert again.json()["id"] == first.json()["id"]
    assert ConsultationRequest.objects.count() == 1
    other = clients.hub.post("QuestionnaireResponse", qr(), headers={"Idempotency-Key": "retry-2"})
    assert other.status_code == 201 and ConsultationRequest.objects.count() == 2


def test_a_retry_changes_nothing_about_the_patient(world, clients, qr):
    first = clients.hub.post("QuestionnaireResponse", qr(), headers={"Idempotency-Key": "retry-1"})
    resource = qr()
    resource["contained"][0]["telecom"] = [{"system": "email", "value": "someone.else@example.com"}]
    again = clients.hub.post("QuestionnaireResponse", resource, headers={"Idempotency-Key": "retry-1"})
    assert (first.status_code, again.status_code) == (201, 200)
    patient = ConsultationRequest.objects.get().patient
    assert (patient.mobile, patient.email) == ("07700900123", "alex@example.com")
    assert OutboxMessage.objects.filter(recipient="someone.else@example.com").count() == 0


def test_a_retry_after_intake_paused_gets_the_request_made_before(world, clients, qr):
    first = clients.hub.post("QuestionnaireResponse", qr(), headers={"Idempotency-Key": "retry-1"})
    IntakeStatus.objects.create(practice=world.practice_a, medical_paused=True, message="Call us after 2pm.")
    again = clients.hub.post("QuestionnaireResponse", qr(), headers={"Idempotency-Key": "retry-1"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert clients.hub.post("QuestionnaireResponse", qr(), headers={"Idempotency-Key": "new"}).status_code == 422


def test_the_resource_identifier_also_makes_a_retry_safe(world, clients, qr):
    resource = qr()
    resource["identifier"] = {"system": "https://app.example/submissions", "value": "f81d4fae-7dec-11d0-a765-00a0c91e6bf6"}
    assert clients.hub.submit(resource).status_code == 201
    assert clients.hub.submit(resource).status_code == 200
    assert ConsultationRequest.objects.count() == 1


def test_without_a_key_every_post_is_a_new_request(world, clients, qr):
    assert [clients.hub.submit(qr()).status_code for _ in range(2)] == [201, 201]
    assert ConsultationRequest.objects.count() == 2


def test_two_clients_choosing_the_same_key_do_not_collide(world, clients, qr):
    headers = {"Idempotency-Key": "same"}
    assert clients.hub.post("QuestionnaireResponse", qr(), headers=headers).status_code == 201
    assert clients.practice_a.post("QuestionnaireResponse", qr(), headers=headers).status_code == 201
    assert ConsultationRequest.objects.count() == 2


def test_prefer_return_minimal_sends_no_body(world, clients, qr):
    response = clients.hub.post("QuestionnaireResponse", qr(), headers={"Prefer": "return=minimal"})
    assert response.status_code == 201 and response.content == b"" and response["Location"]


@pytest.mark.parametrize("nhs_number", ["9434765918", "12345", "943476591X"])
def test_an_invalid_nhs_number_is_refused_and_nothing_is_created(world, clients, qr, nhs_number):
    response = clients.hub.submit(qr(nhs_number=nhs_number))
    assert response.status_code == 400
    [issue] = issues(response)
    assert "NHS number" in issue["diagnostics"]
    assert issue["expression"] == ["QuestionnaireResponse.contained.ofType(Patient).identifier"]
    assert not ConsultationRequest.objects.exists()


def test_the_nhs_number_is_optional(world, clients, qr):
    assert clients.hub.submit(qr(nhs_number=None)).status_code == 201
    assert ConsultationRequest.objects.get().patient.nhs_number == ""


@pytest.mark.parametrize(
    ("answers", "link_id", "words"),
    [
        (
            [
                ("topic", {"valueCoding": {"code": "holiday"}}),
                ("description", {"valueString": "x"}),
                ("duration", {"valueCoding": {"code": "days"}}),
            ],
            "topic",
            "Select one of the options",
        ),
        (
            [("topic", {"valueCoding": {"code": "new-problem"}}), ("description", {"valueString": "x"})],
            "duration",
            "Select how long",
        ),
        (
            [
                ("topic", {"valueCoding": {"code": "new-problem"}}),
                ("description", {"valueString": "x"}),
                ("duration", {"valueCoding": {"code": "days"}}),
                ("favourite-colour", {"valueString": "blue"}),
            ],
            "favourite-colour",
            "not a question",
        ),
        (
            [
                ("topic", {"valueString": "new-problem"}),
                ("description", {"valueString": "x"}),
                ("duration", {"valueCoding": {"code": "days"}}),
            ],
            "topic",
            "valueCoding",
        ),
        (
            [
                ("topic", {"valueCoding": {"code": "new-problem"}}),
                ("description", {"valueString": "x" * 2001}),
                ("duration", {"valueCoding": {"code": "days"}}),
            ],
            "description",
            "2000 characters",
        ),
        (
            [
                ("topic", {"valueCoding": {"system": "http://snomed.info/sct", "code": "new-problem"}}),
                ("description", {"valueString": "x"}),
                ("duration", {"valueCoding": {"code": "days"}}),
            ],
            "topic",
            "unknown code system",
        ),
    ],
    ids=["unknown-option", "missing-required", "unknown-question", "wrong-type", "too-long", "foreign-system"],
)
def test_answers_that_do_not_fit_the_questionnaire_are_refused(world, clients, qr, answers, link_id, words):
    response = clients.hub.submit(qr(answers=answers))
    assert response.status_code == 400
    [issue] = issues(response)
    assert words in issue["diagnostics"]
    assert issue["expression"] == [f"QuestionnaireResponse.item.where(linkId='{link_id}')"]
    assert not ConsultationRequest.objects.exists()


def test_every_problem_is_reported_together(world, clients, qr):
    resource = qr(nhs_number="9434765918", answers=[("topic", {"valueCoding": {"code": "holiday"}})])
    expressions = {issue["expression"][0] for issue in issues(clients.hub.submit(resource))}
    assert expressions == {
        "QuestionnaireResponse.item.where(linkId='topic')",
        "QuestionnaireResponse.item.where(linkId='description')",
        "QuestionnaireResponse.item.where(linkId='duration')",
        "QuestionnaireResponse.contained.ofType(Patient).identifier",
    }


def _patient(resource):
    return resource["contained"][0]


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda r: r.pop("contained"), "contained Patient"),
        (lambda r: _patient(r).pop("generalPractitioner"), "generalPractitioner"),
        (lambda r: _patient(r).update(birthDate="1980"), "full date of birth"),
        (lambda r: _patient(r).update(birthDate="2999-01-01"), "in the past"),
        (lambda r: _patient(r).update(name=[{"family": "Smith"}]), "given name"),
        (lambda r: _patient(r).update(telecom=[{"system": "sms", "value": "01634 222333"}]), "UK mobile"),
        (lambda r: _patient(r).update(telecom=[{"system": "phone", "value": "0800 123 4567"}]), "UK phone number"),
        (lambda r: _patient(r).update(telecom=[{"system": "email", "value": "not-an-email"}]), "email"),
        (lambda r: _patient(r).update(telecom=[{"system": "fax", "value": "01634 222333"}]), "not offered"),
        (lambda r: _patient(r).update(address=[{"postalCode": "NOWHERE"}]), "postcode"),
        (lambda r: r.update(status="in-progress"), "completed"),
        (
            lambda r: r.update(questionnaire="https://healthhub.example.nhs.uk/fhir/Questionnaire/medical-request|2019.1"),
            "version",
        ),
        (lambda r: r.update(questionnaire="https://example.org/Questionnaire/other"), "not one of the questionnaires"),
        (lambda r: r.update(subject={"reference": "Patient/123"}), "contained Patient"),
    ],
)
def test_a_resource_with_bad_patient_or_questionnaire_details_is_refused(world, clients, qr, change, words):
    resource = qr()
    change(resource)
    response = clients.hub.submit(resource)
    assert response.status_code == 400
    assert any(words in issue["diagnostics"] for issue in issues(response)), issues(response)
    assert not ConsultationRequest.objects.exists()


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("{not json", "structure"),
        ("[]", "structure"),
        ('{"resourceType": "Patient"}', "structure"),
        ('{"resourceType": "QuestionnaireResponse", "status": "completed", "surprise": 1}', "structure"),
        (
            '{"resourceType": "QuestionnaireResponse", "status": "completed", "contained": [{"resourceType": "Nope"}]}',
            "structure",
        ),
        (b"\xff\xfe\x00", "structure"),
    ],
)
def test_a_body_that_is_not_a_questionnaire_response_is_a_400(world, clients, body, code):
    response = clients.hub.post("QuestionnaireResponse", body)
    assert response.status_code == 400
    assert issues(response)[0]["code"] == code


@pytest.mark.parametrize(
    "body",
    [
        '{"resourceType": "QuestionnaireResponse", "status": "completed", "text": {"div": "\\u0000"}}',
        '{"resourceType": "QuestionnaireResponse", "status": "completed", "language": "\\ud800"}',
        b'{"resourceType": "QuestionnaireResponse", "language": "\xed\xa0\x80"}',
    ],
    ids=["escaped-nul", "escaped-lone-surrogate", "encoded-lone-surrogate"],
)
def test_text_no_database_can_store_is_refused_before_it_gets_there(world, clients, body):
    response = clients.hub.post("QuestionnaireResponse", body)
    assert response.status_code == 400
    assert issues(response)[0]["code"] in {"value", "structure"}


def test_a_nul_in_a_patient_name_is_a_400_not_a_database_error(world, clients, qr):
    resource = qr()
    resource["contained"][0]["name"][0]["family"] = "Smi\x00th"
    assert clients.hub.submit(resource).status_code == 400
    assert not ConsultationRequest.objects.exists()


def test_a_body_over_the_size_limit_is_a_413(world, clients, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = clients.hub.post("QuestionnaireResponse", '{"resourceType": "QuestionnaireResponse", "x": "' + "a" * 2000 + '"}')
    assert response.status_code == 413
    assert issues(response)[0]["code"] == "too-costly"


def test_a_body_that_is_not_json_is_a_415(world, clients, qr):
    response = clients.hub.post("QuestionnaireResponse", "a=b", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415
    assert clients.hub.post("QuestionnaireResponse", qr(), content_type="application/json; charset=utf-8").status_code == 201


def test_a_practice_the_hub_does_not_serve_is_a_422(world, clients, qr):
    response = clients.hub.submit(qr(practice_ods=world.unserved.ods_code))
    assert response.status_code == 422
    [issue] = issues(response)
    assert issue["code"] == "business-rule"
    assert "does not take online consultations" in issue["diagnostics"] and "G82002" in issue["diagnostics"]
    assert not ConsultationRequest.objects.exists()


def test_an_unknown_practice_and_another_hubs_practice_are_422(world, clients, qr):
    elsewhere = factories.make_practice("G88888", "ELSEWHERE SURGERY", hub=factories.make_hub("OTHER1", "Another hub"))
    assert "No GP practice" in issues(clients.hub.submit(qr(practice_ods="Y99999")))[0]["diagnostics"]
    assert clients.hub.submit(qr(practice_ods=elsewhere.ods_code)).status_code == 422
    assert not ConsultationRequest.objects.exists()


def test_a_practice_client_of_an_unserved_practice_gets_a_422(world, client, qr):
    _, token = ApiClient.issue("Unserved system", world.unserved.ods_code)
    assert FhirClient(client, token).submit(qr(practice_ods=world.unserved.ods_code)).status_code == 422


def test_paused_medical_intake_refuses_medical_requests_with_the_message_but_admin_stays_open(world, clients, qr):
    IntakeStatus.objects.create(practice=world.practice_a, medical_paused=True, message="Call us after 2pm.")
    response = clients.hub.submit(qr())
    assert response.status_code == 422
    assert "not taking medical requests online" in issues(response)[0]["diagnostics"]
    assert "Call us after 2pm." in issues(response)[0]["diagnostics"]
    assert clients.hub.submit(qr(questionnaire=ADMIN)).status_code == 201
    assert list(ConsultationRequest.objects.values_list("request_type", flat=True)) == ["admin"]


def test_every_problem_with_the_patient_is_reported_together(world, clients, qr):
    resource = qr(nhs_number="9434765918")
    resource["contained"][0]["birthDate"] = "2999-01-01"
    resource["contained"][0]["telecom"] = [{"system": "phone", "value": "0800 123 4567"}]
    expressions = [issue["expression"][0].rsplit(".", 1)[-1] for issue in issues(clients.hub.submit(resource))]
    assert sorted(expressions) == ["birthDate", "identifier", "telecom"]
