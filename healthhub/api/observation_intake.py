"""Readings from monitoring clients: one Observation, or a Bundle of Observations taken at one moment
(one observation set), checked against UK Core's codings and UCUM units (monitoring_codes) and
recorded through the monitoring service, scored at once. Problems are FhirErrors naming the field.
"""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from healthhub.clinical import blood_pressure
from healthhub.core.audit import Actor
from healthhub.monitoring import services
from healthhub.monitoring.models import Enrolment, Programme
from healthhub.monitoring.scoring import FIELD_LABELS, InvalidObservations, Observations
from healthhub.patients.models import Patient

from . import monitoring_codes as codes
from .auth import ClientScope
from .errors import FhirError, Issue
from .monitoring_intake import enrolments_visible_to_client, invalid, nhs_number_of, require_hub_client


@dataclass
class SetEntry:
    where: str  # FHIRPath of the Observation
    reading: codes.Reading
    client_score: Decimal | None = None
    warnings: list[Issue] = field(default_factory=list)


@dataclass
class ObservationSetIn:
    root: str  # "Observation" or "Bundle"
    nhs_number: str = ""
    effective_at: datetime | None = None
    effective_where: str = ""
    values: dict = field(default_factory=dict)
    sources: dict = field(default_factory=dict)  # field -> FHIRPath of its value
    entries: list[SetEntry] = field(default_factory=list)

    @property
    def blood_pressure_only(self) -> bool:
        return set(self.values) <= {"systolic_bp", "diastolic_bp"}

    def observations(self) -> Observations:
        return Observations(**self.values)

    def put(self, name: str, value, where: str) -> None:
        if name in self.values:
            raise invalid(f"The {FIELD_LABELS[name].lower()} is given twice in one set", where, "duplicate")
        self.values[name], self.sources[name] = value, where


ACCEPTED_STATUSES = {"final", "amended", "corrected"}
MAX_ENTRIES = 30
# No reading comes near this; it keeps absurd numbers away from arithmetic and the database.
LARGEST_NUMBER = Decimal(10000)


def _number(quantity, reading: codes.Reading, where: str):
    if quantity is None or quantity.value is None:
        raise invalid(f"Give the {reading.label} as valueQuantity with a value", where, "required")
    if quantity.comparator:
        raise invalid(f"Give the {reading.label} as an exact value, not {quantity.comparator}", f"{where}.comparator", "value")
    if quantity.system != codes.UCUM or quantity.code not in reading.units:
        raise invalid(f"Give the {reading.label} in UCUM {' or '.join(reading.units)} (system {codes.UCUM}), "
                      f"not {quantity.code or quantity.unit or 'no unit'}", f"{where}.code", "value")
    value = quantity.value
    if not value.is_finite() or abs(value) >= LARGEST_NUMBER:
        raise invalid(f"{value} is not a possible {reading.label}", f"{where}.value", "value", 422)
    if value * 10**reading.decimal_places % 1:
        precision = "a whole number" if reading.decimal_places == 0 else f"{reading.decimal_places} decimal place"
        raise invalid(f"Give the {reading.label} as {precision}", f"{where}.value", "value")
    return int(value) if reading.decimal_places == 0 else value


def _reading_of(concept, where: str) -> codes.Reading:
    found = codes.readings_coded(concept.coding if concept else None)
    if len(found) > 1:
        raise invalid("The codings name different readings: send each reading as its own Observation", where, "code-invalid")
    if not found:
        known = "; ".join(f"{reading.label} {reading.codings[0].code}" for reading in codes.READINGS)
        raise invalid(f"Not a reading remote monitoring takes. Readings (SNOMED CT, or their LOINC codes): {known}",
                      where, "not-supported", 422)
    return found.pop()


