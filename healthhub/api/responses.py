"""FHIR JSON responses."""

import json

from django.http import HttpResponse
from ninja.renderers import JSONRenderer

FHIR_JSON = "application/fhir+json"


class FhirJSONRenderer(JSONRenderer):
    media_type = FHIR_JSON


def fhir_response(resource: dict | None, status: int = 200, headers: dict | None = None) -> HttpResponse:
    content = b"" if resource is None else json.dumps(resource, ensure_ascii=False, separators=(",", ":")).encode()
    response = HttpResponse(content, status=status, content_type=f"{FHIR_JSON}; charset=utf-8")
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def instant(value) -> str | None:
    """A FHIR instant/dateTime: ISO 8601 with the offset, to the second."""
    return value.isoformat(timespec="seconds") if value else None
