"""The emergency screen in the FHIR medical Questionnaire: asked first, required, and a "yes" stops with 999 advice."""

import dataclasses
import json

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire

from healthhub.api import questionnaire_resources
from healthhub.consultations.intake import emergency
from healthhub.consultations.models import ConsultationRequest, StatusEvent
from healthhub.consultations.questionnaires import ADMIN, MEDICAL
from healthhub.core.models import AuditEvent
from healthhub.notifications.models import OutboxMessage
from healthhub.patients.models import Patient

from .conftest import EMERGENCY_SCREEN

SCREEN_EXPRESSION = f"QuestionnaireResponse.item.where(linkId='{EMERGENCY_SCREEN}')"
CLINICAL_ANSWERS = {"topic": "new-problem", "description": "Cough for a week", "duration": "days"}


def content_file() -> dict:
    return json.loads(emergency.CONTENT_FILE.read_text(encoding="utf-8"))


def screen_item(questionnaire: dict) -> dict:
    return questionnaire["item"][0]


def children(item: dict) -> dict:
    return {child["linkId"]: child for child in item["item"]}


def issues(response) -> list[dict]:
    body = response.json()
    assert body["resourceType"] == "OperationOutcome"
    return body["issue"]


def stored_rows() -> dict:
    return {
        "requests": ConsultationRequest.objects.count(),
        "patients": Patient.objects.count(),
        "status events": StatusEvent.objects.count(),
        "outbox messages": OutboxMessage.objects.count(),
        "submission audits": AuditEvent.objects.filter(action="request.submit").count(),
    }


NOTHING_STORED = dict.fromkeys(["requests", "patients", "status events", "outbox messages", "submission audits"], 0)


# The Questionnaire


def test_the_medical_questionnaire_starts_with_a_required_yes_no_emergency_screen(clients):
    resource = clients.hub.get(f"Questionnaire/{MEDICAL.slug}").json()
    Questionnaire.model_validate(resource)
    item = screen_item(resource)
    assert item["linkId"] == EMERGENCY_SCREEN
    assert (item["type"], item["required"], item["repeats"]) == ("boolean", True, False)
    assert item["text"].startswith("Does the person who needs help have any of these symptoms now?")
    assert "under 16" in item["text"]
    assert [entry["linkId"] for entry in resource["item"][1:]] == [question.link_id for question in MEDICAL.questions]


def test_the_screen_shows_the_adult_and_child_lists_from_the_clinical_content_file(clients):
    content = content_file()
    item = screen_item(clients.hub.get(f"Questionnaire/{MEDICAL.slug}").json())
    lists = children(item)
    for group in ("adult", "child"):
        shown = lists[f"{EMERGENCY_SCREEN}-{group}"]
        assert shown["type"] == "display"
        assert shown["text"].splitlines()[1:] == [f"- {symptom}" for symptom in content[group]]
        [xhtml] = shown["_text"]["extension"]
        assert xhtml["url"] == "http://hl7.org/fhir/StructureDefinition/rendering-xhtml"
        assert xhtml["valueString"].count("<li>") == len(content[group])
    assert lists[f"{EMERGENCY_SCREEN}-adult"]["text"].startswith("Adults and young people aged 16 or over")
    assert lists[f"{EMERGENCY_SCREEN}-child"]["text"].startswith("Children under 16")


def test_the_screen_carries_the_content_version_it_shows(clients):
    [code] = screen_item(clients.hub.get(f"Questionnaire/{MEDICAL.slug}").json())["code"]
    assert code["code"] == EMERGENCY_SCREEN
    assert code["version"] == content_file()["version"]


def test_the_questionnaire_follows_the_clinical_content_through_its_loader(clients, monkeypatch):
    changed = dataclasses.replace(emergency.screen(), version="test-2", adult=("a new adult symptom",), child_age_limit=18)
    monkeypatch.setattr(emergency, "screen", lambda: changed)
    questionnaire_resources.questionnaire_resource.cache_clear()
    try:
        item = screen_item(clients.hub.get(f"Questionnaire/{MEDICAL.slug}").json())
    finally:
        questionnaire_resources.questionnaire_resource.cache_clear()
    assert item["code"][0]["version"] == "test-2"
    assert (
        children(item)[f"{EMERGENCY_SCREEN}-adult"]["text"] == "Adults and young people aged 18 or over:\n- a new adult symptom"
    )


def test_the_screen_tells_a_front_end_what_to_show_on_a_yes(clients):
    stop = children(screen_item(clients.hub.get(f"Questionnaire/{MEDICAL.slug}").json()))[f"{EMERGENCY_SCREEN}-stop"]
    assert stop["type"] == "display"
    assert stop["enableWhen"] == [{"question": EMERGENCY_SCREEN, "operator": "=", "answerBoolean": True}]
    assert stop["text"].startswith("Call 999 or go to A&E now.")
    assert content_file()["urgent_advice"] in stop["text"]


def test_the_admin_questionnaire_has_no_emergency_screen(clients):
    resource = clients.hub.get(f"Questionnaire/{ADMIN.slug}").json()
    assert [item["linkId"] for item in resource["item"]] == [question.link_id for question in ADMIN.questions]
    assert "emergency" not in json.dumps(resource)


# Submissions


