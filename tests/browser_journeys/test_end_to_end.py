"""The Health Hub's main job in a real browser, every page checked with axe at phone width:

Given a practice the hub serves,
when a patient sends a medical request online,
and a triage nurse signs in with both factors, takes it from the queue, confirms the route,
texts the patient and records the outcome,
then the patient has had two text messages, the request is closed within its deadline,
and an ICB analyst sees it in the outcomes report without any patient detail.
"""

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from healthhub.consultations.models import ConsultationRequest, Outcome, Status
from healthhub.notifications.models import OutboxMessage
from tests.browser import check_page, fill_patient_details

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def hub(transactional_db, world):
    return world


def continue_(page) -> None:
    page.get_by_role("button", name="Continue").click()


def patient_sends_a_medical_request(page, base_url: str) -> str:
    page.goto(f"{base_url}/practice/choose_practice/?q=riverside")
    check_page(page)
    page.get_by_role("link", name="Riverside Medical Practice").click()
    check_page(page)
    page.get_by_role("button", name="Start now").click()
    check_page(page)
    page.get_by_label("A medical problem").check()
    continue_(page)
    check_page(page)
    page.get_by_label("No").check()  # not for a child
    continue_(page)
    check_page(page)  # the emergency screen
    page.get_by_label("No, none of these").check()
    continue_(page)
    check_page(page)
    page.get_by_label("An ongoing condition").check()
    continue_(page)
    check_page(page)
    page.get_by_label("Describe the problem").fill("Asthma worse at night for two weeks")
    continue_(page)
    check_page(page)
    page.get_by_label("A few weeks").check()
    continue_(page)
    check_page(page)
    continue_(page)  # the optional question
    check_page(page)
    page.get_by_label("Myself").check()
    continue_(page)
    check_page(page)
    fill_patient_details(page)
    continue_(page)
    check_page(page)
    page.get_by_label("Text message").check()
    page.get_by_label("Phone number", exact=True).fill("07700 900123")
    continue_(page)
    check_page(page, "Check your answers")
    page.get_by_role("button", name="Send request").click()
    check_page(page)
    assert "We will reply by" in page.content()
    return ConsultationRequest.objects.get().reference


def staff_sign_in(page, base_url: str, user) -> None:
    page.context.clear_cookies()
    page.goto(f"{base_url}/accounts/sign-in/")
    check_page(page, "Sign in")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password", exact=True).fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    check_page(page)
    device = TOTPDevice.objects.get(user=user)
    code = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    page.get_by_label("Security code").fill(f"{code:06d}")
    continue_(page)


def test_a_patient_request_is_triaged_closed_and_reported(live_server, hub, page):
    reference = patient_sends_a_medical_request(page, live_server.url)

    staff_sign_in(page, live_server.url, hub.nurse)
    check_page(page, "Work queue")
    page.get_by_role("link", name=reference).click()
    check_page(page, f"Request {reference}")
    assert "943 476 5919" in page.content()
    page.get_by_role("button", name="Take this request").click()
    check_page(page)
    page.get_by_role("button", name="Start work").click()
    check_page(page)

    page.get_by_role("link", name="Confirm or change the route").click()
    check_page(page)
    page.get_by_role("button", name="Save the route").click()
    check_page(page)

    page.get_by_role("link", name="Record a contact attempt").click()
    check_page(page)
    page.get_by_label("Text message").check()
    page.get_by_label("Message sent, no reply yet").check()
    page.get_by_label("What was said or sent (optional)").fill("Please use your blue inhaler and book an asthma review.")
    page.get_by_role("button", name="Record the attempt").click()
    check_page(page)

    page.get_by_role("button", name="Record the outcome").click()
    check_page(page)
    page.get_by_label(Outcome.DISCHARGED.label).check()
    page.get_by_role("button", name="Close the request").click()
    check_page(page)
    assert "closed" in page.locator(".nhsuk-notification-banner").inner_text()

    request = ConsultationRequest.objects.get(reference=reference)
    assert request.status == Status.CLOSED and request.outcome == Outcome.DISCHARGED
    assert request.closed_within_deadline
    assert [event.to_status for event in request.status_events.all()] == ["submitted", "assigned", "in_progress", "closed"]
    texts = OutboxMessage.objects.filter(channel="sms", recipient__in=["07700900123", "07700 900123"])
    assert texts.count() == 2

    staff_sign_in(page, live_server.url, hub.icb_analyst)
    check_page(page, "Outcomes")
    report = page.locator("main").inner_text()
    assert "Discharged" in report
    assert reference not in report and "Smith" not in report and "943 476 5919" not in report
