"""Remote monitoring as FHIR: enrolments (EpisodeOfCare), saturation targets (Goal), and each stored
observation set as Observations, the server's NEWS2 score and the home blood pressure averages among them.

An observation set is one row but several Observations: each has the id "{set id}-{reading key}"
(e.g. "41-rr", "41-news2"). The home averages are worked out afresh from an enrolment's readings
(NICE NG136, clinical.blood_pressure) and have the ids "hbpm-{enrolment id}-systolic" / "-diastolic".
"""

from decimal import Decimal

from healthhub.clinical.blood_pressure import BpReading, hbpm_average
from healthhub.monitoring.models import Enrolment, Goal, ObservationSet, Programme
from healthhub.patients.nhs_number import FHIR_SYSTEM as NHS_NUMBER_SYSTEM

from . import monitoring_codes as codes
from .errors import Issue, operation_outcome
from .intake import ODS_SYSTEM
from .responses import instant

RAW_READINGS = (
    ("rr", "respiration_rate", codes.RESPIRATION_RATE),
    ("spo2", "spo2", codes.SPO2),
    ("pulse", "pulse", codes.PULSE),
    ("temp", "temperature", codes.TEMPERATURE),
)
HBPM_CODINGS = {"systolic": codes.HBPM_SYSTOLIC, "diastolic": codes.HBPM_DIASTOLIC}


def _subject(patient) -> dict:
    subject = {"display": patient.full_name}
    if patient.nhs_number:
        subject["identifier"] = {"system": NHS_NUMBER_SYSTEM, "value": patient.nhs_number}
    return subject


def _hub(hub) -> dict:
    return {"identifier": {"system": ODS_SYSTEM, "value": hub.ods_code}, "display": hub.name}


def _category(code: str) -> list[dict]:
    return [{"coding": [{"system": codes.OBSERVATION_CATEGORY, "code": code, "display": code.replace("-", " ").title()}]}]


def _quantity(value, reading: codes.Reading) -> dict:
    number = float(value) if isinstance(value, Decimal) else value
    return {"value": number, "unit": reading.unit_display, "system": codes.UCUM, "code": reading.units[0]}


def _observation(observation_set: ObservationSet, key: str, reading: codes.Reading) -> dict:
    enrolment = observation_set.enrolment
    return {
        "resourceType": "Observation",
        "id": f"{observation_set.pk}-{key}",
        "meta": {"lastUpdated": instant(observation_set.received_at)},
        "status": "final",
        "category": _category(reading.category),
        "code": reading.code(),
        "subject": _subject(enrolment.patient),
        "effectiveDateTime": instant(observation_set.effective_at),
        "issued": instant(observation_set.received_at),
        "performer": [_hub(enrolment.hub)],
    }


def raw_observations(observation_set: ObservationSet) -> list[dict]:
    """What was measured, one Observation per reading (blood pressure as one panel)."""
    found = []
    for key, name, reading in RAW_READINGS:
        value = getattr(observation_set, name)
        if value is not None:
            found.append(_observation(observation_set, key, reading) | {"valueQuantity": _quantity(value, reading)})
    if observation_set.on_oxygen is not None:
        found.append(_observation(observation_set, "air", codes.ON_OXYGEN if observation_set.on_oxygen else codes.ROOM_AIR))
    components = [{"code": part.code(), "valueQuantity": _quantity(getattr(observation_set, part.field), part)}
                  for part in codes.BLOOD_PRESSURE_PARTS if getattr(observation_set, part.field) is not None]
    if components:
        found.append(_observation(observation_set, "bp", codes.BLOOD_PRESSURE) | {"component": components})
    if observation_set.consciousness:
        level = codes.ACVPU[observation_set.consciousness]
        found.append(_observation(observation_set, "acvpu", codes.CONSCIOUSNESS)
                     | {"valueCodeableConcept": {"coding": [level.as_fhir()], "text": level.display}})
    return found


def _score(value: int) -> dict:
    return _quantity(value, codes.NEWS2_TOTAL)


def news2_observation(observation_set: ObservationSet, raw: list[dict]) -> dict:
    """The server's NEWS2: the total, each parameter's score as a component, the clinical response band."""
    sub_scores = observation_set.sub_scores
    components = []
    for name, coding in codes.NEWS2_SUB_SCORES.items():
        if name == "spo2" and observation_set.scale == 2:
            coding = codes.SPO2_SCALE_2_SUB_SCORE
        components.append({"code": {"coding": [coding.as_fhir()]}, "valueQuantity": _score(sub_scores[name])})
    band = codes.NEWS2_RESPONSES[observation_set.result]
    return _observation(observation_set, "news2", codes.NEWS2_TOTAL) | {
        "valueQuantity": _score(observation_set.score_total),
        "interpretation": [{"coding": [{"system": codes.NEWS2_RESPONSE_SYSTEM, "code": observation_set.result, "display": band}],
                            "text": band}],
        "method": {"text": f"RCP NEWS2 (2017), SpO2 scale {observation_set.scale}; rule table {observation_set.rule_version}"},
        "derivedFrom": [{"reference": f"Observation/{resource['id']}"} for resource in raw],
        "component": components,
    }


def set_observations(observation_set: ObservationSet) -> list[dict]:
    raw = raw_observations(observation_set)
    if observation_set.score_kind == "news2" and observation_set.score_total is not None:
        return [news2_observation(observation_set, raw), *raw]
    return raw


