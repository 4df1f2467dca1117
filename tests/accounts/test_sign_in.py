"""Staff sign-in: password, then a second factor (TOTP); throttling; safe redirects; sign-out."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from healthhub.accounts.views import MAX_FAILED_SIGN_INS
from healthhub.core.models import AuditEvent
from tests import factories

PASSWORD = "correct-horse-battery"  # tests/factories.py
STAFF_PAGE = "/organisations/intake/"


def sign_in_with_password(client, username, password=PASSWORD, next_url="", **extra):
    return client.post("/accounts/sign-in/", {"username": username, "password": password, "next": next_url}, **extra)


def current_code(user) -> str:
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def query(location: str) -> dict:
    return {name: values[0] for name, values in parse_qs(urlsplit(location).query).items()}


class TestSecondFactor:
    def test_a_password_alone_leads_to_the_second_factor_page(self, world, client):
        response = sign_in_with_password(client, "nurse_nina", next_url=STAFF_PAGE)
        assert urlsplit(response["Location"]).path == "/accounts/two-factor/"
        assert query(response["Location"])["next"] == STAFF_PAGE

    @pytest.mark.parametrize("path", [STAFF_PAGE, "/audit/", "/practice/for_caller/"])
    def test_staff_signed_in_with_a_password_but_not_verified_are_sent_to_the_second_factor(self, world, client, path):
        sign_in_with_password(client, "cd_carla")
        response = client.get(path)
        assert response.status_code == 302
        assert urlsplit(response["Location"]).path == "/accounts/two-factor/"
        assert query(response["Location"])["next"] == path

    def test_the_second_factor_page_asks_for_the_code(self, world, client):
        sign_in_with_password(client, "nurse_nina")
        response = client.get("/accounts/two-factor/")
        assert response.status_code == 200
        assert "Enter your security code" in response.content.decode()

    def test_a_wrong_code_is_refused_with_a_clear_message(self, world, client):
        sign_in_with_password(client, "nurse_nina")
        wrong = f"{(int(current_code(world.nurse)) + 1) % 1_000_000:06d}"
        response = client.post("/accounts/two-factor/", {"code": wrong, "next": STAFF_PAGE})
        assert response.status_code == 200
        assert "The code is not right" in response.content.decode()
        assert client.get(STAFF_PAGE).status_code == 302

    def test_the_right_code_opens_the_staff_pages_and_is_audited(self, world, client):
        sign_in_with_password(client, "nurse_nina")
        response = client.post("/accounts/two-factor/", {"code": current_code(world.nurse), "next": STAFF_PAGE})
        assert response.status_code == 302 and response["Location"] == STAFF_PAGE
        assert client.get(STAFF_PAGE).status_code == 200
        actions = list(AuditEvent.objects.filter(actor=world.nurse).values_list("action", flat=True))
        assert "staff.sign_in" in actions and "staff.second_factor" in actions

    def test_staff_without_an_authenticator_set_one_up_first(self, world, client):
        user = factories.make_user("new_nurse", "triage_nurse", hub=world.hub)
        TOTPDevice.objects.filter(user=user).delete()
        sign_in_with_password(client, "new_nurse")
        page = client.get("/accounts/two-factor/").content.decode()
        assert "Set up two-factor authentication" in page and "data:image/svg+xml;base64," in page
        device = TOTPDevice.objects.get(user=user, confirmed=False)
        code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
        assert client.post("/accounts/two-factor/", {"code": code}).status_code == 302
        assert TOTPDevice.objects.get(user=user).confirmed
        assert client.get(STAFF_PAGE).status_code == 200

    def test_the_second_factor_page_needs_a_password_first(self, world, client):
        response = client.get("/accounts/two-factor/")
        assert urlsplit(response["Location"]).path == "/accounts/sign-in/"

    @override_settings(REQUIRE_STAFF_2FA=False)
    def test_the_second_factor_can_be_switched_off_for_local_runs(self, world, client):
        sign_in_with_password(client, "nurse_nina")
        assert client.get(STAFF_PAGE).status_code == 200


class TestPassword:
    def test_a_wrong_password_is_refused_with_an_nhs_error(self, world, client):
        response = sign_in_with_password(client, "nurse_nina", "not-the-password")
        assert response.status_code == 200
        assert "Enter a correct username and password" in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_empty_fields_get_their_own_messages(self, world, client):
        page = client.post("/accounts/sign-in/", {"username": "", "password": ""}).content.decode()
        assert "Enter your username" in page and "Enter your password" in page

    def test_a_deactivated_account_cannot_sign_in(self, world, client):
        world.nurse.is_active = False
        world.nurse.save()
        sign_in_with_password(client, "nurse_nina")
        assert "_auth_user_id" not in client.session


class TestThrottling:
    def test_repeated_failures_lock_sign_in_for_that_address_even_with_the_right_password(self, world, client):
        for _ in range(MAX_FAILED_SIGN_INS):
            assert sign_in_with_password(client, "nurse_nina", "guess").status_code == 200
        response = sign_in_with_password(client, "nurse_nina")
        assert response.status_code == 429
        assert "Too many failed attempts" in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_one_failure_fewer_than_the_limit_still_lets_the_right_password_in(self, world, client):
        for _ in range(MAX_FAILED_SIGN_INS - 1):
            sign_in_with_password(client, "nurse_nina", "guess")
        assert sign_in_with_password(client, "nurse_nina").status_code == 302

    def test_another_address_is_not_locked_out(self, world, client):
        for _ in range(MAX_FAILED_SIGN_INS):
            sign_in_with_password(client, "nurse_nina", "guess", REMOTE_ADDR="203.0.113.9")
        assert sign_in_with_password(client, "nurse_nina", REMOTE_ADDR="203.0.113.10").status_code == 302

    @override_settings(BEHIND_PROXY=True, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
    def test_behind_the_proxy_one_client_cannot_lock_out_every_other(self, world, client):
        for _ in range(MAX_FAILED_SIGN_INS):
            sign_in_with_password(client, "nurse_nina", "guess", HTTP_X_FORWARDED_FOR="198.51.100.7")
        assert sign_in_with_password(client, "nurse_nina", "guess", HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429
        assert sign_in_with_password(client, "nurse_nina", HTTP_X_FORWARDED_FOR="198.51.100.8").status_code == 302
        signed_in = AuditEvent.objects.get(action="staff.sign_in", actor=world.nurse)
        assert signed_in.ip_address == "198.51.100.8"


class TestRedirects:
    @pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"])
    def test_next_never_leaves_the_site(self, world, client, target):
        response = sign_in_with_password(client, "nurse_nina", next_url=target)
        assert query(response["Location"])["next"] == "/"
        response = client.post("/accounts/two-factor/", {"code": current_code(world.nurse), "next": target})
        assert response["Location"] == "/"

    def test_next_with_its_own_query_string_comes_back_whole(self, world, client):
        wanted = "/audit/?actor=gary&since=2026-01-01"
        response = sign_in_with_password(client, "cd_carla", next_url=wanted)
        assert query(response["Location"])["next"] == wanted


class TestSignOut:
    def test_signing_out_ends_the_session_and_is_audited(self, world, signed_in):
        client = signed_in(world.gp)
        assert client.get(STAFF_PAGE).status_code == 200
        response = client.post("/accounts/sign-out/")
        assert urlsplit(response["Location"]).path == "/accounts/sign-in/"
        assert client.get(STAFF_PAGE).status_code == 302
        assert AuditEvent.objects.filter(action="staff.sign_out", actor=world.gp).exists()

    def test_the_sign_out_page_asks_before_signing_out(self, world, signed_in):
        client = signed_in(world.gp)
        assert client.get("/accounts/sign-out/").status_code == 200
        assert client.get(STAFF_PAGE).status_code == 200


class TestFailuresAreAudited:
    def test_a_wrong_password_for_a_real_account_is_recorded_against_it(self, world, client):
        sign_in_with_password(client, world.nurse.username, "wrong-password", REMOTE_ADDR="203.0.113.9")
        event = AuditEvent.objects.get(action="staff.sign_in_failed")
        assert event.object_id == str(world.nurse.pk) and event.ip_address == "203.0.113.9"

    def test_an_unknown_username_is_recorded_with_what_was_typed(self, world, client):
        sign_in_with_password(client, "nobody.here", "guess")
        event = AuditEvent.objects.get(action="staff.sign_in_failed")
        assert event.object_id == "" and event.detail == {"username": "nobody.here"}

    def test_attempts_refused_by_the_throttle_are_recorded_too(self, world, client):
        for _ in range(MAX_FAILED_SIGN_INS + 1):
            sign_in_with_password(client, world.nurse.username, "wrong-password")
        assert AuditEvent.objects.filter(action="staff.sign_in_refused_throttled").count() == 1

    def test_a_wrong_second_factor_code_is_recorded(self, world, client):
        sign_in_with_password(client, world.nurse.username)
        client.post("/accounts/two-factor/", {"code": f"{(int(current_code(world.nurse)) + 1) % 1_000_000:06d}"})
        assert AuditEvent.objects.filter(action="staff.second_factor_failed", object_id=str(world.nurse.pk)).exists()
