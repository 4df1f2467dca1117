"""Read what remote monitoring clients send, and make the service call it asks for.

An enrolment arrives as an EpisodeOfCare and a clinician's saturation target as a Goal (readings:
observation_intake). Each is validated with fhir.resources (R4B models); anything wrong is a
FhirError whose issues name the field by FHIRPath.
Only a hub's client may enrol, set targets or send readings; the hub's clinicians are named by
username (STAFF_USERNAME_SYSTEM).
"""

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

import pydantic
from django.db import transaction
from fhir.resources.R4B import get_fhir_model_class

from healthhub.accounts.models import User
from healthhub.core.audit import Actor
from healthhub.monitoring import services
from healthhub.monitoring.models import Enrolment, Goal, Programme
from healthhub.organisations.models import Hub, Practice
from healthhub.patients.models import Patient
from healthhub.patients.nhs_number import FHIR_SYSTEM as NHS_NUMBER_SYSTEM
from healthhub.patients.nhs_number import InvalidNHSNumber, NHSNumber

from . import intake
from . import monitoring_codes as codes
from .auth import ClientScope
from .errors import FhirError, Issue, pydantic_issues

EOC = "EpisodeOfCare"
EOC_PATIENT = "EpisodeOfCare.contained.ofType(Patient)"


def invalid(diagnostics: str, expression: str = "", code: str = "invalid", status: int = 400) -> FhirError:
    return FhirError.one(status, code, diagnostics, expression)


def parse(body: bytes, resource_types: tuple[str, ...]):
    """The body as a validated fhir.resources model of one of these types."""
    try:
        text = body.decode("utf-8-sig")
        data = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise invalid(f"The body is not valid UTF-8 JSON ({type(error).__name__})", code="structure") from error
    if not isinstance(data, dict) or data.get("resourceType") not in resource_types:
        raise invalid(f"The body must be a {' or '.join(resource_types)} resource", code="structure")
    if "\\u" in text:
        intake._reject_unstorable_text(data)
    try:
        return get_fhir_model_class(data["resourceType"]).model_validate(data)
    except pydantic.ValidationError as error:
        raise FhirError(400, pydantic_issues(error, data["resourceType"])) from error
    except Exception as error:  # noqa: BLE001 - fhir.resources raises KeyError/TypeError on some malformed input
        raise invalid(f"The body is not a valid FHIR R4 {data['resourceType']}", code="structure") from error


def require_hub_client(scope: ClientScope) -> None:
    if scope.hub_id is None:
        raise FhirError.one(403, "forbidden", "Only a hub's client may enrol patients, set targets or send readings")


def enrolments_visible_to_client(scope: ClientScope):
    """A hub client sees its hub's enrolments; a practice client those of its own patients."""
    enrolments = Enrolment.objects.select_related("patient", "hub", "responsible_clinician")
    if scope.hub_id is not None:
        return enrolments.for_hub(scope.hub_id)
    if scope.practice_id is not None:
        return enrolments.filter(patient__practice_id=scope.practice_id)
    return enrolments.none()


def nhs_number_of(reference, expression: str) -> str:
    """The NHS number in a logical reference {"identifier": {"system": NHS number system, "value": ...}}."""
    identifier = reference.identifier if reference else None
    if identifier is None or identifier.system != NHS_NUMBER_SYSTEM or not identifier.value:
        raise invalid(f"Identify the patient by NHS number: {{\"identifier\": {{\"system\": \"{NHS_NUMBER_SYSTEM}\", "
                      "\"value\": \"...\"}}", expression, "required")
    try:
        return NHSNumber.parse(identifier.value).value
    except InvalidNHSNumber as error:
        raise invalid(f"{error} (Modulus 11 check failed)", f"{expression}.identifier.value", "value") from error


def hub_clinician(scope: ClientScope, reference, expression: str) -> User:
    identifier = reference.identifier if reference else None
    if identifier is None or identifier.system != codes.STAFF_USERNAME_SYSTEM or not identifier.value:
        raise invalid(f"Name the responsible clinician as a Practitioner identifier with system {codes.STAFF_USERNAME_SYSTEM} "
                      "and their username", expression, "required")
    clinician = User.objects.filter(username=identifier.value, hub_id=scope.hub_id, is_active=True).first()
    if clinician is None or not clinician.is_clinician:
        raise invalid(f"{identifier.value} is not a clinician of this hub", f"{expression}.identifier.value", "value", 422)
    return clinician


# --- EpisodeOfCare: enrol ---------------------------------------------------------------------------

