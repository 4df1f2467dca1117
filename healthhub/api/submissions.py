"""A QuestionnaireResponse becomes a consultation request, through the same service as the website."""

import hashlib
import secrets

from healthhub.consultations import questionnaires
from healthhub.consultations.intake.validation import is_uk_mobile
from healthhub.consultations.models import Channel, ConsultationRequest
from healthhub.consultations.services import IntakePaused, PracticeNotServed, Submission, submit_request
from healthhub.organisations.intake_lookup import practice_with_intake_status
from healthhub.organisations.models import Practice

from . import emergency_screen, intake
from .auth import ClientScope
from .errors import FhirError
from .questionnaire_resources import canonical

IDEMPOTENCY_HEADER = "Idempotency-Key"


def idempotency_key(scope: ClientScope, header_value: str, resource) -> str:
    """One request per client and key: the Idempotency-Key header, else the resource's identifier.

    Keys are scoped to the client (two clients may choose the same key) and hashed to fit the column.
    """
    raw = header_value.strip()
    if not raw and resource.identifier and resource.identifier.value:
        raw = f"identifier:{resource.identifier.system or ''}|{resource.identifier.value}"
    if not raw:
        raw = f"unkeyed:{secrets.token_hex(16)}"  # no key given: every post is a new request
    digest = hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()
    return f"api:{scope.client_id}:{digest}"


def practice_for(scope: ClientScope, ods_code: str) -> Practice:
    practice = practice_with_intake_status(ods_code)
    if scope.practice_id is not None:
        if practice is None or practice.pk != scope.practice_id:
            raise FhirError.one(403, "forbidden", f"This client may only submit requests for its own practice, {scope.ods_code}")
        return practice
    if practice is None:
        raise FhirError.one(422, "business-rule", f"No GP practice with ODS code {ods_code} is known to the hub")
    if practice.hub_id != scope.hub_id:
        raise _not_served(practice)
    return practice


def _not_served(practice: Practice) -> FhirError:
    return FhirError.one(
        422,
        "business-rule",
        f"{practice.display_name} ({practice.ods_code}) does not take online consultations through this hub: "
        "the patient should contact the practice directly",
    )


def _paused(practice: Practice, message: str) -> FhirError:
    text = f"{practice.display_name} ({practice.ods_code}) is not taking medical requests online at the moment."
    return FhirError.one(422, "business-rule", f"{text} {message}".strip())


def _read(resource) -> tuple[Submission, str]:
    """Everything the request needs, with every problem in the resource reported together.

    A "yes" to the emergency screen is refused (422) before any other check, and nothing is stored.
    """
    issues = []

    def attempt(read, *args):
        try:
            return read(*args)
        except FhirError as error:
            issues.extend(error.issues)
            return None

    questionnaire = attempt(intake.questionnaire_answered, resource)
    screened = questionnaire is not None and emergency_screen.applies_to(questionnaire)
    if screened:
        emergency_screen.refuse_if_emergency(resource)  # the 999 advice comes first, whatever else is wrong
    screen_record = attempt(emergency_screen.screened_no, resource) if screened else None
    answers = attempt(intake.answers_from, resource, questionnaire) if questionnaire else None
    patient = attempt(intake.contained_patient, resource)
    details = attempt(intake.patient_details, patient) if patient else None
    ods_code = attempt(intake.practice_ods_code, patient) if patient else None
    if issues:
        raise FhirError(400, issues)
    submission = Submission(
        practice=None,
        patient=details,
        request_type=questionnaire.request_type,
        category=questionnaire.category_for(answers),
        summary=questionnaires.summary_for(questionnaire, answers),
        answers=answers,
        idempotency_key="",
        channel=Channel.API,
        contact_by_sms=is_uk_mobile(details.mobile),
        contact_by_email=bool(details.email),
        contact_by_phone=bool(details.mobile),
        extra={"questionnaire": canonical(questionnaire)} | ({"emergency_screen": screen_record} if screened else {}),
    )
    return submission, ods_code


def submit(scope: ClientScope, resource, idempotency_header: str, actor) -> tuple[ConsultationRequest, bool]:
    """(request, created): a retry with the same key returns the request made the first time.

    The request counts as received when the hub has it (not at QuestionnaireResponse.authored):
    the response deadline runs from then, as it does for the website.
    """
    submission, ods_code = _read(resource)
    submission.practice = practice_for(scope, ods_code)
    submission.idempotency_key = idempotency_key(scope, idempotency_header, resource)
    try:
        return submit_request(submission, actor)
    except PracticeNotServed as error:
        raise _not_served(submission.practice) from error
    except IntakePaused as error:
        raise _paused(submission.practice, str(error)) from error
