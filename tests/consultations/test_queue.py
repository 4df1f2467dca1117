"""The work queue: what it lists, how overdue work stands out, filters, sort, pages, and its cost."""

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from healthhub.consultations import services
from healthhub.core.audit import Actor
from tests.intake.html_checks import assert_accessible_structure

from .conftest import LONDON, TUESDAY_10AM
from .pages import error_summary, listed, main_text, row_html, row_text

FRIDAY_10AM = datetime(2026, 3, 6, 10, 0, tzinfo=LONDON)  # due Monday 6:30pm
MONDAY_10AM = datetime(2026, 3, 9, 10, 0, tzinfo=LONDON)  # due Tuesday 6:30pm


def claim(request, user):
    return services.claim(request, user, Actor.staff(user))


def close(request, user, outcome="discharged"):
    claim(request, user)
    return services.record_outcome(request, outcome, Actor.staff(user))


def test_the_queue_lists_every_open_request_and_no_closed_one(world, signed_in, make_request, clock):
    waiting = make_request()
    held = make_request(practice=world.practice_b, category="medication")
    claim(held, world.gp)
    closed = close(make_request(), world.nurse)

    response = signed_in(world.nurse).get("/hub/queue/")

    assert response.status_code == 200
    assert set(listed(response)) == {waiting.reference, held.reference}
    assert closed.reference not in response.content.decode()
    row = row_text(response, held.reference)
    for shown in ("Wednesday 11 March 2026 at 6:30pm", "1d 8h left", "Medication request", "Court View Surgery", "Assigned", "Gp Tester"):
        assert shown in row
    assert "Nobody yet" in row_text(response, waiting.reference)
    assert "2 open requests: 0 overdue, 0 due within 2 hours, 1 not yet taken, 0 held by you." in main_text(response)
    assert_accessible_structure(response)


def test_overdue_and_due_soon_stand_out_in_words_and_colour(world, signed_in, make_request, clock):
    overdue = make_request(received=FRIDAY_10AM)
    due_soon = make_request(received=MONDAY_10AM)
    later = make_request(received=TUESDAY_10AM)
    clock.move_to(datetime(2026, 3, 10, 17, 0, tzinfo=LONDON))

    response = signed_in(world.nurse).get("/hub/queue/")

    assert "nhsuk-tag--red" in row_html(response, overdue.reference)
    assert "Overdue" in row_text(response, overdue.reference)
    assert "22h 30m overdue" in row_text(response, overdue.reference)
    assert "nhsuk-tag--orange" in row_html(response, due_soon.reference)
    assert "Due soon" in row_text(response, due_soon.reference)
    assert "1h 30m left" in row_text(response, due_soon.reference)
    assert "Overdue" not in row_text(response, later.reference) and "Due soon" not in row_text(response, later.reference)
    assert "1 overdue, 1 due within 2 hours" in main_text(response)


@pytest.mark.parametrize(
    ("moment", "marked"),
    [((16, 30), ""), ((16, 31), "Due soon"), ((18, 30), "Due soon"), ((18, 31), "Overdue")],
)
def test_due_soon_means_within_two_hours_and_overdue_means_past_the_deadline(world, signed_in, make_request, clock, moment, marked):
    request = make_request(received=MONDAY_10AM)  # due Tuesday 6:30pm
    clock.move_to(datetime(2026, 3, 10, *moment, tzinfo=LONDON))
    row = row_text(signed_in(world.nurse).get("/hub/queue/"), request.reference)
    assert ("Due soon" in row, "Overdue" in row) == (marked == "Due soon", marked == "Overdue")


@pytest.fixture
def mixed_queue(world, make_request, clock):
    """Six open requests across practices, categories, holders and deadlines."""
    requests = {
        "overdue_a": make_request(received=FRIDAY_10AM),
        "soon_b": make_request(practice=world.practice_b, received=MONDAY_10AM, category="test"),
        "nurse_a": make_request(category="medication"),
        "gp_b": make_request(practice=world.practice_b),
        "started_a": make_request(category="administration", request_type="admin"),
        "new_b": make_request(practice=world.practice_b, category="test"),
    }
    claim(requests["nurse_a"], world.nurse)
    claim(requests["gp_b"], world.gp)
    claim(requests["started_a"], world.nurse)
    services.start(requests["started_a"], world.nurse, Actor.staff(world.nurse))
    clock.move_to(datetime(2026, 3, 10, 17, 0, tzinfo=LONDON))
    return requests


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=submitted", {"overdue_a", "soon_b", "new_b"}),
        ("status=in_progress", {"started_a"}),
        ("category=test", {"soon_b", "new_b"}),
        ("practice=G82203", {"soon_b", "gp_b", "new_b"}),
        ("assignee=me", {"nurse_a", "started_a"}),
        ("assignee=unassigned", {"overdue_a", "soon_b", "new_b"}),
        ("urgency=overdue", {"overdue_a"}),
        ("urgency=due_soon", {"soon_b"}),
        ("practice=G82106&status=assigned", {"nurse_a"}),
    ],
)
def test_filters(world, signed_in, mixed_queue, query, expected):
    response = signed_in(world.nurse).get(f"/hub/queue/?{query}")
    assert set(listed(response)) == {mixed_queue[name].reference for name in expected}


