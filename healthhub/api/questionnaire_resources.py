"""The intake questionnaires as FHIR Questionnaire resources.

Built from healthhub.consultations.questionnaires, the definitions the web journeys
ask, so a FHIR front end and the website always ask the same questions. The medical
questionnaire starts with the emergency screen the website asks before any medical question.
"""

from functools import cache

from healthhub.consultations import questionnaires
from healthhub.consultations.questionnaires import Question, Questionnaire

from . import emergency_screen

CANONICAL_BASE = "https://healthhub.example.nhs.uk/fhir"
PUBLISHER = "Health Hub"
ITEM_CONTROL = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
ITEM_CONTROL_SYSTEM = "http://hl7.org/fhir/questionnaire-item-control"
FHIR_ITEM_TYPES = {"choice": "choice", "text": "text", "string": "string"}


def answer_system(questionnaire: Questionnaire, question: Question) -> str:
    """The code system of a choice question's options (topic codes differ between questionnaires)."""
    return f"{CANONICAL_BASE}/CodeSystem/{questionnaire.slug}-{question.link_id}"


def canonical(questionnaire: Questionnaire) -> str:
    return f"{questionnaire.url}|{questionnaires.QUESTIONNAIRE_VERSION}"


def _hint_item(question: Question) -> dict:
    return {
        "linkId": f"{question.link_id}-hint",
        "text": question.hint,
        "type": "display",
        "extension": [
            {"url": ITEM_CONTROL, "valueCodeableConcept": {"coding": [{"system": ITEM_CONTROL_SYSTEM, "code": "flyover"}]}}
        ],
    }


def _item(questionnaire: Questionnaire, question: Question) -> dict:
    item = {
        "linkId": question.link_id,
        "text": question.text,
        "type": FHIR_ITEM_TYPES[question.kind],
        "required": question.required,
        "repeats": False,
    }
    if question.max_length:
        item["maxLength"] = question.max_length
    if question.options:
        system = answer_system(questionnaire, question)
        item["answerOption"] = [
            {"valueCoding": {"system": system, "code": option.code, "display": option.label}} for option in question.options
        ]
    if question.hint:
        item["item"] = [_hint_item(question)]
    return item


@cache
def questionnaire_resource(slug: str) -> dict:
    questionnaire = questionnaires.BY_SLUG[slug]
    screen = [emergency_screen.questionnaire_item()] if emergency_screen.applies_to(questionnaire) else []
    return {
        "resourceType": "Questionnaire",
        "id": questionnaire.slug,
        "url": questionnaire.url,
        "version": questionnaires.QUESTIONNAIRE_VERSION,
        "name": "".join(part.title() for part in questionnaire.slug.split("-")),
        "title": questionnaire.title,
        "status": "active",
        "subjectType": ["Patient"],
        "publisher": PUBLISHER,
        "item": screen + [_item(questionnaire, question) for question in questionnaire.questions],
    }


def all_slugs() -> list[str]:
    return list(questionnaires.BY_SLUG)


def questionnaire_for_canonical(value: str) -> Questionnaire | None:
    """The questionnaire a QuestionnaireResponse answers: its canonical URL, optionally |version."""
    url, _, version = value.partition("|")
    if version and version != questionnaires.QUESTIONNAIRE_VERSION:
        return None
    return next((q for q in questionnaires.BY_SLUG.values() if q.url == url), None)
