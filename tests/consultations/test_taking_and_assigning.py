"""Who holds a request: a clinician takes it, an administrator distributes or takes it back, the holder starts it."""

from django.test import Client

from healthhub.consultations import services
from healthhub.consultations.models import Status, StatusEvent
from healthhub.core.audit import Actor
from healthhub.core.models import AuditEvent
from tests.intake.html_checks import assert_accessible_structure

from .pages import banners, client_for, error_summary, main_text


def detail(reference: str) -> str:
    return f"/hub/requests/{reference}/"


def test_a_clinician_takes_a_request(world, signed_in, make_request, clock):
    request = make_request()
    client = signed_in(world.nurse)
    assert "Take this request" in main_text(client.get(detail(request.reference)))

    response = client.post(detail(request.reference) + "claim/", follow=True)

    request.refresh_from_db()
    assert (request.status, request.assignee) == (Status.ASSIGNED, world.nurse)
    assert banners(response) == [f"Success You have taken request {request.reference}"]
    assert "nhsuk-notification-banner--success" in response.content.decode()
    assert AuditEvent.objects.filter(action="request.claim", actor=world.nurse).exists()
    assert "Take this request" not in main_text(response) and "Start work" in main_text(response)


def test_the_second_person_to_take_a_request_is_told_who_has_it(world, make_request, clock):
    request = make_request()
    nurse, gp = client_for(world.nurse), client_for(world.gp)
    nurse_page, gp_page = nurse.get(detail(request.reference)), gp.get(detail(request.reference))
    assert "Take this request" in main_text(nurse_page) and "Take this request" in main_text(gp_page)

    nurse.post(detail(request.reference) + "claim/")
    refused = gp.post(detail(request.reference) + "claim/", follow=True)

    request.refresh_from_db()
    assert request.assignee == world.nurse
    assert banners(refused) == ["Important This request has already been taken by Nurse Tester"]
    assert StatusEvent.objects.filter(request=request, to_status=Status.ASSIGNED).count() == 1


def test_the_service_refuses_a_second_claim_even_when_the_page_offered_it(world, make_request, clock):
    """The race the view cannot see: both read 'unassigned', the conditional update lets one through."""
    request = make_request()
    stale_copy = type(request).objects.get(pk=request.pk)
    services.claim(request, world.nurse, Actor.staff(world.nurse))
    try:
        services.claim(stale_copy, world.gp, Actor.staff(world.gp))
    except services.AlreadyClaimed:
        pass
    else:
        raise AssertionError("the second claim went through")
    stale_copy.refresh_from_db()
    assert stale_copy.assignee == world.nurse


def test_administrators_distribute_but_do_not_take_requests(world, signed_in, make_request, clock):
    request = make_request()
    client = signed_in(world.hub_admin)
    assert "Take this request" not in main_text(client.get(detail(request.reference)))
    assert client.post(detail(request.reference) + "claim/").status_code == 403


def test_an_administrator_assigns_a_request_to_a_named_clinician(world, signed_in, make_request, clock):
    request = make_request()
    client = signed_in(world.hub_admin)
    form = client.get(detail(request.reference) + "assign/")
    assert form.status_code == 200
    assert_accessible_structure(form)
    assert ">Gp Tester<" in form.content.decode() and ">Hub Tester<" not in form.content.decode()

    response = client.post(detail(request.reference) + "assign/", {"assignee": world.gp.pk, "reason": "GP asked for it"}, follow=True)

    request.refresh_from_db()
    assert (request.status, request.assignee) == (Status.ASSIGNED, world.gp)
    assert banners(response) == [f"Success Request {request.reference} assigned to Gp Tester"]
    event = StatusEvent.objects.filter(request=request).last()
    assert (event.actor, event.assignee, event.reason) == (world.hub_admin, world.gp, "GP asked for it")


def test_assigning_needs_a_clinician_of_the_hub(world, signed_in, make_request, clock):
    request = make_request()
    client = signed_in(world.hub_admin)
    missing = client.post(detail(request.reference) + "assign/", {"assignee": ""})
    assert "Select who should hold this request" in error_summary(missing)
    not_a_clinician = client.post(detail(request.reference) + "assign/", {"assignee": world.practice_a_staff.pk})
    assert "Select who should hold this request from the list" in error_summary(not_a_clinician)
    assert_accessible_structure(not_a_clinician)
    request.refresh_from_db()
    assert request.assignee is None


def test_clinicians_cannot_distribute_work(world, signed_in, make_request, clock):
    request = make_request()
    client = signed_in(world.nurse)
    assert client.get(detail(request.reference) + "assign/").status_code == 403
    assert client.post(detail(request.reference) + "assign/", {"assignee": world.gp.pk}).status_code == 403


def test_unassigning_puts_a_request_back_in_the_queue(world, signed_in, make_request, clock):
    request = make_request()
    services.assign(request, world.gp, Actor.staff(world.hub_admin))
    response = signed_in(world.hub_admin).post(detail(request.reference) + "unassign/", follow=True)
    request.refresh_from_db()
    assert (request.status, request.assignee) == (Status.SUBMITTED, None)
    assert "back in the queue" in banners(response)[0]


def test_the_holder_can_give_a_request_back_but_another_clinician_cannot(world, signed_in, make_request, clock):
    request = make_request()
    services.claim(request, world.nurse, Actor.staff(world.nurse))
    refused = client_for(world.gp).post(detail(request.reference) + "unassign/", follow=True)
    assert banners(refused) == ["Important This request is held by Nurse Tester. Ask an administrator to change who holds it"]
    request.refresh_from_db()
    assert request.assignee == world.nurse

    signed_in(world.nurse).post(detail(request.reference) + "unassign/")
    request.refresh_from_db()
    assert request.assignee is None


def test_only_the_holder_starts_work(world, signed_in, make_request, clock):
    request = make_request()
    services.claim(request, world.nurse, Actor.staff(world.nurse))
    refused = client_for(world.gp).post(detail(request.reference) + "start/", follow=True)
    assert banners(refused) == ["Important Only Nurse Tester, who holds this request, can start it"]

    signed_in(world.nurse).post(detail(request.reference) + "start/")
    request.refresh_from_db()
    assert request.status == Status.IN_PROGRESS


def test_a_request_not_yet_taken_cannot_be_started(world, signed_in, make_request, clock):
    request = make_request()
    response = signed_in(world.nurse).post(detail(request.reference) + "start/", follow=True)
    assert banners(response) == ["Important This request is submitted and cannot be started"]
    request.refresh_from_db()
    assert request.status == Status.SUBMITTED


def test_actions_need_the_csrf_token(world, make_request, clock):
    from tests import factories

    request = make_request()
    client = Client(enforce_csrf_checks=True)
    factories.sign_in(client, world.nurse)
    assert client.post(detail(request.reference) + "claim/").status_code == 403
    request.refresh_from_db()
    assert request.assignee is None


def test_a_claim_is_a_post(world, signed_in, make_request, clock):
    request = make_request()
    assert signed_in(world.nurse).get(detail(request.reference) + "claim/").status_code == 405
