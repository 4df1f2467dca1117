"""Remote monitoring in a real browser, every page checked with axe at phone width:

Given a patient who has sent the hub a request,
when a nurse enrols her in home blood pressure monitoring and texts her a readings link,
and she sends a reading of 186/112 through that link,
then an alert for a same-day review is raised,
and the nurse acknowledges it with the advice she gave, which is recorded against her name.
"""

import re
from datetime import date

import pytest

from healthhub.core.audit import Actor
from healthhub.monitoring import services
from healthhub.monitoring.models import Alert, Enrolment, Programme
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


def test_a_patient_on_the_adult_ward_sends_a_set_of_observations_through_their_link(live_server, hub, page):
    patient = factories.submit(hub.practice_a).patient
    nurse = Actor.staff(hub.nurse)
    enrolment = services.enrol(patient, Programme.RESPIRATORY_ADULT, hub=hub.hub, clinician=hub.nurse, start_date=date(2026, 11, 2),
                               review_date=date(2026, 11, 16), actor=nurse)
    secrets = []
    services.send_reading_link(enrolment, lambda secret: secrets.append(secret) or secret, nurse)

    page.goto(f"{live_server.url}/monitoring/readings/{secrets[0]}/")
    check_page(page)
    for field, value in {"respiration_rate": "21", "spo2": "93", "systolic_bp": "120", "pulse": "95", "temperature": "37.5"}.items():
        page.fill(f"#{field}", value)
    page.get_by_label("No", exact=True).check()  # not on oxygen
    page.get_by_label("I feel as alert as usual").check()
    page.get_by_role("button", name=re.compile("^Send")).click()
    check_page(page)
    assert "A nurse from the hub will call you within the hour" in page.content()
    stored = enrolment.observation_sets.get()
    assert (stored.source, stored.score_total, stored.result) == ("patient", 5, "medium")
