"""Requests the hub sends back to the home practice appear in that practice's queue until it acknowledges them."""

from healthhub.consultations import services
from healthhub.core.audit import Actor
from healthhub.core.models import AuditEvent
from tests.intake.html_checks import assert_accessible_structure

from .pages import banners, listed, main_text


def sent_back(request, clinician):
    services.claim(request, clinician, Actor.staff(clinician))
    return services.record_outcome(request, "back_to_practice", Actor.staff(clinician))


def test_a_request_sent_back_waits_in_its_practices_queue_until_acknowledged(world, signed_in, make_request, clock):
    ours = sent_back(make_request(practice=world.practice_a), world.nurse)
    theirs = sent_back(make_request(practice=world.practice_b), world.nurse)
    make_request(practice=world.practice_a)  # still with the hub
    client = signed_in(world.practice_a_staff)

    assert "1 request has been sent back to your practice" in main_text(client.get("/hub/queue/"))
    queue = client.get("/hub/practice-queue/")
    assert listed(queue) == [ours.reference]
    assert theirs.reference not in queue.content.decode()
    assert_accessible_structure(queue)

    response = client.post(f"/hub/requests/{ours.reference}/acknowledge/", {"return_to": "practice_queue"}, follow=True)

    assert response.redirect_chain[-1][0] == "/hub/practice-queue/"
    assert banners(response) == [f"Success Request {ours.reference} acknowledged by your practice"]
    assert listed(response) == []
    ours.refresh_from_db()
    assert ours.practice_acknowledged_at is not None
    assert AuditEvent.objects.filter(action="request.practice_acknowledge", actor=world.practice_a_staff).exists()


def test_the_hub_sees_what_is_waiting_at_every_practice_but_cannot_acknowledge(world, signed_in, make_request, clock):
    waiting = sent_back(make_request(practice=world.practice_b), world.gp)
    client = signed_in(world.hub_admin)
    assert listed(client.get("/hub/practice-queue/")) == [waiting.reference]
    assert client.post(f"/hub/requests/{waiting.reference}/acknowledge/").status_code == 403


def test_another_practice_cannot_acknowledge(world, signed_in, make_request, clock):
    request = sent_back(make_request(practice=world.practice_a), world.nurse)
    assert signed_in(world.practice_b_staff).post(f"/hub/requests/{request.reference}/acknowledge/").status_code == 404
    request.refresh_from_db()
    assert request.practice_acknowledged_at is None


def test_only_a_request_sent_back_can_be_acknowledged_and_only_once(world, signed_in, make_request, clock):
    with_hub = make_request(practice=world.practice_a)
    client = signed_in(world.practice_a_staff)
    refused = client.post(f"/hub/requests/{with_hub.reference}/acknowledge/", follow=True)
    assert banners(refused) == ["Important This request has not been sent back to your practice"]

    request = sent_back(make_request(practice=world.practice_a), world.nurse)
    client.post(f"/hub/requests/{request.reference}/acknowledge/", follow=True)
    again = client.post(f"/hub/requests/{request.reference}/acknowledge/", follow=True)
    assert banners(again) == ["Important Your practice has already acknowledged this request"]
