"""The CapabilityStatement: what this server does, for clients to discover (public, as FHIR expects)."""

from healthhub.clinical.blood_pressure import HBPM_PROTOCOL

from . import monitoring_codes as codes
from .responses import FHIR_JSON

# Served as R4 (4.0.1): the resources used here are the same in R4 and R4B, whose models validate them.
FHIR_VERSION = "4.0.1"
RELEASE_DATE = "2025-01-06"

_SECURITY = {
    "cors": False,
    "service": [
        {
            "coding": [{"system": "http://terminology.hl7.org/CodeSystem/restful-security-service", "code": "OAuth"}],
            "text": "Bearer token",
        }
    ],
    "description": (
        "Every request except GET metadata needs `Authorization: Bearer <token>`. Tokens are issued per client "
        "(manage.py create_api_client NAME --organisation ODS_CODE) and bound to a hub or practice: "
        "a client sees only its organisation's requests."
    ),
}


def _search_param(name: str, kind: str, documentation: str) -> dict:
    return {"name": name, "type": kind, "documentation": documentation}


_RESOURCES = [
    {
        "type": "Questionnaire",
        "interaction": [{"code": "read"}, {"code": "search-type"}],
        "searchParam": [_search_param("url", "uri", "The canonical URL of the questionnaire")],
        "documentation": "The intake questionnaires the website asks (medical and administrative requests).",
    },
    {
        "type": "QuestionnaireResponse",
        "interaction": [{"code": "create"}, {"code": "read"}],
        "documentation": (
            "POST a completed response to submit an online consultation: the patient as a contained Patient "
            "(NHS number, name, birthDate, telecom, generalPractitioner with the practice ODS code). "
            "Send an Idempotency-Key header (or an identifier) so a retry does not make a second request. "
            "201 Created with Location of the Task that tracks the request; its id is the request reference."
        ),
    },
    {
        "type": "Task",
        "interaction": [{"code": "read"}, {"code": "search-type"}],
        "searchParam": [
            _search_param("status", "token", "requested | accepted | in-progress | completed"),
            _search_param("owner", "reference", "ODS code of the hub or, once routed back, the home practice"),
            _search_param("patient", "reference", "Chained as patient.identifier=https://fhir.nhs.uk/Id/nhs-number|NNNNNNNNNN"),
            _search_param("_count", "number", "Page size, at most 100 (default 20); pages follow Bundle.link next"),
        ],
        "documentation": (
            "One Task per request: status, businessStatus (the outcome once closed), restriction.period.end "
            "(the response deadline), owner, focus (the QuestionnaireResponse)."
        ),
    },
    {
        "type": "EpisodeOfCare",
        "interaction": [{"code": "create"}, {"code": "read"}],
        "documentation": (
            "Enrol a patient in remote monitoring (a hub's client only; a practice's client gets 403). "
            f"status active; type.coding {codes.PROGRAMME_SYSTEM}|hypertension, respiratory-adult or respiratory-child; "
            "patient.identifier with the NHS number (https://fhir.nhs.uk/Id/nhs-number), and for a patient new to the hub "
            "patient.reference \"#id\" to a contained Patient (NHS number, name, birthDate, telecom, address.postalCode, "
            "generalPractitioner with a practice the hub serves); managingOrganization.identifier: the hub's ODS code; "
            f"careManager.identifier {codes.STAFF_USERNAME_SYSTEM}|<username of a clinician of the hub> (required: the "
            "responsible clinician); period.start: the start date. The review date is extension "
            f"{codes.REVIEW_DATE_EXTENSION} (valueDate); without it the review is "
            f"{codes.DEFAULT_REVIEW_AFTER_DAYS} days after the start. A child with bronchiolitis: extension "
            f"{codes.BRONCHIOLITIS_EXTENSION} valueBoolean true. 201 Created, Location EpisodeOfCare/{{id}}."
        ),
    },
    {
        "type": "Goal",
        "interaction": [{"code": "create"}, {"code": "read"}],
        "documentation": (
            "A clinician's oxygen saturation target for a patient on the adult respiratory ward (a hub's client only). "
            "lifecycleStatus active; subject.identifier: the NHS number; the enrolment as extension "
            f"{codes.EPISODE_OF_CARE_EXTENSION} valueReference EpisodeOfCare/{{id}}; expressedBy.identifier "
            f"{codes.STAFF_USERNAME_SYSTEM}|<clinician's username>; one target with measure SNOMED CT 103228002 (or LOINC "
            "59408-5 or 2708-6) and detailRange low and high in % (UCUM %). The latest target is current: NEWS2 uses "
            "SpO2 scale 2 exactly when it is 88-92%, from the next set on."
        ),
    },
    {
        "type": "Observation",
        "interaction": [{"code": "create"}, {"code": "read"}, {"code": "search-type"}],
        "searchParam": [
            _search_param("patient", "reference", "Chained as patient.identifier=https://fhir.nhs.uk/Id/nhs-number|NNNNNNNNNN "
                                                  "(required)"),
            _search_param("code", "token", "system|code, comma for OR: e.g. http://snomed.info/sct|1104051000000101 "
                                           "(NEWS2), 413606001 / 413605002 (home average systolic / diastolic), or a reading"),
            _search_param("_count", "number", "Page size, at most 100 (default 50); pages follow Bundle.link next"),
        ],
        "documentation": (
            "Readings for remote monitoring, UK Core codings with UCUM units: respiratory rate SNOMED 86290005 / LOINC 9279-1 "
            "(/min or {Breaths}/min); SpO2 103228002 / LOINC 59408-5 or 2708-6 (%); heart rate 364075005 / LOINC 8867-4 "
            "(/min or {beats}/min); temperature 276885007 / LOINC 8310-5 (Cel); blood pressure panel 75367002 / LOINC "
            "85354-9 with components systolic 72313002 / 8480-6 and diastolic 1091811000000102 / 8462-4 (mm[Hg]), or a "
            "lone systolic; breathing room air 722742002 or on oxygen 371825009 (a flow rate in l/min is accepted but not "
            "recorded); ACVPU 1104441000000107 with valueCodeableConcept 248234008 alert, 130987000 new confusion, "
            "300202002 voice, 450847001 pain, 422768004 unresponsive. subject.identifier is the NHS number; "
            "effectiveDateTime carries its UTC offset; status final, amended or corrected. "
            "Readings taken at one time are one observation set, scored at once by the patient's programme: POST them "
            "to the base URL as a transaction or batch Bundle (all or nothing; a collection Bundle is read as a "
            "transaction). POST Observation alone is one set: for blood pressure monitoring and the children's ward; an "
            "adult's NEWS2 set needs every reading, so a single Observation for an adult on the respiratory ward gets 422. "
            "The server works out NEWS2 (SNOMED 1104051000000101, {ScoreOf}, each parameter's score as a component, the "
            "clinical response band in interpretation) and the home blood pressure averages (413606001 / 413605002, "
            f"NICE NG136: first day discarded, available from {HBPM_PROTOCOL.minimum_days_after_discarded} further days of "
            "readings); a NEWS2 total sent by the client "
            "is not stored. Errors name the field: 400 malformed or wrong unit, 409 a set already recorded at that "
            "time, 422 unknown or unenrolled patient, wrong programme, implausible or missing readings."
        ),
    },
]

_SYSTEM_INTERACTIONS = [
    {"code": "transaction", "documentation": "A Bundle of Observations taken at one time: one observation set"},
    {"code": "batch", "documentation": "As transaction: the set is recorded whole or not at all"},
]


def capability_statement(base_url: str) -> dict:
    return {
        "resourceType": "CapabilityStatement",
        "id": "health-hub",
        "status": "active",
        "date": RELEASE_DATE,
        "publisher": "Health Hub",
        "kind": "instance",
        "software": {"name": "Health Hub"},
        "implementation": {"description": "Health Hub online consultations", "url": base_url},
        "fhirVersion": FHIR_VERSION,
        "format": [FHIR_JSON, "json"],
        "rest": [{"mode": "server", "security": _SECURITY, "resource": _RESOURCES, "interaction": _SYSTEM_INTERACTIONS}],
    }
