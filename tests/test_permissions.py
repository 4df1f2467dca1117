"""The permission walk: every URL in the project, requested as every persona, against one table.

A URL name missing from EXPECTED fails `test_every_url_is_in_the_permission_table`: decide who may
see the new page and add a row. Rows for names that do not exist (yet) are allowed.

Each cell is what a GET returns (a POST with an empty form, for the rows marked POST: actions that
only accept a POST, each tried on a request of its own so one action cannot change another's result):
    LOGIN  302 to the sign-in page, with `next` pointing back
    200    the page
    302    a redirect somewhere other than sign-in (a journey page without its draft, an action
           whose request is not in the right state, the home page sending staff to their work)
    400    a bad or missing query for a JSON endpoint
    403    this role may never see it
    404    this user's organisation may not see this record (so references cannot be probed)
Every cell that refuses (LOGIN, 403, 404) is also tried with a POST, which must be refused too and
change nothing.
"""

from decimal import Decimal
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from healthhub.consultations.models import ContactAttempt, Note, OutcomesMatrixEntry, StatusEvent
from healthhub.consultations.questionnaires import MEDICAL
from healthhub.core.audit import Actor
from healthhub.monitoring import services as monitoring
from healthhub.monitoring.models import Alert, Enrolment, ObservationSet, Programme
from healthhub.monitoring.scoring import Observations
from healthhub.organisations.models import Practice
from tests import factories

LOGIN = "login"

# Not walked here, each for a reason:
EXCLUDED_PREFIXES = {
    "admin/": "the Django admin has its own staff sign-in and permissions",
    "fhir/r4/": "the FHIR API authenticates with bearer tokens per API client (tests/api)",
}

PERSONAS = ["anonymous", "practice_a_staff", "practice_b_staff", "nurse", "gp", "hub_admin", "clinical_director", "icb_analyst"]


def row(anonymous, practice_a_staff, practice_b_staff, nurse, gp, hub_admin, clinical_director, icb_analyst, query="", method="GET"):
    statuses = dict(zip(PERSONAS, [anonymous, practice_a_staff, practice_b_staff, nurse, gp, hub_admin, clinical_director, icb_analyst], strict=True))
    return SimpleNamespace(statuses=statuses, query=query, method=method)


def everyone(status):
    return row(*[status] * len(PERSONAS))


def staff_only(practice_a_staff, practice_b_staff, nurse, gp, hub_admin, clinical_director, icb_analyst, query="", method="GET"):
    return row(LOGIN, practice_a_staff, practice_b_staff, nurse, gp, hub_admin, clinical_director, icb_analyst, query=query, method=method)


def posted(*cells):
    return staff_only(*cells, method="POST")


