"""Task read and search: the state of each request as the hub works it."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.task import Task

from healthhub.consultations import services
from healthhub.core.audit import Actor
from healthhub.core.models import AuditEvent
from tests import factories

from .conftest import NHS_SYSTEM, ODS_SYSTEM


def close(request, clinician, outcome: str):
    actor = Actor.staff(clinician)
    return services.record_outcome(services.claim(request, clinician, actor), outcome, actor)


def ids(bundle: dict) -> set[str]:
    return {entry["resource"]["id"] for entry in bundle.get("entry", [])}


def test_task_status_follows_the_workflow_and_a_close_shows_the_outcome(world, clients):
    request = factories.submit(world.practice_a)
    actor = Actor.staff(world.nurse)
    assert clients.hub.get(f"Task/{request.reference}").json()["status"] == "requested"
    services.claim(request, world.nurse, actor)
    assert clients.hub.get(f"Task/{request.reference}").json()["status"] == "accepted"
    services.start(request, world.nurse, actor)
    assert clients.hub.get(f"Task/{request.reference}").json()["status"] == "in-progress"
    services.record_outcome(request, "community_pharmacy", actor)

    task = clients.hub.get(f"Task/{request.reference}").json()
    Task.model_validate(task)
    assert task["status"] == "completed"
    assert task["businessStatus"]["coding"][0]["code"] == "community_pharmacy"
    assert task["businessStatus"]["text"] == "Community pharmacy"
    assert task["owner"]["identifier"] == {"system": ODS_SYSTEM, "value": world.hub.ods_code}


def test_a_request_sent_back_to_the_practice_is_owned_by_the_practice(world, clients):
    request = factories.submit(world.practice_b)
    close(request, world.gp, "back_to_practice")
    task = clients.hub.get(f"Task/{request.reference}").json()
    assert task["owner"]["identifier"]["value"] == world.practice_b.ods_code
    assert task["businessStatus"]["coding"][0]["code"] == "back_to_practice"


def test_search_by_status_owner_and_patient(world, clients):
    open_a = factories.submit(world.practice_a)
    other_patient = factories.submit(
        world.practice_b, patient=factories.patient_details(nhs_number="4010232137", given_name="Sam")
    )
    closed_back = factories.submit(world.practice_b)
    close(closed_back, world.gp, "back_to_practice")

    def search(**params):
        response = clients.hub.get("Task", params)
        assert response.status_code == 200
        Bundle.model_validate(response.json())
        return ids(response.json())

    assert search(status="requested") == {open_a.reference, other_patient.reference}
    assert search(status="completed") == {closed_back.reference}
    assert search(status="requested,completed") == {open_a.reference, other_patient.reference, closed_back.reference}
    assert search(status="cancelled") == set()
    assert search(owner=world.hub.ods_code) == {open_a.reference, other_patient.reference}
    assert search(owner=f"{ODS_SYSTEM}|{world.practice_b.ods_code}") == {closed_back.reference}
    assert search(owner=f"Organization/{world.practice_a.ods_code}") == set()
    assert search(**{"patient.identifier": f"{NHS_SYSTEM}|4010232137"}) == {other_patient.reference}
    assert search(**{"patient.identifier": "9434765919"}) == {open_a.reference, closed_back.reference}
    assert search(**{"patient.identifier": "http://other.system|4010232137"}) == set()
    assert search(status="requested", owner=world.hub.ods_code, **{"patient.identifier": "4010232137"}) == {
        other_patient.reference
    }


def test_search_pages_with_a_total_and_next_and_previous_links(world, clients):
    now = timezone.now()
    made = [factories.submit(world.practice_a, received_at=now - timedelta(minutes=minutes)) for minutes in range(5)]
    first = clients.hub.get("Task", {"_count": 2}).json()
    assert first["total"] == 5
    assert [entry["resource"]["id"] for entry in first["entry"]] == [made[0].reference, made[1].reference]  # newest first
    links = {link["relation"]: link["url"] for link in first["link"]}
    assert "previous" not in links
    assert parse_qs(urlsplit(links["next"]).query) == {"_count": ["2"], "_offset": ["2"]}

    seen = []
    url = links["self"]
    while url:
        page = clients.hub.client.get(url, headers={"Authorization": f"Bearer {clients.hub.token}"}).json()
        seen += [entry["resource"]["id"] for entry in page.get("entry", [])]
        url = next((link["url"] for link in page["link"] if link["relation"] == "next"), None)
    assert seen == [request.reference for request in made]


def test_count_is_capped_and_zero_gives_only_the_total(world, clients):
    for _ in range(3):
        factories.submit(world.practice_a)
    only_total = clients.hub.get("Task", {"_count": 0}).json()
    assert only_total["total"] == 3 and "entry" not in only_total
    assert clients.hub.get("Task", {"_count": 100000}).json()["link"][0]["url"].endswith("_count=100&_offset=0")
    assert "entry" not in clients.hub.get("Task", {"_offset": 10**30}).json()


def test_bad_paging_values_are_a_400(world, clients):
    for params in ({"_count": "ten"}, {"_count": -1}, {"_offset": -5}):
        response = clients.hub.get("Task", params)
        assert response.status_code == 400
        assert response.json()["resourceType"] == "OperationOutcome"


def test_every_task_returned_by_a_search_is_audited_against_the_client(world, clients):
    requests = [factories.submit(world.practice_a), factories.submit(world.practice_b)]
    clients.hub.get("Task")
    audited = AuditEvent.objects.filter(action="fhir.task.search")
    assert {event.object_id for event in audited} == {str(request.pk) for request in requests}
    assert {event.actor_label for event in audited} == {"API client Hub app (MSHUB1)"}


def test_an_unknown_task_is_a_404_operation_outcome(world, clients):
    response = clients.hub.get("Task/ZZZZ-ZZZZ")
    assert response.status_code == 404
    assert response.json()["issue"][0]["code"] == "not-found"
    assert not AuditEvent.objects.filter(action="fhir.task.read").exists()


def test_a_status_that_is_not_a_fhir_task_status_is_a_400(world, clients):
    response = clients.hub.get("Task", {"status": "requested,bogus"})
    assert response.status_code == 400
    outcome = response.json()
    assert outcome["resourceType"] == "OperationOutcome"
    assert "bogus is not a FHIR Task status" in outcome["issue"][0]["diagnostics"]