def _read_value(observation, reading: codes.Reading, where: str, into: ObservationSetIn) -> SetEntry:
    entry = SetEntry(where, reading)
    if reading is codes.BLOOD_PRESSURE:
        for index, component in enumerate(observation.component or []):
            part_where = f"{where}.component[{index}]"
            part = _reading_of(component.code, f"{part_where}.code")
            if part not in codes.BLOOD_PRESSURE_PARTS:
                raise invalid("A blood pressure panel holds systolic and diastolic components only", f"{part_where}.code")
            into.put(part.field, _number(component.valueQuantity, part, f"{part_where}.valueQuantity"),
                     f"{part_where}.valueQuantity.value")
        if not observation.component:
            raise invalid("Give the readings as systolic and diastolic components", f"{where}.component", "required")
    elif reading is codes.ROOM_AIR:
        into.put("on_oxygen", False, f"{where}.code")
    elif reading is codes.ON_OXYGEN:
        if observation.valueQuantity is not None:
            _number(observation.valueQuantity, reading, f"{where}.valueQuantity")
            entry.warnings.append(Issue("informational", "The oxygen flow rate is not recorded: only that the patient is on "
                                       "oxygen", f"{where}.valueQuantity", "warning"))
        into.put("on_oxygen", True, f"{where}.code")
    elif reading is codes.CONSCIOUSNESS:
        concept = observation.valueCodeableConcept
        levels = {codes.ACVPU_LEVEL[coding.code] for coding in (concept.coding if concept else None) or []
                  if coding.system == codes.SNOMED and coding.code in codes.ACVPU_LEVEL}
        if len(levels) != 1:
            raise invalid("Give the ACVPU level as valueCodeableConcept with one SNOMED CT code: "
                          + ", ".join(f"{coding.code} {coding.display}" for coding in codes.ACVPU.values()),
                          f"{where}.valueCodeableConcept", "code-invalid")
        into.put("consciousness", levels.pop(), f"{where}.valueCodeableConcept")
    elif reading is codes.NEWS2_TOTAL:
        entry.client_score = Decimal(_number(observation.valueQuantity, reading, f"{where}.valueQuantity"))
    else:
        into.put(reading.field, _number(observation.valueQuantity, reading, f"{where}.valueQuantity"), f"{where}.valueQuantity.value")
    return entry


def _read_observation(observation, where: str, into: ObservationSetIn) -> None:
    if observation.status not in ACCEPTED_STATUSES:
        raise invalid(f"Only {', '.join(sorted(ACCEPTED_STATUSES))} observations are recorded", f"{where}.status", "value")
    nhs_number = nhs_number_of(observation.subject, f"{where}.subject")
    if into.nhs_number and nhs_number != into.nhs_number:
        raise invalid("Every Observation in one set is about the same patient", f"{where}.subject", "value")
    taken = observation.effectiveDateTime or observation.effectiveInstant
    if not isinstance(taken, datetime) or taken.tzinfo is None:
        raise invalid("Give the date and time the reading was taken, with its offset (e.g. 2026-11-03T09:00:00+00:00)",
                      f"{where}.effective", "required")
    if into.effective_at is not None and taken != into.effective_at:
        raise invalid("The Observations in one Bundle are one set taken at one time: they must share effectiveDateTime",
                      f"{where}.effectiveDateTime", "value")
    into.nhs_number, into.effective_at = nhs_number, taken
    into.effective_where = into.effective_where or f"{where}.effectiveDateTime"
    reading = _reading_of(observation.code, f"{where}.code")
    into.entries.append(_read_value(observation, reading, where, into))


def read_observation_set(resource) -> ObservationSetIn:
    into = ObservationSetIn(resource.get_resource_type())
    if into.root == "Observation":
        _read_observation(resource, "Observation", into)
    else:
        _read_bundle(resource, into)
    if not into.values:
        raise invalid("No readings were sent: the server works out NEWS2 from the readings themselves", into.root, "required")
    return into


def _read_bundle(resource, into: ObservationSetIn) -> None:
    if resource.type not in ("transaction", "batch", "collection"):
        raise invalid("Send the set as a transaction (or batch) Bundle", "Bundle.type", "value")
    entries = resource.entry or []
    if not entries or len(entries) > MAX_ENTRIES:
        raise invalid(f"Send 1 to {MAX_ENTRIES} Observations", "Bundle.entry", "required")
    for index, entry in enumerate(entries):
        where = f"Bundle.entry[{index}]"
        if entry.request is not None and (entry.request.method != "POST" or entry.request.url.strip("/") != "Observation"):
            raise invalid("Each entry is created: request.method POST, request.url Observation", f"{where}.request", "not-supported")
        if entry.resource is None or entry.resource.get_resource_type() != "Observation":
            raise invalid("Each entry is an Observation", f"{where}.resource", "structure")
        _read_observation(entry.resource, f"{where}.resource", into)


