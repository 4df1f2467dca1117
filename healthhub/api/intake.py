"""Read a submitted QuestionnaireResponse: the patient, their practice and their answers.

The whole resource is first validated with fhir.resources (R4B models; 0.3-1 ms for a
typical submission, measured), then the parts the hub uses are checked against the
same rules as the web journey: Modulus 11 NHS numbers, UK phone numbers (a mobile for
texts, a landline will do for calls), a postcode and a way to contact the patient, and
answers that fit the Questionnaire. Anything wrong comes back as a FhirError (400).
"""

import json
from datetime import date
from typing import Any

import pydantic
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from healthhub.consultations import questionnaires
from healthhub.consultations.intake.validation import (
    EARLIEST_BIRTH_DATE,
    clean_mobile,
    clean_postcode,
    clean_uk_phone,
    is_uk_mobile,
)
from healthhub.consultations.questionnaires import Question, Questionnaire
from healthhub.consultations.services import PatientDetails
from healthhub.patients.nhs_number import FHIR_SYSTEM as NHS_NUMBER_SYSTEM
from healthhub.patients.nhs_number import InvalidNHSNumber, NHSNumber

from . import emergency_screen
from .errors import FhirError, Issue, pydantic_issues
from .questionnaire_resources import answer_system, questionnaire_for_canonical

ODS_SYSTEM = "https://fhir.nhs.uk/Id/ods-organization-code"
QR = "QuestionnaireResponse"
PATIENT = "QuestionnaireResponse.contained.ofType(Patient)"
MAX_NAME_LENGTH = 100
MAX_EMAIL_LENGTH = 254


def invalid(diagnostics: str, expression: str = "", code: str = "invalid") -> FhirError:
    return FhirError.one(400, code, diagnostics, expression)


def parse_resource(body: bytes) -> QuestionnaireResponse:
    try:
        # FHIR JSON is UTF-8; decoding strictly also refuses encoded lone surrogates.
        text = body.decode("utf-8-sig")
        data = json.loads(text)
    except (ValueError, RecursionError) as error:  # ValueError covers bad JSON and bad UTF-8
        raise invalid(f"The body is not valid UTF-8 JSON ({type(error).__name__})", code="structure") from error
    if not isinstance(data, dict) or data.get("resourceType") != QR:
        raise invalid("The body must be a QuestionnaireResponse resource", code="structure")
    if "\\u" in text:  # only an escape can still carry NUL or a lone surrogate, which no database column stores
        _reject_unstorable_text(data)
    try:
        return QuestionnaireResponse.model_validate(data)
    except pydantic.ValidationError as error:
        raise FhirError(400, pydantic_issues(error, QR)) from error
    except Exception as error:  # noqa: BLE001 - fhir.resources raises KeyError/TypeError on some malformed input
        raise invalid("The body is not a valid FHIR R4 QuestionnaireResponse", code="structure") from error


def _strings(data):
    pending = [data]
    while pending:
        value = pending.pop()
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            pending.extend(value.keys())
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)


def _reject_unstorable_text(data: dict) -> None:
    for text in _strings(data):
        if "\x00" in text:
            raise invalid("The body contains a NUL character", code="value")
        try:
            text.encode()
        except UnicodeEncodeError as error:
            raise invalid("The body contains text that is not valid Unicode (a lone surrogate)", code="value") from error


def questionnaire_answered(resource: QuestionnaireResponse) -> Questionnaire:
    if resource.status != "completed":
        raise invalid("Only a completed QuestionnaireResponse can be submitted", f"{QR}.status", code="value")
    if not resource.questionnaire:
        raise invalid(
            "Say which Questionnaire was answered (QuestionnaireResponse.questionnaire)", f"{QR}.questionnaire", "required"
        )
    found = questionnaire_for_canonical(resource.questionnaire)
    if found is None:
        url, _, version = resource.questionnaire.partition("|")
        reason = (
            f"version {version} is not the current version {questionnaires.QUESTIONNAIRE_VERSION}: fetch GET Questionnaire again"
            if version and questionnaire_for_canonical(url)
            else "it is not one of the questionnaires at GET Questionnaire"
        )
        raise invalid(f"The questionnaire {url} cannot be answered: {reason}", f"{QR}.questionnaire", code="value")
    return found


