"""The FHIR R4 facade at /fhir/r4/: intake questionnaires, submissions, and Tasks that track them.

Views stay thin: authenticate (ninja runs ApiClientBearer), call a reader or service, respond.
"""

import re

from django.urls import reverse
from ninja import Query

from healthhub.core import audit

from . import intake, submissions
from .auth import ApiClientBearer, requests_visible_to_client
from .capability import capability_statement
from .errors import FhirError, register_exception_handlers
from .http import FhirNinjaAPI, require_json_body
from .presenters import bundle, questionnaire_response_resource, task_resource
from .questionnaire_resources import all_slugs, questionnaire_resource
from .responses import FHIR_JSON, FhirJSONRenderer, fhir_response
from .search import DEFAULT_COUNT, TaskSearch, search_tasks

api = FhirNinjaAPI(
    urls_namespace="fhir",
    title="Health Hub FHIR R4 API",
    version="r4",
    description="Online consultations for NHS App-style front ends and clinical systems. Every error is an OperationOutcome.",
    renderer=FhirJSONRenderer(),
    auth=ApiClientBearer(),
    docs_url="docs",
)
register_exception_handlers(api)

FHIR_ID = re.compile(r"[A-Za-z0-9\-.]{1,64}")


def _documented(summary: str, statuses: dict[int, str], body: str = "") -> dict:
    """OpenAPI for responses built by hand: FHIR JSON bodies, errors as OperationOutcome."""
    fhir_json = {FHIR_JSON: {"schema": {"type": "object", "description": "A FHIR R4 resource"}}}
    extra = {
        "summary": summary,
        "responses": {str(status): {"description": text, "content": fhir_json} for status, text in statuses.items()},
    }
    if body:
        extra["requestBody"] = {"required": True, "description": body, "content": fhir_json}
    return extra


def base_url(request) -> str:
    return request.build_absolute_uri(reverse("fhir:api-root"))


def _visible_request(request, reference: str):
    if not FHIR_ID.fullmatch(reference):  # not a possible id: nothing to look up
        raise FhirError.one(404, "not-found", "No request with that id")
    found = (
        requests_visible_to_client(request.auth).select_related("practice__hub", "patient").filter(reference=reference).first()
    )
    if found is None:  # another organisation's request is as unknown as a made-up one
        raise FhirError.one(404, "not-found", f"No request {reference} that this client may see")
    return found


@api.get("metadata", auth=None, openapi_extra=_documented("CapabilityStatement (no token needed)", {200: "CapabilityStatement"}))
def metadata(request):
    return fhir_response(capability_statement(base_url(request)))


@api.get("Questionnaire", openapi_extra=_documented("The intake questionnaires", {200: "Bundle of Questionnaire"}))
def search_questionnaires(request, url: str | None = Query(None)):
    resources = [questionnaire_resource(slug) for slug in all_slugs()]
    if url:
        resources = [resource for resource in resources if resource["url"] == url.partition("|")[0]]
    return fhir_response(bundle(resources, base_url(request), len(resources), {"self": request.build_absolute_uri()}))


@api.get("Questionnaire/{questionnaire_id}", openapi_extra=_documented("One intake questionnaire", {200: "Questionnaire"}))
def read_questionnaire(request, questionnaire_id: str):
    if questionnaire_id not in all_slugs():
        raise FhirError.one(404, "not-found", f"No Questionnaire {questionnaire_id}: see GET Questionnaire")
    return fhir_response(questionnaire_resource(questionnaire_id))


@api.post(
    "QuestionnaireResponse",
    openapi_extra=_documented(
        "Submit an online consultation",
        {
            201: "Created: Location is the Task",
            200: "A retry: the request made the first time",
            400: "Invalid",
            403: "Another practice",
            422: "Emergency symptoms (the advice is in the OperationOutcome), practice not served, or intake paused",
        },
        body="A completed QuestionnaireResponse with the patient as a contained Patient; optional Idempotency-Key header",
    ),
)
def create_questionnaire_response(request):
    require_json_body(request)
    resource = intake.parse_resource(request.body)
    actor = request.auth.actor(request)
    consultation, created = submissions.submit(
        request.auth, resource, request.headers.get(submissions.IDEMPOTENCY_HEADER, ""), actor
    )
    if not created:
        audit.record(actor, "fhir.submission.replayed", consultation)
    base = base_url(request)
    headers = {
        "Location": f"{base}Task/{consultation.reference}",
        "Content-Location": f"{base}QuestionnaireResponse/{consultation.reference}",
    }
    minimal = "return=minimal" in request.headers.get("Prefer", "")
    body = None if minimal else questionnaire_response_resource(consultation)
    return fhir_response(body, status=201 if created else 200, headers=headers)


@api.get("QuestionnaireResponse/{response_id}", openapi_extra=_documented("A submission", {200: "QuestionnaireResponse"}))
def read_questionnaire_response(request, response_id: str):
    consultation = _visible_request(request, response_id)
    audit.record(request.auth.actor(request), "fhir.questionnaire_response.read", consultation)
    return fhir_response(questionnaire_response_resource(consultation))


@api.get("Task/{task_id}", openapi_extra=_documented("The Task tracking a request", {200: "Task"}))
def read_task(request, task_id: str):
    consultation = _visible_request(request, task_id)
    audit.record(request.auth.actor(request), "fhir.task.read", consultation)
    return fhir_response(task_resource(consultation))


@api.get("Task", openapi_extra=_documented("Search Tasks", {200: "Bundle of Task (searchset)"}))
def search_task(
    request,
    status: str | None = Query(None, description="requested | accepted | in-progress | completed (comma for OR)"),
    owner: str | None = Query(None, description="ODS code, optionally https://fhir.nhs.uk/Id/ods-organization-code|CODE"),
    patient_identifier: str | None = Query(
        None, alias="patient.identifier", description="https://fhir.nhs.uk/Id/nhs-number|NNNNNNNNNN"
    ),
    count: int = Query(DEFAULT_COUNT, alias="_count"),
    offset: int = Query(0, alias="_offset"),
):
    search = TaskSearch(status=status, owner=owner, patient_identifier=patient_identifier, count=count, offset=offset)
    return fhir_response(search_tasks(request.auth, search, base_url(request), request.auth.actor(request)))


from . import monitoring_routes  # noqa: E402, F401, I001 - its routes must be registered before the catch-all below


@api.api_operation(["GET", "POST", "PUT", "PATCH", "DELETE"], "{path:unknown}", auth=None, include_in_schema=False)
def unknown_resource(request, unknown: str):
    raise FhirError.one(404, "not-supported", f"{unknown} is not served here: see GET metadata for what is")
