"""The codes remote monitoring speaks over FHIR: each reading's codings and units, the scores' codes, our own systems.

Sources (see ../shared/fhir-examples/README.md, "CODES TABLE", for each code as the examples use it):
HL7 UK Core R4 examples and profiles (UKCore-Observation-VitalSigns-*, UKCore-Observation-ACVPU,
UKCore-Observation-EarlyWarningTotalScore, ValueSet-UKCore-ACVPU, ValueSet-UKCore-EarlyWarningSubScore);
the FHIR R4 vital signs LOINC codes; NICE NG136 / SNOMED CT for the home blood pressure averages
(DOMAIN.md 3.3). Units are UCUM codes. A reading is recognised by any one of its accepted codings.
"""

from dataclasses import dataclass

from .questionnaire_resources import CANONICAL_BASE

CODES_VERSION = "uk-core-r4-2025-06.1"

SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"

STAFF_USERNAME_SYSTEM = "https://healthhub.example/Id/staff-username"
PROGRAMME_SYSTEM = f"{CANONICAL_BASE}/CodeSystem/monitoring-programme"
NEWS2_RESPONSE_SYSTEM = f"{CANONICAL_BASE}/CodeSystem/news2-clinical-response"
REVIEW_DATE_EXTENSION = f"{CANONICAL_BASE}/StructureDefinition/monitoring-review-date"
BRONCHIOLITIS_EXTENSION = f"{CANONICAL_BASE}/StructureDefinition/monitoring-bronchiolitis"
# The FHIR extensions pack's link from any resource to its EpisodeOfCare (Goal.addresses may not point at one).
EPISODE_OF_CARE_EXTENSION = "http://hl7.org/fhir/StructureDefinition/workflow-episodeOfCare"
# No review date given: the enrolment is reviewed this many days after it starts.
DEFAULT_REVIEW_AFTER_DAYS = 14


@dataclass(frozen=True)
class Coding:
    system: str
    code: str
    display: str

    def as_fhir(self) -> dict:
        return {"system": self.system, "code": self.code, "display": self.display}


@dataclass(frozen=True)
class Reading:
    """One kind of Observation a set is made of; `field` names it as scoring.Observations does."""

    key: str  # also the suffix of the Observation's id
    field: str
    label: str
    codings: tuple[Coding, ...]  # the first few are what the server writes; all are accepted
    written: int  # how many of `codings` the server writes
    units: tuple[str, ...] = ()  # UCUM codes accepted; the first is the one written
    unit_display: str = ""
    decimal_places: int = 0
    category: str = "vital-signs"

    def code(self) -> dict:
        return {"coding": [coding.as_fhir() for coding in self.codings[: self.written]]}


RESPIRATION_RATE = Reading(
    "rr", "respiration_rate", "respiratory rate",
    (Coding(SNOMED, "86290005", "Respiratory rate"), Coding(LOINC, "9279-1", "Respiratory Rate")), 2,
    ("/min", "{Breaths}/min", "{breaths}/min"), "per minute",
)
SPO2 = Reading(
    "spo2", "spo2", "oxygen saturation",
    (Coding(SNOMED, "103228002", "Hemoglobin saturation with oxygen"),
     Coding(LOINC, "2708-6", "Oxygen saturation in Arterial blood"),
     Coding(LOINC, "59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry"),
     Coding(SNOMED, "431314004", "Peripheral oxygen saturation")), 3,
    ("%",), "percent",
)
PULSE = Reading(
    "pulse", "pulse", "heart rate",
    (Coding(SNOMED, "364075005", "Heart rate"), Coding(LOINC, "8867-4", "Heart rate"),
     Coding(SNOMED, "78564009", "Pulse rate"), Coding(SNOMED, "444981005", "Resting heart rate")), 2,
    ("/min", "{beats}/min"), "per minute",
)
TEMPERATURE = Reading(
    "temp", "temperature", "body temperature",
    (Coding(SNOMED, "276885007", "Core body temperature"), Coding(LOINC, "8310-5", "Body temperature")), 2,
    ("Cel",), "degree Celsius", decimal_places=1,
)
BLOOD_PRESSURE = Reading(
    "bp", "", "blood pressure",
    (Coding(SNOMED, "75367002", "Blood pressure"), Coding(LOINC, "85354-9", "Blood pressure panel with all children optional")), 2,
)
SYSTOLIC = Reading(
    "bp", "systolic_bp", "systolic blood pressure",
    (Coding(SNOMED, "72313002", "Systolic arterial pressure"), Coding(LOINC, "8480-6", "Systolic blood pressure")), 2,
    ("mm[Hg]",), "millimeter of mercury",
)
DIASTOLIC = Reading(
    "bp", "diastolic_bp", "diastolic blood pressure",
    (Coding(SNOMED, "1091811000000102", "Diastolic arterial pressure"), Coding(LOINC, "8462-4", "Diastolic blood pressure")), 2,
    ("mm[Hg]",), "millimeter of mercury",
)
ROOM_AIR = Reading("air", "on_oxygen", "breathing room air", (Coding(SNOMED, "722742002", "Breathing room air"),), 1,
                   category="exam")