def _answer_value(questionnaire: Questionnaire, question: Question, answer, where: str) -> str:
    if question.kind == "choice":
        coding = answer.valueCoding
        if coding is None or not coding.code:
            raise invalid(f"Answer '{question.text}' with a valueCoding from the Questionnaire's answerOption", where)
        if coding.system and coding.system != answer_system(questionnaire, question):
            raise invalid(f"The answer to '{question.text}' uses an unknown code system {coding.system}", where, "code-invalid")
        return coding.code
    if answer.valueString is None:
        raise invalid(f"Answer '{question.text}' with a valueString", where)
    return answer.valueString


def answers_from(resource: QuestionnaireResponse, questionnaire: Questionnaire) -> dict[str, str]:
    """{linkId: code or text}, as the web journey stores them, checked against the Questionnaire.

    The emergency screen is not a clinical answer (the website keeps it apart too): see emergency_screen.
    """
    answers: dict[str, Any] = {}
    unknown: set[str] = set()
    seen: set[str] = set()
    questions = {question.link_id: question for question in questionnaire.questions}
    issues = []
    screened = emergency_screen.applies_to(questionnaire)
    for item in resource.item or []:
        if screened and item.linkId == emergency_screen.LINK_ID:
            continue
        where = f"{QR}.item.where(linkId='{item.linkId}')"
        question = questions.get(item.linkId)
        if item.linkId in seen:
            issues.append(Issue("duplicate", f"The question '{item.linkId}' is answered more than once", where))
        elif item.item:
            issues.append(Issue("structure", "The questions are not nested: send each answer as a top-level item", where))
        elif question is None:
            unknown.add(item.linkId)  # reported below by validate_answers, in the words the website uses
        elif len(item.answer or []) > 1:
            issues.append(Issue("invalid", f"'{question.text}' takes one answer", where))
        elif item.answer:
            try:
                answers[item.linkId] = _answer_value(questionnaire, question, item.answer[0], where)
            except FhirError as error:
                issues.extend(error.issues)
        seen.add(item.linkId)
    reported = {issue.expression for issue in issues}
    for link_id, message in questionnaires.validate_answers(questionnaire, answers | dict.fromkeys(unknown, "")).items():
        where = f"{QR}.item.where(linkId='{link_id}')"
        if where not in reported:
            issues.append(Issue("invalid" if link_id in answers or link_id in unknown else "required", message, where))
    if issues:
        raise FhirError(400, issues)
    return answers


def contained_patient(resource: QuestionnaireResponse):
    patients = [entry for entry in resource.contained or [] if entry.get_resource_type() == "Patient"]
    if len(patients) != 1:
        raise invalid("Include the patient once, as a contained Patient resource", f"{QR}.contained", "required")
    patient = patients[0]
    subject = resource.subject.reference if resource.subject else None
    if subject and (not patient.id or subject != f"#{patient.id}"):
        raise invalid("QuestionnaireResponse.subject must refer to the contained Patient (#id)", f"{QR}.subject")
    return patient


def practice_ods_code(patient) -> str:
    codes = [
        gp.identifier.value
        for gp in patient.generalPractitioner or []
        if gp.identifier and gp.identifier.system == ODS_SYSTEM and gp.identifier.value
    ]
    if len(codes) != 1:
        raise invalid(
            f"Give the patient's GP practice once, as generalPractitioner.identifier with system {ODS_SYSTEM}",
            f"{PATIENT}.generalPractitioner",
            "required",
        )
    return codes[0].strip().upper()