# Request pages below are asked for a request from practice A. Columns:
#                         practice A, practice B, nurse, GP, hub admin, clinical director, ICB analyst
EXPECTED = {
    # Public information pages; the home page sends signed-in staff on to their work.
    "core:home": row(200, 302, 302, 302, 302, 302, 302, 302),
    "core:accessibility": everyone(200),
    "core:privacy": everyone(200),
    "core:audit": staff_only(403, 403, 403, 403, 403, 200, 403),
    # Sign-in, second factor, sign-out.
    "accounts:login": everyone(200),
    "accounts:two_factor": staff_only(200, 200, 200, 200, 200, 200, 200),
    "accounts:logout": everyone(200),
    # Patients' pages are public; journey pages without a draft send the visitor to the start.
    "intake:choose_practice": everyone(200),
    "intake:start": everyone(200),
    "intake:request_type": everyone(200),
    "intake:paused": everyone(302),
    "intake:emergency_group": everyone(302),
    "intake:emergency_screen": everyone(302),
    "intake:emergency_stop": everyone(200),
    "intake:question": everyone(302),
    "intake:who_for": everyone(302),
    "intake:proxy_details": everyone(302),
    "intake:patient_details": everyone(302),
    "intake:contact_details": everyone(302),
    "intake:check_answers": everyone(302),
    "intake:confirmation": everyone(302),
    # Hub staff, and practice staff for their own practice, entering a request for a caller.
    "intake:for_caller": staff_only(200, 200, 200, 200, 200, 200, 403),
    "intake:for_caller_done": staff_only(200, 404, 200, 200, 200, 200, 403),
    # Pausing a practice's medical intake: hub staff and the practice's own staff.
    "organisations:intake": staff_only(200, 200, 200, 200, 200, 200, 403),
    "organisations:intake_practice": staff_only(200, 404, 200, 200, 200, 200, 403),
    "organisations:intake_resume": posted(302, 404, 302, 302, 302, 302, 403),
    # The hub's work: hub and practice staff; ICB analysts never see a patient's request.
    "consultations:queue": staff_only(200, 200, 200, 200, 200, 200, 403),
    "consultations:my_queue": staff_only(302, 302, 302, 302, 302, 302, 403),
    "consultations:queue_updates": staff_only(200, 200, 200, 200, 200, 200, 403, query="since=2026-01-05T08:00:00%2B00:00"),
    "consultations:find_request": staff_only(200, 200, 200, 200, 200, 200, 403),
    "consultations:recently_closed": staff_only(200, 200, 200, 200, 200, 200, 403),
    "consultations:practice_queue": staff_only(200, 200, 200, 200, 200, 200, 403),
    "consultations:request_detail": staff_only(200, 404, 200, 200, 200, 200, 403),
    # Actions on a submitted, unassigned request. Taking, starting, routing, closing: clinicians.
    "consultations:claim": posted(403, 404, 302, 302, 403, 302, 403),
    "consultations:start": posted(403, 404, 302, 302, 403, 302, 403),  # not yet taken: back to the page
    "consultations:assign": staff_only(403, 404, 403, 403, 200, 200, 403),
    "consultations:unassign": posted(403, 404, 302, 302, 302, 302, 403),  # nobody holds it: back to the page
    "consultations:route": staff_only(403, 404, 200, 200, 403, 200, 403),
    "consultations:note": staff_only(403, 404, 200, 200, 200, 200, 403),
    "consultations:contact": staff_only(403, 404, 200, 200, 200, 200, 403),
    "consultations:outcome": staff_only(403, 404, 302, 302, 302, 302, 403),  # take it first
    "consultations:reopen": staff_only(403, 404, 302, 302, 403, 302, 403),  # not closed
    "consultations:acknowledge": posted(302, 404, 403, 403, 403, 403, 403),  # not sent back: back to the page
    # The outcomes matrix: hub staff read it, the clinical director changes it.
    "consultations:outcomes_matrix": staff_only(403, 403, 200, 200, 200, 200, 403),
    "consultations:outcomes_matrix_add": staff_only(403, 403, 403, 403, 403, 200, 403),
    "consultations:outcomes_matrix_entry": staff_only(403, 403, 403, 403, 403, 200, 403),
    # Remote monitoring is the hub's: its staff see the caseload and alerts and enrol patients;
    # clinical acts are for clinicians. Practice staff and ICB analysts see none of it.
    "monitoring:overview": staff_only(403, 403, 200, 200, 200, 200, 403),
    "monitoring:caseload": staff_only(403, 403, 200, 200, 200, 200, 403),
    "monitoring:alerts": staff_only(403, 403, 200, 200, 200, 200, 403),
    "monitoring:acknowledge_alert": staff_only(403, 403, 200, 200, 403, 200, 403),
    "monitoring:enrol": staff_only(403, 403, 200, 200, 200, 200, 403),
    "monitoring:enrol_new_patient": staff_only(403, 403, 200, 200, 200, 200, 403),
    "monitoring:enrolment": staff_only(403, 403, 200, 200, 200, 200, 403),
    "monitoring:record_observations": staff_only(403, 403, 200, 200, 403, 200, 403),
    "monitoring:spo2_target": staff_only(403, 403, 200, 200, 403, 200, 403),
    "monitoring:bp_target": staff_only(403, 403, 404, 404, 403, 404, 403),  # walked for an adult on the ward: no BP target
    "monitoring:discharge": staff_only(403, 403, 200, 200, 403, 200, 403),
    "monitoring:reading_link": posted(403, 403, 302, 302, 302, 302, 403),
    # A patient's own page, by the secret in the link texted to them: no sign-in.
    "monitoring:patient_readings": everyone(200),
    # Aggregate figures: ICB analysts, hub staff and practices (their own practice only).
    "insights:outcomes": staff_only(200, 200, 200, 200, 200, 200, 200),
}


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace) if part)
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield prefix + str(entry.pattern), name, set(entry.pattern.converters)


