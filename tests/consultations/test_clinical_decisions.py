"""Clinical decisions: the route (proposed, confirmed or overridden with a reason), the outcome, and reopening."""

import pytest

from healthhub.consultations import services
from healthhub.consultations.models import OutcomesMatrixEntry, Route, Status
from healthhub.core.audit import Actor
from healthhub.core.models import AuditEvent
from tests.intake.html_checks import assert_accessible_structure

from .pages import banners, client_for, error_summary, main_text


def url(request, action: str = "") -> str:
    return f"/hub/requests/{request.reference}/" + (f"{action}/" if action else "")


@pytest.fixture
def held(world, make_request, clock):
    """A request the nurse has taken."""
    request = make_request()
    services.claim(request, world.nurse, Actor.staff(world.nurse))
    return request


def entry(description: str) -> OutcomesMatrixEntry:
    return OutcomesMatrixEntry.objects.get(description=description)


def test_confirming_the_proposed_route_needs_no_reason(world, signed_in, held):
    client = signed_in(world.nurse)
    form = client.get(url(held, "route"))
    assert "(proposed for this category)" in main_text(form)
    assert_accessible_structure(form)
    proposed = services.proposed_route_entry("clinical")

    response = client.post(url(held, "route"), {"entry": proposed.pk, "reason": ""}, follow=True)

    held.refresh_from_db()
    assert (held.route, held.route_entry, held.route_override_reason) == (Route.HUB, proposed, "")
    assert banners(response) == ["Success Route recorded: Acute: hub team"]


def test_overriding_the_route_needs_a_reason(world, signed_in, held):
    client = signed_in(world.nurse)
    continuity = entry("Chronic condition needing continuity of care")

    refused = client.post(url(held, "route"), {"entry": continuity.pk, "reason": "  "})
    assert "Enter why you are choosing a different route from the one proposed" in error_summary(refused)
    assert_accessible_structure(refused)
    held.refresh_from_db()
    assert held.route == ""

    client.post(url(held, "route"), {"entry": continuity.pk, "reason": "Known to her own GP for asthma"})
    held.refresh_from_db()
    assert (held.route, held.route_override_reason) == (Route.HOME_PRACTICE, "Known to her own GP for asthma")
    assert AuditEvent.objects.get(action="request.route").detail == {
        "route": "home_practice", "overridden": True, "reason": "Known to her own GP for asthma"}


def test_an_item_from_another_category_can_be_chosen_with_a_reason(world, signed_in, held):
    client = signed_in(world.nurse)
    missing = client.post(url(held, "route"), {"entry": "other", "other_entry": "", "reason": "x"})
    assert "Select an item from another category" in error_summary(missing)
    pregnancy = entry("Pathway agreed with maternity liaison")
    client.post(url(held, "route"), {"entry": "other", "other_entry": pregnancy.pk, "reason": "She is 20 weeks pregnant"})
    held.refresh_from_db()
    assert held.route == Route.EXCEPTION


def test_the_route_is_a_clinical_decision(world, signed_in, held):
    client = signed_in(world.hub_admin)
    assert client.get(url(held, "route")).status_code == 403
    assert client.post(url(held, "route"), {"entry": services.proposed_route_entry("clinical").pk}).status_code == 403


def test_the_holder_records_the_outcome_and_the_request_closes(world, signed_in, held):
    client = signed_in(world.nurse)
    form = client.get(url(held, "outcome"))
    assert_accessible_structure(form)
    assert main_text(form).count("Unable to contact") == 1

    response = client.post(url(held, "outcome"), {"outcome": "discharged", "note": "Self-care advice"}, follow=True)

    held.refresh_from_db()
    assert (held.status, held.outcome) == (Status.CLOSED, "discharged")
    assert held.status_events.last().reason == "Self-care advice"
    assert banners(response) == [f"Success Request {held.reference} closed. Outcome: Discharged (advice, self-care or treated remotely)"]
    assert "Reopen this request" in main_text(response) and "Record the outcome" not in main_text(response)


def test_an_outcome_must_be_chosen(world, signed_in, held):
    response = signed_in(world.nurse).post(url(held, "outcome"), {"outcome": ""})
    assert "Select the outcome" in error_summary(response)
    assert_accessible_structure(response)


def test_an_outcome_needs_the_request_to_be_taken_first(world, signed_in, make_request, clock):
    request = make_request()
    response = signed_in(world.nurse).post(url(request, "outcome"), {"outcome": "discharged"}, follow=True)
    assert banners(response) == ["Important Take this request before recording its outcome"]
    request.refresh_from_db()
    assert request.status == Status.SUBMITTED


