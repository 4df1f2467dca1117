from tests import factories


def test_a_submitted_request_gets_a_deadline_and_a_first_status_event(world):
    request = factories.submit(world.practice_a)
    assert request.deadline > request.received_at
    assert list(request.status_events.values_list("to_status", flat=True)) == ["submitted"]


def test_home_page_is_public(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert b"Contact your GP surgery online" in response.content