def walked_urls():
    """(route, name, parameter names) for every URL the project serves, bar the excluded areas."""
    return [
        (route, name, params)
        for route, name, params in _walk(get_resolver().url_patterns)
        if not any(route.startswith(prefix) for prefix in EXCLUDED_PREFIXES)
    ]


@pytest.fixture
def url_values(world):
    """Concrete values for URL parameters: a request from practice A, practice A's ODS code, and so on."""
    request_a = factories.submit(world.practice_a)
    entry = OutcomesMatrixEntry.objects.first() or OutcomesMatrixEntry.objects.create(
        category="clinical", route="hub", description="Acute same-day appointment request"
    )
    recorded = _monitored_patient(world, request_a.patient)
    return {"reference": request_a.reference, "ods": world.practice_a.ods_code, "link_id": MEDICAL.questions[0].link_id,
            "entry_id": entry.pk, "programme": Programme.RESPIRATORY_ADULT.value,
            "enrolment_id": recorded.observation_set.enrolment_id, "alert_id": recorded.alert.pk,
            "secret": _readings_link(world, request_a.patient)}


def _readings_link(world, patient) -> str:
    """The secret of the readings link texted to practice A's patient, enrolled in home blood pressure monitoring."""
    actor = Actor.staff(world.nurse)
    enrolment = monitoring.enrol(patient, Programme.HYPERTENSION, hub=world.hub, clinician=world.nurse,
                                 start_date=timezone.localdate(), review_date=timezone.localdate(), actor=actor)
    links = []
    monitoring.send_reading_link(enrolment, lambda secret: links.append(secret) or f"https://hub.example/{secret}", actor)
    return links[0]


def _monitored_patient(world, patient):
    """Practice A's patient on the hub's adult respiratory ward, with an alert raised by their latest observations."""
    actor = Actor.staff(world.nurse)
    enrolment = monitoring.enrol(patient, Programme.RESPIRATORY_ADULT, hub=world.hub, clinician=world.nurse,
                                 start_date=timezone.localdate(), review_date=timezone.localdate(), actor=actor)
    medium = Observations(respiration_rate=21, spo2=93, on_oxygen=False, systolic_bp=120, pulse=95, consciousness="A",
                          temperature=Decimal("37.5"))
    return monitoring.record_observations(enrolment, medium, effective_at=timezone.now(), source="staff", actor=actor)


def values_for(expected, url_values, world):
    """A POST row acts on a fresh request from practice A, so earlier actions in the walk cannot change its result."""
    if expected.method == "POST":
        return {**url_values, "reference": factories.submit(world.practice_a).reference}
    return url_values


def concrete_url(name, params, values, query="") -> str:
    missing = params - values.keys()
    assert not missing, f"{name}: the permission walk does not know how to fill {sorted(missing)}; add them to url_values"
    url = reverse(name, kwargs={param: values[param] for param in params})
    return f"{url}?{query}" if query else url


def observed(response, url) -> int | str:
    """The response as a table cell: LOGIN for a redirect to sign-in that brings the user back here."""
    if response.status_code == 302:
        location = urlsplit(response["Location"])
        if location.path == reverse("accounts:login"):
            assert parse_qs(location.query).get("next") == [url], f"{url}: sign-in redirect loses the way back"
            return LOGIN
    return response.status_code


