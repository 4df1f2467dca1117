"""The emergency screen in the FHIR medical Questionnaire, and how a response to it is judged.

The website asks whether the person has any emergency symptoms before any medical question,
and a "yes" stops the journey with 999 / A&E / 111 advice and keeps nothing. A FHIR front end
gets the same screen as the first item of the medical Questionnaire: one required boolean
question, with the adult and the child lists (from the clinical content file, through the loader
the website uses) shown beneath it. The API cannot know which list the front end showed, so it
shows both; the child list is for anyone under the content's age limit.
"""

from html import escape

from healthhub.consultations.intake import emergency
from healthhub.consultations.models import RequestType
from healthhub.consultations.questionnaires import Questionnaire

from .errors import FhirError, Issue

LINK_ID = "emergency-screen"
CODE_SYSTEM = "https://healthhub.example.nhs.uk/fhir/CodeSystem/emergency-screen"
RENDERING_XHTML = "http://hl7.org/fhir/StructureDefinition/rendering-xhtml"
EXPRESSION = f"QuestionnaireResponse.item.where(linkId='{LINK_ID}')"
SCREENED_LISTS = "adult+child"  # the stored record's "list": the website stores the one list it showed

QUESTION = "Does the person who needs help have any of these symptoms now? If they are under {age}, check the list for children."
STOP_ADVICE = (
    "Call 999 or go to A&E now. Based on your answers, you need help straight away. "
    "Do not wait for a reply from your GP surgery. "
    "Call 999 now if it is a life-threatening emergency, or go to your nearest A&E."
)


def applies_to(questionnaire: Questionnaire) -> bool:
    return questionnaire.request_type == RequestType.MEDICAL


def advice() -> str:
    """What a patient who answers "yes" must be told: the website's stop page, in words."""
    return f"{STOP_ADVICE} {emergency.screen().urgent_advice}"


def _symptom_list(link_id: str, heading: str, symptoms: tuple[str, ...]) -> dict:
    """A display item: plain text for any renderer, and the same as an HTML list for those that take XHTML."""
    text = "\n".join([heading, *(f"- {symptom}" for symptom in symptoms)])
    html = f"<p>{escape(heading)}</p><ul>{''.join(f'<li>{escape(symptom)}</li>' for symptom in symptoms)}</ul>"
    return {
        "linkId": link_id,
        "text": text,
        "_text": {"extension": [{"url": RENDERING_XHTML, "valueString": html}]},
        "type": "display",
    }


def questionnaire_item() -> dict:
    """The screen as the first item of the medical Questionnaire.

    item.code carries the clinical content's version, so the wording a front end showed can be traced.
    The stop advice is a display item enabled by a "yes", so a front end can show it before submitting.
    """
    content = emergency.screen()
    age = content.child_age_limit
    return {
        "linkId": LINK_ID,
        "code": [{"system": CODE_SYSTEM, "version": content.version, "code": LINK_ID, "display": "Emergency symptoms screen"}],
        "text": QUESTION.format(age=age),
        "type": "boolean",
        "required": True,
        "repeats": False,
        "item": [
            _symptom_list(f"{LINK_ID}-adult", f"Adults and young people aged {age} or over:", content.adult),
            _symptom_list(f"{LINK_ID}-child", f"Children under {age}:", content.child),
            {
                "linkId": f"{LINK_ID}-stop",
                "text": f"{advice()} Do not send this form.",
                "type": "display",
                "enableWhen": [{"question": LINK_ID, "operator": "=", "answerBoolean": True}],
            },
        ],
    }


def screen_items(resource) -> list:
    return [item for item in resource.item or [] if item.linkId == LINK_ID]


def refuse_if_emergency(resource) -> None:
    """A "yes" anywhere in the screen stops the submission (422) before anything else is checked or stored."""
    answers = [answer for item in screen_items(resource) for answer in item.answer or []]
    if any(answer.valueBoolean is True for answer in answers):
        raise FhirError.one(
            422, "business-rule", f"{advice()} This request has not been sent, and nothing in it has been kept.", EXPRESSION
        )


def screened_no(resource) -> dict:
    """The record of a "no", as the website keeps it; a missing or malformed answer is a 400."""
    items = screen_items(resource)
    answers = [answer for item in items for answer in item.answer or []]
    name = f"the emergency screen ('{LINK_ID}')"
    if len(items) > 1:
        raise FhirError(400, [Issue("duplicate", f"Answer {name} once", EXPRESSION)])
    if not answers:
        question = QUESTION.format(age=emergency.screen().child_age_limit)
        raise FhirError(400, [Issue("required", f"Answer {name}: {question}", EXPRESSION)])
    if items[0].item:
        raise FhirError(400, [Issue("structure", f"Send {name} as a top-level item with no nested items", EXPRESSION)])
    if len(answers) > 1 or answers[0].valueBoolean is not False:
        raise FhirError(400, [Issue("invalid", f"Answer {name} with one valueBoolean: true or false", EXPRESSION)])
    return {"version": emergency.screen().version, "list": SCREENED_LISTS}