def hbpm_observations(enrolment: Enrolment, sets) -> list[dict]:
    """The home averages once the enrolment has readings on enough days (day 1 discarded); none before."""
    if enrolment.programme != Programme.HYPERTENSION:
        return []
    readings = [BpReading(reading.effective_at, reading.systolic_bp, reading.diastolic_bp) for reading in sets
                if reading.systolic_bp is not None and reading.diastolic_bp is not None]
    average = hbpm_average(readings)
    if average is None:
        return []
    used = [reading.taken_at for reading in readings if reading.london_day > average.first_day]
    method = (f"Home blood pressure monitoring average (NICE NG136): {average.readings_used} readings over {average.days_used} "
              f"days, the first day ({average.first_day.isoformat()}, {average.readings_discarded} readings) discarded; "
              f"rule table {average.rule_version}")
    return [
        {
            "resourceType": "Observation",
            "id": f"hbpm-{enrolment.pk}-{end}",
            "status": "final",
            "category": _category("vital-signs"),
            "code": {"coding": [coding.as_fhir()]},
            "subject": _subject(enrolment.patient),
            "effectivePeriod": {"start": instant(min(used)), "end": instant(max(used))},
            "performer": [_hub(enrolment.hub)],
            "valueQuantity": _quantity(getattr(average, end), codes.SYSTOLIC),
            "method": {"text": method},
        }
        for end, coding in HBPM_CODINGS.items()
    ]


def episode_of_care_resource(enrolment: Enrolment) -> dict:
    extensions = [{"url": codes.REVIEW_DATE_EXTENSION, "valueDate": enrolment.review_date.isoformat()}]
    if enrolment.bronchiolitis:
        extensions.append({"url": codes.BRONCHIOLITIS_EXTENSION, "valueBoolean": True})
    clinician = enrolment.responsible_clinician
    period = {"start": enrolment.start_date.isoformat()}
    if enrolment.discharged_at:
        period["end"] = instant(enrolment.discharged_at)
    programme = Programme(enrolment.programme)
    return {
        "resourceType": "EpisodeOfCare",
        "id": str(enrolment.pk),
        "meta": {"lastUpdated": instant(enrolment.discharged_at or enrolment.enrolled_at)},
        "extension": extensions,
        "status": "active" if enrolment.is_active else "finished",
        "type": [{"coding": [{"system": codes.PROGRAMME_SYSTEM, "code": programme.value, "display": programme.label}]}],
        "patient": _subject(enrolment.patient),
        "managingOrganization": _hub(enrolment.hub),
        "period": period,
        "careManager": {"identifier": {"system": codes.STAFF_USERNAME_SYSTEM, "value": clinician.username},
                        "display": clinician.display_name},
    }


def goal_resource(goal: Goal) -> dict:
    enrolment = goal.enrolment
    current = enrolment.is_active and enrolment.goals.filter(measure=goal.measure).first() == goal
    percent = codes.SPO2.units[0]
    return {
        "resourceType": "Goal",
        "id": str(goal.pk),
        "meta": {"lastUpdated": instant(goal.set_at)},
        "extension": [{"url": codes.EPISODE_OF_CARE_EXTENSION, "valueReference": {"reference": f"EpisodeOfCare/{enrolment.pk}"}}],
        # Targets are never changed: a newer one replaces this one.
        "lifecycleStatus": "active" if current else "completed",
        "description": {"text": f"Oxygen saturation (SpO2) target {goal.low}-{goal.high}%"},
        "subject": _subject(enrolment.patient),
        "startDate": instant(goal.set_at)[:10],
        "expressedBy": {"display": goal.set_by_label},
        "target": [{
            "measure": codes.SPO2.code(),
            "detailRange": {"low": {"value": goal.low, "unit": "percent", "system": codes.UCUM, "code": percent},
                            "high": {"value": goal.high, "unit": "percent", "system": codes.UCUM, "code": percent}},
        }],
    }


def set_response(observation_set: ObservationSet, reading_set, bundle_type: str, base_url: str) -> dict:
    """The batch/transaction response: an entry per entry sent, in order, then the server's NEWS2 (if scored)."""
    resources = {resource["id"]: resource for resource in set_observations(observation_set)}
    news2_id = f"{observation_set.pk}-news2"

    def entry(resource_id: str, status: str, outcome: list[Issue]) -> dict:
        response = {"status": status, "location": f"Observation/{resource_id}",
                    "lastModified": instant(observation_set.received_at)}
        if outcome:
            response["outcome"] = operation_outcome(outcome)
        return {"fullUrl": f"{base_url}Observation/{resource_id}", "resource": resources[resource_id], "response": response}

    entries = []
    for sent in reading_set.entries:
        if sent.client_score is not None:
            replaced = Issue("informational", f"NEWS2 is worked out here from the readings: the total sent ({sent.client_score}) "
                             f"is not stored; this server's total is {observation_set.score_total}", f"{sent.where}.valueQuantity",
                             "warning")
            entries.append(entry(news2_id if news2_id in resources else next(iter(resources)), "200 OK", [replaced]))
        else:
            entries.append(entry(f"{observation_set.pk}-{sent.reading.key}", "201 Created", sent.warnings))
    if news2_id in resources:
        entries.append(entry(news2_id, "201 Created", []))
    return {"resourceType": "Bundle", "type": "batch-response" if bundle_type == "batch" else "transaction-response",
            "entry": entries}
