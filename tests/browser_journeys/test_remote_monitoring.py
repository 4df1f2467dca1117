"""Remote monitoring in a real browser, every page checked with axe at phone width:

Given a patient who has sent the hub a request,
when a nurse enrols her in home blood pressure monitoring and texts her a readings link,
and she sends a reading of 186/112 through that link,
then an alert for a same-day review is raised,
and the nurse acknowledges it with the advice she gave, which is recorded against her name.
"""

import re

import pytest

from healthhub.monitoring.models import Alert, Enrolment
from healthhub.notifications.models import OutboxMessage
from tests import factories
from tests.browser import check_page, sign_in_page

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def hub(transactional_db, world):
    return world


def test_a_patient_is_enrolled_sends_a_high_reading_and_the_alert_is_acknowledged(live_server, hub, page):
    request = factories.submit(hub.practice_a)
    sign_in_page(page, live_server, hub.nurse)
    page.goto(f"{live_server.url}/hub/requests/{request.reference}/")
    check_page(page, f"Request {request.reference}")
    page.get_by_role("link", name="Enrol in remote monitoring").click()
    check_page(page, "Enrol a patient")
    page.get_by_label("Home blood pressure monitoring").check()
    page.get_by_label("Responsible clinician").select_option(label=f"{hub.nurse.display_name} (Triage nurse)")
    page.get_by_role("button", name="Enrol").click()
    check_page(page)
    assert "is enrolled in Home blood pressure monitoring" in page.content()
    enrolment = Enrolment.objects.get()

    page.get_by_role("button", name="Send a readings link").click()
    check_page(page)
    text = OutboxMessage.objects.get(reference=f"enrolment-{enrolment.pk}-link")
    link = re.search(r"https?://\S+/monitoring/readings/\S+/", text.body).group(0)

    page.context.clear_cookies()  # the patient's own phone
    page.goto(link)
    check_page(page, "Send your blood pressure reading")
    page.get_by_label("Top number (systolic)").fill("186")
    page.get_by_label("Bottom number (diastolic)").fill("112")
    page.get_by_role("button", name="Send reading").click()
    check_page(page)
    assert "A clinician from the hub will contact you today" in page.content()
    alert = Alert.objects.get()
    assert (alert.severity, alert.enrolment) == ("same-day", enrolment)

    sign_in_page(page, live_server, hub.nurse)
    page.goto(f"{live_server.url}/monitoring/alerts/")
    check_page(page)
    assert "BP 186/112" in page.content()
    page.get_by_role("link", name="Acknowledge the alert for Alex Smith").click()
    check_page(page)
    page.get_by_label("Advice given to the patient").check()
    page.get_by_label("Note").fill("Called: no red-flag symptoms. GP appointment booked for this afternoon.")
    page.get_by_role("button", name="Acknowledge the alert").click()
    check_page(page)
    alert.refresh_from_db()
    assert (alert.acknowledged_by, alert.action) == (hub.nurse, "advice")
