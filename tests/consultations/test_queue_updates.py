"""New arrivals are announced without moving the rows the reader is looking at."""

import re
from datetime import timedelta

from django.contrib.staticfiles import finders

from .pages import listed


def _updates_url(response) -> str:
    url = re.search(r'data-endpoint="([^"]+)"', response.content.decode())[1]
    return url.replace("&amp;", "&")


def test_the_queue_page_carries_a_polite_live_region_and_its_script_under_the_csp_nonce(world, signed_in, clock):
    response = signed_in(world.nurse).get("/hub/queue/")
    html = response.content.decode()
    assert re.search(r'<div id="queue-updates" aria-live="polite" data-queue-updates', html)
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])[1]
    assert f'src="/static/healthhub/queue.js" nonce="{nonce}"' in html
    assert finders.find("healthhub/queue.js")


def test_new_requests_matching_the_filters_are_counted_since_the_page_was_shown(world, signed_in, make_request, clock):
    make_request()
    client = signed_in(world.nurse)
    page = client.get("/hub/queue/?practice=G82106")
    updates = _updates_url(page)
    assert "practice=G82106" in updates and "since=" in updates

    assert client.get(updates).json()["count"] == 0
    clock.shift(timedelta(minutes=1))
    arrived = make_request()
    make_request(practice=world.practice_b)  # not in this view

    update = client.get(updates).json()
    assert update["count"] == 1
    assert update["text"] == "1 new request since you opened this page."
    assert update["href"] == "/hub/queue/?practice=G82106&sort=received"
    # The rows already on the page did not move; following the link shows the newcomer first.
    assert listed(client.get(update["href"]))[0] == arrived.reference


def test_a_missing_or_naive_since_is_refused_clearly(world, signed_in, clock):
    client = signed_in(world.nurse)
    assert client.get("/hub/queue/updates/").status_code == 400
    naive = client.get("/hub/queue/updates/?since=2026-03-10T10:00:00")
    assert naive.status_code == 400
    assert "time zone" in naive.json()["error"]


def test_practice_staff_hear_only_of_their_own_practices_requests(world, signed_in, make_request, clock):
    client = signed_in(world.practice_b_staff)
    updates = _updates_url(client.get("/hub/queue/"))
    clock.shift(timedelta(minutes=1))
    make_request(practice=world.practice_a)
    assert client.get(updates).json()["count"] == 0
    make_request(practice=world.practice_b)
    assert client.get(updates).json()["count"] == 1
