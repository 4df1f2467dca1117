"""A request's page: the patient, what they asked, the proposed route, one history in time order, and an
audit record of every look at it."""

import re
from datetime import datetime, timedelta

import pytest

from healthhub.consultations import services
from healthhub.consultations.models import OutcomesMatrixEntry
from healthhub.core.audit import Actor
from healthhub.core.models import AuditEvent
from tests.intake.html_checks import assert_accessible_structure

from .conftest import LONDON
from .pages import main_text, text_of


def history(response) -> list[str]:
    html = response.content.decode()
    section = html[html.index('id="history"'):]
    return [text_of(title) for title in re.findall(r'<h3 class="nhsuk-heading-xs[^"]*">(.*?)</h3>', section, re.S)]


def test_the_page_shows_the_patient_their_answers_and_the_proposed_route(world, signed_in, make_request, clock):
    request = make_request(category="medication", answers={"topic": "medication", "description": "Need more inhalers", "duration": "weeks"})
    response = signed_in(world.nurse).get(f"/hub/requests/{request.reference}/")
    page = main_text(response)
    assert response.status_code == 200
    assert "Alex Smith" in page
    assert "943 476 5919" in page  # NHS number 3-3-4
    assert "17 May 1980 (45 years old)" in page
    assert "Medicine: a new problem with a medicine, or a medicine you need now" in page  # the option's words, not its code
    assert "Need more inhalers" in page and "A few weeks" in page
    assert "Proposed from the outcomes matrix Acute medication (Acute: hub team)" in page
    assert "Chosen route Not yet confirmed" in page
    assert "Reply due by Wednesday 11 March 2026 at 6:30pm 1d 8h left" in page
    assert_accessible_structure(response)


def test_someone_writing_for_the_patient_is_named(world, signed_in, make_request, clock):
    request = make_request(submitted_by="proxy", submitter_name="Jo Smith", submitter_relationship="Daughter")
    page = main_text(signed_in(world.nurse).get(f"/hub/requests/{request.reference}/"))
    assert "Sent by Jo Smith (Daughter), on the patient's behalf" in page
    assert "Request sent on the patient's behalf" in page


def test_every_look_at_the_page_is_audited(world, signed_in, make_request, clock):
    request = make_request()
    client = signed_in(world.gp)
    client.get(f"/hub/requests/{request.reference}/")
    client.get(f"/hub/requests/{request.reference.lower()}/")
    views = AuditEvent.objects.filter(action="request.view", object_id=str(request.pk))
    assert views.count() == 2
    assert {(view.actor, view.object_type, view.ip_address) for view in views} == {(world.gp, "ConsultationRequest", "127.0.0.1")}


def test_the_history_is_one_timeline_in_the_order_things_happened(world, signed_in, make_request, clock):
    request = make_request()
    nurse = Actor.staff(world.nurse)

    def at(minute):
        clock.move_to(datetime(2026, 3, 10, 10, minute, tzinfo=LONDON))

    at(5)
    services.claim(request, world.nurse, nurse)
    at(15)
    services.confirm_route(request, services.proposed_route_entry("clinical"), nurse)
    at(30)  # recorded now, but the call was made at 10:10
    services.record_contact_attempt(request, channel="phone", result="no_answer", message="", user=world.nurse, actor=nurse,
                                    at=datetime(2026, 3, 10, 10, 10, tzinfo=LONDON))
    at(40)
    services.add_note(request, "Tried the landline too", world.nurse, nurse)
    at(50)
    services.start(request, world.nurse, nurse)
    clock.move_to(datetime(2026, 3, 10, 11, 0, tzinfo=LONDON))
    services.record_outcome(request, "discharged", nurse, note="Self-care advice by phone")
    clock.shift(timedelta(minutes=10))
    services.reopen(request, world.gp, Actor.staff(world.gp), "Patient called back")

    response = signed_in(world.clinical_director).get(f"/hub/requests/{request.reference}/")

    assert history(response) == [
        "Request sent by the patient",
        "Taken by Nurse Tester",
        "Phone call: no answer",
        "Proposed route confirmed: Acute: hub team",
        "Note",
        "Work started",
        "Closed. Outcome: Discharged (advice, self-care or treated remotely)",
        "Reopened and held by Gp Tester",
    ]
    page = main_text(response)
    assert "Self-care advice by phone" in page and "Patient called back" in page and "Tried the landline too" in page


