"""The FHIR flavour of django-ninja: FHIR JSON in and out, OperationOutcome for every HTTP error.

The API authenticates clients itself (bearer tokens), so every URL it serves is marked
public for the site's login-required middleware; the documentation pages hold no data.
"""

from django.http import Http404
from ninja import NinjaAPI

from healthhub.core.middleware import public

from .errors import FhirError, error_response
from .responses import FHIR_JSON

JSON_MEDIA_TYPES = {FHIR_JSON, "application/json", "application/json+fhir"}
ACCEPTABLE = JSON_MEDIA_TYPES | {"application/*", "*/*"}
FORMAT_VALUES = JSON_MEDIA_TYPES | {"json"}
DOCUMENTATION_URL_NAMES = {"openapi-json", "openapi-view"}


def _accepts_json(accept: str) -> bool:
    for part in accept.split(","):
        media_type, *parameters = part.split(";")
        quality = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media_type.strip().lower() in ACCEPTABLE and quality > 0:
            return True
    return False


def unacceptable_format(request) -> FhirError | None:
    """FHIR's `_format` overrides Accept; both must allow JSON, the only format served here."""
    requested = request.GET.get("_format")
    if requested is not None:
        if requested.split(";")[0].strip().lower() not in FORMAT_VALUES:
            return FhirError.one(406, "not-supported", "Only JSON is served: use _format=json or application/fhir+json")
        return None
    accept = request.headers.get("Accept", "")
    if accept.strip() and not _accepts_json(accept):
        return FhirError.one(406, "not-supported", "Only JSON is served: accept application/fhir+json or application/json")
    return None


def require_json_body(request) -> None:
    if request.content_type not in JSON_MEDIA_TYPES:
        raise FhirError.one(415, "not-supported", "Send the resource as application/fhir+json (or application/json)")


class FhirNinjaAPI(NinjaAPI):
    def _get_urls(self):
        patterns = super()._get_urls()
        for pattern in patterns:
            pattern.callback = self._fhir_view(pattern.callback, documentation=pattern.name in DOCUMENTATION_URL_NAMES)
        return patterns

    @staticmethod
    def _fhir_view(view, documentation: bool):
        def fhir_view(request, *args, **kwargs):
            if not documentation:
                problem = unacceptable_format(request)
                if problem:
                    return error_response(problem)
            try:
                response = view(request, *args, **kwargs)
            except Http404:  # the bare base URL: ninja's root view has nothing to show
                return error_response(FhirError.one(404, "not-found", "No resource here: start with GET metadata"))
            if response.status_code == 405 and not documentation:
                allowed = response.get("Allow", "")
                return error_response(
                    FhirError.one(
                        405,
                        "not-supported",
                        f"{request.method} is not allowed here; allowed: {allowed}",
                        headers={"Allow": allowed},
                    )
                )
            return response

        fhir_view.csrf_exempt = True  # bearer tokens, not cookies: no cross-site request can use them
        return public(fhir_view)
