"""A consultation request as FHIR: the Task that tracks it and the QuestionnaireResponse it came from.

Both carry the request reference as their id (8 characters from a 32-letter alphabet,
from `secrets`); a client can only read requests of its own organisation anyway.
"""

from django.conf import settings

from healthhub.consultations import questionnaires
from healthhub.consultations.intake.validation import is_uk_mobile
from healthhub.consultations.models import ConsultationRequest, Outcome, Route, Status
from healthhub.consultations.questionnaires import Questionnaire
from healthhub.patients.nhs_number import FHIR_SYSTEM as NHS_NUMBER_SYSTEM

from .intake import ODS_SYSTEM
from .questionnaire_resources import CANONICAL_BASE, answer_system, canonical
from .responses import instant

REFERENCE_SYSTEM = f"{CANONICAL_BASE}/Id/request-reference"
OUTCOME_SYSTEM = f"{CANONICAL_BASE}/CodeSystem/request-outcome"
REQUEST_TYPE_SYSTEM = f"{CANONICAL_BASE}/CodeSystem/request-type"

TASK_STATUS = {
    Status.SUBMITTED: "requested",
    Status.ASSIGNED: "accepted",
    Status.IN_PROGRESS: "in-progress",
    Status.CLOSED: "completed",
}
STATUS_FROM_TASK = {fhir: status for status, fhir in TASK_STATUS.items()}


def _organisation(ods_code: str, name: str) -> dict:
    return {"identifier": {"system": ODS_SYSTEM, "value": ods_code}, "display": name}


def hub_ods_code(request: ConsultationRequest) -> tuple[str, str]:
    hub = request.practice.hub
    return (hub.ods_code, hub.name) if hub else (settings.HEALTHHUB_HUB_ODS_CODE, settings.HEALTHHUB_HUB_NAME)


def owner(request: ConsultationRequest) -> dict:
    """Who holds the request now: the hub, or the home practice once it is routed back there."""
    if request.route == Route.HOME_PRACTICE:
        return _organisation(request.practice.ods_code, request.practice.display_name)
    return _organisation(*hub_ods_code(request))


def _for(request: ConsultationRequest) -> dict:
    patient = request.patient
    subject = {"display": patient.full_name}
    if patient.nhs_number:
        subject["identifier"] = {"system": NHS_NUMBER_SYSTEM, "value": patient.nhs_number}
    return subject


def task_resource(request: ConsultationRequest) -> dict:
    task = {
        "resourceType": "Task",
        "id": request.reference,
        "meta": {"lastUpdated": instant(request.updated_at)},
        "identifier": [{"system": REFERENCE_SYSTEM, "value": request.reference}],
        "status": TASK_STATUS[request.status],
        "intent": "order",
        "code": {
            "coding": [
                {"system": REQUEST_TYPE_SYSTEM, "code": request.request_type, "display": request.get_request_type_display()}
            ]
        },
        "focus": {"reference": f"QuestionnaireResponse/{request.reference}"},
        "for": _for(request),
        "authoredOn": instant(request.received_at),
        "lastModified": instant(request.updated_at),
        "owner": owner(request),
        "restriction": {"period": {"end": instant(request.deadline)}},
    }
    if request.status == Status.CLOSED and request.outcome:
        label = Outcome(request.outcome).label
        task["businessStatus"] = {
            "coding": [{"system": OUTCOME_SYSTEM, "code": request.outcome, "display": label}],
            "text": label,
        }
        task["executionPeriod"] = {"start": instant(request.received_at), "end": instant(request.closed_at)}
    return task


def _contained_patient(request: ConsultationRequest) -> dict:
    patient = request.patient
    resource = {
        "resourceType": "Patient",
        "id": "patient",
        "name": [{"use": "official", "family": patient.family_name, "given": [patient.given_name]}],
        "birthDate": patient.date_of_birth.isoformat(),
        "generalPractitioner": [_organisation(request.practice.ods_code, request.practice.display_name)],
    }
    if patient.nhs_number:
        resource["identifier"] = [{"system": NHS_NUMBER_SYSTEM, "value": patient.nhs_number}]
    telecom = []
    if patient.mobile:
        phone = {"system": "phone", "value": patient.mobile}
        telecom.append(phone | {"use": "mobile"} if is_uk_mobile(patient.mobile) else phone)
    if patient.email:
        telecom.append({"system": "email", "value": patient.email})
    if telecom:
        resource["telecom"] = telecom
    if patient.postcode:
        resource["address"] = [{"postalCode": patient.postcode}]
    return resource


def _answer(questionnaire: Questionnaire, link_id: str, value: str) -> dict:
    question = questionnaire.question(link_id)
    if question.kind != "choice":
        return {"valueString": value}
    label = next((option.label for option in question.options if option.code == value), value)
    return {"valueCoding": {"system": answer_system(questionnaire, question), "code": value, "display": label}}


def questionnaire_response_resource(request: ConsultationRequest) -> dict:
    questionnaire = questionnaires.QUESTIONNAIRES[request.request_type]
    resource = {
        "resourceType": "QuestionnaireResponse",
        "id": request.reference,
        "meta": {"lastUpdated": instant(request.received_at)},
        "identifier": {"system": REFERENCE_SYSTEM, "value": request.reference},
        "contained": [_contained_patient(request)],
        "questionnaire": canonical(questionnaire),
        "status": "completed",
        "subject": {"reference": "#patient"},
        "authored": instant(request.received_at),
        "item": [
            {"linkId": question.link_id, "text": question.text, "answer": [_answer(questionnaire, question.link_id, value)]}
            for question in questionnaire.questions
            if (value := request.answers.get(question.link_id)) not in (None, "")
        ],
    }
    if not resource["item"]:
        del resource["item"]
    return resource


def bundle(entries: list[dict], base_url: str, total: int, links: dict[str, str]) -> dict:
    resource = {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": total,
        "link": [{"relation": relation, "url": url} for relation, url in links.items()],
    }
    if entries:  # FHIR JSON has no empty arrays
        resource["entry"] = [
            {"fullUrl": f"{base_url}{entry['resourceType']}/{entry['id']}", "resource": entry, "search": {"mode": "match"}}
            for entry in entries
        ]
    return resource
