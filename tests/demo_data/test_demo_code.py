"""demo_code: the current two-factor code of a demo account, and only of a demo account, only in DEBUG."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from healthhub.accounts.models import Role, User
from healthhub.core.demo.staff import DEMO_PASSWORD

from .conftest import run_demo


def demo_code(username: str) -> str:
    out = StringIO()
    call_command("demo_code", username, stdout=out)
    return out.getvalue().strip()


@pytest.fixture
def demo(reference_data):
    run_demo("--weeks", "1")


def test_a_demo_account_signs_in_with_the_printed_password_and_code(demo, client):
    response = client.post("/accounts/sign-in/", {"username": "nurse.nina", "password": DEMO_PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/two-factor/")

    code = demo_code("nurse.nina")
    assert len(code) == 6 and code.isdigit()
    response = client.post("/accounts/two-factor/", {"code": code, "next": "/hub/"})

    assert response.status_code == 302 and response["Location"] == "/hub/"
    assert client.session.get("otp_device_id")


def test_after_a_sign_in_the_next_code_given_is_still_accepted(demo):
    device = TOTPDevice.objects.get(user__username="gp.grace")
    assert device.verify_token(demo_code("gp.grace"))
    device.refresh_from_db()
    # A code is good once: within the same 30 seconds, the command gives the next one instead.
    assert device.verify_token(demo_code("gp.grace"))


def test_it_refuses_accounts_that_are_not_demo_accounts(demo):
    real = User.objects.create_user("real.nurse", password="a-long-real-password", role=Role.TRIAGE_NURSE)
    TOTPDevice.objects.create(user=real, name="Authenticator app", confirmed=True)
    with pytest.raises(CommandError, match="not a demo account"):
        demo_code("real.nurse")


def test_a_demo_username_without_the_demo_authenticator_is_refused(db):
    user = User.objects.create_user("nurse.nina", password="someone-else-entirely", role=Role.TRIAGE_NURSE)
    TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    with override_settings(DEBUG=True), pytest.raises(CommandError, match="not a demo account"):
        demo_code("nurse.nina")


def test_it_refuses_unless_debug_is_on(demo):
    with override_settings(DEBUG=False), pytest.raises(CommandError, match="only when HEALTHHUB_DEBUG is true"):
        demo_code("nurse.nina")
