"""Task search: status, owner and patient.identifier, paged, within what the client may see."""

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db import transaction
from django.db.models import Q

from healthhub.consultations.models import Route
from healthhub.core import audit
from healthhub.patients.nhs_number import FHIR_SYSTEM as NHS_NUMBER_SYSTEM

from .auth import ClientScope, requests_visible_to_client
from .errors import FhirError
from .intake import ODS_SYSTEM
from .presenters import STATUS_FROM_TASK, bundle, task_resource

DEFAULT_COUNT = 20
ODS_CODE = re.compile(r"[A-Z0-9]{3,10}")
TEN_DIGITS = re.compile(r"[0-9]{10}")
MAX_COUNT = 100


@dataclass(frozen=True)
class TaskSearch:
    status: str | None = None
    owner: str | None = None
    patient_identifier: str | None = None
    count: int = DEFAULT_COUNT
    offset: int = 0

    def __post_init__(self):
        if self.count < 0 or self.offset < 0:
            raise FhirError.one(400, "value", "_count and _offset must be zero or more")

    @property
    def page_size(self) -> int:
        return min(self.count, MAX_COUNT)

    def query(self, offset: int) -> str:
        params = {"status": self.status, "owner": self.owner, "patient.identifier": self.patient_identifier}
        params = {name: value for name, value in params.items() if value}
        return urlencode({**params, "_count": self.page_size, "_offset": offset})


def _token(value: str, expected_system: str) -> str | None:
    """'system|code' or 'code'; None when the system is not the one this parameter searches."""
    system, separator, code = value.rpartition("|")
    if separator and system and system != expected_system:
        return None
    return code.strip()


def _values(parameter: str) -> list[str]:
    return [value.strip() for value in parameter.split(",") if value.strip()]


# FHIR R4 TaskStatus: a code from here that the hub never uses matches nothing; anything else is a mistake.
TASK_STATUS_CODES = {"draft", "requested", "received", "accepted", "rejected", "ready", "cancelled", "in-progress",
                     "on-hold", "failed", "completed", "entered-in-error"}


def _status_filter(parameter: str) -> Q:
    unknown = [value for value in _values(parameter) if value not in TASK_STATUS_CODES]
    if unknown:
        raise FhirError.one(400, "value", f"status {', '.join(unknown)} is not a FHIR Task status; use one of "
                                          f"{', '.join(sorted(STATUS_FROM_TASK))}", "Task.status")
    return Q(status__in=[STATUS_FROM_TASK[value] for value in _values(parameter) if value in STATUS_FROM_TASK])


def _owner_filter(parameter: str) -> Q:
    """Owner is the hub, or the home practice once the request is routed back there."""
    codes = []
    for value in _values(parameter):
        code = (_token(value.removeprefix("Organization/"), ODS_SYSTEM) or "").upper()
        if ODS_CODE.fullmatch(code):  # anything else matches nothing, and never reaches the database
            codes.append(code)
    return (~Q(route=Route.HOME_PRACTICE) & Q(practice__hub__ods_code__in=codes)) | Q(
        route=Route.HOME_PRACTICE, practice__ods_code__in=codes
    )


def _patient_filter(parameter: str) -> Q:
    numbers = [code.replace(" ", "") for value in _values(parameter) if (code := _token(value, NHS_NUMBER_SYSTEM))]
    numbers = [number for number in numbers if TEN_DIGITS.fullmatch(number)]
    return Q(patient__nhs_number__in=numbers) & ~Q(patient__nhs_number="")


def search_tasks(scope: ClientScope, search: TaskSearch, base_url: str, actor) -> dict:
    requests = requests_visible_to_client(scope)
    # FHIR ignores a parameter given with no value.
    if search.status:
        requests = requests.filter(_status_filter(search.status))
    if search.owner:
        requests = requests.filter(_owner_filter(search.owner))
    if search.patient_identifier:
        requests = requests.filter(_patient_filter(search.patient_identifier))
    total = requests.count()
    page = []
    if search.offset < total:  # also keeps an absurd _offset away from the database
        ordered = requests.select_related("practice__hub", "patient").order_by("-received_at", "-id")
        page = list(ordered[search.offset : search.offset + search.page_size])
    with transaction.atomic():
        for request in page:
            audit.record(actor, "fhir.task.search", request)
    links = {"self": f"{base_url}Task?{search.query(search.offset)}"}
    if search.offset + search.page_size < total and search.page_size:
        links["next"] = f"{base_url}Task?{search.query(search.offset + search.page_size)}"
    if search.offset > 0:
        links["previous"] = f"{base_url}Task?{search.query(max(search.offset - search.page_size, 0))}"
    return bundle([task_resource(request) for request in page], base_url, total, links)