def _nhs_number(patient) -> str:
    values = [i.value for i in patient.identifier or [] if i.system == NHS_NUMBER_SYSTEM and i.value]
    if len(values) > 1:
        raise invalid("Give one NHS number", f"{PATIENT}.identifier", "duplicate")
    if not values:
        return ""
    try:
        return NHSNumber.parse(values[0]).value
    except InvalidNHSNumber as error:
        raise invalid(f"{error} (Modulus 11 check failed)", f"{PATIENT}.identifier", "value") from error


def _name(patient) -> tuple[str, str]:
    names = patient.name or []
    name = next((n for n in names if n.use == "official"), names[0] if names else None)
    given = " ".join(part for part in (name.given or []) if part).strip() if name else ""  # FHIR allows null in given
    family = (name.family or "").strip() if name else ""
    if not given or not family:
        raise invalid("Give the patient's name with a given name and a family name", f"{PATIENT}.name", "required")
    if len(given) > MAX_NAME_LENGTH or len(family) > MAX_NAME_LENGTH:
        raise invalid(f"Names must be {MAX_NAME_LENGTH} characters or fewer", f"{PATIENT}.name", "value")
    return given, family


def _birth_date(patient) -> date:
    born = patient.birthDate
    if not isinstance(born, date):
        raise invalid("Give the patient's full date of birth (YYYY-MM-DD)", f"{PATIENT}.birthDate", "required")
    if born > timezone.localdate() or born < EARLIEST_BIRTH_DATE:
        raise invalid("The date of birth must be in the past and in or after 1900", f"{PATIENT}.birthDate", "value")
    return born


def _email(value: str) -> str:
    if len(value) > MAX_EMAIL_LENGTH:
        raise ValidationError(f"Email addresses must be {MAX_EMAIL_LENGTH} characters or fewer")
    validate_email(value)
    return value


def _contact(patient) -> tuple[str, str]:
    """One phone number (a mobile if any, as it can also get texts) and the first email address.

    "sms" must be a UK mobile; "phone" may be a landline. Any other kind of contact is refused, not
    ignored, and so is a patient with no way to contact them at all.
    """
    phones, emails = [], []
    for telecom in patient.telecom or []:
        value = (telecom.value or "").strip()
        if not value:
            continue
        try:
            if telecom.system == "sms":
                phones.append(clean_mobile(value))
            elif telecom.system == "phone":
                phones.append(clean_uk_phone(value))
            elif telecom.system == "email":
                emails.append(_email(value))
            else:
                raise ValidationError(
                    f"Contact by {telecom.system or 'an unnamed system'} is not offered: give a UK phone number or an email"
                )
        except ValidationError as error:
            raise invalid(error.messages[0], f"{PATIENT}.telecom", "value") from error
    if not phones and not emails:
        raise invalid(
            "Give at least one way to contact the patient: a UK phone number or an email address",
            f"{PATIENT}.telecom", "required",
        )
    mobiles = [phone for phone in phones if is_uk_mobile(phone)]
    return (mobiles or phones or [""])[0], (emails[0] if emails else "")


def _postcode(patient) -> str:
    postcodes = [a.postalCode for a in patient.address or [] if a.postalCode]
    if not postcodes:
        raise invalid("Give the patient's postcode (address.postalCode)", f"{PATIENT}.address", "required")
    try:
        return clean_postcode(postcodes[0])
    except ValidationError as error:
        raise invalid(error.messages[0], f"{PATIENT}.address.postalCode", "value") from error


def patient_details(patient) -> PatientDetails:
    """The patient as the hub stores them; every problem with them reported at once."""
    issues, values = [], {}
    readers = {"name": _name, "date_of_birth": _birth_date, "contact": _contact, "postcode": _postcode, "nhs_number": _nhs_number}
    for name, read in readers.items():
        try:
            values[name] = read(patient)
        except FhirError as error:
            issues.extend(error.issues)
    if issues:
        raise FhirError(400, issues)
    (given, family), (mobile, email) = values["name"], values["contact"]
    return PatientDetails(
        given_name=given,
        family_name=family,
        date_of_birth=values["date_of_birth"],
        postcode=values["postcode"],
        nhs_number=values["nhs_number"],
        mobile=mobile,
        email=email,
    )
