"""Turn a finished draft into a request through `consultations.services.submit_request`."""

from datetime import date

from healthhub.consultations import questionnaires
from healthhub.consultations.models import ConsultationRequest, Submitter
from healthhub.consultations.services import PatientDetails, Submission, submit_request
from healthhub.core.audit import Actor, client_ip

from . import emergency
from .drafts import Draft

PATIENT_ACTOR_LABEL = "Patient (online form)"
PROXY_ACTOR_LABEL = "Proxy for the patient (online form)"


def patient_details(patient: dict, contact: dict) -> PatientDetails:
    return PatientDetails(
        given_name=patient["given_name"],
        family_name=patient["family_name"],
        date_of_birth=date.fromisoformat(patient["date_of_birth"]),
        postcode=patient["postcode"],
        nhs_number=patient.get("nhs_number", ""),
        mobile=contact.get("mobile", ""),
        email=contact.get("email", ""),
    )


def answers_to_store(draft: Draft) -> dict:
    """Only questions the patient answered; a skipped optional question is left out, not stored blank."""
    known = {question.link_id for question in draft.questionnaire.questions}
    return {link_id: value for link_id, value in draft.answers.items() if link_id in known and value != ""}


def intake_record(questionnaire, emergency_list: str | None) -> dict:
    """Which questionnaire and emergency-screen wording the patient answered (kept with the request)."""
    record = {"questionnaire": questionnaire.url, "questionnaire_version": questionnaires.QUESTIONNAIRE_VERSION}
    if emergency_list:
        record["emergency_screen"] = {"version": emergency.screen().version, "list": emergency_list}
    return record


def build(draft: Draft, practice) -> Submission:
    questionnaire = draft.questionnaire
    answers = answers_to_store(draft)
    channels = draft.contact.get("channels", [])
    extra = intake_record(questionnaire, draft.emergency.get("group") if draft.is_medical else None)
    return Submission(
        practice=practice,
        patient=patient_details(draft.patient, draft.contact),
        request_type=draft.request_type,
        category=questionnaire.category_for(answers),
        summary=questionnaires.summary_for(questionnaire, answers),
        answers=answers,
        idempotency_key=draft.idempotency_key,
        channel="web",
        submitted_by=Submitter.PROXY if draft.for_someone_else else Submitter.PATIENT,
        submitter_name=draft.who_for.get("proxy_name", ""),
        submitter_relationship=draft.who_for.get("proxy_relationship", ""),
        contact_by_sms="text" in channels,
        contact_by_email="email" in channels,
        contact_by_phone="phone" in channels,
        extra=extra,
    )


def submit(draft: Draft, practice, http_request) -> ConsultationRequest:
    """Submit the draft; a repeated idempotency key returns the request already made.

    Raises IntakePaused when medical intake was paused after the patient started.
    """
    label = PROXY_ACTOR_LABEL if draft.for_someone_else else PATIENT_ACTOR_LABEL
    request, _created = submit_request(build(draft, practice), Actor(label=label, ip_address=client_ip(http_request)))
    return request


def already_submitted(idempotency_key: str, practice) -> ConsultationRequest | None:
    """The request made with this key (only its own browser knows the key: 256 random bits)."""
    if not idempotency_key:
        return None
    return ConsultationRequest.objects.filter(idempotency_key=idempotency_key, practice=practice).first()


def submitted_request(reference: str, practice) -> ConsultationRequest | None:
    return ConsultationRequest.objects.filter(reference=reference, practice=practice).first()