def test_an_overridden_route_and_a_hand_over_read_plainly_in_the_history(world, signed_in, make_request, clock):
    request = make_request()
    services.claim(request, world.nurse, Actor.staff(world.nurse))
    continuity = OutcomesMatrixEntry.objects.get(description="Chronic condition needing continuity of care")
    clock.shift(timedelta(minutes=1))
    services.confirm_route(request, continuity, Actor.staff(world.nurse), reason="Known to her own GP for asthma")
    clock.shift(timedelta(minutes=1))
    services.assign(request, world.gp, Actor.staff(world.hub_admin))
    titles = history(signed_in(world.nurse).get(f"/hub/requests/{request.reference}/"))
    assert titles[-2:] == ["Route changed from the proposed one: Continuity: home practice GP team", "Handed over to Gp Tester"]


def test_practice_staff_read_their_own_practices_request_but_cannot_act(world, signed_in, make_request, clock):
    request = make_request(practice=world.practice_a)
    response = signed_in(world.practice_a_staff).get(f"/hub/requests/{request.reference}/")
    assert response.status_code == 200
    assert "The hub team handles this request" in main_text(response)
    assert "Take this request" not in main_text(response) and "Add a note" not in main_text(response)
    assert AuditEvent.objects.filter(action="request.view", actor=world.practice_a_staff).exists()


def test_another_practices_request_is_not_found(world, signed_in, make_request, clock):
    request = make_request(practice=world.practice_a)
    assert signed_in(world.practice_b_staff).get(f"/hub/requests/{request.reference}/").status_code == 404
    assert not AuditEvent.objects.filter(action="request.view").exists()


def test_an_unknown_reference_is_not_found(world, signed_in, clock):
    assert signed_in(world.nurse).get("/hub/requests/ZZZZ-9999/").status_code == 404


def test_find_a_request_by_reference(world, signed_in, make_request, clock):
    request = make_request(practice=world.practice_a)
    client = signed_in(world.nurse)
    typed = request.reference.replace("-", " ").lower()
    assert client.get("/hub/find/", {"reference": typed})["Location"] == f"/hub/requests/{request.reference}/"
    missing = client.get("/hub/find/", {"reference": "ZZZZ-9999"})
    assert "No request you can see has the reference ZZZZ-9999" in main_text(missing)
    other_practice = signed_in(world.practice_b_staff).get("/hub/find/", {"reference": request.reference})
    assert other_practice.status_code == 200 and "No request you can see" in main_text(other_practice)


def test_status_events_cannot_be_rewritten_in_bulk(world, make_request):
    from healthhub.consultations.models import StatusEvent

    make_request()
    with pytest.raises(ValueError, match="cannot be changed"):
        StatusEvent.objects.update(reason="rewritten")
    with pytest.raises(ValueError, match="cannot be deleted"):
        StatusEvent.objects.all().delete()


def test_the_page_says_which_emergency_screen_the_patient_answered(world, signed_in, make_request, clock):
    screened = make_request(extra={"emergency_screen": {"version": "ms-hub-emergency-2025-1", "list": "child"}})
    admin = make_request(request_type="admin", category="administration", answers={"topic": "fit-note", "description": "Fit note"})
    client = signed_in(world.nurse)
    assert "Emergency screen None of the symptoms (children's list, version ms-hub-emergency-2025-1)" in main_text(
        client.get(f"/hub/requests/{screened.reference}/"))
    assert "Emergency screen Not asked (administrative request)" in main_text(client.get(f"/hub/requests/{admin.reference}/"))
    screened.refresh_from_db()
    assert screened.intake_record["emergency_screen"]["list"] == "child"
