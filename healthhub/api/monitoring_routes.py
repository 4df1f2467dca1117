"""The FHIR routes of remote monitoring: enrol (EpisodeOfCare), set a saturation target (Goal), send
readings (Observation, or a batch/transaction Bundle posted to the base URL), and read the results
(Observation read and search: the readings, the server's NEWS2 and the home blood pressure averages).

Registered on the facade's `api` (healthhub.api.fhir imports this module before its catch-all route).
"""

import re
from urllib.parse import urlencode

from django.db import transaction
from ninja import Query

from healthhub.core import audit
from healthhub.monitoring.models import Goal, ObservationSet
from healthhub.patients.nhs_number import FHIR_SYSTEM as NHS_NUMBER_SYSTEM
from healthhub.patients.nhs_number import InvalidNHSNumber, NHSNumber

from . import monitoring_intake as monitoring
from . import monitoring_presenters as present
from . import observation_intake
from .errors import FhirError
from .fhir import _documented, api, base_url
from .http import require_json_body
from .presenters import bundle
from .responses import fhir_response

SET_OBSERVATION_ID = re.compile(r"([0-9]{1,12})-([a-z0-9]{1,10})")
HBPM_OBSERVATION_ID = re.compile(r"hbpm-([0-9]{1,12})-(systolic|diastolic)")
NUMERIC_ID = re.compile(r"[0-9]{1,12}")
DEFAULT_COUNT = 50
MAX_COUNT = 100
WRITE_ERRORS = {400: "Invalid, naming the field", 403: "Not a hub's client", 409: "Already recorded",
                422: "Not allowed by the programme's rules (unknown or unenrolled patient, implausible or missing readings)"}


def _created(resource: dict, request, status: int = 201):
    location = f"{base_url(request)}{resource['resourceType']}/{resource['id']}"
    return fhir_response(resource, status=status, headers={"Location": location})


@api.post("EpisodeOfCare", openapi_extra=_documented(
    "Enrol a patient in remote monitoring", {201: "Created: Location is the EpisodeOfCare"} | WRITE_ERRORS,
    body="EpisodeOfCare: type (programme), patient (NHS number; a contained Patient when new), managingOrganization "
         "(the hub's ODS code), careManager (a hub clinician's username), period.start"))
def create_episode_of_care(request):
    require_json_body(request)
    resource = monitoring.parse(request.body, ("EpisodeOfCare",))
    enrolment = monitoring.enrol(request.auth, resource, request.auth.actor(request))
    return _created(present.episode_of_care_resource(enrolment), request)


@api.get("EpisodeOfCare/{enrolment_id}", openapi_extra=_documented("An enrolment", {200: "EpisodeOfCare", 404: "Not found"}))
def read_episode_of_care(request, enrolment_id: str):
    enrolment = (monitoring.enrolments_visible_to_client(request.auth).filter(pk=int(enrolment_id)).first()
                 if NUMERIC_ID.fullmatch(enrolment_id) else None)
    if enrolment is None:
        raise FhirError.one(404, "not-found", f"No EpisodeOfCare {enrolment_id} that this client may see")
    audit.record(request.auth.actor(request), "fhir.episode_of_care.read", enrolment)
    return fhir_response(present.episode_of_care_resource(enrolment))


@api.post("Goal", openapi_extra=_documented(
    "Set a patient's oxygen saturation target", {201: "Created: Location is the Goal"} | WRITE_ERRORS,
    body="Goal: subject (NHS number), the workflow-episodeOfCare extension (EpisodeOfCare/{id}), expressedBy (a hub "
         "clinician's username), target.measure SpO2 and target.detailRange in %"))
def create_goal(request):
    require_json_body(request)
    resource = monitoring.parse(request.body, ("Goal",))
    goal = monitoring.set_goal(request.auth, resource, request.auth.actor(request))
    return _created(present.goal_resource(goal), request)


@api.get("Goal/{goal_id}", openapi_extra=_documented("A saturation target", {200: "Goal", 404: "Not found"}))
def read_goal(request, goal_id: str):
    visible = monitoring.enrolments_visible_to_client(request.auth)
    goal = (Goal.objects.select_related("enrolment__patient").filter(pk=int(goal_id), enrolment__in=visible).first()
            if NUMERIC_ID.fullmatch(goal_id) else None)
    if goal is None:
        raise FhirError.one(404, "not-found", f"No Goal {goal_id} that this client may see")
    audit.record(request.auth.actor(request), "fhir.goal.read", goal.enrolment, goal=goal.pk)
    return fhir_response(present.goal_resource(goal))




@api.post("Observation", openapi_extra=_documented(
    "Send one reading (blood pressure, or a child's reading): it is its own observation set",
    {201: "Created: the Observation as stored"} | WRITE_ERRORS,
    body="A vital-sign Observation (UK Core codings, UCUM units), subject by NHS number, effectiveDateTime with offset"))
def create_observation(request):
    require_json_body(request)
    resource = monitoring.parse(request.body, ("Observation",))
    recorded, reading_set = observation_intake.record(request.auth, resource, request.auth.actor(request))
    stored = recorded.observation_set
    wanted = f"{stored.pk}-{reading_set.entries[0].reading.key}"
    return _created(next(item for item in present.set_observations(stored) if item["id"] == wanted), request)