def test_every_url_is_in_the_permission_table():
    unnamed = sorted(route for route, name, _ in walked_urls() if not name)
    assert not unnamed, f"Give these URL patterns a name so the permission walk can cover them: {unnamed}"
    missing = sorted({name for _, name, _ in walked_urls()} - EXPECTED.keys())
    assert not missing, (
        f"New URLs without permission expectations: {missing}. Add a row for each to EXPECTED in "
        "tests/test_permissions.py saying what every persona gets (LOGIN, 200, 302, 403, 404 or 405)."
    )


def test_the_excluded_areas_still_exist():
    """An exclusion whose area is gone should be removed, not silently kept."""
    routes = [route for route, _, _ in _walk(get_resolver().url_patterns)]
    for prefix, reason in EXCLUDED_PREFIXES.items():
        assert any(route.startswith(prefix) for route in routes), f"{prefix} is excluded ({reason}) but serves nothing"


def _client_for(persona, world, client):
    if persona != "anonymous":
        factories.sign_in(client, world.users[persona])
    return client


def _state():
    return (StatusEvent.objects.count(), Note.objects.count(), ContactAttempt.objects.count(),
            list(OutcomesMatrixEntry.objects.values_list("pk", "description", "route", "is_default_for_category")),
            [(p.ods_code, getattr(getattr(p, "intake_status", None), "medical_paused", False))
             for p in Practice.objects.order_by("ods_code")],
            list(Enrolment.objects.values_list("pk", "discharged_at", "reading_link_hash")), ObservationSet.objects.count(),
            list(Alert.objects.values_list("pk", "acknowledged_at")))


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_persona_gets_what_the_table_says(persona, world, client, url_values):
    client = _client_for(persona, world, client)
    wrong = []
    for _route, name, params in walked_urls():
        if name not in EXPECTED:
            continue  # reported by test_every_url_is_in_the_permission_table
        expected = EXPECTED[name]
        url = concrete_url(name, params, values_for(expected, url_values, world), expected.query)
        response = client.post(url, {}) if expected.method == "POST" else client.get(url)
        got = observed(response, url)
        if got != expected.statuses[persona]:
            wrong.append(f"{expected.method} {name} {url}: expected {expected.statuses[persona]}, got {got}")
        if response.get("Content-Type", "").startswith("text/html"):
            assert "'nonce-" in response.get("Content-Security-Policy", ""), f"{url}: HTML without a CSP nonce"
            if response.status_code in (403, 404):
                assert "nhsuk-header" in response.content.decode(), f"{url}: {response.status_code} is not the NHS error page"
    assert not wrong, f"As {persona}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_refused_persona_cannot_post_either(persona, world, client, url_values):
    client = _client_for(persona, world, client)
    before = _state()
    wrong = []
    for _route, name, params in walked_urls():
        expected = EXPECTED.get(name)
        if expected is None or expected.statuses[persona] not in (LOGIN, 403, 404):
            continue
        url = concrete_url(name, params, url_values, expected.query)
        got = observed(client.post(url, {}), url)
        allowed = {LOGIN} if expected.statuses[persona] == LOGIN else {403, 404, 405}
        if got not in allowed:
            wrong.append(f"POST {name} {url}: expected one of {sorted(map(str, allowed))}, got {got}")
    assert not wrong, f"As {persona}:\n" + "\n".join(wrong)
    assert _state() == before, f"A refused POST as {persona} changed something"


def test_practice_b_cannot_find_practice_a_requests_by_reference(world, signed_in, url_values):
    client = signed_in(world.practice_b_staff)
    response = client.get(reverse("consultations:find_request"), {"reference": url_values["reference"]})
    assert response.status_code == 200
    assert f"/hub/requests/{url_values['reference']}/" not in response.content.decode()  # no link to it
    assert "No request you can see has the reference" in response.content.decode()
