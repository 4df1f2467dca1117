"""No input produces a 5xx: random bodies, mutated submissions, random queries and headers."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import questionnaire_response

FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)

FHIR_WORDS = [
    "resourceType",
    "QuestionnaireResponse",
    "Patient",
    "item",
    "linkId",
    "answer",
    "valueCoding",
    "valueString",
    "valueBoolean",
    "emergency-screen",
    "code",
    "system",
    "contained",
    "identifier",
    "value",
    "name",
    "given",
    "family",
    "birthDate",
    "telecom",
    "phone",
    "email",
    "generalPractitioner",
    "status",
    "completed",
    "questionnaire",
    "subject",
    "reference",
    "#patient",
    "address",
    "postalCode",
    "topic",
    "description",
    "duration",
    "https://fhir.nhs.uk/Id/nhs-number",
    "G82106",
    "9434765919",
]
keys = st.sampled_from(FHIR_WORDS) | st.text(max_size=10)
scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(FHIR_WORDS)
    | st.text(max_size=30)
    | st.sampled_from(["\x00", "G82\x00106", "\ud800", "Alex\udfff", "\u2028", "\ufeff"])
)
json_values = st.recursive(
    scalars, lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=5), max_leaves=25
)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, (*prefix, index))


VALID = questionnaire_response()
PATHS = [path for path in _paths(VALID) if path]


def _mutated(path, replacement, delete: bool) -> dict:
    resource = json.loads(json.dumps(VALID))
    parent = resource
    for step in path[:-1]:
        parent = parent[step]
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = replacement
    return resource


def assert_no_server_error(response):
    assert response.status_code < 500, response.content[:500]
    if response.status_code >= 400:
        assert response.json()["resourceType"] == "OperationOutcome"


@FUZZ
@given(body=json_values)
def test_random_json_bodies_never_cause_a_server_error(clients, body):
    assert_no_server_error(clients.hub.post("QuestionnaireResponse", json.dumps(body)))


@FUZZ
@given(body=st.binary(max_size=200))
def test_random_bytes_never_cause_a_server_error(clients, body):
    assert_no_server_error(clients.hub.post("QuestionnaireResponse", body))


@settings(FUZZ, max_examples=300)
@given(path=st.sampled_from(PATHS), replacement=json_values, delete=st.booleans())
def test_mutated_submissions_never_cause_a_server_error(clients, path, replacement, delete):
    assert_no_server_error(clients.hub.submit(_mutated(path, replacement, delete)))


@FUZZ
@given(
    params=st.dictionaries(
        st.sampled_from(["status", "owner", "patient.identifier", "_count", "_offset", "_format", "url"]),
        st.text(max_size=40) | st.integers().map(str) | st.sampled_from(["G82106\x00", "943476591\x009", "MSHUB1\n"]),
        max_size=4,
    ),
    reference=(st.text(min_size=1, max_size=20) | st.sampled_from(["ABCD-EFG\x00", "ABCD-EFGH\n", "%00"])).filter(
        lambda text: "/" not in text and "?" not in text and "#" not in text
    ),
    accept=st.sampled_from(["", "*/*", "application/xml", "q=;,", "application/json;q=abc"]) | st.text(max_size=20),
)
def test_random_queries_references_and_headers_never_cause_a_server_error(clients, params, reference, accept):
    headers = {"Accept": accept} if accept.isprintable() else {}
    for path in (
        "Task",
        "Questionnaire",
        f"Task/{reference}",
        f"QuestionnaireResponse/{reference}",
        f"Questionnaire/{reference}",
    ):
        assert_no_server_error(clients.hub.get(path, params, headers=headers))
