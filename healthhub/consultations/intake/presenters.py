"""Shape the draft and the submitted request for the templates, so templates hold no logic."""

from datetime import date

from django.urls import NoReverseMatch, reverse
from markupsafe import Markup, escape

from healthhub.consultations.questionnaires import Question
from healthhub.core.formatting import date_uk, nhs_number

from .drafts import Draft
from .forms import CONTACT_CHANNELS

CHANNEL_LABELS = dict(CONTACT_CHANNELS)
NOT_ANSWERED = "Not answered"


def multiline(text: str) -> Markup:
    """Keep the patient's line breaks without trusting their text as HTML."""
    return Markup("<br>").join(escape(line) for line in text.splitlines())


def answer_text(question: Question, value: str) -> str:
    if question.kind == "choice":
        return next((option.label for option in question.options if option.code == value), value)
    return value


def _sentence_case_inside(text: str) -> str:
    """'What is…' reads 'Change what is…'; acronyms such as 'NHS number' keep their capitals."""
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


def _row(key: str, value, change_url: str | None = None) -> dict:
    row = {"key": {"text": key}}
    row["value"] = {"html": value} if isinstance(value, Markup) else {"text": value or NOT_ANSWERED}
    if change_url:
        hidden = _sentence_case_inside(key)
        row["actions"] = {"items": [{"href": f"{change_url}?from=check", "text": "Change", "visuallyHiddenText": hidden}]}
    return row


def phone_number(value: str) -> str:
    """Grouped the way people read UK numbers: 07700 900 123, 020 7946 0000, 01632 960001."""
    if len(value) != 11:
        return value
    if value.startswith("02"):
        return f"{value[:3]} {value[3:7]} {value[7:]}"
    if value.startswith("01"):
        return f"{value[:5]} {value[5:]}"
    return f"{value[:5]} {value[5:8]} {value[8:]}"


def _url(name: str, draft: Draft, *args) -> str:
    return reverse(f"intake:{name}", args=[draft.practice, *args])


def check_answers_sections(draft: Draft) -> list[dict]:
    """The summary lists of the check-answers page, each row with a Change link to its page."""
    questionnaire = draft.questionnaire
    request_rows = [_row("Type of request", "Medical" if draft.is_medical else "Admin")]
    for question in questionnaire.questions:
        value = answer_text(question, draft.answers.get(question.link_id, ""))
        shown = multiline(value) if question.kind == "text" and value else value
        request_rows.append(_row(question.text, shown, _url("question", draft, question.link_id)))

    who_rows = [_row("Who the request is for", "Someone else" if draft.for_someone_else else "Myself", _url("who_for", draft))]
    if draft.for_someone_else:
        proxy_url = _url("proxy_details", draft)
        who_rows.append(_row("Your name", draft.who_for.get("proxy_name", ""), proxy_url))
        who_rows.append(_row("Your relationship to them", draft.who_for.get("proxy_relationship", ""), proxy_url))

    patient, details_url = draft.patient, _url("patient_details", draft)
    born = date.fromisoformat(patient["date_of_birth"]) if patient.get("date_of_birth") else None
    patient_rows = [
        _row("Name", f"{patient.get('given_name', '')} {patient.get('family_name', '')}".strip(), details_url),
        _row("Date of birth", date_uk(born), details_url),
        _row("NHS number", nhs_number(patient.get("nhs_number")) or "Not given", details_url),
        _row("Postcode", patient.get("postcode", ""), details_url),
    ]

    contact, contact_url = draft.contact, _url("contact_details", draft)
    contact_rows = [
        _row("How we contact you", ", ".join(CHANNEL_LABELS[c] for c in contact.get("channels", [])), contact_url),
        _row("Phone number", phone_number(contact.get("mobile", "")) or "Not given", contact_url),
        _row("Email address", contact.get("email") or "Not given", contact_url),
    ]
    return [
        {"title": "Your request", "rows": request_rows},
        {"title": "Who the request is for", "rows": who_rows},
        {"title": "Their details" if draft.for_someone_else else "Your details", "rows": patient_rows},
        {"title": "Contact details", "rows": contact_rows},
    ]


def contact_methods(request) -> str:
    """'by text message and email': how the team will reply, in words."""
    methods = []
    if request.contact_by_sms:
        methods.append("text message")
    if request.contact_by_email:
        methods.append("email")
    if request.contact_by_phone:
        methods.append("phone")
    if not methods:
        return ""
    if len(methods) == 1:
        return f"by {methods[0]}"
    return "by " + ", ".join(methods[:-1]) + f" or {methods[-1]}"


def request_detail_url(reference: str) -> str:
    """The staff page of a request (built in the work queue); a fixed path until that page exists."""
    try:
        return reverse("consultations:request_detail", args=[reference])
    except NoReverseMatch:
        return f"/hub/requests/{reference}/"


def select_items(bound_field) -> list[dict]:
    """The `items` of an NHS select for a Django choice field, with the current value selected."""
    current = bound_field.value()
    return [{"value": value, "text": label, "selected": value == current} for value, label in bound_field.field.choices]