def test_the_outcome_is_for_the_holder_the_clinical_director_or_an_administrator(world, signed_in, held):
    refused = client_for(world.gp).post(url(held, "outcome"), {"outcome": "discharged"}, follow=True)
    assert "Only they, an administrator or the clinical director can record its outcome" in banners(refused)[0]
    assert client_for(world.practice_a_staff).post(url(held, "outcome"), {"outcome": "discharged"}).status_code == 403
    held.refresh_from_db()
    assert held.is_open

    client_for(world.clinical_director).post(url(held, "outcome"), {"outcome": "face_to_face"})
    held.refresh_from_db()
    assert held.outcome == "face_to_face"


def test_an_administrator_captures_the_outcome_the_clinician_decided(world, signed_in, held):
    client_for(world.hub_admin).post(url(held, "outcome"), {"outcome": "community_pharmacy"})
    held.refresh_from_db()
    assert held.outcome == "community_pharmacy" and not held.is_open


def _attempt(client, request, channel, result="no_answer", message=""):
    response = client.post(url(request, "contact"), {
        "channel": channel, "result": result, "at_day": "10", "at_month": "3", "at_year": "2026", "at_time": "10:00",
        "message": message})
    assert response.status_code == 302, error_summary(response)


def test_unable_to_contact_is_refused_until_three_attempts_including_a_text(world, signed_in, held):
    client = signed_in(world.nurse)
    _attempt(client, held, "phone")
    _attempt(client, held, "phone", "voicemail")
    _attempt(client, held, "phone")

    three_calls = client.post(url(held, "outcome"), {"outcome": "unable_to_contact"})
    assert "Unable to contact can only be recorded after 3 contact attempts with no response, at least one by text message" in error_summary(three_calls)
    assert "So far: 3 unanswered attempts, none by text message." in main_text(three_calls)
    held.refresh_from_db()
    assert held.is_open

    _attempt(client, held, "sms", "sent", "Please call the surgery about your request")
    allowed = client.get(url(held, "outcome"))
    assert "The rule is met: 4 unanswered contact attempts, including a text message." in main_text(allowed)
    client.post(url(held, "outcome"), {"outcome": "unable_to_contact"})
    held.refresh_from_db()
    assert (held.status, held.outcome) == (Status.CLOSED, "unable_to_contact")


def test_unable_to_contact_is_allowed_after_a_missed_appointment(world, signed_in, held):
    client = signed_in(world.nurse)
    _attempt(client, held, "appointment", "did_not_attend")
    client.post(url(held, "outcome"), {"outcome": "unable_to_contact"})
    held.refresh_from_db()
    assert held.outcome == "unable_to_contact"


def test_reopening_needs_a_reason_and_gives_the_request_to_whoever_reopens_it(world, signed_in, held):
    services.record_outcome(held, "urgent_care", Actor.staff(world.nurse))
    client = signed_in(world.gp)
    form = client.get(url(held, "reopen"))
    assert "Required ED / urgent and emergency care" in main_text(form)

    refused = client.post(url(held, "reopen"), {"reason": ""})
    assert "Enter why the request is being reopened" in error_summary(refused)
    assert_accessible_structure(refused)

    response = client.post(url(held, "reopen"), {"reason": "Wrong outcome recorded"}, follow=True)
    held.refresh_from_db()
    assert (held.status, held.assignee, held.outcome, held.closed_at) == (Status.IN_PROGRESS, world.gp, "", None)
    assert "reopened" in banners(response)[0]
    assert AuditEvent.objects.get(action="request.reopen").detail == {"reason": "Wrong outcome recorded"}


def test_an_open_request_cannot_be_reopened(world, signed_in, held):
    response = signed_in(world.nurse).post(url(held, "reopen"), {"reason": "x"}, follow=True)
    assert banners(response) == ["Important Only a closed request can be reopened"]


def test_a_closed_request_offers_only_reopening_and_notes(world, signed_in, held):
    services.record_outcome(held, "discharged", Actor.staff(world.nurse))
    page = main_text(signed_in(world.nurse).get(url(held)))
    assert "Reopen this request" in page and "Add note" in page
    for gone in ("Take this request", "Start work", "Record the outcome", "Confirm or change the route", "Record a contact attempt"):
        assert gone not in page