def _extension(resource, url: str):
    return next((extension for extension in resource.extension or [] if extension.url == url), None)


def _programme(resource) -> str:
    found = [coding.code for concept in resource.type or [] for coding in concept.coding or []
             if coding.system in (None, codes.PROGRAMME_SYSTEM) and coding.code in Programme.values]
    if len(found) != 1:
        raise invalid(f"Give one programme as type.coding (system {codes.PROGRAMME_SYSTEM}): "
                      f"{', '.join(Programme.values)}", f"{EOC}.type", "required")
    return found[0]


def _new_patient(scope: ClientScope, resource, nhs_number: str) -> Patient:
    contained = [entry for entry in resource.contained or [] if entry.get_resource_type() == "Patient"]
    if len(contained) != 1 or not contained[0].id or resource.patient.reference != f"#{contained[0].id}":
        raise invalid("This NHS number is not known to the hub: include the patient once as a contained Patient and refer "
                      "to it (patient.reference \"#id\")", f"{EOC}.patient", "required", 422)
    patient = contained[0]
    try:
        details = intake.patient_details(patient)
        ods_code = intake.practice_ods_code(patient)
    except FhirError as error:
        raise FhirError(400, [Issue(issue.code, issue.diagnostics, issue.expression.replace(intake.PATIENT, EOC_PATIENT))
                              for issue in error.issues]) from error
    if details.nhs_number != nhs_number:
        raise invalid("The contained Patient's NHS number must be the one in patient.identifier", f"{EOC_PATIENT}.identifier")
    practice = Practice.objects.filter(ods_code=ods_code, hub_id=scope.hub_id).first()
    if practice is None:
        raise invalid(f"Practice {ods_code} is not served by this hub", f"{EOC_PATIENT}.generalPractitioner", "value", 422)
    return Patient(practice=practice, **details.__dict__)


def _patient(scope: ClientScope, resource) -> Patient:
    """A patient of one of the hub's practices, or a new one from the contained Patient (not yet saved)."""
    reference = resource.patient
    contained = next((entry for entry in resource.contained or [] if entry.get_resource_type() == "Patient"), None)
    if reference.identifier is None and contained is not None:  # patient.reference "#id" alone: the number is inside
        identifiers = [i for i in contained.identifier or [] if i.system == NHS_NUMBER_SYSTEM]
        reference = type(reference)(identifier=identifiers[0]) if identifiers else reference
    nhs_number = nhs_number_of(reference, f"{EOC}.patient")
    known = Patient.objects.filter(nhs_number=nhs_number, practice__hub_id=scope.hub_id).order_by("-created_at", "-id").first()
    return known or _new_patient(scope, resource, nhs_number)


@dataclass(frozen=True)
class EnrolmentIn:
    patient: Patient
    programme: str
    clinician: User
    start_date: object
    review_date: object
    bronchiolitis: bool


def read_episode_of_care(scope: ClientScope, resource) -> EnrolmentIn:
    if resource.status != "active":
        raise invalid("An enrolment starts active: send status \"active\"", f"{EOC}.status", "value")
    programme = _programme(resource)
    organisation = resource.managingOrganization
    ods_code = (organisation.identifier.value or "").strip().upper() if organisation and organisation.identifier else ""
    if organisation is None or organisation.identifier is None or organisation.identifier.system != intake.ODS_SYSTEM:
        raise invalid(f"Give the hub as managingOrganization.identifier (system {intake.ODS_SYSTEM})",
                      f"{EOC}.managingOrganization", "required")
    if ods_code != scope.ods_code.upper():
        raise invalid(f"This client enrols patients for {scope.ods_code} only", f"{EOC}.managingOrganization", "forbidden", 403)
    clinician = hub_clinician(scope, resource.careManager, f"{EOC}.careManager")
    start = resource.period.start if resource.period else None
    if start is None:
        raise invalid("Give the start date as period.start", f"{EOC}.period.start", "required")
    start_date = start.date() if isinstance(start, datetime) else start
    review = _extension(resource, codes.REVIEW_DATE_EXTENSION)
    review_date = review.valueDate if review else start_date + timedelta(days=codes.DEFAULT_REVIEW_AFTER_DAYS)
    if review_date is None or review_date < start_date:
        raise invalid("The review date (valueDate) must be on or after period.start",
                      f"{EOC}.extension('{codes.REVIEW_DATE_EXTENSION}')", "value")
    bronchiolitis = _extension(resource, codes.BRONCHIOLITIS_EXTENSION)
    return EnrolmentIn(_patient(scope, resource), programme, clinician, start_date, review_date,
                       bool(bronchiolitis and bronchiolitis.valueBoolean))


