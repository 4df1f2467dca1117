"""Staff are signed out after a period of inactivity (shared clinical workstations)."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import time_machine
from django.conf import settings
from django.test import override_settings

STAFF_PAGE = "/organisations/intake/"
START = "2026-03-02 09:00:00 +00:00"


def test_the_default_idle_timeout_is_thirty_minutes():
    assert settings.SESSION_IDLE_TIMEOUT_SECONDS == 30 * 60


def test_an_idle_session_is_signed_out_and_told_why(world, signed_in):
    with time_machine.travel(START, tick=False) as clock:
        client = signed_in(world.nurse)
        assert client.get(STAFF_PAGE).status_code == 200
        clock.shift(timedelta(minutes=30, seconds=1))
        response = client.get(STAFF_PAGE)
        assert response.status_code == 302
        assert urlsplit(response["Location"]).path == "/accounts/sign-in/"
        assert parse_qs(urlsplit(response["Location"]).query)["timed_out"] == ["1"]
        assert "_auth_user_id" not in client.session
        assert "signed out because you were inactive" in client.get(response["Location"]).content.decode()
        after = client.get(STAFF_PAGE)
        assert urlsplit(after["Location"]).path == "/accounts/sign-in/"


def test_activity_keeps_the_session_alive(world, signed_in):
    with time_machine.travel(START, tick=False) as clock:
        client = signed_in(world.nurse)
        for _ in range(4):  # two hours in all, never idle for thirty minutes
            assert client.get(STAFF_PAGE).status_code == 200
            clock.shift(timedelta(minutes=29))
        assert client.get(STAFF_PAGE).status_code == 200


def test_exactly_at_the_limit_the_session_survives(world, signed_in):
    with time_machine.travel(START, tick=False) as clock:
        client = signed_in(world.nurse)
        client.get(STAFF_PAGE)
        clock.shift(timedelta(minutes=30))
        assert client.get(STAFF_PAGE).status_code == 200


@override_settings(SESSION_IDLE_TIMEOUT_SECONDS=60)
def test_the_timeout_is_a_setting(world, signed_in):
    with time_machine.travel(START, tick=False) as clock:
        client = signed_in(world.gp)
        client.get(STAFF_PAGE)
        clock.shift(timedelta(seconds=61))
        assert client.get(STAFF_PAGE).status_code == 302


def test_an_idle_session_cannot_post_a_change(world, signed_in):
    with time_machine.travel(START, tick=False) as clock:
        client = signed_in(world.hub_admin)
        client.get(STAFF_PAGE)
        clock.shift(timedelta(hours=1))
        response = client.post("/organisations/intake/G82106/", {"message": "We are at capacity today. Call 111."})
        assert response.status_code == 302
        world.practice_a.refresh_from_db()
        assert not getattr(getattr(world.practice_a, "intake_status", None), "medical_paused", False)


def test_a_page_polling_in_the_background_does_not_keep_an_unattended_session_alive(world, signed_in):
    with time_machine.travel(START, tick=False) as clock:
        client = signed_in(world.nurse)
        assert client.get(STAFF_PAGE).status_code == 200
        for _ in range(31):  # the queue asks for new arrivals every 30 seconds, nobody at the keyboard
            clock.shift(timedelta(seconds=60))
            client.get("/hub/queue/updates/", headers={"X-Background-Request": "queue-updates"})
        assert urlsplit(client.get(STAFF_PAGE)["Location"]).path == "/accounts/sign-in/"
