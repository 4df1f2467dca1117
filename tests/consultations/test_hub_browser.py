"""The hub's pages in a real browser at phone width, checked with axe (WCAG 2.2 AA), and new arrivals
announced by queue.js without moving the rows."""

from datetime import timedelta

import pytest
from django.utils import timezone

from healthhub.consultations import services
from healthhub.core.audit import Actor
from tests import factories
from tests.browser import check_page, sign_in_page

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def hub_world(transactional_db, world):
    return world


def test_a_clinician_works_a_request_from_the_queue_to_its_outcome(live_server, hub_world, page):
    overdue = factories.submit(hub_world.practice_a, received_at=timezone.now() - timedelta(days=5))
    sign_in_page(page, live_server, hub_world.nurse)

    page.goto(f"{live_server.url}/hub/queue/")
    check_page(page, "Work queue")
    assert "Overdue" in page.locator("table").inner_text()

    page.get_by_role("link", name=overdue.reference).click()
    check_page(page, f"Request {overdue.reference}")
    page.get_by_role("button", name="Take this request").click()
    check_page(page)  # with the success banner
    assert "You have taken request" in page.locator(".nhsuk-notification-banner").inner_text()

    page.get_by_role("link", name="Record a contact attempt").click()
    page.get_by_label("Time of the attempt").fill("")
    page.get_by_role("button", name="Record the attempt").click()
    check_page(page, "Error: ")  # error summary, date input and radios in error

    page.goto(f"{live_server.url}/hub/requests/{overdue.reference}/route/")
    page.get_by_label("An item from another category").check()
    check_page(page)
    page.goto(f"{live_server.url}/hub/requests/{overdue.reference}/outcome/")
    page.get_by_label("Unable to contact").check()
    page.get_by_role("button", name="Close the request").click()
    check_page(page, "Error: ")
    assert "can only be recorded after 3 contact attempts" in page.locator(".nhsuk-error-summary").inner_text()
    page.get_by_label("Discharged (advice, self-care or treated remotely)").check()
    page.get_by_role("button", name="Close the request").click()
    assert "closed" in page.locator(".nhsuk-notification-banner").inner_text()
    check_page(page)


def test_the_outcomes_matrix_pages_pass_axe(live_server, hub_world, page):
    sign_in_page(page, live_server, hub_world.clinical_director)
    page.goto(f"{live_server.url}/hub/outcomes-matrix/")
    check_page(page, "Outcomes matrix")
    page.get_by_role("link", name="Change COPD").click()
    page.get_by_label("Description").fill("")
    page.get_by_role("button", name="Save changes").click()
    check_page(page, "Error: ")


def test_new_arrivals_are_announced_without_moving_the_rows(live_server, hub_world, page):
    first = factories.submit(hub_world.practice_a)
    sign_in_page(page, live_server, hub_world.gp)
    page.clock.install()
    page.goto(f"{live_server.url}/hub/queue/")
    region = page.locator("#queue-updates")
    assert region.get_attribute("aria-live") == "polite"

    newcomer = factories.submit(hub_world.practice_b)
    page.clock.fast_forward("00:31")

    announcement = region.get_by_text("1 new request since you opened this page.")
    announcement.wait_for(timeout=5000)
    rows = page.locator("table tbody tr")
    assert rows.count() == 1 and first.reference in rows.first.inner_text()  # the page did not reshuffle
    region.get_by_role("link", name="Show the newest first").click()
    assert newcomer.reference in page.locator("table tbody tr").first.inner_text()


def test_practice_staff_acknowledge_a_request_sent_back(live_server, hub_world, page):
    request = factories.submit(hub_world.practice_a)
    services.claim(request, hub_world.nurse, Actor.staff(hub_world.nurse))
    services.record_outcome(request, "back_to_practice", Actor.staff(hub_world.nurse))
    sign_in_page(page, live_server, hub_world.practice_a_staff)
    page.goto(f"{live_server.url}/hub/practice-queue/")
    check_page(page, "Sent back to your practice")
    page.get_by_role("button", name=f"Acknowledge request {request.reference}").click()
    check_page(page)
    assert "There is nothing waiting to be acknowledged" in page.content()


def test_polling_stops_when_nobody_has_touched_the_page_so_idle_sign_out_still_happens(live_server, hub_world, page):
    sign_in_page(page, live_server, hub_world.gp)
    polls = []
    page.on("request", lambda request: polls.append(request.url) if "/hub/queue/updates/" in request.url else None)
    page.clock.install()
    page.goto(f"{live_server.url}/hub/queue/")
    page.clock.fast_forward("00:31")
    page.wait_for_timeout(500)
    assert len(polls) == 1
    page.clock.fast_forward("29:00")  # past the idle limit (30 minutes) less two polls
    page.clock.fast_forward("01:00")
    page.wait_for_timeout(500)
    assert len(polls) == 1