def enrol(scope: ClientScope, resource, actor: Actor) -> Enrolment:
    require_hub_client(scope)
    wanted = read_episode_of_care(scope, resource)
    patient = wanted.patient
    if patient.pk and Enrolment.objects.active().filter(patient=patient, programme=wanted.programme).exists():
        raise invalid(f"This patient is already enrolled in {Programme(wanted.programme).label}", f"{EOC}.type", "duplicate", 409)
    try:
        with transaction.atomic():
            if patient.pk is None:
                patient.save()
            return services.enrol(patient, wanted.programme, hub=Hub.objects.get(pk=scope.hub_id), clinician=wanted.clinician,
                                  start_date=wanted.start_date, review_date=wanted.review_date, actor=actor,
                                  bronchiolitis=wanted.bronchiolitis)
    except services.MonitoringError as error:  # the programme's age limits, or an enrolment made meanwhile
        raise invalid(str(error), f"{EOC}.patient", "business-rule", 422) from error


# --- Goal: an SpO2 target ---------------------------------------------------------------------------

def enrolment_by_reference(scope: ClientScope, reference: str, expression: str) -> Enrolment:
    kind, _, identifier = (reference or "").rpartition("/")
    found = enrolments_visible_to_client(scope).filter(pk=int(identifier)).first() if (
        kind.endswith("EpisodeOfCare") and identifier.isascii() and identifier.isdigit() and len(identifier) < 12) else None
    if found is None:
        raise invalid(f"No EpisodeOfCare {reference} that this client may see", expression, "not-found", 422)
    return found


def set_goal(scope: ClientScope, resource, actor: Actor) -> Goal:
    require_hub_client(scope)
    if resource.lifecycleStatus != "active":
        raise invalid("A target is set active: send lifecycleStatus \"active\"", "Goal.lifecycleStatus", "value")
    link = _extension(resource, codes.EPISODE_OF_CARE_EXTENSION)
    if link is None or link.valueReference is None:
        raise invalid(f"Name the enrolment with extension {codes.EPISODE_OF_CARE_EXTENSION}, valueReference "
                      "{\"reference\": \"EpisodeOfCare/{id}\"}", "Goal.extension", "required")
    where = f"Goal.extension('{codes.EPISODE_OF_CARE_EXTENSION}').valueReference"
    enrolment = enrolment_by_reference(scope, link.valueReference.reference, where)
    if nhs_number_of(resource.subject, "Goal.subject") != enrolment.patient.nhs_number:
        raise invalid("Goal.subject is not the patient of that EpisodeOfCare", "Goal.subject", "value", 422)
    if enrolment.programme != Programme.RESPIRATORY_ADULT:
        raise invalid("A saturation target is for the adult respiratory ward, where NEWS2 uses it", where, "business-rule", 422)
    clinician = hub_clinician(scope, (resource.expressedBy), "Goal.expressedBy")
    low, high = _spo2_range(resource.target or [])
    # The client says which clinician set the target; it is the client that is authenticated.
    by = Actor(label=f"{actor.label} for {clinician.username}"[:200], ip_address=actor.ip_address)
    try:
        return services.set_spo2_target(enrolment, low, high, by)
    except services.MonitoringError as error:
        raise invalid(str(error), "Goal.target[0].detailRange", "business-rule", 422) from error


def _spo2_range(targets) -> tuple[int, int]:
    if len(targets) != 1:
        raise invalid("Give one target", "Goal.target", "required")
    target = targets[0]
    measures = {(coding.system, coding.code) for coding in (target.measure.coding if target.measure else None) or []}
    if not measures & codes.SPO2_TARGET_MEASURES:
        raise invalid("The target measure must be oxygen saturation: SNOMED 103228002 or LOINC 59408-5 or 2708-6",
                      "Goal.target[0].measure", "code-invalid")
    bounds = []
    for end in ("low", "high"):
        quantity = getattr(target.detailRange, end, None) if target.detailRange else None
        where = f"Goal.target[0].detailRange.{end}"
        if quantity is None or quantity.value is None:
            raise invalid("Give the target as detailRange with low and high in %", where, "required")
        if quantity.code != "%" or quantity.system not in (None, codes.UCUM):
            raise invalid("Give the target in percent (UCUM %)", f"{where}.code", "value")
        if quantity.value != quantity.value.to_integral_value():
            raise invalid("Give the target in whole percent", f"{where}.value", "value")
        bounds.append(int(quantity.value))
    return bounds[0], bounds[1]