def enrolment_for_set(scope: ClientScope, reading_set: ObservationSetIn) -> Enrolment:
    """The active enrolment the set belongs to: blood pressure alone goes to home monitoring, the rest to the ward."""
    patient_where = f"{reading_set.entries[0].where}.subject"
    enrolments = list(enrolments_visible_to_client(scope).filter(patient__nhs_number=reading_set.nhs_number))
    active = {enrolment.programme: enrolment for enrolment in enrolments if enrolment.is_active}
    if not active:
        known = enrolments or Patient.objects.filter(nhs_number=reading_set.nhs_number, practice__hub_id=scope.hub_id).exists()
        why = ("has been discharged from remote monitoring" if enrolments else
               "is not enrolled in remote monitoring" if known else "is not known to this hub")
        raise invalid(f"The patient with NHS number {reading_set.nhs_number} {why}", patient_where, "not-found", 422)
    if reading_set.blood_pressure_only and Programme.HYPERTENSION in active:
        return active[Programme.HYPERTENSION]
    if Programme.RESPIRATORY_CHILD in active:
        return active[Programme.RESPIRATORY_CHILD]
    if Programme.RESPIRATORY_ADULT in active:
        if reading_set.root == "Observation":
            raise invalid("An adult's NEWS2 set needs every reading taken at one time: send them together as a transaction "
                          "Bundle", "Observation", "business-rule", 422)
        return active[Programme.RESPIRATORY_ADULT]
    first_other = next(entry.where for entry in reading_set.entries if entry.reading.key != "bp")
    raise invalid("This patient is enrolled for home blood pressure monitoring only: send blood pressure readings",
                  f"{first_other}.code", "business-rule", 422)


def _send_as(name: str) -> str:
    coded = " or ".join(f"{reading.codings[0].code} ({reading.label})" for reading in codes.READINGS if reading.field == name)
    return f": send an Observation coded SNOMED CT {coded}" if coded else ""


def refused_readings(error: InvalidObservations, reading_set: ObservationSetIn) -> FhirError:
    """One issue per field, at the value that is wrong, or at the set when a reading is missing."""
    issues = []
    for name, message in error.errors.items():
        if name in reading_set.sources:
            issues.append(Issue("value", message, reading_set.sources[name]))
        elif name == "age":
            issues.append(Issue("business-rule", message, f"{reading_set.entries[0].where}.subject"))
        else:
            where = "Bundle.entry" if reading_set.root == "Bundle" else "Observation"
            issues.append(Issue("required", message + _send_as(name), where))
    return FhirError(422, issues)


def _refuse_implausible_blood_pressure(reading_set: ObservationSetIn) -> None:
    found = blood_pressure.implausible(systolic=reading_set.values.get("systolic_bp"), diastolic=reading_set.values.get("diastolic_bp"))
    if found:
        raise refused_readings(InvalidObservations({f"{name}_bp": message for name, message in found.items()}), reading_set)


def record(scope: ClientScope, resource, actor: Actor) -> tuple[services.Recorded, ObservationSetIn]:
    require_hub_client(scope)
    reading_set = read_observation_set(resource)
    enrolment = enrolment_for_set(scope, reading_set)
    if enrolment.programme != Programme.HYPERTENSION:  # the ward's rules do not check a diastolic reading
        _refuse_implausible_blood_pressure(reading_set)
    try:
        recorded = services.record_observations(enrolment, reading_set.observations(), effective_at=reading_set.effective_at,
                                                source="device", actor=actor)
    except InvalidObservations as error:
        raise refused_readings(error, reading_set) from error
    except services.ObservationSetExists as error:
        raise invalid(str(error), reading_set.effective_where, "duplicate", 409) from error
    except services.MonitoringError as error:
        raise invalid(str(error), reading_set.effective_where, "business-rule", 422) from error
    return recorded, reading_set
