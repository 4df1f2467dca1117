"""The CapabilityStatement: what this server does, for clients to discover (public, as FHIR expects)."""

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
        "rest": [{"mode": "server", "security": _SECURITY, "resource": _RESOURCES}],
    }
