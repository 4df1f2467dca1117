"""The patient journey in a real browser at phone width, every page checked with axe (WCAG 2.2 AA)."""

import pytest

from healthhub.organisations.models import IntakeStatus
from tests import factories
from tests.browser import check_page, fill_patient_details, sign_in_page

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def served_practice(transactional_db):
    hub = factories.make_hub()
    return factories.make_practice("G82106", "RIVERSIDE MEDICAL PRACTICE", hub=hub)


def continue_(page) -> None:
    page.get_by_role("button", name="Continue").click()


def test_the_medical_journey_passes_axe_at_phone_width(live_server, served_practice, page):
    page.goto(f"{live_server.url}/practice/choose_practice/?q=riverside")
    check_page(page)
    page.get_by_role("link", name="Riverside Medical Practice").click()
    check_page(page)
    page.get_by_role("button", name="Start now").click()
    continue_(page)  # nothing chosen: the error page
    check_page(page, "Error: ")
    page.get_by_label("A medical problem").check()
    continue_(page)
    check_page(page)
    page.get_by_label("No").check()
    continue_(page)
    check_page(page)
    page.get_by_label("No, none of these").check()
    continue_(page)
    check_page(page)  # first question (radios)
    page.get_by_label("An ongoing condition").check()
    continue_(page)
    continue_(page)  # description left empty: the error page with the character count
    check_page(page, "Error: ")
    page.get_by_label("Describe the problem").fill("Asthma worse at night for two weeks")
    continue_(page)
    page.get_by_label("A few weeks").check()
    continue_(page)
    continue_(page)  # the optional question
    page.get_by_label("Someone else").check()
    continue_(page)
    continue_(page)  # about you, left empty
    check_page(page, "Error: ")
    page.get_by_label("Your full name").fill("Sam Smith")
    page.get_by_label("Your relationship to them").fill("Carer")
    continue_(page)
    page.get_by_label("NHS number (optional)").fill("9434765918")
    continue_(page)
    check_page(page, "Error: ")  # every patient-detail error at once, with the date input
    fill_patient_details(page)
    continue_(page)
    page.get_by_label("Text message").check()
    continue_(page)
    check_page(page, "Error: ")
    page.get_by_label("Phone number", exact=True).fill("07700 900123")
    continue_(page)
    check_page(page)  # check answers
    page.get_by_role("button", name="Send request").click()
    check_page(page)  # confirmation
    assert "We will reply by" in page.content()


def test_the_emergency_stop_and_unserved_pages_pass_axe(live_server, served_practice, page):
    factories.make_practice("G82002", "ST JAMES' SURGERY")
    page.goto(f"{live_server.url}/practice/G82002/")
    check_page(page)
    page.goto(f"{live_server.url}/practice/G82106/request-type/")
    page.get_by_label("A medical problem").check()
    continue_(page)
    page.get_by_label("Yes").check()
    continue_(page)
    page.get_by_label("Yes, one or more of these").check()
    continue_(page)
    check_page(page)
    assert "Call 999 or go to A&E now" in page.title()


def test_the_staff_pages_pass_axe(live_server, served_practice, page):
    hub_admin = factories.make_user("hub_admin", "hub_admin", hub=served_practice.hub)
    IntakeStatus.objects.create(practice=served_practice, medical_paused=True, message="Busy today: call after 2pm.")
    sign_in_page(page, live_server, hub_admin)
    page.goto(f"{live_server.url}/practice/for_caller/")
    check_page(page)
    page.get_by_role("button", name="Submit request").click()
    check_page(page, "Error: ")
    page.goto(f"{live_server.url}/organisations/intake/")
    check_page(page)
    page.get_by_role("link", name="Change or resume").click()
    check_page(page)
    page.get_by_label("What should patients do instead?").fill("")
    page.get_by_role("button", name="Update the message").click()
    check_page(page, "Error: ")


def test_the_paused_pages_pass_axe(live_server, served_practice, page):
    IntakeStatus.objects.create(practice=served_practice, medical_paused=True, message="Busy today: call after 2pm.")
    page.goto(f"{live_server.url}/practice/G82106/request-type/")
    check_page(page)
    page.goto(f"{live_server.url}/practice/G82106/medical-requests-paused/")
    check_page(page)