ON_OXYGEN = Reading("air", "on_oxygen", "on oxygen", (Coding(SNOMED, "371825009", "Patient on oxygen"),), 1,
                    ("l/min",), "litre per minute", decimal_places=1, category="therapy")
CONSCIOUSNESS = Reading(
    "acvpu", "consciousness", "consciousness (ACVPU)",
    (Coding(SNOMED, "1104441000000107", "ACVPU (Alert Confusion Voice Pain Unresponsive) scale score"),), 1,
    category="survey",
)
NEWS2_TOTAL = Reading(
    "news2", "", "NEWS2 total score",
    (Coding(SNOMED, "1104051000000101", "Royal College of Physicians NEWS2 (National Early Warning Score 2) total score"),), 1,
    ("{ScoreOf}",), "ScoreOf", category="survey",
)

READINGS = (RESPIRATION_RATE, SPO2, PULSE, TEMPERATURE, BLOOD_PRESSURE, SYSTOLIC, DIASTOLIC, ROOM_AIR, ON_OXYGEN,
            CONSCIOUSNESS, NEWS2_TOTAL)
BLOOD_PRESSURE_PARTS = (SYSTOLIC, DIASTOLIC)
_BY_CODING = {(coding.system, coding.code): reading for reading in READINGS for coding in reading.codings}
if len(_BY_CODING) != sum(len(reading.codings) for reading in READINGS):
    raise ValueError("A coding is listed for two readings")


def readings_coded(codings) -> set[Reading]:
    """The readings any of these codings (objects with .system and .code) stand for."""
    return {_BY_CODING[(coding.system, coding.code)] for coding in codings or [] if (coding.system, coding.code) in _BY_CODING}


# ValueSet-UKCore-ACVPU, one code per ACVPU level (scoring's letters).
ACVPU = {
    "A": Coding(SNOMED, "248234008", "Mentally alert"),
    "C": Coding(SNOMED, "130987000", "Acute confusion"),
    "V": Coding(SNOMED, "300202002", "Responds to voice"),
    "P": Coding(SNOMED, "450847001", "Responds to pain"),
    "U": Coding(SNOMED, "422768004", "Unresponsive"),
}
ACVPU_LEVEL = {coding.code: level for level, coding in ACVPU.items()}

_NEWS2_PREFIX = "Royal College of Physicians NEWS2 (National Early Warning Score 2) - "
NEWS2_SUB_SCORES = {
    "respiration_rate": Coding(SNOMED, "1104301000000104", _NEWS2_PREFIX + "respiration rate score"),
    "spo2": Coding(SNOMED, "1104311000000102", _NEWS2_PREFIX + "oxygen saturation scale 1 score"),
    "air_or_oxygen": Coding(SNOMED, "1104331000000105", _NEWS2_PREFIX + "air or oxygen score"),
    "systolic_bp": Coding(SNOMED, "1104341000000101", _NEWS2_PREFIX + "systolic blood pressure score"),
    "pulse": Coding(SNOMED, "1104351000000103", _NEWS2_PREFIX + "pulse score"),
    "consciousness": Coding(SNOMED, "1104361000000100", _NEWS2_PREFIX + "consciousness score"),
    "temperature": Coding(SNOMED, "1104371000000107", _NEWS2_PREFIX + "temperature score"),
}
SPO2_SCALE_2_SUB_SCORE = Coding(SNOMED, "1104321000000108", _NEWS2_PREFIX + "oxygen saturation scale 2 score")

NEWS2_RESPONSES = {
    "none": "No score: routine monitoring",
    "low": "Low: ward-based response",
    "low-medium": "Low-medium (a single parameter scoring 3): urgent ward-based review",
    "medium": "Medium: urgent response within an hour",
    "high": "High: emergency response",
}

HBPM_SYSTOLIC = Coding(SNOMED, "413606001", "Average home systolic blood pressure")
HBPM_DIASTOLIC = Coding(SNOMED, "413605002", "Average home diastolic blood pressure")

# Goal.target.measure for a saturation target.
SPO2_TARGET_MEASURES = {(coding.system, coding.code) for coding in SPO2.codings}