def test_a_no_is_submitted_and_kept_apart_from_the_clinical_answers(world, clients, qr):
    response = clients.hub.submit(qr(emergency_screen=False))
    assert response.status_code == 201
    request = ConsultationRequest.objects.get()
    assert request.answers == CLINICAL_ANSWERS
    assert request.intake_record["emergency_screen"] == {"version": content_file()["version"], "list": "adult+child"}
    read_back = {item["linkId"] for item in response.json()["item"]}
    assert read_back == set(CLINICAL_ANSWERS)


def test_a_medical_submission_without_the_screen_is_a_400_naming_it(world, clients, qr):
    response = clients.hub.submit(qr(emergency_screen=None))
    assert response.status_code == 400
    [issue] = issues(response)
    assert issue["code"] == "required"
    assert issue["expression"] == [SCREEN_EXPRESSION]
    assert EMERGENCY_SCREEN in issue["diagnostics"]
    assert stored_rows() == NOTHING_STORED


def test_an_unanswered_screen_is_reported_with_every_other_problem(world, clients, qr):
    resource = qr(nhs_number="9434765918")
    resource["item"][0].pop("answer")
    expressions = {issue["expression"][0] for issue in issues(clients.hub.submit(resource))}
    assert expressions == {SCREEN_EXPRESSION, "QuestionnaireResponse.contained.ofType(Patient).identifier"}


@pytest.mark.parametrize(
    ("screen", "code"),
    [
        ({"linkId": EMERGENCY_SCREEN, "answer": [{"valueString": "no"}]}, "invalid"),
        ({"linkId": EMERGENCY_SCREEN, "answer": [{"valueCoding": {"code": "no"}}]}, "invalid"),
        ({"linkId": EMERGENCY_SCREEN, "answer": [{"valueBoolean": False}, {"valueBoolean": False}]}, "invalid"),
        ({"linkId": EMERGENCY_SCREEN, "answer": [{"valueBoolean": False}], "item": [{"linkId": "x", "text": "x"}]}, "structure"),
    ],
    ids=["string", "coding", "two-answers", "nested"],
)
def test_a_screen_answer_that_is_not_one_boolean_is_a_400(world, clients, qr, screen, code):
    resource = qr()
    resource["item"][0] = screen
    response = clients.hub.submit(resource)
    assert response.status_code == 400
    [issue] = issues(response)
    assert (issue["code"], issue["expression"]) == (code, [SCREEN_EXPRESSION])
    assert stored_rows() == NOTHING_STORED


def test_the_screen_answered_twice_is_a_400(world, clients, qr):
    resource = qr()
    resource["item"].append({"linkId": EMERGENCY_SCREEN, "answer": [{"valueBoolean": False}]})
    [issue] = issues(clients.hub.submit(resource))
    assert issue["code"] == "duplicate"


def test_a_yes_is_a_422_with_the_999_advice_and_nothing_is_stored(world, clients, qr, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = clients.hub.submit(qr(emergency_screen=True), **{"Idempotency-Key": "emergency-1"})
    assert response.status_code == 422
    [issue] = issues(response)
    assert (issue["severity"], issue["code"], issue["expression"]) == ("error", "business-rule", [SCREEN_EXPRESSION])
    advice = issue["diagnostics"]
    assert advice.startswith("Call 999 or go to A&E now.")
    assert "Call 999 now if it is a life-threatening emergency, or go to your nearest A&E." in advice
    assert content_file()["urgent_advice"] in advice  # 111 for urgent help that is not an emergency
    assert "has not been sent" in advice
    assert stored_rows() == NOTHING_STORED


@pytest.mark.parametrize(
    "change",
    [
        lambda r: r["contained"][0].update(identifier=[{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "9434765918"}]),
        lambda r: r["contained"][0].update(generalPractitioner=[]),
        lambda r: r["item"].pop(),
        lambda r: r["item"].append({"linkId": EMERGENCY_SCREEN, "answer": [{"valueBoolean": False}]}),
    ],
    ids=["bad-nhs-number", "no-practice", "missing-answer", "also-answered-no"],
)
def test_the_999_advice_comes_first_whatever_else_is_wrong(world, clients, qr, change):
    resource = qr(emergency_screen=True)
    change(resource)
    response = clients.hub.submit(resource)
    assert response.status_code == 422
    assert issues(response)[0]["diagnostics"].startswith("Call 999")
    assert stored_rows() == NOTHING_STORED


def test_a_yes_from_a_practice_client_about_another_practice_still_gets_the_advice(world, clients, qr):
    response = clients.practice_a.submit(qr(practice_ods=world.practice_b.ods_code, emergency_screen=True))
    assert response.status_code == 422
    assert issues(response)[0]["diagnostics"].startswith("Call 999")


def test_a_yes_does_not_return_a_request_made_earlier_with_the_same_key(world, clients, qr):
    key = {"Idempotency-Key": "same-key"}
    assert clients.hub.submit(qr(), **key).status_code == 201
    assert clients.hub.submit(qr(emergency_screen=True), **key).status_code == 422
    assert ConsultationRequest.objects.count() == 1


def test_an_admin_request_needs_no_screen_and_cannot_answer_one(world, clients, qr):
    assert clients.hub.submit(qr(questionnaire=ADMIN)).status_code == 201
    answered = qr(questionnaire=ADMIN)
    answered["item"].insert(0, {"linkId": EMERGENCY_SCREEN, "answer": [{"valueBoolean": False}]})
    response = clients.hub.submit(answered)
    assert response.status_code == 400
    assert issues(response)[0]["expression"] == [SCREEN_EXPRESSION]
    assert ConsultationRequest.objects.count() == 1