@api.api_operation(["GET", "POST"], "", openapi_extra=_documented(
    "POST a batch or transaction Bundle of Observations taken at one time: one observation set, scored at once",
    {200: "batch-response or transaction-response, with the server's NEWS2 Observation last"} | WRITE_ERRORS,
    body="Bundle (transaction or batch) of Observations sharing subject and effectiveDateTime"))
def system_interaction(request):
    if request.method == "GET":
        raise FhirError.one(404, "not-found", "No resource here: start with GET metadata")
    require_json_body(request)
    resource = monitoring.parse(request.body, ("Bundle",))
    recorded, reading_set = observation_intake.record(request.auth, resource, request.auth.actor(request))
    return fhir_response(present.set_response(recorded.observation_set, reading_set, resource.type, base_url(request)))


@api.get("Observation/{observation_id}", openapi_extra=_documented("A reading or a result", {200: "Observation", 404: "Not found"}))
def read_observation(request, observation_id: str):
    visible = monitoring.enrolments_visible_to_client(request.auth)
    found, enrolment = None, None
    if match := HBPM_OBSERVATION_ID.fullmatch(observation_id):
        enrolment = visible.filter(pk=int(match[1])).first()
        resources = present.hbpm_observations(enrolment, enrolment.observation_sets.all()) if enrolment else []
        found = next((item for item in resources if item["id"] == observation_id), None)
    elif match := SET_OBSERVATION_ID.fullmatch(observation_id):
        stored = (ObservationSet.objects.select_related("enrolment__patient", "enrolment__hub")
                  .filter(pk=int(match[1]), enrolment__in=visible).first())
        enrolment = stored.enrolment if stored else None
        found = next((item for item in present.set_observations(stored) if item["id"] == observation_id), None) if stored else None
    if found is None:
        raise FhirError.one(404, "not-found", f"No Observation {observation_id} that this client may see")
    audit.record(request.auth.actor(request), "fhir.observation.read", enrolment, observation=observation_id)
    return fhir_response(found)


def _tokens(parameter: str) -> list[tuple[str | None, str]]:
    tokens = []
    for value in filter(None, (part.strip() for part in parameter.split(","))):
        system, separator, code = value.rpartition("|")
        tokens.append((system if separator and system else None, code))
    return tokens


def _nhs_numbers(parameter: str) -> list[str]:
    numbers = []
    for system, value in _tokens(parameter):
        if system not in (None, NHS_NUMBER_SYSTEM):
            continue  # another identifier system matches no patient here
        try:
            numbers.append(NHSNumber.parse(value).value)
        except InvalidNHSNumber as error:
            raise FhirError.one(400, "value", f"{error}", "patient.identifier") from error
    return numbers


def _coded(resource: dict, tokens: list[tuple[str | None, str]]) -> bool:
    return any(coding["code"] == code and system in (None, coding["system"])
               for coding in resource["code"]["coding"] for system, code in tokens)


@api.get("Observation", openapi_extra=_documented("Search a patient's readings and results", {200: "Bundle (searchset)"}))
def search_observations(
    request,
    patient_identifier: str | None = Query(None, alias="patient.identifier", description=f"{NHS_NUMBER_SYSTEM}|NNNNNNNNNN"),
    code: str | None = Query(None, description="system|code, comma for OR, e.g. http://snomed.info/sct|1104051000000101"),
    count: int = Query(DEFAULT_COUNT, alias="_count"),
    offset: int = Query(0, alias="_offset"),
):
    if not patient_identifier:
        raise FhirError.one(400, "required", f"Search by patient: patient.identifier={NHS_NUMBER_SYSTEM}|NNNNNNNNNN",
                            "patient.identifier")
    if count < 0 or offset < 0:
        raise FhirError.one(400, "value", "_count and _offset must be zero or more")
    page_size = min(count, MAX_COUNT)
    enrolments = list(monitoring.enrolments_visible_to_client(request.auth)
                      .filter(patient__nhs_number__in=_nhs_numbers(patient_identifier)))
    sets = list(ObservationSet.objects.filter(enrolment__in=enrolments)
                .select_related("enrolment__patient", "enrolment__hub").order_by("-effective_at", "-id"))
    found = [item for enrolment in enrolments
             for item in present.hbpm_observations(enrolment, [each for each in sets if each.enrolment_id == enrolment.pk])]
    found += [item for each in sets for item in present.set_observations(each)]
    if code:
        found = [item for item in found if _coded(item, _tokens(code))]
    page = found[offset : offset + page_size]
    actor = request.auth.actor(request)
    shown = {item["subject"]["identifier"]["value"] for item in page}
    with transaction.atomic():
        for enrolment in enrolments:
            if enrolment.patient.nhs_number in shown:
                audit.record(actor, "fhir.observation.search", enrolment)
    base = base_url(request)
    params = {"patient.identifier": patient_identifier} | ({"code": code} if code else {})
    links = {"self": f"{base}Observation?{urlencode(params | {'_count': page_size, '_offset': offset})}"}
    if offset + page_size < len(found) and page_size:
        links["next"] = f"{base}Observation?{urlencode(params | {'_count': page_size, '_offset': offset + page_size})}"
    return fhir_response(bundle(page, base, len(found), links))
