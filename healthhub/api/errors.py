"""FHIR errors: every failure leaves the API as an OperationOutcome, never a stack trace."""

import logging
from dataclasses import dataclass

import pydantic
from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.http import Http404
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from .responses import fhir_response

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Issue:
    """One OperationOutcome issue; `code` is from http://hl7.org/fhir/issue-type."""

    code: str
    diagnostics: str
    expression: str = ""
    severity: str = "error"

    def as_fhir(self) -> dict:
        issue = {"severity": self.severity, "code": self.code, "diagnostics": self.diagnostics}
        if self.expression:
            issue["expression"] = [self.expression]
        return issue


class FhirError(Exception):
    def __init__(self, status: int, issues: list[Issue], headers: dict | None = None):
        super().__init__(issues[0].diagnostics if issues else str(status))
        self.status = status
        self.issues = issues
        self.headers = headers or {}

    @classmethod
    def one(cls, status: int, code: str, diagnostics: str, expression: str = "", headers: dict | None = None) -> "FhirError":
        return cls(status, [Issue(code, diagnostics, expression)], headers)


def operation_outcome(issues: list[Issue]) -> dict:
    return {"resourceType": "OperationOutcome", "issue": [issue.as_fhir() for issue in issues]}


def error_response(error: FhirError):
    return fhir_response(operation_outcome(error.issues), status=error.status, headers=error.headers)


def fhir_path(root: str, location: tuple) -> str:
    """('item', 0, 'linkId') -> 'QuestionnaireResponse.item[0].linkId' (pydantic's own wrappers dropped)."""
    path = root
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part not in ("root", "__root__"):
            path += f".{part}"
    return path


def pydantic_issues(error: pydantic.ValidationError, root: str) -> list[Issue]:
    # The message and location only: pydantic's `input` would echo patient data back into logs and responses.
    return [
        Issue("structure" if item["type"] == "extra_forbidden" else "invalid", item["msg"], fhir_path(root, item["loc"]))
        for item in error.errors(include_url=False, include_input=False)[:20]
    ]


def _unauthorised(request, exc):
    challenge = 'Bearer realm="fhir"'
    if request.headers.get("Authorization"):
        challenge += ', error="invalid_token"'
        message = "The bearer token is not valid, or its client has been revoked"
    else:
        message = "Send a bearer token: Authorization: Bearer <token>"
    return error_response(FhirError.one(401, "login", message, headers={"WWW-Authenticate": challenge}))


def _http_error(request, exc: HttpError):
    code = {403: "forbidden", 404: "not-found", 429: "throttled"}.get(exc.status_code, "processing")
    status = exc.status_code if 400 <= exc.status_code < 500 else 400
    return error_response(FhirError.one(status, code, str(exc)))


def _query_invalid(request, exc: NinjaValidationError):
    issues = [
        Issue("invalid", item.get("msg", "Invalid value"), ".".join(str(part) for part in item.get("loc", ())[1:]))
        for item in exc.errors[:20]
    ]
    return error_response(FhirError(400, issues or [Issue("invalid", "The request is not valid")]))


def _unexpected(request, exc):
    logger.exception("Unexpected error in the FHIR API: %s %s", request.method, request.path)
    return error_response(FhirError.one(500, "exception", "Something went wrong on our side; the error has been logged"))


def register_exception_handlers(api) -> None:
    api.add_exception_handler(FhirError, lambda request, exc: error_response(exc))
    api.add_exception_handler(AuthenticationError, _unauthorised)
    api.add_exception_handler(HttpError, _http_error)
    api.add_exception_handler(NinjaValidationError, _query_invalid)
    api.add_exception_handler(
        pydantic.ValidationError, lambda request, exc: error_response(FhirError(400, pydantic_issues(exc, "Resource")))
    )
    api.add_exception_handler(Http404, lambda request, exc: error_response(FhirError.one(404, "not-found", "No such resource")))
    api.add_exception_handler(
        PermissionDenied, lambda request, exc: error_response(FhirError.one(403, "forbidden", "Not allowed"))
    )
    api.add_exception_handler(
        RequestDataTooBig, lambda request, exc: error_response(FhirError.one(413, "too-costly", "The request body is too large"))
    )
    api.add_exception_handler(
        SuspiciousOperation, lambda request, exc: error_response(FhirError.one(400, "security", "The request was refused"))
    )
    api.add_exception_handler(Exception, _unexpected)