def test_filter_by_a_named_clinician(world, signed_in, mixed_queue):
    response = signed_in(world.hub_admin).get(f"/hub/queue/?assignee={world.gp.pk}")
    assert listed(response) == [mixed_queue["gp_b"].reference]


def test_sorted_by_deadline_by_default_or_newest_first(world, signed_in, make_request, clock):
    oldest = make_request(received=FRIDAY_10AM)
    middle = make_request(received=MONDAY_10AM)
    newest = make_request(received=TUESDAY_10AM)
    client = signed_in(world.nurse)
    assert listed(client.get("/hub/queue/")) == [oldest.reference, middle.reference, newest.reference]
    assert listed(client.get("/hub/queue/?sort=received")) == [newest.reference, middle.reference, oldest.reference]


def test_a_filter_that_is_not_offered_is_reported_not_silently_ignored(world, signed_in, make_request, clock):
    make_request()
    response = signed_in(world.nurse).get("/hub/queue/?status=closed&practice=G82002")
    assert response.status_code == 200
    assert "Select a status from the list" in error_summary(response)
    assert "Select a practice from the list" in error_summary(response)  # the hub does not serve G82002
    assert len(listed(response)) == 1
    assert_accessible_structure(response)


def test_pages_of_fifty_keep_the_filters(world, signed_in, make_request, clock):
    for _ in range(55):
        make_request(category="test")
    make_request(category="clinical")
    client = signed_in(world.nurse)

    first = client.get("/hub/queue/?category=test")
    assert len(listed(first)) == 50
    assert "page 1 of 2" in main_text(first)
    assert 'href="?category=test&amp;page=2"' in first.content.decode()

    second = client.get("/hub/queue/?category=test&page=2")
    assert len(listed(second)) == 5
    assert 'href="?category=test&amp;page=1"' in second.content.decode()
    assert not set(listed(first)) & set(listed(second))


def test_my_queue_is_the_queue_of_one_clinician(world, signed_in, mixed_queue):
    client = signed_in(world.nurse)
    response = client.get("/hub/queue/mine/?category=medication")
    assert response.status_code == 302
    assert response["Location"] == "/hub/queue/?category=medication&assignee=me"
    mine = client.get(response["Location"])
    assert "<h1>My queue</h1>" in mine.content.decode()
    assert listed(mine) == [mixed_queue["nurse_a"].reference]


def _queue_queries(client) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/hub/queue/").status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def test_the_queue_costs_the_same_few_queries_for_five_rows_or_fifty(world, signed_in, make_request, clock, django_assert_max_num_queries):
    client = signed_in(world.hub_admin)
    for _ in range(5):
        claim(make_request(), world.nurse)
    _queue_queries(client)  # the first page of a session also records when the user was last seen
    few = len(_queue_queries(client))
    for _ in range(50):
        claim(make_request(practice=world.practice_b), world.gp)
    many = _queue_queries(client)
    assert len(many) == few
    with django_assert_max_num_queries(12):
        client.get("/hub/queue/?practice=G82203&sort=received&page=2")


def test_the_queue_never_reads_closed_requests(world, signed_in, make_request, clock):
    close(make_request(), world.nurse)
    make_request()
    queries = _queue_queries(signed_in(world.nurse))
    on_requests = [sql for sql in queries if 'FROM "consultations_consultationrequest"' in sql]
    assert on_requests
    # An IN list of the open statuses: the open_requests_by_deadline index, never the closed rows.
    assert all("\"status\" IN ('submitted', 'assigned', 'in_progress')" in sql for sql in on_requests), on_requests
    assert not any('"answers"' in sql for sql in on_requests)  # the patient's answers stay unread


def test_practice_staff_see_only_their_own_practices_requests(world, signed_in, make_request, clock):
    own = make_request(practice=world.practice_a)
    other = make_request(practice=world.practice_b)
    response = signed_in(world.practice_a_staff).get("/hub/queue/")
    assert listed(response) == [own.reference]
    assert other.reference not in response.content.decode()
    assert '<option value="me"' not in response.content.decode()  # they never hold hub work


def test_recently_closed_requests_are_listed_with_their_outcome_most_recent_first(world, signed_in, make_request, clock):
    long_ago = close(make_request(), world.nurse)
    clock.shift(timedelta(days=15))
    earlier = close(make_request(), world.nurse, "face_to_face")
    clock.shift(timedelta(hours=1))
    later = close(make_request(practice=world.practice_b), world.gp, "back_to_practice")

    response = signed_in(world.nurse).get("/hub/closed/")

    assert listed(response) == [later.reference, earlier.reference]
    assert "Face-to-face appointment" in row_text(response, earlier.reference)
    assert long_ago.reference not in response.content.decode()
    assert listed(signed_in(world.practice_a_staff).get("/hub/closed/")) == [earlier.reference]
